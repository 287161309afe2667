"""``confman event create|list``."""

from __future__ import annotations

import argparse

from confman.cli.context import CliContext, iso_date
from confman.core.errors import DomainError
from confman.core.events.service import create_event, list_events
from confman.i18n import t


def register(subparsers: argparse._SubParsersAction) -> None:
    event = subparsers.add_parser("event", help=t("cli.event.help"))
    actions = event.add_subparsers(dest="event_action", metavar="ACTION", required=True)

    create = actions.add_parser("create", help=t("cli.event.create.help"))
    create.add_argument("--name", required=True, help=t("cli.event.opt.name"))
    create.add_argument("--name-en", default="", help=t("cli.event.opt.name_en"))
    create.add_argument("--code", required=True, help=t("cli.event.opt.code"))
    create.add_argument("--start", required=True, type=iso_date, metavar="YYYY-MM-DD")
    create.add_argument("--end", required=True, type=iso_date, metavar="YYYY-MM-DD")
    create.add_argument("--venue", default="")
    create.add_argument("--organiser", default="", help=t("cli.event.opt.organiser"))
    create.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    create.set_defaults(handler=_create, creates_database=True)

    listing = actions.add_parser("list", help=t("cli.event.list.help"))
    listing.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    listing.set_defaults(handler=_list)


def _event_json(row) -> dict:
    return {
        "id": row.id,
        "code": row.code,
        "name": row.name_vi,
        "name_en": row.name_en,
        "venue": row.venue,
        "start": row.start_date.isoformat(),
        "end": row.end_date.isoformat(),
        "delegates": row.delegate_count,
    }


def _create(ctx: CliContext) -> int:
    a = ctx.args
    row = create_event(
        ctx.db, code=a.code, name_vi=a.name, name_en=a.name_en, start_date=a.start, end_date=a.end,
        venue=a.venue, organiser_unit=a.organiser, station=ctx.station,
    )
    if a.json:
        ctx.print_json(_event_json(row))
    else:
        print(t("cli.event.created", code=row.code, name=row.name_vi))
    return 0


def _list(ctx: CliContext) -> int:
    rows = list_events(ctx.db)
    if ctx.args.json:
        ctx.print_json([_event_json(r) for r in rows])
        return 0
    if not rows:
        raise DomainError("event.none")
    for r in rows:
        print(t("cli.event.line", code=r.code, name=r.name_vi, start=r.start_date.isoformat(),
                end=r.end_date.isoformat(), count=r.delegate_count))
    return 0
