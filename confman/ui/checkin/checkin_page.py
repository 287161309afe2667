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
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTabWidget, QVBoxLayout, QWidget

from confman.core.changes import Changes
from confman.i18n import t
from confman.ui.checkin import ops
from confman.ui.checkin.camera_view import CameraView
from confman.ui.checkin.connection import DeskConnection
from confman.ui.checkin.counter_panel import CounterPanel
from confman.ui.checkin.desk_header import DeskHeader, notice_strip
from confman.ui.checkin.desk_name import ask_desk_name
from confman.ui.checkin.kiosk import KioskLock
from confman.ui.checkin.ops import (
    CategoryOption,
    CheckinResult,
    CheckinStats,
    ScanRow,
    SessionItem,
)
from confman.ui.checkin.recent_scans import RecentScans
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
        self.header = DeskHeader(bool(self.ctx.settings.sounds))
        self.header.rename_requested.connect(lambda: ask_desk_name(self.ctx, self, first_time=False))
        self.header.mode_chosen.connect(self._mode_changed)
        self.header.sounds_toggled.connect(self._sounds_toggled)
        self.header.kiosk_clicked.connect(self.kiosk_lock.clicked)
        self.warning = notice_strip("scannerWarning", "#fff4e5", "#5d3a00", "#f0b35a")
        self.sync_note = notice_strip("syncNote", "#e8f1fb", "#0d3c61", "#9cc3e6")

        self.card = ResultCard()
        self.undo_button = QPushButton()
        self.undo_button.setObjectName("undoCheckin")
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo_last)
        self.scans_model = ScansModel(self)
        self.recent = RecentScans(self.scans_model)
        self.counters = CounterPanel()
        self.counters.setMinimumWidth(260)

        self.lookup = LookupTab()
        self.lookup.query_changed.connect(lambda _q: self.run_lookup())
        self.lookup.checkin_requested.connect(self.check_in_delegate)
        self.lookup.print_requested.connect(self.print_badge)
        self.walk_in = WalkInTab()
        self.walk_ins = WalkInDesk(self.ctx, self.walk_in, self)
        self.walk_in.save_requested.connect(lambda: self.walk_ins.save(self.agenda_item_id))
        self.walk_ins.checked_in.connect(self.show_result)
        self.walk_ins.badge_wanted.connect(self.print_badge)
        self.walk_ins.refused.connect(lambda: self.play("error"))
        self.camera = CameraView()
        self.camera.code_found.connect(self._camera_code)
        self.tabs = QTabWidget()
        self.tabs.setMinimumWidth(340)
        self.tabs.setMaximumWidth(430)
        for tab in (self.lookup, self.walk_in, self.camera):
            self.tabs.addTab(tab, "")
        self.tabs.currentChanged.connect(self._tab_changed)
        self._arrange()

    def _arrange(self) -> None:
        """The header and notices on top; the card, undo, recent scans and counters left; the tabs right."""
        undo_row = QHBoxLayout()
        undo_row.addStretch(1)
        undo_row.addWidget(self.undo_button)
        lower = QHBoxLayout()
        lower.addWidget(self.recent, 3)
        lower.addWidget(self.counters, 2)
        left = QVBoxLayout()
        left.addWidget(self.card, 0)
        left.addLayout(undo_row)
        left.addLayout(lower, 1)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.tabs)
        root = QVBoxLayout(self)
        for widget in (self.header, self.warning, self.sync_note):
            root.addWidget(widget)
        root.addLayout(body, 1)

    def retranslate(self) -> None:
        lang = self.ctx.language
        self.header.retranslate(lang, station=self.ctx.station, kiosk=self.kiosk)
        self.undo_button.setText(t("checkin.undo", lang))
        self.recent.retranslate(lang)
        for index, key in enumerate(("checkin.lookup.tab", "checkin.walkin", "checkin.camera")):
            self.tabs.setTabText(index, t(key, lang))
        self.lookup.retranslate(lang)
        self.walk_in.retranslate(lang)
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

    def _station_changed(self, name: str) -> None:
        self.link.station = name
        self.header.show_station(name, self.ctx.language)

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
            self.header.clear_modes()
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
        self.agenda_item_id = self.header.set_modes(items, self.agenda_item_id, lang)

    def _mode_changed(self, agenda_item_id: int | None) -> None:
        self.agenda_item_id = agenda_item_id
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
