"""Deadlines for a PostgreSQL server that stops answering.

TCP keepalives and ``tcp_user_timeout`` notice a *vanished* server, but a server that is
frozen (a hung VM, a stopped process, a half-open Wi-Fi link behind a NAT) still has its
kernel accept connections and acknowledge bytes: a query then waits forever, and a
server-side ``statement_timeout`` cannot help because the server never runs the query.
So every PostgreSQL connection gets, on top of the server-side timeouts:

* ``connect_timeout`` (psycopg enforces it over the whole handshake, 2 s at least);
* a **watchdog**: each statement is armed with a deadline (``deadline(seconds)`` for the
  current thread, else :data:`BACKSTOP_S`); when it passes, the watchdog shuts the
  connection's socket down, the blocked call fails at once with a disconnection error
  and the pool discards the connection;
* a **ping only after a pause** instead of SQLAlchemy's ``pool_pre_ping`` (a round trip
  on every checkout): a connection unused for :data:`IDLE_PING_S` is pinged, under the
  same deadline, before it is handed out.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import os
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError

#: whole-handshake bound for a new connection (psycopg's floor is 2 s)
CONNECT_TIMEOUT_S = 2
#: server side: a statement running longer is cancelled by the server
STATEMENT_TIMEOUT_MS = 30_000
#: server side: a session idle inside an open transaction is ended by the server
IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000
#: client side: any statement not answered in this time has its socket shut down
BACKSTOP_S = STATEMENT_TIMEOUT_MS / 1000 + 5
#: a pooled connection unused this long is pinged before use
IDLE_PING_S = 10.0

POSTGRES_CONNECT_ARGS: dict[str, Any] = {
    "connect_timeout": CONNECT_TIMEOUT_S,
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 3,
    "tcp_user_timeout": 5000,  # ms: unacknowledged data for 5 s ends the connection (where the OS has it)
    "options": f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"
               f" -c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_TIMEOUT_MS}",
}

_local = threading.local()


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Statements run by this thread inside the block must be answered within ``seconds``
    of the block's start (nested blocks keep the earlier deadline)."""
    previous = getattr(_local, "until", None)
    until = time.monotonic() + seconds
    _local.until = until if previous is None else min(previous, until)
    try:
        yield
    finally:
        _local.until = previous


def remaining(default: float = BACKSTOP_S) -> float:
    """Seconds left before this thread's deadline (``default`` outside any ``deadline`` block)."""
    until = getattr(_local, "until", None)
    if until is None:
        return default
    return until - time.monotonic()


class Watchdog:
    """One daemon thread that shuts down the sockets of statements past their deadline."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, int]] = []
        self._armed: dict[int, int] = {}  # token → fd
        self._tokens = itertools.count(1)
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self.fired = 0

    def arm(self, fd: int, seconds: float) -> int:
        token = next(self._tokens)
        with self._wake:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="confman-db-watchdog", daemon=True)
                self._thread.start()
            self._armed[token] = fd
            heapq.heappush(self._heap, (time.monotonic() + max(seconds, 0.0), token, fd))
            if self._heap[0][1] == token:
                self._wake.notify()
        return token

    def disarm(self, token: int) -> None:
        with self._wake:
            self._armed.pop(token, None)

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._heap:
                    self._wake.wait()
                due, token, fd = self._heap[0]
                now = time.monotonic()
                if token not in self._armed:
                    heapq.heappop(self._heap)
                    continue
                if due > now:
                    self._wake.wait(due - now)
                    continue
                heapq.heappop(self._heap)
                del self._armed[token]
                self.fired += 1
            _shut_down(fd)


def _shut_down(fd: int) -> None:
    """Make every blocked read/write on ``fd`` fail now (the pool then drops the connection)."""
    try:
        sock = socket.socket(fileno=os.dup(fd))
    except OSError:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        sock.close()


WATCHDOG = Watchdog()


def _fd(dbapi_connection: Any) -> int | None:
    try:
        return int(dbapi_connection.fileno())
    except Exception:  # closed or broken: nothing to watch
        return None


def install(engine: Engine) -> None:
    """Arm every statement of ``engine`` with the current deadline; ping only after a pause."""

    @event.listens_for(engine, "before_cursor_execute")
    def _arm(conn: Any, cursor: Any, statement: Any, parameters: Any, context: Any, executemany: bool) -> None:
        fd = _fd(conn.connection.dbapi_connection)
        if fd is not None:
            conn.info["confman_watchdog"] = WATCHDOG.arm(fd, remaining())

    @event.listens_for(engine, "after_cursor_execute")
    def _disarm(conn: Any, *args: Any) -> None:
        token = conn.info.pop("confman_watchdog", None)
        if token is not None:
            WATCHDOG.disarm(token)

    @event.listens_for(engine, "handle_error")
    def _disarm_on_error(context: Any) -> None:
        conn = context.connection
        token = conn.info.pop("confman_watchdog", None) if conn is not None else None
        if token is not None:
            WATCHDOG.disarm(token)

    @event.listens_for(engine, "connect")
    def _connected(dbapi_connection: Any, record: Any) -> None:
        record.info["confman_used"] = time.monotonic()

    @event.listens_for(engine, "checkin")
    def _returned(dbapi_connection: Any, record: Any) -> None:
        if record is not None:
            record.info["confman_used"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_after_pause(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        used = record.info.get("confman_used")
        if used is not None and time.monotonic() - used < IDLE_PING_S:
            return
        fd = _fd(dbapi_connection)
        token = WATCHDOG.arm(fd, min(remaining(), CONNECT_TIMEOUT_S)) if fd is not None else None
        try:
            autocommit = dbapi_connection.autocommit
            dbapi_connection.autocommit = True  # one round trip: no BEGIN, no ROLLBACK
            try:
                cursor = dbapi_connection.cursor()
                cursor.execute("SELECT 1")
                cursor.close()
            finally:
                dbapi_connection.autocommit = autocommit
        except Exception as exc:
            raise DisconnectionError(str(exc)) from exc  # the pool retries with a new connection
        finally:
            if token is not None:
                WATCHDOG.disarm(token)
        record.info["confman_used"] = time.monotonic()
