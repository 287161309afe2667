"""Frozen values the survey services hand to the UI and the CLI (never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from confman.core.enums import OrganizationType
from confman.core.errors import DomainError
from confman.core.registration.rows import organization_name
from confman.core.survey.models import QuestionType

Answer = str | int | float | list[str]


@dataclass(frozen=True, slots=True)
class QuestionSpec:
    """A question as written by the organiser (window or spreadsheet); ``id`` is None before it is saved."""

    code: str
    text_vi: str
    type: QuestionType
    text_en: str = ""
    section_vi: str = ""
    section_en: str = ""
    options_vi: tuple[str, ...] = ()
    options_en: tuple[str, ...] = ()
    scale_max: int = 5
    low_label: str = ""
    high_label: str = ""
    required: bool = False
    help_vi: str = ""
    help_en: str = ""
    id: int | None = None

    def text(self, lang: str) -> str:
        return self.text_en if lang == "en" and self.text_en else self.text_vi

    def section(self, lang: str) -> str:
        return self.section_en if lang == "en" and self.section_en else self.section_vi

    def help(self, lang: str) -> str:
        return self.help_en if lang == "en" and self.help_en else self.help_vi

    def options(self, lang: str) -> tuple[str, ...]:
        """Option labels in ``lang`` (Vietnamese where an English label is missing)."""
        if lang != "en":
            return self.options_vi
        return tuple(en or vi for vi, en in zip(self.options_vi, (*self.options_en, *[""] * len(self.options_vi)),
                                                strict=False))

    def option_label(self, canonical: str, lang: str) -> str:
        """The ``lang`` label of a stored (Vietnamese) option."""
        try:
            return self.options(lang)[self.options_vi.index(canonical)]
        except ValueError:
            return canonical

    @property
    def scale_values(self) -> tuple[int, ...]:
        return tuple(range(1, self.scale_max + 1))


@dataclass(frozen=True, slots=True)
class SurveyInfo:
    id: int
    event_id: int
    title_vi: str
    title_en: str
    due_date: date | None
    questions: tuple[QuestionSpec, ...]

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title_vi


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    position: str
    phone: str
    email: str


@dataclass(frozen=True, slots=True)
class UnitRow:
    """An invited unit with its answer state; ``version`` 0 means no answer yet."""

    organization_id: int
    name: str
    type: OrganizationType
    added_by_hand: bool = False
    version: int = 0
    received_at: datetime | None = None
    source: str = ""
    contacts: tuple[Contact, ...] = ()
    name_en: str = ""
    """The unit's English name ("" when none was entered)."""

    @property
    def responded(self) -> bool:
        return self.version > 0

    @property
    def form_name(self) -> str:
        """The unit's name as its form prints it: the English name on an English form, where there is one."""
        return organization_name(self.name, self.name_en, self.language)

    @property
    def language(self) -> str:
        """The language of the unit's form: English for foreign delegations, else Vietnamese."""
        return "en" if self.type == OrganizationType.FOREIGN else "vi"


@dataclass(frozen=True, slots=True)
class ResponseRow:
    id: int
    organization_id: int
    unit: str
    unit_type: OrganizationType
    version: int
    source: str
    source_file: str
    received_at: datetime
    answers: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Rejection:
    """One thing refused: where (file, cell or row, question) and why (a DomainError for the edge to word)."""

    where: str
    error: DomainError


@dataclass(frozen=True, slots=True)
class FileResult:
    """What collecting one file did: the unit it was matched to, answers kept, rejections."""

    file: str
    unit: str | None
    responses: int
    rejected: tuple[Rejection, ...] = ()
    units: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CollectResult:
    files: tuple[FileResult, ...]
    response_ids: tuple[int, ...] = field(default=())

    @property
    def responses(self) -> int:
        return sum(f.responses for f in self.files)


@dataclass(frozen=True, slots=True)
class SurveyStatus:
    invited: int
    responded: int
    due_date: date | None
    pending: tuple[UnitRow, ...]
    units: tuple[UnitRow, ...]
