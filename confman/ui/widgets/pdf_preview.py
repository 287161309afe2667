"""A PDF's pages on screen: one page at a time, rasterised off the UI thread, ◀ ▶ to turn pages.

Used by the badges and reports pages (and any page that previews a document). Pages are
rasterised by pdfium in an op (the newest request wins) and kept while the document stays.
``fit=True`` sizes the page to the viewport (badge sheets); otherwise pages are drawn at
``dpi`` (narrower when the page would be wider than the viewport) and scroll down (A4 reports).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from confman.ui.ops import OpRunner
from confman.ui.widgets.pdf_pages import page_image


class PdfPreview(QWidget):
    """``set_document(pdf, pages)`` then ``show_page(i)``; ``page_shown(i)`` once page ``i`` is on screen."""

    page_shown = Signal(int)

    def __init__(self, ops: OpRunner, page_text: Callable[[int, int], str], *, fit: bool, dpi: float = 110,
                 background: str = "#8a8f96", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._page_text = page_text
        self._fit = fit
        self._dpi = dpi
        self._data: bytes | None = None
        self._size_mm: tuple[float, float] = (210.0, 297.0)
        self._pages = 0
        self._available = 0  # pages that can be shown (fewer than ``_pages`` while the rest is made)
        self._index = 0
        self._images: dict[tuple[int, int], QImage] = {}
        self.scroll = QScrollArea()
        self.scroll.setObjectName("previewArea")
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignCenter if fit else Qt.AlignmentFlag.AlignHCenter)
        self.image = QLabel()
        self.image.setObjectName("previewImage")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter if fit
                                else Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        if fit:
            self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.image.setStyleSheet(f"QLabel#previewImage {{ background: {background}; padding: 14px; }}")
        self.scroll.setWidget(self.image)
        self.prev_button = QPushButton("◀")
        self.prev_button.setObjectName("previousPage")
        self.prev_button.clicked.connect(lambda: self.show_page(self._index - 1))
        self.next_button = QPushButton("▶")
        self.next_button.setObjectName("nextPage")
        self.next_button.clicked.connect(lambda: self.show_page(self._index + 1))
        self.page_label = QLabel()
        self.page_label.setObjectName("pageLabel")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(self.page_label, 1)
        nav.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(nav)
        self._update_label()

    @property
    def page_index(self) -> int:
        return self._index

    @property
    def page_total(self) -> int:
        return self._pages

    @property
    def pages_ready(self) -> int:
        """Pages that can be turned to now (``page_total`` once the whole document is here)."""
        return self._available

    def set_document(self, data: bytes | None, pages: int, page_size_mm: tuple[float, float] | None = None,
                     empty_text: str = "", *, of: int | None = None) -> None:
        """Show page 1 of ``data`` (``pages`` long); None shows ``empty_text``.

        ``of`` is the length of the whole document when ``data`` holds only its first ``pages``
        (the rest is still being made): the pager says "1/of" and turns only through ``pages``."""
        self._data = data
        self._available = pages if data is not None else 0
        self._pages = max(of or 0, self._available) if data is not None else 0
        self._size_mm = page_size_mm or self._size_mm
        self._images.clear()
        self._index = 0
        if data is None or not pages:
            self.image.clear()
            self.image.setText(empty_text)
            self._update_label()
            return
        self.show_page(0)

    def set_empty_text(self, text: str) -> None:
        if self._data is None:
            self.image.setText(text)

    @property
    def empty_text(self) -> str:
        """What the preview says while it shows no page."""
        return self.image.text() if self._data is None else ""

    def retranslate(self) -> None:
        self._update_label()

    def _dpi_now(self) -> float:
        width_mm, height_mm = self._size_mm
        viewport = self.scroll.viewport().size()
        if not self._fit:  # at ``dpi``, narrower when the page would not fit the width (no sideways scrolling)
            scrollbar = self.scroll.verticalScrollBar().sizeHint().width()
            across = (viewport.width() - 28 - (0 if self.scroll.verticalScrollBar().isVisible() else scrollbar)) \
                / (width_mm / 25.4)
            return max(40.0, min(self._dpi, across)) * self.devicePixelRatioF()
        fit = min(max(200, viewport.width() - 24) / (width_mm / 25.4),
                  max(200, viewport.height() - 24) / (height_mm / 25.4))
        return max(40.0, min(300.0, fit)) * self.devicePixelRatioF()

    def show_page(self, index: int) -> None:
        """Turn to page ``index`` (rasterised in an op the first time at this size)."""
        if self._data is None or not self._pages:
            return
        index = max(0, min(index, self._available - 1))
        self._index = index
        self._update_label()
        dpi = self._dpi_now()
        key = (index, round(dpi))
        cached = self._images.get(key)
        if cached is not None:
            self._set_image(index, cached)
            return
        data = self._data

        def shown(image: QImage) -> None:
            if data is self._data:
                self._images[key] = image
                if self._index == index:
                    self._set_image(index, image)

        self._ops.read(self, lambda _db: page_image(data, index, dpi)).latest("page").done(shown).run()

    def _set_image(self, index: int, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.image.setPixmap(pixmap)
        self.page_shown.emit(index)

    def _update_label(self) -> None:
        self.page_label.setText(self._page_text(self._index, self._pages))
        self.prev_button.setEnabled(self._index > 0)
        self.next_button.setEnabled(self._index + 1 < self._available)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._data is not None and self.isVisible() and (self._fit or event.oldSize().width() != self.width()):
            QTimer.singleShot(0, lambda: self.show_page(self._index))
