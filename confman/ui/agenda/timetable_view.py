"""The timetable grid: time down, rooms across, items as blocks.

Drag a block to move it (room and time), drag its bottom edge to resize it; both snap to
5 minutes. The view only proposes changes (signals); the page writes them and reloads.
Conflicting blocks get a red border and a warning icon.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QApplication, QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsView, QWidget

from confman.i18n import t
from confman.ui.agenda.ops import AgendaItemRow, RoomRow
from confman.ui.agenda.timetable_block import BlockItem
from confman.ui.agenda.timetable_layout import SNAP, item_lanes, minutes_of, snap, time_of

HEADER_H = 40.0
TOP_PAD = 12.0
TIME_W = 58.0
COL_W = 230.0
PX_PER_MIN = 2.0
EDGE = 7.0  # px of the bottom edge that resizes


class TimetableView(QGraphicsView):
    """One day of the agenda; emits what the user asked for, never writes itself."""

    move_requested = Signal(int, object, object)  # item id, room id | None, new start (time)
    resize_requested = Signal(int, object)  # item id, new end (time)
    edit_requested = Signal(int)
    create_requested = Signal(object, object)  # room id | None, start (time)
    item_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaTimetable")
        self.scene_ = QGraphicsScene(self)
        self.setScene(self.scene_)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setMouseTracking(True)
        self.setBackgroundBrush(QBrush(QColor("#FFFFFF")))
        self.lang = "vi"
        self.day: date | None = None
        self.rooms: list[RoomRow] = []
        self.columns: list[int | None] = []
        self.blocks: dict[int, BlockItem] = {}
        self.first_minute = 7 * 60
        self.last_minute = 18 * 60
        self._drag: dict | None = None

    # layout ---------------------------------------------------------------
    def y_of(self, minutes: float) -> float:
        return HEADER_H + TOP_PAD + (minutes - self.first_minute) * PX_PER_MIN

    def minutes_at(self, y: float) -> float:
        return self.first_minute + (y - HEADER_H - TOP_PAD) / PX_PER_MIN

    def x_of(self, column: int) -> float:
        return TIME_W + column * COL_W

    def column_at(self, x: float) -> int:
        return max(0, min(len(self.columns) - 1, int((x - TIME_W) // COL_W)))

    def set_day(self, day: date | None, items: Sequence[AgendaItemRow], rooms: Sequence[RoomRow],
                conflicts: dict[int, list[str]], lang: str) -> None:
        """Redraw for ``day``; keeps the selection and the scroll position."""
        selected = self.selected_id()
        hbar, vbar = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        self.lang = lang
        self.day = day
        self.rooms = list(rooms)
        day_items = [i for i in items if i.day == day]
        self.columns = [r.id for r in self.rooms]
        if any(i.room_id is None for i in day_items) or not self.columns:
            self.columns.append(None)
        starts = [minutes_of(i.start) for i in day_items] + [7 * 60]
        ends = [max(minutes_of(i.end), minutes_of(i.start) + 15) for i in day_items] + [18 * 60]
        self.first_minute = max(0, min(starts) // 60 * 60)
        self.last_minute = min(24 * 60, -(-max(ends) // 60) * 60 + 60)
        self.scene_.clear()
        self.blocks = {}
        self._draw_grid()
        lanes = item_lanes(day_items)
        for item in day_items:
            column = self.columns.index(item.room_id) if item.room_id in self.columns else len(self.columns) - 1
            lane, lane_count = lanes[item.id]
            block = BlockItem(item, self._block_rect(column, minutes_of(item.start), minutes_of(item.end),
                                                     lane, lane_count),
                              lang=lang, conflicts=conflicts.get(item.id, ()))
            self.scene_.addItem(block)
            self.blocks[item.id] = block
        width = self.x_of(len(self.columns)) + 1
        self.scene_.setSceneRect(0, 0, width, self.y_of(self.last_minute) + 10)
        if selected in self.blocks:
            self.blocks[selected].setSelected(True)
        self.horizontalScrollBar().setValue(hbar)
        self.verticalScrollBar().setValue(vbar)

    def _block_rect(self, column: int, start: int, end: int, lane: int = 0, lanes: int = 1) -> QRectF:
        top = self.y_of(start)
        height = max(self.y_of(max(end, start + SNAP)) - top, SNAP * PX_PER_MIN)
        width = COL_W / lanes
        return QRectF(self.x_of(column) + lane * width, top, width, height)

    def _draw_grid(self) -> None:
        scene = self.scene_
        width = self.x_of(len(self.columns))
        hour_pen = QPen(QColor("#CFD8DC"), 1)
        half_pen = QPen(QColor("#ECEFF1"), 1, Qt.PenStyle.DashLine)
        label_font = QFont()
        label_font.setPointSizeF(8.5)
        for minute in range(self.first_minute, self.last_minute + 1, 30):
            y = self.y_of(minute)
            scene.addLine(TIME_W - 6 if minute % 60 == 0 else TIME_W, y, width, y,
                          hour_pen if minute % 60 == 0 else half_pen)
            if minute % 60 == 0 and minute < self.last_minute:
                label = QGraphicsSimpleTextItem(f"{minute // 60:02d}:00")
                label.setFont(label_font)
                label.setBrush(QColor("#546E7A"))
                label.setPos(8, y - 7)
                scene.addItem(label)
        for column in range(len(self.columns) + 1):
            x = self.x_of(column)
            scene.addLine(x, HEADER_H, x, self.y_of(self.last_minute), QPen(QColor("#CFD8DC"), 1))

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        """Room names stay at the top of the view while the day scrolls."""
        top = self.mapToScene(0, 0).y()
        painter.save()
        painter.fillRect(QRectF(rect.left(), top, rect.width(), HEADER_H - 4), QColor("#FFFFFF"))
        font = QFont(painter.font())
        font.setBold(True)
        font.setPointSizeF(9.5)
        painter.setFont(font)
        for column, room_id in enumerate(self.columns):
            x = self.x_of(column)
            band = QRectF(x, top, COL_W, HEADER_H - 4)
            painter.fillRect(band, QColor("#E6EAF0"))
            painter.setPen(QPen(QColor("#CFD8DC"), 1))
            painter.drawLine(band.bottomLeft(), band.bottomRight())
            room = next((r for r in self.rooms if r.id == room_id), None)
            name = room.label(self.lang) if room else t("agenda.ui.no_room", self.lang)
            if room and room.capacity:
                name += f"  ({room.capacity})"
            painter.setPen(QColor("#1F3A5F"))
            painter.drawText(band.adjusted(8, 0, -6, 0), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, int(COL_W - 14)))
        painter.restore()

    # selection ------------------------------------------------------------
    def selected_id(self) -> int | None:
        for block in self.blocks.values():
            if block.isSelected():
                return block.item_id
        return None

    def select_item(self, item_id: int) -> bool:
        block = self.blocks.get(item_id)
        if block is None:
            return False
        self.scene_.clearSelection()
        block.setSelected(True)
        self.ensureVisible(block, 20, 40)
        self.centerOn(block)
        return True

    def block_center(self, item_id: int) -> QPointF:
        """Viewport coordinates of a block's centre (tests drive the mouse with it)."""
        return QPointF(self.mapFromScene(self.blocks[item_id].sceneBoundingRect().center()))

    def point_for(self, room_id: int | None, start: time, *, offset_min: float = 0) -> QPointF:
        """Viewport coordinates of a room column at a time."""
        column = self.columns.index(room_id)
        scene = QPointF(self.x_of(column) + COL_W / 2, self.y_of(minutes_of(start) + offset_min))
        return QPointF(self.mapFromScene(scene))

    # mouse ----------------------------------------------------------------
    def _block_at(self, pos: QPointF | QPoint) -> BlockItem | None:
        point = pos.toPoint() if isinstance(pos, QPointF) else pos
        for item in self.items(point):
            if isinstance(item, BlockItem):
                return item
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        block = self._block_at(event.position())
        if event.button() != Qt.MouseButton.LeftButton or block is None:
            if block is None:
                self.scene_.clearSelection()
            super().mousePressEvent(event)
            return
        scene_pos = self.mapToScene(event.position().toPoint())
        rect = block.sceneBoundingRect()
        mode = "resize" if rect.bottom() - scene_pos.y() <= EDGE else "move"
        self.scene_.clearSelection()
        block.setSelected(True)
        self._drag = {
            "block": block, "mode": mode, "press": event.position(), "scene_press": scene_pos,
            "origin": block.rect(), "moved": False,
            "offset_min": (scene_pos.y() - rect.top()) / PX_PER_MIN,
        }
        block.setZValue(5)
        self.item_selected.emit(block.item_id)
        event.accept()

    def _target(self, scene_pos: QPointF, drag: dict) -> tuple[int, int, int]:
        """(column, start, end) in minutes for a drag."""
        row: AgendaItemRow = drag["block"].row
        start, end = minutes_of(row.start), minutes_of(row.end)
        if drag["mode"] == "resize":
            new_end = max(start + SNAP, snap(self.minutes_at(scene_pos.y())))
            return (self.columns.index(row.room_id) if row.room_id in self.columns else len(self.columns) - 1,
                    start, min(new_end, 24 * 60 - 1))
        duration = end - start
        new_start = snap(self.minutes_at(scene_pos.y()) - drag["offset_min"])
        new_start = max(0, min(new_start, 24 * 60 - 1 - duration))
        return self.column_at(scene_pos.x()), new_start, new_start + duration

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        drag = self._drag
        if drag is None:
            block = self._block_at(event.position())
            near_edge = block is not None and (
                block.sceneBoundingRect().bottom() - self.mapToScene(event.position().toPoint()).y() <= EDGE)
            self.viewport().setCursor(Qt.CursorShape.SizeVerCursor if near_edge else Qt.CursorShape.ArrowCursor)
            super().mouseMoveEvent(event)
            return
        if not drag["moved"] and (event.position() - drag["press"]).manhattanLength() < \
                QApplication.startDragDistance():
            return
        drag["moved"] = True
        column, start, end = self._target(self.mapToScene(event.position().toPoint()), drag)
        block: BlockItem = drag["block"]
        block.setRect(self._block_rect(column, start, end))
        block.preview_text = f"{time_of(start):%H:%M} – {time_of(end):%H:%M}"
        block.update()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        if drag is None:
            super().mouseReleaseEvent(event)
            return
        block: BlockItem = drag["block"]
        block.setZValue(2)
        block.preview_text = ""
        if not drag["moved"]:
            event.accept()
            return
        column, start, end = self._target(self.mapToScene(event.position().toPoint()), drag)
        row = block.row
        # The block stays where it was dropped; the page redraws from the database once written
        # (or snaps it back when the write is refused).
        if drag["mode"] == "resize" and end != minutes_of(row.end):
            self.resize_requested.emit(row.id, time_of(end))
        elif drag["mode"] == "move" and (start != minutes_of(row.start) or self.columns[column] != row.room_id):
            self.move_requested.emit(row.id, self.columns[column], time_of(start))
        elif block.scene() is not None:
            block.setRect(drag["origin"])
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        block = self._block_at(event.position())
        if block is not None:
            self.edit_requested.emit(block.item_id)
        elif self.columns:
            scene_pos = self.mapToScene(event.position().toPoint())
            if scene_pos.x() >= TIME_W and scene_pos.y() >= HEADER_H:
                start = snap(self.minutes_at(scene_pos.y()) - 15)
                self.create_requested.emit(self.columns[self.column_at(scene_pos.x())], time_of(start))
        event.accept()
