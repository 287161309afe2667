"""A realistic demo conference so a newcomer sees a living app (``confman demo``).

The ASEAN communication review conference of the Ministry of Information and
Communications (2013–2018 period): categories, ministries, provinces, newsrooms,
ASEAN guests, 320 delegates with common Vietnamese names, rooms, a two-day agenda
and presentations. Deterministic (seeded) so screenshots and tests are stable.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select

from confman.core.agenda.models import AgendaItem, AgendaItemPerson, Room
from confman.core.db.engine import Database
from confman.core.enums import (
    AgendaKind,
    DelegateStatus,
    Gender,
    OrganizationType,
    PersonRole,
    PresentationStatus,
)
from confman.core.events.models import Event
from confman.core.events.service import EventRow, create_event
from confman.core.presentations.models import Presentation, PresentationPresenter
from confman.core.registration.models import Category, Delegate, Organization
from confman.core.text import fold

DEMO_CODE = "ASEAN-TT-2018"
DEMO_DELEGATES = 320

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
          "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Lương", "Mai", "Đào", "Tạ", "Cao", "Chu")
FAMILY_WEIGHTS = (38, 11, 9, 7, 5, 4, 4, 4, 3, 3, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1)
MIDDLE_M = ("Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân", "Ngọc", "Mạnh", "Tiến", "Anh")
MIDDLE_F = ("Thị", "Thu", "Thanh", "Ngọc", "Minh", "Thúy", "Hồng", "Kim", "Phương", "Thị Thu", "Thị Minh")
GIVEN_M = ("Hùng", "Hưng", "Dũng", "Tuấn", "Minh", "Nam", "Sơn", "Long", "Hải", "Quân", "Đức", "Thắng",
           "Trung", "Khoa", "Phong", "Cường", "Đạt", "Bình", "Hiếu", "Thành", "Tùng", "Việt", "Kiên")
GIVEN_F = ("Lan", "Hương", "Hà", "Linh", "Mai", "Thảo", "Trang", "Hằng", "Ngọc", "Thủy", "Thúy", "Nga",
           "Yến", "Dung", "Hạnh", "Loan", "Vân", "Anh", "Châu", "Diệp", "Giang", "Oanh", "Uyên")

MINISTRIES = ("Bộ Thông tin và Truyền thông", "Bộ Ngoại giao", "Bộ Công Thương",
              "Bộ Văn hóa, Thể thao và Du lịch", "Bộ Kế hoạch và Đầu tư", "Bộ Tài chính",
              "Bộ Giáo dục và Đào tạo", "Bộ Nội vụ", "Bộ Quốc phòng", "Bộ Công an",
              "Ban Tuyên giáo Trung ương", "Văn phòng Chính phủ")
PROVINCES = ("Hà Nội", "TP. Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Quảng Ninh", "Thừa Thiên Huế",
             "Khánh Hòa", "Lào Cai", "Điện Biên", "Nghệ An", "Đắk Lắk", "An Giang", "Bà Rịa – Vũng Tàu",
             "Lạng Sơn", "Quảng Nam", "Bình Định", "Kiên Giang")
PRESS = (("Thông tấn xã Việt Nam", "TTXVN", OrganizationType.PRESS),
         ("Báo Nhân Dân", "", OrganizationType.PRESS),
         ("Báo Quân đội nhân dân", "QĐND", OrganizationType.PRESS),
         ("Báo Thế giới và Việt Nam", "", OrganizationType.PRESS),
         ("Đài Truyền hình Việt Nam", "VTV", OrganizationType.BROADCASTER),
         ("Đài Tiếng nói Việt Nam", "VOV", OrganizationType.BROADCASTER),
         ("Kênh truyền hình Quốc hội", "", OrganizationType.BROADCASTER))
FOREIGN = (("Ban Thư ký ASEAN", "ASEC"), ("Bộ Thông tin, Văn hóa và Du lịch Lào", ""),
           ("Bộ Thông tin Campuchia", ""))
FOREIGN_GUESTS = (("Ms", "Siriporn Chaiyasit", "Thái Lan"), ("Mr", "Somsack Phommachanh", "Lào"),
                  ("Mr", "Sokha Chea", "Campuchia"), ("Ms", "Maria Santos", "Philippines"),
                  ("Mr", "Ahmad Fauzi bin Hassan", "Malaysia"), ("Ms", "Dewi Lestari", "Indonesia"))
#: English names of the demo's units (what English documents print); provinces are named by rule below.
ENGLISH_NAMES: dict[str, str] = {
    "Bộ Thông tin và Truyền thông": "Ministry of Information and Communications",
    "Bộ Ngoại giao": "Ministry of Foreign Affairs", "Bộ Công Thương": "Ministry of Industry and Trade",
    "Bộ Văn hóa, Thể thao và Du lịch": "Ministry of Culture, Sports and Tourism",
    "Bộ Kế hoạch và Đầu tư": "Ministry of Planning and Investment", "Bộ Tài chính": "Ministry of Finance",
    "Bộ Giáo dục và Đào tạo": "Ministry of Education and Training", "Bộ Nội vụ": "Ministry of Home Affairs",
    "Bộ Quốc phòng": "Ministry of National Defence", "Bộ Công an": "Ministry of Public Security",
    "Ban Tuyên giáo Trung ương": "Central Propaganda and Education Commission",
    "Văn phòng Chính phủ": "Office of the Government",
    "Thông tấn xã Việt Nam": "Vietnam News Agency", "Báo Nhân Dân": "Nhan Dan Newspaper",
    "Báo Quân đội nhân dân": "People's Army Newspaper", "Báo Thế giới và Việt Nam": "The World & Vietnam Report",
    "Đài Truyền hình Việt Nam": "Vietnam Television", "Đài Tiếng nói Việt Nam": "Voice of Vietnam",
    "Kênh truyền hình Quốc hội": "National Assembly Television",
    "Ban Thư ký ASEAN": "ASEAN Secretariat",
    "Bộ Thông tin, Văn hóa và Du lịch Lào": "Ministry of Information, Culture and Tourism of Laos",
    "Bộ Thông tin Campuchia": "Ministry of Information of Cambodia",
}
PROVINCES_EN: dict[str, str] = {
    "Hà Nội": "Hanoi", "TP. Hồ Chí Minh": "Ho Chi Minh City", "Đà Nẵng": "Da Nang", "Hải Phòng": "Hai Phong",
    "Cần Thơ": "Can Tho", "Quảng Ninh": "Quang Ninh", "Thừa Thiên Huế": "Thua Thien Hue", "Khánh Hòa": "Khanh Hoa",
    "Lào Cai": "Lao Cai", "Điện Biên": "Dien Bien", "Nghệ An": "Nghe An", "Đắk Lắk": "Dak Lak",
    "An Giang": "An Giang", "Bà Rịa – Vũng Tàu": "Ba Ria – Vung Tau", "Lạng Sơn": "Lang Son",
    "Quảng Nam": "Quang Nam", "Bình Định": "Binh Dinh", "Kiên Giang": "Kien Giang",
}
POSITIONS_MINISTRY = ("Thứ trưởng", "Vụ trưởng", "Phó Vụ trưởng", "Cục trưởng", "Phó Cục trưởng",
                      "Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên chính", "Chuyên viên")
POSITIONS_PROVINCE = ("Phó Chủ tịch UBND tỉnh", "Chánh Văn phòng", "Trưởng phòng Ngoại vụ", "Chuyên viên")
POSITIONS_DEPT = ("Giám đốc Sở", "Phó Giám đốc Sở", "Trưởng phòng Thông tin – Báo chí", "Chuyên viên")
POSITIONS_PRESS = ("Tổng Biên tập", "Phó Tổng Biên tập", "Trưởng ban", "Phóng viên", "Biên tập viên",
                   "Quay phim")


@dataclass(frozen=True, slots=True)
class DemoSummary:
    event: EventRow
    delegates: int
    organizations: int
    agenda_items: int
    presentations: int


def _org(session, cache: dict[str, Organization], name: str, type_: OrganizationType,
         short: str = "", province: str = "", name_en: str = "") -> Organization:
    key = fold(name)
    org = cache.get(key) or session.scalar(select(Organization).where(Organization.name_folded == key))
    if org is None:
        org = Organization(name=name, type=type_, short_name=short, province=province,
                           name_en=name_en or ENGLISH_NAMES.get(name, ""))
        org.refresh_derived()
        session.add(org)
    cache[key] = org
    return org


def _committee_en(province_en: str, city: bool) -> str:
    """ "Hanoi City People's Committee", "Quang Ninh Provincial People's Committee"."""
    if city:
        return f"{province_en if province_en.endswith(' City') else province_en + ' City'} People's Committee"
    return f"{province_en} Provincial People's Committee"


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(("090", "091", "094", "096", "097", "098", "083", "088", "035", "039"))
    return prefix + "".join(str(rng.randrange(10)) for _ in range(7))


#: The demo event's document fields (Nghị định 30 letterhead, signer, English values).
DEMO_DOCUMENTS: dict[str, str] = {
    "venue_en": "National Convention Center, Hanoi",
    "place": "Hà Nội", "place_en": "Hanoi",
    "parent_body": "Bộ Thông tin và Truyền thông", "parent_body_en": "Ministry of Information and Communications",
    "issuing_body": "Vụ Hợp tác quốc tế", "issuing_body_en": "International Cooperation Department",
    "signer_authority": "TM. BAN TỔ CHỨC", "signer_authority_en": "ON BEHALF OF THE ORGANISING COMMITTEE",
    "signer_title": "TRƯỞNG BAN", "signer_title_en": "HEAD",
    "signer_name": "Phạm Quốc Bảo", "letter_number": "125/GM-HTQT",
    "contact_name": "Trần Thu Hà", "contact_phone": "024 3943 7188",
}


def create_demo(db: Database, *, code: str = DEMO_CODE, delegates: int = DEMO_DELEGATES,
                seed: int = 2018) -> DemoSummary:
    """Create the demo conference; raises ``event.code_taken`` when it already exists."""
    rng = random.Random(seed)
    event_row = create_event(
        db,
        code=code,
        name_vi="Hội nghị tổng kết công tác thông tin đối ngoại ASEAN giai đoạn 2013–2018",
        name_en="Review Conference on ASEAN Communication Work, 2013–2018",
        start_date=date(2018, 12, 12),
        end_date=date(2018, 12, 13),
        venue="Trung tâm Hội nghị Quốc gia, Hà Nội",
        organiser_unit="Bộ Thông tin và Truyền thông — Vụ Hợp tác quốc tế",
    )
    with db.session() as session:
        event = session.get(Event, event_row.id)
        assert event is not None
        for field, value in DEMO_DOCUMENTS.items():  # what the letters and programme print
            setattr(event, field, value)
        categories = {c.code: c for c in session.scalars(select(Category).where(Category.event_id == event.id))}
        cache: dict[str, Organization] = {}
        units: list[tuple[Organization, tuple[str, ...], str]] = []
        for name in MINISTRIES:
            units.append((_org(session, cache, name, OrganizationType.MINISTRY), POSITIONS_MINISTRY, "DB"))
        for prov in PROVINCES:
            city = "TP." in prov or prov in ("Hà Nội", "Đà Nẵng", "Hải Phòng", "Cần Thơ")
            prov_en = PROVINCES_EN[prov]
            units.append((_org(session, cache, f"UBND thành phố {prov.replace('TP. ', '')}" if city else
                               f"UBND tỉnh {prov}", OrganizationType.PROVINCE, province=prov,
                               name_en=_committee_en(prov_en, city)),
                          POSITIONS_PROVINCE, "DB"))
            units.append((_org(session, cache, f"Sở Thông tin và Truyền thông {prov}",
                               OrganizationType.PROVINCIAL_DEPARTMENT, short=f"Sở TT&TT {prov}", province=prov,
                               name_en=f"{prov_en} Department of Information and Communications"),
                          POSITIONS_DEPT, "DB"))
        for name, short, type_ in PRESS:
            units.append((_org(session, cache, name, type_, short=short), POSITIONS_PRESS, "BC"))
        foreign_orgs = [_org(session, cache, name, OrganizationType.FOREIGN, short=short) for name, short in FOREIGN]
        session.flush()

        people: list[Delegate] = []
        statuses = (DelegateStatus.CONFIRMED,) * 6 + (DelegateStatus.REGISTERED,) * 3 + (DelegateStatus.INVITED,)
        for index in range(delegates - len(FOREIGN_GUESTS)):
            org, positions, cat_code = units[index % len(units)] if index < len(units) * 2 else rng.choice(units)
            female = rng.random() < 0.45
            family = rng.choices(FAMILY, FAMILY_WEIGHTS)[0]
            middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
            given = rng.choice(GIVEN_F if female else GIVEN_M)
            position = rng.choice(positions)
            if position.startswith(("Thứ trưởng", "Phó Chủ tịch", "Tổng Biên tập", "Giám đốc Sở")):
                cat_code = "VIP"
            delegate = Delegate(
                event_id=event.id,
                honorific="Bà" if female else "Ông",
                full_name=f"{family} {middle} {given}",
                gender=Gender.FEMALE if female else Gender.MALE,
                position=position,
                organization=org,
                category=categories[cat_code],
                phone=_phone(rng) if rng.random() < 0.9 else "",
                email=(f"{fold(given)}.{fold(family)}{rng.randrange(100)}@{rng.choice(('mic.gov.vn', 'gmail.com', 'mofa.gov.vn'))}"
                       if rng.random() < 0.7 else ""),
                nationality="Việt Nam",
                status=rng.choice(statuses),
            )
            people.append(delegate)
        for i, (hon, name, country) in enumerate(FOREIGN_GUESTS):
            people.append(Delegate(
                event_id=event.id, honorific=hon, full_name=name, foreign_name=True,
                gender=Gender.FEMALE if hon == "Ms" else Gender.MALE, position="Delegate",
                organization=foreign_orgs[i % len(foreign_orgs)], category=categories["KM"],
                delegation=f"Đoàn {country}", nationality=country, status=DelegateStatus.CONFIRMED,
            ))
        people.append(Delegate(
            event_id=event.id, honorific="Ông", full_name="Trương Minh Tuấn", gender=Gender.MALE,
            position="Bộ trưởng", organization=cache[fold("Bộ Thông tin và Truyền thông")],
            category=categories["VIP"], status=DelegateStatus.CONFIRMED,
        ))
        session.add_all(people)
        session.flush()

        rooms = [Room(event_id=event.id, name=n, name_en=e, capacity=c, sort_order=i)
                 for i, (n, e, c) in enumerate((("Hội trường A", "Hall A", 400), ("Phòng họp B", "Room B", 120),
                                                 ("Phòng họp C", "Room C", 80)))]
        session.add_all(rooms)
        session.flush()
        day1, day2 = event.start_date, event.end_date
        plan = (
            (day1, "07:30", "08:15", 0, AgendaKind.REGISTRATION, "Đón tiếp đại biểu, đăng ký", "Registration"),
            (day1, "08:15", "08:30", 0, AgendaKind.CEREMONY, "Văn nghệ chào mừng; tuyên bố lý do, giới thiệu đại biểu",
             "Opening performance; introduction of delegates"),
            (day1, "08:30", "08:50", 0, AgendaKind.PLENARY, "Phát biểu khai mạc của Lãnh đạo Bộ Thông tin và Truyền thông",
             "Opening remarks by the Ministry's leadership"),
            (day1, "08:50", "09:30", 0, AgendaKind.REPORT, "Báo cáo tổng kết công tác thông tin đối ngoại ASEAN giai đoạn 2013–2018",
             "Review report on ASEAN communication work, 2013–2018"),
            (day1, "09:30", "09:45", 0, AgendaKind.BREAK, "Giải lao", "Coffee break"),
            (day1, "09:45", "11:30", 0, AgendaKind.PRESENTATION, "Tham luận của các bộ, ngành", "Papers from ministries"),
            (day1, "11:30", "13:30", 0, AgendaKind.LUNCH, "Nghỉ trưa", "Lunch"),
            (day1, "13:30", "15:00", 1, AgendaKind.WORKSHOP, "Tọa đàm: Truyền thông về Cộng đồng ASEAN ở địa phương",
             "Workshop: communicating the ASEAN Community in the provinces"),
            (day1, "13:30", "15:00", 2, AgendaKind.WORKSHOP, "Tọa đàm: Vai trò của báo chí trong thông tin đối ngoại",
             "Workshop: the press in external communication"),
            (day2, "08:00", "10:00", 0, AgendaKind.PRESENTATION, "Tham luận của các địa phương", "Papers from the provinces"),
            (day2, "10:00", "10:15", 0, AgendaKind.BREAK, "Giải lao", "Coffee break"),
            (day2, "10:15", "11:15", 0, AgendaKind.DISCUSSION, "Thảo luận và kiến nghị", "Discussion and recommendations"),
            (day2, "11:15", "11:45", 0, AgendaKind.CLOSING, "Phát biểu bế mạc; khen thưởng", "Closing remarks; awards"),
        )
        items = []
        for day, start, end, room_index, kind, vi, en in plan:
            items.append(AgendaItem(event_id=event.id, day=day, start_time=time.fromisoformat(start),
                                    end_time=time.fromisoformat(end), room_id=rooms[room_index].id, kind=kind,
                                    title_vi=vi, title_en=en, session_checkin=kind in (AgendaKind.WORKSHOP,)))
        session.add_all(items)
        session.flush()
        minister = people[-1]
        items[2].people.append(AgendaItemPerson(delegate_id=minister.id, role=PersonRole.SPEAKER))
        for item in (items[5], items[9], items[11]):
            item.people.append(AgendaItemPerson(delegate_id=minister.id, role=PersonRole.CHAIR))

        presentations = 0
        papers = (
            (items[5], MINISTRIES[1:5]),
            (items[9], tuple(f"Sở Thông tin và Truyền thông {p}" for p in PROVINCES[:6])),
        )
        for item, org_names in papers:
            for order, org_name in enumerate(org_names, start=1):
                org = cache[fold(org_name)]
                presenter = next((p for p in people if p.organization is org and p.honorific in ("Ông", "Bà")), None)
                pres = Presentation(
                    event_id=event.id, title_vi=f"Kết quả công tác thông tin đối ngoại ASEAN của {org_name}",
                    title_en=f"ASEAN communication work: {org.name_en or org_name}", organization_id=org.id,
                    agenda_item_id=item.id, order_in_item=order, planned_minutes=15,
                    status=rng.choice(tuple(PresentationStatus)[:4]),
                )
                if presenter is not None:
                    pres.presenters.append(PresentationPresenter(delegate_id=presenter.id))
                session.add(pres)
                presentations += 1
        return DemoSummary(event=event_row, delegates=len(people), organizations=len(cache),
                           agenda_items=len(items), presentations=presentations)
