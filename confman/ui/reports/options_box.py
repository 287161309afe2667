"""The reports page's choices: which report, and its options (language, grouping, day, category,
presence, one letter per delegate or organization, contact details)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from confman.core.registration.rows import DelegateFilters
from confman.i18n import t
from confman.ui.reports.ops import EXPECTED_STATUSES, LETTER_NUMBER_MAX, REPORTS, ReportOptions
from confman.ui.window_ops import EventRow


def _filters_dict(filters: DelegateFilters | None) -> dict[str, Any]:
    if filters is None:
        return {"statuses": frozenset(EXPECTED_STATUSES)}
    return {name: getattr(filters, name) for name in DelegateFilters.__dataclass_fields__}


def _fill(combo: QComboBox, items: list[tuple[str, str]], default: str | None = None) -> None:
    current = combo.currentData() if combo.count() else default
    combo.blockSignals(True)
    combo.clear()
    for data, text in items:
        combo.addItem(text, data)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)


class ReportChoice(QWidget):
    """``changed`` when the report or any option changes; ``number_edited`` while the letter number is typed."""

    changed = Signal()
    number_edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._categories: list[tuple[int, str, str]] = []
        self._query = ""
        self._filters: DelegateFilters | None = None
        self.report_list = QListWidget()
        self.report_list.setObjectName("reportList")
        for name in REPORTS:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.report_list.addItem(item)
        self.report_list.setCurrentRow(0)
        self.report_list.currentRowChanged.connect(lambda _row: self._report_changed())
        self._fit_list_height()
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setObjectName("reportDescription")
        self.options_box = QGroupBox()
        form = QFormLayout(self.options_box)
        self.group_by, self.doc_lang, self.category = QComboBox(), QComboBox(), QComboBox()
        self.presence, self.per, self.day = QComboBox(), QComboBox(), QComboBox()
        for combo, name in ((self.group_by, "reportGroupBy"), (self.doc_lang, "reportLanguage"),
                            (self.category, "reportCategory"), (self.presence, "reportPresence"),
                            (self.per, "reportPer"), (self.day, "reportDay")):
            combo.setObjectName(name)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.letter_number = QLineEdit()
        self.letter_number.setObjectName("reportLetterNumber")
        self.letter_number.setMaxLength(LETTER_NUMBER_MAX)
        self.letter_number.textChanged.connect(lambda _text: self.number_edited.emit())
        self.lbl_number = QLabel()
        self.lbl_number.setBuddy(self.letter_number)
        self._event_number = ""
        self.contacts = QCheckBox()
        self.contacts.setObjectName("reportContacts")
        self.contacts.setChecked(False)  # privacy: contact details only when asked
        self.contacts.toggled.connect(lambda _on: self.changed.emit())
        self.lbl_group_by, self.lbl_lang, self.lbl_category = QLabel(), QLabel(), QLabel()
        self.lbl_presence, self.lbl_per, self.lbl_day = QLabel(), QLabel(), QLabel()
        for label, combo in ((self.lbl_lang, self.doc_lang), (self.lbl_group_by, self.group_by),
                             (self.lbl_day, self.day), (self.lbl_category, self.category),
                             (self.lbl_presence, self.presence), (self.lbl_per, self.per)):
            form.addRow(label, combo)
        form.addRow(self.lbl_number, self.letter_number)
        form.addRow(self.contacts)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.report_list)
        layout.addWidget(self.description)
        layout.addWidget(self.options_box)

    def _fit_list_height(self) -> None:
        """Exactly the reports' rows: no blank rows under them, so the options below get the room."""
        rows = self.report_list.count()
        self.report_list.setFixedHeight(self.report_list.sizeHintForRow(0) * rows + 2 * self.report_list.frameWidth())

    @property
    def report_name(self) -> str:
        item = self.report_list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else "signin"

    def select(self, name: str) -> None:
        for row in range(self.report_list.count()):
            if self.report_list.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.report_list.setCurrentRow(row)
                return

    def use_delegate_filter(self, query: str, filters: DelegateFilters | None) -> None:
        """The delegate list of the delegates page's current search and filter."""
        self._query, self._filters = query, filters
        self.select("delegates")
        self.changed.emit()

    def options(self) -> ReportOptions:
        category = self.category.currentData()
        presence = self.presence.currentData()
        filters = self._filters
        if presence:
            filters = DelegateFilters(**{**_filters_dict(filters), "checked_in": presence == "in"})
        return ReportOptions(
            lang=self.doc_lang.currentData() or "vi",
            group_by=self.group_by.currentData() or "org",
            include_contacts=self.contacts.isChecked(),
            category_ids=frozenset({int(category)}) if category else frozenset(),
            query=self._query,
            filters=filters,
            invitation_per=self.per.currentData() or "delegate",
            day=date.fromisoformat(self.day.currentData()) if self.day.currentData() else None,
            letter_number=self.letter_number.text() if self.letter_number.isEnabled() else "",
        )

    def retranslate(self, lang: str, event: EventRow | None) -> None:
        for row in range(self.report_list.count()):
            item = self.report_list.item(row)
            item.setText(t(REPORTS[item.data(Qt.ItemDataRole.UserRole)].title_key, lang))
        self._fit_list_height()
        self.options_box.setTitle(t("reports.ui.options", lang))
        for label, key in ((self.lbl_group_by, "group_by"), (self.lbl_lang, "language"),
                           (self.lbl_category, "category"), (self.lbl_presence, "presence"), (self.lbl_per, "per"),
                           (self.lbl_day, "day")):
            label.setText(t(f"reports.ui.{key}", lang))
        self.lbl_number.setText(t("pages.reports.letter_number", lang))
        self.letter_number.setToolTip(t("pages.reports.letter_number_tip", lang))
        self._number_placeholder(lang)
        self.contacts.setText(t("reports.ui.contacts", lang))
        self.contacts.setToolTip(t("reports.ui.contacts_tip", lang))
        _fill(self.group_by, [(k, t(f"reports.ui.group.{k}", lang)) for k in ("org", "category", "none")])
        _fill(self.doc_lang, [("vi", t("lang.vi", "vi")), ("en", t("lang.en", "en"))], default=lang)
        _fill(self.presence, [("", t("reports.ui.presence.any", lang)), ("in", t("reports.ui.presence.in", lang)),
                              ("out", t("reports.ui.presence.out", lang))])
        _fill(self.per, [(k, t(f"reports.ui.per.{k}", lang)) for k in ("delegate", "organization")])
        self.set_categories(self._categories, lang)
        self.set_days(event, lang)
        self._report_changed()

    def set_categories(self, categories: list[tuple[int, str, str]], lang: str) -> None:
        self._categories = categories
        _fill(self.category, [("", t("reports.ui.category.all", lang))]
              + [(str(cid), (en if lang == "en" and en else vi)) for cid, vi, en in categories])

    def set_days(self, event: EventRow | None, lang: str) -> None:
        days: list[tuple[str, str]] = [("", t("reports.ui.day.all", lang))]
        if event is not None:
            day = event.start_date
            while day <= event.end_date and len(days) < 32:
                days.append((day.isoformat(), f"{day:%d/%m/%Y}"))
                day = day + timedelta(days=1)
        _fill(self.day, days)
        self._report_changed()

    def set_event_number(self, number: str, lang: str) -> None:
        """The event's own letter number: shown as the hint of the per-batch number."""
        self._event_number = number
        self._number_placeholder(lang)

    def _number_placeholder(self, lang: str) -> None:
        self.letter_number.setPlaceholderText(self._event_number or t("pages.reports.letter_number_none", lang))

    def _report_changed(self) -> None:
        report = REPORTS[self.report_name]
        self.description.setText(t(f"reports.ui.about.{report.name}"))
        self.group_by.setEnabled(report.uses_group_by)
        self.contacts.setEnabled(report.uses_contacts)
        self.per.setEnabled(report.uses_per)
        self.day.setEnabled(report.name == "signin" and self.day.count() > 2)
        self.presence.setEnabled(report.name in ("delegates", "signin", "badges"))
        self.letter_number.setEnabled(report.uses_number)
        self.changed.emit()
