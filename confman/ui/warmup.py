"""After the first paint: load what the other pages will need, off the UI thread.

Importing a page's module and the core modules behind it costs 50–350 ms (ReportLab alone
~200 ms); done on the UI thread at a page's first visit it would eat the page's whole budget
(rows on screen within 300 ms). A read op imports them in page order while the user looks
at the first page; then ``gc.freeze()`` moves everything alive after start-up out of the
garbage collector's way (full collections no longer walk the window's tens of thousands of
objects) and again whenever the ops fall idle, and the document process is started so the
first report does not wait for it. Measured on a 20,000-delegate conference: full collections
of 170–460 ms during a tour of the pages without it.
"""

from __future__ import annotations

import gc
import importlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

from confman.ui.context import UiContext

log = logging.getLogger(__name__)

#: After the first paint, before the user's first click.
WARMUP_DELAY_MS = 200
#: Core modules the pages' work needs, heaviest last (imported on a worker).
CORE_MODULES = (
    "confman.core.registration.service",
    "confman.core.checkin.service",
    "confman.core.agenda.service",
    "confman.core.presentations.service",
    "confman.core.badges.service",
    "confman.core.reports",
    "confman.core.registration.importing",
    "confman.core.agenda.pdf",
)


def _import_all(modules: tuple[str, ...]) -> int:
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:  # a feature that is not installed shows its placeholder
            log.info("warm-up: %s is not available", name)
    return len(modules)


def page_modules() -> tuple[str, ...]:
    from confman.ui.pages import PAGE_CLASSES

    return tuple(module for module, _cls in PAGE_CLASSES.values())


def warm_up(ctx: UiContext, owner: QObject, *, freeze: bool = True, documents: bool = True,
            done: Callable[[], Any] | None = None) -> None:
    """Import the pages and the core in an op, then freeze the survivors and start the document process."""
    modules = (*page_modules(), *CORE_MODULES)

    def finished(_count: int) -> None:
        if freeze:
            gc.freeze()
            ctx.ops.freeze_when_idle = True
        if documents:
            ctx.ops.prepare_documents()
        if done is not None:
            done()

    QTimer.singleShot(WARMUP_DELAY_MS, lambda: ctx.ops.read(owner, lambda _db: _import_all(modules))
                      .done(finished).run())
