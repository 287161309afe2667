"""The layout of Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP, Appendix I).

Shared by every official document confman prints (invitation letters, certificates, the
programme, the sign-in sheet and the reports):

* A4, margins top/bottom 20 mm, left 30 mm, right 15 mm; black ink; a Times-like serif
  (:func:`confman.core.pdf.fonts.register_serif_fonts`), body text 13–14 pt.
* :func:`letterhead`: top left the parent body (upper case, regular) and the issuing body
  (upper case, bold) with a short rule under it, then "Số: …" on letters; top right the
  national motto (upper case bold 12 pt; the words bold 13.5 pt with a rule as long as they
  are) and the place-and-date line in italics.
* :func:`doc_title`: the document type upper case bold centred, the summary line bold.
* :func:`signer_block`: authority and title upper case bold, room for the signature and the
  seal, the signer's name bold; :func:`recipients_block`: "Nơi nhận:" bold italic 12 pt,
  items 11 pt, each "- …;", the last "- Lưu: VT, …".

Only strings come in: the callers pick each field's language (English values falling back
to Vietnamese) from the event's document fields.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations, pairwise
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from confman.core.pdf.fonts import (
    SERIF_BOLD,
    SERIF_BOLD_ITALIC,
    SERIF_ITALIC,
    SERIF_REGULAR,
    clean_text,
    escape_markup,
    register_serif_fonts,
    text_width,
)

PAGE_W, PAGE_H = A4
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
#: The letterhead's columns: the bodies (left) and the motto (right).
LEFT_W = 74 * mm  # room for "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" on one line; the motto still fits the right
RIGHT_W = FRAME_W - LEFT_W
BLACK = colors.black
GREY = colors.HexColor("#444444")
RULE_GREY = colors.HexColor("#555555")


def ostyle(name: str, font: str = SERIF_REGULAR, size: float = 13, leading: float | None = None,
           align: int = TA_LEFT, color: Any = BLACK, **kw: Any) -> ParagraphStyle:
    """A paragraph style in the official serif (leading 1.25 × size unless given)."""
    register_serif_fonts()
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or size * 1.25, alignment=align,
                          textColor=color, **kw)


_DIGIT_GROUPS_RE = re.compile(r"(?<=\d) (?=\d)")


def opara(text: str, st: ParagraphStyle) -> Paragraph:
    """A paragraph printing ``text`` literally (escaped, NFC); a spaced dash never starts a line and
    a number written in groups ("0254 3852 123") never breaks between them."""
    markup = escape_markup(text).replace(" – ", "&nbsp;– ").replace(" - ", "&nbsp;- ")
    return Paragraph(_DIGIT_GROUPS_RE.sub("&nbsp;", markup), st)


class OfficialStyles:
    """The paragraph styles of Nghị định 30, in the official serif."""

    def __init__(self, body_size: float = 13.5, body_leading: float = 1.3) -> None:
        register_serif_fonts()
        self.parent = ostyle("o_parent", SERIF_REGULAR, 12, 14.5, TA_CENTER)
        self.issuing = ostyle("o_issuing", SERIF_BOLD, 12, 14.5, TA_CENTER)
        self.number = ostyle("o_number", SERIF_REGULAR, 13, 16, TA_CENTER)
        self.motto = ostyle("o_motto", SERIF_BOLD, 12, 14.5, TA_CENTER)
        self.motto_words = ostyle("o_words", SERIF_BOLD, 13.5, 16, TA_CENTER)
        self.secondary = ostyle("o_second", SERIF_ITALIC, 10.5, 12.5, TA_CENTER, GREY)
        self.place_date = ostyle("o_place", SERIF_ITALIC, 13, 16, TA_CENTER)
        self.doc_type = ostyle("o_type", SERIF_BOLD, 14, 17.5, TA_CENTER, spaceBefore=4)
        self.summary = ostyle("o_summary", SERIF_BOLD, 13.5, 17, TA_CENTER)
        self.meta = ostyle("o_meta", SERIF_ITALIC, 12, 15, TA_CENTER)
        self.note = ostyle("o_note", SERIF_ITALIC, 10.5, 13, TA_CENTER, GREY)
        leading = body_size * body_leading
        self.body = ostyle("o_body", SERIF_REGULAR, body_size, leading, TA_JUSTIFY, spaceBefore=4,
                           firstLineIndent=10 * mm)
        self.body_left = ostyle("o_bodyl", SERIF_REGULAR, body_size, leading, TA_LEFT)
        self.body_bold = ostyle("o_bodyb", SERIF_BOLD, body_size, leading, TA_LEFT)
        self.item = ostyle("o_item", SERIF_REGULAR, body_size, leading, TA_JUSTIFY, firstLineIndent=10 * mm,
                           spaceBefore=2)
        self.sign = ostyle("o_sign", SERIF_BOLD, 13, 16, TA_CENTER)
        self.sign_name = ostyle("o_signname", SERIF_BOLD, 13.5, 17, TA_CENTER)
        self.sign_hint = ostyle("o_signhint", SERIF_ITALIC, 11, 13.5, TA_CENTER, GREY)
        self.recipients_label = ostyle("o_reclabel", SERIF_BOLD_ITALIC, 12, 14.5)
        self.recipients_item = ostyle("o_recitem", SERIF_REGULAR, 11, 13)
        self.section = ostyle("o_section", SERIF_BOLD, 12.5, 16, spaceBefore=8, spaceAfter=4)
        self.head = ostyle("o_head", SERIF_BOLD, 11, 13.5, TA_CENTER)
        self.cell = ostyle("o_cell", SERIF_REGULAR, 11.5, 14)
        self.cell_bold = ostyle("o_cellb", SERIF_BOLD, 11.5, 14)
        self.cell_small = ostyle("o_cells", SERIF_REGULAR, 10.5, 13)
        self.cell_center = ostyle("o_cellc", SERIF_REGULAR, 11.5, 14, TA_CENTER)
        self.cell_right = ostyle("o_cellr", SERIF_REGULAR, 11.5, 14, 2)
        self.cell_right_bold = ostyle("o_cellrb", SERIF_BOLD, 11.5, 14, 2)
        self.number_cell = ostyle("o_no", SERIF_REGULAR, 11, 14, TA_CENTER)
        self.band = ostyle("o_band", SERIF_BOLD, 11.5, 14)
        self.total = ostyle("o_total", SERIF_BOLD, 12, 15, spaceBefore=6)
        self.italic = ostyle("o_italic", SERIF_ITALIC, 11.5, 14.5, color=GREY)


@dataclass(frozen=True, slots=True)
class Letterhead:
    """What the top of an official document says, already in the document's language.

    ``number`` is the whole "Số: …" line (empty: none); ``secondary`` repeats the motto in a
    second language beneath (a bilingual programme).
    """

    parent: str
    issuing: str
    motto_country: str
    motto_words: str
    place_date: str = ""
    number: str = ""
    secondary_country: str = ""
    secondary_words: str = ""


class TextRule(Flowable):
    """A centred horizontal rule of a fixed width (the motto's and the issuing body's rules)."""

    def __init__(self, width: float, thickness: float = 0.6, space_before: float = 1.5,
                 space_after: float = 0) -> None:
        super().__init__()
        self.rule_width = width
        self.thickness = thickness
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self._avail = width

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._avail = avail_width
        return avail_width, self.thickness + 1

    def draw(self) -> None:
        self.canv.setStrokeColor(BLACK)
        self.canv.setLineWidth(self.thickness)
        x = (self._avail - self.rule_width) / 2
        self.canv.line(x, 0.5, x + self.rule_width, 0.5)


def _lines_width(text: str, font: str, size: float, width: float) -> float:
    """Width of the widest line ``text`` wraps to in ``width`` (for a rule under a wrapped line)."""
    return min(width, text_width(clean_text(text), font, size))


def _body_size(texts: Sequence[str], width: float) -> float:
    """The largest size from 12.5 down to 11 pt at which every upper-case body line fits ``width``."""
    size = 12.5
    while size > 11 and any(text_width(clean_text(x), SERIF_BOLD, size) > width for x in texts if x):
        size -= 0.5
    return size


#: Words a body's name is best broken before: the administrative level that starts a place name
#: ("ỦY BAN NHÂN DÂN / TỈNH BÀ RỊA – VŨNG TÀU") and the "OF" of English names.
_BREAK_BEFORE = frozenset({"TỈNH", "THÀNH", "HUYỆN", "QUẬN", "THỊ", "XÃ", "PHƯỜNG", "OF"})
#: Two-syllable words of agencies' names that a line never splits if it can help it.
_COMPOUNDS = frozenset(tuple(x.split()) for x in (
    "ỦY BAN", "NHÂN DÂN", "THÔNG TIN", "TRUYỀN THÔNG", "VĂN HÓA", "THỂ THAO", "DU LỊCH", "HỢP TÁC", "QUỐC TẾ",
    "ĐỐI NGOẠI", "BÁO CHÍ", "XUẤT BẢN", "PHÁT THANH", "TRUYỀN HÌNH", "KẾ HOẠCH", "ĐẦU TƯ", "TÀI CHÍNH",
    "GIÁO DỤC", "ĐÀO TẠO", "NGOẠI GIAO", "CÔNG THƯƠNG", "NỘI VỤ", "TRUNG TÂM", "VĂN PHÒNG", "CHÍNH PHỦ",
    "TUYÊN GIÁO", "TRUNG ƯƠNG", "THÀNH PHỐ", "THỊ XÃ", "BAN CHỈ", "CHỈ ĐẠO", "TỔ CHỨC", "KHOA HỌC",
    "CÔNG NGHỆ", "TÀI NGUYÊN", "MÔI TRƯỜNG", "NÔNG NGHIỆP", "PHÁT TRIỂN", "NÔNG THÔN", "GIAO THÔNG",
    "VẬN TẢI", "XÂY DỰNG", "Y TẾ", "TƯ PHÁP", "QUỐC PHÒNG", "CÔNG AN", "LAO ĐỘNG", "THƯƠNG BINH", "XÃ HỘI",
    "THANH TRA", "NGÂN HÀNG", "NHÀ NƯỚC", "QUỐC HỘI", "MẶT TRẬN", "TỔ QUỐC", "THANH NIÊN", "PHỤ NỮ",
    "VIỆT NAM", "HÀ NỘI", "HỒ CHÍ", "CHÍ MINH", "ĐÀ NẴNG", "HẢI PHÒNG", "CẦN THƠ", "BÀ RỊA", "VŨNG TÀU",
    "THỪA THIÊN", "THIÊN HUẾ"))


def balanced_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` in lines that fit ``width``, broken where a reader expects it.

    Breaks are judged (before an administrative level or "OF": good; inside a word such as
    "TRUYỀN THÔNG" or a place name: bad) over the fewest lines that fit and one more; the best
    judged wins, then fewer lines, then the most even ones.  A spaced dash stays with the word
    before it, so no line starts with one.
    """
    tokens: list[str] = []
    for word in clean_text(text).split(" "):
        if tokens and word in ("–", "-", "—"):
            tokens[-1] += " " + word
        else:
            tokens.append(word)
    if not tokens or not tokens[0] or text_width(" ".join(tokens), font, size) <= width:
        return [" ".join(tokens)] if tokens and tokens[0] else []
    n = len(tokens)

    def cost(cut: int) -> int:
        if tokens[cut] in _BREAK_BEFORE:
            return 0
        return 3 if (tokens[cut - 1].split(" ")[-1], tokens[cut]) in _COMPOUNDS else 1

    best: tuple[int, int, float, list[str]] | None = None
    fewest = 0
    for count in range(2, min(n, 7) + 1):
        if fewest and count > fewest + 1:
            break
        for cuts in combinations(range(1, n), count - 1):
            lines = [" ".join(tokens[a:b]) for a, b in pairwise((0, *cuts, n))]
            widest = max(text_width(line, font, size) for line in lines)
            if widest > width:
                continue
            fewest = fewest or count
            judged = (sum(cost(c) for c in cuts), count, widest, lines)
            if best is None or judged[:3] < best[:3]:
                best = judged
    return best[3] if best else [" ".join(tokens)]  # a word wider than the column: wrapped as it can


def _lines_para(lines: Sequence[str], st: ParagraphStyle) -> Paragraph:
    return Paragraph("<br/>".join(escape_markup(line).replace(" – ", "&nbsp;– ").replace(" - ", "&nbsp;- ")
                                  for line in lines), st)


def _place_date_para(text: str, st: ParagraphStyle) -> Paragraph:
    """The place-and-date line; when it must wrap, it wraps after the place, never inside the date."""
    place, comma, when = text.rpartition(", ")
    if not comma:
        return opara(text, st)
    return Paragraph(f"{escape_markup(place)}, {escape_markup(when).replace(' ', '&nbsp;')}".replace(
        " – ", "&nbsp;– "), st)


def letterhead(head: Letterhead, st: OfficialStyles, *, width: float = FRAME_W,
               left_w: float = LEFT_W) -> list[Flowable]:
    """The two header columns of Nghị định 30 (see the module docstring)."""
    gap = 3 * mm
    inner = left_w - gap
    bodies = [x.upper() for x in (head.parent, head.issuing)]
    size = _body_size(bodies, inner)
    parent_st = ParagraphStyle("o_parent_fit", parent=st.parent, fontSize=size, leading=size * 1.2)
    issuing_st = ParagraphStyle("o_issuing_fit", parent=st.issuing, fontSize=size, leading=size * 1.2)
    left: list[Flowable] = []
    if head.parent:
        left.append(_lines_para(balanced_lines(bodies[0], SERIF_REGULAR, size, inner - 0.01), parent_st))
    issuing_lines = balanced_lines(bodies[1], SERIF_BOLD, size, inner - 0.01) if head.issuing else []
    if issuing_lines:
        left.append(_lines_para(issuing_lines, issuing_st))
    if left:
        shown = max(issuing_lines, key=lambda x: text_width(x, SERIF_BOLD, size)) if issuing_lines else bodies[0]
        font = SERIF_BOLD if issuing_lines else SERIF_REGULAR
        left += [Spacer(1, 1.2 * mm),
                 TextRule(max(18 * mm, _lines_width(shown, font, size, inner) / 3), 0.6, space_before=0)]
    if head.number:
        left += [Spacer(1, 2.5 * mm), opara(head.number, st.number)]
    right_w = width - left_w
    right: list[Flowable] = [opara(head.motto_country.upper(), st.motto), opara(head.motto_words, st.motto_words),
                             Spacer(1, 0.8 * mm),
                             TextRule(_lines_width(head.motto_words, SERIF_BOLD, 13.5, right_w), 0.6,
                                      space_before=0)]
    if head.secondary_country:
        right += [Spacer(1, 1 * mm), opara(head.secondary_country, st.secondary),
                  opara(head.secondary_words, st.secondary)]
    if head.place_date:
        right += [Spacer(1, 3 * mm), _place_date_para(head.place_date, st.place_date)]
    table = Table([[left or "", right]], colWidths=[left_w, right_w], hAlign="LEFT")
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SERIF_REGULAR), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, 0), gap),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return [table, Spacer(1, 6 * mm)]


def doc_title(doc_type: str, summary: str, st: OfficialStyles, *, secondary: Sequence[str] = ()) -> list[Flowable]:
    """The document type (upper case bold, centred) and its summary line (bold)."""
    flow: list[Flowable] = [opara(doc_type.upper(), st.doc_type)]
    flow += [opara(line, st.secondary) for line in secondary if line]
    if summary:
        flow.append(opara(summary, st.summary))
    return flow


def signer_block(authority: str, title: str, name: str, st: OfficialStyles, *, hint: str = "",
                 space: float = 24 * mm) -> list[Flowable]:
    """Authority and title (upper case bold), room to sign and seal, the signer's name (bold)."""
    block: list[Flowable] = []
    for text in (authority, title):
        for line in (x for x in (text or "").splitlines() if x.strip()):
            block.append(opara(line.upper(), st.sign))
    if hint:
        block.append(opara(hint, st.sign_hint))
    block.append(Spacer(1, space))
    if name:
        block.append(opara(name, st.sign_name))
    return block


def recipients_block(label: str, items: Sequence[str], st: OfficialStyles) -> list[Flowable]:
    """"Nơi nhận:" and its items, each "- …;" and the last "- …." as written by the caller."""
    return [opara(label, st.recipients_label), *(opara(item, st.recipients_item) for item in items)]


def closing_table(left: list[Flowable], right: list[Flowable], *, width: float = FRAME_W,
                  right_w: float = 88 * mm) -> Table:
    """The foot of a letter: recipients (and the QR box) left, the signer right, side by side."""
    table = Table([[left or "", right]], colWidths=[width - right_w, right_w], hAlign="LEFT")
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SERIF_REGULAR), ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return table


def vi_date(day: date) -> str:
    """"ngày 05 tháng 11 năm 2018": day below 10 and months 1–2 with a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def en_date(day: date) -> str:
    """"5 November 2018"."""
    from babel.dates import format_date

    return format_date(day, format="d MMMM y", locale="en")


def place_date_line(place: str, day: date, lang: str) -> str:
    """"Hà Nội, ngày 05 tháng 11 năm 2018" / "Hanoi, 5 November 2018"; without a place, the date alone."""
    when = en_date(day) if lang == "en" else vi_date(day)
    if place:
        return f"{place}, {when}"
    return when[:1].upper() + when[1:]


__all__ = ["FRAME_W", "MARGIN_BOTTOM", "MARGIN_LEFT", "MARGIN_RIGHT", "MARGIN_TOP", "Letterhead", "OfficialStyles",
           "TextRule", "balanced_lines", "closing_table", "doc_title", "en_date", "letterhead", "opara", "ostyle",
           "place_date_line", "recipients_block", "signer_block", "vi_date"]
