"""The operation object on its real threads: lanes, latest-only, the error policy, Changes, shutdown,
the document process, and the guard that keeps pages from reading the database on the GUI thread."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from confman.core.changes import Changes
from confman.core.errors import DomainError
from confman.core.registration.rows import DelegateInput
from confman.core.registration.service import count_delegates, create_delegate


class Owner(QLabel):
    """A page-like owner that shows domain errors inline."""

    def show_error_text(self, text: str) -> None:
        self.setText(text)


@pytest.fixture
def live(make_context, make_event, qtbot):
    ctx = make_context(event=make_event(), asynchronous=True)
    owner = Owner()
    qtbot.addWidget(owner)
    return ctx, owner


def test_a_newer_op_of_the_same_key_drops_the_older_result(live, qtbot):
    ctx, owner = live
    shown: list[str] = []
    release = threading.Event()

    def slow(_db):
        release.wait(5)
        return "old"

    ctx.ops.read(owner, slow).latest("search").done(shown.append).run()
    ctx.ops.read(owner, lambda _db: "new").latest("search").done(shown.append).run()
    qtbot.waitUntil(lambda: shown == ["new"], timeout=5000)
    release.set()
    assert ctx.ops.wait(5)
    assert shown == ["new"]  # the overtaken text's result never reaches the page


def test_the_desk_lane_does_not_wait_behind_a_long_write(live, qtbot):
    ctx, owner = live
    release = threading.Event()
    order: list[str] = []
    ctx.ops.write(owner, lambda _db: release.wait(5) and "write").done(order.append).run()
    ctx.ops.write(owner, lambda _db: "second write").done(order.append).run()
    ctx.ops.desk(owner, lambda _db: "scan").done(order.append).run()
    qtbot.waitUntil(lambda: order == ["scan"], timeout=3000)  # the scan answered while the write waits
    release.set()
    qtbot.waitUntil(lambda: len(order) == 3, timeout=5000)
    assert order == ["scan", "write", "second write"]  # writes keep their order


def test_reads_run_side_by_side(live, qtbot):
    ctx, owner = live
    inside = threading.Barrier(2, timeout=5)
    results: list[str] = []
    for name in ("a", "b"):
        ctx.ops.read(owner, lambda _db, n=name: inside.wait() is not None and n).done(results.append).run()
    qtbot.waitUntil(lambda: sorted(results) == ["a", "b"], timeout=5000)


def test_domain_errors_are_said_in_the_owners_place_and_bugs_reach_the_crash_dialog(live, qtbot, monkeypatch):
    ctx, owner = live

    def refused(_db):
        raise DomainError("delegates.name_required")

    ctx.ops.write(owner, refused).run()
    qtbot.waitUntil(lambda: owner.text() != "", timeout=3000)
    assert owner.text() == "Cần nhập họ và tên."

    crashes: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, exc, tb: crashes.append(exc))

    def broken(_db):
        raise ZeroDivisionError("a bug")

    ctx.ops.read(owner, broken).run()
    qtbot.waitUntil(lambda: bool(crashes), timeout=3000)
    assert isinstance(crashes[0], ZeroDivisionError) and owner.text() == "Cần nhập họ và tên."


def test_a_write_broadcasts_its_changes_to_every_page(live, qtbot, db):
    ctx, owner = live
    seen: list[Changes] = []
    ctx.data_changed.connect(seen.append)
    event_id = ctx.event.id
    ctx.ops.write(owner, lambda d: create_delegate(d, event_id, DelegateInput(full_name="Lê Văn Tám"))).run()
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert seen[0].touches("delegates") and count_delegates(db, event_id) == 1


def test_progress_and_cancel_through_the_strip(live, qtbot):
    from confman.ui.widgets.progress import ProgressStrip

    ctx, owner = live
    strip = ProgressStrip()
    qtbot.addWidget(strip)
    outcome: list[str] = []

    def long_work(_db, steps):
        for done in range(1, 1000):
            if steps.cancelled():
                raise DomainError("reports.cancelled")
            steps.progress(done, 1000)
            time.sleep(0.005)
        return "finished"

    def failed(exc: BaseException) -> bool:
        outcome.append(exc.code if isinstance(exc, DomainError) else repr(exc))
        return True

    ctx.ops.read(owner, long_work).progress(strip, "Đang làm…").done(outcome.append).failed(failed).run()
    qtbot.waitUntil(lambda: strip.bar.value() >= 5, timeout=5000)
    assert not strip.isHidden() and strip.label.text() == "Đang làm…"
    strip.cancel_button.click()
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    assert outcome == ["reports.cancelled"] and strip.isHidden()


def test_closing_during_a_load_drops_the_result_quietly(live, qtbot, capfd):
    ctx, owner = live
    release = threading.Event()
    delivered: list[object] = []
    ctx.ops.read(owner, lambda _db: release.wait(5) and "late").done(delivered.append).run()
    ctx.ops.read(owner, lambda _db: "queued").done(delivered.append).run()
    started = time.perf_counter()
    threading.Timer(0.2, release.set).start()
    ctx.shutdown()  # the window closes: the running read finishes, nothing is delivered
    assert time.perf_counter() - started < 5
    qtbot.wait(100)
    assert delivered == [] and "Signal source has been deleted" not in capfd.readouterr().err


def test_results_for_a_closed_dialog_are_dropped(live, qtbot):
    ctx, _owner = live
    dialog = Owner()
    release = threading.Event()
    delivered: list[object] = []
    ctx.ops.read(dialog, lambda _db: release.wait(5) and "rows").done(delivered.append).run()
    dialog.deleteLater()
    qtbot.wait(50)
    release.set()
    assert ctx.ops.wait(5)
    assert delivered == []


def test_a_document_is_made_in_another_process(live, qtbot):
    import os

    from confman.ui.reports import ops as report_ops
    from confman.ui.reports.ops import ReportOptions

    ctx, owner = live
    made: list[report_ops.Made] = []
    ctx.ops.document(owner, report_ops.make, ctx.event.id, "attendance", "pdf", ReportOptions()).done(made.append).run()
    qtbot.waitUntil(lambda: bool(made), timeout=60_000)
    assert made[0].report.data.startswith(b"%PDF") and made[0].pages >= 1
    process = ctx.ops._documents._process
    assert process is not None and process.is_alive() and process.pid != os.getpid()


def test_a_page_reading_the_database_on_the_gui_thread_fails_the_test(db, make_event):
    """The guard of the UI fixtures: UI code (here a function compiled as a page module) that
    calls a service on the GUI thread outside an op is stopped."""
    from tests.ui.conftest import UI_PACKAGE, GuiThreadGuard

    event = make_event()
    guard = GuiThreadGuard(db.engine)
    namespace: dict[str, object] = {}
    source = "def refresh(db, event_id):\n    from confman.core.registration.service import count_delegates\n" \
             "    return count_delegates(db, event_id)\n"
    exec(compile(source, str(Path(UI_PACKAGE) / "delegates" / "a_page.py"), "exec"), namespace)
    try:
        with pytest.raises(AssertionError, match=r"outside an op: delegates/a_page\.py"):
            namespace["refresh"](db, event.id)  # type: ignore[operator]
        assert count_delegates(db, event.id) == 0  # the test itself may read
    finally:
        guard.close()


def test_pages_never_touch_the_database_handle(tmp_path):
    """Outside the ops modules and the context, UI code has no ``.db``: it asks ops."""
    import ast

    root = Path(__file__).resolve().parents[2] / "confman" / "ui"
    allowed = {"ops.py", "document_process.py", "context.py", "window_ops.py", "import_ops.py"}
    found = []
    for path in root.rglob("*.py"):
        if path.name in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "db":
                found.append(f"{path.relative_to(root)}:{node.lineno}")
    assert found == []


def test_no_owner_widget_needed_for_the_window_owner(make_window):
    window = make_window()
    assert isinstance(window, QWidget) and window.ctx.actions is window


def test_closing_the_window_while_pages_load_exits_cleanly(qtbot, db, make_window, capfd):
    """The window closes while its pages' first reads and a report are still running: nothing is
    delivered to the closed window, no error reaches stderr, and the document process is gone."""
    from confman.core.demo import create_demo
    from confman.core.settings import Settings
    from confman.ui.main_window import NAV_KEYS

    event = create_demo(db, delegates=300).event
    window = make_window(asynchronous=True, settings=Settings(language="vi", last_event_code=event.code))
    for key in NAV_KEYS:  # every page starts its reads
        window.show_page(key)
    reports = window.pages["nav.reports"]
    reports.select_report("invitations")
    reports.generate_preview()
    assert not window.ctx.ops.idle
    window.close()
    qtbot.wait(300)
    assert window.ctx.ops._closed and window.ctx.ops._documents._process is None
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Signal source has been deleted" not in err
