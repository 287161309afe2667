"""The floor for badges: bare ReportLab drawing the same cards, text only.

``python tests/benchmarks/bare_badges.py DB.sqlite3 OUT.pdf`` reads the delegates with
``sqlite3`` and draws one CR80 portrait card per page (the product's default template) with
the bundled fonts: event name, name, position, organisation, category band. No QR codes, no
photos, no templates, no text fitting, no application code at all: whatever confman adds on
top of this (its imports, the database layer, codes, QR, fitting, the print log) is its cost.
Only the standard library and ReportLab are imported; with ``--with-sqlalchemy`` also SQLAlchemy's ORM
and SQLite dialect, which the design card makes confman's data layer (the second badge floor).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
QUERY = """
SELECT d.honorific, d.full_name, d.position, coalesce(o.name, ''), coalesce(c.label_vi, ''),
       coalesce(c.label_en, ''), coalesce(c.color, '#1F4E79')
FROM delegates d LEFT JOIN organizations o ON o.id = d.organization_id
LEFT JOIN categories c ON c.id = d.category_id
WHERE d.deleted_at IS NULL ORDER BY o.name, d.sort_key
"""


def read_cards(db_path: str) -> list[tuple[str, ...]]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(QUERY).fetchall()


def draw(cards: list[tuple[str, ...]], out: object, event_name: str = "Hội nghị tổng kết công tác thông tin đối ngoại") -> None:
    """Draw ``cards`` (rows of ``QUERY``) to ``out`` (a path or a binary file)."""
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    for name, file in (("R", "BeVietnamPro-Regular.ttf"), ("S", "BeVietnamPro-SemiBold.ttf"),
                       ("B", "BeVietnamPro-Bold.ttf")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONTS / file)))
    width, height = 54 * mm, 85.6 * mm
    canvas = Canvas(out, pagesize=(width, height), pageCompression=1)
    for honorific, full_name, position, organization, label_vi, label_en, color in cards:
        canvas.setFillColorRGB(0.12, 0.23, 0.41)
        canvas.setFont("S", 7.5)
        canvas.drawString(13.5 * mm, height - 6 * mm, event_name)
        canvas.setFillColorRGB(0.07, 0.07, 0.07)
        canvas.setFont("B", 15)
        canvas.drawString(3 * mm, height - 19 * mm, f"{honorific} {full_name}".strip())
        canvas.setFillColorRGB(0.27, 0.27, 0.27)
        canvas.setFont("R", 7.5)
        canvas.drawString(3 * mm, height - 28 * mm, position)
        canvas.setFillColorRGB(0.07, 0.07, 0.07)
        canvas.setFont("S", 8)
        canvas.drawString(3 * mm, height - 34 * mm, organization)
        canvas.setFillColor(color)
        canvas.rect(0, 0, width, 13.6 * mm, stroke=0, fill=1)
        canvas.setFillColorRGB(1, 1, 1)
        canvas.setFont("B", 9)
        canvas.drawCentredString(width / 2, 5.5 * mm, f"{label_vi} / {label_en}".upper())
        canvas.showPage()
    canvas.save()


if __name__ == "__main__":
    if "--with-sqlalchemy" in sys.argv:  # the second floor: the same process plus the data layer's import
        import sqlalchemy.dialects.sqlite
        import sqlalchemy.orm  # noqa: F401
    draw(read_cards(sys.argv[1]), sys.argv[2])
