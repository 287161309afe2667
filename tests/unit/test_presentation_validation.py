"""Uploaded files must be what their extension says; refusals name the file and the reason."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from confman.core.errors import DomainError
from confman.core.presentations.validation import OLE2_MAGIC, validate_file
from confman.messages import describe


def _zip(path: Path, entries: dict[str, bytes], *, first: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        if first:
            archive.writestr(first, entries.pop(first), compress_type=zipfile.ZIP_STORED)
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def _pptx(path: Path) -> Path:
    return _zip(path, {"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"})


def _refused(path: Path, name: str | None = None) -> DomainError:
    with pytest.raises(DomainError) as info:
        validate_file(path, name=name)
    return info.value


def test_zero_byte_file_is_refused_naming_the_file(tmp_path: Path) -> None:
    empty = tmp_path / "Bài tham luận Bộ Công Thương.pptx"
    empty.write_bytes(b"")
    err = _refused(empty)
    assert err.code == "presentations.file.empty"
    assert "Bài tham luận Bộ Công Thương.pptx" in describe(err, "vi")
    assert "0" in describe(err, "en")


def test_text_renamed_to_pptx_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "slides final (2).pptx"
    fake.write_text("this is not a presentation", encoding="utf-8")
    err = _refused(fake)
    assert err.code == "presentations.file.not_office"
    assert "slides final (2).pptx" in describe(err, "vi")
    assert ".pptx" in describe(err, "en")


def test_word_document_renamed_to_pptx_says_it_is_word(tmp_path: Path) -> None:
    docx_as_pptx = _zip(tmp_path / "tham luan.pptx", {"[Content_Types].xml": b"<T/>", "word/document.xml": b"<d/>"})
    err = _refused(docx_as_pptx)
    assert err.code == "presentations.file.wrong_office_kind"
    assert "Word" in describe(err, "en") and "tham luan.pptx" in describe(err, "en")


def test_truncated_pptx_is_refused(tmp_path: Path) -> None:
    good = _pptx(tmp_path / "good.pptx")
    cut = tmp_path / "cut.pptx"
    cut.write_bytes(good.read_bytes()[:40])
    assert _refused(cut).code == "presentations.file.not_office"


def test_old_ppt_renamed_to_pptx_is_explained(tmp_path: Path) -> None:
    renamed = tmp_path / "old.pptx"
    renamed.write_bytes(OLE2_MAGIC + b"\0" * 600)
    err = _refused(renamed)
    assert err.code == "presentations.file.legacy_renamed"
    assert "old.pptx" in describe(err, "vi")


def test_password_protected_pptx_is_accepted(tmp_path: Path) -> None:
    encrypted = tmp_path / "mật.pptx"
    encrypted.write_bytes(OLE2_MAGIC + b"\0" * 600 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100)
    check = validate_file(encrypted)
    assert check.encrypted and check.kind == "slides"


def test_pdf_without_header_is_refused(tmp_path: Path) -> None:
    html = tmp_path / "Báo cáo.pdf"
    html.write_text("<html><body>404 Not Found</body></html>", encoding="utf-8")
    err = _refused(html)
    assert err.code == "presentations.file.not_pdf"
    assert "Báo cáo.pdf" in describe(err, "vi")
    assert "%PDF-" in describe(err, "en")


def test_ppt_and_doc_need_the_ole2_header(tmp_path: Path) -> None:
    ppt = tmp_path / "cu.ppt"
    ppt.write_bytes(OLE2_MAGIC + b"\0" * 100)
    assert validate_file(ppt).kind == "slides"
    doc = tmp_path / "cu.doc"
    doc.write_bytes(b"PK\x03\x04 not ole")
    err = _refused(doc)
    assert err.code == "presentations.file.not_legacy_office"
    assert "cu.doc" in describe(err, "en")


def test_odp_needs_its_mimetype(tmp_path: Path) -> None:
    odp = _zip(tmp_path / "a.odp", {"mimetype": b"application/vnd.oasis.opendocument.presentation",
                                     "content.xml": b"<c/>"}, first="mimetype")
    assert validate_file(odp).kind == "slides"
    odt = _zip(tmp_path / "b.odp", {"mimetype": b"application/vnd.oasis.opendocument.text"}, first="mimetype")
    assert _refused(odt).code == "presentations.file.not_odp"


def test_unknown_extension_lists_the_accepted_ones(tmp_path: Path) -> None:
    exe = tmp_path / "virus.exe"
    exe.write_bytes(b"MZ")
    err = _refused(exe)
    assert err.code == "presentations.file.unknown_type"
    text = describe(err, "en")
    assert "virus.exe" in text and ".pptx" in text and ".pdf" in text


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("Tham luận – Bộ Ngoại giao.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "pdf"),
        ("slides.key", b"anything apple", "keynote"),
        ("clip.mp4", b"\0\0\0\x18ftypmp42" + b"\0" * 20, "video"),
        ("clip.mov", b"\0\0\0\x14ftypqt  " + b"\0" * 20, "video"),
        ("clip.avi", b"RIFF\0\0\0\0AVI LIST", "video"),
        ("clip.wmv", bytes.fromhex("3026B2758E66CF11A6D900AA0062CE6C") + b"\0" * 8, "video"),
        ("clip.mkv", bytes.fromhex("1A45DFA3") + b"\0" * 8, "video"),
    ],
)
def test_accepted_files(tmp_path: Path, name: str, content: bytes, kind: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert validate_file(path).kind == kind


def test_accepted_office_packages(tmp_path: Path) -> None:
    assert validate_file(_pptx(tmp_path / "Bài final (2).PPTX")).extension == ".pptx"
    docx = _zip(tmp_path / "paper.docx", {"[Content_Types].xml": b"<T/>", "word/document.xml": b"<d/>"})
    assert validate_file(docx).kind == "document"
    xlsx = _zip(tmp_path / "so lieu.xlsx", {"[Content_Types].xml": b"<T/>", "xl/workbook.xml": b"<w/>"})
    assert validate_file(xlsx).kind == "spreadsheet"


def test_video_with_wrong_content_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "clip.mp4"
    fake.write_bytes(b"<html>not a video</html>")
    err = _refused(fake)
    assert err.code == "presentations.file.not_video"
    assert "clip.mp4" in describe(err, "vi")


def test_name_given_by_the_caller_is_the_one_reported(tmp_path: Path) -> None:
    upload = tmp_path / "upload.tmp.pdf"
    upload.write_bytes(b"nope")
    err = _refused(upload, name="Tham luận của tỉnh Lào Cai.pdf")
    assert "Tham luận của tỉnh Lào Cai.pdf" in describe(err, "vi")
