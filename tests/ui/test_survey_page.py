"""The Survey page driven like an organiser: build questions, collect a dropped file, watch the chart grow,
enter a paper form by its QR code, see a tampered file refused."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from confman.core.survey.codes import make_form_code
from confman.core.survey.outputs import write_forms
from confman.core.survey.service import get_survey, response_history, survey_status

UNITS = ("Bộ Ngoại giao", "UBND tỉnh Lào Cai", "Sở Thông tin và Truyền thông Đà Nẵng", "Báo Nhân Dân",
         "Đài Tiếng nói Việt Nam", "Đại sứ quán Lào")


def _page(qtbot, db, make_event, make_delegate, make_context, *, asynchronous=False):
    from confman.ui.survey.survey_page import SurveyPage

    event = make_event()
    for i, name in enumerate(UNITS):
        make_delegate(event.id, f"Trần Thị Mai {i}", organization=name, phone=f"098765432{i}")
    ctx = make_context(event=event, asynchronous=asynchronous)
    page = SurveyPage(ctx)
    qtbot.addWidget(page)
    page.resize(1093, 576)
    page.show()
    page.activated()
    return page, event


def _build_questionnaire(qtbot, page) -> None:
    tab = page.questions
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert tab.list.count() == 1 and tab.list.item(0).text() == "C1 · Câu hỏi mới"
    editor = tab.editor
    editor.text_vi.setPlainText("Đơn vị đánh giá thế nào về công tác thông tin đối ngoại?")
    editor.type.setCurrentIndex(editor.type.findData("scale"))
    assert editor.scale_max.isVisibleTo(tab) and not editor.options.isVisibleTo(tab)
    editor.scale_max.setValue(5)
    editor.low.setText("Rất kém")
    editor.high.setText("Rất tốt")
    editor.required.setChecked(True)
    qtbot.mouseClick(tab.apply_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert tab.list.currentRow() == 1
    editor.text_vi.setPlainText("Kênh thông tin đã sử dụng")
    editor.type.setCurrentIndex(editor.type.findData("multi"))
    editor.options.setPlainText("Báo in\nTruyền hình\nMạng xã hội")
    qtbot.mouseClick(tab.apply_button, Qt.MouseButton.LeftButton)


def test_build_questions_in_the_window(qtbot, db, make_event, make_delegate, make_context):
    page, event = _page(qtbot, db, make_event, make_delegate, make_context)
    # No question yet: the list's place says what to do first.
    assert page.questions.list_stack.currentWidget() is page.questions.empty_hint
    assert page.questions.empty_hint.isVisible() and not page.questions.list.isVisible()
    assert page.questions.empty_hint.text().startswith("Chưa có câu hỏi nào. Bấm «Thêm câu hỏi»")
    _build_questionnaire(qtbot, page)
    assert page.questions.list.isVisible() and not page.questions.empty_hint.isVisible()
    survey = get_survey(db, event.id)
    c1, c2 = survey.questions
    assert (c1.code, c1.type.value, c1.scale_max, c1.low_label, c1.high_label, c1.required) == (
        "C1", "scale", 5, "Rất kém", "Rất tốt", True)
    assert (c2.code, c2.type.value, c2.options_vi) == ("C2", "multi", ("Báo in", "Truyền hình", "Mạng xã hội"))
    assert [page.questions.list.item(i).text() for i in range(2)] == [
        "C1 · Đơn vị đánh giá thế nào về công tác thông tin đối ngoại?", "C2 · Kênh thông tin đã sử dụng"]
    # Duplicate, then drag the copy to the top: the order is saved.
    page.questions.list.setCurrentRow(1)
    qtbot.mouseClick(page.questions.duplicate_button, Qt.MouseButton.LeftButton)
    assert [q.code for q in get_survey(db, event.id).questions] == ["C1", "C2", "C3"]
    model = page.questions.list.model()
    model.moveRow(model.index(0, 0).parent(), 2, model.index(0, 0).parent(), 0)
    assert [q.code for q in get_survey(db, event.id).questions] == ["C3", "C1", "C2"]
    # A choice question without options is refused with a sentence, and nothing changes.
    page.questions.list.setCurrentRow(0)
    page.questions.editor.options.setPlainText("")
    qtbot.mouseClick(page.questions.apply_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == "Câu C3 là câu hỏi lựa chọn nhưng chưa có lựa chọn nào."
    assert get_survey(db, event.id).questions[0].options_vi == ("Báo in", "Truyền hình", "Mạng xã hội")


def _drop(qtbot, widget, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()  # the drop zone takes files
    drop = QDropEvent(QPoint(10, 10).toPointF(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)


def _dark_pixels(widget) -> int:
    image = widget.grab().toImage()
    bar = QColor("#1F3A5F").rgb()
    return sum(1 for x in range(0, image.width(), 2) for y in range(0, image.height(), 2) if image.pixel(x, y) == bar)


def test_collect_a_dropped_form_and_see_the_chart_update(qtbot, db, make_event, make_delegate, make_context, tmp_path):
    page, event = _page(qtbot, db, make_event, make_delegate, make_context)
    _build_questionnaire(qtbot, page)
    page.tabs.setCurrentWidget(page.results)
    chart = page.results.charts["C1"]
    assert [b.count for b in chart.bars] == [0, 0, 0, 0, 0]
    assert chart.bars[0].label == "1 – Rất kém"
    before = _dark_pixels(chart)
    files = write_forms(db, event.id, tmp_path)
    path = next(p for p in files if p.stem == "Bộ Ngoại giao")
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    rows = {ws.cell(r, 1).value: r for r in range(8, ws.max_row + 1) if ws.cell(r, 1).value}
    ws.cell(rows["C1"], 3).value = 4
    ws.cell(rows["C2"] + 3, 3).value = "x"
    wb.save(path)
    page.tabs.setCurrentWidget(page.collect)
    _drop(qtbot, page.collect.drop, [path])
    top = page.collect.tree.topLevelItem(0)
    assert (top.text(0), top.text(1)) == ("Bộ Ngoại giao.xlsx", "Bộ Ngoại giao: ghi nhận 1 đơn vị, 0 ô bị từ chối")
    page.tabs.setCurrentWidget(page.results)
    chart = page.results.charts["C1"]
    assert [b.count for b in chart.bars] == [0, 0, 0, 1, 0]
    assert [b.count for b in page.results.charts["C2"].bars] == [0, 0, 1]
    assert page.results.rate.text() == "Tỷ lệ trả lời: 1/6 đơn vị (16,7%)"
    qtbot.waitExposed(chart)
    assert _dark_pixels(chart) > before + 50  # the bar is painted
    assert page.units.summary.text().startswith("Đã trả lời 1/6 đơn vị")


def test_a_tampered_file_is_refused_on_the_page_and_nothing_is_written(qtbot, db, make_event, make_delegate,
                                                                      make_context, tmp_path):
    page, event = _page(qtbot, db, make_event, make_delegate, make_context)
    _build_questionnaire(qtbot, page)
    path = write_forms(db, event.id, tmp_path)[0]
    wb = load_workbook(path)
    wb["_confman"]["A2"] = "8" + "2" * 20
    wb.worksheets[0]["C9"] = 3
    wb.save(path)
    page.collect.collect([str(path)])
    top = page.collect.tree.topLevelItem(0)
    assert top.child(0).text(1) == (f"Mã nhận dạng của phiếu {path.name} đã bị sửa hoặc hỏng; phiếu bị từ chối, "
                                    "không ghi nhận gì.")
    assert survey_status(db, event.id).responded == 0


def test_paper_form_entered_by_its_code_with_a_dialog_that_fits_the_laptop(qtbot, db, make_event, make_delegate,
                                                                         make_context, monkeypatch, tmp_path):
    page, event = _page(qtbot, db, make_event, make_delegate, make_context)
    _build_questionnaire(qtbot, page)
    unit = next(u for u in page.units.status.units if u.name == "Báo Nhân Dân")
    from confman.core.survey.service import _survey

    with db.session() as session:
        secret = _survey(session, event.id).secret
    code = make_form_code(get_survey(db, event.id).id, unit.organization_id, secret)
    page.units.code.setText(code)
    qtbot.keyClick(page.units.code, Qt.Key.Key_Return)
    dialog = page.entry_dialog
    assert dialog.windowTitle() == "Nhập câu trả lời — Báo Nhân Dân"
    assert dialog.width() <= 1093 and dialog.height() <= 576
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)  # Save with nothing filled in
    assert dialog.message.text() == "Còn thiếu câu trả lời bắt buộc: C1."
    dialog.fields["C1"].widget.setCurrentIndex(dialog.fields["C1"].widget.findData(5))
    dialog.fields["C2"].boxes[0].setChecked(True)
    dialog.save()
    assert response_history(db, event.id, unit.organization_id)[0].answers == {"C1": 5, "C2": ["Báo in"]}
    assert [b.count for b in page.results.charts["C1"].bars] == [0, 0, 0, 0, 1]
    # A wrong code says so.
    page.units.code.setText(code[:-1] + str((int(code[-1]) + 1) % 10))
    qtbot.keyClick(page.units.code, Qt.Key.Key_Return)
    assert page.message.text() == f"Mã phiếu “{code[:-1] + str((int(code[-1]) + 1) % 10)}” không hợp lệ."
    # Excel forms for the units shown go to the chosen folder (the embassy's English form lacks English: go on).
    asked = _answer_english_question(monkeypatch, "surveyEnglishGoOn")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(tmp_path)))
    qtbot.mouseClick(page.units.xlsx_button, Qt.MouseButton.LeftButton)
    page.ctx.ops.wait()
    assert len(asked) == 1 and "Đại sứ quán Lào" in asked[0]
    assert sorted(p.stem for p in tmp_path.glob("*.xlsx")) == sorted(UNITS)
    assert page.message.text() == f"Đã tạo 6 phiếu trong {tmp_path}."


def test_the_page_is_in_the_navigation(qtbot, db):
    from confman.ui.main_window import NAV_KEYS
    from confman.ui.pages import page_factories

    assert "nav.survey" in NAV_KEYS and "nav.survey" in page_factories()


def test_preview_shows_the_printable_form(qtbot, db, make_event, make_delegate, make_context):
    page, _event = _page(qtbot, db, make_event, make_delegate, make_context)
    _build_questionnaire(qtbot, page)
    dialog = page.questions.preview()
    page.ctx.ops.wait()
    assert dialog.width() <= 1093 and dialog.height() <= 576
    assert len(dialog.images) == 1
    image = dialog.images[0]
    assert abs(image.width() - 595) <= 1 and abs(image.height() - 842) <= 1  # A4 at 72 dpi
    dark = sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
               if QColor(image.pixel(x, y)).lightness() < 100)
    assert dark > 200  # text, boxes and the QR code are on the page (a blank page has none)


def test_on_the_real_asynchronous_path_a_dropped_form_reaches_the_tracker_and_the_charts(
        qtbot, db, make_event, make_delegate, make_context, tmp_path):
    page, event = _page(qtbot, db, make_event, make_delegate, make_context, asynchronous=True)
    assert not page.data_shown or page.state is not None  # a loading state until the first read arrives
    qtbot.waitUntil(lambda: page.state is not None, timeout=10_000)
    qtbot.mouseClick(page.questions.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.questions.list.count() == 1, timeout=10_000)
    path = write_forms(db, event.id, tmp_path)[0]
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    row = next(r for r in range(8, ws.max_row + 1) if ws.cell(r, 1).value == "C1")
    ws.cell(row, 3).value = "Có"
    wb.save(path)
    _drop(qtbot, page.collect.drop, [path])
    qtbot.waitUntil(lambda: page.units.summary.text().startswith("Đã trả lời 1/6 đơn vị"), timeout=10_000)
    assert page.collect.tree.topLevelItem(0).text(1).endswith("ghi nhận 1 đơn vị, 0 ô bị từ chối")
    assert [b.count for b in page.results.charts["C1"].bars] == [1, 0]
    assert survey_status(db, event.id).responded == 1


def test_the_english_section_and_help_are_edited_in_the_window_and_the_editor_fits_the_laptop(
        qtbot, db, make_event, make_delegate, make_context, make_window):
    from PySide6.QtCore import QRect

    _page_, event = _page(qtbot, db, make_event, make_delegate, make_context)
    _build_questionnaire(qtbot, _page_)
    window = make_window(size=(1093, 576), page="nav.survey")
    page = window.pages["nav.survey"]
    tab, editor = page.questions, page.questions.editor
    tab.list.setCurrentRow(1)  # the multiple choice: every row of the editor is shown
    qtbot.waitUntil(lambda: editor.code.text() == "C2")
    assert editor.labels["section_en"].text() == "Tiếng Anh" and editor.section_en.placeholderText() == "Không bắt buộc"
    editor.section.setText("I. Thông tin chung")
    editor.section_en.setText("I. General information")
    editor.help.setText("Đánh dấu mọi kênh đã dùng")
    editor.help_en.setText("Tick every channel used")
    qtbot.mouseClick(tab.apply_button, Qt.MouseButton.LeftButton)
    c2 = get_survey(db, event.id).questions[1]
    assert (c2.section_vi, c2.section_en, c2.help_vi, c2.help_en) == (
        "I. Thông tin chung", "I. General information", "Đánh dấu mọi kênh đã dùng", "Tick every channel used")
    tab.list.setCurrentRow(0)
    assert editor.section_en.text() == "" and editor.help_en.text() == ""
    tab.list.setCurrentRow(1)  # shown again from the database
    assert (editor.section_en.text(), editor.help_en.text()) == ("I. General information", "Tick every channel used")
    # The page needs no more height than a 1366 × 768 screen at 125 % leaves it (1093 × 576 with the window's
    # own bars), and every field of the editor is inside the page, not clipped.
    chrome = window.height() - page.height()
    # (waited for: the layouts settle once the rows of other question types are hidden)
    qtbot.waitUntil(lambda: page.minimumSizeHint().height() <= 576 - chrome, timeout=2000)
    visible = QRect(0, 0, page.width(), page.height())
    for field in (editor.section_en, editor.help_en, editor.options_en, editor.help, tab.apply_button):
        top_left = field.mapTo(page, field.rect().topLeft())
        assert visible.contains(QRect(top_left, field.size())), field
    assert min(editor.section_en.width(), editor.help_en.width()) >= 100  # room to read what is typed


def _answer_english_question(monkeypatch, button_name: str) -> list[str]:
    """Answer the "English text missing" question with the button named ``button_name``; returns what was asked."""
    from confman.ui.survey.english_question import EnglishQuestion

    asked: list[str] = []

    def exec_(box: EnglishQuestion) -> int:
        asked.append("\n".join([box.windowTitle(), box.text(), box.informativeText(),
                                "|".join(b.text() for b in box.buttons())]))
        next(b for b in box.buttons() if b.objectName() == button_name).click()
        return 0

    monkeypatch.setattr(EnglishQuestion, "exec", exec_)
    return asked


def test_english_forms_lacking_english_are_named_before_they_are_written(qtbot, db, make_event, make_delegate,
                                                                          make_context, monkeypatch, tmp_path):
    import pypdfium2 as pdfium

    page, _event = _page(qtbot, db, make_event, make_delegate, make_context)
    _build_questionnaire(qtbot, page)
    page.questions.list.setCurrentRow(1)
    editor = page.questions.editor
    editor.section.setText("I. Kênh thông tin")
    editor.text_en.setText("Channels used")
    editor.options_en.setPlainText("Print\nTelevision")
    qtbot.mouseClick(page.questions.apply_button, Qt.MouseButton.LeftButton)
    page.tabs.setCurrentWidget(page.units)
    out = tmp_path / "forms"
    out.mkdir()
    folders: list[str] = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *a, **k: folders.append("asked") or str(out)))

    # Cancel: no folder asked, nothing written, the page says why.
    asked = _answer_english_question(monkeypatch, "surveyEnglishCancel")
    qtbot.mouseClick(page.units.pdf_button, Qt.MouseButton.LeftButton)
    page.ctx.ops.wait()
    assert len(asked) == 1
    lines = asked[0].split("\n")
    title, text, details, buttons = lines[0], lines[1], "\n".join(lines[2:-1]), lines[-1]
    assert (title, text) == ("Thiếu nội dung tiếng Anh",
                             "Một số phiếu tiếng Anh sẽ in tiếng Việt ở những chỗ chưa nhập tiếng Anh.")
    assert details.startswith("• Phiếu của 1 đơn vị được in bằng tiếng Anh (Đại sứ quán Lào)")
    assert "• Chưa có tên tiếng Anh của các phần: “I. Kênh thông tin”." in details
    assert "• Chưa có nội dung tiếng Anh của các câu hỏi: C1." in details
    assert "Mạng xã hội" in details and "Báo in" not in details  # only the option still without English
    assert "C1: “Rất kém”, “Rất tốt”" in details
    assert set(buttons.split("|")) == {"Vẫn tạo phiếu", "Sửa câu hỏi", "Hủy"}
    assert folders == [] and list(out.iterdir()) == []
    assert page.message.text() == "Chưa tạo phiếu: còn nội dung chưa có bản tiếng Anh."

    # Edit the questions: the Questions tab comes up, still nothing written.
    _answer_english_question(monkeypatch, "surveyEnglishEdit")
    qtbot.mouseClick(page.units.pdf_button, Qt.MouseButton.LeftButton)
    page.ctx.ops.wait()
    assert page.tabs.currentWidget() is page.questions and folders == [] and list(out.iterdir()) == []

    # Go on: the folder is asked and every form is written; the English one renders with the fallbacks.
    page.tabs.setCurrentWidget(page.units)
    _answer_english_question(monkeypatch, "surveyEnglishGoOn")
    qtbot.mouseClick(page.units.pdf_button, Qt.MouseButton.LeftButton)
    page.ctx.ops.wait()
    assert folders == ["asked"] and sorted(p.stem for p in out.glob("*.pdf")) == sorted(UNITS)
    pdf = pdfium.PdfDocument(out / "Đại sứ quán Lào.pdf")
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    pdf.close()
    assert "QUESTIONNAIRE" in text and "Channels used" in text and "Television" in text
    assert "Đơn vị đánh giá thế nào" in text and "Mạng xã hội" in text  # printed in Vietnamese, as warned


def test_vietnamese_forms_alone_are_written_without_a_question(qtbot, db, make_event, make_delegate, make_context,
                                                               monkeypatch, tmp_path):
    from confman.ui.survey.english_question import EnglishQuestion

    page, _event = _page(qtbot, db, make_event, make_delegate, make_context)
    _build_questionnaire(qtbot, page)
    monkeypatch.setattr(EnglishQuestion, "exec", lambda box: pytest.fail("asked for Vietnamese forms"))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(tmp_path)))
    table = page.units.table
    row = next(r for r, u in enumerate(page.units.shown) if u.name == "Bộ Ngoại giao")
    table.selectRow(row)
    qtbot.mouseClick(page.units.xlsx_button, Qt.MouseButton.LeftButton)
    page.ctx.ops.wait()
    assert [p.stem for p in tmp_path.glob("*.xlsx")] == ["Bộ Ngoại giao"]


def test_the_english_preview_names_what_prints_in_vietnamese(qtbot, db, make_event, make_delegate, make_context):
    page, _event = _page(qtbot, db, make_event, make_delegate, make_context)
    _build_questionnaire(qtbot, page)
    dialog = page.questions.preview()
    page.ctx.ops.wait()
    assert dialog.note.isHidden()  # the Vietnamese form: nothing to say
    page.ctx.set_language("en")
    dialog = page.questions.preview()
    page.ctx.ops.wait()
    note = dialog.note.text()
    assert not dialog.note.isHidden() and dialog.images
    assert note.startswith("Note: the English form will print Vietnamese in these places.")
    assert "• No English text for the questions: C1, C2." in note
    assert "C2: “Báo in”, “Truyền hình”, “Mạng xã hội”" in note


def test_a_long_list_of_missing_english_is_cut_so_the_question_fits_the_laptop(qtbot):
    from PySide6.QtWidgets import QWidget

    from confman.ui.survey.english_question import EnglishQuestion

    parent = QWidget()
    qtbot.addWidget(parent)
    lines = [f"Chưa có tiếng Anh cho các lựa chọn — C{i}: “Báo in”, “Truyền hình”, “Mạng xã hội”." for i in range(60)]
    box = EnglishQuestion(parent, "vi", lines)
    box.show()
    text = box.informativeText()
    assert text.startswith("• Chưa có tiếng Anh cho các lựa chọn — C0:") and "C59" not in text
    assert text.endswith("(Danh sách còn tiếp; bổ sung nội dung tiếng Anh trong thẻ Bảng hỏi.)")
    assert box.height() <= 576 and box.width() <= 1093
    short = EnglishQuestion(parent, "vi", lines[:2])
    assert short.informativeText() == "\n".join(f"• {line}" for line in lines[:2])


def test_english_results_lacking_english_are_named_before_they_are_written(qtbot, db, make_event, make_delegate,
                                                                            make_context, monkeypatch, tmp_path):
    import pypdfium2 as pdfium

    from confman.ui.survey.english_question import EnglishQuestion

    page, _event = _page(qtbot, db, make_event, make_delegate, make_context)
    _build_questionnaire(qtbot, page)
    page.questions.list.setCurrentRow(1)
    page.questions.editor.text_en.setText("Channels used")
    page.questions.editor.options_en.setPlainText("Print\nTelevision")
    qtbot.mouseClick(page.questions.apply_button, Qt.MouseButton.LeftButton)
    page.tabs.setCurrentWidget(page.results)
    saved: list[str] = []
    target = tmp_path / "results.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (saved.append("asked") or str(target), "")))

    # In Vietnamese nothing is asked: the file is written.
    monkeypatch.setattr(EnglishQuestion, "exec", lambda box: pytest.fail("asked for Vietnamese results"))
    qtbot.mouseClick(page.results.pdf_button, Qt.MouseButton.LeftButton)
    page.ctx.ops.wait()
    assert saved == ["asked"] and target.exists()
    target.unlink()
    saved.clear()

    page.ctx.set_language("en")
    # Cancel: no file asked for, nothing written, the page says why.
    asked = _answer_english_question(monkeypatch, "surveyEnglishCancel")
    qtbot.mouseClick(page.results.pdf_button, Qt.MouseButton.LeftButton)
    page.ctx.ops.wait()
    assert len(asked) == 1
    lines = asked[0].split("\n")
    assert lines[:2] == ["English text missing",
                         "The English results will print Vietnamese where no English text was entered."]
    details = "\n".join(lines[2:-1])
    assert details.startswith("• The results are in English; text without an English version will print in "
                              "Vietnamese.")
    assert "• No English text for the questions: C1." in details
    assert "C2: “Mạng xã hội”" in details and "Báo in" not in details
    assert "C1: “Rất kém”, “Rất tốt”" in details
    assert set(lines[-1].split("|")) == {"Make the results anyway", "Edit the questions", "Cancel"}
    assert saved == [] and not target.exists()
    assert page.message.text() == "No results made: some text has no English version yet."

    # Edit the questions: the Questionnaire tab comes up, still nothing written.
    _answer_english_question(monkeypatch, "surveyEnglishEdit")
    qtbot.mouseClick(page.results.pdf_button, Qt.MouseButton.LeftButton)
    page.ctx.ops.wait()
    assert page.tabs.currentWidget() is page.questions and saved == [] and not target.exists()

    # Go on: the file is asked for and written, in English where English was entered, Vietnamese elsewhere.
    page.tabs.setCurrentWidget(page.results)
    _answer_english_question(monkeypatch, "surveyEnglishGoOn")
    qtbot.mouseClick(page.results.pdf_button, Qt.MouseButton.LeftButton)
    page.ctx.ops.wait()
    assert saved == ["asked"] and target.exists()
    pdf = pdfium.PdfDocument(target)
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    pdf.close()
    assert "Channels used" in text and "Television" in text
    assert "Đơn vị đánh giá thế nào" in text and "Mạng xã hội" in text  # printed in Vietnamese, as warned
