"""Searching the Delegates page: exact-diacritic matches first, the count of matches beside the search."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from confman.core.registration.rows import DelegateInput
from confman.core.registration.service import create_delegate
from confman.ui.delegates.delegates_page import DelegatesPage

#: Vietnamese name order puts Dục and Đúc before Đức (by given name: D < Đ, u < ú < ứ).
PEOPLE = ("Nguyễn Văn Dục", "Trần Minh Đúc", "Lê Văn Đức", "Phạm Đức Anh", "Hoàng Thị Lan", "Vũ Văn Dũng",
          "Đỗ Minh Đức", "Bùi Văn Hùng", "Đặng Thu Hà", "Ngô Quang Dực", "Lý Văn Nam", "Mai Thị Đào")


@pytest.fixture
def live_page(qtbot, db, make_event, make_context) -> DelegatesPage:
    event = make_event(code="RANK2026")
    for name in PEOPLE:
        create_delegate(db, event.id, DelegateInput(full_name=name, organization="Bộ Thông tin và Truyền thông"))
    page = DelegatesPage(make_context(event=event, asynchronous=True))
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    qtbot.waitUntil(lambda: page.loaded and page.ctx.ops.idle, timeout=5000)
    return page


def names(page: DelegatesPage) -> list[str]:
    return [page.model.data(page.model.index(row, 0)) for row in range(page.model.rowCount())]


def search_for(qtbot, page: DelegatesPage, text: str) -> None:
    """Type like a user with a Vietnamese keyboard, then wait for that text's rows."""
    page.search.clear()
    page.search.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClick(page.search, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(page.search, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier,
                                                          char))
    assert page.search.text() == text
    qtbot.waitUntil(lambda: page.shown_query == text and page.ctx.ops.idle, timeout=5000)


def test_exact_diacritics_rank_first_and_the_count_follows_the_search(qtbot, live_page):
    page = live_page
    assert page.count_label.text() == "12 / 12 đại biểu"
    search_for(qtbot, page, "đức")
    shown = names(page)
    # Every "duc" matches (folded), the exact "Đức" ones first — the window keeps the core's ranking.
    assert sorted(shown) == sorted(["Lê Văn Đức", "Đỗ Minh Đức", "Phạm Đức Anh", "Nguyễn Văn Dục",
                                    "Trần Minh Đúc", "Ngô Quang Dực"])
    exact = [n for n in shown if "Đức" in n]
    assert len(exact) == 3 and shown[:3] == exact, shown
    assert shown.index("Lê Văn Đức") < shown.index("Nguyễn Văn Dục")
    assert shown.index("Đỗ Minh Đức") < shown.index("Trần Minh Đúc")
    assert page.count_label.text() == f"{len(shown)} / 12 đại biểu"
    # Without diacritics they are alike: Vietnamese name order (Dục, Dực, Đúc before Đức).
    search_for(qtbot, page, "duc")
    folded = names(page)
    assert sorted(folded) == sorted(shown)
    assert folded.index("Nguyễn Văn Dục") < folded.index("Lê Văn Đức")
    assert page.count_label.text() == f"{len(folded)} / 12 đại biểu"
    # A narrower search: the count follows.
    search_for(qtbot, page, "đức anh")
    assert names(page) == ["Phạm Đức Anh"] and page.count_label.text() == "1 / 12 đại biểu"
    page.search.clear()
    qtbot.waitUntil(lambda: page.shown_query == "" and page.ctx.ops.idle, timeout=5000)
    assert page.count_label.text() == "12 / 12 đại biểu"


def test_a_column_sort_during_a_search_keeps_exact_matches_first(qtbot, live_page):
    page = live_page
    search_for(qtbot, page, "đức")
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(0) + header.sectionSize(0) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    if not page._sort.descending:  # the first click sorted ascending again: the second turns it round
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(x, 5))
    qtbot.waitUntil(lambda: page._sort.descending and page.ctx.ops.idle, timeout=5000)
    shown = names(page)
    assert all("Đức" in n for n in shown[:3]) and not any("Đức" in n for n in shown[3:]), shown
    rest = shown[3:]
    assert rest.index("Trần Minh Đúc") < rest.index("Nguyễn Văn Dục")  # the rest in the order asked for
