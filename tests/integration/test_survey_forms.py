"""The survey end to end: a questionnaire from LibreOffice, 60 per-unit forms filled through their own
drop-down lists, collected back (renamed), versions, refusals, results against an independent count."""

from __future__ import annotations

import random
import shutil
import statistics
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from confman.core.enums import OrganizationType as T
from confman.core.survey.collect import collect_files
from confman.core.survey.models import SurveyResponse
from confman.core.survey.outputs import load_results, write_forms
from confman.core.survey.questionnaire_file import read_questionnaire
from confman.core.survey.service import (
    get_survey,
    list_units,
    response_history,
    restore_version,
    save_questions,
)
from confman.messages import describe
from tests.integration.survey_support import FIXTURES, fill_form, make_units


@pytest.fixture
def event(db, make_event, make_delegate):
    ev = make_event(name_vi="Hội nghị tổng kết công tác thông tin đối ngoại ASEAN", name_en="ASEAN review")
    types = make_units(ev.id, make_delegate)
    save_questions(db, ev.id, read_questionnaire(FIXTURES / "questionnaire_vi.xlsx"))
    return ev, types


def _responses(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.count(SurveyResponse.id)))


def test_questionnaire_from_libreoffice_files(db, make_event):
    ev = make_event()
    for name in ("questionnaire_vi.xlsx", "questionnaire_en.ods"):
        info, _ = save_questions(db, ev.id, read_questionnaire(FIXTURES / name))
        assert [q.code for q in info.questions] == ["C1", "C2", "C3", "C4", "C5", "C6", "C7"]
        assert [q.type.value for q in info.questions] == ["single", "multi", "scale", "number", "scale",
                                                          "short_text", "long_text"]
        c2 = info.questions[1]
        assert c2.options_vi == ("Báo in", "Truyền hình", "Phát thanh", "Cổng thông tin điện tử", "Mạng xã hội",
                                 "Hội nghị, hội thảo")
        assert c2.section_vi == "I. Thông tin chung" and c2.required
        c5 = info.questions[4]
        assert (c5.scale_max, c5.low_label, c5.high_label, c5.required) == (10, "Rất kém", "Rất tốt", False)
        assert info.questions[3].text_en.startswith("Number of news items")
    assert len(get_survey(db, ev.id).questions) == 7  # replaced, not appended


def _answers_in_file(path: Path) -> tuple[dict[str, object], str]:
    """What a filled form says, read the way a person reads it: the code in column A, the option in column B."""
    wb = load_workbook(path)
    ws = next(s for s in wb.worksheets if s.sheet_state == "visible")
    unit = str(ws["A4"].value).split(": ", 1)[1]
    answers: dict[str, object] = {}
    code = None
    for row in range(8, ws.max_row + 1):
        a, b, c = ws.cell(row, 1).value, ws.cell(row, 2).value, ws.cell(row, 3).value
        if a and ws.cell(row, 3).protection.locked is False:
            code = a
            if c not in (None, ""):
                answers[code] = c
        elif a:
            code = a
        elif b and str(b).strip().startswith("☐") and c == "x":
            answers.setdefault(code, []).append(str(b).strip()[2:])
    return answers, unit


def test_sixty_forms_filled_collected_and_counted(db, event, tmp_path):
    ev, types = event
    folder = tmp_path / "forms"
    files = write_forms(db, ev.id, folder)
    assert len(files) == 60
    assert {f.stem for f in files} == set(types)  # named after their units
    rng = random.Random(7)
    expected: dict[str, dict[str, object]] = {}
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for index, path in enumerate(sorted(files)):
        fill_form(path, rng, blank=0.05)
        answers, unit = _answers_in_file(path)
        assert unit == path.stem
        expected[unit] = answers
        # Units rename the files they send back.
        target = inbox / (f"phieu_tra_loi_{index:02d}.xlsx" if index % 2 else path.name)
        shutil.copyfile(path, target)
    collected, _ = collect_files(db, ev.id, sorted(inbox.iterdir()))
    assert len(collected.files) == 60
    by_file = {f.file: f for f in collected.files}
    for index, path in enumerate(sorted(files)):
        name = f"phieu_tra_loi_{index:02d}.xlsx" if index % 2 else path.name
        assert by_file[name].unit == path.stem
    # The only refusals are required answers a unit left empty, each naming its file, cell and question.
    for f in collected.files:
        for rejection in f.rejected:
            assert rejection.error.code in ("survey.answer.required", "survey.collect.empty_form"), rejection
            assert rejection.where.startswith(f.file)
    responded = {f.unit for f in collected.files if f.responses}
    assert collected.responses == len(responded) >= 55

    # Stored answers are exactly what the files say (English forms answer with English labels).
    survey = get_survey(db, ev.id)
    questions = {q.code: q for q in survey.questions}
    results = load_results(db, ev.id)
    stored = {r.unit: r.answers for r in results.respondents}
    assert set(stored) == responded
    for unit, answers in stored.items():
        raw = expected[unit]
        for code, value in raw.items():
            q = questions[code]
            if q.type.value == "single" and value not in q.options_vi:
                value = q.options_vi[q.options_en.index(value)] if value in q.options_en else value
            if isinstance(value, list):
                value = [q.options_vi[q.options("en" if types[unit] == T.FOREIGN else "vi").index(v)] for v in value]
            if isinstance(value, str) and q.type.value == "short_text":
                value = " ".join(value.split())  # a short answer is one line
            assert answers[code] == value, (unit, code)

    # Every figure equals an independent count over the raw answers, overall and by unit type.
    assert results.responses == len(stored) and results.invited == 60
    for qr in results.questions:
        q = qr.question
        groups = {None: list(stored.items())}
        for kind in {types[u] for u in stored}:
            groups[kind] = [(u, a) for u, a in stored.items() if types[u] == kind]
        assert {k for k, _s in qr.by_type} == {k for k in groups if k is not None}
        for kind, members in groups.items():
            stats = qr.overall if kind is None else dict(qr.by_type)[kind]
            values = [a[q.code] for _u, a in members if q.code in a]
            assert stats.answered == len(values) and stats.units == len(members)
            if q.type.value in ("single", "multi"):
                tally = Counter(o for v in values for o in (v if isinstance(v, list) else [v]))
                assert dict(stats.counts) == {o: tally.get(o, 0) for o in q.options_vi}
            if q.type.value == "scale":
                assert dict(stats.counts) == {str(s): values.count(s) for s in q.scale_values}
            if q.type.value in ("scale", "number"):
                assert stats.mean == (pytest.approx(statistics.mean(values)) if values else None)
                assert stats.median == (statistics.median(values) if values else None)
            if q.type.value == "number":
                assert sum(c for _l, c in stats.counts) == len(values)
            if q.type.value in ("short_text", "long_text") and kind is None:
                assert sorted((a.unit, a.text) for a in qr.texts) == sorted(
                    (u, a[q.code]) for u, a in members if q.code in a)


def test_a_form_sent_again_makes_a_new_version_and_the_old_one_is_restorable(db, event, tmp_path):
    ev, _types = event
    path = write_forms(db, ev.id, tmp_path, organization_ids=[list_units(db, ev.id)[0].organization_id])[0]
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    layout = {ws.cell(r, 1).value: r for r in range(8, ws.max_row + 1) if ws.cell(r, 1).value}
    ws.cell(layout["C1"], 3).value = "Có"
    ws.cell(layout["C3"], 3).value = 4
    ws.cell(layout["C2"] + 1, 3).value = "x"
    wb.save(path)
    first, _ = collect_files(db, ev.id, [path])
    assert first.files[0].responses == 1 and first.files[0].rejected == ()
    again, _ = collect_files(db, ev.id, [path])  # the very same file twice: no new version
    assert again.files[0].responses == 1 and _responses(db) == 1
    ws.cell(layout["C3"], 3).value = 2
    ws.cell(layout["C1"], 3).value = "Không"
    wb.save(path)
    collect_files(db, ev.id, [path])
    unit = list_units(db, ev.id)[0]
    history = response_history(db, ev.id, unit.organization_id)
    assert [h.version for h in history] == [2, 1]
    assert history[0].answers == {"C1": "Không", "C2": ["Báo in"], "C3": 2}
    assert history[1].answers == {"C1": "Có", "C2": ["Báo in"], "C3": 4}
    assert load_results(db, ev.id).questions[2].overall.mean == 2
    restored, _ = restore_version(db, ev.id, history[1].id)
    assert restored.version == 3 and restored.answers == history[1].answers
    assert load_results(db, ev.id).questions[2].overall.mean == 4


def test_bad_cells_in_a_form_are_refused_one_by_one_and_the_rest_kept(db, event, tmp_path):
    ev, _types = event
    unit = list_units(db, ev.id)[5]
    path = write_forms(db, ev.id, tmp_path, organization_ids=[unit.organization_id])[0]
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    rows = {ws.cell(r, 1).value: r for r in range(8, ws.max_row + 1) if ws.cell(r, 1).value}
    ws.cell(rows["C1"], 3).value = "Có lẽ"  # not an option (typed over the drop-down, e.g. in LibreOffice)
    ws.cell(rows["C3"], 3).value = 7  # outside 1–5
    ws.cell(rows["C4"], 3).value = "khoảng hai chục"  # text in a number
    ws.cell(rows["C2"] + 2, 3).value = "x"
    ws.cell(rows["C6"], 3).value = "Thiếu kinh phí"
    wb.save(path)
    result, _ = collect_files(db, ev.id, [path])
    f = result.files[0]
    assert f.unit == unit.name and f.responses == 1
    where = {r.where: r.error.code for r in f.rejected}
    name = path.name
    assert where == {
        f"{name}!C{rows['C1']} (C1)": "survey.answer.unknown_option",
        f"{name}!C{rows['C3']} (C3)": "survey.answer.scale_range",
        f"{name}!C{rows['C4']} (C4)": "survey.answer.not_number",
    }
    messages = [describe(r.error) for r in f.rejected]
    assert "“Có lẽ” không phải là một lựa chọn của câu hỏi (các lựa chọn: Có; Không; Đang thành lập)." in messages
    assert "“7” nằm ngoài thang điểm 1–5." in messages
    history = response_history(db, ev.id, unit.organization_id)
    assert history[0].answers == {"C2": ["Truyền hình"], "C6": "Thiếu kinh phí"}


def test_tampered_foreign_and_other_event_forms_are_refused_with_nothing_written(db, event, make_event, tmp_path,
                                                                                  make_delegate):
    ev, _types = event
    unit = list_units(db, ev.id)[0]
    good = write_forms(db, ev.id, tmp_path / "a", organization_ids=[unit.organization_id])[0]
    wb = load_workbook(good)
    wb.worksheets[0]["C9"] = "Có"
    hidden = wb["_confman"]
    code = str(hidden["A2"].value)
    other_unit = list_units(db, ev.id)[1].organization_id
    # Point the form at another unit of the same survey, keeping the old signature.
    forged = code[:3] + code[3:-12].replace(str(unit.organization_id), str(other_unit), 1) + code[-12:]
    hidden["A2"] = forged if len(forged) == len(code) else code[:-1] + str((int(code[-1]) + 1) % 10)
    tampered = tmp_path / "tampered.xlsx"
    wb.save(tampered)

    other = make_event(name_vi="Hội nghị khác")
    make_delegate(other.id, "Lê Văn Bình", organization="Bộ Ngoại giao")
    save_questions(db, other.id, read_questionnaire(FIXTURES / "questionnaire_vi.xlsx"))
    foreign_file = write_forms(db, other.id, tmp_path / "b")[0]

    before = _responses(db)
    result, changes = collect_files(db, ev.id, [tampered, foreign_file])
    assert _responses(db) == before and not changes.kinds
    assert [f.responses for f in result.files] == [0, 0]
    t1, t2 = (f.rejected[0] for f in result.files)
    assert t1.where == "tampered.xlsx"
    assert describe(t1.error) == ("Mã nhận dạng của phiếu tampered.xlsx đã bị sửa hoặc hỏng; phiếu bị từ chối, "
                                  "không ghi nhận gì.")
    assert describe(t2.error, "en") == (f"{foreign_file.name} is a survey form of another event (Hội nghị khác); "
                                       "nothing was recorded.")


def test_a_flat_table_with_errors_is_refused_cell_by_cell_and_the_rest_kept(db, event, tmp_path):
    from openpyxl import Workbook

    ev, _types = event
    wb = Workbook()
    ws = wb.active
    ws.append(["Danh sách tổng hợp ý kiến (thu qua điện thoại)"])
    ws.append([])
    ws.append(["STT", "Đơn vị", "C1", "C2", "Mức độ hiệu quả của công tác thông tin đối ngoại về ASEAN giai đoạn "
               "2013–2018", "C4", "C5", "C6"])
    ws.append([1, "bo ngoai giao", "có", "Báo in; Mạng xã hội", 4, 15, 8, "Thiếu kinh phí"])  # folded name
    ws.append([2, "UBND TỈNH ĐÀ NẴNG", "Không", "Truyền hình", 9, "mười", 3, ""])  # scale 9, number in words
    ws.append([3, "Sở Thông tin và Truyền thông Cần Thơ", "Chưa rõ", "Báo in; Báo ảnh", 3, 2.5, 11, "x"])
    ws.append([4, "Ủy ban Không tồn tại", "Có", "Báo in", 5, 1, 1, ""])  # unknown unit
    ws.append([5, "Bộ Ngoại giao", "Có", "Báo in", 5, 1, 1, ""])  # second row for the same unit
    ws.append([6, "Báo Nhân Dân", "", "Phát thanh", "", 3, "", ""])  # required C1 and C3 missing
    path = tmp_path / "tong_hop.xlsx"
    wb.save(path)

    result, _ = collect_files(db, ev.id, [path])
    f = result.files[0]
    where = {r.where: r.error.code for r in f.rejected}
    assert where == {
        "tong_hop.xlsx!E5 (C3)": "survey.answer.scale_range",
        "tong_hop.xlsx!F5 (C4)": "survey.answer.not_number",
        "tong_hop.xlsx!C6 (C1)": "survey.answer.unknown_option",
        "tong_hop.xlsx!D6 (C2)": "survey.answer.unknown_option",
        "tong_hop.xlsx!G6 (C5)": "survey.answer.scale_range",
        "tong_hop.xlsx!B7": "survey.collect.unit_unknown",
        "tong_hop.xlsx!B8": "survey.collect.unit_twice",
        "tong_hop.xlsx!C9 (C1)": "survey.answer.required",
        "tong_hop.xlsx!E9 (C3)": "survey.answer.required",
    }
    assert f.responses == 4 and f.unit is None
    assert set(f.units) == {"Bộ Ngoại giao", "UBND tỉnh Đà Nẵng", "Sở Thông tin và Truyền thông Cần Thơ",
                            "Báo Nhân Dân"}
    stored = {r.unit: r.answers for r in load_results(db, ev.id).respondents}
    assert stored["Bộ Ngoại giao"] == {"C1": "Có", "C2": ["Báo in", "Mạng xã hội"], "C3": 4, "C4": 15, "C5": 8,
                                       "C6": "Thiếu kinh phí"}
    assert stored["UBND tỉnh Đà Nẵng"] == {"C1": "Không", "C2": ["Truyền hình"], "C5": 3}
    assert stored["Sở Thông tin và Truyền thông Cần Thơ"] == {"C3": 3, "C4": 2.5, "C6": "x"}
    assert stored["Báo Nhân Dân"] == {"C2": ["Phát thanh"], "C4": 3}
