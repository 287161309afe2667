"""``confman agenda import FILE.docx|FILE.xlsx``: the organisers' own programme table becomes the agenda.

The Word files are made with python-docx the way organisers lay them out (a header row, day and
session headings merged across the table, "8h00-8h30" and "8 giờ 00 - 8 giờ 30" times, several
speakers per cell with their titles and offices); one is written by LibreOffice too.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import select

from confman.cli import run
from confman.core.agenda.models import AgendaItem, AgendaItemPerson, Room
from confman.core.agenda.programme import plan_programme
from confman.core.enums import AgendaKind, PersonRole
from tests.programme_docs import HEADER, write_programme_docx

#: (time, content, people, room) rows; a 1-tuple is a heading merged across the table.
PROGRAMME: list[tuple[str, ...]] = [
    ("Ngày 22/11/2018 (Thứ Năm)",),
    ("Buổi sáng",),
    ("7h30-8h00", "Đón tiếp đại biểu", "Ban Tổ chức", "Hội trường A"),
    ("8h00-8h30", "Phát biểu khai mạc hội nghị",
     "Chủ trì: Đ/c Nguyễn Mạnh Hùng, Bộ trưởng Bộ Thông tin và Truyền thông", "Hội trường A"),
    ("8h30-9h30", "Báo cáo tổng kết công tác thông tin đối ngoại ASEAN\nGiai đoạn 2013–2018",
     "Đ/c Phan Thảo Nguyên, Vụ trưởng Vụ HTQT\nPGS.TS. Lê Thị Hoa (Học viện Báo chí)", "Hội trường A"),
    ("9h30-9h45", "Giải lao", "", ""),
    ("PHIÊN CHUYÊN ĐỀ 1: Truyền thông về Cộng đồng ASEAN ở địa phương",),
    ("9h45-11h00", "Tham luận của các địa phương", "Đ/c Trần Văn Nam, Giám đốc Sở TT&TT Đà Nẵng\n"
     "Lãnh đạo Sở TT&TT Quảng Ninh", "Phòng họp B"),
    ("Ngày 23/11/2018",),
    ("8 giờ 00 - 8 giờ 30", "Thảo luận và kiến nghị", "Ông Đỗ Minh Quân", "Hội trường A"),
    ("8 giờ 30 - 9 giờ 00", "Phát biểu bế mạc", "Chủ trì: Đ/c Nguyễn Mạnh Hùng", "Hội trường A"),
]
DELEGATES = ("Nguyễn Mạnh Hùng", "Phan Thảo Nguyên", "Lê Thị Hoa", "Trần Văn Nam", "Trần Văn Nam",
             "Đỗ Minh Quân", "Phạm Thu Trang")


def write_docx(path: Path, rows: list[tuple[str, ...]] = PROGRAMME, header: tuple[str, ...] = HEADER) -> Path:
    return write_programme_docx(path, rows, header)


@pytest.fixture
def event(db, make_event, make_delegate):
    created = make_event(code="ASEAN-TT", start_date=date(2018, 11, 22), end_date=date(2018, 11, 23))
    ids = {}
    for name in DELEGATES:
        ids.setdefault(name, []).append(make_delegate(created.id, name))
    return created, ids


def cli(capsys, sqlite_url: str, *argv: str) -> tuple[int, str, str]:
    code = run(["--db", sqlite_url, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def items(db, event_id: int) -> list[AgendaItem]:
    with db.session() as session:
        rows = session.scalars(select(AgendaItem).where(AgendaItem.event_id == event_id)
                               .order_by(AgendaItem.day, AgendaItem.start_time)).all()
        for row in rows:
            _ = row.people, row.room
        return list(rows)


def people(db, item_id: int) -> list[tuple[str, int]]:
    with db.session() as session:
        return [(p.role.value, p.delegate_id) for p in session.scalars(
            select(AgendaItemPerson).where(AgendaItemPerson.agenda_item_id == item_id)
            .order_by(AgendaItemPerson.role, AgendaItemPerson.position))]


def test_dry_run_json_previews_items_and_unmatched_people_without_writing(capsys, sqlite_url, db, event, tmp_path):
    created, ids = event
    path = write_docx(tmp_path / "chuong_trinh.docx")
    code, out, err = cli(capsys, sqlite_url, "agenda", "import", str(path), "--dry-run", "--json")
    assert code == 0, err
    payload = json.loads(out)
    assert set(payload) == {"file", "format", "dry_run", "items", "unmatched", "warnings", "created", "rooms_created"}
    assert (payload["format"], payload["dry_run"], payload["created"]) == ("programme", True, 0)
    assert [(i["day"], i["start"], i["end"], i["kind"]) for i in payload["items"]] == [
        ("2018-11-22", "07:30", "08:00", "registration"),
        ("2018-11-22", "08:00", "08:30", "ceremony"),
        ("2018-11-22", "08:30", "09:30", "report"),
        ("2018-11-22", "09:30", "09:45", "break"),
        ("2018-11-22", "09:45", "11:00", "presentation"),
        ("2018-11-23", "08:00", "08:30", "discussion"),
        ("2018-11-23", "08:30", "09:00", "closing"),
    ]
    opening, report = payload["items"][1], payload["items"][2]
    assert [c["delegate_id"] for c in opening["chairs"]] == ids["Nguyễn Mạnh Hùng"] and opening["speakers"] == []
    assert [(s["name"], s["delegate_id"]) for s in report["speakers"]] == [
        ("Phan Thảo Nguyên", ids["Phan Thảo Nguyên"][0]), ("Lê Thị Hoa", ids["Lê Thị Hoa"][0])]
    assert report["title"] == "Báo cáo tổng kết công tác thông tin đối ngoại ASEAN"
    assert payload["items"][4]["session"].startswith("PHIÊN CHUYÊN ĐỀ 1")
    assert payload["items"][4]["room"] == "Phòng họp B"
    assert [(u["row"], u["text"], u["reason"]) for u in payload["unmatched"]] == [
        (4, "Ban Tổ chức", "not_found"),
        (9, "Đ/c Trần Văn Nam, Giám đốc Sở TT&TT Đà Nẵng", "ambiguous"),  # two delegates of that name
        (9, "Lãnh đạo Sở TT&TT Quảng Ninh", "not_found"),
    ]
    assert "2 đại biểu tên Trần Văn Nam" in payload["unmatched"][1]["message"]
    assert items(db, created.id) == []  # nothing written
    with db.session() as session:
        assert session.scalars(select(Room)).all() == []


def test_import_creates_items_rooms_and_people_in_one_go(capsys, sqlite_url, db, event, tmp_path):
    created, ids = event
    path = write_docx(tmp_path / "chuong_trinh.docx")
    code, out, err = cli(capsys, sqlite_url, "agenda", "import", str(path))
    assert code == 0, err
    assert "Đã nhập 7 mục chương trình từ chuong_trinh.docx (2 phòng mới; 3 người chưa khớp đại biểu)" in out
    assert "Ban Tổ chức" in err and "Lãnh đạo Sở TT&TT Quảng Ninh" in err
    stored = items(db, created.id)
    assert [(i.day, i.start_time, i.end_time, i.kind, i.room.name if i.room else None) for i in stored] == [
        (date(2018, 11, 22), time(7, 30), time(8, 0), AgendaKind.REGISTRATION, "Hội trường A"),
        (date(2018, 11, 22), time(8, 0), time(8, 30), AgendaKind.CEREMONY, "Hội trường A"),
        (date(2018, 11, 22), time(8, 30), time(9, 30), AgendaKind.REPORT, "Hội trường A"),
        (date(2018, 11, 22), time(9, 30), time(9, 45), AgendaKind.BREAK, None),
        (date(2018, 11, 22), time(9, 45), time(11, 0), AgendaKind.PRESENTATION, "Phòng họp B"),
        (date(2018, 11, 23), time(8, 0), time(8, 30), AgendaKind.DISCUSSION, "Hội trường A"),
        (date(2018, 11, 23), time(8, 30), time(9, 0), AgendaKind.CLOSING, "Hội trường A"),
    ]
    opening, report, papers, closing = stored[1], stored[2], stored[4], stored[6]
    assert people(db, opening.id) == [(PersonRole.CHAIR.value, ids["Nguyễn Mạnh Hùng"][0])]
    assert people(db, report.id) == [("speaker", ids["Phan Thảo Nguyên"][0]), ("speaker", ids["Lê Thị Hoa"][0])]
    assert report.description == "Giai đoạn 2013–2018"
    assert people(db, papers.id) == []
    assert "Trần Văn Nam" in papers.notes and "Lãnh đạo Sở TT&TT Quảng Ninh" in papers.notes
    assert papers.description.startswith("PHIÊN CHUYÊN ĐỀ 1")
    assert people(db, closing.id) == [("chair", ids["Nguyễn Mạnh Hùng"][0])]
    assert people(db, stored[5].id) == [("speaker", ids["Đỗ Minh Quân"][0])]  # "Ông Đỗ Minh Quân"


def test_an_excel_programme_with_merged_headings_and_no_room_column(capsys, sqlite_url, db, event, tmp_path):
    import openpyxl

    created, ids = event
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["CHƯƠNG TRÌNH HỘI NGHỊ"])
    sheet.append([])
    sheet.append(["Thời gian", "Nội dung", "Chủ trì"])
    sheet.append(["Sáng ngày 22/11/2018"])
    sheet.merge_cells(start_row=4, start_column=1, end_row=4, end_column=3)
    sheet.append(["08:00 - 08:30", "Khai mạc", "Đồng chí Nguyễn Mạnh Hùng"])
    sheet.append(["08:30", "Báo cáo chính", "Phan Thảo Nguyên"])
    sheet.append(["09:15", "Giải lao", None])
    path = tmp_path / "chuong_trinh.xlsx"
    workbook.save(path)
    code, out, err = cli(capsys, sqlite_url, "agenda", "import", str(path), "--json")
    assert code == 0, err
    payload = json.loads(out)
    assert payload["created"] == 3 and payload["unmatched"] == []
    assert [w["code"] for w in payload["warnings"]] == ["agenda.programme.end_guessed"]  # the last row: +30 min
    stored = items(db, created.id)
    assert [(i.start_time, i.end_time) for i in stored] == [(time(8, 0), time(8, 30)), (time(8, 30), time(9, 15)),
                                                            (time(9, 15), time(9, 45))]
    assert people(db, stored[0].id) == [("chair", ids["Nguyễn Mạnh Hùng"][0])]  # a "Chủ trì" column: chairs
    assert people(db, stored[1].id) == [("chair", ids["Phan Thảo Nguyên"][0])]


def test_a_programme_written_by_libreoffice(db, event, tmp_path):
    """LibreOffice Calc writes the workbook (only Calc is installed on the CI machine, not Writer):
    its XML, shared strings and multi-line cells, not openpyxl's."""
    import csv

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    created, ids = event
    source = tmp_path / "chuong_trinh.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for row in PROGRAMME:
            writer.writerow(row)
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                           "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(tmp_path / "out"),
                           str(source)], capture_output=True, text=True, timeout=180, check=False)
    path = tmp_path / "out" / "chuong_trinh.xlsx"
    if not path.exists() and "could not be loaded" in done.stderr:
        pytest.skip("LibreOffice Calc is not installed")
    assert done.returncode == 0 and path.exists(), done.stderr
    plan = plan_programme(db, created.id, path)
    assert [(i.day, i.start, i.title) for i in plan.items][:2] == [
        (date(2018, 11, 22), time(7, 30), "Đón tiếp đại biểu"),
        (date(2018, 11, 22), time(8, 0), "Phát biểu khai mạc hội nghị")]
    assert len(plan.items) == 7 and plan.items[-1].day == date(2018, 11, 23)
    assert [p.delegate_id for p in plan.items[2].speakers] == [ids["Phan Thảo Nguyên"][0], ids["Lê Thị Hoa"][0]]
    assert plan.items[4].session.startswith("PHIÊN CHUYÊN ĐỀ 1") and plan.items[4].room == "Phòng họp B"


def test_a_file_without_a_programme_table_is_refused_by_name(capsys, sqlite_url, db, event, tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("Kính gửi các đồng chí")
    path = tmp_path / "giay_moi.docx"
    document.save(path)
    code, _out, err = cli(capsys, sqlite_url, "agenda", "import", str(path))
    assert code == 2 and "giay_moi.docx" in err and "Thời gian" in err
    assert items(db, event[0].id) == []


def test_the_round_trip_workbook_still_imports(capsys, sqlite_url, db, event, tmp_path):
    created, _ids = event
    write_docx(tmp_path / "p.docx")
    assert cli(capsys, sqlite_url, "agenda", "import", str(tmp_path / "p.docx"))[0] == 0
    assert cli(capsys, sqlite_url, "agenda", "xlsx", str(tmp_path / "agenda.xlsx"))[0] == 0
    code, out, _err = cli(capsys, sqlite_url, "agenda", "import", str(tmp_path / "agenda.xlsx"))
    assert code == 0 and "0 mục mới, 7 mục cập nhật" in out
    assert len(items(db, created.id)) == 7


# --------------------------------------------------------------------------- the preview's corrections


def _rooms(db) -> list[str]:
    with db.session() as session:
        return sorted(session.scalars(select(Room.name)))


def test_the_preview_choices_are_honoured_unticked_items_skipped(db, event, tmp_path):
    from confman.core.agenda.programme import ProgrammeChoices, chosen_items, import_programme

    created, ids = event
    plan = plan_programme(db, created.id, write_docx(tmp_path / "chuong_trinh.docx"))
    titles = [i.title for i in plan.items]
    assert [p.text for p in plan.items[4].people] == ["Đ/c Trần Văn Nam, Giám đốc Sở TT&TT Đà Nẵng",
                                                     "Lãnh đạo Sở TT&TT Quảng Ninh"]
    nam = ids["Trần Văn Nam"][1]  # the second of the two namesakes: the one from Đà Nẵng
    choices = ProgrammeChoices(
        skipped=frozenset({0, 3}),  # "Đón tiếp đại biểu" and "Giải lao" are not wanted
        people={(4, 0): nam, (4, 1): ids["Phạm Thu Trang"][0],  # an ambiguous and an unmatched line picked
                (2, 1): None,  # Lê Thị Hoa matched, but the organiser keeps the line in the notes
                (5, 0): ids["Phan Thảo Nguyên"][0]},  # a wrong match replaced
    )
    assert len(chosen_items(plan, choices)) == 5
    result = import_programme(db, created.id, plan, choices=choices)
    assert result.created == 5 and result.unlinked == 1  # "Lê Thị Hoa" ("Ban Tổ chức" was on a skipped item)
    stored = items(db, created.id)
    assert [i.title_vi for i in stored] == [titles[1], titles[2], titles[4], titles[5], titles[6]]
    report, papers, discussion = stored[1], stored[2], stored[3]
    assert people(db, papers.id) == [("speaker", nam), ("speaker", ids["Phạm Thu Trang"][0])]
    assert papers.notes == ""
    assert people(db, report.id) == [("speaker", ids["Phan Thảo Nguyên"][0])]
    assert report.notes == "PGS.TS. Lê Thị Hoa (Học viện Báo chí)"
    assert people(db, discussion.id) == [("speaker", ids["Phan Thảo Nguyên"][0])]
    assert people(db, stored[0].id) == [("chair", ids["Nguyễn Mạnh Hùng"][0])]  # untouched lines keep their match
    assert _rooms(db) == ["Hội trường A", "Phòng họp B"]


def test_a_choice_of_a_delegate_no_longer_listed_writes_nothing(db, event, tmp_path):
    from confman.core.agenda.programme import ProgrammeChoices, import_programme
    from confman.core.errors import DomainError
    from confman.core.registration.service import delete_delegates

    created, ids = event
    plan = plan_programme(db, created.id, write_docx(tmp_path / "chuong_trinh.docx"))
    gone = ids["Phạm Thu Trang"][0]
    delete_delegates(db, [gone])  # deleted on another desk while the preview was open
    with pytest.raises(DomainError) as err:
        import_programme(db, created.id, plan, choices=ProgrammeChoices(people={(4, 1): gone}))
    assert (err.value.code, err.value.params) == ("agenda.programme_delegate_gone", {"id": gone, "row": 9})
    with pytest.raises(DomainError) as err:
        import_programme(db, created.id, plan, choices=ProgrammeChoices(skipped=frozenset({7})))
    assert err.value.code == "agenda.programme_bad_choice"
    assert items(db, created.id) == [] and _rooms(db) == []


def test_the_import_is_one_transaction_a_failure_on_the_fifth_item_leaves_nothing(db, event, tmp_path, monkeypatch):
    from confman.core.agenda import programme, service

    created, _ids = event
    plan = plan_programme(db, created.id, write_docx(tmp_path / "chuong_trinh.docx"))
    real = service._set_people
    calls = []

    def failing(session, item, chairs, speakers):
        calls.append(item.title_vi)
        if len(calls) == 5:
            raise RuntimeError("the disk is full")
        return real(session, item, chairs, speakers)

    monkeypatch.setattr(service, "_set_people", failing)
    with pytest.raises(RuntimeError):
        programme.import_programme(db, created.id, plan, choices=programme.ProgrammeChoices(skipped=frozenset({0})))
    assert len(calls) == 5  # four items and two rooms were written before the failure...
    assert items(db, created.id) == [] and _rooms(db) == []  # ...and rolled back with it
