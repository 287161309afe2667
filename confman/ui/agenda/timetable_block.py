"""One agenda item on the timetable: a block coloured by kind, with its time, title and people,
outlined in red with a warning icon when it conflicts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsRectItem,
    QStyle,
    QStyleOptionGraphicsItem,
    QWidget,
)

from confman.core.enums import AgendaKind
from confman.ui.agenda.ops import AgendaItemRow

#: (fill, accent) per kind: pale fills that print and read well, a stronger stripe on the left.
KIND_COLOURS: dict[AgendaKind, tuple[str, str]] = {
    AgendaKind.REGISTRATION: ("#ECEFF1", "#607D8B"),
    AgendaKind.CEREMONY: ("#FBE9E7", "#BF360C"),
    AgendaKind.PLENARY: ("#E3F2FD", "#1565C0"),
    AgendaKind.PANEL: ("#E8F5E9", "#2E7D32"),
    AgendaKind.REPORT: ("#E8EAF6", "#283593"),
    AgendaKind.PRESENTATION: ("#E0F2F1", "#00695C"),
    AgendaKind.DISCUSSION: ("#FFF8E1", "#F9A825"),
    AgendaKind.BREAK: ("#F5F5F5", "#9E9E9E"),
    AgendaKind.LUNCH: ("#F5F5F5", "#9E9E9E"),
    AgendaKind.WORKSHOP: ("#F3E5F5", "#6A1B9A"),
    AgendaKind.CLOSING: ("#E3F2FD", "#0D47A1"),
}
CONFLICT_RED = QColor("#C62828")


class BlockItem(QGraphicsRectItem):
    """One agenda item drawn as a block; knows its row and whether it conflicts."""

    def __init__(self, row: AgendaItemRow, rect: QRectF, *, lang: str, conflicts: Sequence[str] = ()) -> None:
        super().__init__(rect)
        self.row = row
        self.lang = lang
        self.conflicts = tuple(conflicts)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setAcceptHoverEvents(True)
        self.setZValue(2)
        self.preview_text = ""
        tip = [f"{row.start:%H:%M}–{row.end:%H:%M}  {row.title(lang)}"]
        people = [p.display for p in (*row.chairs, *row.speakers)]
        if people:
            tip.append("; ".join(people))
        tip += [f"⚠ {c}" for c in self.conflicts]
        self.setToolTip("\n".join(tip))

    @property
    def item_id(self) -> int:
        return self.row.id

    @property
    def conflicting(self) -> bool:
        return bool(self.conflicts)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        rect = self.rect().adjusted(2, 1, -2, -1)
        fill, accent = KIND_COLOURS.get(self.row.kind, ("#FFFFFF", "#757575"))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor(fill))
        if self.conflicting:
            pen = QPen(CONFLICT_RED, 2.5)
        elif self.isSelected():
            pen = QPen(QColor("#1F3A5F"), 2.2)
        else:
            pen = QPen(QColor("#B0BEC5"), 1)
        painter.setPen(pen)
        painter.drawRoundedRect(rect, 4, 4)
        if self.conflicting and self.isSelected():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor("#1F3A5F"), 1.2, Qt.PenStyle.DashLine))
            painter.drawRoundedRect(rect.adjusted(3, 3, -3, -3), 3, 3)
            painter.setBrush(QColor(fill))
        painter.fillRect(QRectF(rect.left() + 1, rect.top() + 1, 4, rect.height() - 2), QColor(accent))
        text_rect = rect.adjusted(9, 3, -6, -3)
        if self.conflicting:
            icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            icon.paint(painter, int(rect.right() - 20), int(rect.top() + 3), 16, 16)
            text_rect.setRight(text_rect.right() - 18)
        painter.setPen(QColor("#263238"))
        small = QFont(painter.font())
        small.setPointSizeF(8)
        small.setBold(True)
        body = QFont(painter.font())
        body.setPointSizeF(9)
        body.setBold(False)
        header = self.preview_text or f"{self.row.start:%H:%M} – {self.row.end:%H:%M}"
        title = self.row.title(self.lang)
        if text_rect.height() < 30:  # a short item: time and title on one line
            painter.setFont(small)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, header)
            used = painter.fontMetrics().horizontalAdvance(header + "  ")
            painter.setFont(body)
            rest = text_rect.adjusted(used, 0, 0, 0)
            elided = painter.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, int(rest.width()))
            painter.drawText(rest, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
            return
        painter.setFont(small)
        header = painter.fontMetrics().elidedText(header, Qt.TextElideMode.ElideRight, int(text_rect.width()))
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, header)
        painter.setFont(body)
        title_rect = text_rect.adjusted(0, 14, 0, 0)
        people = [p.full_name for p in (*self.row.chairs, *self.row.speakers)]
        text = title + ("\n" + ", ".join(people) if people else "")
        lines = int(title_rect.height() // painter.fontMetrics().lineSpacing())
        if lines <= 1:
            elided = painter.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, int(title_rect.width()))
            painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, elided)
            return
        title_rect.setHeight(lines * painter.fontMetrics().lineSpacing())
        painter.save()
        painter.setClipRect(title_rect)  # whole lines only
        painter.drawText(title_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                                         | Qt.TextFlag.TextWordWrap), text)
        painter.restore()
