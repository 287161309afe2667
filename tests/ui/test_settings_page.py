"""Settings page round trip, language switch, Test connection, Backups dialog, periodic backups."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from confman.core.changes import Changes
from confman.core.db.backup import backup_database, list_backups
from confman.core.settings import Settings, load_settings


@pytest.fixture
def make_page(qtbot, make_context):
    def build(settings=None, persist=False):
        from confman.ui.settings.settings_page import SettingsPage

        page = SettingsPage(make_context(settings=settings or Settings(language="vi", station="Bàn 1"),
                                         persist=persist))
        qtbot.addWidget(page)
        page.show()
        return page

    return build


def test_settings_round_trip_survives_a_restart(qtbot, db, make_page, make_context, tmp_path):
    page = make_page(persist=True)
    page.station.clear()
    page.station.insert("Bàn đón tiếp 2")  # QTest can only type ASCII keys
    page.db_server.setChecked(True)
    page.db_url.setText("postgresql+psycopg://confman:pw@10.0.0.5:5432/confman")
    page.offset_x.setValue(1.5)
    page.offset_y.setValue(-0.5)
    page.backup_keep.setValue(7)
    page.sounds.setChecked(False)
    page.template.setCurrentIndex(page.template.findData("a6"))
    page.files_folder.setText("/mnt/hoinghi/tham-luan")
    page.language.setCurrentIndex(page.language.findData("en"))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    stored = load_settings()
    assert stored.station == "Bàn đón tiếp 2"
    assert stored.database_url == "postgresql+psycopg://confman:pw@10.0.0.5:5432/confman"
    assert stored.printer_offsets_mm["default"] == [1.5, -0.5]
    assert stored.backups_to_keep == 7 and stored.sounds is False
    assert stored.default_badge_template == "a6" and stored.language == "en"
    assert stored.files_folder == "/mnt/hoinghi/tham-luan"
    from confman.core.presentations.storage import default_store_root

    assert str(default_store_root()) == "/mnt/hoinghi/tham-luan"
    assert "Restart the app" in page.saved_label.text()


def test_saving_english_relabels_the_page_at_once(qtbot, db, make_page, make_context):
    page = make_page()
    assert page.save_button.text() == "Lưu cài đặt"
    page.language.setCurrentIndex(page.language.findData("en"))
    page.save()
    assert page.save_button.text() == "Save settings"
    assert page.db_box.title() == "Database"


def test_test_connection_reports_an_unreachable_server(qtbot, db, make_page, make_context, pg_driver):
    page = make_page()
    page.db_server.setChecked(True)
    page.db_url.setText("postgresql+psycopg://u:p@127.0.0.1:1/none")
    qtbot.mouseClick(page.db_test, Qt.MouseButton.LeftButton)
    assert page.db_status.text().startswith("✗ Không kết nối được CSDL")


def test_test_connection_succeeds_on_a_real_database(qtbot, db, make_page, make_context, sqlite_url):
    page = make_page()
    page.db_server.setChecked(True)
    page.db_url.setText(sqlite_url)
    page._test_connection()
    assert page.db_status.text().startswith("✓")


def test_backups_dialog_lists_and_restores(qtbot, db, make_page, make_context, make_event, make_delegate, monkeypatch):
    settings = Settings(language="vi")
    event = make_event()
    make_delegate(event.id, "Phạm Văn Đồng")
    backup_database(db, folder=settings.backups_path, reason="start", keep=5)
    make_delegate(event.id, "Võ Nguyên Giáp")
    page = make_page(settings)
    dialog = page.open_backups()
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 2).text() == "Khi mở ứng dụng"
    dialog.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    with sqlite3.connect(db.sqlite_path) as conn:
        names = [r[0] for r in conn.execute("SELECT full_name FROM delegates")]
    assert names == ["Phạm Văn Đồng"]
    reasons = sorted(b.reason for b in list_backups(settings.backups_path))
    assert reasons == ["before-restore", "start"]
    assert dialog.table.rowCount() == 2


def test_back_up_now_from_the_dialog(qtbot, db, make_page, make_context):
    settings = Settings()
    page = make_page(settings)
    dialog = page.open_backups()
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    assert [b.reason for b in list_backups(settings.backups_path)] == ["manual"]
    assert dialog.table.rowCount() == 1


def test_periodic_backup_only_after_changes_and_rotates(qtbot, db, make_page, make_context):
    from confman.ui.backup_scheduler import BackupScheduler

    settings = Settings(backups_to_keep=2)
    ctx = make_context(settings=settings)
    scheduler = BackupScheduler(ctx)
    scheduler.tick()
    assert list_backups(settings.backups_path) == []
    for _ in range(3):
        ctx.notify(Changes.of("delegates"))
        scheduler.tick()
    backups = list_backups(settings.backups_path)
    assert [b.reason for b in backups] == ["periodic", "periodic"]


def test_start_backup_runs_through_the_scheduler(qtbot, db, make_page, make_context):
    from confman.ui.backup_scheduler import BackupScheduler

    settings = Settings()
    scheduler = BackupScheduler(make_context(settings=settings))
    scheduler.back_up_now("start")
    assert [b.reason for b in list_backups(settings.backups_path)] == ["start"]
