"""Guard against a Qt binding that leaks references to None (PySide6 6.12.0 on Python < 3.12).

Such a leak aborts the app after a few thousand widget calls ("none_dealloc"), e.g. a
check-in desk updating its card all morning.
"""

from __future__ import annotations

import sys


def test_void_qt_calls_do_not_leak_none(qapp):
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("Nguyễn Văn An")
        label.setVisible(False)
    after = sys.getrefcount(None)
    if sys.version_info >= (3, 12):
        return  # None is immortal there; the count is meaningless
    assert abs(after - before) < 100, f"None refcount moved by {after - before}"


def test_signal_emits_do_not_leak_booleans(qapp):
    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        toggled = Signal(bool)

    emitter = Emitter()
    received = []
    emitter.toggled.connect(received.append)
    before = sys.getrefcount(True)
    for _ in range(2000):
        emitter.toggled.emit(True)
    after = sys.getrefcount(True) - len(received)
    if sys.version_info >= (3, 12):
        return
    assert abs(after - before) < 100, f"True refcount moved by {after - before}"
