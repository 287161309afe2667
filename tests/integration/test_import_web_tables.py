"""Lists exported by web systems as .xls (HTML tables, Excel 2003 XML) imported end to end: the
delegates that land in the database, the review plan, and what the command line says when it refuses
a file (fixtures: tests/fixtures/import/make_web_fixtures.py)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select, text

from confman.core.registration.importing import parse_file
from confman.core.registration.importing.apply import apply_plan
from confman.core.registration.importing.plan import RowAction, build_plan
from confman.core.registration.importing.readers import read_sheets, sniff
from confman.core.registration.models import Delegate, Organization

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
PORTAL = ("web_portal_utf8.xls", "web_portal_utf16.xls", "web_portal_cp1258.xls")

PORTAL_DELEGATES = [
    ("Nguyễn Văn Tiến", "Phó Vụ trưởng Vụ Hợp tác quốc tế", "Sở Thông tin & Truyền thông", "0912345678",
     "tien.nv@mic.gov.vn"),
    ("Trần Thị Thủy", "Chuyên viên", "Sở Thông tin & Truyền thông", "0987654321", ""),  # rowspan: same unit
    ("Lê Văn Hải", "Giám đốc", "Sở Y tế", "0905123456", "haile@syt.quangnam.gov.vn"),
    ("Đặng Thị Ngọc Ánh", "Phó Chánh Văn phòng", "UBND tỉnh Quảng Nam", "02353812345", "anhdtn@quangnam.gov.vn"),
]


def stored(db, event_id) -> list[tuple[str, str, str, str, str]]:
    with db.session() as session:
        rows = session.execute(
            select(Delegate.full_name, Delegate.position, Organization.name, Delegate.phone, Delegate.email)
            .outerjoin(Organization, Organization.id == Delegate.organization_id)
            .where(Delegate.event_id == event_id, Delegate.deleted_at.is_(None))
            .order_by(Delegate.id)
        ).all()
    return [(r[0], r[1], r[2] or "", r[3], r[4]) for r in rows]


def import_file(db, event_id, path: Path):
    sheets = parse_file(path)
    plan = build_plan(db, event_id, sheets)
    return sheets, plan, apply_plan(db, plan, event_id=event_id)


@pytest.mark.parametrize("name", PORTAL)
def test_portal_export_lands_the_same_delegates_in_every_encoding(db, make_event, name):
    event = make_event()
    sheets, plan, result = import_file(db, event.id, FIXTURES / name)
    (sheet,) = sheets
    assert (sheet.sheet, sheet.header_row) == ("Bảng 1", 4)  # title, invitation line, two-row header
    assert sheet.columns == {"stt": 0, "full_name": 1, "position": 2, "organization": 3, "phone": 4, "email": 5}
    assert sheet.skipped == 1  # "Tổng số: 6 đại biểu"
    # NGUYỄN VĂN TIẾN, listed again with the same phone written 0912.345.678, is merged into row 1
    assert [r.action for r in plan.rows] == [RowAction.NEW, RowAction.NEW, RowAction.NEW, RowAction.MERGE,
                                              RowAction.NEW]
    assert plan.rows[3].row_index == 0
    assert (result.imported, result.merged, result.rejected) == (4, 1, 1)
    (formula,) = sheet.rejected
    assert (formula.row, formula.code, formula.params["field"]) == (7, "import.row.formula", "full_name")
    delegates = stored(db, event.id)
    assert delegates == PORTAL_DELEGATES
    assert all(unicodedata.is_normalized("NFC", part) for row in delegates for part in row)
    guessed = [w.params["encoding"] for w in sheet.warnings if w.code == "import.encoding_guessed"]
    assert guessed == (["cp1258"] if name.endswith("cp1258.xls") else [])


def as_xlsx(path: Path, target: Path) -> Path:
    """The same grid saved as an xlsx workbook with the same merged ranges (what Excel would save)."""
    (sheet,) = read_sheets(sniff(path))
    wb = Workbook()
    ws = wb.active
    ws.title = sheet.name
    for row in sheet.rows:
        ws.append([value if value != "" else None for value in row])
    for r0, c0, r1, c1 in sheet.merged:
        ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    wb.save(target)
    return target


def test_a_web_table_reviews_and_imports_exactly_as_the_same_xlsx(db, make_event, make_delegate, tmp_path):
    event = make_event()
    make_delegate(event.id, "Lê Văn Hải", organization="Sở Y tế", phone="0905123456", position="Phó Giám đốc")
    make_delegate(event.id, "Trần Thị Thúy", organization="Sở Thông tin & Truyền thông", phone="0987654321")
    web = parse_file(FIXTURES / "web_portal_utf8.xls")
    xlsx = parse_file(as_xlsx(FIXTURES / "web_portal_utf8.xls", tmp_path / "same.xlsx"))
    assert [(r.excel_row, r.full_name, r.position, r.organization, r.phone, r.email) for r in web[0].rows] == \
        [(r.excel_row, r.full_name, r.position, r.organization, r.phone, r.email) for r in xlsx[0].rows]
    web_plan, xlsx_plan = build_plan(db, event.id, web), build_plan(db, event.id, xlsx)
    summary = [(r.action, r.reason, r.existing_id, r.row_index) for r in web_plan.rows]
    assert summary == [(r.action, r.reason, r.existing_id, r.row_index) for r in xlsx_plan.rows]
    actions = [r.action for r in web_plan.rows]
    assert actions == [RowAction.NEW, RowAction.POSSIBLE, RowAction.MERGE, RowAction.MERGE, RowAction.NEW]
    assert web_plan.rows[1].reason == "tone_marks"  # Thủy vs Thúy: never merged, shown for a decision
    result = apply_plan(db, web_plan, event_id=event.id)
    assert (result.imported, result.merged, result.possible_duplicates) == (3, 2, 1)
    hai = [d for d in stored(db, event.id) if d[0] == "Lê Văn Hải"]
    assert hai == [("Lê Văn Hải", "Phó Giám đốc", "Sở Y tế", "0905123456", "haile@syt.quangnam.gov.vn")]


def test_hr_spreadsheetml_imports_its_visible_list(db, make_event):
    event = make_event()
    sheets, _plan, result = import_file(db, event.id, FIXTURES / "web_hr_2003.xls")
    (sheet,) = sheets
    assert (sheet.sheet, sheet.header_row, sheet.skipped) == ("Danh sách cử đi", 3, 2)  # place-date and signer
    assert [(w.code, w.params.get("sheet") or w.params.get("names")) for w in sheet.warnings] == [
        ("import.columns_ignored", "Ngày sinh"), ("import.sheet_hidden", "Tham số"),
    ]
    assert (result.imported, result.rejected) == (3, 0)
    assert stored(db, event.id) == [
        ("Phạm Thị Hồng Nhung", "Trưởng phòng", "Sở Nội vụ tỉnh Quảng Nam", "0904111222", "nhungpth@quangnam.gov.vn"),
        ("Võ Minh Quân", "Chuyên viên", "Sở Nội vụ tỉnh Quảng Nam", "0983456789", ""),  # merged down; a number
        ("Hồ Thị Kim Chi", "Phó Giám đốc Trung tâm Phục vụ hành chính công", "Văn phòng UBND tỉnh", "",
         "chihtk@quangnam.gov.vn"),
    ]
    with db.session() as session:
        genders = session.scalars(select(Delegate.gender).where(Delegate.event_id == event.id).order_by(Delegate.id))
        assert list(genders) == ["female", "male", "female"]
    hidden = parse_file(FIXTURES / "web_hr_2003.xls", sheet="Tham số")  # asked for by name: read
    assert hidden[0].rows[0].full_name == "Người Mẫu Ẩn"


@pytest.mark.parametrize("name", ["ministry_list", "hostile"])
def test_a_workbook_saved_as_a_web_page_by_libreoffice_parses_as_the_workbook(name):
    """``NAME_web.xls`` is LibreOffice's HTML export of ``NAME.xlsx`` (make_fixtures.py): a real producer's
    page, headings and all, must give the same delegates and the same rejections."""
    workbook, web = parse_file(FIXTURES / f"{name}.xlsx"), parse_file(FIXTURES / f"{name}_web.xls")

    def rows(sheets):
        return [(r.excel_row, r.full_name, r.position, r.organization, r.phone, r.email, r.category, r.notes)
                for s in sheets for r in s.rows]

    def rejected(sheets):
        return [(x.row, x.code, x.params.get("field")) for s in sheets for x in s.rejected]

    assert rows(web) == rows(workbook) and rows(web)
    assert rejected(web) == rejected(workbook)
    if name == "ministry_list":  # LibreOffice heads each sheet "Sheet N: name"; the instructions are no list
        assert [s.sheet for s in web] == ["Sheet 1: DS đại biểu"]
        assert ("import.sheet_no_header", {"sheet": "Sheet 2: Hướng dẫn"}) in [(w.code, w.params) for w in web[0].warnings]


# --- the command line ---------------------------------------------------------------------------




def counts(db) -> tuple[int, int]:
    with db.session() as session:
        return (session.scalar(text("SELECT count(*) FROM delegates")),
                session.scalar(text("SELECT count(*) FROM organizations")))


def test_cli_imports_a_web_export(cli, db):
    code, out, err = cli("import", str(FIXTURES / "web_portal_cp1258.xls"), "--dry-run")
    assert code == 0, err
    assert "web_portal_cp1258.xls — Bảng 1: đọc 6 dòng, nhập mới 4, gộp 1" in out
    code, out, err = cli("import", str(FIXTURES / "web_hr_2003.xls"), "--json")
    assert code == 0, err
    (entry,) = json.loads(out)["files"]
    assert (entry["sheet"], entry["imported"], entry["rejected"]) == ("Danh sách cử đi", 3, [])


@pytest.mark.parametrize(
    ("name", "lang", "message"),
    [
        ("web_page_no_table.xls", "vi",
         "Lỗi: Tệp web_page_no_table.xls là một trang web (HTML) không có bảng nào, nên không có danh sách để "
         "nhập. Hãy xuất lại danh sách từ hệ thống dưới dạng bảng, hoặc mở trang bằng trình duyệt, chép danh "
         "sách sang một sổ làm việc Excel mới rồi lưu lại."),
        ("web_page_no_table.xls", "en",
         "Error: web_page_no_table.xls is a web page (HTML) with no table, so there is no list to import. "
         "Export the list from the system again as a table, or open the page in a browser, copy the list into a "
         "new Excel workbook and save it."),
        ("web_xml_bomb.xls", "vi",
         "Lỗi: Tệp web_xml_bomb.xls bị hỏng hoặc không phải bảng tính hợp lệ. Hãy mở bằng Excel, lưu lại rồi "
         "nhập lại."),
    ],
)
def test_cli_refusals_say_what_the_file_is(cli, db, name, lang, message):
    before = counts(db)
    code, out, err = cli("--lang", lang, "import", str(FIXTURES / "web_portal_utf8.xls"), str(FIXTURES / name))
    assert code == 2 and out == ""
    assert err.strip() == message
    assert counts(db) == before  # the readable page before it was not imported either
