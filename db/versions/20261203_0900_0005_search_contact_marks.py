"""delegates: contact and tone-mark search columns; the covering search index on SQLite only

Revision ID: 0005_search
Revises: 0004_survey
Create Date: 2026-12-03 09:00:00

``search_contact`` holds a phone's digits (national and 84… forms) and the e-mail, so phone and
e-mail fragments are matched in a short column; ``search_marks`` holds the searched words
lower-cased with their tone marks, so exact-diacritic matches rank first. Both are filled here
for the delegates already stored (the rules are copied, not imported: a migration must not
change when the app's code does).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005_search'
down_revision: str | None = '0004_survey'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NOT_WORD = re.compile(r"[^\w@.+\-]+")
_INDEX_COLUMNS = ['event_id', 'sort_key', 'id', 'deleted_at', 'category_id', 'status', 'organization_id',
                  'search_text']


def _marks(value: str | None) -> str:
    return " ".join(_NOT_WORD.sub(" ", unicodedata.normalize("NFC", value or "").lower()).split())


def _ascii(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _contact(phone: str | None, email: str | None, words: str) -> str:
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    forms = [digits, "84" + digits[1:]] if digits.startswith("0") else [digits]
    dotted = [_ascii(w) for w in words.split() if "." in w or "@" in w]
    return " ".join(dict.fromkeys(p for p in (*forms, (email or "").lower(), *dotted) if p))


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.drop_index('ix_delegates_event_search', table_name='delegates')
    with op.batch_alter_table('delegates') as batch_op:
        batch_op.add_column(sa.Column('search_contact', sa.String(length=400), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('search_marks', sa.Text(), nullable=False, server_default=''))

    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT d.id, d.full_name, d.position, o.name, o.short_name, d.delegation, d.phone, d.email "
        "FROM delegates d LEFT JOIN organizations o ON o.id = d.organization_id"
    )).all()
    updates = []
    for delegate_id, full_name, position, org, short, delegation, phone, email in rows:
        marks = " ".join(p for p in map(_marks, (full_name, position, org, short, delegation)) if p)
        updates.append({"id": delegate_id, "contact": _contact(phone, email, marks),
                        "marks": "" if marks.isascii() else marks})
    if updates:
        conn.execute(sa.text("UPDATE delegates SET search_contact = :contact, search_marks = :marks WHERE id = :id"),
                     updates)
    if sqlite:
        op.create_index('ix_delegates_event_search', 'delegates', [*_INDEX_COLUMNS, 'search_contact'], unique=False)


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_delegates_event_search")
    with op.batch_alter_table('delegates') as batch_op:
        batch_op.drop_column('search_marks')
        batch_op.drop_column('search_contact')
    op.create_index('ix_delegates_event_search', 'delegates', _INDEX_COLUMNS, unique=False,
                    postgresql_where=sa.text('false'))
