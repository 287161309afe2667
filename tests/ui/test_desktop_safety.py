"""Crash dialog, single-instance guard, network-share warning and the log file."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from confman.core.db.location import is_network_path
from confman.core.errors import DomainError
from confman.ui.crash_dialog import install_excepthook, show_crash_dialog
from confman.ui.single_instance import SingleInstance


def test_crash_dialog_shows_message_and_log_path(qtbot, tmp_path):
    box = show_crash_dialog(RuntimeError("ổ đĩa đầy"), tmp_path / "confman.log")
    qtbot.addWidget(box)
    assert "ổ đĩa đầy" in box.text()
    assert str(tmp_path / "confman.log") in box.informativeText()
    assert "RuntimeError" in box.detailedText()


def test_crash_dialog_translates_domain_errors(qtbot, tmp_path):
    box = show_crash_dialog(DomainError("event.not_found", code="XYZ"), tmp_path / "x.log")
    qtbot.addWidget(box)
    assert "Không có hội nghị mã XYZ." in box.text()


def test_unhandled_exception_is_logged_and_shown(tmp_path, monkeypatch, caplog):
    shown = []
    previous = sys.excepthook
    try:
        install_excepthook(tmp_path / "confman.log", show=lambda exc, path: shown.append((exc, path)))
        with caplog.at_level(logging.ERROR):
            try:
                raise ValueError("hỏng")
            except ValueError:
                sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous
    assert [(str(e), p) for e, p in shown] == [("hỏng", tmp_path / "confman.log")]
    assert "unhandled exception" in caplog.text and "hỏng" in caplog.text


def test_an_exception_in_a_unit_of_work_leaves_nothing_written(db, make_event):
    from sqlalchemy import func, select

    from confman.core.registration.models import Delegate

    event = make_event()
    with pytest.raises(RuntimeError), db.session() as s:
        s.add(Delegate(event_id=event.id, full_name="Nửa Chừng"))
        s.flush()
        raise RuntimeError("crash in the middle")
    with db.session() as s:
        assert s.scalar(select(func.count(Delegate.id))) == 0


def test_second_instance_wakes_the_first_and_is_refused(qtbot, tmp_path):
    key = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    first = SingleInstance(key)
    assert first.acquire() is True
    with qtbot.waitSignal(first.activation_requested, timeout=3000):
        assert SingleInstance(key).acquire() is False
    other = SingleInstance(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    assert other.acquire() is True  # another database may have its own window
    other.release()
    first.release()
    again = SingleInstance(key)
    assert again.acquire() is True
    again.release()


def test_main_window_comes_to_front_when_asked(qtbot, make_window):
    window = make_window()
    window.showMinimized()
    window.bring_to_front()
    assert window.isVisible() and not window.isMinimized()


def test_network_paths_are_recognised(tmp_path):
    assert is_network_path(Path("//fileserver/hoinghi/confman.sqlite3"))
    assert is_network_path(Path("\\\\fileserver\\hoinghi\\confman.sqlite3"))
    assert not is_network_path(tmp_path / "confman.sqlite3")
    mounts = tmp_path / "mounts"
    mounts.write_text(f"//srv/share {tmp_path}/share cifs rw 0 0\n/dev/vda / ext4 rw 0 0\n")
    (tmp_path / "share").mkdir()
    assert is_network_path(tmp_path / "share" / "db.sqlite3", mounts_file=mounts)
    assert not is_network_path(tmp_path / "local.sqlite3", mounts_file=mounts)


def test_network_share_warning_is_shown(qtbot, tmp_path, monkeypatch):
    from confman.app import warn_if_network_share
    from confman.core.db.engine import Database

    db = Database.open(f"sqlite:///{tmp_path / 'x.sqlite3'}", check=False, create=True)
    warned = []
    monkeypatch.setattr("confman.core.db.location.is_network_path", lambda path: True)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    assert warn_if_network_share(db) is True
    assert "PostgreSQL" in warned[0] and str(tmp_path / "x.sqlite3") in warned[0]
    monkeypatch.setattr("confman.core.db.location.is_network_path", lambda path: False)
    assert warn_if_network_share(db) is False
    db.dispose()


def test_log_file_is_written_in_the_data_folder(_isolated_data_dir):
    from confman.logs import configure_logging

    path = configure_logging()
    logging.getLogger("confman.test").info("xin chào")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert path.parent.parent == _isolated_data_dir
    assert "xin chào" in path.read_text(encoding="utf-8")
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_confman", False)]:
        root.removeHandler(handler)
        handler.close()


def test_help_menu_opens_the_guide_and_about(qtbot, db, make_window):
    window = make_window()
    assert window.help_menu.title() == "&Trợ giúp"
    guide = window.open_guide()
    qtbot.addWidget(guide)
    assert "Hướng dẫn sử dụng confman" in guide.browser.toPlainText()
    assert "Điểm danh với nhiều bàn" in guide.browser.toPlainText()
    about = window.open_about()
    qtbot.addWidget(about)
    text = about.text.toPlainText()
    assert "confman phiên bản 0.1.0" in text and str(db.sqlite_path) in text
    assert "Be Vietnam Pro — SIL Open Font License 1.1" in text and "SQLAlchemy" in text
    window.ctx.set_language("en")
    assert window.help_menu.title() == "&Help"
    guide_en = window.open_guide()
    qtbot.addWidget(guide_en)
    assert "confman user guide" in guide_en.browser.toPlainText()
