"""Header detection, column mapping, skip/reject rules and legacy text, on in-memory rows."""

from __future__ import annotations

import codecs
import shutil
import subprocess
import unicodedata

import pytest

from confman.core.errors import DomainError
from confman.core.registration.importing import parse_rows
from confman.core.registration.importing.layout import (
    assign_columns,
    detect_header,
    header_signature,
    match_header,
    refine_with_data,
)
from confman.core.registration.importing.legacy import (
    _TCVN3_HIGH,
    convert_columns,
    decode_tcvn3,
    decode_vni,
    detect_legacy,
    font_encoding,
    is_vietnamese_syllable,
)
from confman.core.registration.importing.readers import decode_text, detect_delimiter
from confman.core.registration.importing.rows import normalize_gender, split_honorific

HEADER = ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Điện thoại", "Email"]


def parse(rows, **kwargs):
    return parse_rows(rows, file="mem.xlsx", sheet="S1", **kwargs)


# --- header matching ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Họ và tên", "full_name"),
        ("HỌ VÀ TÊN", "full_name"),
        ("Ho va ten", "full_name"),
        ("họ tên", "full_name"),
        ("Họ và tên\n(Full name)", "full_name"),
        ("Full Name", "full_name"),
        ("Name", "full_name"),
        ("Họ", "family_name"),
        ("Họ và tên đệm", "family_name"),
        ("Tên", "given_name"),
        ("Chức vụ", "position"),
        ("CHỨC DANH", "position"),
        ("Position", "position"),
        ("Đơn vị", "organization"),
        ("Đơn vị công tác", "organization"),
        ("Cơ quan", "organization"),
        ("Organisation", "organization"),
        ("Organization", "organization"),
        ("Tên cơ quan", "organization"),
        ("Điện thoại", "phone"),
        ("SĐT", "phone"),
        ("ĐT", "phone"),
        ("ĐT di động", "phone"),
        ("Số điện thoại liên hệ", "phone"),
        ("Mobile", "phone"),
        ("Phone", "phone"),
        ("Email", "email"),
        ("E-mail", "email"),
        ("Thư điện tử", "email"),
        ("Giới tính", "gender"),
        ("Gender", "gender"),
        ("Ghi chú", "notes"),
        ("Notes", "notes"),
        ("Danh xưng", "honorific"),
        ("Ông/Bà", "honorific"),
        ("Honorific", "honorific"),
        ("Đoàn", "delegation"),
        ("Delegation", "delegation"),
        ("Quốc tịch", "nationality"),
        ("Nationality", "nationality"),
        ("Loại đại biểu", "category"),
        ("Category", "category"),
        ("STT", "stt"),
        ("TT", "stt"),
        ("No.", "stt"),
    ],
)
def test_headers_map_to_fields(text, field):
    match = match_header(text)
    assert match is not None and match[0] == field


@pytest.mark.parametrize(
    "text", ["DANH SÁCH ĐẠI BIỂU THAM DỰ HỘI NGHỊ", "BỘ THÔNG TIN VÀ TRUYỀN THÔNG", "", "12"]
)
def test_titles_are_not_headers(text):
    assert match_header(text) is None


def test_split_name_columns_are_kept_and_full_name_wins():
    assert assign_columns(["TT", "Họ", "Tên", "Chức vụ"]) == {
        "stt": 0,
        "family_name": 1,
        "given_name": 2,
        "position": 3,
    }
    assert assign_columns(["Họ và tên", "Tên"]) == {"full_name": 0}
    assert assign_columns(["STT", "Tên", "Đơn vị"]) == {"stt": 0, "full_name": 1, "organization": 2}


def test_title_column_is_the_honorific_next_to_a_position_column():
    assert assign_columns(["No.", "Title", "Full Name", "Position"]) == {
        "stt": 0,
        "full_name": 2,
        "position": 3,
        "honorific": 1,
    }
    assert assign_columns(["No.", "Full Name", "Title"])["position"] == 2


def test_header_found_below_titles():
    rows = [
        ["BỘ THÔNG TIN VÀ TRUYỀN THÔNG", "", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["DANH SÁCH ĐẠI BIỂU", "", "", ""],
        ["", "", "", ""],
        ["STT", "Họ và tên", "Chức vụ", "Đơn vị"],
        [1, "Nguyễn Văn An", "Giám đốc", "Sở TT&TT"],
    ]
    layout = detect_header(rows)
    assert layout is not None
    assert layout.header_row == 3 and layout.first_data_row == 4
    assert layout.columns == {"stt": 0, "full_name": 1, "position": 2, "organization": 3}


def test_two_row_header_under_a_merged_group():
    rows = [
        ["STT", "Họ và tên", "Liên hệ", ""],
        ["", "", "Điện thoại", "Email"],
        [1, "Nguyễn Văn An", "0912345678", "an@example.vn"],
    ]
    layout = detect_header(rows)
    assert layout is not None
    assert layout.columns == {"stt": 0, "full_name": 1, "phone": 2, "email": 3}
    assert layout.first_data_row == 2 and layout.header_rows == 2


def test_no_header_without_a_name_column():
    assert detect_header([["Khoản mục", "Số tiền"], ["Hội trường", 25000000]]) is None
    with pytest.raises(DomainError) as info:
        parse([["DỰ TOÁN KINH PHÍ"], ["Khoản mục", "Số tiền"], ["Hội trường", 25000000]])
    assert info.value.code == "import.no_header"
    assert info.value.params["rows"][0] == "DỰ TOÁN KINH PHÍ"
    assert "Khoản mục | Số tiền" in info.value.params["preview"]


def test_header_signature_ignores_case_and_diacritics_but_not_order():
    same = header_signature(["STT", "Họ và tên", "Chức vụ"])
    assert same == header_signature(["stt", "HO VA TEN", "chuc vu", "", ""])
    assert len(same) == 64
    assert same != header_signature(["STT", "Chức vụ", "Họ và tên"])


def test_data_refines_the_mapping():
    rows = [
        ["Title", "Full Name", "", "Organization"],
        ["Mr.", "John Smith", "john@example.org", "Embassy"],
        ["Ms.", "Jane Doe", "jane@example.org", "Embassy"],
    ]
    layout = detect_header(rows)
    assert layout is not None
    refined = refine_with_data(layout, rows)
    assert refined.columns["honorific"] == 0 and "position" not in refined.columns
    assert refined.columns["email"] == 2
    assert refined.inferred == {"honorific", "email"}


# --- rows: skip without noise, reject with reasons -------------------------------------------

MINISTRY = [
    ["BỘ THÔNG TIN VÀ TRUYỀN THÔNG", "", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "", ""],  # 1
    ["DANH SÁCH ĐẠI BIỂU THAM DỰ HỘI NGHỊ", "", "", "", "", ""],  # 2
    HEADER,  # 3
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],  # 4
    ["I. ĐẠI BIỂU CÁC BỘ, NGÀNH", "", "", "", "", ""],  # 5
    [1, "Ông Nguyễn Văn An", "Thứ trưởng", "Bộ TT&TT", 912345678.0, "AN@MIC.GOV.VN"],  # 6
    [2, "Tống Văn Bình", "Vụ trưởng", "Bộ Tài chính", "0987 654 321", ""],  # 7
    [3, "", "Chuyên viên", "Bộ Tài chính", "", ""],  # 8
    [4, "Lê Văn Hùng", "", "", "09xx", ""],  # 9
    [5, "", "", "", "", ""],  # 10
    ["  ", "\t", "", "", "", ""],  # 11
    HEADER,  # 12: repeated on a new printed page
    ["II", "KHÁCH MỜI", "", "", "", ""],  # 13
    [6, "Mr John Smith", "Ambassador", "Embassy", "+1 202 555 0143", "john@example.org"],  # 14
    [7, "Bà Trần Thị Thủy", "Giám đốc", "Sở TT&TT", "", "thuy@@example.vn"],  # 15
    ["", "Tổng cộng: 575 đại biểu", "", "", "", ""],  # 16
    ["", "", "", "Hà Nội, ngày 15 tháng 3 năm 2018", "", ""],  # 17
    ["", "Người lập biểu", "", "KT. BỘ TRƯỞNG", "", ""],  # 18
    ["", "", "", "THỨ TRƯỞNG", "", ""],  # 19
    ["", "(Ký, ghi rõ họ tên)", "", "", "", ""],  # 20
    ["", "Phạm Thị Lan", "", "Nguyễn Thành Hưng", "", ""],  # 21
]


def test_ministry_rows_skips_and_rejections():
    sheet = parse(MINISTRY, reject_invalid=True)
    assert sheet.header_row == 3
    assert [r.excel_row for r in sheet.rows] == [6, 7, 14]
    assert [(r.row, r.code) for r in sheet.rejected] == [
        (8, "import.row.name_missing"),
        (9, "phone.letters"),
        (15, "email.invalid"),
    ]
    assert sheet.rows_read == 6
    # titles never reach the rows; numbering, section x2, STT-only, header, total, date and the
    # signature block (4 rows) are skipped without a report
    assert sheet.skipped == 11
    first, second, guest = sheet.rows
    assert (first.honorific, first.full_name, first.phone, first.email) == (
        "Ông",
        "Nguyễn Văn An",
        "0912345678",
        "an@mic.gov.vn",
    )
    assert second.full_name == "Tống Văn Bình"  # "Tống" is a family name, not "Tổng"
    assert (guest.honorific, guest.full_name, guest.phone) == ("Mr", "John Smith", "+12025550143")


def test_lenient_rows_keep_the_delegate_and_flag_the_field():
    sheet = parse(MINISTRY)
    assert [(r.row, r.code) for r in sheet.rejected] == [(8, "import.row.name_missing")]
    assert [r.excel_row for r in sheet.rows] == [6, 7, 9, 14, 15]
    flagged = {r.excel_row: [(w.params["field"], w.params["error_code"]) for w in r.warnings] for r in sheet.rows
               if r.warnings}
    assert flagged == {9: [("phone", "phone.letters")], 15: [("email", "email.invalid")]}
    assert sheet.rows_read == 6


def test_sections_give_the_category_when_there_is_no_category_column():
    sheet = parse(MINISTRY, reject_invalid=True)
    assert [r.category for r in sheet.rows] == ["ĐẠI BIỂU CÁC BỘ, NGÀNH"] * 2 + ["KHÁCH MỜI"]
    assert [r.section for r in sheet.rows] == ["ĐẠI BIỂU CÁC BỘ, NGÀNH"] * 2 + ["KHÁCH MỜI"]
    assert any(w.code == "import.section_category" for w in sheet.warnings)


def test_organisation_sections_fill_a_missing_organisation_column():
    rows = [
        ["STT", "Họ và tên", "Chức vụ"],
        ["I", "ĐẠI BIỂU TRUNG ƯƠNG", ""],
        ["", "1. Bộ Tài chính", ""],
        [1, "Nguyễn Văn An", "Thứ trưởng"],
        ["", "2. Bộ Y tế", ""],
        [2, "Trần Thị Bình", "Vụ trưởng"],
        ["II", "ĐẠI BIỂU ĐỊA PHƯƠNG", ""],
        [3, "Lê Văn Cường", "Giám đốc"],
    ]
    sheet = parse(rows)
    assert [(r.full_name, r.organization, r.category) for r in sheet.rows] == [
        ("Nguyễn Văn An", "Bộ Tài chính", "ĐẠI BIỂU TRUNG ƯƠNG"),
        ("Trần Thị Bình", "Bộ Y tế", "ĐẠI BIỂU TRUNG ƯƠNG"),
        ("Lê Văn Cường", "", "ĐẠI BIỂU ĐỊA PHƯƠNG"),
    ]
    assert sheet.rejected == []


def test_a_category_column_is_not_overridden_by_sections():
    rows = [
        ["STT", "Họ và tên", "Loại đại biểu"],
        ["A", "KHÁCH MỜI", ""],
        [1, "Nguyễn Văn An", "VIP"],
        [2, "Trần Thị Bình", ""],
    ]
    assert [r.category for r in parse(rows).rows] == ["VIP", ""]


def test_rows_with_a_job_title_are_delegates_not_signatures():
    rows = [
        HEADER,
        [1, "Nguyễn Văn An", "Giám đốc", "Sở TT&TT", "", ""],
        [2, "Trần Văn Bộ", "BỘ TRƯỞNG", "Bộ Công Thương", "", ""],
        ["", "CỘNG HÒA SÉC", "", "", "", ""],  # a section (country), not a total
        [3, "Lê Văn Tổng", "Chuyên viên", "", "", ""],
    ]
    sheet = parse(rows)
    assert [r.full_name for r in sheet.rows] == ["Nguyễn Văn An", "Trần Văn Bộ", "Lê Văn Tổng"]


def test_numbered_rows_after_the_signature_block_are_delegates_again():
    rows = [
        HEADER,
        [1, "Nguyễn Văn An", "", "", "", ""],
        ["", "Người lập biểu", "", "", "", ""],
        ["", "Phạm Thị Lan", "", "", "", ""],
        [2, "Trần Thị Bình", "", "", "", ""],
    ]
    assert [r.full_name for r in parse(rows).rows] == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_sheet_without_stt_column_keeps_name_only_rows():
    rows = [["Họ và tên", "Đơn vị"], ["Nguyễn Văn An", ""], ["Trần Thị Bình", "Bộ Y tế"], ["Tổng số: 2"]]
    sheet = parse(rows)
    assert [r.full_name for r in sheet.rows] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert sheet.skipped == 1


def test_split_name_columns_are_joined_with_parts():
    rows = [
        ["TT", "Họ và tên đệm", "Tên", "Giới tính"],
        [1, "Nguyễn Thị Thu", "Hà", "Nữ"],
        [2, "Tôn Thất", "Thuyết", "nam"],
        [3, "Ông Phạm Văn", "Đồng", "?"],
    ]
    sheet = parse(rows)
    assert [(r.full_name, r.gender) for r in sheet.rows] == [
        ("Nguyễn Thị Thu Hà", "female"),
        ("Tôn Thất Thuyết", "male"),
        ("Phạm Văn Đồng", ""),
    ]
    parts = [r.name_parts for r in sheet.rows]
    assert parts[0] is not None and (parts[0].family, parts[0].middle, parts[0].given) == (
        "Nguyễn",
        "Thị Thu",
        "Hà",
    )
    assert parts[1] is not None and (parts[1].family, parts[1].given) == ("Tôn Thất", "Thuyết")
    assert parts[2] is not None and (parts[2].family, parts[2].middle, parts[2].given) == (
        "Phạm",
        "Văn",
        "Đồng",
    )
    assert sheet.rows[2].honorific == "Ông"
    assert [w.code for w in sheet.rows[2].warnings] == ["import.row.gender_unknown"]


def test_hostile_values():
    rows = [
        [*HEADER, "Ghi chú"],
        [1, '=HYPERLINK("http://evil","x")', "", "", "", "", ""],
        [2, "Lê Thị Hoa 🌸", "=cmd|' /C calc'!A0", "", "", "", ""],
        [3, "Nguyễn " * 60 + "An", "", "", "", "", ""],
        [4, "Phan\u200b Văn\u202e Khải", "Trưởng\tphòng", "Công ty <b>ABC</b> & Co", "", "", "=1+1 là 2"],
        [5, unicodedata.normalize("NFD", "Nguyễn Thị Ánh"), "- Phó phòng", "", "", "", "@ghi chú"],
        [6, "12345", "", "", "", "", ""],
        [7, "Lê Thị Hoa 🌸", "", "", "", "", "Dòng 1\nDòng 2"],
    ]
    sheet = parse(rows)
    assert [(r.row, r.code, r.params.get("field")) for r in sheet.rejected] == [
        (2, "import.row.formula", "full_name"),
        (3, "import.row.formula", "position"),
        (4, "text.too_long", "full_name"),
        (5, "import.row.formula", "notes"),
        (7, "import.row.name_invalid", "full_name"),
    ]
    nfd, emoji = sheet.rows
    assert nfd.full_name == "Nguyễn Thị Ánh" and unicodedata.is_normalized("NFC", nfd.full_name)
    assert nfd.position == "- Phó phòng" and nfd.notes == "@ghi chú"
    assert emoji.full_name == "Lê Thị Hoa 🌸" and emoji.notes == "Dòng 1\nDòng 2"


def test_invisible_characters_and_html_are_cleaned_or_kept_literal():
    sheet = parse(
        [HEADER, [1, "Phan\u200b Văn\u202e Khải\u00a0", "Trưởng\tphòng", "Công ty <b>ABC</b> & Co", "", ""]]
    )
    (row,) = sheet.rows
    assert (row.full_name, row.position, row.organization) == (
        "Phan Văn Khải",
        "Trưởng phòng",
        "Công ty <b>ABC</b> & Co",
    )


def test_phone_and_email_cells_with_several_values():
    rows = [
        HEADER,
        [1, "Nguyễn Văn An", "", "", "0912345678 / 0987654321", "an@a.vn; an2@b.vn"],
        [2, "Trần Thị Bình", "", "", "0912345679, binh@c.vn", ""],
        [3, "Lê Văn Cường", "", "", 84912345680, ""],
        [4, "Đỗ Thị Dung", "", "", "8.4912345681E10", "mailto:DUNG@D.VN"],
    ]
    sheet = parse(rows)
    assert [(r.phone, r.email) for r in sheet.rows] == [
        ("0912345678", "an@a.vn"),
        ("0912345679", "binh@c.vn"),
        ("0912345680", ""),
        ("0912345681", "dung@d.vn"),
    ]
    assert [(w.code, w.params["value"]) for w in sheet.rows[0].warnings] == [
        ("import.row.extra_phone", "0987654321"),
        ("import.row.extra_email", "an2@b.vn"),
    ]


@pytest.mark.parametrize(
    ("cell", "honorific", "name"),
    [
        ("Ông Nguyễn Văn An", "Ông", "Nguyễn Văn An"),
        ("bà Trần Thị Bình", "Bà", "Trần Thị Bình"),
        ("Đ/c Lê Văn Cường", "Đồng chí", "Lê Văn Cường"),
        ("Đồng chí Phạm Minh Đức", "Đồng chí", "Phạm Minh Đức"),
        ("Mr. John Smith", "Mr", "John Smith"),
        ("Ms Jane Doe", "Ms", "Jane Doe"),
        ("Bà Lê Hoa", "Bà", "Lê Hoa"),
        ("Ông Tùng", "", "Ông Tùng"),  # "Ông" is also a (rare) family name: a lone word stays
        ("Bàng Văn Đức", "", "Bàng Văn Đức"),
    ],
)
def test_honorific_split(cell, honorific, name):
    assert split_honorific(cell) == (honorific, name)


@pytest.mark.parametrize(
    ("value", "gender"),
    [
        ("Nam", "male"),
        ("nữ", "female"),
        ("NU", "female"),
        ("Male", "male"),
        ("F", "female"),
        ("", ""),
        ("x", None),
    ],
)
def test_gender(value, gender):
    assert normalize_gender(value) == gender


def test_caller_mapping_replaces_detection():
    rows = [HEADER, [1, "Nguyễn Văn An", "Giám đốc", "Sở TT&TT", "", ""]]
    sheet = parse(rows, mapping={"full_name": 1, "organization": 2})
    assert (sheet.rows[0].full_name, sheet.rows[0].organization, sheet.rows[0].position) == (
        "Nguyễn Văn An",
        "Giám đốc",
        "",
    )
    headerless = parse([[1, "Nguyễn Văn An"], [2, "Trần Thị Bình"]], mapping={"stt": 0, "full_name": 1})
    assert headerless.header_row is None and [r.excel_row for r in headerless.rows] == [1, 2]
    with pytest.raises(DomainError) as info:
        parse(rows, mapping={"position": 2})
    assert info.value.code == "import.mapping_no_name"
    with pytest.raises(DomainError) as info:
        parse(rows, mapping={"full_name": 1, "shoe_size": 3})
    assert info.value.code == "import.mapping_invalid" and info.value.params["field"] == "shoe_size"


def test_vertical_merge_fills_the_organisation_down():
    rows = [
        HEADER,
        [1, "Nguyễn Văn An", "", "Bộ Y tế", "", ""],
        [2, "Trần Thị Bình", "", "", "", ""],
        [3, "Lê Văn Cường", "", "", "", ""],
    ]
    sheet = parse(rows, merged=[(1, 3, 2, 3)])
    assert [r.organization for r in sheet.rows] == ["Bộ Y tế", "Bộ Y tế", ""]


# --- legacy encodings ---------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("iconv") is None, reason="needs glibc iconv")
def test_tcvn3_table_matches_glibc_iconv():
    data = bytes(range(0x80, 0x100))
    reference = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data, capture_output=True)
    if reference.returncode != 0:
        pytest.skip("iconv lacks TCVN5712-1")
    assert reference.stdout.decode("utf-8") == _TCVN3_HIGH
    text = "Nguyễn Văn Tiến, Trần Thị Thủy, Đặng Hùng, người lập biểu, Bộ Thông tin và Truyền thông"
    encoded = subprocess.run(
        ["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=text.encode(), capture_output=True
    )
    assert decode_tcvn3(encoded.stdout.decode("latin-1")) == text


def test_tcvn3_and_vni_samples():
    assert decode_tcvn3("NguyÔn V¨n TiÕn") == "Nguyễn Văn Tiến"
    assert decode_tcvn3("danh s¸ch ®¹i biÓu", caps=True) == "DANH SÁCH ĐẠI BIỂU"
    assert decode_vni("Nguyeãn Vaên Tieán") == "Nguyễn Văn Tiến"
    assert (
        decode_vni("ÑAËNG THÒ THUÛY, Vieät Nam, ngöôøi, Khuyeân, Ñöùc")
        == "ĐẶNG THỊ THỦY, Việt Nam, người, Khuyên, Đức"
    )


def test_legacy_detection():
    assert detect_legacy(["NguyÔn V¨n TiÕn", "TrÇn ThÞ Thñy", "Phã Gi¸m ®èc"]) == "tcvn3"
    assert detect_legacy(["Nguyeãn Vaên Tieán", "Traàn Thò Thuûy", "Phoù Giaùm ñoác"]) == "vni"
    assert detect_legacy(["Nguyễn Văn Tiến", "Hà Anh", "Trà My"]) is None
    assert detect_legacy(["José Martínez", "Jürgen Müller", "François Lefèvre"]) is None
    assert detect_legacy(["John Smith", "Ministry of ICT"]) is None
    assert is_vietnamese_syllable("người") and is_vietnamese_syllable("KHUYÊN")
    assert not is_vietnamese_syllable("nguyôn") and not is_vietnamese_syllable("v¨n")


def test_font_hints():
    assert font_encoding(".VnTime") == ("tcvn3", False)
    assert font_encoding(".VnTimeH") == ("tcvn3", True)
    assert font_encoding("VNI-Times") == ("vni", False)
    assert font_encoding("Times New Roman") == (None, False)


def test_convert_columns_reports_and_uppercases_caps_fonts():
    rows = [
        ["danh s¸ch ®¹i biÓu", ""],
        ["Hä vµ tªn", "Ghi chú"],
        ["NguyÔn V¨n TiÕn", "Đã xác nhận"],
        ["TrÇn ThÞ Thñy", ""],
    ]
    converted = convert_columns(rows, {(0, 0): ".VnTimeH", (1, 0): ".VnTime", (2, 0): ".VnTime"})
    assert set(converted) == {0} and converted[0].encoding == "tcvn3"
    assert [r[0] for r in rows] == ["DANH SÁCH ĐẠI BIỂU", "Họ và tên", "Nguyễn Văn Tiến", "Trần Thị Thủy"]
    assert rows[2][1] == "Đã xác nhận"


def test_legacy_columns_are_reported_by_field():
    rows = [
        ["STT", "Hä vµ tªn", "Chøc vô"],
        [1, "NguyÔn V¨n TiÕn", "Gi¸m ®èc"],
        [2, "TrÇn ThÞ Thñy", "Phã phßng"],
    ]
    sheet = parse(rows)
    assert sheet.legacy_encoding == {"full_name": "tcvn3", "position": "tcvn3"}
    assert [r.full_name for r in sheet.rows] == ["Nguyễn Văn Tiến", "Trần Thị Thủy"]
    (warning,) = [w for w in sheet.warnings if w.code == "import.legacy_converted"]
    assert warning.params["encoding"] == "tcvn3" and "B (Họ và tên)" in warning.params["columns"]


# --- CSV decoding ---------------------------------------------------------------------------------

TEXT = "STT;Họ và tên;Đơn vị\n1;Nguyễn Văn Tiến;Bộ Tài chính, Hà Nội\n2;Trần Thị Thủy;Ủy ban Dân tộc\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_unicode_csv_encodings(data, encoding):
    assert decode_text(data, "x.csv") == (TEXT, encoding)


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Windows writes it: base letters with ă/â/ê/ô/ơ/ư, tones as combining marks."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize(
                "NFC", "".join(c for c in decomposed if c not in "\u0300\u0301\u0303\u0309\u0323")
            )
            out += base.encode("cp1258") + "".join(
                c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323"
            ).encode("cp1258")
    return out


def test_windows_1258_is_decoded_to_nfc():
    text, encoding = decode_text(_cp1258(TEXT), "x.csv")
    assert encoding == "cp1258" and text == TEXT and unicodedata.is_normalized("NFC", text)


def test_windows_1252_for_western_names():
    data = "Name;Org\nJosé Martínez;Telefónica\nJürgen Müller;Telekom\n".encode("cp1252")
    assert decode_text(data, "x.csv")[1] == "cp1252"


def test_binary_is_an_encoding_error():
    with pytest.raises(DomainError) as info:
        decode_text(bytes(range(256)) * 4, "x.csv")
    assert info.value.code == "import.encoding" and info.value.params["file"] == "x.csv"


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ('a;b;c\n1;"x, y";3\n4;5;6\n', ";"),
        ("a\tb\tc\n1\t2,5\t3\n", "\t"),
        ("TITLE,,\nSTT;Họ tên;Đơn vị\n1;Nguyễn Văn An;Sở A, B\n2;Lê Văn B;Bộ C\n", ";"),
        ("sep=;\na;b\n", ";"),
    ],
)
def test_delimiter_detection(text, delimiter):
    assert detect_delimiter(text) == delimiter
