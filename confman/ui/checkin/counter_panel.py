"""Checked in / expected in large type, then one bar per category."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from confman.i18n import t
from confman.ui.checkin.ops import CheckinStats


class CounterPanel(QFrame):
    """The desk's counters; "…" until the first figures arrive (never a false "0 / 0")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counterPanel")
        self.setStyleSheet("#counterPanel { background: #f5f7f9; border: 1px solid #dde3e8; border-radius: 10px; }")
        self.title = QLabel()
        self.title.setStyleSheet("color:#546e7a; font-size:14px; font-weight:600;")
        self.total = QLabel("…")
        self.total.setObjectName("counterTotal")
        self.total.setStyleSheet("font-size:40px; font-weight:700; color:#1b2a33;")
        self.rows = QGridLayout()
        self.rows.setHorizontalSpacing(8)
        self.rows.setVerticalSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.total)
        layout.addLayout(self.rows)
        layout.addStretch(1)
        self._widgets: list[QWidget] = []

    def set_loading(self, lang: str) -> None:
        self.title.setText(t("checkin.counters", lang))
        self.total.setText("…")

    def set_stats(self, stats: CheckinStats, lang: str) -> None:
        self.title.setText(t("checkin.counters", lang))
        self.total.setText(f"{stats.checked_in} / {stats.expected}")
        for w in self._widgets:
            self.rows.removeWidget(w)
            w.hide()
            w.deleteLater()
        self._widgets = []
        for row, cat in enumerate(stats.by_category):
            label = QLabel(cat.label(lang))
            label.setStyleSheet("font-size:13px;")
            bar = QProgressBar()
            bar.setRange(0, max(cat.expected, 1))
            bar.setValue(cat.checked_in)
            bar.setTextVisible(False)
            bar.setFixedHeight(10)
            bar.setStyleSheet(
                "QProgressBar { background:#e3e8ec; border:none; border-radius:5px; }"
                f"QProgressBar::chunk {{ background:{cat.color}; border-radius:5px; }}"
            )
            figure = QLabel(f"{cat.checked_in}/{cat.expected}")
            figure.setStyleSheet("font-size:13px; color:#37474f;")
            figure.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.rows.addWidget(label, row, 0)
            self.rows.addWidget(bar, row, 1)
            self.rows.addWidget(figure, row, 2)
            self._widgets += [label, bar, figure]
        self.rows.setColumnStretch(1, 1)
