"""delegates search covering index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 09:55:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index('ix_delegates_event_sort', table_name='delegates')
    op.create_index(
        'ix_delegates_event_search', 'delegates',
        ['event_id', 'sort_key', 'id', 'deleted_at', 'category_id', 'status', 'organization_id', 'search_text'],
        unique=False, postgresql_where=sa.text('false'),
    )


def downgrade() -> None:
    op.drop_index('ix_delegates_event_search', table_name='delegates')
    op.create_index('ix_delegates_event_sort', 'delegates', ['event_id', 'sort_key'], unique=False)
