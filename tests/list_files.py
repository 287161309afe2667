"""Small delegate lists as a unit sends them: one numbered sheet with the usual Vietnamese headers."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HEADERS = ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Điện thoại", "Email"]


def write_list(path: Path, rows: list[list[object]]) -> Path:
    """``rows`` (name, position, unit, phone, e-mail) under ``HEADERS``, numbered from 1, saved as ``path``."""
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for number, row in enumerate(rows, start=1):
        ws.append([number, *row])
    wb.save(path)
    return path
