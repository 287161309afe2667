"""Importing a realistic delegate list, against reading it and inserting its rows bare.

The list (``data.people``): three-part names, about 5 % of rows repeating an earlier person,
phones in every format, e-mails, about a hundred units. confman's side is the whole import as
the CLI runs it: parse (header detection, cleaning, phone and e-mail rules), dry run
(duplicates against the event and earlier rows), then apply (one backup, bulk inserts of
organizations, delegates and audit rows, one transaction). The floor is the least any import
must do: python-calamine reading the workbook and one ``executemany`` inserting the same rows
(the delegate rows exactly as confman stores them, prepared beforehand) into the same
``delegates`` table with ``sqlite3``. Both sides start from a copy of the same empty database
every round, interleaved.

Targets: ≤ 2× the floor at 10,000 rows, and linear: from 10,000 to 50,000 rows the import grows
no faster than the floor does and at most 6× (interleaved too). Also the parse alone against the
bare read.
Run with ``pytest -m benchmark tests/benchmarks/test_import_benchmark.py``.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import python_calamine

from tests.benchmarks import data
from tests.benchmarks.harness import compare, figure_from_samples, interleaved

pytestmark = pytest.mark.benchmark

def bare_read(path: Path) -> list[list[Any]]:
    with path.open("rb") as fh:
        workbook = python_calamine.CalamineWorkbook.from_filelike(fh)
        return [row for name in workbook.sheet_names for row in workbook.get_sheet_by_name(name).to_python()]


def stored_rows(database: Path) -> tuple[str, list[tuple[Any, ...]]]:
    """The INSERT statement and the delegate rows of ``database`` (an import's result), as stored."""
    with sqlite3.connect(database) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(delegates)") if r[1] != "id"]
        rows = conn.execute(f"SELECT {', '.join(columns)} FROM delegates ORDER BY id").fetchall()
    return f"INSERT INTO delegates ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows


def bare_import(xlsx: Path, database: Path, insert: tuple[str, list[tuple[Any, ...]]]) -> int:
    """The floor: read the workbook, insert the rows in one executemany, commit."""
    bare_read(xlsx)
    sql, rows = insert
    with sqlite3.connect(database) as conn:
        conn.executemany(sql, rows)
    return len(rows)


@pytest.fixture(scope="module")
def empty_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with one event: copied fresh for every run of either side."""
    from confman.core.db.setup import open_database
    from confman.core.events.service import create_event

    folder = tmp_path_factory.mktemp("import")
    path = folder / "empty.sqlite3"
    db = open_database(f"sqlite:///{path}", backups_folder=folder / "backups", create=True)
    create_event(db, code="IMPORT", name_vi="Hội nghị tổng kết", start_date=date(2026, 12, 10),
                 end_date=date(2026, 12, 11))
    db.dispose()
    return path


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("lists")
    return {n: data.write_xlsx(folder / f"list_{n}.xlsx", data.people(n)) for n in (10_000, 50_000)}


class Runs:
    """Fresh copies of the empty database for each run (made outside the timed calls), and what
    confman's import reported."""

    def __init__(self, empty: Path, folder: Path, copies: int) -> None:
        self.folder = folder
        self.files = []
        for number in range(copies):
            target = folder / f"run{number}.sqlite3"
            shutil.copyfile(empty, target)
            self.files.append(target)
        self.used: list[Path] = []
        self.results: list[Any] = []

    def take(self) -> Path:
        path = self.files.pop(0)
        self.used.append(path)
        return path

    def confman(self, xlsx: Path) -> Callable[[], None]:
        from confman.core.db.engine import Database
        from confman.core.registration.importing import parse_file
        from confman.core.registration.importing.apply import apply_plan, backup_to
        from confman.core.registration.importing.plan import build_plan

        def run() -> None:
            db = Database.open(f"sqlite:///{self.take()}")
            try:
                plan = build_plan(db, 1, parse_file(xlsx))
                result = apply_plan(db, plan, event_id=1, backup=backup_to(self.folder / "backups"))
                self.results.append((plan, result, self.used[-1]))
            finally:
                db.dispose()

        return run

    def floor(self, xlsx: Path) -> Callable[[], None]:
        """The floor for ``xlsx``: its rows as one confman import stored them (prepared now, untimed)."""
        self.confman(xlsx)()
        insert = stored_rows(self.used[-1])
        return lambda: bare_import(xlsx, self.take(), insert)


def test_import_10000_rows_near_the_floor(empty_database: Path, lists: dict[int, Path], tmp_path: Path) -> None:
    runs = Runs(empty_database, tmp_path, copies=2 * 6 + 1)
    figure = compare("import 10,000-row xlsx (5 % duplicates), in-process", runs.confman(lists[10_000]),
                     runs.floor(lists[10_000]), rounds=5, unit="s", max_ratio=2.0, collect=True,
                     note="floor: calamine read + bare executemany insert of the same rows")
    plan, result, database = runs.results[-1]
    assert plan.rows_read == 10_000 and not plan.rejected
    assert 400 <= plan.merged <= 600  # the ~5 % repeats, merged into the first row of each person
    assert 150 <= plan.possible <= 450  # same name in the same unit by chance, as in real lists
    assert result.imported + result.merged == 10_000
    with sqlite3.connect(database) as conn:
        stored = conn.execute("SELECT count(*), count(DISTINCT organization_id), sum(search_contact <> '') "
                              "FROM delegates").fetchone()
        audited = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'import'").fetchone()[0]
    assert stored[0] == result.imported and stored[1] > 80 and stored[2] > 0.9 * stored[0]
    assert audited == result.imported + 1  # one row per delegate and one for the import
    figure.check()


def test_import_is_linear_to_50000_rows(empty_database: Path, lists: dict[int, Path], tmp_path: Path) -> None:
    """Growth from 10,000 to 50,000 rows, per round: confman's import against the floor's own growth
    (SQLite's index maintenance grows faster than the rows), and at most 6× for 5× the rows."""
    runs = Runs(empty_database, tmp_path, copies=2 + 4 * 3)
    floor_small, floor_large = runs.floor(lists[10_000]), runs.floor(lists[50_000])
    ours_small, ours_large = runs.confman(lists[10_000]), runs.confman(lists[50_000])
    growth: list[float] = []
    floor_growth: list[float] = []
    for _ in range(3):
        small, large = interleaved(ours_small, ours_large, rounds=1, warmup=0, collect=True)
        bare_small, bare_large = interleaved(floor_small, floor_large, rounds=1, warmup=0, collect=True)
        growth.append(large[0] / small[0])
        floor_growth.append(bare_large[0] / bare_small[0])
    assert runs.results[-1][1].imported + runs.results[-1][1].merged == 50_000
    figure = figure_from_samples("import growth 10,000 → 50,000 rows (5× the rows)", growth, floor_growth,
                                 unit="×", max_ratio=1.0, max_value=6.0, paired=True,
                                 note="floor: the growth of the bare read + insert")
    figure.check()


def test_parse_10000_rows_against_the_bare_read(lists: dict[int, Path]) -> None:
    from confman.core.registration.importing import parse_file

    path = lists[10_000]
    (sheet,) = parse_file(path)
    assert sheet.rows_read == 10_000 and len(sheet.rows) == 10_000
    assert sheet.skipped == 4  # the total line, the date line and the signature block
    figure = compare("parse 10,000-row xlsx (cleaning, phones, e-mails)", lambda: parse_file(path),
                     lambda: bare_read(path), rounds=7, unit="ms", max_ratio=4.0,
                     note="floor: the bare python-calamine read")
    figure.check()
