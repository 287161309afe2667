"""``confman event create|list|update``."""

from __future__ import annotations

import argparse
import sys

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

    update = actions.add_parser("update", help=t("cli.event.update.help"),
                                description=t("cli.event.update.description"))
    for flag, field in UPDATE_FLAGS:
        update.add_argument(flag, dest=field, default=None, metavar="TEXT", help=t(f"field.{field}"))
    update.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    update.set_defaults(handler=_update)


#: ``confman event update`` flags and the document fields they set (kept stable for scripts).
UPDATE_FLAGS: tuple[tuple[str, str], ...] = (
    ("--name-en", "name_en"), ("--venue", "venue"), ("--venue-en", "venue_en"), ("--place", "place"),
    ("--place-en", "place_en"), ("--parent-body", "parent_body"), ("--parent-body-en", "parent_body_en"),
    ("--issuing-body", "issuing_body"), ("--issuing-body-en", "issuing_body_en"),
    ("--signer-authority", "signer_authority"), ("--signer-authority-en", "signer_authority_en"),
    ("--signer-title", "signer_title"), ("--signer-title-en", "signer_title_en"),
    ("--signer-name", "signer_name"), ("--letter-number", "letter_number"),
)


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


def _update(ctx: CliContext) -> int:
    from confman.core.events.documents import update_event_documents
    from confman.messages import field_label

    values = {field: getattr(ctx.args, field) for _flag, field in UPDATE_FLAGS
              if getattr(ctx.args, field) is not None}
    event = ctx.event()
    docs = update_event_documents(ctx.db, event.id, station=ctx.station, **values)
    missing = docs.missing_english()
    if ctx.args.json:
        ctx.print_json({"code": docs.code, "updated": sorted(values), **docs.values(),
                        "missing_english": list(missing), "signer_set": docs.signer_set})
        return 0
    print(t("cli.event.updated", code=docs.code, count=len(values)))
    if not docs.signer_set:
        print(t("documents.warn.signer_missing"), file=sys.stderr)
    if missing:
        print(t("documents.warn.english_missing", fields=", ".join(field_label(f) for f in missing)),
              file=sys.stderr)
    return 0
