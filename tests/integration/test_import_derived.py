"""An import stores each delegate's derived columns exactly as the ORM hook computes them.

The bulk writer assembles name parts, the folded name, the sort key and the search columns from
pieces memoised per distinct value; these tests load every imported delegate and compare its
stored columns with what ``Delegate.refresh_derived`` (the hook any other write goes through)
computes from the same fields.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from confman.core.registration.importing import parse_file
from confman.core.registration.importing.apply import apply_plan
from confman.core.registration.importing.plan import build_plan
from confman.core.registration.models import Delegate
from tests.benchmarks import data

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
DERIVED = ("family_name", "middle_name", "given_name", "foreign_name", "name_folded", "sort_key", "search_text",
           "search_contact", "search_marks")
#: A file with separate name columns (Họ | Tên) gives the parts itself; the hook would split the full name.
FROM_PARTS = ("family_name", "middle_name", "given_name", "sort_key")


def _import(db, event_id: int, *paths: Path) -> int:
    plan = build_plan(db, event_id, [s for p in paths for s in parse_file(p)])
    return apply_plan(db, plan, event_id=event_id).imported


def _mismatches(db, event_id: int, columns: tuple[str, ...] = DERIVED) -> list[tuple[str, str, object, object]]:
    """(name, column, stored, recomputed) for every derived column the import stored differently."""
    found = []
    with db.session() as session:
        for delegate in session.scalars(
            select(Delegate).where(Delegate.event_id == event_id).options(selectinload(Delegate.organization))
        ):
            stored = {name: getattr(delegate, name) for name in columns}
            delegate.refresh_derived()
            found += [(delegate.full_name, name, stored[name], getattr(delegate, name))
                      for name in columns if getattr(delegate, name) != stored[name]]
        session.rollback()
    return found


def test_a_realistic_list_is_stored_as_the_orm_would(db, make_event, tmp_path: Path) -> None:
    event = make_event()
    path = data.write_xlsx(tmp_path / "list.xlsx", data.people(1500))
    assert _import(db, event.id, path) > 1400
    assert _mismatches(db, event.id) == []


@pytest.mark.parametrize("name", ["asean_guests.xlsx", "hostile.xlsx", "ministry_list.xlsx", "province_split.xlsx",
                                  "tcvn3_legacy.xlsx", "guests_cp1258.csv", "press_guests.ods"])
def test_every_fixture_is_stored_as_the_orm_would(db, make_event, name: str) -> None:
    event = make_event()
    assert _import(db, event.id, FIXTURES / name) > 0
    split_columns = name == "province_split.xlsx"
    columns = tuple(c for c in DERIVED if not (split_columns and c in FROM_PARTS))
    assert _mismatches(db, event.id, columns) == []
