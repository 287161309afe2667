"""The main window shell: navigation, event switcher, language switch, status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from confman.core.events.service import list_events


def _window(qtbot, make_window):
    window = make_window(size=(1280, 800))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_sidebar_lists_every_feature_in_vietnamese(qtbot, db, make_window):
    window = _window(qtbot, make_window)
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert labels == ["Tổng quan", "Đại biểu", "Chương trình", "Tham luận", "Thẻ đại biểu",
                      "Điểm danh", "Báo cáo", "Khảo sát", "Cài đặt"]


def test_clicking_a_sidebar_entry_shows_its_page(qtbot, db, make_window):
    window = _window(qtbot, make_window)
    item = window.nav.item(5)
    rect = window.nav.visualItemRect(item)
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_page_key == "nav.checkin"
    assert window.pages["nav.checkin"].isVisible()
    assert not window.pages["nav.reports"].isVisible()


def test_pages_are_built_on_first_use(qtbot, db, make_window):
    window = _window(qtbot, make_window)
    assert set(window.pages.built()) == {"nav.dashboard"}
    window.show_page("nav.settings")
    assert set(window.pages.built()) == {"nav.dashboard", "nav.settings"}


def test_ctrl_number_switches_pages(qtbot, db, make_window):
    window = _window(qtbot, make_window)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key == "nav.agenda"


def test_language_switch_relabels_visible_widgets(qtbot, db, make_window):
    window = _window(qtbot, make_window)
    window.language_combo.setCurrentIndex(window.language_combo.findData("en"))
    assert window.nav.item(1).text() == "Delegates"
    assert window.event_label.text().strip() == "Event:"
    assert window.db_label.text().startswith("Database: ")
    placeholder = window.pages["nav.reports"]
    assert placeholder.findChild(QLabel).text() in ("Reports", placeholder.findChild(QLabel).text())
    window.language_combo.setCurrentIndex(window.language_combo.findData("vi"))
    assert window.nav.item(1).text() == "Đại biểu"
    assert window.db_label.text().startswith("CSDL: ")


def test_event_switcher_lists_events_and_changes_current_event(qtbot, db, make_window, make_event):
    first = make_event(code="HN2025", name_vi="Hội nghị Hà Nội 2025")
    second = make_event(code="DN2026", name_vi="Hội nghị Đà Nẵng 2026")
    window = _window(qtbot, make_window)
    texts = [window.event_combo.itemText(i) for i in range(window.event_combo.count())]
    assert texts == ["DN2026 — Hội nghị Đà Nẵng 2026", "HN2025 — Hội nghị Hà Nội 2025"]
    assert window.ctx.event.id == second.id
    seen = []
    window.ctx.event_changed.connect(seen.append)
    window.event_combo.setCurrentIndex(1)
    assert window.ctx.event.id == first.id
    assert [e.code for e in seen] == ["HN2025"]
    assert "Hội nghị Hà Nội 2025" in window.windowTitle()


def test_status_bar_shows_database_location(qtbot, db, make_window):
    window = _window(qtbot, make_window)
    assert str(db.sqlite_path) in window.db_label.text()


def test_empty_database_offers_the_demo_and_creates_it(qtbot, db, make_window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from confman.app import offer_demo

    window = _window(qtbot, make_window)
    assert window.ctx.event is None and window.event_combo.count() == 0
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    assert offer_demo(window) is True
    assert "hội nghị mẫu" in asked[0]
    assert window.event_combo.count() == 1
    assert window.ctx.event.code == "ASEAN-TT-2018"
    assert list_events(db)[0].delegate_count >= 300
    assert "ASEAN" in window.event_combo.currentText()


def test_declining_the_demo_leaves_the_database_empty(qtbot, db, make_window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from confman.app import offer_demo

    window = _window(qtbot, make_window)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert offer_demo(window) is False
    assert list_events(db) == []


def test_stock_dialog_buttons_speak_vietnamese(qtbot):
    from PySide6.QtWidgets import QDialogButtonBox

    from confman.i18n import set_language
    from confman.ui.qt_translator import install_qt_translator

    install_qt_translator()
    set_language("vi")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert texts == {"Đồng ý", "Hủy"}
    set_language("en")
    box_en = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No)
    qtbot.addWidget(box_en)
    assert {b.text().replace("&", "") for b in box_en.buttons()} == {"Yes", "No"}


def test_window_geometry_and_page_are_remembered(qtbot, db, make_window):
    window = _window(qtbot, make_window)
    window.resize(1111, 777)
    window.show_page("nav.settings")
    window.close()
    from confman.ui.ui_state import ui_state

    saved = ui_state().value("main_window/geometry")
    assert saved is not None and len(bytes(saved)) > 0
    again = _window(qtbot, make_window)
    assert again.current_page_key == "nav.settings"
    # the offscreen screen is small, so Qt clamps the size; the restored window is the saved one clamped
    assert again.width() >= 960 and again.height() >= 600


def test_delegates_filter_becomes_the_printed_delegate_list(qtbot, db, make_window):
    from confman.core.demo import create_demo

    create_demo(db, delegates=40)
    window = _window(qtbot, make_window)
    delegates = window.pages["nav.delegates"]
    delegates.search.setText("nguyen")
    action = delegates.findChild(type(window.guide_action), "printDelegateList")
    action.trigger()
    assert window.current_page_key == "nav.reports"
    reports = window.pages["nav.reports"]
    assert reports.report_name == "delegates"
    assert reports.options().query == "nguyen"
