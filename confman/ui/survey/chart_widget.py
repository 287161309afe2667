"""A horizontal bar chart of one question, painted with QPainter (the same bars as the printed report)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from confman.ui.survey.ops import Bar, percent_text

BAR = QColor("#1F3A5F")
TRACK = QColor("#EEF1F5")
TEXT = QColor("#1A1A1A")
MUTED = QColor("#5A6470")
ROW_H = 28


class BarChart(QWidget):
    """Title, a summary line and one bar per option / value / bin; ``bars`` is what is painted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.summary = ""
        self.bars: list[Bar] = []
        self.lang = "vi"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_chart(self, title: str, summary: str, bars: list[Bar], lang: str) -> None:
        self.title, self.summary, self.bars, self.lang = title, summary, list(bars), lang
        self.setFixedHeight(64 + ROW_H * max(len(self.bars), 1))
        self.setToolTip("\n".join(f"{b.label}: {b.count}" for b in self.bars))
        self.update()

    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = self.width()
        bold = QFont(self.font())
        bold.setBold(True)
        bold.setPixelSize(14)
        painter.setFont(bold)
        painter.setPen(TEXT)
        metrics = QFontMetrics(bold)
        painter.drawText(QRectF(8, 4, width - 16, 22), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(self.title, Qt.TextElideMode.ElideRight, width - 16))
        small = QFont(self.font())
        small.setPixelSize(12)
        painter.setFont(small)
        painter.setPen(MUTED)
        painter.drawText(QRectF(8, 26, width - 16, 18), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self.summary)
        label_w = int(width * 0.32)
        value_w = 92
        x0 = label_w + 16
        plot_w = max(width - x0 - value_w - 8, 20)
        peak = max((b.count for b in self.bars), default=0) or 1
        normal = QFont(self.font())
        normal.setPixelSize(13)
        label_metrics = QFontMetrics(normal)
        for i, bar in enumerate(self.bars):
            top = 52 + i * ROW_H
            mid = top + ROW_H / 2
            painter.setFont(normal)
            painter.setPen(TEXT)
            painter.drawText(QRectF(8, top, label_w, ROW_H), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             label_metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_w))
            painter.fillRect(QRectF(x0, mid - 9, plot_w, 18), TRACK)
            if bar.count:
                painter.fillRect(QRectF(x0, mid - 9, plot_w * bar.count / peak, 18), BAR)
            painter.setFont(bold)
            painter.drawText(QRectF(x0 + plot_w + 8, top, value_w, ROW_H),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             f"{bar.count} ({percent_text(bar.share, self.lang)})")
        painter.end()
