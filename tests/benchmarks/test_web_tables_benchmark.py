"""Reading a 10,000-row list that a web system exported as .xls (an HTML table, Excel 2003 XML),
against the standard-library parser alone on the same file.

The list is ``data.people`` laid out as a ministry sends it (``data.sheet_rows``), written the way
Excel's "Web Page" and "XML Spreadsheet 2003" exports write it (a class and a style on every cell,
``x:num`` on numbers; ``ss:StyleID`` and typed ``ss:Data``). confman's side is ``read_html`` /
``read_spreadsheetml``: decoding, the grid with its spans, the sheets. The floor is what any reader
built on the standard library must pay: ``html.parser`` with handlers that do nothing over the
decoded page, and expat through ElementTree with a target that does nothing over the same bytes.

Targets: the page ≤ 2× its tokenizer, the workbook ≤ 3.5× bare expat (expat is C; every element
costs confman a Python call). Run with ``pytest -m benchmark tests/benchmarks/test_web_tables_benchmark.py``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from confman.core.registration.importing.layout import cell_text
from confman.core.registration.importing.web_tables import read_html, read_spreadsheetml
from tests.benchmarks import data
from tests.benchmarks.harness import compare

pytestmark = pytest.mark.benchmark
ROWS = 10_000


def excel_page(rows: list[list[Any]]) -> str:
    """The rows as Excel's web page export writes them."""
    width = max(len(r) for r in rows)
    out = ['<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">'
           '<head><meta http-equiv=Content-Type content="text/html; charset=utf-8">'
           '<style>.xl65{mso-number-format:"\\@";}</style></head><body>'
           "<table border=0 cellpadding=0 cellspacing=0 width=1200 style='border-collapse:collapse'>"]
    for index, row in enumerate(rows):
        cells = []
        for value in row + [""] * (width - len(row)):
            if isinstance(value, int | float):
                cells.append(f"<td class=xl66 align=right x:num>{value}</td>")
            else:
                text = escape(str(value)) if value else "&nbsp;"
                cells.append(f"<td class=xl65 style='border:.5pt solid windowtext'>{text}</td>")
        out.append(" <tr height=20 style='height:15.0pt'>\n  " + "\n  ".join(cells) + "\n </tr>"
                   if index else f" <tr><td colspan={width} class=xl67>{escape(str(row[0]))}</td></tr>")
    out.append("</table></body></html>")
    return "\n".join(out)


def excel_2003(rows: list[list[Any]]) -> str:
    """The rows as Excel's XML Spreadsheet 2003 writes them."""
    out = ['<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>',
           '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:x="urn:schemas-microsoft-com:office:excel">',
           ' <Worksheet ss:Name="Danh sách">\n  <Table>']
    for row in rows:
        cells = []
        for value in row:
            if value in ("", None):
                cells.append('<Cell ss:StyleID="s21"/>')
            elif isinstance(value, int | float):
                cells.append(f'<Cell ss:StyleID="s22"><Data ss:Type="Number">{value}</Data></Cell>')
            else:
                cells.append(f'<Cell ss:StyleID="s23"><Data ss:Type="String">{escape(str(value))}</Data></Cell>')
        out.append("   <Row>" + "".join(cells) + "</Row>")
    out.append("  </Table>\n </Worksheet>\n</Workbook>")
    return "\n".join(out)


class _Tokens(HTMLParser):
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_data(self, data: str) -> None:
        pass


def bare_page(path: Path) -> None:
    parser = _Tokens()
    parser.feed(path.read_bytes().decode("utf-8"))
    parser.close()


class _Nothing:
    def start(self, tag: str, attrs: dict[str, str]) -> None:
        pass

    def end(self, tag: str) -> None:
        pass

    def data(self, text: str) -> None:
        pass

    def close(self) -> None:
        return None


def bare_workbook(path: Path) -> None:
    parser = ET.XMLParser(target=_Nothing())
    parser.feed(path.read_bytes())
    parser.close()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[list[Any]]]:
    folder = tmp_path_factory.mktemp("web")
    rows = data.sheet_rows(data.people(ROWS))
    page, workbook = folder / "danh_sach.xls", folder / "danh_sach_2003.xls"
    page.write_text(excel_page(rows), encoding="utf-8")
    workbook.write_text(excel_2003(rows), encoding="utf-8")
    return page, workbook, rows


def _people(rows: list[list[Any]]) -> list[tuple[str, str]]:
    """Names and phones as text (an Excel number phone read back as a float is the same number)."""
    return [(cell_text(r[1]), cell_text(r[4])) for r in rows[4 : 4 + ROWS]]


def test_web_page_read_near_its_tokenizer(files: tuple[Path, Path, list[list[Any]]]) -> None:
    page, _workbook, rows = files
    (sheet,) = read_html(page)
    assert _people(sheet.rows) == _people(rows) and sheet.merged[0] == (0, 0, 0, 6)
    figure = compare(f"read a {ROWS:,}-row web page saved as .xls ({page.stat().st_size / 2**20:.1f} MB)",
                     lambda: read_html(page), lambda: bare_page(page), rounds=5, unit="s", max_ratio=2.0,
                     collect=True, note="floor: html.parser with handlers that do nothing")
    figure.check()


def test_excel_2003_xml_read_near_bare_expat(files: tuple[Path, Path, list[list[Any]]]) -> None:
    _page, workbook, rows = files
    (sheet,) = read_spreadsheetml(workbook)
    assert _people(sheet.rows) == _people(rows) and sheet.rows[4][0] == 1.0
    figure = compare(f"read a {ROWS:,}-row Excel 2003 XML workbook ({workbook.stat().st_size / 2**20:.1f} MB)",
                     lambda: read_spreadsheetml(workbook), lambda: bare_workbook(workbook), rounds=5, unit="s",
                     max_ratio=3.5, collect=True, note="floor: ElementTree's expat with a target that does nothing")
    figure.check()
