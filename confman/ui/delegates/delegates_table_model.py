"""The delegates table: a windowed model over the ids of a search.

The search (off the UI thread) returns every matching id in display order plus the first
page of rows; rows of other pages are asked for by id, one page (``PAGE_SIZE`` rows, one
query of a few milliseconds) at a time, the first time the view paints one of them: the
model calls ``request_rows(ids)`` (the page runs it as an op) and shows "…" until
``rows_arrived``. At most ``CACHE_LIMIT`` rows are kept, so 50,000 delegates cost a tuple of
ints plus a few thousand small frozen rows; nothing is queried per cell.

A delegate whose phone or e-mail needs checking carries a warning sign before the name (its
tooltip names the field, the value as given and why) and the phone or e-mail cell shows the
value as given on an amber background.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyle

from confman.core.enums import DelegateStatus
from confman.core.registration.rows import DelegateRow
from confman.i18n import t

#: (column id, catalog key of the header, service sort column)
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("name", "delegates.col.name", "name"),
    ("position", "delegates.col.position", "position"),
    ("organization", "delegates.col.organization", "organization"),
    ("category", "delegates.col.category", "category"),
    ("delegation", "delegates.col.delegation", "delegation"),
    ("phone", "delegates.col.phone", "phone"),
    ("email", "delegates.col.email", "email"),
    ("status", "delegates.col.status", "status"),
    ("badge_printed", "delegates.col.badge_printed", "badge_printed"),
    ("checked_in", "delegates.col.checked_in", "checked_in"),
)
COLUMN_IDS: tuple[str, ...] = tuple(c[0] for c in COLUMNS)
#: Default widths in pixels; columns hidden until the user asks for them.
COLUMN_WIDTHS: dict[str, int] = {
    "name": 210, "position": 170, "organization": 250, "category": 125, "delegation": 130, "phone": 105,
    "email": 200, "status": 105, "badge_printed": 80, "checked_in": 95,
}
HIDDEN_BY_DEFAULT: frozenset[str] = frozenset({"delegation", "email"})
#: Hidden in this order on a first start while the shown columns are wider than the table (a laptop).
NARROW_HIDE_ORDER: tuple[str, ...] = ("badge_printed", "phone", "status", "position")

PAGE_SIZE = 100
CACHE_LIMIT = 3000
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
CHECK = "✓"

RequestRows = Callable[[Sequence[int]], None]
LOADING = "…"
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_ID = int(ID_ROLE)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_ROW = int(ROW_ROLE)
_HANDLED_ROLES = frozenset({_DISPLAY, _TOOLTIP, _DECORATION, _ALIGN, _FOREGROUND, _FONT, _ACCESSIBLE, _ID, _ROW,
                            _BACKGROUND})
#: The background of a phone or e-mail cell that needs checking.
CHECK_BRUSH = QBrush(QColor("#FFE9C7"))
_CONTACT_COLUMNS = frozenset({"phone", "email"})
_FLAG_COLUMNS = frozenset({"badge_printed", "checked_in"})
_COLUMN_COUNT = len(COLUMNS)
_ALIGN_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_ALIGN_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def _warning_icon() -> QIcon:
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally (Qt guesses rich text from ``<b>`` in tooltips)."""
    return f"<qt>{html.escape(text).replace(chr(10), '<br>')}</qt>" if text else ""


class DelegatesTableModel(QAbstractTableModel):
    """Rows of the current search; sorting asks the page to search again in the new order."""

    sort_requested = Signal(str, bool)  # service sort column, descending
    rows_fetched = Signal(int)  # how many rows one page fetch brought in (for diagnostics and tests)

    def __init__(self, request_rows: RequestRows, language: Callable[[], str]) -> None:
        super().__init__()
        self._request_rows = request_rows
        self._pending: set[int] = set()  # first rows of the pages asked for
        self._inline = False
        self._language = language
        self._ids: tuple[int, ...] = ()
        self._positions: dict[int, int] | None = None
        self._cache: OrderedDict[int, DelegateRow] = OrderedDict()
        self._texts: dict[int, tuple[str, ...]] = {}  # display texts per cached row, current language
        self._check_icon: QIcon | None = None
        self.fetch_count = 0

    # --------------------------------------------------------------- contents
    def set_result(self, ids: Sequence[int], first_rows: Iterable[DelegateRow] = ()) -> None:
        """Show a new search result (rows already in the cache stay valid unless invalidated)."""
        self.beginResetModel()
        self._ids = tuple(ids)
        self._positions = None
        for row in first_rows:
            self._remember(row)
        self.endResetModel()

    def invalidate(self, ids: Iterable[int] | None = None, *, repaint: bool = True) -> None:
        """Forget cached rows (all when ``ids`` is None) so they are read again when painted;
        ``repaint=False`` leaves the view alone until its next reset."""
        if ids is None:
            self._cache.clear()
            self._texts.clear()
            self._pending.clear()
        else:
            for delegate_id in ids:
                self._cache.pop(delegate_id, None)
                self._texts.pop(delegate_id, None)
        if self._ids and repaint:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    @property
    def ids(self) -> tuple[int, ...]:
        return self._ids

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, delegate_id: int) -> int | None:
        if self._positions is None:
            self._positions = {d: i for i, d in enumerate(self._ids)}
        return self._positions.get(delegate_id)

    def cached_ids(self) -> frozenset[int]:
        """Ids whose rows are cached now (a search need not read them again)."""
        return frozenset(self._cache)

    def cached(self, delegate_id: int) -> DelegateRow | None:
        return self._cache.get(delegate_id)

    def row_at(self, row: int) -> DelegateRow | None:
        """The row at ``row``, fetching its page when needed."""
        delegate_id = self.id_at(row)
        if delegate_id is None:
            return None
        found = self._cache.get(delegate_id)
        if found is not None:
            self._cache.move_to_end(delegate_id)
            return found
        self._fetch_page(row)
        return self._cache.get(delegate_id)

    def _remember(self, row: DelegateRow) -> None:
        if self._cache.get(row.id) != row:
            self._texts.pop(row.id, None)
        self._cache[row.id] = row
        self._cache.move_to_end(row.id)
        while len(self._cache) > CACHE_LIMIT:
            dropped, _row = self._cache.popitem(last=False)
            self._texts.pop(dropped, None)

    def _fetch_page(self, row: int) -> None:
        start = (row // PAGE_SIZE) * PAGE_SIZE
        if start in self._pending:
            return
        wanted = [i for i in self._ids[start:start + PAGE_SIZE] if i not in self._cache]
        if not wanted:
            return
        self._pending.add(start)
        self.fetch_count += 1
        self._inline = True
        try:
            self._request_rows(wanted)
        finally:
            self._inline = False

    def rows_arrived(self, rows: Sequence[DelegateRow]) -> None:
        """Rows asked for by ``request_rows``: cached, and repainted where they are shown."""
        for found in rows:
            self._remember(found)
        positions = [p for p in (self.row_of(found.id) for found in rows) if p is not None]
        for position in positions:
            self._pending.discard((position // PAGE_SIZE) * PAGE_SIZE)
        self.rows_fetched.emit(len(rows))
        if positions and not self._inline:  # (inline: the view is painting them right now)
            self.dataChanged.emit(self.index(min(positions), 0), self.index(max(positions), _COLUMN_COUNT - 1))

    # --------------------------------------------------------------- Qt model
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return t(COLUMNS[section][1])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN_CENTER if COLUMNS[section][0] in ("badge_printed", "checked_in") else _ALIGN_LEFT
        return None

    def index(self, row: int, column: int,
              parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        # One Python call instead of the default's rowCount() + columnCount(): Qt asks for every
        # cell's index when 50,000 rows are selected.
        if 0 <= row < len(self._ids) and 0 <= column < _COLUMN_COUNT and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    # No flags() override: QAbstractTableModel's C++ default (enabled, selectable, no children)
    # is what this table needs, and Qt calls it once per cell when 50,000 rows are selected.

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        # Called thousands of times per paint: plain ints, one dict lookup for the cached texts.
        if role not in _HANDLED_ROLES or not index.isValid():
            return None
        row_number = index.row()
        if role == _ID:
            return self.id_at(row_number)
        row = self.row_at(row_number)
        if row is None:
            return LOADING if role == _DISPLAY and index.column() == 0 else None
        column_number = index.column()
        if role == _DISPLAY:
            texts = self._texts.get(row.id)
            if texts is None:
                texts = self._texts[row.id] = tuple(self._text(row, c) for c in COLUMN_IDS)
            return texts[column_number]
        if role == _ROW:
            return row
        column = COLUMN_IDS[column_number]
        if role == _ALIGN:
            return _ALIGN_CENTER if column in _FLAG_COLUMNS else _ALIGN_LEFT
        if role == _DECORATION:
            if column == "name" and row.contact_issues:
                if self._check_icon is None:
                    self._check_icon = _warning_icon()
                return self._check_icon
            return QColor(row.category_color) if column == "category" and row.category_color else None
        if role == _BACKGROUND:
            if column in _CONTACT_COLUMNS and row.contact_issues and _issue(row, column) is not None:
                return CHECK_BRUSH
            return None
        if role == _FOREGROUND:
            if row.deleted or row.status == DelegateStatus.CANCELLED:
                return QBrush(QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            if column == "checked_in" and row.checked_in:
                return QBrush(QColor("#2E7D32"))
            return None
        if role == _FONT:
            if column == "name" and row.status == DelegateStatus.CANCELLED:
                font = QFont()
                font.setStrikeOut(True)
                return font
            return None
        if role == _ACCESSIBLE:
            text = self._text(row, column, accessible=True)
            if column == "name" and row.contact_issues:
                text = f"{text}, {t('contacts.marker.accessible')}"
            return text
        return self._tooltip(row, column)  # _TOOLTIP

    def _text(self, row: DelegateRow, column: str, *, accessible: bool = False) -> str:
        if column == "name":
            return row.display_name
        if column == "category":
            return row.category_label(self._language())
        if column == "status":
            return t(f"delegates.status.{row.status.value}")
        if column in ("badge_printed", "checked_in"):
            value = getattr(row, column)
            if accessible:
                return t("delegates.yes") if value else t("delegates.no")
            return CHECK if value else ""
        if column in _CONTACT_COLUMNS and row.contact_issues and not getattr(row, column):
            issue = _issue(row, column)  # the field is empty: the value as given, to be checked
            return issue.value if issue is not None else ""
        return getattr(row, column)

    def _tooltip(self, row: DelegateRow, column: str) -> str:
        if column == "badge_printed":
            return t("delegates.tip.badge_printed" if row.badge_printed else "delegates.tip.badge_not_printed")
        if column == "checked_in":
            return t("delegates.tip.checked_in" if row.checked_in else "delegates.tip.not_checked_in")
        text = self._text(row, column)
        if row.deleted and column == "name":
            text = f"{text}\n{t('delegates.tip.in_recycle_bin')}"
        if row.contact_issues and column == "name":
            text = "\n".join((text, t("contacts.marker.title"), *(i.text() for i in row.contact_issues)))
        elif row.contact_issues and column in _CONTACT_COLUMNS:
            issue = _issue(row, column)
            if issue is not None:
                text = f"{issue.text()}\n{t('contacts.marker.fix')}"
        return plain_tooltip(text)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(COLUMNS):
            self.sort_requested.emit(COLUMNS[column][2], order == Qt.SortOrder.DescendingOrder)

    def retranslate(self) -> None:
        self._texts.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))


def _issue(row: DelegateRow, column: str) -> Any:
    """What needs checking about the row's phone or e-mail (``column``), or None."""
    return next((i for i in row.contact_issues if i.field == column), None)
