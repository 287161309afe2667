"""Import parsed delegate lists into an event: duplicates, merges, one transaction, backup, mappings."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select, text

from confman.core.errors import DomainError
from confman.core.registration.importing import parse_file
from confman.core.registration.importing.apply import apply_plan, backup_to
from confman.core.registration.importing.mappings import parse_with_memory, remembered_mapping
from confman.core.registration.importing.plan import RowAction, build_plan
from confman.core.registration.models import Category, Delegate, Organization

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
HEADERS = ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Điện thoại", "Email"]

# fixture -> (delegates created, rows rejected) when imported alone into an empty event; a bad
# phone or e-mail keeps the delegate (its field empty), so those rows are created, not rejected
EXPECTED = {
    "asean_guests.xlsx": (7, 0),
    "guests_cp1252.csv": (3, 0),
    "guests_cp1258.csv": (4, 0),
    "guests_utf16_tab.txt": (4, 0),
    "guests_utf8_bom.csv": (4, 0),
    "guests_utf8_semicolon.csv": (4, 0),
    "hostile.xlsx": (5, 3),
    "hostile_web.xls": (5, 3),
    "ministry_list.xlsx": (8, 1),
    "ministry_list_web.xls": (8, 1),
    "newsroom_press.xls": (4, 0),
    "press_guests.ods": (3, 0),
    "province_split.xlsx": (5, 1),
    "tcvn3_legacy.xlsx": (5, 0),
    "vni_legacy.xlsx": (5, 0),
    "web_export.xls": (1, 0),
    "web_hr_2003.xls": (3, 0),
}
UNREADABLE = ("corrupt.xlsx", "empty.csv", "empty.xlsx", "password.xlsx", "no_header.xlsx", "web_page_no_table.xls",
              "web_xml_bomb.xls")


def write_xlsx(path: Path, rows: list[list[object]], headers: list[str] = HEADERS) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "DS"
    ws.append(headers)
    for number, row in enumerate(rows, start=1):
        ws.append([number, *row])
    wb.save(path)
    return path


def run_import(db, event_id, *paths: Path, backups: Path | None = None, **kw):
    sheets = [s for p in paths for s in parse_file(p)]
    plan = build_plan(db, event_id, sheets)
    result = apply_plan(db, plan, event_id=event_id, backup=backup_to(backups) if backups else None, **kw)
    return plan, result


def delegates(db, event_id) -> list[tuple[str, str, str, str]]:
    with db.session() as session:
        rows = session.execute(
            select(Delegate.full_name, Organization.name, Delegate.phone, Delegate.email)
            .outerjoin(Organization, Organization.id == Delegate.organization_id)
            .where(Delegate.event_id == event_id, Delegate.deleted_at.is_(None))
            .order_by(Delegate.id)
        ).all()
    return [(r[0], r[1] or "", r[2], r[3]) for r in rows]


def snapshot(db) -> tuple[dict[str, int], str, list[tuple[str, str]]]:
    """Row counts of the tables an import writes, a checksum of every delegate column, and the
    delegates table's indexes (a long list is loaded with them dropped and rebuilt)."""
    with db.session() as session:
        counts = {
            name: session.scalar(text(f"SELECT count(*) FROM {name}"))
            for name in ("delegates", "organizations", "audit_log", "import_mappings")
        }
        digest = hashlib.sha256()
        for row in session.execute(text("SELECT * FROM delegates ORDER BY id")):
            digest.update(repr(tuple(row)).encode())
        indexes = [tuple(r) for r in session.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'delegates' ORDER BY name"))
        ] if db.is_sqlite else []
    return counts, digest.hexdigest(), indexes


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_fixture_imports_with_expected_counts(db, make_event, tmp_path, name):
    event = make_event()
    _plan, result = run_import(db, event.id, FIXTURES / name)
    created, rejected = EXPECTED[name]
    assert (result.imported, result.rejected) == (created, rejected)
    assert result.merged == 0
    stored = delegates(db, event.id)
    assert len(stored) == created
    for full_name, _org, phone, email in stored:
        assert unicodedata.is_normalized("NFC", full_name) and full_name == full_name.strip()
        assert phone == "" or re.fullmatch(r"0\d{9,10}|\+\d{8,15}", phone), phone
        assert email == email.lower()
    with db.session() as session:  # derived columns are filled as the ORM would
        for folded, sort_key, search in session.execute(
            select(Delegate.name_folded, Delegate.sort_key, Delegate.search_text).where(Delegate.event_id == event.id)
        ):
            assert folded and sort_key and search.startswith(folded)


def test_vietnamese_names_and_phones_survive(db, make_event):
    event = make_event()
    run_import(db, event.id, FIXTURES / "tcvn3_legacy.xlsx")
    stored = delegates(db, event.id)
    assert ("Nguyễn Văn Tiến", "Sở Thông tin và Truyền thông Hà Nội", "0912345678", "") in stored
    assert "Đặng Quốc Hùng" in [d[0] for d in stored]
    event2 = make_event()
    run_import(db, event2.id, FIXTURES / "asean_guests.xlsx")
    assert ("Tan Mei Ling", "Ministry of Communications and Information", "+6591234567",
            "tan_mei_ling@mci.gov.sg") in delegates(db, event2.id)


@pytest.mark.parametrize("name", UNREADABLE)
def test_unreadable_files_raise_a_domain_error_naming_the_file(name):
    with pytest.raises(DomainError) as err:
        parse_file(FIXTURES / name)
    assert err.value.params.get("file") == name


def test_sure_duplicates_merge_within_the_file_and_against_the_event(db, make_event, make_delegate, tmp_path):
    event = make_event()
    existing = make_delegate(event.id, "Nguyễn Văn Tiến", organization="Bộ Thông tin và Truyền thông",
                             phone="0912345678", position="Thứ trưởng")
    path = write_xlsx(tmp_path / "ds.xlsx", [
        ["NGUYỄN  văn TIẾN", "Phó Vụ trưởng", "Bộ Thông tin và Truyền thông", "0912 345 678", "tien@mic.gov.vn"],
        ["Lê Thị Mai", "Chuyên viên", "Sở TT&TT Hà Nội", "0987000111", ""],
        ["Lê Thị Mai", "", "Sở TT&TT Hà Nội", "", "mai@hanoi.gov.vn"],  # no shared contact yet: possible
        ["lê thị mai", "", "", "0987000111", "mai.le@hanoi.gov.vn"],  # same phone: sure
    ])
    plan, result = run_import(db, event.id, path)
    actions = [r.action for r in plan.rows]
    assert actions == [RowAction.MERGE, RowAction.NEW, RowAction.POSSIBLE, RowAction.MERGE]
    assert plan.rows[0].existing_id == existing and plan.rows[3].row_index == 1
    assert (result.imported, result.merged, result.possible_duplicates) == (2, 2, 1)
    with db.session() as session:
        tien = session.get(Delegate, existing)
        assert tien.position == "Thứ trưởng"  # existing values kept
        assert tien.email == "tien@mic.gov.vn"  # empty field filled
    assert [c.conflict.field for c in result.conflicts] == ["position"]
    assert result.conflicts[0].conflict.incoming == "Phó Vụ trưởng"
    mai = [d for d in delegates(db, event.id) if d[0] == "Lê Thị Mai"]
    assert mai[0] == ("Lê Thị Mai", "Sở TT&TT Hà Nội", "0987000111", "mai.le@hanoi.gov.vn")
    assert len(mai) == 2


def test_tone_marks_are_never_merged_but_flagged(db, make_event, make_delegate, tmp_path):
    event = make_event()
    make_delegate(event.id, "Đặng Hùng", organization="Bộ Tài chính", phone="0912000001")
    make_delegate(event.id, "Trần Thị Thủy", organization="Bộ Y tế", email="thuy@moh.gov.vn")
    path = write_xlsx(tmp_path / "ds.xlsx", [
        ["Đặng Hưng", "", "Bộ Tài chính", "0912000001", ""],
        ["Trần Thị Thúy", "", "Sở Y tế Huế", "", "thuy@moh.gov.vn"],
    ])
    plan, result = run_import(db, event.id, path)
    assert [(r.action, r.reason) for r in plan.rows] == [
        (RowAction.POSSIBLE, "tone_marks"), (RowAction.POSSIBLE, "tone_marks")
    ]
    assert len(plan.groups) == 2 and plan.groups[0].existing is not None
    assert (result.imported, result.merged) == (2, 0)
    names = [d[0] for d in delegates(db, event.id)]
    assert sorted(names) == sorted(["Đặng Hùng", "Trần Thị Thủy", "Đặng Hưng", "Trần Thị Thúy"])


def test_same_common_name_in_one_ministry_is_a_possible_duplicate(db, make_event, make_delegate, tmp_path):
    event = make_event()
    first = make_delegate(event.id, "Nguyễn Văn An", organization="Bộ Công an")
    path = write_xlsx(tmp_path / "ds.xlsx", [["Nguyễn Văn An", "Cán bộ", "BỘ CÔNG AN", "", ""]])
    plan = build_plan(db, event.id, parse_file(path))
    (row,) = plan.rows
    assert (row.action, row.reason, row.existing_id) == (RowAction.POSSIBLE, "same_name_org", first)
    assert (plan.new, plan.merged, plan.possible) == (0, 0, 1)

    before = snapshot(db)
    skipped = apply_plan(db, plan, event_id=event.id, decisions={row.group: "skip"})
    assert skipped.imported == 0 and skipped.skipped == 1
    assert snapshot(db)[0]["delegates"] == before[0]["delegates"]

    kept = apply_plan(db, build_plan(db, event.id, parse_file(path)), event_id=event.id)  # default: keep
    assert kept.imported == 1 and kept.possible_duplicates == 1
    assert [d[0] for d in delegates(db, event.id)] == ["Nguyễn Văn An", "Nguyễn Văn An"]


def test_possible_duplicate_merged_when_the_reviewer_says_so(db, make_event, make_delegate, tmp_path):
    event = make_event()
    first = make_delegate(event.id, "Phạm Minh Chính", organization="Văn phòng Chính phủ")
    path = write_xlsx(tmp_path / "ds.xlsx", [["Phạm Minh Chinh", "Chuyên viên", "Văn phòng Chính phủ", "0903000000", ""]])
    plan = build_plan(db, event.id, parse_file(path))
    assert plan.rows[0].action is RowAction.POSSIBLE
    result = apply_plan(db, plan, event_id=event.id, decisions={plan.rows[0].group: "merge"})
    assert (result.imported, result.merged) == (0, 1)
    assert delegates(db, event.id) == [("Phạm Minh Chính", "Văn phòng Chính phủ", "0903000000", "")]
    with db.session() as session:
        assert session.get(Delegate, first).position == "Chuyên viên"


def test_near_match_in_the_same_organization_is_flagged(db, make_event, make_delegate, tmp_path):
    event = make_event()
    make_delegate(event.id, "Nguyễn Thị Phương Thảo", organization="Báo Nhân Dân")
    path = write_xlsx(tmp_path / "ds.xlsx", [
        ["Nguyễn Thị Phuong Thảo.", "", "Báo Nhân Dân", "", ""],  # typo-level difference
        ["Nguyễn Phương Thảo", "", "Báo Nhân Dân", "", ""],  # middle name left out
        ["Nguyễn Thị Phương Thảo", "", "Báo Tuổi Trẻ", "", ""],  # same name elsewhere: a different person
        ["Nguyễn Thị Phương Thanh", "", "Báo Nhân Dân", "", ""],  # another given name: a different person
    ])
    plan = build_plan(db, event.id, parse_file(path))
    assert [r.action for r in plan.rows] == [RowAction.POSSIBLE, RowAction.POSSIBLE, RowAction.NEW, RowAction.NEW]
    assert {r.reason for r in plan.rows[:2]} == {"similar_name"}
    assert len(plan.groups) == 1 and plan.groups[0].rows == (0, 1)


@pytest.mark.parametrize("on_duplicate, created, merged", [("merge", 0, 1), ("skip", 0, 0), ("keep", 1, 0)])
def test_on_duplicate_applies_to_sure_duplicates(db, make_event, make_delegate, tmp_path, on_duplicate, created,
                                                 merged):
    event = make_event()
    make_delegate(event.id, "Hoàng Văn Nam", phone="0912999888")
    path = write_xlsx(tmp_path / "ds.xlsx", [["Hoàng Văn Nam", "Giám đốc", "Sở Nội vụ", "0912999888", ""]])
    _plan, result = run_import(db, event.id, path, on_duplicate=on_duplicate)
    assert (result.imported, result.merged) == (created, merged)
    assert len(delegates(db, event.id)) == 1 + created


def test_categories_matched_by_label_or_code_and_organizations_created_once(db, make_event, tmp_path):
    event = make_event()
    path = write_xlsx(tmp_path / "ds.xlsx", [
        ["Ngô Bảo Châu", "Viện Toán học", "VIỆN TOÁN HỌC", "Khách mời"],
        ["Lý Hoàng Nam", "Viện Toán học", "viện toán học", "BC"],
        ["Trương Gia Bình", "", "FPT", "Nhóm lạ"],
    ], headers=["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Loại đại biểu"])
    plan, result = run_import(db, event.id, path)
    assert result.imported == 3
    assert [w.code for w in plan.warnings] == ["import_ui.category_unknown"]
    with db.session() as session:
        codes = session.execute(
            select(Delegate.full_name, Category.code).join(Category).where(Delegate.event_id == event.id)
            .order_by(Delegate.id)
        ).all()
        assert [c for _n, c in codes] == ["KM", "BC", "DB"]  # unknown -> the default category
        assert session.scalar(select(func.count()).select_from(Organization)
                              .where(Organization.name_folded == "vien toan hoc")) == 1


def _big_file(tmp_path: Path, n: int = 2500, unit: str | None = None) -> Path:
    return write_xlsx(tmp_path / "big.xlsx", [
        [f"Người Thứ {i}", "Chuyên viên", unit or f"Đơn vị {i % 40}", f"09{i:08d}", ""] for i in range(n)
    ])


def test_cancel_mid_import_leaves_the_database_unchanged(db, make_event, make_delegate, tmp_path):
    event = make_event()
    make_delegate(event.id, "Đã Có Sẵn", organization="Bộ Ngoại giao", phone="0900000001")
    path = _big_file(tmp_path)
    plan = build_plan(db, event.id, parse_file(path))
    before = snapshot(db)
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)

    with pytest.raises(DomainError) as err:
        apply_plan(db, plan, event_id=event.id, progress=progress, cancelled=lambda: len(seen) > 3)
    assert err.value.code == "import_ui.cancelled"
    assert any(0 < d < len(plan.rows) for d in seen)  # rows were inserted before the cancel
    assert snapshot(db) == before


def test_an_error_mid_import_leaves_the_database_unchanged(db, make_event, make_delegate, tmp_path):
    event = make_event()
    make_delegate(event.id, "Đã Có Sẵn", organization="Bộ Ngoại giao", phone="0900000001")
    plan = build_plan(db, event.id, parse_file(_big_file(tmp_path)))
    before = snapshot(db)
    calls = iter(range(100))

    def failing_progress(done: int, total: int) -> None:
        if next(calls) == 4:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        apply_plan(db, plan, event_id=event.id, progress=failing_progress)
    assert snapshot(db) == before


def test_an_error_before_anything_else_was_written_leaves_the_database_unchanged(db, make_event, make_delegate,
                                                                               tmp_path):
    """Every unit already exists and nothing merges: the delegates are the import's first writes
    (the indexes dropped for the load must still be inside its transaction)."""
    event = make_event()
    make_delegate(event.id, "Đã Có Sẵn", organization="Bộ Ngoại giao", phone="0900000001")
    plan = build_plan(db, event.id, parse_file(_big_file(tmp_path, unit="Bộ Ngoại giao")))
    before = snapshot(db)
    assert len(before[2]) >= 8  # the table's indexes, there to be lost

    with pytest.raises(DomainError) as err:
        apply_plan(db, plan, event_id=event.id, cancelled=iter([False] * 4 + [True] * 99).__next__)
    assert err.value.code == "import_ui.cancelled"
    assert snapshot(db) == before


def test_a_long_list_leaves_every_index_in_place_and_used(db, make_event, make_delegate, tmp_path):
    event = make_event()
    make_delegate(event.id, "Đã Có Sẵn", organization="Bộ Ngoại giao", phone="0900000001")
    indexes = snapshot(db)[2]
    _plan, result = run_import(db, event.id, _big_file(tmp_path, n=1200))
    assert result.imported == 1200
    assert snapshot(db)[2] == indexes  # dropped for the load, rebuilt the same
    with db.session() as session:
        plan = " ".join(str(r[-1]) for r in session.execute(text(
            "EXPLAIN QUERY PLAN SELECT id FROM delegates WHERE event_id = :e AND phone = :p"),
            {"e": event.id, "p": "0900000777"}))
        found = session.scalar(select(Delegate.full_name).where(Delegate.event_id == event.id,
                                                                Delegate.phone == "0900000777"))
        integrity = session.scalar(text("PRAGMA integrity_check"))
    assert "ix_delegates_event_phone" in plan
    assert found == "Người Thứ 777" and integrity == "ok"


def test_backup_is_made_before_the_import(db, make_event, make_delegate, tmp_path):
    event = make_event()
    make_delegate(event.id, "Người Cũ")
    backups = tmp_path / "import-backups"
    _plan, result = run_import(db, event.id, FIXTURES / "ministry_list.xlsx", backups=backups)
    assert result.backup is not None and result.backup.parent == backups
    assert "before-import" in result.backup.name
    with sqlite3.connect(result.backup) as conn:  # the copy holds the database as it was
        assert conn.execute("SELECT count(*) FROM delegates").fetchone()[0] == 1
    assert len(delegates(db, event.id)) == 1 + result.imported


def test_the_mapping_used_is_remembered_for_the_next_file_with_the_same_headers(db, make_event, tmp_path):
    event = make_event()
    headers = ["STT", "Họ và tên", "Nơi làm việc hiện nay", "Số máy"]
    first = write_xlsx(tmp_path / "a.xlsx", [["Bùi Văn Cường", "Sở Tài chính", "0911111111"]], headers=headers)
    (detected,) = parse_file(first)
    assert "organization" not in detected.columns  # not recognised automatically
    mapping = {**detected.columns, "organization": 2, "phone": 3}
    sheets = parse_file(first, mapping=mapping)
    assert remembered_mapping(db, sheets[0].header_signature) is None
    apply_plan(db, build_plan(db, event.id, sheets), event_id=event.id)
    assert remembered_mapping(db, sheets[0].header_signature) == mapping

    second = write_xlsx(tmp_path / "b.xlsx", [["Đoàn Thị Hương", "Sở Xây dựng", "0922222222"]], headers=headers)
    (parsed,) = parse_with_memory(db, second)
    assert parsed.columns == mapping
    assert (parsed.rows[0].organization, parsed.rows[0].phone) == ("Sở Xây dựng", "0922222222")


@pytest.mark.postgres
def test_import_and_rollback_on_postgresql(pg_db, make_event, tmp_path):
    event = make_event(pg_db)
    _plan, result = run_import(pg_db, event.id, FIXTURES / "ministry_list.xlsx", backups=tmp_path / "b")
    assert (result.imported, result.rejected, result.backup) == (8, 1, None)  # the server backs itself up
    _plan, again = run_import(pg_db, event.id, FIXTURES / "ministry_list.xlsx")
    assert (again.merged, again.possible_duplicates) == (7, 1)
    plan = build_plan(pg_db, event.id, parse_file(_big_file(tmp_path, 1500)))
    before = snapshot(pg_db)
    with pytest.raises(DomainError):
        apply_plan(pg_db, plan, event_id=event.id, cancelled=iter([False] * 4 + [True] * 99).__next__)
    assert snapshot(pg_db) == before


def test_the_plan_shows_merges_field_by_field_duplicates_rejections_and_flags(db, make_event, make_delegate,
                                                                              tmp_path):
    """What the wizard's review step shows before anything is written."""
    event = make_event()
    tien = make_delegate(event.id, "Nguyễn Văn Tiến", organization="Bộ Ngoại giao", phone="0912345678")
    path = write_xlsx(tmp_path / "review.xlsx", [
        ["Nguyễn Văn Tiến", "Vụ trưởng", "Bộ Ngoại giao", "0912 345 678", "tien@mofa.gov.vn"],  # merges into Tiến
        ["Trần Thị Lan", "Chuyên viên", "Sở Tài chính", "098 765 4321", ""],
        ["Trần Thị Lan", "", "Sở Tài chính", "", "lan.tt@gmail.com"],  # same name and unit, no shared contact
        ["", "Chuyên viên", "Sở Y tế", "0911111111", ""],  # no name: rejected
        ["Phạm Minh Đức", "", "Sở Y tế", "0911 abc", "duc@@x"],  # both contacts bad: imported bare
    ])
    before = delegates(db, event.id)
    plan = build_plan(db, event.id, parse_file(path))
    assert delegates(db, event.id) == before  # the plan writes nothing

    (merge,) = plan.merges
    assert merge.existing is not None and merge.existing.id == tien and merge.target_row is None
    assert [(c.field, c.before, c.after) for c in merge.changes] == [
        ("position", "", "Vụ trưởng"), ("email", "", "tien@mofa.gov.vn")]
    assert merge.conflicts == ()
    (group,) = plan.groups
    assert group.reasons == {"same_name_org"} and len(group.rows) == 1
    assert plan.rows[group.rows[0]].row.email == "lan.tt@gmail.com"
    assert [(r.row, r.code) for r in plan.rejected] == [(5, "import.row.name_missing")]
    (flagged,) = plan.flagged
    assert flagged.row.full_name == "Phạm Minh Đức" and (flagged.row.phone, flagged.row.email) == ("", "")
    assert [w.params["field"] for w in flagged.dropped] == ["phone", "email"]

    result = apply_plan(db, plan, event_id=event.id)
    assert [r.full_name for r in result.flagged] == ["Phạm Minh Đức"]
    with db.session() as session:
        stored = session.get(Delegate, tien)
        assert (stored.position, stored.email) == ("Vụ trưởng", "tien@mofa.gov.vn")
        duc = session.scalars(select(Delegate).where(Delegate.full_name == "Phạm Minh Đức")).one()
        assert (duc.phone, duc.email) == ("", "")
