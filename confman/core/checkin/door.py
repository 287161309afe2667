"""The online door: judge a scan and log it in as few round trips as the database allows.

* The code's signature is checked in Python with the event's secret, read once per process
  and kept in memory only (:func:`event_secret_cached`).
* **PostgreSQL: one statement, one round trip.**  A data-modifying CTE reads the named
  delegate's facts (:class:`~confman.core.checkin.verdict.DoorRow`), evaluates the verdict
  rules (:data:`~confman.core.checkin.verdict.VERDICT_RULES` rendered as a ``CASE``), inserts
  the log row — an ``ok`` under ``ON CONFLICT (ok_key) DO NOTHING`` — and returns the facts
  with the new row's id.  Run on an autocommit connection, there is no BEGIN or COMMIT
  either.  Python then runs the same rules on the returned facts (for the card, and to see
  the one case the database settled differently: another desk's ok won the race).
* **SQLite: a read and a write**, in process (no network), judged by the Python rules, run through
  the driver with the statements compiled once (:func:`judge_embedded`).

Every statement is built once and reused, so SQLAlchemy compiles it once per process.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    String,
    and_,
    bindparam,
    case,
    exists,
    func,
    literal,
    select,
    true,
)
from sqlalchemy.dialects import postgresql, sqlite

from confman.core.agenda.models import AgendaItem
from confman.core.badges.codes import check_code
from confman.core.checkin.rows import CheckinResult, DelegateCard
from confman.core.checkin.verdict import (
    CODE_STATUS,
    ITEM_MISSING,
    NAMES_DELEGATE,
    SURVIVOR,
    VERDICT_RULES,
    DoorRow,
    door_facts,
    door_verdict,
)
from confman.core.enums import CheckInResult, DelegateStatus
from confman.core.errors import DomainError
from confman.core.events.models import Event
from confman.core.ledger.checkins import CheckIn, item_filter, ok_key, ok_key_sql
from confman.core.registration.models import Category, Delegate, Organization

#: seconds a scan may wait for the server before the desk judges it offline
DOOR_DEADLINE_S = 1.5

_secrets: weakref.WeakKeyDictionary[Engine, dict[int, bytes]] = weakref.WeakKeyDictionary()


def event_secret_cached(conn: Connection, event_id: int) -> bytes | None:
    """The event's signing secret, read once per engine and kept in memory (never written out)."""
    known = _secrets.setdefault(conn.engine, {})
    secret = known.get(event_id)
    if secret is None:
        secret = conn.scalar(select(Event.secret).where(Event.id == event_id))
        if secret:
            known[event_id] = secret
    return secret


@dataclass(frozen=True, slots=True)
class Scan:
    """One scan to judge: ``code`` as typed, at the door of ``event_id``."""

    event_id: int
    code: str
    station: str
    agenda_item_id: int | None
    now: datetime
    uuid: str


# --------------------------------------------------------------------------- statements

_LOG_COLUMNS = ("uuid", "event_id", "delegate_id", "agenda_item_id", "station", "scanned_code", "created_at",
                "result", "ok_key")


def _params() -> dict[str, Any]:
    return {
        "event_id": bindparam("event_id", type_=Integer),
        "delegate_id": bindparam("delegate_id", type_=Integer),
        "version": bindparam("version", type_=Integer),
        "item_id": bindparam("item_id", type_=Integer),
        "code_status": bindparam("code_status", type_=String),
        "uuid": bindparam("uuid", type_=String),
        "station": bindparam("station", type_=String),
        "code": bindparam("code", type_=String),
        "now": bindparam("now", type_=CheckIn.__table__.c.created_at.type),
    }


def _facts_select(with_item: bool) -> Any:
    """The labelled row of :class:`DoorRow` fields (plus the card) for ``:delegate_id``."""
    p = _params()
    item = p["item_id"] if with_item else None
    oks = (CheckIn.event_id == p["event_id"], CheckIn.delegate_id == p["delegate_id"], item_filter(item),
           CheckIn.result == CheckInResult.OK)
    latest = select(CheckIn.id).where(*oks).order_by(CheckIn.id.desc()).limit(1).scalar_subquery()
    item_found = (exists().where(AgendaItem.id == item, AgendaItem.event_id == p["event_id"])
                  if with_item else true())
    return (
        select(
            Delegate.id.label("delegate_id"),
            Delegate.badge_version.label("badge_version"),
            (Delegate.status == DelegateStatus.CANCELLED).label("cancelled"),
            Delegate.deleted_at.is_not(None).label("deleted"),
            Delegate.merged_into_id.label("merged_into_id"),
            select(func.count(CheckIn.id)).where(
                CheckIn.event_id == p["event_id"], CheckIn.delegate_id == p["delegate_id"], item_filter(item),
                CheckIn.result == CheckInResult.UNDONE,
            ).scalar_subquery().label("generation"),
            select(func.count(CheckIn.id)).where(*oks).scalar_subquery().label("oks"),
            select(CheckIn.created_at).where(CheckIn.id == latest).scalar_subquery().label("last_ok_at"),
            select(CheckIn.station).where(CheckIn.id == latest).scalar_subquery().label("last_ok_station"),
            Delegate.honorific.label("honorific"), Delegate.full_name.label("full_name"),
            Delegate.position.label("position"), Delegate.photo.label("photo"),
            Organization.name.label("organization"), Category.code.label("category_code"),
            Category.label_vi.label("category_label_vi"), Category.label_en.label("category_label_en"),
            Category.color.label("category_color"), Category.is_vip.label("is_vip"),
            item_found.label("item_found"),
        )
        .select_from(Event)
        .outerjoin(Delegate, and_(Delegate.event_id == Event.id, Delegate.id == p["delegate_id"]))
        .outerjoin(Organization, Organization.id == Delegate.organization_id)
        .outerjoin(Category, Category.id == Delegate.category_id)
        .where(Event.id == p["event_id"])
    )


def verdict_sql(f: Any, p: dict[str, Any]) -> Any:
    """:data:`VERDICT_RULES` as a ``CASE`` over the facts columns ``f`` (same names as DoorRow)."""
    facts = {
        "item_missing": ~f.item_found,
        "code_refused": p["code_status"] != "valid",
        "missing": f.delegate_id.is_(None),
        "newer": p["version"] > f.badge_version,
        "merged": and_(f.deleted, f.merged_into_id.is_not(None), p["version"] == f.badge_version),
        "cancelled": f.cancelled | f.deleted,
        "older": p["version"] < f.badge_version,
        "admitted": f.oks > f.generation,
    }
    whens = [(facts[fact], p["code_status"] if verdict == CODE_STATUS else literal(verdict, String))
             for fact, verdict in VERDICT_RULES]
    return case(*whens, else_=literal("ok", String))


@cache
def _one_statement(with_item: bool) -> Any:
    """PostgreSQL: facts, verdict, insert and answer in one statement."""
    p = _params()
    f = _facts_select(with_item).cte("facts")
    judged = select(f, verdict_sql(f.c, p).label("verdict")).cte("judged")
    j = judged.c
    item = p["item_id"] if with_item else literal(None, Integer)
    logged = select(
        p["uuid"], p["event_id"], case((j.verdict.in_(NAMES_DELEGATE), j.delegate_id)), item, p["station"],
        p["code"], p["now"], j.verdict,
        case((j.verdict == "ok", ok_key_sql(p["event_id"], j.delegate_id, item, j.generation))),
    ).where(j.verdict.not_in((ITEM_MISSING, SURVIVOR)))
    ins = (
        postgresql.insert(CheckIn).from_select(list(_LOG_COLUMNS), logged)
        .on_conflict_do_nothing(index_elements=["ok_key"])
        .returning(CheckIn.id.label("logged_id"))
        .cte("ins")
    )
    return select(judged, ins.c.logged_id).select_from(judged.outerjoin(ins, true()))


@cache
def _facts_statement(with_item: bool) -> Any:
    return _facts_select(with_item)


@cache
def _insert_statement(dialect: str, ok: bool) -> Any:
    p = _params()
    values = {name: p[name] for name in ("uuid", "event_id", "station", "now")}
    stmt_values = dict(uuid=values["uuid"], event_id=values["event_id"],
                       delegate_id=bindparam("log_delegate", type_=Integer),
                       agenda_item_id=p["item_id"], station=values["station"], scanned_code=p["code"],
                       created_at=values["now"], result=bindparam("verdict", type_=String))
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    if not ok:
        return insert(CheckIn).values(**stmt_values)
    return (insert(CheckIn).values(**stmt_values, ok_key=bindparam("ok_key", type_=String))
            .on_conflict_do_nothing(index_elements=["ok_key"]).returning(CheckIn.id))


# --------------------------------------------------------------------------- judging


def _door_row(m: Any) -> DoorRow | None:
    if m["delegate_id"] is None:
        return None
    card = DelegateCard(
        id=m["delegate_id"], honorific=m["honorific"] or "", full_name=m["full_name"], position=m["position"] or "",
        organization=m["organization"] or "", category_code=m["category_code"] or "",
        category_label_vi=m["category_label_vi"] or "", category_label_en=m["category_label_en"] or "",
        category_color=m["category_color"] or "#607D8B", is_vip=bool(m["is_vip"]), photo=m["photo"],
    )
    return DoorRow(
        delegate_id=m["delegate_id"], badge_version=int(m["badge_version"]), cancelled=bool(m["cancelled"]),
        deleted=bool(m["deleted"]), merged_into_id=m["merged_into_id"], generation=int(m["generation"] or 0),
        oks=int(m["oks"] or 0), last_ok_at=m["last_ok_at"], last_ok_station=m["last_ok_station"], card=card,
    )


def _survivor_of(conn: Connection, event_id: int, delegate_id: int) -> tuple[int, int] | None:
    """The delegate (id, badge version) a merged-away record now lives on, following a chain of merges."""
    current, seen = delegate_id, {delegate_id}
    for _ in range(10):
        merged_into = conn.scalar(select(Delegate.merged_into_id).where(
            Delegate.id == current, Delegate.event_id == event_id))
        if merged_into is None or merged_into in seen:
            break
        current = merged_into
        seen.add(current)
    if current == delegate_id:
        return None
    version = conn.scalar(select(Delegate.badge_version).where(Delegate.id == current))
    return (current, int(version)) if version is not None else None


def _scan_params(scan: Scan, secret_for_event: Callable[[int], bytes | None]) -> dict[str, Any]:
    """The door statement's parameters: the scan, and what its code says (checked with the secret)."""
    checked = check_code(scan.code, event_id=scan.event_id, secret_for_event=secret_for_event)
    parsed = checked.parsed
    return {
        "event_id": scan.event_id,
        "delegate_id": parsed.delegate_id if parsed and checked.status == "valid" else -1,
        "version": parsed.badge_version if parsed else 0,
        "item_id": scan.agenda_item_id,
        "code_status": checked.status,
        "uuid": scan.uuid, "station": scan.station, "code": scan.code, "now": scan.now,
    }


def judge(conn: Connection, scan: Scan) -> CheckinResult:
    """Verify ``scan`` at the door and log it (whatever its verdict) on ``conn``; the caller commits."""
    params = _scan_params(scan, lambda eid: event_secret_cached(conn, eid))
    result = _judge_once(conn, scan, params)
    if result is None:  # a merged-away record's badge: the survivor comes in
        survivor = _survivor_of(conn, scan.event_id, params["delegate_id"])
        if survivor is not None:
            params.update(delegate_id=survivor[0], version=survivor[1])
            result = _judge_once(conn, scan, params)
        if result is None:  # no survivor (or a cycle): the merged record is deleted, hence cancelled
            params.update(code_status="cancelled")
            result = _judge_once(conn, scan, params)
    assert result is not None
    return result


def _judge_once(conn: Connection, scan: Scan, params: dict[str, Any]) -> CheckinResult | None:
    with_item = scan.agenda_item_id is not None
    postgres = conn.dialect.name == "postgresql"
    if postgres:
        m = conn.execute(_one_statement(with_item), params).mappings().first()
    else:
        m = conn.execute(_facts_statement(with_item), params).mappings().first()
    if m is None:
        raise DomainError("event.not_found", code=str(scan.event_id))
    row = _door_row(m)
    code_status = params["code_status"]
    facts = door_facts(code_status, params["version"], row, item_found=bool(m["item_found"]))
    verdict = door_verdict(facts, code_status)
    if verdict == ITEM_MISSING:
        raise DomainError("checkin.item_not_found", item=scan.agenda_item_id)
    if verdict == SURVIVOR:
        return None
    card = row.card if row is not None and verdict in NAMES_DELEGATE else None
    first_at: datetime | None = None
    first_station: str | None = None
    if postgres:
        logged = m["logged_id"] is not None
        verdict = str(m["verdict"]) if logged else verdict
    else:
        logged = False
    if not postgres or not logged:
        key = ok_key(scan.event_id, row.delegate_id, scan.agenda_item_id, row.generation) \
            if verdict == "ok" and row is not None else None
        if key is not None and not postgres:
            logged = conn.execute(_insert_statement(conn.dialect.name, True),
                                  {**params, "log_delegate": card.id if card else None, "verdict": "ok",
                                   "ok_key": key}).scalar() is not None
        if verdict == "ok" and not logged:  # another desk's ok won the race for this key
            verdict = "duplicate"
            first = conn.execute(select(CheckIn.created_at, CheckIn.station).where(CheckIn.ok_key == key)).first()
            if first is not None:
                first_at, first_station = first
        if verdict != "ok":
            conn.execute(_insert_statement(conn.dialect.name, False),
                         {**params, "log_delegate": card.id if card else None, "verdict": verdict})
    return _result(scan, verdict, row, card, first_at, first_station)


def _result(scan: Scan, verdict: str, row: DoorRow | None, card: DelegateCard | None,
            first_at: datetime | None = None, first_station: str | None = None) -> CheckinResult:
    if verdict == "ok":
        first_at, first_station = scan.now, scan.station
    elif verdict == "duplicate" and first_at is None and row is not None:
        first_at, first_station = row.last_ok_at, row.last_ok_station
    return CheckinResult(
        result=verdict, code=scan.code, uuid=scan.uuid, station=scan.station, scanned_at=scan.now, delegate=card,
        first_checkin_at=first_at, first_station=first_station, agenda_item_id=scan.agenda_item_id,
    )


# --------------------------------------------------------------------------- the embedded database

_SQLITE = sqlite.dialect()


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A statement compiled once for SQLite: its SQL, and how to lay out and convert its parameters."""

    sql: str
    names: tuple[str, ...]
    fixed: dict[str, Any]
    processors: dict[str, Callable[[Any], Any]]

    def params(self, values: dict[str, Any]) -> list[Any]:
        out = []
        for name in self.names:
            value = values[name] if name in values else self.fixed[name]
            processor = self.processors.get(name)
            out.append(processor(value) if processor is not None else value)
        return out


@cache
def _prepared(kind: str, with_item: bool = False) -> _Prepared:
    stmt = {
        "facts": lambda: _facts_statement(with_item),
        "ok": lambda: _insert_statement("sqlite", True),
        "log": lambda: _insert_statement("sqlite", False),
        "secret": lambda: select(Event.secret).where(Event.id == bindparam("event_id", type_=Integer)),
    }[kind]()
    compiled = stmt.compile(dialect=_SQLITE)
    return _Prepared(compiled.string, tuple(compiled.positiontup or ()),
                     {name: bind.value for name, bind in compiled.binds.items()},
                     dict(compiled._bind_processors))


_FACT_NAMES: tuple[str, ...] = tuple(_facts_select(False).selected_columns.keys())
_read_time = CheckIn.__table__.c.created_at.type.dialect_impl(_SQLITE).result_processor(_SQLITE, None)


def judge_embedded(engine: Engine, scan: Scan) -> CheckinResult | None:
    """The door on the embedded SQLite database: the same facts, rules and rows as :func:`judge`,
    run through the driver with statements compiled once (SQLAlchemy's per-statement work was most
    of a scan's time).  Returns None, having written nothing, for the rare cases the general path
    settles: a merged-away record's badge, and an ok another process logged a moment before."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        known = _secrets.setdefault(engine, {})

        def secret_for_event(event_id: int) -> bytes | None:
            if event_id not in known:
                found = cursor.execute(_prepared("secret").sql, (event_id,)).fetchone()
                if not found or not found[0]:
                    return None
                known[event_id] = found[0]
            return known[event_id]

        params = _scan_params(scan, secret_for_event)
        facts = _prepared("facts", scan.agenda_item_id is not None)
        found = cursor.execute(facts.sql, facts.params(params)).fetchone()
        if found is None:
            raise DomainError("event.not_found", code=str(scan.event_id))
        m = dict(zip(_FACT_NAMES, found, strict=True))
        if _read_time is not None:
            m["last_ok_at"] = _read_time(m["last_ok_at"])
        row = _door_row(m)
        code_status = params["code_status"]
        verdict = door_verdict(door_facts(code_status, params["version"], row, item_found=bool(m["item_found"])),
                               code_status)
        if verdict == ITEM_MISSING:
            raise DomainError("checkin.item_not_found", item=scan.agenda_item_id)
        if verdict == SURVIVOR:
            return None
        card = row.card if row is not None and verdict in NAMES_DELEGATE else None
        values = {**params, "log_delegate": card.id if card else None, "verdict": verdict}
        if verdict == "ok" and row is not None:
            insert = _prepared("ok")
            values["ok_key"] = ok_key(scan.event_id, row.delegate_id, scan.agenda_item_id, row.generation)
            if cursor.execute(insert.sql, insert.params(values)).fetchone() is None:
                raw.rollback()
                return None
        else:
            insert = _prepared("log")
            cursor.execute(insert.sql, insert.params(values))
        raw.commit()
        return _result(scan, verdict, row, card)
    except BaseException:
        raw.rollback()
        raise
    finally:
        raw.close()
