"""Organizations (units delegates come from): list for the completer, create, rename, merge.

Organizations are shared by every event of a database; the folded name is unique, so
"Sở TT&TT Đà Nẵng" and "SỞ TT&TT ĐÀ NẴNG" are one organization.

Features above registration that keep data per organization (the survey's answers) take part in
a merge or a delete through :func:`add_organization_hooks`: merging calls every merge hook inside
the merge's transaction, and deleting calls every delete hook, which may refuse.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from confman.core.audit import record_audit
from confman.core.changes import Changes
from confman.core.db.engine import Database
from confman.core.db.references import detach, repoint
from confman.core.enums import OrganizationType
from confman.core.errors import DomainError
from confman.core.registration.models import Delegate, Organization
from confman.core.registration.rows import OrganizationRow
from confman.core.text import clean_text, fold

NAME_MAX = 500


@dataclass(frozen=True, slots=True)
class OrganizationHooks:
    """What a feature does when organizations are merged or deleted, inside that unit of work.

    ``merged(session, survivor_id, merged_id)`` runs before the merged organization is deleted and
    moves the feature's rows to the survivor; ``deleting(session, organization)`` raises a
    ``DomainError`` to refuse the delete. Both return the kinds of data they changed (for ``Changes``).
    """

    merged: Callable[[Session, int, int], Collection[str]]
    deleting: Callable[[Session, Organization], Collection[str]]


_hooks: list[OrganizationHooks] = []


def add_organization_hooks(hooks: OrganizationHooks) -> None:
    """Register a feature's part in merging and deleting organizations (once; a second call is ignored)."""
    if hooks not in _hooks:
        _hooks.append(hooks)


def _row(org: Organization, count: int = 0) -> OrganizationRow:
    return OrganizationRow(id=org.id, name=org.name, short_name=org.short_name, type=org.type,
                           province=org.province, delegate_count=count, name_en=org.name_en or "")


def list_organizations(db: Database, *, event_id: int | None = None) -> list[OrganizationRow]:
    """Every organization in Vietnamese order; counts are delegates of ``event_id`` (or of all events)."""
    counted = select(Delegate.organization_id, func.count(Delegate.id).label("n")).where(
        Delegate.deleted_at.is_(None)
    )
    if event_id is not None:
        counted = counted.where(Delegate.event_id == event_id)
    counts = counted.group_by(Delegate.organization_id).subquery()
    with db.session() as session:
        rows = session.execute(
            select(Organization, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.organization_id == Organization.id)
            .order_by(Organization.sort_key, Organization.id)
        ).all()
        return [_row(org, n) for org, n in rows]


def clean_organization_name(name: str) -> str:
    return clean_text(name, max_length=NAME_MAX, field="organization")


def find_or_create_organization(session: Session, name: str, *, station: str = "",
                                event_id: int | None = None) -> tuple[Organization | None, bool]:
    """The organization named ``name`` (compared folded) and whether it was just created.

    (None, False) for a blank name.
    """
    name = clean_organization_name(name)
    if not name:
        return None, False
    org = session.scalar(select(Organization).where(Organization.name_folded == fold(name)))
    if org is not None:
        return org, False
    org = Organization(name=name, type=OrganizationType.OTHER)
    session.add(org)
    session.flush()
    record_audit(session, entity="organization", entity_id=org.id, action="create",
                 changes={"name": name}, event_id=event_id, station=station)
    return org, True


def create_organization(db: Database, *, name: str, short_name: str = "",
                        type: OrganizationType = OrganizationType.OTHER, province: str = "",
                        station: str = "", name_en: str = "") -> OrganizationRow:
    """Add an organization; a name equal (folded) to an existing one is refused."""
    name = clean_organization_name(name)
    if not name:
        raise DomainError("delegates.organization_name_required")
    with db.session() as session:
        if session.scalar(select(Organization.id).where(Organization.name_folded == fold(name))):
            raise DomainError("delegates.organization_exists", name=name)
        org = Organization(name=name, short_name=clean_text(short_name, max_length=100, field="short_name"),
                           type=OrganizationType(type),
                           province=clean_text(province, max_length=100, field="province"),
                           name_en=clean_text(name_en, max_length=NAME_MAX, field="name_en"))
        session.add(org)
        session.flush()
        record_audit(session, entity="organization", entity_id=org.id, action="create",
                     changes={"name": name}, station=station)
        return _row(org)


def update_organization(db: Database, organization_id: int, *, name: str, short_name: str = "",
                        type: OrganizationType = OrganizationType.OTHER, province: str = "",
                        station: str = "", name_en: str | None = None) -> tuple[OrganizationRow, Changes]:
    """Rename an organization or change its short name, type, province, English name (None: kept).

    Its delegates' search text follows (``refresh_derived`` on each of them).
    """
    name = clean_organization_name(name)
    if not name:
        raise DomainError("delegates.organization_name_required")
    with db.session() as session:
        org = session.get(Organization, organization_id)
        if org is None:
            raise DomainError("delegates.organization_not_found", id=organization_id)
        clash = session.scalar(select(Organization.id).where(
            Organization.name_folded == fold(name), Organization.id != organization_id))
        if clash:
            raise DomainError("delegates.organization_exists", name=name)
        values = {"name": name, "short_name": clean_text(short_name, max_length=100, field="short_name"),
                  "type": OrganizationType(type), "province": clean_text(province, max_length=100, field="province")}
        if name_en is not None:
            values["name_en"] = clean_text(name_en, max_length=NAME_MAX, field="name_en")
        changes = {k: [getattr(org, k), v] for k, v in values.items() if getattr(org, k) != v}
        for key, value in values.items():
            setattr(org, key, value)
        delegate_ids: list[int] = []
        if "name" in changes or "short_name" in changes:
            org.refresh_derived()
            for delegate in session.scalars(select(Delegate).where(Delegate.organization_id == org.id)):
                delegate.refresh_derived()
                delegate_ids.append(delegate.id)
        if changes:
            record_audit(session, entity="organization", entity_id=org.id, action="update", changes=changes,
                         station=station)
        return _row(org), Changes.of("organizations", "delegates", ids=delegate_ids)


def merge_organizations(db: Database, survivor_id: int, other_id: int, *, station: str = "") -> Changes:
    """Move every delegate and presentation of ``other_id`` to ``survivor_id`` and delete ``other_id``."""
    if survivor_id == other_id:
        raise DomainError("delegates.merge_same")
    with db.session() as session:
        survivor = session.get(Organization, survivor_id)
        other = session.get(Organization, other_id)
        if survivor is None or other is None:
            raise DomainError("delegates.organization_not_found", id=other_id if survivor else survivor_id)
        moved = list(session.scalars(select(Delegate).where(Delegate.organization_id == other_id)))
        for delegate in moved:
            delegate.organization = survivor
        session.flush()
        # Features with versioned rows per organization move them first, their own way (repoint
        # would drop a row whose unique keys the survivor already has).
        kinds = {"organizations", "delegates"}
        for hooks in list(_hooks):
            kinds.update(hooks.merged(session, survivor_id, other_id))
        # presentations and any other row naming the organization (delegates moved above)
        repoint(session, Organization.__table__, other_id, survivor_id, skip={"delegates.organization_id"})
        session.execute(update(Organization).where(Organization.parent_id == other_id)
                        .values(parent_id=survivor_id))
        for field in ("short_name", "province", "name_en"):
            if not getattr(survivor, field) and getattr(other, field):
                setattr(survivor, field, getattr(other, field))
        session.flush()
        record_audit(session, entity="organization", entity_id=survivor_id, action="merge",
                     changes={"merged": other.name, "merged_id": other_id, "delegates": len(moved)},
                     station=station)
        session.delete(other)
        return Changes.of(*sorted(kinds), ids=[d.id for d in moved])


def delete_organization(db: Database, organization_id: int, *, station: str = "") -> Changes:
    """Delete an organization nobody belongs to (in any event) and no feature keeps data of
    (a unit with survey answers is refused: merge it into the right unit instead)."""
    with db.session() as session:
        org = session.get(Organization, organization_id)
        if org is None:
            raise DomainError("delegates.organization_not_found", id=organization_id)
        used = session.scalar(select(func.count(Delegate.id)).where(Delegate.organization_id == organization_id))
        if used:
            raise DomainError("delegates.organization_in_use", name=org.name, count=used)
        kinds = {"organizations"}
        for hooks in list(_hooks):
            kinds.update(hooks.deleting(session, org))
        detach(session, Organization.__table__, organization_id, skip={"delegates.organization_id"})
        record_audit(session, entity="organization", entity_id=org.id, action="delete",
                     changes={"name": org.name}, station=station)
        session.delete(org)
    return Changes.of(*sorted(kinds), ids=[organization_id])
