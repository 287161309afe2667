"""The delegates page's filters: category, status, organization type, organization, badge, check-in, contacts
that need checking, recycle bin."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QToolButton, QWidget

from confman.core.enums import DelegateStatus, OrganizationType
from confman.i18n import t
from confman.ui.delegates.delegate_dialog import color_icon
from confman.ui.delegates.ops import CategoryRow, DelegateFilters, OrganizationRow
from confman.ui.widgets.flow import FlowLayout


class FilterBar(QWidget):
    """``changed`` when any filter changes; ``bin_toggled`` when the recycle bin is switched."""

    changed = Signal()
    bin_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._categories: list[CategoryRow] = []
        self._organizations: list[OrganizationRow] = []
        self.category_filter = QComboBox()
        self.category_filter.setObjectName("categoryFilter")
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        self.org_type_filter = QComboBox()
        self.org_filter = QComboBox()
        self.org_filter.setObjectName("organizationFilter")
        self.org_filter.setMaximumWidth(280)
        self.org_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.org_filter.setMinimumContentsLength(18)
        self.badge_filter = QComboBox()
        self.checkin_filter = QComboBox()
        self.checkin_filter.setObjectName("checkinFilter")
        self.contact_check = QCheckBox()
        self.contact_check.setObjectName("contactCheckFilter")
        self.contact_check.toggled.connect(lambda _on: self.changed.emit())
        self.bin_check = QCheckBox()
        self.bin_check.setObjectName("recycleBin")
        self.columns_button = QToolButton()
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        for combo in self.combos:
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.bin_check.toggled.connect(self.bin_toggled)
        self.status_filter.addItem("", None)
        for status in DelegateStatus:
            self.status_filter.addItem("", status.value)
        self.org_type_filter.addItem("", None)
        for org_type in OrganizationType:
            self.org_type_filter.addItem("", org_type.value)
        for combo in (self.badge_filter, self.checkin_filter):
            for value in (None, True, False):
                combo.addItem("", value)
        self.label = QLabel()
        # One row on a wide screen, two on a laptop: the filters wrap rather than run off the edge.
        row = FlowLayout(self)
        for widget in (self.label, *self.combos, self.contact_check, self.bin_check, self.columns_button):
            row.addWidget(widget)

    @property
    def combos(self) -> tuple[QComboBox, ...]:
        return (self.category_filter, self.status_filter, self.org_type_filter, self.org_filter, self.badge_filter,
                self.checkin_filter)

    @property
    def in_bin(self) -> bool:
        return self.bin_check.isChecked()

    def filters(self) -> DelegateFilters:
        def one(combo: QComboBox) -> frozenset[Any]:
            value = combo.currentData()
            return frozenset() if value is None else frozenset({value})

        return DelegateFilters(
            category_ids=one(self.category_filter), organization_types=one(self.org_type_filter),
            organization_ids=one(self.org_filter), statuses=one(self.status_filter),
            badge_printed=self.badge_filter.currentData(), checked_in=self.checkin_filter.currentData(),
            contact_issues=self.contact_check.isChecked(), only_deleted=self.in_bin,
        )

    def retranslate(self, lang: str) -> None:
        self.label.setText(t("delegates.filter.label"))
        self.columns_button.setText(t("delegates.action.columns"))
        self.status_filter.setItemText(0, t("delegates.filter.any_status"))
        for i in range(1, self.status_filter.count()):
            self.status_filter.setItemText(i, t(f"delegates.status.{DelegateStatus(self.status_filter.itemData(i)).value}"))
        self.org_type_filter.setItemText(0, t("delegates.filter.any_org_type"))
        for i in range(1, self.org_type_filter.count()):
            org_type = OrganizationType(self.org_type_filter.itemData(i))
            self.org_type_filter.setItemText(i, t(f"delegates.org_type.{org_type.value}"))
        for combo, prefix in ((self.badge_filter, "badge"), (self.checkin_filter, "checkin")):
            for i, suffix in enumerate(("any", "yes", "no")):
                combo.setItemText(i, t(f"delegates.filter.{prefix}_{suffix}"))
        self.contact_check.setText(t("contacts.filter.label"))
        self.contact_check.setToolTip(t("contacts.filter.tip"))
        self.bin_check.setText(t("delegates.filter.recycle_bin"))
        self.bin_check.setToolTip(t("delegates.filter.recycle_bin_tip"))
        self.set_reference(self._categories, self._organizations, lang)

    def set_reference(self, categories: list[CategoryRow], organizations: list[OrganizationRow], lang: str) -> None:
        """The event's categories and organizations (the current choices are kept)."""
        self._categories, self._organizations = categories, organizations
        current = self.category_filter.currentData()
        self.category_filter.blockSignals(True)
        self.category_filter.clear()
        self.category_filter.addItem(t("delegates.filter.any_category"), None)
        for category in categories:
            self.category_filter.addItem(color_icon(category.color), category.label(lang), category.id)
        self.category_filter.setCurrentIndex(max(0, self.category_filter.findData(current)))
        self.category_filter.blockSignals(False)
        current = self.org_filter.currentData()
        self.org_filter.blockSignals(True)
        self.org_filter.clear()
        self.org_filter.addItem(t("delegates.filter.any_organization"), None)
        for org in organizations:
            if org.delegate_count or org.id == current:
                self.org_filter.addItem(org.name, org.id)
        self.org_filter.setCurrentIndex(max(0, self.org_filter.findData(current)))
        self.org_filter.blockSignals(False)
