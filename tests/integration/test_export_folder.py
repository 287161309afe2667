"""Export for the presentation laptop: ordered, Windows-safe names that keep Vietnamese text."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from datetime import date, time
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from sqlalchemy import select

from confman.core.agenda.models import AgendaItem, Room
from confman.core.presentations import service as svc
from confman.core.presentations.export_folder import export_folder, ordered_name, safe_component
from confman.core.presentations.service import PresentationDraft
from confman.core.presentations.storage import FileStore
from confman.core.registration.models import Organization

DAY = date(2026, 12, 10)
RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\.|$)", re.IGNORECASE)


def windows_valid(name: str) -> bool:
    return (not re.search(r'[<>:"/\\|?*\x00-\x1f]', name) and not name.endswith((".", " "))
            and not RESERVED.match(name))


def _setup(db, event_id: int, room: str = "Hội trường A", day: date = DAY) -> int:
    with db.session() as session:
        r = session.scalar(select(Room).where(Room.event_id == event_id, Room.name == room))
        if r is None:
            r = Room(event_id=event_id, name=room)
            session.add(r)
            session.flush()
        item = AgendaItem(event_id=event_id, room_id=r.id, day=day, start_time=time(8), end_time=time(10),
                          title_vi="Tham luận")
        session.add(item)
        session.flush()
        return item.id


def _org(db, name: str) -> int:
    with db.session() as session:
        org = Organization(name=name)
        session.add(org)
        session.flush()
        return org.id


def _pptx(path: Path, marker: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("ppt/presentation.xml", f"<p>{marker}</p>")
    return path


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "store")


def test_export_orders_and_keeps_vietnamese_names(db, make_event, store, tmp_path: Path) -> None:
    event = make_event()
    item = _setup(db, event.id)
    bct, hn = _org(db, "Bộ Công Thương"), _org(db, "Sở Thông tin và Truyền thông Hà Nội")
    specs = [
        ("Tên bài", bct, 1),
        ("CON", hn, 2),
        ("Báo cáo.", bct, 3),
        ('Chuyển đổi số: "cơ hội" / thách thức?', hn, 4),
        ("Chưa gửi", hn, 5),
    ]
    ids = []
    for title, org, order in specs:
        ids.append(svc.create_presentation(db, event.id, PresentationDraft(
            title_vi=title, organization_id=org, agenda_item_id=item, order_in_item=order)).id)
    for pid, (title, _org_id, order) in zip(ids[:4], specs[:4], strict=True):
        svc.add_file(db, pid, _pptx(tmp_path / f"up{order}.pptx", title), original_name=f"{title} final (2).pptx",
                     store=store)

    target = tmp_path / "USB"
    result = export_folder(db, event, target, store=store)
    names = sorted(p.name for p in target.iterdir() if p.suffix == ".pptx")
    assert names == [
        "01 - Bộ Công Thương - Tên bài.pptx",
        "02 - Sở Thông tin và Truyền thông Hà Nội - CON.pptx",
        "03 - Bộ Công Thương - Báo cáo.pptx",
        "04 - Sở Thông tin và Truyền thông Hà Nội - Chuyển đổi số - 'cơ hội' - thách thức.pptx",
    ]
    assert all(windows_valid(n) and unicodedata.is_normalized("NFC", n) for n in names)
    assert [r.title_vi for r in result.missing] == ["Chưa gửi"]
    # The copies are the current versions' content.
    with zipfile.ZipFile(target / names[1]) as archive:
        assert archive.read("ppt/presentation.xml") == b"<p>CON</p>"
    # The index PDF lists every presentation, including the missing one.
    pdf = pdfium.PdfDocument(result.index_pdf)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Tên bài" in text and "Chưa gửi" in text and "01 - Bộ Công Thương - Tên bài.pptx" in text.replace("\r\n", " ")


def test_reexport_replaces_a_renamed_file_and_keeps_the_organisers_own(db, make_event, store, tmp_path: Path) -> None:
    event = make_event()
    item = _setup(db, event.id)
    pres = svc.create_presentation(db, event.id, PresentationDraft(title_vi="Cũ", agenda_item_id=item))
    svc.add_file(db, pres.id, _pptx(tmp_path / "a.pptx", "1"), store=store)
    target = tmp_path / "out"
    export_folder(db, event, target, store=store)
    (target / "ghi chú.txt").write_text("của ban tổ chức", encoding="utf-8")
    svc.update_presentation(db, pres.id, svc.replace(svc.draft_of(pres), title_vi="Mới"))
    export_folder(db, event, target, store=store)
    files = sorted(p.name for p in target.iterdir() if not p.name.startswith((".", "00")))
    assert files == ["01 - Mới.pptx", "ghi chú.txt"]


def test_several_rooms_get_their_own_numbered_folders(db, make_event, store, tmp_path: Path) -> None:
    event = make_event()
    a = _setup(db, event.id, "Hội trường A")
    b = _setup(db, event.id, "AUX")
    for item in (a, b):
        pres = svc.create_presentation(db, event.id, PresentationDraft(title_vi="Bài", agenda_item_id=item))
        svc.add_file(db, pres.id, _pptx(tmp_path / f"{item}.pptx", str(item)), store=store)
    export_folder(db, event, tmp_path / "all", store=store)
    folders = sorted(p.name for p in (tmp_path / "all").iterdir() if p.is_dir())
    assert folders == ["2026-12-10 - AUX", "2026-12-10 - Hội trường A"]
    assert (tmp_path / "all" / "2026-12-10 - AUX" / "01 - Bài.pptx").is_file()


@pytest.mark.parametrize(
    ("raw", "safe"),
    [("CON", "CON_"), ("con.txt", "con_.txt"), ("LPT1", "LPT1_"), ("Báo cáo.", "Báo cáo"),
     ("Tên bài   ", "Tên bài"), ("a<b>c|d", "abc-d"), ("CONSOLE", "CONSOLE")],
)
def test_safe_component(raw: str, safe: str) -> None:
    assert safe_component(raw) == safe


def test_long_titles_are_trimmed_to_the_windows_path_limit(tmp_path: Path) -> None:
    folder = Path("C:/Users/Ban to chuc/Desktop/Hoi nghi tong ket 2026/Trinh chieu")
    title = "Nâng cao hiệu quả công tác thông tin đối ngoại " * 10
    name = ordered_name(7, 2, "Sở Thông tin và Truyền thông Thừa Thiên Huế", title, ".pptx", folder)
    assert len(str(folder / name)) <= 240
    assert name.startswith("07 - Sở Thông tin và Truyền thông Thừa Thiên Huế - Nâng cao")
    assert name.endswith(".pptx") and windows_valid(name)


def test_the_running_order_numbers_its_pages_out_of_the_total(db, make_event, store, tmp_path: Path) -> None:
    event = make_event()
    item = _setup(db, event.id)
    for n in range(1, 41):
        svc.create_presentation(db, event.id, PresentationDraft(
            title_vi=f"Tham luận số {n}: kết quả công tác thông tin đối ngoại của địa phương", agenda_item_id=item,
            order_in_item=n, planned_minutes=5))
    result = export_folder(db, event, tmp_path / "USB", store=store)
    pdf = pdfium.PdfDocument(result.index_pdf)
    total = len(pdf)
    assert total >= 2
    for index in range(total):  # "Trang 2/3" at the foot, as on every other document
        lines = pdf[index].get_textpage().get_text_range().replace("\r\n", "\n").split("\n")
        assert lines[-1].endswith(f" Trang {index + 1}/{total}"), lines[-3:]
