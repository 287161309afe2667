"""Host the event for other desks: start, status, new join code, stop (pause) and finish.

``start_hosting`` on a fresh laptop: generate the certificate (once), initialise the bundled
server (once), create the roles and the event database, back up the SQLite file, migrate the
server's schema, copy every table (counts verified) and open the TLS gateway on the LAN address;
the laptop's own settings then point at the hosted server. On a stopped host it resumes with the
same data. ``finish_hosting`` brings every row home into the SQLite file (a backup of both sides
first, counts verified) and stops everything: the laptop is self-contained again.

Three roles: ``confman_owner`` (no login) owns the database and every table; ``confman_desk``
(the join code's password; the only role the gateway admits) and ``confman_host`` (this laptop,
loopback only) act as the owner through ``ALTER ROLE … SET role``, so a new join code changes the
desks' password and disconnects them without touching the host's own connection.
"""

from __future__ import annotations

import logging
import re
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url

from confman.core.db.engine import resolve_database_url
from confman.core.errors import DomainError
from confman.core.hosting import joincode, network
from confman.core.hosting.copying import copy_tables, table_counts
from confman.core.hosting.gateway import GatewayConfig
from confman.core.hosting.processes import gateway_pid, start_gateway, stop_gateway
from confman.core.hosting.server import SUPERUSER, Cluster, free_port, port_is_free
from confman.core.hosting.state import ACTIVE, FINISHED, HostingPaths, HostState, load_state, save_state
from confman.core.hosting.tls import ensure_certificate
from confman.core.settings import Settings, save_settings

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
SaveSettings = Callable[[Settings], None]
HOST_APP_PREFIX = "confman-host:"
DESK_APP_PREFIX = "confman-desk:"
ADMIN_TIMEOUT_S = 5
_HEX_ESCAPE = re.compile(rb"\\x([0-9a-fA-F]{2})")


@dataclass(frozen=True, slots=True)
class HostInfo:
    """What ``confman host start`` prints."""

    running: bool
    url: str
    join: str
    address: str
    port: int
    tables: dict[str, int] = field(default_factory=dict)
    resumed: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"running": self.running, "url": self.url, "join": self.join, "address": self.address,
                "port": self.port}


@dataclass(frozen=True, slots=True)
class HostStatus:
    running: bool
    hosting: bool  # a hosting session is open (running or stopped)
    url: str | None
    desks: tuple[str, ...]
    join: str | None = None
    address: str | None = None
    port: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"running": self.running, "url": self.url, "desks": list(self.desks)}


@dataclass(frozen=True, slots=True)
class FinishReport:
    tables: dict[str, int]
    server_copy: Path
    local_backup: Path

    def to_json(self) -> dict[str, Any]:
        return {"running": False, "tables": dict(self.tables)}


# -- small helpers -------------------------------------------------------------------------------

def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _password() -> str:
    return secrets.token_hex(joincode.PASSWORD_BYTES)


def app_name(prefix: str, station: str) -> str:
    return f"{prefix}{station}"[:63]


def decode_app_name(raw: str) -> str:
    """PostgreSQL shows non-ASCII application names as ``\\xNN`` escapes: turn them back into text."""
    data = _HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw.encode("utf-8", "replace"))
    return data.decode("utf-8", "ignore")


def cluster_of(paths: HostingPaths) -> Cluster:
    return Cluster(paths.pgdata, paths.log_dir)


def host_url(state: HostState, station: str) -> str:
    """This laptop's own connection to the hosted server (loopback, no TLS needed)."""
    return URL.create("postgresql+psycopg", username=state.host_role, password=state.host_password,
                      host="127.0.0.1", port=state.internal_port, database=state.database,
                      query={"application_name": app_name(HOST_APP_PREFIX, station)}
                      ).render_as_string(hide_password=False)


def desks_url(state: HostState) -> str:
    """The address desks use, for showing (the password stays in the join code)."""
    return URL.create("postgresql+psycopg", username=state.desk_role, password="hidden", host=state.address,
                      port=state.port, database=state.database, query={"sslmode": "verify-ca"}
                      ).render_as_string(hide_password=True)


def join_code(state: HostState) -> str:
    return joincode.encode(joincode.JoinInfo(
        address=state.address, port=state.port, password=state.desk_password,
        fingerprint=state.fingerprint[: joincode.FINGERPRINT_BYTES * 2], database=state.database,
        role=state.desk_role))


def _admin(state: HostState, database: str = "postgres") -> Any:
    import psycopg

    return psycopg.connect(host="127.0.0.1", port=state.internal_port, user=SUPERUSER,
                           password=state.admin_password, dbname=database, connect_timeout=ADMIN_TIMEOUT_S,
                           autocommit=True, application_name="confman-admin")


def _admin_engine(state: HostState) -> Any:
    url = URL.create("postgresql+psycopg", username=SUPERUSER, password=state.admin_password, host="127.0.0.1",
                     port=state.internal_port, database=state.database)
    return create_engine(url, connect_args={"connect_timeout": ADMIN_TIMEOUT_S, "application_name": "confman-admin"})


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database or "")


# -- the server's roles and database -------------------------------------------------------------

def _create_database(state: HostState) -> None:
    from psycopg import sql

    with _admin(state) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(state.database)))
        existing = {row[0] for row in conn.execute("SELECT rolname FROM pg_roles")}
        owner, desk, host = (sql.Identifier(n) for n in (state.owner_role, state.desk_role, state.host_role))
        if state.owner_role not in existing:
            conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(owner))
        for name, ident, password in ((state.desk_role, desk, state.desk_password),
                                      (state.host_role, host, state.host_password)):
            verb = "ALTER" if name in existing else "CREATE"
            conn.execute(sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(ident, sql.Literal(password)))
            conn.execute(sql.SQL("GRANT {} TO {}").format(owner, ident))
            conn.execute(sql.SQL("ALTER ROLE {} SET role = {}").format(ident, sql.Literal(state.owner_role)))
        conn.execute(sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0").format(
            sql.Identifier(state.database), owner))
        for name in ("postgres", "template1", state.database):
            conn.execute(sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(sql.Identifier(name)))
        conn.execute(sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}").format(
            sql.Identifier(state.database), owner))


def _terminate_sessions(state: HostState, role: str | None = None) -> int:
    """End sessions on the event database (of ``role`` only when given); returns how many."""
    with _admin(state) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
            " AND (%s::text IS NULL OR usename = %s)", (state.database, role, role)).fetchall()
    return len(rows)


def connected_desks(state: HostState) -> tuple[str, ...]:
    """Names of the desks connected now (their application names), sorted."""
    import psycopg

    try:
        with psycopg.connect(host="127.0.0.1", port=state.internal_port, user=state.host_role,
                             password=state.host_password, dbname=state.database,
                             connect_timeout=ADMIN_TIMEOUT_S, application_name="confman-status") as conn:
            rows = conn.execute("SELECT application_name FROM pg_stat_activity WHERE usename = %s"
                                " AND datname = %s",
                                (state.desk_role, state.database)).fetchall()
    except psycopg.Error:
        return ()
    names = set()
    for (raw,) in rows:
        name = decode_app_name(raw or "")
        names.add(name.removeprefix(DESK_APP_PREFIX).strip() or "?")
    return tuple(sorted(names))


# -- lifecycle -----------------------------------------------------------------------------------

def is_hosting(paths: HostingPaths | None = None) -> bool:
    """A hosting session is open on this laptop (its data lives in the hosted server)."""
    return load_state(paths or HostingPaths.default()).active


def server_running(paths: HostingPaths | None = None) -> bool:
    paths = paths or HostingPaths.default()
    return cluster_of(paths).running and gateway_pid(paths.gateway_ready) is not None


def _choose_address(requested: str | None, state: HostState) -> str:
    if requested:
        return network.check_address(requested)
    if state.address:
        return network.check_address(state.address) if state.address != "127.0.0.1" else state.address
    return network.default_address()


def _start_processes(paths: HostingPaths, state: HostState) -> None:
    cluster = cluster_of(paths)
    if not cluster.running:
        if not state.internal_port or not port_is_free("127.0.0.1", state.internal_port):
            state.internal_port = free_port()
        cluster.start(state.internal_port)
    else:
        state.internal_port = cluster.listening_port() or state.internal_port
    pid = cluster.postmaster_pid()
    assert pid is not None
    config = GatewayConfig(listen_address=state.address, listen_port=state.port, upstream_port=state.internal_port,
                           certificate=str(paths.certificate), private_key=str(paths.private_key),
                           role=state.desk_role, database=state.database, server_pid=pid,
                           ready_file=str(paths.gateway_ready), log_file=str(paths.gateway_log))
    try:
        start_gateway(config, paths.gateway_config)
    except DomainError:
        if gateway_pid(paths.gateway_ready) is None:
            cluster.stop()
        raise


def start_hosting(settings: Settings, *, source_url: str | None = None, address: str | None = None,
                  port: int | None = None, progress: Progress | None = None, paths: HostingPaths | None = None,
                  persist: SaveSettings = save_settings) -> HostInfo:
    """Start hosting (or resume it); idempotent when already running with the same address and port."""
    paths = paths or HostingPaths.default()
    state = load_state(paths)
    if state.active:
        return _resume(settings, state, paths, address=address, port=port, progress=progress, persist=persist)
    return _first_start(settings, state, paths, source_url=source_url, address=address, port=port,
                        progress=progress, persist=persist)


def _resume(settings: Settings, state: HostState, paths: HostingPaths, *, address: str | None, port: int | None,
            progress: Progress | None, persist: SaveSettings) -> HostInfo:
    new_address = _choose_address(address, state)
    moved = new_address != state.address or (port is not None and port != state.port)
    if server_running(paths) and not moved:
        return HostInfo(True, desks_url(state), join_code(state), state.address, state.port, resumed=True)
    if moved and gateway_pid(paths.gateway_ready) is not None:
        stop_gateway(paths.gateway_ready)
    state.address = new_address
    if port is not None:
        state.port = port
    if progress:
        progress(0, 1)
    _start_processes(paths, state)
    save_state(paths, state)
    url = host_url(state, settings.station)
    if settings.database_url != url:
        settings.database_url = url
        persist(settings)
    if progress:
        progress(1, 1)
    return HostInfo(True, desks_url(state), join_code(state), state.address, state.port, resumed=True)


def _first_start(settings: Settings, state: HostState, paths: HostingPaths, *, source_url: str | None,
                 address: str | None, port: int | None, progress: Progress | None,
                 persist: SaveSettings) -> HostInfo:
    from confman.core.db.backup import backup_database
    from confman.core.db.setup import open_database

    source = resolve_database_url(source_url or settings.database_url or None)
    sqlite_file = _sqlite_path(source)
    if sqlite_file is None:
        raise DomainError("hosting.needs_local_file")
    chosen_address = _choose_address(address, HostState())
    chosen_port = port or free_port(chosen_address)
    if not port_is_free(chosen_address, chosen_port):
        raise DomainError("hosting.port_busy", address=chosen_address, port=chosen_port)
    paths.root.mkdir(parents=True, exist_ok=True)
    cluster = cluster_of(paths)
    fresh = HostState(status=ACTIVE, address=chosen_address, port=chosen_port,
                      internal_port=state.internal_port or free_port(),
                      desk_password=_password(), host_password=_password(),
                      admin_password=state.admin_password if cluster.initialised else "",
                      previous_database_url=settings.database_url, source_sqlite=str(sqlite_file),
                      started_at=_now())
    if not fresh.admin_password:
        fresh.admin_password = secrets.token_urlsafe(24)
    tables_total = 0
    step = 0

    def advance(done_tables: int = 0, total_tables: int = 0) -> None:
        nonlocal tables_total
        tables_total = total_tables or tables_total
        if progress:
            progress(step + done_tables, 5 + (tables_total or 15))

    fresh.fingerprint = ensure_certificate(paths.certificate, paths.private_key,
                                           f"confman host {socket.gethostname()[:40]}")
    advance()
    cluster.initialise(fresh.admin_password)
    if not cluster.running:
        if not port_is_free("127.0.0.1", fresh.internal_port):
            fresh.internal_port = free_port()
        cluster.start(fresh.internal_port)
    fresh.internal_port = cluster.listening_port() or fresh.internal_port
    step = 1
    advance()
    try:
        source_db = open_database(source, backups_folder=settings.backups_path, keep=settings.backups_to_keep,
                                  backup_on_start=False)
        try:
            backup_database(source_db, folder=settings.backups_path, reason="before-hosting",
                            keep=settings.backups_to_keep)
            step = 2
            advance()
            _create_database(fresh)
            hosted = open_database(host_url(fresh, settings.station), backup_on_start=False)
            hosted.dispose()
            step = 3
            advance()
            admin = _admin_engine(fresh)
            try:
                fresh.tables = copy_tables(source_db.engine, admin, progress=advance)
            finally:
                admin.dispose()
        finally:
            source_db.dispose()
        step = 4 + tables_total
        advance()
        _start_processes(paths, fresh)
    except BaseException:
        stop_gateway(paths.gateway_ready)
        cluster.stop()
        raise
    save_state(paths, fresh)
    settings.database_url = host_url(fresh, settings.station)
    persist(settings)
    step = 5 + tables_total
    advance()
    return HostInfo(True, desks_url(fresh), join_code(fresh), fresh.address, fresh.port, tables=fresh.tables)


def resume_if_hosting(settings: Settings, *, persist: SaveSettings = save_settings) -> bool:
    """At start-up: a laptop that hosts and whose server was stopped starts it again (True then).

    The server comes back first, so this laptop can always open its data; if the desks' entrance
    cannot open (the laptop's address changed, the port is taken), that is logged and the
    Desks section offers to resume on another address.
    """
    paths = HostingPaths.default()
    state = load_state(paths)
    if not state.active or server_running(paths):
        return False
    cluster = cluster_of(paths)
    if not cluster.running:
        if not port_is_free("127.0.0.1", state.internal_port):
            state.internal_port = free_port()
        cluster.start(state.internal_port)
        save_state(paths, state)
    url = host_url(state, settings.station)
    if settings.database_url != url:
        settings.database_url = url
        persist(settings)
    try:
        start_hosting(settings, paths=paths, persist=persist)
    except DomainError as exc:
        log.warning("hosting resumed for this laptop only; desks cannot reach it: %s", exc.code)
    return True


def explain_unreachable(exc: DomainError, explicit_url: str | None = None) -> DomainError:
    """``db.unreachable`` on a laptop whose own hosted server is stopped says how to resume it."""
    if exc.code != "db.unreachable" or explicit_url:
        return exc
    paths = HostingPaths.default()
    if is_hosting(paths) and not cluster_of(paths).running:
        return DomainError("hosting.stopped_here")
    return exc


def hosting_status(paths: HostingPaths | None = None) -> HostStatus:
    """Running or not, the desks' address and the desks connected now."""
    paths = paths or HostingPaths.default()
    state = load_state(paths)
    if not state.active:
        return HostStatus(running=False, hosting=False, url=None, desks=())
    running = server_running(paths)
    desks = connected_desks(state) if cluster_of(paths).running else ()
    return HostStatus(running=running, hosting=True, url=desks_url(state), desks=desks, join=join_code(state),
                      address=state.address, port=state.port)


def stop_hosting(paths: HostingPaths | None = None) -> None:
    """Stop the gateway and the server; the data stays and ``start_hosting`` resumes it."""
    paths = paths or HostingPaths.default()
    stop_gateway(paths.gateway_ready)
    cluster_of(paths).stop()


def new_join_code(paths: HostingPaths | None = None) -> str:
    """A new desk password (and so a new code); desks joined with the old code are disconnected."""
    paths = paths or HostingPaths.default()
    state = load_state(paths)
    if not state.active:
        raise DomainError("hosting.not_hosting")
    if not cluster_of(paths).running:
        raise DomainError("hosting.stopped")
    from psycopg import sql

    state.desk_password = _password()
    with _admin(state) as conn:
        conn.execute(sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(state.desk_role),
                                                                   sql.Literal(state.desk_password)))
    save_state(paths, state)
    _terminate_sessions(state, state.desk_role)
    return join_code(state)


def _server_revision(state: HostState) -> str | None:
    with _admin(state, state.database) as conn:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _sqlite_like(local_path: Path, target: Path, state: HostState) -> Any:
    """An SQLite file with the server's schema: a copy of the laptop's file (same migration), else a
    freshly migrated one (the app was upgraded while hosting)."""
    from confman.core.db.backup import backup_database
    from confman.core.db.engine import Database
    from confman.core.db.migrate import current_revision
    from confman.core.db.setup import open_database

    url = f"sqlite:///{target}"
    if local_path.is_file():
        local = Database.open(f"sqlite:///{local_path}")
        try:
            backup_database(local, target)
        finally:
            local.dispose()
        copy = Database.open(url)
        if current_revision(copy) == _server_revision(state):
            return copy
        copy.dispose()
        target.unlink()
    return open_database(url, backup_on_start=False, create=True)


def _settle_sqlite_file(path: Path) -> None:
    """One self-contained file (no -wal/-shm beside it), like every other backup."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")


def _backup_name(folder: Path, reason: str, *, automatic: bool) -> Path:
    from confman.core.db.backup import backup_name
    from confman.core.private_files import make_private_folder

    make_private_folder(folder)
    return folder / backup_name(reason, prefix=None if automatic else "")


def _copy_server_to_file(state: HostState, target: Path) -> dict[str, int]:
    """The server's data as one SQLite file (a consistent snapshot, counts verified)."""
    copy_db = _sqlite_like(Path(state.source_sqlite), target, state)
    admin = _admin_engine(state)
    try:
        counts = copy_tables(admin, copy_db.engine)
    finally:
        admin.dispose()
        copy_db.dispose()
    _settle_sqlite_file(target)
    return counts


def backup_hosted_server(folder: Path, keep: int, *, paths: HostingPaths | None = None) -> Path | None:
    """While hosting: a rotating backup of the server's data (every desk's check-ins included) as an
    SQLite file that ``confman restore`` takes; None when this laptop is not hosting."""
    from confman.core.db.backup import rotate_backups

    paths = paths or HostingPaths.default()
    state = load_state(paths)
    if not state.active or not cluster_of(paths).running:
        return None
    target = _backup_name(folder, "hosted-periodic", automatic=True)
    _copy_server_to_file(state, target)
    rotate_backups(folder, keep)
    return target


def finish_hosting(settings: Settings, *, progress: Progress | None = None, paths: HostingPaths | None = None,
                   persist: SaveSettings = save_settings) -> FinishReport:
    """Bring every row home into the SQLite file, verify the counts, stop the server."""
    from confman.core.db.engine import Database
    from confman.core.db.restore import restore_database

    paths = paths or HostingPaths.default()
    state = load_state(paths)
    if not state.active:
        raise DomainError("hosting.not_hosting")
    cluster = cluster_of(paths)
    stop_gateway(paths.gateway_ready)  # desks stop writing; their offline copies take over
    if not cluster.running:
        if not port_is_free("127.0.0.1", state.internal_port):
            state.internal_port = free_port()
        cluster.start(state.internal_port)
    total = 4
    if progress:
        progress(0, total)
    _terminate_sessions(state)
    folder = settings.backups_path
    server_copy = _backup_name(folder, "hosted-server", automatic=False)
    counts = _copy_server_to_file(state, server_copy)
    local_path = Path(state.source_sqlite)
    if progress:
        progress(1, total)
    local = Database.open(f"sqlite:///{local_path}")
    try:
        local_backup = restore_database(local, server_copy, folder=folder, keep=settings.backups_to_keep).safety
        home = table_counts(local.engine)
    finally:
        local.dispose()
    if progress:
        progress(2, total)
    differing = {name: (n, home.get(name)) for name, n in counts.items() if home.get(name) != n}
    if differing:
        name, (expected, found) = next(iter(differing.items()))
        raise DomainError("hosting.copy_mismatch", table=name, source=expected, target=found)
    cluster.stop()
    if progress:
        progress(3, total)
    state.status = FINISHED
    state.finished_at = _now()
    state.tables = counts
    save_state(paths, state)
    settings.database_url = state.previous_database_url
    persist(settings)
    if progress:
        progress(4, total)
    return FinishReport(tables=counts, server_copy=server_copy, local_backup=local_backup)
