"""The delegate form's photo: a preview with Choose…, Paste and Remove (resized by the core on the fly)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from confman.core.errors import DomainError
from confman.i18n import t
from confman.messages import describe
from confman.ui.delegates.ops import prepare_photo

PHOTO_PREVIEW = QSize(96, 128)
PHOTO_FILTER = "*.jpg *.jpeg *.png *.bmp *.gif *.webp"


def image_bytes(image: QImage) -> bytes:
    """PNG bytes of a QImage (pasted photos), for the core to resize and store."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


class PhotoField(QWidget):
    """``photo`` (stored bytes or None) and ``changed`` (the user picked, pasted or removed one);
    ``problem`` carries a sentence to show (empty once a photo was taken)."""

    problem = Signal(str)

    def __init__(self, photo: bytes | None, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.photo = photo
        self.changed = False
        self.lang = lang
        self.label = QLabel()
        self.label.setObjectName("photoPreview")
        self.label.setFixedSize(PHOTO_PREVIEW)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("border: 1px solid #c0c4c8; background: #f4f5f6; color: #80868b;")
        self.pick = QPushButton(t("delegates.photo.pick"))
        self.paste = QPushButton(t("delegates.photo.paste"))
        self.remove = QPushButton(t("delegates.photo.remove"))
        self.pick.clicked.connect(self._pick)
        self.paste.clicked.connect(self.paste_from_clipboard)
        self.remove.clicked.connect(self._remove)
        buttons = QVBoxLayout()
        for button in (self.pick, self.paste, self.remove):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addLayout(buttons)
        row.addStretch(1)
        self.show_photo()

    def show_photo(self) -> None:
        if self.photo:
            image = QImage.fromData(self.photo)
            self.label.setPixmap(QPixmap.fromImage(image).scaled(
                PHOTO_PREVIEW, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        else:
            self.label.setPixmap(QPixmap())
            self.label.setText(t("delegates.photo.none"))
        self.remove.setEnabled(bool(self.photo))

    def set_bytes(self, data: bytes) -> None:
        """Resize and keep a photo (shown at once, stored on save)."""
        try:
            self.photo = prepare_photo(data)
        except DomainError as exc:
            self.problem.emit(describe(exc, self.lang))
            return
        self.changed = True
        self.problem.emit("")
        self.show_photo()

    def _pick(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, t("delegates.photo.pick_title"), "",
                                              f"{t('delegates.photo.filter')} ({PHOTO_FILTER})")
        if path:
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                self.problem.emit(t("delegates.photo.read_failed", detail=exc.strerror or str(exc)))
                return
            self.set_bytes(data)

    def paste_from_clipboard(self) -> None:
        image = QGuiApplication.clipboard().image()
        if image.isNull():
            self.problem.emit(t("delegates.photo.clipboard_empty"))
            return
        self.set_bytes(image_bytes(image))

    def _remove(self) -> None:
        self.photo = None
        self.changed = True
        self.show_photo()
