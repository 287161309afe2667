"""The review step's choices in the core: one decision per possible-duplicate pair, and strict
(reject the rows whose phone or e-mail is invalid) — previewed and applied alike."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from confman.core.errors import DomainError
from confman.core.registration.importing import parse_file
from confman.core.registration.importing.apply import Choices, apply_plan, preview_plan
from confman.core.registration.importing.plan import RowAction, build_plan
from confman.core.registration.models import Delegate
from confman.import_report import rejection_reason
from tests.list_files import write_list


def people(db, event_id: int) -> list[tuple[str, str, str, str]]:
    with db.session() as session:
        rows = session.scalars(select(Delegate).where(Delegate.event_id == event_id).order_by(Delegate.id))
        return [(d.full_name, d.position, d.phone, d.email) for d in rows]


@pytest.fixture
def setup(db, make_event, make_delegate, tmp_path):
    """Two look-alikes of one person already there (one group, two pairs) and a row with a bad phone."""
    event = make_event()
    an = make_delegate(event.id, "Nguyễn Văn An", organization="Bộ Công an")
    path = write_list(tmp_path / "ds.xlsx", [
        ["Nguyễn Văn An", "Cán bộ", "Bộ Công an", "0911000001", ""],  # row 2: pair 1
        ["Nguyễn Văn An", "Đại úy", "Bộ Công an", "", "an.nv@bca.gov.vn"],  # row 3: pair 2
        ["Lê Thị Hoa", "Chuyên viên", "Sở Y tế", "0911 abc", ""],  # row 4: bad phone
    ])
    plan = build_plan(db, event.id, parse_file(path))
    return event, an, plan


def test_each_pair_of_a_group_is_decided_on_its_own(db, setup):
    event, an, plan = setup
    pairs = plan.pairs
    assert [p.row.row.excel_row for p in pairs] == [2, 3]
    assert {p.existing.id for p in pairs} == {an} and len(plan.groups) == 1  # one group, two pairs
    choices = Choices(pairs={pairs[0].index: "merge", pairs[1].index: "skip"})

    preview = preview_plan(plan, choices=choices)
    assert (preview.imported, preview.merged, preview.skipped) == (1, 1, 1)
    result = apply_plan(db, plan, event_id=event.id, choices=choices)
    assert (result.imported, result.merged, result.skipped) == (preview.imported, preview.merged, preview.skipped)
    assert people(db, event.id) == [("Nguyễn Văn An", "Cán bộ", "0911000001", ""), ("Lê Thị Hoa", "Chuyên viên", "", "")]


def test_a_pair_choice_wins_over_its_group_choice(db, setup):
    event, _an, plan = setup
    (group,) = plan.groups
    choices = Choices(decisions={group.id: "skip"}, pairs={plan.pairs[1].index: "keep"})
    result = apply_plan(db, plan, event_id=event.id, choices=choices)
    assert (result.imported, result.skipped) == (2, 1)
    assert [p[1] for p in people(db, event.id)] == ["", "Đại úy", "Chuyên viên"]


def test_flagged_rows_are_imported_bare_or_rejected_when_strict(db, setup, tmp_path):
    event, _an, plan = setup
    (flagged,) = plan.flagged
    assert flagged.row.excel_row == 4 and flagged.action is RowAction.NEW
    (rejection,) = plan.flag_rejections
    assert (rejection.row, rejection.code, rejection.params["field"]) == (4, "phone.letters", "phone")
    # the same reason as `confman import --strict` gives it when parsing
    (strict_sheet,) = parse_file(tmp_path / "ds.xlsx", reject_invalid=True)
    (parsed_rejection,) = strict_sheet.rejected
    assert (parsed_rejection.row, parsed_rejection.code) == (rejection.row, rejection.code)
    assert rejection_reason(rejection, "vi") == rejection_reason(parsed_rejection, "vi")
    assert "0911 abc" in rejection_reason(rejection, "vi")

    lenient = preview_plan(plan)
    assert (lenient.imported, lenient.rejected, [r.excel_row for r in lenient.flagged]) == (3, 0, [4])
    strict = preview_plan(plan, choices=Choices(reject_flagged=True))
    assert (strict.imported, strict.rejected, strict.flagged) == (2, 1, ())
    assert [r.row for r in strict.sheets[0].rejected] == [4]

    result = apply_plan(db, plan, event_id=event.id, choices=Choices(reject_flagged=True))
    assert (result.imported, result.rejected) == (2, 1)
    assert "Lê Thị Hoa" not in [p[0] for p in people(db, event.id)]


def test_a_merge_into_a_row_rejected_as_strict_creates_the_person_instead(db, make_event, tmp_path):
    event = make_event()
    path = write_list(tmp_path / "ds.xlsx", [
        ["Trần Văn Bình", "", "Sở Tư pháp", "0912000002", "binh@@x"],  # bad e-mail: rejected when strict
        ["Trần Văn Bình", "Phó Giám đốc", "Sở Tư pháp", "0912000002", ""],  # merges into the row above
    ])
    plan = build_plan(db, event.id, parse_file(path))
    assert [r.action for r in plan.rows] == [RowAction.NEW, RowAction.MERGE]
    result = apply_plan(db, plan, event_id=event.id, choices=Choices(reject_flagged=True))
    assert (result.imported, result.merged, result.rejected) == (1, 0, 1)
    assert people(db, event.id) == [("Trần Văn Bình", "Phó Giám đốc", "0912000002", "")]


def test_an_unknown_choice_is_refused_before_anything_is_written(db, setup):
    event, _an, plan = setup
    with pytest.raises(DomainError) as err:
        apply_plan(db, plan, event_id=event.id, choices=Choices(pairs={plan.pairs[0].index: "delete"}))
    assert err.value.code == "import_ui.bad_on_duplicate"
    assert len(people(db, event.id)) == 1
