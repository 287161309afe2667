"""What every report takes: options (language, grouping, filter, privacy switch) and callbacks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from confman.core.errors import DomainError
from confman.core.registration.rows import DelegateFilters
from confman.core.text import clean_text

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

GROUP_BY = ("org", "category", "none")
LANGS = ("vi", "en")
INVITATION_PER = ("delegate", "organization")
#: The longest letter number (the event's ``letter_number`` column).
LETTER_NUMBER_MAX = 100


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """Options shared by the reports; each report reads the ones it understands.

    ``filters``/``query`` are the delegates page's current filter (the delegate list);
    ``category_ids`` narrows any list report to some categories.  Contact details
    (phone, e-mail) are printed only when ``include_contacts`` is set.
    """

    lang: str = "vi"
    group_by: str = "org"
    include_contacts: bool = False
    category_ids: frozenset[int] = frozenset()
    query: str = ""
    filters: DelegateFilters | None = None
    invitation_per: str = "delegate"
    as_of: datetime | None = None
    """The moment the report states ("Tính đến"); now when None."""
    day: date | None = None
    """The sign-in sheet of one day of a multi-day event (None: the whole event)."""
    letter_number: str = ""
    """This batch's letter number ("125/GM-HTQT"), printed as "Số: …" on letters; empty: the event's."""

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise DomainError("reports.bad_option", option="lang", value=self.lang)
        if self.group_by not in GROUP_BY:
            raise DomainError("reports.bad_option", option="group_by", value=self.group_by)
        if self.invitation_per not in INVITATION_PER:
            raise DomainError("reports.bad_option", option="invitation_per", value=self.invitation_per)
        number = clean_text(self.letter_number, max_length=LETTER_NUMBER_MAX, field="letter_number")
        object.__setattr__(self, "letter_number", number)


def no_progress(done: int, total: int) -> None:
    """The default progress callback."""


def never_cancelled() -> bool:
    return False


class Steps:
    """Progress and cancellation for one generation: ``step()`` after each unit of work."""

    def __init__(self, progress: Progress | None, cancelled: Cancelled | None, total: int = 0) -> None:
        self.progress = progress or no_progress
        self.cancelled = cancelled or never_cancelled
        self.total = max(total, 1)
        self.done = 0

    def check(self) -> None:
        """Raise ``reports.cancelled`` when the user asked to stop."""
        if self.cancelled():
            raise DomainError("reports.cancelled")

    def set_total(self, total: int) -> None:
        self.total = max(total, self.done, 1)
        self.progress(self.done, self.total)

    def step(self, count: int = 1) -> None:
        self.check()
        self.done = min(self.done + count, self.total)
        self.progress(self.done, self.total)

    def finish(self) -> None:
        self.done = self.total
        self.progress(self.total, self.total)
