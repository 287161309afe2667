"""``confman import`` / ``confman export`` through the real command line runner."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
FILE_KEYS = {"file", "sheet", "rows_read", "imported", "merged", "possible_duplicates", "rejected", "warnings",
             "flagged"}




def _table_state(db) -> tuple:
    with db.session() as session:
        return tuple(
            session.scalar(text(f"SELECT count(*) FROM {name}"))
            for name in ("delegates", "organizations", "audit_log", "import_mappings")
        )


def _backups() -> list[Path]:
    folder = Path(os.environ["CONFMAN_DATA_DIR"]) / "backups"
    return sorted(folder.glob("*before-import*")) if folder.exists() else []


def test_json_contract_is_exact(cli, db):
    ministry = str(FIXTURES / "ministry_list.xlsx")
    csv_file = str(FIXTURES / "guests_utf8_bom.csv")
    code, out, err = cli("import", ministry, csv_file, "--json")
    assert code == 0, err
    payload = json.loads(out)
    assert set(payload) == {"files", "imported", "merged", "rejected", "flagged"}
    assert [set(f) for f in payload["files"]] == [FILE_KEYS, FILE_KEYS]
    first, second = payload["files"]
    assert (first["file"], first["sheet"]) == (ministry, "DS đại biểu")
    assert (first["rows_read"], first["imported"], first["merged"], first["possible_duplicates"]) == (9, 8, 0, 0)
    assert [r["row"] for r in first["rejected"]] == [13]  # no name: the only row lost
    assert all(isinstance(r["reason"], str) and r["reason"] for r in first["rejected"])
    assert set(first["rejected"][0]) == {"row", "reason"}
    # a bad phone or e-mail: the delegate is imported, that field empty, the row flagged
    assert [(f["row"], f["field"], f["value"]) for f in first["flagged"]] == [
        (18, "phone", "09l2345678"), (19, "email", "thang.vd@@hcm.gov.vn")]
    assert set(first["flagged"][0]) == {"row", "full_name", "field", "value", "reason"}
    assert "09l2345678" in first["flagged"][0]["reason"] and "Điện thoại" in first["flagged"][0]["reason"]
    # the CSV repeats two ministry delegates with the same phone: merged, not duplicated; its
    # row 6 (phone with letters) is imported without the phone
    assert (second["file"], second["imported"], second["merged"]) == (csv_file, 2, 2)
    assert [f["row"] for f in second["flagged"]] == [6]
    assert (payload["imported"], payload["merged"], payload["rejected"], payload["flagged"]) == (10, 2, 1, 3)
    assert _table_state(db)[0] == 10
    with db.session() as session:
        stored = dict(session.execute(text("SELECT full_name, phone || '|' || email FROM delegates")).all())
    assert stored[first["flagged"][0]["full_name"]].startswith("|")  # phone empty, e-mail kept
    assert stored[first["flagged"][1]["full_name"]].endswith("|")  # e-mail empty
    assert len(_backups()) == 1


def test_strict_rejects_rows_with_a_bad_phone_or_email(cli, db):
    ministry = str(FIXTURES / "ministry_list.xlsx")
    code, out, err = cli("import", ministry, "--strict", "--json")
    assert code == 0, err
    payload = json.loads(out)
    first = payload["files"][0]
    assert [r["row"] for r in first["rejected"]] == [13, 18, 19]
    assert "09l2345678" in first["rejected"][1]["reason"]
    assert first["flagged"] == [] and (payload["imported"], payload["rejected"], payload["flagged"]) == (6, 3, 0)
    assert _table_state(db)[0] == 6


def test_flagged_rows_are_printed_and_written_to_the_rejected_rows_workbook(cli, tmp_path):
    code, out, _err = cli("import", str(FIXTURES / "ministry_list.xlsx"))
    assert code == 0
    assert "dòng 18" in out and "để trống Điện thoại" in out and "dòng 19" in out
    import openpyxl

    from confman.core.registration.importing import parse_file
    from confman.import_report import write_rejections_xlsx

    (sheet,) = parse_file(FIXTURES / "ministry_list.xlsx")
    path = write_rejections_xlsx(tmp_path / "loai.xlsx", sheet.rejected, "vi",
                                 flagged=[r for r in sheet.rows if r.warnings and r.excel_row in (18, 19)])
    rows = list(openpyxl.load_workbook(path).active.iter_rows(min_row=2, values_only=True))
    assert [r[2] for r in rows] == [13, 18, 19]
    assert rows[1][3].startswith("Đã nhập đại biểu nhưng để trống Điện thoại") and "09l2345678" in rows[1][3]


def test_sheet_option_and_text_output(cli):
    code, out, _err = cli("import", str(FIXTURES / "ministry_list.xlsx"), "--sheet", "DS đại biểu")
    assert code == 0
    assert "DS đại biểu" in out and "dòng 13" in out
    code, out, err = cli("import", str(FIXTURES / "ministry_list.xlsx"), "--sheet", "Không có")
    assert code == 2 and "Không có" in err


def test_on_duplicate_keep_and_possible_duplicates_are_counted(cli):
    ministry = str(FIXTURES / "ministry_list.xlsx")
    assert cli("import", ministry, "--json")[0] == 0
    _code, out, _err = cli("import", ministry, "--json", "--on-duplicate", "keep")
    again = json.loads(out)["files"][0]
    assert (again["imported"], again["merged"], again["possible_duplicates"]) == (8, 0, 1)
    _code, out, _err = cli("import", ministry, "--json", "--on-duplicate", "skip")
    again = json.loads(out)["files"][0]
    assert (again["imported"], again["merged"]) == (1, 0)  # only the possible duplicate, kept separately


def test_dry_run_writes_nothing(cli, db):
    before = _table_state(db)
    code, out, _err = cli("import", str(FIXTURES / "ministry_list.xlsx"), "--dry-run", "--json")
    assert code == 0
    payload = json.loads(out)
    assert (payload["imported"], payload["rejected"], payload["flagged"]) == (8, 1, 2)
    assert _table_state(db) == before
    assert _backups() == []


@pytest.mark.parametrize("name, words", [
    ("corrupt.xlsx", ("hỏng",)),
    ("empty.xlsx", ()),
    ("empty.csv", ()),
    ("password.xlsx", ("mật khẩu",)),
])
def test_unreadable_files_exit_non_zero_naming_the_file(cli, db, tmp_path, name, words):
    good = str(FIXTURES / "press_guests.ods")
    before = _table_state(db)
    code, out, err = cli("import", good, str(FIXTURES / name), "--json")
    assert code != 0 and out == ""
    assert name in err
    for word in words:
        assert word in err
    assert _table_state(db) == before  # the readable file was not imported either


def test_missing_file_is_reported(cli, tmp_path):
    code, _out, err = cli("import", str(tmp_path / "khong-co.xlsx"))
    assert code == 2 and "khong-co.xlsx" in err


def test_english_messages(cli, tmp_path):
    shutil.copy(FIXTURES / "password.xlsx", tmp_path / "secret list.xlsx")
    code, _out, err = cli("--lang", "en", "import", str(tmp_path / "secret list.xlsx"))
    assert code == 2 and "secret list.xlsx" in err and "password" in err.lower()


def test_export_command(cli, tmp_path):
    cli("import", str(FIXTURES / "press_guests.ods"))
    code, out, _err = cli("export", str(tmp_path / "all.csv"))
    assert code == 0 and "3" in out
    assert (tmp_path / "all.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    code, out, _err = cli("export", str(tmp_path / "press.xlsx"), "--category", "BC")
    assert code == 0 and (tmp_path / "press.xlsx").exists()
    code, out, _err = cli("export", str(tmp_path / "search.xlsx"), "--search", "Kim")
    assert code == 0
    code, _out, _err = cli("export", str(tmp_path / "x.xlsx"), "--category", "không-có")
    assert code == 2
