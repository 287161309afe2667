"""The organization form edits the English name English documents print."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from confman.core.registration import organizations as orgs


def test_the_organization_form_edits_the_english_name(qtbot, db, make_context, monkeypatch):
    from confman.ui.delegates.editors import OrganizationForm, OrganizationsDialog

    row = orgs.create_organization(db, name="Bộ Ngoại giao")
    dialog = OrganizationsDialog(make_context(), None)
    qtbot.addWidget(dialog)
    seen: list[str] = []

    def fill(form: OrganizationForm) -> int:
        seen.append(form.name_en.placeholderText())
        qtbot.keyClicks(form.name_en, "Ministry of Foreign Affairs")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(OrganizationForm, "exec", fill)
    dialog.table.selectRow(0)
    dialog.edit_selected()
    qtbot.waitUntil(lambda: next(o for o in orgs.list_organizations(db) if o.id == row.id).name_en != "")
    assert next(o for o in orgs.list_organizations(db) if o.id == row.id).name_en == "Ministry of Foreign Affairs"
    assert seen == ["Để trống: văn bản tiếng Anh in tên tiếng Việt"]
    # The list shows it beside the Vietnamese name, and the filter finds the unit by it.
    qtbot.waitUntil(lambda: dialog.table.item(0, 1) is not None and dialog.table.item(0, 1).text() != "")
    assert (dialog.table.item(0, 0).text(), dialog.table.item(0, 1).text()) == (
        "Bộ Ngoại giao", "Ministry of Foreign Affairs")
    dialog.filter.setText("foreign affairs")
    assert not dialog.table.isRowHidden(0)
    dialog.filter.setText("finance")
    assert dialog.table.isRowHidden(0)

