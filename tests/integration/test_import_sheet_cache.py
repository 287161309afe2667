"""One import session reads each file once (``SheetCache``): another sheet, another column mapping or
the preview parse the cells already read; a file saved again since is read again."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from openpyxl import Workbook

from confman.core.errors import DomainError
from confman.core.registration.importing import list_sheets, parse_file, sheet_cache
from confman.core.registration.importing.mappings import parse_with_memory
from confman.core.registration.importing.preview import sheet_preview
from confman.core.registration.importing.sheet_cache import SheetCache

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
DETECTED = {"stt": 0, "full_name": 1, "position": 2, "organization": 3, "phone": 4, "email": 5}


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[str] | None]]:
    """Every call of the reader (``readers.read_sheets``) made for a sheet list: file name and sheets asked."""
    calls: list[tuple[str, list[str] | None]] = []
    reader = sheet_cache.read_sheets

    def spy(source, names=None):
        calls.append((source.path.name, names))
        return reader(source, names)

    monkeypatch.setattr(sheet_cache, "read_sheets", spy)
    return calls


@pytest.fixture
def portal(tmp_path: Path) -> Path:
    """The portal's HTML page saved as .xls (Windows-1258, a two-row header, a rowspan), copied to edit."""
    path = tmp_path / "web_portal_cp1258.xls"
    shutil.copyfile(FIXTURES / "web_portal_cp1258.xls", path)
    return path


def saved_again(path: Path, old: bytes, new: bytes) -> None:
    """``path`` with ``old`` replaced by ``new`` and a modification time two seconds later."""
    before = path.stat().st_mtime_ns
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new))
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


def test_another_mapping_is_parsed_from_the_cells_already_read(portal, reads):
    cache = SheetCache()
    assert [(s.name, s.rows) for s in list_sheets(portal, cache=cache)] == [("Bảng 1", 11)]
    (detected,) = parse_file(portal, sheet="Bảng 1", cache=cache)
    assert detected.columns == DETECTED
    assert [(r.full_name, r.position) for r in detected.rows][:2] == [
        ("Nguyễn Văn Tiến", "Phó Vụ trưởng Vụ Hợp tác quốc tế"), ("Trần Thị Thủy", "Chuyên viên")]

    # the organiser ignores the position column and takes column D as notes instead of the unit
    remapped = {"stt": 0, "full_name": 1, "notes": 3, "phone": 4, "email": 5}
    (again,) = parse_file(portal, sheet="Bảng 1", mapping=remapped, cache=cache)
    assert [(r.full_name, r.position, r.organization, r.notes) for r in again.rows][:2] == [
        ("Nguyễn Văn Tiến", "", "", "Sở Thông tin & Truyền thông"),
        ("Trần Thị Thủy", "", "", "Sở Thông tin & Truyền thông"),  # the rowspan still fills the merged cell
    ]
    preview = sheet_preview(portal, "Bảng 1", header_row=detected.header_row, cache=cache)
    assert preview.rows[1][1] == "Nguyễn Văn Tiến"
    (back,) = parse_file(portal, sheet="Bảng 1", cache=cache)  # the first mapping again: the same rows
    assert back.rows == detected.rows and back.rejected == detected.rejected

    assert reads == [("web_portal_cp1258.xls", None)]  # one read for the sheet list, the parses and the preview
    assert cache.reads == 1 and portal in cache


def test_without_a_cache_every_call_reads_the_file(portal, reads):
    parse_file(portal)
    parse_file(portal, mapping={"full_name": 1})
    assert len(reads) == 2


def test_a_file_saved_again_is_read_again(portal, reads):
    cache = SheetCache()
    (first,) = parse_file(portal, cache=cache)
    assert "Lê Văn Hải" in [r.full_name for r in first.rows] and cache.reads == 1

    saved_again(portal, b"0905123456", b"0905123457")  # same size, a later modification time
    (second,) = parse_file(portal, cache=cache)
    assert [r.phone for r in second.rows if r.full_name == "Lê Văn Hải"] == ["0905123457"]
    assert cache.reads == 2

    saved_again(portal, b"0905123457", b"0905 123 458")  # another size: read again
    (third,) = parse_file(portal, cache=cache, mapping={"full_name": 1, "phone": 4})
    assert [r.phone for r in third.rows if r.full_name == "Lê Văn Hải"] == ["0905123458"]
    parse_file(portal, cache=cache)
    assert cache.reads == 3 and len(reads) == 3

    # swapped for a file of the same size with the old modification time put back: still noticed
    kept = portal.stat().st_mtime_ns
    data = portal.read_bytes().replace(b"0905 123 458", b"0905 123 459")
    swapped = portal.with_name("swap.tmp")
    swapped.write_bytes(data)
    os.utime(swapped, ns=(kept, kept))
    os.replace(swapped, portal)
    assert portal.stat().st_mtime_ns == kept and portal.stat().st_size == len(data)
    (fourth,) = parse_file(portal, cache=cache)
    assert [r.phone for r in fourth.rows if r.full_name == "Lê Văn Hải"] == ["0905123459"]
    assert cache.reads == 4


def test_parsing_leaves_the_kept_cells_as_read(portal):
    cache = SheetCache()
    (sheet,) = cache.sheets(portal)
    before = [list(row) for row in sheet.rows]
    assert any(merge[0] < merge[2] for merge in sheet.merged)  # a rowspan: parsing fills a copy of the grid
    first = parse_file(portal, cache=cache)
    parse_file(portal, cache=cache, mapping={"full_name": 1, "organization": 3})
    sheet_preview(portal, "Bảng 1", header_row=4, cache=cache)
    assert [list(row) for row in cache.sheets(portal)[0].rows] == before
    assert parse_file(portal, cache=cache)[0].rows == first[0].rows


def workbook(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


HEADER = ["STT", "Họ và tên", "Đơn vị"]


def test_a_workbook_reads_the_sheets_asked_for_then_keeps_them(tmp_path, reads):
    path = workbook(tmp_path / "hai_tinh.xlsx", {
        "Quảng Nam": [HEADER, ["1", "Lê Văn Hải", "Sở Y tế"]],
        "Đà Nẵng": [HEADER, ["1", "Trần Thị Thúy", "Sở TT&TT"]],
    })  # fmt: skip
    cache = SheetCache()
    (da_nang,) = parse_file(path, sheet="Đà Nẵng", cache=cache)
    assert [r.full_name for r in da_nang.rows] == ["Trần Thị Thúy"]
    assert reads == [("hai_tinh.xlsx", ["Đà Nẵng"])]  # only the sheet asked for
    assert [s.name for s in list_sheets(path, cache=cache)] == ["Quảng Nam", "Đà Nẵng"]
    (quang_nam,) = parse_file(path, sheet="Quảng Nam", cache=cache)
    parse_file(path, sheet="Đà Nẵng", mapping={"full_name": 1}, cache=cache)
    assert [r.full_name for r in quang_nam.rows] == ["Lê Văn Hải"]
    assert reads == [("hai_tinh.xlsx", ["Đà Nẵng"]), ("hai_tinh.xlsx", None)]

    with pytest.raises(DomainError) as missing:  # known not to be there: no read to find out
        parse_file(path, sheet="Huế", cache=cache)
    assert missing.value.code == "import.sheet_not_found"
    assert missing.value.params["available"] == "Quảng Nam, Đà Nẵng"
    assert len(reads) == 2


def test_memory_stays_bounded_and_closing_lets_everything_go(tmp_path, portal, reads):
    other = tmp_path / "khach_moi.csv"
    other.write_text("Họ và tên;Đơn vị\nLê Văn Hải;Sở Y tế\n", encoding="utf-8")
    cache = SheetCache(max_cells=60)  # the portal's page alone holds 66 cells: only the last file stays
    parse_file(portal, cache=cache)
    assert portal in cache and cache.cells == 66
    parse_file(other, cache=cache)
    assert other in cache and portal not in cache and cache.cells == 4
    parse_file(portal, cache=cache)
    assert cache.reads == 3 and portal in cache and other not in cache

    cache.forget(portal)  # a file taken off the import
    assert cache.cells == 0
    parse_file(portal, cache=cache)
    cache.close()
    assert portal not in cache and cache.cells == 0
    parse_file(portal, cache=cache)  # after closing a read still works but keeps nothing
    assert portal not in cache and cache.reads == 5


def test_two_steps_asking_at_once_wait_for_one_read(portal, monkeypatch):
    reader = sheet_cache.read_sheets
    started = threading.Event()

    def slow(source, names=None):
        started.set()
        time.sleep(0.3)
        return reader(source, names)

    monkeypatch.setattr(sheet_cache, "read_sheets", slow)
    cache = SheetCache()
    found: list[int] = []
    threads = [threading.Thread(target=lambda: found.append(len(parse_file(portal, cache=cache)[0].rows)))
               for _ in range(2)]  # fmt: skip
    threads[0].start()
    started.wait(5)
    threads[1].start()
    for thread in threads:
        thread.join(10)
    assert found == [5, 5] and cache.reads == 1


def test_parse_with_memory_reads_once_when_a_remembered_mapping_re_parses(db, portal, reads):
    from confman.core.registration.importing.mappings import remember_mapping

    remembered = {"stt": 0, "full_name": 1, "organization": 3, "phone": 4}
    with db.session() as session:
        signature = parse_file(portal)[0].header_signature
        remember_mapping(session, signature, remembered)
    reads.clear()
    (parsed,) = parse_with_memory(db, portal, sheet="Bảng 1")
    assert parsed.columns == remembered and parsed.rows[0].position == ""
    assert len(reads) == 1


def test_a_sheet_the_page_lacks_is_refused_and_the_page_kept(portal, reads):
    cache = SheetCache()
    with pytest.raises(DomainError) as missing:
        parse_file(portal, sheet="Bảng 2", cache=cache)
    assert missing.value.code == "import.sheet_not_found" and missing.value.params["available"] == "Bảng 1"
    (parsed,) = parse_file(portal, sheet="Bảng 1", cache=cache)
    assert parsed.rows[0].full_name == "Nguyễn Văn Tiến"
    assert len(reads) == 1
