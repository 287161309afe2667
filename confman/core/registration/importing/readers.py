"""Read spreadsheet and CSV files into plain rows of cell values.

Workbooks (xlsx, xlsm, xlsb, xls, ods) go through python-calamine, which returns the cached
values of formula cells; the format is sniffed from the content, not trusted from the extension.
Web pages and Excel 2003 XML that web systems save as ``.xls`` go through ``web_tables``.
CSV/TXT files get their encoding and delimiter detected. Every failure is a ``DomainError``
naming the file: ``import.unsupported_format`` (its ``variant`` says what the file is instead),
``import.corrupt``, ``import.password_protected``, ``import.empty``, ``import.encoding``,
``import.too_large`` or ``import.too_many_cells``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Literal

import python_calamine

from confman.core.errors import DomainError
from confman.core.registration.importing.legacy import CP1252_TRANSPARENT, font_encoding, vietnamese_score

CellValue = str | int | float | bool | date | datetime | time | timedelta | None
FileKind = Literal["xlsx", "xlsb", "xls", "ods", "csv", "html", "xml"]

WORKBOOK_EXTENSIONS = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
TEXT_EXTENSIONS = frozenset({".csv", ".txt", ".tsv"})
WEB_EXTENSIONS = frozenset({".htm", ".html", ".xml"})
SUPPORTED_EXTENSIONS = WORKBOOK_EXTENSIONS | TEXT_EXTENSIONS | WEB_EXTENSIONS

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_OLE_WORKBOOK_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_DELIMITERS = ("\t", ";", ",", "|")
_CSV_SAMPLE = 256 * 1024


@dataclass(frozen=True, slots=True)
class SheetData:
    """One sheet as read. ``rows[i][j]`` is Excel row ``i + 1``, column ``j + 1`` (no offset).

    ``merged`` holds merged ranges as 0-based inclusive ``(first_row, first_col, last_row,
    last_col)``. ``fonts`` maps ``(row, col)`` to a legacy font name (``.VnTime``, ``VNI-Times``)
    for the cells that use one (xlsx only; ``None`` when the workbook has no legacy font).
    """

    name: str
    rows: list[list[CellValue]]
    merged: tuple[tuple[int, int, int, int], ...] = ()
    fonts: dict[tuple[int, int], str] | None = None
    hidden: bool = False
    encoding: str | None = None  # CSV, and a web page that declares none: the detected text encoding
    delimiter: str | None = None  # CSV: the detected delimiter


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file whose real format is known (``sniff``)."""

    path: Path
    kind: FileKind


def _file_label(path: Path) -> str:
    return path.name


def sniff(path: Path) -> SourceFile:
    """Identify the real format of ``path`` (magic bytes first), or raise a ``DomainError``."""
    file = _file_label(path)
    ext = path.suffix.lower()
    if ext not in SUPPORTED_EXTENSIONS:
        raise DomainError("import.unsupported_format", file=file, extension=ext or "-", detail="",
                          variant="extension")
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            size = fh.seek(0, io.SEEK_END)
    except FileNotFoundError:
        raise DomainError("import.not_found", file=file) from None
    except OSError as exc:
        raise DomainError("import.unreadable", file=file, detail=exc.strerror or str(exc)) from None
    if size == 0:
        raise DomainError("import.empty", file=file)
    if head.startswith(_ZIP_MAGICS):
        return _sniff_zip(path)
    if head.startswith(_OLE_MAGIC):
        data = path.read_bytes()
        if _ENCRYPTION_INFO in data:
            raise DomainError("import.password_protected", file=file)
        if not any(stream in data for stream in _OLE_WORKBOOK_STREAMS):
            raise DomainError("import.unsupported_format", file=file, extension=ext, detail="ole", variant="ole")
        return SourceFile(path, "xls")
    if ext in WORKBOOK_EXTENSIONS or ext in WEB_EXTENSIONS:
        from .web_tables import SNIFF_BYTES, markup_kind  # web_tables builds on this module

        with path.open("rb") as fh:
            start = fh.read(SNIFF_BYTES)
        markup = markup_kind(start)
        if markup == "other_xml":
            raise DomainError("import.unsupported_format", file=file, extension=ext, detail="xml", variant="xml")
        if markup is not None:
            return SourceFile(path, markup)  # HTML tables and Excel 2003 XML saved as .xls by web systems
        if ext in WEB_EXTENSIONS:
            return SourceFile(path, "html")  # text named .html: the page reader finds no table
        if ext == ".xls" and _looks_like_text(start[:4096]):
            return SourceFile(path, "csv")  # tab-separated text named .xls
        raise DomainError("import.corrupt", file=file, detail="unknown content")
    return SourceFile(path, "csv")


def _looks_like_text(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8)):
        return True
    return b"\x00" not in data and sum(b < 9 or 13 < b < 32 for b in data) == 0


def _sniff_zip(path: Path) -> SourceFile:
    file = _file_label(path)
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "mimetype" in names and zf.read("mimetype").strip().startswith(_ODS_MIME):
                manifest = zf.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
                if b"encryption-data" in manifest:
                    raise DomainError("import.password_protected", file=file)
                return SourceFile(path, "ods")
            if "xl/workbook.xml" in names:
                return SourceFile(path, "xlsx")
            if "xl/workbook.bin" in names:
                return SourceFile(path, "xlsb")
    except (zipfile.BadZipFile, EOFError, KeyError, ValueError):
        raise DomainError("import.corrupt", file=file, detail="zip") from None
    except OSError as exc:
        raise DomainError("import.unreadable", file=file, detail=exc.strerror or str(exc)) from None
    raise DomainError("import.unsupported_format", file=file, extension=path.suffix.lower(), detail="zip",
                      variant="zip")


# --- workbooks ------------------------------------------------------------------------------


def _open_workbook(path: Path) -> tuple[python_calamine.CalamineWorkbook, io.BufferedReader]:
    fh = path.open("rb")
    try:
        return python_calamine.CalamineWorkbook.from_filelike(fh), fh
    except python_calamine.PasswordError:
        fh.close()
        raise DomainError("import.password_protected", file=_file_label(path)) from None
    except (python_calamine.CalamineError, OSError, ValueError) as exc:
        fh.close()
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise DomainError("import.password_protected", file=_file_label(path)) from None
        raise DomainError("import.corrupt", file=_file_label(path), detail=str(exc)[:200]) from None


def _sheet_rows(
    path: Path, wb: python_calamine.CalamineWorkbook, name: str
) -> tuple[list[list[CellValue]], tuple[tuple[int, int, int, int], ...]]:
    try:
        sheet = wb.get_sheet_by_name(name)
        rows: list[list[CellValue]] = sheet.to_python(skip_empty_area=False)  # type: ignore[assignment]
        ranges = sheet.merged_cell_ranges or []
    except python_calamine.PasswordError:
        raise DomainError("import.password_protected", file=_file_label(path)) from None
    except (python_calamine.CalamineError, ValueError) as exc:
        raise DomainError(
            "import.corrupt", file=_file_label(path), sheet=name, detail=str(exc)[:200]
        ) from None
    merged = tuple((r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges)
    return rows, merged


def _worksheets(wb: python_calamine.CalamineWorkbook) -> tuple[list[str], frozenset[str]]:
    names: list[str] = []
    hidden: set[str] = set()
    for meta in wb.sheets_metadata:
        if meta.typ not in (
            python_calamine.SheetTypeEnum.WorkSheet,
            python_calamine.SheetTypeEnum.MacroSheet,
        ):
            continue  # chart and dialog sheets hold no rows
        names.append(meta.name)
        if meta.visible != python_calamine.SheetVisibleEnum.Visible:
            hidden.add(meta.name)
    return names, frozenset(hidden)


def read_sheets(source: SourceFile, names: list[str] | None = None) -> list[SheetData]:
    """Read the named sheets (default: all worksheets) of ``source`` in workbook order, opening it once.

    A CSV is one sheet named after the file (``names`` is ignored). Raises
    ``import.sheet_not_found`` for a name the workbook lacks.
    """
    if source.kind == "csv":
        return [read_csv(source.path)]
    if source.kind == "html" or source.kind == "xml":
        from .web_tables import read_web_workbook  # web_tables builds on this module

        sheets = read_web_workbook(source.path, source.kind)
        by_name = {sheet.name: sheet for sheet in sheets}
        return [by_name[name] for name in wanted_sheets(source.path, list(by_name), names)]
    wb, fh = _open_workbook(source.path)
    with fh:
        all_names, hidden = _worksheets(wb)
        wanted = wanted_sheets(source.path, all_names, names)
        loaded = [(name, *_sheet_rows(source.path, wb, name)) for name in wanted]
    fonts = _legacy_fonts(source.path, wanted) if source.kind == "xlsx" else {}
    return [
        SheetData(name, rows, merged, fonts.get(name), hidden=name in hidden) for name, rows, merged in loaded
    ]


def wanted_sheets(path: Path, all_names: list[str], names: list[str] | None) -> list[str]:
    """``names`` (default: all), each checked against the workbook's sheets."""
    wanted = all_names if names is None else names
    for name in wanted:
        if name not in all_names:
            raise DomainError(
                "import.sheet_not_found",
                file=_file_label(path),
                sheet=name,
                sheets=all_names,
                available=", ".join(all_names),
            )
    return wanted


_FONT_NAME_RE = re.compile(rb'<(?:\w+:)?name\s+val="([^"]*)"')


def _legacy_fonts(path: Path, names: list[str]) -> dict[str, dict[tuple[int, int], str]]:
    """Per-sheet map of cells using a TCVN3/VNI font, read with openpyxl only when one is declared."""
    try:
        with zipfile.ZipFile(path) as zf:
            styles = zf.read("xl/styles.xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    declared = {m.decode("utf-8", "replace") for m in _FONT_NAME_RE.findall(styles)}
    if not any(font_encoding(name)[0] for name in declared):
        return {}
    import openpyxl  # only for legacy workbooks: slow, but the one reader that exposes fonts

    result: dict[str, dict[tuple[int, int], str]] = {}
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # a font hint is optional; calamine already read the data
        return {}
    try:
        for name in names:
            if name not in wb.sheetnames:
                continue
            cells: dict[tuple[int, int], str] = {}
            for row in wb[name].iter_rows():
                for cell in row:
                    if cell.value is None:
                        continue  # empty read-only cells carry neither position nor font
                    font_name = cell.font.name if cell.font is not None else None
                    if font_name and font_encoding(font_name)[0]:
                        cells[(cell.row - 1, cell.column - 1)] = font_name  # type: ignore[operator]
            result[name] = cells
    finally:
        wb.close()
    return result


# --- CSV ------------------------------------------------------------------------------------


def decode_text(data: bytes, file: str) -> tuple[str, str]:
    """Decode CSV bytes; returns ``(text, encoding)`` or raises ``import.encoding``.

    Decoded, not guessed: a byte-order mark first; then UTF-16 without a mark, only when NUL
    bytes make up a quarter of the text and sit on one side of the byte pairs (a Latin-script
    UTF-16 file); then a real UTF-8 decode; then the legacy Windows-1258/1252 encodings. A few
    NUL or other control characters in a UTF-8 file do not make it "binary": they are removed
    from their cells with a warning on the row (``rows.RowBuilder``).
    """
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _check_text(data.decode(enc), file, enc), enc
            except UnicodeDecodeError:
                raise DomainError("import.encoding", file=file, encoding=enc) from None
    enc = _bomless_utf16(data[:4096])
    if enc:
        try:
            return _check_text(data.decode(enc), file, enc), enc
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: the decoders below decide
    try:
        return _check_text(data.decode("utf-8"), file, "utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    as_1252 = data.decode("latin-1").translate(CP1252_TRANSPARENT)
    try:
        as_1258 = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        as_1258 = None
    if as_1258 is not None:
        sample_1258 = as_1258[:_CSV_SAMPLE].splitlines()
        sample_1252 = as_1252[:_CSV_SAMPLE].splitlines()
        if vietnamese_score(sample_1258) > max(0, vietnamese_score(sample_1252)):
            return _check_text(as_1258, file, "cp1258", strict=True), "cp1258"
    # Windows-1252, kept byte-transparent so TCVN3/VNI columns can still be converted later.
    return _check_text(as_1252, file, "cp1252", strict=True), "cp1252"


def _bomless_utf16(sample: bytes) -> str:
    """``"utf-16-le"``/``"utf-16-be"`` for UTF-16 text without a byte-order mark, else ``""``."""
    zeros = sample.count(0)
    if zeros * 4 < len(sample):
        return ""
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return "utf-16-le" if odd > even * 4 else "utf-16-be" if even > odd * 4 else ""


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _check_text(text: str, file: str, encoding: str, *, strict: bool = False) -> str:
    """Refuse binary content decoded as text: control characters in more than 1 character of 200
    for a legacy decode (which accepts any bytes), of 10 for a real Unicode decode."""
    sample = text[:_CSV_SAMPLE]
    controls = len(_CONTROL_RE.findall(sample))
    if controls > max(2, len(sample) // (200 if strict else 10)):
        raise DomainError("import.encoding", file=file, encoding=encoding)
    return text.removeprefix("\ufeff")


def detect_delimiter(text: str) -> str:
    """The delimiter among tab ``;`` ``,`` ``|`` that gives the most rows of the same width."""
    sep = re.match(r"\A\s*sep=(.)\s*$", text[:20], re.MULTILINE)
    if sep:
        return sep.group(1)
    sample = text[:_CSV_SAMPLE]
    best, best_score = ",", (0, 0)
    for delim in _DELIMITERS:
        widths = Counter(
            len(row) for row in _csv_rows(sample, delim, limit=200) if any(cell.strip() for cell in row)
        )
        if not widths:
            continue
        width, count = max(widths.items(), key=lambda kv: (kv[1] if kv[0] > 1 else 0, kv[0]))
        score = (count if width > 1 else 0, width)
        if score > best_score:
            best, best_score = delim, score
    return best


def _csv_rows(text: str, delimiter: str, limit: int | None = None) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
            if limit is not None and len(rows) >= limit:
                break
    except csv.Error:
        pass  # a truncated sample may end inside a quoted field
    return rows


def read_csv(path: Path) -> SheetData:
    """Read a CSV/TXT file into one sheet named after the file."""
    file = _file_label(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DomainError("import.unreadable", file=file, detail=exc.strerror or str(exc)) from None
    text, encoding = decode_text(data, file)
    if not text.strip():
        raise DomainError("import.empty", file=file)
    delimiter = detect_delimiter(text)
    if re.match(r"\A\s*sep=.\s*(\r\n|\n|\r)", text):
        text = text.split("\n", 1)[1] if "\n" in text else ""
    csv.field_size_limit(1 << 24)
    try:
        rows: list[list[CellValue]] = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))  # type: ignore[arg-type]
    except csv.Error as exc:
        raise DomainError("import.corrupt", file=file, detail=str(exc)[:200]) from None
    return SheetData(path.stem, rows, encoding=encoding, delimiter=delimiter)
