"""Decode badge QR codes from camera frames (or still images) with zxing-cpp, off the UI thread.

``decode_image`` is the pure step (QImage in, codes out) and is what the tests feed with
rendered badge images; ``FrameDecoder`` runs it on a worker thread, dropping frames while
one is being decoded so a slow laptop never builds a backlog.
"""

from __future__ import annotations

import threading

from PIL import Image
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage

from confman.ui.checkin.ops import decode_qr_codes

#: Frames wider than this are scaled down before decoding (a badge QR stays ≥ 3 px per module).
MAX_DECODE_WIDTH = 1280


def to_grey(image: QImage) -> Image.Image:
    """An 8-bit greyscale PIL copy of ``image``, at most ``MAX_DECODE_WIDTH`` wide."""
    if image.width() > MAX_DECODE_WIDTH:
        image = image.scaledToWidth(MAX_DECODE_WIDTH)
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = grey.width(), grey.height(), grey.bytesPerLine()
    data = bytes(grey.constBits())[: stride * height]
    return Image.frombuffer("L", (width, height), data, "raw", "L", stride, 1)


def decode_image(image: QImage) -> list[str]:
    """The QR payloads visible in ``image`` (any angle), top to bottom."""
    if image.isNull():
        return []
    return decode_qr_codes(to_grey(image))


class _Signals(QObject):
    decoded = Signal(list)


class _DecodeJob(QRunnable):
    def __init__(self, image: QImage, signals: _Signals, done: threading.Event) -> None:
        super().__init__()
        self.image = image
        self.signals = signals
        self.done = done

    def run(self) -> None:
        try:
            codes = decode_image(self.image)
        except Exception:  # a corrupt frame must not stop the camera
            codes = []
        finally:
            self.done.set()
        self.signals.decoded.emit(codes)


class FrameDecoder(QObject):
    """Accepts frames as fast as the camera gives them; decodes at most one at a time."""

    decoded = Signal(list)  # list[str]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals()
        self._signals.decoded.connect(self._on_decoded)
        self._idle = threading.Event()
        self._idle.set()

    def submit(self, image: QImage) -> bool:
        """Queue ``image`` for decoding; False (frame dropped) while the previous one is still running."""
        if not self._idle.is_set():
            return False
        self._idle.clear()
        self._pool.start(_DecodeJob(image.copy(), self._signals, self._idle))
        return True

    def _on_decoded(self, codes: list) -> None:
        if codes:
            self.decoded.emit(codes)

    def wait(self, msecs: int = 5000) -> bool:
        return self._pool.waitForDone(msecs)
