"""delegates: a phone or e-mail that failed the rules is remembered (contact needs checking)

Revision ID: 0008_contact_issues
Revises: 0007_search_marks_index
Create Date: 2026-12-03 15:00:00

``phone_issue`` / ``email_issue`` hold the rule's error code (``phone.letters``, ``phone.invalid``,
``email.invalid``) and ``phone_issue_value`` / ``email_issue_value`` the value as given, while the
field itself stays empty; empty strings mean nothing to check. Delegates already stored have
nothing recorded (the import did not keep it before). A partial index holds the delegates to check.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008_contact_issues'
down_revision: str | None = '0007_search_marks_index'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The few delegates to check, in name order, are read from a partial index (the Delegates page's filter).
_CONDITION = "phone_issue != '' OR email_issue != ''"


def upgrade() -> None:
    with op.batch_alter_table('delegates') as batch_op:
        batch_op.add_column(sa.Column('phone_issue', sa.String(length=40), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('phone_issue_value', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('email_issue', sa.String(length=40), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('email_issue_value', sa.String(length=300), nullable=False, server_default=''))
    op.create_index('ix_delegates_contact_issue', 'delegates', ['event_id', 'sort_key', 'id'], unique=False,
                    sqlite_where=sa.text(_CONDITION), postgresql_where=sa.text(_CONDITION))


def downgrade() -> None:
    op.drop_index('ix_delegates_contact_issue', table_name='delegates')
    with op.batch_alter_table('delegates') as batch_op:
        batch_op.drop_column('email_issue_value')
        batch_op.drop_column('email_issue')
        batch_op.drop_column('phone_issue_value')
        batch_op.drop_column('phone_issue')
