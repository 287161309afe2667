"""``confman badges``: OUT.pdf with its filters, reprint, ``code`` and ``calibration``."""

from __future__ import annotations

import json

import pypdfium2 as pdfium
from pypdf import PdfReader

from confman.cli import run
from confman.core.badges import service as badges
from confman.core.badges.qr import decode_qr_codes
from confman.core.demo import create_demo
from confman.core.enums import DelegateStatus


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_code_prints_the_current_code(capsys, sqlite_url, db):
    event = create_demo(db, delegates=10).event
    delegate_id = badges.select_batch(db, event.id).ids[0]
    code, out, _ = _run(capsys, "--db", sqlite_url, "badges", "code", str(delegate_id))
    assert code == 0 and out.strip() == badges.current_badge_code(db, delegate_id)
    assert out.strip().isdigit() and len(out.strip()) <= 30
    code, _, err = _run(capsys, "--db", sqlite_url, "badges", "code", "abc")
    assert code == 2 and "abc" in err


def test_render_with_filters_and_print_log(capsys, sqlite_url, db, tmp_path, make_delegate):
    event = create_demo(db, delegates=20).event
    cancelled = make_delegate(event.id, "Lê Thị Hủy", status=DelegateStatus.CANCELLED)
    out = tmp_path / "all.pdf"
    code, stdout, stderr = _run(capsys, "--db", sqlite_url, "badges", str(out), "--template", "a4_10up_cr80")
    total = len(badges.select_batch(db, event.id).ids)
    assert code == 0 and f"Đã ghi {total} thẻ" in stdout and "a4_10up_cr80" in stdout
    assert f"#{cancelled}" in stderr and "đã hủy" in stderr
    assert len(PdfReader(str(out)).pages) == -(-total // 10)
    assert badges.select_batch(db, event.id, badges.BadgeSelection(not_printed=True)).ids == ()

    extra = make_delegate(event.id, "Đặng Thị Mới", organization="Báo Nhân Dân", category_code="BC")
    code, stdout, _ = _run(capsys, "--db", sqlite_url, "badges", str(tmp_path / "new.pdf"), "--not-printed",
                           "--json")
    payload = json.loads(stdout)
    assert code == 0 and [b["delegate_id"] for b in payload["badges"]] == [extra]
    assert payload["skipped"] == [{"delegate_id": cancelled, "full_name": "Lê Thị Hủy", "reason": "cancelled"}]

    code, stdout, _ = _run(capsys, "--db", sqlite_url, "badges", str(tmp_path / "bc.pdf"), "--category", "BC",
                           "--search", "dang", "--json")
    assert code == 0 and [b["delegate_id"] for b in json.loads(stdout)["badges"]] == [extra]
    text = pdfium.PdfDocument(str(tmp_path / "bc.pdf"))[0].get_textpage().get_text_range()
    assert "Đặng Thị Mới" in " ".join(text.split())

    code, _, err = _run(capsys, "--db", sqlite_url, "badges", str(tmp_path / "x.pdf"), "--category", "ZZ")
    assert code == 2 and "ZZ" in err and not (tmp_path / "x.pdf").exists()


def test_reprint_bumps_before_rendering(capsys, sqlite_url, db, tmp_path):
    event = create_demo(db, delegates=10).event
    ids = badges.select_batch(db, event.id).ids[:2]
    old = [badges.current_badge_code(db, i) for i in ids]
    code, _, err = _run(capsys, "--db", sqlite_url, "badges", str(tmp_path / "r.pdf"), "--ids",
                        ",".join(map(str, ids)), "--reprint")
    assert code == 2 and "lý do" in err
    out = tmp_path / "r.pdf"
    code, stdout, _ = _run(capsys, "--db", sqlite_url, "badges", str(out), "--ids", ",".join(map(str, ids)),
                           "--reprint", "--reason", "Mất thẻ", "--template", "cr80_portrait", "--json")
    assert code == 0
    payload = json.loads(stdout)
    assert [b["badge_version"] for b in payload["badges"]] == [2, 2]
    new = [badges.current_badge_code(db, i) for i in ids]
    assert set(new).isdisjoint(old)
    document = pdfium.PdfDocument(str(out))
    decoded = [decode_qr_codes(document[i].render(scale=200 / 72, grayscale=True).to_pil()) for i in range(2)]
    assert sorted(c for page in decoded for c in page) == sorted(new)
    log = badges.print_log(db, event.id, ids[0])
    assert log[0].reason == "Mất thẻ" and log[0].badge_version == 2


def test_calibration_page(capsys, sqlite_url, db, tmp_path):
    create_demo(db, delegates=5)
    out = tmp_path / "cal.pdf"
    code, stdout, _ = _run(capsys, "--db", sqlite_url, "badges", "calibration", str(out), "--template", "a4_8up",
                           "--offset", "1.5,-0.5")
    assert code == 0 and "a4_8up" in stdout
    page = PdfReader(str(out)).pages[0]
    assert round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842
    text = " ".join(pdfium.PdfDocument(str(out))[0].get_textpage().get_text_range().split())
    assert "+1,5" in text and "-0,5" in text


def test_badges_that_do_not_fit_are_listed(capsys, sqlite_url, db, tmp_path, make_event, make_delegate):
    event = make_event(code="FIT")
    fits = make_delegate(event.id, "Nguyễn Văn An")
    endless = make_delegate(event.id, " ".join(["Tôn Nữ Thị Phương Khuê Nguyễn Hoàng Thượng Uyển"] * 3),
                            honorific="Bà")
    out = tmp_path / "fit.pdf"
    code, stdout, stderr = _run(capsys, "--db", sqlite_url, "--event", "FIT", "badges", str(out),
                                "--template", "cr80_portrait", "--json")
    assert code == 0
    report = json.loads(stdout)
    assert [(s["delegate_id"], s["fields"]) for s in report["shortened"]] == [(endless, ["name"])]
    assert "1 thẻ không vừa chữ" in stderr and "Bà Tôn Nữ Thị Phương Khuê" in stderr and "họ tên" in stderr
    assert fits not in [s["delegate_id"] for s in report["shortened"]]
