"""The document lane: heavy documents (reports, badge batches) made in a separate process.

Threads do not keep the window responsive here: they share the GIL, a full garbage collection
stops every thread, and freeing a 20,000-row report's objects is one long C-level cascade.
Measured on a 2-core machine while a 20,000-delegate sign-in sheet rendered on a worker
thread: UI stalls of 0.4–0.9 s, with or without ``gc.freeze()`` and generation-2 collections
turned off. In a process of its own the same work costs the window nothing.

One process serves the window, one job at a time; it is started at idle after start-up
(``OpRunner.prepare_documents``) because a spawn costs 1–3 s. It opens the database by URL
(once per URL) and calls a module-level ``function(db, *args, steps=…, **kwargs)``; progress and
results come back over a pipe, read by a thread that hands them to the ``OpRunner``; a cancel
is a message the process's own reader thread records between steps. A domain error crosses as
its code and parameters; any other error as its text and traceback.

This module imports no Qt: the child process imports it to run jobs.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import pickle
import queue
import threading
import time
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from confman.ui.ops import Op, OpRunner

log = logging.getLogger(__name__)

#: Set to "0" to make documents on worker threads instead (debugging).
ENV_SWITCH = "CONFMAN_DOCUMENT_PROCESS"
PROGRESS_EVERY_S = 0.05


class DocumentProcessError(RuntimeError):
    """An unexpected error inside the document process, with its traceback as text."""


class DocumentLane:
    """The parent's side: starts the process, sends jobs, relays progress and results."""

    def __init__(self, runner: OpRunner) -> None:
        self._runner = runner
        self._process: Any = None
        self._conn: Any = None
        self._jobs: dict[int, Op[Any]] = {}
        self._ids = itertools.count(1)
        self._reader: threading.Thread | None = None
        self._outbox: queue.SimpleQueue[tuple[Any, ...] | None] = queue.SimpleQueue()
        self._stopped = False

    def available(self) -> bool:
        """False for in-memory databases (a second process cannot see them) or when switched off."""
        if self._stopped or os.environ.get(ENV_SWITCH, "1") == "0":
            return False
        db = self._runner.db
        return not (db.is_sqlite and db.sqlite_path is None)

    def start(self) -> None:
        if self._process is not None or not self.available():
            return
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(target=child_main, args=(child,), name="confman-documents", daemon=True)
        process.start()
        child.close()
        self._process, self._conn = process, parent
        self._reader = threading.Thread(target=self._read, name="confman-documents-reader", daemon=True)
        self._reader.start()
        # Pickling a job and writing it to the pipe happen here, never on the UI thread.
        threading.Thread(target=self._write, args=(parent,), name="confman-documents-writer", daemon=True).start()

    def submit(self, op: Op[Any]) -> None:
        self.start()
        assert op._document is not None
        function, args, kwargs = op._document
        job_id = next(self._ids)
        op._job_id = job_id
        self._jobs[job_id] = op
        self._send(("job", job_id, self._runner.db.url, function, args, kwargs))

    def cancel(self, op: Op[Any]) -> None:
        job_id = op._job_id
        if job_id is not None and job_id in self._jobs:
            self._send(("cancel", job_id))

    def stop(self) -> None:
        """Stop the process (the window is closing); a document still being made is thrown away."""
        self._stopped = True
        process = self._process
        self._process = None
        self._outbox.put(None)
        if process is None:
            return
        if self._jobs:  # busy: nothing of value is lost, and the window must close now
            process.terminate()
        process.join(0.2)
        if process.is_alive():
            process.terminate()
            process.join(0.5)

    def _send(self, message: tuple[Any, ...]) -> None:
        self._outbox.put(message)

    def _write(self, conn: Any) -> None:
        """Writer thread: jobs and cancels to the process, in order."""
        while (message := self._outbox.get()) is not None:
            try:
                conn.send(message)
            except (OSError, ValueError, pickle.PicklingError, TypeError) as exc:
                job_id = message[1] if len(message) > 1 else None
                op = self._jobs.pop(job_id, None) if job_id is not None else None
                if op is not None:
                    error = DocumentProcessError(f"document process unavailable: {type(exc).__name__}: {exc}")
                    self._runner._post(op, "failed", error)
        with contextlib.suppress(OSError, ValueError):
            conn.send(("stop",))
            conn.close()

    def _read(self) -> None:
        """Reader thread: progress and outcomes from the process, handed to the runner."""
        conn = self._conn
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                break
            kind, job_id = message[0], message[1]
            op = self._jobs.get(job_id)
            if op is None:
                continue
            if kind == "progress":
                op.steps.progress(message[2], message[3])
                continue
            del self._jobs[job_id]
            if kind == "done":
                self._runner._post(op, "done", message[2])
            elif kind == "dropped":
                self._runner._post(op, "dropped", None)
            else:
                self._runner._post(op, "failed", _rebuild_error(message[2]))
        for job_id in list(self._jobs):
            op = self._jobs.pop(job_id)
            if not self._stopped:
                self._runner._post(op, "failed", DocumentProcessError("the document process ended"))


def _rebuild_error(payload: tuple[str, Any, Any]) -> BaseException:
    kind, first, second = payload
    if kind == "domain":
        from confman.core.errors import DomainError

        return DomainError(first, **second)
    error = DocumentProcessError(first)
    error.add_note(second)
    return error


def _error_payload(exc: BaseException) -> tuple[str, Any, Any]:
    from confman.core.errors import DomainError

    if isinstance(exc, DomainError):
        try:
            pickle.dumps(exc.params)
            return ("domain", exc.code, exc.params)
        except Exception:
            return ("domain", exc.code, {k: str(v) for k, v in exc.params.items()})
    return ("other", f"{type(exc).__name__}: {exc}", "".join(traceback.format_exception(exc)))


class _ChildSteps:
    """Progress and cancellation inside the process."""

    def __init__(self, job_id: int, cancelled: set[int], send: Callable[[tuple[Any, ...]], None]) -> None:
        self._job_id = job_id
        self._cancelled = cancelled
        self._send = send
        self._sent = 0.0

    def progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._sent >= PROGRESS_EVERY_S or done >= total:
            self._sent = now
            self._send(("progress", self._job_id, done, total))

    def cancelled(self) -> bool:
        return self._job_id in self._cancelled

    def __call__(self) -> bool:
        return self.cancelled()


def child_main(conn: Any) -> None:
    """The process: read jobs and cancels on a thread, run jobs one by one on the main thread."""
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(5)  # the window's own process comes first
    jobs: queue.SimpleQueue[tuple[Any, ...] | None] = queue.SimpleQueue()
    cancelled: set[int] = set()
    send_lock = threading.Lock()

    def send(message: tuple[Any, ...]) -> None:
        with send_lock:
            conn.send(message)

    def reader() -> None:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                break
            if message[0] == "job":
                jobs.put(message)
            elif message[0] == "cancel":
                cancelled.add(message[1])
            else:
                break
        jobs.put(None)

    threading.Thread(target=reader, name="reader", daemon=True).start()
    databases: dict[str, Any] = {}
    while (message := jobs.get()) is not None:
        _kind, job_id, url, function, args, kwargs = message
        if job_id in cancelled:
            send(("dropped", job_id))
            continue
        try:
            db = databases.get(url)
            if db is None:
                from confman.core.db.engine import Database

                for old in databases.values():
                    old.dispose()
                databases = {url: Database.open(url)}
                db = databases[url]
            result = function(db, *args, steps=_ChildSteps(job_id, cancelled, send), **kwargs)
        except BaseException as exc:
            send(("failed", job_id, _error_payload(exc)))
        else:
            try:
                send(("done", job_id, result))
            except Exception as exc:  # an unpicklable result is a bug in the calling op
                send(("failed", job_id, _error_payload(exc)))
        cancelled.discard(job_id)
    for db in databases.values():
        db.dispose()
