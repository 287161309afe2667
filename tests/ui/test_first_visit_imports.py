"""A page's first visit imports nothing heavy on the UI thread: the warm-up after the first paint did it.

Run in a fresh interpreter (this test process has long imported everything): start the window on
the demo database, let the warm-up finish, then visit every page while an import hook records every
module imported on the main thread.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import json, sys, threading
from PySide6.QtWidgets import QApplication
from confman.core.db.setup import open_database
from confman.core.demo import create_demo
from confman.core.settings import Settings
from confman.app import build_main_window, create_qt_app
from confman.ui.main_window import NAV_KEYS
from confman.ui.warmup import warm_up

app = create_qt_app()
db = open_database(sys.argv[1], backups_folder=None, create=True)
event = create_demo(db).event
window = build_main_window(db, Settings(language="vi", last_event_code=event.code), persist_settings=False)
window.resize(1366, 768)
window.show()
done = []
warm_up(window.ctx, window, freeze=False, documents=False, done=lambda: done.append(True))
while not done:
    app.processEvents()

main = threading.main_thread()
on_ui = []

class Recorder:
    def find_spec(self, name, path=None, target=None):
        if threading.current_thread() is main:
            on_ui.append(name)
        return None

sys.meta_path.insert(0, Recorder())
for key in NAV_KEYS:
    window.show_page(key)
    page = window.pages[key]
    while not page.data_shown:
        app.processEvents()
    app.processEvents()
window.close()
print(json.dumps(on_ui))
"""


def test_no_page_imports_reportlab_or_openpyxl_on_the_ui_thread(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CONFMAN_DATA_DIR=str(tmp_path),
               PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    done = subprocess.run([sys.executable, "-c", SCRIPT, f"sqlite:///{tmp_path / 'demo.sqlite3'}"], env=env,
                          capture_output=True, text=True, timeout=180, check=True)
    imported = json.loads(done.stdout.strip().splitlines()[-1])
    heavy = [name for name in imported if name.split(".")[0] in ("reportlab", "openpyxl", "python_calamine",
                                                                   "pypdf", "sqlalchemy")]
    assert heavy == [], heavy
