"""What the import wizard's steps share: step numbers, the chosen sheets' state, small widgets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from confman.core.errors import DomainError
from confman.i18n import t
from confman.messages import describe
from confman.ui.delegates.import_ops import ParsedSheet, SheetPreview

PAGE_FILES, PAGE_SHEETS, PAGE_MAPPING, PAGE_REVIEW, PAGE_IMPORT = range(5)
STEPS = ("files", "sheets", "mapping", "review", "import")
PREVIEW_ROWS = 8
ERROR_STYLE = "color: #B3261E;"


def error_text(exc: BaseException, lang: str) -> str:
    if isinstance(exc, DomainError):
        return describe(exc, lang)
    return t("import_ui.wizard.unexpected", lang, detail=str(exc))


def step_title(page_id: int, lang: str) -> str:
    """"Bước 4/5 · Xem lại trước khi nhập": the counter is the wizard's own page list, so it always
    matches the steps shown (every step is shown; none is skipped)."""
    name = t(f"import_review.step.{STEPS[page_id]}", lang)
    return t("import_review.step", lang, number=page_id + 1, total=len(STEPS), name=name)


def label(text: str = "", *, wrap: bool = True) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


@dataclass(slots=True)
class SheetState:
    """One chosen sheet as the mapping step knows it."""

    path: Path
    sheet: str
    parsed: ParsedSheet | None = None
    error: str = ""
    mapping: dict[str, int] | None = None
    remembered: bool = False
    preview: SheetPreview | None = None

    @property
    def title(self) -> str:
        return f"{self.path.name} — {self.sheet}"
