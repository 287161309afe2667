"""Read the "Excel" files that web systems export: HTML tables and Excel 2003 XML (SpreadsheetML).

Government HR and document systems save a list as ``.xls`` that is really a web page
(``<html><table>…``) or an Excel 2003 XML workbook (``<Workbook xmlns="urn:schemas-microsoft-com:
office:spreadsheet">``). Both become the same ``SheetData`` the other readers return, so header
detection, cleaning and the review work unchanged:

* HTML (stdlib ``html.parser``): each ``<table>`` is a sheet named after its ``<caption>``, the
  heading just before it, or "Bảng N"; ``colspan``/``rowspan`` are laid out as a browser lays them
  out and reported as merged ranges; cells hold the text a browser shows (``<br>`` → new line,
  entities decoded, white space collapsed), always as text, so a phone keeps its leading zero. A
  table nested in a cell is a sheet of its own and its text the cell's text.
* SpreadsheetML (stdlib ``xml.etree.ElementTree``, streamed into a target, no tree kept): each
  ``Worksheet`` is a sheet with its ``ss:Name``; ``ss:Index`` gaps, ``ss:MergeAcross``/
  ``ss:MergeDown`` and typed ``ss:Data`` (numbers as ``float``, dates as ``date``/``datetime``,
  booleans) as calamine gives them for xlsx. A DOCTYPE is refused (``import.corrupt``) before any
  entity is expanded.

Both stop at ``MAX_BYTES`` (``import.too_large``) and ``MAX_CELLS`` cells (``import.too_many_cells``)
before building anything larger.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import date, datetime, time
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

from confman.core.errors import DomainError
from confman.i18n import t

from .readers import CellValue, SheetData, decode_text

MarkupKind = Literal["html", "xml", "other_xml"]

MAX_BYTES = 64 * 1024 * 1024  # a 250,000-cell page in Excel's web dialect is 20–40 MB
MAX_CELLS = 250_000  # a 20,000-person list of 12 columns fits
MAX_COLSPAN = 1000  # what browsers honour
MAX_ROWSPAN = 65534
MAX_SHEET_NAME = 60
SNIFF_BYTES = 64 * 1024

SS_NS = "urn:schemas-microsoft-com:office:spreadsheet"

Merge = tuple[int, int, int, int]

# --- sniffing ---------------------------------------------------------------------------------

_HTML_TAGS = frozenset({
    "html", "head", "body", "meta", "title", "style", "script", "link", "base", "table", "thead", "tbody",
    "tfoot", "tr", "td", "th", "caption", "col", "colgroup", "div", "p", "span", "font", "b", "i", "u",
    "strong", "em", "center", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "img",
    "form", "input", "pre", "section", "article", "main", "header", "footer", "nav", "noscript",
})  # fmt: skip
_PROLOG_RE = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!(?!--)[^>\[]*(?:\[.*?\])?\s*>)", re.DOTALL)
_PAGE_TAG_RE = re.compile(r"<(?:html|body|table)\b", re.IGNORECASE)
_ELEMENT_RE = re.compile(r"\s*<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")


def _sample_text(head: bytes) -> str:
    """The start of a file as text: by its byte-order mark, else byte for byte (ASCII markup)."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom) :].decode(enc, "ignore")
    if len(head) > 1 and head[0] == 0 and head[1] == ord("<"):
        return head.decode("utf-16-be", "ignore")
    if len(head) > 1 and head[0] == ord("<") and head[1] == 0:
        return head.decode("utf-16-le", "ignore")
    return head.decode("latin-1")


def markup_kind(head: bytes) -> MarkupKind | None:
    """What the first bytes of a file are: a web page, an Excel 2003 XML workbook, another XML
    document (``other_xml``), or no markup at all (``None``)."""
    text = _sample_text(head).lstrip()
    if not text.startswith("<"):
        # a page whose server printed a warning before it ("Notice: Undefined index …")
        return "html" if _PAGE_TAG_RE.search(text) else None
    position, declared_xml, doctype = 0, text.startswith("<?xml"), ""
    while match := _PROLOG_RE.match(text, position):
        if match.group(0).lstrip().upper().startswith("<!DOCTYPE"):
            doctype = match.group(0)
        position = match.end()
    element = _ELEMENT_RE.match(text, position)
    if element is None:  # a prolog longer than the sample: the XML reader looks at the root
        return "xml" if declared_xml else "html"
    name = element.group(2).lower()
    if name == "workbook" and SS_NS in text:
        return "xml"
    if name in _HTML_TAGS or "html" in doctype.lower():
        return "html"
    if declared_xml or element.group(1):
        return "other_xml"
    return "html"  # a page fragment starting with a tag of its own: the HTML reader decides


# --- shared -----------------------------------------------------------------------------------


def _label(path: Path) -> str:
    return path.name


def _read_bytes(path: Path) -> bytes:
    file = _label(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DomainError(
                "import.too_large", file=file, size_mb=-(-size // 2**20), max_mb=MAX_BYTES // 2**20
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise DomainError("import.not_found", file=file) from None
    except OSError as exc:
        raise DomainError("import.unreadable", file=file, detail=exc.strerror or str(exc)) from None


class _Budget:
    """Counts the cells of a whole file, as read and as laid out in rows, and stops at ``MAX_CELLS``."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.read = 0
        self.laid_out = 0

    def take(self, count: int) -> None:
        """``count`` more cells read (a merged cell counts every cell it covers)."""
        self.read += count
        if self.read > MAX_CELLS:
            raise DomainError("import.too_many_cells", file=self.file, limit=MAX_CELLS)

    def lay_out(self, count: int) -> None:
        """``count`` more cells about to be allocated as rows."""
        self.laid_out += count
        if self.laid_out > MAX_CELLS:
            raise DomainError("import.too_many_cells", file=self.file, limit=MAX_CELLS)


def _grid(cells: dict[tuple[int, int], CellValue], merged: Iterable[Merge], budget: _Budget,
          n_rows: int | None = None) -> list[list[CellValue]]:
    """Rows of ``""``-padded values, a rectangle from A1 to the last value or merged cell."""
    last_row, last_col = -1, -1
    for r, c in cells:
        last_row, last_col = max(last_row, r), max(last_col, c)
    for _r0, _c0, r1, c1 in merged:
        last_row, last_col = max(last_row, r1), max(last_col, c1)
    if n_rows is not None:
        last_row = max(last_row, n_rows - 1)
    height, width = last_row + 1, last_col + 1
    budget.lay_out(height * width)
    rows: list[list[CellValue]] = [[""] * width for _ in range(height)]
    for (r, c), value in cells.items():
        rows[r][c] = value
    return rows


def _unique(name: str, taken: set[str]) -> str:
    if len(name) > MAX_SHEET_NAME:
        name = name[: MAX_SHEET_NAME - 1].rstrip() + "…"
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name} ({n})", n + 1
    taken.add(candidate)
    return candidate


# --- HTML -------------------------------------------------------------------------------------

_META_CHARSET_RE = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_XML_ENCODING_RE = re.compile(rb"""\A(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([-\w.:]+)""")
_LATIN1_LABELS = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp819"})
_UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)  # fmt: skip


def _declared_charset(data: bytes) -> str | None:
    """The Python codec a page declares (``<meta charset>``, ``http-equiv``, XML declaration)."""
    head = data[:SNIFF_BYTES]
    match = _META_CHARSET_RE.search(head) or _XML_ENCODING_RE.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii", "ignore").strip().lower()
    if label in _LATIN1_LABELS:
        label = "cp1252"  # as browsers read it
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page read as UTF-16 could not have declared it in ASCII; the declaration is a leftover.
    return None if name.startswith(("utf-16", "utf-32")) else name


def decode_page(data: bytes, file: str) -> tuple[str, str | None]:
    """Decode a web page: byte-order mark, then the declared charset, then the detection the CSV
    reader uses. Returns ``(NFC text, encoding)``; the encoding only when it was detected.

    Bytes that are valid UTF-8 (and not plain ASCII) are UTF-8 whatever legacy charset the page
    declares: legacy Vietnamese text is practically never valid UTF-8, a page re-saved as UTF-8
    with its old ``<meta>`` often is."""
    for bom, enc in _UNICODE_BOMS:
        if data.startswith(bom):
            try:
                return unicodedata.normalize("NFC", data.decode(enc)).removeprefix("\ufeff"), None
            except UnicodeDecodeError:
                raise DomainError("import.encoding", file=file, encoding=enc) from None
    declared = _declared_charset(data)
    if declared is not None and declared not in ("utf-8", "utf_8") and not data.isascii():
        try:  # a page saved as UTF-8 but still labelled with the old charset: the bytes say which
            return unicodedata.normalize("NFC", data.decode("utf-8")), None
        except UnicodeDecodeError:
            pass
    if declared is not None:
        try:
            return unicodedata.normalize("NFC", data.decode(declared)), None
        except UnicodeDecodeError:
            pass  # mislabelled (a Windows-1258 page saying UTF-8): detect it like a CSV file
    text, encoding = decode_text(data, file)
    return unicodedata.normalize("NFC", text), encoding


_BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote",
                     "address", "center", "dd", "dt", "dl", "hr", "section", "article", "header", "footer"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_IGNORED = frozenset({"script", "style", "title"})  # text a browser does not show in the page
_OPEN_CONTENT = frozenset({"body", "table", "tr", "td", "th"})  # an unclosed <title> ends here
_SECTIONS = frozenset({"thead", "tbody", "tfoot"})


class _Text:
    """The text of a cell (or caption, heading) as a browser shows it: runs of white space are one
    space, ``<br>`` and block edges break the line, blank edges are dropped."""

    __slots__ = ("current", "lines")

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []

    def add(self, data: str) -> None:
        self.current.append(data)

    def hard_break(self) -> None:
        self.lines.append("".join(self.current))
        self.current = []

    def soft_break(self) -> None:
        if "".join(self.current).strip():
            self.hard_break()

    def value(self) -> str:
        if not self.lines:  # one line: most cells
            return " ".join((self.current[0] if len(self.current) == 1 else "".join(self.current)).split())
        lines = [*self.lines, "".join(self.current)]
        shown = [" ".join(line.split()) for line in lines]  # str.split() also takes NBSP
        while shown and not shown[-1]:
            shown.pop()
        while shown and not shown[0]:
            shown.pop(0)
        return "\n".join(shown)


def _span(value: str | None, cap: int) -> int:
    if not value:
        return 1
    try:
        number = int(value.strip().rstrip(";"))
    except ValueError:
        return 1
    return min(max(number, 1), cap)


class _Table:
    """One ``<table>`` being laid out: the HTML table model with rows, cells and spans."""

    def __init__(self, heading: str, parent: _Table | None) -> None:
        self.heading = heading
        self.parent = parent
        self.own_text = False  # text of its own, not only tables nested in its cells (a layout table)
        self.caption: _Text | None = None
        self.cells: dict[tuple[int, int], str] = {}
        self.occupied: set[tuple[int, int]] = set()  # below a rowspan: where later rows cannot start a cell
        self.merged: list[Merge] = []
        self.row = -1
        self.row_open = False
        self.col = 0
        self.cell: _Text | None = None
        self.cell_at: tuple[int, int] = (0, 0)

    def start_row(self) -> None:
        self.end_cell()
        self.row += 1
        self.row_open = True
        self.col = 0

    def end_row(self) -> None:
        self.end_cell()
        self.row_open = False

    def start_cell(self, colspan: int, rowspan: int, budget: _Budget) -> None:
        self.end_cell()
        if not self.row_open:
            self.start_row()
        while (self.row, self.col) in self.occupied:
            self.col += 1
        budget.take(colspan * rowspan)
        r, c = self.row, self.col
        if colspan > 1 or rowspan > 1:
            self.merged.append((r, c, r + rowspan - 1, c + colspan - 1))
            for dr in range(1, rowspan):  # this row's own cells go left to right
                for dc in range(colspan):
                    self.occupied.add((r + dr, c + dc))
        self.cell, self.cell_at = _Text(), (r, c)
        self.col += colspan

    def end_cell(self) -> None:
        if self.cell is not None:
            value = self.cell.value()
            if value:
                self.cells[self.cell_at] = value
            self.cell = None

    def end_caption(self) -> None:
        if self.caption is not None:
            self.heading = self.caption.value().replace("\n", " ") or self.heading
            self.caption = None

    def close(self) -> None:
        self.end_caption()
        self.end_row()

    def flat_text(self) -> str:
        """The table's text as one cell shows it: a line per row, cells separated by spaces."""
        lines: dict[int, list[str]] = {}
        for (r, _c), value in sorted(self.cells.items()):
            lines.setdefault(r, []).append(value.replace("\n", " "))
        return "\n".join(" ".join(parts) for _r, parts in sorted(lines.items()))

    def sheet(self, budget: _Budget) -> tuple[list[list[CellValue]], tuple[Merge, ...]]:
        height = self.row + 1
        merged = tuple(
            (r0, c0, min(r1, height - 1), c1) for r0, c0, r1, c1 in self.merged if r0 < height
        )
        merged = tuple(m for m in merged if m[2] > m[0] or m[3] > m[1])
        return _grid(dict(self.cells), merged, budget, height), merged


class _PageParser(HTMLParser):
    """Collects every table of a page (nested ones too), tolerant as a browser is."""

    def __init__(self, budget: _Budget) -> None:
        super().__init__(convert_charrefs=True)
        self.budget = budget
        self.tables: list[_Table] = []
        self.stack: list[_Table] = []
        self.ignored = 0
        self.heading: _Text | None = None
        self.last_heading = ""

    # where text goes: the innermost open cell, else a caption, else a heading
    def _target(self) -> _Text | None:
        if self.stack:
            table = self.stack[-1]
            if table.caption is not None and table.cell is None:
                return table.caption
            return table.cell
        return self.heading

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _OPEN_CONTENT:
            self.ignored = 0
        if tag in _IGNORED:
            self.ignored += 1
            return
        if self.ignored:
            return
        table = self.stack[-1] if self.stack else None
        if tag == "table":
            heading = self.last_heading if table is None else ""
            self.last_heading = ""
            nested = _Table(heading, table)
            self.tables.append(nested)
            self.stack.append(nested)
        elif tag in ("td", "th"):
            if table is not None:
                colspan = rowspan = None
                for name, value in attrs:
                    if name == "colspan":
                        colspan = value
                    elif name == "rowspan":
                        rowspan = value
                table.end_caption()
                table.start_cell(_span(colspan, MAX_COLSPAN), _span(rowspan, MAX_ROWSPAN), self.budget)
        elif tag == "tr":
            if table is not None:
                table.end_caption()
                table.start_row()
        elif tag in _SECTIONS:
            if table is not None:
                table.end_row()
        elif tag == "caption":
            if table is not None and table.cell is None:
                table.caption = _Text()
        elif tag == "br":
            target = self._target()
            if target is not None:
                target.hard_break()
        elif tag in _HEADINGS and not self.stack:
            self.heading = _Text()
        elif tag in _BLOCKS:
            target = self._target()
            if target is not None:
                target.soft_break()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("td", "th", "tr", "table", "caption") or tag in _HEADINGS:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)
        elif tag not in _IGNORED:
            self.handle_starttag(tag, attrs)  # <br/>, <p/>: one break, not two

    def handle_endtag(self, tag: str) -> None:
        if tag in _IGNORED:
            self.ignored = max(0, self.ignored - 1)
            return
        if self.ignored:
            return
        table = self.stack[-1] if self.stack else None
        if tag == "table":
            if table is None:
                return
            table.close()
            self.stack.pop()
            outer = self.stack[-1] if self.stack else None
            if outer is not None and outer.cell is not None:
                text = table.flat_text()
                if text:
                    outer.cell.soft_break()
                    for line in text.split("\n"):
                        outer.cell.add(line)
                        outer.cell.hard_break()
        elif tag in ("td", "th"):
            if table is not None:
                table.end_cell()
        elif tag == "tr" or tag in _SECTIONS:
            if table is not None:
                table.end_row()
        elif tag == "caption":
            if table is not None:
                table.end_caption()
        elif tag == "br":
            target = self._target()
            if target is not None:
                target.hard_break()  # "</br>" breaks the line in browsers too
        elif tag in _HEADINGS and self.heading is not None and not self.stack:
            self.last_heading = self.heading.value().replace("\n", " ")
            self.heading = None
        elif tag in _BLOCKS:
            target = self._target()
            if target is not None:
                target.soft_break()

    def handle_data(self, data: str) -> None:
        if self.ignored:
            return
        target = self._target()
        if target is not None:
            target.add(data)
            table = self.stack[-1] if self.stack else None
            if table is not None and target is table.cell and not table.own_text and not data.isspace():
                table.own_text = True

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """``<![if …]>``, ``<![CDATA[…]]>``: skipped as browsers skip them; an unknown keyword no error."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:  # html.parser's way of refusing "<![format …"
            end = self.rawdata.find(">", i + 3)
            return -1 if end < 0 else end + 1

    def finish(self) -> None:
        self.close()
        while self.stack:
            self.handle_endtag("table")


def read_html(path: Path) -> list[SheetData]:
    """Every non-blank table of a web page, in document order, as sheets.

    Raises ``import.unsupported_format`` (variant ``html_no_table``) for a page without a table,
    ``import.empty`` when its tables hold no text, ``import.too_large``/``import.too_many_cells``.
    """
    file = _label(path)
    text, encoding = decode_page(_read_bytes(path), file)
    budget = _Budget(file)
    parser = _PageParser(budget)
    try:
        for start in range(0, len(text), 1 << 20):
            parser.feed(text[start : start + (1 << 20)])
        parser.finish()
    except AssertionError as exc:  # html.parser gives up on very little; a browser would not either
        raise DomainError("import.corrupt", file=file, detail=str(exc)[:200]) from None
    if not parser.tables:
        raise DomainError("import.unsupported_format", file=file, extension=path.suffix.lower() or "-",
                          variant="html_no_table")
    sheets: list[SheetData] = []
    taken: set[str] = set()
    for table in parser.tables:
        if not table.own_text:
            continue  # blank, or a layout table holding only other tables: they are sheets themselves
        heading, outer = table.heading, table.parent
        while not heading and outer is not None and not outer.own_text:
            heading, outer.heading = outer.heading, ""  # a layout table's heading names its first table
            outer = outer.parent
        rows, merged = table.sheet(budget)
        name = heading or t("import.web.table", number=len(sheets) + 1)
        sheets.append(SheetData(_unique(name, taken), rows, merged, encoding=encoding))
    if not sheets:
        raise DomainError("import.empty", file=file)
    return sheets


# --- SpreadsheetML ----------------------------------------------------------------------------

_DOCTYPE_RE = re.compile(r"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_MAX_ROW = 1_048_576
_MAX_COL = 16_384
_HIDDEN = frozenset({"SheetHidden", "SheetVeryHidden"})


class _RefusedDtd(Exception):
    pass


class _NotSpreadsheet(Exception):
    pass


def _index(value: str | None, limit: int) -> int | None:
    """A 1-based ``ss:Index`` as 0-based, or ``None``; out of range is a damaged file."""
    if value is None:
        return None
    number = int(value.strip())
    if not 1 <= number <= limit:
        raise ValueError(f"index {number}")
    return number - 1


def _typed(kind: str, text: str) -> CellValue:
    """An ``ss:Data`` value as calamine gives the same cell of an xlsx file."""
    if kind == "Number":
        try:
            number = float(text)
        except ValueError:
            return text
        return number if number == number and abs(number) != float("inf") else text
    if kind == "DateTime":
        try:
            moment = datetime.fromisoformat(text.strip().rstrip("Z"))
        except ValueError:
            return text
        if moment.date() == date(1899, 12, 31):
            return moment.time()  # a time of day without a date
        return moment.date() if moment.time() == time(0, 0) else moment
    if kind == "Boolean":
        folded = text.strip().lower()
        return folded in ("1", "true") if folded in ("1", "0", "true", "false") else text
    return unicodedata.normalize("NFC", text)


class _Worksheet:
    def __init__(self, name: str) -> None:
        self.name = name
        self.hidden = False
        self.cells: dict[tuple[int, int], CellValue] = {}
        self.covered: set[tuple[int, int]] = set()
        self.merged: list[Merge] = []
        self.row = -1
        self.col = -1


_WORKBOOK, _WORKSHEET, _TABLE, _ROW, _CELL, _DATA = (
    f"{{{SS_NS}}}{name}" for name in ("Workbook", "Worksheet", "Table", "Row", "Cell", "Data")
)
_A_NAME, _A_VISIBLE, _A_INDEX, _A_SPAN, _A_ACROSS, _A_DOWN, _A_TYPE = (
    f"{{{SS_NS}}}{name}" for name in ("Name", "Visible", "Index", "Span", "MergeAcross", "MergeDown", "Type")
)


def _count(attrs: dict[str, str], qualified: str) -> int:
    """A non-negative count attribute (``ss:MergeAcross``, ``ss:Span``); absent is 0."""
    value = attrs.get(qualified)
    if value is None:
        value = attrs.get(qualified.rpartition("}")[2])
    return max(0, int(value)) if value else 0


class _WorkbookTarget:
    """An ElementTree parser target: builds the worksheets as the elements stream past.

    Tags and attributes arrive as ``{namespace}name``; the hot ones are compared as whole strings.
    """

    def __init__(self, budget: _Budget) -> None:
        self.budget = budget
        self.sheets: list[_Worksheet] = []
        self.path: list[str] = []
        self.sheet: _Worksheet | None = None
        self.cell: tuple[int, int] | None = None
        self.data_kind: str | None = None
        self.data_depth = 0
        self.text: list[str] = []
        self.visible: list[str] | None = None
        self.row_span = 0

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise _RefusedDtd(name)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        path = self.path
        parent = path[-1] if path else ""
        if not path and tag != _WORKBOOK:
            raise _NotSpreadsheet(tag)
        path.append(tag)
        if self.data_kind is not None:
            return  # formatting inside a rich-text cell (<B>, <Font>)
        sheet = self.sheet
        if tag == _CELL and parent == _ROW and sheet is not None:
            index = _index(attrs.get(_A_INDEX, attrs.get("Index")), _MAX_COL)
            if index is None:
                index = sheet.col + 1
                while (sheet.row, index) in sheet.covered:
                    index += 1  # under a MergeDown from a row above
            across, down = _count(attrs, _A_ACROSS), _count(attrs, _A_DOWN)
            if index + across >= _MAX_COL or sheet.row + down >= _MAX_ROW:
                raise ValueError("merge")
            self.budget.take((across + 1) * (down + 1))
            if across or down:
                sheet.merged.append((sheet.row, index, sheet.row + down, index + across))
                for r in range(sheet.row, sheet.row + down + 1):
                    for c in range(index, index + across + 1):
                        sheet.covered.add((r, c))
            sheet.col = index + across
            self.cell = (sheet.row, index)
        elif tag == _DATA and parent == _CELL and self.cell is not None:
            self.data_kind = attrs.get(_A_TYPE, attrs.get("Type")) or "String"
            self.data_depth = len(path)
            self.text = []
        elif tag == _ROW and parent == _TABLE and sheet is not None:
            index = _index(attrs.get(_A_INDEX, attrs.get("Index")), _MAX_ROW)
            sheet.row = index if index is not None else sheet.row + 1
            if sheet.row >= _MAX_ROW:
                raise ValueError("row")
            sheet.col = -1
            self.row_span = _count(attrs, _A_SPAN)
        elif tag == _WORKSHEET:
            name = unicodedata.normalize("NFC", (attrs.get(_A_NAME, attrs.get("Name")) or "").strip())
            self.sheet = _Worksheet(name or f"Sheet{len(self.sheets) + 1}")
            self.sheet.hidden = attrs.get(_A_VISIBLE, attrs.get("Visible")) in _HIDDEN
            self.sheets.append(self.sheet)
        elif sheet is not None and tag.endswith("}Visible") and parent.endswith("}WorksheetOptions"):
            self.visible = []

    def end(self, tag: str) -> None:
        depth = len(self.path)
        self.path.pop()
        if self.data_kind is not None:
            if depth == self.data_depth:
                if self.sheet is not None and self.cell is not None:
                    self.sheet.cells[self.cell] = _typed(self.data_kind, "".join(self.text))
                self.data_kind = None
            return
        if tag == _CELL:
            self.cell = None
        elif tag == _ROW and self.sheet is not None:
            self.sheet.row += self.row_span  # ss:Span: more rows formatted alike, no cells
            self.row_span = 0
        elif tag == _WORKSHEET:
            self.sheet = None
        elif self.visible is not None:
            if self.sheet is not None and "".join(self.visible).strip() in _HIDDEN:
                self.sheet.hidden = True
            self.visible = None

    def data(self, text: str) -> None:
        if self.data_kind is not None:
            self.text.append(text)
        elif self.visible is not None:
            self.visible.append(text)

    def close(self) -> None:
        return None


def read_spreadsheetml(path: Path) -> list[SheetData]:
    """Every worksheet of an Excel 2003 XML workbook, in workbook order.

    A DOCTYPE (entity declarations: an "XML bomb") or malformed XML raises ``import.corrupt``.
    """
    file = _label(path)
    data = _read_bytes(path)
    if _DOCTYPE_RE.search(_sample_text(data[:SNIFF_BYTES])):
        raise DomainError("import.corrupt", file=file, detail="DTD")
    budget = _Budget(file)
    target = _WorkbookTarget(budget)
    parser = ET.XMLParser(target=target)
    try:
        for start in range(0, len(data), 1 << 16):
            parser.feed(data[start : start + (1 << 16)])
        parser.close()
    except _RefusedDtd:
        raise DomainError("import.corrupt", file=file, detail="DTD") from None
    except _NotSpreadsheet:
        raise DomainError("import.unsupported_format", file=file, extension=path.suffix.lower() or "-",
                          detail="xml", variant="xml") from None
    except (ET.ParseError, ValueError) as exc:
        raise DomainError("import.corrupt", file=file, detail=str(exc)[:200]) from None
    if not target.sheets:
        raise DomainError("import.corrupt", file=file, detail="no Worksheet")
    sheets: list[SheetData] = []
    taken: set[str] = set()
    for sheet in target.sheets:
        merged = tuple(sheet.merged)
        rows = _grid(sheet.cells, merged, budget)
        sheets.append(SheetData(_unique(sheet.name, taken), rows, merged, hidden=sheet.hidden))
    return sheets


def read_web_workbook(path: Path, kind: Literal["html", "xml"]) -> list[SheetData]:
    """The sheets of a web page (``html``) or an Excel 2003 XML workbook (``xml``)."""
    return read_html(path) if kind == "html" else read_spreadsheetml(path)
