"""The template editor's canvas: the rendered badge with its elements outlined; click selects an
element, drag moves it (snapped to 0.5 mm). The canvas only proposes moves (signals)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from confman.ui.badges.ops import BadgeTemplate, Element

#: Drag snapping (millimetres).
SNAP_MM = 0.5


def element_used(element: Element, has_photo: bool) -> bool:
    """Whether ``element`` is part of the layout of a badge with (or without) a photo."""
    if element.when_photo == "with":
        return has_photo
    if element.when_photo == "without":
        return not has_photo
    return True


def snap_mm(value: float) -> float:
    """``value`` on the 0.5-mm grid."""
    return round(round(value / SNAP_MM) * SNAP_MM, 2)


class BadgeCanvas(QWidget):
    """The rendered badge with element outlines; click selects, drag moves (snapped to 0.5 mm)."""

    element_selected = Signal(int)
    element_moved = Signal(int, float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("badgeCanvas")
        self.image: QImage | None = None
        self.template: BadgeTemplate | None = None
        self.selected = -1
        self.with_photo = False  # the layout previewed: a badge with a photo, or without
        self._drag: tuple[int, QPointF, float, float] | None = None
        self._drag_pos: tuple[float, float] | None = None
        self.setMouseTracking(False)
        self.setMinimumSize(280, 280)

    def set_content(self, template: BadgeTemplate, image: QImage | None) -> None:
        """Show ``template``'s outlines over ``image`` (``None`` keeps the last image)."""
        self.template = template
        if image is not None:
            self.image = image
        self.update()

    @property
    def scale(self) -> float:
        """Screen pixels per millimetre: the badge fits the widget."""
        if self.template is None:
            return 4.0
        fit = min((self.width() - 20) / self.template.badge_width_mm, (self.height() - 20) / self.template.badge_height_mm)
        return max(2.0, min(14.0, fit))

    def origin(self) -> QPointF:
        if self.template is None:
            return QPointF(10, 10)
        width = self.template.badge_width_mm * self.scale
        height = self.template.badge_height_mm * self.scale
        return QPointF(max(10.0, (self.width() - width) / 2), max(10.0, (self.height() - height) / 2))

    def element_rect(self, index: int) -> QRectF:
        assert self.template is not None
        element = self.template.elements[index]
        x, y = element.x_mm, element.y_mm
        if self._drag_pos is not None and self._drag is not None and self._drag[0] == index:
            x, y = self._drag_pos
        o, scale = self.origin(), self.scale
        return QRectF(o.x() + x * scale, o.y() + y * scale, max(element.w_mm, 0.6) * scale,
                      max(element.h_mm, 0.6) * scale)

    def element_at(self, point: QPointF) -> int:
        if self.template is None:
            return -1
        for index in reversed(range(len(self.template.elements))):
            if not element_used(self.template.elements[index], self.with_photo):
                continue
            if self.element_rect(index).adjusted(-2, -2, 2, 2).contains(point):
                return index
        return -1

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.fillRect(self.rect(), QColor("#8a8f96"))
        if self.template is None:
            return
        o = self.origin()
        target = QRectF(o.x(), o.y(), self.template.badge_width_mm * self.scale,
                        self.template.badge_height_mm * self.scale)
        if self.image is not None:
            painter.drawImage(target, self.image)
        else:
            painter.fillRect(target, QColor("white"))
        for index in range(len(self.template.elements)):
            chosen = index == self.selected
            if not chosen and not element_used(self.template.elements[index], self.with_photo):
                continue  # part of the other layout
            pen = QPen(QColor("#E53935") if chosen else QColor(30, 120, 220, 120))
            pen.setWidthF(2.0 if chosen else 1.0)
            pen.setStyle(Qt.PenStyle.SolidLine if chosen else Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRect(self.element_rect(index))
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        index = self.element_at(event.position())
        self.selected = index
        self.element_selected.emit(index)
        if index >= 0 and self.template is not None:
            element = self.template.elements[index]
            self._drag = (index, event.position(), element.x_mm, element.y_mm)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._drag is None or self.template is None:
            return
        index, start, x0, y0 = self._drag
        element = self.template.elements[index]
        delta = event.position() - start
        x = snap_mm(x0 + delta.x() / self.scale)
        y = snap_mm(y0 + delta.y() / self.scale)
        x = min(max(0.0, x), self.template.badge_width_mm - element.w_mm)
        y = min(max(0.0, y), self.template.badge_height_mm - element.h_mm)
        self._drag_pos = (x, y)
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        drag, position = self._drag, self._drag_pos
        self._drag = None
        self._drag_pos = None
        if drag is not None and position is not None and position != (drag[2], drag[3]):
            self.element_moved.emit(drag[0], position[0], position[1])
        self.update()
