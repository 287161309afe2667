"""Helpers for work over tens of thousands of rows (imports)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run a bulk step without Python's cyclic garbage collector.

    An import builds tens of thousands of small objects that live until it ends; the collector
    would walk them all again and again, so the step grew faster than its rows (measured: 8.5×
    the dry run's time for 5× the rows, 5.4× without). Reference counting still frees whatever
    is dropped; the collector resumes afterwards. Nested use is fine. Usable as a decorator.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
