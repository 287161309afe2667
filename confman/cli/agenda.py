"""``confman agenda pdf|ics|check|import|xlsx``."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from confman.cli.context import CliContext
from confman.i18n import current_language, t

if TYPE_CHECKING:
    from confman.core.agenda.programme import ProgrammePerson, ProgrammePlan


def register(subparsers: argparse._SubParsersAction) -> None:
    agenda = subparsers.add_parser("agenda", help=t("cli.agenda.help"))
    actions = agenda.add_subparsers(dest="agenda_action", metavar="ACTION", required=True)

    pdf = actions.add_parser("pdf", help=t("cli.agenda.pdf.help"))
    pdf.add_argument("out", metavar="OUT.pdf")
    pdf.add_argument("--lang", dest="doc_lang", choices=("vi", "en", "both"), default="vi",
                     help=t("cli.agenda.opt.lang"))
    pdf.add_argument("--person", type=int, metavar="DELEGATE_ID", help=t("cli.agenda.opt.person"))
    pdf.set_defaults(handler=_pdf)

    ics = actions.add_parser("ics", help=t("cli.agenda.ics.help"))
    ics.add_argument("out", metavar="OUT.ics")
    ics.add_argument("--person", type=int, metavar="DELEGATE_ID", help=t("cli.agenda.opt.person"))
    ics.set_defaults(handler=_ics)

    check = actions.add_parser("check", help=t("cli.agenda.check.help"))
    check.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    check.set_defaults(handler=_check)

    importing = actions.add_parser("import", help=t("cli.agenda.import.help_any"))
    importing.add_argument("path", metavar="FILE.docx|FILE.xlsx")
    importing.add_argument("--dry-run", action="store_true", help=t("cli.agenda.opt.dry_run"))
    importing.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    importing.set_defaults(handler=_import)

    xlsx = actions.add_parser("xlsx", help=t("cli.agenda.xlsx.help"))
    xlsx.add_argument("out", metavar="OUT.xlsx")
    xlsx.set_defaults(handler=_xlsx)


def _pdf(ctx: CliContext) -> int:
    from confman.core.agenda.pdf import write_programme
    from confman.core.events.documents import document_warnings, event_documents

    event_id = ctx.event().id
    path = write_programme(ctx.db, event_id, ctx.args.out, lang=ctx.args.doc_lang, delegate_id=ctx.args.person)
    print(t("cli.agenda.written", path=path))
    for line in document_warnings(event_documents(ctx.db, event_id), ctx.args.doc_lang, signed=False):
        print(t("cli.warning_prefix") + line, file=sys.stderr)
    return 0


def _ics(ctx: CliContext) -> int:
    from confman.core.agenda.ics import write_calendar

    path = write_calendar(ctx.db, ctx.event().id, ctx.args.out, delegate_id=ctx.args.person,
                          lang=current_language())
    print(t("cli.agenda.written", path=path))
    return 0


def _check(ctx: CliContext) -> int:
    """Print the conflicts; the exit code is 0 either way (the output is the answer)."""
    from confman.core.agenda.service import conflicts

    found = conflicts(ctx.db, ctx.event().id)
    if ctx.args.json:
        ctx.print_json([c.as_json() for c in found])
    elif not found:
        print(t("cli.agenda.no_conflicts"))
    else:
        print(t("cli.agenda.conflicts", count=len(found)))
        for c in found:
            print(f"  [{c.kind}] #{', #'.join(map(str, c.items))}: {c.message}")
    return 0


def _import(ctx: CliContext) -> int:
    """A programme table (Word or Excel) or a workbook written by ``agenda xlsx`` (round trip)."""
    from pathlib import Path

    from confman.core.agenda import programme
    from confman.core.errors import DomainError

    path = Path(ctx.args.path)
    if not path.is_file():
        raise DomainError("import.not_found", file=str(path))
    if path.suffix.lower() in (".xlsx", ".xlsm") and programme.is_round_trip_workbook(path):
        if ctx.args.dry_run:
            raise DomainError("agenda.cli.dry_run_round_trip", file=path.name)
        from confman.core.agenda.xlsx import import_workbook

        result = import_workbook(ctx.db, ctx.event().id, path, station=ctx.station)
        if ctx.args.json:
            ctx.print_json({"file": str(path), "format": "confman", "created": result.created,
                            "updated": result.updated,
                            "warnings": [{"row": row, "message": message} for row, message in result.warnings]})
            return 0
        for row, message in result.warnings:
            print(t("cli.agenda.warning", row=row, message=message), file=sys.stderr)
        print(t("cli.agenda.imported", created=result.created, updated=result.updated))
        return 0

    event_id = ctx.event().id
    plan = programme.plan_programme(ctx.db, event_id, path)
    created = rooms = 0
    if not ctx.args.dry_run:
        done = programme.import_programme(ctx.db, event_id, plan, station=ctx.station)
        created, rooms = done.created, done.rooms_created
    if ctx.args.json:
        ctx.print_json(_programme_json(str(path), plan, created=created, rooms=rooms, dry_run=ctx.args.dry_run))
        return 0
    for item in plan.items:
        print(t("cli.agenda.programme.item", day=f"{item.day:%d/%m/%Y}", start=f"{item.start:%H:%M}",
                end=f"{item.end:%H:%M}", title=item.title))
        for person in item.people:
            if person.delegate_id is not None:
                print("    " + t(f"cli.agenda.programme.{person.role}", name=person.full_name))
    for warning in plan.warnings:
        print(t("cli.agenda.warning", row=warning.row, message=t(f"warning.{warning.code}", **warning.params)),
              file=sys.stderr)
    for item, person in plan.unmatched:
        print(_unmatched_text(item.row, person), file=sys.stderr)
    key = "cli.agenda.programme.preview" if ctx.args.dry_run else "cli.agenda.programme.imported"
    print(t(key, count=len(plan.items), created=created, rooms=rooms, file=path.name,
            unmatched=len(plan.unmatched)))
    return 0


def _unmatched_text(row: int, person: ProgrammePerson) -> str:
    if person.candidates > 1:
        return t("cli.agenda.programme.ambiguous", row=row, text=person.text, name=person.name,
                 count=person.candidates)
    return t("cli.agenda.programme.unmatched", row=row, text=person.text)


def _programme_json(file: str, plan: ProgrammePlan, *, created: int, rooms: int, dry_run: bool) -> dict[str, object]:
    """The ``--json`` contract of a programme import (``created`` is 0 on a dry run)."""

    def person(p: ProgrammePerson) -> dict[str, object]:
        return {"text": p.text, "name": p.name, "delegate_id": p.delegate_id, "full_name": p.full_name}

    items = [
        {"row": i.row, "day": i.day.isoformat(), "start": f"{i.start:%H:%M}", "end": f"{i.end:%H:%M}",
         "title": i.title, "kind": i.kind.value, "room": i.room, "session": i.session,
         "chairs": [person(p) for p in i.chairs], "speakers": [person(p) for p in i.speakers]}
        for i in plan.items
    ]
    unmatched = [
        {"row": item.row, "text": p.text, "name": p.name, "role": p.role,
         "reason": "ambiguous" if p.candidates > 1 else "not_found", "message": _unmatched_text(item.row, p)}
        for item, p in plan.unmatched
    ]
    warnings = [{"row": w.row, "code": w.code, "message": t(f"warning.{w.code}", **w.params)}
                for w in plan.warnings]
    return {"file": file, "format": "programme", "dry_run": dry_run, "items": items, "unmatched": unmatched,
            "warnings": warnings, "created": created, "rooms_created": rooms}


def _xlsx(ctx: CliContext) -> int:
    from confman.core.agenda.xlsx import write_workbook

    path = write_workbook(ctx.db, ctx.event().id, ctx.args.out, lang=current_language())
    print(t("cli.agenda.written", path=path))
    return 0
