"""Survey outputs a reader sees: the results PDF's text and charts, PNG slides, the xlsx, paper forms' QR codes,
manual entry and the tracker."""

from __future__ import annotations

import random
from datetime import date

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook
from PIL import Image

from confman.core.badges.qr import decode_qr_codes
from confman.core.errors import DomainError
from confman.core.survey.charts import number_text, percent_text
from confman.core.survey.outputs import load_results, unit_for_code, write_forms, write_results
from confman.core.survey.questionnaire_file import read_questionnaire
from confman.core.survey.service import (
    list_units,
    save_questions,
    set_survey_details,
    set_unit_invited,
    submit_answers,
    survey_status,
)
from tests.integration.survey_support import FIXTURES, make_units


@pytest.fixture
def answered(db, make_event, make_delegate):
    ev = make_event(name_vi="Hội nghị tổng kết công tác thông tin đối ngoại ASEAN", organiser_unit="Bộ Thông tin và "
                    "Truyền thông — Vụ Hợp tác quốc tế")
    make_units(ev.id, make_delegate)
    info, _ = save_questions(db, ev.id, read_questionnaire(FIXTURES / "questionnaire_vi.xlsx"))
    rng = random.Random(11)
    units = list_units(db, ev.id)
    for unit in units[:45]:
        answers = {"C1": rng.choice(["Có", "Không", "Đang thành lập"]),
                   "C2": rng.sample(list(info.questions[1].options_vi), rng.randint(1, 3)),
                   "C3": rng.randint(1, 5), "C4": rng.randint(0, 60), "C5": rng.randint(1, 10)}
        if rng.random() < 0.4:
            answers["C7"] = f"Kiến nghị của {unit.name}: tăng cường tập huấn"
        submit_answers(db, ev.id, unit.organization_id, answers)
    return ev


def _pdf_text(path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def test_results_pdf_holds_every_question_and_its_figures(db, answered, tmp_path):
    results = load_results(db, answered.id)
    out = write_results(db, answered.id, tmp_path / "ket_qua.pdf", "vi")[0]
    text = " ".join(_pdf_text(out).split())
    assert "KẾT QUẢ KHẢO SÁT" in text
    assert "Tỷ lệ trả lời: 45/60 đơn vị (75%)" in text
    for qr in results.questions:
        q = qr.question
        assert f"{q.code}. {' '.join(q.text_vi.split())}" in text
        for key, count in qr.overall.counts:
            label = q.option_label(key, "vi")
            end = {"1": q.low_label, str(q.scale_max): q.high_label}.get(key, "") if q.type.value == "scale" else ""
            shown = f"{label} – {end}" if end else label
            assert f"{shown} {count} ({percent_text(qr.overall.share(count), 'vi')})" in text, (q.code, key)
        if qr.overall.mean is not None:
            assert f"Trung bình {number_text(qr.overall.mean, 'vi', 2)}" in text
            assert f"Trung vị {number_text(qr.overall.median, 'vi')}" in text
        for answer in qr.texts:
            assert answer.text in text
    for kind, label in (("ministry", "Bộ, ngành Trung ương"), ("province", "UBND tỉnh, thành phố")):
        assert label in text, kind
    assert "Phụ lục: Danh sách đơn vị đã trả lời" in text
    # The appendix lists every respondent.
    for r in results.respondents:
        assert r.unit in text
    english = " ".join(_pdf_text(write_results(db, answered.id, tmp_path / "en.pdf", "en")[0]).split())
    assert "SURVEY RESULTS" in english and "Response rate: 45 of 60 units (75%)" in english


def test_results_json_gives_a_number_question_its_distribution_in_bins(db, answered):
    from confman.core.survey.results import results_json
    from confman.core.survey.service import current_responses

    payload = results_json(load_results(db, answered.id))
    c4 = next(q for q in payload["questions"] if q["code"] == "C4")
    values = [r.answers["C4"] for r in current_responses(db, answered.id)[1] if "C4" in r.answers]
    assert c4["type"] == "number" and sum(c4["options"].values()) == c4["answered"] == len(values) == 45
    labels = list(c4["options"])
    assert len(labels) > 1
    for label, count in c4["options"].items():  # an independent count over the raw answers
        low, high = (float(x) for x in label.split("–"))
        last = label == labels[-1]
        assert count == sum(1 for v in values if low <= v < high or (last and v == high)), label
    assert c4["mean"] == pytest.approx(sum(values) / len(values))
    assert all(q["options"] == {} for q in payload["questions"] if q["type"] in ("short_text", "long_text"))


def test_charts_as_png_slides_and_results_xlsx(db, answered, tmp_path):
    written = write_results(db, answered.id, tmp_path / "charts", "vi")
    assert [p.name for p in written] == ["C1.png", "C2.png", "C3.png", "C4.png", "C5.png"]  # no chart for texts
    for path in written:
        with Image.open(path) as image:
            assert image.size == (1920, 1080)
            grey = image.convert("L")
            assert grey.getextrema() == (grey.getextrema()[0], 255) and grey.getextrema()[0] < 60  # ink on white
    results = load_results(db, answered.id)
    wb = load_workbook(write_results(db, answered.id, tmp_path / "r.xlsx", "vi")[0])
    summary, raw = wb["Tổng hợp"], wb["Dữ liệu trả lời"]
    assert [c.value for c in raw[1]][:5] == ["Đơn vị", "Loại đơn vị", "Lần gửi", "Nhận lúc", "C1"]
    assert raw.max_row == 46
    c1 = {r[2].value: r[3].value for r in summary.iter_rows(min_row=2) if r[0].value == "C1"}
    assert c1 == {"Số đơn vị trả lời": 45, **dict(results.questions[0].overall.counts)}


def test_paper_forms_carry_a_qr_code_that_opens_the_unit(db, answered, tmp_path):
    set_survey_details(db, answered.id, due_date=date(2026, 11, 30))
    unit = list_units(db, answered.id)[50]
    path = write_forms(db, answered.id, tmp_path, pdf=True, organization_ids=[unit.organization_id])[0]
    assert path.name == f"{unit.name}.pdf"
    text = " ".join(_pdf_text(path).split())
    assert f"Đơn vị: {unit.name}" in text and "Đề nghị gửi lại phiếu trước ngày 30/11/2026." in text
    assert "C5. Mức độ phối hợp với Bộ Thông tin và Truyền thông" in text
    page = pdfium.PdfDocument(str(path))[0].render(scale=150 / 72).to_pil()
    codes = decode_qr_codes(page)
    assert len(codes) == 1
    assert unit_for_code(db, answered.id, codes[0]).organization_id == unit.organization_id
    with pytest.raises(DomainError) as err:
        unit_for_code(db, answered.id, codes[0][:-1] + str((int(codes[0][-1]) + 1) % 10))
    assert err.value.code == "survey.code.invalid"


def _serif_faces() -> dict[str, object]:
    from reportlab.pdfbase import pdfmetrics

    from confman.core.pdf.fonts import (
        SERIF_BOLD,
        SERIF_BOLD_ITALIC,
        SERIF_ITALIC,
        SERIF_REGULAR,
        register_serif_fonts,
    )

    register_serif_fonts()
    return {pdfmetrics.getFont(name).face.name.decode(): pdfmetrics.getFont(name).face
            for name in (SERIF_REGULAR, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC)}


def _check_official_pdf(data: bytes) -> None:
    """Only the official serif, every glyph in it; no text over other text or outside the side margins."""
    from confman.core.pdf.official import MARGIN_LEFT, MARGIN_RIGHT
    from tests.pdf_checks import char_boxes, chars_by_font, overlap, resource_fonts, text_rects

    faces = _serif_faces()
    assert resource_fonts(data) <= set(faces), resource_fonts(data)  # no Helvetica, no sans
    used = chars_by_font(data)
    assert used and set(used) <= set(faces), set(used)
    for font, chars in used.items():
        assert [c for c in chars if ord(c) not in faces[font].charToGlyph] == [], font
    pdf = pdfium.PdfDocument(data)
    for index in range(len(pdf)):
        page = pdf[index]
        width = page.get_width()
        rects = text_rects(page)
        clashes = [(a, b) for i, (a, _ta) in enumerate(rects) for b, _tb in rects[i + 1:] if overlap(a, b, 0.5)]
        assert clashes == [], (index, clashes[:3])
        outside = [(box, ch) for box, ch in char_boxes(page)
                   if box[0] < MARGIN_LEFT - 1 or box[2] > width - MARGIN_RIGHT + 1]
        assert outside == [], (index, outside[:5])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_results_report_is_an_official_report_in_the_serif(db, answered, tmp_path, lang):
    data = write_results(db, answered.id, tmp_path / f"r_{lang}.pdf", lang)[0].read_bytes()
    _check_official_pdf(data)
    text = " ".join(_pdf_text(tmp_path / f"r_{lang}.pdf").split())
    expected = {"vi": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "KẾT QUẢ KHẢO SÁT",
                       "Bộ lọc: các đơn vị được khảo sát, lần trả lời sau cùng", "1. Đơn vị trả lời",
                       "2. Kết quả từng câu hỏi", "Theo loại đơn vị:", "Trang 1/"),
                "en": ("SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness", "SURVEY RESULTS",
                       "Filter: the units surveyed, each with its latest answers", "1. Units that answered",
                       "2. Results by question", "By type of unit:", "Page 1/")}[lang]
    for part in expected:
        assert part in text, part
    # Free texts are grouped by unit type in the usual order (ministries before provinces before the press).
    heads = [label for label in ("Bộ, ngành Trung ương (", "UBND tỉnh, thành phố (", "Sở, ngành địa phương (",
                                 "Báo chí (") if lang == "vi" and label in text]
    assert [text.index(h) for h in heads] == sorted(text.index(h) for h in heads)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_paper_form_is_an_official_questionnaire_in_the_serif(db, answered, tmp_path, lang):
    from confman.core.enums import OrganizationType
    from tests.pdf_checks import overlap, qr_boxes, text_rects

    set_survey_details(db, answered.id, due_date=date(2026, 11, 30),
                       title_vi="Phiếu khảo sát công tác thông tin đối ngoại", title_en="External information work")
    wanted = OrganizationType.FOREIGN if lang == "en" else OrganizationType.PROVINCE
    unit = next(u for u in list_units(db, answered.id) if u.type == wanted)
    path = write_forms(db, answered.id, tmp_path, pdf=True, organization_ids=[unit.organization_id])[0]
    data = path.read_bytes()
    _check_official_pdf(data)
    text = " ".join(_pdf_text(path).split())
    expected = {"vi": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "PHIẾU KHẢO SÁT Công tác thông tin đối ngoại Phục vụ "
                       "Hội nghị tổng kết công tác thông tin đối ngoại ASEAN", f"Đơn vị: {unit.name}",
                       "Người điền phiếu:", "Đề nghị gửi lại phiếu trước ngày 30/11/2026.",
                       "…………, ngày …… tháng …… năm 20……", "NGƯỜI ĐIỀN PHIẾU (Ký, ghi rõ họ tên)",
                       "THỦ TRƯỞNG ĐƠN VỊ (Ký tên, đóng dấu)", f"Phiếu khảo sát · {unit.name}"),
                "en": ("SOCIALIST REPUBLIC OF VIET NAM", "QUESTIONNAIRE External information work",
                       f"Unit: {unit.name}", "Filled in by:", "Please return the form by 30/11/2026.",
                       "HEAD OF THE UNIT (signature and seal)", f"Questionnaire · {unit.name}")}[lang]
    for part in expected:
        assert part in text, part
    # A questionnaire is not a letter: no number, no list of recipients, no date printed under the motto.
    for absent in ("Số:", "Nơi nhận", "No.:", "Recipients", ", ngày 0", "tháng 12 năm 2026"):
        assert absent not in text, absent
    # The unit's QR code is whole, readable and clear of every text.
    found = qr_boxes(data)
    assert len(found) == 1
    page = pdfium.PdfDocument(data)[0]
    assert [t_ for box, t_ in text_rects(page) if overlap(box, found[0].box)] == []


def test_manual_entry_checks_every_answer(db, answered):
    unit = list_units(db, answered.id)[-1]
    with pytest.raises(DomainError) as err:
        submit_answers(db, answered.id, unit.organization_id, {"C1": "Có", "C3": 6})
    assert err.value.code == "survey.answer.scale_range" and err.value.params["question"] == "C3"
    with pytest.raises(DomainError) as err:
        submit_answers(db, answered.id, unit.organization_id, {"C1": "Có"})
    assert err.value.code == "survey.answer.required_missing" and err.value.params["questions"] == "C2, C3"
    row, _ = submit_answers(db, answered.id, unit.organization_id,
                            {"C1": "có", "C2": "Báo in; mang xa hoi", "C3": "4", "C4": "1.234,5"})
    assert row.answers == {"C1": "Có", "C2": ["Báo in", "Mạng xã hội"], "C3": 4, "C4": 1234.5}


def test_tracker_lists_pending_units_with_contacts_and_follows_invitations(db, answered):
    status = survey_status(db, answered.id)
    assert (status.invited, status.responded, len(status.pending)) == (60, 45, 15)
    pending = status.pending[0]
    assert pending.contacts and pending.contacts[0].phone.startswith("0912")
    set_unit_invited(db, answered.id, pending.organization_id, False)
    responded = next(u for u in status.units if u.responded)
    set_unit_invited(db, answered.id, responded.organization_id, False)
    status = survey_status(db, answered.id)
    assert (status.invited, status.responded) == (58, 44)
    assert load_results(db, answered.id).responses == 44
    set_unit_invited(db, answered.id, responded.organization_id, True)
    assert survey_status(db, answered.id).responded == 45


@pytest.mark.postgres
def test_the_survey_on_postgresql(pg_db, make_event, make_delegate, tmp_path):
    from confman.core.survey.collect import collect_files
    from tests.integration.survey_support import fill_form

    ev = make_event(pg_db)
    for name in ("Bộ Ngoại giao", "UBND tỉnh Lào Cai", "Báo Nhân Dân"):
        make_delegate(ev.id, "Phạm Thị Lan", organization=name, database=pg_db)
    save_questions(pg_db, ev.id, read_questionnaire(FIXTURES / "questionnaire_vi.xlsx"))
    files = write_forms(pg_db, ev.id, tmp_path)
    rng = random.Random(2)
    for path in files:
        fill_form(path, rng)
    result, _ = collect_files(pg_db, ev.id, files)
    _again, changes = collect_files(pg_db, ev.id, files)  # the same files twice: no new versions
    assert not changes.kinds
    results = load_results(pg_db, ev.id)
    assert results.responses == sum(f.responses for f in result.files) > 0
    assert {r.version for r in results.respondents} == {1}
    # Merging two units that answered: the merged one's answers follow as a later version.
    from confman.core.registration.organizations import merge_organizations

    first, second = results.respondents[0], results.respondents[1]
    merge_organizations(pg_db, first.organization_id, second.organization_id)
    after = load_results(pg_db, ev.id)
    assert after.responses == results.responses - 1
    current = next(r for r in after.respondents if r.organization_id == first.organization_id)
    assert (current.version, current.answers) == (2, second.answers)


def test_merging_two_organizations_moves_the_merged_units_answers_as_later_versions(db, answered):
    from confman.core.registration.organizations import merge_organizations
    from confman.core.survey.service import response_history

    units = list_units(db, answered.id)
    survivor, other = units[0], units[1]  # both answered once
    assert survivor.version == other.version == 1
    survivor_answers = response_history(db, answered.id, survivor.organization_id)[0].answers
    submit_answers(db, answered.id, other.organization_id, {"C1": "Không", "C2": ["Báo in"], "C3": 2, "C4": 7,
                                                           "C5": 3})
    other_history = response_history(db, answered.id, other.organization_id)  # v2, v1
    changes = merge_organizations(db, survivor.organization_id, other.organization_id)
    assert changes.touches("survey_responses") and changes.touches("delegates")
    history = response_history(db, answered.id, survivor.organization_id)
    assert [h.version for h in history] == [3, 2, 1]
    assert [h.answers for h in history] == [other_history[0].answers, other_history[1].answers, survivor_answers]
    assert history[0].answers["C1"] == "Không"  # the merged unit's latest answers are current
    assert load_results(db, answered.id).responses == 44
    assert other.organization_id not in {u.organization_id for u in list_units(db, answered.id)}


def test_a_unit_added_by_hand_keeps_its_answers_when_merged_and_cannot_be_deleted_with_them(db, answered):
    from confman.core.registration.organizations import (
        create_organization,
        delete_organization,
        list_organizations,
        merge_organizations,
    )
    from confman.core.survey.service import response_history
    from confman.messages import describe

    def answer(organization_id: int) -> None:
        submit_answers(db, answered.id, organization_id, {"C1": "Có", "C2": ["Mạng xã hội"], "C3": 4, "C4": 12,
                                                          "C5": 8})

    by_hand = create_organization(db, name="Văn phòng Ban Chỉ đạo công tác thông tin đối ngoại")
    set_unit_invited(db, answered.id, by_hand.id, True)
    answer(by_hand.id)
    assert load_results(db, answered.id).responses == 46
    with pytest.raises(DomainError) as err:
        delete_organization(db, by_hand.id)
    assert err.value.code == "survey.unit_has_answers"
    message = describe(err.value, "vi")
    assert "Văn phòng Ban Chỉ đạo công tác thông tin đối ngoại" in message and "khảo sát" in message
    assert answered.code in message and "gộp" in message
    assert "has sent 1 survey answer version" in describe(err.value, "en")
    # Nothing was deleted: the unit, its invitation and its answers are all there.
    assert by_hand.id in {o.id for o in list_organizations(db)}
    assert response_history(db, answered.id, by_hand.id)[0].answers["C4"] == 12
    assert load_results(db, answered.id).responses == 46
    # A unit only invited by hand (no answers) may go, and leaves the survey with it.
    invited_only = create_organization(db, name="Hội Nhà báo Việt Nam")
    set_unit_invited(db, answered.id, invited_only.id, True)
    assert delete_organization(db, invited_only.id).touches("survey_units")
    assert invited_only.id not in {u.organization_id for u in list_units(db, answered.id)}
    # Merged into the right unit (one that never answered), its answers become that unit's.
    pending = next(u for u in list_units(db, answered.id) if not u.responded)
    merge_organizations(db, pending.organization_id, by_hand.id)
    moved = response_history(db, answered.id, pending.organization_id)
    assert [(h.version, h.answers["C4"]) for h in moved] == [(1, 12)]
    assert load_results(db, answered.id).responses == 46


def test_a_survey_is_copied_from_a_previous_event_without_its_answers(db, answered, make_event):
    from confman.core.survey.service import copy_survey, get_survey

    set_survey_details(db, answered.id, title_vi="Phiếu khảo sát công tác thông tin đối ngoại")
    new = make_event(name_vi="Hội nghị năm sau")
    copy_survey(db, answered.id, new.id)
    source = get_survey(db, answered.id)
    copied = get_survey(db, new.id)
    assert [(q.code, q.type, q.text_vi, q.options_vi, q.scale_max) for q in copied.questions] == [
        (q.code, q.type, q.text_vi, q.options_vi, q.scale_max) for q in source.questions]
    assert copied.title_vi == "Phiếu khảo sát công tác thông tin đối ngoại" and copied.id != source.id
    assert load_results(db, new.id).responses == 0


def test_rows_and_columns_of_figures_print_every_figure_with_the_same_decimals(db, make_event, make_delegate, tmp_path):
    ev = make_event()
    for name in ("Bộ Ngoại giao", "Bộ Công Thương", "Báo Nhân Dân"):
        make_delegate(ev.id, f"Nguyễn Văn {len(name)}", organization=name)
    save_questions(db, ev.id, read_questionnaire(FIXTURES / "questionnaire_vi.xlsx"))
    scores = {"Bộ Ngoại giao": 3, "Bộ Công Thương": 4, "Báo Nhân Dân": 2}  # means 3 overall, 3.5 and 2
    for unit in list_units(db, ev.id):
        submit_answers(db, ev.id, unit.organization_id, {"C1": "Có", "C2": ["Báo in"], "C3": scores[unit.name],
                                                          "C4": 10, "C5": 5})
    text = " ".join(_pdf_text(write_results(db, ev.id, tmp_path / "kq.pdf", "vi")[0]).split())
    assert "Trung bình 3,00 3,50 2,00" in text  # never "3 3,50 2" side by side
    assert "Trung bình 3,00 ·" not in text and "Trung bình 3 ·" in text  # the summary line keeps its short form
    # the response rates share one decimal down their column (2 of 2 ministries, 1 of 1 newspaper, 3 of 3 in all)
    assert "Bộ, ngành Trung ương 2 2 100,0%" in text and "Tổng cộng 3 3 100,0%" in text
