"""The presentations page driven like a user: drop files, see versions, restore, run the show, time a talk."""

from __future__ import annotations

import zipfile
from datetime import date, time
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from confman.core.agenda.models import AgendaItem, Room
from confman.core.presentations import service as svc
from confman.core.presentations.service import PresentationDraft
from confman.core.registration.models import Organization
from confman.ui.presentations.presentations_page import PresentationsPage
from confman.ui.presentations.presentations_table_model import COLUMNS, PresentationsTableModel
from confman.ui.presentations.timer_window import TimerState, TimerWindow

DAY = date(2026, 12, 10)


class FakeClock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def setup(db, make_event, make_delegate):
    event = make_event(code="UI1")
    with db.session() as session:
        room = Room(event_id=event.id, name="Hội trường A")
        org = Organization(name="Bộ Công Thương")
        session.add_all([room, org])
        session.flush()
        item = AgendaItem(event_id=event.id, room_id=room.id, day=DAY, start_time=time(9), end_time=time(10),
                          title_vi="Tham luận của các bộ, ngành")
        session.add(item)
        session.flush()
        item_id, org_id = item.id, org.id
    speaker = make_delegate(event.id, "Đặng Thị Hương", organization="Bộ Công Thương")
    second = svc.create_presentation(db, event.id, PresentationDraft(
        title_vi="Bài thứ hai", agenda_item_id=item_id, order_in_item=2, planned_minutes=5))
    first = svc.create_presentation(db, event.id, PresentationDraft(
        title_vi="Kinh tế số và thông tin đối ngoại", organization_id=org_id, agenda_item_id=item_id,
        order_in_item=1, planned_minutes=10, presenter_ids=(speaker,)))
    return event, first, second


@pytest.fixture
def page(qtbot, make_context, setup):
    event = setup[0]
    ctx = make_context()
    widget = PresentationsPage(ctx)
    qtbot.addWidget(widget)
    ctx.set_event(event)
    widget.resize(1300, 800)
    widget.show()
    opened: list[QUrl] = []
    widget.open_url = opened.append
    widget.opened = opened  # type: ignore[attr-defined]
    return widget


def _pptx(path: Path, marker: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("ppt/presentation.xml", marker)
    return path


def _drag_event(cls, pos: QPointF, *args):
    """Drag events take a QPoint in PySide6 < 6.12 and a QPointF from 6.12 on."""
    try:
        return cls(pos, *args)
    except TypeError:
        return cls(pos.toPoint(), *args)


def _drop(widget, pos: QPointF, paths: list[Path]) -> bool:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    actions = Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = _drag_event(QDragEnterEvent, pos, actions, mime, buttons, mods)
    QApplication.sendEvent(widget, enter)
    move = _drag_event(QDragMoveEvent, pos, actions, mime, buttons, mods)
    QApplication.sendEvent(widget, move)
    if not move.isAccepted():
        return False
    drop = _drag_event(QDropEvent, pos, actions, mime, buttons, mods)
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()


def _row_center(page: PresentationsPage, row: int) -> QPointF:
    rect = page.table.visualRect(page.model.index(row, COLUMNS.index("title")))
    return QPointF(rect.center())


def _versions(page: PresentationsPage) -> list[str]:
    tree = page.detail.files_box.files
    return [tree.topLevelItem(i).text(0) + " " + tree.topLevelItem(i).text(1)
            for i in range(tree.topLevelItemCount())]


def test_table_in_agenda_order_with_status(page, setup) -> None:
    _event, first, second = setup
    assert [r.id for r in page.model.rows] == [first.id, second.id]
    status_col = COLUMNS.index("status")
    assert page.model.index(0, status_col).data() == "Chờ gửi bài"
    assert page.model.index(0, status_col).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_drop_a_file_on_a_row_then_see_the_version(page, setup, tmp_path: Path) -> None:
    _event, first, _second = setup
    deck = _pptx(tmp_path / "Kinh tế số – Bộ Công Thương final (2).pptx", "v1")
    assert _drop(page.table.viewport(), _row_center(page, 0), [deck])
    row = page.selected()
    assert row is not None and row.id == first.id
    assert _versions(page) == ["v1 Kinh tế số – Bộ Công Thương final (2).pptx"]
    assert page.model.index(0, COLUMNS.index("files")).data() == "Kinh tế số – Bộ Công Thương final (2).pptx"
    assert page.model.index(0, COLUMNS.index("status")).data() == "Đã nhận"
    assert "phiên bản 1" in page.message.text()

    # A second version dropped on the details panel, then the first restored.
    _drop(page.detail, QPointF(20, 20), [_pptx(tmp_path / "bản sửa.pptx", "v2")])
    assert _versions(page)[0] == "v2 bản sửa.pptx"
    page.detail.files_box.files.setCurrentItem(page.detail.files_box.files.topLevelItem(1))  # v1
    assert page.detail.files_box.restore_button.isEnabled()
    page.detail.files_box.restore_button.click()
    assert _versions(page) == ["v3 Kinh tế số – Bộ Công Thương final (2).pptx", "v2 bản sửa.pptx",
                               "v1 Kinh tế số – Bộ Công Thương final (2).pptx"]
    assert "khôi phục từ v1" in page.detail.files_box.files.topLevelItem(0).text(3)

    # Open hands the default application a copy named like the original.
    page.detail.files_box.open_button.click()
    assert Path(page.opened[-1].toLocalFile()).name == "Kinh tế số – Bộ Công Thương final (2).pptx"


def test_a_refused_drop_says_which_file_and_why(page, setup, tmp_path: Path) -> None:
    empty = tmp_path / "Bài rỗng.pdf"
    empty.write_bytes(b"")
    _drop(page.table.viewport(), _row_center(page, 1), [empty])
    assert page.message.property("error") is True
    assert "Bài rỗng.pdf" in page.message.text() and "0 byte" in page.message.text()
    assert _versions(page) == []


def test_dragging_something_that_is_not_a_file_is_ignored(page) -> None:
    mime = QMimeData()
    mime.setText("hello")
    enter = _drag_event(QDragEnterEvent, _row_center(page, 0), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(page.table.viewport(), enter)
    assert not enter.isAccepted()


def test_edit_and_save_details(page, setup, db) -> None:
    _event, first, _second = setup
    page.select_presentation(first.id)
    page.detail.title_en.setText("Digital economy and external communication")
    page.detail.minutes.setValue(12)
    page.detail.save_button.click()
    row = svc.get_presentation(db, first.id)
    assert (row.title_en, row.planned_minutes) == ("Digital economy and external communication", 12)
    assert [p.full_name for p in row.presenters] == ["Đặng Thị Hương"]


def test_add_and_remove_presenters_then_save(setup, make_delegate, page, db) -> None:
    event, first, _second = setup
    make_delegate(event.id, "Lê Văn Nam", organization="Bộ Ngoại giao")
    page.reload()  # a delegate registered while the page is open joins the pick list
    page.select_presentation(first.id)
    box = page.detail.presenters_box
    pick = box.delegate_pick
    pick.setCurrentIndex(pick.findText("Lê Văn Nam", Qt.MatchFlag.MatchStartsWith))
    box.add_presenter_button.click()
    box.add_presenter_button.click()  # the same person twice: listed once
    assert [box.presenters.item(i).text() for i in range(box.presenters.count())] == [
        "Đặng Thị Hương, Bộ Công Thương", pick.currentText()]
    box.presenters.item(0).setSelected(True)
    box.remove_presenter_button.click()
    page.detail.save_button.click()
    assert [p.full_name for p in svc.get_presentation(db, first.id).presenters] == ["Lê Văn Nam"]


def test_timer_states_with_a_fake_clock(qtbot) -> None:
    clock = FakeClock()
    recorded: list[int] = []
    window = TimerWindow(speaker="Bà Đặng Thị Hương", title="Kinh tế số", planned_minutes=10, clock=clock,
                         on_finished=recorded.append)
    qtbot.addWidget(window)
    states: list[str] = []
    window.state_changed.connect(states.append)
    assert window.state is TimerState.READY and window.clock_label.text() == "10:00"
    window.start_button.click()
    clock.advance(60)
    window.refresh()
    assert window.state is TimerState.NORMAL and window.clock_label.text() == "09:00"
    clock.advance(6 * 60 + 59)  # 2:01 left
    window.refresh()
    assert window.state is TimerState.NORMAL
    clock.advance(1)  # exactly 2 minutes left
    window.refresh()
    assert window.state is TimerState.WARNING and window.clock_label.text() == "02:00"
    window.start_button.click()  # pause: time stands still
    clock.advance(300)
    window.refresh()
    assert window.clock_label.text() == "02:00"
    window.start_button.click()
    clock.advance(150)  # 30 s over
    window.refresh()
    assert window.state is TimerState.OVERRUN and window.clock_label.text() == "+00:30"
    assert states == ["normal", "warning", "overrun"]
    window.finish_button.click()
    assert recorded == [630]
    window.reset_button.click()
    assert window.state is TimerState.READY and window.clock_label.text() == "10:00"


def test_run_of_show_open_next_and_timer_records_time(page, setup, db, qtbot) -> None:
    _event, first, second = setup
    svc.add_file(db, first.id, _pptx(Path(page.ctx.db.sqlite_path).parent / "slides.pptx", "x"))
    page.reload()
    page.tabs.setCurrentIndex(2)
    show = page.show_view
    assert show.current_row.id == first.id
    assert "Kinh tế số" in show.now_label.text()
    show.open_button.click()
    assert Path(page.opened[-1].toLocalFile()).name == "slides.pptx"

    clock = FakeClock()
    page.clock = clock
    show.timer_button.click()
    timer = page.timer_window
    assert timer is not None and "Đặng Thị Hương" in timer.speaker_label.text()
    timer.start()
    clock.advance(11 * 60 + 5)
    timer.refresh()
    assert timer.state is TimerState.OVERRUN
    timer.finish_button.click()
    row = svc.get_presentation(db, first.id)
    assert row.actual_seconds == 665 and row.status.value == "presented"

    timer.start_button.click()  # the operator restarts by mistake, then moves on: Next records and hands over
    clock.advance(30)
    show.next_button.click()
    assert show.current_row.id == second.id
    assert not show.next_button.isEnabled()
    assert svc.get_presentation(db, first.id).actual_seconds == 695
    assert page.timer_window is not timer and page.timer_window.state is TimerState.READY
    assert page.timer_window.clock_label.text() == "05:00"


def test_overview_tab_shows_missing_files(page, setup) -> None:
    assert page.overview.missing.topLevelItemCount() == 2
    names = {page.overview.missing.topLevelItem(i).text(0) for i in range(2)}
    assert "Bộ Công Thương" in names
    assert "2 bài tham luận" in page.overview.summary.text()


def test_language_switch(page) -> None:
    page.ctx.set_language("en")
    try:
        assert page.tabs.tabText(2) == "Run of show"
        assert page.model.headerData(COLUMNS.index("status"), Qt.Orientation.Horizontal) == "Status"
        assert page.detail.files_box.add_file_button.text() == "Add file…"
    finally:
        page.ctx.set_language("vi")


def test_table_model_is_sound(qtmodeltester, db, setup) -> None:
    model = PresentationsTableModel()
    model.set_rows(svc.list_presentations(db, setup[0].id))
    qtmodeltester.check(model)
