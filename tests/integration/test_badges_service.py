"""Badges through the database: each built-in template with the demo delegates, checked on the PDF
(page size, text, every QR decoded and verified against the database), reprints, the print log,
batches and template copies."""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from datetime import UTC, datetime

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from confman.core.audit import AuditLog
from confman.core.badges import service as badges
from confman.core.badges.codes import parse_code, verify_code
from confman.core.badges.qr import decode_qr_codes
from confman.core.badges.templates import builtin_templates
from confman.core.demo import create_demo
from confman.core.enums import DelegateStatus
from confman.core.errors import DomainError
from confman.core.events.service import event_secret
from confman.core.registration.models import Delegate
from confman.core.registration.rows import DelegateFilters

HOSTILE = ("<b>&amp; Trần", '=HYPERLINK("http://x")')
PT_PER_MM = 72 / 25.4


def _verify(db, event_id: int, code: str):
    """Check a scanned code the way the door does: secret and current version from the database."""
    secret = event_secret(db, event_id)

    def current_version(delegate_id: int) -> int | None:
        with db.session() as session:
            return session.scalar(select(Delegate.badge_version).where(Delegate.id == delegate_id,
                                                                       Delegate.event_id == event_id))

    return verify_code(code, event_id=event_id, secret_for_event=lambda e: secret if e == event_id else None,
                       current_badge_version=current_version)


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture
def demo(db, make_delegate):
    """The demo conference (31 people) plus hostile names, a cancelled and a deleted delegate."""
    event = create_demo(db, delegates=24).event
    hostile = [make_delegate(event.id, name, organization="Công ty <TNHH> & Cộng sự", honorific="Ông")
               for name in HOSTILE]
    cancelled = make_delegate(event.id, "Lê Thị Hủy", status=DelegateStatus.CANCELLED)
    deleted = make_delegate(event.id, "Phạm Văn Xóa", deleted_at=datetime.now(UTC))
    return event, hostile, cancelled, deleted


def _names(db, ids):
    with db.session() as session:
        return {a: b for a, b in session.execute(select(Delegate.id, Delegate.full_name).where(Delegate.id.in_(ids)))}


@pytest.mark.parametrize("name", sorted(builtin_templates()))
def test_each_builtin_template_prints_the_demo_delegates(db, demo, tmp_path, name):
    event, hostile, cancelled, deleted = demo
    template = badges.get_template(db, name)
    batch = badges.select_batch(db, event.id)
    assert cancelled not in batch.ids and deleted not in batch.ids
    assert [(s.delegate_id, s.reason) for s in batch.skipped] == [(cancelled, "cancelled")]
    out = tmp_path / f"{name}.pdf"
    rendered = badges.render_batch(db, event.id, batch, template, out)
    per_page = template.badges_per_page
    assert rendered.pages == math.ceil(len(batch.ids) / per_page)
    assert [b.delegate_id for b in rendered.badges] == list(batch.ids)

    reader = PdfReader(str(out))
    assert len(reader.pages) == rendered.pages
    width_mm, height_mm = template.page_size_mm
    for page in reader.pages:
        box = page.mediabox
        assert float(box.width) == pytest.approx(width_mm * PT_PER_MM, abs=0.05)
        assert float(box.height) == pytest.approx(height_mm * PT_PER_MM, abs=0.05)

    names = _names(db, batch.ids)
    has_qr = any(e.type == "qr" for e in template.elements)
    document = pdfium.PdfDocument(str(out))
    decoded_ids: list[int] = []
    try:
        for index in range(len(document)):
            page = document[index]
            text = _flat(page.get_textpage().get_text_range()).casefold()
            on_page = batch.ids[index * per_page:(index + 1) * per_page]
            for delegate_id in on_page:
                full_name = _flat(names[delegate_id]).casefold()
                # names with their diacritics intact; hostile text printed literally
                assert text.count(full_name) >= (2 if name == "tent_card" else 1), (index, names[delegate_id])
            if not has_qr:
                continue
            image = page.render(scale=200 / 72, grayscale=True).to_pil()
            codes = decode_qr_codes(image)
            assert len(codes) == len(on_page), (name, index)
            for code in codes:
                verdict = _verify(db, event.id, code)
                assert verdict.status == "valid", code
                decoded_ids.append(verdict.delegate_id)
            assert sorted(parse_code(c).delegate_id for c in codes) == sorted(on_page)
    finally:
        document.close()
    if has_qr:
        assert Counter(decoded_ids) == Counter(batch.ids)
    joined = " ".join(_flat(names[i]) for i in hostile)
    assert "<b>&amp; Trần" in joined and '=HYPERLINK("http://x")' in joined


def test_reprint_replaces_the_old_code_and_a_tampered_digit_fails(db, demo, tmp_path):
    event, *_ = demo
    delegate_id = badges.select_batch(db, event.id).ids[0]
    first = badges.render_batch(db, event.id, [delegate_id], badges.get_template(db, "cr80_portrait"))
    badges.record_prints(db, event.id, first.badges, template="cr80_portrait", station="bàn 1", printed_by="lan")
    old_code = first.badges[0].code
    assert badges.current_badge_code(db, delegate_id) == old_code
    assert _verify(db, event.id, old_code).status == "valid"

    with pytest.raises(DomainError) as err:
        badges.reprint_badges(db, event.id, [delegate_id], reason="   ")
    assert err.value.code == "badges.reprint.reason_required"
    changes = badges.reprint_badges(db, event.id, [delegate_id], reason="Mất thẻ", station="bàn 1")
    assert changes.touches("delegates") and delegate_id in changes.ids
    assert _verify(db, event.id, old_code).status == "replaced"

    out = tmp_path / "reprint.pdf"
    second = badges.render_batch(db, event.id, [delegate_id], badges.get_template(db, "cr80_portrait"), out)
    new_code = second.badges[0].code
    assert new_code != old_code and second.badges[0].badge_version == 2
    document = pdfium.PdfDocument(str(out))
    try:
        assert decode_qr_codes(document[0].render(scale=200 / 72, grayscale=True).to_pil()) == [new_code]
    finally:
        document.close()
    assert _verify(db, event.id, new_code).status == "valid"
    with db.session() as session:
        assert session.get(Delegate, delegate_id).badge_code == new_code  # the mirror follows the bump

    tampered = new_code[:-1] + str((int(new_code[-1]) + 1) % 10)
    assert _verify(db, event.id, tampered).status == "bad_signature"

    badges.record_prints(db, event.id, second.badges, template="cr80_portrait", station="bàn 2",
                         printed_by="mai", reason="Mất thẻ")
    log = badges.print_log(db, event.id, delegate_id)
    assert [(r.badge_version, r.station, r.printed_by, r.reason, r.template) for r in log] == [
        (2, "bàn 2", "mai", "Mất thẻ", "cr80_portrait"), (1, "bàn 1", "lan", "", "cr80_portrait")]
    with db.session() as session:
        actions = [a.action for a in session.scalars(select(AuditLog).where(AuditLog.event_id == event.id))]
    assert actions.count("print") == 2 and "badge_reprint" in actions


def test_cancelled_and_deleted_delegates_get_no_badge(db, demo):
    event, hostile, cancelled, deleted = demo
    batch = badges.select_batch(db, event.id, badges.BadgeSelection(ids=(hostile[0], cancelled, deleted, 999_999)))
    assert batch.ids == (hostile[0],)
    assert {(s.delegate_id, s.reason) for s in batch.skipped} == {
        (cancelled, "cancelled"), (deleted, "deleted"), (999_999, "not_found")}
    with pytest.raises(DomainError) as err:
        badges.render_batch(db, event.id, badges.select_batch(db, event.id, badges.BadgeSelection(ids=(cancelled,))),
                            badges.get_template(db, "a6"))
    assert err.value.code == "badges.none_selected"
    assert badges.reprint_badges(db, event.id, [cancelled, deleted], reason="x").ids == frozenset()


def test_not_printed_and_changed_since_printed_batches(db, demo):
    event, *_ = demo
    everyone = badges.select_batch(db, event.id)
    printed = everyone.ids[:5]
    rendered = badges.render_batch(db, event.id, printed, badges.get_template(db, "a4_10up_cr80"))
    changes = badges.record_prints(db, event.id, rendered.badges, template="a4_10up_cr80", station="s")
    assert changes.touches("badges") and changes.ids == frozenset(printed)

    not_printed = badges.select_batch(db, event.id, badges.BadgeSelection(not_printed=True))
    assert set(not_printed.ids) == set(everyone.ids) - set(printed)
    changed = badges.select_batch(db, event.id, badges.BadgeSelection(changed_since_printed=True))
    assert changed.ids == ()  # storing the codes at print time is not an edit

    with db.session() as session:  # an edit after the print
        session.get(Delegate, printed[1]).position = "Phó Vụ trưởng"
    badges.reprint_badges(db, event.id, [printed[3]], reason="In sai chức vụ")
    changed = badges.select_batch(db, event.id, badges.BadgeSelection(changed_since_printed=True))
    assert set(changed.ids) == {printed[1], printed[3]}

    again = badges.render_batch(db, event.id, changed, badges.get_template(db, "a4_10up_cr80"))
    badges.record_prints(db, event.id, again.badges, template="a4_10up_cr80", station="s")
    assert badges.select_batch(db, event.id, badges.BadgeSelection(changed_since_printed=True)).ids == ()


def test_batches_filter_and_sort_in_vietnamese_order(db, demo):
    event, *_ = demo
    by_name = badges.select_batch(db, event.id, badges.BadgeSelection(sort="name"))
    with db.session() as session:
        keys = {a: b for a, b in session.execute(select(Delegate.id, Delegate.sort_key))}
    assert [keys[i] for i in by_name.ids] == sorted(keys[i] for i in by_name.ids)
    by_org = badges.select_batch(db, event.id)
    orgs = [r.organization for r in by_org.rows]
    assert len(set(by_name.ids)) == len(by_org.ids) and orgs.index("Ban Thư ký ASEAN") < orgs.index("Bộ Tài chính")
    firsts = {}
    for position, org in enumerate(orgs):
        firsts.setdefault(org, position)
    assert all(orgs[p] == org for org, p in firsts.items() for p in range(p, p + orgs.count(org)))  # grouped

    found = badges.select_batch(db, event.id, badges.BadgeSelection(query="truong minh tuan"))
    assert [r.display_name for r in found.rows] == ["Ông Trương Minh Tuấn"]
    vip = badges.select_batch(db, event.id, badges.BadgeSelection(category_codes=frozenset({"vip"})))
    assert vip.rows and {r.category_code for r in vip.rows} == {"VIP"}
    filtered = badges.select_batch(db, event.id, badges.BadgeSelection(
        filters=DelegateFilters(statuses=frozenset({DelegateStatus.CANCELLED}))))
    assert filtered.ids == () and [s.reason for s in filtered.skipped] == ["cancelled"]
    with pytest.raises(DomainError) as err:
        badges.select_batch(db, event.id, badges.BadgeSelection(category_codes=frozenset({"XX"})))
    assert err.value.code == "badges.unknown_category"


def test_codes_are_backfilled_without_marking_delegates_changed(db, demo):
    event, hostile, *_ = demo
    with db.session() as session:
        before = session.get(Delegate, hostile[0]).updated_at
        assert session.get(Delegate, hostile[0]).badge_code is None
    code = badges.current_badge_code(db, hostile[0])
    assert _verify(db, event.id, code).status == "valid"
    with db.session() as session:
        delegate = session.get(Delegate, hostile[0])
        assert delegate.badge_code == code and delegate.updated_at == before
    badges.backfill_badge_codes(db, event.id)
    with db.session() as session:
        assert session.scalar(select(Delegate.id).where(Delegate.event_id == event.id,
                                                        Delegate.badge_code.is_(None))) is None


def test_cancel_leaves_no_file(db, demo, tmp_path):
    event, *_ = demo
    out = tmp_path / "cancelled.pdf"
    seen = []
    with pytest.raises(DomainError) as err:
        badges.render_batch(db, event.id, badges.select_batch(db, event.id), badges.get_template(db, "cr80_portrait"),
                            out, progress=lambda done, total: seen.append(done), cancelled=lambda: len(seen) >= 3)
    assert err.value.code == "badges.cancelled" and not out.exists() and seen == [1, 2, 3]


def test_template_copies(db, demo, tmp_path):
    event, *_ = demo
    base = badges.get_template(db, "cr80_landscape")
    choice, changes = badges.save_template_copy(db, base, name="the_hoi_nghi", title="Thẻ hội nghị xanh")
    assert changes.touches("badge_templates") and not choice.builtin
    listed = badges.list_templates(db)
    assert [c.name for c in listed if c.builtin] == sorted(builtin_templates())
    assert listed[-1].title == "Thẻ hội nghị xanh"
    copy = badges.get_template(db, "the_hoi_nghi")
    assert copy.elements == base.elements and copy.page_size_mm == base.page_size_mm
    for name in ("the_hoi_nghi", "cr80_landscape"):
        with pytest.raises(DomainError) as err:
            badges.save_template_copy(db, base, name=name, title="x")
        assert err.value.code == "badges.template.name_taken"
    with pytest.raises(DomainError) as err:
        badges.update_template_copy(db, base)
    assert err.value.code == "badges.template.builtin_read_only"
    rendered = badges.render_batch(db, event.id, badges.select_batch(db, event.id).ids[:2], copy,
                                   tmp_path / "copy.pdf")
    assert rendered.template_name == "the_hoi_nghi" and rendered.pages == 2
    badges.delete_template_copy(db, "the_hoi_nghi")
    with pytest.raises(DomainError):
        badges.get_template(db, "the_hoi_nghi")


@pytest.mark.postgres
def test_print_log_and_batches_on_postgresql(pg_db):
    event = create_demo(pg_db, delegates=12).event
    batch = badges.select_batch(pg_db, event.id, badges.BadgeSelection(sort="name"))
    rendered = badges.render_batch(pg_db, event.id, batch, badges.get_template(pg_db, "a4_8up"))
    badges.record_prints(pg_db, event.id, rendered.badges, template="a4_8up", station="pg")
    assert badges.select_batch(pg_db, event.id, badges.BadgeSelection(not_printed=True)).ids == ()
    badges.reprint_badges(pg_db, event.id, batch.ids[:1], reason="Hỏng thẻ")
    assert badges.select_batch(pg_db, event.id, badges.BadgeSelection(changed_since_printed=True)).ids == batch.ids[:1]
    assert _verify(pg_db, event.id, rendered.badges[0].code).status == "replaced"
