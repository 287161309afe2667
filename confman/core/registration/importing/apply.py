"""Carry out an ``ImportPlan``: backup first, then one transaction for the whole import.

Cancelling (``cancelled()`` returning True between chunks) or any error rolls the whole
import back: the database is exactly as it was. Organizations are inserted in one bulk insert;
new delegates and their audit rows in chunks (``writer``: derived columns as
``Delegate.refresh_derived`` computes them); merges fill the target's empty fields, keep its
values and report the conflicts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from confman.core.audit import AuditLog, record_audit
from confman.core.bulk import gc_paused
from confman.core.changes import Changes
from confman.core.db.backup import backup_database
from confman.core.db.base import utcnow
from confman.core.db.engine import Database
from confman.core.enums import Gender, OrganizationType
from confman.core.errors import DomainError
from confman.core.events.models import Event
from confman.core.registration import contacts
from confman.core.registration.models import Delegate, Organization
from confman.core.text import fold, text_sort_key

from .mappings import remember_mapping
from .plan import (
    Decision,
    ImportPlan,
    MergeConflict,
    PlannedRow,
    RowAction,
    existing_values,
    flag_rejection,
    row_values,
)
from .rows import ImportRow, Rejection
from .writer import RowMaker, SqliteWriter, insert_chunk

Progress = Callable[[int, int], None]
Backup = Callable[[Database], Path | None]

CHUNK = 1000
ON_DUPLICATE = ("merge", "skip", "keep")


@dataclass(frozen=True, slots=True)
class SheetResult:
    """One sheet's outcome; ``flagged`` are its rows imported with an invalid phone or e-mail left empty."""

    file: str
    sheet: str
    rows_read: int
    imported: int
    merged: int
    possible_duplicates: int
    skipped: int
    rejected: tuple[Rejection, ...]
    flagged: tuple[ImportRow, ...] = ()


@dataclass(frozen=True, slots=True)
class RowConflict:
    """A merge that kept an existing value different from the file's."""

    file: str
    sheet: str
    row: int
    full_name: str
    conflict: MergeConflict


@dataclass(frozen=True, slots=True)
class ImportResult:
    sheets: tuple[SheetResult, ...]
    imported: int
    merged: int
    skipped: int
    possible_duplicates: int
    rejected: int
    conflicts: tuple[RowConflict, ...] = ()
    created_ids: tuple[int, ...] = ()
    flagged: tuple[ImportRow, ...] = ()
    backup: Path | None = None
    changes: Changes = field(default_factory=Changes)


def backup_to(folder: Path) -> Backup:
    """A ``backup`` callable for ``apply_plan``: a "before-import" copy in ``folder``.

    Databases that are not SQLite files (PostgreSQL) are backed up by their server; nothing
    is copied there and the import still runs in one transaction.
    """

    def make(db: Database) -> Path | None:
        if db.sqlite_path is None:
            return None
        return backup_database(db, folder=folder, reason="before-import")

    return make


def _check_cancel(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        raise DomainError("import_ui.cancelled")


class _Organizations:
    """Organizations by folded name, created on the fly in bulk (in the import's transaction)."""

    def __init__(self, session: Session, event_id: int, station: str) -> None:
        self.session = session
        self.event_id = event_id
        self.station = station
        self.ids: dict[str, tuple[int, str, str]] = {}  # folded -> (id, name, short name)
        self.folded: dict[str, str] = {}  # name as written -> folded (one fold per distinct name)
        self.created = 0

    def fold(self, name: str) -> str:
        key = self.folded.get(name)
        if key is None:
            key = self.folded[name] = fold(name)
        return key

    def preload(self, names: set[str]) -> None:
        folded = {self.fold(n): n for n in names if n}
        wanted = list(folded)
        table = Organization.__table__
        for i in range(0, len(wanted), 500):
            for oid, name, short, key in self.session.execute(
                select(table.c.id, table.c.name, table.c.short_name, table.c.name_folded)
                .where(table.c.name_folded.in_(wanted[i : i + 500]))
            ):
                self.ids[key] = (oid, name, short)
        missing = [(k, folded[k]) for k in wanted if k not in self.ids]
        if not missing:
            return
        now = utcnow()
        rows = [{"name": name, "name_folded": key, "sort_key": text_sort_key(name), "short_name": "",
                 "type": OrganizationType.OTHER, "province": "", "created_at": now, "updated_at": now}
                for key, name in missing]  # fmt: skip
        for i in range(0, len(rows), CHUNK):
            self.session.execute(insert(table), rows[i : i + CHUNK])
        created = [key for key, _name in missing]
        for i in range(0, len(created), 500):
            for oid, name, key in self.session.execute(
                select(table.c.id, table.c.name, table.c.name_folded).where(table.c.name_folded.in_(created[i : i + 500]))
            ):
                self.ids[key] = (oid, name, "")
        self.session.execute(insert(AuditLog.__table__), [
            {"event_id": self.event_id, "entity": "organization", "entity_id": self.ids[key][0], "action": "create",
             "changes": {"name": self.ids[key][1], "source": "import"}, "station": self.station, "created_at": now}
            for key in created
        ])  # fmt: skip
        self.created = len(created)

    def get_full(self, name: str) -> tuple[int | None, str, str]:
        """(id, name, short name) of the organization ``name`` stands for."""
        if not name:
            return None, "", ""
        return self.ids.get(self.fold(name), (None, "", ""))

    def get(self, name: str) -> tuple[int | None, str]:
        oid, found, _short = self.get_full(name)
        return oid, found


def _new_values(row: PlannedRow) -> dict[str, Any]:
    """A new delegate's values as a merge can fill them (``writer.RowMaker`` takes these or the row)."""
    r = row.row
    return {
        "honorific": r.honorific, "full_name": r.full_name, "position": r.position,
        "organization": r.organization, "delegation": r.delegation, "phone": r.phone, "email": r.email,
        "nationality": r.nationality, "notes": r.notes, "gender": r.gender, "category": row.category_id,
        "name_parts": r.name_parts, "issues": contacts.from_import_warnings(r.warnings),
    }  # fmt: skip


def _organization(entry: PlannedRow | dict[str, Any]) -> str:
    return entry["organization"] if type(entry) is dict else entry.row.organization  # type: ignore[union-attr,index]


def _fill(target: dict[str, Any], incoming: Mapping[str, Any]) -> list[str]:
    """Fill ``target``'s empty fields from ``incoming``; the names of the fields filled."""
    filled = []
    for name, value in incoming.items():
        if value in ("", None):
            continue
        if target.get(name) in ("", None):
            target[name] = value
            filled.append(name)
    return filled


@dataclass(frozen=True, slots=True)
class Choices:
    """What the reviewer decided: ``on_duplicate`` for sure duplicates (``merge``/``skip``/``keep``),
    ``decisions`` per possible-duplicate group id and ``pairs`` per possible-duplicate row index
    (a pair's choice wins over its group's; default ``keep``), and ``reject_flagged``: reject the rows
    whose phone or e-mail is invalid instead of importing them with that field empty (strict)."""

    on_duplicate: str = "merge"
    decisions: Mapping[int, str] = field(default_factory=dict)
    pairs: Mapping[int, str] = field(default_factory=dict)
    reject_flagged: bool = False

    def decide(self, row: PlannedRow) -> Decision:
        if row.action is RowAction.MERGE:
            return Decision(self.on_duplicate)
        if row.action is RowAction.POSSIBLE:
            if row.index in self.pairs:
                return Decision(self.pairs[row.index])
            return Decision(self.decisions.get(row.group or 0, Decision.KEEP))
        return Decision.KEEP


@dataclass(slots=True)
class _Resolution:
    """What the import will write, decided row by row (no database access).

    ``created`` holds a new delegate's planned row, or its values once a later row merged into it;
    ``issues`` the contacts needing a check that rows merged into a delegate already there brought.
    """

    created: list[PlannedRow | dict[str, Any]]
    updates: dict[int, dict[str, Any]]
    filled: dict[int, set[str]]
    conflicts: list[RowConflict]
    stats: list[dict[str, int]]
    now: Any
    rejected: list[list[Rejection]]  # per sheet: the file's rejections, then the flagged rows rejected
    issues: dict[int, list[contacts.ContactIssue]] = field(default_factory=dict)


def _resolve(plan: ImportPlan, event_id: int, choices: Choices) -> _Resolution:
    if choices.on_duplicate not in ON_DUPLICATE:
        raise DomainError("import_ui.bad_on_duplicate", value=choices.on_duplicate)
    for value in (*choices.decisions.values(), *choices.pairs.values()):
        if value not in ON_DUPLICATE:
            raise DomainError("import_ui.bad_on_duplicate", value=value)
    now = utcnow()
    created: list[PlannedRow | dict[str, Any]] = []  # pending inserts
    dest: dict[int, tuple[str, int]] = {}  # plan row index -> ("new", pos) | ("db", id)
    updates: dict[int, dict[str, Any]] = {}  # existing id -> values after merges
    filled_fields: dict[int, set[str]] = {}
    conflicts: list[RowConflict] = []
    stats: list[dict[str, int]] = []
    rejected: list[list[Rejection]] = []
    issues: dict[int, list[contacts.ContactIssue]] = {}
    sheet_of: dict[int, int] = {}
    for s_index, sheet in enumerate(plan.sheets):
        stats.append({"imported": 0, "merged": 0, "possible": 0, "skipped": 0})
        rejected.append(list(sheet.rejected))
        for i in range(sheet.start, sheet.stop):
            sheet_of[i] = s_index

    def create(row: PlannedRow) -> None:
        dest[row.index] = ("new", len(created))
        created.append(row)
        stats[sheet_of[row.index]]["imported"] += 1

    def merge(row: PlannedRow) -> bool:
        target: tuple[str, int] | None = None
        if row.existing_id is not None:
            target = ("db", row.existing_id)
        elif row.row_index is not None:
            target = dest.get(row.row_index)
        if target is None:  # the row it repeats was skipped: this one takes its place
            return False
        incoming = row_values(row.row, row.category_id)
        row_issues = contacts.from_import_warnings(row.row.warnings) if row.row.warnings else ()
        if target[0] == "db":
            values = updates.setdefault(target[1], existing_values(plan.existing[target[1]]))
            filled_fields.setdefault(target[1], set()).update(_fill(values, incoming))
            issues.setdefault(target[1], []).extend(row_issues)
        else:
            entry = created[target[1]]
            values = entry if type(entry) is dict else _new_values(entry)  # type: ignore[arg-type]
            created[target[1]] = values
            _fill(values, incoming)
            values["issues"] = contacts.after_merge(values["issues"], row_issues, values)
        for c in _conflicts(values, incoming):
            conflicts.append(RowConflict(row.row.file, row.row.sheet, row.row.excel_row, row.row.full_name, c))
        dest[row.index] = target
        stats[sheet_of[row.index]]["merged"] += 1
        return True

    for row in plan.rows:
        if row.action is RowAction.POSSIBLE:
            stats[sheet_of[row.index]]["possible"] += 1
        if choices.reject_flagged and row.dropped:  # strict: the whole row goes back to the unit
            rejected[sheet_of[row.index]].append(flag_rejection(row.row))
            continue
        decision = choices.decide(row)
        if row.action is RowAction.NEW or decision is Decision.KEEP:
            create(row)
        elif decision is Decision.SKIP:
            stats[sheet_of[row.index]]["skipped"] += 1
        elif not merge(row):
            create(row)
    return _Resolution(created, updates, filled_fields, conflicts, stats, now, rejected, issues)


def _sheet_results(plan: ImportPlan, res: _Resolution, reject_flagged: bool) -> tuple[SheetResult, ...]:
    stats = res.stats
    return tuple(
        SheetResult(
            s.file, s.sheet, s.rows_read, stats[k]["imported"], stats[k]["merged"], stats[k]["possible"],
            stats[k]["skipped"], tuple(res.rejected[k]),
            () if reject_flagged else tuple(r.row for r in plan.rows[s.start : s.stop] if r.dropped),
        )
        for k, s in enumerate(plan.sheets)
    )


def _choices(choices: Choices | None, on_duplicate: str, decisions: Mapping[int, str] | None) -> Choices:
    return choices if choices is not None else Choices(on_duplicate, decisions or {})


def preview_plan(
    plan: ImportPlan, *, on_duplicate: str = "merge", decisions: Mapping[int, str] | None = None,
    choices: Choices | None = None,
) -> ImportResult:
    """What ``apply_plan`` would report, without writing anything (``--dry-run``, the wizard's last button)."""
    chosen = _choices(choices, on_duplicate, decisions)
    res = _resolve(plan, plan.event_id, chosen)
    sheets = _sheet_results(plan, res, chosen.reject_flagged)
    return ImportResult(
        sheets=sheets, imported=len(res.created), merged=sum(r.merged for r in sheets),
        skipped=sum(r.skipped for r in sheets), possible_duplicates=plan.possible,
        rejected=sum(len(s.rejected) for s in sheets), conflicts=tuple(res.conflicts),
        flagged=tuple(r for s in sheets for r in s.flagged),
    )  # fmt: skip


@gc_paused()
def apply_plan(
    db: Database,
    plan: ImportPlan,
    *,
    event_id: int,
    on_duplicate: str = "merge",
    decisions: Mapping[int, str] | None = None,
    choices: Choices | None = None,
    backup: Backup | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    station: str = "",
) -> ImportResult:
    """Import ``plan`` into ``event_id`` in one transaction, after ``backup(db)``.

    ``on_duplicate`` applies to sure duplicates: ``merge`` (fill empty fields of the delegate
    already there), ``skip`` (drop the row) or ``keep`` (a separate delegate). ``decisions``
    maps a possible-duplicate group id to ``merge``/``keep``/``skip`` (default ``keep``);
    ``choices`` (the review step's, per pair and strict or not) replaces both when given.
    ``progress(done, total)`` is called between chunks; ``cancelled()`` True rolls back and
    raises ``DomainError("import_ui.cancelled")``.
    """
    if plan.event_id != event_id:
        raise DomainError("import_ui.plan_other_event")
    chosen = _choices(choices, on_duplicate, decisions)
    total = len(plan.rows) + 2
    report = progress or (lambda _done, _total: None)
    report(0, total)
    res = _resolve(plan, event_id, chosen)
    created, updates, filled_fields, conflicts = res.created, res.updates, res.filled, res.conflicts
    _check_cancel(cancelled)
    backup_path = backup(db) if backup is not None else None
    _check_cancel(cancelled)

    with db.session() as session:
        if session.get(Event, event_id) is None:
            raise DomainError("event.not_found", code=str(event_id))
        orgs = _Organizations(session, event_id, station)
        orgs.preload(set(map(_organization, created)) | {v["organization"] for v in updates.values()})
        report(1, total)
        _check_cancel(cancelled)

        done = 1
        merged_ids = list(updates)
        for i in range(0, len(merged_ids), 500):
            chunk = merged_ids[i : i + 500]
            for delegate in session.scalars(select(Delegate).where(Delegate.id.in_(chunk))):
                _apply_merge(session, delegate, updates[delegate.id], filled_fields.get(delegate.id, set()), orgs,
                             station, res.issues.get(delegate.id, ()))  # fmt: skip
            session.flush()
            _check_cancel(cancelled)

        now = utcnow()
        make_rows = RowMaker(orgs.get_full, event_id=event_id, now=res.now)
        done += len(plan.rows) - len(created)
        report(done, total)
        new_ids: list[int] = []
        if db.is_sqlite and created:
            with SqliteWriter(session, event_id=event_id, station=station, now=now, rows=len(created)) as writer:
                for i in range(0, len(created), CHUNK):
                    params = writer.prepare(make_rows(created[i : i + CHUNK]))
                    new_ids.extend(writer.write(params))
                    done += len(params)
                    report(done, total)
                    _check_cancel(cancelled)
        else:
            for i in range(0, len(created), CHUNK):
                chunk_rows = make_rows(created[i : i + CHUNK])
                new_ids.extend(insert_chunk(session, chunk_rows, event_id=event_id, station=station, now=now))
                done += len(chunk_rows)
                report(done, total)
                _check_cancel(cancelled)

        for sheet in plan.sheets:
            remember_mapping(session, sheet.header_signature, sheet.columns)
        sheet_results = _sheet_results(plan, res, chosen.reject_flagged)
        rejected = sum(len(s.rejected) for s in sheet_results)
        record_audit(
            session, entity="import", entity_id=None, action="import", event_id=event_id, station=station,
            changes={
                "files": sorted({s.file for s in plan.sheets}),
                "imported": len(new_ids), "merged": sum(r.merged for r in sheet_results),
                "skipped": sum(r.skipped for r in sheet_results), "rejected": rejected,
                "backup": str(backup_path) if backup_path else None,
            },
        )  # fmt: skip
        _check_cancel(cancelled)
    report(total, total)

    kinds = ["delegates"] + (["organizations"] if orgs.created else [])
    return ImportResult(
        sheets=sheet_results,
        imported=len(new_ids),
        merged=sum(r.merged for r in sheet_results),
        skipped=sum(r.skipped for r in sheet_results),
        possible_duplicates=plan.possible,
        rejected=rejected,
        conflicts=tuple(conflicts),
        created_ids=tuple(new_ids),
        flagged=tuple(r for s in sheet_results for r in s.flagged),
        backup=backup_path,
        changes=Changes.of(*kinds, ids=[*new_ids, *merged_ids]),
    )


def _conflicts(current: Mapping[str, Any], incoming: Mapping[str, Any]) -> list[MergeConflict]:
    found = []
    for name, new in incoming.items():
        old = current.get(name)
        if old in ("", None) or new in ("", None) or name == "category":
            continue
        same = fold(old) == fold(new) if name == "organization" else old == new
        if not same:
            found.append(MergeConflict(name, str(old), str(new)))
    return found


def _apply_merge(session: Session, delegate: Delegate, values: Mapping[str, Any], filled: set[str],
                 orgs: _Organizations, station: str, issues: Sequence[contacts.ContactIssue] = ()) -> None:  # fmt: skip
    changes: dict[str, Any] = {}
    for name in filled:
        value = values[name]
        if name == "organization":
            org_id, _ = orgs.get(value)
            if org_id is not None and delegate.organization_id is None:
                changes["organization_id"] = [None, org_id]
                delegate.organization_id = org_id
                delegate.organization = session.get(Organization, org_id)
        elif name == "category":
            if delegate.category_id is None:
                changes["category_id"] = [None, value]
                delegate.category_id = value
        elif name == "gender":
            if delegate.gender is None:
                changes["gender"] = [None, value]
                delegate.gender = Gender(value)
        elif not getattr(delegate, name):
            changes[name] = [getattr(delegate, name), value]
            setattr(delegate, name, value)
    _merge_issues(delegate, issues, changes)
    if changes:
        record_audit(session, entity="delegate", entity_id=delegate.id, action="import_merge", changes=changes,
                     event_id=delegate.event_id, station=station)  # fmt: skip


def _merge_issues(delegate: Delegate, incoming: Sequence[contacts.ContactIssue], changes: dict[str, Any]) -> None:
    """A phone or e-mail the merge filled clears what needed checking about it; a delegate without
    that field (and nothing to check yet) takes the incoming row's invalid value to check."""
    current = contacts.from_columns(delegate.phone_issue, delegate.phone_issue_value, delegate.email_issue,
                                    delegate.email_issue_value)
    merged = contacts.after_merge(current, incoming, {"phone": delegate.phone, "email": delegate.email})
    if merged == current:
        return
    for name, value in contacts.columns(merged).items():
        before = getattr(delegate, name)
        if before != value:
            if not name.endswith("_value"):
                changes[name] = [before, value]
            setattr(delegate, name, value)
