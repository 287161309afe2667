"""What one page may ask of the window: typed actions, implemented by the main window.

Pages call ``self.ctx.actions.print_badges(ids)`` and the like; they never look up another
page, guess its signal names or reach into its attributes. A new cross-page request is a new
method here, implemented in ``MainWindow`` — so a request nobody answers cannot compile into a
silent no-op the way a mistyped signal name did.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from confman.core.registration.rows import DelegateFilters

log = logging.getLogger(__name__)


class WindowActions(Protocol):
    """Cross-page requests. ``MainWindow`` implements every one of them."""

    def print_badges(self, delegate_ids: Sequence[int], *, now: bool = False) -> None:
        """Badges for these delegates through the badges feature.

        ``now=False`` opens the badges page with them as its batch (choose a template, preview,
        print); ``now=True`` prints them at once with the badges page's template and printer,
        staying where the user is (the check-in desk).
        """
        ...

    def show_delegate(self, delegate_id: int) -> None:
        """Open the delegates page on this delegate, with its editor."""
        ...

    def open_delegate_list(self, query: str, filters: DelegateFilters) -> None:
        """Open the reports page on the printed delegate list of this search and these filters."""
        ...

    def delegates_filter(self) -> tuple[str, DelegateFilters] | None:
        """The delegates page's current search text and filters (None before it was opened)."""
        ...

    def enter_kiosk(self) -> None:
        """Full screen, with the sidebar, toolbar, menus and shortcuts hidden until ``leave_kiosk``."""
        ...

    def leave_kiosk(self) -> None:
        """Back to the normal window (the page has already checked the organiser PIN)."""
        ...

    def show_status(self, text: str, timeout_ms: int = 5000) -> None:
        """A short note in the window's status bar."""
        ...

    def reload_events(self) -> None:
        """Read the events again (a restore or an import changed them) and keep the current one."""
        ...

    def open_event_documents(self) -> object:
        """The current event's document settings (letterhead, letter number, signer), to edit them."""
        ...

    def show_page(self, key: str) -> None:
        """Bring up the page of this navigation key ("nav.agenda" …)."""
        ...

    def database_switched(self) -> None:
        """The window now works on another database (hosting started or finished, a desk joined or left):
        read the events again and show where the data lives."""
        ...


@runtime_checkable
class BadgesEntry(Protocol):
    """What the badges page offers the window."""

    def print_selection(self, delegate_ids: list[int]) -> None: ...

    def print_now(self, delegate_ids: list[int]) -> None: ...


@runtime_checkable
class DelegatesEntry(Protocol):
    """What the delegates page offers the window."""

    def show_delegate(self, delegate_id: int) -> None: ...

    def current_filter(self) -> tuple[str, DelegateFilters]: ...


@runtime_checkable
class ReportsEntry(Protocol):
    """What the reports page offers the window."""

    def show_delegate_list(self, query: str, filters: DelegateFilters | None) -> None: ...


class DetachedActions:
    """The actions of a page shown without a main window (a page in a test, a preview): each
    request is logged and kept in ``requests`` so the caller can see it went nowhere."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, tuple[object, ...]]] = []

    def _keep(self, name: str, *args: object) -> None:
        log.info("no window to %s %r", name, args)
        self.requests.append((name, args))

    def print_badges(self, delegate_ids: Sequence[int], *, now: bool = False) -> None:
        self._keep("print_badges", tuple(delegate_ids), now)

    def show_delegate(self, delegate_id: int) -> None:
        self._keep("show_delegate", delegate_id)

    def open_delegate_list(self, query: str, filters: DelegateFilters) -> None:
        self._keep("open_delegate_list", query, filters)

    def delegates_filter(self) -> tuple[str, DelegateFilters] | None:
        return None

    def enter_kiosk(self) -> None:
        self._keep("enter_kiosk")

    def leave_kiosk(self) -> None:
        self._keep("leave_kiosk")

    def show_status(self, text: str, timeout_ms: int = 5000) -> None:
        self._keep("show_status", text)

    def reload_events(self) -> None:
        self._keep("reload_events")

    def open_event_documents(self) -> object:
        self._keep("open_event_documents")
        return None

    def show_page(self, key: str) -> None:
        self._keep("show_page", key)

    def database_switched(self) -> None:
        self._keep("database_switched")
