"""Stop a statement from another thread: a search overtaken by the next keystroke need not run to the end.

Inside ``with interruptible(db) as handle:`` every connection the current thread checks out is
remembered on ``handle``; ``handle.interrupt()`` (any thread) stops the statement running on it
— ``sqlite3.Connection.interrupt()`` on SQLite, a server-side cancel on PostgreSQL — and the
block raises ``DomainError("db.cancelled")`` instead of the driver's error. Once the block has
ended, ``interrupt()`` does nothing, so a late call can never stop somebody else's statement.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import DBAPIError

from confman.core.db.engine import Database
from confman.core.errors import DomainError

_active = threading.local()
_listening: set[int] = set()
_lock = threading.Lock()


class Interrupt:
    """The statements of one ``interruptible`` block."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connections: list[Any] = []
        self._open = True
        self.interrupted = False

    def _checked_out(self, dbapi_connection: Any) -> None:
        with self._lock:
            if self._open:
                self._connections.append(dbapi_connection)

    def interrupt(self) -> None:
        """Stop the block's running statement (safe from any thread, at any time)."""
        with self._lock:
            if not self._open:
                return
            self.interrupted = True
            for connection in self._connections:
                stop = getattr(connection, "interrupt", None) or getattr(connection, "cancel", None)
                if stop is not None:
                    with contextlib.suppress(Exception):  # a connection already closed has nothing to stop
                        stop()

    def _close(self) -> None:
        with self._lock:
            self._open = False
            self._connections.clear()


def _on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    handle = getattr(_active, "handle", None)
    if handle is not None:
        handle._checked_out(dbapi_connection)


@contextmanager
def interruptible(db: Database) -> Iterator[Interrupt]:
    """Run a block whose statements ``interrupt()`` can stop; raises ``db.cancelled`` when it did."""
    with _lock:
        if id(db.engine) not in _listening:
            event.listen(db.engine, "checkout", _on_checkout)
            _listening.add(id(db.engine))
    handle = Interrupt()
    previous = getattr(_active, "handle", None)
    _active.handle = handle
    try:
        yield handle
    except DBAPIError as exc:
        if handle.interrupted:
            raise DomainError("db.cancelled") from exc
        raise
    finally:
        _active.handle = previous
        handle._close()
