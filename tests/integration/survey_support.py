"""Shared set-up of the survey tests: 60 units of known types, and filling forms as a unit would."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from confman.core.enums import OrganizationType as T

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "survey"
PROVINCES = ("Hà Nội", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Quảng Ninh", "Thừa Thiên Huế", "Khánh Hòa", "Lào Cai",
             "Điện Biên", "Nghệ An", "Đắk Lắk", "An Giang", "Lạng Sơn", "Quảng Nam", "Bình Định", "Kiên Giang",
             "Hà Giang", "Cà Mau")
MINISTRIES = ("Bộ Ngoại giao", "Bộ Công Thương", "Bộ Văn hóa, Thể thao và Du lịch", "Bộ Kế hoạch và Đầu tư",
              "Bộ Tài chính", "Bộ Giáo dục và Đào tạo", "Bộ Nội vụ", "Bộ Quốc phòng", "Bộ Công an",
              "Bộ Y tế", "Bộ Tư pháp", "Bộ Xây dựng")
PRESS = ("Báo Nhân Dân", "Báo Quân đội nhân dân", "Báo Thế giới và Việt Nam", "Thông tấn xã Việt Nam",
         "Tạp chí Cộng sản", "Báo Tuổi Trẻ")
BROADCASTERS = ("Đài Truyền hình Việt Nam", "Đài Tiếng nói Việt Nam", "Đài Phát thanh và Truyền hình Hà Nội",
                "Đài Phát thanh - Truyền hình Đà Nẵng")
FOREIGN = ("Đại sứ quán Lào", "Đại sứ quán Campuchia")


def sixty_units() -> list[tuple[str, T]]:
    """60 unit names with the type each really is (as the test knows it, not as the app guesses)."""
    units = [(m, T.MINISTRY) for m in MINISTRIES]
    units += [(f"UBND tỉnh {p}", T.PROVINCE) for p in PROVINCES]
    units += [(f"Sở Thông tin và Truyền thông {p}", T.PROVINCIAL_DEPARTMENT) for p in PROVINCES]
    units += [(n, T.PRESS) for n in PRESS] + [(n, T.BROADCASTER) for n in BROADCASTERS]
    units += [(n, T.FOREIGN) for n in FOREIGN]
    assert len(units) == 60
    return units


def make_units(event_id: int, make_delegate: Any) -> dict[str, T]:
    for i, (name, _kind) in enumerate(sixty_units()):
        make_delegate(event_id, f"Nguyễn Văn {chr(65 + i % 26)}{i}", organization=name, phone=f"09120000{i:02d}")
    return dict(sixty_units())


def _list_values(wb: Any, formula: str) -> list[Any]:
    """The values a list validation offers: an inline list or a range on the hidden sheet."""
    if formula.startswith('"'):
        return [v for v in formula.strip('"').split(",")]
    match = re.match(r"'?([^'!]+)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", formula)
    assert match, formula
    sheet, col, first, _col2, last = match.groups()
    return [wb[sheet][f"{col}{r}"].value for r in range(int(first), int(last) + 1)]


def fill_form(path: Path, rng: random.Random, *, blank: float = 0.0) -> dict[str, Any]:
    """Answer every question of a form through its own validation rules, as a unit would in Excel.

    Returns what was entered, by answer cell: list picks, ticks, numbers and texts.
    """
    wb = load_workbook(path)
    ws = next(s for s in wb.worksheets if s.sheet_state == "visible")
    entered: dict[str, Any] = {}
    for dv in ws.data_validations.dataValidation:
        for ref in str(dv.sqref).split():
            if rng.random() < blank:
                continue
            if dv.type == "list":
                values = _list_values(wb, dv.formula1)
                if values == ["x"]:
                    value = "x" if rng.random() < 0.5 else None
                else:
                    value = rng.choice(values)
                    value = int(value) if isinstance(value, str) and value.isdigit() else value
            elif dv.type == "decimal":
                value = rng.choice([0, 3, 12, 12, 25, 40, 75, 120, 7.5])
            elif dv.type == "textLength":
                value = rng.choice(["Thiếu kinh phí", "Thiếu nhân lực có ngoại ngữ", "Cần tập huấn thêm",
                                    "Đề nghị tăng cường phối hợp\nvới các cơ quan báo chí"])
            else:
                raise AssertionError(dv.type)
            if value is not None:
                ws[ref] = value
                entered[ref] = value
    wb.save(path)
    return entered
