"""The one progress display for long operations: a bar, what is happening, and Cancel."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from confman.i18n import t


class ProgressStrip(QWidget):
    """Hidden until an op with ``.progress(strip, text)`` runs; Cancel stops that op.

    A strip follows one op at a time: when a newer op takes it over, the older one's end
    does not hide it. ``cancellable=False`` shows no Cancel (work that cannot stop half-way).
    """

    progressed = Signal(int, int)  # done, total: what the bar shows now

    def __init__(self, parent: QWidget | None = None, *, cancellable: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("progressStrip")
        self.label = QLabel()
        self.label.setObjectName("progressText")
        self.bar = QProgressBar()
        self.bar.setObjectName("progressBar")
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(12)
        self.cancel_button = QPushButton(t("ops.cancel"))
        self.cancel_button.setObjectName("cancelOperation")
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        self.cancel_button.setVisible(cancellable)
        self._op: Any = None
        self.hide()

    @property
    def busy(self) -> bool:
        return self._op is not None

    def begin(self, op: Any, text: str) -> None:
        self._op = op
        self.label.setText(text)
        self.label.setVisible(bool(text))
        self.bar.setRange(0, 0)  # "working" until the first progress arrives
        self.cancel_button.setText(t("ops.cancel"))
        self.cancel_button.setEnabled(True)
        self.show()

    def set_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))
        self.progressed.emit(done, total)

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.label.setVisible(bool(text))

    def end(self, op: Any) -> None:
        if op is self._op:
            self._op = None
            self.hide()

    def cancel(self) -> None:
        """Stop the op shown (its work stops at the next step; its result is dropped)."""
        if self._op is not None:
            self.cancel_button.setEnabled(False)
            self._op.cancel()
