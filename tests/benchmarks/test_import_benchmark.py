"""Dry run + import of a 10,000-row .xlsx with duplicates, against the bare python-calamine read.

Run with ``pytest -m benchmark tests/benchmarks/test_import_benchmark.py -s``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from confman.core.demo import FAMILY, GIVEN_F, GIVEN_M, MIDDLE_F, MIDDLE_M
from confman.core.events.service import create_event
from confman.core.registration.importing import parse_file
from confman.core.registration.importing.apply import apply_plan, backup_to
from confman.core.registration.importing.plan import build_plan
from confman.core.registration.service import count_delegates

MIDDLE = MIDDLE_M + MIDDLE_F  # names shared with the demo conference
GIVEN = GIVEN_M + GIVEN_F

ROWS = 10_000
POSITIONS = ["Thứ trưởng", "Vụ trưởng", "Phó Vụ trưởng", "Giám đốc Sở", "Phó Giám đốc", "Chuyên viên", "Phóng viên"]
ORGS = [f"Sở Thông tin và Truyền thông tỉnh {i}" for i in range(63)] + [
    f"Cục {i} - Bộ Thông tin và Truyền thông" for i in range(40)
]
SURE_EVERY = 20  # one row in 20 repeats an earlier delegate with the same phone


def write_list(path: Path, rows: int = ROWS, seed: int = 11) -> None:
    rng = random.Random(seed)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    ws.append(["BỘ THÔNG TIN VÀ TRUYỀN THÔNG"])
    ws.append(["DANH SÁCH ĐẠI BIỂU THAM DỰ HỘI NGHỊ"])
    ws.append([])
    ws.append(["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Điện thoại", "Email", "Ghi chú"])
    written: list[list[object]] = []
    for stt in range(1, rows + 1):
        if written and stt % SURE_EVERY == 0:
            earlier = rng.choice(written)
            row = [stt, earlier[1].upper(), "", earlier[3], earlier[4], "", "Gửi lại"]  # same person, new case
        else:
            name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            phone = f"09{rng.randrange(10**8):08d}"
            email = f"user{stt}@mic.gov.vn" if stt % 4 else ""
            row = [stt, name, rng.choice(POSITIONS), rng.choice(ORGS), phone, email, "" if stt % 7 else "Ăn chay"]
            written.append(row)
        ws.append(row)
    ws.append(["", f"Tổng cộng: {rows} đại biểu"])
    ws.append(["", "Người lập biểu", "", "KT. BỘ TRƯỞNG"])
    wb.save(path)


def bare_read(path: Path) -> list[list[object]]:
    with path.open("rb") as fh:
        wb = python_calamine.CalamineWorkbook.from_filelike(fh)
        return [row for name in wb.sheet_names for row in wb.get_sheet_by_name(name).to_python()]


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


@pytest.mark.benchmark
def test_dry_run_and_import_10k_rows(db, tmp_path: Path, record_property: Callable[[str, object], None]) -> None:
    path = tmp_path / "delegates_10k.xlsx"
    write_list(path)
    best = {"bare": float("inf"), "parse": float("inf"), "plan": float("inf"), "apply": float("inf")}
    for run in range(3):
        event = create_event(db, code=f"B{run}", name_vi="Hội nghị", start_date=date(2026, 12, 1),
                             end_date=date(2026, 12, 2))  # fmt: skip
        bare, _ = timed(lambda: bare_read(path))
        parse, sheets = timed(lambda: parse_file(path))
        plan_s, plan = timed(lambda ev=event, sh=sheets: build_plan(db, ev.id, sh))
        apply_s, result = timed(lambda ev=event, pl=plan: apply_plan(db, pl, event_id=ev.id,
                                                                     backup=backup_to(tmp_path / "backups")))
        for key, value in (("bare", bare), ("parse", parse), ("plan", plan_s), ("apply", apply_s)):
            best[key] = min(best[key], value)
        assert plan.rows_read == ROWS
        assert plan.merged >= ROWS // SURE_EVERY - 5  # the repeats (a few repeat a repeated person)
        assert result.imported + result.merged == ROWS
        assert count_delegates(db, event.id) == result.imported
    total = best["parse"] + best["plan"] + best["apply"]
    ratio = total / best["bare"]
    for key, value in best.items():
        record_property(f"{key}_ms", round(value * 1000, 1))
    record_property("ratio", round(ratio, 2))
    print(
        f"\n10,000 rows ({plan.merged} sure duplicates, {plan.possible} possible): bare calamine "
        f"{best['bare'] * 1000:.0f} ms; parse {best['parse'] * 1000:.0f} ms + dry run {best['plan'] * 1000:.0f} ms"
        f" + import {best['apply'] * 1000:.0f} ms = {total * 1000:.0f} ms; ratio {ratio:.1f}x"
    )
    assert total < 5.0
