"""Realistic generated delegate lists, shared by every benchmark.

What a ministry's list really looks like: three-part Vietnamese names drawn like the demo's
(``confman.core.demo``: family names weighted as in the population, men's and women's middle
and given names), about 5 % of rows repeating an earlier person (the same name, perhaps in
capitals, the same phone written another way), and phones in every format people type —
``0912 345 678``, ``+84 912 345 678``, ``84-912-345-678``, ``0912.345.678``, Excel numbers,
landlines such as ``(024) 3825 1234``. Same-name people in the same unit happen by chance, as
they do: at 10,000 rows the importer finds a few hundred possible duplicates.

Deterministic (seeded): the same call gives the same people.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confman.core.demo import (
    FAMILY,
    FAMILY_WEIGHTS,
    GIVEN_F,
    GIVEN_M,
    MIDDLE_F,
    MIDDLE_M,
    MINISTRIES,
    POSITIONS_DEPT,
    POSITIONS_MINISTRY,
    POSITIONS_PRESS,
    POSITIONS_PROVINCE,
    PRESS,
    PROVINCES,
)
from confman.core.text import fold

#: Share of rows that repeat an earlier person (sure duplicates: same name and phone or e-mail).
DUPLICATE_SHARE = 0.05
MOBILE_PREFIXES = ("090", "091", "094", "096", "097", "098", "086", "088", "083", "035", "032", "039", "070", "077")
LANDLINE_AREAS = ("024", "028", "0236", "0225", "0203")
DOMAINS = ("mic.gov.vn", "mofa.gov.vn", "gmail.com", "hanoi.gov.vn", "vtv.vn", "yahoo.com")


@dataclass(frozen=True, slots=True)
class Unit:
    """An organisation delegates come from, with the positions people there hold."""

    name: str
    short_name: str
    positions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Person:
    """One row of a delegate list as the file shows it.

    ``phone`` is what the cell holds (text in any format, or an Excel number); ``phone_digits``
    the national digits it stands for. ``repeats`` is the index of the earlier row this one
    repeats (a sure duplicate), else ``None``.
    """

    honorific: str
    full_name: str
    female: bool
    position: str
    unit: Unit
    phone: object
    phone_digits: str
    email: str
    notes: str
    repeats: int | None = None


def units() -> list[Unit]:
    """About a hundred units: ministries, provinces, their departments, newsrooms."""
    out = [Unit(name, "", POSITIONS_MINISTRY) for name in MINISTRIES]
    out += [Unit(f"Cục {n} - Bộ Thông tin và Truyền thông", "", POSITIONS_MINISTRY)
            for n in ("Báo chí", "Xuất bản", "Phát thanh truyền hình", "Thông tin đối ngoại", "Tin học hóa")]
    for province in PROVINCES:
        out.append(Unit(f"UBND tỉnh {province}", "", POSITIONS_PROVINCE))
        out.append(Unit(f"Sở Thông tin và Truyền thông {province}", f"Sở TT&TT {province}", POSITIONS_DEPT))
        out.append(Unit(f"Sở Ngoại vụ {province}", "", POSITIONS_DEPT))
        out.append(Unit(f"Báo {province}", "", POSITIONS_PRESS))
    out += [Unit(name, short, POSITIONS_PRESS) for name, short, _type in PRESS]
    return out


def _mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}"


def _landline(rng: random.Random) -> str:
    """Eleven digits: the area code (024, 0236 …), then the subscriber number starting with 3."""
    area = rng.choice(LANDLINE_AREAS)
    rest = 11 - len(area) - 1
    return f"{area}3{rng.randrange(10**rest):0{rest}d}"


def phone_as_typed(digits: str, rng: random.Random) -> object:
    """``digits`` (national form) written the way one of many people would."""
    if digits.startswith("02"):  # a landline: area code in brackets or plain
        area = digits[:3] if digits.startswith(("024", "028")) else digits[:4]
        rest = digits[len(area):]
        return rng.choice((f"({area}) {rest[:4]} {rest[4:]}", f"{area} {rest[:4]} {rest[4:]}",
                           f"{area}.{rest[:4]}.{rest[4:]}", digits))
    national = digits[1:]
    style = rng.randrange(8)
    if style == 0:
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    if style == 1:
        return f"+84 {national[:3]} {national[3:6]} {national[6:]}"
    if style == 2:
        return f"84-{national[:3]}-{national[3:6]}-{national[6:]}"
    if style == 3:
        return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
    if style == 4:
        return int(national)  # an Excel number: the leading 0 is gone
    if style == 5:
        return f"+84{national}"
    return digits


def _email(given: str, family: str, number: int, rng: random.Random) -> str:
    return f"{fold(given)}.{fold(family)}{number}@{rng.choice(DOMAINS)}".replace(" ", "")


def people(count: int, *, seed: int = 2018, duplicate_share: float = DUPLICATE_SHARE) -> list[Person]:
    """``count`` rows of a realistic list, ``duplicate_share`` of them repeating an earlier person."""
    rng = random.Random(seed)
    all_units = units()
    out: list[Person] = []
    originals: list[int] = []
    for index in range(count):
        if originals and rng.random() < duplicate_share:
            first_index = rng.choice(originals)
            first = out[first_index]
            name = first.full_name.upper() if rng.random() < 0.3 else first.full_name
            out.append(Person(first.honorific, name, first.female, "", first.unit,
                              phone_as_typed(first.phone_digits, rng) if first.phone_digits else "",
                              first.phone_digits, "" if first.phone_digits else first.email, "Gửi lại",
                              repeats=first_index))
            continue
        female = rng.random() < 0.45
        family = rng.choices(FAMILY, FAMILY_WEIGHTS)[0]
        middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
        given = rng.choice(GIVEN_F if female else GIVEN_M)
        unit = rng.choice(all_units)
        roll = rng.random()
        digits = _mobile(rng) if roll < 0.85 else (_landline(rng) if roll < 0.93 else "")
        email = _email(given, family, index, rng) if rng.random() < 0.7 or not digits else ""
        out.append(Person(
            "Bà" if female else "Ông", f"{family} {middle} {given}", female, rng.choice(unit.positions), unit,
            phone_as_typed(digits, rng) if digits else "", digits, email, "" if rng.random() < 0.9 else "Ăn chay",
        ))
        originals.append(index)
    return out


HEADER = ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Điện thoại", "Email", "Ghi chú"]


def sheet_rows(persons: Sequence[Person]) -> list[list[Any]]:
    """The sheet as a ministry sends it: titles, a header, the people, a total and a signature block."""
    rows: list[list[Any]] = [["BỘ THÔNG TIN VÀ TRUYỀN THÔNG"], ["DANH SÁCH ĐẠI BIỂU THAM DỰ HỘI NGHỊ"], [], HEADER]
    for stt, p in enumerate(persons, start=1):
        rows.append([stt, p.full_name, p.position, p.unit.name, p.phone, p.email, p.notes])
    rows.append(["", f"Tổng cộng: {len(persons)} đại biểu"])
    rows.append(["", "", "", "Hà Nội, ngày 15 tháng 11 năm 2018"])
    rows.append(["", "Người lập biểu", "", "KT. BỘ TRƯỞNG"])
    rows.append(["", "Phạm Thị Lan", "", "Nguyễn Thành Hưng"])
    return rows


def write_xlsx(path: Path, persons: Sequence[Person]) -> Path:
    """The list as an .xlsx file (openpyxl, write-only)."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách")
    for row in sheet_rows(persons):
        sheet.append(row)
    workbook.save(path)
    return path


def insert_delegates(db: Any, event_id: int, persons: Sequence[Person]) -> list[int]:
    """Store ``persons`` (repeats included) as delegates of ``event_id`` in bulk, derived columns
    computed by the product's own code; returns the ids in order."""
    from sqlalchemy import insert, select

    from confman.core.registration.models import Category, Delegate, Organization, delegate_derived
    from confman.core.text import normalize_email

    with db.session() as session:
        categories = session.scalars(select(Category.id).where(Category.event_id == event_id)
                                     .order_by(Category.sort_order)).all()
        orgs: dict[str, Organization] = {}
        for p in persons:
            if p.unit.name not in orgs:
                existing = session.scalar(select(Organization).where(Organization.name_folded == fold(p.unit.name)))
                orgs[p.unit.name] = existing or Organization(name=p.unit.name, short_name=p.unit.short_name)
        session.add_all(orgs.values())
        session.flush()
        rows = []
        for number, p in enumerate(persons):
            org = orgs[p.unit.name]
            email = normalize_email(p.email)
            values = {
                "event_id": event_id, "honorific": p.honorific, "full_name": p.full_name, "foreign_name": False,
                "position": p.position, "organization_id": org.id, "category_id": categories[number % len(categories)],
                "delegation": "", "phone": p.phone_digits, "email": email, "nationality": "Việt Nam",
                "notes": p.notes, "badge_version": 1,
            }
            values.update(delegate_derived(p.full_name, foreign=False, position=p.position, organization=org.name,
                                           organization_short=org.short_name, delegation="",
                                           phone=p.phone_digits, email=email))
            rows.append(values)
        for start in range(0, len(rows), 5000):
            session.execute(insert(Delegate), rows[start:start + 5000])
        return list(session.scalars(select(Delegate.id).where(Delegate.event_id == event_id).order_by(Delegate.id)))
