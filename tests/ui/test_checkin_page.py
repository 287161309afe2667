"""The check-in desk driven like a user: scanner bursts anywhere, typing, lookup, walk-ins, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from sqlalchemy import func, select

from confman.core.badges.codes import make_code
from confman.core.checkin.models import CheckIn
from confman.core.checkin.service import is_checked_in, perform_checkin
from confman.core.events.service import event_secret
from tests.pdf_checks import printed_qr_codes


@pytest.fixture
def desk(qtbot, db, make_event, make_delegate, make_window):
    event = make_event()
    people = {
        "an": make_delegate(event.id, "Nguyễn Văn An", organization="Bộ Ngoại giao", honorific="Ông"),
        "hong": make_delegate(event.id, "Đặng Thị Hồng", organization="Sở Thông tin và Truyền thông Đà Nẵng",
                              honorific="Bà", category_code="VIP"),
    }
    secret = event_secret(db, event.id)
    codes = {k: make_code(event_id=event.id, delegate_id=v, badge_version=1, secret=secret) for k, v in people.items()}
    window = make_window(page="nav.checkin")
    other = QLineEdit()  # an unrelated field somewhere in the window, holding the focus
    other.setObjectName("unrelated")
    window.toolbar.addWidget(other)
    page = window.pages["nav.checkin"]
    window.activateWindow()
    other.setFocus()
    qtbot.waitUntil(lambda: other.hasFocus() or True)
    return type("Desk", (), dict(window=window, page=page, other=other, event=event, people=people, codes=codes,
                                 db=db))


def scan(widget, text: str, terminator=Qt.Key.Key_Return) -> None:
    """A keyboard-wedge scanner: all keys at once, then Enter."""
    QTest.keyClicks(widget, text)
    QTest.keyClick(widget, terminator)


def type_raw(widget, text: str) -> None:
    """Key events for any characters (QTest.keyClicks only knows Latin-1 keys)."""
    for ch in text:
        key = ord(ch.upper()) if ch.isascii() else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))


def log_count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(CheckIn))


def test_burst_into_unrelated_field_is_a_scan(desk, qtbot):
    scan(desk.other, desk.codes["an"])
    card = desk.page.card
    assert card.result is not None and card.result.result == "ok"
    assert "Chào mừng" in card.verdict.text()
    assert card.name.text() == "Ông Nguyễn Văn An"
    assert card.organization.text() == "Bộ Ngoại giao"
    assert card.category.text() == "Đại biểu"
    assert desk.other.text() == ""  # the scanner's keys never reached the field
    assert desk.page.scans_model.rowCount() == 1
    assert desk.page.counters.total.text() == "1 / 2"


def test_tab_terminated_burst_with_prefix_and_suffix(desk, qtbot):
    scan(desk.other, "]Q1" + desk.codes["hong"] + "#", Qt.Key.Key_Tab)
    assert desk.page.card.result is not None and desk.page.card.result.result == "ok"
    assert desk.page.card.category.text() == "Đại biểu VIP"


def test_slow_typing_is_left_alone(desk, qtbot):
    QTest.keyClicks(desk.other, "12345678901", Qt.KeyboardModifier.NoModifier, 80)
    QTest.keyClick(desk.other, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, 80)
    qtbot.wait(150)
    assert desk.other.text() == "12345678901"
    assert desk.page.card.result is None
    assert log_count(desk.db) == 0


def test_typing_in_the_lookup_field_still_types(desk, qtbot):
    edit = desk.page.lookup.edit
    edit.setFocus()
    QTest.keyClicks(edit, "dang", Qt.KeyboardModifier.NoModifier, 60)
    qtbot.wait(300)
    assert edit.text() == "dang"
    assert desk.page.lookup.results.count() == 1


def test_duplicate_names_first_time_and_desk(desk, qtbot):
    perform_checkin(desk.db, event_id=desk.event.id, code=desk.codes["an"], station="Bàn 2")
    scan(desk.other, desk.codes["an"])
    card = desk.page.card
    assert card.result.result == "duplicate"
    assert "Đã điểm danh lúc" in card.verdict.text() and "Bàn 2" in card.verdict.text()


def test_invalid_codes_say_why(desk, qtbot):
    tampered = desk.codes["an"][:-1] + str((int(desk.codes["an"][-1]) + 1) % 10)
    scan(desk.other, tampered)
    assert desk.page.card.result.result == "bad_signature"
    assert "Không hợp lệ" in desk.page.card.verdict.text()


def test_backspaces_in_a_burst_warn_about_the_input_method(desk, qtbot):
    QTest.keyClicks(desk.other, desk.codes["an"][:5])
    QTest.keyClick(desk.other, Qt.Key.Key_Backspace)
    QTest.keyClicks(desk.other, desk.codes["an"][4:])
    QTest.keyClick(desk.other, Qt.Key.Key_Return)
    assert desk.page.warning.isVisible()
    assert "Unikey" in desk.page.warning.text() and "phím xóa lùi" in desk.page.warning.text()
    assert log_count(desk.db) == 0


def test_letters_in_a_burst_warn_about_the_keyboard_layout(desk, qtbot):
    type_raw(desk.other, "&é\"'(-è_çà&é\"'(")  # what digits become on an AZERTY layout without Shift
    QTest.keyClick(desk.other, Qt.Key.Key_Return)
    warning = desk.page.warning
    assert warning.isVisible() and "keyboard country" in warning.text()
    assert log_count(desk.db) == 0
    scan(desk.other, desk.codes["an"])  # a good scan clears the warning
    assert not warning.isVisible()


def test_scanner_double_fire_is_ignored(desk, qtbot):
    scan(desk.other, desk.codes["an"])
    scan(desk.other, desk.codes["an"])
    assert log_count(desk.db) == 1
    assert desk.page.card.result.result == "ok"


def test_undo_last_check_in(desk, qtbot):
    scan(desk.other, desk.codes["an"])
    assert desk.page.undo_button.isEnabled()
    qtbot.mouseClick(desk.page.undo_button, Qt.MouseButton.LeftButton)
    assert not is_checked_in(desk.db, event_id=desk.event.id, delegate_id=desk.people["an"])
    assert "hoàn tác" in desk.page.card.verdict.text()
    assert not desk.page.undo_button.isEnabled()
    assert desk.page.counters.total.text() == "0 / 2"
    desk.page.scanner._last_code = ""  # a new scan after the 2 s double-fire window
    scan(desk.other, desk.codes["an"])
    assert desk.page.card.result.result == "ok"


def test_manual_lookup_checks_in_a_forgotten_badge(desk, qtbot):
    page = desk.page
    page.lookup.edit.setText("hong da nang")
    page.run_lookup()
    assert page.lookup.results.count() == 1
    assert "Đặng Thị Hồng" in page.lookup.results.item(0).text()
    qtbot.mouseClick(page.lookup.checkin_button, Qt.MouseButton.LeftButton)
    assert page.card.result.result == "ok" and page.card.name.text() == "Bà Đặng Thị Hồng"
    assert is_checked_in(desk.db, event_id=desk.event.id, delegate_id=desk.people["hong"])
    page.lookup.edit.setText("Đặng")
    page.run_lookup()
    assert "đã đến" in page.lookup.results.item(0).text()


def test_walk_in_saves_and_checks_in(desk, qtbot):
    page = desk.page
    page.tabs.setCurrentIndex(1)
    form = page.walk_in
    form.print_badge.setChecked(False)
    form.name.setText("Lý Thị Mai")
    form.organization.setText("Báo Nhân Dân")
    form.position.setText("Phóng viên")
    form.category.setCurrentIndex(form.category.findText("Báo chí"))
    assert [label.text() for label in form.labels] == ["Họ và tên", "Đơn vị", "Chức vụ", "Điện thoại", "Hạng",
                                                        "Danh xưng"]
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    result = page.card.result
    assert result.result == "ok" and result.delegate.full_name == "Lý Thị Mai"
    assert page.card.category.text() == "Báo chí"
    assert form.name.text() == ""
    assert page.counters.total.text() == "1 / 3"


def test_scans_from_another_desk_show_up_on_poll(desk, qtbot):
    perform_checkin(desk.db, event_id=desk.event.id, code=desk.codes["hong"], station="Bàn 3")
    desk.page.poll()
    assert desk.page.counters.total.text() == "1 / 2"
    assert desk.page.scans_model.rows[0].station == "Bàn 3"


def test_scanner_only_listens_while_the_page_is_shown(desk, qtbot):
    desk.window.show_page("nav.dashboard")
    assert not desk.page.scanner.installed
    desk.other.setFocus()
    scan(desk.other, desk.codes["an"])
    assert log_count(desk.db) == 0
    desk.window.show_page("nav.checkin")
    assert desk.page.scanner.installed


def test_kiosk_locks_the_rest_behind_the_pin(desk, qtbot):
    desk.window.ctx.settings.kiosk_pin = "2468"
    desk.page.enter_kiosk()
    assert not desk.window.nav.isVisible()
    assert not desk.page.leave_kiosk("0000")
    assert not desk.window.nav.isVisible()
    assert desk.page.leave_kiosk("2468")
    assert desk.window.nav.isVisible()


def test_language_switch_relabels_the_card(desk, qtbot):
    scan(desk.other, desk.codes["an"])
    desk.window.ctx.set_language("en")
    assert "Welcome" in desk.page.card.verdict.text()
    assert desk.page.card.category.text() == "Delegate"


def test_scans_model(desk, qtmodeltester):
    scan(desk.other, desk.codes["an"])
    scan(desk.other, "garbage-code-123456")
    qtmodeltester.check(desk.page.scans_model)


def test_dashboard_shows_live_numbers(desk, qtbot):
    perform_checkin(desk.db, event_id=desk.event.id, code=desk.codes["an"], station="Bàn 2")
    desk.window.show_page("nav.dashboard")
    dash = desk.window.pages["nav.dashboard"]
    assert dash.total.text() == "1"
    assert "2" in dash.total_sub.text()
    assert dash.vips.count() == 1 and "Đặng Thị Hồng" in dash.vips.item(0).text()
    assert sum(n for _, n in dash.chart.buckets) == 1
    perform_checkin(desk.db, event_id=desk.event.id, code=desk.codes["hong"], station="Bàn 2")
    dash.poll()
    assert dash.total.text() == "2"
    assert "Tất cả" in dash.vips.item(0).text()


def test_offline_desk_keeps_scanning_and_reports_after_sync(desk, qtbot, pg_driver):
    from confman.core.db.engine import Database

    page = desk.page
    page.poll()  # the desk is made inside the first op
    real = page.link.desk
    real.queue.refresh_snapshot(desk.db, desk.event.id)
    dead = Database.open("postgresql+psycopg://confman:confman@127.0.0.1:1/gone", check=False)
    real.db = dead  # the server drops
    scan(desk.other, desk.codes["an"])
    card = page.card
    assert card.result.result == "ok" and card.result.offline
    assert "ngoại tuyến" in card.detail.text()
    assert "Mất kết nối" in page.header.connection.text() and "1 lượt" in page.header.connection.text()
    page.lookup.edit.setText("dang hong")  # lookup works from the local copy
    page.run_lookup()
    assert "Đặng Thị Hồng" in page.lookup.results.item(0).text()
    page.poll()  # still down: nothing replayed
    assert not page.sync_note.isVisible()

    perform_checkin(desk.db, event_id=desk.event.id, code=desk.codes["an"], station="Bàn 2")  # another desk
    real.db = desk.db  # the server is back
    page.poll()
    assert page.sync_note.isVisible()
    assert "Đã đồng bộ 1" in page.sync_note.text() and "Nguyễn Văn An (Bàn 2)" in page.sync_note.text()
    assert "Mất kết nối" not in page.header.connection.text()
    assert log_count(desk.db) == 2
    dead.dispose()


def test_scanner_without_enter_suffix_is_recognised(desk, qtbot):
    QTest.keyClicks(desk.other, desk.codes["an"])
    qtbot.waitUntil(lambda: desk.page.card.result is not None, timeout=1000)
    assert desk.page.card.result.result == "ok" and desk.other.text() == ""


def test_quick_short_typing_and_enter_reach_the_field(desk, qtbot):
    pressed = []
    desk.other.returnPressed.connect(lambda: pressed.append(desk.other.text()))
    scan(desk.other, "ok")  # a fast typist: two keys and Enter within the burst gap
    assert pressed == ["ok"]
    assert log_count(desk.db) == 0


def test_per_session_mode_takes_attendance_for_the_item(desk, qtbot):
    from datetime import time as dtime

    from confman.core.agenda.models import AgendaItem

    with desk.db.session() as s:
        item = AgendaItem(event_id=desk.event.id, day=desk.event.start_date, start_time=dtime(13, 30),
                          end_time=dtime(15, 0), title_vi="Tọa đàm báo chí", session_checkin=True)
        s.add(item)
        s.flush()
        item_id = item.id
    perform_checkin(desk.db, event_id=desk.event.id, code=desk.codes["an"])  # entered the venue earlier
    desk.page.reload()
    combo = desk.page.header.mode_combo
    assert combo.count() == 2 and "Tọa đàm báo chí" in combo.itemText(1)
    combo.setCurrentIndex(1)
    scan(desk.other, desk.codes["an"])
    assert desk.page.card.result.result == "ok" and desk.page.card.result.agenda_item_id == item_id


def test_camera_tab_without_a_camera_says_so(desk, qtbot):
    camera = desk.page.camera
    if camera.devices.count() == 0:
        assert not camera.toggle.isEnabled()
        assert camera.preview.text() == "Không có camera"
    camera.code_found.emit(desk.codes["hong"])
    camera.code_found.emit(desk.codes["hong"])  # still in front of the lens: one check-in
    assert desk.page.card.result.result == "ok"
    assert log_count(desk.db) == 1



@pytest.fixture
def printing_desk(qtbot, db, make_event, make_delegate, make_window, monkeypatch, tmp_path):
    """The desk on the real asynchronous path, with the badges feature's printer writing PDF files."""
    from PySide6.QtPrintSupport import QPrinter

    event = make_event()
    hong = make_delegate(event.id, "Đặng Thị Hồng", organization="Sở Thông tin và Truyền thông Đà Nẵng",
                         honorific="Bà", category_code="VIP")
    window = make_window(page="nav.checkin", asynchronous=True)
    page = window.pages["nav.checkin"]
    outputs = []

    def print_dialog(printer: QPrinter) -> bool:  # the user picks "print to PDF" in the system dialog
        path = tmp_path / f"printed-{len(outputs)}.pdf"
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setResolution(200)
        outputs.append(path)
        return True

    monkeypatch.setattr(window.pages["nav.badges"].output, "exec_print_dialog", print_dialog)
    qtbot.waitUntil(lambda: window.ctx.ops.idle, timeout=30_000)  # a loaded 2-core machine
    return type("PrintingDesk", (), dict(window=window, page=page, event=event, hong=hong, outputs=outputs))


def _wait_printed(qtbot, desk, count: int) -> None:
    qtbot.waitUntil(lambda: len(desk.outputs) >= count and desk.window.ctx.ops.idle
                    and desk.outputs[count - 1].exists(), timeout=20_000)


def test_print_badge_from_the_lookup_prints_it(printing_desk, qtbot, db):
    from confman.core.badges.service import current_badge_code, print_log

    desk, page = printing_desk, printing_desk.page
    page.lookup.edit.setText("hong da nang")
    qtbot.waitUntil(lambda: page.lookup.results.count() == 1 and page.lookup.selected_id() == desk.hong,
                    timeout=5000)
    qtbot.mouseClick(page.lookup.print_button, Qt.MouseButton.LeftButton)
    _wait_printed(qtbot, desk, 1)
    assert printed_qr_codes(desk.outputs[0]) == [current_badge_code(db, desk.hong)]
    assert [row.delegate_id for row in print_log(db, desk.event.id)] == [desk.hong]
    assert desk.window.current_page_key == "nav.checkin"  # the desk stays on screen


def test_walk_in_with_print_badge_prints_the_new_badge(printing_desk, qtbot, db):
    from confman.core.badges.service import current_badge_code, print_log

    desk, page = printing_desk, printing_desk.page
    page.tabs.setCurrentIndex(1)
    form = page.walk_in
    qtbot.waitUntil(lambda: form.category.count() > 0, timeout=5000)
    assert form.print_badge.isChecked()
    form.name.setText("Lý Thị Mai")
    form.organization.setText("Báo Nhân Dân")
    QTest.keyClick(form.organization, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.card.result is not None, timeout=5000)
    walk_in = page.card.result.delegate_id
    assert page.card.result.delegate.full_name == "Lý Thị Mai"
    _wait_printed(qtbot, desk, 1)
    assert printed_qr_codes(desk.outputs[0]) == [current_badge_code(db, walk_in)]
    assert [row.delegate_id for row in print_log(db, desk.event.id)] == [walk_in]
    assert desk.window.current_page_key == "nav.checkin"


def test_the_dashboard_follows_scans_here_at_once_and_elsewhere_within_its_poll(qtbot, db, make_event, make_delegate,
                                                                                 make_window):
    import time

    from confman.ui.dashboard.dashboard_page import POLL_MS

    event = make_event()
    here = make_delegate(event.id, "Nguyễn Văn An")
    there = make_delegate(event.id, "Trần Thị Bình")
    secret = event_secret(db, event.id)
    window = make_window(page="nav.checkin", asynchronous=True)
    desk = window.pages["nav.checkin"]
    qtbot.waitUntil(lambda: desk.data_shown, timeout=5000)
    scan(window.nav, make_code(event_id=event.id, delegate_id=here, badge_version=1, secret=secret))
    qtbot.waitUntil(lambda: desk.card.result is not None, timeout=5000)
    started = time.perf_counter()
    window.show_page("nav.dashboard")
    dash = window.pages["nav.dashboard"]
    qtbot.waitUntil(lambda: dash.total.text() == "1", timeout=1000)  # a scan in this window: within 1 s
    assert time.perf_counter() - started < 1.0
    perform_checkin(db, event_id=event.id, station="Bàn 2",
                    code=make_code(event_id=event.id, delegate_id=there, badge_version=1, secret=secret))
    qtbot.waitUntil(lambda: dash.total.text() == "2", timeout=POLL_MS + 1500)  # another desk: within its poll
