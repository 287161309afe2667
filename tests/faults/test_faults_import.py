"""Bad bytes cost one cell, not the file (issue 13, case 7).

A UTF-8 CSV with a NUL byte in one cell used to be detected as UTF-16 ("binary") and refused
whole. Now the encoding is decoded, not guessed, and NUL or other control characters are removed
from their cell with a warning on that row; every other row imports.
"""

from __future__ import annotations

import codecs
import json
import sqlite3
from contextlib import closing

import pytest

from confman.core.errors import DomainError
from confman.core.registration.importing import parse_file
from confman.core.registration.importing.readers import decode_text
from confman.import_report import warning_text

ROWS = [
    ("1", "Nguyễn Văn An", "Bộ Y tế", "0912345678"),
    ("2", "Trần Thị Bình", "Bộ Tài chính", "0987654321"),
    ("3", "Lê Văn Cường", "Sở Thông tin và Truyền thông Hà Nội", "0903111222"),
    ("4", "Phạm Thị Dung", "Báo Nhân Dân", "0904222333"),
]


def _csv(rows=ROWS) -> str:
    return "STT,Họ và tên,Đơn vị,Điện thoại\n" + "".join(",".join(r) + "\n" for r in rows)


def test_a_nul_byte_in_one_cell_costs_that_cell_only_and_warns_on_its_row(tmp_path, live, demo, faults):
    data = _csv().encode("utf-8").replace("Trần Thị Bình".encode(), "Trần Thị\x00 Bình".encode())
    path = tmp_path / "danh_sach.csv"
    path.write_bytes(data)

    proc = faults.run_cli("import", str(path), "--json")

    assert proc.returncode == 0, proc.stderr
    payload = json.loads(proc.stdout)
    assert payload["imported"] == 4 and payload["rejected"] == 0
    (warning,) = payload["files"][0]["warnings"]
    assert warning["row"] == 3 and "Column B (Họ và tên)" in warning["warning"] and "NUL" in warning["warning"]
    with closing(sqlite3.connect(live.sqlite_path)) as conn:
        names = {r[0] for r in conn.execute("SELECT full_name FROM delegates WHERE event_id = ?", (demo.id,))}
    assert {r[1] for r in ROWS} <= names  # the cleaned name too, without the NUL
    text = faults.run_cli("import", str(path), "--dry-run")
    assert "danh_sach, row 3: Column B (Họ và tên): removed 1 invisible control character(s)" in text.stdout


@pytest.mark.parametrize("junk", ["\x00", "\x07\x1b", "\x0b", "\x00\x00\x00"])
def test_control_characters_are_removed_with_a_warning_on_that_row_only(tmp_path, junk):
    rows = [list(r) for r in ROWS]
    rows[3][2] = "Báo" + junk + " Nhân Dân"
    path = tmp_path / "list.csv"
    path.write_bytes(_csv([tuple(r) for r in rows]).encode("utf-8"))
    (sheet,) = parse_file(path)
    assert sheet.encoding == "utf-8"
    assert [r.organization for r in sheet.rows][3] == "Báo Nhân Dân"
    warned = {r.excel_row: [warning_text(w, "en") for w in r.warnings] for r in sheet.rows if r.warnings}
    assert list(warned) == [5]
    assert f"Column C (Đơn vị): removed {len(junk)} invisible" in warned[5][0]


@pytest.mark.parametrize(("data", "encoding"), [
    (codecs.BOM_UTF8 + _csv().encode("utf-8"), "utf-8-sig"),
    (_csv().encode("utf-16"), "utf-16"),
    (_csv().encode("utf-16-le"), "utf-16-le"),  # no byte-order mark: NUL on every other byte
    (_csv().encode("utf-16-be"), "utf-16-be"),
    (_csv().replace("Bình", "B\x00ình").encode("utf-8"), "utf-8"),
])
def test_encodings_are_decoded_not_guessed_from_nul_counts(data, encoding):
    text, found = decode_text(data, "x.csv")
    assert found == encoding and "Nguyễn Văn An" in text


def test_binary_content_is_still_refused_naming_the_file(tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(bytes(range(256)) * 16)
    with pytest.raises(DomainError) as err:
        parse_file(path)
    assert err.value.code == "import.encoding" and err.value.params["file"] == "photo.csv"
