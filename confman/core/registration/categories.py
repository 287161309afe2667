"""Delegate categories of an event: labels vi/en, badge colour, display order."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from confman.core.audit import record_audit
from confman.core.changes import Changes
from confman.core.db.engine import Database
from confman.core.errors import DomainError
from confman.core.registration.models import Category, Delegate
from confman.core.registration.rows import CategoryRow
from confman.core.text import clean_text
from confman.i18n import t

_COLOR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
_CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def uncategorised_label(lang: str) -> str:
    """What a count by category calls the delegates without one ("Chưa phân hạng" / "Uncategorised")."""
    return t("category.uncategorised", lang)


def _row(category: Category, count: int = 0) -> CategoryRow:
    return CategoryRow(
        id=category.id, event_id=category.event_id, code=category.code, label_vi=category.label_vi,
        label_en=category.label_en, color=category.color.upper(), sort_order=category.sort_order,
        is_vip=category.is_vip, delegate_count=count,
    )


def list_categories(db: Database, event_id: int) -> list[CategoryRow]:
    """The event's categories in display order, with their (non-deleted) delegate counts."""
    counts = (
        select(Delegate.category_id, func.count(Delegate.id).label("n"))
        .where(Delegate.event_id == event_id, Delegate.deleted_at.is_(None))
        .group_by(Delegate.category_id)
        .subquery()
    )
    with db.session() as session:
        rows = session.execute(
            select(Category, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.category_id == Category.id)
            .where(Category.event_id == event_id)
            .order_by(Category.sort_order, Category.id)
        ).all()
        return [_row(c, n) for c, n in rows]


def _clean_fields(code: str, label_vi: str, label_en: str, color: str) -> tuple[str, str, str, str]:
    code = clean_text(code, max_length=32, field="code").upper()
    if not _CODE_RE.match(code):
        raise DomainError("delegates.category_bad_code", code=code)
    label_vi = clean_text(label_vi, max_length=200, field="label_vi")
    if not label_vi:
        raise DomainError("delegates.category_label_required")
    label_en = clean_text(label_en, max_length=200, field="label_en")
    color = clean_text(color)
    if not _COLOR_RE.match(color):
        raise DomainError("delegates.category_bad_color", color=color)
    return code, label_vi, label_en, color.upper()


def _code_taken(session: Session, event_id: int, code: str, exclude_id: int | None = None) -> bool:
    query = select(Category.id).where(Category.event_id == event_id, func.upper(Category.code) == code)
    if exclude_id is not None:
        query = query.where(Category.id != exclude_id)
    return session.scalar(query) is not None


def create_category(db: Database, event_id: int, *, code: str, label_vi: str, label_en: str = "",
                    color: str = "#1F4E79", is_vip: bool = False, station: str = "") -> CategoryRow:
    """Add a category at the end of the event's order; the code must be new in the event."""
    code, label_vi, label_en, color = _clean_fields(code, label_vi, label_en, color)
    with db.session() as session:
        if _code_taken(session, event_id, code):
            raise DomainError("delegates.category_code_taken", code=code)
        last = session.scalar(select(func.max(Category.sort_order)).where(Category.event_id == event_id))
        category = Category(event_id=event_id, code=code, label_vi=label_vi, label_en=label_en, color=color,
                            is_vip=is_vip, sort_order=(last if last is not None else -1) + 1)
        session.add(category)
        session.flush()
        record_audit(session, entity="category", entity_id=category.id, action="create",
                     changes={"code": code, "label_vi": label_vi}, event_id=event_id, station=station)
        return _row(category)


def update_category(db: Database, category_id: int, *, code: str, label_vi: str, label_en: str,
                    color: str, is_vip: bool, station: str = "") -> CategoryRow:
    """Change a category's code, labels, colour and VIP flag."""
    code, label_vi, label_en, color = _clean_fields(code, label_vi, label_en, color)
    with db.session() as session:
        category = session.get(Category, category_id)
        if category is None:
            raise DomainError("delegates.category_not_found", id=category_id)
        if _code_taken(session, category.event_id, code, exclude_id=category_id):
            raise DomainError("delegates.category_code_taken", code=code)
        changes = {}
        for name, value in (("code", code), ("label_vi", label_vi), ("label_en", label_en), ("color", color),
                            ("is_vip", is_vip)):
            old = getattr(category, name)
            if old != value:
                changes[name] = [old, value]
                setattr(category, name, value)
        if changes:
            record_audit(session, entity="category", entity_id=category.id, action="update", changes=changes,
                         event_id=category.event_id, station=station)
        return _row(category)


def reorder_categories(db: Database, event_id: int, ordered_ids: list[int], *, station: str = "") -> Changes:
    """Store the display order given as a list of the event's category ids."""
    with db.session() as session:
        categories = {c.id: c for c in session.scalars(select(Category).where(Category.event_id == event_id))}
        if set(ordered_ids) != set(categories):
            raise DomainError("delegates.category_order_mismatch")
        for order, category_id in enumerate(ordered_ids):
            categories[category_id].sort_order = order
        record_audit(session, entity="category", entity_id=None, action="reorder",
                     changes={"order": list(ordered_ids)}, event_id=event_id, station=station)
    return Changes.of("categories", ids=ordered_ids)


def delete_category(db: Database, category_id: int, *, station: str = "") -> Changes:
    """Remove a category that no delegate uses (deleted delegates included)."""
    with db.session() as session:
        category = session.get(Category, category_id)
        if category is None:
            raise DomainError("delegates.category_not_found", id=category_id)
        used = session.scalar(select(func.count(Delegate.id)).where(Delegate.category_id == category_id))
        if used:
            raise DomainError("delegates.category_in_use", code=category.code, count=used)
        record_audit(session, entity="category", entity_id=category.id, action="delete",
                     changes={"code": category.code}, event_id=category.event_id, station=station)
        session.delete(category)
    return Changes.of("categories", ids=[category_id])
