"""Create or edit one agenda item: when, where, what, who."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, time

from PySide6.QtCore import QStringListModel, Qt, QTime, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from confman.core.enums import AgendaKind
from confman.i18n import t
from confman.ui.agenda.ops import AgendaItemRow, ItemDraft, PersonRef, RoomRow
from confman.ui.widgets.fit import FormScroll, fit_to_screen

#: ``search(text, deliver)``: look people up (in an op) and hand the matches to ``deliver``.
PersonSearch = Callable[[str, Callable[[list[PersonRef]], None]], None]


class PeoplePicker(QWidget):
    """An ordered list of delegates with a search box (completer over the event's delegates)."""

    def __init__(self, search: PersonSearch, people: Sequence[PersonRef] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self._found: dict[str, PersonRef] = {}
        self._pick_first = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(t("agenda.dialog.search_person"))
        self.completions = QStringListModel(self)
        self.completer = QCompleter(self.completions, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.edit.setCompleter(self.completer)
        self.completer.activated[str].connect(self._picked)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh_completions)
        self.edit.textEdited.connect(lambda _text: self._timer.start())
        self.edit.returnPressed.connect(self._enter)
        self.list = QListWidget()
        self.list.setMaximumHeight(84)
        self.remove = QPushButton(t("agenda.dialog.remove_person"))
        self.remove.clicked.connect(self._remove)
        row = QHBoxLayout()
        row.addWidget(self.edit, 1)
        row.addWidget(self.remove)
        layout.addLayout(row)
        layout.addWidget(self.list)
        for person in people:
            self.add(person)

    def refresh_completions(self) -> None:
        text = self.edit.text().strip()
        if len(text) >= 2:
            self._search(text, self._show_found)
        else:
            self._show_found([])

    def _show_found(self, found: list[PersonRef]) -> None:
        self._found = {self._label(p): p for p in found}
        self.completions.setStringList(list(self._found))
        if self._pick_first:
            self._pick_first = False
            if self._found:
                self._picked(next(iter(self._found)))
            return
        if found:
            self.completer.complete()

    @staticmethod
    def _label(person: PersonRef) -> str:
        extra = ", ".join(x for x in (person.position, person.organization) if x)
        return f"{person.full_name} — {extra}" if extra else person.full_name

    def _picked(self, label: str) -> None:
        person = self._found.get(label)
        if person is not None:
            self.add(person)
        QTimer.singleShot(0, self.edit.clear)

    def _enter(self) -> None:
        if self._found and not self._timer.isActive():
            self._picked(next(iter(self._found)))
            return
        self._timer.stop()
        self._pick_first = True  # Enter before the matches came: take the first one when they do
        self.refresh_completions()

    def add(self, person: PersonRef) -> None:
        if person.delegate_id in self.ids():
            return
        item = QListWidgetItem(person.display)
        item.setData(Qt.ItemDataRole.UserRole, person.delegate_id)
        self.list.addItem(item)

    def _remove(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))

    def ids(self) -> tuple[int, ...]:
        return tuple(self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count()))


class ItemDialog(QDialog):
    """Fields of an item; ``draft()`` returns what the user entered."""

    def __init__(self, *, days: Sequence[date], rooms: Sequence[RoomRow], search: PersonSearch, lang: str,
                 row: AgendaItemRow | None = None, day: date | None = None, room_id: int | None = None,
                 start: time | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaItemDialog")
        self.setWindowTitle(t("agenda.dialog.edit" if row else "agenda.dialog.new", lang))
        self.setMinimumWidth(620)
        form = QFormLayout()
        self.day = QComboBox()
        for d in days:
            self.day.addItem(f"{t(f'agenda.weekday.{d.weekday()}', lang)}, {d:%d/%m/%Y}", d)
        chosen_day = row.day if row else (day or (days[0] if days else None))
        if chosen_day is not None and self.day.findData(chosen_day) < 0:
            self.day.addItem(f"{chosen_day:%d/%m/%Y}", chosen_day)
        self.day.setCurrentIndex(max(0, self.day.findData(chosen_day)))
        self.start = QTimeEdit()
        self.start.setDisplayFormat("HH:mm")
        self.end = QTimeEdit()
        self.end.setDisplayFormat("HH:mm")
        self.duration = QSpinBox()
        self.duration.setRange(5, 24 * 60)
        self.duration.setSingleStep(5)
        self.duration.setSuffix(t("agenda.dialog.minutes_suffix", lang))
        begin = row.start if row else (start or time(8, 0))
        finish = row.end if row else time(min(23, begin.hour + 1), begin.minute)
        self.start.setTime(QTime(begin.hour, begin.minute))
        self.end.setTime(QTime(finish.hour, finish.minute))
        self._sync_duration()
        self.start.timeChanged.connect(self._start_changed)
        self.end.timeChanged.connect(lambda _t: self._sync_duration())
        self.duration.valueChanged.connect(self._duration_changed)
        times = QHBoxLayout()
        for label, widget in (("agenda.dialog.start", self.start), ("agenda.dialog.end", self.end),
                              ("agenda.dialog.duration", self.duration)):
            times.addWidget(QLabel(t(label, lang)))
            times.addWidget(widget)
        times.addStretch(1)
        self.room = QComboBox()
        self.room.addItem(t("agenda.ui.no_room", lang), None)
        for room in rooms:
            self.room.addItem(room.label(lang), room.id)
        self.room.setCurrentIndex(max(0, self.room.findData(row.room_id if row else room_id)))
        self.kind = QComboBox()
        for kind in AgendaKind:
            self.kind.addItem(t(f"agenda.kind.{kind.value}", lang), kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(row.kind if row else AgendaKind.PLENARY)))
        self.title_vi = QLineEdit(row.title_vi if row else "")
        self.title_vi.setObjectName("titleVi")
        self.title_en = QLineEdit(row.title_en if row else "")
        self.description = QPlainTextEdit(row.description if row else "")
        self.description.setMaximumHeight(70)
        self.chairs = PeoplePicker(search, row.chairs if row else ())
        self.speakers = PeoplePicker(search, row.speakers if row else ())
        self.capacity = QSpinBox()
        self.capacity.setRange(0, 100000)
        self.capacity.setSpecialValueText(t("agenda.dialog.capacity_room", lang))
        self.capacity.setValue(row.capacity or 0 if row else 0)
        self.session_checkin = QCheckBox(t("agenda.dialog.session_checkin", lang))
        self.session_checkin.setChecked(bool(row and row.session_checkin))
        self.notes = QPlainTextEdit(row.notes if row else "")
        self.notes.setMaximumHeight(56)
        presentations = [p for p in (row.presentations if row else ()) if not p.withdrawn]
        self.presentations = QLabel("\n".join(
            f"{n}. {p.title(lang)} ({t('agenda.pdf.minutes', lang, n=p.planned_minutes)})"
            for n, p in enumerate(presentations, start=1)) or t("agenda.dialog.no_presentations", lang))
        self.presentations.setWordWrap(True)
        self.presentations.setStyleSheet("color: #455A64")

        form.addRow(t("agenda.dialog.day", lang), self.day)
        form.addRow("", times)
        form.addRow(t("agenda.dialog.room", lang), self.room)
        form.addRow(t("agenda.dialog.kind", lang), self.kind)
        form.addRow(t("agenda.dialog.title_vi", lang), self.title_vi)
        form.addRow(t("agenda.dialog.title_en", lang), self.title_en)
        form.addRow(t("agenda.dialog.description", lang), self.description)
        form.addRow(t("agenda.dialog.chairs", lang), self.chairs)
        form.addRow(t("agenda.dialog.speakers", lang), self.speakers)
        form.addRow(t("agenda.dialog.presentations", lang), self.presentations)
        cap_row = QHBoxLayout()
        cap_row.addWidget(self.capacity)
        cap_row.addWidget(self.session_checkin)
        cap_row.addStretch(1)
        form.addRow(t("agenda.dialog.capacity", lang), cap_row)
        form.addRow(t("agenda.dialog.notes", lang), self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(FormScroll(form), 1)
        layout.addWidget(buttons)
        fit_to_screen(self)
        self.title_vi.setFocus()

    def _minutes(self, edit: QTimeEdit) -> int:
        value = edit.time()
        return value.hour() * 60 + value.minute()

    def _sync_duration(self) -> None:
        self.duration.blockSignals(True)
        self.duration.setValue(max(5, self._minutes(self.end) - self._minutes(self.start)))
        self.duration.blockSignals(False)

    def _start_changed(self, _value: QTime) -> None:
        end = min(24 * 60 - 1, self._minutes(self.start) + self.duration.value())
        self.end.blockSignals(True)
        self.end.setTime(QTime(end // 60, end % 60))
        self.end.blockSignals(False)

    def _duration_changed(self, minutes: int) -> None:
        end = min(24 * 60 - 1, self._minutes(self.start) + minutes)
        self.end.blockSignals(True)
        self.end.setTime(QTime(end // 60, end % 60))
        self.end.blockSignals(False)

    def draft(self) -> ItemDraft:
        start, end = self.start.time(), self.end.time()
        return ItemDraft(
            day=self.day.currentData(), start=time(start.hour(), start.minute()),
            end=time(end.hour(), end.minute()), title_vi=self.title_vi.text(), room_id=self.room.currentData(),
            kind=self.kind.currentData(), title_en=self.title_en.text(),
            description=self.description.toPlainText(), notes=self.notes.toPlainText(),
            capacity=self.capacity.value() or None, session_checkin=self.session_checkin.isChecked(),
            chairs=self.chairs.ids(), speakers=self.speakers.ids(),
        )
