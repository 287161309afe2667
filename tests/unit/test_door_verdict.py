"""The door's verdict rules: one table, the same verdicts in Python (offline desk) and in SQL (online door)."""

from __future__ import annotations

import itertools

from sqlalchemy import Boolean, Integer, create_engine, literal, select

from confman.core.checkin.door import _params, verdict_sql
from confman.core.checkin.verdict import DoorRow, door_facts, door_verdict

STATUSES = ("valid", "bad_signature", "wrong_event", "malformed")


def _row(version: int, cancelled: bool, deleted: bool, merged: bool, admitted: bool) -> DoorRow:
    return DoorRow(delegate_id=7, badge_version=version, cancelled=cancelled, deleted=deleted,
                   merged_into_id=8 if merged else None, generation=1, oks=2 if admitted else 1,
                   last_ok_at=None, last_ok_station=None, card=None)


def test_python_and_sql_give_the_same_verdict_for_every_combination_of_facts():
    engine = create_engine("sqlite://")
    p = _params()
    seen: set[str] = set()
    with engine.connect() as conn:
        for status, present, current, cancelled, deleted, merged, admitted, item_found in itertools.product(
            STATUSES, (True, False), (1, 2, 3), *([(False, True)] * 5),
        ):
            row = _row(current, cancelled, deleted, merged, admitted) if present else None
            expected = door_verdict(door_facts(status, 2, row, item_found=item_found), status)
            f = select(
                literal(7 if present else None, Integer).label("delegate_id"),
                literal(current if present else None, Integer).label("badge_version"),
                literal(cancelled if present else None, Boolean).label("cancelled"),
                literal(deleted if present else False, Boolean).label("deleted"),
                literal(8 if present and merged else None, Integer).label("merged_into_id"),
                literal(1, Integer).label("generation"),
                literal(2 if admitted else 1, Integer).label("oks"),
                literal(item_found, Boolean).label("item_found"),
            ).subquery()
            got = conn.scalar(select(verdict_sql(f.c, p)), {"code_status": status, "version": 2})
            assert got == expected, (status, present, current, cancelled, deleted, merged, admitted, item_found)
            seen.add(expected)
    assert seen == {"ok", "duplicate", "replaced", "cancelled", "unknown", "bad_signature", "wrong_event",
                    "malformed", "survivor", "item_missing"}


def test_precedence_reads_as_the_door_does():
    fresh = _row(1, cancelled=False, deleted=False, merged=False, admitted=False)
    assert door_verdict(door_facts("valid", 1, fresh), "valid") == "ok"
    assert door_verdict(door_facts("valid", 1, _row(1, False, False, False, True)), "valid") == "duplicate"
    # cancelled beats replaced and duplicate; an unknown version beats cancelled
    assert door_verdict(door_facts("valid", 1, _row(2, True, False, False, True)), "valid") == "cancelled"
    assert door_verdict(door_facts("valid", 3, _row(2, True, False, False, False)), "valid") == "unknown"
    assert door_verdict(door_facts("valid", 1, _row(2, False, False, False, False)), "valid") == "replaced"
    # a merged record's current badge belongs to the survivor; its old badge is simply cancelled
    assert door_verdict(door_facts("valid", 2, _row(2, False, True, True, False)), "valid") == "survivor"
    assert door_verdict(door_facts("valid", 1, _row(2, False, True, True, False)), "valid") == "cancelled"
    assert door_verdict(door_facts("bad_signature", 1, fresh), "bad_signature") == "bad_signature"
    assert door_verdict(door_facts("valid", 1, None), "valid") == "unknown"
    assert door_verdict(door_facts("valid", 1, fresh, item_found=False), "valid") == "item_missing"
