"""One way for pages to reach the core: an operation (Anki's ``CollectionOp``/``QueryOp``).

A page says *what* to run and *what to do with the result*::

    self.ctx.ops.read(self, lambda db: list_rooms(db, event_id)).latest("rooms").done(self._show_rooms).run()
    self.ctx.ops.write(self, lambda db: bulk_update(db, ids, status=s)).done(self._updated).run()

The runner does the rest, the same way for every page:

- **Off the UI thread, in lanes.** ``READ`` (page loads, searches) runs up to three at once —
  SQLite's WAL lets readers work side by side; ``WRITE`` runs one at a time, in order;
  ``DESK`` is the check-in desk's own thread, so a scan never queues behind anything else;
  ``DOCUMENT`` is a separate process for heavy documents (reports, badge batches), so their
  garbage collections and deallocations never stop the window (threads share the GIL, and a
  full collection or the freeing of a 20,000-row document stops every thread for 0.3–0.9 s).
- **Latest only.** ``.latest(key)`` drops a result overtaken by a newer op of the same owner and
  key: a queued one never starts, a running one is asked to stop (``Steps.cancelled``).
- **Progress and Cancel** for long work: ``.progress(strip, text)`` shows a ``ProgressStrip``
  whose Cancel button stops the op; the work gets a ``Steps`` (``progress(done, total)`` and
  ``cancelled()``), and progress reaches the UI at most 20 times a second.
- **Changes broadcast.** A result that is a ``Changes`` (or carries ``.changes``) is broadcast
  with ``ctx.notify`` after the page's own ``done``: every page refreshes what it shows.
- **One error policy.** A ``DomainError`` becomes a sentence in the page's words
  (``confman.messages.describe``) shown inline by the owner's ``show_error_text``; a
  cancelled op says nothing; anything else is a bug: logged and sent to the crash dialog.
- **Owners that are gone get nothing.** Results for a closed dialog or a window that is
  shutting down are dropped, and ``shutdown()`` lets running work finish without a crash.

``synchronous=True`` runs everything inline (most widget tests); the main flows are tested on
the real asynchronous path. ``running_in_op()`` tells a test guard that a database session on the
UI thread was opened by an op (the synchronous mode), not by a page reaching past the ops.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import queue
import sys
import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, runtime_checkable

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget
from shiboken6 import isValid

from confman.core.changes import Changes
from confman.core.errors import DomainError
from confman.i18n import t
from confman.messages import describe

if TYPE_CHECKING:
    from confman.core.db.engine import Database
    from confman.ui.widgets.progress import ProgressStrip

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Progress reaches the UI at most this often (a long report reports thousands of steps).
PROGRESS_EVERY_S = 0.05
#: With ``freeze_when_idle``: how long the runner must stay idle before ``gc.freeze()``.
FREEZE_AFTER_IDLE_MS = 500


class Lane(enum.Enum):
    READ = "read"
    WRITE = "write"
    DESK = "desk"
    DOCUMENT = "document"


LANE_THREADS = {Lane.READ: 3, Lane.WRITE: 1, Lane.DESK: 1}

_local = threading.local()


def running_in_op() -> bool:
    """True while the current thread runs an op's work (the synchronous mode runs it on the UI thread)."""
    return bool(getattr(_local, "depth", 0))


class Steps:
    """Handed to long work: report ``progress(done, total)``, poll ``cancelled()`` between steps."""

    def __init__(self, op: Op[Any] | None = None) -> None:
        # A weak link: an op and its steps must not form a cycle (finished ops are freed by
        # reference counting, even once ``gc.freeze()`` has been called).
        self._op = weakref.ref(op) if op is not None else None
        self._event = threading.Event()
        self._sent = 0.0
        self._on_cancel: list[Callable[[], None]] = []
        self._cancel_lock = threading.Lock()

    def progress(self, done: int, total: int) -> None:
        op = self._op() if self._op is not None else None
        if op is None:
            return
        op._progress = (done, total)
        now = time.monotonic()
        # Across threads at most 20 a second; inline (the synchronous mode) every step is shown.
        if op._runner.synchronous or now - self._sent >= PROGRESS_EVERY_S or done >= total:
            self._sent = now
            op._runner._post(op, "progress", None)

    def cancel(self) -> None:
        with self._cancel_lock:
            self._event.set()
            callbacks, self._on_cancel = self._on_cancel, []
        for callback in callbacks:
            callback()

    def on_cancel(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` (on the cancelling thread) when the op is cancelled or overtaken — e.g. to
        interrupt a running query; at once if that already happened."""
        with self._cancel_lock:
            if not self._event.is_set():
                self._on_cancel.append(callback)
                return
        callback()

    def cancelled(self) -> bool:
        return self._event.is_set()

    def __call__(self) -> bool:  # usable wherever the core takes a ``cancelled()`` callable
        return self._event.is_set()


@runtime_checkable
class ShowsErrors(Protocol):
    """An owner that shows a domain error's sentence in its own place (a status line, a card…)."""

    def show_error_text(self, text: str) -> None: ...


def changes_of(result: object) -> Changes | None:
    """The ``Changes`` a result carries: itself, or its ``changes`` attribute."""
    if isinstance(result, Changes):
        return result
    changes = getattr(result, "changes", None)
    return changes if isinstance(changes, Changes) else None


def is_cancellation(exc: BaseException) -> bool:
    return isinstance(exc, DomainError) and exc.code.endswith(".cancelled")


class Op(Generic[T]):
    """One piece of work for the core, described by a page and run by the ``OpRunner``."""

    def __init__(self, runner: OpRunner, owner: QObject, work: Callable[..., T], lane: Lane) -> None:
        self._runner = runner
        self._owner = weakref.ref(owner)
        self._work = work
        self.lane = lane
        self.steps = Steps(self)
        self._with_steps = False
        self._key: str | None = None
        self._done: Callable[[T], None] | None = None
        self._failed: Callable[[BaseException], bool] | None = None
        self._finally: Callable[[], None] | None = None
        self._strip: ProgressStrip | None = None
        self._strip_text = ""
        self._broadcast = True
        self._document: tuple[Callable[..., T], tuple[Any, ...], dict[str, Any]] | None = None
        self._progress: tuple[int, int] | None = None
        self._job_id: int | None = None
        self.stale = False
        self.finished = False
        self.started_at = 0.0

    # -- description ---------------------------------------------------------------------
    def done(self, callback: Callable[[T], None]) -> Op[T]:
        """Called on the UI thread with the result (unless the op was overtaken or its owner is gone)."""
        self._done = callback
        return self

    def failed(self, handler: Callable[[BaseException], bool]) -> Op[T]:
        """Sees every error first; returns True when it dealt with it (else the policy applies)."""
        self._failed = handler
        return self

    def always(self, callback: Callable[[], None]) -> Op[T]:
        """Called on the UI thread when the op ends in any way (done, failed, cancelled), before ``done``."""
        self._finally = callback
        return self

    def latest(self, key: str) -> Op[T]:
        """Only the newest op of this owner and key matters: older ones are dropped and stopped."""
        self._key = key
        return self

    def with_steps(self) -> Op[T]:
        """Call the work as ``work(db, steps)`` so it can report progress and stop when cancelled."""
        self._with_steps = True
        return self

    def progress(self, strip: ProgressStrip, text: str = "") -> Op[T]:
        """Show ``strip`` (with ``text`` and Cancel) while the op runs; implies ``with_steps``."""
        self._with_steps = True
        self._strip = strip
        self._strip_text = text
        return self

    def quiet(self) -> Op[T]:
        """Do not broadcast the result's ``Changes`` (the caller does, or they concern nobody)."""
        self._broadcast = False
        return self

    # -- state -----------------------------------------------------------------------------
    @property
    def owner(self) -> QObject | None:
        owner = self._owner()
        return owner if owner is not None and isValid(owner) else None

    def cancel(self) -> None:
        """The user asked to stop (Cancel): the work stops at its next step and says so (a
        ``….cancelled`` error, which the policy keeps silent unless ``failed`` shows it)."""
        self.steps.cancel()
        if self.lane is Lane.DOCUMENT:
            self._runner._documents.cancel(self)

    def supersede(self) -> None:
        """A newer op of the same owner and key replaced this one: stop it and drop its result."""
        self.stale = True
        self.cancel()

    def run(self) -> Op[T]:
        self._runner._submit(self)
        return self

    # -- called by the runner ----------------------------------------------------------------
    def _call(self, db: Database) -> T:
        if self._with_steps:
            return self._work(db, self.steps)
        return self._work(db)


class OpRunner(QObject):
    """Runs ops in their lanes and delivers results, progress and errors on the UI thread."""

    busy_changed = Signal(bool)
    _wake = Signal()

    def __init__(self, db: Database, notify: Callable[[Changes], None], language: Callable[[], str], *,
                 synchronous: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.synchronous = synchronous
        self._notify = notify
        self._language = language
        self._inbox: queue.SimpleQueue[tuple[Op[Any], str, Any]] = queue.SimpleQueue()
        self._wake.connect(self._drain)
        self._pools: dict[Lane, ThreadPoolExecutor] = {}
        self._latest: dict[tuple[int, str], Op[Any]] = {}
        self._running: set[Op[Any]] = set()
        self._closed = False
        #: After start-up (``warm_up``): freeze what is alive whenever the runner falls idle, so full
        #: garbage collections walk only what was made since (a page's widgets and rows stay out).
        self.freeze_when_idle = False
        self._freeze_pending = False
        from confman.ui.document_process import DocumentLane

        self._documents = DocumentLane(self)

    # -- public --------------------------------------------------------------------------------
    def read(self, owner: QObject, work: Callable[..., T]) -> Op[T]:
        """A read for a page to paint (runs beside other reads)."""
        return Op(self, owner, work, Lane.READ)

    def write(self, owner: QObject, work: Callable[..., T]) -> Op[T]:
        """A write (one at a time, in order); its ``Changes`` are broadcast."""
        return Op(self, owner, work, Lane.WRITE)

    def desk(self, owner: QObject, work: Callable[..., T]) -> Op[T]:
        """Check-in desk work: its own thread, never behind a report, an import or a render."""
        return Op(self, owner, work, Lane.DESK)

    def document(self, owner: QObject, function: Callable[..., T], *args: Any, **kwargs: Any) -> Op[T]:
        """A heavy document made in the document process as ``function(db, *args, steps=…, **kwargs)``.

        ``function`` must be a module-level function and its arguments picklable; the result
        comes back pickled. Progress and cancellation are always available to it.
        """
        op: Op[T] = Op(self, owner, function, Lane.DOCUMENT)
        op._document = (function, args, kwargs)
        op._with_steps = True
        return op

    @property
    def busy(self) -> bool:
        return bool(self._running)

    @property
    def closed(self) -> bool:
        """True once ``shutdown`` ran: new ops are dropped."""
        return self._closed

    @property
    def idle(self) -> bool:
        """Nothing running and nothing waiting to be delivered (tests wait for this)."""
        return not self._running and self._inbox.empty()

    def cancel_latest(self, owner: QObject, key: str) -> None:
        """Stop the running op of ``owner`` and ``key`` (nothing newer replaces it)."""
        op = self._latest.get((id(owner), key))
        if op is not None and not op.finished:
            op.supersede()

    def cancel_all(self, owner: QObject | None = None) -> None:
        for op in list(self._running):
            if owner is None or op._owner() is owner:
                op.supersede()

    def prepare_documents(self) -> None:
        """Start the document process now (at idle after start-up), so the first report does not wait."""
        if not self.synchronous:
            self._documents.start()

    def shutdown(self, timeout_s: float = 5.0) -> None:
        """The window is closing: stop long work, drop every result still to come, wait briefly."""
        if self._closed:
            return
        self._closed = True
        for op in list(self._running):
            op.supersede()
        self._documents.stop()
        deadline = time.monotonic() + timeout_s
        for pool in self._pools.values():
            pool.shutdown(wait=False, cancel_futures=True)
        for pool in self._pools.values():
            for thread in list(getattr(pool, "_threads", ())):
                thread.join(max(0.0, deadline - time.monotonic()))

    def wait(self, timeout_s: float = 30.0) -> bool:
        """Block until every op has run and been delivered (tests, benchmarks)."""
        from PySide6.QtCore import QCoreApplication, QEventLoop

        deadline = time.monotonic() + timeout_s
        while not self.idle:
            if time.monotonic() > deadline:
                return False
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            if not self._inbox.empty():
                self._drain()
            else:
                time.sleep(0.002)
        return True

    # -- submitting ----------------------------------------------------------------------------
    def _submit(self, op: Op[Any]) -> None:
        if self._closed:
            return
        owner = op._owner()
        if op._key is not None and owner is not None:
            slot = (id(owner), op._key)
            older = self._latest.get(slot)
            if older is not None and not older.finished:
                older.supersede()
            self._latest[slot] = op
        if not self._running:
            self.busy_changed.emit(True)
        self._running.add(op)
        op.started_at = time.perf_counter()
        if op._strip is not None:
            op._strip.begin(op, op._strip_text)
        if self.synchronous:
            self._execute(op)
            self._drain()
            return
        if op.lane is Lane.DOCUMENT and self._documents.available():
            self._documents.submit(op)
            return
        lane = Lane.READ if op.lane is Lane.DOCUMENT else op.lane
        self._pool(lane).submit(self._execute, op)

    def _pool(self, lane: Lane) -> ThreadPoolExecutor:
        pool = self._pools.get(lane)
        if pool is None:
            pool = ThreadPoolExecutor(LANE_THREADS[lane], thread_name_prefix=f"confman-{lane.value}")
            self._pools[lane] = pool
        return pool

    def _execute(self, op: Op[Any]) -> None:
        """On a worker (or inline): run the work unless the op is already overtaken."""
        if op.stale or self._closed:
            self._post(op, "dropped", None)
            return
        _local.depth = getattr(_local, "depth", 0) + 1
        try:
            if op._document is not None:  # the document process is unavailable: run it here
                function, args, kwargs = op._document
                result = function(self.db, *args, steps=op.steps, **kwargs)
            else:
                result = op._call(self.db)
        except BaseException as exc:  # handed to the UI thread, which applies the policy
            self._post(op, "failed", exc)
        else:
            self._post(op, "done", result)
        finally:
            _local.depth -= 1

    def _post(self, op: Op[Any], kind: str, payload: Any) -> None:
        """From any thread: queue an outcome and wake the UI thread."""
        if self.synchronous and threading.current_thread() is threading.main_thread():
            if kind == "progress":  # inline work: show it now (and let Cancel be clicked)
                if op._strip is not None and op._progress is not None:
                    op._strip.set_progress(*op._progress)
                return
            self._inbox.put((op, kind, payload))
            return  # drained by _submit right after the work
        self._inbox.put((op, kind, payload))
        with contextlib.suppress(RuntimeError):  # the runner is gone: the window closed while the work ran
            self._wake.emit()

    # -- delivering (UI thread) ------------------------------------------------------------------
    @Slot()
    def _drain(self) -> None:
        while True:
            try:
                op, kind, payload = self._inbox.get_nowait()
            except queue.Empty:
                return
            if kind == "progress":
                if not op.finished and op._strip is not None and op._progress is not None and not self._closed:
                    op._strip.set_progress(*op._progress)
                continue
            self._finish(op)
            if self._closed or op.stale or kind == "dropped":
                if kind == "failed" and not is_cancellation(payload) and not self._closed:
                    log.warning("an overtaken op failed", exc_info=payload)
                continue
            if op.owner is None:
                continue
            if op._finally is not None:
                op._finally()
            if kind == "done":
                self._succeeded(op, payload)
            else:
                self._failed(op, payload)

    def _finish(self, op: Op[Any]) -> None:
        op.finished = True
        self._running.discard(op)
        owner = op._owner()
        if op._key is not None and owner is not None and self._latest.get((id(owner), op._key)) is op:
            del self._latest[(id(owner), op._key)]
        if op._strip is not None and isValid(op._strip):
            op._strip.end(op)
        if not self._running:
            with contextlib.suppress(RuntimeError):
                self.busy_changed.emit(False)
            if self.freeze_when_idle and not self._freeze_pending and not self._closed:
                self._freeze_pending = True
                QTimer.singleShot(FREEZE_AFTER_IDLE_MS, self._freeze)

    def _freeze(self) -> None:
        self._freeze_pending = False
        if not self._running and not self._closed:
            import gc

            gc.freeze()

    def _succeeded(self, op: Op[Any], result: Any) -> None:
        if op._done is not None:
            op._done(result)
        if op._broadcast:
            changes = changes_of(result)
            if changes is not None and changes.kinds:
                self._notify(changes)

    def _as_domain(self, exc: BaseException) -> BaseException:
        """A database server that cannot be reached is not a bug: it becomes ``db.unreachable``."""
        if isinstance(exc, DomainError):
            return exc
        from confman.core.checkin.offline_queue import is_connection_error

        if is_connection_error(self.db, exc):
            detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
            error = DomainError("db.unreachable", url=self.db.display_url, detail=detail[0] if detail else "")
            error.__cause__ = exc
            return error
        return exc

    def _failed(self, op: Op[Any], exc: BaseException) -> None:
        exc = self._as_domain(exc)
        if op._failed is not None and op._failed(exc):
            return
        if is_cancellation(exc):
            return
        if isinstance(exc, DomainError):
            self.show_error(op.owner, describe(exc, self._language()))
            return
        log.error("operation failed", exc_info=exc)
        sys.excepthook(type(exc), exc, exc.__traceback__)

    def show_error(self, owner: QObject | None, text: str) -> None:
        """A domain error's sentence where the owner shows such things, else in a message box."""
        if isinstance(owner, ShowsErrors):
            owner.show_error_text(text)
            return
        parent = owner if isinstance(owner, QWidget) else None
        QMessageBox.warning(parent, t("app.title"), text)
