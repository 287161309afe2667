"""Reports on the demo conference with a known set of check-ins.

Every number printed is compared with a count made here, independently, from the rows
of the database (Python over ORM objects, not the reports' SQL); PDFs are read back as
text with pypdfium2, QR codes decoded with zxing-cpp.
"""

from __future__ import annotations

import io
import re
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from confman.core.agenda.models import AgendaItem
from confman.core.badges.codes import parse_code, verify_code
from confman.core.badges.models import BadgePrint
from confman.core.badges.qr import decode_qr_codes
from confman.core.badges.render import grouped_code
from confman.core.checkin.models import CheckIn
from confman.core.checkin.service import current_code, perform_checkin, undo_checkin
from confman.core.demo import create_demo
from confman.core.enums import CheckInResult, DelegateStatus, OrganizationType
from confman.core.errors import DomainError
from confman.core.events.documents import update_event_documents
from confman.core.events.models import Event
from confman.core.honorifics import with_honorific
from confman.core.registration.models import Category, Delegate, Organization
from confman.core.reports import REPORTS, ReportOptions, generate, write_report
from tests.pdf_checks import text_lines_ink

START = datetime(2018, 12, 12, 0, 30, tzinfo=UTC)  # 07:30 in Hà Nội


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def demo(db):
    """The demo event; every third delegate checked in (10 minutes apart in groups), two undone,
    one checked-in delegate cancelled, ten workshop session check-ins and some badge prints."""
    event = create_demo(db).event
    with db.session() as session:
        ids = list(session.scalars(select(Delegate.id).where(Delegate.event_id == event.id).order_by(Delegate.id)))
        workshop = session.scalar(select(AgendaItem.id).where(AgendaItem.event_id == event.id,
                                                              AgendaItem.session_checkin.is_(True))
                                  .order_by(AgendaItem.id))
    arrived = ids[::3]
    for n, delegate_id in enumerate(arrived):
        code = current_code(db, event_id=event.id, delegate_id=delegate_id)
        result = perform_checkin(db, event_id=event.id, code=code, station="Cổng A",
                                 now=START + timedelta(minutes=(n % 7) * 10 + 3))
        assert result.ok
    for delegate_id in arrived[:2]:
        undo_checkin(db, event_id=event.id, delegate_id=delegate_id, station="Cổng A")
    # A repeated scan is a duplicate, not a second arrival.
    perform_checkin(db, event_id=event.id, code=current_code(db, event_id=event.id, delegate_id=arrived[5]))
    for delegate_id in ids[1:40:4]:
        perform_checkin(db, event_id=event.id, code=current_code(db, event_id=event.id, delegate_id=delegate_id),
                        agenda_item_id=workshop)
    with db.session() as session:
        session.get(Delegate, arrived[3]).status = DelegateStatus.CANCELLED
        for delegate_id in ids[:30]:
            session.add(BadgePrint(event_id=event.id, delegate_id=delegate_id, badge_version=1, template="cr80"))
        for delegate_id in ids[:4]:  # lost badges: reprinted with a new version
            session.get(Delegate, delegate_id).badge_version = 2
            session.add(BadgePrint(event_id=event.id, delegate_id=delegate_id, badge_version=2, template="cr80",
                                   reason="Thẻ bị mất"))
        for delegate_id in ids[10:13]:  # the same version on another template: a copy, not a reprint
            session.add(BadgePrint(event_id=event.id, delegate_id=delegate_id, badge_version=1, template="a6"))
    return event


def independent_counts(db, event_id: int, item_id: int | None = None) -> dict:
    """Expected and checked-in delegates counted in Python from the raw rows."""
    with db.session() as session:
        delegates = session.scalars(select(Delegate).where(Delegate.event_id == event_id)).all()
        orgs = {o.id: o for o in session.scalars(select(Organization)).all()}
        cats = {c.id: c for c in session.scalars(select(Category).where(Category.event_id == event_id)).all()}
        rows = session.scalars(select(CheckIn).where(CheckIn.event_id == event_id)).all()
        undone = {r.undoes_uuid for r in rows if r.result == CheckInResult.UNDONE}
        present = {r.delegate_id for r in rows if r.result == CheckInResult.OK and r.agenda_item_id == item_id
                   and r.uuid not in undone}
        expected = [d for d in delegates if d.status != DelegateStatus.CANCELLED and d.deleted_at is None]
        by_cat: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        by_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        by_org: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for cat in cats.values():  # every category of the event is listed, with nobody in it as 0
            by_cat[cat.label_vi] = [0, 0]
        for d in expected:
            here = int(d.id in present)
            cat = cats[d.category_id].label_vi if d.category_id else "—"
            org = orgs.get(d.organization_id)
            for table, key in ((by_cat, cat), (by_type, str(org.type if org else OrganizationType.OTHER)),
                               (by_org, org.name if org else "")):
                table[key][0] += 1
                table[key][1] += here
        return {
            "expected": len(expected),
            "checked_in": sum(1 for d in expected if d.id in present),
            "by_category": {k: {"expected": v[0], "checked_in": v[1]} for k, v in by_cat.items()},
            "by_organization_type": {k: {"expected": v[0], "checked_in": v[1]} for k, v in by_type.items()},
            "absent_organizations": sorted(k for k, v in by_org.items() if k and v[1] == 0),
            "present_ids": {d.id for d in expected if d.id in present},
            "expected_rows": expected,
            "orgs": orgs,
        }


def pdf_pages(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf[i].get_textpage().get_text_range().replace("\r\n", "\n") for i in range(len(pdf))]
    finally:
        pdf.close()


def pdf_text(data: bytes) -> str:
    return "\n".join(pdf_pages(data))


# --------------------------------------------------------------------------- attendance


def test_attendance_figures_match_an_independent_count(db, demo):
    counts = independent_counts(db, demo.id)
    result = generate(db, demo.id, "attendance", "pdf", ReportOptions())
    figures = result.figures
    assert set(figures) == {"expected", "checked_in", "by_category", "by_organization_type", "absent_organizations"}
    assert figures["expected"] == counts["expected"] == 320  # one cancelled
    assert figures["checked_in"] == counts["checked_in"] == 107 - 2 - 1  # minus two undone, one cancelled
    assert figures["by_category"] == counts["by_category"]
    assert figures["by_organization_type"] == counts["by_organization_type"]
    assert sorted(figures["absent_organizations"]) == counts["absent_organizations"]
    assert counts["absent_organizations"]  # the test means something

    text = pdf_text(result.data)
    assert "BÁO CÁO TÌNH HÌNH ĐẠI BIỂU THAM DỰ" in text
    assert "Tính đến" in text and "Bộ lọc: đại biểu dự kiến" in text
    assert re.search(rf"Số đại biểu dự kiến\s+{counts['expected']}\b", text)
    assert re.search(rf"Số đại biểu có mặt \(đã điểm danh\)\s+{counts['checked_in']}\b", text)
    rate = f"{100 * counts['checked_in'] / counts['expected']:.1f}%".replace(".", ",")
    assert rate in text
    for name in counts["absent_organizations"]:
        assert name in text
    for label, c in counts["by_category"].items():
        absent = c["expected"] - c["checked_in"]
        assert re.search(rf"{re.escape(label)}\s+{c['expected']}\s+{c['checked_in']}\s+{absent}\b", text), label


def test_attendance_sessions_arrivals_and_provinces(db, demo):
    with db.session() as session:
        workshop = session.scalars(select(AgendaItem).where(AgendaItem.event_id == demo.id,
                                                            AgendaItem.session_checkin.is_(True))
                                   .order_by(AgendaItem.id)).first()
        title = workshop.title_vi
    counts = independent_counts(db, demo.id, item_id=workshop.id)
    result = generate(db, demo.id, "attendance", "xlsx", ReportOptions())
    wb = load_workbook(io.BytesIO(result.data))
    sessions = wb["Theo phiên"]
    rows = {r[2]: r[5] for r in sessions.iter_rows(min_row=2, values_only=True)}
    assert rows[title] == counts["checked_in"] == 9  # ten scans, one of them since cancelled
    arrivals = [r for r in wb["Giờ đến"].iter_rows(min_row=2, values_only=True)]
    entrance = independent_counts(db, demo.id)
    assert sum(r[1] for r in arrivals) == entrance["checked_in"]
    assert {r[0][-5:] for r in arrivals} <= {"07:30", "07:40", "07:50", "08:00", "08:10", "08:20", "08:30"}
    provinces = {r[0]: (r[1], r[2]) for r in wb["Theo tỉnh, thành phố"].iter_rows(min_row=2, values_only=True)}
    by_province: Counter[str] = Counter()
    for d in entrance["expected_rows"]:
        org = entrance["orgs"].get(d.organization_id)
        if org is not None and org.province:
            by_province[org.province] += 1
    for province, expected in by_province.items():
        assert provinces[province][0] == expected
    assert wb["Theo tỉnh, thành phố"].freeze_panes == "A2"

    text = pdf_text(generate(db, demo.id, "attendance", "pdf", ReportOptions()).data)
    assert "Điểm danh theo phiên" in text and title.split(":")[0] in text
    assert "Diễn biến đại biểu đến" in text and "07:30" in text


def test_the_arrivals_caption_spans_the_buckets_it_counts(db, make_event, make_delegate):
    from datetime import UTC, datetime

    event = make_event()
    one = make_delegate(event.id, "Nguyễn Thị Thuỳ Dương")
    perform_checkin(db, event_id=event.id, code=current_code(db, event_id=event.id, delegate_id=one),
                    now=datetime(2026, 12, 10, 0, 33, tzinfo=UTC))  # 07:33 in Hà Nội
    text = " ".join(pdf_text(generate(db, event.id, "attendance", "pdf", ReportOptions()).data).split())
    assert "Ngày 10/12/2026: 1 đại biểu đến, từ 07:30 đến 07:40." in text  # never "từ 07:30 đến 07:30"
    english = " ".join(pdf_text(generate(db, event.id, "attendance", "pdf", ReportOptions(lang="en")).data).split())
    assert "10/12/2026: 1 arrived, 07:30 to 07:40." in english  # never "1 arrivals"
    signin = " ".join(pdf_text(generate(db, event.id, "signin", "pdf", ReportOptions(lang="en")).data).split())
    assert "Total delegates: 1" in signin  # never "Total: 1 delegates"


def test_attendance_of_an_event_without_units_never_says_every_unit_is_present(db, make_event):
    event = make_event()
    text = " ".join(pdf_text(generate(db, event.id, "attendance", "pdf", ReportOptions()).data).split())
    assert "Chưa có đơn vị nào." in text and "Tất cả các đơn vị đều có đại biểu có mặt" not in text


def test_a_wrapped_name_with_stacked_marks_never_touches_its_next_line_in_the_lists(db, make_event,
                                                                                     make_delegate):
    import itertools

    name = "Ỷ Lan Ửng Ữa Ựa Ỳ Ỹ Ỵ Ẫ Ẩ Ậ Ắ Ằ Ẳ Ẵ Ặ Ẻ Ẽ Ế Ề Ể Ễ Ệ Ỉ Ĩ Ị"
    event = make_event()
    make_delegate(event.id, name, position="Chuyên viên", organization="Bộ Nội vụ")
    for report in ("signin", "delegates", "badges"):
        lines = text_lines_ink(generate(db, event.id, report, "pdf", ReportOptions()).data, name)
        assert len(lines) >= 2, report
        for upper, lower in itertools.pairwise(lines):  # the lowest ink above clears the highest below
            assert lower[1] < upper[0], report


def test_attendance_in_english(db, demo):
    result = generate(db, demo.id, "attendance", "pdf", ReportOptions(lang="en"))
    text = pdf_text(result.data)
    assert "ATTENDANCE REPORT" in text and "As of" in text and "Page 1/" in text
    assert "Review Conference on ASEAN Communication Work" in text
    # every category of the event, the two nobody is in (organisers, speakers) as 0
    assert set(result.figures["by_category"]) == {"VIP", "Delegate", "Guest", "Press", "Organiser", "Speaker"}
    assert result.figures["by_category"]["Speaker"] == {"expected": 0, "checked_in": 0}


# --------------------------------------------------------------------------- sign-in sheet


def test_signin_sheet_lists_expected_delegates_grouped_in_vietnamese_order(db, demo):
    counts = independent_counts(db, demo.id)
    result = generate(db, demo.id, "signin", "pdf", ReportOptions(group_by="org"))
    pages = pdf_pages(result.data)
    text = "\n".join(pages)
    assert "DANH SÁCH ĐẠI BIỂU KÝ TÊN" in pages[0]
    assert "STT Họ và tên Chức vụ Ký tên" in pages[0]  # grouped by unit: the unit is the group heading
    assert "BỘ THÔNG TIN VÀ TRUYỀN THÔNG" in pages[0] and "12–13/12/2018" in pages[0]
    assert [i for i, page in enumerate(pages, start=1) if f"Trang {i}/{len(pages)}" not in page] == [], pages[-1]
    with_rows = [page for page in pages if re.search(r"^\d+ ", page, re.M)]
    assert all("STT Họ và tên" in page for page in with_rows)  # the header row repeats on every page
    assert "NGƯỜI LẬP BIỂU" in pages[-1] and "Tổng số:" in pages[-1]
    assert result.figures["rows"] == counts["expected"]
    numbered = [int(m.group(1)) for m in re.finditer(r"^(\d+) ", text, re.M)]
    assert numbered == list(range(1, counts["expected"] + 1))
    # Inside the group of the Ministry, given names in Vietnamese order (Anh < Ánh < Bình < … < Đức).
    ministry = "Bộ Thông tin và Truyền thông"
    block = re.split(rf"^{ministry}\s+\(\d+\)$", text, flags=re.M)[1]
    members = sorted((d for d in counts["expected_rows"] if d.organization_id and
                      counts["orgs"][d.organization_id].name == ministry), key=lambda d: (d.sort_key, d.id))
    positions = [block.index(d.full_name) for d in members]
    assert positions == sorted(positions)
    # Groups follow the organisations' collation: "Ban …" < "Báo …" < "Bộ …" < "Đài …" < "Sở …" < "UBND …".
    heads = [m.group(1) for m in re.finditer(r"^(\S.*?)\s+\(\d+\)$", text, re.M)]
    firsts = [h.split()[0] for h in heads]
    order = ["Ban", "Báo", "Bộ", "Đài", "Kênh", "Sở", "Thông", "UBND", "Văn"]
    assert [w for w in order if w in firsts] == sorted(set(firsts), key=order.index)


def test_signin_grouped_by_category_and_xlsx(db, demo):
    result = generate(db, demo.id, "signin", "pdf", ReportOptions(group_by="category"))
    text = pdf_text(result.data)
    assert "Đại biểu VIP (" in text and "Báo chí (" in text
    book = generate(db, demo.id, "signin", "xlsx", ReportOptions(group_by="category"))
    ws = load_workbook(io.BytesIO(book.data)).worksheets[0]
    assert [c.value for c in ws[1]] == ["STT", "Nhóm (Loại đại biểu)", "Họ và tên", "Chức vụ", "Đơn vị", "Ký tên"]
    assert ws.freeze_panes == "A2" and ws.max_row - 1 == result.figures["rows"]
    assert ws[1][0].font.b


def test_thousand_row_signin_sheet_never_splits_a_row(db, make_event, make_delegate):
    event = make_event(organiser_unit="Bộ Thông tin và Truyền thông")
    family = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ")
    middle = ("Văn", "Thị", "Hữu", "Minh", "Thanh", "Ngọc", "Đức", "Xuân", "Quang", "Thu")
    given = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Khoa", "Lan", "Minh")
    long_org = ("Trung tâm Thông tin và Truyền thông đối ngoại thuộc Cục Thông tin đối ngoại, "
                "Bộ Thông tin và Truyền thông, nhiệm kỳ 2016–2021")
    names = []
    for n in range(1000):
        name = f"{family[n % 10]} {middle[n // 10 % 10]} {given[n // 100]}"
        names.append(name)
        make_delegate(event.id, name, organization=long_org if n % 7 == 0 else f"Sở TT&TT số {chr(65 + n % 20)}",
                      position="Phó Trưởng phòng Thông tin – Báo chí – Xuất bản" if n % 3 == 0 else "Chuyên viên")
    assert len(set(names)) == 1000
    result = generate(db, event.id, "signin", "pdf", ReportOptions(group_by="category"))
    pages = pdf_pages(result.data)
    assert len(pages) > 30
    seen: dict[int, int] = {}
    name_of: dict[int, str] = {}
    for page_no, page in enumerate(pages):
        page = page.replace("Tổng số: 1000 đại biểu", "")
        for match in re.finditer(r"^(\d+) (\S+ \S+ \S+) ", page, re.M):
            number = int(match.group(1))
            assert number not in seen, f"STT {number} printed twice"
            seen[number] = page_no
            name_of[number] = match.group(2)
    assert sorted(seen) == list(range(1, 1001)), [line for p in pages for line in p.splitlines() if line.startswith(("446 ", "447", "448 "))]
    assert sorted(name_of.values()) == sorted(names)  # every row: its name on the same line, same page
    assert list(seen.values()) == sorted(seen.values())  # numbers run in page order
    # The long organisation name wraps inside its cell: head and tail printed for each of its 143 rows.
    text = "\n".join(pages)
    assert text.count("2016–2021") == text.count("Trung tâm") == 143


# --------------------------------------------------------------------------- hostile text, xlsx


def test_hostile_names_print_literally_and_stay_text_in_xlsx(db, make_event, make_delegate):
    event = make_event()
    hostile = '=HYPERLINK("http://x","y")'
    make_delegate(event.id, hostile, organization="<b>Sở & Ban</b>", position="+84 <i>x</i>",
                  phone="0912345678", email="a@b.vn")
    other = make_delegate(event.id, "<b>&amp; Lê", organization="@SUM(A1)")
    perform_checkin(db, event_id=event.id, code=current_code(db, event_id=event.id, delegate_id=other))
    for name in ("certificates", "invitations"):
        text = pdf_text(generate(db, event.id, name, "pdf", ReportOptions()).data)
        assert "<b>&amp; Lê" in text and "@SUM(A1)" in text, name
    for name in ("signin", "delegates"):
        text = pdf_text(generate(db, event.id, name, "pdf", ReportOptions()).data)
        assert hostile in text.replace("\n", "")  # wrapped after its comma, every character printed
        assert "<b>Sở & Ban</b>" in text and "<b>&amp; Lê" in text and "@SUM(A1)" in text
        book = load_workbook(io.BytesIO(generate(db, event.id, name, "xlsx", ReportOptions()).data))
        ws = book.worksheets[0]
        cells = {c.value: c for row in ws.iter_rows(min_row=2) for c in row if c.value is not None}
        assert cells[hostile].data_type == "s"
        assert cells["<b>Sở & Ban</b>"].data_type == "s" and cells["@SUM(A1)"].data_type == "s"
        assert all(c.data_type == "s" for c in cells.values() if isinstance(c.value, str))
        assert ws.freeze_panes == "A2"
        assert "Thông tin" in book.sheetnames
        info = [r[0] for r in book["Thông tin"].iter_rows(values_only=True)]
        assert any(str(v).startswith("Tính đến") for v in info) and any("Bộ lọc" in str(v) for v in info)


def test_delegate_list_prints_contacts_only_when_asked(db, demo):
    with db.session() as session:
        phone, email = session.execute(select(Delegate.phone, Delegate.email).where(
            Delegate.event_id == demo.id, Delegate.phone != "", Delegate.email != "")).first()
    plain = generate(db, demo.id, "delegates", "pdf", ReportOptions())
    text = pdf_text(plain.data)
    assert "DANH SÁCH ĐẠI BIỂU" in text and phone not in text and email not in text
    assert "Điện thoại" not in text
    book = load_workbook(io.BytesIO(generate(db, demo.id, "delegates", "xlsx", ReportOptions()).data))
    values = {c for row in book.worksheets[0].iter_rows(values_only=True) for c in row}
    assert phone not in values and email not in values
    with_contacts = generate(db, demo.id, "delegates", "pdf", ReportOptions(include_contacts=True))
    text = pdf_text(with_contacts.data)
    assert phone in text and email in text and "có số điện thoại và thư điện tử" in text
    pdf = pdfium.PdfDocument(with_contacts.data)
    width, height = pdf[0].get_size()
    pdf.close()
    assert width > height  # landscape to fit the contact columns


def test_delegate_list_follows_the_category_filter(db, demo):
    with db.session() as session:
        press = session.scalar(select(Category).where(Category.event_id == demo.id, Category.code == "BC"))
        expected = len(session.scalars(select(Delegate.id).where(
            Delegate.event_id == demo.id, Delegate.category_id == press.id,
            Delegate.status != DelegateStatus.CANCELLED)).all())
    result = generate(db, demo.id, "delegates", "pdf", ReportOptions(category_ids=frozenset({press.id})))
    assert result.figures["rows"] == expected
    assert "loại đại biểu: Báo chí" in pdf_text(result.data)


# --------------------------------------------------------------------------- badges, certificates, invitations


def test_badge_status_matches_the_print_log(db, demo):
    counts = independent_counts(db, demo.id)
    with db.session() as session:
        prints = Counter(session.scalars(select(BadgePrint.delegate_id).where(BadgePrint.event_id == demo.id)))
    expected_ids = {d.id for d in counts["expected_rows"]}
    result = generate(db, demo.id, "badges", "pdf", ReportOptions())
    assert result.figures["not_printed"] == sum(1 for i in expected_ids if prints[i] == 0)
    with db.session() as session:
        versions: dict[int, set[int]] = defaultdict(set)
        for delegate_id, version in session.execute(select(BadgePrint.delegate_id, BadgePrint.badge_version)):
            versions[delegate_id].add(version)
    # printed: one version (copies on another template included); reprinted: a newer version printed
    assert result.figures["printed"] == sum(1 for i in expected_ids if len(versions[i]) == 1) == 25  # one cancelled
    assert result.figures["reprinted"] == sum(1 for i in expected_ids if len(versions[i]) > 1) == 4
    assert sum(1 for i in expected_ids if prints[i] > 1) == 7  # 4 reprints and 3 copies
    text = pdf_text(result.data)
    assert "Chưa in thẻ (" in text and "In lại (4)" in text and "Thẻ bị mất" in text


def test_certificates_one_landscape_page_per_checked_in_delegate(db, demo):
    counts = independent_counts(db, demo.id)
    result = generate(db, demo.id, "certificates", "pdf", ReportOptions())
    pages = pdf_pages(result.data)
    assert len(pages) == result.figures["certificates"] == counts["checked_in"]
    names = {d.id: d for d in counts["expected_rows"]}
    printed = sorted(re.search(r"chứng nhận\n(.+)\n", page).group(1) for page in pages)
    assert printed == sorted(with_honorific(names[i].honorific, names[i].full_name, "vi")  # "Ông Ahmad …", not "Mr"
                             for i in counts["present_ids"])
    assert all("GIẤY CHỨNG NHẬN" in page and "đã tham dự" in page and "TM. BAN TỔ CHỨC" in page for page in pages)
    assert "Hà Nội, ngày 13 tháng 12 năm 2018" in pages[0]
    pdf = pdfium.PdfDocument(result.data)
    width, height = pdf[0].get_size()
    pdf.close()
    assert (round(width), round(height)) == (842, 595)
    with pytest.raises(DomainError) as err:
        generate(db, demo.id, "certificates", "xlsx", ReportOptions())
    assert err.value.code == "reports.no_xlsx"


def _decode_page(data: bytes, index: int, scale: float = 150 / 72) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        image = pdf[index].render(scale=scale).to_pil()
    finally:
        pdf.close()
    return decode_qr_codes(image)


def test_invitation_qr_decodes_to_the_delegates_valid_code(db, demo):
    with db.session() as session:
        secret = session.get(Event, demo.id).secret
        first = session.scalar(select(Delegate).where(Delegate.event_id == demo.id).order_by(Delegate.id))
        first.badge_version = 3  # a reprinted badge: its letter carries version 3
    with db.session() as session:
        version = {d.id: d.badge_version for d in session.scalars(select(Delegate).where(Delegate.event_id == demo.id))}
    counts = independent_counts(db, demo.id)
    options = ReportOptions(category_ids=frozenset())
    result = generate(db, demo.id, "invitations", "pdf", options)
    pages = pdf_pages(result.data)
    assert len(pages) == result.figures["letters"] == counts["expected"]
    people = {d.id: d for d in counts["expected_rows"]}
    for index in (0, 1, len(pages) - 1):
        assert "GIẤY MỜI" in pages[index] and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[index]
        codes = _decode_page(result.data, index)
        assert len(codes) == 1
        check = verify_code(codes[0], event_id=demo.id, secret_for_event=lambda _e: secret,
                            current_badge_version=version.get)
        assert check.valid
        name = re.search(r"Kính gửi: (.+)\n", pages[index]).group(1)
        person = people[check.delegate_id]
        assert with_honorific(person.honorific, person.full_name, "vi") == name  # the letter's QR is its invitee's
        assert grouped_code(codes[0]) in " ".join(pages[index].split())  # under the symbol, in fours
        assert grouped_code(codes[0]).split(" ")[0] == codes[0][:4]
    # Scanning the letter at the desk checks the delegate in.
    code = _decode_page(result.data, 0)[0]
    assert perform_checkin(db, event_id=demo.id, code=code).result in ("ok", "duplicate")


def test_invitations_per_organization(db, demo):
    result = generate(db, demo.id, "invitations", "pdf", ReportOptions(invitation_per="organization"))
    counts = independent_counts(db, demo.id)
    orgs = {counts["orgs"][d.organization_id].name for d in counts["expected_rows"] if d.organization_id}
    assert result.figures["letters"] == len(orgs)
    pages = pdf_pages(result.data)
    first = pages[0]
    assert "Kính gửi: Ban Thư ký ASEAN" in first
    codes = _decode_page(result.data, 0, scale=200 / 72)
    members = [d for d in counts["expected_rows"] if d.organization_id and
               counts["orgs"][d.organization_id].name == "Ban Thư ký ASEAN"]
    assert len(codes) == len(members)
    assert sorted(parse_code(c).delegate_id for c in codes) == sorted(d.id for d in members)


# --------------------------------------------------------------------------- progress, cancel, registry


def test_progress_reaches_the_total_and_cancel_stops(db, demo, tmp_path):
    seen: list[tuple[int, int]] = []
    write_report(db, demo.id, "certificates", tmp_path / "c.pdf", ReportOptions(),
                 progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] and all(d <= t for d, t in seen)
    calls = iter(range(10_000))
    with pytest.raises(DomainError) as err:
        write_report(db, demo.id, "invitations", tmp_path / "i.pdf", ReportOptions(),
                     cancelled=lambda: next(calls) > 20)
    assert err.value.code == "reports.cancelled"
    assert not (tmp_path / "i.pdf").exists()


def test_every_report_states_as_of_and_filter(db, demo):
    as_of = datetime(2018, 12, 12, 3, 15, tzinfo=UTC)
    for name, spec in REPORTS.items():
        result = generate(db, demo.id, name, "pdf", ReportOptions(as_of=as_of))
        if name in ("certificates", "invitations"):
            pdf = pdfium.PdfDocument(result.data)
            meta = pdf.get_metadata_dict()
            pdf.close()
            assert "Tính đến 10:15 ngày 12/12/2018" in meta.get("Keywords", ""), name
            continue
        first = pdf_pages(result.data)[0]
        assert "Tính đến 10:15 ngày 12/12/2018" in first and "Bộ lọc:" in first, name
        if spec.sheets is not None:
            book = load_workbook(io.BytesIO(generate(db, demo.id, name, "xlsx", ReportOptions(as_of=as_of)).data))
            info = [r[0] for r in book["Thông tin"].iter_rows(values_only=True)]
            assert "Tính đến 10:15 ngày 12/12/2018" in info, name


@pytest.mark.postgres
def test_every_report_on_postgresql_matches_the_independent_count(pg_db):
    event = create_demo(pg_db, delegates=60).event
    with pg_db.session() as session:
        ids = list(session.scalars(select(Delegate.id).where(Delegate.event_id == event.id).order_by(Delegate.id)))
    for delegate_id in ids[::2]:
        perform_checkin(pg_db, event_id=event.id, code=current_code(pg_db, event_id=event.id, delegate_id=delegate_id),
                        now=START)
    undo_checkin(pg_db, event_id=event.id, delegate_id=ids[0])
    counts = independent_counts(pg_db, event.id)
    figures = generate(pg_db, event.id, "attendance", "pdf", ReportOptions()).figures
    assert (figures["expected"], figures["checked_in"]) == (counts["expected"], counts["checked_in"])
    assert figures["by_category"] == counts["by_category"]
    assert figures["by_organization_type"] == counts["by_organization_type"]
    assert sorted(figures["absent_organizations"]) == counts["absent_organizations"]
    for name, spec in REPORTS.items():
        for fmt in spec.formats:
            assert generate(pg_db, event.id, name, fmt, ReportOptions()).data


def test_an_event_without_delegates_still_gives_every_report(db, make_event):
    event = make_event()
    for name, spec in REPORTS.items():
        for fmt in spec.formats:
            result = generate(db, event.id, name, fmt, ReportOptions())
            assert result.data
    figures = generate(db, event.id, "attendance", "pdf", ReportOptions()).figures
    with db.session() as session:
        labels = set(session.scalars(select(Category.label_vi).where(Category.event_id == event.id)))
    assert labels  # a new event has its default categories, each listed with nobody in it
    assert figures == {"expected": 0, "checked_in": 0,
                       "by_category": {label: {"expected": 0, "checked_in": 0} for label in labels},
                       "by_organization_type": {}, "absent_organizations": []}
    assert "Tổng số: 0 đại biểu" in pdf_text(generate(db, event.id, "signin", "pdf", ReportOptions()).data)


def test_letters_follow_the_events_document_fields(db, make_event, make_delegate):
    event = make_event(venue="Khách sạn Mường Thanh, Đà Nẵng", organiser_unit="Bộ Thông tin và Truyền thông")
    update_event_documents(db, event.id, signer_authority="KT. BỘ TRƯỞNG", signer_title="THỨ TRƯỞNG",
                           signer_name="Nguyễn Thanh Lâm", letter_number="125/GM-BTTTT")
    with db.session() as session:
        session.get(Event, event.id).settings = {"letters": {
            "invitation_body": "Bộ Thông tin và Truyền thông trân trọng kính mời {name} {unknown} {",
            "certificate_text": "Bộ Thông tin và Truyền thông chứng nhận {name}",
        }}
    delegate = make_delegate(event.id, "Đỗ Thị Hằng", honorific="Bà", organization="Sở TT&TT Đà Nẵng")
    perform_checkin(db, event_id=event.id, code=current_code(db, event_id=event.id, delegate_id=delegate))
    letter = pdf_text(generate(db, event.id, "invitations", "pdf", ReportOptions()).data)
    assert "Số: 125/GM-BTTTT" in letter and "Nguyễn Thanh Lâm" in letter and "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG" in letter
    assert "Đà Nẵng, ngày" in letter  # the venue's city dates the letter when no place is set
    # A broken template (a lone brace) prints as typed rather than failing.
    assert "trân trọng kính mời {name} {unknown} {" in " ".join(letter.split())
    certificate = pdf_text(generate(db, event.id, "certificates", "pdf", ReportOptions()).data)
    assert "Bộ Thông tin và Truyền thông chứng nhận Bà Đỗ Thị Hằng" in certificate
    assert "Nguyễn Thanh Lâm" in certificate and "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG" in certificate


def test_signin_sheet_for_one_day_of_the_event(db, demo):
    from datetime import date

    text = pdf_pages(generate(db, demo.id, "signin", "pdf", ReportOptions(day=date(2018, 12, 13))).data)[0]
    assert "Ngày: 13/12/2018" in text and "12–13/12/2018" not in text
    with pytest.raises(DomainError) as err:
        generate(db, demo.id, "signin", "pdf", ReportOptions(day=date(2018, 12, 14)))
    assert err.value.code == "reports.day_outside_event"
