"""Several desks, one truth: concurrent processes scanning against one PostgreSQL server."""

from __future__ import annotations

import multiprocessing as mp
import time
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from confman.core.badges.codes import make_code
from confman.core.checkin.models import CheckIn
from confman.core.events.service import event_secret
from confman.core.registration.models import Delegate

pytestmark = pytest.mark.postgres

PROCESSES = 4
PER_PROCESS = 2_000


def _desk(url: str, event_id: int, station: str, codes: list[str], barrier: Any, out: Any) -> None:
    """One desk: open the shared database and scan every code as fast as it can."""
    from confman.core.checkin.service import perform_checkin
    from confman.core.db.engine import Database

    db = Database.open(url)
    results: Counter[str] = Counter()
    errors: list[str] = []
    barrier.wait()
    for code in codes:
        try:
            results[perform_checkin(db, event_id=event_id, code=code, station=station).result] += 1
        except Exception as exc:  # any error fails the test, reported by the parent
            errors.append(repr(exc))
    db.dispose()
    out.put((station, dict(results), errors[:5], len(errors)))


def _seed(db: Any, event_id: int, count: int) -> list[str]:
    with db.session() as session:
        session.execute(insert(Delegate), [
            {"event_id": event_id, "full_name": f"Đại biểu {i}", "name_folded": f"dai bieu {i}",
             "sort_key": f"{i:06d}", "search_text": f"dai bieu {i}"}
            for i in range(count)
        ])
        ids = session.scalars(select(Delegate.id).where(Delegate.event_id == event_id).order_by(Delegate.id)).all()
    secret = event_secret(db, event_id)
    return [make_code(event_id=event_id, delegate_id=i, badge_version=1, secret=secret) for i in ids]


def _run(url: str, event_id: int, batches: list[list[str]]) -> list[tuple[str, dict[str, int], list[str], int]]:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(len(batches))
    out = ctx.Queue()
    procs = [ctx.Process(target=_desk, args=(url, event_id, f"Bàn {n + 1}", batch, barrier, out))
             for n, batch in enumerate(batches)]
    for p in procs:
        p.start()
    reports = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    return reports


def _ok_per_delegate(db: Any, event_id: int) -> Counter[int]:
    with db.session() as session:
        rows = session.execute(
            select(CheckIn.delegate_id, func.count()).where(CheckIn.event_id == event_id, CheckIn.result == "ok")
            .group_by(CheckIn.delegate_id)
        ).all()
    return Counter({d: n for d, n in rows})


def test_four_desks_distinct_codes_give_exactly_8000_ok(pg_db, pg_url, make_event):
    event = make_event(pg_db)
    codes = _seed(pg_db, event.id, PROCESSES * PER_PROCESS)
    started = time.perf_counter()
    reports = _run(pg_url, event.id, [codes[i::PROCESSES] for i in range(PROCESSES)])
    elapsed = time.perf_counter() - started
    print(f"\n{PROCESSES} desks × {PER_PROCESS} distinct scans on PostgreSQL: {elapsed:.1f} s "
          f"({PROCESSES * PER_PROCESS / elapsed:.0f} scans/s)")
    assert all(n_errors == 0 for *_, n_errors in reports), reports
    assert sum(r[1].get("ok", 0) for r in reports) == PROCESSES * PER_PROCESS
    per_delegate = _ok_per_delegate(pg_db, event.id)
    assert len(per_delegate) == PROCESSES * PER_PROCESS and set(per_delegate.values()) == {1}


def test_same_codes_scanned_by_two_desks_give_one_ok_each(pg_db, pg_url, make_event):
    event = make_event(pg_db)
    codes = _seed(pg_db, event.id, PER_PROCESS * PROCESSES // 2)
    half = len(codes) // 2
    # desks 1+2 race on the first half, desks 3+4 on the second, in the same order
    batches = [codes[:half], codes[:half], codes[half:], codes[half:]]
    started = time.perf_counter()
    reports = _run(pg_url, event.id, batches)
    elapsed = time.perf_counter() - started
    print(f"\n{PROCESSES} desks, every code scanned twice at once: {elapsed:.1f} s")
    assert all(n_errors == 0 for *_, n_errors in reports), reports
    totals = Counter()
    for _, results, *_ in reports:
        totals.update(results)
    assert totals == {"ok": len(codes), "duplicate": len(codes)}
    per_delegate = _ok_per_delegate(pg_db, event.id)
    assert len(per_delegate) == len(codes) and set(per_delegate.values()) == {1}
    with pg_db.session() as session:
        assert session.scalar(select(func.count()).select_from(CheckIn).where(CheckIn.event_id == event.id)) \
            == 2 * len(codes)
