"""The UI context and the main window, built one way for every UI test.

``make_context(...)`` and ``make_window(...)`` build what the app builds (``UiContext`` and
``MainWindow`` over the real page factories). ``asynchronous=True`` runs ops on their real
lanes and threads (the main flows: scan, search, import, print); the default runs them inline,
which is deterministic for the many widget tests.

Every database built here is watched by ``GuiThreadGuard``: a session opened on the GUI
thread by UI code outside an op (a page calling a service directly) fails the test. Test
bodies may still set up and inspect the database directly.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from confman.core.settings import Settings

UI_PACKAGE = str(Path(__file__).resolve().parents[2] / "confman" / "ui") + os.sep
CORE_PACKAGE = str(Path(__file__).resolve().parents[2] / "confman" / "core") + os.sep


def _allowed(relative: str) -> bool:
    """The ops themselves may open sessions (inline in the synchronous mode)."""
    return relative in ("ops.py", "document_process.py") or relative.endswith(os.sep + "ops.py")


class GuiThreadGuard:
    """Fails when UI code opens a database connection on the GUI thread outside an op.

    Armed once the window is shown (the window reads the event list before its first paint).
    """

    def __init__(self, engine: Any, *, armed: bool = True) -> None:
        self.engine = engine
        self.armed = armed
        self.violations: list[str] = []
        event.listen(engine, "checkout", self._checkout)

    def _checkout(self, *_args: Any) -> None:
        from confman.ui.ops import running_in_op

        if not self.armed or threading.current_thread() is not threading.main_thread() or running_in_op():
            return
        import sys

        frame = sys._getframe(1)
        while frame is not None:  # the caller of the core: the first frame outside libraries and the core
            name = frame.f_code.co_filename
            if not (name.startswith(CORE_PACKAGE) or os.sep + "site-packages" + os.sep in name
                    or name.startswith((sys.base_prefix, "<")) or name == __file__):
                break
            frame = frame.f_back
        if frame is None:
            return
        name = frame.f_code.co_filename
        if name.startswith(UI_PACKAGE) and not _allowed(name[len(UI_PACKAGE):]):
            where = f"{name[len(UI_PACKAGE):]}:{frame.f_lineno} in {frame.f_code.co_name}"
            self.violations.append(where)
            raise AssertionError(f"database opened on the GUI thread outside an op: {where}")

    def close(self) -> None:
        event.remove(self.engine, "checkout", self._checkout)


@pytest.fixture
def ui_settings(tmp_path: Path) -> Settings:
    return Settings(language="vi", station="Bàn 1", sounds=False, backup_folder=str(tmp_path / "backups"))


@pytest.fixture
def gui_guards() -> Iterator[Callable[[Any], GuiThreadGuard]]:
    """One guard per database of the test; every violation fails the test at its end."""
    guards: dict[int, GuiThreadGuard] = {}

    def guard_for(database: Any) -> GuiThreadGuard:
        key = id(database.engine)
        if key not in guards:
            guards[key] = GuiThreadGuard(database.engine)
        return guards[key]

    yield guard_for
    for guard in guards.values():
        guard.close()
    violations = [v for guard in guards.values() for v in guard.violations]
    assert not violations, violations


@pytest.fixture
def make_context(db: Any, ui_settings: Settings, gui_guards: Callable[[Any], GuiThreadGuard]
                 ) -> Iterator[Callable[..., Any]]:
    """``make_context(database=None, *, asynchronous=False, settings=None, event=None, persist=False)`` → UiContext."""
    from confman.ui.context import UiContext

    built: list[Any] = []

    def factory(database: Any = None, *, asynchronous: bool = False, settings: Settings | None = None,
                event: Any = None, persist: bool = False) -> Any:
        database = database or db
        gui_guards(database)
        ctx = UiContext(database, settings or ui_settings, synchronous=not asynchronous, persist_settings=persist)
        if event is not None:
            ctx.set_event(event)
        built.append(ctx)
        return ctx

    yield factory
    for ctx in built:
        ctx.shutdown()


@pytest.fixture
def make_window(qtbot: Any, db: Any, ui_settings: Settings, gui_guards: Callable[[Any], GuiThreadGuard]
                ) -> Iterator[Callable[..., Any]]:
    """``make_window(database=None, *, asynchronous=False, settings=None, page=None, persist=False)`` → a shown
    MainWindow (``persist`` saves settings changes to the data folder, as the app does)."""
    from confman.app import build_main_window

    built: list[Any] = []

    def factory(database: Any = None, *, asynchronous: bool = False, settings: Settings | None = None,
                page: str | None = None, size: tuple[int, int] = (1366, 768), persist: bool = False) -> Any:
        database = database or db
        guard = gui_guards(database)
        guard.armed = False  # the window reads the event list before its first paint
        window = build_main_window(database, settings or ui_settings, synchronous=not asynchronous,
                                   persist_settings=persist)
        built.append(window)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        guard.armed = True
        if page is not None:
            window.show_page(page)
        qtbot.waitExposed(window)
        return window

    yield factory
    for window in built:
        window.ctx.shutdown()


class Heartbeat:
    """A timer on the GUI thread every 10 ms; ``worst_ms`` is the longest the UI thread did not answer."""

    def __init__(self) -> None:
        import time

        from PySide6.QtCore import QTimer

        self._clock = time.perf_counter
        self.gaps: list[float] = []
        self._last = self._clock()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._beat)

    def _beat(self) -> None:
        now = self._clock()
        self.gaps.append((now - self._last) * 1000)
        self._last = now

    def start(self) -> None:
        self._last = self._clock()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    @property
    def worst_ms(self) -> float:
        return max(self.gaps, default=0.0)


@pytest.fixture
def heartbeat() -> Iterator[Heartbeat]:
    beat = Heartbeat()
    yield beat
    beat.stop()
