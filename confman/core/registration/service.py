"""Delegates: register, edit, find duplicates, merge, bulk changes, soft delete, search.

Every write is one unit of work that also writes the audit log and returns ``Changes``.
Text is cleaned with ``confman.core.text`` (NFC, no control characters, length-checked);
hostile text (``=cmd|…``, ``<b>&``) is stored literally and never interpreted.

"Checked in" and "badge printed" are derived from the check-in log and the print log,
never stored: a delegate is checked in when an ``ok`` check-in at the event entrance
(``agenda_item_id`` NULL) exists that no ``undone`` row cancels.

Search matches every folded query term against the stored folded ``search_text``:
a term matches the start of a word ("an" finds An and Anh, not Hoàng).  Phone and e-mail
fragments ("5678", "0912 345 678", "+84 912", "@mofa", "mic.gov") match anywhere in the short
``search_contact`` column (phone digits in national and 84… form, the e-mail); acronyms typed
without punctuation ("tttt" for "TT&TT") match anywhere in the folded text, spaces ignored;
ordinary words keep the fast start-of-word test. Words typed with tone marks ("đức") rank the
delegates whose text carries exactly those marks (``search_marks``) first: Đức before Dục and
Đúc; without marks ("duc") they rank alike.
"""

from __future__ import annotations

import functools
import io
import operator
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
)
from sqlalchemy.orm import Session

from confman.core.audit import record_audit
from confman.core.changes import Changes
from confman.core.db.base import utcnow
from confman.core.db.engine import Database
from confman.core.db.references import repoint
from confman.core.enums import DelegateStatus, Gender, OrganizationType
from confman.core.errors import DomainError
from confman.core.events.models import Event
from confman.core.ledger import badge_prints, checkins
from confman.core.registration import contacts
from confman.core.registration.models import Category, Delegate, Organization
from confman.core.registration.organizations import clean_organization_name, find_or_create_organization
from confman.core.registration.rows import (
    KEEP,
    MERGE_FIELDS,
    SORT_COLUMNS,
    DelegateDetail,
    DelegateFilters,
    DelegateInput,
    DelegateRow,
    DelegateSaved,
    DelegateSort,
    DuplicateCandidate,
    SearchIds,
    SearchResult,
)
from confman.core.text import clean_text, fold, lower_marks, normalize_email, normalize_phone

#: Longest accepted value per text field (characters, after cleaning).
MAX_LENGTHS: dict[str, int] = {
    "honorific": 50, "full_name": 300, "position": 500, "delegation": 300, "nationality": 100,
    "notes": 5000,
}
#: Stored photos fit in this box (pixels); JPEG quality.
PHOTO_BOX = (600, 800)
PHOTO_QUALITY = 85
PHOTO_MAX_INPUT_BYTES = 30 * 1024 * 1024
#: Shortest term that may match inside words (see ``needs_infix``).
INFIX_MIN_LENGTH = 4

# --------------------------------------------------------------------------- derived flags


def checked_in_clause() -> ColumnElement[bool]:
    """The delegate row is checked in at the entrance (the rule: ``confman.core.ledger.checkins``)."""
    return checkins.checked_in_clause(Delegate.id, Delegate.event_id)


def badge_printed_clause() -> ColumnElement[bool]:
    """The delegate row has a printed badge (``confman.core.ledger.badge_prints``)."""
    return badge_prints.badge_printed_clause(Delegate.id, Delegate.event_id)


def contact_issue_clause() -> ColumnElement[bool]:
    """The delegate's phone or e-mail needs checking (``registration.contacts``)."""
    # Literals, not bound parameters: SQLite then matches it to the partial index's condition (CONTACT_ISSUE_SQL).
    empty = literal_column("''")
    return or_(Delegate.phone_issue != empty, Delegate.email_issue != empty)


# --------------------------------------------------------------------------- reading rows


def _row_select() -> Select[Any]:
    return (
        select(
            Delegate.id, Delegate.honorific, Delegate.full_name, Delegate.position, Delegate.organization_id,
            func.coalesce(Organization.name, ""), Delegate.category_id, func.coalesce(Category.code, ""),
            func.coalesce(Category.label_vi, ""), func.coalesce(Category.label_en, ""),
            func.coalesce(Category.color, ""), Delegate.delegation, Delegate.phone, Delegate.email,
            Delegate.status, badge_printed_clause(), checked_in_clause(), Delegate.deleted_at,
            Delegate.phone_issue, Delegate.phone_issue_value, Delegate.email_issue, Delegate.email_issue_value,
        )
        .select_from(Delegate)
        .outerjoin(Organization, Organization.id == Delegate.organization_id)
        .outerjoin(Category, Category.id == Delegate.category_id)
    )


def _to_row(r: Sequence[Any]) -> DelegateRow:
    return DelegateRow(
        id=r[0], honorific=r[1], full_name=r[2], position=r[3], organization_id=r[4], organization=r[5],
        category_id=r[6], category_code=r[7], category_label_vi=r[8], category_label_en=r[9],
        category_color=(r[10] or "").upper(), delegation=r[11], phone=r[12], email=r[13],
        status=DelegateStatus(r[14]), badge_printed=bool(r[15]), checked_in=bool(r[16]),
        deleted=r[17] is not None,
        contact_issues=contacts.from_columns(r[18], r[19], r[20], r[21]) if r[18] or r[20] else (),
    )


_IN_CHUNK = 500  # stays under every backend's bound-parameter limit


@cache
def _rows_by_ids_select() -> Select[Any]:
    """Built once: the statement cache then skips compiling it on every page fetch (~5 ms)."""
    return _row_select().where(Delegate.id.in_(bindparam("ids", expanding=True)))


def _rows_by_ids(session: Session, ids: Sequence[int]) -> list[DelegateRow]:
    found: dict[int, DelegateRow] = {}
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = list(ids[start:start + _IN_CHUNK])
        for r in session.execute(_rows_by_ids_select(), {"ids": chunk}):
            row = _to_row(r)
            found[row.id] = row
    return [found[i] for i in ids if i in found]


def fetch_delegate_rows(db: Database, ids: Sequence[int]) -> list[DelegateRow]:
    """The table rows of ``ids`` in the same order (ids that no longer exist are skipped)."""
    if not ids:
        return []
    with db.session() as session:
        return _rows_by_ids(session, list(ids))


def _detail(session: Session, delegate: Delegate) -> DelegateDetail:
    flags = session.execute(
        select(badge_prints.badge_printed_clause(literal(delegate.id), literal(delegate.event_id)),
               checkins.checked_in_clause(literal(delegate.id), literal(delegate.event_id)))
    ).one()
    return DelegateDetail(
        id=delegate.id, event_id=delegate.event_id, honorific=delegate.honorific, full_name=delegate.full_name,
        foreign_name=delegate.foreign_name, gender=delegate.gender, position=delegate.position,
        organization_id=delegate.organization_id,
        organization=delegate.organization.name if delegate.organization else "",
        category_id=delegate.category_id, category_code=delegate.category.code if delegate.category else "",
        delegation=delegate.delegation, phone=delegate.phone, email=delegate.email,
        nationality=delegate.nationality, notes=delegate.notes, photo=delegate.photo, status=delegate.status,
        badge_code=delegate.badge_code, badge_version=delegate.badge_version, badge_printed=bool(flags[0]),
        checked_in=bool(flags[1]), deleted_at=delegate.deleted_at, merged_into_id=delegate.merged_into_id,
        created_at=delegate.created_at, updated_at=delegate.updated_at,
        contact_issues=contacts.from_columns(delegate.phone_issue, delegate.phone_issue_value, delegate.email_issue,
                                             delegate.email_issue_value),
    )


def _load(session: Session, delegate_id: int) -> Delegate:
    delegate = session.get(Delegate, delegate_id)
    if delegate is None:
        raise DomainError("delegates.not_found", id=delegate_id)
    return delegate


def get_delegate(db: Database, delegate_id: int) -> DelegateDetail:
    """One delegate with every field (raises ``delegates.not_found``)."""
    with db.session() as session:
        return _detail(session, _load(session, delegate_id))


# --------------------------------------------------------------------------- search


def search_terms(query: str) -> list[str]:
    """The folded, de-duplicated terms of a search box text."""
    seen: list[str] = []
    for term in fold(query).split():
        if term not in seen:
            seen.append(term)
    return seen


def _scan_order(terms: list[str]) -> list[str]:
    """Terms worth testing, most selective first: SQL stops at the first term a row fails, and a
    term that starts another term ("ng" in "nguyen ng…") adds nothing for start-of-word matching."""
    kept = [t for t in terms if not any(o != t and o.startswith(t) and not needs_infix(t) for o in terms)]
    return sorted(kept, key=len, reverse=True)


def _contains(haystack: Any, needle: str, backend: str) -> ColumnElement[bool]:
    """Plain substring test: no LIKE wildcards to escape, and about twice as fast as LIKE on SQLite."""
    position = func.strpos(haystack, needle) if backend == "postgresql" else func.instr(haystack, needle)
    return position > 0


_VOWELS = frozenset("aeiouy")
#: A search box holding only a phone number as people write it: "0912 345 678", "+84 912.345", "(024) 3825".
_PHONE_QUERY_RE = re.compile(r"[\d\s.()+/-]+")


def needs_infix(term: str) -> bool:
    """Terms that are not the start of a Vietnamese word: numbers (phone tails), addresses,
    acronyms without a vowel ("tttt" for "TT&TT"); they match anywhere, spaces ignored."""
    return len(term) >= INFIX_MIN_LENGTH and (
        not _VOWELS.intersection(term) or any(ch.isdigit() or ch in "@." for ch in term))


def _query_terms(query: str) -> list[tuple[str, str]]:
    """``(term, kind)`` pairs, most selective first. Kinds: ``word`` (start of a word), ``contact``
    (anywhere in the phone digits, e-mail and dotted words: "5678", "@mofa", "84912…", "mic.gov",
    "tp.hcm"), ``infix`` (anywhere in the folded text, spaces ignored: "tttt", "a1b2")."""
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) >= INFIX_MIN_LENGTH and _PHONE_QUERY_RE.fullmatch(query.strip()):
        return [(digits, "contact")]  # one number however it is spaced or punctuated
    out = []
    for term in _scan_order(search_terms(query)):
        if "@" in term or "." in term or (term.isdigit() and len(term) >= INFIX_MIN_LENGTH):
            out.append((term, "contact"))
        elif not needs_infix(term):
            out.append((term, "word"))
        else:
            out.append((term, "infix"))
    return out


def _term_clause(term: str, kind: str, backend: str) -> ColumnElement[bool]:
    if kind == "contact":
        return _contains(Delegate.search_contact, term, backend)
    # Start of the text or after a space; no " " || search_text: building that string per row
    # doubles the scan time on SQLite.
    words = or_(func.substr(Delegate.search_text, 1, len(term)) == term,
                _contains(Delegate.search_text, " " + term, backend))
    if kind == "word":
        return words
    return or_(words, _contains(func.replace(Delegate.search_text, " ", ""), term, backend))


def exact_terms(query: str) -> list[str]:
    """The words of ``query`` written with tone marks or ``đ`` ("đức"), lower-cased: matches that
    carry exactly these marks rank first. A query without marks ("duc") ranks nothing."""
    terms: list[str] = []
    for word in lower_marks(query).split():
        if fold(word) != word and word not in terms:
            terms.append(word)
    return terms


def _rank(query: str, backend: str) -> ColumnElement[int] | None:
    """How many of the query's marked words a delegate matches exactly (at a word start)."""
    parts = [
        case((or_(func.substr(Delegate.search_marks, 1, len(term)) == term,
                  _contains(Delegate.search_marks, " " + term, backend)), 1), else_=0)
        for term in exact_terms(query)
    ]
    return functools.reduce(operator.add, parts) if parts else None


def _where(event_id: int, query: str, filters: DelegateFilters, backend: str) -> tuple[list[ColumnElement[bool]], bool]:
    """Conditions for a search, and whether they need the organizations table."""
    clauses: list[ColumnElement[bool]] = [Delegate.event_id == event_id]
    if filters.only_deleted:
        clauses.append(Delegate.deleted_at.is_not(None))
        clauses.append(Delegate.merged_into_id.is_(None))
    elif not filters.include_deleted:
        clauses.append(Delegate.deleted_at.is_(None))
    else:
        clauses.append(Delegate.merged_into_id.is_(None))
    clauses.extend(_term_clause(term, kind, backend) for term, kind in _query_terms(query))
    if filters.category_ids:
        clauses.append(Delegate.category_id.in_(sorted(filters.category_ids)))
    if filters.organization_ids:
        clauses.append(Delegate.organization_id.in_(sorted(filters.organization_ids)))
    if filters.statuses:
        clauses.append(Delegate.status.in_(sorted(DelegateStatus(s) for s in filters.statuses)))
    if filters.badge_printed is not None:
        clauses.append(badge_printed_clause() if filters.badge_printed else ~badge_printed_clause())
    if filters.checked_in is not None:
        clauses.append(checked_in_clause() if filters.checked_in else ~checked_in_clause())
    if filters.contact_issues:
        clauses.append(contact_issue_clause())
    needs_org = bool(filters.organization_types)
    if needs_org:
        clauses.append(Organization.type.in_(sorted(OrganizationType(t) for t in filters.organization_types)))
    return clauses, needs_org


def _order(sort: DelegateSort) -> tuple[list[Any], bool, bool]:
    """ORDER BY terms, and whether organizations / categories must be joined."""
    if sort.column not in SORT_COLUMNS:
        raise DomainError("delegates.bad_sort", column=sort.column)
    column = sort.column
    needs_org = needs_cat = False
    if column == "name":
        keys: list[Any] = [Delegate.sort_key]
    elif column == "organization":
        keys, needs_org = [func.coalesce(Organization.sort_key, "9"), Delegate.sort_key], True
    elif column == "category":
        keys, needs_cat = [func.coalesce(Category.sort_order, 1_000_000), Delegate.sort_key], True
    elif column == "status":
        order = {s: i for i, s in enumerate(DelegateStatus)}
        keys = [case(order, value=Delegate.status, else_=99), Delegate.sort_key]
    elif column == "badge_printed":
        keys = [case((badge_printed_clause(), 1), else_=0), Delegate.sort_key]
    elif column == "checked_in":
        keys = [case((checked_in_clause(), 1), else_=0), Delegate.sort_key]
    elif column == "created":
        keys = [Delegate.created_at]
    else:  # plain text columns: blanks last, then case-insensitively
        col = getattr(Delegate, column)
        keys = [case((col == "", 1), else_=0), func.lower(col), Delegate.sort_key]
    if sort.descending:
        keys = [k.desc() for k in keys]
        keys.append(Delegate.id.desc())
    else:
        keys.append(Delegate.id)
    return keys, needs_org, needs_cat


def _search_select(db: Database, columns: Select[Any], event_id: int, query: str, filters: DelegateFilters,
                   sort: DelegateSort | None, joined: bool = False) -> Select[Any]:
    clauses, needs_org = _where(event_id, query, filters, db.backend)
    # On SQLite ix_delegates_event_search answers this from the index alone (see models.Delegate).
    stmt = columns.where(and_(*clauses))
    order_org = order_cat = False
    if sort is not None:
        keys, order_org, order_cat = _order(sort)
        rank = _rank(query, db.backend)
        stmt = stmt.order_by(*keys) if rank is None else stmt.order_by(rank.desc(), *keys)
    if not joined:
        if needs_org or order_org:
            stmt = stmt.outerjoin(Organization, Organization.id == Delegate.organization_id)
        if order_cat:
            stmt = stmt.outerjoin(Category, Category.id == Delegate.category_id)
    return stmt


def count_delegates(db: Database, event_id: int) -> int:
    """Delegates of the event, not counting the recycle bin."""
    with db.session() as session:
        return _count_total(session, event_id)


def _count_total(session: Session, event_id: int) -> int:
    return session.scalar(
        select(func.count(Delegate.id)).where(Delegate.event_id == event_id, Delegate.deleted_at.is_(None))
    ) or 0


def search_delegates(db: Database, event_id: int, query: str = "", filters: DelegateFilters | None = None,
                     sort: DelegateSort | None = None, offset: int = 0, limit: int | None = 100) -> SearchResult:
    """One page of matching delegates in display order, with the filtered and total counts."""
    filters = filters or DelegateFilters()
    sort = sort or DelegateSort()
    with db.session() as session:
        counted = _search_select(db, select(func.count(Delegate.id)).select_from(Delegate), event_id, query,
                                 filters, None)
        filtered = session.scalar(counted) or 0
        stmt = _search_select(db, _row_select(), event_id, query, filters, sort, joined=True).offset(max(0, offset))
        if limit is not None:
            stmt = stmt.limit(max(0, limit))
        rows = tuple(_to_row(r) for r in session.execute(stmt))
        return SearchResult(rows=rows, total=_count_total(session, event_id), filtered=filtered,
                            offset=max(0, offset))


def search_delegate_ids(db: Database, event_id: int, query: str = "", filters: DelegateFilters | None = None,
                        sort: DelegateSort | None = None, first: int = 0, with_total: bool = True,
                        known: Collection[int] = ()) -> SearchIds:
    """Every matching id in display order (a few bytes each) plus the rows of the first ``first``.

    A windowed table keeps the ids and fetches rows by page with ``fetch_delegate_rows``.
    ``with_total=False`` skips counting the whole event (``total`` is then -1): a keystroke
    in the search box does not change it.  Rows whose ids are in ``known`` (already in the
    caller's cache) are not read again.
    """
    filters = filters or DelegateFilters()
    sort = sort or DelegateSort()
    with db.session() as session:
        stmt = _search_select(db, select(Delegate.id).select_from(Delegate), event_id, query, filters, sort)
        # Core execution: the ORM's row processing costs more than the query for 50,000 ids.
        ids = tuple(session.connection().execute(stmt).scalars())
        wanted = [i for i in ids[:first] if i not in known] if first else []
        first_rows = tuple(_rows_by_ids(session, wanted)) if wanted else ()
        total = _count_total(session, event_id) if with_total else -1
        return SearchIds(ids=ids, total=total, first_rows=first_rows)


# --------------------------------------------------------------------------- validation


@dataclass(frozen=True, slots=True)
class _Clean:
    honorific: str
    full_name: str
    position: str
    organization: str
    delegation: str
    phone: str
    email: str
    nationality: str
    notes: str
    gender: Gender | None
    foreign_name: bool
    status: DelegateStatus
    contact_issues: tuple[contacts.ContactIssue, ...] = ()


def _text(value: str, field: str, *, multiline: bool = False) -> str:
    return clean_text(value, multiline=multiline, max_length=MAX_LENGTHS[field], field=field)


def clean_input(data: DelegateInput) -> _Clean:
    """Cleaned, checked values of ``data``; raises the first ``DomainError`` found (a bad phone or e-mail
    too, unless ``data.flag_invalid_contact``: then it is left empty and named in ``contact_issues``)."""
    full_name = _text(data.full_name, "full_name")
    if not full_name:
        raise DomainError("delegates.name_required")
    if data.flag_invalid_contact:
        phone, email, issues = contacts.check_contact(data.phone, data.email)
    else:
        phone, email, issues = normalize_phone(data.phone, field="phone"), normalize_email(data.email, field="email"), ()
    return _Clean(
        honorific=_text(data.honorific, "honorific"),
        full_name=full_name,
        position=_text(data.position, "position"),
        organization=clean_organization_name(data.organization),
        delegation=_text(data.delegation, "delegation"),
        phone=phone,
        email=email,
        nationality=_text(data.nationality, "nationality"),
        notes=_text(data.notes, "notes", multiline=True),
        gender=Gender(data.gender) if data.gender else None,
        foreign_name=bool(data.foreign_name),
        status=DelegateStatus(data.status),
        contact_issues=issues,
    )


def prepare_photo(data: bytes) -> bytes:
    """A stored photo: upright, RGB, fitted into ``PHOTO_BOX``, JPEG.  Raises ``delegates.photo_invalid``."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not data or len(data) > PHOTO_MAX_INPUT_BYTES:
        raise DomainError("delegates.photo_invalid")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            if upright.mode in ("RGBA", "LA", "P"):
                rgba = upright.convert("RGBA")
                flat = Image.new("RGB", rgba.size, (255, 255, 255))
                flat.paste(rgba, mask=rgba.getchannel("A"))
                upright = flat
            else:
                upright = upright.convert("RGB")
            upright.thumbnail(PHOTO_BOX, Image.Resampling.LANCZOS)
            out = io.BytesIO()
            upright.save(out, format="JPEG", quality=PHOTO_QUALITY, optimize=True)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise DomainError("delegates.photo_invalid") from exc


def _category_id(session: Session, event_id: int, data: DelegateInput) -> int | None:
    if data.category_id is not None:
        found = session.scalar(select(Category.id).where(Category.id == data.category_id,
                                                         Category.event_id == event_id))
        if found is None:
            raise DomainError("delegates.category_not_found", id=data.category_id)
        return found
    if data.category_code:
        code = clean_text(data.category_code).upper()
        found = session.scalar(select(Category.id).where(Category.event_id == event_id,
                                                         func.upper(Category.code) == code))
        if found is None:
            raise DomainError("delegates.category_unknown", code=code)
        return found
    return None


_AUDITED = ("honorific", "full_name", "foreign_name", "gender", "position", "organization_id", "category_id",
            "delegation", "phone", "email", "nationality", "notes", "status", "phone_issue", "email_issue")


def _snapshot(delegate: Delegate) -> dict[str, Any]:
    return {name: getattr(delegate, name) for name in _AUDITED}


def _apply(session: Session, delegate: Delegate, clean: _Clean, category_id: int | None,
           data: DelegateInput, station: str) -> bool:
    """Set the cleaned values; True when a new organization was created."""
    org, created_org = find_or_create_organization(session, clean.organization, station=station,
                                                   event_id=delegate.event_id)
    for name in ("honorific", "full_name", "position", "delegation", "phone", "email", "nationality", "notes",
                 "gender", "foreign_name", "status"):
        setattr(delegate, name, getattr(clean, name))
    for name, value in contacts.columns(clean.contact_issues).items():  # a valid (or no) value clears its issue
        setattr(delegate, name, value)
    delegate.organization = org
    delegate.category = session.get(Category, category_id) if category_id is not None else None
    if data.photo is not KEEP:
        delegate.photo = prepare_photo(data.photo) if data.photo else None  # type: ignore[arg-type]
    return created_org


def _event_exists(session: Session, event_id: int) -> None:
    if session.get(Event, event_id) is None:
        raise DomainError("event.not_found", code=str(event_id))


def create_delegate(db: Database, event_id: int, data: DelegateInput, *, station: str = "") -> DelegateSaved:
    """Register a delegate (organization created on the fly when its name is new)."""
    clean = clean_input(data)
    with db.session() as session:
        _event_exists(session, event_id)
        category_id = _category_id(session, event_id, data)
        delegate = Delegate(event_id=event_id, full_name=clean.full_name)
        with session.no_autoflush:
            created_org = _apply(session, delegate, clean, category_id, data, station)
        session.add(delegate)
        session.flush()
        record_audit(session, entity="delegate", entity_id=delegate.id, action="create",
                     changes={k: [None, v] for k, v in _snapshot(delegate).items() if v not in ("", None, False)},
                     event_id=event_id, station=station)
        detail = _detail(session, delegate)
    kinds = ("delegates", "organizations") if created_org else ("delegates",)
    return DelegateSaved(detail, Changes.of(*kinds, ids=[detail.id]))


def update_delegate(db: Database, delegate_id: int, data: DelegateInput, *, station: str = "") -> DelegateSaved:
    """Replace a delegate's fields with ``data`` (photo kept unless given)."""
    clean = clean_input(data)
    with db.session() as session:
        delegate = _load(session, delegate_id)
        category_id = _category_id(session, delegate.event_id, data)
        before = _snapshot(delegate)
        photo_before = delegate.photo
        with session.no_autoflush:
            created_org = _apply(session, delegate, clean, category_id, data, station)
        session.flush()
        after = _snapshot(delegate)
        changes: dict[str, Any] = {k: [before[k], after[k]] for k in _AUDITED if before[k] != after[k]}
        if delegate.photo != photo_before:
            changes["photo"] = [photo_before, delegate.photo]
        if changes:
            record_audit(session, entity="delegate", entity_id=delegate.id, action="update", changes=changes,
                         event_id=delegate.event_id, station=station)
        detail = _detail(session, delegate)
    kinds = ("delegates", "organizations") if created_org else ("delegates",)
    return DelegateSaved(detail, Changes.of(*kinds, ids=[delegate_id]))


# --------------------------------------------------------------------------- duplicates


def find_duplicates(db: Database, event_id: int, *, full_name: str, organization: str = "", phone: str = "",
                    email: str = "", exclude_id: int | None = None) -> list[DuplicateCandidate]:
    """Delegates of the event (not deleted) with the same folded name in the same organization,
    or the same phone, or the same e-mail.  Unparseable phone/e-mail values are ignored."""
    name_folded = fold(full_name)
    org_folded = fold(organization)
    try:
        phone = normalize_phone(phone)
    except DomainError:
        phone = ""
    try:
        email = normalize_email(email)
    except DomainError:
        email = ""
    with db.session() as session:
        conditions: list[ColumnElement[bool]] = []
        name_clause: ColumnElement[bool] = false()
        if name_folded:
            org_id = None
            if org_folded:
                org_id = session.scalar(select(Organization.id).where(Organization.name_folded == org_folded))
            if not org_folded or org_id is not None:
                same_org = (Delegate.organization_id == org_id) if org_id is not None \
                    else Delegate.organization_id.is_(None)
                name_clause = and_(Delegate.name_folded == name_folded, same_org)
                conditions.append(name_clause)
        phone_clause = (Delegate.phone == phone) if phone else false()
        email_clause = (Delegate.email == email) if email else false()
        if phone:
            conditions.append(phone_clause)
        if email:
            conditions.append(email_clause)
        if not conditions:
            return []
        stmt = (
            _row_select()
            .add_columns(case((name_clause, 1), else_=0), case((phone_clause, 1), else_=0),
                         case((email_clause, 1), else_=0))
            .where(Delegate.event_id == event_id, Delegate.deleted_at.is_(None), or_(*conditions))
            .order_by(Delegate.sort_key, Delegate.id)
            .limit(50)
        )
        if exclude_id is not None:
            stmt = stmt.where(Delegate.id != exclude_id)
        found = []
        for r in session.execute(stmt):
            reasons = {name for name, hit in zip(("name_org", "phone", "email"), r[-3:], strict=True) if hit}
            found.append(DuplicateCandidate(row=_to_row(r[:-3]), reasons=frozenset(reasons)))
        return found


# --------------------------------------------------------------------------- merge


def merge_delegates(db: Database, survivor_id: int, other_id: int, *, take_from_other: Collection[str] = (),
                    station: str = "") -> Changes:
    """Merge ``other_id`` into ``survivor_id``.

    Fields named in ``take_from_other`` get the other's value; check-ins, badge prints,
    agenda roles and presentations move to the survivor; the other is marked merged
    (``merged_into_id``) and goes to the recycle bin.
    """
    if survivor_id == other_id:
        raise DomainError("delegates.merge_same")
    unknown = set(take_from_other) - set(MERGE_FIELDS)
    if unknown:
        raise DomainError("delegates.merge_bad_field", field=", ".join(sorted(unknown)))
    with db.session() as session:
        survivor = _load(session, survivor_id)
        other = _load(session, other_id)
        if survivor.event_id != other.event_id:
            raise DomainError("delegates.merge_other_event")
        if survivor.deleted_at is not None or other.deleted_at is not None:
            raise DomainError("delegates.merge_deleted")
        before = _snapshot(survivor)
        for name in take_from_other:
            if name == "organization_id":
                survivor.organization = other.organization
            elif name == "category_id":
                survivor.category = other.category
            else:
                setattr(survivor, name, getattr(other, name))
            if name in contacts.CONTACT_FIELDS:  # the value taken comes with what needs checking about it
                for column in (f"{name}_issue", f"{name}_issue_value"):
                    setattr(survivor, column, getattr(other, column))
        # check-ins, badge prints, agenda roles, presentations: every row that names the other record
        repoint(session, Delegate.__table__, other_id, survivor_id)
        other.merged_into_id = survivor_id
        other.deleted_at = utcnow()
        session.flush()
        after = _snapshot(survivor)
        record_audit(session, entity="delegate", entity_id=survivor_id, action="merge",
                     changes={"merged_id": other_id, **{k: [before[k], after[k]] for k in _AUDITED
                                                         if before[k] != after[k]}},
                     event_id=survivor.event_id, station=station)
        record_audit(session, entity="delegate", entity_id=other_id, action="merged_into",
                     changes={"survivor_id": survivor_id}, event_id=survivor.event_id, station=station)
    return Changes.of("delegates", "checkins", "badges", "agenda", "presentations", ids=[survivor_id, other_id])


# --------------------------------------------------------------------------- bulk, delete, restore


def _load_many(session: Session, ids: Iterable[int]) -> list[Delegate]:
    wanted = sorted(set(ids))
    found: list[Delegate] = []
    for start in range(0, len(wanted), _IN_CHUNK):
        found.extend(session.scalars(select(Delegate).where(Delegate.id.in_(wanted[start:start + _IN_CHUNK]))))
    return found


def bulk_update(db: Database, ids: Collection[int], *, category_id: Any = KEEP, status: Any = KEEP,
                delegation: Any = KEEP, station: str = "") -> Changes:
    """Set the category, status and/or delegation of many delegates at once (``KEEP`` leaves a field)."""
    values: dict[str, Any] = {}
    if status is not KEEP:
        values["status"] = DelegateStatus(status)
    if delegation is not KEEP:
        values["delegation"] = _text(delegation or "", "delegation")
    if not ids or (not values and category_id is KEEP):
        return Changes()
    with db.session() as session:
        delegates = _load_many(session, ids)
        category = None
        if category_id is not KEEP and category_id is not None:
            category = session.get(Category, category_id)
            if category is None or any(d.event_id != category.event_id for d in delegates):
                raise DomainError("delegates.category_not_found", id=category_id)
        if category_id is not KEEP:
            values["category_id"] = category_id
        touched = []
        for delegate in delegates:
            changes = {k: [getattr(delegate, k), v] for k, v in values.items() if getattr(delegate, k) != v}
            if not changes:
                continue
            for key, value in values.items():
                if key == "category_id":
                    delegate.category = category
                else:
                    setattr(delegate, key, value)
            record_audit(session, entity="delegate", entity_id=delegate.id, action="bulk_update",
                         changes=changes, event_id=delegate.event_id, station=station)
            touched.append(delegate.id)
    return Changes.of("delegates", ids=touched)


def delete_delegates(db: Database, ids: Collection[int], *, station: str = "") -> Changes:
    """Move delegates to the recycle bin (``deleted_at``); ``restore_delegates`` undoes it."""
    now = utcnow()
    with db.session() as session:
        touched = []
        for delegate in _load_many(session, ids):
            if delegate.deleted_at is None:
                delegate.deleted_at = now
                touched.append(delegate.id)
                record_audit(session, entity="delegate", entity_id=delegate.id, action="delete",
                             changes={"deleted_at": [None, now]}, event_id=delegate.event_id, station=station)
    return Changes.of("delegates", ids=touched)


def restore_delegates(db: Database, ids: Collection[int], *, station: str = "") -> Changes:
    """Take delegates out of the recycle bin (merged ones stay merged)."""
    with db.session() as session:
        touched = []
        for delegate in _load_many(session, ids):
            if delegate.deleted_at is not None and delegate.merged_into_id is None:
                record_audit(session, entity="delegate", entity_id=delegate.id, action="restore",
                             changes={"deleted_at": [delegate.deleted_at, None]}, event_id=delegate.event_id,
                             station=station)
                delegate.deleted_at = None
                touched.append(delegate.id)
    return Changes.of("delegates", ids=touched)


__all__ = [
    "bulk_update",
    "checked_in_clause",
    "clean_input",
    "contact_issue_clause",
    "count_delegates",
    "create_delegate",
    "delete_delegates",
    "fetch_delegate_rows",
    "find_duplicates",
    "get_delegate",
    "merge_delegates",
    "prepare_photo",
    "restore_delegates",
    "search_delegate_ids",
    "search_delegates",
    "search_terms",
    "update_delegate",
]
