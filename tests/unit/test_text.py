"""Vietnamese text rules: cleaning, search folding, names, collation keys, phones, e-mails."""

from __future__ import annotations

import random
import re
import time
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confman.core.errors import DomainError
from confman.core.text import (
    SORT_KEY_MAX_LENGTH,
    VIETNAMESE_ALPHABET,
    NameParts,
    clean_parts_sort_key,
    clean_text,
    fold,
    is_probably_foreign,
    name_sort_key,
    normalize_email,
    normalize_phone,
    split_clean_name,
    split_name,
    text_sort_key,
)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


def sort_names(names: list[str], *, foreign: bool = False) -> list[str]:
    return sorted(names, key=lambda name: name_sort_key(name, foreign=foreign))


# --------------------------------------------------------------------------- alphabet


def test_vietnamese_alphabet_has_29_letters_in_order() -> None:
    assert len(VIETNAMESE_ALPHABET) == 29
    assert "".join(VIETNAMESE_ALPHABET) == "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    assert all(is_nfc(letter) for letter in VIETNAMESE_ALPHABET)


# --------------------------------------------------------------------------- clean_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("", ""),
        ("   ", ""),
        (42, "42"),
        (3.5, "3.5"),
        ("  Nguyễn   Văn\tAn  ", "Nguyễn Văn An"),
        ("Nguyễn\u00a0Văn\u00a0\u00a0An", "Nguyễn Văn An"),  # NBSP from Word/web pages
        ("Nguyễn\u3000Văn\u2009An", "Nguyễn Văn An"),
        ("Nguyễn\nVăn\r\nAn", "Nguyễn Văn An"),  # single line: breaks become spaces
    ],
)
def test_clean_text_basics(value: object, expected: str) -> None:
    assert clean_text(value) == expected


def test_clean_text_nfd_becomes_nfc() -> None:
    decomposed = nfd("Nguyễn Thị Thủy Đặng")
    assert decomposed != "Nguyễn Thị Thủy Đặng"
    assert clean_text(decomposed) == "Nguyễn Thị Thủy Đặng"
    assert is_nfc(clean_text(decomposed))


def test_clean_text_windows_1258_text_becomes_nfc() -> None:
    decoded = b"Nguy\xea\xden \xd0\xe3\xf2ng Th\x75\xd2y".decode("cp1258")
    assert "\u0303" in decoded  # the decoder leaves tones as combining marks
    assert clean_text(decoded) == "Nguyễn Đặng Thủy"


@pytest.mark.parametrize(
    "invisible",
    [
        "\u202e",
        "\u202d",
        "\u2066",
        "\u200b",
        "\u200c",
        "\u200d",
        "\u2060",
        "\ufeff",
        "\u00ad",
        "\x00",
        "\x07",
        "\x1b",
        "\x7f",
        "\x9b",
    ],
)
def test_clean_text_removes_control_and_invisible_characters(invisible: str) -> None:
    assert clean_text(f"Ng{invisible}uyễn Văn An{invisible}") == "Nguyễn Văn An"


def test_clean_text_bidi_override_cannot_disguise_a_name() -> None:
    spoofed = "Nguyễn Văn \u202enA"  # displays as "Nguyễn Văn An"
    assert clean_text(spoofed) == "Nguyễn Văn nA"


@pytest.mark.parametrize(
    "literal",
    [
        '=HYPERLINK("http://x.example","Bấm vào")',
        "<b>Bộ TT&TT</b> &amp; &lt;",
        "+84 912",
        "@SUM(A1)",
        "%s {name}",
    ],
)
def test_clean_text_never_interprets(literal: str) -> None:
    assert clean_text(literal) == literal


def test_clean_text_multiline_keeps_line_breaks() -> None:
    raw = "  Ghi chú:\r\n  ăn chay \u00a0 \r\rĐi  xe riêng\u2028hết  \n\n"
    assert clean_text(raw, multiline=True) == "Ghi chú:\năn chay\n\nĐi xe riêng\nhết"
    assert clean_text(raw) == "Ghi chú: ăn chay Đi xe riêng hết"


def test_clean_text_max_length() -> None:
    assert clean_text("ă" * 500, max_length=500) == "ă" * 500
    with pytest.raises(DomainError) as caught:
        clean_text("ă" * 501, max_length=500, field="organization")
    assert caught.value.code == "text.too_long"
    assert caught.value.params == {"field": "organization", "max_length": 500, "length": 501}


def test_clean_text_max_length_counts_after_cleaning() -> None:
    # 500 NFD letters are 1000 code points but 500 characters once cleaned.
    assert clean_text(nfd("ă") * 500 + "   ", max_length=500) == "ă" * 500
    assert clean_text("x" * 600) == "x" * 600  # no limit by default
    with pytest.raises(DomainError) as caught:
        clean_text("x" * 600, max_length=500)
    assert caught.value.params["field"] == "text"


# --------------------------------------------------------------------------- fold


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Nguyễn Văn Đức", "nguyen van duc"),
        ("ĐẶNG THỊ ĐÀO", "dang thi dao"),
        ("Sở TT&TT Đà Nẵng", "so tt tt da nang"),
        ("Hùng", "hung"),
        ("Hưng", "hung"),
        ("Ủy ban nhân dân tỉnh Quảng Trị", "uy ban nhan dan tinh quang tri"),
        ("nguyen.van.a@mic.gov.vn", "nguyen.van.a@mic.gov.vn"),
        ("Bộ Ngoại giao (MOFA), P.301 – tầng 3!", "bo ngoai giao mofa p.301 tang 3"),
        ("O'Brien-Smith", "o brien-smith"),
        ("José Müller Øster Łukasz Straße", "jose muller oster lukasz strasse"),
        ("Ng\u200buyễn", "nguyen"),
        (None, ""),
        ("", ""),
    ],
)
def test_fold(value: str | None, expected: str) -> None:
    assert fold(value) == expected


def test_fold_finds_dang_in_dang() -> None:
    assert "dang" in fold("Đặng Thị Hoa")
    assert fold("đ") == fold("Đ") == "d"


def test_fold_nfd_and_cp1258_input() -> None:
    assert fold(nfd("Nguyễn Văn Đức")) == "nguyen van duc"
    assert fold(b"Nguy\xea\xden \xd0\xe3\xf2ng".decode("cp1258")) == "nguyen dang"


def test_fold_keeps_letters_of_other_scripts_searchable() -> None:
    assert fold("ທ່ານ ສົມສັກ") != ""
    assert fold("王小明") == "王小明"
    assert fold("ΑΘΗΝΑ") == "αθηνα"


# --------------------------------------------------------------------------- split_name


@pytest.mark.parametrize(
    ("full_name", "family", "middle", "given"),
    [
        ("Nguyễn Thị Minh Khai", "Nguyễn", "Thị Minh", "Khai"),
        ("Lê Văn Anh", "Lê", "Văn", "Anh"),
        ("Trần Hưng", "Trần", "", "Hưng"),
        ("Khai", "", "", "Khai"),
        ("", "", "", ""),
        ("  Phạm   Thị  Dung ", "Phạm", "Thị", "Dung"),
        ("Tôn Thất Thuyết", "Tôn Thất", "", "Thuyết"),
        ("TÔN THẤT THUYẾT", "TÔN THẤT", "", "THUYẾT"),
        ("Tôn Nữ Thị Ninh", "Tôn Nữ", "Thị", "Ninh"),
        ("Công Tằng Tôn Nữ Thị Minh Hằng", "Công Tằng Tôn Nữ", "Thị Minh", "Hằng"),
        ("Âu Dương Lâm", "Âu Dương", "", "Lâm"),
        ("Tôn Thất", "Tôn", "", "Thất"),  # no given name would be left: not a compound
        ("Tôn Đức Thắng", "Tôn", "Đức", "Thắng"),
        ("Lê Phạm Minh Châu", "Lê", "Phạm Minh", "Châu"),  # double-barrelled: ambiguous, not split
    ],
)
def test_split_vietnamese_names(full_name: str, family: str, middle: str, given: str) -> None:
    assert split_name(full_name) == NameParts(family, middle, given)


def test_split_name_nfd_input_gives_nfc_parts() -> None:
    assert split_name(nfd("Tôn Nữ Thị Ninh")) == NameParts("Tôn Nữ", "Thị", "Ninh")


@pytest.mark.parametrize(
    ("full_name", "family", "middle", "given"),
    [
        ("John Ronald Reuel Tolkien", "Tolkien", "Ronald Reuel", "John"),
        ("Anna Taylor", "Taylor", "", "Anna"),
        ("Bounthavy", "", "", "Bounthavy"),
        ("Tôn Thất Thuyết", "Thuyết", "Thất", "Tôn"),
    ],
)
def test_split_foreign_names_western_order(full_name: str, family: str, middle: str, given: str) -> None:
    assert split_name(full_name, foreign=True) == NameParts(family, middle, given)


def test_name_parts_is_frozen() -> None:
    parts = split_name("Lê Văn Anh")
    with pytest.raises(AttributeError):
        parts.given = "Bình"  # type: ignore[misc]


# --------------------------------------------------------------------------- sorting


def test_sort_vietnamese_names_by_given_name() -> None:
    names = ["Nguyễn Văn Bình", "Trần Thị An", "Lê Văn Anh", "Đặng Minh Đức", "Phạm Thị Dung"]
    assert sort_names(names) == [
        "Trần Thị An",
        "Lê Văn Anh",
        "Nguyễn Văn Bình",
        "Phạm Thị Dung",
        "Đặng Minh Đức",
    ]


def test_same_given_name_sorts_by_middle_then_family() -> None:
    names = ["Trần Văn An", "Nguyễn An", "Lê Văn An", "Lê Thị An", "Bùi Văn An"]
    assert sort_names(names) == ["Nguyễn An", "Lê Thị An", "Bùi Văn An", "Lê Văn An", "Trần Văn An"]


def test_alphabet_order_of_letters() -> None:
    shuffled = list(VIETNAMESE_ALPHABET)
    random.Random(7).shuffle(shuffled)
    assert tuple(sorted(shuffled, key=text_sort_key)) == VIETNAMESE_ALPHABET
    assert sorted(["z", "w", "j", "f", "g", "ê", "i", "k", "x", "y"], key=text_sort_key) == [
        "ê", "f", "g", "i", "j", "k", "w", "x", "y", "z",
    ]  # fmt: skip


def test_modified_letters_are_distinct_letters() -> None:
    assert sort_names(["Lê Ân", "Lê Ăn", "Lê An", "Lê Bảo"]) == ["Lê An", "Lê Ăn", "Lê Ân", "Lê Bảo"]
    assert sort_names(["Lê Đông", "Lê Dương", "Lê Em"]) == ["Lê Dương", "Lê Đông", "Lê Em"]
    assert sort_names(["Lê Ơn", "Lê Ôn", "Lê On", "Lê Pha"]) == ["Lê On", "Lê Ôn", "Lê Ơn", "Lê Pha"]


def test_hung_and_hung_with_horn_fold_equal_but_sort_apart() -> None:
    assert fold("Hùng") == fold("Hưng")
    # ư is a letter after u: it outranks any tone.
    assert sort_names(["Lê Hưng", "Lê Húng", "Lê Hùng", "Lê Hung", "Lê Hừng"]) == [
        "Lê Hung", "Lê Hùng", "Lê Húng", "Lê Hưng", "Lê Hừng",
    ]  # fmt: skip
    hung, hung_horn = name_sort_key("Lê Hùng"), name_sort_key("Lê Hưng")
    assert hung[:-3] != hung_horn[:-3]  # differ in the primary part


def test_tones_only_break_ties_in_order() -> None:
    words = ["Mạ", "Má", "Mã", "Mả", "Mà", "Ma"]
    expected = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]  # ngang, huyền, hỏi, ngã, sắc, nặng
    assert sorted(words, key=text_sort_key) == expected
    assert sort_names([f"Lê {w}" for w in words]) == [f"Lê {w}" for w in expected]
    # A tone never beats a letter.
    assert sorted(["Mạnh", "Man"], key=text_sort_key) == ["Man", "Mạnh"]


def test_thuy_differs_only_in_the_tone() -> None:
    hoi, sac = name_sort_key("Nguyễn Thị Thủy"), name_sort_key("Nguyễn Thị Thúy")
    assert hoi < sac
    assert hoi[:-3] == sac[:-3]  # same primary; one tone digit per word at the end


def test_tones_compare_word_by_word_from_the_given_name() -> None:
    # Same letters; the given name's tone decides before the middle name's.
    assert sort_names(["Nguyễn Ha Hà", "Nguyễn Hà Ha"]) == ["Nguyễn Hà Ha", "Nguyễn Ha Hà"]
    assert name_sort_key("Nguyễn Ha Hà") != name_sort_key("Nguyễn Hà Ha")


def test_old_and_new_tone_placement_share_a_key() -> None:
    assert name_sort_key("Lê Thị Hoà") == name_sort_key("Lê Thị Hòa")
    assert name_sort_key("Lê Thị Thuý") == name_sort_key("Lê Thị Thúy")


def test_shorter_name_sorts_first() -> None:
    assert sort_names(["Lê Anh", "Lê An", "Lê A"]) == ["Lê A", "Lê An", "Lê Anh"]
    assert sorted(["Bộ Công Thương", "Bộ Công", "Bộ"], key=text_sort_key) == [
        "Bộ",
        "Bộ Công",
        "Bộ Công Thương",
    ]


def test_sorting_is_case_insensitive_and_ignores_spacing() -> None:
    assert (
        name_sort_key("NGUYỄN VĂN AN")
        == name_sort_key("nguyễn văn an")
        == name_sort_key(" Nguyễn  Văn\u00a0An ")
    )


def test_digits_sort_before_letters() -> None:
    assert sorted(["Tổ A", "Tổ 2", "Tổ 1", "Tổ Đ"], key=text_sort_key) == ["Tổ 1", "Tổ 2", "Tổ A", "Tổ Đ"]


def test_sort_organisations() -> None:
    organisations = [
        "Ủy ban nhân dân tỉnh Bắc Ninh",
        "Bộ Thông tin và Truyền thông",
        "Đài Truyền hình Việt Nam",
        "Báo Nhân Dân",
        "Cục Dân số",
        "Bộ Công an",
        "Sở Tài chính",
        "Ban Tuyên giáo Trung ương",
        "Dự án Phát triển",
    ]
    assert sorted(organisations, key=text_sort_key) == [
        "Ban Tuyên giáo Trung ương",
        "Báo Nhân Dân",
        "Bộ Công an",
        "Bộ Thông tin và Truyền thông",
        "Cục Dân số",
        "Dự án Phát triển",
        "Đài Truyền hình Việt Nam",
        "Sở Tài chính",
        "Ủy ban nhân dân tỉnh Bắc Ninh",
    ]


def test_text_sort_key_treats_punctuation_as_word_breaks() -> None:
    assert text_sort_key("Sở TT&TT") == text_sort_key("Sở TT TT") == text_sort_key("sở tt - tt")


def test_foreign_names_sort_by_family_then_given() -> None:
    names = ["Peter Adams", "John Smith", "Anna Taylor", "Anna Smith"]
    assert sort_names(names, foreign=True) == ["Peter Adams", "Anna Smith", "John Smith", "Anna Taylor"]


def test_name_sort_key_uses_given_parts() -> None:
    parts = NameParts("Tôn Nữ", "Thị", "Ninh")
    assert name_sort_key("ignored", parts=parts) == name_sort_key("Tôn Nữ Thị Ninh")
    # A file that lists "Lê Phạm" as the family keeps it together.
    assert name_sort_key("", parts=NameParts("Lê Phạm", "Minh", "Châu")) != name_sort_key("Lê Phạm Minh Châu")


def test_sort_keys_contain_only_digits_and_fit_the_column() -> None:
    samples = ["Nguyễn Văn An", "王小明", "O'Brien", "", "A" * 2000, "Ω " * 600]
    for sample in samples:
        for key in (name_sort_key(sample), name_sort_key(sample, foreign=True), text_sort_key(sample)):
            assert re.fullmatch(r"[0-9]+", key), key
            assert len(key) <= SORT_KEY_MAX_LENGTH


def test_nfd_names_sort_like_nfc() -> None:
    names = [
        "Nguyễn Văn Bình",
        "Trần Thị An",
        "Lê Văn Anh",
        "Đặng Minh Đức",
        "Phạm Thị Dung",
        "Lê Hưng",
        "Lê Hùng",
    ]
    mixed = [nfd(name) if i % 2 else name for i, name in enumerate(names)]
    assert [clean_text(n) for n in sort_names(mixed)] == sort_names(names)


# --------------------------------------------------------------------------- phones


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("(091) 234-5678", "0912345678"),
        ("0912345678", "0912345678"),
        (912345678, "0912345678"),
        (912345678.0, "0912345678"),
        ("912345678", "0912345678"),
        ("912345678.0", "0912345678"),
        ("8.4912345678E10", "0912345678"),
        ("9.12345678E+08", "0912345678"),
        ("8,4912345678E+10", "0912345678"),  # Excel with a Vietnamese decimal comma
        ("024 3943 7777", "02439437777"),
        ("+84 24 3943 7777", "02439437777"),
        ("2439437777", "02439437777"),
        ("+84 (0) 912 345 678", "0912345678"),
        ("0084 912 345 678", "0912345678"),
        ("\u00a00912\u00a0345\u00a0678\u200b", "0912345678"),
        ("０９１２３４５６７８", "0912345678"),  # full-width digits from an IME
    ],
)
def test_vietnamese_phone_numbers_national_form(raw: object, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+856 20 5561 2093", "+8562055612093"),
        ("+8562055612093", "+8562055612093"),
        ("00856 20 5561 2093", "+8562055612093"),
        ("+855 12 345 678", "+85512345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+1 (415) 555-2671", "+14155552671"),
    ],
)
def test_foreign_phone_numbers_e164(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "   ", "\u200b"])
def test_blank_phone_is_empty(raw: object) -> None:
    assert normalize_phone(raw) == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912345678 / 0987654321", "0912345678"),
        ("0912 345 678; 024 3943 7777", "0912345678"),
        ("024 3943 7777, 0912345678", "02439437777"),
        ("12345 / 0987654321", "0987654321"),  # the first one is not a valid number
        ("0912/345/678", "0912345678"),  # slashes as digit-group separators
    ],
)
def test_several_numbers_in_one_cell_take_the_first_valid(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "0912345678 ext 12",
        "0912345678 ext. 12",
        "0912345678x12",
        "0912345678 máy lẻ 12",
        "0912345678 Máy lẻ: 12",
    ],
)
def test_extension_is_dropped(raw: str) -> None:
    assert normalize_phone(raw) == "0912345678"


@pytest.mark.parametrize(
    "raw", ["0912345678 anh Nam", "ĐT: 0912345678", "O912345678", "091234567l", "không có", "0912345678 ext"]
)
def test_letters_in_phone(raw: str) -> None:
    with pytest.raises(DomainError) as caught:
        normalize_phone(raw, field="mobile")
    assert caught.value.code == "phone.letters"
    assert caught.value.params == {"field": "mobile", "value": raw}


@pytest.mark.parametrize(
    "raw",
    [
        "12345",
        "091234567",  # one digit short
        "09123456789",  # one digit too many
        "0112345678",  # no such prefix
        "+84 12 345",
        "+999 123 456",
        "+856 123",
        "8.49123E+10",  # Excel rounded the digits away
        "8.4912345678E11",  # a trailing zero was rounded away or made up
        "912345678.5",
        912345678.5,
        "0912+345678",
        "0912*345*678",
        True,
    ],
)
def test_invalid_phone(raw: object) -> None:
    with pytest.raises(DomainError) as caught:
        normalize_phone(raw)
    assert caught.value.code == "phone.invalid"
    assert caught.value.params["field"] == "phone"
    assert caught.value.params["value"] == clean_text(raw)


def test_invalid_phone_reports_the_whole_cell() -> None:
    with pytest.raises(DomainError) as caught:
        normalize_phone("123 / 456", field="phone2")
    assert caught.value.params == {"field": "phone2", "value": "123 / 456"}


# --------------------------------------------------------------------------- e-mail


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Nguyen.Van.A@MIC.GOV.VN", "nguyen.van.a@mic.gov.vn"),
        ("  an.nguyen@gmail.com \u200b", "an.nguyen@gmail.com"),
        ("mailto:vp@hanoi.gov.vn", "vp@hanoi.gov.vn"),
        ("MAILTO: vp@hanoi.gov.vn", "vp@hanoi.gov.vn"),
        ("first+tag@sub.example.com.vn", "first+tag@sub.example.com.vn"),
        ("o'brien_x-y@xn--bcher-kva.de", "o'brien_x-y@xn--bcher-kva.de"),
        (None, ""),
        ("", ""),
        ("   ", ""),
    ],
)
def test_valid_emails(raw: str | None, expected: str) -> None:
    assert normalize_email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "nguyen.van.a",
        "a@b",
        "a@b.c",
        "a@b.v1",
        "a b@c.vn",
        "a@b .vn",
        "a@@b.vn",
        "a@b@c.vn",
        ".a@b.vn",
        "a.@b.vn",
        "a..b@c.vn",
        "a@-b.vn",
        "a@b..vn",
        "nguyễn@mic.gov.vn",
        "an@bộ.vn",
        "a@b.vn; c@d.vn",
        "<a@b.vn>",
        "x" * 65 + "@b.vn",
        "a@" + ("b" * 60 + ".") * 5 + "vn",  # longer than 254 characters
    ],
)
def test_invalid_emails(raw: str) -> None:
    with pytest.raises(DomainError) as caught:
        normalize_email(raw, field="email2")
    assert caught.value.code == "email.invalid"
    assert caught.value.params == {"field": "email2", "value": clean_text(raw)}


# --------------------------------------------------------------------------- nationality


@pytest.mark.parametrize(
    ("nationality", "expected"),
    [
        (None, False),
        ("", False),
        ("VN", False),
        ("Việt Nam", False),
        ("VIỆT NAM", False),
        ("Viet Nam", False),
        ("Vietnam", False),
        ("Vietnamese", False),
        (nfd("Việt Nam"), False),
        ("Lào", True),
        ("Laos", True),
        ("LA", True),
        ("Campuchia", True),
        ("Hàn Quốc", True),
    ],
)
def test_is_probably_foreign(nationality: str | None, expected: bool) -> None:
    assert is_probably_foreign("Bounthavy Sisouk", nationality) is expected


def test_is_probably_foreign_without_nationality_is_false() -> None:
    assert is_probably_foreign("John Smith") is False


# --------------------------------------------------------------------------- properties

_VIETNAMESE_CHARS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyfjwzàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
)
_TRICKY = " \t\n\r\u00a0\u200b\u202e\ufeff\x00\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b.,;&'-_@+()"
vietnamese_text = st.text(
    alphabet=st.sampled_from(_VIETNAMESE_CHARS + _VIETNAMESE_CHARS.upper() + _TRICKY + "0123456789"),
    max_size=40,
)
any_text = st.text(max_size=40)
mixed_text = st.one_of(vietnamese_text, any_text)
# Latin script and everything around it: Basic Latin to IPA and modifier letters, combining
# marks, Vietnamese precomposed letters, general punctuation.
latin_text = st.text(
    alphabet=st.one_of(
        st.characters(max_codepoint=0x036F),
        st.characters(min_codepoint=0x1E00, max_codepoint=0x1EFF),
        st.characters(min_codepoint=0x2000, max_codepoint=0x206F),
    ),
    max_size=40,
)
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@relaxed
@given(mixed_text)
def test_clean_text_is_idempotent_and_nfc(value: str) -> None:
    cleaned = clean_text(value)
    assert clean_text(cleaned) == cleaned
    assert is_nfc(cleaned)
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned and "\n" not in cleaned
    assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in cleaned)


@relaxed
@given(mixed_text)
def test_clean_text_multiline_is_idempotent_and_nfc(value: str) -> None:
    cleaned = clean_text(value, multiline=True)
    assert clean_text(cleaned, multiline=True) == cleaned
    assert is_nfc(cleaned)
    assert "\r" not in cleaned
    assert clean_text(cleaned) == clean_text(value)


@relaxed
@given(mixed_text)
def test_clean_text_ignores_normal_form(value: str) -> None:
    assert clean_text(nfd(value)) == clean_text(value)


@relaxed
@given(mixed_text)
def test_fold_is_idempotent_and_ignores_normal_form(value: str) -> None:
    folded = fold(value)
    assert fold(folded) == folded
    assert fold(nfd(value)) == folded


@relaxed
@given(latin_text)
def test_fold_of_latin_script_is_ascii(value: str) -> None:
    folded = fold(value)
    assert folded.isascii()
    assert re.fullmatch(r"[a-z0-9@.+\-_ ]*", folded), folded
    assert folded == folded.strip() and "  " not in folded


@relaxed
@given(vietnamese_text)
def test_fold_of_vietnamese_is_ascii(value: str) -> None:
    assert re.fullmatch(r"[a-z0-9@.+\-_ ]*", fold(value))


@relaxed
@given(mixed_text)
def test_sort_keys_are_digits_and_ignore_normal_form(value: str) -> None:
    for foreign in (False, True):
        key = name_sort_key(value, foreign=foreign)
        assert re.fullmatch(r"[0-9]+", key)
        assert name_sort_key(nfd(value), foreign=foreign) == key
    assert text_sort_key(nfd(value)) == text_sort_key(value)


@relaxed
@given(st.lists(mixed_text, max_size=12))
def test_sorting_nfd_variants_gives_the_same_order(names: list[str]) -> None:
    by_nfc = sorted(range(len(names)), key=lambda i: (name_sort_key(names[i]), i))
    by_nfd = sorted(range(len(names)), key=lambda i: (name_sort_key(nfd(names[i])), i))
    assert by_nfc == by_nfd


# A reference collation written independently of the implementation: letters and tones
# from explicit tables, names compared as Python tuples.
_TONED = {
    "a": "aàảãáạ", "ă": "ăằẳẵắặ", "â": "âầẩẫấậ", "e": "eèẻẽéẹ", "ê": "êềểễếệ", "i": "iìỉĩíị",
    "o": "oòỏõóọ", "ô": "ôồổỗốộ", "ơ": "ơờởỡớợ", "u": "uùủũúụ", "ư": "ưừửữứự", "y": "yỳỷỹýỵ",
}  # fmt: skip
_ORDER = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_OF = {ch: (letter, tone) for letter, forms in _TONED.items() for tone, ch in enumerate(forms)}
_LETTER_OF |= {ch: (ch, 0) for ch in _ORDER if ch not in _LETTER_OF}
_SYLLABLES = [
    "An", "Anh", "Ăn", "Ân", "Bình", "Bính", "Dung", "Dũng", "Đức", "Đức", "Hùng", "Hưng", "Hưởng", "Hà",
    "Hạ", "Hải", "Khai", "Khải", "Minh", "Mỹ", "Ngọc", "Nguyễn", "Thị", "Thủy", "Thúy", "Thu", "Trần",
    "Văn", "Vân", "Yến", "Ơn", "Ôn", "On", "Tổ", "A", "Z", "Quỳnh", "Giang", "Út", "Ưng",
]  # fmt: skip
_FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Đặng", "Bùi", "Vũ", "Hồ", "Dương", "Ông"]


def _reference_key(family: str, middle: list[str], given: str) -> tuple[object, ...]:
    parts = ([given], middle, [family])
    primary = tuple(
        tuple(tuple(_ORDER.index(_LETTER_OF[ch][0]) for ch in word.lower()) for word in p) for p in parts
    )
    secondary = tuple(
        next((_LETTER_OF[ch][1] for ch in word.lower() if _LETTER_OF[ch][1]), 0) for p in parts for word in p
    )
    return primary, secondary


@st.composite
def vietnamese_names(draw: st.DrawFn) -> tuple[str, tuple[object, ...]]:
    family = draw(st.sampled_from(_FAMILIES))
    middle = draw(st.lists(st.sampled_from(_SYLLABLES), max_size=2))
    given_name = draw(st.sampled_from(_SYLLABLES))
    words = [family, *middle, given_name]
    words = [draw(st.sampled_from([w, w.upper(), w.lower(), nfd(w)])) for w in words]
    return " ".join(words), _reference_key(family, middle, given_name)


@relaxed
@given(vietnamese_names(), vietnamese_names())
def test_name_sort_key_agrees_with_reference_collation(a: tuple[str, tuple], b: tuple[str, tuple]) -> None:
    (name_a, ref_a), (name_b, ref_b) = a, b
    key_a, key_b = name_sort_key(name_a), name_sort_key(name_b)
    assert (key_a < key_b) == (ref_a < ref_b)
    assert (key_a == key_b) == (ref_a == ref_b)
    if ref_a[0] == ref_b[0]:  # same letters: keys differ only in the tone digits
        assert len(key_a) == len(key_b)


@relaxed
@given(st.lists(vietnamese_names(), min_size=2, max_size=20))
def test_sorted_by_key_is_sorted_by_reference(names: list[tuple[str, tuple]]) -> None:
    ordered = sorted(names, key=lambda pair: name_sort_key(pair[0]))
    refs = [ref for _, ref in ordered]
    assert refs == sorted(refs)


_MOBILE_PREFIXES = ["90", "91", "93", "94", "96", "97", "98", "86", "88", "89", "32", "35", "39", "70", "77", "81", "85", "56", "58", "59"]  # fmt: skip


@st.composite
def vietnamese_mobiles(draw: st.DrawFn) -> tuple[str, str]:
    national = (
        "0" + draw(st.sampled_from(_MOBILE_PREFIXES)) + draw(st.text("0123456789", min_size=7, max_size=7))
    )
    digits = national[1:]
    spaced = " ".join([digits[:3], digits[3:6], digits[6:]])
    written = draw(
        st.sampled_from(
            [national, digits, "84" + digits, "+84" + digits, f"+84 {spaced}", f"0{spaced}",
             f"0{digits[:3]}.{digits[3:6]}.{digits[6:]}", f"(0{digits[:2]}) {digits[2:5]}-{digits[5:]}",
             f"00 84 {spaced}", f"0{digits} / 0243 943 7777", int(digits), float(digits)]
        )
    )  # fmt: skip
    return written, national


@relaxed
@given(vietnamese_mobiles())
def test_normalize_phone_vietnamese_mobiles(case: tuple[object, str]) -> None:
    written, national = case
    result = normalize_phone(written)
    assert result == national
    assert normalize_phone(result) == result


@relaxed
@given(st.text(alphabet="0123456789 +-.()/;,x84", max_size=24))
def test_normalize_phone_is_idempotent_on_its_output(raw: str) -> None:
    try:
        result = normalize_phone(raw)
    except DomainError as error:
        assert error.code in ("phone.invalid", "phone.letters")
        return
    assert normalize_phone(result) == result
    assert result == "" or re.fullmatch(r"0\d{9,10}|\+[1-9]\d{6,14}", result)


# --------------------------------------------------------------------------- speed


@pytest.mark.benchmark
def test_fold_and_sort_key_speed() -> None:
    rng = random.Random(1)
    names = [
        " ".join([rng.choice(_FAMILIES), *rng.sample(_SYLLABLES, rng.randint(0, 2)), rng.choice(_SYLLABLES)])
        for _ in range(50_000)
    ]
    start = time.process_time()
    for name in names:
        fold(name)
        name_sort_key(name)
    elapsed = time.process_time() - start
    print(f"fold + name_sort_key, 50,000 names: {elapsed * 1000:.0f} ms CPU")
    assert elapsed < 1.0


@given(mixed_text, st.booleans())
def test_the_bulk_name_helpers_agree_with_the_general_ones_on_clean_names(value: str, foreign: bool) -> None:
    """Imports split and key names already cleaned without cleaning them again: same results."""
    name = clean_text(value)
    parts = split_clean_name(name, foreign=foreign)
    assert parts == split_name(name, foreign=foreign)
    assert clean_parts_sort_key(parts, foreign=foreign) == name_sort_key(name, foreign=foreign)


def test_part_keys_are_remembered_within_a_bound_and_never_change_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from confman.core import text

    names = ["Nguyễn Văn An", "Trần Thị Ánh", "Lê Văn An", "Đặng  Minh Đức", "Phạm (Thị) Dung", "Ông Tùng"]
    cold = []
    for name in names:
        text._PART_KEYS.clear()
        cold.append(name_sort_key(name))
    monkeypatch.setattr(text._PartKeys, "LIMIT", 4)
    text._PART_KEYS.clear()
    for _ in range(3):  # warm, and emptied whenever it is full
        assert [name_sort_key(name) for name in names] == cold
        assert len(text._PART_KEYS) <= 4
    assert sorted(names, key=name_sort_key)[:3] == ["Lê Văn An", "Nguyễn Văn An", "Trần Thị Ánh"]
