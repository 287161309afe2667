"""``python -m confman`` and the ``confman`` console script."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Run the command line; with no command the GUI opens."""
    if getattr(sys, "frozen", False):  # a bundle started as the window's document process runs that and exits
        import multiprocessing

        multiprocessing.freeze_support()
    from confman.cli import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
