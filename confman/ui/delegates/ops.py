"""The delegates feature's calls into the core (plain functions run by ops; no widgets here)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from confman.core.changes import Changes
from confman.core.db.engine import Database
from confman.core.db.interrupt import interruptible
from confman.core.registration import categories as category_service
from confman.core.registration import organizations as organization_service
from confman.core.registration.contacts import ContactIssue, check_contact
from confman.core.registration.rows import (
    CategoryRow,
    DelegateDetail,
    DelegateFilters,
    DelegateInput,
    DelegateRow,
    DelegateSaved,
    DelegateSort,
    DuplicateCandidate,
    OrganizationRow,
    SearchIds,
)
from confman.core.registration.service import (
    MAX_LENGTHS,
    bulk_update,
    create_delegate,
    delete_delegates,
    fetch_delegate_rows,
    find_duplicates,
    get_delegate,
    merge_delegates,
    prepare_photo,
    restore_delegates,
    search_delegate_ids,
    update_delegate,
)

__all__ = [
    "MAX_LENGTHS", "CategoryRow", "ContactIssue", "DelegateDetail", "DelegateFilters", "DelegateInput", "DelegateRow",
    "DelegateSaved", "DelegateSort", "DuplicateCandidate", "OrganizationRow", "SearchIds", "check_contact",
    "prepare_photo",
]

#: What an edit in the organizations or categories dialog may change on other pages.
REFERENCE_CHANGES = Changes.of("organizations", "categories", "delegates")


@dataclass(frozen=True, slots=True)
class Reference:
    """The filter bar's and the dialogs' lists: categories and organizations of the event."""

    categories: list[CategoryRow]
    organizations: list[OrganizationRow]


# -- reads -------------------------------------------------------------------------------
def search(db: Database, steps: Any, event_id: int, query: str, filters: DelegateFilters, sort: DelegateSort, *,
           first: int, with_total: bool, known: frozenset[int]) -> SearchIds:
    """The ids of a search; a search overtaken by the next keystroke is interrupted in the database."""
    with interruptible(db) as handle:
        steps.on_cancel(handle.interrupt)
        return search_delegate_ids(db, event_id, query, filters, sort, first=first, with_total=with_total,
                                   known=known)


def rows(db: Database, ids: Sequence[int]) -> list[DelegateRow]:
    return fetch_delegate_rows(db, ids)


def reference(db: Database, event_id: int) -> Reference:
    return Reference(category_service.list_categories(db, event_id),
                     organization_service.list_organizations(db, event_id=event_id))


def detail(db: Database, delegate_id: int) -> DelegateDetail:
    return get_delegate(db, delegate_id)


def pair(db: Database, first_id: int, second_id: int) -> tuple[DelegateDetail, DelegateDetail]:
    return get_delegate(db, first_id), get_delegate(db, second_id)


def duplicates(db: Database, event_id: int, data: DelegateInput, exclude_id: int | None) -> list[DuplicateCandidate]:
    return find_duplicates(db, event_id, full_name=data.full_name, organization=data.organization, phone=data.phone,
                           email=data.email, exclude_id=exclude_id)


def organizations(db: Database, event_id: int | None) -> list[OrganizationRow]:
    return organization_service.list_organizations(db, event_id=event_id)


def categories(db: Database, event_id: int) -> list[CategoryRow]:
    return category_service.list_categories(db, event_id)


# -- writes (each returns the Changes the op broadcasts) ------------------------------------------
def save(db: Database, event_id: int, delegate_id: int | None, data: DelegateInput, station: str) -> DelegateSaved:
    if delegate_id is None:
        return create_delegate(db, event_id, data, station=station)
    return update_delegate(db, delegate_id, data, station=station)


def merge(db: Database, survivor_id: int, other_id: int, take: Collection[str], station: str) -> Changes:
    return merge_delegates(db, survivor_id, other_id, take_from_other=take, station=station)


def update_many(db: Database, ids: Collection[int], station: str, **values: Any) -> Changes:
    return bulk_update(db, ids, station=station, **values)


def delete(db: Database, ids: Collection[int], station: str) -> Changes:
    return delete_delegates(db, ids, station=station)


def restore(db: Database, ids: Collection[int], station: str) -> Changes:
    return restore_delegates(db, ids, station=station)


def _reference(result: object) -> Changes:
    if isinstance(result, Changes):
        return result | REFERENCE_CHANGES
    changes = result[1] if isinstance(result, tuple) and len(result) == 2 else None
    return (changes if isinstance(changes, Changes) else Changes()) | REFERENCE_CHANGES


def create_organization(db: Database, station: str, **values: Any) -> Changes:
    return _reference(organization_service.create_organization(db, **values, station=station))


def update_organization(db: Database, organization_id: int, station: str, **values: Any) -> Changes:
    return _reference(organization_service.update_organization(db, organization_id, **values, station=station))


def merge_organizations(db: Database, survivor_id: int, other_id: int, station: str) -> Changes:
    return _reference(organization_service.merge_organizations(db, survivor_id, other_id, station=station))


def delete_organization(db: Database, organization_id: int, station: str) -> Changes:
    return _reference(organization_service.delete_organization(db, organization_id, station=station))


def create_category(db: Database, event_id: int, station: str, **values: Any) -> Changes:
    return _reference(category_service.create_category(db, event_id, **values, station=station))


def update_category(db: Database, category_id: int, station: str, **values: Any) -> Changes:
    return _reference(category_service.update_category(db, category_id, **values, station=station))


def reorder_categories(db: Database, event_id: int, ids: list[int], station: str) -> Changes:
    return _reference(category_service.reorder_categories(db, event_id, ids, station=station))


def delete_category(db: Database, category_id: int, station: str) -> Changes:
    return _reference(category_service.delete_category(db, category_id, station=station))
