"""the delegates' search index also holds search_marks (SQLite), so ranking exact tone marks reads no table rows

Revision ID: 0007_search_marks_index
Revises: 0003_door_codes
Create Date: 2026-12-03 13:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0007_search_marks_index'
down_revision: str | None = '0003_door_codes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ['event_id', 'sort_key', 'id', 'deleted_at', 'category_id', 'status', 'organization_id',
            'search_text', 'search_contact']


def _recreate(columns: list[str]) -> None:
    if op.get_bind().dialect.name != "sqlite":  # the index exists on SQLite only (see models.Delegate)
        return
    op.execute("DROP INDEX IF EXISTS ix_delegates_event_search")
    op.create_index('ix_delegates_event_search', 'delegates', columns, unique=False)


def upgrade() -> None:
    _recreate([*_COLUMNS, 'search_marks'])


def downgrade() -> None:
    _recreate(_COLUMNS)
