"""The glyph runs memoised per PDF document are let go with the document."""

from __future__ import annotations

import gc
import io

from reportlab.pdfgen.canvas import Canvas

from confman.core.pdf import fonts
from confman.core.pdf.fonts import FONT_REGULAR, draw_fitted_text, fit_text


def _draw(out: io.BytesIO) -> None:
    canvas = Canvas(out)
    for _ in range(3):  # the same line three times: split once
        fitted = fit_text("Sở Thông tin và Truyền thông tỉnh Bà Rịa – Vũng Tàu", FONT_REGULAR, width=400, height=20,
                          max_size=11, min_size=6)
        draw_fitted_text(canvas, fitted, 10, 10, 400, 20)
        canvas.showPage()
    canvas.save()


def test_a_documents_memoised_lines_go_with_it() -> None:
    gc.collect()
    before = len(fonts._pieces_by_document)
    outputs = [io.BytesIO() for _ in range(5)]
    for out in outputs:
        _draw(out)
    gc.collect()
    assert len(fonts._pieces_by_document) == before  # nothing keeps a finished document alive
    import pypdfium2

    document = pypdfium2.PdfDocument(outputs[-1].getvalue())  # and the reused runs print the line on every page
    assert [document[i].get_textpage().get_text_range() for i in range(len(document))] == [
        "Sở Thông tin và Truyền thông tỉnh Bà Rịa – Vũng Tàu"] * 3
    document.close()
