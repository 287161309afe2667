"""An agenda from the programme organisers already wrote: a Word or Excel table.

The table Vietnamese organisers write (``Thời gian | Nội dung | Chủ trì / Thực hiện``, often with
``Địa điểm`` when sessions run in parallel) becomes agenda items:

* times as people type them: ``08:00 - 08:30``, ``8h00-8h30``, ``8 giờ 00 - 8 giờ 30``,
  ``14h – 15h30``; a row with a start only ends where the next row starts;
* headings spanning the table (or paragraphs between tables) set the day (``Ngày 22/11/2018``,
  ``Thứ Năm, ngày 22 tháng 11 năm 2018``, ``NGÀY THỨ HAI``), the part of the day (``Buổi sáng``)
  and the session (``PHIÊN CHUYÊN ĐỀ 1: …``, kept in the items' description);
* the first line of ``Nội dung`` is the title, further lines the description; the kind is
  read from the title (Giải lao → break, Tham luận → presentation …);
* people are written with titles and offices, several per cell on separate lines
  (``Đ/c Phan Thảo Nguyên, Vụ trưởng Vụ HTQT``): the name is matched to the event's delegates
  ignoring diacritics and case; ``Chủ trì: …`` lines (or a ``Chủ trì`` column) are chairs, the
  others speakers. What matches nobody (or several people) is listed, and kept in the item's notes.

``plan_programme`` reads and matches without writing (the preview, ``--dry-run``);
``import_programme`` creates the rooms and items in one transaction. The preview's corrections come
as plain data (``ProgrammeChoices``): items left out, and per person line the delegate to link
instead of the match, or none (the line as written goes to the item's notes).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from confman.core.agenda import service
from confman.core.agenda.models import AgendaItem, Room
from confman.core.agenda.service import ItemDraft, PersonRef
from confman.core.audit import record_audit
from confman.core.changes import Changes
from confman.core.db.engine import Database
from confman.core.enums import AgendaKind
from confman.core.errors import DomainError
from confman.core.events.models import Event
from confman.core.registration.models import Delegate, Organization
from confman.core.text import clean_text, fold

#: Header words (folded) of each column the importer understands.
_HEADERS: dict[str, tuple[str, ...]] = {
    "time": ("thoi gian", "gio", "time"),
    "content": ("noi dung", "chuong trinh", "hoat dong", "content", "agenda", "programme", "program"),
    "people": ("chu tri", "thuc hien", "nguoi thuc hien", "phu trach", "trinh bay", "bao cao vien",
               "dien gia", "to chuc thuc hien", "don vi thuc hien", "chu tri thuc hien", "speaker", "speakers",
               "presenter", "chair", "in charge"),
    "room": ("dia diem", "phong", "hoi truong", "venue", "room", "location"),
}  # fmt: skip
_CHAIR_HEADER = re.compile(r"^(?:chu tri|chu toa|dieu hanh|chair)\b")
_SPEAKER_WORDS = ("thuc hien", "trinh bay", "bao cao", "dien gia", "speaker", "presenter", "phu trach")

_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", "~": "-"})
_TIME_RANGE_RE = re.compile(
    r"(\d{1,2})\s*(?:h|:|\.|g)\s*(\d{2})?\s*(?:p|')?\s*(?:-|den|to)\s*(\d{1,2})\s*(?:h|:|\.|g)?\s*(\d{2})?"
)
_TIME_ONE_RE = re.compile(r"^(\d{1,2})\s*(?:h|:|\.|g)\s*(\d{2})?\b")
_NUMERIC_DATE_RE = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{2,4}))?")
_WORDED_DATE_RE = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?")
_DAY_ORDINALS = {"nhat": 1, "mot": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5}
_DAY_ORDINAL_RE = re.compile(r"^ngay\s+thu\s+(nhat|mot|hai|ba|tu|bon|nam)\b")
_DAY_PART_RE = re.compile(r"^(?:buoi\s+)?(sang|chieu|toi|trua)\b")
_SESSION_RE = re.compile(r"^(?:phien|tieu ban|hoi thao|toa dam|session)\b")
_ROOM_IN_HEADING_RE = re.compile(r"\(([^()]*(?:phòng|hội trường|room|hall)[^()]*)\)", re.IGNORECASE)

#: Titles written before a name ("Đ/c", "PGS.TS.", "Nhà báo"), folded, one or more words.
_TITLES: frozenset[tuple[str, ...]] = frozenset({
    ("dc",), ("dong", "chi"), ("ngai",), ("mr",), ("mrs",), ("ms",), ("miss",), ("dr",), ("prof",),
    ("gs",), ("pgs",), ("ts",), ("ths",), ("ncs",), ("bs",), ("ks",), ("ls",), ("cn",), ("nha", "bao"),
    ("tien", "si"), ("thac", "si"), ("giao", "su"), ("pho", "giao", "su"), ("luat", "su"), ("bac", "si"),
})
_TITLE_TOKENS = frozenset(t[0] for t in _TITLES if len(t) == 1)
_ROLE_PREFIX_RE = re.compile(r"^\s*(chủ trì|chủ tọa|chủ toạ|điều hành|dẫn chương trình|thực hiện|trình bày|"
                             r"báo cáo viên|diễn giả|chair|moderator|speaker)s?\s*:\s*", re.IGNORECASE)
_CHAIR_ROLES = ("chu tri", "chu toa", "dieu hanh", "chair", "moderator", "dan chuong trinh")
_NAME_END_RE = re.compile(r"\s*(?:,|;|\(| - | – | — |:)")
_SPLIT_PEOPLE_RE = re.compile(r"\n|;")

#: Title words (folded) → kind, first match wins.
_KINDS: tuple[tuple[tuple[str, ...], AgendaKind], ...] = (
    (("don tiep", "dang ky", "registration", "check-in"), AgendaKind.REGISTRATION),
    (("giai lao", "tea break", "coffee break", "nghi giai lao"), AgendaKind.BREAK),
    (("an trua", "nghi trua", "com trua", "lunch", "an toi", "tiec", "dinner"), AgendaKind.LUNCH),
    (("be mac", "closing", "phat bieu ket luan", "ket luan hoi nghi"), AgendaKind.CLOSING),
    (("khai mac", "tuyen bo ly do", "gioi thieu dai bieu", "van nghe", "chao mung", "opening"), AgendaKind.CEREMONY),
    (("tham luan", "trinh bay", "presentation"), AgendaKind.PRESENTATION),
    (("bao cao", "report"), AgendaKind.REPORT),
    (("thao luan", "hoi dap", "trao doi", "discussion", "q&a"), AgendaKind.DISCUSSION),
    (("toa dam", "panel"), AgendaKind.PANEL),
    (("hoi thao", "workshop", "phien chuyen de"), AgendaKind.WORKSHOP),
)


@dataclass(frozen=True, slots=True)
class ProgrammePerson:
    """One person line of a row: as written, the name read from it, and the delegate it matched."""

    text: str
    name: str
    role: str  # "chair" | "speaker"
    delegate_id: int | None = None
    full_name: str = ""
    candidates: int = 0  # delegates with that name: 0 = nobody, > 1 = ambiguous

    @property
    def says_role(self) -> bool:
        """The line names its role itself ("Chủ trì: Đ/c …")."""
        return bool(_ROLE_PREFIX_RE.match(self.text.strip(" -•+*·\t")))


@dataclass(frozen=True, slots=True)
class ProgrammeItem:
    """One agenda item read from the table; ``row`` is the table row (1-based, header included)."""

    row: int
    day: date
    start: time
    end: time
    title: str
    kind: AgendaKind
    description: str = ""
    room: str = ""
    session: str = ""
    people: tuple[ProgrammePerson, ...] = ()

    @property
    def chairs(self) -> tuple[ProgrammePerson, ...]:
        return tuple(p for p in self.people if p.role == "chair")

    @property
    def speakers(self) -> tuple[ProgrammePerson, ...]:
        return tuple(p for p in self.people if p.role == "speaker")

    @property
    def unmatched(self) -> tuple[ProgrammePerson, ...]:
        return tuple(p for p in self.people if p.delegate_id is None)


@dataclass(frozen=True, slots=True)
class ProgrammeWarning:
    row: int
    code: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ProgrammePlan:
    """What an import will create: the items with their people matched, what could not be matched."""

    file: str
    items: tuple[ProgrammeItem, ...]
    warnings: tuple[ProgrammeWarning, ...] = ()

    @property
    def unmatched(self) -> list[tuple[ProgrammeItem, ProgrammePerson]]:
        return [(item, person) for item in self.items for person in item.unmatched]

    @property
    def rooms(self) -> list[str]:
        return list(dict.fromkeys(i.room for i in self.items if i.room))


@dataclass(frozen=True, slots=True)
class ProgrammeChoices:
    """What the organiser corrected in the preview, as plain data.

    ``skipped``: indexes (in ``plan.items``) of the items not to create. ``people``: per
    ``(item index, person index)`` (in ``plan.items[i].people``) the delegate to link instead of the one
    matched, or ``None`` to link nobody and keep the line as written in the item's notes. Lines not named
    keep what the plan matched.
    """

    skipped: frozenset[int] = frozenset()
    people: Mapping[tuple[int, int], int | None] = field(default_factory=dict)

    def delegate(self, item_index: int, person_index: int, person: ProgrammePerson) -> int | None:
        """The delegate a person line links to: the organiser's choice, else the plan's match."""
        key = (item_index, person_index)
        return self.people.get(key, person.delegate_id)


@dataclass(frozen=True, slots=True)
class ChosenItem:
    """One item as it will be created: the delegates linked as chairs and speakers (in order, once
    each) and the person lines kept in its notes."""

    index: int
    item: ProgrammeItem
    chairs: tuple[int, ...]
    speakers: tuple[int, ...]
    unlinked: tuple[ProgrammePerson, ...]


@dataclass(frozen=True, slots=True)
class ProgrammeResult:
    plan: ProgrammePlan
    created: int
    rooms_created: int
    item_ids: tuple[int, ...]
    changes: Changes
    unlinked: int = 0  # person lines kept in the items' notes (no delegate linked)


# --------------------------------------------------------------------------- reading tables


@dataclass(slots=True)
class _Block:
    """A paragraph (``cells`` is None) or one table row, in document order."""

    text: str
    cells: list[str] | None = None
    row: int = 0
    table: int = 0


def _docx_blocks(path: Path) -> Iterator[_Block]:
    try:
        from docx import Document
        from docx.table import Table
    except ImportError as exc:  # pragma: no cover - a dependency of the app
        raise DomainError("agenda.import_unreadable", file=path.name) from exc
    try:
        document = Document(str(path))
    except Exception as exc:
        raise DomainError("agenda.import_unreadable", file=path.name) from exc
    number = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            number += 1
            for index, row in enumerate(block.rows, start=1):
                cells = [clean_text(cell.text, multiline=True) for cell in row.cells]
                yield _Block(" ".join(cells), cells, index, number)
        else:
            yield _Block(clean_text(block.text))


def _xlsx_blocks(path: Path) -> Iterator[_Block]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, data_only=True)
    except Exception as exc:
        raise DomainError("agenda.import_unreadable", file=path.name) from exc
    sheet = workbook.worksheets[0]
    grid = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:  # a merged cell's value fills its whole range, as in Word
        value = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, merged.max_row):
            for c in range(merged.min_col - 1, merged.max_col):
                grid[r][c] = value
    workbook.close()
    for index, values in enumerate(grid, start=1):
        cells = [_cell_text(v) for v in values]
        yield _Block(" ".join(cells), cells, index, 1)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(value, multiline=True)


def _header_columns(cells: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, text in enumerate(cells):
        folded = fold(text).replace("/", " ")
        folded = " ".join(folded.split())
        for key, words in _HEADERS.items():
            if key not in found and any(folded == w or folded.startswith(w + " ") for w in words):
                found[key] = index
                break
    return found


# --------------------------------------------------------------------------- reading values


def parse_time_range(text: str) -> tuple[time | None, time | None]:
    """``(start, end)`` from "08:00 - 08:30", "8h00-8h30", "8 giờ 00 - 8 giờ 30", "14h"; ``None`` when absent."""
    folded = clean_text(text).lower().translate(_DASHES)
    for word, short in (("giờ", "h"), ("phút", ""), ("đến", "-"), ("tới", "-")):
        folded = folded.replace(word, short)
    folded = re.sub(r"\s+", " ", folded).strip()
    match = _TIME_RANGE_RE.search(folded)
    if match:
        start = _clock(match.group(1), match.group(2))
        end = _clock(match.group(3), match.group(4))
        if start is not None and end is not None:
            return start, end
    match = _TIME_ONE_RE.match(folded)
    if match:
        return _clock(match.group(1), match.group(2)), None
    return None, None


def _clock(hour: str, minute: str | None) -> time | None:
    h, m = int(hour), int(minute or 0)
    return time(h, m) if h < 24 and m < 60 else None


def heading_day(text: str, first_day: date) -> date | None:
    """The day a heading names: "Ngày 22/11/2018", "Thứ Năm, ngày 22 tháng 11", "NGÀY THỨ HAI" (counted
    from ``first_day``); the year defaults to ``first_day``'s."""
    folded = fold(text)
    if not re.search(r"\b(?:ngay|thu|day|sang|chieu|toi|buoi)\b", folded):
        return None
    match = _WORDED_DATE_RE.search(folded) or _NUMERIC_DATE_RE.search(clean_text(text))
    if match:
        day, month = int(match.group(1)), int(match.group(2))
        year = int(match.group(3)) if match.group(3) else first_day.year
        if year < 100:
            year += 2000
        try:
            return date(year, month, day)
        except ValueError:
            return None
    ordinal = _DAY_ORDINAL_RE.match(folded)
    if ordinal:
        return first_day + timedelta(days=_DAY_ORDINALS[ordinal.group(1)] - 1)
    return None


def guess_kind(title: str) -> AgendaKind:
    folded = fold(title)
    for words, kind in _KINDS:
        if any(re.search(rf"(?:^|\s){re.escape(w)}(?:\s|$)", folded) for w in words):
            return kind
    return AgendaKind.PLENARY


def person_name(line: str) -> tuple[str, str | None]:
    """``(name, role)`` from a person line: "Chủ trì: Đ/c Phan Thảo Nguyên, Vụ trưởng Vụ HTQT" →
    ("Phan Thảo Nguyên", "chair"); the role is ``None`` when the line does not say."""
    role = None
    text = line.strip(" -•+*·\t")
    prefix = _ROLE_PREFIX_RE.match(text)
    if prefix:
        role = "chair" if fold(prefix.group(1)) in _CHAIR_ROLES else "speaker"
        text = text[prefix.end():]
    name = _NAME_END_RE.split(text, maxsplit=1)[0].strip(" .")
    words = name.split()
    while words:  # strip titles: "Đ/c", "PGS.TS. Nguyễn Văn An", "Nhà báo Lê Hoa", "Ông Trần Văn Nam"
        first = [fold(p).replace(" ", "") for p in words[0].split(".") if p]
        if first and all(p in _TITLE_TOKENS for p in first):
            words = words[1:]
            continue
        folded = tuple(fold(w).replace(" ", "") for w in words[:3])
        span = next((len(t) for t in _TITLES if len(t) > 1 and folded[: len(t)] == t), 0)
        if span and len(words) > span:
            words = words[span:]
            continue
        if folded[:1] in (("ong",), ("ba",)) and len(words) >= 3:  # "Ông" is a family name too: "Ông Văn Tùng"
            words = words[1:]
            continue
        break
    return " ".join(words), role


# --------------------------------------------------------------------------- parsing


@dataclass(slots=True)
class _Row:
    row: int
    day: date
    start: time | None
    end: time | None
    content: str
    people: str
    room: str
    session: str
    chair_column: bool


def _read_rows(blocks: Iterator[_Block], first_day: date, warnings: list[ProgrammeWarning]) -> list[_Row]:
    rows: list[_Row] = []
    columns: dict[str, int] | None = None
    table = 0
    day = first_day
    day_seen = False
    session = ""
    chair_column = False
    for block in blocks:
        if block.cells is None:  # a paragraph between tables: a day heading perhaps
            found = heading_day(block.text, first_day) if len(block.text) <= 120 else None
            if found is not None:
                day, day_seen = found, True
            continue
        if block.table != table:
            table, columns = block.table, None
        cells = block.cells
        if columns is None:
            header = _header_columns(cells)
            if "time" in header and "content" in header:
                columns = header
                people_header = fold(cells[header["people"]]) if "people" in header else ""
                chair_column = bool(_CHAIR_HEADER.match(people_header)) and not any(
                    w in people_header for w in _SPEAKER_WORDS)
            continue
        distinct = {c for c in cells if c}
        if not distinct:
            continue
        time_text = cells[columns["time"]] if columns["time"] < len(cells) else ""
        content = cells[columns["content"]] if columns["content"] < len(cells) else ""
        spanning = len(distinct) == 1 and parse_time_range(next(iter(distinct)))[0] is None
        if spanning:
            heading = next(iter(distinct))
            found = heading_day(heading, first_day)
            if found is not None:
                day, day_seen = found, True
                if _SESSION_RE.match(fold(heading)):
                    session = heading
                continue
            folded = fold(heading)
            if _DAY_PART_RE.match(folded):
                continue  # "Buổi sáng": the times say it
            session = heading
            continue
        start, end = parse_time_range(time_text)
        if start is None:
            if rows and not time_text and content:  # a row continuing the one above (a second paper)
                rows[-1].content += "\n" + content
                extra = cells[columns["people"]] if "people" in columns else ""
                if extra:
                    rows[-1].people += "\n" + extra
                continue
            warnings.append(ProgrammeWarning(block.row, "agenda.programme.no_time", {"value": time_text or content}))
            continue
        if not day_seen and not rows:
            warnings.append(ProgrammeWarning(block.row, "agenda.programme.no_day", {"day": f"{first_day:%d/%m/%Y}"}))
            day_seen = True
        room = cells[columns["room"]] if "room" in columns and columns["room"] < len(cells) else ""
        if not room:
            found_room = _ROOM_IN_HEADING_RE.search(session)
            room = found_room.group(1).strip() if found_room else ""
        people = cells[columns["people"]] if "people" in columns and columns["people"] < len(cells) else ""
        rows.append(_Row(block.row, day, start, end, content, people, room, session, chair_column))
    if columns is None and not rows:
        raise DomainError("agenda.programme_no_table")
    return rows


def _items(rows: list[_Row], warnings: list[ProgrammeWarning]) -> list[tuple[_Row, time, time, str, str]]:
    out = []
    for index, row in enumerate(rows):
        start = row.start
        assert start is not None
        end = row.end
        if end is None:
            following = next((r for r in rows[index + 1:] if r.day == row.day and r.start and r.start > start), None)
            if following is not None:
                end = following.start
            else:
                end = service.add_minutes(start, 30)
                warnings.append(ProgrammeWarning(row.row, "agenda.programme.end_guessed", {"end": f"{end:%H:%M}"}))
        assert end is not None
        if end <= start:
            raise DomainError("agenda.import_bad_row", row=row.row, column="Thời gian",
                              value=f"{start:%H:%M} – {end:%H:%M}")
        lines = [line for line in row.content.split("\n") if line.strip()]
        title = lines[0] if lines else ""
        if not title:
            warnings.append(ProgrammeWarning(row.row, "agenda.programme.no_title", {}))
            continue
        out.append((row, start, end, title, "\n".join(lines[1:])))
    return out


def read_programme(path: str | Path, *, first_day: date) -> tuple[list[ProgrammeItem], list[ProgrammeWarning]]:
    """The items of the programme table in ``path`` (.docx or .xlsx), people not yet matched."""
    source = Path(path)
    suffix = source.suffix.lower()
    if suffix == ".docx":
        blocks = _docx_blocks(source)
    elif suffix in (".xlsx", ".xlsm"):
        blocks = _xlsx_blocks(source)
    else:
        raise DomainError("agenda.programme_format", file=source.name)
    warnings: list[ProgrammeWarning] = []
    try:
        rows = _read_rows(blocks, first_day, warnings)
    except DomainError as exc:
        if exc.code == "agenda.programme_no_table":
            raise DomainError("agenda.programme_no_table", file=source.name) from None
        raise
    items = []
    for row, start, end, title, description in _items(rows, warnings):
        people = []
        for line in _SPLIT_PEOPLE_RE.split(row.people):
            line = line.strip()
            if not line:
                continue
            name, role = person_name(line)
            people.append(ProgrammePerson(line, name, role or ("chair" if row.chair_column else "speaker")))
        description = "\n".join(p for p in (row.session, description) if p)
        items.append(ProgrammeItem(row.row, row.day, start, end, title, guess_kind(title), description, row.room,
                                   row.session, tuple(people)))
    return items, warnings


# --------------------------------------------------------------------------- matching and importing


def plan_programme(db: Database, event_id: int, path: str | Path) -> ProgrammePlan:
    """Read the programme and match its people to the event's delegates; nothing is written."""
    with db.session() as session:
        event = session.get(Event, event_id)
        if event is None:
            raise DomainError("event.not_found", code=str(event_id))
        first_day = event.start_date
        delegates: dict[str, list[tuple[int, str]]] = {}
        for did, name in session.execute(select(Delegate.id, Delegate.full_name).where(
                Delegate.event_id == event_id, Delegate.deleted_at.is_(None))):
            delegates.setdefault(fold(name), []).append((did, name))
    items, warnings = read_programme(path, first_day=first_day)
    matched = []
    for item in items:
        people = []
        for person in item.people:
            found = delegates.get(fold(person.name), []) if person.name else []
            if len(found) == 1:
                person = ProgrammePerson(person.text, person.name, person.role, found[0][0], found[0][1], 1)
            else:
                person = ProgrammePerson(person.text, person.name, person.role, None, "", len(found))
            people.append(person)
        matched.append(ProgrammeItem(item.row, item.day, item.start, item.end, item.title, item.kind,
                                     item.description, item.room, item.session, tuple(people)))
    return ProgrammePlan(Path(path).name, tuple(matched), tuple(warnings))


def programme_delegates(db: Database, event_id: int) -> list[PersonRef]:
    """The event's delegates (recycle bin excluded) in name order: who a person line can be linked to."""
    with db.session() as session:
        rows = session.execute(
            select(Delegate.id, Delegate.full_name, Delegate.honorific, Delegate.position, Organization.name)
            .outerjoin(Organization, Organization.id == Delegate.organization_id)
            .where(Delegate.event_id == event_id, Delegate.deleted_at.is_(None))
            .order_by(Delegate.sort_key, Delegate.id))
        return [PersonRef(r[0], r[1], r[2], r[3], r[4] or "") for r in rows]


def chosen_items(plan: ProgrammePlan, choices: ProgrammeChoices | None = None) -> list[ChosenItem]:
    """The items ``import_programme`` creates with ``choices``: unticked ones left out, each person line
    linked to the delegate chosen (or matched) or kept in the notes. The preview counts from this too."""
    choices = choices or ProgrammeChoices()
    out = []
    for index, item in enumerate(plan.items):
        if index in choices.skipped:
            continue
        chairs: list[int] = []
        speakers: list[int] = []
        unlinked: list[ProgrammePerson] = []
        for number, person in enumerate(item.people):
            delegate_id = choices.delegate(index, number, person)
            if delegate_id is None:
                unlinked.append(person)
            else:
                (chairs if person.role == "chair" else speakers).append(delegate_id)
        out.append(ChosenItem(index, item, tuple(dict.fromkeys(chairs)), tuple(dict.fromkeys(speakers)),
                              tuple(unlinked)))
    return out


def _check_choices(session: Any, event_id: int, plan: ProgrammePlan, choices: ProgrammeChoices) -> None:
    """Choices name items of the plan and delegates of the event still on its list."""
    for index in sorted(choices.skipped):
        if not 0 <= index < len(plan.items):
            raise DomainError("agenda.programme_bad_choice", index=index)
    wanted: dict[int, int] = {}  # delegate id -> the table row it was chosen for
    for (index, number), delegate_id in choices.people.items():
        if not 0 <= index < len(plan.items) or not 0 <= number < len(plan.items[index].people):
            raise DomainError("agenda.programme_bad_choice", index=index)
        if delegate_id is not None and index not in choices.skipped:
            wanted.setdefault(delegate_id, plan.items[index].row)
    if wanted:
        found = set(session.scalars(select(Delegate.id).where(
            Delegate.id.in_(sorted(wanted)), Delegate.event_id == event_id, Delegate.deleted_at.is_(None))))
        missing = sorted(set(wanted) - found)
        if missing:
            raise DomainError("agenda.programme_delegate_gone", id=missing[0], row=wanted[missing[0]])


def import_programme(db: Database, event_id: int, plan: ProgrammePlan, *, choices: ProgrammeChoices | None = None,
                     station: str = "") -> ProgrammeResult:
    """Create the plan's rooms and items, all in one transaction: people linked as chairs/speakers (the
    plan's matches, or the delegates ``choices`` names), the other person lines in the item's notes;
    items ``choices`` skips are not created. A choice naming a delegate no longer on the event's list
    raises ``agenda.programme_delegate_gone`` and nothing is written."""
    choices = choices or ProgrammeChoices()
    ids: list[int] = []
    rooms_created = 0
    unlinked = 0
    with db.session() as session:
        _check_choices(session, event_id, plan, choices)
        rooms: dict[str, int] = {}
        for room in session.scalars(select(Room).where(Room.event_id == event_id)):
            rooms.setdefault(fold(room.name), room.id)
        order = len(rooms)
        for chosen in chosen_items(plan, choices):
            item = chosen.item
            room_id = None
            if item.room:
                room_id = rooms.get(fold(item.room))
                if room_id is None:
                    room = Room(event_id=event_id, name=item.room[:200], sort_order=order)
                    order += 1
                    session.add(room)
                    session.flush()
                    record_audit(session, entity="room", entity_id=room.id, action="create",
                                 changes={"name": [None, room.name]}, event_id=event_id, station=station)
                    rooms[fold(item.room)] = room_id = room.id
                    rooms_created += 1
            unlinked += len(chosen.unlinked)
            draft = service._validate_draft(ItemDraft(
                day=item.day, start=item.start, end=item.end, title_vi=item.title, room_id=room_id, kind=item.kind,
                description=item.description, notes="\n".join(p.text for p in chosen.unlinked),
                chairs=chosen.chairs, speakers=chosen.speakers,
            ))  # fmt: skip
            row = AgendaItem(event_id=event_id, day=draft.day, start_time=draft.start, end_time=draft.end,
                             title_vi=draft.title_vi)
            service._apply_draft(row, draft)
            session.add(row)
            session.flush()
            service._set_people(session, row, draft.chairs, draft.speakers)
            record_audit(session, entity="agenda_item", entity_id=row.id, action="import_create",
                         changes={"title_vi": [None, row.title_vi], "source": plan.file}, event_id=event_id,
                         station=station)
            ids.append(row.id)
    return ProgrammeResult(plan, len(ids), rooms_created, tuple(ids),
                           Changes.of(service.AGENDA, service.ROOMS, ids=ids), unlinked)


def is_round_trip_workbook(path: str | Path) -> bool:
    """True for an agenda workbook written by ``confman agenda xlsx`` (ID, day, start … columns)."""
    from confman.core.agenda.xlsx import _REQUIRED, _header_map, _read_rows

    rows = _read_rows(Path(path))
    return any(all(k in _header_map(r) for k in _REQUIRED) for r in rows[:10])
