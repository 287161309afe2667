"""Standard-library modules that start-up imports but a command rarely uses, loaded on first use.

SQLAlchemy imports :mod:`asyncio` and :mod:`importlib.metadata` as it loads (``sqlalchemy.util``)
for its async engines and entry-point dialect plugins; confman's engines are synchronous and its
dialects built in. The two (with ``ssl``, ``socket``, ``email``, ``zipfile`` … that they pull in)
cost about 30 ms of a ``confman badges`` process of half a second. :func:`defer_unused_modules`
puts a stand-in for each in ``sys.modules`` before SQLAlchemy is imported: ``import asyncio``
then binds the stand-in, and the first attribute read on it imports the real module and fills
the stand-in with it. Code that never reads them never pays for them; code that does gets the
real thing, one import later.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
from collections.abc import Callable
from types import ModuleType
from typing import Any

#: Module → attributes read at import time by code that imports it before any use (SQLAlchemy
#: binds ``asyncio.iscoroutine``): these get forwarders instead of loading the module at once.
DEFERRED: dict[str, tuple[str, ...]] = {
    "asyncio": ("iscoroutine",),
    "importlib.metadata": (),
}

_lock = threading.RLock()


class _StandIn(ModuleType):
    """A module that imports its real self on the first read of an attribute it lacks."""

    def __getattr__(self, attr: str) -> Any:
        if attr == "__wrapped__":  # introspection asking if this is a wrapper (Qt's import hook
            raise AttributeError(attr)  # inspects every module); no module is one
        return getattr(_load(self), attr)


def _load(stand_in: _StandIn) -> ModuleType:
    """Import the real module of ``stand_in`` (once) and copy its namespace into the stand-in."""
    name = stand_in.__name__
    with _lock:
        real = sys.modules.get(name)
        if real is None or real is stand_in:
            sys.modules.pop(name, None)
            try:
                real = importlib.import_module(name)
            except BaseException:
                sys.modules[name] = stand_in
                raise
        stand_in.__dict__.update(real.__dict__)
        return real


def _forwarder(stand_in: _StandIn, attr: str) -> Callable[..., Any]:
    def forward(*args: Any, **kwargs: Any) -> Any:
        return getattr(_load(stand_in), attr)(*args, **kwargs)

    forward.__name__ = forward.__qualname__ = attr
    return forward


def defer_unused_modules(modules: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """Put stand-ins for ``modules`` (default :data:`DEFERRED`) not yet imported; returns their names.

    A module that cannot be found (a bundle without it) is left to the normal import.
    """
    deferred = []
    for name, forwarded in (DEFERRED if modules is None else modules).items():
        if name in sys.modules:
            continue
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is None:
            continue
        stand_in = _StandIn(name)
        # __spec__ answers the import system's "is it being initialised?" check without loading;
        # no __path__, so importing a submodule loads the real package first.
        stand_in.__spec__ = spec
        stand_in.__loader__ = spec.loader
        if spec.has_location:  # what inspect and linecache read to find the source, as on the real module
            stand_in.__file__ = spec.origin
        for attr in forwarded:
            setattr(stand_in, attr, _forwarder(stand_in, attr))
        sys.modules[name] = stand_in
        parent, _, child = name.rpartition(".")
        if parent:  # `from importlib import metadata` reads the parent package's attribute
            setattr(sys.modules[parent], child, stand_in)
        deferred.append(name)
    return deferred
