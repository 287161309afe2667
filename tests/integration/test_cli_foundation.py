"""The command line of the foundation: version, events, demo, backup/restore and its errors."""

from __future__ import annotations

import json
import os
import sys

import pytest

from confman import __version__
from confman.cli import run


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        run(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"confman {__version__}"


def test_event_create_then_list_as_json(capsys, sqlite_url):
    code, out, _ = _run(capsys, "--db", sqlite_url, "event", "create", "--name", "Hội nghị tổng kết ASEAN",
                        "--name-en", "ASEAN review", "--code", "ASEAN2018", "--start", "2018-12-12",
                        "--end", "2018-12-13", "--venue", "Hà Nội")
    assert code == 0 and "ASEAN2018" in out
    code, out, _ = _run(capsys, "--db", sqlite_url, "event", "list", "--json")
    assert code == 0
    events = json.loads(out)
    assert events == [{"id": 1, "code": "ASEAN2018", "name": "Hội nghị tổng kết ASEAN", "name_en": "ASEAN review",
                       "venue": "Hà Nội", "start": "2018-12-12", "end": "2018-12-13", "delegates": 0}]


def test_most_recent_event_is_the_default(capsys, sqlite_url, db):
    from confman.cli.context import CliContext

    for code in ("A1", "B2"):
        _run(capsys, "--db", sqlite_url, "event", "create", "--name", code, "--code", code,
             "--start", "2026-01-01", "--end", "2026-01-02")
    from argparse import Namespace

    from confman.core.settings import Settings

    ctx = CliContext(args=Namespace(db=sqlite_url, event=None), settings=Settings())
    assert ctx.event().code == "B2"
    ctx.args.event = "a1"
    assert ctx.event().code == "A1"
    ctx.close()


def test_errors_are_one_translated_line_on_stderr(capsys, sqlite_url):
    args = ("--db", sqlite_url, "event", "create", "--name", "X", "--code", "X1", "--start", "2026-02-02",
            "--end", "2026-02-01")
    code, out, err = _run(capsys, *args)
    assert code == 2 and out == ""
    assert err.strip() == "Lỗi: Ngày kết thúc (2026-02-01) trước ngày bắt đầu (2026-02-02)."
    code, _, err = _run(capsys, "--lang", "en", *args)
    assert err.strip() == "Error: The end date (2026-02-01) is before the start date (2026-02-02)."
    code, _, err = _run(capsys, "--db", sqlite_url, "--lang", "en", "event", "list")
    assert code == 2 and "There is no event yet" in err


def test_duplicate_event_code_is_refused(capsys, sqlite_url):
    args = ("--db", sqlite_url, "event", "create", "--name", "X", "--code", "DUP", "--start", "2026-02-02",
            "--end", "2026-02-03")
    assert _run(capsys, *args)[0] == 0
    code, _, err = _run(capsys, *args)
    assert code == 2 and "DUP" in err


def test_demo_creates_a_living_conference(capsys, sqlite_url):
    code, out, _ = _run(capsys, "--db", sqlite_url, "demo", "--json")
    assert code == 0
    summary = json.loads(out)
    assert summary["delegates"] >= 300 and summary["agenda_items"] >= 10 and summary["presentations"] >= 5
    code, out, _ = _run(capsys, "--db", sqlite_url, "event", "list", "--json")
    assert json.loads(out)[0]["delegates"] == summary["delegates"]


def test_unreachable_postgres_is_one_clear_error(capsys, pg_driver):
    code, out, err = _run(capsys, "--lang", "en", "--db", "postgresql+psycopg://u:topsecret@127.0.0.1:1/confman",
                          "event", "list")
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: Cannot connect to the database")
    assert "topsecret" not in err


def test_read_only_data_folder_is_reported(capsys, tmp_path, monkeypatch):
    """CI runs as root, which ignores permission bits: simulate the OS refusing writes there."""
    from pathlib import Path

    folder = tmp_path / "locked"
    real_write_bytes = Path.write_bytes

    def refuse(self: Path, data: bytes) -> int:
        if self.parent == folder:
            raise PermissionError(13, "Permission denied")
        return real_write_bytes(self, data)

    monkeypatch.setattr(Path, "write_bytes", refuse)
    code, out, err = _run(capsys, "--lang", "en", "--create", "--db", f"sqlite:///{folder / 'x.sqlite3'}", "event",
                          "list")
    assert code == 2 and out == ""
    assert err.strip() == f"Error: Cannot write to the data folder {folder} (Permission denied). " \
                          "Choose another folder or check its permissions."
    assert not (folder / "x.sqlite3").exists()


def test_backup_and_restore_from_the_command_line(capsys, sqlite_url, tmp_path):
    _run(capsys, "--db", sqlite_url, "event", "create", "--name", "Một", "--code", "ONE", "--start", "2026-03-01",
         "--end", "2026-03-01")
    target = tmp_path / "manual.sqlite3"
    code, out, _ = _run(capsys, "--db", sqlite_url, "backup", str(target))
    assert code == 0 and target.exists()
    _run(capsys, "--db", sqlite_url, "event", "create", "--name", "Hai", "--code", "TWO", "--start", "2026-03-01",
         "--end", "2026-03-01")
    code, out, _ = _run(capsys, "--db", sqlite_url, "restore", str(target))
    assert code == 0
    _, out, _ = _run(capsys, "--db", sqlite_url, "event", "list", "--json")
    assert [e["code"] for e in json.loads(out)] == ["ONE"]


def test_restore_of_a_non_confman_file_changes_nothing(capsys, sqlite_url, tmp_path):
    _run(capsys, "--db", sqlite_url, "event", "create", "--name", "Một", "--code", "ONE", "--start", "2026-03-01",
         "--end", "2026-03-01")
    bogus = tmp_path / "danh-sach.xlsx"
    bogus.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    code, _, err = _run(capsys, "--lang", "en", "--db", sqlite_url, "restore", str(bogus))
    assert code == 2 and "is not a confman database backup" in err and str(bogus) in err
    _, out, _ = _run(capsys, "--db", sqlite_url, "event", "list", "--json")
    assert [e["code"] for e in json.loads(out)] == ["ONE"]


def test_module_entry_point_runs(tmp_path):
    import subprocess

    env = dict(os.environ, CONFMAN_DATA_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "confman", "--version"], capture_output=True, text=True,
                            env=env, check=False, cwd=os.getcwd())
    assert result.returncode == 0 and result.stdout.strip() == f"confman {__version__}"
