"""Programme tables as organisers write them in Word, for the agenda-import tests (CLI, core and window).

A header row, day and session headings merged across the table, several people per cell typed as one
paragraph each (Enter), a letterhead above the table and the organisers' signature line below it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

HEADER = ("Thời gian", "Nội dung", "Chủ trì / Thực hiện", "Địa điểm")


def write_programme_docx(path: Path, rows: Sequence[tuple[str, ...]], header: Sequence[str] = HEADER, *,
                         above: Sequence[str] = ("BỘ THÔNG TIN VÀ TRUYỀN THÔNG",
                                                 "CHƯƠNG TRÌNH HỘI NGHỊ TỔNG KẾT CÔNG TÁC THÔNG TIN ĐỐI NGOẠI"),
                         below: Sequence[str] = ("BAN TỔ CHỨC",)) -> Path:
    """Write ``rows`` — (time, content, people, room) tuples, shorter ones leaving the last cells empty, a
    1-tuple a heading merged across the table — under ``header`` to ``path``; ``\\n`` in a cell starts a
    new paragraph."""
    from docx import Document

    document = Document()
    for line in above:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=len(header))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for values in rows:
        cells = table.add_row().cells
        if len(values) == 1:  # a day or session heading merged across the table
            cells[0].merge(cells[-1]).text = values[0]
            continue
        for cell, text in zip(cells, values, strict=False):
            first, *more = text.split("\n")
            cell.text = first
            for line in more:
                cell.add_paragraph(line)
    for line in below:
        document.add_paragraph(line)
    document.save(path)
    return path
