"""Every window and dialog fits the organiser's laptop: 1366×768 at 125 % (about 1093×576 logical px).

Qt reads ``QT_SCALE_FACTOR`` and the screen size only when the application starts, and the test
session's application already exists, so the outer test runs this module again in a child pytest
with an offscreen 1366×768 screen and ``QT_SCALE_FACTOR=1.25``. There each window is opened the way a
user opens it (the page's button or method, on the demo conference), and its frame, with a Windows
title bar, must fit the area above the taskbar with every button of its button row fully visible.

``DIALOGS`` names every ``QDialog`` subclass of ``confman.ui``: a new dialog that is not in it fails
``test_every_dialog_of_the_app_is_measured``.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

INNER = os.environ.get("CONFMAN_FIT_LAPTOP") == "1"
SCREEN = (1366, 768)  # physical pixels of the laptop's panel
SCALE = 1.25
TASKBAR = 48  # physical pixels (Windows 10/11 at 125 %)
TITLE_BAR = 31  # logical pixels of a Windows title bar at 125 %
BORDER = 1  # logical pixels of a Windows window border
#: The work area in logical pixels: 1093 × 576.
WORK = (round(SCREEN[0] / SCALE), round((SCREEN[1] - TASKBAR) / SCALE))
#: The largest client area (what Qt calls the geometry) of a window whose frame fits the work area.
CLIENT = (WORK[0] - 2 * BORDER, WORK[1] - TITLE_BAR - BORDER)

#: Pages that may still scroll vertically in the laptop's maximised window, at most this far (px): none. (The
#: check-in page's verdict card takes its small photo on a short screen so the desk never scrolls.)
SCROLLING_PAGES: dict[str, int] = {}

#: Every dialog class of the app → the test that opens it (see the inner tests below).
DIALOGS: dict[str, str] = {
    "confman.ui.delegates.delegate_dialog.DelegateDialog": "add_delegate, edit_delegate",
    "confman.ui.delegates.duplicate_dialog.DuplicateDialog": "duplicate_warning",
    "confman.ui.delegates.merge_dialog.MergeDialog": "merge_delegates",
    "confman.ui.delegates.editors.OrganizationsDialog": "organizations",
    "confman.ui.delegates.editors.OrganizationForm": "organization_form",
    "confman.ui.delegates.editors.CategoriesDialog": "categories",
    "confman.ui.delegates.editors.CategoryForm": "category_form",
    "confman.ui.delegates.import_wizard.ImportWizard": "import_wizard",
    "confman.ui.badges.reprint_dialog.ReprintDialog": "reprint_reason",
    "confman.ui.badges.template_editor.TemplateEditorDialog": "badge_template_editor",
    "confman.ui.agenda.item_dialog.ItemDialog": "agenda_item",
    "confman.ui.agenda.dialogs.RoomsDialog": "rooms",
    "confman.ui.agenda.dialogs.ShiftDialog": "shift_items",
    "confman.ui.agenda.dialogs.DuplicateDayDialog": "duplicate_day",
    "confman.ui.agenda.dialogs.CopyEventDialog": "copy_agenda",
    "confman.ui.agenda.programme_import.ProgrammeImportDialog": "programme_import",
    "confman.ui.checkin.desk_name.DeskNameDialog": "desk_name",
    "confman.ui.survey.preview_dialog.PreviewDialog": "survey_preview",
    "confman.ui.survey.entry_dialog.EntryDialog": "survey_entry",
    "confman.ui.survey.english_question.EnglishQuestion": "survey_english_question, survey_results_english_question",
    "confman.ui.presentations.book_english_question.BookEnglishQuestion": "book_english_question",
    "confman.ui.events.event_dialog.EventDocumentsDialog": "event_documents",
    "confman.ui.settings.backups_dialog.BackupsDialog": "backups",
    "confman.ui.settings.join_dialog.JoinDialog": "join_host",
    "confman.ui.help.help_dialogs.GuideDialog": "user_guide",
    "confman.ui.help.help_dialogs.AboutDialog": "about",
    "confman.ui.reports.purge_dialog.PurgeDialog": "purge",
    "confman.ui.reports.signer_question.SignerQuestion": "signer_question",
    "confman.ui.widgets.go_on_question.GoOnQuestion": "signer_question, survey_english_question, book_english_question",  # their base
}


def _dialog_classes() -> set[str]:
    """Every concrete QDialog subclass defined in ``confman.ui`` (private bases excluded)."""
    from PySide6.QtWidgets import QDialog

    import confman.ui

    for info in pkgutil.walk_packages(confman.ui.__path__, "confman.ui."):
        importlib.import_module(info.name)
    found: set[str] = set()
    todo = list(QDialog.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("confman.ui.") and not cls.__name__.startswith("_") \
                and not inspect.isabstract(cls):
            found.add(f"{cls.__module__}.{cls.__qualname__}")
    return found


if not INNER:

    def test_every_dialog_of_the_app_is_measured() -> None:
        missing = sorted(_dialog_classes() - set(DIALOGS))
        assert not missing, f"add these dialogs to DIALOGS and open them in {Path(__file__).name}: {missing}"
        gone = sorted(set(DIALOGS) - _dialog_classes())
        assert not gone, f"these dialogs no longer exist: {gone}"

    def test_every_window_fits_1366x768_at_125_percent(tmp_path: Path) -> None:
        screen = tmp_path / "screen.json"
        laptop = {"name": "Laptop", "x": 0, "y": 0, "width": SCREEN[0], "height": SCREEN[1], "logicalDpi": 96,
                  "logicalBaseDpi": 96, "dpr": 1}
        screen.write_text(json.dumps({"screens": [laptop]}), encoding="utf-8")
        env = dict(os.environ, CONFMAN_FIT_LAPTOP="1", QT_SCALE_FACTOR=str(SCALE),
                   QT_QPA_PLATFORM=f"offscreen:configfile={screen}")
        root = Path(__file__).resolve().parents[2]
        run = subprocess.run([sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider", "-p", "no:randomly",
                              str(Path(__file__).resolve())], cwd=root, env=env, capture_output=True, text=True,
                             timeout=900)
        assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-2000:]
        passed = {m.group(1) for m in re.finditer(r"::test_(\w+)(?:\[\w+\])? PASSED", run.stdout)}
        assert passed == set(INNER_TESTS), run.stdout[-3000:]

    def test_the_delegates_filters_wrap_to_a_second_row_when_narrow(qtbot: Any) -> None:
        from confman.ui.delegates.filter_bar import FilterBar

        bar = FilterBar()
        qtbot.addWidget(bar)
        bar.retranslate("vi")
        bar.show()
        one_row = bar.layout().sizeHint()
        bar.resize(one_row.width() + 10, bar.heightForWidth(one_row.width() + 10))
        qtbot.wait(10)
        tops = {w.y() for w in (bar.label, *bar.combos, bar.bin_check, bar.columns_button)}
        assert max(tops) - min(tops) < one_row.height() // 2  # one row, centred
        bar.resize(one_row.width() // 2 + 40, bar.heightForWidth(one_row.width() // 2 + 40))
        qtbot.wait(10)
        assert bar.height() > 1.8 * one_row.height()
        for widget in (bar.label, *bar.combos, bar.bin_check, bar.columns_button):
            assert bar.rect().contains(widget.geometry()), widget  # every filter is inside the bar, none cut
            assert widget.width() == widget.sizeHint().width()  # at its full width: the choice reads whole

    def _shown_columns(window: Any) -> list[str]:
        from confman.ui.delegates.delegates_table_model import COLUMN_IDS

        header = window.pages["nav.delegates"].table.horizontalHeader()
        return [c for i, c in enumerate(COLUMN_IDS) if not header.isSectionHidden(i)]

    def test_a_narrow_delegates_table_hides_the_less_useful_columns_first(
            make_window: Callable[..., Any], make_event: Callable[..., Any], make_delegate: Callable[..., Any],
            qtbot: Any) -> None:
        event = make_event()
        make_delegate(event.id, "Nguyễn Văn An")
        wide = make_window(size=(1600, 900), page="nav.delegates")
        qtbot.wait(50)
        assert _shown_columns(wide) == ["name", "position", "organization", "category", "phone", "status",
                                        "badge_printed", "checked_in"]
        wide.close()
        from confman.ui.ui_state import ui_state

        ui_state().clear()  # a first start on the laptop: no layout remembered yet
        narrow = make_window(size=CLIENT, page="nav.delegates")
        qtbot.wait(50)
        assert _shown_columns(narrow) == ["name", "position", "organization", "category", "checked_in"]
        # What the user chooses is remembered and wins over the narrow default.
        narrow.pages["nav.delegates"].table.set_column_visible(5, True)  # the phone
        narrow.close()
        again = make_window(size=CLIENT, page="nav.delegates")
        qtbot.wait(50)
        assert "phone" in _shown_columns(again)

#: The inner tests (run only in the child process); the outer test checks they all ran and passed.
INNER_TESTS = (
    "the_screen_is_the_laptop", "main_window_on_every_page", "delegates_toolbar_at_full_width", "add_delegate", "edit_delegate",
    "duplicate_warning", "merge_delegates", "organizations", "organization_form", "categories", "category_form",
    "import_wizard", "import_wizard_steps", "reprint_reason", "badge_template_editor", "agenda_item", "rooms", "shift_items",
    "duplicate_day", "agenda_print_preview", "copy_agenda", "speaker_timer", "survey_preview", "survey_entry", "survey_english_question",
    "survey_results_english_question", "book_english_question", "event_documents", "backups", "join_host",
    "programme_import", "desk_name", "signer_question",
    "user_guide", "about", "purge", "crash_dialog",
)

if INNER:
    from datetime import date

    from PySide6.QtCore import QRect, QTimer
    from PySide6.QtGui import QScreen
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractScrollArea,
        QAbstractSpinBox,
        QApplication,
        QComboBox,
        QDialog,
        QDialogButtonBox,
        QLineEdit,
        QMessageBox,
        QPushButton,
        QToolBar,
        QWidget,
        QWizard,
    )

    # The offscreen screen has no taskbar: the app's code asks for the work area a Windows laptop has.
    QScreen.availableGeometry = lambda self: QRect(0, 0, *WORK)  # type: ignore[method-assign]

    @pytest.fixture(scope="module")
    def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
        """The demo conference, built once and copied for each test."""
        from confman.app import create_qt_app
        from confman.core.db.setup import open_database
        from confman.core.demo import create_demo

        create_qt_app([])  # the bundled font and the shell's style, as the app has them
        folder = tmp_path_factory.mktemp("demo")
        database = open_database(f"sqlite:///{folder / 'demo.sqlite3'}", backups_folder=folder / "bk", create=True)
        create_demo(database)
        database.dispose()
        return folder / "demo.sqlite3"

    @pytest.fixture
    def demo(demo_file: Path, tmp_path: Path) -> Iterator[Any]:
        from confman.core.db.setup import open_database

        shutil.copy(demo_file, tmp_path / "demo.sqlite3")
        database = open_database(f"sqlite:///{tmp_path / 'demo.sqlite3'}", backups_folder=tmp_path / "bk",
                                 backup_on_start=False)
        yield database
        database.dispose()

    @pytest.fixture
    def window(make_window: Callable[..., Any], demo: Any, qtbot: Any) -> Any:
        """The main window at the largest size whose frame fits above the taskbar."""
        win = make_window(demo, size=CLIENT)
        win.move(BORDER, TITLE_BAR)
        qtbot.wait(50)
        return win

    def test_the_screen_is_the_laptop(qapp: Any) -> None:
        screen = qapp.primaryScreen()
        assert (screen.geometry().width(), screen.geometry().height()) == (1093, 614)
        assert WORK == (1093, 576)

    def clipped_buttons(root: QWidget, *, only: QWidget | None = None, scrolled_page: bool = False) -> list[str]:
        """Visible buttons under ``root`` that are not fully shown (the content of scroll areas excluded,
        the main window's page holder too when ``scrolled_page``)."""
        bad = []
        for button in [only] if only is not None else root.findChildren(QAbstractButton):
            if not button.isVisibleTo(root) or button.window() is not root.window():
                continue
            parent, scrolled = button.parentWidget(), False
            while parent is not None and parent is not root:
                if isinstance(parent, (QAbstractScrollArea, QToolBar)) and (
                        (only is None and scrolled_page) or parent.objectName() != "pageScroll"):
                    scrolled = True  # a scroll area's content or a toolbar with its own overflow menu
                    break
                parent = parent.parentWidget()
            if scrolled or button.objectName() == "qt_toolbar_ext_button":
                continue
            visible = button.visibleRegion().boundingRect()
            if visible != button.rect():
                bad.append(f"{type(button).__name__} {button.text()!r} shows {visible.width()}×{visible.height()}"
                           f" of {button.width()}×{button.height()}")
        return bad

    def button_row(dialog: QWidget) -> list[QAbstractButton]:
        """The buttons that close the dialog: its button box(es), the wizard's or the message box's buttons."""
        if isinstance(dialog, QWizard):
            kinds = (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                     QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton)
            return [dialog.button(k) for k in kinds if dialog.button(k).isVisible()]
        if isinstance(dialog, QMessageBox):
            return [b for b in dialog.buttons() if b.isVisible()]
        if not isinstance(dialog, QDialog) or type(dialog).__name__ == "QPrintPreviewDialog":
            return [b for b in dialog.findChildren(QAbstractButton) if b.isVisibleTo(dialog)]
        boxes = [box for box in dialog.findChildren(QDialogButtonBox) if box.isVisibleTo(dialog)]
        buttons = [b for box in boxes for b in box.buttons() if b.isVisibleTo(dialog)]
        if buttons:
            return buttons
        # no button box: the push buttons of the bottom row
        pushes = [b for b in dialog.findChildren(QPushButton) if b.isVisibleTo(dialog)]
        bottom = max((b.mapTo(dialog, b.rect().bottomLeft()).y() for b in pushes), default=0)
        return [b for b in pushes if abs(b.mapTo(dialog, b.rect().bottomLeft()).y() - bottom) < 8]

    def assert_fits(dialog: QWidget) -> None:
        """The frame fits the work area and the whole button row shows."""
        QApplication.processEvents()
        size = dialog.size()  # the client area: Windows adds its title bar and borders around it
        name = type(dialog).__name__
        if os.environ.get("CONFMAN_FIT_SHOTS"):  # to look at them: a folder for a PNG of each window
            step = f"-{dialog.currentId()}" if isinstance(dialog, QWizard) else ""
            dialog.grab().save(str(Path(os.environ["CONFMAN_FIT_SHOTS"]) / f"{name}{step}.png"))
        assert size.width() <= CLIENT[0] and size.height() <= CLIENT[1], \
            f"{name} is {size.width()}×{size.height()}, more than {CLIENT[0]}×{CLIENT[1]} (+ title bar) fits"
        hint = dialog.minimumSizeHint().expandedTo(dialog.minimumSize())
        assert hint.width() <= CLIENT[0] and hint.height() <= CLIENT[1], \
            f"{name} cannot be smaller than {hint.width()}×{hint.height()}"
        if dialog.parentWidget() is not None:  # Qt centres it on its parent (a window without one: the OS places it)
            top_left = dialog.geometry().topLeft()
            assert top_left.x() >= BORDER and top_left.y() >= TITLE_BAR, f"{name} starts at {top_left}"
        buttons = button_row(dialog)
        assert buttons, f"{name} has no button row"
        inside = dialog.rect()
        for button in buttons:
            where = QRect(button.mapTo(dialog, button.rect().topLeft()), button.size())
            assert inside.contains(where), f"{name}: button {button.text()!r} at {where} is outside {inside}"
            assert button.visibleRegion().boundingRect() == button.rect(), \
                f"{name}: button {button.text()!r} is partly hidden"
        assert not clipped_buttons(dialog), clipped_buttons(dialog)
        assert not clipped_fields(dialog), clipped_fields(dialog)

    def clipped_fields(root: QWidget) -> list[str]:
        """Line edits whose text is wider than the field (combo and spin boxes excluded)."""
        bad = []
        for edit in root.findChildren(QLineEdit):
            if not edit.isVisibleTo(root) or not edit.text() or isinstance(edit.parentWidget(),
                                                                          (QComboBox, QAbstractSpinBox)):
                continue
            need = edit.fontMetrics().horizontalAdvance(edit.text()) + 12  # the frame and text margins
            if need > edit.width():
                bad.append(f"{edit.objectName() or 'field'} {edit.text()!r} needs {need} px, has {edit.width()}")
        return bad

    def open_dialog(qtbot: Any, trigger: Callable[[], Any], cls: type[QWidget] = QDialog) -> QWidget:
        """Open a dialog as the app does (``exec`` or ``open``), measure it, then close it."""
        before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
        seen: list[QWidget] = []
        errors: list[BaseException] = []

        def look() -> None:
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, cls) and widget.isVisible() and id(widget) not in before and not seen:
                    seen.append(widget)
                    try:
                        assert_fits(widget)
                    except AssertionError as exc:
                        errors.append(exc)
                    widget.reject() if isinstance(widget, QDialog) else widget.close()
                    return
            if not seen:
                QTimer.singleShot(20, look)

        QTimer.singleShot(0, look)
        trigger()
        qtbot.waitUntil(lambda: bool(seen), timeout=10000)
        if errors:
            raise errors[0]
        return seen[0]

    def page_of(window: Any, key: str) -> Any:
        window.show_page(key)
        window.ctx.ops.wait() if hasattr(window.ctx.ops, "wait") else None
        QApplication.processEvents()
        return window.pages[key]

    def delegate_ids(window: Any) -> list[int]:
        page = page_of(window, "nav.delegates")
        return [page.model.id_at(row) for row in range(min(page.model.rowCount(), 2))]

    # the main window ---------------------------------------------------------------------------
    @pytest.mark.parametrize("lang", ["vi", "en"])
    def test_main_window_on_every_page(window: Any, qtbot: Any, lang: str) -> None:
        from confman.ui.main_window import NAV_KEYS

        window.ctx.set_language(lang)

        scrolls: dict[str, int] = {}
        for key in NAV_KEYS:
            page_of(window, key)
            qtbot.wait(100)
            hint = window.minimumSizeHint().expandedTo(window.minimumSize())
            assert hint.width() <= CLIENT[0] and hint.height() <= CLIENT[1], \
                f"on {key} the window cannot be smaller than {hint.width()}×{hint.height()}"
            assert (window.width(), window.height()) == CLIENT, f"on {key} the window grew to {window.size()}"
            holder = window.stack.currentWidget()
            assert holder.horizontalScrollBar().maximum() == 0, f"{key} needs a sideways scroll"
            scrolls[key] = holder.verticalScrollBar().maximum()
            if scrolls[key]:  # a page taller than the laptop's window: every button is reachable by scrolling
                for button in [b for b in holder.widget().findChildren(QAbstractButton) if b.isVisibleTo(window)]:
                    holder.ensureWidgetVisible(button, 0, 0)
                    assert not clipped_buttons(window, only=button), (key, clipped_buttons(window, only=button))
                holder.verticalScrollBar().setValue(0)
            assert not clipped_buttons(window, scrolled_page=bool(scrolls[key])), (key, clipped_buttons(window))
        # Only these pages scroll up and down on the laptop, at most this far (px); no page scrolls sideways.
        too_tall = {k: v for k, v in scrolls.items() if v > SCROLLING_PAGES.get(k, 0)}
        assert not too_tall, f"pages taller than the laptop's window (px to scroll): {too_tall}"
        table = window.pages["nav.delegates"].table
        header = table.horizontalHeader()
        shown = [i for i in range(header.count()) if not header.isSectionHidden(i)]
        assert sum(header.sectionSize(i) for i in shown[:-1]) < table.viewport().width()

    def test_delegates_toolbar_at_full_width(make_window: Callable[..., Any], demo: Any) -> None:
        """Maximised on the laptop (no title bar), every toolbar button shows or is in the overflow menu."""
        win = make_window(demo, size=(WORK[0], WORK[1] - 23), page="nav.delegates")
        QApplication.processEvents()
        assert not clipped_buttons(win), clipped_buttons(win)

    # delegates ---------------------------------------------------------------------------------
    def test_add_delegate(window: Any, qtbot: Any) -> None:
        page = page_of(window, "nav.delegates")
        open_dialog(qtbot, lambda: page.editing.open_editor(None))

    def test_edit_delegate(window: Any, qtbot: Any) -> None:
        first = delegate_ids(window)[0]
        page = window.pages["nav.delegates"]
        open_dialog(qtbot, lambda: page.editing.open_editor(first))

    def test_duplicate_warning(window: Any, qtbot: Any) -> None:
        from confman.ui.delegates import ops
        from confman.ui.delegates.duplicate_dialog import DuplicateDialog

        page = page_of(window, "nav.delegates")
        detail = ops.detail(window.ctx.db, delegate_ids(window)[0])
        page.editing.open_editor(None)
        editor = page.editing.active_dialog
        editor.full_name.setText(detail.full_name)
        editor.phone.setText(detail.phone or "")
        editor.email.setText(detail.email or "")
        open_dialog(qtbot, editor.save, DuplicateDialog)

    def test_merge_delegates(window: Any, qtbot: Any) -> None:
        first, second = delegate_ids(window)
        page = window.pages["nav.delegates"]
        open_dialog(qtbot, lambda: page.editing.open_merge(first, second))

    def test_organizations(window: Any, qtbot: Any) -> None:
        page = page_of(window, "nav.delegates")
        open_dialog(qtbot, page.editing.open_organizations)

    def test_organization_form(window: Any, qtbot: Any) -> None:
        page = page_of(window, "nav.delegates")
        page.editing.open_organizations()
        editor = page.editing.active_dialog
        qtbot.waitUntil(lambda: bool(editor.rows))
        editor.table.selectRow(0)
        open_dialog(qtbot, editor.edit_selected)

    def test_categories(window: Any, qtbot: Any) -> None:
        page = page_of(window, "nav.delegates")
        open_dialog(qtbot, page.editing.open_categories)

    def test_category_form(window: Any, qtbot: Any) -> None:
        page = page_of(window, "nav.delegates")
        page.editing.open_categories()
        editor = page.editing.active_dialog
        qtbot.waitUntil(lambda: bool(editor.rows))
        editor.table.selectRow(0)
        open_dialog(qtbot, editor.edit_selected)

    def test_import_wizard(window: Any, qtbot: Any) -> None:
        from confman.ui.delegates.import_export import open_import_wizard

        page = page_of(window, "nav.delegates")
        open_dialog(qtbot, lambda: open_import_wizard(page))

    def test_import_wizard_steps(window: Any, qtbot: Any) -> None:
        """Each step of an import, up to the last one before anything is written, fits with its buttons."""
        from confman.ui.delegates.import_export import open_import_wizard

        page = page_of(window, "nav.delegates")
        wizard = open_import_wizard(page)
        qtbot.waitExposed(wizard)
        wizard.add_files([Path(__file__).parents[1] / "fixtures" / "import" / "ministry_list.xlsx"])
        seen = []
        for _step in range(4):
            qtbot.wait(50)
            assert_fits(wizard)
            seen.append(wizard.currentId())
            nxt = wizard.button(QWizard.WizardButton.NextButton)
            if not (nxt.isVisible() and nxt.isEnabled()):
                break
            nxt.click()
            window.ctx.ops.wait()
        assert len(set(seen)) >= 3, seen  # files, sheets, mapping and on
        wizard.reject()

    # badges ------------------------------------------------------------------------------------
    def test_reprint_reason(window: Any, qtbot: Any) -> None:
        from confman.ui.badges.reprint_dialog import ReprintDialog

        page = page_of(window, "nav.badges")
        open_dialog(qtbot, lambda: ReprintDialog(page, "vi", 320).exec())

    def test_badge_template_editor(window: Any, qtbot: Any) -> None:
        page = page_of(window, "nav.badges")
        open_dialog(qtbot, page.open_template_editor)

    # agenda ------------------------------------------------------------------------------------
    def agenda(window: Any) -> Any:
        page = page_of(window, "nav.agenda")
        if page.selected_id is None and page.snapshot.items:
            page.selected_id = page.snapshot.items[0].id
        return page

    def test_agenda_item(window: Any, qtbot: Any) -> None:
        page = agenda(window)
        open_dialog(qtbot, lambda: page.dialogs.edit_item(page.selected_id))

    def test_programme_import(window: Any, qtbot: Any, tmp_path: Path) -> None:
        from tests.programme_docs import write_programme_docx

        page = agenda(window)
        open_dialog(qtbot, page.import_programme)
        # Read, with an item selected: its person lines and their delegate pickers under the table.
        path = write_programme_docx(tmp_path / "chuong-trinh.docx", [
            ("Ngày 22/11/2018",),
            ("8h00-8h30", "Phát biểu khai mạc hội nghị", "Chủ trì: Đ/c Lãnh đạo Bộ Thông tin và Truyền thông\n"
             "Đại diện Ban Tổ chức hội nghị tổng kết công tác thông tin đối ngoại", "Hội trường A"),
            ("8h30-9h30", "Báo cáo tổng kết", "PGS.TS. Nguyễn Văn An, Học viện Báo chí và Tuyên truyền", "Hội trường A"),
        ])
        dialog = page.import_programme()
        dialog.load(path)
        qtbot.waitUntil(dialog.create_button.isEnabled)
        dialog.table.setCurrentCell(0, 2)
        assert len(dialog.people_panel.pickers) == 2
        assert_fits(dialog)
        dialog.reject()

    def test_desk_name(window: Any, qtbot: Any) -> None:
        from confman.ui.checkin.desk_name import ask_desk_name

        page = page_of(window, "nav.checkin")
        open_dialog(qtbot, lambda: ask_desk_name(window.ctx, page, first_time=False))

    def test_rooms(window: Any, qtbot: Any) -> None:
        page = agenda(window)
        open_dialog(qtbot, page.dialogs.edit_rooms)

    def test_shift_items(window: Any, qtbot: Any) -> None:
        page = agenda(window)
        open_dialog(qtbot, page.dialogs.shift_selected)

    def test_duplicate_day(window: Any, qtbot: Any) -> None:
        page = agenda(window)
        open_dialog(qtbot, page.dialogs.duplicate_day)

    def test_agenda_print_preview(window: Any, qtbot: Any) -> None:
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        page = agenda(window)
        open_dialog(qtbot, page.outputs.print_programme, QPrintPreviewDialog)

    def test_copy_agenda(window: Any, qtbot: Any) -> None:
        from confman.core.events.service import create_event

        create_event(window.ctx.db, code="HN-2019", name_vi="Hội nghị sơ kết công tác thông tin đối ngoại 2019",
                     start_date=date(2019, 12, 5), end_date=date(2019, 12, 6))
        page = agenda(window)
        open_dialog(qtbot, page.dialogs.copy_from_event)

    # presentations -----------------------------------------------------------------------------
    def test_speaker_timer(window: Any, qtbot: Any) -> None:
        from confman.ui.presentations.timer_window import TimerWindow

        page = page_of(window, "nav.presentations")
        row = page.rows[0]
        open_dialog(qtbot, lambda: page.open_timer(row), TimerWindow)

    # survey ------------------------------------------------------------------------------------
    def survey(window: Any) -> Any:
        from confman.core.survey.rows import QuestionSpec
        from confman.core.survey.service import save_questions

        event_id = window.ctx.event.id
        save_questions(window.ctx.db, event_id, [
            QuestionSpec(code="C1", type="scale", required=True, low_label="Rất kém", high_label="Rất tốt",
                         text_vi="Đơn vị đánh giá thế nào về công tác thông tin đối ngoại giai đoạn 2013–2018?"),
            QuestionSpec(code="C2", type="multi", options_vi=("Báo in", "Truyền hình", "Mạng xã hội", "Hội nghị"),
                         text_vi="Những kênh thông tin đơn vị đã sử dụng"),
            QuestionSpec(code="C3", type="long_text", text_vi="Đề xuất, kiến nghị của đơn vị"),
        ])
        page = page_of(window, "nav.survey")
        page.refresh()
        window.ctx.ops.wait()
        return page

    def test_survey_preview(window: Any, qtbot: Any) -> None:
        page = survey(window)
        open_dialog(qtbot, page.questions.preview)

    def test_survey_entry(window: Any, qtbot: Any) -> None:
        page = survey(window)
        qtbot.waitUntil(lambda: bool(page.units.status and page.units.status.units))
        open_dialog(qtbot, lambda: page.open_entry(page.units.status.units[0]))

    # event, settings, help ---------------------------------------------------------------------
    def test_event_documents(window: Any, qtbot: Any) -> None:
        open_dialog(qtbot, window.open_event_documents)

    def test_backups(window: Any, qtbot: Any) -> None:
        page = page_of(window, "nav.settings")
        open_dialog(qtbot, page.open_backups)

    def test_join_host(window: Any, qtbot: Any) -> None:
        page = page_of(window, "nav.settings")
        open_dialog(qtbot, page.desks.open_join_dialog)

    def test_user_guide(window: Any, qtbot: Any) -> None:
        open_dialog(qtbot, window.open_guide)

    def test_about(window: Any, qtbot: Any) -> None:
        open_dialog(qtbot, window.open_about)

    def test_purge(window: Any, qtbot: Any) -> None:
        page = page_of(window, "nav.reports")
        open_dialog(qtbot, page.purger.ask)

    def test_signer_question(window: Any, qtbot: Any) -> None:
        from confman.ui.reports.signer_question import SignerQuestion

        page = page_of(window, "nav.reports")
        question = SignerQuestion(page, "vi", "Giấy mời", "print")
        open_dialog(qtbot, question.open, QMessageBox)

    def test_survey_english_question(window: Any, qtbot: Any) -> None:
        from confman.ui.survey.english_question import EnglishQuestion

        page = page_of(window, "nav.survey")
        lines = ["Phiếu của 2 đơn vị được in bằng tiếng Anh (Đại sứ quán Lào, Đại sứ quán Campuchia); nội dung chưa "
                 "có bản tiếng Anh sẽ in bằng tiếng Việt.",
                 *(f"Chưa có tiếng Anh cho các lựa chọn — C{i}: “Báo in”, “Truyền hình”, “Phát thanh”, “Cổng thông "
                   "tin điện tử”, “Mạng xã hội”, “Hội nghị, hội thảo”." for i in range(40))]
        question = EnglishQuestion(page, "vi", lines)  # a long questionnaire without English: the worst case
        open_dialog(qtbot, question.open, QMessageBox)

    def test_survey_results_english_question(window: Any, qtbot: Any) -> None:
        from confman.ui.survey.english_question import EnglishQuestion

        page = page_of(window, "nav.survey")
        lines = ["Kết quả được in bằng tiếng Anh; nội dung chưa có bản tiếng Anh sẽ in bằng tiếng Việt.",
                 *(f"Chưa có tiếng Anh cho các lựa chọn — C{i}: “Báo in”, “Truyền hình”, “Phát thanh”, “Cổng thông "
                   "tin điện tử”, “Mạng xã hội”, “Hội nghị, hội thảo”." for i in range(40))]
        question = EnglishQuestion(page, "vi", lines, results=True)
        open_dialog(qtbot, question.open, QMessageBox)

    def test_book_english_question(window: Any, qtbot: Any) -> None:
        from confman.ui.presentations.book_english_question import BookEnglishQuestion

        page = page_of(window, "nav.presentations")
        papers = "; ".join(f"Ngày {1 + i // 20}, bài {1 + i % 20} “Đẩy mạnh công tác thông tin đối ngoại về kinh tế "
                           f"số trong giai đoạn mới, số {i}”" for i in range(60))
        lines = ["Kỷ yếu được in bằng tiếng Anh; nội dung chưa có bản tiếng Anh sẽ in bằng tiếng Việt.",
                 "Chưa có giá trị tiếng Anh của: Tên tiếng Anh, Địa điểm (tiếng Anh) — văn bản tiếng Anh sẽ in bản "
                 "tiếng Việt.", f"Chưa có tên tiếng Anh của các bài: {papers}.",
                 "Chưa có tên tiếng Anh của các phiên: “Tham luận của các bộ, ngành”, “Phiên thảo luận”."]
        question = BookEnglishQuestion(page, "vi", lines)  # sixty papers without English: the worst case
        open_dialog(qtbot, question.open, QMessageBox)

    def test_crash_dialog(window: Any, qtbot: Any, tmp_path: Path) -> None:
        from confman.ui.crash_dialog import show_crash_dialog

        try:
            raise RuntimeError("Không ghi được tệp C:\\Users\\Ban To Chuc\\AppData\\Local\\confman\\confman.sqlite3")
        except RuntimeError as exc:
            error = exc
        open_dialog(qtbot, lambda: show_crash_dialog(error, tmp_path / "confman.log", window), QMessageBox)
