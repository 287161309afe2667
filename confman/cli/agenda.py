"""``confman agenda pdf|ics|check|import|xlsx``."""

from __future__ import annotations

import argparse
import sys

from confman.cli.context import CliContext
from confman.i18n import current_language, t


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

    importing = actions.add_parser("import", help=t("cli.agenda.import.help"))
    importing.add_argument("path", metavar="agenda.xlsx")
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
    from confman.core.agenda.xlsx import import_workbook

    result = import_workbook(ctx.db, ctx.event().id, ctx.args.path, station=ctx.station)
    for row, message in result.warnings:
        print(t("cli.agenda.warning", row=row, message=message), file=sys.stderr)
    print(t("cli.agenda.imported", created=result.created, updated=result.updated))
    return 0


def _xlsx(ctx: CliContext) -> int:
    from confman.core.agenda.xlsx import write_workbook

    path = write_workbook(ctx.db, ctx.event().id, ctx.args.out, lang=current_language())
    print(t("cli.agenda.written", path=path))
    return 0
