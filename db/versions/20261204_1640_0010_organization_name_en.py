"""organizations: an English name for English documents

Revision ID: 0010_organization_name_en
Revises: 0009_badge_print_stats_index
Create Date: 2026-12-04 16:40:00

English sign-in sheets, lists, letters, certificates and badges print ``name_en`` where it is
set ("Ministry of Foreign Affairs"), the Vietnamese name otherwise. Existing units have none.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010_organization_name_en'
down_revision: str | None = '0009_badge_print_stats_index'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('organizations') as batch_op:
        batch_op.add_column(sa.Column('name_en', sa.String(length=500), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('organizations') as batch_op:
        batch_op.drop_column('name_en')
