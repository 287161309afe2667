"""Parse every fixture written by LibreOffice (see tests/fixtures/import/make_fixtures.py)."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from confman.core.errors import DomainError
from confman.core.registration.importing import ImportRow, ParsedSheet, list_sheets, parse_file
from confman.i18n import t
from confman.import_report import warning_text
from confman.messages import describe

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
LEFTOVER_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def one(name: str, **kwargs) -> ParsedSheet:
    (sheet,) = parse_file(FIXTURES / name, **kwargs)
    return sheet


def people(sheet: ParsedSheet) -> list[tuple[int, str]]:
    return [(r.excel_row, r.full_name) for r in sheet.rows]


def rejections(sheet: ParsedSheet) -> list[tuple[int, str]]:
    return [(r.row, r.code) for r in sheet.rejected]


def assert_clean(rows: list[ImportRow]) -> None:
    for row in rows:
        for value in (row.full_name, row.position, row.organization, row.notes, row.category):
            assert unicodedata.is_normalized("NFC", value), value
            assert value == value.strip()
        assert row.phone == "" or re.fullmatch(r"0\d{9,10}|\+\d{8,15}", row.phone), row.phone
        assert row.email == row.email.lower()


def test_every_fixture_is_small():
    for path in FIXTURES.iterdir():
        assert path.stat().st_size < 50_000, path.name


def test_ministry_list():
    sheets = parse_file(FIXTURES / "ministry_list.xlsx", reject_invalid=True)
    assert [s.sheet for s in sheets] == ["DS đại biểu"]  # the instructions sheet has no header
    sheet = sheets[0]
    assert sheet.header_row == 7
    assert sheet.columns == {
        "stt": 0,
        "full_name": 1,
        "position": 2,
        "organization": 3,
        "phone": 4,
        "email": 5,
    }
    assert people(sheet) == [
        (10, "Nguyễn Văn Tiến"),
        (11, "Trần Thị Thủy"),
        (12, "Đặng Hùng"),
        (14, "Lê Thị Hương"),  # =CONCATENATE(...) read by its cached value
        (20, "Đỗ Văn Hùng"),
        (21, "Ngô Thị Thúy"),
    ]
    assert rejections(sheet) == [
        (13, "import.row.name_missing"),
        (18, "phone.letters"),
        (19, "email.invalid"),
    ]
    assert sheet.rows_read == 9
    # titles above the header are never rows; numbering, 2 sections, STT-only, blank-looking,
    # total, place/date and the signature block with the signers' names are skipped silently
    assert sheet.skipped == 10
    tien, thuy, hung, huong, do, ngo = sheet.rows
    assert (tien.honorific, tien.phone, tien.email) == ("Ông", "0912345678", "tien.nv@mic.gov.vn")
    assert (thuy.honorific, thuy.phone) == ("Bà", "0987654321")
    assert hung.organization == "Bộ Thông tin và Truyền thông"  # vertically merged cell
    assert hung.phone == "02439437777"
    assert huong.organization == "Bộ Thông tin và Truyền thông"  # =D10
    assert do.phone == "0912111222" and [w.code for w in do.warnings] == ["import.row.extra_phone"]
    assert ngo.phone == "" and ngo.email == ""
    assert {r.category for r in sheet.rows[:4]} == {"ĐẠI BIỂU CÁC BỘ, NGÀNH"}
    assert {r.category for r in sheet.rows[4:]} == {"ĐẠI BIỂU ĐỊA PHƯƠNG"}
    codes = [w.code for w in sheet.warnings]
    assert "import.section_category" in codes and "import.sheet_no_header" in codes
    assert_clean(sheet.rows)


def test_province_list_with_split_names_and_numeric_phones():
    sheet = one("province_split.xlsx")
    assert sheet.columns["family_name"] == 1 and sheet.columns["given_name"] == 2
    assert [(r.excel_row, r.full_name, r.phone, r.gender) for r in sheet.rows] == [
        (7, "Nguyễn Thị Thu Hà", "0912345678", "female"),
        (8, "Tôn Thất Thuyết", "0987654321", "male"),
        (10, "Phạm Văn Thành", "02033835555", "male"),
        (11, "Lê Hoàng Anh", "0366123456", ""),
        (12, "Bùi Quang Vinh", "0904555666", "male"),
    ]
    parts = sheet.rows[0].name_parts
    assert parts is not None and (parts.family, parts.middle, parts.given) == ("Nguyễn", "Thị Thu", "Hà")
    vinh = sheet.rows[4].name_parts
    assert vinh is not None and vinh.given == "Quang Vinh"
    assert sheet.rows[1].notes == "Đăng ký ăn trưa\nĐi cùng lái xe"
    assert [r.category for r in sheet.rows] == ["LÃNH ĐẠO TỈNH"] * 2 + ["CÁC SỞ, NGÀNH"] * 3
    assert rejections(sheet) == [(13, "import.row.name_missing")]
    assert [w.code for w in sheet.rows[3].warnings] == ["import.row.gender_unknown"]
    assert_clean(sheet.rows)


def test_asean_guest_list_in_english_with_foreign_phones():
    sheet = one("asean_guests.xlsx")
    assert sheet.columns["honorific"] == 1 and sheet.columns["position"] == 3
    assert [(r.honorific, r.full_name, r.phone, r.gender) for r in sheet.rows] == [
        ("H.E.", "Thansamay Kommasith", "+8562055612093", "male"),
        ("Mr", "Somchai Wongsawat", "+66812345678", "male"),
        ("Ms", "Tan Mei Ling", "+6591234567", "female"),
        ("Dr", "Ahmad Faizal bin Hassan", "+60123456789", "male"),
        ("Mrs", "Maria Clara Santos", "+639171234567", "female"),
        ("Mr", "Nguyen Manh Hung", "0912345678", "male"),
        ("Ms", "Sok Channary", "+85512345678", "female"),
    ]
    lao = sheet.rows[0]
    assert (lao.position, lao.delegation, lao.nationality, lao.email) == (
        "Minister",
        "Lao PDR",
        "Lao",
        "thansamay@mptc.gov.la",
    )
    assert sheet.rejected == []
    assert_clean(sheet.rows)


def test_excel_97_xls():
    sheet = one("newsroom_press.xls")
    assert people(sheet) == [
        (5, "Trịnh Văn Dũng"),
        (6, "Lưu Thị Ngọc Ánh"),
        (8, "Quách Minh Đức"),  # row 7 repeats the header: skipped
        (9, "Đinh Thị Hằng"),
    ]
    assert [(r.phone, r.email) for r in sheet.rows] == [
        ("0913000111", "dungtv@nhandan.vn"),
        ("0913000222", "anhltn@nhandan.vn"),
        ("0913000333", ""),
        ("02438254231", "hangdt@nhandan.vn"),
    ]
    assert sheet.rows[0].organization == "Báo Nhân Dân" and sheet.rows[0].notes == "Ảnh"
    assert sheet.rejected == [] and sheet.skipped == 2


def test_ods_with_a_two_row_header():
    sheet = one("press_guests.ods")
    assert sheet.header_row == 4
    assert sheet.columns["phone"] == 7 and sheet.columns["email"] == 8
    assert [
        (r.honorific, r.full_name, r.delegation, r.nationality, r.category, r.phone) for r in sheet.rows
    ] == [
        ("Ông", "Kim Young-soo", "Hàn Quốc", "Hàn Quốc", "Khách quốc tế", "+821012345678"),
        ("Bà", "Võ Thị Ngọc Hân", "", "Việt Nam", "Doanh nghiệp", "0888123456"),
        ("", "Phùng Xuân Nhạ", "", "Việt Nam", "Báo chí", "02438355931"),
    ]


CSV_EXPECTED = [
    (
        3,
        "Nguyễn Văn Tiến",
        "Ban Tuyên giáo Trung ương, Vụ Báo chí",
        "0912345678",
        "Dị ứng hải sản\nCần chỗ đỗ xe",
    ),
    (4, "Trần Thị Thủy", "Bộ Kế hoạch và Đầu tư", "0987654321", ""),
    (5, "Đặng Hùng", "Ủy ban Dân tộc", "0912345678", ""),  # "8.4912345678E10"
]


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter"),
    [
        ("guests_utf8_bom.csv", "utf-8-sig", ","),
        ("guests_utf8_semicolon.csv", "utf-8", ";"),
        ("guests_utf16_tab.txt", "utf-16", "\t"),
        ("guests_cp1258.csv", "cp1258", ";"),
    ],
)
def test_csv_encodings_and_delimiters(name, encoding, delimiter):
    sheet = one(name, reject_invalid=True)
    assert (sheet.encoding, sheet.delimiter) == (encoding, delimiter)
    assert [(r.excel_row, r.full_name, r.organization, r.phone, r.notes) for r in sheet.rows] == CSV_EXPECTED
    assert rejections(sheet) == [(6, "phone.letters")]
    lenient = one(name)  # by default the row is kept, its phone left empty with a warning
    assert rejections(lenient) == [] and len(lenient.rows) == len(CSV_EXPECTED) + 1
    kept = lenient.rows[-1]
    assert kept.excel_row == 6 and kept.phone == ""
    assert [(w.code, w.params["field"], w.params["error_code"]) for w in kept.warnings] == [
        ("import.row.field_dropped", "phone", "phone.letters")]
    assert sheet.skipped == 1  # the total line
    assert_clean(sheet.rows)


def test_csv_variants_share_a_header_signature():
    signatures = {
        one(name).header_signature
        for name in (
            "guests_utf8_bom.csv",
            "guests_utf8_semicolon.csv",
            "guests_utf16_tab.txt",
            "guests_cp1258.csv",
        )
    }
    assert len(signatures) == 1


def test_windows_1252_csv():
    sheet = one("guests_cp1252.csv")
    assert sheet.encoding == "cp1252"
    assert [(r.full_name, r.organization, r.nationality, r.phone) for r in sheet.rows] == [
        ("José Martínez", "Telefónica, S.A.", "Spain", "+34612345678"),
        ("Jürgen Müller", "Deutsche Telekom", "Germany", "+4915123456789"),
        ("François Lefèvre", "Orange", "France", "+33612345678"),
    ]
    assert sheet.legacy_encoding == {}
    assert "import.encoding_guessed" in [w.code for w in sheet.warnings]


LEGACY_EXPECTED = [
    ("Nguyễn Văn Tiến", "Giám đốc", "Sở Thông tin và Truyền thông Hà Nội", "Đã xác nhận"),
    ("Trần Thị Thủy", "Phó trưởng phòng", "Phòng Bưu chính, Viễn thông", ""),
    ("Đặng Quốc Hùng", "Chuyên viên chính", "Văn phòng Sở", "Đến muộn"),
    ("Phạm Thị Hương", "Kế toán trưởng", "Trung tâm Công nghệ thông tin", ""),
    ("Lê Đức Thắng", "Phó Giám đốc", "Sở Thông tin và Truyền thông Hà Nội", "Ăn chay"),
]


@pytest.mark.parametrize(("name", "encoding"), [("tcvn3_legacy.xlsx", "tcvn3"), ("vni_legacy.xlsx", "vni")])
def test_legacy_encodings_are_converted_and_reported(name, encoding):
    sheet = one(name)
    assert sheet.header_row == 3  # the header itself was typed in the legacy encoding
    assert [(r.full_name, r.position, r.organization, r.notes) for r in sheet.rows] == LEGACY_EXPECTED
    # the Unicode "Ghi chú" column and the ASCII phones are not reported as converted
    assert sheet.legacy_encoding == {"full_name": encoding, "position": encoding, "organization": encoding}
    (warning,) = [w for w in sheet.warnings if w.code == "import.legacy_converted"]
    assert warning.params["encoding"] == encoding
    assert not LEFTOVER_PLACEHOLDER.search(t("warning.import.legacy_converted", "vi", **warning.params))
    assert_clean(sheet.rows)


def test_tcvn3_caps_font_title_is_upper_case():
    from confman.core.registration.importing.legacy import convert_columns
    from confman.core.registration.importing.readers import read_sheets, sniff

    (data,) = read_sheets(sniff(FIXTURES / "tcvn3_legacy.xlsx"))
    assert data.fonts is not None and data.fonts[(0, 0)] == ".VnTimeH"
    rows = [list(r) for r in data.rows]
    convert_columns(rows, data.fonts)
    assert rows[0][0] == "DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ"


def test_hostile_content():
    sheet = one("hostile.xlsx")
    assert people(sheet) == [
        (2, "Nguyễn Văn Độc"),  # =HYPERLINK(...): the cached display text, never the link
        (4, "Lê Thị Hoa 🌸"),
        (6, "Phan Văn Khải"),  # zero-width space, bidi override and NBSP removed
        (8, "Nguyễn Văn Bình"),  # line break inside the name
        (9, "Nguyễn Thị Ánh Tuyết"),  # NFD in the file
    ]
    assert sheet.rows[0].organization == "Công ty <b>ABC</b> & Partners"
    assert sheet.rows[0].notes == "<script>alert(1)</script>"
    assert sheet.rows[2].position == "Trưởng phòng" and sheet.rows[2].organization == "Sở Tư pháp"
    assert sheet.rows[4].organization == "Bộ Y tế"
    assert [(r.row, r.code, r.params.get("field")) for r in sheet.rejected] == [
        (3, "import.row.formula", "full_name"),  # a text cell '=HYPERLINK("http://evil","x")'
        (5, "text.too_long", "full_name"),  # 500+ characters
        (7, "import.row.formula", "position"),  # DDE payload
    ]
    assert_clean(sheet.rows)


def test_list_sheets():
    assert [(s.name, s.rows, s.non_empty) for s in list_sheets(FIXTURES / "ministry_list.xlsx")] == [
        ("DS đại biểu", 24, True),
        ("Hướng dẫn", 2, True),
    ]
    assert [(s.name, s.non_empty) for s in list_sheets(FIXTURES / "empty.xlsx")] == [("Sheet1", False)]
    assert [s.name for s in list_sheets(FIXTURES / "guests_utf16_tab.txt")] == ["guests_utf16_tab"]


def test_choosing_a_sheet():
    assert [s.sheet for s in parse_file(FIXTURES / "ministry_list.xlsx", sheet="DS đại biểu")] == [
        "DS đại biểu"
    ]
    with pytest.raises(DomainError) as info:
        parse_file(FIXTURES / "ministry_list.xlsx", sheet="Hướng dẫn")
    assert info.value.code == "import.no_header"
    with pytest.raises(DomainError) as info:
        parse_file(FIXTURES / "ministry_list.xlsx", sheet="Nope")
    assert info.value.code == "import.sheet_not_found" and info.value.params["sheets"] == [
        "DS đại biểu",
        "Hướng dẫn",
    ]


def test_remembered_mapping_is_applied():
    first = one("ministry_list.xlsx", sheet="DS đại biểu")
    edited = dict(first.columns)
    edited["notes"] = edited.pop("position")  # the user maps "Chức vụ" to notes in the preview
    again = one("ministry_list.xlsx", sheet="DS đại biểu", mapping=edited)
    assert again.header_signature == first.header_signature
    assert again.columns == edited
    assert again.rows[0].notes == "Thứ trưởng" and again.rows[0].position == ""


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("corrupt.xlsx", "import.corrupt"),
        ("empty.xlsx", "import.empty"),
        ("empty.csv", "import.empty"),
        ("password.xlsx", "import.password_protected"),
        ("no_header.xlsx", "import.no_header"),
        ("web_page_no_table.xls", "import.unsupported_format"),
        ("web_xml_bomb.xls", "import.corrupt"),
    ],
)
def test_unreadable_files_raise_clear_codes(name, code):
    with pytest.raises(DomainError) as info:
        parse_file(FIXTURES / name)
    assert info.value.code == code
    assert info.value.params["file"] == name
    for lang in ("vi", "en"):
        message = describe(info.value, lang)
        assert name in message and not LEFTOVER_PLACEHOLDER.search(message), message


def test_password_file_renamed_and_other_bad_inputs(tmp_path):
    renamed = tmp_path / "renamed.xls"
    shutil.copyfile(FIXTURES / "password.xlsx", renamed)
    with pytest.raises(DomainError) as info:
        parse_file(renamed)
    assert info.value.code == "import.password_protected"

    doc = tmp_path / "notes.docx"
    doc.write_bytes(b"PK\x03\x04")
    with pytest.raises(DomainError) as info:
        parse_file(doc)
    assert (info.value.code, info.value.params["extension"]) == ("import.unsupported_format", ".docx")

    binary = tmp_path / "data.csv"
    binary.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(DomainError) as info:
        parse_file(binary)
    assert info.value.code == "import.encoding"

    header_only = tmp_path / "header_only.csv"
    header_only.write_text("STT,Họ và tên,Đơn vị\n", encoding="utf-8")
    with pytest.raises(DomainError) as info:
        parse_file(header_only)
    assert info.value.code == "import.empty"

    with pytest.raises(DomainError) as info:
        parse_file(tmp_path / "missing.xlsx")
    assert info.value.code == "import.not_found"


def test_tab_separated_text_named_xls(tmp_path):
    path = tmp_path / "export.xls"
    path.write_bytes("STT\tHọ và tên\tĐơn vị\n1\tNguyễn Văn An\tBộ Y tế\n".encode("utf-16"))
    assert people(one_path(path)) == [(2, "Nguyễn Văn An")]


def one_path(path: Path) -> ParsedSheet:
    (sheet,) = parse_file(path)
    return sheet


def test_a_bad_phone_or_email_keeps_the_delegate_with_the_field_empty():
    sheet = one("ministry_list.xlsx")
    assert rejections(sheet) == [(13, "import.row.name_missing")]  # no name: still rejected
    by_row = {r.excel_row: r for r in sheet.rows}
    phone_row, email_row = by_row[18], by_row[19]
    assert phone_row.phone == "" and email_row.email == ""
    assert [(w.params["field"], w.params["value"], w.params["error_code"]) for w in phone_row.warnings] == [
        ("phone", "09l2345678", "phone.letters")]
    assert [(w.params["field"], w.params["error_code"]) for w in email_row.warnings] == [("email", "email.invalid")]
    from confman.import_report import flag_reason

    assert flag_reason(phone_row, "vi") == (
        'Đã nhập đại biểu nhưng để trống Điện thoại: Số điện thoại ở trường Điện thoại có chữ cái: "09l2345678".')
    assert flag_reason(email_row, "en").startswith("Delegate imported with Email left empty: The email address")


def test_every_warning_and_rejection_has_a_message():
    for name in (
        "ministry_list.xlsx",
        "province_split.xlsx",
        "asean_guests.xlsx",
        "hostile.xlsx",
        "guests_cp1258.csv",
    ):
        for sheet in parse_file(FIXTURES / name):
            warnings = list(sheet.warnings) + [w for r in sheet.rows for w in r.warnings]
            for warning in warnings:
                for lang in ("vi", "en"):
                    text = warning_text(warning, lang)
                    assert text != warning.code and not LEFTOVER_PLACEHOLDER.search(text), text
            for rejection in sheet.rejected:
                for lang in ("vi", "en"):
                    text = describe(DomainError(rejection.code, **rejection.params), lang)
                    assert not LEFTOVER_PLACEHOLDER.search(text), text


def test_several_sheets_and_hidden_ones(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    central = wb.active
    central.title = "Trung ương"
    central.append(["STT", "Họ và tên", "Đơn vị"])
    central.append([1, "Nguyễn Văn An", "Bộ Y tế"])
    local = wb.create_sheet("Địa phương")
    local.append(["STT", "Họ và tên", "Đơn vị"])
    local.append([1, "Trần Thị Bình", "UBND tỉnh Lào Cai"])
    lookup = wb.create_sheet("Danh mục")
    lookup.append(["Họ và tên", "Giới tính"])
    lookup.append(["Mẫu Văn Ẩn", "Nam"])
    lookup.sheet_state = "hidden"
    path = tmp_path / "two_sheets.xlsx"
    wb.save(path)

    sheets = parse_file(path)
    assert [(s.sheet, s.rows[0].full_name) for s in sheets] == [
        ("Trung ương", "Nguyễn Văn An"),
        ("Địa phương", "Trần Thị Bình"),
    ]
    assert [(w.code, w.params) for w in sheets[0].warnings if w.code == "import.sheet_hidden"] == [
        ("import.sheet_hidden", {"sheet": "Danh mục"})
    ]
    assert [s.hidden for s in list_sheets(path)] == [False, False, True]
    (hidden,) = parse_file(path, sheet="Danh mục")
    assert hidden.rows[0].full_name == "Mẫu Văn Ẩn"

    only_hidden = openpyxl.Workbook()
    only_hidden.active.title = "Ghi chú"
    only_hidden.active.append(["Xem trang sau"])
    data = only_hidden.create_sheet("DS")
    data.append(["Họ và tên"])
    data.append(["Lê Văn Cường"])
    data.sheet_state = "hidden"
    path2 = tmp_path / "hidden_only.xlsx"
    only_hidden.save(path2)
    (sheet,) = parse_file(path2)
    assert sheet.sheet == "DS" and sheet.rows[0].full_name == "Lê Văn Cường"


@pytest.mark.parametrize(
    ("lines", "encoding"),
    [
        (["STT;Hä vµ tªn;§¬n vÞ", "1;NguyÔn V¨n TiÕn;Bé Tµi chÝnh", "2;TrÇn ThÞ Thñy;Bé Y tÕ"], "tcvn3"),
        (
            ["STT;Hoï vaø teân;Ñôn vò", "1;Nguyeãn Vaên Tieán;Boä Taøi chính", "2;Traàn Thò Thuûy;Boä Y teá"],
            "vni",
        ),
    ],
)
def test_legacy_csv_bytes(tmp_path, lines, encoding):
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    sheet = one_path(path)
    assert sheet.encoding == "cp1252"
    assert sheet.legacy_encoding == {"full_name": encoding, "organization": encoding}
    assert [(r.full_name, r.organization) for r in sheet.rows] == [
        ("Nguyễn Văn Tiến", "Bộ Tài chính"),
        ("Trần Thị Thủy", "Bộ Y tế"),
    ]


def test_xlsm_is_read_like_xlsx(tmp_path):
    path = tmp_path / "macro.xlsm"
    shutil.copyfile(FIXTURES / "ministry_list.xlsx", path)
    assert len(parse_file(path, reject_invalid=True)[0].rows) == 6
