"""The first rows of a sheet as text, for the mapping preview (legacy encodings converted)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .layout import cell_text
from .legacy import convert_columns
from .sheet_cache import SheetCache, file_sheets


@dataclass(frozen=True, slots=True)
class SheetPreview:
    """``rows[0]`` is Excel row ``first_row`` (the header row when one was found)."""

    first_row: int
    rows: list[list[str]]
    columns: int


def sheet_preview(
    path: Path, sheet: str, *, header_row: int | None, limit: int = 8, cache: SheetCache | None = None
) -> SheetPreview:
    """Up to ``limit`` rows from the header row (1-based; the first row when ``None``); through
    ``cache`` when given (the cells the parse read)."""
    (data,) = file_sheets(Path(path), [sheet], cache)
    rows = [list(r) for r in data.rows]
    convert_columns(rows, data.fonts)
    start = max(0, (header_row or 1) - 1)
    texts = [[cell_text(v) if v is not None else "" for v in row] for row in rows[start : start + limit]]
    width = max((len(r) for r in texts), default=0)
    while width and all(len(r) < width or not r[width - 1] for r in texts):
        width -= 1  # drop empty trailing columns
    return SheetPreview(start + 1, [(r + [""] * width)[:width] for r in texts], width)
