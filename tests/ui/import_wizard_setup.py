"""What the import wizard's tests share: an event whose delegates an import meets again, the delegates
page shown, the wizard opened from its button and stepped with Next, and optional screenshots."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QTableWidget, QWidget, QWizard

from confman.core.registration.rows import DelegateInput
from confman.core.registration.service import create_delegate
from confman.ui.delegates.delegates_page import DelegatesPage
from confman.ui.delegates.import_wizard import ImportWizard

SHOTS = os.environ.get("CONFMAN_SCREENSHOTS")  # a folder: save each step as PNG to look at


def event_with_two_delegates(db: Any, make_event: Any) -> Any:
    """Event HN2026 with Nguyễn Văn Tiến (Thứ trưởng) and Đặng Hưng of the ministry already registered."""
    event = make_event(code="HN2026")
    create_delegate(db, event.id, DelegateInput(full_name="Nguyễn Văn Tiến",
                                                organization="Bộ Thông tin và Truyền thông",
                                                phone="0912345678", position="Thứ trưởng"))
    create_delegate(db, event.id, DelegateInput(full_name="Đặng Hưng", organization="Bộ Thông tin và Truyền thông",
                                                phone="0913555666"))
    return event


def shown_page(qtbot: Any, ctx: Any, size: tuple[int, int]) -> DelegatesPage:
    """The delegates page on screen at ``size``."""
    page = DelegatesPage(ctx)
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    qtbot.waitExposed(page)
    return page


def open_wizard(qtbot: Any, page: DelegatesPage, label: str = "Nhập danh sách…") -> ImportWizard:
    """Click the page's import button (labelled ``label``) and wait for the wizard."""
    button = page.findChild(type(page.add_button), "importDelegates")
    assert button is not None and button.text() == label
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wizard = page.import_wizard
    qtbot.waitExposed(wizard)
    return wizard


def next_button(wizard: ImportWizard) -> QAbstractButton:
    return wizard.button(QWizard.WizardButton.NextButton)


def click_next(qtbot: Any, wizard: ImportWizard) -> None:
    button = next_button(wizard)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def click_back(qtbot: Any, wizard: ImportWizard) -> None:
    button = wizard.button(QWizard.WizardButton.BackButton)
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def table_texts(table: QTableWidget) -> list[list[str]]:
    """Every cell's text, row by row (``""`` for a cell without an item, such as a combo's)."""
    return [[table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def shot(widget: QWidget, name: str) -> None:
    """Save ``widget`` as ``name``.png in $CONFMAN_SCREENSHOTS (nothing when unset)."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))
