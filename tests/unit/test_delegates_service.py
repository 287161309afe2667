"""Delegates services on a real (migrated) SQLite file: what an organiser would notice."""

from __future__ import annotations

import io
import unicodedata
import uuid

import pytest
from PIL import Image
from sqlalchemy import func, select

from confman.core.agenda.models import AgendaItem, AgendaItemPerson
from confman.core.audit import AuditLog
from confman.core.badges.models import BadgePrint
from confman.core.checkin.models import CheckIn
from confman.core.enums import CheckInResult, DelegateStatus, OrganizationType, PersonRole
from confman.core.errors import DomainError
from confman.core.registration import categories as cats
from confman.core.registration import organizations as orgs
from confman.core.registration.models import Delegate, Organization
from confman.core.registration.rows import KEEP, DelegateFilters, DelegateInput, DelegateSort
from confman.core.registration.service import (
    bulk_update,
    create_delegate,
    delete_delegates,
    fetch_delegate_rows,
    find_duplicates,
    get_delegate,
    merge_delegates,
    prepare_photo,
    restore_delegates,
    search_delegate_ids,
    search_delegates,
    update_delegate,
)

HOSTILE = ("=cmd|' /C calc'!A0", "<b>&amp;</b> & <i>", "Đại biểu 🎉🇻🇳", "مرحبا بالعالم", "+SUM(A1)", "@x")


@pytest.fixture
def event(make_event):
    return make_event()


def _add(db, event, name, **kw):
    return create_delegate(db, event.id, DelegateInput(full_name=name, **kw)).detail


def _names(result):
    return [r.full_name for r in result.rows]


def _checkin(db, event_id, delegate_id, result=CheckInResult.OK, *, undoes=None, agenda_item_id=None):
    row_uuid = str(uuid.uuid4())
    with db.session() as session:
        session.add(CheckIn(uuid=row_uuid, event_id=event_id, delegate_id=delegate_id, result=result,
                            undoes_uuid=undoes, agenda_item_id=agenda_item_id,
                            ok_key=row_uuid if result == CheckInResult.OK else None))
    return row_uuid


def _print_badge(db, event_id, delegate_id):
    with db.session() as session:
        session.add(BadgePrint(event_id=event_id, delegate_id=delegate_id, badge_version=1, template="cr80"))


# --------------------------------------------------------------------------- create / validate


def test_create_cleans_and_normalises_every_field(db, event):
    nfd_name = unicodedata.normalize("NFD", "  Nguyễn   Văn\tĐức ")
    saved = create_delegate(db, event.id, DelegateInput(
        full_name=nfd_name, honorific="Ông", organization="Sở TT&TT Đà Nẵng", phone="+84 912.345.678",
        email=" Duc.Nguyen@Danang.GOV.vn ", category_code="vip", notes="dòng 1\r\n\r\ndòng 2"))
    detail = saved.detail
    assert detail.full_name == "Nguyễn Văn Đức" and unicodedata.is_normalized("NFC", detail.full_name)
    assert detail.phone == "0912345678"
    assert detail.email == "duc.nguyen@danang.gov.vn"
    assert detail.organization == "Sở TT&TT Đà Nẵng"
    assert detail.category_code == "VIP"
    assert detail.notes == "dòng 1\n\ndòng 2"
    assert saved.changes.touches("delegates") and saved.changes.touches("organizations")
    assert detail.id in saved.changes.ids
    with db.session() as session:
        audit = session.scalars(select(AuditLog).where(AuditLog.entity == "delegate")).one()
        assert audit.action == "create" and audit.entity_id == detail.id
        assert audit.changes["full_name"] == [None, "Nguyễn Văn Đức"]


def test_organization_is_reused_whatever_the_case_or_accents(db, event):
    first = _add(db, event, "Trần Thị Lan", organization="Sở TT&TT Đà Nẵng")
    second = create_delegate(db, event.id, DelegateInput(full_name="Lê Văn Hùng", organization="SỞ TT&TT ĐÀ NẴNG"))
    assert second.detail.organization_id == first.organization_id
    assert not second.changes.touches("organizations")
    assert second.detail.organization == "Sở TT&TT Đà Nẵng"


@pytest.mark.parametrize("name", ["", "   ", "\t\n", "\u200b\u200e", "\x00\x07"])
def test_blank_name_is_refused(db, event, name):
    with pytest.raises(DomainError) as err:
        _add(db, event, name)
    assert err.value.code == "delegates.name_required"


def test_overlong_fields_are_refused_with_the_field_and_limit(db, event):
    with pytest.raises(DomainError) as err:
        _add(db, event, "A" * 500)
    assert err.value.code == "text.too_long"
    assert err.value.params == {"field": "full_name", "max_length": 300, "length": 500}
    with pytest.raises(DomainError) as err:
        _add(db, event, "Nguyễn An", position="x" * 501)
    assert err.value.params["field"] == "position"
    with pytest.raises(DomainError) as err:
        _add(db, event, "Nguyễn An", organization="x" * 501)
    assert err.value.params["field"] == "organization"


def test_bad_phone_and_email_are_refused_with_codes(db, event):
    with pytest.raises(DomainError) as err:
        _add(db, event, "Nguyễn An", phone="09abc")
    assert err.value.code == "phone.letters"
    with pytest.raises(DomainError) as err:
        _add(db, event, "Nguyễn An", email="not-an-address")
    assert err.value.code == "email.invalid"


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_literally_in_every_text_field(db, event, text):
    detail = _add(db, event, text, honorific=text[:50], position=text, organization=text, delegation=text,
                  nationality=text, notes=text)
    for field in ("full_name", "position", "organization", "delegation", "nationality", "notes"):
        assert getattr(detail, field) == text, field
    assert detail.honorific == text[:50].strip()
    result = search_delegates(db, event.id)
    assert result.rows[0].full_name == text


def test_control_and_bidi_override_characters_are_removed(db, event):
    detail = _add(db, event, "Nguyễn\x00 Văn\u202e An\x1b", position="Trưởng\u200b phòng")
    assert detail.full_name == "Nguyễn Văn An"
    assert detail.position == "Trưởng phòng"


def test_update_keeps_photo_unless_given_and_audits_changes(db, event):
    png = io.BytesIO()
    Image.new("RGB", (1200, 1600), (200, 10, 10)).save(png, format="PNG")
    created = _add(db, event, "Phạm Thị Mai", photo=png.getvalue())
    assert created.photo is not None and created.photo[:2] == b"\xff\xd8"
    updated = update_delegate(db, created.id, DelegateInput(full_name="Phạm Thị Mai", position="Vụ trưởng")).detail
    assert updated.photo == created.photo and updated.position == "Vụ trưởng"
    removed = update_delegate(db, created.id, DelegateInput(full_name="Phạm Thị Mai", photo=None)).detail
    assert removed.photo is None
    with db.session() as session:
        actions = session.scalars(select(AuditLog.action).where(AuditLog.entity == "delegate", AuditLog.entity_id == created.id)
                                  .order_by(AuditLog.id)).all()
    assert actions == ["create", "update", "update"]


def test_photo_is_resized_to_fit_and_stored_as_jpeg():
    png = io.BytesIO()
    Image.new("RGBA", (3000, 2000), (10, 200, 10, 128)).save(png, format="PNG")
    stored = Image.open(io.BytesIO(prepare_photo(png.getvalue())))
    assert stored.format == "JPEG" and stored.width <= 600 and stored.height <= 800
    assert stored.size == (600, 400)
    with pytest.raises(DomainError) as err:
        prepare_photo(b"<svg>not a raster</svg>")
    assert err.value.code == "delegates.photo_invalid"


def test_unknown_category_code_is_refused(db, event):
    with pytest.raises(DomainError) as err:
        _add(db, event, "Nguyễn An", category_code="NOPE")
    assert err.value.code == "delegates.category_unknown"


# --------------------------------------------------------------------------- search and sort


@pytest.fixture
def people(db, event):
    rows = {
        "duc": _add(db, event, "Nguyễn Văn Đức", organization="Sở Thông tin và Truyền thông Đà Nẵng",
                    position="Giám đốc Sở", phone="0912345678"),
        "an": _add(db, event, "Trần Thị An", organization="Bộ Ngoại giao", email="an.tran@mofa.gov.vn"),
        "anh": _add(db, event, "Lê Minh Anh", organization="Báo Nhân Dân", category_code="BC"),
        "hoang": _add(db, event, "Hoàng Văn Dũng", organization="Bộ Ngoại giao", status="confirmed"),
        "dang": _add(db, event, "Đặng Thu Hà", organization="Đài Truyền hình Việt Nam"),
    }
    with db.session() as session:
        session.execute(Organization.__table__.update().where(
            Organization.name == "Sở Thông tin và Truyền thông Đà Nẵng").values(short_name="Sở TT&TT Đà Nẵng",
                                                                                type=OrganizationType.PROVINCIAL_DEPARTMENT))
        for d in session.scalars(select(Delegate)):
            d.refresh_derived()
    return rows


@pytest.mark.parametrize(("query", "expected"), [
    ("nguyen van duc", ["Nguyễn Văn Đức"]),
    ("NGUYỄN ĐỨC", ["Nguyễn Văn Đức"]),
    ("dang", ["Đặng Thu Hà"]),
    ("so tttt da nang", ["Nguyễn Văn Đức"]),
    ("0912", ["Nguyễn Văn Đức"]),
    ("5678", ["Nguyễn Văn Đức"]),
    ("giam doc", ["Nguyễn Văn Đức"]),
    ("mofa.gov", ["Trần Thị An"]),
    ("ngoai giao", ["Trần Thị An", "Hoàng Văn Dũng"]),
    ("an", ["Trần Thị An", "Lê Minh Anh"]),
    ("an zzz", []),
    ("%", ["Trần Thị An", "Lê Minh Anh", "Hoàng Văn Dũng", "Nguyễn Văn Đức", "Đặng Thu Hà"]),
    ("_", []),
])
def test_search_is_accent_insensitive_and_every_term_must_match(db, event, people, query, expected):
    result = search_delegates(db, event.id, query)
    assert sorted(_names(result)) == sorted(expected)
    assert result.total == 5 and result.filtered == len(expected)


def test_default_order_is_vietnamese_given_name_order(db, event, people):
    # An < Anh < Dũng < Đức < Hà: given name first, đ after d
    assert _names(search_delegates(db, event.id)) == [
        "Trần Thị An", "Lê Minh Anh", "Hoàng Văn Dũng", "Nguyễn Văn Đức", "Đặng Thu Hà"]
    descending = search_delegates(db, event.id, sort=DelegateSort("name", descending=True))
    assert _names(descending)[0] == "Đặng Thu Hà"


def test_sort_by_organization_and_category(db, event, people):
    by_org = _names(search_delegates(db, event.id, sort=DelegateSort("organization")))
    assert by_org[:2] == ["Lê Minh Anh", "Trần Thị An"]  # Báo … < Bộ …
    by_cat = search_delegates(db, event.id, sort=DelegateSort("category"))
    assert [r.category_code for r in by_cat.rows] == ["BC", "", "", "", ""]  # uncategorised last
    with pytest.raises(DomainError):
        search_delegates(db, event.id, sort=DelegateSort("photo"))


def test_paging_and_ids_agree(db, event, people):
    page = search_delegates(db, event.id, offset=1, limit=2)
    ids = search_delegate_ids(db, event.id, first=2)
    assert [r.id for r in page.rows] == list(ids.ids[1:3])
    assert [r.id for r in ids.first_rows] == list(ids.ids[:2]) and ids.filtered == 5
    assert [r.id for r in fetch_delegate_rows(db, list(reversed(ids.ids)))] == list(reversed(ids.ids))


def test_filters(db, event, people):
    bc = next(c for c in cats.list_categories(db, event.id) if c.code == "BC")
    assert _names(search_delegates(db, event.id, filters=DelegateFilters(category_ids=frozenset({bc.id})))) == [
        "Lê Minh Anh"]
    confirmed = DelegateFilters(statuses=frozenset({DelegateStatus.CONFIRMED}))
    assert _names(search_delegates(db, event.id, filters=confirmed)) == ["Hoàng Văn Dũng"]
    dept = DelegateFilters(organization_types=frozenset({OrganizationType.PROVINCIAL_DEPARTMENT}))
    assert _names(search_delegates(db, event.id, "duc", filters=dept)) == ["Nguyễn Văn Đức"]
    mofa = DelegateFilters(organization_ids=frozenset({people["an"].organization_id}))
    assert _names(search_delegates(db, event.id, filters=mofa)) == ["Trần Thị An", "Hoàng Văn Dũng"]
    _print_badge(db, event.id, people["anh"].id)
    printed = search_delegates(db, event.id, filters=DelegateFilters(badge_printed=True))
    assert _names(printed) == ["Lê Minh Anh"] and printed.rows[0].badge_printed
    assert len(search_delegates(db, event.id, filters=DelegateFilters(badge_printed=False)).rows) == 4


def test_checked_in_is_derived_from_the_checkin_log(db, event, people):
    duc = people["duc"].id
    ok = _checkin(db, event.id, duc)
    only_checked = DelegateFilters(checked_in=True)
    assert _names(search_delegates(db, event.id, filters=only_checked)) == ["Nguyễn Văn Đức"]
    assert get_delegate(db, duc).checked_in
    _checkin(db, event.id, duc, CheckInResult.UNDONE, undoes=ok)
    assert search_delegates(db, event.id, filters=only_checked).rows == ()
    assert not get_delegate(db, duc).checked_in
    with db.session() as session:
        from datetime import date, time

        item = AgendaItem(event_id=event.id, day=date(2026, 12, 10), start_time=time(13), end_time=time(14),
                          title_vi="Tọa đàm")
        session.add(item)
        session.flush()
        item_id = item.id
    _checkin(db, event.id, duc, agenda_item_id=item_id)  # a session check-in is not the entrance
    _checkin(db, event.id, people["an"].id, CheckInResult.DUPLICATE)
    assert search_delegates(db, event.id, filters=only_checked).rows == ()
    _checkin(db, event.id, duc)
    assert _names(search_delegates(db, event.id, filters=only_checked)) == ["Nguyễn Văn Đức"]
    assert len(search_delegates(db, event.id, filters=DelegateFilters(checked_in=False)).rows) == 4


# --------------------------------------------------------------------------- duplicates


def test_find_duplicates_by_name_in_organization_phone_or_email(db, event, people):
    same_name = find_duplicates(db, event.id, full_name="NGUYEN VAN DUC",
                                organization="sở thông tin và truyền thông đà nẵng")
    assert [(c.row.full_name, c.reasons) for c in same_name] == [("Nguyễn Văn Đức", {"name_org"})]
    assert find_duplicates(db, event.id, full_name="Nguyễn Văn Đức", organization="Bộ Ngoại giao") == []
    by_phone = find_duplicates(db, event.id, full_name="Ai đó", phone="+84 912 345 678")
    assert [c.reasons for c in by_phone] == [{"phone"}]
    by_email = find_duplicates(db, event.id, full_name="Ai đó", email="AN.TRAN@mofa.gov.vn")
    assert [c.row.id for c in by_email] == [people["an"].id]
    assert find_duplicates(db, event.id, full_name="Nguyễn Văn Đức", organization="Sở Thông tin và Truyền thông Đà Nẵng",
                           exclude_id=people["duc"].id) == []
    assert find_duplicates(db, event.id, full_name="x", phone="not a phone", email="bad") == []
    delete_delegates(db, [people["duc"].id])
    assert find_duplicates(db, event.id, full_name="x", phone="0912345678") == []


# --------------------------------------------------------------------------- merge


def test_merge_moves_checkins_prints_and_roles_and_marks_the_other(db, event, people):
    keep, gone = people["duc"].id, _add(db, event, "Nguyễn Văn Đức", organization="Sở Thông tin và Truyền thông Đà Nẵng",
                                         email="duc@danang.gov.vn", position="").id
    _checkin(db, event.id, gone)
    _print_badge(db, event.id, gone)
    from datetime import date, time

    with db.session() as session:
        items = [AgendaItem(event_id=event.id, day=date(2026, 12, 10), start_time=time(8 + i), end_time=time(9 + i),
                            title_vi=f"Phiên {i}") for i in range(2)]
        session.add_all(items)
        session.flush()
        session.add_all([AgendaItemPerson(agenda_item_id=items[0].id, delegate_id=keep, role=PersonRole.CHAIR),
                         AgendaItemPerson(agenda_item_id=items[0].id, delegate_id=gone, role=PersonRole.CHAIR),
                         AgendaItemPerson(agenda_item_id=items[1].id, delegate_id=gone, role=PersonRole.SPEAKER)])
    changes = merge_delegates(db, keep, gone, take_from_other=["email"])
    assert {keep, gone} <= changes.ids and changes.touches("checkins")
    survivor = get_delegate(db, keep)
    assert survivor.email == "duc@danang.gov.vn" and survivor.position == "Giám đốc Sở"
    assert survivor.checked_in and survivor.badge_printed
    other = get_delegate(db, gone)
    assert other.merged_into_id == keep and other.deleted_at is not None
    with db.session() as session:
        links = session.execute(select(AgendaItemPerson.delegate_id, AgendaItemPerson.role)).all()
        assert sorted((d, r.value) for d, r in links) == [(keep, "chair"), (keep, "speaker")]
        assert session.scalar(select(func.count(CheckIn.id)).where(CheckIn.delegate_id == gone)) == 0
    assert gone not in [r.id for r in search_delegates(db, event.id, filters=DelegateFilters(include_deleted=True)).rows]
    assert restore_delegates(db, [gone]).ids == frozenset()
    with pytest.raises(DomainError) as err:
        merge_delegates(db, keep, keep)
    assert err.value.code == "delegates.merge_same"
    with pytest.raises(DomainError) as err:
        merge_delegates(db, keep, gone)
    assert err.value.code == "delegates.merge_deleted"


def test_merge_can_take_organization_and_category_from_the_other(db, event, people):
    merge_delegates(db, people["an"].id, people["anh"].id, take_from_other=["organization_id", "category_id"])
    survivor = get_delegate(db, people["an"].id)
    assert survivor.organization == "Báo Nhân Dân" and survivor.category_code == "BC"
    assert _names(search_delegates(db, event.id, "nhan dan")) == ["Trần Thị An"]


# --------------------------------------------------------------------------- bulk, delete, undo


def test_bulk_update_sets_category_status_delegation_with_one_audit_row_each(db, event, people):
    ids = [people["an"].id, people["anh"].id]
    km = next(c for c in cats.list_categories(db, event.id) if c.code == "KM")
    changes = bulk_update(db, ids, category_id=km.id, status="cancelled", delegation="Đoàn Hà Nội")
    assert changes.ids == frozenset(ids)
    rows = fetch_delegate_rows(db, ids)
    assert {(r.category_code, r.status, r.delegation) for r in rows} == {("KM", DelegateStatus.CANCELLED, "Đoàn Hà Nội")}
    assert _names(search_delegates(db, event.id, "doan ha noi")) == ["Trần Thị An", "Lê Minh Anh"]
    with db.session() as session:
        assert session.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "bulk_update")) == 2
    assert bulk_update(db, ids, status=KEEP) .ids == frozenset()
    assert bulk_update(db, ids, category_id=None).ids == frozenset(ids)
    assert {r.category_code for r in fetch_delegate_rows(db, ids)} == {""}


def test_delete_goes_to_the_recycle_bin_and_restore_undoes_it(db, event, people):
    ids = [people["an"].id, people["hoang"].id]
    assert delete_delegates(db, ids).ids == frozenset(ids)
    result = search_delegates(db, event.id)
    assert result.total == 3 and "Trần Thị An" not in _names(result)
    bin_only = search_delegates(db, event.id, filters=DelegateFilters(only_deleted=True))
    assert sorted(_names(bin_only)) == ["Hoàng Văn Dũng", "Trần Thị An"] and all(r.deleted for r in bin_only.rows)
    assert len(search_delegates(db, event.id, filters=DelegateFilters(include_deleted=True)).rows) == 5
    assert restore_delegates(db, ids).ids == frozenset(ids)
    assert search_delegates(db, event.id).total == 5
    assert delete_delegates(db, []).ids == frozenset()


# --------------------------------------------------------------------------- organizations and categories


def test_rename_organization_updates_delegates_search(db, event, people):
    org_id = people["anh"].organization_id
    orgs.update_organization(db, org_id, name="Báo Nhân Dân điện tử", short_name="ND", type=OrganizationType.PRESS)
    assert _names(search_delegates(db, event.id, "dien tu")) == ["Lê Minh Anh"]
    with pytest.raises(DomainError) as err:
        orgs.update_organization(db, org_id, name="BỘ NGOẠI GIAO")
    assert err.value.code == "delegates.organization_exists"


def test_merge_organizations_moves_delegates(db, event, people):
    mofa = people["an"].organization_id
    other = orgs.create_organization(db, name="Bộ Ngoại Giao (cũ)")
    moved = _add(db, event, "Vũ Thị Thảo", organization="Bộ Ngoại Giao (cũ)")
    orgs.merge_organizations(db, mofa, other.id)
    assert get_delegate(db, moved.id).organization == "Bộ Ngoại giao"
    names = {o.name: o.delegate_count for o in orgs.list_organizations(db, event_id=event.id)}
    assert "Bộ Ngoại Giao (cũ)" not in names and names["Bộ Ngoại giao"] == 3
    with pytest.raises(DomainError) as err:
        orgs.delete_organization(db, mofa)
    assert err.value.code == "delegates.organization_in_use"
    with pytest.raises(DomainError) as err:
        orgs.create_organization(db, name="bo ngoai giao")
    assert err.value.code == "delegates.organization_exists"


def test_categories_create_update_reorder_delete(db, event):
    created = cats.create_category(db, event.id, code="tn", label_vi="Tình nguyện viên", label_en="Volunteer",
                                   color="#00aa00")
    assert created.code == "TN" and created.color == "#00AA00"
    assert cats.list_categories(db, event.id)[-1].code == "TN"
    with pytest.raises(DomainError) as err:
        cats.create_category(db, event.id, code="VIP", label_vi="Trùng")
    assert err.value.code == "delegates.category_code_taken"
    with pytest.raises(DomainError) as err:
        cats.update_category(db, created.id, code="TN", label_vi="TNV", label_en="", color="green", is_vip=False)
    assert err.value.code == "delegates.category_bad_color"
    ids = [c.id for c in cats.list_categories(db, event.id)]
    cats.reorder_categories(db, event.id, list(reversed(ids)))
    assert cats.list_categories(db, event.id)[0].code == "TN"
    _add(db, event, "Nguyễn An", category_code="TN")
    with pytest.raises(DomainError) as err:
        cats.delete_category(db, created.id)
    assert err.value.code == "delegates.category_in_use"
    assert next(c for c in cats.list_categories(db, event.id) if c.code == "TN").delegate_count == 1


@pytest.mark.parametrize("text", ["=cmd|' /C calc'!A0", "<b>&", "📞 0912", "0912345678<script>"])
def test_hostile_text_in_phone_or_email_is_refused_with_a_code(db, event, text):
    with pytest.raises(DomainError) as err:
        _add(db, event, "Nguyễn An", phone=text)
    assert err.value.code in ("phone.letters", "phone.invalid") and err.value.params["field"] == "phone"
    with pytest.raises(DomainError) as err:
        _add(db, event, "Nguyễn An", email=text)
    assert err.value.code == "email.invalid"
    assert search_delegates(db, event.id).total == 0
