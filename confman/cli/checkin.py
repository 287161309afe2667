"""``confman checkin CODE | undo DELEGATE_ID | stats`` — the desk from a script.

Codes are digits only, so the words ``undo`` and ``stats`` can never be a code: the
positional words are parsed by hand instead of with argparse subparsers, which would
refuse ``checkin 1234…`` as an unknown sub-command.
"""

from __future__ import annotations

import argparse
from zoneinfo import ZoneInfo

from confman.cli.context import CliContext
from confman.core.checkin.service import checkin_stats, perform_checkin, undo_checkin
from confman.core.errors import DomainError
from confman.i18n import current_language, t


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "checkin", help=t("cli.checkin.help"),
        usage="confman checkin CODE [--station NAME] [--item AGENDA_ITEM_ID] [--json]\n"
              "       confman checkin undo DELEGATE_ID [--item AGENDA_ITEM_ID] [--json]\n"
              "       confman checkin stats [--item AGENDA_ITEM_ID] [--json]",
    )
    parser.add_argument("words", nargs="+", metavar="CODE | undo DELEGATE_ID | stats", help=t("cli.checkin.words"))
    parser.add_argument("--station", metavar="NAME", help=t("cli.checkin.opt.station"))
    parser.add_argument("--item", type=int, metavar="AGENDA_ITEM_ID", help=t("cli.checkin.opt.item"))
    parser.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    parser.set_defaults(handler=_dispatch)


def _dispatch(ctx: CliContext) -> int:
    words: list[str] = ctx.args.words
    if words[0] == "undo":
        if len(words) != 2 or not words[1].isdigit():
            raise DomainError("checkin.cli.usage")
        return _undo(ctx, int(words[1]))
    if words[0] == "stats":
        if len(words) != 1:
            raise DomainError("checkin.cli.usage")
        return _stats(ctx)
    if len(words) != 1:
        raise DomainError("checkin.cli.usage")
    return _scan(ctx, words[0])


def _scan(ctx: CliContext, code: str) -> int:
    event = ctx.event()
    result = perform_checkin(ctx.db, event_id=event.id, code=code, station=ctx.station,
                             agenda_item_id=ctx.args.item)
    if ctx.args.json:
        ctx.print_json(result.to_json())
        return 0
    name = result.delegate.display_name if result.delegate else ""
    line = t(f"checkin.verdict.{result.result}")
    if result.result == "duplicate" and result.first_checkin_at:
        local = result.first_checkin_at.astimezone(ZoneInfo(event.timezone))
        line = t("checkin.verdict.duplicate_at", time=local.strftime("%H:%M"),
                 station=result.first_station or "")
    print(f"{line}{' — ' + name if name else ''}")
    return 0


def _undo(ctx: CliContext, delegate_id: int) -> int:
    event = ctx.event()
    undone = undo_checkin(ctx.db, event_id=event.id, delegate_id=delegate_id, station=ctx.station,
                          agenda_item_id=ctx.args.item)
    if ctx.args.json:
        ctx.print_json({"delegate_id": undone.delegate_id, "name": undone.full_name, "undone": True})
    else:
        print(t("checkin.undone", name=undone.full_name))
    return 0


def _stats(ctx: CliContext) -> int:
    event = ctx.event()
    stats = checkin_stats(ctx.db, event.id, ctx.args.item)
    if ctx.args.json:
        ctx.print_json(stats.to_json(current_language()))
        return 0
    print(t("checkin.counter", checked_in=stats.checked_in, expected=stats.expected))
    for cat in stats.by_category:
        print(f"  {cat.label(current_language())}: {cat.checked_in}/{cat.expected}")
    return 0
