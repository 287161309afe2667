"""Organizations' English names: what English documents and badges print (the demo sets them)."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from confman.core.badges import service as badges
from confman.core.demo import create_demo
from confman.core.registration import organizations as orgs
from confman.core.registration.models import Delegate, Organization
from confman.core.reports import generate
from confman.core.reports.options import ReportOptions
from tests.pdf_checks import collapsed, page_texts


def _text(pdf: bytes) -> str:
    return collapsed("\n".join(page_texts(pdf)))


@pytest.fixture
def demo(db):
    return create_demo(db, delegates=80).event


def _org_id(db, name: str) -> int:
    with db.session() as session:
        return session.scalar(select(Organization.id).where(Organization.name == name))


def test_an_english_sign_in_sheet_prints_the_english_names_and_the_vietnamese_one_the_vietnamese(db, demo):
    english = _text(generate(db, demo.id, "signin", options=ReportOptions(lang="en")).data)
    vietnamese = _text(generate(db, demo.id, "signin", options=ReportOptions(lang="vi")).data)
    assert "Ministry of Foreign Affairs" in english and "ASEAN Secretariat" in english
    assert "Bộ Ngoại giao" not in english and "Ban Thư ký ASEAN" not in english
    assert "Bộ Ngoại giao" in vietnamese and "Ministry of Foreign Affairs" not in vietnamese


def test_a_unit_without_an_english_name_keeps_its_vietnamese_one_in_english(db, demo):
    org_id = _org_id(db, "Bộ Ngoại giao")
    orgs.update_organization(db, org_id, name="Bộ Ngoại giao", type="ministry", name_en="")
    english = _text(generate(db, demo.id, "delegates", options=ReportOptions(lang="en")).data)
    assert "Bộ Ngoại giao" in english and "Ministry of Foreign Affairs" not in english


def test_english_letters_and_attendance_name_the_unit_in_english(db, demo):
    letters = _text(generate(db, demo.id, "invitations", options=ReportOptions(lang="en")).data)
    assert "Delegate, ASEAN Secretariat" in letters
    attendance = _text(generate(db, demo.id, "attendance", options=ReportOptions(lang="en")).data)
    assert "Ministry of Information and Communications" in attendance
    assert "Bộ Thông tin và Truyền thông" not in attendance


def test_an_english_badge_prints_the_english_name(db, demo):
    with db.session() as session:
        delegate_id = session.scalar(select(Delegate.id).join(Organization, Organization.id == Delegate.organization_id)
                                     .where(Organization.name == "Ban Thư ký ASEAN").limit(1))
    template = badges.get_template(db, "cr80_portrait")
    texts = {}
    for lang in ("vi", "en"):
        buffer = io.BytesIO()
        badges.render_batch(db, demo.id, [delegate_id], template, buffer, lang=lang)
        texts[lang] = _text(buffer.getvalue())
    assert "ASEAN Secretariat" in texts["en"] and "Ban Thư ký ASEAN" not in texts["en"]
    assert "Ban Thư ký ASEAN" in texts["vi"] and "ASEAN Secretariat" not in texts["vi"]


def test_the_english_name_is_kept_cleaned_merged_and_left_alone_when_not_given(db):
    row = orgs.create_organization(db, name="Bộ Ngoại giao", name_en="  Ministry of  Foreign Affairs ")
    assert row.name_en == "Ministry of Foreign Affairs"
    row, _ = orgs.update_organization(db, row.id, name="Bộ Ngoại giao", short_name="BNG")
    assert row.name_en == "Ministry of Foreign Affairs" and row.short_name == "BNG"  # None: kept
    other = orgs.create_organization(db, name="Vụ Hợp tác quốc tế", name_en="International Cooperation Department")
    survivor = orgs.create_organization(db, name="Vụ HTQT")
    orgs.merge_organizations(db, survivor.id, other.id)
    assert next(o for o in orgs.list_organizations(db) if o.id == survivor.id).name_en == (
        "International Cooperation Department")


def test_the_english_book_of_papers_names_the_presenting_units_in_english(db, demo, tmp_path):
    from confman.core.presentations.book import build_book
    from confman.core.presentations.storage import FileStore

    store = FileStore(tmp_path / "files")
    build_book(db, demo, tmp_path / "en.pdf", store=store, lang="en")
    build_book(db, demo, tmp_path / "vi.pdf", store=store, lang="vi")
    english = _text((tmp_path / "en.pdf").read_bytes())
    vietnamese = _text((tmp_path / "vi.pdf").read_bytes())
    assert "Ministry of Foreign Affairs" in english and "Bộ Ngoại giao" not in english
    assert "Bộ Ngoại giao" in vietnamese
