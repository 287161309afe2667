"""The one classifier of units by type (attendance report, dashboard, survey): every name pattern it knows."""

from __future__ import annotations

import unicodedata

import pytest

from confman.core.enums import OrganizationType as T
from confman.core.registration.org_types import organization_type

NAMES = [
    # People's Committees: the full name and the abbreviation, province or city
    ("Ủy ban nhân dân tỉnh Lào Cai", T.PROVINCE), ("Ủy ban nhân dân thành phố Hà Nội", T.PROVINCE),
    ("UBND tỉnh Lào Cai", T.PROVINCE), ("UBND thành phố Cần Thơ", T.PROVINCE),
    ("People's Committee of Hanoi", T.PROVINCE),
    # provincial departments
    ("Sở Thông tin và Truyền thông Hà Giang", T.PROVINCIAL_DEPARTMENT), ("Sở TT&TT Đà Nẵng", T.PROVINCIAL_DEPARTMENT),
    ("Department of Information and Communications of Hue", T.PROVINCIAL_DEPARTMENT),
    # broadcasters, before the press
    ("Đài Phát thanh và Truyền hình Nghệ An", T.BROADCASTER), ("Đài Phát thanh - Truyền hình Đà Nẵng", T.BROADCASTER),
    ("Đài Truyền hình Việt Nam", T.BROADCASTER), ("Đài Tiếng nói Việt Nam", T.BROADCASTER),
    ("Truyền hình Quốc hội", T.BROADCASTER), ("Kênh truyền hình Quốc hội", T.BROADCASTER), ("VTV", T.BROADCASTER),
    ("VOV", T.BROADCASTER), ("Lao National Radio", T.BROADCASTER), ("Voice of Vietnam", T.BROADCASTER),
    # press
    ("Báo Nhân Dân", T.PRESS), ("Báo Tuổi Trẻ", T.PRESS), ("Tạp chí Cộng sản", T.PRESS),
    ("Thông tấn xã Việt Nam", T.PRESS), ("TTXVN", T.PRESS), ("Cổng Thông tin điện tử Chính phủ", T.PRESS),
    ("Vientiane Times newspaper", T.PRESS),
    # foreign bodies
    ("Đại sứ quán Nhật Bản", T.FOREIGN), ("Đại sứ quán Lào", T.FOREIGN), ("Tổng Lãnh sự quán Pháp", T.FOREIGN),
    ("Embassy of Japan", T.FOREIGN), ("Ban Thư ký ASEAN", T.FOREIGN), ("ASEAN Secretariat", T.FOREIGN),
    # ministries and central bodies
    ("Bộ Ngoại giao", T.MINISTRY), ("Bộ Văn hóa, Thể thao và Du lịch", T.MINISTRY),
    ("Ministry of Information, Laos", T.MINISTRY), ("Ban Tuyên giáo Trung ương", T.MINISTRY),
    ("Ban Đối ngoại Trung ương", T.MINISTRY), ("Văn phòng Chính phủ", T.MINISTRY),
    # nothing stated
    ("Công ty Cổ phần FPT", T.OTHER), ("Công ty Cổ phần Truyền thông ABC", T.OTHER), ("", T.OTHER),
    ("Hội Nhà báo Việt Nam", T.OTHER),
]


@pytest.mark.parametrize(("name", "kind"), NAMES)
def test_a_units_name_states_its_type(name, kind):
    assert organization_type(name) is kind


@pytest.mark.parametrize("name", ["UỶ BAN NHÂN DÂN TỈNH LÀO CAI", "uy ban nhan dan tinh Lao Cai", "ubnd Tỉnh Lào Cai",
                                  unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh Lào Cai")])
def test_case_diacritics_and_decomposed_text_do_not_matter(name):
    assert organization_type(name) is T.PROVINCE


def test_only_the_first_words_say_the_type():
    # A ministry's newspaper is press; a People's Committee's department is a department.
    assert organization_type("Báo Điện tử Bộ Ngoại giao") is T.PRESS
    assert organization_type("Sở Ngoại vụ, Ủy ban nhân dân tỉnh Lào Cai") is T.PROVINCIAL_DEPARTMENT
    assert organization_type("Trung tâm Báo chí Quốc tế") is T.OTHER


def test_a_stored_type_wins_over_the_name():
    assert organization_type("Công ty Cổ phần FPT", T.PRESS) is T.PRESS
    assert organization_type("Báo Nhân Dân", "broadcaster") is T.BROADCASTER
    # OTHER (or nothing) means nobody set one: the name decides.
    assert organization_type("Báo Nhân Dân", T.OTHER) is T.PRESS
    assert organization_type("Báo Nhân Dân", None) is T.PRESS
    assert organization_type(None, None) is T.OTHER
