"""Web pages and Excel 2003 XML saved as .xls: the grid a browser or Excel shows, typed cells, the
guards (DTDs, sizes, cell counts) and what ``sniff`` says about each kind of file."""

from __future__ import annotations

import codecs
import importlib.util
import time
import tracemalloc
import unicodedata
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path

import pytest

from confman.core.errors import DomainError
from confman.core.registration.importing import web_tables
from confman.core.registration.importing.readers import read_sheets, sniff
from confman.core.registration.importing.web_tables import markup_kind
from confman.i18n import set_language
from confman.messages import describe

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def page(tmp_path: Path, body: str, *, name: str = "export.xls", head: str = '<meta charset="utf-8">',
         encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(f"<html><head>{head}</head><body>{body}</body></html>".encode(encoding))
    return path


def sheets(path: Path):
    return read_sheets(sniff(path))


def workbook(tmp_path: Path, worksheets: str, *, name: str = "hr.xls", prolog: str = "") -> Path:
    path = tmp_path / name
    path.write_text(
        f'<?xml version="1.0"?>\n{prolog}<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel" '
        f'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">{worksheets}</Workbook>',
        encoding="utf-8",
    )
    return path


FORMULA = ' ss:Formula="=-3"'
MERGE_DOWN = ' ss:MergeDown="2" ss:MergeAcross="0"'


def cell(value: str, kind: str = "String", attrs: str = "") -> str:
    return f'<Cell{attrs}><Data ss:Type="{kind}">{value}</Data></Cell>'


# --- HTML: what a browser shows -----------------------------------------------------------------


def test_cells_hold_the_text_a_browser_shows(tmp_path):
    path = page(tmp_path, """
      <TABLE BORDER=1>
       <THEAD><TR><TH>STT<TH>Họ và tên<TH>Chức vụ<TH>Đơn vị</TR></THEAD>
       <TBODY>
       <TR><TD>1<TD><FONT face="Times New Roman"><B>Nguyễn</B>  Văn
            <I>Tiến</I></FONT>
           <TD>Phó Vụ trưởng<BR>Vụ Hợp tác quốc tế<br/>
           <TD>Sở Thông tin &amp; Truyền thông&nbsp;
       <TR><TD>2</TD><TD>&#272;&#7863;ng H&ugrave;ng</TD><TD><p>Chuyên viên</p><p>Phòng Tổng hợp</p></TD>
           <TD><script>document.write("x")</script><style>td{color:red}</style>Bộ Y tế</TD></TR>
       <tr><td>3<td>&nbsp;<td> <td>
      </TBODY></TABLE>""")
    (sheet,) = sheets(path)
    assert sheet.rows == [
        ["STT", "Họ và tên", "Chức vụ", "Đơn vị"],
        ["1", "Nguyễn Văn Tiến", "Phó Vụ trưởng\nVụ Hợp tác quốc tế", "Sở Thông tin & Truyền thông"],
        ["2", "Đặng Hùng", "Chuyên viên\nPhòng Tổng hợp", "Bộ Y tế"],
        ["3", "", "", ""],
    ]
    assert all(unicodedata.is_normalized("NFC", v) for row in sheet.rows for v in row)


def test_colspan_and_rowspan_are_laid_out_and_reported_as_merged(tmp_path):
    path = page(tmp_path, """<table>
      <tr><td colspan="4">DANH SÁCH ĐẠI BIỂU</td></tr>
      <tr><td rowspan="2">STT</td><td rowspan="2">Họ và tên</td><td colspan="2">Liên hệ</td></tr>
      <tr><td>Điện thoại</td><td>Email</td></tr>
      <tr><td>1</td><td>A</td><td rowspan="3">0912345678</td><td>a@x.vn</td></tr>
      <tr><td>2</td><td>B</td><td>b@x.vn</td></tr>
      <tr><td>3</td><td>C</td></tr>
      <tr><td>4</td><td colspan=0>D</td><td rowspan=9>tail</td><td>e@x.vn</td></tr>
    </table>""")
    (sheet,) = sheets(path)
    assert sheet.rows == [
        ["DANH SÁCH ĐẠI BIỂU", "", "", ""],
        ["STT", "Họ và tên", "Liên hệ", ""],
        ["", "", "Điện thoại", "Email"],
        ["1", "A", "0912345678", "a@x.vn"],
        ["2", "B", "", "b@x.vn"],  # the rowspan pushes nothing aside: B's e-mail is under "Email"
        ["3", "C", "", ""],
        ["4", "D", "tail", "e@x.vn"],
    ]
    # the last rowspan reaches past the table: clipped to its last row (so it is no merge at all)
    assert sheet.merged == ((0, 0, 0, 3), (1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 1, 3), (3, 2, 5, 2))


def test_a_nested_table_is_its_own_sheet_and_leaves_the_outer_grid_alone(tmp_path):
    path = page(tmp_path, """
      <table>
        <tr><td>Họ và tên</td><td>Đơn vị</td><td>Điện thoại</td></tr>
        <tr><td>Nguyễn Văn A</td>
            <td><table><tr><td>Sở Y tế</td><td>Phòng KHTC</td></tr><tr><td colspan=2>Tầng 3</td></tr></table></td>
            <td>0912345678</td></tr>
        <tr><td>Trần Thị B</td><td>Bộ Tài chính</td><td>0987654321</td></tr>
      </table>""")
    outer, inner = sheets(path)
    assert outer.rows == [
        ["Họ và tên", "Đơn vị", "Điện thoại"],
        ["Nguyễn Văn A", "Sở Y tế Phòng KHTC\nTầng 3", "0912345678"],
        ["Trần Thị B", "Bộ Tài chính", "0987654321"],
    ]
    assert outer.merged == ()
    assert (inner.name, inner.rows, inner.merged) == (
        "Bảng 2", [["Sở Y tế", "Phòng KHTC"], ["Tầng 3", ""]], ((1, 0, 1, 1),)
    )


def test_sheets_are_named_by_caption_heading_or_number(tmp_path):
    body = """
      <h2>Danh sách   đại biểu
          Trung ương</h2>
      <table><tr><td>Họ và tên</td></tr><tr><td>A</td></tr></table>
      <table><caption>Khách mời <b>quốc tế</b></caption><tr><td>Name</td></tr><tr><td>B</td></tr></table>
      <table><tr><td>Họ và tên</td></tr><tr><td>C</td></tr></table>
      <table><tr><td></td></tr></table>
      <h3>Danh sách đại biểu Trung ương</h3>
      <table><tr><td>Họ và tên</td></tr><tr><td>D</td></tr></table>"""
    names = [s.name for s in sheets(page(tmp_path, body))]
    assert names == ["Danh sách đại biểu Trung ương", "Khách mời quốc tế", "Bảng 3",
                     "Danh sách đại biểu Trung ương (2)"]  # the blank layout table is no sheet
    set_language("en")
    assert [s.name for s in sheets(page(tmp_path, body))][2] == "Table 3"


def test_a_layout_table_is_no_sheet_and_hands_its_heading_to_the_list_inside(tmp_path):
    path = page(tmp_path, """
      <h1>CỔNG THÔNG TIN ĐIỆN TỬ TỈNH</h1>
      <h2>Danh sách đại biểu dự họp</h2>
      <table width="100%"><tr><td>&nbsp;</td></tr><tr><td>
        <table border=1><caption>Đợt 1<tr><td>Họ và tên</td><td>Đơn vị</td></tr>
          <tr><td>Nguyễn Văn A</td><td>Sở Tư pháp</td></tr></table>
        <table border=1><tr><td>Họ và tên</td><td>Đơn vị</td></tr>
          <tr><td>Trần Thị B</td><td>Sở Xây dựng</td></tr></table>
      </td></tr></table>""")
    assert [(s.name, s.rows[1][0]) for s in sheets(path)] == [("Đợt 1", "Nguyễn Văn A"),
                                                              ("Danh sách đại biểu dự họp", "Trần Thị B")]


def test_malformed_markup_is_read_as_browsers_read_it(tmp_path):
    path = page(tmp_path, """
      <table><td>Họ và tên<td>Đơn vị</tr>
        <td>Nguyễn Văn A<td>Bộ Y tế
      </table></table></td>
      <title>never closed""")
    (sheet,) = sheets(path)
    assert sheet.rows == [["Họ và tên", "Đơn vị"], ["Nguyễn Văn A", "Bộ Y tế"]]


# --- HTML: encodings ----------------------------------------------------------------------------

TABLE = "<table><tr><td>Họ và tên</td><td>Đơn vị</td></tr><tr><td>Nguyễn Thị Huyền Trang</td><td>Sở Tư pháp</td></tr></table>"
EXPECTED = [["Họ và tên", "Đơn vị"], ["Nguyễn Thị Huyền Trang", "Sở Tư pháp"]]


def _fixture_script():
    spec = importlib.util.spec_from_file_location("make_web_fixtures", FIXTURES / "make_web_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cp1258(text: str) -> bytes:
    """Windows-1258 with combining tone marks, as Windows writes it (``make_web_fixtures.to_cp1258``)."""
    encoded = _fixture_script().to_cp1258(text)
    assert "\u0300".encode("cp1258") in encoded or "\u0309".encode("cp1258") in encoded  # tones as marks
    return encoded


@pytest.mark.parametrize(
    ("head", "encode", "detected"),
    [
        ('<meta charset="utf-8">', lambda s: s.encode("utf-8"), None),
        ("", lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"), None),
        ("", lambda s: s.encode("utf-16"), None),  # little-endian with a BOM
        ("", lambda s: codecs.BOM_UTF8 + s.encode("utf-8"), None),
        ('<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">', cp1258, None),
        ("", cp1258, "cp1258"),  # no charset: detected as the CSV reader does, and said so
        ('<meta charset="utf-8">', cp1258, "cp1258"),  # mislabelled: the bytes are not UTF-8
        ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', lambda s: s.encode("utf-8"),
         None),  # re-saved as UTF-8 under its old label: the bytes win
        ("", lambda s: s.encode("utf-8"), "utf-8"),
    ],
)
def test_charset_from_bom_then_meta_then_detection(tmp_path, head, encode, detected):
    path = tmp_path / "ds.xls"
    path.write_bytes(encode(f"<html><head>{head}<title>Danh sách</title></head><body>{TABLE}</body></html>"))
    (sheet,) = sheets(path)
    assert sheet.rows == EXPECTED  # NFC: Windows-1258's combining tone marks are composed
    assert sheet.encoding == detected


def test_leading_zeros_of_phones_stay(tmp_path):
    path = page(tmp_path, """<table>
      <tr><td>Họ và tên</td><td>Điện thoại</td></tr>
      <tr><td>A</td><td class=xl65 style='mso-number-format:"\\@"'>0912345678</td></tr>
      <tr><td>B</td><td class=xl66 x:num="983456789">0983456789</td></tr>
      <tr><td>C</td><td x:num>0084912345678</td></tr></table>""")
    (sheet,) = sheets(path)
    assert [row[1] for row in sheet.rows[1:]] == ["0912345678", "0983456789", "0084912345678"]


# --- SpreadsheetML ------------------------------------------------------------------------------


def test_spreadsheetml_cells_are_typed_as_calamine_types_xlsx(tmp_path):
    rows = (
        '<Row><Cell ss:MergeAcross="3"><Data ss:Type="String">DANH SÁCH</Data></Cell></Row>'
        f'<Row ss:Index="3">{cell("STT")}{cell("Họ và tên")}<Cell ss:Index="4"><Data ss:Type="String">Ngày</Data></Cell></Row>'
        f'<Row>{cell("1", "Number")}{cell("Nguyễn Văn A")}{cell("0", "Boolean")}'
        f'{cell("1975-03-15T00:00:00.000", "DateTime")}{cell("0912345678")}</Row>'
        f'<Row ss:Span="1">{cell("2.5", "Number")}</Row>'
        f'<Row>{cell("-3", "Number", FORMULA)}<Cell/>{cell("true", "Boolean")}'
        f'{cell("2026-12-03T08:30:00", "DateTime")}{cell("1899-12-31T07:45:00.000", "DateTime")}'
        f'{cell("#N/A", "Error")}{cell("1e999", "Number")}</Row>'
    )
    path = workbook(tmp_path, f'<Worksheet ss:Name="DS"><Table>{rows}</Table></Worksheet>')
    (sheet,) = sheets(path)
    assert sheet.name == "DS" and not sheet.hidden
    assert sheet.rows == [
        ["DANH SÁCH", "", "", "", "", "", ""],
        ["", "", "", "", "", "", ""],
        ["STT", "Họ và tên", "", "Ngày", "", "", ""],
        [1.0, "Nguyễn Văn A", False, date(1975, 3, 15), "0912345678", "", ""],
        [2.5, "", "", "", "", "", ""],
        ["", "", "", "", "", "", ""],  # ss:Span="1": one more row formatted alike
        [-3.0, "", True, datetime(2026, 12, 3, 8, 30), clock(7, 45), "#N/A", "1e999"],
    ]
    assert sheet.merged == ((0, 0, 0, 3),)


def test_merge_down_pushes_later_cells_right_and_rich_text_is_joined(tmp_path):
    rows = (
        f'<Row>{cell("Họ và tên")}{cell("Đơn vị")}{cell("Điện thoại")}</Row>'
        f'<Row>{cell("A")}{cell("Sở Y tế", attrs=MERGE_DOWN)}{cell("0912000001")}</Row>'
        f'<Row>{cell("B")}{cell("0912000002")}</Row>'
        '<Row><Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>Lê</B> Thị '
        '<Font html:Color="#FF0000" xmlns:html="http://www.w3.org/TR/REC-html40">C</Font></ss:Data>'
        '<Comment ss:Author="HR"><ss:Data xmlns="http://www.w3.org/TR/REC-html40">Ghi chú</ss:Data></Comment>'
        '</Cell><Cell ss:Index="3"><Data ss:Type="String">0912000003</Data></Cell></Row>'
    )
    path = workbook(tmp_path, f'<Worksheet ss:Name="DS"><Table>{rows}</Table></Worksheet>')
    (sheet,) = sheets(path)
    assert sheet.rows == [
        ["Họ và tên", "Đơn vị", "Điện thoại"],
        ["A", "Sở Y tế", "0912000001"],
        ["B", "", "0912000002"],
        ["Lê Thị C", "", "0912000003"],
    ]
    assert sheet.merged == ((1, 1, 3, 1),)


@pytest.mark.parametrize("encoding", ["utf-16", "windows-1258", "utf-8-sig"])
def test_spreadsheetml_in_its_declared_encoding(tmp_path, encoding):
    body = (f'<Worksheet ss:Name="Danh sách đợt 1"><Table><Row>{cell("Họ và tên")}</Row>'
            f'<Row>{cell("Nguyễn Thị Huyền Trang")}</Row></Table></Worksheet>')
    xml = ('<?xml version="1.0" encoding="' + encoding.removesuffix("-sig") + '"?>\n'
           '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">' + body + "</Workbook>")
    path = tmp_path / "ds.xls"
    path.write_bytes(cp1258(xml) if encoding == "windows-1258" else xml.encode(encoding))
    (sheet,) = sheets(path)
    assert (sheet.name, sheet.rows) == ("Danh sách đợt 1", [["Họ và tên"], ["Nguyễn Thị Huyền Trang"]])
    assert all(unicodedata.is_normalized("NFC", v) for row in sheet.rows for v in row)


def test_hidden_worksheets_are_flagged_and_names_kept(tmp_path):
    hidden = '<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible></WorksheetOptions>'
    very = '<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetVeryHidden</Visible></WorksheetOptions>'
    path = workbook(tmp_path, (
        f'<Worksheet ss:Name="Danh sách"><Table><Row>{cell("x")}</Row></Table></Worksheet>'
        f'<Worksheet ss:Name="Tham số"><Table><Row>{cell("y")}</Row></Table>{hidden}</Worksheet>'
        f'<Worksheet ss:Name="Mã"><Table/>{very}</Worksheet>'
        '<Worksheet ss:Name="Trống"/>'
    ))
    assert [(s.name, s.hidden, s.rows) for s in sheets(path)] == [
        ("Danh sách", False, [["x"]]), ("Tham số", True, [["y"]]), ("Mã", True, []), ("Trống", False, []),
    ]
    (only,) = read_sheets(sniff(path), ["Tham số"])
    assert only.rows == [["y"]]
    with pytest.raises(DomainError) as err:
        read_sheets(sniff(path), ["Sheet1"])
    assert err.value.code == "import.sheet_not_found" and err.value.params["sheets"] == [
        "Danh sách", "Tham số", "Mã", "Trống"
    ]


@pytest.mark.parametrize(
    "body",
    [
        '<Worksheet ss:Name="DS"><Table><Row><Cell><Data ss:Type="String">A</Data></Row></Table></Worksheet>',
        '<Worksheet ss:Name="DS"><Table><Row ss:Index="abc"/></Table></Worksheet>',
        '<Worksheet ss:Name="DS"><Table><Row><Cell ss:Index="0"/></Row></Table></Worksheet>',
        '<Worksheet ss:Name="DS"><Table><Row><Cell ss:MergeAcross="99999"/></Row></Table></Worksheet>',
        "",  # a workbook without a worksheet
    ],
)
def test_damaged_spreadsheetml_is_corrupt(tmp_path, body):
    with pytest.raises(DomainError) as err:
        sheets(workbook(tmp_path, body))
    assert err.value.code == "import.corrupt" and err.value.params["file"] == "hr.xls"


def test_truncated_spreadsheetml_is_corrupt(tmp_path):
    data = (FIXTURES / "web_hr_2003.xls").read_bytes()
    path = tmp_path / "cut.xls"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DomainError) as err:
        sheets(path)
    assert err.value.code == "import.corrupt"


# --- guards -------------------------------------------------------------------------------------


def _refused_quickly(path: Path) -> DomainError:
    """The refusal of ``path``: within a second, and (measured in a second run) in bounded memory."""
    started = time.perf_counter()
    with pytest.raises(DomainError) as err:
        sheets(path)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    try:
        with pytest.raises(DomainError):
            sheets(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < 1.0 and peak < 32 * 2**20, (elapsed, peak)
    return err.value


def test_xml_bomb_is_corrupt_quickly_with_bounded_memory():
    error = _refused_quickly(FIXTURES / "web_xml_bomb.xls")
    assert (error.code, error.params["file"]) == ("import.corrupt", "web_xml_bomb.xls")


def test_a_dtd_hidden_behind_a_long_prolog_is_refused_too(tmp_path):
    # past the sniffed head: the parser's DOCTYPE hook refuses it before any entity is expanded
    entities = '<!ENTITY a "' + "x" * 100_000 + '">' + "".join(
        f'<!ENTITY a{i} "{"&a;" * 50 if i == 1 else f"&a{i - 1};" * 50}">' for i in range(1, 6)
    )
    path = tmp_path / "bomb.xls"
    path.write_text(
        '<?xml version="1.0"?>\n<!--' + " " * 80_000 + "-->\n"
        f"<!DOCTYPE Workbook [{entities}]>\n"
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        '<Worksheet ss:Name="DS"><Table><Row><Cell><Data ss:Type="String">&a5;</Data></Cell></Row></Table>'
        "</Worksheet></Workbook>",
        encoding="utf-8",
    )
    assert _refused_quickly(path).code == "import.corrupt"


def test_a_file_over_the_size_limit_names_the_file(tmp_path):
    path = tmp_path / "danh_sach.xls"
    with path.open("wb") as fh:
        fh.write(b"<html><body><table><tr><td>A</td></tr></table>")
        fh.truncate(web_tables.MAX_BYTES + 1)  # sparse: nothing is written, nothing need be read
    error = _refused_quickly(path)
    assert error.code == "import.too_large" and error.params["file"] == "danh_sach.xls"
    assert error.params["max_mb"] == 64
    assert describe(error, "vi").startswith("Tệp danh_sach.xls quá lớn (65 MB) để đọc như bảng xuất từ trang web; giới hạn là 64 MB.")
    assert describe(error, "en").startswith("danh_sach.xls is too large (65 MB) to read as a table exported from a web page; the limit is 64 MB.")


@pytest.mark.parametrize(
    "markup",
    [
        "<table><tr><td colspan=1000 rowspan=65534>x</td></tr></table>",  # one cell covering 65 million
        "<table><tr>" + "<td rowspan=300 colspan=1000>x</td>" + "</tr></table>",
        "<table><tr><td>x</td></tr>" + "<tr><td>y</td><td colspan=1000>z</td></tr>" * 300 + "</table>",
    ],
)
def test_too_many_cells_in_a_page_stops_early(tmp_path, markup):
    error = _refused_quickly(page(tmp_path, markup, name="cong.xls"))
    assert (error.code, error.params["file"], error.params["limit"]) == ("import.too_many_cells", "cong.xls", 250_000)
    assert "250000" in describe(error, "vi") and "cong.xls" in describe(error, "en")


def test_the_cell_limit_counts_every_table_of_a_page(tmp_path, monkeypatch):
    monkeypatch.setattr(web_tables, "MAX_CELLS", 5_000)
    row = "<tr><td>x</td><td>y</td><td>z</td><td>w</td><td>v</td></tr>"
    fits = page(tmp_path, ("<table>" + row * 500 + "</table>") * 2, name="vua.xls")
    assert [len(s.rows) for s in sheets(fits)] == [500, 500]
    over = page(tmp_path, ("<table>" + row * 500 + "</table>") * 2 + "<table><tr><td>1</td></tr></table>",
                name="thua.xls")
    assert refusal(over).code == "import.too_many_cells"


def test_too_many_cells_in_a_workbook_stops_early(tmp_path):
    merge = workbook(tmp_path, '<Worksheet ss:Name="DS"><Table><Row><Cell ss:MergeAcross="16000" ss:MergeDown="100000">'
                               '<Data ss:Type="String">x</Data></Cell></Row></Table></Worksheet>', name="a.xls")
    assert _refused_quickly(merge).code == "import.too_many_cells"
    stray = workbook(tmp_path, '<Worksheet ss:Name="DS"><Table><Row><Cell><Data ss:Type="String">x</Data></Cell></Row>'
                               '<Row ss:Index="1000000"><Cell ss:Index="16000"><Data ss:Type="String">y</Data></Cell>'
                               "</Row></Table></Worksheet>", name="b.xls")
    assert _refused_quickly(stray).code == "import.too_many_cells"  # rows of blanks are cells too


# --- sniffing and refusals ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"<html><body>", "html"),
        (b"\xef\xbb\xbf\r\n<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\">\n<HTML>", "html"),
        ("<html>".encode("utf-16"), "html"),
        ("<table>".encode("utf-16-be"), "html"),  # UTF-16 without a byte-order mark
        (b"<!-- export -->\n<table border=1><tr>", "html"),
        (b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml">', "html"),
        (b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">', "xml"),
        (b'<?xml version="1.0"?><ss:Workbook xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">', "xml"),
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', "other_xml"),
        (b'<?xml version="1.0"?><w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml">', "other_xml"),
        (b"Notice: Undefined index: donvi in /var/www/export.php on line 12\n<html><body><table>", "html"),
        (b"STT\tH\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan\r\n", None),
        (b"\xd0\xcf\x11\xe0", None),
    ],
)
def test_markup_kind(head, kind):
    assert markup_kind(head) == kind


def refusal(path: Path) -> DomainError:
    with pytest.raises(DomainError) as err:
        sheets(path)
    return err.value


def test_a_page_without_a_table_says_so_and_never_asks_for_the_format_it_refused(tmp_path):
    error = refusal(FIXTURES / "web_page_no_table.xls")
    assert (error.code, error.params["variant"]) == ("import.unsupported_format", "html_no_table")
    vi, en = describe(error, "vi"), describe(error, "en")
    assert vi.startswith("Tệp web_page_no_table.xls là một trang web (HTML) không có bảng nào")
    assert en.startswith("web_page_no_table.xls is a web page (HTML) with no table")
    for text in (vi, en):
        assert ".xls" not in text.replace("web_page_no_table.xls", "")


def test_other_refusals_name_what_the_file_is(tmp_path):
    rss = tmp_path / "tin.xls"
    rss.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Tin</title></channel></rss>')
    error = refusal(rss)
    assert (error.code, error.params["variant"]) == ("import.unsupported_format", "xml")
    assert describe(error, "vi").startswith("Tệp tin.xls là một tệp XML nhưng không phải bảng tính Excel 2003")
    assert describe(error, "en").startswith("tin.xls is an XML file but not an Excel 2003 spreadsheet")

    doc = tmp_path / "giay_moi.xls"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\x00" * 512)
    error = refusal(doc)
    assert error.params["variant"] == "ole"
    assert "tài liệu Office nhưng không phải bảng tính" in describe(error, "vi")
    assert "Word or PowerPoint file renamed to .xls" in describe(error, "en")

    pdf = tmp_path / "ds.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    error = refusal(pdf)
    assert describe(error, "vi").startswith("Tệp ds.pdf có đuôi .pdf, không phải loại tệp danh sách đọc được.")
    assert "bảng HTML, Excel 2003 XML" in describe(error, "vi")

    empty_tables = page(tmp_path, "<table><tr><td> </td></tr></table><table></table>", name="trong.xls")
    assert refusal(empty_tables).code == "import.empty"

    text_named_html = tmp_path / "ds.html"
    text_named_html.write_text("Họ và tên: Nguyễn Văn A", encoding="utf-8")
    assert refusal(text_named_html).params["variant"] == "html_no_table"

    garbage = tmp_path / "hong.xls"
    garbage.write_bytes(bytes(range(256)) * 4)
    assert refusal(garbage).code == "import.corrupt"  # not markup, not text: still damaged


def test_odd_markup_sections_are_skipped_like_a_browser(tmp_path):
    path = page(tmp_path, "<![if !supportMisalignedColumns]><![endif]><![format x]>"
                          "<table><tr><td>Họ và tên</td></tr><![CDATA[ x ]]><tr><td>A</td></tr></table>")
    (sheet,) = sheets(path)
    assert sheet.rows == [["Họ và tên"], ["A"]]


def test_mangled_exports_give_a_message_never_a_crash(tmp_path):
    """Bytes flipped, cut or spliced into real exports (a fixed seed): rows or a DomainError, quickly."""
    import random

    from confman.core.registration.importing import parse_file

    rng = random.Random(2026)
    sources = [(FIXTURES / name).read_bytes() for name in
               ("web_portal_utf8.xls", "web_portal_utf16.xls", "web_portal_cp1258.xls", "web_hr_2003.xls")]
    splices = [b"<td colspan=999>", b"<table>", b"</table>", b"<tr>", b"rowspan=500 ", b'ss:Index="3" ',
               b'ss:MergeDown="9" ', b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"&#0;", b"&#xD800;", b"\x00", b"<![format",
               b"<caption>", b"<h1>"]
    path = tmp_path / "mangled.xls"
    outcomes: set[str] = set()
    for _ in range(150):
        data = bytearray(rng.choice(sources))
        for _ in range(rng.randint(1, 6)):
            pos = rng.randrange(len(data))
            roll = rng.random()
            if roll < 0.3:
                data[pos] = rng.randrange(256)
            elif roll < 0.6:
                del data[pos : pos + rng.randint(1, 200)]
            elif roll < 0.9:
                data[pos:pos] = rng.choice(splices)
            else:
                del data[max(pos, 16):]
        path.write_bytes(bytes(data))
        started = time.perf_counter()
        try:
            parse_file(path)
            outcomes.add("read")
        except DomainError as exc:
            outcomes.add(exc.code)
        assert time.perf_counter() - started < 1.0
    assert "read" in outcomes and "import.corrupt" in outcomes
