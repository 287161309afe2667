"""When the reports page makes its preview again: a moment after the choice or the data changes,
and only while the page is on screen and what it shows is not already of the current choice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from confman.ui.reports.reports_page import ReportsPage


class PreviewSchedule(QObject):
    """A single-shot timer that asks the page for a new preview when what it shows is out of date."""

    def __init__(self, page: ReportsPage) -> None:
        super().__init__(page)
        self.page = page
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._due)

    def schedule(self, delay_ms: int) -> None:
        """Make the preview of the current choice again in ``delay_ms`` (when the page is on screen)."""
        page = self.page
        if page.ctx.event is None:
            return
        if page.preview_current:
            self.timer.stop()
            return
        if page.isVisible():
            self.timer.start(delay_ms)

    def stop(self) -> None:
        self.timer.stop()

    def _due(self) -> None:
        page = self.page
        if page.ctx.event is None or not page.isVisible() or page.preview_current:
            return
        page.generate_preview()
