"""Settings → Desks in the window: host with a click, see the code and its QR, finish; join dialog; close warning."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea

from confman.core.hosting import joincode
from confman.core.hosting.state import HostingPaths
from confman.core.settings import load_settings

LOOPBACK = "127.0.0.1"


@pytest.fixture
def host_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data folder the unprivileged server user can reach (under root), with a small demo."""
    folder = Path(tempfile.mkdtemp(prefix="confman-host-ui-"))
    folder.chmod(0o755)
    monkeypatch.setenv("CONFMAN_DATA_DIR", str(folder))
    from confman.core.db.setup import open_database
    from confman.core.demo import create_demo

    db = open_database(None, backups_folder=folder / "backups")
    create_demo(db, delegates=30)
    db.dispose()
    try:
        yield folder
    finally:
        from confman.core.hosting.service import stop_hosting

        stop_hosting(HostingPaths(folder / "hosting"))
        shutil.rmtree(folder, ignore_errors=True)


def _window(make_window, settings=None):
    from confman.core.db.setup import open_database

    settings = settings or load_settings()
    db = open_database(settings.database_url or None, backup_on_start=False)
    window = make_window(db, settings=settings, persist=True, page="nav.settings")
    window.hosting_guard.ask = lambda desks: "stop"  # no modal question when pytest-qt closes the window
    return window


def _decoded_qr(section) -> list[str]:
    from confman.ui.checkin.frame_decoder import decode_image

    return decode_image(section.qr.pixmap().toImage())


@pytest.mark.hosting
def test_host_with_a_click_shows_the_code_and_qr_then_finish_brings_the_data_home(qtbot, host_dir, tmp_path,
                                                                                 make_window):
    window = _window(make_window)
    section = window.pages["nav.settings"].desks
    assert section.state_label.text() == "Máy này đang dùng dữ liệu riêng, không làm máy chủ."
    assert section.address.itemData(section.address.count() - 1) == LOOPBACK
    section.select_address(LOOPBACK)
    qtbot.mouseClick(section.host_button, Qt.MouseButton.LeftButton)

    assert window.ctx.db.backend == "postgresql"  # the window itself now works on the hosted server
    assert "127.0.0.1" in section.state_label.text()
    code = section.code.text()
    info = joincode.decode(code)
    assert info.address == LOOPBACK and section.code_box.isVisible()
    assert _decoded_qr(section) == [code]
    from confman.core.hosting.copying import confman_tables

    assert f"Đã chép {len(confman_tables())} bảng" in section.message.text()
    assert not section.host_button.isEnabled() and section.finish_button.isEnabled()
    status = window.hosting_status
    assert status.isVisible() and status.text() == "Đang làm máy chủ · bàn kết nối (0): chưa có bàn nào"
    assert window.pages["nav.settings"].db_server.isChecked()  # the form follows the switch
    qtbot.wait(50)  # let the layout settle before looking
    section.grab().save(str(tmp_path / "desks-section.png"))
    window.pages["nav.settings"].findChild(QScrollArea).ensureWidgetVisible(section)
    qtbot.wait(50)
    window.grab().save(str(tmp_path / "desks-window.png"))

    section.confirm_finish = lambda desks: True
    qtbot.mouseClick(section.finish_button, Qt.MouseButton.LeftButton)
    assert window.ctx.db.backend == "sqlite"
    assert section.state_label.text() == "Máy này đang dùng dữ liệu riêng, không làm máy chủ."
    assert not section.code_box.isVisible() and "số dòng khớp từng bảng" in section.message.text()
    assert load_settings().database_url == ""
    assert not status.isVisible()


@pytest.mark.hosting
def test_closing_the_host_warns_and_can_keep_the_server_running(qtbot, host_dir, make_window):
    from confman.core.hosting.service import server_running, start_hosting

    start_hosting(load_settings(), address=LOOPBACK)
    window = _window(make_window)
    guard = window.hosting_guard
    asked: list[tuple[str, ...]] = []
    guard.ask = lambda desks: asked.append(desks) or "cancel"
    window.close()
    assert asked == [()] and window.isVisible()  # cancelled: still open, still hosting

    guard.ask = lambda desks: "keep"
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert server_running()

    window = _window(make_window)
    window.close()  # the default answer in these tests: stop the server
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert not server_running()


def test_a_mistyped_join_code_is_explained_in_the_dialog(qtbot, db, make_context):
    from confman.ui.settings.desks_section import DesksSection

    ctx = make_context()
    section = DesksSection(ctx)
    qtbot.addWidget(section)
    dialog = section.open_join_dialog()
    info = joincode.JoinInfo("192.168.1.20", 5000, "00" * 10, "11" * 16)
    good = joincode.encode(info)
    dialog.code.setText(good[:-2] + ("ZZ" if not good.endswith("ZZ") else "YY"))
    qtbot.mouseClick(dialog.join_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.message.text() == ("Mã tham gia sai (gõ nhầm hoặc đã bị sửa). Nhập lại hoặc quét mã QR trên máy chủ.")
    assert ctx.settings.database_url == "" and db.backend == "sqlite"
    dialog.code.setText("")
    dialog.code_scanned("1111151956150199512")  # a badge seen by the webcam is not a join code
    assert dialog.code.text() == ""
