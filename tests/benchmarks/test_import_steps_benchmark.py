"""The import wizard's step after a mapping change, on a 20,000-row list a web system exported as
.xls (an HTML page, 10 MB), against parsing the cells already in memory.

The wizard keeps the cells of the files it read (``SheetCache``): changing a column mapping and
going on to the dry run parses those again with the new mapping and never re-reads the page
(reading it alone takes 8-10× the parse). confman's side is ``parse_file`` with the wizard's
cache and another mapping each round, as the dry run step calls it; the floor is ``parse_rows``
on the same cells with the same mapping, which any re-mapping must do. What is left is the cost
of checking that the file is unchanged (two ``stat`` calls) and of picking the sheet.

Target: ≤ 1.25× the floor. Run with ``pytest -m benchmark tests/benchmarks/test_import_steps_benchmark.py``.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from confman.core.registration.importing import list_sheets, parse_file, parse_rows
from confman.core.registration.importing.sheet_cache import SheetCache
from tests.benchmarks import data
from tests.benchmarks.harness import compare
from tests.benchmarks.test_web_tables_benchmark import excel_page

pytestmark = pytest.mark.benchmark
ROWS = 20_000
MAPPINGS = (  # the organiser's edits, in turn: the position ignored, then the unit taken as notes
    {"stt": 0, "full_name": 1, "organization": 3, "phone": 4, "email": 5, "notes": 6},
    {"stt": 0, "full_name": 1, "position": 2, "notes": 3, "phone": 4, "email": 5},
)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("steps") / "danh_sach.xls"
    path.write_text(excel_page(data.sheet_rows(data.people(ROWS))), encoding="utf-8")
    return path


def test_a_mapping_change_costs_a_parse_not_a_read(page: Path) -> None:
    cache = SheetCache()
    (info,) = list_sheets(page, cache=cache)  # the sheets step: the one read of the session
    (cells,) = cache.sheets(page, [info.name])
    ours_mappings, floor_mappings = itertools.cycle(MAPPINGS), itertools.cycle(MAPPINGS)

    def ours() -> None:
        (parsed,) = parse_file(page, sheet=info.name, mapping=next(ours_mappings), cache=cache)
        assert parsed.rows_read == ROWS

    def floor() -> None:
        parsed = parse_rows(cells.rows, file=str(page), sheet=cells.name, mapping=next(floor_mappings),
                            merged=cells.merged)
        assert parsed.rows_read == ROWS

    figure = compare(f"import wizard: a mapping change on a {ROWS:,}-row web page saved as .xls "
                     f"({page.stat().st_size / 2**20:.1f} MB)", ours, floor, rounds=6, unit="s", max_ratio=1.25,
                     collect=True, note="floor: parse_rows on the cells already read")
    assert cache.reads == 1  # every round parsed the cells kept by the sheets step
    figure.check()
