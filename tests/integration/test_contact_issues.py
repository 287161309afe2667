"""Contacts that need checking are remembered on the delegate: set by the import, the delegate form and the
walk-in desk, cleared when corrected, filtered, exported, listed by the CLI and purged."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from confman.cli import run
from confman.core.checkin.service import register_walk_in
from confman.core.errors import DomainError
from confman.core.registration.exporting import export_delegates
from confman.core.registration.importing import parse_file
from confman.core.registration.importing.apply import apply_plan
from confman.core.registration.importing.plan import build_plan
from confman.core.registration.models import Delegate
from confman.core.registration.rows import DelegateFilters, DelegateInput
from confman.core.registration.service import (
    create_delegate,
    get_delegate,
    merge_delegates,
    search_delegates,
    update_delegate,
)
from tests.list_files import write_list


def run_import(db, event_id: int, path: Path):
    plan = build_plan(db, event_id, parse_file(path))
    return apply_plan(db, plan, event_id=event_id)


def stored(db, event_id: int) -> dict[str, tuple[str, str, str, str, str, str]]:
    """full name -> (phone, email, phone_issue, phone_issue_value, email_issue, email_issue_value)"""
    with db.session() as session:
        return {r[0]: tuple(r[1:]) for r in session.execute(
            select(Delegate.full_name, Delegate.phone, Delegate.email, Delegate.phone_issue,
                   Delegate.phone_issue_value, Delegate.email_issue, Delegate.email_issue_value)
            .where(Delegate.event_id == event_id, Delegate.deleted_at.is_(None)))}


def flagged_names(db, event_id: int) -> set[str]:
    result = search_delegates(db, event_id, filters=DelegateFilters(contact_issues=True), limit=None)
    return {r.full_name for r in result.rows}


LIST = [
    ["Nguyễn Văn An", "Vụ trưởng", "Bộ Ngoại giao", "0912 345 678", "an@mofa.gov.vn"],
    ["Trần Thị Bình", "Chuyên viên", "Bộ Ngoại giao", "09abc", "binh@mofa.gov.vn"],
    ["Lê Văn Cường", "Phóng viên", "Báo Nhân Dân", "0988 111 222", "cuong@"],
    ["Phạm Thu Dung", "Giám đốc", "Sở TT&TT Huế", "12345", "dung at hue"],
]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request):
    return request.getfixturevalue("db" if request.param == "sqlite" else "pg_db")


def test_import_remembers_each_bad_phone_and_email_on_the_delegate(database, make_event, tmp_path):
    event = make_event(database)
    result = run_import(database, event.id, write_list(tmp_path / "ds.xlsx", LIST))
    assert result.imported == 4 and len(result.flagged) == 3
    rows = stored(database, event.id)
    assert rows["Nguyễn Văn An"] == ("0912345678", "an@mofa.gov.vn", "", "", "", "")
    assert rows["Trần Thị Bình"] == ("", "binh@mofa.gov.vn", "phone.letters", "09abc", "", "")
    assert rows["Lê Văn Cường"] == ("0988111222", "", "", "", "email.invalid", "cuong@")
    assert rows["Phạm Thu Dung"] == ("", "", "phone.invalid", "12345", "email.invalid", "dung at hue")
    # The filter shows exactly the three, each row naming the field and why.
    assert flagged_names(database, event.id) == {"Trần Thị Bình", "Lê Văn Cường", "Phạm Thu Dung"}
    dung = next(r for r in search_delegates(database, event.id, "Dung").rows)
    assert [i.text("vi") for i in dung.contact_issues] == [
        'Điện thoại "12345" không hợp lệ (sai số chữ số hoặc đầu số).',
        'Email "dung at hue" không đúng định dạng địa chỉ thư điện tử.',
    ]
    assert get_delegate(database, dung.id).contact_issues == dung.contact_issues


def test_a_later_list_with_the_right_number_clears_the_flag_and_a_bad_one_flags_a_person_without_one(
        db, make_event, tmp_path):
    event = make_event()
    run_import(db, event.id, write_list(tmp_path / "first.xlsx", LIST[:3]))
    assert flagged_names(db, event.id) == {"Trần Thị Bình", "Lê Văn Cường"}
    # The unit sends its list again: Bình's phone is right now (merged by her e-mail); Cường's e-mail is still
    # bad, his phone known already; a second person from Bình's unit comes with a bad phone.
    second = write_list(tmp_path / "second.xlsx", [
        ["Trần Thị Bình", "Chuyên viên", "Bộ Ngoại giao", "0903 222 333", "binh@mofa.gov.vn"],
        ["Lê Văn Cường", "Phóng viên", "Báo Nhân Dân", "0988 111 222", "cuong@@nhandan"],
        ["Hoàng Minh Em", "Thư ký", "Bộ Ngoại giao", "0903-22", ""],
    ])
    result = run_import(db, event.id, second)
    assert result.merged == 2 and result.imported == 1
    rows = stored(db, event.id)
    assert rows["Trần Thị Bình"] == ("0903222333", "binh@mofa.gov.vn", "", "", "", "")
    assert rows["Lê Văn Cường"] == ("0988111222", "", "", "", "email.invalid", "cuong@")  # his first value kept
    assert rows["Hoàng Minh Em"][2:4] == ("phone.invalid", "0903-22")
    assert flagged_names(db, event.id) == {"Lê Văn Cường", "Hoàng Minh Em"}


def test_a_row_repeating_an_earlier_row_with_the_right_number_clears_it_within_one_list(db, make_event, tmp_path):
    event = make_event()
    path = write_list(tmp_path / "twice.xlsx", [
        ["Trần Thị Bình", "Chuyên viên", "Bộ Ngoại giao", "09abc", "binh@mofa.gov.vn"],
        ["Trần Thị Bình", "Chuyên viên", "Bộ Ngoại giao", "0903 222 333", "binh@mofa.gov.vn"],
        ["Đỗ Văn Giang", "Chuyên viên", "Bộ Ngoại giao", "", "giang@mofa.gov.vn"],
        ["Đỗ Văn Giang", "Chuyên viên", "Bộ Ngoại giao", "0903", "giang@mofa.gov.vn"],
    ])
    result = run_import(db, event.id, path)
    assert result.imported == 2 and result.merged == 2
    rows = stored(db, event.id)
    assert rows["Trần Thị Bình"] == ("0903222333", "binh@mofa.gov.vn", "", "", "", "")
    assert rows["Đỗ Văn Giang"][2:4] == ("phone.invalid", "0903")


def test_the_form_flags_a_bad_value_when_asked_and_a_correction_clears_it(db, make_event):
    event = make_event()
    with pytest.raises(DomainError):  # without the flag the rules still refuse (the CLI's delegates add)
        create_delegate(db, event.id, DelegateInput(full_name="Trần Thị Bình", phone="09abc"))
    saved = create_delegate(db, event.id, DelegateInput(full_name="Trần Thị Bình", phone="09abc",
                                                        email="binh@mofa.gov.vn", flag_invalid_contact=True))
    assert (saved.detail.phone, saved.detail.email) == ("", "binh@mofa.gov.vn")
    assert [(i.field, i.code, i.value) for i in saved.detail.contact_issues] == [("phone", "phone.letters", "09abc")]
    assert flagged_names(db, event.id) == {"Trần Thị Bình"}
    # Saved again unchanged (the form shows the value as given): still flagged; the e-mail broken too.
    again = update_delegate(db, saved.detail.id, DelegateInput(full_name="Trần Thị Bình", phone="09abc",
                                                              email="binh@", flag_invalid_contact=True))
    assert [(i.field, i.value) for i in again.detail.contact_issues] == [("phone", "09abc"), ("email", "binh@")]
    # Corrected: the flag goes with the wrong value.
    fixed = update_delegate(db, saved.detail.id, DelegateInput(full_name="Trần Thị Bình", phone="0903 222 333",
                                                              email="binh@mofa.gov.vn", flag_invalid_contact=True))
    assert fixed.detail.contact_issues == () and fixed.detail.phone == "0903222333"
    assert flagged_names(db, event.id) == set()
    assert stored(db, event.id)["Trần Thị Bình"] == ("0903222333", "binh@mofa.gov.vn", "", "", "", "")


def test_the_walk_in_desk_flags_a_bad_phone_instead_of_holding_up_the_queue(db, make_event):
    event = make_event()
    walk_in = register_walk_in(db, event_id=event.id, full_name="Vũ Thị Hạnh", organization="Báo Tuổi Trẻ",
                               phone="0912 34", email="hanh@tuoitre.vn", station="Cửa A")
    assert walk_in.checkin.result == "ok"
    detail = get_delegate(db, walk_in.delegate_id)
    assert (detail.phone, detail.email) == ("", "hanh@tuoitre.vn")
    assert [(i.field, i.code, i.value) for i in detail.contact_issues] == [("phone", "phone.invalid", "0912 34")]
    assert flagged_names(db, event.id) == {"Vũ Thị Hạnh"}
    plain = register_walk_in(db, event_id=event.id, full_name="Ngô Văn Khải", phone="0912 345 679")
    assert get_delegate(db, plain.delegate_id).contact_issues == ()


def test_a_merge_that_takes_a_phone_takes_what_needs_checking_about_it(db, make_event, make_delegate):
    event = make_event()
    keep = make_delegate(event.id, "Trần Thị Bình", phone="0903222333")
    other = make_delegate(event.id, "Trần Thị Bình", email="binh@", email_issue="email.invalid",
                          email_issue_value="binh@", phone_issue="phone.letters", phone_issue_value="09abc")
    merge_delegates(db, keep, other, take_from_other=["email"])
    detail = get_delegate(db, keep)
    assert [(i.field, i.value) for i in detail.contact_issues] == [("email", "binh@")]  # the phone kept is valid


def test_the_exported_list_says_what_to_check_and_the_filter_exports_only_those(db, make_event, tmp_path):
    event = make_event()
    run_import(db, event.id, write_list(tmp_path / "ds.xlsx", LIST))
    everyone = export_delegates(db, event.id, tmp_path / "all.xlsx", lang="vi")
    assert everyone.rows == 4
    sheet = load_workbook(everyone.path).active
    header = [c.value for c in sheet[1]]
    assert header[-1] == "Liên hệ cần kiểm tra"
    by_name = {row[header.index("Họ và tên")]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert by_name["Nguyễn Văn An"][-1] is None
    assert by_name["Trần Thị Bình"][-1] == 'Điện thoại "09abc" có chữ cái, không phải số điện thoại.'
    assert by_name["Phạm Thu Dung"][-1] == ('Điện thoại "12345" không hợp lệ (sai số chữ số hoặc đầu số).; '
                                            'Email "dung at hue" không đúng định dạng địa chỉ thư điện tử.')
    english = load_workbook(export_delegates(db, event.id, tmp_path / "en.xlsx", lang="en").path).active
    assert english.cell(1, len(header)).value == "Contact needs checking"
    only = export_delegates(db, event.id, tmp_path / "check.xlsx", filters=DelegateFilters(contact_issues=True))
    names = [r[2] for r in load_workbook(only.path).active.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["Lê Văn Cường", "Phạm Thu Dung", "Trần Thị Bình"]
    # The exported file still imports back: the column is not read as a phone or a note.
    again = make_event()
    result = run_import(db, again.id, everyone.path)
    assert result.imported == 4 and stored(db, again.id)["Nguyễn Văn An"][:2] == ("0912345678", "an@mofa.gov.vn")


def _sheet_by_name(sheet) -> tuple[list[str], dict[str, tuple]]:
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(v) for v in rows[0]]
    name_col = 2 if header[2] in ("Họ và tên", "Full name") else 1
    return header, {row[name_col]: row for row in rows[1:]}


@pytest.mark.parametrize(("lang", "column"), [("vi", "Liên hệ cần kiểm tra"), ("en", "Contact needs checking")])
def test_the_reports_delegate_list_says_what_to_check_as_the_delegates_export_does(db, make_event, tmp_path,
                                                                                   lang, column):
    import io

    from confman.core.reports import ReportOptions, generate

    event = make_event()
    run_import(db, event.id, write_list(tmp_path / "ds.xlsx", LIST))
    exported = load_workbook(export_delegates(db, event.id, tmp_path / "all.xlsx", lang=lang).path).active
    report = generate(db, event.id, "delegates", "xlsx", ReportOptions(lang=lang, include_contacts=True))
    sheet = load_workbook(io.BytesIO(report.data)).worksheets[0]
    header, by_name = _sheet_by_name(sheet)
    export_header, export_by_name = _sheet_by_name(exported)
    assert header[-1] == export_header[-1] == column
    assert set(by_name) == set(export_by_name) == {row[0] for row in LIST}
    for name, row in by_name.items():  # the same sentence, cell for cell
        assert row[-1] == export_by_name[name][-1]
    assert by_name["Nguyễn Văn An"][-1] is None
    if lang == "vi":
        assert by_name["Phạm Thu Dung"][-1] == ('Điện thoại "12345" không hợp lệ (sai số chữ số hoặc đầu số).; '
                                                'Email "dung at hue" không đúng định dạng địa chỉ thư điện tử.')
    else:
        assert by_name["Trần Thị Bình"][-1] == 'Phone "09abc" contains letters; it is not a phone number.'
    assert sheet.column_dimensions[sheet.cell(1, len(header)).column_letter].width == 45

    # Without phone and e-mail (the default, personal data) the values as given are not printed either.
    plain = generate(db, event.id, "delegates", "xlsx", ReportOptions(lang=lang))
    cells = {c for row in load_workbook(io.BytesIO(plain.data)).worksheets[0].iter_rows(values_only=True)
             for c in row}
    assert column not in cells and not any(isinstance(c, str) and "09abc" in c for c in cells)


def test_the_report_command_writes_the_column_to_check(db, cli, tmp_path):
    from confman.core.events.service import resolve_event

    run_import(db, resolve_event(db, "HN2026").id, write_list(tmp_path / "ds.xlsx", LIST))
    out = tmp_path / "danh sach.xlsx"
    code, stdout, err = cli("report", "delegates", str(out), "--contacts")
    assert code == 0, err
    assert str(out) in stdout
    header, by_name = _sheet_by_name(load_workbook(out).worksheets[0])
    assert header[-3:] == ["Điện thoại", "Thư điện tử", "Liên hệ cần kiểm tra"]
    assert by_name["Lê Văn Cường"][-3:] == ("0988111222", None,
                                            'Email "cuong@" không đúng định dạng địa chỉ thư điện tử.')


def test_the_cli_lists_and_exports_only_the_contacts_to_check(db, sqlite_url, make_event, tmp_path, capsys):
    event = make_event(code="HN2026")
    run_import(db, event.id, write_list(tmp_path / "ds.xlsx", LIST))

    def cli(*argv: str) -> str:
        capsys.readouterr()
        assert run(["--db", sqlite_url, "--lang", "vi", *argv]) == 0
        return capsys.readouterr().out

    listed = json.loads(cli("delegates", "list", "--needs-check", "--json"))
    assert sorted(d["full_name"] for d in listed["delegates"]) == ["Lê Văn Cường", "Phạm Thu Dung", "Trần Thị Bình"]
    binh = next(d for d in listed["delegates"] if d["full_name"] == "Trần Thị Bình")
    assert binh["contact_issues"] == [{"field": "phone", "code": "phone.letters", "value": "09abc",
                                       "reason": 'Điện thoại "09abc" có chữ cái, không phải số điện thoại.'}]
    every = json.loads(cli("delegates", "list", "--json"))["delegates"]
    assert next(d for d in every if d["full_name"] == "Nguyễn Văn An")["contact_issues"] == []
    text = cli("delegates", "list", "--needs-check")
    assert "⚠ Điện thoại \"09abc\" có chữ cái" in text and "Nguyễn Văn An" not in text
    cli("export", str(tmp_path / "check.csv"), "--needs-check")
    lines = (tmp_path / "check.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 4 and lines[0].endswith("Liên hệ cần kiểm tra")


def test_the_purge_removes_the_values_kept_for_checking(db, make_event, tmp_path):
    from datetime import date

    from confman.core.reports.purge import purge_personal_data

    event = make_event(start_date=date(2018, 12, 10), end_date=date(2018, 12, 11))
    run_import(db, event.id, write_list(tmp_path / "ds.xlsx", LIST))
    result = purge_personal_data(db, event.id, confirm=event.code, backups_folder=tmp_path / "backups",
                                 keep_backup=True)
    assert result.phones == 4 and result.emails == 4  # the values kept for checking counted too
    assert set(stored(db, event.id).values()) == {("", "", "", "", "", "")}
    with sqlite3.connect(result.backup) as copy:  # the one copy kept holds them, as the user chose
        assert copy.execute("SELECT count(*) FROM delegates WHERE phone_issue_value != ''").fetchone()[0] == 2


def test_the_filter_keeps_to_the_event_and_leaves_the_recycle_bin_out(database, make_event, tmp_path):
    from confman.core.registration.service import delete_delegates

    event, other = make_event(database), make_event(database)
    run_import(database, event.id, write_list(tmp_path / "ds.xlsx", LIST))
    run_import(database, other.id, write_list(tmp_path / "other.xlsx", [
        ["Đinh Văn Hải", "Chuyên viên", "Bộ Công an", "0912", ""]]))
    binh = search_delegates(database, event.id, "Bình").rows[0].id
    delete_delegates(database, [binh])
    assert flagged_names(database, event.id) == {"Lê Văn Cường", "Phạm Thu Dung"}
    assert flagged_names(database, other.id) == {"Đinh Văn Hải"}
    in_bin = search_delegates(database, event.id, filters=DelegateFilters(contact_issues=True, only_deleted=True))
    assert [r.full_name for r in in_bin.rows] == ["Trần Thị Bình"]


def test_on_sqlite_the_filter_reads_the_partial_index_not_every_row(db, make_event):
    from sqlalchemy import select as sql_select

    from confman.core.registration.rows import DelegateSort
    from confman.core.registration.service import _search_select

    event = make_event()
    stmt = _search_select(db, sql_select(Delegate.id).select_from(Delegate), event.id, "",
                          DelegateFilters(contact_issues=True), DelegateSort())
    with db.session() as session:
        compiled = stmt.compile(session.get_bind())
        plan = session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled),
                                                    tuple(compiled.params[k] for k in compiled.positiontup)).all()
    assert "ix_delegates_contact_issue" in " ".join(str(step) for step in plan)
