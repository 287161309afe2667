"""Cold start to a painted main window, as a ratio to a bare PySide6 window in the same run.

Target: < 1.5 s on the reference machine (2 cores). Both runs are whole processes, from
spawn to exit after the first paint, offscreen, with the demo event in the database.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.benchmark

BARE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1280, 800)
class F(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False
f = F(); w.installEventFilter(f); w.show(); app.exec()
"""


def _time(cmd: list[str], env: dict[str, str], runs: int = 5) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=60)
        times.append(time.perf_counter() - started)
    return times


def test_cold_start_to_first_paint(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CONFMAN_DATA_DIR=str(tmp_path),
               CONFMAN_NO_DEMO_PROMPT="1", CONFMAN_EXIT_AFTER_FIRST_PAINT="1")
    db_url = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    subprocess.run([sys.executable, "-m", "confman", "--db", db_url, "demo"], env=env, check=True,
                   capture_output=True)
    bare = _time([sys.executable, "-c", BARE], env)
    app = _time([sys.executable, "-m", "confman", "--db", db_url], env)
    bare_median, app_median = statistics.median(bare), statistics.median(app)
    print(f"\nstartup: confman median {app_median * 1000:.0f} ms (runs {[round(x * 1000) for x in app]}), "
          f"bare PySide6 window {bare_median * 1000:.0f} ms, ratio {app_median / bare_median:.2f}")
    assert app_median < 5.0  # generous: the machine is shared; the target (< 1.5 s) is reported above
    assert app_median / bare_median < 8.0
