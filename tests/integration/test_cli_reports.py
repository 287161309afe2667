"""``confman report NAME OUT [--lang] [--group-by] [--json]`` and ``confman report purge --yes``."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pypdfium2 as pdfium
from openpyxl import load_workbook
from sqlalchemy import select

from confman.cli import run
from confman.core.checkin.service import current_code, perform_checkin
from confman.core.demo import create_demo
from confman.core.enums import DelegateStatus
from confman.core.registration.models import Delegate


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _demo(db):
    event = create_demo(db, delegates=40).event
    with db.session() as session:
        ids = list(session.scalars(select(Delegate.id).where(Delegate.event_id == event.id).order_by(Delegate.id)))
    for delegate_id in ids[:15]:
        perform_checkin(db, event_id=event.id, code=current_code(db, event_id=event.id, delegate_id=delegate_id),
                        now=datetime(2018, 12, 12, 0, 45, tzinfo=UTC))
    return event, ids


def _text(path) -> str:
    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def test_attendance_json_is_exactly_the_contract(capsys, sqlite_url, db, tmp_path):
    event, _ = _demo(db)
    with db.session() as session:
        rows = session.scalars(select(Delegate).where(Delegate.event_id == event.id)).all()
        expected = [d for d in rows if d.status != DelegateStatus.CANCELLED and d.deleted_at is None]
    out_pdf = tmp_path / "attendance.pdf"
    code, out, _ = _run(capsys, "--db", sqlite_url, "report", "attendance", str(out_pdf), "--json")
    assert code == 0 and out_pdf.exists()
    figures = json.loads(out)
    assert set(figures) == {"expected", "checked_in", "by_category", "by_organization_type", "absent_organizations"}
    assert figures["expected"] == len(expected) and figures["checked_in"] == 15
    assert sum(v["expected"] for v in figures["by_category"].values()) == len(expected)
    assert sum(v["checked_in"] for v in figures["by_organization_type"].values()) == 15
    assert all(isinstance(name, str) for name in figures["absent_organizations"])
    assert "Đại biểu VIP" in figures["by_category"]
    assert "BÁO CÁO TÌNH HÌNH ĐẠI BIỂU THAM DỰ" in _text(out_pdf)

    code, out, _ = _run(capsys, "--db", sqlite_url, "report", "attendance", str(tmp_path / "a.xlsx"),
                        "--lang", "en", "--json")
    assert code == 0 and "VIP" in json.loads(out)["by_category"] and "Delegate" in json.loads(out)["by_category"]
    assert load_workbook(tmp_path / "a.xlsx").sheetnames[0] == "Summary"


def test_every_report_writes_its_file(capsys, sqlite_url, db, tmp_path):
    _demo(db)
    for name in ("signin", "delegates", "badges", "certificates", "invitations"):
        target = tmp_path / f"{name}.pdf"
        code, out, err = _run(capsys, "--db", sqlite_url, "report", name, str(target))
        assert code == 0, err
        assert str(target) in out and target.read_bytes().startswith(b"%PDF")
    code, out, _ = _run(capsys, "--db", sqlite_url, "report", "certificates", str(tmp_path / "c.pdf"), "--json")
    assert json.loads(out) == {"certificates": 15}
    code, out, _ = _run(capsys, "--db", sqlite_url, "report", "signin", str(tmp_path / "s.pdf"),
                        "--group-by", "category", "--lang", "en", "--json")
    assert code == 0 and json.loads(out)["group_by"] == "category"
    text = _text(tmp_path / "s.pdf")
    assert "SIGN-IN SHEET" in text and "No. Full name Position Organization Signature" in text


def test_xlsx_and_contacts_switch(capsys, sqlite_url, db, tmp_path):
    _demo(db)
    with db.session() as session:
        phone = session.scalar(select(Delegate.phone).where(Delegate.phone != ""))
    code, _, _ = _run(capsys, "--db", sqlite_url, "report", "delegates", str(tmp_path / "d.xlsx"))
    assert code == 0
    book = load_workbook(io.BytesIO((tmp_path / "d.xlsx").read_bytes()))
    assert phone not in {c for row in book.worksheets[0].iter_rows(values_only=True) for c in row}
    code, _, _ = _run(capsys, "--db", sqlite_url, "report", "delegates", str(tmp_path / "d2.xlsx"), "--contacts")
    book = load_workbook(io.BytesIO((tmp_path / "d2.xlsx").read_bytes()))
    assert phone in {c for row in book.worksheets[0].iter_rows(values_only=True) for c in row}


def test_errors_are_translated(capsys, sqlite_url, db, tmp_path):
    _demo(db)
    code, _, err = _run(capsys, "--db", sqlite_url, "report", "certificates", str(tmp_path / "c.xlsx"))
    assert code == 2 and "chỉ xuất được dạng PDF" in err
    code, _, err = _run(capsys, "--db", sqlite_url, "report", "signin", str(tmp_path / "c.docx"))
    assert code == 2 and ".pdf hoặc .xlsx" in err
    code, _, err = _run(capsys, "--db", sqlite_url, "report", "signin")
    assert code == 2 and "Thiếu tệp kết quả" in err
    code, _, err = _run(capsys, "--db", sqlite_url, "report", "signin", str(tmp_path / "x.pdf"), "--category", "ZZ")
    assert code == 2 and "ZZ" in err


def test_purge_requires_yes_then_backs_up_and_purges(capsys, sqlite_url, db, tmp_path):
    _demo(db)
    code, out, err = _run(capsys, "--db", sqlite_url, "report", "purge")
    assert code == 2 and "--yes" in err
    assert "số điện thoại" in out and "Không có bản sao lưu nào" in out  # says what it would remove, and where
    with db.session() as session:
        assert session.scalar(select(Delegate.id).where(Delegate.phone != "")) is not None
    code, out, _ = _run(capsys, "--db", sqlite_url, "report", "purge", "--yes", "--keep-backup", "--json")
    assert code == 0
    result = json.loads(out)
    assert result["phones"] > 0 and result["backup"] and "before-purge" in result["backup"]
    assert result["remaining_backups"] == [{"path": result["backup"], "kind": "kept", "personal_data": True}]
    with db.session() as session:
        assert session.scalar(select(Delegate.id).where(Delegate.phone != "")) is None
    code, out, _ = _run(capsys, "--db", sqlite_url, "report", "attendance", str(tmp_path / "a.pdf"), "--json")
    assert json.loads(out)["checked_in"] == 15


def test_signin_for_one_day(capsys, sqlite_url, db, tmp_path):
    _demo(db)
    code, _, err = _run(capsys, "--db", sqlite_url, "report", "signin", str(tmp_path / "d2.pdf"), "--day", "2018-12-13")
    assert code == 0, err
    assert "Ngày: 13/12/2018" in _text(tmp_path / "d2.pdf")
    code, _, err = _run(capsys, "--db", sqlite_url, "report", "signin", str(tmp_path / "d3.pdf"), "--day", "2019-01-01")
    assert code == 2 and "không thuộc thời gian hội nghị" in err
