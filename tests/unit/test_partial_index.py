"""A partial index keeps its condition on both databases without loading PostgreSQL's dialect early."""

from __future__ import annotations

from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex

from confman.core.db.engine import make_engine
from confman.core.registration.models import Delegate


def _contact_index() -> object:
    return next(i for i in Delegate.__table__.indexes if i.name == "ix_delegates_contact_issue")


def test_the_contact_check_index_is_partial_on_sqlite() -> None:
    ddl = str(CreateIndex(_contact_index()).compile(dialect=sqlite.dialect()))
    assert ddl.endswith("WHERE phone_issue != '' OR email_issue != ''"), ddl


def test_the_contact_check_index_is_partial_on_postgresql_once_an_engine_is_made() -> None:
    engine = make_engine("postgresql+psycopg://nobody:secret@127.0.0.1:9/none")  # no connection is opened
    try:
        ddl = str(CreateIndex(_contact_index()).compile(dialect=engine.dialect))
    finally:
        engine.dispose()
    assert ddl.endswith("WHERE phone_issue != '' OR email_issue != ''"), ddl
