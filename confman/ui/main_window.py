"""The shell: sidebar navigation, event switcher, language switch, status bar. No feature logic.

The main window implements the pages' typed actions (``confman/ui/actions.py``): a page asks
``ctx.actions.print_badges(ids)`` and the window hands it to the badges page's entry point.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from confman.core.registration.rows import DelegateFilters
from confman.i18n import LANGUAGES, t
from confman.paths import resource_path
from confman.ui import window_ops
from confman.ui.actions import BadgesEntry, DelegatesEntry, ReportsEntry
from confman.ui.context import UiContext
from confman.ui.page import Page, PlaceholderPage
from confman.ui.ui_state import ui_state
from confman.ui.widgets.fit import PageLayout, PageScroll, fit_to_screen
from confman.ui.window_ops import EventRow

#: Sidebar order: (catalog key of the label, factory or None for a placeholder)
PageFactory = Callable[[UiContext], Page]
NAV_KEYS: tuple[str, ...] = (
    "nav.dashboard",
    "nav.delegates",
    "nav.agenda",
    "nav.presentations",
    "nav.badges",
    "nav.checkin",
    "nav.reports",
    "nav.survey",
    "nav.settings",
)


def app_icon() -> QIcon:
    icon = QIcon()
    for name in ("confman.png", "confman.ico"):
        path = resource_path("icons", name)
        if path.exists():
            icon.addFile(str(path))
    return icon


class LazyPages(Mapping[str, Page]):
    """Pages built on first use, so start-up pays only for the page shown first."""

    def __init__(self, build: Callable[[str], Page]) -> None:
        self._build = build
        self._pages: dict[str, Page] = {}

    def __getitem__(self, key: str) -> Page:
        if key not in NAV_KEYS:
            raise KeyError(key)
        if key not in self._pages:
            self._pages[key] = self._build(key)
        return self._pages[key]

    def __iter__(self) -> Iterator[str]:
        return iter(NAV_KEYS)

    def __len__(self) -> int:
        return len(NAV_KEYS)

    def built(self) -> dict[str, Page]:
        """The pages constructed so far."""
        return dict(self._pages)


class MainWindow(QMainWindow):
    page_changed = Signal(str)

    def __init__(self, ctx: UiContext, factories: dict[str, PageFactory] | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.actions = self
        self._kiosk: dict[str, Any] | None = None
        self.setWindowIcon(app_icon())
        fit_to_screen(self, 1280, 800)
        self.setMinimumSize(QSize(800, 500))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(200)
        self.stack = QStackedWidget()
        self._factories = factories or {}
        self._holders: dict[str, QWidget] = {}
        self._scrolls: dict[str, PageScroll] = {}
        self.pages = LazyPages(self._build_page)
        for key in NAV_KEYS:
            holder = QWidget()
            holder_layout = PageLayout(holder)
            holder_layout.setContentsMargins(0, 0, 0, 0)
            self._holders[key] = holder
            self._scrolls[key] = PageScroll(holder)
            self.stack.addWidget(self._scrolls[key])
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._show_row)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.toolbar = QToolBar()
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.addToolBar(self.toolbar)
        self.event_label = QLabel()
        self.event_combo = QComboBox()
        self.event_combo.setObjectName("eventSwitcher")
        self.event_combo.setMinimumWidth(420)
        self.event_combo.currentIndexChanged.connect(self._event_chosen)
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("languageSwitch")
        for lang in LANGUAGES:
            self.language_combo.addItem(t(f"lang.{lang}", lang), lang)
        self.language_combo.setCurrentIndex(LANGUAGES.index(ctx.language) if ctx.language in LANGUAGES else 0)
        self.language_combo.currentIndexChanged.connect(
            lambda i: ctx.set_language(self.language_combo.itemData(i))
        )
        spacer = QWidget()
        spacer.setSizePolicy(spacer.sizePolicy().horizontalPolicy().Expanding,
                             spacer.sizePolicy().verticalPolicy().Preferred)
        self.toolbar.addWidget(self.event_label)
        self.toolbar.addWidget(self.event_combo)
        self.documents_action = self.toolbar.addAction("")
        self.documents_action.setObjectName("eventDocumentsAction")
        self.documents_action.triggered.connect(self.open_event_documents)
        self.toolbar.addWidget(spacer)
        self.toolbar.addWidget(self.language_combo)

        self.desk_dialog: QWidget | None = None  # the desk-name dialog last opened from the status bar
        self.desk_button = QPushButton()  # this laptop's desk name; a click renames it
        self.desk_button.setObjectName("statusDeskName")
        self.desk_button.setFlat(True)
        self.desk_button.setStyleSheet("QPushButton { border:none; padding:0 8px; font-weight:600; }")
        self.desk_button.clicked.connect(self.rename_desk)
        self.statusBar().addPermanentWidget(self.desk_button)
        self.db_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)

        # Help sits in the toolbar, not in a menu bar of its own: a laptop at 125 % has no height to spare.
        self.help_menu = QMenu(self)
        self.guide_action = self.help_menu.addAction("")
        self.guide_action.setShortcut(QKeySequence.StandardKey.HelpContents)
        self.guide_action.triggered.connect(self.open_guide)
        self.addAction(self.guide_action)  # F1 works from anywhere in the window
        self.about_action = self.help_menu.addAction("")
        self.about_action.triggered.connect(self.open_about)
        self.help_button = QToolButton()
        self.help_button.setObjectName("helpButton")
        self.help_button.setMenu(self.help_menu)
        self.help_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.toolbar.addWidget(self.help_button)

        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.addAction(self.quit_action)
        for index in range(min(len(NAV_KEYS), 9)):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _=False, i=index: self.nav.setCurrentRow(i))
            self.addAction(action)

        ctx.language_changed.connect(lambda _lang: self.retranslate())
        ctx.station_changed.connect(lambda _name: self._show_desk())
        ctx.event_changed.connect(lambda _e: self._update_title())
        self.retranslate()
        self.reload_events()
        self.restore_layout()

    # layout -----------------------------------------------------------------
    def restore_layout(self) -> None:
        """Window size, position and the last page, as the organiser left them."""
        state = ui_state()
        geometry = state.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        page = state.value("main_window/page", NAV_KEYS[0])
        self.nav.setCurrentRow(NAV_KEYS.index(page) if page in NAV_KEYS else 0)

    def save_layout(self) -> None:
        state = ui_state()
        state.setValue("main_window/geometry", self.saveGeometry())
        state.setValue("main_window/page", self.current_page_key)
        state.sync()

    def closeEvent(self, event) -> None:  # Qt override
        self.save_layout()
        self.ctx.shutdown()  # loads still running end quietly; their results are dropped
        super().closeEvent(event)

    def bring_to_front(self) -> None:
        """A second launch asked for this window: restore and raise it."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # navigation -------------------------------------------------------------
    def _build_page(self, key: str) -> Page:
        factory = self._factories.get(key)
        page = factory(self.ctx) if factory else PlaceholderPage(self.ctx, key)
        page.nav_key = key
        self._holders[key].layout().addWidget(page)
        return page

    # the pages' actions (confman.ui.actions.WindowActions) -----------------------------------
    def print_badges(self, delegate_ids: Sequence[int], *, now: bool = False) -> None:
        page = self.pages["nav.badges"]
        assert isinstance(page, BadgesEntry), page
        if now:
            page.print_now(list(delegate_ids))
            return
        page.print_selection(list(delegate_ids))
        self.show_page("nav.badges")

    def show_delegate(self, delegate_id: int) -> None:
        page = self.pages["nav.delegates"]
        assert isinstance(page, DelegatesEntry), page
        self.show_page("nav.delegates")
        page.show_delegate(delegate_id)

    def open_delegate_list(self, query: str, filters: DelegateFilters) -> None:
        page = self.pages["nav.reports"]
        assert isinstance(page, ReportsEntry), page
        page.show_delegate_list(query, filters)
        self.show_page("nav.reports")

    def delegates_filter(self) -> tuple[str, DelegateFilters] | None:
        page = self.pages.built().get("nav.delegates")
        if page is None:
            return None
        assert isinstance(page, DelegatesEntry), page
        return page.current_filter()

    def enter_kiosk(self) -> None:
        if self._kiosk is not None:
            return
        hidden = [w for w in (self.nav, self.toolbar) if w.isVisible()]
        for widget in hidden:
            widget.hide()
        actions = [a for a in self.actions() if a.isEnabled()]
        for action in actions:
            action.setEnabled(False)
        self._kiosk = {"hidden": hidden, "actions": actions, "maximized": self.isMaximized()}
        self.showFullScreen()

    def leave_kiosk(self) -> None:
        state, self._kiosk = self._kiosk, None
        if state is None:
            return
        for widget in state["hidden"]:
            widget.show()
        for action in state["actions"]:
            action.setEnabled(True)
        if state["maximized"]:
            self.showMaximized()
        else:
            self.showNormal()

    def show_status(self, text: str, timeout_ms: int = 5000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def database_switched(self) -> None:
        self.reload_events()
        self.retranslate()  # the status bar names the database

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        key = NAV_KEYS[row]
        page = self.pages[key]
        self.stack.setCurrentWidget(self._scrolls[key])
        page.activated()
        self.page_changed.emit(key)

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(NAV_KEYS.index(key))

    @property
    def current_page_key(self) -> str:
        return NAV_KEYS[self.nav.currentRow()]

    # events -----------------------------------------------------------------
    def reload_events(self) -> None:
        """Refill the event switcher and keep (or pick) the current event.

        Before the window is shown the list is read at once (the first frame shows the event's
        data); afterwards it is an op like every other read.
        """
        if not self.isVisible():
            self._events_loaded(self.ctx.events())
            return
        self.ctx.ops.read(self, window_ops.events).latest("events").done(self._events_loaded).run()

    def _events_loaded(self, events: list[EventRow]) -> None:
        wanted = self.ctx.event.code if self.ctx.event else self.ctx.settings.last_event_code
        self.event_combo.blockSignals(True)
        self.event_combo.clear()
        for ev in events:
            self.event_combo.addItem(self._event_text(ev), ev)
        index = next((i for i, ev in enumerate(events) if ev.code == wanted), 0 if events else -1)
        self.event_combo.setCurrentIndex(index)
        self.event_combo.blockSignals(False)
        self.ctx.set_event(events[index] if index >= 0 else None)
        self.documents_action.setEnabled(index >= 0)
        self._update_title()

    def _event_text(self, ev: EventRow) -> str:
        return f"{ev.code} — {ev.name(self.ctx.language)}"

    def _event_chosen(self, index: int) -> None:
        if index >= 0:
            self.ctx.set_event(self.event_combo.itemData(index))

    def open_event_documents(self):
        """The current event's document fields (letterhead, signer, English values)."""
        from confman.ui.events.event_dialog import EventDocumentsDialog

        if self.ctx.event is None:
            return None
        dialog = EventDocumentsDialog(self.ctx, self.ctx.event.id, self)
        dialog.saved.connect(lambda _docs: self.reload_events())
        dialog.open()
        return dialog

    # help -------------------------------------------------------------------
    def open_guide(self):
        from confman.ui.help.help_dialogs import GuideDialog

        dialog = GuideDialog(self.ctx.language, self)
        dialog.open()
        return dialog

    def open_about(self):
        from confman.ui.help.help_dialogs import AboutDialog

        dialog = AboutDialog(self.ctx.database_location, self)
        dialog.open()
        return dialog

    # language ---------------------------------------------------------------
    def retranslate(self) -> None:
        self.help_menu.setTitle(t("help.menu"))
        self.help_button.setText(t("help.menu"))
        self.guide_action.setText(t("help.guide"))
        self.about_action.setText(t("help.about"))
        for row, key in enumerate(NAV_KEYS):
            self.nav.item(row).setText(t(key))
        self.event_label.setText(t("shell.event") + " ")
        self.documents_action.setText(t("events.ui.open"))
        self.documents_action.setToolTip(t("events.ui.open_tip"))
        for i in range(self.event_combo.count()):
            self.event_combo.setItemText(i, self._event_text(self.event_combo.itemData(i)))
        self.db_label.setText(t("shell.database", location=self.ctx.database_location))
        self.desk_button.setToolTip(t("desk.name.change"))
        self._show_desk()
        self._update_title()

    def _show_desk(self) -> None:
        named = self.ctx.settings.desk_named
        self.desk_button.setText(t("checkin.station", station=self.ctx.station) if named else "")
        self.desk_button.setVisible(named)

    def rename_desk(self) -> None:
        """Rename this laptop's desk (the check-in rows' desk column from now on)."""
        from confman.ui.checkin.desk_name import ask_desk_name

        ask_desk_name(self.ctx, self, first_time=False)

    def _update_title(self) -> None:
        ev = self.ctx.event
        title = t("app.title")
        self.setWindowTitle(f"{ev.name(self.ctx.language)} — {title}" if ev else title)
