"""A missing database is never created by accident (issue 13, case 9).

A mistyped ``--db``, an unplugged USB stick behind ``CONFMAN_DB_URL`` or a stale Settings entry
used to start an empty database (folders included) and show "no events". Now an explicit path
that does not exist is refused, naming it, and nothing — no file, no folder — is created; the
creating commands, ``--create`` and the window's question create it; the default per-user
location is created silently on first run.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from confman.core.errors import DomainError


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


@pytest.fixture
def fresh(tmp_path: Path) -> dict[str, str]:
    """A data folder that does not exist yet, and a typo'd database path under tmp_path."""
    return {"CONFMAN_DATA_DIR": str(tmp_path / "appdata" / "confman")}


def test_a_mistyped_db_path_is_refused_and_nothing_is_created(tmp_path, fresh, faults):
    typo = tmp_path / "USB" / "hoi-nghi" / "confmna.sqlite3"
    before = _tree(tmp_path)

    proc = faults.run_cli("--db", f"sqlite:///{typo}", "event", "list", **fresh)

    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip() == (f"Error: The database {typo} does not exist. Nothing was created: check the path "
                                   "(is the USB drive plugged in?), or add --create to start a new, empty database "
                                   "there.")
    assert _tree(tmp_path) == before  # no file, no folder — not even the data folder


@pytest.mark.parametrize("command", [["import", "x.csv"], ["restore", "x"]])
def test_every_command_refuses_a_missing_database_from_the_environment(tmp_path, fresh, faults, command):
    typo = tmp_path / "confman-typo.sqlite3"
    before = _tree(tmp_path)
    proc = faults.run_cli(*command, CONFMAN_DB_URL=f"sqlite:///{typo}", **fresh)
    assert proc.returncode == 2 and str(typo) in proc.stderr
    assert not typo.exists()
    assert [p for p in _tree(tmp_path) if p not in before and not p.startswith("appdata")] == []


def test_a_missing_database_in_the_settings_is_refused(tmp_path, fresh, faults):
    data = Path(fresh["CONFMAN_DATA_DIR"])
    data.mkdir(parents=True)
    stale = tmp_path / "E" / "confman.sqlite3"
    (data / "settings.json").write_text(json.dumps({"database_url": f"sqlite:///{stale}"}), encoding="utf-8")
    proc = faults.run_cli("event", "list", **fresh)
    assert proc.returncode == 2 and str(stale) in proc.stderr
    assert not stale.parent.exists()


def test_the_settings_page_test_refuses_a_missing_file(tmp_path):
    from confman.ui.settings.ops import test_connection

    missing = tmp_path / "D" / "x.sqlite3"
    with pytest.raises(DomainError) as err:
        test_connection(f"sqlite:///{missing}")
    assert err.value.code == "db.not_found" and err.value.params["path"] == str(missing)
    assert not missing.parent.exists()


@pytest.mark.parametrize("command", [
    ["--create", "backup"],
    ["demo"],
    ["event", "create", "--name", "Hội nghị mới", "--code", "NEW", "--start", "2027-01-05", "--end", "2027-01-06"],
])
def test_creation_when_asked_for(tmp_path, fresh, faults, command):
    target = tmp_path / "new" / "folder" / "confman.sqlite3"
    proc = faults.run_cli("--db", f"sqlite:///{target}", *command, **fresh)
    assert proc.returncode == 0, proc.stderr
    assert target.is_file()
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    if command[0] == "--create":  # once it exists, no flag is needed
        assert faults.run_cli("--db", f"sqlite:///{target}", "backup", **fresh).returncode == 0


def test_the_default_location_is_created_silently_on_first_run(fresh, faults):
    data = Path(fresh["CONFMAN_DATA_DIR"])
    proc = faults.run_cli("backup", **fresh)
    assert proc.returncode == 0, proc.stderr
    assert (data / "confman.sqlite3").is_file()
    if os.name == "posix":
        assert stat.S_IMODE(data.stat().st_mode) == 0o700


def test_the_window_asks_before_creating(tmp_path, monkeypatch):
    from confman.app import open_database_for_window
    from confman.core.settings import Settings

    target = tmp_path / "stick" / "confman.sqlite3"
    asked: list[str] = []

    def decline(path: str) -> bool:
        asked.append(path)
        return False

    with pytest.raises(DomainError) as err:
        open_database_for_window(f"sqlite:///{target}", Settings(), ask=decline)
    assert err.value.code == "db.not_found" and asked == [str(target)]
    assert not target.parent.exists()

    db = open_database_for_window(f"sqlite:///{target}", Settings(), ask=lambda path: True)
    try:
        assert target.is_file()
        from confman.core.db.migrate import current_revision, head_revision

        assert current_revision(db) == head_revision()
    finally:
        db.dispose()


def test_the_question_names_the_path_and_defaults_to_quit(qtbot, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from confman.app import ask_create_database

    seen: list[str] = []

    def answer(button: str) -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        seen.append(box.text())
        target = box.defaultButton() if button == "default" else next(
            b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
        target.click()

    path = str(tmp_path / "E" / "confman.sqlite3")
    QTimer.singleShot(50, lambda: answer("default"))
    assert ask_create_database(path) is False
    QTimer.singleShot(50, lambda: answer("create"))
    assert ask_create_database(path) is True
    assert path in seen[0] and "Tạo CSDL mới" in seen[0]
