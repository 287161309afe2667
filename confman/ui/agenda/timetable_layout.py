"""The timetable's arithmetic, free of Qt: minutes ↔ wall-clock time, 5-minute snapping, and the
lanes that put overlapping items of one room side by side."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time

from confman.ui.agenda.ops import AgendaItemRow

#: Moves and resizes snap to this many minutes.
SNAP = 5


def minutes_of(value: time) -> int:
    """Minutes since midnight."""
    return value.hour * 60 + value.minute


def time_of(minutes: int) -> time:
    """The time ``minutes`` after midnight, kept within the day."""
    minutes = max(0, min(24 * 60 - 1, minutes))
    return time(minutes // 60, minutes % 60)


def snap(minutes: float) -> int:
    """``minutes`` rounded to the 5-minute grid."""
    return int(round(minutes / SNAP) * SNAP)


def item_lanes(items: Sequence[AgendaItemRow]) -> dict[int, tuple[int, int]]:
    """(lane, lanes in its cluster) per item: overlapping items of one room sit side by side."""
    result: dict[int, tuple[int, int]] = {}
    by_room: dict[int | None, list[AgendaItemRow]] = {}
    for item in items:
        by_room.setdefault(item.room_id, []).append(item)
    for room_items in by_room.values():
        room_items.sort(key=lambda i: (i.start, i.end, i.id))
        clusters: list[list[AgendaItemRow]] = []
        cluster_end: time | None = None
        for item in room_items:
            if cluster_end is None or item.start >= cluster_end:
                clusters.append([])
                cluster_end = item.end
            clusters[-1].append(item)
            cluster_end = max(cluster_end, item.end)
        for cluster in clusters:
            lane_ends: list[time] = []
            lane_of: dict[int, int] = {}
            for item in cluster:
                lane = next((n for n, end in enumerate(lane_ends) if end <= item.start), len(lane_ends))
                if lane == len(lane_ends):
                    lane_ends.append(item.end)
                lane_ends[lane] = item.end
                lane_of[item.id] = lane
            for item_id, lane in lane_of.items():
                result[item_id] = (lane, len(lane_ends))
    return result
