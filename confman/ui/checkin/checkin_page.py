"""The check-in desk: scan (USB scanner anywhere, or webcam) → big verdict card, sound, live counters.

Scans go through a ``CheckinDesk`` on the DB worker: to the server while it answers, to
the local offline queue when it does not.  Every 2 s a cheap poll (scan count and last
id) notices scans made at other desks and refreshes the counters and the recent list.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from confman.core.checkin.offline_queue import CheckinDesk, OfflineQueue, SyncReport
from confman.core.checkin.service import (
    CategoryOption,
    CheckinResult,
    CheckinStats,
    LookupRow,
    ScanRow,
    SessionItem,
    checkin_stats,
    list_categories,
    recent_scans,
    register_walk_in,
    session_items,
    undo_checkin,
)
from confman.core.errors import DomainError
from confman.i18n import t
from confman.messages import describe
from confman.paths import data_dir, resource_path
from confman.ui.checkin.camera_view import CameraView
from confman.ui.checkin.result_card import ERROR_COLOR, OK_COLOR, UNDO_COLOR, ResultCard, verdict_tone
from confman.ui.checkin.scanner import ScannerFilter
from confman.ui.checkin.scans_model import ScansModel
from confman.ui.context import UiContext
from confman.ui.page import Page

POLL_MS = 2_000
REFRESH_DELAY_MS = 250
SNAPSHOT_EVERY_S = 1.0  # every poll: who came in at other desks, and changed delegates
CAMERA_REPEAT_S = 4.0
HONORIFICS = ("Ông", "Bà", "Mr", "Ms", "Mrs", "Dr")


def _queue_path(db_url: str) -> Any:
    digest = hashlib.sha1(db_url.encode("utf-8")).hexdigest()[:10]
    return data_dir() / f"checkin-offline-{digest}.sqlite3"


class CounterPanel(QFrame):
    """Checked in / expected in large type, then one bar per category."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counterPanel")
        self.setStyleSheet("#counterPanel { background: #f5f7f9; border: 1px solid #dde3e8; border-radius: 10px; }")
        self.title = QLabel()
        self.title.setStyleSheet("color:#546e7a; font-size:14px; font-weight:600;")
        self.total = QLabel("0 / 0")
        self.total.setObjectName("counterTotal")
        self.total.setStyleSheet("font-size:40px; font-weight:700; color:#1b2a33;")
        self.rows = QGridLayout()
        self.rows.setHorizontalSpacing(8)
        self.rows.setVerticalSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.total)
        layout.addLayout(self.rows)
        layout.addStretch(1)
        self._widgets: list[QWidget] = []

    def set_stats(self, stats: CheckinStats, lang: str) -> None:
        self.title.setText(t("checkin.counters", lang))
        self.total.setText(f"{stats.checked_in} / {stats.expected}")
        for w in self._widgets:
            self.rows.removeWidget(w)
            w.hide()
            w.deleteLater()
        self._widgets = []
        for row, cat in enumerate(stats.by_category):
            label = QLabel(cat.label(lang))
            label.setStyleSheet("font-size:13px;")
            bar = QProgressBar()
            bar.setRange(0, max(cat.expected, 1))
            bar.setValue(cat.checked_in)
            bar.setTextVisible(False)
            bar.setFixedHeight(10)
            bar.setStyleSheet(
                "QProgressBar { background:#e3e8ec; border:none; border-radius:5px; }"
                f"QProgressBar::chunk {{ background:{cat.color}; border-radius:5px; }}"
            )
            figure = QLabel(f"{cat.checked_in}/{cat.expected}")
            figure.setStyleSheet("font-size:13px; color:#37474f;")
            figure.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.rows.addWidget(label, row, 0)
            self.rows.addWidget(bar, row, 1)
            self.rows.addWidget(figure, row, 2)
            self._widgets += [label, bar, figure]
        self.rows.setColumnStretch(1, 1)


class CheckinPage(Page):
    """Scan to verdict; lookup, walk-ins, undo; per-session mode; kiosk; offline-aware."""

    nav_key = "nav.checkin"
    #: a scan (or manual/walk-in check-in) got its verdict
    checkin_recorded = Signal(object)
    #: the organiser asked for a badge to be printed for this delegate id (the badges feature answers)
    print_badge_requested = Signal(int)

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.desk: CheckinDesk | None = None
        self.agenda_item_id: int | None = None
        self.last_ok: CheckinResult | None = None
        self.last_result: CheckinResult | None = None
        self.stats: CheckinStats | None = None
        self._token: tuple[int, int] | None = None
        self._polling = False
        self._refreshing = False
        self._refresh_again = False
        self._snapshot_at = 0.0
        self._last_camera: tuple[str, float] = ("", 0.0)
        self._lookup_rows: list[LookupRow] = []
        self._categories: list[CategoryOption] = []
        self._items: list[SessionItem] = []
        self._kiosk_state: dict[str, Any] | None = None
        self._sounds: dict[str, Any] = {}
        self.latencies_ms: list[float] = []

        self.scanner = ScannerFilter(self)
        self.scanner.scanned.connect(self.submit_code)
        self.scanner.garbled.connect(self._scanner_garbled)

        # header ---------------------------------------------------------------
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setStyleSheet("font-size:22px; font-weight:700;")
        self.station_label = QLabel()
        self.station_label.setStyleSheet("font-size:15px; color:#37474f; padding:2px 10px;"
                                         "background:#eceff1; border-radius:6px;")
        self.mode_label = QLabel()
        self.mode_combo = QComboBox()
        self.mode_combo.setMinimumWidth(280)
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)
        self.connection = QLabel()
        self.connection.setObjectName("connectionStatus")
        self.sound_box = QCheckBox()
        self.sound_box.setChecked(bool(ctx.settings.sounds))
        self.sound_box.toggled.connect(self._sounds_toggled)
        self.kiosk_button = QPushButton()
        self.kiosk_button.clicked.connect(self._kiosk_clicked)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.station_label)
        header.addSpacing(12)
        header.addWidget(self.mode_label)
        header.addWidget(self.mode_combo)
        header.addStretch(1)
        header.addWidget(self.connection)
        header.addWidget(self.sound_box)
        header.addWidget(self.kiosk_button)

        # scanner warning ---------------------------------------------------------
        self.warning = QLabel()
        self.warning.setObjectName("scannerWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("background:#fff4e5; color:#5d3a00; border:1px solid #f0b35a;"
                                   "border-radius:8px; padding:10px; font-size:14px;")
        self.warning.hide()
        self.sync_note = QLabel()
        self.sync_note.setObjectName("syncNote")
        self.sync_note.setWordWrap(True)
        self.sync_note.setStyleSheet("background:#e8f1fb; color:#0d3c61; border:1px solid #9cc3e6;"
                                     "border-radius:8px; padding:10px; font-size:14px;")
        self.sync_note.hide()

        # left: card, undo, recent scans + counters ----------------------------------
        self.card = ResultCard()
        self.undo_button = QPushButton()
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo_last)
        self.scans_model = ScansModel(self)
        self.scans_view = QTableView()
        self.scans_view.setModel(self.scans_model)
        self.scans_view.verticalHeader().hide()
        self.scans_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.scans_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.scans_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scans_view.setAlternatingRowColors(True)
        hh = self.scans_view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.recent_title = QLabel()
        self.recent_title.setStyleSheet("font-weight:600; color:#37474f;")
        self.counters = CounterPanel()
        self.counters.setMinimumWidth(260)

        undo_row = QHBoxLayout()
        undo_row.addStretch(1)
        undo_row.addWidget(self.undo_button)
        lower = QHBoxLayout()
        recent_box = QVBoxLayout()
        recent_box.addWidget(self.recent_title)
        recent_box.addWidget(self.scans_view, 1)
        lower.addLayout(recent_box, 3)
        lower.addWidget(self.counters, 2)
        left = QVBoxLayout()
        left.addWidget(self.card, 0)
        left.addLayout(undo_row)
        left.addLayout(lower, 1)

        # right: lookup / walk-in / camera ------------------------------------------------
        self.tabs = QTabWidget()
        self.tabs.setMinimumWidth(340)
        self.tabs.setMaximumWidth(430)
        lookup = QWidget()
        self.lookup_edit = QLineEdit()
        self.lookup_edit.setObjectName("lookupEdit")
        self.lookup_edit.setClearButtonEnabled(True)
        self.lookup_list = QListWidget()
        self.lookup_list.itemDoubleClicked.connect(lambda _i: self.checkin_selected())
        self.lookup_button = QPushButton()
        self.lookup_button.clicked.connect(self.checkin_selected)
        self.reprint_button = QPushButton()
        self.reprint_button.clicked.connect(self._reprint_selected)
        self._lookup_timer = QTimer(self)
        self._lookup_timer.setSingleShot(True)
        self._lookup_timer.setInterval(200)
        self._lookup_timer.timeout.connect(self.run_lookup)
        self.lookup_edit.textChanged.connect(lambda _t: self._lookup_timer.start())
        self.lookup_edit.returnPressed.connect(self._lookup_enter)
        lk = QVBoxLayout(lookup)
        self.lookup_title = QLabel()
        self.lookup_title.setStyleSheet("font-weight:600; color:#37474f;")
        lk.addWidget(self.lookup_title)
        lk.addWidget(self.lookup_edit)
        lk.addWidget(self.lookup_list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.lookup_button, 2)
        buttons.addWidget(self.reprint_button, 1)
        lk.addLayout(buttons)

        walkin = QWidget()
        self.walkin_name = QLineEdit()
        self.walkin_name.setObjectName("walkinName")
        self.walkin_honorific = QComboBox()
        self.walkin_honorific.setEditable(True)
        self.walkin_honorific.addItems(("", *HONORIFICS))
        self.walkin_org = QLineEdit()
        self.walkin_position = QLineEdit()
        self.walkin_category = QComboBox()
        self.walkin_print = QCheckBox()
        self.walkin_print.setChecked(True)
        self.walkin_save = QPushButton()
        self.walkin_save.clicked.connect(self.save_walk_in)
        for field in (self.walkin_name, self.walkin_org, self.walkin_position):
            field.returnPressed.connect(self.save_walk_in)  # Enter saves: a walk-in in a few seconds
        self.walkin_form = QFormLayout(walkin)
        self.walkin_form.addRow("", self.walkin_honorific)
        self.walkin_form.addRow("", self.walkin_name)
        self.walkin_form.addRow("", self.walkin_org)
        self.walkin_form.addRow("", self.walkin_position)
        self.walkin_form.addRow("", self.walkin_category)
        self.walkin_form.addRow("", self.walkin_print)
        self.walkin_form.addRow(self.walkin_save)

        self.camera = CameraView()
        self.camera.code_found.connect(self._camera_code)
        self.tabs.addTab(lookup, "")
        self.tabs.addTab(walkin, "")
        self.tabs.addTab(self.camera, "")

        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.tabs)
        root = QVBoxLayout(self)
        root.addLayout(header)
        root.addWidget(self.warning)
        root.addWidget(self.sync_note)
        root.addLayout(body, 1)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.poll)

        ctx.event_changed.connect(lambda _e: self.reload())
        ctx.data_changed.connect(self._data_changed)
        self.retranslate()
        self.reload()

    # lifecycle ---------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.scanner.install()
        self.poll_timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._kiosk_state is None:
            self.scanner.uninstall()
            self.poll_timer.stop()
        super().hideEvent(event)

    def activated(self) -> None:
        self.refresh()

    def _ensure_desk(self) -> CheckinDesk:
        if self.desk is None:
            self.desk = CheckinDesk(self.ctx.db, OfflineQueue(_queue_path(self.ctx.db.url)), station=self.ctx.station)
        self.desk.station = self.ctx.station
        return self.desk

    @property
    def zone(self) -> str:
        return self.ctx.event.timezone if self.ctx.event else "Asia/Ho_Chi_Minh"

    def retranslate(self) -> None:
        lang = self.ctx.language
        self.title.setText(t("checkin.title", lang))
        self.station_label.setText(t("checkin.station", lang, station=self.ctx.station))
        self.mode_label.setText(t("checkin.mode", lang))
        self.sound_box.setText(t("checkin.sounds", lang))
        self.kiosk_button.setText(t("checkin.kiosk.exit" if self._kiosk_state else "checkin.kiosk", lang))
        self.undo_button.setText(t("checkin.undo", lang))
        self.recent_title.setText(t("checkin.recent", lang))
        self.tabs.setTabText(0, t("checkin.lookup.tab", lang))
        self.lookup_title.setText(t("checkin.lookup", lang))
        self.tabs.setTabText(1, t("checkin.walkin", lang))
        self.tabs.setTabText(2, t("checkin.camera", lang))
        self.lookup_edit.setPlaceholderText(t("checkin.lookup.placeholder", lang))
        self.lookup_button.setText(t("checkin.lookup.checkin", lang))
        self.reprint_button.setText(t("checkin.lookup.print", lang))
        for row, key in enumerate(("honorific", "name", "organization", "position", "category")):
            label = self.walkin_form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if label is not None and label.widget() is not None:
                label.widget().setText(t(f"checkin.walkin.{key}", lang))
        self.walkin_print.setText(t("checkin.walkin.print", lang))
        self.walkin_save.setText(t("checkin.walkin.save", lang))
        if self.mode_combo.count():
            self.mode_combo.setItemText(0, t("checkin.mode.entry", lang))
        self.camera.retranslate()
        self.scans_model.set_rows(self.scans_model.rows, self.zone, lang)
        self._show_connection()
        if self.last_result is not None:
            self.card.show_result(self.last_result, lang, self.zone)
        elif self.card.result is None:
            self._show_ready()
        if self.stats is not None:
            self.counters.set_stats(self.stats, lang)

    def _show_ready(self) -> None:
        if self.ctx.event is None:
            self.card.show_idle(t("checkin.no_event", self.ctx.language), "")
        else:
            self.card.show_idle(t("checkin.ready", self.ctx.language), t("checkin.ready_hint", self.ctx.language))

    # loading ------------------------------------------------------------------------
    def reload(self) -> None:
        """The event changed: categories, session items, counters, recent scans, offline copy."""
        self.last_ok = None
        self.last_result = None
        self.undo_button.setEnabled(False)
        self._token = None
        self._snapshot_at = 0.0  # copy the new event for offline use at the next poll
        self._show_ready()
        event = self.ctx.event
        if event is None:
            self.mode_combo.clear()
            return
        db = self.ctx.db

        def load() -> tuple[list[CategoryOption], list[SessionItem]]:
            return list_categories(db, event.id), session_items(db, event.id)

        self.ctx.tasks.run(load, on_done=self._loaded, on_error=self._show_error)
        self.refresh()

    def _loaded(self, loaded: tuple[list[CategoryOption], list[SessionItem]]) -> None:
        self._categories, self._items = loaded
        lang = self.ctx.language
        self.walkin_category.clear()
        for cat in self._categories:
            self.walkin_category.addItem(cat.label(lang), cat.id)
        default = next((i for i, c in enumerate(self._categories) if c.code == "DB"), 0)
        self.walkin_category.setCurrentIndex(default)
        self.mode_combo.blockSignals(True)
        self.mode_combo.clear()
        self.mode_combo.addItem(t("checkin.mode.entry", lang), None)
        for item in self._items:
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
        self._token = None
        self.refresh()

    def refresh(self) -> None:
        """Reload counters and the recent scans (on the DB worker)."""
        event = self.ctx.event
        if event is None:
            return
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        db, item, desk = self.ctx.db, self.agenda_item_id, self._ensure_desk()

        def load() -> tuple[CheckinStats, list[ScanRow]]:  # bounded: a frozen server must not hold the scans
            return desk.read(lambda: (checkin_stats(db, event.id, item, detail=False),
                                      recent_scans(db, event.id, limit=20)))

        def done(loaded: tuple[CheckinStats, list[ScanRow]]) -> None:
            self._refreshing = False
            self.stats, rows = loaded
            self.counters.set_stats(self.stats, self.ctx.language)
            self.scans_model.set_rows(rows, self.zone, self.ctx.language)
            if self._refresh_again:
                self._refresh_again = False
                self.refresh()

        def failed(exc: BaseException) -> None:
            self._refreshing = False
            self._refresh_again = False
            if not self._offline_error(exc):
                self._show_error(exc)

        self.ctx.tasks.run(load, on_done=done, on_error=failed)

    def _data_changed(self, changes: Any) -> None:
        if changes.touches("checkins") or changes.touches("delegates"):
            if self.ctx.tasks.synchronous:
                self.refresh()
            else:  # let the card paint first, and fold a quick run of scans into one refresh
                self._refresh_timer.start()

    # polling: other desks, offline queue, local copy ----------------------------------------
    def poll(self) -> None:
        """Every 2 s: notice other desks' scans; while offline, probe the server and replay the queue."""
        event = self.ctx.event
        if event is None or self._polling:
            return
        self._polling = True
        desk = self._ensure_desk()
        db = self.ctx.db
        if not desk.online or desk.queue.pending():
            # The probe may wait for the connect timeout: keep it off the DB worker so scans stay instant.
            self.ctx.tasks.run(desk.server_reachable, pool="render", on_done=self._probed,
                               on_error=self._poll_failed)
            return
        snapshot_due = not db.is_sqlite and time.monotonic() - self._snapshot_at > SNAPSHOT_EVERY_S

        def work() -> tuple[SyncReport | None, tuple[int, int] | None, bool]:
            # answered within the scan's bound, or the desk goes offline: a frozen server never
            # holds the DB worker (and the scans queued behind it); the local copy refreshes aside
            token = desk.poll(event.id, refresh=snapshot_due)
            return None, token, snapshot_due and token is not None

        self.ctx.tasks.run(work, on_done=self._polled, on_error=self._poll_failed)

    def _probed(self, reachable: bool) -> None:
        event = self.ctx.event
        if not reachable or event is None or self.desk is None:
            self._polling = False
            self._show_connection()
            return
        desk = self.desk
        self._token = None

        def work() -> tuple[SyncReport | None, tuple[int, int] | None, bool]:
            report = desk.reconnect(event.id)
            return report, None, desk.online

        self.ctx.tasks.run(work, on_done=self._polled, on_error=self._poll_failed)

    def _polled(self, polled: tuple[SyncReport | None, tuple[int, int] | None, bool]) -> None:
        self._polling = False
        report, token, refreshed = polled
        if refreshed:
            self._snapshot_at = time.monotonic()
        self._show_connection()
        if report is not None and report.replayed:
            self._show_sync_report(report)
        if token is not None and token != self._token:
            self._token = token
            self.refresh()
        elif token is None and self._token is None and self.desk is not None and self.desk.online:
            self.refresh()  # back online after a sync

    def _poll_failed(self, exc: BaseException) -> None:
        self._polling = False
        self._show_connection()

    def _show_connection(self) -> None:
        lang = self.ctx.language
        desk = self.desk
        if desk is None or desk.online:
            self.connection.setText(t("checkin.online", lang) if not self.ctx.db.is_sqlite else "")
            self.connection.setStyleSheet(f"color:{OK_COLOR}; font-weight:600;")
        else:
            self.connection.setText(t("checkin.offline", lang, count=desk.queue.pending()))
            self.connection.setStyleSheet(f"color:white; background:{ERROR_COLOR}; font-weight:600;"
                                          "padding:4px 10px; border-radius:6px;")
        window = self.window()
        status = getattr(window, "statusBar", None)
        if desk is not None and not desk.online and callable(status):
            status().showMessage(self.connection.text(), 5000)

    def _show_sync_report(self, report: SyncReport) -> None:
        lang = self.ctx.language
        text = t("checkin.synced", lang, count=report.replayed)
        if report.conflicts:
            names = "; ".join(
                f"{c.full_name} ({c.first_station or '?'})" for c in report.conflicts[:10]
            )
            text += "\n" + t("checkin.sync_conflicts", lang, count=len(report.conflicts), names=names)
        self.sync_note.setText(text)
        self.sync_note.show()
        self.refresh()

    # scanning --------------------------------------------------------------------------
    def submit_code(self, code: str) -> None:
        """A code came from the scanner, the camera or a test: get its verdict."""
        event = self.ctx.event
        if event is None:
            return
        desk = self._ensure_desk()
        item = self.agenda_item_id
        self.ctx.tasks.run(lambda: desk.scan(event_id=event.id, code=code, agenda_item_id=item),
                           on_done=self.show_result, on_error=self._show_error)

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
        self.checkin_recorded.emit(result)
        if result.offline:
            self._show_connection()
        else:
            self.ctx.notify(result.changes)

    def _scanner_garbled(self, what: str, raw: str) -> None:
        self.warning.setText(t("checkin.scanner.warning", self.ctx.language,
                               what=t(f"checkin.scanner.{what}", self.ctx.language)))
        self.warning.show()
        self.play("error")

    def _offline_error(self, exc: BaseException) -> bool:
        desk = self.desk
        if desk is not None and _is_offline(desk, exc):
            desk.online = False
            self._show_connection()
            return True
        return False

    def _show_error(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            self.card.show_message(describe(exc, self.ctx.language), ERROR_COLOR)
            self.play("error")
            return
        if self._offline_error(exc):
            return
        raise exc

    # sounds -----------------------------------------------------------------------------
    def _sounds_toggled(self, on: bool) -> None:
        self.ctx.settings.sounds = on
        self.ctx.save_settings()

    def play(self, tone: str) -> None:
        if not self.ctx.settings.sounds:
            return
        effect = self._sounds.get(tone)
        if effect is None:
            try:
                from PySide6.QtMultimedia import QSoundEffect
            except ImportError:
                return
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(resource_path("sounds", f"{tone}.wav"))))
            effect.setVolume(0.6)
            self._sounds[tone] = effect
        effect.play()

    # undo -------------------------------------------------------------------------------
    def undo_last(self) -> None:
        last = self.last_ok
        event = self.ctx.event
        if last is None or last.delegate is None or event is None:
            return
        db, station = self.ctx.db, self.ctx.station

        def done(undone: Any) -> None:
            self.last_ok = None
            self.last_result = None
            self.undo_button.setEnabled(False)
            self.card.show_message(t("checkin.undone", self.ctx.language, name=undone.full_name), UNDO_COLOR)
            self.ctx.notify(undone.changes)

        self.ctx.tasks.run(
            lambda: undo_checkin(db, event_id=event.id, delegate_id=last.delegate.id, station=station,
                                 agenda_item_id=last.agenda_item_id),
            on_done=done, on_error=self._show_error)

    # manual lookup ---------------------------------------------------------------------------
    def run_lookup(self) -> None:
        event = self.ctx.event
        query = self.lookup_edit.text()
        if event is None or not query.strip():
            self._fill_lookup([])
            return
        desk, item = self._ensure_desk(), self.agenda_item_id
        self.ctx.tasks.run(lambda: desk.lookup(event.id, query, agenda_item_id=item),
                           on_done=self._fill_lookup, on_error=self._show_error)

    def _fill_lookup(self, rows: list[LookupRow]) -> None:
        lang = self.ctx.language
        self._lookup_rows = rows
        self.lookup_list.clear()
        for row in rows:
            cat = row.category_label_en if lang == "en" and row.category_label_en else row.category_label_vi
            line = f"{row.honorific} {row.full_name}".strip()
            sub = " · ".join(p for p in (row.organization, cat) if p)
            flags = []
            if row.checked_in:
                flags.append("✓ " + t("checkin.lookup.in", lang))
            if row.cancelled:
                flags.append("✗ " + t("checkin.lookup.cancelled", lang))
            text = line + (f"  [{', '.join(flags)}]" if flags else "") + (f"\n{sub}" if sub else "")
            item = QListWidgetItem(text, self.lookup_list)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
        if rows:
            self.lookup_list.setCurrentRow(0)
        elif self.lookup_edit.text().strip():
            none = QListWidgetItem(t("checkin.lookup.none", lang), self.lookup_list)
            none.setFlags(Qt.ItemFlag.NoItemFlags)

    def _lookup_enter(self) -> None:
        if self._lookup_timer.isActive():
            self._lookup_timer.stop()
            self.run_lookup()
        self.checkin_selected()

    def _selected_delegate(self) -> int | None:
        item = self.lookup_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def checkin_selected(self) -> None:
        delegate_id = self._selected_delegate()
        event = self.ctx.event
        if delegate_id is None or event is None:
            return
        desk = self._ensure_desk()
        item = self.agenda_item_id

        def done(result: CheckinResult) -> None:
            self.show_result(result)
            self.lookup_edit.clear()

        self.ctx.tasks.run(lambda: desk.manual(event_id=event.id, delegate_id=delegate_id, agenda_item_id=item),
                           on_done=done, on_error=self._show_error)

    def _reprint_selected(self) -> None:
        delegate_id = self._selected_delegate()
        if delegate_id is not None:
            self.print_badge_requested.emit(delegate_id)

    # walk-in -----------------------------------------------------------------------------------
    def save_walk_in(self) -> None:
        event = self.ctx.event
        if event is None:
            return
        db, station, item = self.ctx.db, self.ctx.station, self.agenda_item_id
        values = dict(
            full_name=self.walkin_name.text(), organization=self.walkin_org.text(),
            position=self.walkin_position.text(), category_id=self.walkin_category.currentData(),
            honorific=self.walkin_honorific.currentText(),
        )
        wants_badge = self.walkin_print.isChecked()

        def done(walk_in: Any) -> None:
            for field in (self.walkin_name, self.walkin_org, self.walkin_position):
                field.clear()
            self.walkin_honorific.setCurrentIndex(0)
            self.show_result(walk_in.checkin)
            self.ctx.notify(walk_in.changes)
            if wants_badge:
                self.print_badge_requested.emit(walk_in.delegate_id)
            self.walkin_name.setFocus()

        self.ctx.tasks.run(
            lambda: register_walk_in(db, event_id=event.id, station=station, agenda_item_id=item, **values),
            on_done=done, on_error=self._show_error)

    # kiosk ---------------------------------------------------------------------------------------
    @property
    def kiosk(self) -> bool:
        return self._kiosk_state is not None

    def _kiosk_clicked(self) -> None:
        if self.kiosk:
            pin, ok = ("", True)
            if self.ctx.settings.kiosk_pin:
                pin, ok = QInputDialog.getText(self, t("checkin.kiosk"), t("checkin.kiosk.pin"),
                                               QLineEdit.EchoMode.Password)
            if ok and not self.leave_kiosk(pin):
                QMessageBox.warning(self, t("checkin.kiosk"), t("checkin.kiosk.wrong_pin"))
            return
        if not self.ctx.settings.kiosk_pin:
            pin, ok = QInputDialog.getText(self, t("checkin.kiosk"), t("checkin.kiosk.set_pin"),
                                           QLineEdit.EchoMode.Password)
            if not ok:
                return
            self.ctx.settings.kiosk_pin = pin.strip()
            self.ctx.save_settings()
        self.enter_kiosk()

    def enter_kiosk(self) -> None:
        """Full-screen check-in; the rest of the app is hidden until the organiser PIN is given."""
        if self.kiosk:
            return
        window = self.window()
        hidden = []
        for name in ("nav", "toolbar"):
            widget = getattr(window, name, None)
            if isinstance(widget, QWidget) and widget.isVisible():
                widget.hide()
                hidden.append(widget)
        menu = window.menuBar() if hasattr(window, "menuBar") else None
        if isinstance(menu, QWidget) and menu.isVisible():
            menu.hide()
            hidden.append(menu)
        actions = [a for a in window.actions() if a.isEnabled()]
        for action in actions:
            action.setEnabled(False)
        self._kiosk_state = {"hidden": hidden, "actions": actions, "maximized": window.isMaximized()}
        self.tabs.setTabEnabled(1, False)
        window.showFullScreen()
        self.retranslate()

    def leave_kiosk(self, pin: str = "") -> bool:
        """Back to the normal window when ``pin`` matches the organiser PIN (or none is set)."""
        state = self._kiosk_state
        if state is None:
            return True
        if self.ctx.settings.kiosk_pin and pin != self.ctx.settings.kiosk_pin:
            return False
        self._kiosk_state = None
        window = self.window()
        for widget in state["hidden"]:
            widget.show()
        for action in state["actions"]:
            action.setEnabled(True)
        self.tabs.setTabEnabled(1, True)
        if state["maximized"]:
            window.showMaximized()
        else:
            window.showNormal()
        self.retranslate()
        return True


def _is_offline(desk: CheckinDesk, exc: BaseException) -> bool:
    from confman.core.checkin.offline_queue import is_connection_error

    return is_connection_error(desk.db, exc)

