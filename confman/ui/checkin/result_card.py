"""The big, calm card that answers each scan: who it is and whether they may enter."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from confman.i18n import t
from confman.ui.checkin.ops import CheckinResult

OK_COLOR = "#1E7B34"
WARN_COLOR = "#B86E00"
ERROR_COLOR = "#B3261E"
IDLE_COLOR = "#455A64"
UNDO_COLOR = "#5E6B75"


def verdict_color(result: str) -> str:
    if result == "ok":
        return OK_COLOR
    if result == "duplicate":
        return WARN_COLOR
    if result == "undone":
        return UNDO_COLOR
    return ERROR_COLOR


def verdict_tone(result: str) -> str:
    """Which sound a verdict plays: ok, warning or error."""
    return {"ok": "ok", "duplicate": "warning"}.get(result, "error")


def local_time(moment: datetime | None, zone: str) -> str:
    if moment is None:
        return ""
    try:
        return moment.astimezone(ZoneInfo(zone)).strftime("%H:%M")
    except Exception:
        return moment.strftime("%H:%M")


def initials_pixmap(name: str, color: str, size: tuple[int, int]) -> QPixmap:
    """A neutral placeholder when the delegate has no photo: initials on the category colour."""
    w, h = size
    pix = QPixmap(w, h)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    path.addRoundedRect(QRectF(0, 0, w, h), 10, 10)
    base = QColor(color)
    painter.fillPath(path, base.lighter(175))
    words = [p for p in name.split() if p]
    letters = (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper() if words else "?"
    font = QFont()
    font.setPixelSize(int(h * 0.32))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(base.darker(130))
    painter.drawText(QRectF(0, 0, w, h), Qt.AlignmentFlag.AlignCenter, letters)
    painter.end()
    return pix


def _set(label: QLabel, text: str) -> None:
    """Show ``text``; an empty line takes no room on the card."""
    label.setText(text)
    label.setVisible(bool(text))


class ResultCard(QFrame):
    """Verdict band on top, then photo, name, organization and category; ``painted`` after each paint."""

    painted = Signal()
    #: the first paint showing a new result (for latency figures)
    result_painted = Signal(object)
    #: The photo on a roomy desk, and on a laptop at 125 % where the whole page must fit without scrolling.
    PHOTO_SIZE = (132, 166)
    SMALL_PHOTO_SIZE = (96, 120)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultCard")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(210)  # the card keeps its size whatever the verdict: a calm desk
        self.result: CheckinResult | None = None
        self._painted_result: CheckinResult | None = None
        self.message = ""

        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.verdict.setMinimumHeight(72)
        self.photo = QLabel()
        self.photo_size = self.PHOTO_SIZE
        self.photo.setFixedSize(*self.photo_size)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.name = QLabel()
        self.name.setObjectName("cardName")
        self.name.setWordWrap(True)
        self.position = QLabel()
        self.position.setObjectName("cardPosition")
        self.position.setWordWrap(True)
        self.organization = QLabel()
        self.organization.setObjectName("cardOrganization")
        self.organization.setWordWrap(True)
        self.category = QLabel()
        self.category.setObjectName("cardCategory")
        self.detail = QLabel()
        self.detail.setObjectName("cardDetail")
        self.detail.setWordWrap(True)

        text = QVBoxLayout()
        text.setSpacing(4)
        text.addWidget(self.name)
        text.addWidget(self.position)
        text.addWidget(self.organization)
        chip_row = QHBoxLayout()
        chip_row.addWidget(self.category)
        chip_row.addStretch(1)
        text.addLayout(chip_row)
        text.addStretch(1)
        body = QHBoxLayout()
        body.setContentsMargins(20, 16, 20, 8)
        body.setSpacing(20)
        body.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        body.addLayout(text, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.verdict)
        layout.addLayout(body, 1)
        self.detail.setContentsMargins(20, 0, 20, 14)
        layout.addWidget(self.detail)

        vfont = QFont()
        vfont.setPixelSize(34)
        vfont.setBold(True)
        self.verdict.setFont(vfont)
        nfont = QFont()
        nfont.setPixelSize(30)
        nfont.setBold(True)
        self.name.setFont(nfont)
        pfont = QFont()
        pfont.setPixelSize(17)
        self.position.setFont(pfont)
        ofont = QFont()
        ofont.setPixelSize(19)
        self.organization.setFont(ofont)
        dfont = QFont()
        dfont.setPixelSize(16)
        self.detail.setFont(dfont)
        self.setStyleSheet(
            "#resultCard { background: white; border: 1px solid #d5dbe1; border-radius: 12px; }"
            "#cardPosition { color: #37474f; } #cardOrganization { color: #263238; }"
            "#cardDetail { color: #455a64; }"
        )
        self.show_idle("", "")

    def _band(self, text: str, color: str) -> None:
        self.verdict.setText(text)
        self.verdict.setStyleSheet(
            f"background: {color}; color: white; padding: 12px 22px;"
            "border-top-left-radius: 12px; border-top-right-radius: 12px;"
        )

    def show_idle(self, title: str, hint: str) -> None:
        self.result = None
        self._band(title, IDLE_COLOR)
        self.photo.clear()
        self.photo.hide()
        _set(self.name, "")
        _set(self.position, hint)
        _set(self.organization, "")
        self.category.hide()
        self.detail.setText("")

    def show_message(self, text: str, color: str = UNDO_COLOR, detail: str = "") -> None:
        self.result = None
        self._band(text, color)
        self.photo.hide()
        _set(self.name, "")
        _set(self.position, "")
        _set(self.organization, "")
        self.category.hide()
        self.detail.setText(detail)

    def show_result(self, result: CheckinResult, lang: str, zone: str) -> None:
        self.result = result
        verdict = result.result
        if verdict == "duplicate" and result.first_checkin_at:
            title = t("checkin.verdict.duplicate_at", lang, time=local_time(result.first_checkin_at, zone),
                      station=result.first_station or "")
        else:
            title = t(f"checkin.verdict.{verdict}", lang)
        self._band(title, verdict_color(verdict))
        person = result.delegate
        if person is not None:
            pix = QPixmap()
            if not (person.photo and pix.loadFromData(person.photo)):
                pix = initials_pixmap(person.full_name, person.category_color, self.photo_size)
            else:
                pix = pix.scaled(*self.photo_size, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                                 Qt.TransformationMode.SmoothTransformation)
            self.photo.setPixmap(pix)
            self.photo.show()
            _set(self.name, person.display_name)
            _set(self.position, person.position)
            _set(self.organization, person.organization)
            label = person.category_label(lang)
            self.category.setText(label)
            self.category.setVisible(bool(label))
            self.category.setStyleSheet(
                f"background: {person.category_color}; color: white; font-weight: 600; font-size: 15px;"
                "padding: 4px 12px; border-radius: 6px;"
            )
        else:
            self.photo.hide()
            _set(self.name, "")
            _set(self.position, "")
            _set(self.organization, t(f"checkin.hint.{verdict}", lang) if verdict != "ok" else "")
            self.category.hide()
        parts = [t("checkin.first_time", lang, time=local_time(result.scanned_at, zone)), result.station]
        if person is not None and verdict not in ("ok", "duplicate"):
            parts.insert(0, t(f"checkin.hint.{verdict}", lang))
        if result.offline:
            parts.append(t("checkin.offline_badge", lang))
        self.detail.setText(" · ".join(p for p in parts if p))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        """The large photo where the card has its full height, the small one on a short screen."""
        super().resizeEvent(event)
        size = self.PHOTO_SIZE if self.height() >= 300 else self.SMALL_PHOTO_SIZE
        if size != self.photo_size:
            self.photo_size = size
            self.photo.setFixedSize(*size)
            shown = self.photo.pixmap()
            if shown is not None and not shown.isNull():
                self.photo.setPixmap(shown.scaled(*size, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                                                  Qt.TransformationMode.SmoothTransformation))

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        self.painted.emit()
        if self.result is not None and self.result is not self._painted_result:
            self._painted_result = self.result
            self.result_painted.emit(self.result)
