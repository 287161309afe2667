"""``confman demo``: create the demo conference."""

from __future__ import annotations

import argparse

from confman.cli.context import CliContext
from confman.core.demo import create_demo
from confman.i18n import t


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser("demo", help=t("cli.demo.help"))
    demo.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    demo.set_defaults(handler=_demo, creates_database=True)


def _demo(ctx: CliContext) -> int:
    summary = create_demo(ctx.db)
    if ctx.args.json:
        ctx.print_json({"event": summary.event.code, "delegates": summary.delegates,
                        "organizations": summary.organizations, "agenda_items": summary.agenda_items,
                        "presentations": summary.presentations})
    else:
        print(t("cli.demo.done", code=summary.event.code, delegates=summary.delegates,
                items=summary.agenda_items, presentations=summary.presentations))
    return 0
