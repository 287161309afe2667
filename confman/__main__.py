"""``python -m confman`` and the ``confman`` console script."""

from __future__ import annotations

import gc
import sys

#: Hidden first argument that runs the hosting TLS gateway process (see confman.core.hosting.gateway).
GATEWAY_FLAG = "--host-gateway"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; with no command the GUI opens.

    Start-up (imports, the parser, the command's module) makes objects that live as long as the
    process: the cyclic collector is paused meanwhile and they are frozen out of its reach
    afterwards (``run(..., whole_process=True)``), so the command's own work is not slowed by
    collections walking SQLAlchemy's and ReportLab's module state again and again.
    """
    if getattr(sys, "frozen", False):  # a bundle started as the window's document process runs that and exits
        import multiprocessing

        multiprocessing.freeze_support()
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == [GATEWAY_FLAG]:
        from confman.core.hosting.gateway import main as gateway_main

        return gateway_main(args[1:])
    gc.disable()
    from confman.deferred_imports import defer_unused_modules

    defer_unused_modules()
    from confman.cli import run

    return run(args, whole_process=True)


if __name__ == "__main__":
    sys.exit(main())
