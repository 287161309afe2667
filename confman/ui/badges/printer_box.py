"""The badge printer and its offsets (per printer, remembered in the settings), and the calibration page."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
)

from confman.core.settings import DEFAULT_OFFSETS_KEY, Settings
from confman.i18n import t

PDF_PRINTER = ""  # settings key of the offsets when printing without a named printer


class PrinterBox(QGroupBox):
    """``offsets_changed`` fires when the offsets that apply change (edited, or another printer)."""

    offsets_changed = Signal()
    calibration_requested = Signal()

    def __init__(self, settings: Settings, save_settings: Callable[[], None]) -> None:
        super().__init__()
        self._settings = settings
        self._save = save_settings
        form = QFormLayout(self)
        self.printer_combo = QComboBox()
        self.printer_combo.setObjectName("badgePrinter")
        self.printer_label = QLabel()
        form.addRow(self.printer_label, self.printer_combo)
        self.offset_x = QDoubleSpinBox()
        self.offset_y = QDoubleSpinBox()
        for name, spin in (("offsetX", self.offset_x), ("offsetY", self.offset_y)):
            spin.setObjectName(name)
            spin.setRange(-20.0, 20.0)
            spin.setSingleStep(0.1)
            spin.setDecimals(1)
            spin.setSuffix(" mm")
            spin.valueChanged.connect(self._offset_edited)
        offsets = QHBoxLayout()
        offsets.addWidget(self.offset_x)
        offsets.addWidget(self.offset_y)
        self.offset_label = QLabel()
        form.addRow(self.offset_label, offsets)
        self.calibration_button = QPushButton()
        self.calibration_button.setObjectName("printCalibration")
        self.calibration_button.clicked.connect(self.calibration_requested)
        form.addRow(self.calibration_button)
        self.printer_combo.currentIndexChanged.connect(self._printer_changed)

    def retranslate(self, lang: str) -> None:
        self.setTitle(t("badges.ui.printer_box", lang))
        self.printer_label.setText(t("badges.ui.printer", lang))
        self.offset_label.setText(t("badges.ui.offset", lang))
        self.offset_x.setPrefix("X ")
        self.offset_y.setPrefix("Y ")
        self.offset_x.setToolTip(t("badges.ui.offset_x_tip", lang))
        self.offset_y.setToolTip(t("badges.ui.offset_y_tip", lang))
        self.calibration_button.setText(t("badges.ui.print_calibration", lang))
        self.fill_printers(lang)

    @property
    def printer_key(self) -> str:
        data = self.printer_combo.currentData()
        return data if isinstance(data, str) else PDF_PRINTER

    def offset_mm(self) -> tuple[float, float]:
        return (round(self.offset_x.value(), 2), round(self.offset_y.value(), 2))

    def fill_printers(self, lang: str) -> None:
        current = self.printer_combo.currentData()
        self.printer_combo.blockSignals(True)
        self.printer_combo.clear()
        names = list(QPrinterInfo.availablePrinterNames())
        default = QPrinterInfo.defaultPrinterName()
        if default in names:
            names.remove(default)
            names.insert(0, default)
        for name in names:
            self.printer_combo.addItem(name, name)
        self.printer_combo.addItem(t("badges.ui.printer_pdf", lang), PDF_PRINTER)
        index = self.printer_combo.findData(current) if current is not None else 0
        self.printer_combo.setCurrentIndex(max(0, index))
        self.printer_combo.blockSignals(False)
        self.load_offsets()

    def load_offsets(self) -> None:
        offsets = self._settings.printer_offsets_mm
        # a printer calibrated here keeps its own offsets; others start from the Settings page's defaults
        x, y = [*(offsets.get(self.printer_key) or offsets.get(DEFAULT_OFFSETS_KEY, [])), 0.0, 0.0][:2]
        for spin, value in ((self.offset_x, x), (self.offset_y, y)):
            spin.blockSignals(True)
            spin.setValue(float(value))
            spin.blockSignals(False)

    def choose(self, printer_name: str) -> bool:
        """Pick ``printer_name`` (chosen in the print dialog); True when its offsets differ."""
        index = self.printer_combo.findData(printer_name)
        if printer_name == self.printer_key or index < 0:
            return False
        before = self.offset_mm()
        self.printer_combo.setCurrentIndex(index)
        return self.offset_mm() != before

    def _printer_changed(self, _index: int) -> None:
        before = self.offset_mm()
        self.load_offsets()
        if self.offset_mm() != before:
            self.offsets_changed.emit()

    def _offset_edited(self, _value: float) -> None:
        self._settings.printer_offsets_mm[self.printer_key] = list(self.offset_mm())
        self._save()
        self.offsets_changed.emit()
