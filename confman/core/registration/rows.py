"""Plain frozen values handed from the registration services to the UI and the CLI.

No ORM object ever leaves the service layer: a Qt model holds these rows (or just ids),
so nothing lazy-loads while a table paints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from confman.core.changes import Changes
from confman.core.enums import DelegateStatus, Gender, OrganizationType
from confman.core.registration.contacts import ContactIssue


class _Keep:
    """Marker for "leave this field as it is" in an update."""

    _instance: _Keep | None = None

    def __new__(cls) -> _Keep:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "KEEP"

    def __bool__(self) -> bool:
        return False


KEEP: Final = _Keep()

#: Sortable columns of ``search_delegates`` (``DelegateSort.column``).
SORT_COLUMNS: tuple[str, ...] = (
    "name", "honorific", "position", "organization", "category", "delegation", "phone", "email", "status",
    "badge_printed", "checked_in", "created",
)


@dataclass(frozen=True, slots=True)
class CategoryRow:
    id: int
    event_id: int
    code: str
    label_vi: str
    label_en: str
    color: str
    sort_order: int
    is_vip: bool
    delegate_count: int = 0

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" and self.label_en else self.label_vi


def organization_name(name: str, name_en: str, lang: str) -> str:
    """An organization's name as a document in ``lang`` prints it: the English name when there is one."""
    return name_en if lang == "en" and name_en else name


@dataclass(frozen=True, slots=True)
class OrganizationRow:
    id: int
    name: str
    short_name: str
    type: OrganizationType
    province: str
    delegate_count: int = 0
    name_en: str = ""


@dataclass(frozen=True, slots=True)
class DelegateRow:
    """One line of the delegates table."""

    id: int
    honorific: str
    full_name: str
    position: str
    organization_id: int | None
    organization: str
    category_id: int | None
    category_code: str
    category_label_vi: str
    category_label_en: str
    category_color: str
    delegation: str
    phone: str
    email: str
    status: DelegateStatus
    badge_printed: bool
    checked_in: bool
    deleted: bool = False
    #: A phone or e-mail that failed the rules and needs checking (the field itself is empty).
    contact_issues: tuple[ContactIssue, ...] = ()

    @property
    def display_name(self) -> str:
        """Honorific and full name as printed on lists ("Ông Nguyễn Văn An")."""
        return f"{self.honorific} {self.full_name}" if self.honorific else self.full_name

    def category_label(self, lang: str) -> str:
        return self.category_label_en if lang == "en" and self.category_label_en else self.category_label_vi


@dataclass(frozen=True, slots=True)
class DelegateDetail:
    """Everything the edit dialog shows about one delegate."""

    id: int
    event_id: int
    honorific: str
    full_name: str
    foreign_name: bool
    gender: Gender | None
    position: str
    organization_id: int | None
    organization: str
    category_id: int | None
    category_code: str
    delegation: str
    phone: str
    email: str
    nationality: str
    notes: str
    photo: bytes | None
    status: DelegateStatus
    badge_code: str | None
    badge_version: int
    badge_printed: bool
    checked_in: bool
    deleted_at: datetime | None
    merged_into_id: int | None
    created_at: datetime
    updated_at: datetime
    contact_issues: tuple[ContactIssue, ...] = ()

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.full_name}" if self.honorific else self.full_name


@dataclass(frozen=True, slots=True)
class DelegateInput:
    """Fields of a delegate as typed by a user or a script; the service cleans and checks them.

    ``organization`` is a name: an existing organization with the same folded name is used,
    otherwise one is created.  ``category_code`` is used when ``category_id`` is None.
    ``photo``: raw image bytes (resized on save), None to remove, ``KEEP`` to leave as is.
    ``flag_invalid_contact``: a phone or e-mail failing the rules is stored empty and remembered as a
    contact to check (``DelegateRow.contact_issues``) instead of refusing the save.
    """

    full_name: str
    honorific: str = ""
    position: str = ""
    organization: str = ""
    category_id: int | None = None
    category_code: str | None = None
    delegation: str = ""
    phone: str = ""
    email: str = ""
    nationality: str = ""
    notes: str = ""
    gender: Gender | None = None
    foreign_name: bool = False
    status: DelegateStatus = DelegateStatus.REGISTERED
    photo: bytes | _Keep | None = KEEP
    flag_invalid_contact: bool = False


@dataclass(frozen=True, slots=True)
class DelegateSaved:
    detail: DelegateDetail
    changes: Changes


@dataclass(frozen=True, slots=True)
class DelegateFilters:
    """Search filters; empty sets and None mean "any"."""

    category_ids: frozenset[int] = frozenset()
    organization_types: frozenset[OrganizationType] = frozenset()
    organization_ids: frozenset[int] = frozenset()
    statuses: frozenset[DelegateStatus] = frozenset()
    badge_printed: bool | None = None
    checked_in: bool | None = None
    contact_issues: bool = False  # only delegates whose phone or e-mail needs checking
    include_deleted: bool = False
    only_deleted: bool = False


@dataclass(frozen=True, slots=True)
class DelegateSort:
    column: str = "name"
    descending: bool = False


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A page of matching delegates: ``filtered`` match, ``total`` in the event (not deleted)."""

    rows: tuple[DelegateRow, ...]
    total: int
    filtered: int
    offset: int = 0


@dataclass(frozen=True, slots=True)
class SearchIds:
    """Every matching id in display order plus the first rows, for a windowed table model."""

    ids: tuple[int, ...]
    total: int
    first_rows: tuple[DelegateRow, ...] = ()

    @property
    def filtered(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, slots=True)
class DuplicateCandidate:
    """An existing delegate that looks like the one being saved, and why."""

    row: DelegateRow
    reasons: frozenset[str] = field(default_factory=frozenset)  # "name_org", "phone", "email"


#: Fields a merge can take from either delegate.
MERGE_FIELDS: tuple[str, ...] = (
    "honorific", "full_name", "foreign_name", "gender", "position", "organization_id", "category_id",
    "delegation", "phone", "email", "nationality", "notes", "photo", "status",
)
