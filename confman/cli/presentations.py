"""``confman presentations list|add-file|export-folder|book [--lang vi|en]``.

The list's JSON is a contract scripts rely on::

    {"presentations": [{"id": int, "title": str, "organization": str, "agenda_item_id": int|null,
      "order": int, "status": str, "files": [{"name": str, "sha256": str, "version": int}]}]}

Presentations come in agenda order; ``title`` is the Vietnamese title, ``organization`` the
presenting organization's name ("" when none), ``order`` the order within the agenda item,
``status`` the stored code and ``files`` every version, oldest first (the last is current).

``book OUT.pdf --lang en`` names on stderr, before writing, what the English book will print in Vietnamese
(papers by day, number and Vietnamese title; sessions, rooms, the event's name and venue); the book is
written all the same (exit 0).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from confman.cli.context import CliContext, iso_date
from confman.core.presentations.book import build_book
from confman.core.presentations.book_english import book_warnings
from confman.core.presentations.export_folder import export_folder
from confman.core.presentations.service import PresentationRow, add_file, list_presentations, resolve_room
from confman.i18n import current_language, t


def register(subparsers: argparse._SubParsersAction) -> None:
    cmd = subparsers.add_parser("presentations", help=t("presentations.cli.help"))
    actions = cmd.add_subparsers(dest="presentations_action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help=t("presentations.cli.list.help"))
    listing.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    listing.set_defaults(handler=_list)

    add = actions.add_parser("add-file", help=t("presentations.cli.add_file.help"))
    add.add_argument("id", type=int, metavar="ID")
    add.add_argument("file", type=Path, metavar="FILE")
    add.set_defaults(handler=_add_file)

    export = actions.add_parser("export-folder", help=t("presentations.cli.export.help"))
    export.add_argument("dir", type=Path, metavar="DIR")
    export.add_argument("--day", type=iso_date, metavar="YYYY-MM-DD", help=t("presentations.cli.opt.day"))
    export.add_argument("--room", metavar="R", help=t("presentations.cli.opt.room"))
    export.set_defaults(handler=_export)

    book = actions.add_parser("book", help=t("presentations.cli.book.help"))
    book.add_argument("out", type=Path, metavar="OUT.pdf")
    book.add_argument("--lang", dest="doc_lang", choices=("vi", "en"), help=t("presentations.cli.opt.lang"))
    book.set_defaults(handler=_book)


def presentation_json(row: PresentationRow) -> dict[str, Any]:
    """One presentation as in the list contract."""
    return {
        "id": row.id,
        "title": row.title_vi,
        "organization": row.organization,
        "agenda_item_id": row.agenda_item_id,
        "order": row.order_in_item,
        "status": row.status.value,
        "files": [{"name": f.original_name, "sha256": f.sha256, "version": f.version} for f in row.files],
    }


def _list(ctx: CliContext) -> int:
    rows = list_presentations(ctx.db, ctx.event().id)
    if ctx.args.json:
        ctx.print_json({"presentations": [presentation_json(r) for r in rows]})
        return 0
    for r in rows:
        when = f"{r.day:%d/%m} {r.start_time:%H:%M}" if r.day and r.start_time else "—"
        current = r.current_file
        print(t("presentations.cli.line", id=r.id, when=when, order=r.order_in_item,
                status=t(f"presentations.status.{r.status.value}"), title=r.title_vi,
                organization=r.organization or "—",
                file=f"v{current.version} {current.original_name}" if current else t("presentations.cli.no_file")))
    return 0


def _add_file(ctx: CliContext) -> int:
    result = add_file(ctx.db, ctx.args.id, ctx.args.file, station=ctx.station)
    if result.unchanged:
        print(t("presentations.cli.unchanged", version=result.file.version, name=result.file.original_name))
    else:
        print(t("presentations.cli.added", version=result.file.version, name=result.file.original_name,
                id=result.file.presentation_id))
    for dup in result.duplicates:
        print(t("presentations.cli.duplicate", id=dup.presentation_id, title=dup.title, version=dup.version,
                name=dup.original_name), file=sys.stderr)
    return 0


def _export(ctx: CliContext) -> int:
    event = ctx.event()
    room_id = resolve_room(ctx.db, event.id, ctx.args.room) if ctx.args.room else None
    result = export_folder(ctx.db, event, ctx.args.dir, day=ctx.args.day, room_id=room_id)
    print(t("presentations.cli.exported", count=len(result.files), folder=str(result.folder),
            index=result.index_pdf.name))
    for row in result.missing:
        print(t("presentations.cli.missing", id=row.id, title=row.title_vi,
                organization=row.organization or "—"), file=sys.stderr)
    return 0


def _book(ctx: CliContext) -> int:
    # As the window: the interface language unless the command names the book's own.
    lang = ctx.args.doc_lang or ctx.args.lang or current_language()
    event = ctx.event()
    for line in book_warnings(ctx.db, event.id, lang):  # what the English book prints in Vietnamese
        print(t("cli.warning_prefix") + line, file=sys.stderr)
    result = build_book(ctx.db, event, ctx.args.out, lang=lang)
    print(t("presentations.cli.book_done", path=str(result.path), papers=result.papers, pages=result.pages,
            appended=result.appended_pdfs))
    for name in result.unreadable:
        print(t("presentations.cli.book_unreadable", name=name), file=sys.stderr)
    return 0
