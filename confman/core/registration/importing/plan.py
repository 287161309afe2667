"""Dry run of an import: what each parsed row will do to the event's delegates.

Every ``ImportRow`` is compared with the delegates already in the event and with the rows
read before it (in every file and sheet of the same import):

* **sure duplicate** (``RowAction.MERGE``, merged automatically): the same name ignoring case
  and spacing, with tone marks exactly equal (Hùng ≠ Hưng, Thủy ≠ Thúy: NFC lower-cased names,
  not folded ones), **and** a shared phone or e-mail;
* **possible duplicate** (``RowAction.POSSIBLE``, reviewed, never merged silently): the same
  name in the same organization without a shared contact; names equal once tone marks are
  dropped (with a shared contact or the same organization); near matches of the folded names
  (rapidfuzz ratio >= ``NEAR_MATCH_SCORE``) in the same organization;
* **new** otherwise.

Nothing is written. ``apply.apply_plan`` carries the plan out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from rapidfuzz.distance import Indel
from sqlalchemy import select

from confman.core.bulk import fast_constructor, gc_paused
from confman.core.db.engine import Database
from confman.core.registration.models import Category, Delegate, Organization
from confman.core.text import fold, fold_clean

from .parse import ParsedSheet
from .rows import ImportRow, ImportWarning, Rejection

#: Near-match threshold (rapidfuzz ``ratio``, 0-100) on folded names in the same organization.
NEAR_MATCH_SCORE = 90.0
_PUNCT_RE = re.compile(r"[^\w\s]+")
#: Fields filled from an incoming row when merging (the delegate's own values are kept).
MERGED_FIELDS: tuple[str, ...] = (
    "honorific", "position", "organization", "phone", "email", "gender", "notes", "delegation",
    "nationality", "category",
)  # fmt: skip


class RowAction(StrEnum):
    NEW = "new"
    MERGE = "merge"
    POSSIBLE = "possible"


class Decision(StrEnum):
    """What to do with a duplicate: merge into the existing one, keep both, or skip the new row."""

    MERGE = "merge"
    KEEP = "keep"
    SKIP = "skip"


@dataclass(frozen=True, slots=True)
class ExistingDelegate:
    """A delegate already in the event, as the review step shows it."""

    id: int
    full_name: str
    honorific: str = ""
    position: str = ""
    organization: str = ""
    phone: str = ""
    email: str = ""
    gender: str = ""
    notes: str = ""
    delegation: str = ""
    nationality: str = ""
    category_id: int | None = None


@dataclass(frozen=True, slots=True)
class MergeConflict:
    """A field both sides fill differently: the existing value is kept."""

    field: str
    existing: str
    incoming: str


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A field a merge fills on the person it merges into: empty ``before``, the file's ``after``
    (a category by its label)."""

    field: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class PlannedRow:
    """One parsed row and what the import will do with it.

    For ``MERGE`` rows, ``existing_id`` (a delegate of the event) or ``row_index`` (an earlier
    row of this import) names the target; for ``POSSIBLE`` rows they name the look-alike and
    ``group`` the duplicate group reviewed together. ``reason`` says why
    (``name_phone``, ``name_email``, ``same_name_org``, ``tone_marks``, ``similar_name``).
    ``changes`` (``MERGE`` rows) are the fields the merge fills on its target, ``conflicts`` the
    fields where the target keeps a different value of its own.
    """

    index: int
    row: ImportRow
    action: RowAction
    category_id: int | None
    existing_id: int | None = None
    row_index: int | None = None
    group: int | None = None
    reason: str = ""
    conflicts: tuple[MergeConflict, ...] = ()
    changes: tuple[FieldChange, ...] = ()

    @property
    def dropped(self) -> tuple[ImportWarning, ...]:
        """The row's phone or e-mail left out as invalid (the delegate is imported without it)."""
        return tuple(w for w in self.row.warnings if w.code == "import.row.field_dropped")


_planned = fast_constructor(PlannedRow)


@dataclass(frozen=True, slots=True)
class MergePreview:
    """What one row will do to a person already there or read earlier: the review step's line."""

    row: PlannedRow
    existing: ExistingDelegate | None
    target_row: ImportRow | None
    changes: tuple[FieldChange, ...]
    conflicts: tuple[MergeConflict, ...]


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """One possible duplicate, decided on its own: the incoming row and the person already in the
    event (``existing``) or the earlier row of this import (``other``) it resembles."""

    row: PlannedRow
    existing: ExistingDelegate | None
    other: ImportRow | None

    @property
    def index(self) -> int:
        """The key of this pair's decision (``apply_plan(pair_decisions=...)``): the row's index."""
        return self.row.index


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """Look-alikes reviewed together: an anchor (a delegate of the event or the first row read)
    and the incoming rows that resemble it."""

    id: int
    existing: ExistingDelegate | None
    anchor_row: int | None
    rows: tuple[int, ...]
    reasons: frozenset[str]


@dataclass(frozen=True, slots=True)
class SheetPlan:
    """One parsed sheet: its rows are ``ImportPlan.rows[start:stop]``."""

    file: str
    sheet: str
    rows_read: int
    start: int
    stop: int
    rejected: tuple[Rejection, ...]
    warnings: tuple[ImportWarning, ...]
    header_signature: str
    columns: dict[str, int]


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """The dry run: counts, per-row actions, duplicate groups, rejected rows."""

    event_id: int
    rows: tuple[PlannedRow, ...]
    groups: tuple[DuplicateGroup, ...]
    sheets: tuple[SheetPlan, ...]
    existing: dict[int, ExistingDelegate] = field(default_factory=dict)
    warnings: tuple[ImportWarning, ...] = ()

    def count(self, action: RowAction) -> int:
        return sum(1 for r in self.rows if r.action is action)

    @property
    def new(self) -> int:
        return self.count(RowAction.NEW)

    @property
    def merged(self) -> int:
        return self.count(RowAction.MERGE)

    @property
    def possible(self) -> int:
        return self.count(RowAction.POSSIBLE)

    @property
    def rejected(self) -> list[Rejection]:
        return [r for s in self.sheets for r in s.rejected]

    @property
    def rows_read(self) -> int:
        return sum(s.rows_read for s in self.sheets)

    @property
    def merges(self) -> list[MergePreview]:
        """Every sure duplicate: which person it merges into and field by field what changes."""
        return [
            MergePreview(r, self.existing.get(r.existing_id) if r.existing_id is not None else None,
                         self.rows[r.row_index].row if r.row_index is not None else None, r.changes, r.conflicts)
            for r in self.rows if r.action is RowAction.MERGE
        ]  # fmt: skip

    @property
    def pairs(self) -> list[DuplicatePair]:
        """Every possible duplicate with what it resembles, in file order (one decision each)."""
        return [
            DuplicatePair(r, self.existing.get(r.existing_id) if r.existing_id is not None else None,
                          self.rows[r.row_index].row if r.row_index is not None else None)
            for r in self.rows if r.action is RowAction.POSSIBLE
        ]  # fmt: skip

    @property
    def flagged(self) -> list[PlannedRow]:
        """Rows imported with an invalid phone or e-mail left empty (each with its warning)."""
        return [r for r in self.rows if r.dropped]

    @property
    def flag_rejections(self) -> list[Rejection]:
        """The flagged rows as the rejections a strict import makes of them (``reject_flagged``)."""
        return [flag_rejection(r.row) for r in self.flagged]


def flag_rejection(row: ImportRow) -> Rejection:
    """A row with a phone or e-mail left out, rejected whole instead: the same code and parameters as
    ``parse_file(reject_invalid=True)`` gives it (the first field left out)."""
    warning = next(w for w in row.warnings if w.code == "import.row.field_dropped")
    params = {"field": warning.params["field"], "value": warning.params["value"]}
    return Rejection(row.file, row.sheet, row.excel_row, warning.params["error_code"], params)


def name_key(name: str) -> str:
    """The name compared for sure duplicates: NFC, lower-case, single spaces; tone marks kept."""
    return " ".join(unicodedata.normalize("NFC", name).lower().split())


@dataclass(slots=True)
class _Entity:
    """A delegate the next rows are compared with: in the event already, or read earlier."""

    existing_id: int | None
    row_index: int | None
    key: str
    folded: str
    org: str
    phones: set[str]
    emails: set[str]
    group: int | None = None
    order: int = 0
    last: str = ""
    """The folded given name (``_last_word``): near matches are looked for among the same ones."""


def _shares_contact(entity: _Entity, row: ImportRow) -> str:
    if row.phone and row.phone in entity.phones:
        return "name_phone"
    if row.email and row.email in entity.emails:
        return "name_email"
    return ""


class _Index:
    def __init__(self) -> None:
        self.by_folded: dict[str, list[_Entity]] = {}
        # Near matches are looked for among names of the same organization ending with the same
        # (folded) given name: comparing every pair of a 10,000-row ministry list would be quadratic.
        self.by_block: dict[tuple[str, str], list[_Entity]] = {}

        # Sure duplicates share the name key and a phone or an e-mail: looked up, not scanned (a
        # common name has many namesakes in a 50,000-row list).
        self.by_contact: dict[tuple[str, str], list[_Entity]] = {}
        self.by_key_org: dict[tuple[str, str], _Entity] = {}  # the first entity of that name in that unit
        self.count = 0

    def add(self, entity: _Entity) -> None:
        self.count += 1
        entity.order = self.count
        self.by_key_org.setdefault((entity.key, entity.org), entity)
        self.by_folded.setdefault(entity.folded, []).append(entity)
        if entity.org:
            self.by_block.setdefault((entity.org, entity.last or _last_word(entity.folded)), []).append(entity)
        for phone in entity.phones:
            self.by_contact.setdefault((entity.key, "p" + phone), []).append(entity)
        for email in entity.emails:
            self.by_contact.setdefault((entity.key, "e" + email), []).append(entity)

    def add_contact(self, entity: _Entity, phone: str, email: str) -> None:
        """Record a phone or e-mail a merge brought to ``entity``."""
        if phone and phone not in entity.phones:
            entity.phones.add(phone)
            self.by_contact.setdefault((entity.key, "p" + phone), []).append(entity)
        if email and email not in entity.emails:
            entity.emails.add(email)
            self.by_contact.setdefault((entity.key, "e" + email), []).append(entity)

    def sharing_contact(self, key: str, row: ImportRow) -> list[_Entity]:
        """Entities named ``key`` that share ``row``'s phone or e-mail, in the order they were added."""
        found = self.by_contact.get((key, "p" + row.phone), []) if row.phone else []
        if row.email:
            more = self.by_contact.get((key, "e" + row.email), [])
            if more:
                found = sorted({id(e): e for e in (*found, *more)}.values(), key=lambda e: e.order)
        return found


def _last_word(folded: str) -> str:
    """The given name, without stray punctuation ("thao." -> "thao")."""
    last = folded.rpartition(" ")[2]
    if last.isalnum():  # the usual case: nothing to strip
        return last
    words = _PUNCT_RE.sub(" ", folded).split()
    return words[-1] if words else ""


class _Categories:
    """An event's categories matched by folded code or label; a section title such as
    "ĐẠI BIỂU CÁC BỘ, NGÀNH" matches the longest label it starts with ("Đại biểu")."""

    def __init__(self, categories: Sequence[Any]) -> None:
        self.by_text: dict[str, int] = {}
        for cat in categories:
            for text in (cat.code, cat.label_vi, cat.label_en):
                if text:
                    self.by_text.setdefault(fold(text), cat.id)
        self.prefixes = sorted(
            ((fold(t), c.id) for c in categories for t in (c.label_vi, c.label_en) if t and len(t) > 3),
            key=lambda item: -len(item[0]),
        )
        default = next((c.id for c in categories if c.code.upper() == "DB"), None)
        self.default = default if default is not None or not categories else categories[0].id
        self._cache: dict[str, int | None] = {}

    def match(self, text: str) -> int | None:
        """The category named by ``text``, ``None`` when none fits."""
        if text in self._cache:
            return self._cache[text]
        folded = fold(text)
        found = self.by_text.get(folded)
        if found is None:
            found = next((cid for label, cid in self.prefixes if folded.startswith(label + " ")), None)
        self._cache[text] = found
        return found


def _load_existing(
    db: Database, event_id: int
) -> tuple[dict[int, ExistingDelegate], dict[int, str], list[Any]]:
    with db.session() as session:
        rows = session.execute(
            select(
                Delegate.id,
                Delegate.full_name,
                Delegate.honorific,
                Delegate.position,
                Organization.name,
                Delegate.phone,
                Delegate.email,
                Delegate.gender,
                Delegate.notes,
                Delegate.delegation,
                Delegate.nationality,
                Delegate.category_id,
                Organization.name_folded,
            )
            .outerjoin(Organization, Organization.id == Delegate.organization_id)
            .where(Delegate.event_id == event_id, Delegate.deleted_at.is_(None))
            .order_by(Delegate.id)
        ).all()
        categories = session.execute(
            select(Category.id, Category.code, Category.label_vi, Category.label_en)
            .where(Category.event_id == event_id)
            .order_by(Category.sort_order, Category.id)
        ).all()
    existing: dict[int, ExistingDelegate] = {}
    orgs: dict[int, str] = {}
    for r in rows:
        existing[r[0]] = ExistingDelegate(
            id=r[0], full_name=r[1], honorific=r[2], position=r[3], organization=r[4] or "", phone=r[5],
            email=r[6], gender=r[7].value if r[7] is not None else "", notes=r[8], delegation=r[9],
            nationality=r[10], category_id=r[11],
        )  # fmt: skip
        orgs[r[0]] = r[12] or ""
    return existing, orgs, list(categories)


def row_values(row: ImportRow, category_id: int | None) -> dict[str, Any]:
    """The mergeable values of an incoming row, keyed like ``MERGED_FIELDS``."""
    return {
        "honorific": row.honorific, "position": row.position, "organization": row.organization,
        "phone": row.phone, "email": row.email, "gender": row.gender, "notes": row.notes,
        "delegation": row.delegation, "nationality": row.nationality, "category": category_id,
    }  # fmt: skip


def existing_values(existing: ExistingDelegate) -> dict[str, Any]:
    return {
        "honorific": existing.honorific, "position": existing.position, "organization": existing.organization,
        "phone": existing.phone, "email": existing.email, "gender": existing.gender, "notes": existing.notes,
        "delegation": existing.delegation, "nationality": existing.nationality, "category": existing.category_id,
    }  # fmt: skip


def merge_conflicts(
    current: dict[str, Any], incoming: dict[str, Any], *, default_category: int | None = None
) -> tuple[MergeConflict, ...]:
    """Fields both sides fill with different values (organisations compared folded)."""
    found = []
    for name in MERGED_FIELDS:
        old, new = current.get(name), incoming.get(name)
        if old in ("", None) or new in ("", None):
            continue
        if name == "category" and new == default_category:
            continue  # a row without a category gets the default: not a real disagreement
        same = fold(old) == fold(new) if name == "organization" else old == new
        if not same:
            found.append(MergeConflict(name, str(old), str(new)))
    return tuple(found)


@gc_paused()
def build_plan(db: Database, event_id: int, sheets: Sequence[ParsedSheet]) -> ImportPlan:
    """Classify every row of ``sheets`` against the event's delegates and the rows before it."""
    existing, existing_orgs, categories = _load_existing(db, event_id)
    matcher = _Categories(categories)
    default_category = matcher.default
    category_labels = {c.id: c.label_vi for c in categories}
    index = _Index()
    for delegate in existing.values():
        index.add(
            _Entity(
                delegate.id,
                None,
                name_key(delegate.full_name),
                fold_clean(delegate.full_name),
                existing_orgs.get(delegate.id, ""),
                {delegate.phone} - {""},
                {delegate.email} - {""},
            )
        )

    planned: list[PlannedRow] = []
    merged_values: dict[int, dict[str, Any]] = {}  # row index (made on first merge) -> values after merges
    groups: dict[int, dict[str, Any]] = {}
    unknown_categories: dict[str, None] = {}
    sheet_plans: list[SheetPlan] = []
    org_fold_cache: dict[str, str] = {}
    names: dict[str, tuple[str, str, str]] = {}  # full name -> (name key, folded, folded given name)

    def group_of(entity: _Entity, reason: str, member: int) -> int:
        if entity.group is None:
            entity.group = len(groups) + 1
            groups[entity.group] = {
                "existing": existing.get(entity.existing_id) if entity.existing_id is not None else None,
                "anchor_row": entity.row_index,
                "rows": [],
                "reasons": set(),
            }
        groups[entity.group]["rows"].append(member)
        groups[entity.group]["reasons"].add(reason)
        return entity.group

    for parsed in sheets:
        start = len(planned)
        for row in parsed.rows:
            i = len(planned)
            category_id = default_category
            if row.category:
                category_id = matcher.match(row.category)
                if category_id is None:
                    unknown_categories[row.category] = None
                    category_id = default_category
            org = org_fold_cache.get(row.organization)
            if org is None:
                org = org_fold_cache[row.organization] = fold_clean(row.organization)
            name = names.get(row.full_name)
            if name is None:  # namesakes and repeated people: each distinct name keyed once
                folded = fold_clean(row.full_name)
                name = names[row.full_name] = (name_key(row.full_name), folded, _last_word(folded))
            key, folded, last = name

            sure: tuple[_Entity, str] | None = None
            for entity in index.sharing_contact(key, row):
                reason = _shares_contact(entity, row)
                if reason and (
                    sure is None or (entity.existing_id is not None and sure[0].existing_id is None)
                ):
                    sure = (entity, reason)
            if sure is not None:
                entity, reason = sure
                incoming = row_values(row, category_id)
                if entity.existing_id is not None:
                    current = merged_values.setdefault(
                        -entity.existing_id, existing_values(existing[entity.existing_id])
                    )
                else:  # an earlier row of this import: its values, as earlier merges left them
                    target = planned[entity.row_index]  # type: ignore[index]
                    current = merged_values.get(target.index)
                    if current is None:
                        current = merged_values[target.index] = row_values(target.row, target.category_id)
                conflicts = merge_conflicts(current, incoming, default_category=default_category)
                changes = []
                for name, value in incoming.items():
                    if current.get(name) in ("", None) and value not in ("", None):
                        current[name] = value
                        shown = category_labels.get(value, "") if name == "category" else str(value)
                        changes.append(FieldChange(name, "", shown))
                index.add_contact(entity, row.phone, row.email)
                planned.append(
                    _planned(i, row, RowAction.MERGE, category_id, entity.existing_id, entity.row_index,
                               reason=reason, conflicts=conflicts, changes=tuple(changes))
                )  # fmt: skip
                continue

            look_alike: tuple[_Entity, str] | None = None
            namesake = index.by_key_org.get((key, org))
            if namesake is not None:
                look_alike = (namesake, "same_name_org")
            if look_alike is None:
                for entity in index.by_folded.get(folded, ()):
                    if entity.key != key and (
                        entity.org == org or not entity.org or not org or _shares_contact(entity, row)
                    ):
                        look_alike = (entity, "tone_marks")
                        break
            if look_alike is None and org:
                for entity in index.by_block.get((org, last), ()):
                    if entity.folded != folded and Indel.normalized_similarity(
                        entity.folded, folded, score_cutoff=NEAR_MATCH_SCORE / 100
                    ):
                        look_alike = (entity, "similar_name")
                        break

            entity = _Entity(None, i, key, folded, org, {row.phone} if row.phone else set(),
                             {row.email} if row.email else set(), last=last)
            if look_alike is not None:
                other, reason = look_alike
                group = group_of(other, reason, i)
                entity.group = group
                planned.append(
                    _planned(i, row, RowAction.POSSIBLE, category_id, other.existing_id, other.row_index,
                               group=group, reason=reason)
                )  # fmt: skip
            else:
                planned.append(_planned(i, row, RowAction.NEW, category_id))
            index.add(entity)
        sheet_plans.append(
            SheetPlan(
                parsed.file,
                parsed.sheet,
                parsed.rows_read,
                start,
                len(planned),
                tuple(parsed.rejected),
                tuple(parsed.warnings),
                parsed.header_signature,
                dict(parsed.columns),
            )
        )

    warnings: list[ImportWarning] = []
    if unknown_categories:
        names = list(unknown_categories)
        warnings.append(
            ImportWarning("import_ui.category_unknown", {"values": names, "names": ", ".join(names)})
        )
    return ImportPlan(
        event_id=event_id,
        rows=tuple(planned),
        groups=tuple(
            DuplicateGroup(gid, g["existing"], g["anchor_row"], tuple(g["rows"]), frozenset(g["reasons"]))
            for gid, g in groups.items()
        ),
        sheets=tuple(sheet_plans),
        existing=existing,
        warnings=tuple(warnings),
    )
