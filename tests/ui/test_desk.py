"""The desk for a volunteer: the walk-in form by keyboard only, the desk name asked once, uncategorised counts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from confman.core.checkin.models import CheckIn
from confman.core.registration.models import Delegate, Organization
from confman.core.settings import Settings, load_settings
from tests.pdf_checks import printed_qr_codes

#: A person's pace (a scanner types ~8 ms per key and the desk treats such a burst as a scan)
KEY_MS = 50


def type_text(text: str) -> None:
    """Type into the focused widget at a person's pace (QTest.keyClicks knows only Latin-1 keys)."""
    for ch in text:
        widget = QApplication.focusWidget()
        assert widget is not None
        key = ord(ch.upper()) if ch.isascii() and ch.isalnum() else (Qt.Key.Key_Space if ch == " " else Qt.Key.Key_unknown)
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))
        QTest.qWait(KEY_MS)


def press(key: Qt.Key) -> None:
    """One key to the focused widget, a person's pause after the last one."""
    QTest.qWait(KEY_MS)
    widget = QApplication.focusWidget()
    assert widget is not None
    QTest.keyClick(widget, key)


@pytest.fixture
def printing_desk(qtbot, db, make_event, make_delegate, make_window, monkeypatch, tmp_path):
    """The desk on the real asynchronous path; the badges feature's printer writes PDF files."""
    from PySide6.QtPrintSupport import QPrinter

    event = make_event()
    make_delegate(event.id, "Đặng Thị Hồng", organization="Sở Thông tin và Truyền thông Đà Nẵng", honorific="Bà")
    make_delegate(event.id, "Nguyễn Văn An", organization="Bộ Ngoại giao", honorific="Ông")
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
    qtbot.waitUntil(lambda: window.ctx.ops.idle and page.walk_in.category.count() > 0, timeout=30_000)
    window.activateWindow()
    return type("PrintingDesk", (), dict(window=window, page=page, event=event, outputs=outputs))



def test_walk_in_by_keyboard_only_saves_checks_in_and_prints(printing_desk, qtbot, db):
    from confman.core.badges.codes import parse_code
    from confman.core.badges.service import current_badge_code, print_log

    desk, page = printing_desk, printing_desk.page
    form = page.walk_in
    page.tabs.setCurrentIndex(page.tabs.indexOf(form))
    qtbot.waitUntil(lambda: form.name.hasFocus(), timeout=2000)
    assert [label.text() for label in form.labels] == ["Họ và tên", "Đơn vị", "Chức vụ", "Điện thoại", "Hạng",
                                                        "Danh xưng"]
    assert [label.buddy() for label in form.labels] == list(form.fields)

    press(Qt.Key.Key_Return)  # Enter with no name: said plainly, nothing written
    assert form.message.text() == "Chưa nhập «Họ và tên»: nhập họ tên người đến rồi nhấn Enter."
    assert form.name.hasFocus()
    assert desk.outputs == []

    type_text("Lý Thị Mai")
    press(Qt.Key.Key_Tab)
    assert form.organization.hasFocus()
    QTest.keyClicks(form.organization, "da nang", Qt.KeyboardModifier.NoModifier, KEY_MS)  # no diacritics typed; the suggestion has them
    popup = form.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    assert [form.completer.completionModel().index(r, 0).data() for r in
            range(form.completer.completionModel().rowCount())] == ["Sở Thông tin và Truyền thông Đà Nẵng"]
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)  # takes the suggestion and moves on, it does not save yet
    assert form.organization.text() == "Sở Thông tin và Truyền thông Đà Nẵng"
    qtbot.waitUntil(form.position.hasFocus, timeout=2000)
    assert page.card.result is None
    QTest.keyClicks(form.position, "Chuyen vien", Qt.KeyboardModifier.NoModifier, KEY_MS)
    press(Qt.Key.Key_Tab)
    assert form.phone.hasFocus()
    QTest.keyClicks(form.phone, "0912 345 678", Qt.KeyboardModifier.NoModifier, KEY_MS)
    press(Qt.Key.Key_Tab)
    assert form.category.hasFocus()
    press(Qt.Key.Key_Return)  # Enter in the category list saves too

    qtbot.waitUntil(lambda: page.card.result is not None, timeout=5000)
    assert page.card.result.result == "ok" and page.card.result.delegate.full_name == "Lý Thị Mai"
    qtbot.waitUntil(lambda: len(desk.outputs) == 1 and desk.window.ctx.ops.idle and desk.outputs[0].exists(),
                    timeout=20_000)
    with db.session() as s:
        person = s.scalars(select(Delegate).where(Delegate.full_name == "Lý Thị Mai")).one()
        org = s.get(Organization, person.organization_id)
        assert org.name == "Sở Thông tin và Truyền thông Đà Nẵng"  # the existing unit, not a new one
        assert person.position == "Chuyen vien"
        assert (person.phone, person.phone_issue) == ("0912345678", "")  # normalised like every phone
        checkins = s.scalars(select(CheckIn).where(CheckIn.delegate_id == person.id)).all()
        person_id = person.id
    assert [(c.result, c.station) for c in checkins] == [("ok", "Bàn 1")]
    printed = printed_qr_codes(desk.outputs[0])  # the badge is printed as an image: its QR code names the person
    assert printed == [current_badge_code(db, person_id)]
    assert parse_code(printed[0]).delegate_id == person_id
    assert [row.delegate_id for row in print_log(db, desk.event.id)] == [person_id]
    # ready for the next person
    assert (form.name.text(), form.organization.text(), form.position.text(), form.phone.text()) == ("", "", "", "")
    assert form.name.hasFocus()
    assert form.message.text() == "Đã lưu và điểm danh Lý Thị Mai; đang in thẻ."
    assert desk.window.current_page_key == "nav.checkin"


def test_a_mistyped_phone_does_not_hold_up_the_queue(printing_desk, qtbot, db):
    """The person is saved and checked in; the phone is left empty and the delegate marked for a check."""
    desk, page = printing_desk, printing_desk.page
    form = page.walk_in
    page.tabs.setCurrentIndex(page.tabs.indexOf(form))
    form.print_badge.setChecked(False)
    qtbot.waitUntil(lambda: form.name.hasFocus(), timeout=2000)
    type_text("Vũ Đức Thắng")
    form.phone.setFocus()
    QTest.keyClicks(form.phone, "0912 34", Qt.KeyboardModifier.NoModifier, KEY_MS)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.card.result is not None, timeout=5000)
    assert page.card.result.result == "ok"
    with db.session() as s:
        person = s.scalars(select(Delegate).where(Delegate.full_name == "Vũ Đức Thắng")).one()
        assert (person.phone, person.phone_issue, person.phone_issue_value) == ("", "phone.invalid", "0912 34")
    assert form.message.text() == ('Đã lưu và điểm danh Vũ Đức Thắng. Điện thoại "0912 34" không hợp lệ (sai số chữ '
                                   'số hoặc đầu số). Đã lưu để trống và đánh dấu "Liên hệ cần kiểm tra".')
    assert desk.outputs == []


def test_an_impatient_double_enter_registers_and_prints_once(printing_desk, qtbot, db):
    desk, page = printing_desk, printing_desk.page
    form = page.walk_in
    page.tabs.setCurrentIndex(page.tabs.indexOf(form))
    qtbot.waitUntil(lambda: form.name.hasFocus(), timeout=2000)
    type_text("Phan Văn Khải")
    press(Qt.Key.Key_Return)
    QTest.keyClick(form.name, Qt.Key.Key_Return)  # again at once, before the first save came back
    qtbot.waitUntil(lambda: page.card.result is not None, timeout=5000)
    qtbot.waitUntil(lambda: len(desk.outputs) == 1 and desk.window.ctx.ops.idle and desk.outputs[0].exists(),
                    timeout=20_000)
    qtbot.wait(300)
    with db.session() as s:
        assert len(s.scalars(select(Delegate).where(Delegate.full_name == "Phan Văn Khải")).all()) == 1
    assert len(desk.outputs) == 1 and not page.walk_ins.saving


def test_organization_completion_ignores_diacritics_both_ways(qtbot, db, make_event, make_delegate, make_window):
    event = make_event()
    make_delegate(event.id, "Nguyễn Văn An", organization="Bộ Ngoại giao")
    make_delegate(event.id, "Trần Văn Bình", organization="Báo Nhân Dân")
    window = make_window(page="nav.checkin")
    form = window.pages["nav.checkin"].walk_in
    completer = form.completer

    def matches(prefix: str) -> list[str]:
        completer.setCompletionPrefix(prefix)
        model = completer.completionModel()
        return [model.index(r, 0).data() for r in range(model.rowCount())]

    assert matches("ngoai") == ["Bộ Ngoại giao"]
    assert matches("Ngoại") == ["Bộ Ngoại giao"]
    assert matches("nhan dan") == ["Báo Nhân Dân"]
    assert matches("bo") == ["Bộ Ngoại giao"]
    assert matches("tuoi tre") == []
    form.print_badge.setChecked(False)
    form.name.setText("Lê Văn Tám")
    form.organization.setText("Báo Tuổi Trẻ")  # a unit new to the database
    form.save_requested.emit()
    assert window.pages["nav.checkin"].card.result.delegate.full_name == "Lê Văn Tám"
    assert matches("tuoi tre") == ["Báo Tuổi Trẻ"]  # offered to the next person from that unit


def test_desk_name_is_asked_once_and_shown(qtbot, db, make_event, make_delegate, make_window):
    from confman.core.badges.codes import make_code
    from confman.core.checkin.service import perform_checkin
    from confman.core.events.service import event_secret

    event = make_event()
    an = make_delegate(event.id, "Nguyễn Văn An")
    hong = make_delegate(event.id, "Đặng Thị Hồng")
    secret = event_secret(db, event.id)
    perform_checkin(db, event_id=event.id, station="Bàn 1",  # another laptop is already "Bàn 1"
                    code=make_code(event_id=event.id, delegate_id=hong, badge_version=1, secret=secret))
    settings = Settings(language="vi", sounds=False, last_event_code=event.code)
    assert not settings.desk_named
    window = make_window(settings=settings, persist=True)
    assert not window.desk_button.isVisible()
    window.show_page("nav.checkin")
    page = window.pages["nav.checkin"]
    dialog = page.desk_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.name.currentText() == "Bàn 2"  # the first free one, never the host name
    assert dialog.used.text() == "Đã có ở hội nghị này: Bàn 1"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.desk_button.text() == "Bàn: Bàn 2" and window.desk_button.isVisible()
    assert page.header.station_label.text() == "Bàn: Bàn 2"
    assert load_settings().station == "Bàn 2"

    window.show_page("nav.dashboard")  # a second visit: no question
    window.show_page("nav.checkin")
    assert page.desk_dialog is dialog
    page.submit_code(make_code(event_id=event.id, delegate_id=an, badge_version=1, secret=secret))
    assert page.card.result.result == "ok"
    assert [(r.full_name, r.station) for r in page.scans_model.rows][:2] == [("Nguyễn Văn An", "Bàn 2"),
                                                                             ("Đặng Thị Hồng", "Bàn 1")]
    column = page.scans_model.index(0, 3)
    assert column.data() == "Bàn 2"
    window.close()

    again = make_window(settings=load_settings(), persist=True, page="nav.checkin")  # the next start
    assert again.pages["nav.checkin"].desk_dialog is None
    assert again.desk_button.text() == "Bàn: Bàn 2"


def test_desk_name_prompt_escape_keeps_the_suggestion_and_rename_can_cancel(qtbot, db, make_event, make_window):
    event = make_event()
    window = make_window(settings=Settings(language="vi", sounds=False, last_event_code=event.code,
                                           station="laptop-host"), page="nav.dashboard")
    window.ctx.settings.station = __import__("socket").gethostname()[:40]  # what older versions stored
    window.show_page("nav.checkin")
    dialog = window.pages["nav.checkin"].desk_dialog
    assert dialog.name.currentText() == "Bàn 1"
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert window.ctx.station == "Bàn 1" and window.ctx.settings.desk_named

    window.rename_desk()  # from the status bar: cancellable
    rename = window.desk_dialog
    rename.name.setCurrentText("Bàn tiếp khách")
    QTest.keyClick(rename, Qt.Key.Key_Escape)
    assert window.ctx.station == "Bàn 1"
    window.rename_desk()
    rename = window.desk_dialog
    rename.name.setCurrentText("   ")
    qtbot.mouseClick(rename.save_button, Qt.MouseButton.LeftButton)
    assert rename.isVisible() and rename.error.text() == "Nhập tên bàn, ví dụ «Bàn 2»."
    rename.name.setCurrentText("Bàn tiếp khách")
    qtbot.mouseClick(rename.save_button, Qt.MouseButton.LeftButton)
    assert window.ctx.station == "Bàn tiếp khách"
    assert window.desk_button.text() == "Bàn: Bàn tiếp khách"
    assert window.pages["nav.checkin"].link.station == "Bàn tiếp khách"


def test_delegates_without_a_category_are_counted_as_uncategorised(qtbot, db, make_event, make_delegate,
                                                                   make_window):
    from confman.core.registration.models import Delegate as DelegateModel

    event = make_event()
    vip = make_delegate(event.id, "Đặng Thị Hồng", category_code="VIP")
    loose = make_delegate(event.id, "Nguyễn Văn An")
    with db.session() as s:
        s.get(DelegateModel, loose).category_id = None
    assert vip
    window = make_window(page="nav.dashboard")
    dash = window.pages["nav.dashboard"]
    labels = [w.text() for w in dash.categories._widgets[0::3]]
    assert labels[-1] == "Chưa phân hạng" and "—" not in labels
    window.show_page("nav.checkin")
    counters = window.pages["nav.checkin"].counters
    assert "Chưa phân hạng" in [w.text() for w in counters.findChildren(type(dash.title))]
    window.ctx.set_language("en")
    window.show_page("nav.dashboard")
    assert [w.text() for w in dash.categories._widgets[0::3]][-1] == "Uncategorised"


def _bar_rows(bars) -> list[tuple[str, str]]:
    """(label, "done / expected") of a BarList as painted."""
    from PySide6.QtWidgets import QLabel

    texts = [w.text() for w in bars._widgets if isinstance(w, QLabel)]
    return list(zip(texts[0::2], texts[1::2], strict=True))


def test_projector_shows_the_dashboard_figures_and_follows_check_ins(qtbot, db, make_event, make_delegate,
                                                                     make_window):
    from confman.core.badges.codes import make_code
    from confman.core.checkin.service import perform_checkin
    from confman.core.events.service import event_secret
    from confman.ui.dashboard.dashboard_page import POLL_MS

    event = make_event()
    ids = [make_delegate(event.id, f"Đại biểu {n}", category_code="VIP" if n < 3 else "DB") for n in range(8)]
    secret = event_secret(db, event.id)

    def check_in(delegate_id: int) -> None:
        perform_checkin(db, event_id=event.id, station="Bàn 2",
                        code=make_code(event_id=event.id, delegate_id=delegate_id, badge_version=1, secret=secret))

    for delegate_id in ids[:3]:
        check_in(delegate_id)
    window = make_window(page="nav.dashboard", asynchronous=True)
    dash = window.pages["nav.dashboard"]
    qtbot.waitUntil(lambda: dash.stats is not None, timeout=10_000)
    QTest.keyClick(window, Qt.Key.Key_F11)
    view = dash.projector
    assert view is not None and view.isFullScreen()
    assert view.arrived.text() == dash.total.text() == "3"
    assert view.expected.text() == "trên 8 dự kiến"
    assert view.percent.text() == "38%" and "38%" in dash.total_sub.text()
    assert (view.bar.value(), view.bar.maximum()) == (dash.progress.value(), dash.progress.maximum()) == (3, 8)
    assert _bar_rows(view.categories) == _bar_rows(dash.categories) == [("Đại biểu VIP", "3 / 3"),
                                                                        ("Đại biểu", "0 / 5")]
    assert view.chart.buckets == dash.chart.buckets and sum(n for _, n in view.chart.buckets) == 3
    assert int(view.arrived.styleSheet().split("font-size:")[1].split("px")[0]) >= 100  # read from the back

    check_in(ids[5])  # another desk, through the service: the projector follows within the poll
    qtbot.waitUntil(lambda: view.arrived.text() == "4", timeout=POLL_MS + 5000)
    assert view.percent.text() == "50%"
    assert _bar_rows(view.categories)[1] == ("Đại biểu", "1 / 5")
    assert sum(n for _, n in view.chart.buckets) == 4

    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert dash.projector is None and not view.isVisible()
    dash.toggle_projector()  # the button does the same; F11 leaves too
    view = dash.projector
    assert view.arrived.text() == "4"
    QTest.keyClick(view, Qt.Key.Key_F11)
    assert dash.projector is None


def test_projector_and_dashboard_say_they_are_reading_before_the_first_figures(qtbot, db, make_event,
                                                                                 make_delegate, make_window,
                                                                                 monkeypatch):
    import threading

    from confman.ui.dashboard import ops as dashboard_ops

    event = make_event()
    make_delegate(event.id, "Nguyễn Văn An")
    gate = threading.Event()
    real = dashboard_ops.figures

    def slow_figures(*args, **kwargs):  # a large event on a slow server: the first read takes a while
        gate.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(dashboard_ops, "figures", slow_figures)
    window = make_window(page="nav.dashboard", asynchronous=True)
    dash = window.pages["nav.dashboard"]
    dash.toggle_projector()
    view = dash.projector
    qtbot.wait(300)
    assert dash.stats is None
    assert dash.total.text() != "0" and dash.total_sub.text() == "Đang đọc số liệu…"
    assert view.arrived.text() == "Đang đọc số liệu…" and view.percent.text() == ""
    gate.set()
    qtbot.waitUntil(lambda: view.arrived.text() == "0" and dash.total.text() == "0", timeout=10_000)
    assert view.expected.text() == "trên 1 dự kiến" and view.percent.text() == "0%"
    dash.toggle_projector()


def test_desk_name_changed_in_settings_reaches_the_status_bar_and_the_desk(qtbot, db, make_event, make_window):
    event = make_event()
    window = make_window(settings=Settings(language="vi", sounds=False, station="Bàn 1",
                                           last_event_code=event.code), page="nav.checkin")
    assert window.pages["nav.checkin"].desk_dialog is None  # already named: no question
    window.show_page("nav.settings")
    settings_page = window.pages["nav.settings"]
    settings_page.station.setText("Bàn 5")
    settings_page.save()
    assert window.desk_button.text() == "Bàn: Bàn 5"
    desk = window.pages["nav.checkin"]
    assert desk.header.station_label.text() == "Bàn: Bàn 5" and desk.link.station == "Bàn 5"


def test_projector_fits_a_small_projector_screen_with_many_categories(qtbot):
    """1093 × 570 logical pixels (a 1366 × 768 screen at 125 %) with eight categories: nothing pushed off screen."""
    from datetime import datetime, timedelta

    from confman.ui.dashboard.ops import CategoryCount, CheckinStats
    from confman.ui.dashboard.projector import ProjectorView

    categories = tuple(CategoryCount(f"C{n}", f"Hạng đại biểu số {n}", "", "#1F4E79", False, 40, 10 + n)
                       for n in range(8))
    start = datetime(2026, 12, 10, 7, 0)
    stats = CheckinStats(expected=320, checked_in=116, by_category=categories, by_organization_type=(),
                         arrivals=tuple((start + timedelta(minutes=10 * i), i) for i in range(12)),
                         vips_missing=(), vips_expected=0)
    view = ProjectorView()
    qtbot.addWidget(view)
    view.resize(1093, 570)
    view.show()
    view.show_figures(stats, "vi", "Hội nghị tổng kết công tác thông tin đối ngoại ASEAN giai đoạn 2013–2018", None)
    qtbot.wait(50)
    assert view.minimumSizeHint().height() <= 570 and view.minimumSizeHint().width() <= 1093
    assert view.arrived.text() == "116" and view.percent.text() == "36%"
    assert len(view.categories.rows) == 8
    assert view.event_name.text().endswith("…") or view.event_name.fontMetrics().horizontalAdvance(
        view.event_name.text()) <= view.event_name.width()


def test_desk_name_is_asked_over_the_window_when_the_app_opens_on_the_check_in_page(qtbot, db, make_event,
                                                                                     make_window):
    from confman.ui.ui_state import ui_state

    event = make_event()
    state = ui_state()
    state.setValue("main_window/page", "nav.checkin")  # the organiser closed the app on the desk
    state.sync()
    window = make_window(settings=Settings(language="vi", sounds=False, last_event_code=event.code))
    assert window.current_page_key == "nav.checkin"
    page = window.pages["nav.checkin"]
    qtbot.waitUntil(lambda: page.desk_dialog is not None and page.desk_dialog.isVisible(), timeout=3000)
    assert page.desk_dialog.parent() is window and window.isVisible()
    assert page.desk_dialog.name.currentText() == "Bàn 1"
    qtbot.mouseClick(page.desk_dialog.save_button, Qt.MouseButton.LeftButton)
    assert window.desk_button.text() == "Bàn: Bàn 1"
