"""Printed paperwork a ministry would sign: read back from the PDFs themselves.

Text and character boxes through pypdfium2, fonts per character, QR codes with zxing-cpp
(:mod:`tests.pdf_checks`).  The layout rules are those of Nghị định 30/2020/NĐ-CP.
"""

from __future__ import annotations

import itertools
import json
from datetime import UTC, date, datetime, time

import pypdfium2 as pdfium
import pytest
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from sqlalchemy import select

from confman.cli import build_parser, run
from confman.cli.events import UPDATE_FLAGS
from confman.core.agenda.models import AgendaItem, AgendaItemPerson
from confman.core.agenda.pdf import render_programme
from confman.core.checkin.service import current_code, perform_checkin
from confman.core.demo import create_demo
from confman.core.enums import OrganizationType, PersonRole
from confman.core.events.documents import event_documents, update_event_documents
from confman.core.pdf.fonts import (
    SERIF_BOLD,
    SERIF_BOLD_ITALIC,
    SERIF_ITALIC,
    SERIF_REGULAR,
    register_serif_fonts,
)
from confman.core.pdf.official import place_date_line, vi_date
from confman.core.registration.models import Delegate, Organization
from confman.core.registration.org_types import organization_type
from confman.core.reports import ReportOptions, generate
from tests.pdf_checks import (
    char_boxes,
    chars_by_font,
    collapsed,
    overlap,
    page_texts,
    qr_boxes,
    resource_fonts,
    text_rects,
    vietnamese_words,
)

AS_OF = datetime(2027, 3, 5, 2, 0, tzinfo=UTC)  # 09:00 on 05/03/2027 in Hà Nội

ENGLISH = {
    "name_en": "National Review Conference on External Communication 2026",
    "venue": "Khách sạn Mường Thanh, Đà Nẵng", "venue_en": "Muong Thanh Hotel, Da Nang",
    "place": "Đà Nẵng", "place_en": "Da Nang",
    "parent_body": "Bộ Thông tin và Truyền thông", "parent_body_en": "Ministry of Information and Communications",
    "issuing_body": "Cục Thông tin đối ngoại", "issuing_body_en": "Department of External Information Service",
    "signer_authority": "KT. CỤC TRƯỞNG", "signer_authority_en": "FOR THE DIRECTOR GENERAL",
    "signer_title": "PHÓ CỤC TRƯỞNG", "signer_title_en": "DEPUTY DIRECTOR GENERAL",
    "signer_name": "Lê Văn Minh", "letter_number": "88/GM-TTĐN",
}


@pytest.fixture
def event(db, make_event, make_delegate):
    """An event with every document field set (Vietnamese and English), two delegates, a session."""
    row = make_event(name_vi="Hội nghị toàn quốc tổng kết công tác thông tin đối ngoại năm 2026",
                     start_date=date(2027, 3, 10), end_date=date(2027, 3, 11))
    update_event_documents(db, row.id, **ENGLISH)
    ids = [make_delegate(row.id, "Tôn Nữ Thị Phương Khuê", honorific="Bà", position="Phó Giám đốc Sở",
                         organization="Sở Thông tin và Truyền thông Thừa Thiên Huế"),
           make_delegate(row.id, "Nguyễn Văn Đức", honorific="Ông", position="Vụ trưởng",
                         organization="Bộ Ngoại giao")]
    with db.session() as session:
        session.add(AgendaItem(event_id=row.id, day=date(2027, 3, 10), start_time=time(8), end_time=time(9),
                               title_vi="Khai mạc hội nghị", title_en="Opening session"))
    for delegate_id in ids:
        perform_checkin(db, event_id=row.id, code=current_code(db, event_id=row.id, delegate_id=delegate_id))
    return row


def _people_text(db, event_id: int) -> list[str]:
    """What may stay Vietnamese in an English document: people's names, positions, units."""
    with db.session() as session:
        out = []
        for d in session.scalars(select(Delegate).where(Delegate.event_id == event_id)):
            out += [d.full_name, d.position or "", d.organization.name if d.organization else ""]
    out += [ENGLISH["signer_name"], ENGLISH["letter_number"]]  # a person's name and the number as registered
    return sorted((x for x in out if x), key=len, reverse=True)


# --------------------------------------------------------------------------- the letter


def test_vietnamese_invitation_has_the_administrative_parts(db, event):
    data = generate(db, event.id, "invitations", "pdf", ReportOptions(as_of=AS_OF)).data
    pages = page_texts(data)
    assert len(pages) == 2  # a letter a page
    text = collapsed("\n".join(pages))
    for part in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BỘ THÔNG TIN VÀ TRUYỀN THÔNG",
                 "CỤC THÔNG TIN ĐỐI NGOẠI", "Số: 88/GM-TTĐN", "Đà Nẵng, ngày 05 tháng 3 năm 2027", "GIẤY MỜI",
                 "Kính gửi: Bà Tôn Nữ Thị Phương Khuê", "thứ Tư, ngày 10/03/2027",
                 "Địa điểm: Khách sạn Mường Thanh, Đà Nẵng", "Trân trọng./.", "Nơi nhận:", "- Như trên;",
                 "- Lưu: VT, BTC.", "KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "Lê Văn Minh"):
        assert part in text, part
    assert "08 giờ 00" in text  # the first session's start
    # The signer block is the signer's, not a bracketed placeholder.
    assert "[" not in text and "(Ký" not in text


def test_the_date_line_follows_the_leading_zero_rule():
    assert vi_date(date(2018, 11, 5)) == "ngày 05 tháng 11 năm 2018"
    assert vi_date(date(2027, 2, 9)) == "ngày 09 tháng 02 năm 2027"  # months 1 and 2 with a zero
    assert vi_date(date(2027, 3, 15)) == "ngày 15 tháng 3 năm 2027"
    assert place_date_line("Hà Nội", date(2018, 11, 5), "vi") == "Hà Nội, ngày 05 tháng 11 năm 2018"
    assert place_date_line("", date(2018, 11, 5), "vi") == "Ngày 05 tháng 11 năm 2018"
    assert place_date_line("Hanoi", date(2018, 11, 5), "en") == "Hanoi, 5 November 2018"


def test_text_never_overlaps_the_qr_box_or_other_text(db, event):
    for lang in ("vi", "en"):
        for per in ("delegate", "organization"):
            data = generate(db, event.id, "invitations", "pdf",
                            ReportOptions(lang=lang, invitation_per=per, as_of=AS_OF)).data
            document = pdfium.PdfDocument(data)
            for index in range(len(document)):
                page = document[index]
                rects = text_rects(page)
                qrs = qr_boxes(data, index)
                assert qrs, (lang, per, index)
                for qr in qrs:
                    for box, text in rects:
                        assert not overlap(box, qr.box, 0.5), (lang, per, text)
                    # Every character too (the code digits sit under the symbol, not over it).
                    for box, char in char_boxes(page):
                        assert not overlap(box, qr.box, 0.5), (lang, per, char)
                for i, (a, text_a) in enumerate(rects):
                    for b, text_b in rects[i + 1:]:
                        assert not overlap(a, b, 0.75), (lang, per, text_a, text_b)
            document.close()


def test_the_code_digits_stay_inside_the_margins_and_the_qr_column(db, event, make_delegate):
    from confman.core.pdf.official import MARGIN_LEFT, MARGIN_RIGHT
    from confman.core.reports.invitations import QR_LIST
    from confman.core.reports.layout import NO_W

    for n in range(2):  # a unit with three delegates: one letter listing three codes
        make_delegate(event.id, f"Phạm Văn Minh {n}", position="Chuyên viên", organization="Bộ Ngoại giao")
    for per in ("delegate", "organization"):
        data = generate(db, event.id, "invitations", "pdf", ReportOptions(invitation_per=per, as_of=AS_OF)).data
        document = pdfium.PdfDocument(data)
        for index in range(len(document)):
            page = document[index]
            width = page.get_width()
            left, right = MARGIN_LEFT, width - MARGIN_RIGHT
            if per == "organization":  # the digits are inside the QR column, not across its rule
                left = right - QR_LIST - 10 * mm
                assert left > MARGIN_LEFT + NO_W
            found = qr_boxes(data, index)
            for qr in found:  # the digits under each symbol are its code, whole
                digits = [(box, char) for box, char in char_boxes(page) if char.isdigit()
                          and box[3] <= qr.box[1] + 0.5 and box[3] >= qr.box[1] - 30
                          and box[0] >= qr.box[0] - 25 and box[2] <= qr.box[2] + 25]
                assert "".join(char for _box, char in digits) == qr.text, (per, index)
                assert all(left - 0.5 <= box[0] and box[2] <= right + 0.5 for box, _char in digits), (per, index)
        document.close()


def test_a_letter_that_runs_over_keeps_its_last_words_with_the_signature_and_numbers_its_pages(db, event,
                                                                                              make_delegate):
    for n in range(5):
        make_delegate(event.id, f"Nguyễn Thị Thuỳ Dương {n}", position="Phó Giám đốc Sở Thông tin và Truyền thông "
                      "tỉnh Bà Rịa – Vũng Tàu", organization="Bộ Ngoại giao")
    long_position = ("Phó Trưởng ban Thường trực Ban Chỉ đạo công tác thông tin đối ngoại tỉnh Thừa Thiên Huế "
                     "kiêm Chánh Văn phòng, Trung tâm Truyền thông và Văn hóa – Thể thao – Du lịch huyện Côn Đảo, "
                     "kiêm Phó Chủ tịch Hội đồng Thi đua – Khen thưởng và Trưởng Tiểu ban Nội dung Hội nghị")
    make_delegate(event.id, "Tôn Thất Nguyễn Hoàng Khải Nguyên Phương", honorific="Ông", position=long_position,
                  organization="Trung tâm Truyền thông và Văn hóa – Thể thao – Du lịch huyện Côn Đảo, tỉnh Bà Rịa "
                               "– Vũng Tàu (cơ sở 2)")
    from confman.core.events.models import Event

    with db.session() as session:  # the organisers' own, longer wording of the English letter
        stored = session.get(Event, event.id)
        stored.settings = {**(stored.settings or {}), "letters": {"invitation_body_en": (
            "{issuer} has the honour to invite {name} to attend the {event}, which reviews the year's external "
            "communication work of ministries, sectors and localities, shares good practice from the provinces "
            "and the press, and agrees on the priorities, the coordination rules and the reporting calendar "
            "for the coming year. " * 2)}}
    for lang, per, closing in (("vi", "organization", "Trân trọng./."), ("en", "delegate", "Yours sincerely.")):
        data = generate(db, event.id, "invitations", "pdf",
                        ReportOptions(lang=lang, invitation_per=per, as_of=AS_OF)).data
        document = pdfium.PdfDocument(data)
        letters: list[list[int]] = []
        for index in range(len(document)):
            text = collapsed(document[index].get_textpage().get_text_range())
            if "GIẤY MỜI" in text or "INVITATION" in text:
                letters.append([index])
            else:
                letters[-1].append(index)
        assert any(len(pages) > 1 for pages in letters), (lang, per)  # the case this test is about
        for pages in letters:
            signed = [i for i in pages if "Lê Văn Minh" in document[i].get_textpage().get_text_range()]
            assert len(signed) == 1 and signed[0] == pages[-1]
            last = document[pages[-1]]
            assert closing in collapsed(last.get_textpage().get_text_range())  # never a signature alone
            for number, index in enumerate(pages, start=1):  # numbered from the second page, top centre
                page = document[index]
                top = [(box, char) for box, char in char_boxes(page) if box[1] > page.get_height() - 20 * mm]
                if number == 1:
                    assert all(not char.isdigit() for _box, char in top)
                else:
                    assert "".join(char for _box, char in top) == str(number)
                    box = top[0][0]
                    assert abs((box[0] + box[2]) / 2 - (30 * mm + (page.get_width() - 45 * mm) / 2)) < 3
        document.close()


def test_a_long_name_position_and_unit_still_fit_the_letter_on_one_page(db, make_event, make_delegate):
    """A letter that would spill its signature onto a second page is set with single line spacing
    (13 pt text, within Nghị định 30) and fits; the others keep the regular spacing. A phone number
    written in groups never breaks between them."""
    event = make_event(name_vi="Hội nghị tổng kết công tác thông tin đối ngoại và truyền thông chính sách của các "
                               "bộ, ngành, địa phương giai đoạn 2021–2025 và triển khai nhiệm vụ giai đoạn 2026–2030",
                       start_date=date(2027, 3, 10), end_date=date(2027, 3, 12))
    update_event_documents(db, event.id, **{**ENGLISH, "contact_name": "Đặng Hữu Phước",
                                            "contact_phone": "0254 3852 123",
                                            "venue": "Trung tâm Hội nghị tỉnh Bà Rịa – Vũng Tàu, số 01 đường 3 "
                                                     "tháng 2, phường 8, thành phố Vũng Tàu",
                                            "parent_body": "Ủy ban nhân dân tỉnh Bà Rịa – Vũng Tàu",
                                            "issuing_body": "Sở Thông tin và Truyền thông tỉnh Bà Rịa – Vũng Tàu"})
    with db.session() as session:  # "Chương trình: gửi kèm theo Giấy mời này" and a start time
        session.add(AgendaItem(event_id=event.id, day=date(2027, 3, 10), start_time=time(7, 30),
                               end_time=time(8), title_vi="Đón tiếp đại biểu"))
    for name in ("Tôn Nữ Thị Phương Khuê", "Nguyễn Văn Đức"):
        make_delegate(event.id, name, position="Vụ trưởng", organization="Bộ Ngoại giao")
    make_delegate(event.id, "Tôn Thất Nguyễn Hoàng Khải Nguyên Phương", honorific="Ông",
                  position="Phó Trưởng ban Thường trực Ban Chỉ đạo công tác thông tin đối ngoại tỉnh Thừa Thiên "
                           "Huế kiêm Chánh Văn phòng, kiêm Phó Chủ tịch Hội đồng Thi đua – Khen thưởng và Trưởng "
                           "Tiểu ban Nội dung Hội nghị",
                  organization="Trung tâm Truyền thông và Văn hóa – Thể thao – Du lịch huyện Côn Đảo, tỉnh Bà Rịa "
                               "– Vũng Tàu (cơ sở 2)")
    data = generate(db, event.id, "invitations", "pdf", ReportOptions(lang="vi", as_of=AS_OF)).data
    document = pdfium.PdfDocument(data)
    texts = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    assert len(texts) == 3  # three delegates, one page each
    spacing = {}
    for index, text in enumerate(texts):
        assert "GIẤY MỜI" in text and "Lê Văn Minh" in text and "Trân trọng./." in text
        assert any("0254 3852 123" in line for line in text.splitlines()), text  # on one line
        lines = text_rects(document[index])  # the body's baselines: regular or single spacing
        bottoms = sorted((rect[1] for rect, line in lines  # the particulars, indented (not "Nơi nhận")
                          if line.startswith("- ") and rect[0] > 35 * mm), reverse=True)
        body = [b for n, b in enumerate(bottoms) if n == 0 or bottoms[n - 1] - b > 3]  # one per line
        spacing["Tôn Thất" in text] = min(a - b for a, b in itertools.pairwise(body))
    assert spacing[True] < spacing[False] - 1  # only the long letter was set tighter
    document.close()


def test_letterhead_lines_break_between_levels_never_inside_a_place_or_the_date(db, make_event, make_delegate):
    from confman.core.pdf.official import balanced_lines

    row = make_event(name_vi="Hội nghị tổng kết công tác thông tin đối ngoại năm 2026",
                     start_date=date(2027, 3, 10), end_date=date(2027, 3, 11))
    update_event_documents(db, row.id, place="Bà Rịa – Vũng Tàu", parent_body="Ủy ban nhân dân tỉnh Bà Rịa – Vũng Tàu",
                           issuing_body="Sở Thông tin và Truyền thông tỉnh Bà Rịa – Vũng Tàu",
                           signer_name="Nguyễn Thị Thuỳ Dương", letter_number="12/GM-STTTT")
    make_delegate(row.id, "Đặng Hữu Phước", honorific="Ông", organization="Bộ Ngoại giao")
    for report in ("signin", "invitations", "attendance", "programme"):
        data = (render_programme(db, row.id) if report == "programme"
                else generate(db, row.id, report, "pdf", ReportOptions(as_of=AS_OF)).data)
        lines = [line.strip() for line in page_texts(data)[0].splitlines()]
        for whole in ("ỦY BAN NHÂN DÂN", "TỈNH BÀ RỊA – VŨNG TÀU", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
                      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ngày 05 tháng 3 năm 2027"):
            if report != "programme" or not whole.startswith("ngày"):  # the programme is not dated
                assert whole in lines, (report, whole, lines[:8])
        assert not any(line.endswith(("–", "BÀ RỊA", "VŨNG", "TRUYỀN")) or line.startswith(("–", "TÀU", "RỊA", "THÔNG"))
                       for line in lines[:8]), (report, lines[:8])
    register_serif_fonts()
    # English names break before "OF"; a dash never starts a line; a name that fits stays one line
    assert balanced_lines("DEPARTMENT OF INFORMATION AND COMMUNICATIONS OF BA RIA – VUNG TAU PROVINCE", SERIF_BOLD,
                          11, 69 * mm)[-1] == "OF BA RIA – VUNG TAU PROVINCE"
    assert balanced_lines("BỘ NGOẠI GIAO", SERIF_BOLD, 12, 69 * mm) == ["BỘ NGOẠI GIAO"]


def test_a_foreign_guests_english_honorific_reads_vietnamese_in_a_vietnamese_document(db, event, make_delegate):
    guest = make_delegate(event.id, "Siriporn Chaiyasit", honorific="Ms", foreign_name=True,
                          organization="Ban Thư ký ASEAN")
    speaker = make_delegate(event.id, "Souphanouvong Phetsamone", honorific="Mr", foreign_name=True)
    with db.session() as session:
        item = session.scalar(select(AgendaItem).where(AgendaItem.event_id == event.id))
        item.people.append(AgendaItemPerson(delegate_id=speaker, role=PersonRole.SPEAKER))
    perform_checkin(db, event_id=event.id, code=current_code(db, event_id=event.id, delegate_id=guest))
    letters = collapsed(" ".join(page_texts(generate(db, event.id, "invitations", "pdf",
                                                      ReportOptions(as_of=AS_OF)).data)))
    assert "Kính gửi: Bà Siriporn Chaiyasit" in letters and "Ms Siriporn" not in letters
    english = collapsed(" ".join(page_texts(generate(db, event.id, "invitations", "pdf",
                                                      ReportOptions(lang="en", as_of=AS_OF)).data)))
    assert "To: Ms Siriporn Chaiyasit" in english
    certificates = collapsed(" ".join(page_texts(generate(db, event.id, "certificates", "pdf",
                                                          ReportOptions(as_of=AS_OF)).data)))
    assert "Bà Siriporn Chaiyasit" in certificates
    programme = collapsed(" ".join(page_texts(render_programme(db, event.id))))
    assert "Ông Souphanouvong Phetsamone" in programme and "Mr Souphanouvong" not in programme


def test_certificate_text_does_not_overlap(db, event):
    for lang in ("vi", "en"):
        data = generate(db, event.id, "certificates", "pdf", ReportOptions(lang=lang, as_of=AS_OF)).data
        document = pdfium.PdfDocument(data)
        rects = text_rects(document[0])
        for i, (a, text_a) in enumerate(rects):
            for b, text_b in rects[i + 1:]:
                assert not overlap(a, b, 0.75), (lang, text_a, text_b)
        document.close()


# --------------------------------------------------------------------------- fonts


OFFICIAL = [("invitations", {}), ("invitations", {"invitation_per": "organization"}), ("certificates", {}),
            ("signin", {}), ("delegates", {}), ("attendance", {}), ("badges", {})]


def _serif_faces() -> dict[str, object]:
    register_serif_fonts()
    return {pdfmetrics.getFont(name).face.name.decode(): pdfmetrics.getFont(name).face
            for name in (SERIF_REGULAR, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC)}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_official_documents_embed_only_the_serif_with_every_glyph(db, event, lang):
    faces = _serif_faces()
    documents = [(name, generate(db, event.id, name, "pdf", ReportOptions(lang=lang, **extra)).data)
                 for name, extra in OFFICIAL]
    documents.append(("programme", render_programme(db, event.id, lang=lang)))
    for name, data in documents:
        assert resource_fonts(data) <= set(faces), (name, resource_fonts(data))  # no Helvetica, no sans
        used = chars_by_font(data)
        assert used and set(used) <= set(faces), (name, set(used))
        for font, chars in used.items():
            missing = [c for c in chars if ord(c) not in faces[font].charToGlyph]
            assert missing == [], (name, font, missing)


# --------------------------------------------------------------------------- English means English


def test_english_documents_carry_no_vietnamese_in_their_fixed_fields(db, event):
    allowed = _people_text(db, event.id)
    documents = {
        "invitation": generate(db, event.id, "invitations", "pdf", ReportOptions(lang="en", as_of=AS_OF)).data,
        "certificate": generate(db, event.id, "certificates", "pdf", ReportOptions(lang="en", as_of=AS_OF)).data,
        "programme": render_programme(db, event.id, lang="en"),
    }
    for name, data in documents.items():
        text = collapsed("\n".join(page_texts(data)))
        for person in allowed:
            text = text.replace(collapsed(person), " ")
        assert vietnamese_words(text) == [], (name, vietnamese_words(text))
    invitation = collapsed("\n".join(page_texts(documents["invitation"])))
    for part in ("SOCIALIST REPUBLIC OF VIET NAM", "MINISTRY OF INFORMATION AND COMMUNICATIONS", "No.: 88/GM-TTĐN",
                 "Da Nang, 5 March 2027", "INVITATION", "To: Ms Tôn Nữ Thị Phương Khuê", "Muong Thanh Hotel",
                 "FOR THE DIRECTOR GENERAL", "Recipients:"):
        assert part in invitation, part


def test_bilingual_programme_shows_both(db, event):
    text = collapsed("\n".join(page_texts(render_programme(db, event.id, lang="both"))))
    for part in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM", "Khai mạc hội nghị",
                 "Opening session", "National Review Conference on External Communication 2026"):
        assert part in text, part


def test_english_fields_left_empty_fall_back_visibly_and_are_named(db, make_event, make_delegate, capsys,
                                                                 sqlite_url, tmp_path):
    row = make_event(venue="Trung tâm Hội nghị Quốc gia, Hà Nội", organiser_unit="Bộ Thông tin và Truyền thông")
    make_delegate(row.id, "Nguyễn Văn An")
    out = tmp_path / "invitation-en.pdf"
    assert run(["--db", sqlite_url, "--event", row.code, "--lang", "en", "report", "invitations", str(out)]) == 0
    err = capsys.readouterr().err
    assert "No signer is set" in err and "Venue (English)" in err and "Issuing body (English)" in err
    # The Vietnamese shows where no English was typed (visible, and named above), never a blank.
    assert "Trung tâm Hội nghị Quốc gia" in collapsed(page_texts(out.read_bytes())[0])


# --------------------------------------------------------------------------- sign-in sheet


def test_signin_sheet_pages_are_closed_and_groups_continue(db, make_event, make_delegate):
    row = make_event()
    for n in range(70):
        make_delegate(row.id, f"Nguyễn Văn Thứ {n:02d}", position="Chuyên viên",
                      organization="Ủy ban nhân dân tỉnh Quảng Ninh" if n < 60 else "Báo Nhân Dân")
    data = generate(db, row.id, "signin", "pdf", ReportOptions(group_by="org")).data
    pages = page_texts(data)
    assert "STT Họ và tên Chức vụ Ký tên" in collapsed(pages[0])  # no unit column: the unit is the heading
    assert any("Ủy ban nhân dân tỉnh Quảng Ninh (60) (tiếp theo)" in collapsed(p) for p in pages[1:])
    assert "NGƯỜI LẬP BIỂU" in pages[-1] and "(Ký, ghi rõ họ tên)" in pages[-1]
    by_category = collapsed(page_texts(generate(db, row.id, "signin", "pdf",
                                                ReportOptions(group_by="category")).data)[0])
    assert "STT Họ và tên Chức vụ Đơn vị Ký tên" in by_category
    document = pdfium.PdfDocument(data)
    for index in range(len(document)):
        page = document[index]
        numbers = [(box, ch) for box, ch in char_boxes(page) if ch.isdigit()]
        rows = sorted({round(box[1]) for box, _ in numbers if box[0] < 30 * mm + 13 * mm and box[1] > 20 * mm})
        if len(rows) < 3:
            continue
        pitches = [b - a for a, b in itertools.pairwise(rows) if b - a > 5]
        assert min(pitches) >= 10 * mm - 1, index  # rows sized for a pen
        # The table's frame closes the page: a bold rectangle below the last row.
        frames = [obj.get_bounds() for obj in page.get_objects() if obj.type == 2]
        lowest = min(rows)
        assert any(pos[1] < lowest - 2 and pos[2] - pos[0] > 150 * mm for pos in frames), index
        header = next(box for box, text in text_rects(page) if "Ký tên" in text)
        column_rules = [b[0] for b in frames if b[2] - b[0] < 2 and b[3] - b[1] > 20 and b[0] < header[0]]
        right_edge = 210 * mm - 15 * mm  # A4 minus the 15 mm right margin
        assert right_edge - max(column_rules) >= 40 * mm - 0.5, index  # room to sign
    document.close()


# --------------------------------------------------------------------------- programme


def test_programme_papers_have_their_own_times_and_numbering_per_day(db):
    demo = create_demo(db, delegates=60).event
    text = collapsed("\n".join(page_texts(render_programme(db, demo.id))))
    assert "09:45 1." in text and "10:00 2." in text and "10:15 3." in text
    second_day = text.index("NGÀY THỨ HAI")
    assert " 1. " in text[second_day:]  # numbering starts again on the second day
    assert "(Chưa có tóm tắt.)" not in text


# --------------------------------------------------------------------------- numbers


def test_attendance_classifies_units_by_their_names(db, make_event, make_delegate):
    row = make_event()
    names = {"Ủy ban nhân dân tỉnh Lào Cai": "province", "UBND thành phố Cần Thơ": "province",
             "Sở Thông tin và Truyền thông Hà Giang": "provincial_department",
             "Đài Phát thanh và Truyền hình Nghệ An": "broadcaster", "Báo Tuổi Trẻ": "press",
             "Đại sứ quán Nhật Bản": "foreign", "Bộ Ngoại giao": "ministry", "Công ty Cổ phần FPT": "other"}
    for n, name in enumerate(names):
        make_delegate(row.id, f"Đại biểu {n}", organization=name)
    assert {name: str(organization_type(name)) for name in names} == names
    with db.session() as session:  # stored types win over the name
        org = session.scalar(select(Organization).where(Organization.name == "Công ty Cổ phần FPT"))
        org.type = OrganizationType.PRESS
    figures = generate(db, row.id, "attendance", "pdf", ReportOptions()).figures
    counts = {k: v["expected"] for k, v in figures["by_organization_type"].items()}
    assert counts == {"province": 2, "provincial_department": 1, "broadcaster": 1, "press": 2, "foreign": 1,
                      "ministry": 1}


# --------------------------------------------------------------------------- CLI


def test_event_update_has_exactly_the_documented_flags():
    parser = build_parser()
    event = next(a for a in parser._subparsers._group_actions[0].choices["event"]._actions
                 if getattr(a, "choices", None))
    update = event.choices["update"]
    flags = sorted(s for a in update._actions for s in a.option_strings if s not in ("-h", "--help"))
    assert flags == sorted([flag for flag, _ in UPDATE_FLAGS] + ["--json"])
    assert [flag for flag, _ in UPDATE_FLAGS] == [
        "--name-en", "--venue", "--venue-en", "--place", "--place-en", "--parent-body", "--parent-body-en",
        "--issuing-body", "--issuing-body-en", "--signer-authority", "--signer-authority-en", "--signer-title",
        "--signer-title-en", "--signer-name", "--letter-number"]


def test_cli_event_update_sets_what_documents_print(db, make_event, make_delegate, sqlite_url, capsys, tmp_path):
    row = make_event(code="HN2027")
    argv = ["--db", sqlite_url, "--event", "HN2027", "event", "update", "--json"]
    for flag, field in UPDATE_FLAGS:
        argv += [flag, ENGLISH.get(field, f"  {field} value ")]
    assert run(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["signer_name"] == "Lê Văn Minh" and out["missing_english"] == [] and out["signer_set"] is True
    docs = event_documents(db, row.id)
    assert docs.letter_number == "88/GM-TTĐN" and docs.issuing_body_en == ENGLISH["issuing_body_en"]
    # Clearing one field keeps the others; the English value now missing is named on stderr.
    assert run(["--db", sqlite_url, "--event", "HN2027", "event", "update", "--place-en", ""]) == 0
    captured = capsys.readouterr()
    assert "HN2027" in captured.out and "Địa danh (tiếng Anh)" in captured.err
    assert event_documents(db, row.id).place_en == "" and event_documents(db, row.id).place == "Đà Nẵng"
    # A value too long is refused naming the field; nothing changes.
    assert run(["--db", sqlite_url, "--event", "HN2027", "event", "update", "--letter-number", "9" * 101]) == 2
    assert "Số văn bản" in capsys.readouterr().err
    assert event_documents(db, row.id).letter_number == "88/GM-TTĐN"
    make_delegate(row.id, "Nguyễn Văn An")
    out_pdf = tmp_path / "giay-moi.pdf"
    assert run(["--db", sqlite_url, "--event", "HN2027", "report", "invitations", str(out_pdf)]) == 0
    assert "Số: 88/GM-TTĐN" in collapsed(page_texts(out_pdf.read_bytes())[0])


# --------------------------------------------------------------------------- migration


def test_the_migration_moves_letter_settings_into_the_columns(tmp_path):
    from alembic import command
    from sqlalchemy import text

    from confman.core.db.engine import Database
    from confman.core.db.migrate import alembic_config

    db = Database.open(f"sqlite:///{tmp_path / 'old.sqlite3'}", create=True)
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
        conn.execute(text(
            "INSERT INTO events (code, name_vi, name_en, venue, start_date, end_date, organiser_unit, timezone, "
            "secret, description, settings, created_at, updated_at) VALUES ('OLD', 'Hội nghị', '', '', "
            "'2026-12-10', '2026-12-11', '', 'Asia/Ho_Chi_Minh', x'00', '', :settings, '2026-01-01', '2026-01-01')"),
            {"settings": json.dumps({"letters": {"signer_title": "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG",
                                                 "signer_name": "Nguyễn Thanh Lâm", "reference": "Số: 125/GM-BTTTT",
                                                 "place": "Đà Nẵng", "invitation_body": "Kính mời {name}"}},
                                    ensure_ascii=False)})
        command.upgrade(config, "head")
    docs = event_documents(db, 1)
    db.dispose()
    assert (docs.signer_authority, docs.signer_title, docs.signer_name, docs.letter_number, docs.place) == (
        "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Nguyễn Thanh Lâm", "125/GM-BTTTT", "Đà Nẵng")


@pytest.mark.parametrize("text", [
    "Kính mời Ông Tôn Thất Nguyễn Hoàng Khải Nguyên Phương tới dự Hội nghị tổng kết công tác thông tin đối ngoại.",
    "- Thông tin chi tiết xin liên hệ: Đặng Hữu Phước, điện thoại: 0254 3852 123 hoặc 0913 456 789 012 345.",
    "UBND-tỉnh-Bà-Rịa–Vũng-Tàu/Sở-TT&TT-Trung-tâm-Truyền-thông-và-Văn-hóa-Thể-thao-Du-lịch-huyện-Côn-Đảo và các "
    "đơn vị – phòng ban – trực thuộc",
    "a " * 120,
    "Số điện thoại của các đơn vị: " + "0254 3852 123 456 789 và " * 30,  # no-break groups wider than any word
])
def test_a_letters_height_bound_is_never_below_its_laid_out_height(text):
    """Only letters the bound says may not fit are laid out twice: the bound must never be short."""
    from confman.core.pdf.official import opara
    from confman.core.reports.invitations import _height, _height_bound, _Styles

    for st in (_Styles(), _Styles(compact=True)):
        flow = [opara(text, st.body), opara(text, st.item), opara(text, st.dear_meta)]
        assert _height_bound(flow) >= _height(flow)
