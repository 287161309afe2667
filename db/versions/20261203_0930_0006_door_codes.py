"""badge codes with 19-digit signatures (format 2) are up to 39 digits long

Revision ID: 0003_door_codes
Revises: 0005_search
Create Date: 2026-12-03 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003_door_codes'
down_revision: str | None = '0005_search'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('delegates') as batch:
        batch.alter_column('badge_code', existing_type=sa.String(length=30), type_=sa.String(length=40),
                           existing_nullable=True)


def downgrade() -> None:
    # Format-2 codes do not fit the old column: forget the mirrors (they are rewritten on demand).
    op.execute(sa.text("UPDATE delegates SET badge_code = NULL WHERE length(badge_code) > 30"))
    with op.batch_alter_table('delegates') as batch:
        batch.alter_column('badge_code', existing_type=sa.String(length=40), type_=sa.String(length=30),
                           existing_nullable=True)
