"""Search as the Delegates page uses it: exact tone marks first, phones however they are typed,
e-mail fragments, the match count — on SQLite and PostgreSQL, and on data stored before the
search columns existed (migration 0005 fills them)."""

from __future__ import annotations

import sqlite3

import pytest

from confman.core.registration.rows import DelegateSort
from confman.core.registration.service import search_delegate_ids, search_delegates


def names(db, event_id: int, query: str) -> list[str]:
    return [row.full_name for row in search_delegates(db, event_id, query, limit=None).rows]


@pytest.fixture
def ranked(db, make_event, make_delegate):
    event = make_event()
    # Name order puts Dục and Đúc before Đức (and "Anh Đức" first of all): ranking must override it.
    for name in ("Trần Anh Dục", "Lê Văn Đúc", "Phạm Văn Đức", "Bùi Anh Đức", "Nguyễn Thị Duc", "Hoàng Văn Nam"):
        make_delegate(event.id, name)
    make_delegate(event.id, "Đỗ Minh Hải", phone="0912345678", email="hai.do@mofa.gov.vn",
                  organization="Sở Ngoại vụ TP.HCM")
    make_delegate(event.id, "Vũ Thu Trang", phone="02438251234", email="trang.vu@mic.gov.vn")
    return event


def test_marked_words_rank_exact_matches_first(db, ranked):
    found = names(db, ranked.id, "đức")
    assert found[:2] == ["Bùi Anh Đức", "Phạm Văn Đức"]  # exact, in name order
    assert set(found[2:]) == {"Trần Anh Dục", "Lê Văn Đúc", "Nguyễn Thị Duc"}  # the look-alikes follow
    assert names(db, ranked.id, "Đức") == found  # capitals typed: the same


def test_unmarked_words_treat_look_alikes_alike(db, ranked):
    found = names(db, ranked.id, "duc")
    assert len(found) == 5
    # plain Vietnamese name order (given name; D before Đ), no ranking
    assert found.index("Trần Anh Dục") < found.index("Bùi Anh Đức")
    assert found == [r.full_name for r in search_delegates(db, ranked.id, "duc", limit=None,
                                                           sort=DelegateSort("name")).rows]
    assert names(db, ranked.id, "đức").index("Trần Anh Dục") > names(db, ranked.id, "đức").index("Bùi Anh Đức")


def test_ranking_counts_every_marked_word(db, ranked):
    found = names(db, ranked.id, "văn đức")
    assert found[0] == "Phạm Văn Đức"  # both words exact
    assert set(found) == {"Phạm Văn Đức", "Lê Văn Đúc"}


@pytest.mark.parametrize("query", ["0912345678", "0912 345 678", "0912.345.678", "+84 912 345 678",
                                   "84-912-345", "912 345", "5678", "345678"])
def test_phone_fragments_in_any_format(db, ranked, query):
    assert names(db, ranked.id, query) == ["Đỗ Minh Hải"]


@pytest.mark.parametrize("query", ["(024) 3825", "024 3825 1234", "38251234"])
def test_landline_fragments(db, ranked, query):
    assert names(db, ranked.id, query) == ["Vũ Thu Trang"]


@pytest.mark.parametrize(("query", "expected"), [
    ("mofa.gov", ["Đỗ Minh Hải"]), ("@mic", ["Vũ Thu Trang"]), ("trang.vu", ["Vũ Thu Trang"]),
    ("tp.hcm", ["Đỗ Minh Hải"]), (".gov.vn", sorted(["Đỗ Minh Hải", "Vũ Thu Trang"])), ("hai.do@mofa", ["Đỗ Minh Hải"]),
    ("0000", []),
])
def test_email_and_address_fragments(db, ranked, query, expected):
    assert sorted(names(db, ranked.id, query)) == expected


def test_the_match_count_is_exposed(db, ranked):
    result = search_delegates(db, ranked.id, "duc", limit=2)
    assert (len(result.rows), result.filtered, result.total) == (2, 5, 8)
    ids = search_delegate_ids(db, ranked.id, "đức")
    assert ids.filtered == 5 and ids.total == 8


def test_an_edit_keeps_the_search_columns_in_step(db, ranked):
    from confman.core.registration.rows import DelegateInput
    from confman.core.registration.service import get_delegate, update_delegate

    hai = search_delegates(db, ranked.id, "0912345678").rows[0]
    detail = get_delegate(db, hai.id)
    update_delegate(db, hai.id, DelegateInput(full_name=detail.full_name, organization="Bộ Ngoại giao",
                                              phone="0987 654 321", email="hai@gmail.com"))
    assert names(db, ranked.id, "0912345678") == []
    assert names(db, ranked.id, "987 654") == ["Đỗ Minh Hải"]
    assert names(db, ranked.id, "@gmail") == ["Đỗ Minh Hải"]


@pytest.mark.postgres
def test_ranking_and_phone_search_on_postgres(pg_db, make_event, make_delegate):
    event = make_event(pg_db)
    for name in ("Trần Anh Dục", "Phạm Văn Đức", "Bùi Anh Đức"):
        make_delegate(event.id, name, database=pg_db)
    make_delegate(event.id, "Đỗ Minh Hải", database=pg_db, phone="0912345678", email="hai.do@mofa.gov.vn")
    assert names(pg_db, event.id, "đức")[:2] == ["Bùi Anh Đức", "Phạm Văn Đức"]
    assert names(pg_db, event.id, "+84 912 345") == ["Đỗ Minh Hải"]
    assert names(pg_db, event.id, "mofa.gov") == ["Đỗ Minh Hải"]


def test_migration_fills_the_search_columns_of_existing_delegates(tmp_path):
    """A database made before 0005: its delegates become findable by phone fragment and ranked."""
    from alembic import command

    from confman.core.db.engine import Database
    from confman.core.db.migrate import alembic_config

    path = tmp_path / "old.sqlite3"
    db = Database.open(f"sqlite:///{path}", create=True)
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO events (id, code, name_vi, name_en, start_date, end_date, venue, organiser_unit, "
                     "timezone, secret, description, settings, created_at, updated_at) VALUES (1, 'OLD', 'Hội nghị', '', "
                     "'2018-12-12', '2018-12-13', '', '', 'Asia/Ho_Chi_Minh', x'00', '', '{}', '2018-01-01', "
                     "'2018-01-01')")
        for i, (name, folded, phone) in enumerate((("Phạm Văn Đức", "pham van duc", "0912345678"),
                                                  ("Trần Anh Dục", "tran anh duc", ""))):
            conn.execute("INSERT INTO delegates (event_id, honorific, full_name, family_name, middle_name, given_name, "
                         "foreign_name, name_folded, sort_key, search_text, position, delegation, phone, email, "
                         "nationality, notes, status, badge_version, created_at, updated_at) VALUES (1, '', ?, '', '', "
                         "'', 0, ?, ?, ?, '', '', ?, '', '', '', 'registered', 1, '2018-01-01', '2018-01-01')",
                         (name, folded, f"{i}", f"{folded} {phone}".strip(), phone))
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    assert names(db, 1, "+84 912 345") == ["Phạm Văn Đức"]
    assert names(db, 1, "đức") == ["Phạm Văn Đức", "Trần Anh Dục"]
    assert names(db, 1, "dục") == ["Trần Anh Dục", "Phạm Văn Đức"]
    db.dispose()
