"""Dashboard: live arrivals for the chair — totals, by category and organization type,
arrivals per 10 minutes, and the VIPs still expected.  Refreshed on local changes and by a
5 s poll that notices scans from any desk."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from confman.core.errors import DomainError
from confman.i18n import t
from confman.ui.context import UiContext
from confman.ui.dashboard import ops
from confman.ui.dashboard.charts import ArrivalsChart, BarList
from confman.ui.dashboard.ops import CheckinStats, GroupCount
from confman.ui.dashboard.projector import ProjectorView
from confman.ui.page import Page

POLL_MS = 5_000
#: What the projector shows without an event: zeros, not a loading message that never ends
EMPTY_STATS = CheckinStats(expected=0, checked_in=0, by_category=(), by_organization_type=(), arrivals=(),
                           vips_missing=(), vips_expected=0)
#: VIPs listed by name; the rest are counted
VIP_ROWS = 200
ORG_TYPE_COLORS = {
    "ministry": "#1F4E79", "province": "#2E7D32", "provincial_department": "#558B2F", "press": "#E65100",
    "broadcaster": "#AD1457", "foreign": "#6A1B9A", "other": "#607D8B",
}


def _panel(title: QLabel, *widgets: QWidget, stretch_last: bool = False) -> QFrame:
    frame = QFrame()
    frame.setObjectName("dashPanel")
    frame.setStyleSheet("#dashPanel { background:#ffffff; border:1px solid #dde3e8; border-radius:10px; }")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(16, 12, 16, 12)
    title.setStyleSheet("font-size:15px; font-weight:700; color:#263238;")
    layout.addWidget(title)
    for i, w in enumerate(widgets):
        layout.addWidget(w, 1 if stretch_last and i == len(widgets) - 1 else 0)
    if not stretch_last:
        layout.addStretch(1)
    return frame


def _now_in(zone: str) -> datetime:
    try:
        return datetime.now(ZoneInfo(zone))
    except Exception:  # an unknown zone name: the laptop's clock
        return datetime.now()


class DashboardPage(Page):
    nav_key = "nav.dashboard"

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.stats: CheckinStats | None = None
        self.updated_at: datetime | None = None
        self._token: tuple[int, int] | None = None
        self._dirty = False
        self.loading = False

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setStyleSheet("font-size:22px; font-weight:700;")
        self.event_name = QLabel()
        self.event_name.setStyleSheet("font-size:14px; color:#546e7a;")
        self.event_name.setWordWrap(True)
        self.updated = QLabel()
        self.updated.setStyleSheet("color:#78909c;")
        self.projector_button = QPushButton()
        self.projector_button.setObjectName("projectorButton")
        self.projector_button.clicked.connect(self.toggle_projector)
        self.projector: ProjectorView | None = None
        self.projector_shortcut = QShortcut(QKeySequence(Qt.Key.Key_F11), self)
        self.projector_shortcut.activated.connect(self.toggle_projector)

        self.total_title = QLabel()
        self.total = QLabel("0")
        self.total.setObjectName("dashTotal")
        self.total.setStyleSheet("font-size:56px; font-weight:800; color:#1b2a33;")
        self.total_sub = QLabel()
        self.total_sub.setStyleSheet("font-size:15px; color:#455a64;")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(14)
        self.progress.setStyleSheet("QProgressBar { background:#e3e8ec; border:none; border-radius:7px; }"
                                    "QProgressBar::chunk { background:#1E7B34; border-radius:7px; }")
        self.categories = BarList()
        self.org_types = BarList()
        self.chart = ArrivalsChart()
        self.vips = QListWidget()
        self.vips.setObjectName("vipList")
        self.vips.setWordWrap(True)
        self.vips.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.vips.setStyleSheet("QListWidget { border:none; font-size:14px; } QListWidget::item { padding:4px; }")
        self.vips.itemActivated.connect(self._vip_activated)
        self.cat_title, self.type_title, self.chart_title, self.vip_title = QLabel(), QLabel(), QLabel(), QLabel()

        total_box = QWidget()
        tb = QVBoxLayout(total_box)
        tb.setContentsMargins(0, 0, 0, 0)
        tb.addWidget(self.total)
        tb.addWidget(self.total_sub)
        tb.addWidget(self.progress)

        grid = QGridLayout()
        grid.setSpacing(12)
        grid.addWidget(_panel(self.total_title, total_box), 0, 0)
        grid.addWidget(_panel(self.chart_title, self.chart, stretch_last=True), 0, 1, 1, 2)
        grid.addWidget(_panel(self.cat_title, self.categories), 1, 0)
        grid.addWidget(_panel(self.type_title, self.org_types), 1, 1)
        grid.addWidget(_panel(self.vip_title, self.vips, stretch_last=True), 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)

        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.event_name)
        header.addLayout(titles, 1)
        header.addWidget(self.updated, 0, Qt.AlignmentFlag.AlignBottom)
        header.addWidget(self.projector_button, 0, Qt.AlignmentFlag.AlignBottom)
        root = QVBoxLayout(self)
        root.addLayout(header)
        root.addLayout(grid, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        ctx.event_changed.connect(lambda _e: self.refresh(force=True))
        ctx.data_changed.connect(self._data_changed)
        self.retranslate()
        self.refresh(force=True)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.timer.start()
        if self._dirty:
            self._dirty = False
            self.refresh(force=True)

    def hideEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if self.projector is None:  # the hall's screen keeps following the arrivals
            self.timer.stop()
        super().hideEvent(event)

    # projector ----------------------------------------------------------------------------
    def toggle_projector(self) -> None:
        """Full screen figures for the hall (on the second screen when there is one); F11/Esc leaves."""
        if self.projector is not None:
            self.projector.close()
            return
        view = ProjectorView(self)
        view.setWindowTitle(t("desk.projector", self.ctx.language))
        screens = QGuiApplication.screens()
        here = self.screen()
        other = next((s for s in screens if s is not here), None)
        if other is not None:
            view.setScreen(other)
            view.move(other.geometry().topLeft())
        view.left.connect(self._projector_left)
        self.projector = view
        self._render()
        view.showFullScreen()
        view.activateWindow()
        self.timer.start()

    def _projector_left(self) -> None:
        view, self.projector = self.projector, None
        if view is not None:
            view.deleteLater()
        if not self.isVisible():
            self.timer.stop()

    def activated(self) -> None:
        self.refresh(force=True)

    @property
    def data_shown(self) -> bool:
        return self.ctx.event is None or self.stats is not None

    def _data_changed(self, changes: Any) -> None:
        if changes.touches("checkins") or changes.touches("delegates"):
            if self.isVisible() or self.projector is not None:
                self.refresh(force=True)
            else:
                self._dirty = True

    def poll(self) -> None:
        self.refresh(force=False)

    def refresh(self, *, force: bool = True) -> None:
        """Read the figures (a poll skips the full read when no scan happened since the last one)."""
        event = self.ctx.event
        if event is None:
            self.stats = None
            self.loading = False
            self._render()
            return
        if not force and self.loading:
            return
        known = None if force else self._token
        if self.stats is None:
            self.loading = True
            self._render()

        def done(loaded: tuple[tuple[int, int], CheckinStats | None]) -> None:
            self._token, stats = loaded
            if stats is not None:
                self.stats = stats
                self.updated_at = _now_in(event.timezone)
                self._render()

        self.ctx.ops.read(self, lambda db: ops.figures(db, event.id, known)).latest("figures").done(done) \
            .always(self._loaded).failed(self._away).run()

    def _loaded(self) -> None:
        self.loading = False

    @staticmethod
    def _away(exc: BaseException) -> bool:
        """The server is away: keep the last figures (the check-in desk says why)."""
        return isinstance(exc, DomainError) and exc.code == "db.unreachable"

    def _vip_activated(self, item: QListWidgetItem) -> None:
        delegate_id = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(delegate_id, int):
            self.ctx.actions.show_delegate(delegate_id)

    def retranslate(self) -> None:
        lang = self.ctx.language
        self.title.setText(t("dashboard.title", lang))
        self.total_title.setText(t("dashboard.total", lang))
        self.cat_title.setText(t("dashboard.by_category", lang))
        self.type_title.setText(t("dashboard.by_org_type", lang))
        self.chart_title.setText(t("dashboard.arrivals", lang))
        self.projector_button.setText(t("desk.projector", lang))
        self.projector_button.setToolTip(t("desk.projector.tip", lang))
        self._render()

    def _render(self) -> None:
        lang = self.ctx.language
        event = self.ctx.event
        self.event_name.setText(event.name(lang) if event else t("dashboard.no_event", lang))
        stats = self.stats
        if self.projector is not None:
            event_name = event.name(lang) if event else t("dashboard.no_event", lang)
            if stats is None and self.loading:
                self.projector.show_loading(lang, event_name)
            elif stats is None or event is None:
                self.projector.show_figures(EMPTY_STATS, lang, event_name, None)
            else:
                self.projector.show_figures(stats, lang, event_name, self.updated_at)
        if stats is None or event is None:
            self.total.setText("…" if self.loading else "0")
            self.total_sub.setText(t("dashboard.loading", lang) if self.loading else "")
            self.categories.set_rows([])
            self.org_types.set_rows([])
            self.chart.set_buckets((), t("dashboard.arrivals.empty", lang))
            self.vips.clear()
            self.vip_title.setText(t("dashboard.vips", lang, missing="…", expected="…") if self.loading
                                   else t("dashboard.vips", lang, missing=0, expected=0))
            return
        self.total.setText(str(stats.checked_in))
        percent = round(100 * stats.checked_in / stats.expected) if stats.expected else 0
        self.total_sub.setText(f"{t('dashboard.of_expected', lang, expected=stats.expected)} · "
                               f"{t('dashboard.percent', lang, percent=percent)}")
        self.progress.setRange(0, max(stats.expected, 1))
        self.progress.setValue(stats.checked_in)
        self.categories.set_rows([(c.label(lang), c.color, c.checked_in, c.expected) for c in stats.by_category])
        self.org_types.set_rows([self._type_row(g, lang) for g in stats.by_organization_type])
        self.chart.set_buckets(stats.arrivals, t("dashboard.arrivals.empty", lang))
        self.vip_title.setText(t("dashboard.vips", lang, missing=len(stats.vips_missing), expected=stats.vips_expected))
        self.vips.clear()
        if not stats.vips_missing:
            QListWidgetItem(t("dashboard.vips.none", lang), self.vips)
        for person in stats.vips_missing[:VIP_ROWS]:
            line = f"{person.honorific} {person.full_name}".strip()
            detail = " — ".join(p for p in (person.position, person.organization) if p)
            # items are created with the list as parent: addItem() per row leaked refs to None in PySide 6.12
            item = QListWidgetItem(f"{line}\n{detail}" if detail else line, self.vips)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
        if len(stats.vips_missing) > VIP_ROWS:
            QListWidgetItem(t("dashboard.vips.more", lang, count=len(stats.vips_missing) - VIP_ROWS), self.vips)
        if self.updated_at is not None:
            self.updated.setText(t("dashboard.updated", lang, time=self.updated_at.strftime("%H:%M:%S")))

    @staticmethod
    def _type_row(group: GroupCount, lang: str) -> tuple[str, str, int, int]:
        return (t(f"dashboard.orgtype.{group.key}", lang), ORG_TYPE_COLORS.get(group.key, "#607D8B"),
                group.checked_in, group.expected)
