"""``python -m confman`` and the ``confman`` console script."""

from __future__ import annotations

import sys

#: Hidden first argument that runs the hosting TLS gateway process (see confman.core.hosting.gateway).
GATEWAY_FLAG = "--host-gateway"


def main(argv: list[str] | None = None) -> int:
    """Run the command line; with no command the GUI opens."""
    if getattr(sys, "frozen", False):  # a bundle started as the window's document process runs that and exits
        import multiprocessing

        multiprocessing.freeze_support()
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == [GATEWAY_FLAG]:
        from confman.core.hosting.gateway import main as gateway_main

        return gateway_main(args[1:])
    from confman.cli import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
