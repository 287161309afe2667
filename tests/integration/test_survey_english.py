"""English survey forms name, before they are written, the texts that will print in Vietnamese (no English
entered): the core's gaps, the warnings the CLI prints, and the forms still written and readable."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from confman.core.events.documents import update_event_documents
from confman.core.events.service import resolve_event
from confman.core.survey.english import EnglishGaps, english_gaps, gap_warnings
from confman.core.survey.models import QuestionType
from confman.core.survey.outputs import forms_warnings
from confman.core.survey.rows import QuestionSpec, SurveyInfo
from confman.core.survey.service import list_units, save_questions, set_survey_details
from tests.pdf_checks import file_text

QUESTIONS = (
    QuestionSpec("C1", "Đơn vị có bộ phận chuyên trách không?", QuestionType.SINGLE,
                 text_en="Does your unit have a dedicated team?", section_vi="I. Thông tin chung",
                 options_vi=("Có", "Không", "Đang thành lập"), options_en=("Yes", "No")),
    QuestionSpec("C2", "Các kênh thông tin đã sử dụng", QuestionType.MULTI, section_vi="I. Thông tin chung",
                 options_vi=("Báo in", "Truyền hình"), help_vi="Chọn tất cả các kênh phù hợp"),
    QuestionSpec("C3", "Mức độ hiệu quả", QuestionType.SCALE, text_en="How effective?",
                 section_vi="II. Đánh giá", section_en="II. Assessment", low_label="Rất kém", high_label="Very good"),
    QuestionSpec("C4", "Kiến nghị", QuestionType.LONG_TEXT, text_en="Recommendations",
                 section_vi="II. Đánh giá", section_en="II. Assessment", help_vi="Ghi ngắn gọn",
                 help_en="Briefly"),
)


def _survey(questions=QUESTIONS, title_vi="Phiếu khảo sát công tác thông tin đối ngoại", title_en="") -> SurveyInfo:
    return SurveyInfo(1, 1, title_vi, title_en, None, tuple(questions))


def test_gaps_name_each_text_an_english_form_would_print_in_vietnamese() -> None:
    gaps = english_gaps(_survey())
    assert gaps == EnglishGaps(
        title="Phiếu khảo sát công tác thông tin đối ngoại",
        sections=("I. Thông tin chung",),
        questions=("C2",),
        options=(("C1", ("Đang thành lập",)), ("C2", ("Báo in", "Truyền hình"))),
        help=("C2",),
        scale_labels=(("C3", ("Rất kém",)),),
    )
    assert gap_warnings(gaps, "vi") == (
        "Chưa có tiêu đề phiếu bằng tiếng Anh: “Phiếu khảo sát công tác thông tin đối ngoại”.",
        "Chưa có tên tiếng Anh của các phần: “I. Thông tin chung”.",
        "Chưa có nội dung tiếng Anh của các câu hỏi: C2.",
        "Chưa có tiếng Anh cho các lựa chọn — C1: “Đang thành lập”; C2: “Báo in”, “Truyền hình”.",
        "Chưa có hướng dẫn bằng tiếng Anh của các câu: C2.",
        "Nhãn hai đầu thang điểm chỉ có một bản và sẽ in nguyên văn tiếng Việt — C3: “Rất kém”.",
    )
    assert gap_warnings(gaps, "en")[2] == "No English text for the questions: C2."


def test_a_fully_english_survey_has_no_gaps() -> None:
    english = [replace(q, text_en=q.text_en or "Channels used", section_en=q.section_en or "I. General",
                       options_en=("Yes", "No", "Being set up") if q.code == "C1" else
                       ("Print", "Television") if q.code == "C2" else (),
                       help_en=q.help_en or ("Tick all that apply" if q.help_vi else ""),
                       low_label="Very poor" if q.code == "C3" else "") for q in QUESTIONS]
    gaps = english_gaps(_survey(english, title_en="Survey on external communication"))
    assert not gaps and gap_warnings(gaps) == ()


@pytest.fixture
def survey_event(db, cli, make_delegate):
    """The ``cli`` fixture's event: two Vietnamese units, one foreign (English form), the questions above."""
    event = resolve_event(db, "HN2026")
    for i, unit in enumerate(("Bộ Ngoại giao", "UBND tỉnh Lào Cai", "Đại sứ quán Lào")):
        make_delegate(event.id, f"Trần Thị Mai {i}", organization=unit)
    save_questions(db, event.id, QUESTIONS)
    set_survey_details(db, event.id, title_vi="Phiếu khảo sát công tác thông tin đối ngoại")
    update_event_documents(db, event.id, station="test", name_en="Review conference on external communication",
                           issuing_body="Vụ Hợp tác quốc tế", issuing_body_en="International Cooperation Department")
    return event


def test_forms_warnings_only_when_an_english_form_is_written(db, survey_event) -> None:
    warnings = forms_warnings(db, survey_event.id)
    assert warnings[0] == ("Phiếu của 1 đơn vị được in bằng tiếng Anh (Đại sứ quán Lào); nội dung chưa có bản "
                           "tiếng Anh sẽ in bằng tiếng Việt.")
    assert warnings[1:] == gap_warnings(english_gaps(_survey()), "vi")
    vietnamese = [u.organization_id for u in list_units(db, survey_event.id) if u.language == "vi"]
    assert forms_warnings(db, survey_event.id, organization_ids=vietnamese) == ()


def test_the_event_english_values_are_named_too(db, survey_event) -> None:
    update_event_documents(db, survey_event.id, station="test", name_en="")
    warnings = forms_warnings(db, survey_event.id)
    assert any("Chưa có giá trị tiếng Anh của" in line for line in warnings)



def test_the_cli_warns_before_writing_and_still_writes_every_form(cli, survey_event, tmp_path: Path) -> None:
    code, out, err = cli("survey", "forms", str(tmp_path / "pdf"), "--pdf")
    assert code == 0 and "Đã tạo 3 phiếu" in out
    lines = err.strip().splitlines()
    assert lines == ["Lưu ý: " + line for line in forms_warnings_vi()]
    english = file_text(tmp_path / "pdf" / "Đại sứ quán Lào.pdf")
    # The form renders, in English where English was entered and in Vietnamese where it was not.
    assert "Does your unit have a dedicated team?" in english and "II. Assessment" in english
    assert "I. Thông tin chung" in english and "Đang thành lập" in english and "Yes" in english
    assert len(list((tmp_path / "pdf").glob("*.pdf"))) == 3

    code, _out, err = cli("--lang", "en", "survey", "forms", str(tmp_path / "xlsx"))
    assert code == 0 and len(list((tmp_path / "xlsx").glob("*.xlsx"))) == 3
    assert err.splitlines()[0] == ("Warning: The forms of 1 unit(s) are in English (Đại sứ quán Lào); text without "
                                   "an English version will print in Vietnamese.")
    assert "Warning: No English name for the sections: “I. Thông tin chung”." in err.splitlines()


def forms_warnings_vi() -> tuple[str, ...]:
    return ("Phiếu của 1 đơn vị được in bằng tiếng Anh (Đại sứ quán Lào); nội dung chưa có bản tiếng Anh sẽ in bằng "
            "tiếng Việt.", *gap_warnings(english_gaps(_survey()), "vi"))


def test_the_cli_says_nothing_when_every_form_is_vietnamese(cli, db, survey_event, tmp_path: Path) -> None:
    from confman.core.survey.service import set_unit_invited

    foreign = next(u for u in list_units(db, survey_event.id) if u.language == "en")
    set_unit_invited(db, survey_event.id, foreign.organization_id, False)
    code, out, err = cli("survey", "forms", str(tmp_path / "forms"))
    assert code == 0 and "Đã tạo 2 phiếu" in out and err == ""



def test_without_questions_the_command_only_says_there_is_nothing_to_write(cli, db, make_delegate,
                                                                           tmp_path: Path) -> None:
    event = resolve_event(db, "HN2026")  # no English name: an English form would be warned about
    make_delegate(event.id, "Trần Thị Mai", organization="Đại sứ quán Lào")
    assert forms_warnings(db, event.id) == ()
    code, out, err = cli("survey", "forms", str(tmp_path / "forms"))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "Lưu ý" not in err


def test_english_results_name_what_they_print_in_vietnamese_and_are_still_written(cli, survey_event,
                                                                                   tmp_path: Path) -> None:
    code, out, err = cli("survey", "results", str(tmp_path / "r.pdf"), "--lang", "en")
    assert code == 0 and (tmp_path / "r.pdf").exists() and out.strip()
    lines = err.strip().splitlines()
    gaps = english_gaps(_survey())
    assert lines[0] == ("Lưu ý: Kết quả được in bằng tiếng Anh; nội dung chưa có bản tiếng Anh sẽ in bằng "
                        "tiếng Việt.")
    # The report prints the title, sections, questions, options and scale labels, never the help texts.
    assert lines[1:] == ["Lưu ý: " + line for line in gap_warnings(replace(gaps, help=()), "vi")]
    english = file_text(tmp_path / "r.pdf")
    assert "SURVEY RESULTS" in english.upper() and "Does your unit have a dedicated team?" in english
    assert "II. Assessment" in english and "Yes" in english
    # Where no English was entered, the report prints the Vietnamese, as warned.
    for vietnamese in ("Phiếu khảo sát công tác thông tin đối ngoại", "I. Thông tin chung",
                       "Các kênh thông tin đã sử dụng", "Đang thành lập", "Rất kém"):
        assert vietnamese in english, vietnamese

    # The tables print neither the title, the sections nor the scale labels: only questions and options.
    code, _out, err = cli("--lang", "en", "survey", "results", str(tmp_path / "r.xlsx"), "--lang", "en")
    assert code == 0 and (tmp_path / "r.xlsx").exists()
    assert err.strip().splitlines() == [
        "Warning: The results are in English; text without an English version will print in Vietnamese.",
        "Warning: No English text for the questions: C2.",
        "Warning: No English label for the options — C1: “Đang thành lập”; C2: “Báo in”, “Truyền hình”."]


def test_the_english_report_names_the_event_values_it_prints_in_vietnamese(db, survey_event, tmp_path) -> None:
    from confman.core.survey.outputs import results_warnings

    update_event_documents(db, survey_event.id, station="test", name_en="")
    report = results_warnings(db, survey_event.id, tmp_path / "r.pdf", "en")
    assert any(line.startswith("Chưa có giá trị tiếng Anh của") for line in report)  # its heading prints them
    tables = results_warnings(db, survey_event.id, tmp_path / "r.xlsx", "en")
    assert tables and not any("Chưa có giá trị tiếng Anh" in line for line in tables)  # the tables do not
    assert results_warnings(db, survey_event.id, tmp_path / "r.pdf", "vi") == ()


def test_vietnamese_or_fully_english_results_are_written_without_a_word(cli, db, survey_event,
                                                                        tmp_path: Path) -> None:
    code, _out, err = cli("survey", "results", str(tmp_path / "vi.pdf"), "--lang", "vi")
    assert code == 0 and err == "" and (tmp_path / "vi.pdf").exists()
    english = [replace(q, text_en=q.text_en or "Channels used", section_en=q.section_en or "I. General",
                       options_en=("Yes", "No", "Being set up") if q.code == "C1" else
                       ("Print", "Television") if q.code == "C2" else (),
                       low_label="Very poor" if q.code == "C3" else q.low_label) for q in QUESTIONS]
    save_questions(db, survey_event.id, english)  # help texts stay Vietnamese: the results never print them
    set_survey_details(db, survey_event.id, title_en="Survey on external communication")
    update_event_documents(db, survey_event.id, station="test", **_english_documents(db, survey_event.id))
    code, _out, err = cli("survey", "results", str(tmp_path / "en.pdf"), "--lang", "en")
    assert code == 0 and err == "" and (tmp_path / "en.pdf").exists()
    code, _out, err = cli("survey", "results", str(tmp_path / "charts"), "--lang", "en")
    assert code == 0 and err == "" and len(list((tmp_path / "charts").glob("*.png"))) == 3


def _english_documents(db, event_id: int) -> dict[str, str]:
    """An English value for every document field set in Vietnamese."""
    from confman.core.events.documents import ENGLISH_OF, event_documents

    docs = event_documents(db, event_id)
    return {en: f"English {vi}" for vi, en in ENGLISH_OF.items() if getattr(docs, vi) and not getattr(docs, en)}


def test_an_english_form_names_the_unit_by_its_english_name(cli, db, survey_event, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from confman.core.registration.organizations import list_organizations, update_organization

    lao = next(o for o in list_organizations(db) if o.name == "Đại sứ quán Lào")
    update_organization(db, lao.id, name=lao.name, type=lao.type, name_en="Embassy of the Lao PDR")
    foreign = next(u for u in list_units(db, survey_event.id) if u.organization_id == lao.id)
    assert (foreign.language, foreign.form_name) == ("en", "Embassy of the Lao PDR")
    code, _out, _err = cli("survey", "forms", str(tmp_path / "pdf"), "--pdf")
    assert code == 0
    english = " ".join(file_text(tmp_path / "pdf" / "Đại sứ quán Lào.pdf").split())
    assert "Unit: Embassy of the Lao PDR" in english and "Đại sứ quán Lào" not in english
    vietnamese = " ".join(file_text(tmp_path / "pdf" / "Bộ Ngoại giao.pdf").split())
    assert "Đơn vị: Bộ Ngoại giao" in vietnamese
    code, _out, _err = cli("survey", "forms", str(tmp_path / "xlsx"))
    sheet = load_workbook(tmp_path / "xlsx" / "Đại sứ quán Lào.xlsx").active
    assert "Unit: Embassy of the Lao PDR" in {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
