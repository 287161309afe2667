"""Every file and folder confman creates in its data folder is readable by the user only.

The issue found desk files created 0644 in folders 0755. Here a whole season runs through the
real command line and the real window start in a fresh data folder; then no file or folder under
it may grant anything to group or others. The library calls are checked with a permissive umask
too (they must not rely on the entry points' umask), and an old install is tightened at start.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits (Windows: per-user folder ACL)")


def _open_to_others(folder: Path) -> list[str]:
    loose = []
    for path in [folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if mode & 0o077:
            loose.append(f"{path.relative_to(folder.parent)} {mode:o}")
    return loose


@pytest.fixture
def permissive_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_season_through_the_command_line_and_the_window_leaves_nothing_readable_by_others(tmp_path, faults,
                                                                                            permissive_umask):
    data = tmp_path / "appdata" / "confman"
    env = {"CONFMAN_DATA_DIR": str(data)}
    csv = tmp_path / "khach_moi.csv"
    csv.write_text("STT,Họ và tên,Đơn vị,Điện thoại\n1,Nguyễn Văn An,Bộ Y tế,0912345678\n", encoding="utf-8")
    steps = [
        ["demo"],
        ["import", str(csv)],
        ["backup"],
        ["backup", str(data / "before-day-2.sqlite3")],
        ["checkin", "--json", "1"],  # a bad code: logged as a scan all the same
        ["export", str(data / "exports" / "delegates.xlsx")],
        ["report", "attendance", str(data / "attendance.pdf")],
        ["restore", str(data / "before-day-2.sqlite3")],
        ["report", "purge", "--yes", "--keep-backup"],
    ]
    (data / "exports").mkdir(parents=True)  # a folder the user made (0755 by their umask)
    (data / "exports").chmod(0o700)
    for step in steps:
        proc = faults.run_cli(*step, **env)
        assert proc.returncode == 0, (step, proc.stderr)
    window = faults.run_cli("gui", CONFMAN_EXIT_AFTER_FIRST_PAINT="1", **env)
    assert window.returncode == 0, window.stderr
    names = {p.name for p in data.rglob("*")}
    assert {"confman.sqlite3", "backups", "logs", "confman.log"} <= names
    assert any(n.startswith("personal-data-") for n in names) and any(n.startswith("safety-") for n in names)
    assert _open_to_others(data) == []


def test_library_calls_create_private_files_without_the_entry_points_umask(tmp_path, permissive_umask):
    from confman.core.db.backup import backup_database
    from confman.core.db.engine import Database
    from confman.core.settings import Settings, save_settings
    from confman.logs import configure_logging

    data = Path(os.environ["CONFMAN_DATA_DIR"])
    db = Database.open(f"sqlite:///{data / 'sub' / 'x.sqlite3'}", create=True)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x)")
        conn.commit()
    backup_database(db, folder=data / "backups")
    backup_database(db, tmp_path / "elsewhere" / "manual.sqlite3")
    save_settings(Settings(station="Bàn 1"))
    import logging

    configure_logging()
    logging.getLogger("confman.test").warning("hello")
    db.dispose()
    assert _open_to_others(data) == []
    assert _open_to_others(tmp_path / "elsewhere") == []


def test_an_old_install_is_tightened_at_start(tmp_path, faults, permissive_umask):
    data = tmp_path / "confman"
    data.mkdir(mode=0o755)
    (data / "backups").mkdir(mode=0o755)
    old = faults.run_cli("--create", "backup", CONFMAN_DATA_DIR=str(data))
    assert old.returncode == 0
    for path in [data, *data.rglob("*")]:  # as an older version left them
        path.chmod(0o755 if path.is_dir() else 0o644)
    (data / "checkin-offline-abc.sqlite3").write_bytes(b"desk copy")
    (data / "checkin-offline-abc.sqlite3").chmod(0o644)
    assert _open_to_others(data)
    proc = faults.run_cli("backup", CONFMAN_DATA_DIR=str(data))
    assert proc.returncode == 0, proc.stderr
    assert _open_to_others(data) == []
