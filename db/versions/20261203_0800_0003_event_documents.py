"""event document fields (Nghị định 30 letterheads, signer, letter number, English values)

Revision ID: 0003_event_documents
Revises: 0002
Create Date: 2026-12-03 08:00:00

The letter settings some events kept in ``settings["letters"]`` (signer title and name,
reference, place) move into the new columns; the free-text wording stays in the settings.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003_event_documents'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS: tuple[tuple[str, int], ...] = (
    ('venue_en', 500), ('place', 100), ('place_en', 100), ('parent_body', 300), ('parent_body_en', 300),
    ('issuing_body', 300), ('issuing_body_en', 300), ('signer_authority', 300), ('signer_authority_en', 300),
    ('signer_title', 300), ('signer_title_en', 300), ('signer_name', 200), ('letter_number', 100),
    ('contact_name', 200), ('contact_phone', 50),
)
AUTHORITIES = ('TM.', 'KT.', 'TL.', 'TUQ.', 'Q.')


def upgrade() -> None:
    with op.batch_alter_table('events') as batch:
        for name, length in COLUMNS:
            batch.add_column(sa.Column(name, sa.String(length=length), nullable=False, server_default=''))
    _move_letter_settings()


def _split_signer(text: str) -> tuple[str, str]:
    """"KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG" → authority "KT. BỘ TRƯỞNG", title "THỨ TRƯỞNG"."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return '', ''
    if lines[0].upper().startswith(AUTHORITIES):
        return lines[0], ' '.join(lines[1:])
    return '', ' '.join(lines)


def _move_letter_settings() -> None:
    conn = op.get_bind()
    events = sa.table('events', sa.column('id', sa.Integer), sa.column('settings', sa.JSON),
                      *(sa.column(name, sa.String) for name, _ in COLUMNS))
    for event_id, settings in conn.execute(sa.select(events.c.id, events.c.settings)).all():
        if isinstance(settings, str):
            settings = json.loads(settings or '{}')
        letters = (settings or {}).get('letters')
        if not isinstance(letters, dict):
            continue
        values: dict[str, str] = {}
        for suffix in ('', '_en'):
            authority, title = _split_signer(str(letters.get(f'signer_title{suffix}') or ''))
            if authority:
                values[f'signer_authority{suffix}'] = authority[:300]
            if title:
                values[f'signer_title{suffix}'] = title[:300]
        if letters.get('signer_name'):
            values['signer_name'] = str(letters['signer_name'])[:200]
        reference = str(letters.get('reference') or '').strip()
        if reference:
            for prefix in ('Số:', 'Số', 'No.:', 'No.'):
                if reference.startswith(prefix):
                    reference = reference[len(prefix):].strip()
                    break
            values['letter_number'] = reference[:100]
        if letters.get('place'):
            values['place'] = str(letters['place'])[:100]
        if values:
            conn.execute(events.update().where(events.c.id == event_id).values(**values))


def downgrade() -> None:
    with op.batch_alter_table('events') as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
