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

PAGE_FILES, PAGE_SHEETS, PAGE_MAPPING, PAGE_DRY_RUN, PAGE_REVIEW, PAGE_IMPORT = range(6)
PREVIEW_ROWS = 8
ERROR_STYLE = "color: #B3261E;"


def error_text(exc: BaseException, lang: str) -> str:
    if isinstance(exc, DomainError):
        return describe(exc, lang)
    return t("import_ui.wizard.unexpected", lang, detail=str(exc))


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
