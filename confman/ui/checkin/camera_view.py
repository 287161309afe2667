"""The webcam as a scanner: live preview, camera choice, QR codes decoded on a worker thread."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from confman.i18n import t
from confman.ui.checkin.frame_decoder import FrameDecoder

#: Decode at most this often; the preview still shows every frame.
DECODE_INTERVAL_S = 0.12


class CameraView(QWidget):
    """Camera selector, start/stop, preview; emits ``code_found(code)`` for each QR seen."""

    code_found = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._camera = None
        self._session = None
        self._sink = None
        self._last_decode = 0.0
        self.decoder = FrameDecoder(self)
        self.decoder.decoded.connect(self._on_codes)

        self.devices = QComboBox()
        self.toggle = QPushButton()
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._toggled)
        self.preview = QLabel()
        self.preview.setObjectName("cameraPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumHeight(150)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.preview.setStyleSheet("background:#20252b;color:#c9d1d9;border-radius:6px;")
        self.status = QLabel()
        self.status.setWordWrap(True)

        row = QHBoxLayout()
        row.addWidget(self.devices, 1)
        row.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        self.reload_devices()
        self.retranslate()

    # devices ----------------------------------------------------------------
    def reload_devices(self) -> None:
        try:
            from PySide6.QtMultimedia import QMediaDevices

            inputs = list(QMediaDevices.videoInputs())
        except ImportError:  # QtMultimedia missing from a trimmed build
            inputs = []
        self.devices.clear()
        for device in inputs:
            self.devices.addItem(device.description(), device)
        self.toggle.setEnabled(bool(inputs))

    def retranslate(self) -> None:
        self.toggle.setText(t("checkin.camera.stop") if self.toggle.isChecked() else t("checkin.camera.start"))
        if self.devices.count() == 0:
            self.preview.setText(t("checkin.camera.none"))

    # running ----------------------------------------------------------------
    def _toggled(self, on: bool) -> None:
        if on:
            self.start()
        else:
            self.stop()
        self.retranslate()

    def start(self) -> None:
        from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QVideoSink

        device = self.devices.currentData()
        if device is None:
            return
        self.stop()
        self._camera = QCamera(device)
        self._camera.errorOccurred.connect(
            lambda _err, text: self.status.setText(t("checkin.camera.error", error=text)))
        self._sink = QVideoSink(self)
        self._sink.videoFrameChanged.connect(self._on_frame)
        self._session = QMediaCaptureSession(self)
        self._session.setCamera(self._camera)
        self._session.setVideoSink(self._sink)
        self._camera.start()

    def stop(self) -> None:
        if self._camera is not None:
            self._camera.stop()
            self._camera.deleteLater()
        self._camera = None
        self._session = None
        self._sink = None

    def _on_frame(self, frame) -> None:  # QVideoFrame
        image: QImage = frame.toImage()
        if image.isNull():
            return
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation))
        now = time.monotonic()
        if now - self._last_decode >= DECODE_INTERVAL_S and self.decoder.submit(image):
            self._last_decode = now

    def _on_codes(self, codes: list) -> None:
        for code in codes:
            self.code_found.emit(code)

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.toggle.setChecked(False)
        super().hideEvent(event)
