"""``confman checkin CODE | undo DELEGATE_ID | stats | conflicts`` — the desk from a script.

Codes are digits only, so the words ``undo``, ``stats`` and ``conflicts`` can never be a code:
the positional words are parsed by hand instead of with argparse subparsers, which would
refuse ``checkin 1234…`` as an unknown sub-command.

A check-in ends within :data:`CLI_LIMIT_S` whatever the server does: its statements run
under a deadline (a frozen server answers a one-line error in about two seconds), and a
last-resort timer ends the process with that same one-line error should anything else hang.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from zoneinfo import ZoneInfo

from sqlalchemy.exc import DBAPIError

from confman.cli.context import CliContext
from confman.core.checkin.conflicts import offline_conflicts
from confman.core.checkin.door import DOOR_DEADLINE_S
from confman.core.checkin.service import checkin_stats, perform_checkin, undo_checkin
from confman.core.db.deadline import deadline
from confman.core.errors import DomainError
from confman.i18n import current_language, t

#: a check-in command never runs longer than this (seconds)
CLI_LIMIT_S = 10.0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "checkin", help=t("cli.checkin.help"),
        usage="confman checkin CODE [--station NAME] [--item AGENDA_ITEM_ID] [--json]\n"
              "       confman checkin undo DELEGATE_ID [--item AGENDA_ITEM_ID] [--json]\n"
              "       confman checkin stats [--item AGENDA_ITEM_ID] [--json]\n"
              "       confman checkin conflicts [--json]",
    )
    parser.add_argument("words", nargs="+", metavar="CODE | undo DELEGATE_ID | stats | conflicts", help=t("cli.checkin.words"))
    parser.add_argument("--station", metavar="NAME", help=t("cli.checkin.opt.station"))
    parser.add_argument("--item", type=int, metavar="AGENDA_ITEM_ID", help=t("cli.checkin.opt.item"))
    parser.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    parser.set_defaults(handler=_dispatch)


def _dispatch(ctx: CliContext) -> int:
    timer = threading.Timer(CLI_LIMIT_S - 0.5, _give_up)
    timer.daemon = True
    timer.start()
    try:
        with deadline(CLI_LIMIT_S - 2):  # every statement of the command, opening the database included
            return _run(ctx)
    except DBAPIError as exc:
        if exc.connection_invalidated or "closed the connection" in str(exc) or "timeout" in str(exc).lower():
            raise DomainError("checkin.server_silent", seconds=f"{DOOR_DEADLINE_S:g}") from exc
        raise
    finally:
        timer.cancel()


def _give_up() -> None:
    """Last resort: something waited past every deadline; say so on one line and end the process."""
    print(t("cli.error_prefix") + t("error.checkin.server_silent", seconds=f"{CLI_LIMIT_S:g}"), file=sys.stderr,
          flush=True)
    os._exit(2)


def _run(ctx: CliContext) -> int:
    words: list[str] = ctx.args.words
    if words[0] == "conflicts":
        if len(words) != 1:
            raise DomainError("checkin.cli.usage")
        return _conflicts(ctx)
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


def _conflicts(ctx: CliContext) -> int:
    """Double admissions reported by offline desks when they synced."""
    rows = offline_conflicts(ctx.db, ctx.event().id)
    if ctx.args.json:
        ctx.print_json([r.to_json() for r in rows])
        return 0
    if not rows:
        print(t("checkin.conflicts.none"))
    for r in rows:
        print(t("checkin.conflicts.line", name=r.full_name, offline_station=r.offline_station,
                offline_at=r.offline_at[:19].replace("T", " "), first_station=r.first_station,
                first_at=r.first_at[:19].replace("T", " ")))
    return 0
