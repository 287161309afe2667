"""When each paper of a session starts: the session's start plus the planned durations before it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time


def paper_starts(start: time, minutes: Sequence[int]) -> list[time]:
    """The start of each paper given in order with its planned minutes; capped at 23:59."""
    out: list[time] = []
    clock = start.hour * 60 + start.minute
    for planned in minutes:
        moment = min(clock, 24 * 60 - 1)
        out.append(time(moment // 60, moment % 60))
        clock += max(0, planned)
    return out


__all__ = ["paper_starts"]
