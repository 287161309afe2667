"""A letter number per batch: the organiser sets "Số: …" for one batch of letters without touching the event's."""

from __future__ import annotations

import pytest

from confman.cli import run
from confman.core.errors import DomainError
from confman.core.events.documents import event_documents, update_event_documents
from confman.core.reports import ReportOptions, generate
from tests.pdf_checks import collapsed, page_texts


def test_batch_number_replaces_the_events_on_invitations_only(db, make_event, make_delegate):
    row = make_event()
    update_event_documents(db, row.id, station="t", letter_number="125/GM-HTQT")
    make_delegate(row.id, "Nguyễn Văn An")
    plain = collapsed(page_texts(generate(db, row.id, "invitations").data)[0])
    assert "Số: 125/GM-HTQT" in plain
    batch = generate(db, row.id, "invitations", options=ReportOptions(letter_number="  37/GM-HTQT "))
    text = collapsed(page_texts(batch.data)[0])
    assert "Số: 37/GM-HTQT" in text and "125/GM-HTQT" not in text
    assert event_documents(db, row.id).letter_number == "125/GM-HTQT"  # the event's own number is kept


def test_batch_number_too_long_is_refused_naming_the_field():
    with pytest.raises(DomainError) as caught:
        ReportOptions(letter_number="9" * 101)
    assert caught.value.code == "text.too_long" and caught.value.params["field"] == "letter_number"


def test_cli_letter_number(db, make_event, make_delegate, sqlite_url, tmp_path):
    row = make_event(code="HN2027")
    make_delegate(row.id, "Nguyễn Văn An")
    out = tmp_path / "giay-moi.pdf"
    assert run(["--db", sqlite_url, "--event", "HN2027", "report", "invitations", str(out),
                "--letter-number", "12/GM-BTC"]) == 0
    assert "Số: 12/GM-BTC" in collapsed(page_texts(out.read_bytes())[0])
