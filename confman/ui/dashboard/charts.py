"""The dashboard's drawings, shared with the projector view: label · bar · figure rows, and arrivals
per 10 minutes painted with QPainter (no QtCharts). Sizes and colours are parameters, so the same
widgets serve a laptop panel and a hall's projector."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QSizePolicy, QWidget


class BarList(QWidget):
    """Label · bar · figure rows; replaced whole on each refresh."""

    def __init__(self, parent: QWidget | None = None, *, font_px: int = 14, bar_px: int = 12,
                 text_color: str = "#37474f", track_color: str = "#e3e8ec") -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 4, 0, 0)
        self.grid.setVerticalSpacing(max(6, font_px // 4))
        self.grid.setHorizontalSpacing(max(6, font_px // 2))
        self.grid.setColumnStretch(1, 1)
        self._widgets: list[QWidget] = []
        self.font_px, self.bar_px = font_px, bar_px
        self.text_color, self.track_color = text_color, track_color
        self.rows: list[tuple[str, str, int, int]] = []

    def set_sizes(self, font_px: int, bar_px: int) -> None:
        """New text and bar sizes (the projector follows its screen); the rows are redrawn."""
        if (font_px, bar_px) != (self.font_px, self.bar_px):
            self.font_px, self.bar_px = font_px, bar_px
            self.grid.setHorizontalSpacing(max(6, font_px // 2))
            self.grid.setVerticalSpacing(max(6, font_px // 4))
            self.set_rows(self.rows)

    def set_rows(self, rows: list[tuple[str, str, int, int]]) -> None:
        """``rows``: (label, colour, checked in, expected)."""
        self.rows = list(rows)
        radius = self.bar_px // 2
        for w in self._widgets:
            self.grid.removeWidget(w)
            w.hide()
            w.deleteLater()
        self._widgets = []
        for r, (label, color, done, expected) in enumerate(rows):
            name = QLabel(label)
            name.setStyleSheet(f"font-size:{self.font_px}px; color:{self.text_color};")
            bar = QProgressBar()
            bar.setRange(0, max(expected, 1))
            bar.setValue(done)
            bar.setTextVisible(False)
            bar.setFixedHeight(self.bar_px)
            bar.setMinimumWidth(60)
            bar.setStyleSheet(f"QProgressBar {{ background:{self.track_color}; border:none; border-radius:{radius}px; }}"
                              f"QProgressBar::chunk {{ background:{color}; border-radius:{radius}px; }}")
            figure = QLabel(f"{done} / {expected}")
            figure.setStyleSheet(f"font-size:{self.font_px}px; color:{self.text_color};")
            figure.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.grid.addWidget(name, r, 0)
            self.grid.addWidget(bar, r, 1)
            self.grid.addWidget(figure, r, 2)
            self._widgets += [name, bar, figure]


class ArrivalsChart(QWidget):
    """Columns of arrivals per 10-minute slot, painted with QPainter (no QtCharts)."""

    def __init__(self, parent: QWidget | None = None, *, font_px: int = 12, dark: bool = False) -> None:
        super().__init__(parent)
        self.buckets: tuple[tuple[datetime, int], ...] = ()
        self.empty_text = ""
        self.font_px = font_px
        self.colors = {"bar": "#7fb3e0" if dark else "#1F4E79", "grid": "#26384a" if dark else "#eceff1",
                       "axis": "#9fb3c1" if dark else "#90a4ae", "figure": "#f5f7f8" if dark else "#263238"}
        self.setMinimumHeight(130)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_font_px(self, font_px: int) -> None:
        self.font_px = font_px
        self.update()

    def set_buckets(self, buckets: tuple[tuple[datetime, int], ...], empty_text: str) -> None:
        self.buckets = buckets[-36:]  # the last 6 hours at most
        self.empty_text = empty_text
        self.update()

    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fp = self.font_px
        rect = QRectF(self.rect()).adjusted(fp * 3.6, fp, -fp, -fp * 2.8)
        font = QFont(self.font())
        font.setPixelSize(fp)
        painter.setFont(font)
        axis = QColor(self.colors["axis"])
        grid, bar, figure = QColor(self.colors["grid"]), QColor(self.colors["bar"]), QColor(self.colors["figure"])
        if not self.buckets:
            painter.setPen(axis)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        peak = max(n for _, n in self.buckets) or 1
        step = max(1, _nice_step(peak))
        top = ((peak + step - 1) // step) * step
        for value in range(0, top + 1, step):
            y = rect.bottom() - rect.height() * value / top
            painter.setPen(QPen(grid, 1))
            painter.drawLine(rect.left(), y, rect.right(), y)
            painter.setPen(axis)
            painter.drawText(QRectF(0, y - fp, rect.left() - fp / 2, fp * 2),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(value))
        count = len(self.buckets)
        slot = rect.width() / count
        bar_w = max(2.0, slot * 0.72)
        label_every = max(1, int(fp * 4.5 // slot) + 1)
        for i, (start, n) in enumerate(self.buckets):
            h = rect.height() * n / top
            x = rect.left() + i * slot + (slot - bar_w) / 2
            painter.fillRect(QRectF(x, rect.bottom() - h, bar_w, h), bar)
            if n and slot >= fp * 1.8:
                painter.setPen(figure)
                painter.drawText(QRectF(x - fp, rect.bottom() - h - fp * 1.4, bar_w + 2 * fp, fp * 1.2),
                                 Qt.AlignmentFlag.AlignCenter, str(n))
            if i % label_every == 0:
                painter.setPen(axis)
                painter.drawText(QRectF(rect.left() + i * slot - fp, rect.bottom() + fp / 2, fp * 5, fp * 1.4),
                                 Qt.AlignmentFlag.AlignLeft, start.strftime("%H:%M"))
        painter.setPen(QPen(axis, 1))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
        painter.end()


def _nice_step(peak: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500):
        if peak / step <= 5:
            return step
    return 1000
