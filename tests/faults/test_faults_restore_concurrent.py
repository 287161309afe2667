"""Restore while another process scans badges into the same SQLite file (issue 13, case 3).

A real child process checks delegates in with ``perform_checkin`` in a loop and prints each
acknowledged ``ok`` (with the scan's uuid) as soon as the call returns. A restore must either
refuse, naming that process — or, for a process that did not register (an older confman), lose
nothing acknowledged: every acknowledged ok is in the live database or in the safety backup, and
the restore says how many check-ins it set aside. A restore killed at any moment leaves the old
or the new database, and the next start leaves no stray file.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from confman.core.db.backup import list_backups
from confman.core.db.restore import restore_database
from confman.core.errors import DomainError

SCANNER = r"""
import sys, time
from confman.core.checkin.service import current_code, perform_checkin
from confman.core.db.engine import Database
from confman.core.db.presence import set_process_label

url, event_id, register, pause = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1", float(sys.argv[5])
ids = [int(x) for x in sys.argv[4].split(",")]
set_process_label("desk scanner", "Bàn 2")
db = Database.open(url, register=register)
print("ready", flush=True)
for delegate_id in ids:
    try:
        code = current_code(db, event_id=event_id, delegate_id=delegate_id)
        result = perform_checkin(db, event_id=event_id, code=code, station="Bàn 2")
        print(result.result, result.uuid, delegate_id, flush=True)
    except Exception as exc:
        print("error", type(exc).__name__, str(exc).replace("\n", " ")[:200], flush=True)
    time.sleep(pause)
print("done", flush=True)
"""


class Scanner:
    """The child process and the lines it printed, read on a thread."""

    def __init__(self, faults, url: str, event_id: int, ids: list[int], *, register: bool, pause: float) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", SCANNER, url, str(event_id), "1" if register else "0",
             ",".join(map(str, ids)), str(pause)],
            cwd=faults.root, env=faults.child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.strip())

    def acked(self) -> list[str]:
        """The uuids of the scans answered ``ok``."""
        return [line.split()[1] for line in list(self.lines) if line.startswith("ok ")]

    def wait_for(self, predicate, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline or (self.proc.poll() is not None and not predicate()):
                raise AssertionError(f"scanner stalled: {self.lines[-5:]} {self.proc.stderr.read() if self.proc.poll() is not None else ''}")
            time.sleep(0.01)

    def finish(self, timeout: float = 60) -> None:
        self.proc.wait(timeout)
        self.reader.join(5)


def _ok_uuids(path: Path) -> set[str]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return {r[0] for r in conn.execute("SELECT uuid FROM checkins WHERE result = 'ok'")}


def _delegates(live, event_id: int) -> list[int]:
    with closing(sqlite3.connect(live.sqlite_path)) as conn:
        return [r[0] for r in conn.execute("SELECT id FROM delegates WHERE event_id = ? ORDER BY id", (event_id,))]


@pytest.fixture
def crowd(live):
    """A finished demo with 300 delegates, none checked in yet."""
    from confman.core.demo import create_demo

    return create_demo(live, delegates=300).event


def test_restore_refuses_while_a_registered_scanner_has_the_database_open(live, crowd, make_backup, data_folder,
                                                                         faults):
    backup = make_backup()
    scanner = Scanner(faults, live.url, crowd.id, _delegates(live, crowd.id)[:60], register=True, pause=0.01)
    try:
        scanner.wait_for(lambda: len(scanner.acked()) >= 5)
        with pytest.raises(DomainError) as err:
            restore_database(live, backup, folder=data_folder / "backups")
    finally:
        scanner.finish()
    assert err.value.code == "restore.in_use"
    who = err.value.params["who"]
    assert "desk scanner" in who and "Bàn 2" in who and f"pid {scanner.proc.pid}" in who
    acked = set(scanner.acked())
    assert len(acked) == 60 and acked <= _ok_uuids(live.sqlite_path)  # nothing was touched
    assert list_backups(data_folder / "backups") == []
    # Once the scanner has closed, the same restore goes through.
    result = restore_database(live, backup, folder=data_folder / "backups")
    assert result.set_aside == {"checkins": 60} and acked <= _ok_uuids(result.safety)


def test_restore_under_an_unregistered_scanner_loses_nothing_acknowledged(live, crowd, make_backup, data_folder,
                                                                         faults):
    """An older confman (no presence file) keeps scanning: the locked swap is the second line of defence."""
    backup = make_backup()
    ids = _delegates(live, crowd.id)
    scanner = Scanner(faults, live.url, crowd.id, ids, register=False, pause=0.002)
    results = []
    try:
        scanner.wait_for(lambda: len(scanner.acked()) >= 10)
        for _ in range(3):  # three restores while the scans keep coming
            results.append(restore_database(live, backup, folder=data_folder / "backups"))
            seen = len(scanner.acked())
            scanner.wait_for(lambda seen=seen: len(scanner.acked()) >= seen + 5)
    finally:
        scanner.finish()
    errors = [line for line in scanner.lines if line.startswith("error")]
    acked = scanner.acked()
    assert len(acked) + len(errors) == len(ids), scanner.lines[-3:]  # every scan was answered one way or the other
    live_oks = _ok_uuids(live.sqlite_path)
    safety_oks = set().union(*(_ok_uuids(r.safety) for r in results))
    lost = [u for u in acked if u not in live_oks and u not in safety_oks]
    assert lost == []
    # The user is told: each restore counts the check-ins it set aside, exactly those of its safety backup.
    for result in results:
        assert result.set_aside["checkins"] == len(_ok_uuids(result.safety)) >= 1
    assert live_oks & set(acked)  # scans that waited for the lock landed in the restored database


def _phase_files(folder: Path) -> dict[str, bool]:
    names = [p.name for p in folder.iterdir()] if folder.is_dir() else []
    return {"checking": any(n.startswith(".restore-check-") for n in names),
            "safety_copy": any(n.startswith("safety-") and n.endswith(".partial") for n in names),
            "swapping": any(n.startswith("safety-") and n.endswith(".sqlite3") for n in names)}


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
@pytest.mark.parametrize("phase", ["checking", "safety_copy", "swapping", "early", "late"])
def test_a_killed_restore_leaves_the_old_or_the_new_database_and_no_stray_files(live, crowd, make_backup,
                                                                                 data_folder, faults, phase):
    from confman.core.events.service import create_event

    with live.session() as session:  # photos make the copies long enough to be caught in the middle
        from sqlalchemy import update

        from confman.core.registration.models import Delegate

        session.execute(update(Delegate).values(photo=os.urandom(30_000)))
    backup = make_backup()
    create_event(live, code="NEWER", name_vi="Sau bản sao lưu", start_date=crowd.start_date, end_date=crowd.end_date)
    live.dispose()
    path = live.sqlite_path
    old, new = ["ASEAN-TT-2018", "NEWER"], ["ASEAN-TT-2018"]
    backups = data_folder / "backups"
    proc = subprocess.Popen([sys.executable, "-m", "confman", "restore", str(backup)], cwd=faults.root,
                            env=faults.child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    if phase == "early":
        time.sleep(0.25)  # starting up or opening the database
    elif phase == "late":
        while not any(p.name.startswith("safety-") and p.name.endswith(".sqlite3") for p in backups.glob("*")):
            assert time.monotonic() < deadline
            time.sleep(0.0005)
        time.sleep(0.03)  # committing or cleaning up
    else:
        while not _phase_files(backups)[phase]:
            assert proc.poll() is None, f"restore ended before {phase}"
            assert time.monotonic() < deadline
            time.sleep(0.0005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)

    assert faults.integrity(path) == "ok"
    assert faults.event_codes(path) in (old, new)
    for info in list_backups(backups):  # whatever is listed is a complete, valid backup
        assert faults.integrity(info.path) == "ok"
    if phase in ("checking", "safety_copy", "swapping"):
        assert faults.event_codes(path) == old  # killed before the commit

    nxt = faults.run_cli("event", "list")  # the next start cleans up after the killed one
    assert nxt.returncode == 0, nxt.stderr
    strays = [p for p in faults.files_under(data_folder)
              if p.name.endswith((".partial", ".partial-journal", ".partial-wal", ".partial-shm", ".new", ".lock"))
              or p.parent.name.endswith("-presence")]
    assert strays == []


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_presence_follows_the_connections_and_dies_with_the_process(live, faults):
    from confman.core.db import presence

    folder = presence.presence_folder(live.sqlite_path)
    with live.session():
        assert [p.name for p in folder.glob("*.json")]  # this process, while it has a connection
        assert presence.others(live.sqlite_path) == []  # ... but it is not "another" process
    live.dispose()
    assert not folder.exists()  # the last connection closed: nothing left behind
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from confman.core.db.engine import Database; "
         "from confman.core.db.presence import set_process_label; set_process_label('confman gui', 'Bàn 1'); "
         f"db = Database.open({live.url!r}); print('open', flush=True); time.sleep(60)"],
        cwd=faults.root, env=faults.child_env(), stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        (other,) = presence.others(live.sqlite_path)
        assert (other.pid, other.program, other.station) == (holder.pid, "confman gui", "Bàn 1")
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
    assert presence.others(live.sqlite_path) == []  # its lock died with it; the stale entry is removed
    assert not list(folder.glob("*.json"))
