"""``confman presentations …`` on the demo conference: the JSON contract, refusals, export, book."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from confman.cli import run
from confman.core.demo import create_demo
from tests.pdf_checks import file_text


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_url(db, sqlite_url) -> str:
    create_demo(db, delegates=40)
    return sqlite_url


def test_list_json_contract_in_agenda_order(capsys, demo_url) -> None:
    code, out, _ = _run(capsys, "--db", demo_url, "presentations", "list", "--json")
    assert code == 0
    payload = json.loads(out)
    assert list(payload) == ["presentations"]
    items = payload["presentations"]
    assert len(items) == 10
    first = items[0]
    assert set(first) == {"id", "title", "organization", "agenda_item_id", "order", "status", "files"}
    assert isinstance(first["id"], int) and isinstance(first["agenda_item_id"], int)
    assert first["organization"] == "Bộ Ngoại giao" and first["files"] == []
    assert first["status"] in {"requested", "received", "reviewed", "approved"}
    # Agenda order: the ministries' session (day 1) then the provinces' (day 2), each by order.
    assert [i["order"] for i in items] == [1, 2, 3, 4, 1, 2, 3, 4, 5, 6]


def test_add_file_then_list_shows_the_version(capsys, demo_url, tmp_path: Path) -> None:
    deck = tmp_path / "Tham luận Bộ Ngoại giao final (2).pptx"
    with zipfile.ZipFile(deck, "w") as archive:
        archive.writestr("ppt/presentation.xml", "<p/>")
    code, out, _ = _run(capsys, "--db", demo_url, "presentations", "add-file", "1", str(deck))
    assert code == 0 and "Tham luận Bộ Ngoại giao final (2).pptx" in out
    _code, out, _ = _run(capsys, "--db", demo_url, "presentations", "list", "--json")
    files = json.loads(out)["presentations"][0]["files"]
    assert [(f["name"], f["version"]) for f in files] == [("Tham luận Bộ Ngoại giao final (2).pptx", 1)]
    assert len(files[0]["sha256"]) == 64


def test_add_file_refused_exits_non_zero_with_the_reason(capsys, demo_url, tmp_path: Path) -> None:
    empty = tmp_path / "Báo cáo.pdf"
    empty.write_bytes(b"")
    code, out, err = _run(capsys, "--db", demo_url, "--lang", "en", "presentations", "add-file", "1", str(empty))
    assert code != 0 and out == ""
    assert "Báo cáo.pdf" in err and "empty" in err


def test_export_folder_and_book(capsys, demo_url, tmp_path: Path) -> None:
    pdf = tmp_path / "paper.pdf"
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(pdf))
    c.drawString(72, 720, "Paper")
    c.save()
    assert _run(capsys, "--db", demo_url, "presentations", "add-file", "2", str(pdf))[0] == 0
    code, _out, err = _run(capsys, "--db", demo_url, "presentations", "export-folder", str(tmp_path / "usb"),
                          "--day", "2018-12-12", "--room", "Hội trường A")
    assert code == 0, err
    exported = sorted(p.name for p in (tmp_path / "usb").iterdir() if not p.name.startswith("."))
    assert exported == ["00 - Danh sách bài trình bày.pdf", "02 - Bộ Công Thương - "
                        "Kết quả công tác thông tin đối ngoại ASEAN của Bộ Công Thương.pdf"]
    assert "Bộ Ngoại giao" in err  # the ones still missing are named

    code, _out, _ = _run(capsys, "--db", demo_url, "presentations", "book", str(tmp_path / "ky yeu.pdf"))
    assert code == 0 and (tmp_path / "ky yeu.pdf").is_file()


def test_unknown_room_is_an_error(capsys, demo_url, tmp_path: Path) -> None:
    code, _out, err = _run(capsys, "--db", demo_url, "presentations", "export-folder", str(tmp_path / "x"),
                           "--room", "Phòng Z")
    assert code == 2 and "Phòng Z" in err




@pytest.fixture
def book_cli(cli, db):
    """The ``cli`` fixture's event with one Vietnamese-and-English paper on an agenda day."""
    from datetime import date, time

    from confman.core.agenda.models import AgendaItem
    from confman.core.events.service import resolve_event
    from confman.core.presentations.service import PresentationDraft, create_presentation

    event = resolve_event(db, "HN2026")
    with db.session() as session:
        item = AgendaItem(event_id=event.id, day=date(2026, 12, 10), start_time=time(9), end_time=time(10),
                          title_vi="Tham luận của các bộ, ngành", title_en="Papers of the ministries")
        session.add(item)
        session.flush()
        item_id = item.id
    create_presentation(db, event.id, PresentationDraft(
        title_vi="Đẩy mạnh thông tin đối ngoại về kinh tế số", title_en="Promoting the digital economy abroad",
        agenda_item_id=item_id, abstract="Tóm tắt."))
    return cli


def test_book_lang_en_prints_english_headings(book_cli, tmp_path: Path) -> None:
    out_en = tmp_path / "book-en.pdf"
    code, out, err = book_cli("presentations", "book", str(out_en), "--lang", "en")
    assert code == 0, err
    assert "Đã tạo kỷ yếu" in out  # the messages stay in the interface language
    text = file_text(out_en)
    assert "BOOK OF PAPERS" in text and "Contents" in text and "Abstract" in text
    assert "Promoting the digital economy abroad" in text
    assert "KỶ YẾU" not in text and "Mục lục" not in text


def test_book_defaults_to_the_interface_language_as_the_window_does(book_cli, tmp_path: Path) -> None:
    out_vi = tmp_path / "book-vi.pdf"
    assert book_cli("presentations", "book", str(out_vi))[0] == 0
    text = file_text(out_vi)
    assert "KỶ YẾU HỘI NGHỊ" in text and "Mục lục" in text and "Đẩy mạnh thông tin đối ngoại" in text
    assert "Contents" not in text

    out_en = tmp_path / "book-en.pdf"
    code, out, _ = book_cli("--lang", "en", "presentations", "book", str(out_en))
    assert code == 0 and "Book of papers written to" in out
    assert "BOOK OF PAPERS" in file_text(out_en)

    out_vi2 = tmp_path / "book-vi2.pdf"  # the command's own --lang wins over the interface's
    assert book_cli("--lang", "en", "presentations", "book", str(out_vi2), "--lang", "vi")[0] == 0
    assert "KỶ YẾU HỘI NGHỊ" in file_text(out_vi2)


def test_book_refuses_an_unknown_language(book_cli, capsys, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        book_cli("presentations", "book", str(tmp_path / "b.pdf"), "--lang", "fr")
    assert exit_info.value.code == 2
    assert "'fr'" in capsys.readouterr().err
    assert not (tmp_path / "b.pdf").exists()
