"""The check-in desk: scan (USB scanner anywhere, or webcam) → big verdict card, sound, live counters.

Scans run on the desk lane (their own thread: never behind a report, an import or a render),
to the server while it answers and to the local offline queue when it does not. Every 2 s a
cheap poll (scan count and last id) notices scans made at other desks and refreshes the
counters and the recent list. "Print badge" (lookup and walk-in) prints through the badges
feature with the window's ``print_badges`` action.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPushButton, QTabWidget, QWidget

from confman.core.changes import Changes
from confman.i18n import t
from confman.ui.checkin import layout, ops
from confman.ui.checkin.camera_view import CameraView
from confman.ui.checkin.connection import DeskConnection
from confman.ui.checkin.counter_panel import CounterPanel
from confman.ui.checkin.desk_name import ask_desk_name
from confman.ui.checkin.kiosk import KioskLock
from confman.ui.checkin.ops import (
    CategoryOption,
    CheckinResult,
    CheckinStats,
    ScanRow,
    SessionItem,
)
from confman.ui.checkin.result_card import ERROR_COLOR, UNDO_COLOR, ResultCard, verdict_tone
from confman.ui.checkin.scanner import ScannerFilter
from confman.ui.checkin.scans_model import ScansModel
from confman.ui.checkin.side_tabs import LookupTab, WalkInTab
from confman.ui.checkin.sounds import Sounds
from confman.ui.checkin.walk_in import WalkInDesk
from confman.ui.context import UiContext
from confman.ui.page import Page

REFRESH_DELAY_MS = 250
CAMERA_REPEAT_S = 4.0


class CheckinPage(Page):
    """Scan to verdict; lookup, walk-ins, undo; per-session mode; kiosk; offline-aware."""

    nav_key = "nav.checkin"

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.connection_watch = DeskConnection(self)
        self.link = self.connection_watch.link
        self.kiosk_lock = KioskLock(self)
        self.agenda_item_id: int | None = None
        self.last_ok: CheckinResult | None = None
        self.last_result: CheckinResult | None = None
        self.stats: CheckinStats | None = None
        self._last_camera: tuple[str, float] = ("", 0.0)
        self.sounds = Sounds(self)
        self.scanner = ScannerFilter(self)
        self.scanner.scanned.connect(self.submit_code)
        self.scanner.garbled.connect(self._scanner_garbled)
        self.walk_ins = WalkInDesk(self)
        self._build()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        ctx.event_changed.connect(lambda _e: self.reload())
        ctx.station_changed.connect(self._station_changed)
        self.desk_dialog: QWidget | None = None
        self._desk_asked = False
        ctx.data_changed.connect(self._data_changed)
        self.retranslate()
        self.reload()

    # building -----------------------------------------------------------------------
    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setStyleSheet("font-size:22px; font-weight:700;")
        self.station_label = layout.desk_name_button()
        self.station_label.clicked.connect(lambda: ask_desk_name(self.ctx, self, first_time=False))
        self.mode_label = QLabel()
        self.mode_combo = QComboBox()
        self.mode_combo.setMinimumWidth(280)
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)
        self.connection = QLabel()
        self.connection.setObjectName("connectionStatus")
        self.sound_box = QCheckBox()
        self.sound_box.setChecked(bool(self.ctx.settings.sounds))
        self.sound_box.toggled.connect(self._sounds_toggled)
        self.kiosk_button = QPushButton()
        self.kiosk_button.setObjectName("kioskButton")
        self.kiosk_button.clicked.connect(self.kiosk_lock.clicked)
        self.warning = layout.note("scannerWarning", "#fff4e5", "#5d3a00", "#f0b35a")
        self.sync_note = layout.note("syncNote", "#e8f1fb", "#0d3c61", "#9cc3e6")

        self.card = ResultCard()
        self.undo_button = QPushButton()
        self.undo_button.setObjectName("undoCheckin")
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo_last)
        self.scans_model = ScansModel(self)
        self.scans_view = layout.scans_table(self.scans_model)
        self.recent_title = QLabel()
        self.recent_title.setStyleSheet("font-weight:600; color:#37474f;")
        self.counters = CounterPanel()
        self.counters.setMinimumWidth(260)

        self.lookup = LookupTab()
        self.lookup.query_changed.connect(lambda _q: self.run_lookup())
        self.lookup.checkin_requested.connect(self.check_in_delegate)
        self.lookup.print_requested.connect(self.print_badge)
        self.walk_in = WalkInTab()
        self.walk_in.save_requested.connect(self.walk_ins.save)
        self.camera = CameraView()
        self.camera.code_found.connect(self._camera_code)
        self.tabs = QTabWidget()
        self.tabs.setMinimumWidth(340)
        self.tabs.setMaximumWidth(430)
        for tab in (self.lookup, self.walk_in, self.camera):
            self.tabs.addTab(tab, "")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.arrange(self)

    def retranslate(self) -> None:
        lang = self.ctx.language
        self.title.setText(t("checkin.title", lang))
        self._show_station(self.ctx.station)
        self.station_label.setToolTip(t("desk.name.change", lang))
        self.mode_label.setText(t("checkin.mode", lang))
        self.sound_box.setText(t("checkin.sounds", lang))
        self.kiosk_button.setText(t("checkin.kiosk.exit" if self.kiosk else "checkin.kiosk", lang))
        self.undo_button.setText(t("checkin.undo", lang))
        self.recent_title.setText(t("checkin.recent", lang))
        for index, key in enumerate(("checkin.lookup.tab", "checkin.walkin", "checkin.camera")):
            self.tabs.setTabText(index, t(key, lang))
        self.lookup.retranslate(lang)
        self.walk_in.retranslate(lang)
        if self.mode_combo.count():
            self.mode_combo.setItemText(0, t("checkin.mode.entry", lang))
        self.camera.retranslate()
        self.scans_model.set_rows(self.scans_model.rows, self.zone, lang)
        self.connection_watch.show_connection()
        if self.last_result is not None:
            self.card.show_result(self.last_result, lang, self.zone)
        elif self.card.result is None:
            self._show_ready()
        if self.stats is not None:
            self.counters.set_stats(self.stats, lang)
        else:
            self.counters.set_loading(lang)

    def _show_ready(self) -> None:
        lang = self.ctx.language
        if self.ctx.event is None:
            self.card.show_idle(t("checkin.no_event", lang), "")
        else:
            self.card.show_idle(t("checkin.ready", lang), t("checkin.ready_hint", lang))

    # lifecycle -----------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.scanner.install()
        self.poll_timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        if not self.kiosk:
            self.scanner.uninstall()
            self.poll_timer.stop()
        super().hideEvent(event)

    def activated(self) -> None:
        self.refresh()
        if not self.ctx.settings.desk_named and not self._desk_asked:  # once per laptop: the first visit
            self._desk_asked = True
            if self.window().isVisible():
                ask_desk_name(self.ctx, self, first_time=True)
            else:  # the app opens on this page: ask over the window once it is on screen
                QTimer.singleShot(0, lambda: ask_desk_name(self.ctx, self, first_time=True))

    def _show_station(self, name: str) -> None:
        self.station_label.setText(t("checkin.station", self.ctx.language, station=name or "…"))

    def _station_changed(self, name: str) -> None:
        self.link.station = name
        self._show_station(name)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.walk_in:
            self.walk_in.name.setFocus(Qt.FocusReason.TabFocusReason)

    @property
    def data_shown(self) -> bool:
        return self.ctx.event is None or self.stats is not None

    @property
    def zone(self) -> str:
        return self.ctx.event.timezone if self.ctx.event else "Asia/Ho_Chi_Minh"

    # loading -------------------------------------------------------------------------
    def reload(self) -> None:
        """The event changed: categories, session items, counters, recent scans, offline copy."""
        self.last_ok = self.last_result = self.stats = None
        self.undo_button.setEnabled(False)
        self.connection_watch.reset()  # copy the new event for offline use at the next poll
        self._show_ready()
        self.counters.set_loading(self.ctx.language)
        event = self.ctx.event
        if event is None:
            self.mode_combo.clear()
            return
        self.read_reference()
        self.refresh()

    def read_reference(self) -> None:
        """The walk-in form's categories and organizations, and the session modes."""
        event = self.ctx.event
        if event is None:
            return
        self.ctx.ops.read(self, lambda db: ops.reference(db, event.id)).latest("reference") \
            .done(self._reference_loaded).run()

    def _reference_loaded(self, loaded: tuple[list[CategoryOption], list[SessionItem], list[str]]) -> None:
        categories, items, organizations = loaded
        lang = self.ctx.language
        self.walk_in.set_categories(categories, lang)
        self.walk_in.set_organizations(organizations)
        self.mode_combo.blockSignals(True)
        self.mode_combo.clear()
        self.mode_combo.addItem(t("checkin.mode.entry", lang), None)
        for item in items:
            when = f"{item.day.strftime('%d/%m')} {item.start_time.strftime('%H:%M')}"
            self.mode_combo.addItem(t("checkin.mode.item", lang, time=when, title=item.title(lang)), item.id)
        index = max(0, self.mode_combo.findData(self.agenda_item_id))
        self.mode_combo.setCurrentIndex(index)
        self.agenda_item_id = self.mode_combo.itemData(index)
        self.mode_combo.blockSignals(False)

    def _mode_changed(self, index: int) -> None:
        self.agenda_item_id = self.mode_combo.itemData(index) if index >= 0 else None
        self.last_ok = None
        self.undo_button.setEnabled(False)
        self.connection_watch.token = None
        self.refresh()

    def refresh(self) -> None:
        """Reload the counters and the recent scans (a read beside the desk lane; the newest wins)."""
        event = self.ctx.event
        if event is None:
            return
        item, link = self.agenda_item_id, self.link
        self.ctx.ops.read(self, lambda db: ops.counters(link, db, event.id, item)).latest("counters") \
            .done(self._counters_loaded).failed(self._offline).run()

    def _counters_loaded(self, loaded: tuple[CheckinStats, list[ScanRow]]) -> None:
        self.stats, rows = loaded
        self.counters.set_stats(self.stats, self.ctx.language)
        self.scans_model.set_rows(rows, self.zone, self.ctx.language)

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches("organizations") or changes.touches("categories"):
            self.read_reference()  # a walk-in's new unit is offered to the next one
        if changes.touches("checkins") or changes.touches("delegates"):
            if self.ctx.synchronous:
                self.refresh()
            else:  # let the card paint first, and fold a quick run of scans into one refresh
                self._refresh_timer.start()

    # connection: other desks, offline queue, local copy -----------------------------------
    def poll(self) -> None:
        """Every 2 s: notice other desks' scans; while offline, probe the server and replay the queue."""
        self.connection_watch.poll()

    @property
    def poll_timer(self) -> QTimer:
        return self.connection_watch.timer

    def _offline(self, exc: BaseException) -> bool:
        return self.connection_watch.offline(exc)

    # scanning ------------------------------------------------------------------------
    def submit_code(self, code: str) -> None:
        """A code came from the scanner, the camera or a test: get its verdict on the desk lane."""
        event = self.ctx.event
        if event is None:
            return
        link, item = self.link, self.agenda_item_id
        self.ctx.ops.desk(self, lambda db: ops.scan(link, db, event_id=event.id, code=code, agenda_item_id=item)) \
            .done(self._verdict).failed(self._offline).run()

    def check_in_delegate(self, delegate_id: int) -> None:
        """Check in someone found by name: the same verdicts as a scan of their current badge."""
        event = self.ctx.event
        if event is None:
            return
        link, item = self.link, self.agenda_item_id

        def done(outcome: ops.DeskOutcome) -> None:
            self._verdict(outcome)
            self.lookup.edit.clear()

        self.ctx.ops.desk(self, lambda db: ops.manual(link, db, event_id=event.id, delegate_id=delegate_id,
                                                      agenda_item_id=item)).done(done).failed(self._offline).run()

    def _verdict(self, outcome: ops.DeskOutcome) -> None:
        self.connection_watch.pending = outcome.pending
        self.show_result(outcome.result)
        if outcome.result.offline:
            self.connection_watch.show_connection()

    def _camera_code(self, code: str) -> None:
        last, at = self._last_camera
        now = time.monotonic()
        if code == last and now - at < CAMERA_REPEAT_S:
            return  # the badge is still in front of the camera
        self._last_camera = (code, now)
        self.submit_code(code)

    def show_result(self, result: CheckinResult) -> None:
        self.warning.hide()
        self.last_result = result
        self.card.show_result(result, self.ctx.language, self.zone)
        self.play(verdict_tone(result.result))
        if result.ok:
            self.last_ok = result
        self.undo_button.setEnabled(self.last_ok is not None and not self.last_ok.offline)

    def show_error_text(self, text: str) -> None:
        """A domain error (a bad code, an unknown delegate…) on the card, with the error sound."""
        self.card.show_message(text, ERROR_COLOR)
        self.play("error")

    def _scanner_garbled(self, what: str, _raw: str) -> None:
        lang = self.ctx.language
        self.warning.setText(t("checkin.scanner.warning", lang, what=t(f"checkin.scanner.{what}", lang)))
        self.warning.show()
        self.play("error")

    def _sounds_toggled(self, on: bool) -> None:
        self.ctx.settings.sounds = on
        self.ctx.save_settings()

    def play(self, tone: str) -> None:
        if self.ctx.settings.sounds:
            self.sounds.play(tone)

    # undo, lookup, badges ---------------------------------------------------------
    def undo_last(self) -> None:
        last, event = self.last_ok, self.ctx.event
        if last is None or last.delegate is None or event is None:
            return
        station, delegate_id, item = self.ctx.station, last.delegate.id, last.agenda_item_id

        def done(undone: ops.UndoResult) -> None:
            self.last_ok = self.last_result = None
            self.undo_button.setEnabled(False)
            self.card.show_message(t("checkin.undone", self.ctx.language, name=undone.full_name), UNDO_COLOR)

        self.ctx.ops.desk(self, lambda db: ops.undo(db, event_id=event.id, delegate_id=delegate_id, station=station,
                                                    agenda_item_id=item)).done(done).run()

    def run_lookup(self) -> None:
        event, query = self.ctx.event, self.lookup.edit.text()
        if event is None or not query.strip():
            self.lookup.show_rows([], self.ctx.language)
            return
        link, item = self.link, self.agenda_item_id
        self.ctx.ops.desk(self, lambda db: ops.lookup(link, db, event_id=event.id, query=query, agenda_item_id=item)) \
            .latest("lookup").done(lambda rows: self.lookup.show_rows(rows, self.ctx.language)) \
            .failed(self._offline).run()

    def print_badge(self, delegate_id: int) -> None:
        """Print this delegate's badge now, through the badges feature; the desk stays on screen."""
        self.ctx.actions.print_badges([delegate_id], now=True)

    # kiosk -----------------------------------------------------------------------------
    @property
    def kiosk(self) -> bool:
        return self.kiosk_lock.active

    def enter_kiosk(self) -> None:
        """Full-screen check-in; the rest of the app is hidden until the organiser PIN is given."""
        self.kiosk_lock.enter()

    def leave_kiosk(self, pin: str = "") -> bool:
        """Back to the normal window when ``pin`` matches the organiser PIN (or none is set)."""
        return self.kiosk_lock.leave(pin)
