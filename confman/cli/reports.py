"""``confman report NAME OUT.pdf|OUT.xlsx [--lang vi|en] [--group-by org|category] [--letter-number N] [--json]``
and ``confman report purge --yes``.

``--json`` prints the report's figures after the file is written; for ``attendance``
exactly ``{"expected", "checked_in", "by_category", "by_organization_type",
"absent_organizations"}``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from confman.cli.context import CliContext
from confman.core.errors import DomainError
from confman.i18n import current_language, t

NAMES = ("signin", "delegates", "attendance", "badges", "certificates", "invitations")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report", help=t("cli.report.help"),
        usage="confman report NAME OUT.pdf|OUT.xlsx [--lang vi|en] [--group-by org|category|none] [--contacts]\n"
              "       [--per delegate|organization] [--category CODE ...] [--day YYYY-MM-DD] [--letter-number N] [--json]\n"
              "       confman report purge [--yes] [--keep-backup] [--backup-done] [--json]",
    )
    parser.add_argument("name", metavar="NAME", choices=(*NAMES, "purge"), help=t("cli.report.name"))
    parser.add_argument("out", metavar="OUT.pdf|OUT.xlsx", nargs="?", help=t("cli.report.out"))
    parser.add_argument("--lang", dest="doc_lang", choices=("vi", "en"), help=t("cli.report.opt.lang"))
    parser.add_argument("--group-by", choices=("org", "category", "none"), default="org",
                        help=t("cli.report.opt.group_by"))
    parser.add_argument("--contacts", action="store_true", help=t("cli.report.opt.contacts"))
    parser.add_argument("--per", choices=("delegate", "organization"), default="delegate",
                        help=t("cli.report.opt.per"))
    parser.add_argument("--category", action="append", default=[], metavar="CODE",
                        help=t("cli.report.opt.category"))
    parser.add_argument("--day", type=date.fromisoformat, metavar="YYYY-MM-DD", help=t("cli.report.opt.day"))
    parser.add_argument("--letter-number", default="", metavar="NUMBER", help=t("pages.cli.report.letter_number"))
    parser.add_argument("--yes", action="store_true", help=t("cli.report.opt.yes"))
    parser.add_argument("--keep-backup", action="store_true", help=t("cli.report.opt.keep_backup"))
    parser.add_argument("--backup-done", action="store_true", help=t("cli.report.opt.backup_done"))
    parser.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    parser.set_defaults(handler=_dispatch)


def _dispatch(ctx: CliContext) -> int:
    if ctx.args.name == "purge":
        return _purge(ctx)
    if not ctx.args.out:
        raise DomainError("reports.cli.out_required")
    return _report(ctx)


def _category_ids(ctx: CliContext, event_id: int, codes: list[str]) -> frozenset[int]:
    if not codes:
        return frozenset()
    from confman.core.checkin.service import list_categories

    known = {c.code.casefold(): c.id for c in list_categories(ctx.db, event_id)}
    ids = set()
    for code in codes:
        found = known.get(code.strip().casefold())
        if found is None:
            raise DomainError("reports.cli.unknown_category", code=code, known=", ".join(sorted(known)))
        ids.add(found)
    return frozenset(ids)


def _report(ctx: CliContext) -> int:
    from confman.core.reports import ReportOptions, write_report

    event = ctx.event()
    lang = ctx.args.doc_lang or ctx.args.lang or current_language()
    options = ReportOptions(lang=lang, group_by=ctx.args.group_by, include_contacts=ctx.args.contacts,
                            invitation_per=ctx.args.per, day=ctx.args.day, letter_number=ctx.args.letter_number,
                            category_ids=_category_ids(ctx, event.id, ctx.args.category))
    result = write_report(ctx.db, event.id, ctx.args.name, ctx.args.out, options)
    for line in result.warnings:  # the signer or English values the document lacks
        print(t("cli.warning_prefix") + line, file=sys.stderr)
    if ctx.args.json:
        ctx.print_json(result.figures)
    else:
        print(t("cli.report.written", path=ctx.args.out))
    return 0


def _purge(ctx: CliContext) -> int:
    """Without ``--yes``: say what would be removed, and from which backups; with it: purge and list what remains."""
    from confman.core.reports.purge import preview_purge, purge_personal_data

    event = ctx.event()
    folder = ctx.settings.backups_path
    if not ctx.args.yes:
        preview = preview_purge(ctx.db, event.id, backups_folder=folder)
        if ctx.args.json:
            ctx.print_json({"code": preview.code, "delegates": preview.delegates, "phones": preview.phones,
                            "emails": preview.emails, "photos": preview.photos, "notes": preview.notes,
                            "backups_to_scrub": [str(p) for p in preview.backups]})
        else:
            print(t("safety.purge.preview", code=preview.code, delegates=preview.delegates, phones=preview.phones,
                    emails=preview.emails, photos=preview.photos, notes=preview.notes))
            if preview.backups:
                print(t("safety.purge.backups_to_scrub", count=len(preview.backups), folder=str(folder)))
                for path in preview.backups:
                    print(f"  - {path.name}")
            elif ctx.db.sqlite_path is not None:
                print(t("safety.purge.no_backups", folder=str(folder)))
        raise DomainError("reports.cli.purge_needs_yes", code=event.code)
    result = purge_personal_data(ctx.db, event.id, confirm=event.code, backups_folder=folder,
                                 station=ctx.station, external_backup=ctx.args.backup_done,
                                 keep_backup=ctx.args.keep_backup)
    if ctx.args.json:
        ctx.print_json(result.to_json())
        return 0
    print(t("cli.report.purged", code=event.code, delegates=result.delegates, phones=result.phones,
            emails=result.emails, photos=result.photos, notes=result.notes))
    for fate in result.backups:
        if fate.action == "kept":
            print(t("safety.purge.kept", path=str(fate.path)))
        elif fate.action == "scrubbed":
            print(t("safety.purge.scrubbed", path=str(fate.path)))
        else:
            print(t("safety.purge.deleted", path=str(fate.path), reason=fate.detail))
    if ctx.db.sqlite_path is not None:
        if not result.live_file_compacted:
            print(t("safety.purge.live_not_compacted"))
        print(t("safety.purge.remaining", folder=str(folder), count=len(result.remaining), code=event.code,
                holding=sum(r.personal_data for r in result.remaining)))
        for remaining in result.remaining:
            mark = " *" if remaining.personal_data else ""
            print(f"  - {remaining.path.name}{mark}")
    return 0
