"""``confman agenda`` on the demo conference: check (exact JSON), pdf, ics, xlsx and import."""

from __future__ import annotations

import io
import json
from datetime import time

from icalendar import Calendar
from pypdf import PdfReader

from confman.cli import run
from confman.core.agenda import service as agenda
from confman.core.agenda.models import AgendaItem
from confman.core.demo import create_demo


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_json_is_exactly_the_contract(capsys, sqlite_url, db):
    demo = create_demo(db, delegates=30).event
    code, out, _ = _run(capsys, "--db", sqlite_url, "agenda", "check", "--json")
    assert code == 0 and json.loads(out) == []
    items = agenda.list_items(db, demo.id)
    hall = items[0]
    agenda.move_item(db, items[1].id, day=hall.day, start=time(7, 45), room_id=hall.room_id)
    with db.session() as session:  # legacy data: the services refuse an end before the start
        session.get(AgendaItem, items[2].id).end_time = time(8, 0)
    code, out, _ = _run(capsys, "--db", sqlite_url, "agenda", "check", "--json")
    found = json.loads(out)
    assert [(c["kind"], c["items"]) for c in found] == [("room_overlap", [items[0].id, items[1].id]),
                                                        ("invalid_time", [items[2].id])]
    assert all(set(c) == {"kind", "items", "message"} for c in found)
    assert "Hội trường A" in found[0]["message"]
    code, out, _ = _run(capsys, "--db", sqlite_url, "agenda", "check")
    assert "2 xung đột" in out and "[room_overlap]" in out


def test_pdf_ics_xlsx_and_import(capsys, sqlite_url, db, tmp_path):
    demo = create_demo(db, delegates=30).event
    code, out, _ = _run(capsys, "--db", sqlite_url, "agenda", "pdf", str(tmp_path / "p.pdf"), "--lang", "both")
    assert code == 0 and "p.pdf" in out
    text = PdfReader(io.BytesIO((tmp_path / "p.pdf").read_bytes())).pages[0].extract_text()
    assert "CHƯƠNG TRÌNH HỘI NGHỊ" in text and "CONFERENCE PROGRAMME" in text

    minister = agenda.list_items(db, demo.id)[2].speakers[0].delegate_id
    code, _, _ = _run(capsys, "--db", sqlite_url, "agenda", "ics", str(tmp_path / "a.ics"),
                      "--person", str(minister))
    assert code == 0
    assert len(Calendar.from_ical((tmp_path / "a.ics").read_bytes()).walk("VEVENT")) == 4

    code, _, _ = _run(capsys, "--db", sqlite_url, "agenda", "xlsx", str(tmp_path / "a.xlsx"))
    assert code == 0
    code, out, _ = _run(capsys, "--db", sqlite_url, "agenda", "import", str(tmp_path / "a.xlsx"))
    assert code == 0 and "0 mục mới" in out and f"{len(agenda.list_items(db, demo.id))} mục cập nhật" in out


def test_import_errors_are_one_translated_line(capsys, sqlite_url, db, tmp_path):
    create_demo(db, delegates=10)
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not a workbook")
    code, _, err = _run(capsys, "--db", sqlite_url, "agenda", "import", str(bad))
    assert code == 2 and "x.xlsx" in err and len(err.strip().splitlines()) == 1
