"""The badges page driven like a user: templates, batches, preview, true-size printing through a PDF
QPrinter, printer offsets and calibration, reprint with a reason, and the template editor."""

from __future__ import annotations

import math

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from confman.core.badges import service as badges
from confman.core.badges.codes import verify_code
from confman.core.demo import create_demo
from confman.core.events.service import event_secret
from confman.core.settings import Settings
from confman.ui.badges import ops, printing
from confman.ui.badges.badges_page import BadgesPage
from confman.ui.badges.template_editor import TemplateEditorDialog

PT_PER_MM = 72 / 25.4


@pytest.fixture
def ctx(db, make_context):
    return make_context(event=create_demo(db, delegates=24).event)


@pytest.fixture
def page(qtbot, ctx):
    widget = BadgesPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def _choose(combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def _select(page, ids) -> None:
    _choose(page.batch.kind_combo, "selection")
    page.batch.ids_edit.setText(", ".join(map(str, ids)))
    page.batch.ids_edit.editingFinished.emit()


def _qr_boxes(pdf_path_or_bytes, dpi: float = 200) -> list[tuple[float, float, float, float]]:
    """(left, top, width, height) in mm of every QR code on the first page."""
    document = pdfium.PdfDocument(pdf_path_or_bytes)
    try:
        image = document[0].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        document.close()
    boxes = []
    for found in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
        p = found.position
        xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
        ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
        px = 25.4 / dpi
        boxes.append((min(xs) * px, min(ys) * px, (max(xs) - min(xs)) * px, (max(ys) - min(ys)) * px))
    return sorted(boxes)


def _pdf_printer(monkeypatch, page, path, *, resolution: int = 300, driver_paper=None) -> None:
    """Replace the native dialog: the user "prints" to a PDF file (a driver may swap the paper)."""

    def dialog(printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setResolution(resolution)
        if driver_paper is not None:
            printer.setPageSize(QPageSize(driver_paper))
        return True

    monkeypatch.setattr(page.output, "exec_print_dialog", dialog)


def test_choose_template_and_page_through_the_preview(page, ctx, qtbot):
    total = len(badges.select_batch(ctx.db, ctx.event.id).ids)
    assert page.template_combo.currentData() == "cr80_portrait"
    titles = [page.template_combo.itemText(i) for i in range(page.template_combo.count())]
    assert "Bảng tên để bàn (A4 ngang, gập đôi)" in titles
    _choose(page.template_combo, "a4_8up")
    assert page.rendered is not None and page.rendered.pages == math.ceil(total / 8)
    assert page.batch.summary.text().startswith(f"{total} thẻ · {math.ceil(total / 8)} trang")
    assert page.preview.page_label.text() == f"Trang 1/{math.ceil(total / 8)}"
    assert not page.preview.image.pixmap().isNull()
    first = page.preview.image.pixmap().toImage()
    assert first.width() < first.height()  # A4 portrait
    qtbot.mouseClick(page.preview.next_button, Qt.MouseButton.LeftButton)
    assert page.preview.page_label.text() == f"Trang 2/{math.ceil(total / 8)}"
    assert page.preview.image.pixmap().toImage() != first
    qtbot.mouseClick(page.preview.prev_button, Qt.MouseButton.LeftButton)
    assert page.preview.page_label.text().startswith("Trang 1/") and not page.preview.prev_button.isEnabled()

    _choose(page.template_combo, "tent_card")
    image = page.preview.image.pixmap().toImage()
    assert image.width() > image.height()  # A4 landscape
    _choose(page.doc_lang_combo, "en")  # the badges' language, whatever the UI's
    document = pdfium.PdfDocument(page.rendered.pdf)
    try:
        text = " ".join(document[0].get_textpage().get_text_range().split())
    finally:
        document.close()
    assert "Review Conference on ASEAN Communication Work" in text
    ctx.set_language("en")
    assert page.print_button.text() == "Print…" and page.preview.page_label.text().startswith("Page 1 of")


def test_batches_filter_selection_and_not_printed(page, ctx):
    everyone = badges.select_batch(ctx.db, ctx.event.id).ids
    _choose(page.batch.kind_combo, "filter")
    assert page.batch.search_edit.isVisible() and not page.batch.ids_edit.isVisible()
    page.batch.search_edit.setText("trương minh tuấn")
    page.refresh()
    assert page.rendered is not None and len(page.rendered.badges) == 1
    _choose(page.batch.category_combo, page.batch.category_combo.itemData(page.batch.category_combo.findText("Khách mời")))
    page.batch.search_edit.setText("")
    page.refresh()
    press = {b.delegate_id for b in page.rendered.badges}
    assert press and press < set(everyone)

    page.print_selection(list(everyone[:3]))
    assert page.batch.kind_combo.currentData() == "selection"
    assert [b.delegate_id for b in page.rendered.badges] == list(everyone[:3])

    rendered = badges.render_batch(ctx.db, ctx.event.id, everyone[:5], badges.get_template(ctx.db, "a6"))
    ctx.notify(badges.record_prints(ctx.db, ctx.event.id, rendered.badges, template="a6"))
    _choose(page.batch.kind_combo, "not_printed")
    assert {b.delegate_id for b in page.rendered.badges} == set(everyone) - set(everyone[:5])
    _choose(page.batch.kind_combo, "changed")
    assert page.rendered is None and not page.print_button.isEnabled()
    assert page.preview.image.text() == "Không có thẻ nào để in trong đợt này."


@pytest.mark.parametrize("template_name", ["cr80_landscape", "a4_8up"])
def test_print_through_a_pdf_printer_is_true_size(page, ctx, monkeypatch, tmp_path, template_name):
    ids = badges.select_batch(ctx.db, ctx.event.id).ids[:2]
    _choose(page.template_combo, template_name)
    _select(page, ids)
    source = page.rendered.pdf
    out = tmp_path / "printed.pdf"
    # the "driver" hands back US Letter: the page must re-apply and keep the template's paper
    _pdf_printer(monkeypatch, page, out, resolution=300, driver_paper=QPageSize.PageSizeId.Letter)
    page.print_badges()
    template = badges.get_template(ctx.db, template_name)
    reader = PdfReader(str(out))
    assert len(reader.pages) == page.rendered.pages
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert width == pytest.approx(template.page_size_mm[0] * PT_PER_MM, abs=1.0)
    assert height == pytest.approx(template.page_size_mm[1] * PT_PER_MM, abs=1.0)
    # not scaled: every QR code sits at the same place with the same size as in the source PDF
    printed, original = _qr_boxes(str(out)), _qr_boxes(source)
    assert len(printed) == len(original) >= 1
    for (x1, y1, w1, h1), (x2, y2, w2, h2) in zip(printed, original, strict=True):
        assert w1 == pytest.approx(w2, abs=0.4) and h1 == pytest.approx(h2, abs=0.4)
        assert x1 == pytest.approx(x2, abs=0.4) and y1 == pytest.approx(y2, abs=0.4)
        assert w1 >= 18  # scannable from a lanyard
    log = badges.print_log(ctx.db, ctx.event.id)
    assert sorted(r.delegate_id for r in log) == sorted(ids) and {r.template for r in log} == {template_name}
    assert {r.station for r in log} == {ctx.station}


def test_paper_the_printer_cannot_take_warns_and_prints_nothing(page, ctx, monkeypatch, tmp_path):
    out = tmp_path / "refused.pdf"
    _pdf_printer(monkeypatch, page, out)
    monkeypatch.setattr(printing, "paper_mismatch", lambda printer, size: (215.9, 279.4))
    warnings = []

    def warn(parent, title, text, *args):
        warnings.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "warning", warn)
    page.print_badges()
    assert warnings and "215,9 × 279,4" in warnings[0] and "54 × 85,6" in warnings[0]
    assert not out.exists() and badges.print_log(ctx.db, ctx.event.id) == []


def test_offsets_are_saved_per_printer_and_shift_the_print(page, ctx, monkeypatch, tmp_path, qtbot):
    _choose(page.template_combo, "cr80_landscape")
    _select(page, badges.select_batch(ctx.db, ctx.event.id).ids[:1])
    before = _qr_boxes(page.rendered.pdf)[0]
    page.printer.offset_x.setValue(2.5)
    page.printer.offset_y.setValue(-1.0)
    assert ctx.settings.printer_offsets_mm[page.printer_key] == [2.5, -1.0]
    qtbot.waitUntil(lambda: _qr_boxes(page.rendered.pdf)[0][0] > before[0] + 2, timeout=3000)
    after = _qr_boxes(page.rendered.pdf)[0]
    assert after[0] - before[0] == pytest.approx(2.5, abs=0.3)
    assert after[1] - before[1] == pytest.approx(-1.0, abs=0.3)

    again = BadgesPage(ctx)  # a new page (next start) reads the saved offsets back
    qtbot.addWidget(again)
    assert again.offset_mm() == (2.5, -1.0)

    out = tmp_path / "calibration.pdf"
    _pdf_printer(monkeypatch, page, out, resolution=200)
    page.print_calibration()
    width, height = (float(v) for v in PdfReader(str(out)).pages[0].mediabox.upper_right)
    assert width / PT_PER_MM == pytest.approx(85.6, abs=0.4)  # Qt's PDF writer rounds to whole points
    assert height / PT_PER_MM == pytest.approx(54.0, abs=0.4)
    source, _size = ops.calibration(ctx.db, page.template_name, ctx.language, page.offset_mm())
    document = pdfium.PdfDocument(source)
    try:
        text = " ".join(document[0].get_textpage().get_text_range().split())
    finally:
        document.close()
    assert "+2,5" in text and "-1" in text  # the offsets in use are printed on the page
    assert badges.print_log(ctx.db, ctx.event.id) == []  # a calibration page is not a badge


def test_reprint_asks_a_reason_and_replaces_the_old_code(page, ctx, monkeypatch, tmp_path):
    delegate_id = badges.select_batch(ctx.db, ctx.event.id).ids[0]
    _select(page, [delegate_id])
    old_code = page.rendered.badges[0].code
    seen = {}

    def answer_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen["disabled_when_empty"] = not ok.isEnabled()
        dialog.reason.setCurrentText("Mất thẻ")
        seen["enabled_with_reason"] = ok.isEnabled()
        ok.click()

    QTimer.singleShot(0, answer_dialog)
    page.reprint()
    assert seen == {"disabled_when_empty": True, "enabled_with_reason": True}
    new_code = page.rendered.badges[0].code
    assert new_code != old_code and page.rendered.badges[0].badge_version == 2
    secret = event_secret(ctx.db, ctx.event.id)
    verdict = verify_code(old_code, event_id=ctx.event.id, secret_for_event=lambda _e: secret,
                          current_badge_version=lambda _d: 2)
    assert verdict.status == "replaced"

    out = tmp_path / "reprint.pdf"
    monkeypatch.setattr(page.output, "ask_save_path", lambda: str(out))
    previewed = page.rendered.pdf
    page.save_pdf()
    assert out.read_bytes() == previewed
    log = badges.print_log(ctx.db, ctx.event.id, delegate_id)
    assert [(r.badge_version, r.reason) for r in log] == [(2, "Mất thẻ")]

    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    page.reprint()  # cancelled: nothing bumped
    assert page.rendered.badges[0].badge_version == 2


def test_template_editor_drag_form_and_save_as_new(page, ctx, qtbot):
    sample = badges.select_batch(ctx.db, ctx.event.id).ids[0]
    dialog = TemplateEditorDialog(ctx, "cr80_portrait", sample, page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.template_saved.connect(page._template_saved)
    types = [e.type for e in dialog.template.elements]
    name_row = len(types) - 1 - types[::-1].index("qr")  # the last one drawn: on top where variants overlap
    dialog.element_list.setCurrentRow(name_row)
    element = dialog.template.elements[name_row]
    assert dialog.form.x_spin.value() == pytest.approx(element.x_mm)
    assert dialog.canvas.image is not None  # the live preview, from a real delegate

    canvas = dialog.canvas
    rect = canvas.element_rect(name_row)
    start = rect.center().toPoint()
    end = start + QPoint(0, -round(4 * canvas.scale))  # 4 mm up
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, end)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)
    moved = dialog.template.elements[name_row]
    assert moved.y_mm == pytest.approx(element.y_mm - 4, abs=0.5) and moved.x_mm == pytest.approx(element.x_mm)
    assert dialog.form.y_spin.value() == pytest.approx(moved.y_mm)

    name_index = types.index("name")
    dialog.element_list.setCurrentRow(name_index)
    dialog.form.size_spin.setValue(18)
    _choose(dialog.form.font_combo, "italic")
    assert dialog.template.elements[name_index].font_size == 18
    assert dialog.template.elements[name_index].font == "italic"
    dialog.form.w_spin.setValue(400)  # off the badge: refused, the last valid value comes back
    assert dialog.template.elements[name_index].w_mm < 60 and dialog.status.text()

    dialog.title_edit.clear()
    dialog.title_edit.setText("Thẻ đứng chữ nghiêng")  # QTest cannot type Vietnamese letters
    dialog.title_edit.textEdited.emit(dialog.title_edit.text())
    assert dialog.name_edit.text() == "the_dung_chu_nghieng"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = badges.get_template(ctx.db, "the_dung_chu_nghieng")
    assert saved.elements[name_index].font == "italic" and saved.elements[name_row].y_mm == moved.y_mm
    assert page.template_combo.currentData() == "the_dung_chu_nghieng"
    assert page.rendered is not None and page.rendered.template_name == "the_dung_chu_nghieng"


def test_delegates_page_print_button_opens_the_badges_page_with_the_selection(db, make_window, qtbot):
    event = create_demo(db, delegates=24).event
    window = make_window(settings=Settings(language="vi", last_event_code=event.code), page="nav.delegates")
    delegates = window.pages["nav.delegates"]
    assert "nav.badges" not in window.pages.built()  # built only when asked for
    delegates.table.selectRow(0)
    delegates.table.selectionModel().select(delegates.model.index(2, 0), delegates.table.selectionModel()
                                            .SelectionFlag.Select | delegates.table.selectionModel().SelectionFlag.Rows)
    chosen = delegates.selected_ids()
    assert len(chosen) == 2
    qtbot.mouseClick(delegates.print_button, Qt.MouseButton.LeftButton)
    page = window.pages["nav.badges"]
    assert window.current_page_key == "nav.badges"
    assert page.batch.kind_combo.currentData() == "selection"
    assert sorted(b.delegate_id for b in page.rendered.badges) == sorted(chosen)


def test_current_filter_of_the_delegates_page(db, make_window):
    event = create_demo(db, delegates=24).event
    window = make_window(settings=Settings(language="vi", last_event_code=event.code), page="nav.delegates")
    delegates = window.pages["nav.delegates"]
    vip = delegates.category_filter.findText("Đại biểu VIP")
    delegates.category_filter.setCurrentIndex(vip)
    window.show_page("nav.badges")
    page = window.pages["nav.badges"]
    page.use_delegates_filter()
    assert page.batch.kind_combo.currentData() == "filter"
    assert page.batch.category_combo.currentText() == "Đại biểu VIP"
    expected = badges.select_batch(db, event.id, badges.BadgeSelection(category_codes=frozenset({"VIP"}))).ids
    assert expected and [b.delegate_id for b in page.rendered.badges] == list(expected)


def test_printers_without_their_own_offsets_use_the_settings_defaults(qtbot, make_context):
    from confman.core.settings import DEFAULT_OFFSETS_KEY

    settings = Settings(printer_offsets_mm={DEFAULT_OFFSETS_KEY: [1.5, -0.5]})
    page = BadgesPage(make_context(settings=settings))
    qtbot.addWidget(page)
    page.printer.load_offsets()
    assert page.offset_mm() == (1.5, -0.5)
    settings.printer_offsets_mm[page.printer_key] = [0.3, 0.2]
    page.printer.load_offsets()
    assert page.offset_mm() == (0.3, 0.2)


def test_pager_and_summary_agree_while_a_batch_renders(qtbot, db, make_context):
    """On the real threaded path: "Đang dựng thẻ… k/321" moves, "Trang 1/321" comes with the first sheet
    while the rest still renders — never "no badges" beside "321 thẻ · 321 trang"."""
    import re

    event = create_demo(db).event  # 321 people: 320 delegates and the minister
    page = BadgesPage(make_context(event=event, asynchronous=True))
    qtbot.addWidget(page)
    page.resize(1366, 700)
    seen: list[tuple[str, str, str, bool]] = []
    turnable: list[bool] = []  # whether ▶ was enabled while only the first sheet was there

    def watch() -> None:
        seen.append((page.preview.empty_text, page.preview.page_label.text(),
                     page.status.text() + "|" + page.progress.label.text(), page.rendering))
        if page.rendering and page.preview.pages_ready:
            turnable.append(page.preview.next_button.isEnabled())

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(watch)
    timer.start()
    page.show()
    qtbot.waitUntil(lambda: page.rendered is not None and page.rendered.pdf is not None, timeout=90_000)
    timer.stop()
    watch()
    assert page.batch.summary.text() == "321 thẻ · 321 trang"
    nothing = "Không có thẻ nào để in trong đợt này."
    assert all(nothing not in empty and nothing not in status for empty, _label, status, _r in seen)
    done = [int(m.group(1)) for empty, _l, status, _r in seen
            if (m := re.search(r"Đang dựng thẻ… (\d+)/321", empty or status))]
    assert not any("Đang dựng" in status.split("|")[0] for _e, _l, status, _r in seen)  # said once, by the bar
    assert done and done == sorted(done) and len(set(done)) >= 2 and done[-1] > done[0]  # the count moves
    early = [label for _e, label, _s, rendering in seen if rendering and label == "Trang 1/321"]
    assert early, "the pager showed no page before the whole batch was rendered"
    assert turnable and not any(turnable)  # page 2 is not there yet: ▶ waits for it
    assert page.preview.page_label.text() == "Trang 1/321" and page.preview.pages_ready == 321
    assert page.status.text().startswith("Đã dựng 321 thẻ trên 321 trang.")
    assert page.preview.next_button.isEnabled()


def test_template_editor_sets_which_badges_an_element_is_on(page, ctx, qtbot):
    """"Shown on: only badges with a photo" is saved and printed: the element is gone from a badge without one."""
    from dataclasses import replace

    from confman.ui.badges.template_editor import sample_photo

    sample = badges.select_batch(ctx.db, ctx.event.id).ids[0]
    dialog = TemplateEditorDialog(ctx, "cr80_portrait", sample, page)
    qtbot.addWidget(dialog)
    dialog.show()
    types = [e.type for e in dialog.template.elements]
    assert not dialog.photo_check.isChecked()  # the demo delegate has no photo: the layout without one
    with_name = types.index("name")  # the first name variant belongs to badges with a photo
    assert dialog.template.elements[with_name].when_photo == "with"
    dialog.element_list.setCurrentRow(with_name)
    assert dialog.photo_check.isChecked() and dialog.canvas.with_photo  # its layout is previewed
    assert dialog.form.when_combo.currentText() == "Chỉ thẻ có ảnh"
    assert dialog.element_list.item(with_name).text().endswith("(có ảnh)")

    event_name = types.index("event_name")
    dialog.element_list.setCurrentRow(event_name)
    assert dialog.form.when_combo.currentText() == "Mọi thẻ" and not dialog.form.frame_check.isEnabled()
    _choose(dialog.form.when_combo, "with")
    assert dialog.template.elements[event_name].when_photo == "with"
    assert dialog.element_list.item(event_name).text().endswith("(có ảnh)")
    photo = types.index("photo")
    dialog.element_list.setCurrentRow(photo)
    assert dialog.form.frame_check.isEnabled() and not dialog.form.frame_check.isChecked()
    dialog.form.frame_check.setChecked(True)
    dialog.title_edit.setText("Thẻ tên hội nghị khi có ảnh")
    dialog.name_edit.setText("the_co_anh")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = badges.get_template(ctx.db, "the_co_anh")
    assert saved.elements[event_name].when_photo == "with" and saved.elements[photo].frame

    info = badges.event_info(ctx.db, ctx.event.id)
    (badge,) = badges.badge_data(ctx.db, ctx.event.id, [sample])
    event_words = info.name_vi.split()[0].upper()

    def text_of(b) -> str:
        import io

        from confman.core.badges.render import render_badges

        out = io.BytesIO()
        render_badges([b], saved, info, out)
        document = pdfium.PdfDocument(out.getvalue())
        try:
            return document[0].get_textpage().get_text_range().upper()
        finally:
            document.close()

    assert event_words not in text_of(replace(badge, photo=None))
    assert event_words in text_of(replace(badge, photo=sample_photo()))
