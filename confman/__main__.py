"""``python -m confman`` and the ``confman`` console script."""

from __future__ import annotations

import gc
import sys


def main(argv: list[str] | None = None) -> int:
    """Run the command line; with no command the GUI opens.

    Start-up (imports, the parser, the command's module) makes objects that live as long as the
    process: the cyclic collector is paused meanwhile and they are frozen out of its reach
    afterwards (``run(..., whole_process=True)``), so the command's own work is not slowed by
    collections walking SQLAlchemy's and ReportLab's module state again and again.
    """
    gc.disable()
    from confman.cli import run

    return run(sys.argv[1:] if argv is None else argv, whole_process=True)


if __name__ == "__main__":
    sys.exit(main())
