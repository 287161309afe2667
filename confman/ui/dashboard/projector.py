"""The dashboard on the hall's projector: full screen, figures readable from the back row.

Arrived / expected, the percentage and a thick bar, arrivals by category, and arrivals per 10
minutes — the same ``CheckinStats`` the dashboard shows, pushed here each time it renders, so it
follows every check-in live. Sizes follow the screen's height. Esc or F11 leaves.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QVBoxLayout, QWidget

from confman.i18n import t
from confman.ui.dashboard.charts import ArrivalsChart, BarList
from confman.ui.dashboard.ops import CheckinStats

BACKGROUND = "#0f1b24"
TEXT = "#f5f7f8"
MUTED = "#9fb3c1"
ACCENT = "#4caf50"
TRACK = "#26384a"


class ElidedLabel(QLabel):
    """One line; a text too long for the width ends in "…" (``full_text`` keeps the whole)."""

    def __init__(self) -> None:
        super().__init__()
        self.full_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self.full_text = text
        self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.ensurePolished()
        self.setText(self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideRight, max(40, self.width())))


class ProjectorView(QWidget):
    """A window of its own (put on the projector's screen); ``left`` when Esc or F11 closes it."""

    left = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("projectorView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(f"#projectorView {{ background:{BACKGROUND}; }} QLabel {{ color:{TEXT}; }}")
        self.event_name = ElidedLabel()
        self.event_name.setObjectName("projectorEvent")
        self.clock = QLabel()
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.arrived = QLabel()
        self.arrived.setObjectName("projectorArrived")
        self.arrived.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self.arrived_caption = QLabel()
        self.expected = QLabel()
        self.expected.setObjectName("projectorExpected")
        self.percent = QLabel()
        self.percent.setObjectName("projectorPercent")
        self.percent.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.categories_title = QLabel()
        self.categories = BarList(font_px=26, bar_px=22, text_color=TEXT, track_color=TRACK)
        self.chart_title = QLabel()
        self.chart = ArrivalsChart(font_px=22, dark=True)
        self.hint = QLabel()
        self.hint.setObjectName("projectorHint")
        self.hint.setStyleSheet(f"color:{MUTED};")

        header = QHBoxLayout()
        header.setSpacing(24)
        header.addWidget(self.event_name, 1)
        header.addWidget(self.clock, 0, Qt.AlignmentFlag.AlignTop)
        left = QVBoxLayout()
        left.setSpacing(6)
        left.addStretch(1)
        left.addWidget(self.arrived)
        left.addWidget(self.arrived_caption)
        left.addWidget(self.expected)
        left.addSpacing(12)
        left.addWidget(self.percent)
        left.addWidget(self.bar)
        left.addStretch(1)
        left.addWidget(self.hint)
        right = QVBoxLayout()
        right.setSpacing(10)
        right.addWidget(self.categories_title)
        right.addWidget(self.categories)
        right.addSpacing(16)
        right.addWidget(self.chart_title)
        right.addWidget(self.chart, 1)
        body = QHBoxLayout()
        body.setSpacing(56)
        body.addLayout(left, 1)
        body.addLayout(right, 1)
        self.root = QVBoxLayout(self)
        self.root.addLayout(header)
        self.root.addLayout(body, 1)
        self.chart.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.loading = True
        self._scale(768)

    # sizes follow the screen -------------------------------------------------------------
    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._scale(self.height())

    def _scale(self, height: int) -> None:
        screen = self.screen()
        if screen is not None:  # never larger than the screen: bigger text must not grow the window
            height = min(height, screen.geometry().height())
        unit = max(height, 480) / 768  # 1.0 on a 768-pixel-high screen

        def px(size: float, weight: int = 400, color: str = TEXT) -> str:
            return f"font-size:{round(size * unit)}px; font-weight:{weight}; color:{color};"

        self.event_name.setStyleSheet(px(30, 700))
        self.clock.setStyleSheet(px(30, 600, MUTED))
        self.arrived.setStyleSheet(px(56, 600, MUTED) if self.loading else px(170, 800))
        self.arrived_caption.setStyleSheet(px(34, 700))
        self.expected.setStyleSheet(px(30, 400, MUTED))
        self.percent.setStyleSheet(px(96, 800, ACCENT))
        for title in (self.categories_title, self.chart_title):
            title.setStyleSheet(px(28, 700, MUTED))
        self.hint.setStyleSheet(px(15, 400, MUTED))
        self.root.setContentsMargins(round(48 * unit), round(24 * unit), round(48 * unit), round(16 * unit))
        self.root.setSpacing(round(12 * unit))
        self.bar.setFixedHeight(round(34 * unit))
        self.bar.setStyleSheet(f"QProgressBar {{ background:{TRACK}; border:none; border-radius:{round(17 * unit)}px; }}"
                               f"QProgressBar::chunk {{ background:{ACCENT}; border-radius:{round(17 * unit)}px; }}")
        self.categories.set_sizes(round(26 * unit), round(22 * unit))
        self.chart.set_font_px(round(22 * unit))
        self.chart.setMinimumHeight(round(150 * unit))

    # content -----------------------------------------------------------------------------
    def show_loading(self, lang: str, event_name: str) -> None:
        """Before the first figures: say so, never a "0" that reads as "nobody came"."""
        self._titles(lang, event_name)
        self.loading = True
        self._scale(self.height())
        self.arrived.setText(t("dashboard.loading", lang))
        for label in (self.arrived_caption, self.expected, self.percent):
            label.setText("")
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.categories.set_rows([])
        self.chart.set_buckets((), "")

    def show_figures(self, stats: CheckinStats, lang: str, event_name: str, updated: datetime | None) -> None:
        self._titles(lang, event_name)
        self.loading = False
        self._scale(self.height())
        self.arrived.setText(f"{stats.checked_in:,}".replace(",", "."))
        self.arrived_caption.setText(t("desk.projector.arrived", lang))
        self.expected.setText(t("desk.projector.of_expected", lang, expected=f"{stats.expected:,}".replace(",", ".")))
        percent = round(100 * stats.checked_in / stats.expected) if stats.expected else 0
        self.percent.setText(t("dashboard.percent", lang, percent=percent))
        self.bar.setRange(0, max(stats.expected, 1))
        self.bar.setValue(stats.checked_in)
        self.categories.set_rows([(c.label(lang), c.color, c.checked_in, c.expected) for c in stats.by_category])
        self.chart.set_buckets(stats.arrivals, t("dashboard.arrivals.empty", lang))
        self.clock.setText(t("dashboard.updated", lang, time=updated.strftime("%H:%M")) if updated else "")

    def _titles(self, lang: str, event_name: str) -> None:
        self.event_name.set_full_text(event_name)
        self.categories_title.setText(t("dashboard.by_category", lang))
        self.chart_title.setText(t("dashboard.arrivals", lang))
        self.hint.setText(t("desk.projector.exit", lang))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_F11):
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().closeEvent(event)
        self.left.emit()

