"""Run service calls off the UI thread and hand results back on it.

One serialised worker for database work (like Anki's collection thread) and a
small pool for rendering. Workers never touch widgets: results, errors and
progress come back through queued signals. ``synchronous=True`` runs everything
inline, for tests and for the self-test.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class CancelToken:
    """Set by the UI (Cancel button), polled by the worker between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def __call__(self) -> bool:
        return self._event.is_set()


class _Relay(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # handed to the UI thread, which decides how to show it
            self.relay.failed.emit(exc)
        else:
            self.relay.finished.emit(result)


class TaskRunner(QObject):
    """Starts jobs and delivers ``on_done(result)`` / ``on_error(exc)`` on the UI thread."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._db_pool = QThreadPool(self)
        self._db_pool.setMaxThreadCount(1)
        self._render_pool = QThreadPool(self)
        self._render_pool.setMaxThreadCount(2)
        self._relays: set[_Relay] = set()
        self._running = 0

    def run(
        self,
        fn: Callable[..., Any],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Progress | None = None,
        with_progress: bool = False,
        cancel: CancelToken | None = None,
        pool: str = "db",
    ) -> None:
        """Run ``fn`` on a worker. With ``with_progress`` it is called as ``fn(progress, cancel)``."""
        relay = _Relay()
        if on_progress is not None:
            relay.progressed.connect(on_progress)
        token = cancel or CancelToken()

        def job() -> Any:
            if with_progress:
                return fn(relay.progressed.emit, token)
            return fn()

        def finish(result: Any) -> None:
            self._done(relay)
            if on_done is not None:
                on_done(result)

        def fail(exc: BaseException) -> None:
            self._done(relay)
            if on_error is not None:
                on_error(exc)
            else:
                log.exception("background task failed", exc_info=exc)
                raise exc

        relay.finished.connect(finish)
        relay.failed.connect(fail)
        self._relays.add(relay)
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
        if self.synchronous:
            _Job(job, relay).run()
            return
        (self._db_pool if pool == "db" else self._render_pool).start(_Job(job, relay))

    @Slot()
    def _done(self, relay: _Relay) -> None:
        self._relays.discard(relay)
        self._running -= 1
        if self._running == 0:
            self.busy_changed.emit(False)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until workers are idle (tests and shutdown)."""
        return self._db_pool.waitForDone(msecs) and self._render_pool.waitForDone(msecs)
