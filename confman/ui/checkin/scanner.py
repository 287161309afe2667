"""Recognise a keyboard-wedge QR scanner wherever the keyboard focus is.

A USB scanner "types" the code ~7–8 ms per key and ends with Enter (or Tab); people type
far slower.  Installed on the QApplication while the check-in page is visible, this filter
holds back printable key presses that *could* start a scan; if the next key comes within
the burst gap they are a scan and never reach the focused widget; if not, the held keys
are replayed to the widget that had the focus, so ordinary typing is untouched (delayed by
one gap, ~30 ms).

Scanners may add a prefix/suffix (an AIM identifier such as ``]Q1``, or configured
characters): the digit run in the middle is the code.  A burst with Backspaces (an input
method such as Unikey/EVKey rewriting the keys) or with letters where digits belong (a
keyboard layout such as AZERTY) is reported, not scanned, so the desk can fix its setup.
The same code twice within 2 s is a scanner double-fire and is ignored.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

BURST_GAP_MS = 30
MIN_CODE_LENGTH = 8
DOUBLE_FIRE_S = 2.0
_AIM_PREFIX = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
_CODE = re.compile(r"^[^0-9]{0,4}([0-9]+)[^0-9]{0,4}$")
_TERMINATORS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)


@dataclass(frozen=True, slots=True)
class _Held:
    widget: QWidget | None
    key: int
    modifiers: Qt.KeyboardModifier
    text: str


def extract_code(burst: str) -> str | None:
    """The digits of a scanned burst without the scanner's prefix/suffix; None when it is not a clean code."""
    text = _AIM_PREFIX.sub("", burst.strip())
    match = _CODE.match(text)
    if match is None or len(match.group(1)) < MIN_CODE_LENGTH:
        return None
    return match.group(1)


class ScannerFilter(QObject):
    """Application event filter turning fast key bursts into ``scanned(code)``."""

    scanned = Signal(str)
    #: ``"backspace"`` or ``"letters"`` and the raw burst: the scanner's keys are being rewritten
    garbled = Signal(str, str)

    def __init__(self, parent: QObject | None = None, *, gap_ms: int = BURST_GAP_MS) -> None:
        super().__init__(parent)
        self.gap_ms = gap_ms
        self._held: list[_Held] = []
        self._burst = ""
        self._backspaces = 0
        self._last_key_at = 0.0
        self._replaying = False
        self._installed = False
        self._last_code = ""
        self._last_code_at = -DOUBLE_FIRE_S
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._burst_timed_out)
        #: monotonic time of the key that completed the last scan (for latency figures)
        self.last_scan_key_at = 0.0

    # installation -----------------------------------------------------------
    def install(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False
        self._flush()

    @property
    def installed(self) -> bool:
        return self._installed

    # filtering --------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if self._replaying or event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        # Swallowed keys never propagate; keys let through are judged the same way at each parent.
        focus = watched
        assert isinstance(event, QKeyEvent)
        now = time.monotonic()
        gap_ms = (now - self._last_key_at) * 1000
        key = event.key()
        text = event.text()
        in_burst = bool(self._burst) and gap_ms <= self.gap_ms

        if self._burst and not in_burst:
            self._flush()  # the previous keys were typed by a person
        if key in _TERMINATORS:
            if in_burst and (len(self._burst) >= MIN_CODE_LENGTH or self._backspaces):
                self._last_key_at = now
                self._finish(now)
                return True
            self._flush()  # a few quick keys and Enter: a person, give it all back in order
            return False
        if key == Qt.Key.Key_Backspace and in_burst:
            self._backspaces += 1
            self._burst = self._burst[:-1]
            self._last_key_at = now
            self._timer.start(self.gap_ms * 3)
            return True
        if not text or not text.isprintable() or event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            return False
        self._held.append(_Held(focus, key, event.modifiers(), text))
        self._burst += text
        self._last_key_at = now
        self._timer.start(self.gap_ms * 3)
        return True

    def _finish(self, now: float) -> None:
        self._timer.stop()
        burst, backspaces = self._burst, self._backspaces
        self._reset()
        if backspaces:
            self.garbled.emit("backspace", burst)
            return
        code = extract_code(burst)
        if code is None:
            if len(burst) >= MIN_CODE_LENGTH and any(ch.isalpha() for ch in burst):
                self.garbled.emit("letters", burst)
            elif len(burst) >= MIN_CODE_LENGTH:
                self.scanned.emit(burst.strip())  # something else with a QR: the service calls it malformed
            return
        if code == self._last_code and now - self._last_code_at < DOUBLE_FIRE_S:
            return
        self._last_code, self._last_code_at = code, now
        self.last_scan_key_at = now
        self.scanned.emit(code)

    def _burst_timed_out(self) -> None:
        # No terminator came: a person typing (one held key), or a scanner without Enter/Tab suffix.
        if len(self._burst) >= MIN_CODE_LENGTH and self._backspaces == 0 and extract_code(self._burst):
            self._finish(time.monotonic())
            return
        self._flush()

    def _reset(self) -> None:
        self._held = []
        self._burst = ""
        self._backspaces = 0

    def _flush(self) -> None:
        """Give held keys back to the widgets they were meant for."""
        self._timer.stop()
        held = self._held
        self._reset()
        if not held:
            return
        self._replaying = True
        try:
            for item in held:
                target = item.widget or QApplication.focusWidget()
                if target is None:
                    continue
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(target, QKeyEvent(kind, item.key, item.modifiers, item.text))
        finally:
            self._replaying = False
