"""The desk's link to the server: a poll every 2 s notices other desks' scans; while the server is away
the desk works from its offline queue, probes the server, and replays the queue when it answers."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from confman.core.errors import DomainError
from confman.i18n import t
from confman.ui.checkin import ops
from confman.ui.checkin.ops import PollOutcome

if TYPE_CHECKING:
    from confman.ui.checkin.checkin_page import CheckinPage

POLL_MS = 2_000
SNAPSHOT_EVERY_S = 1.0  # every poll: who came in at other desks, and changed delegates


class DeskConnection(QObject):
    """Polls, probes and replays for one check-in page; shows the connection on the page's label."""

    def __init__(self, page: CheckinPage) -> None:
        super().__init__(page)
        self.page = page
        self.link = ops.DeskLink(page.ctx.station)
        self.token: tuple[int, int] | None = None  # (scan count, last id) at the last poll
        self.pending = 0  # scans waiting in the offline queue
        self._polling = False
        self._snapshot_at = 0.0
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)

    def reset(self) -> None:
        """Another event or session: the next poll refreshes, and copies the event for offline use."""
        self.token = None
        self._snapshot_at = 0.0

    def poll(self) -> None:
        """Every 2 s: notice other desks' scans; while offline, probe the server and replay the queue."""
        page = self.page
        event = page.ctx.event
        if event is None or self._polling:
            return
        self._polling = True
        link = self.link
        if not link.online or self.pending:
            # The probe may wait for the connect timeout: a read, never on the desk lane.
            page.ctx.ops.read(page, lambda db: ops.probe(link, db)).done(self._probed) \
                .always(self._poll_ended).failed(self._poll_failed).run()
            return
        due = not page.ctx.database_is_file and time.monotonic() - self._snapshot_at > SNAPSHOT_EVERY_S
        page.ctx.ops.desk(page, lambda db: ops.poll(link, db, event_id=event.id, snapshot_due=due)) \
            .done(self._polled).always(self._poll_ended).failed(self._poll_failed).run()

    def _poll_ended(self) -> None:
        self._polling = False

    def _probed(self, reachable: bool) -> None:
        page = self.page
        event = page.ctx.event
        if not reachable or event is None:
            self.show_connection()
            return
        self.token = None
        self._polling = True
        link = self.link
        page.ctx.ops.desk(page, lambda db: ops.reconnect(link, db, event_id=event.id)).done(self._polled) \
            .always(self._poll_ended).failed(self._poll_failed).run()

    def _polled(self, polled: PollOutcome) -> None:
        self.pending = polled.pending
        if polled.refreshed:
            self._snapshot_at = time.monotonic()
        self.show_connection()
        if polled.report is not None and polled.report.replayed:
            self._show_sync_report(polled.report)
        if polled.token is not None and polled.token != self.token:
            self.token = polled.token
            self.page.refresh()
        elif polled.token is None and self.token is None and polled.online:
            self.page.refresh()  # back online after a sync

    def _poll_failed(self, exc: BaseException) -> bool:
        """The server away is the poll's business (the label says so); a domain error waits for the next poll."""
        offline = self.link.is_offline_error(exc)
        self.show_connection()
        return offline or isinstance(exc, DomainError)

    def offline(self, exc: BaseException) -> bool:
        """True (and the label says so) when ``exc`` means the server is away."""
        if self.link.is_offline_error(exc):
            self.show_connection()
            return True
        return False

    def show_connection(self) -> None:
        page = self.page
        lang = page.ctx.language
        if self.link.online:
            page.header.show_connection("" if page.ctx.database_is_file else t("checkin.online", lang), online=True)
            return
        text = t("checkin.offline", lang, count=self.pending)
        page.header.show_connection(text, online=False)
        page.ctx.actions.show_status(text)

    def _show_sync_report(self, report: ops.SyncReport) -> None:
        lang = self.page.ctx.language
        text = t("checkin.synced", lang, count=report.replayed)
        if report.conflicts:
            names = "; ".join(f"{c.full_name} ({c.first_station or '?'})" for c in report.conflicts[:10])
            text += "\n" + t("checkin.sync_conflicts", lang, count=len(report.conflicts), names=names)
        self.page.sync_note.setText(text)
        self.page.sync_note.show()
        self.page.refresh()
