"""A table as data: what the .xlsx writer (and tests) get from every tabular report."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet: a name (≤ 31 characters), header labels, rows, column widths in characters.

    ``notes`` are lines printed above the table (title, event, as-of time, filter).
    """

    name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str | int | float | None, ...], ...]
    widths: tuple[float, ...] = ()
    notes: tuple[str, ...] = field(default=())
