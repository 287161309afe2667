"""Windows that fit the organiser's laptop (1366×768 at 125 %: about 1093×576 logical px above the taskbar).

``fit_to_screen`` sizes a top-level window to what it asks for, but never beyond its screen's work area
(with room for a Windows title bar); ``FormScroll`` holds a long form so it scrolls while the dialog's
button row, placed outside it, stays visible.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QLayout, QScrollArea, QStyle, QVBoxLayout, QWidget

#: Logical pixels a Windows frame adds around the client area at 125 % (title bar, borders).
TITLE_BAR = 32
BORDER = 1


def work_area(widget: QWidget | None = None) -> QSize:
    """The largest client size of a top-level window on ``widget``'s screen (title bar and borders left out)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    return QSize(area.width() - 2 * BORDER, area.height() - TITLE_BAR - BORDER)


def fit_to_screen(window: QWidget, width: int | None = None, height: int | None = None) -> QSize:
    """Resize ``window`` to ``width``×``height`` (default: its size hint), within the work area of its screen.

    Returns the size given. A window that is still larger than the work area after this is too large
    at its minimum: its content must scroll.
    """
    anchor = window.parentWidget() or window
    limit = work_area(anchor)
    hint = window.sizeHint()
    wanted = QSize(width if width is not None else hint.width(), height if height is not None else hint.height())
    size = wanted.boundedTo(limit).expandedTo(window.minimumSizeHint())
    window.resize(size)
    return size


class FormScroll(QScrollArea):
    """A frameless area that scrolls a long form up and down (never sideways).

    It asks for the whole form's size, so on a large screen the dialog opens without a scroll bar; on a
    small one ``fit_to_screen`` caps the dialog and the form scrolls.
    """

    def __init__(self, content: QWidget | QLayout, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if isinstance(content, QLayout):
            holder = QWidget()
            holder.setLayout(content)
            content = holder
        content.setAutoFillBackground(False)
        self.setObjectName("formScroll")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(content)
        self.viewport().setAutoFillBackground(False)

    def _bar(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)

    def sizeHint(self) -> QSize:
        hint = self.widget().sizeHint() if self.widget() else QSize(0, 0)
        return QSize(hint.width() + self._bar() + 2 * self.frameWidth(), hint.height() + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:
        content = self.widget().minimumSizeHint() if self.widget() else QSize(0, 0)
        return QSize(content.width() + self._bar() + 2 * self.frameWidth(), min(content.height(), 160))


class PageScroll(QScrollArea):
    """Holds a page in the main window: the page fills the window and scrolls only when the window is
    smaller than the page's minimum, so the window itself can always be made to fit the screen."""

    def __init__(self, page: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageScroll")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setWidget(page)

    def sizeHint(self) -> QSize:
        return self.widget().sizeHint()


class PageLayout(QVBoxLayout):
    """The layout of a page's holder in a ``PageScroll``: it never reports a height-for-width, so a page
    with wrapped text is held at its minimum height, not at the (taller) height it would like."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return False
