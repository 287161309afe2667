"""``confman import`` and ``confman export``.

The import's JSON is a contract scripts rely on::

    {"files": [{"file": str, "sheet": str, "rows_read": int, "imported": int, "merged": int,
                "possible_duplicates": int, "rejected": [{"row": int, "reason": str}],
                "flagged": [{"row": int, "full_name": str, "field": str, "value": str, "reason": str}]}],
     "imported": int, "merged": int, "rejected": int, "flagged": int}

One entry per imported sheet; ``file`` is the path as given on the command line, ``row`` the
row number as the spreadsheet shows it, ``reason`` a sentence in the ``--lang`` language.
A row with an invalid phone or e-mail is imported with that field empty and listed under
``flagged`` (``field`` is ``phone`` or ``email``); ``--strict`` rejects such rows instead.
Possible duplicates are imported as separate delegates (counted in ``imported`` too). Exit 0
when the import ran, even with rejected rows; an unreadable file stops the command before
anything is written (exit 2, the reason naming the file on stderr).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from confman.cli.context import CliContext
from confman.core.errors import DomainError
from confman.core.registration.categories import list_categories
from confman.core.registration.exporting import export_delegates
from confman.core.registration.importing.apply import (
    Choices,
    ImportResult,
    apply_plan,
    backup_to,
    preview_plan,
)
from confman.core.registration.importing.mappings import parse_with_memory
from confman.core.registration.importing.parse import ParsedSheet
from confman.core.registration.importing.plan import ImportPlan, build_plan
from confman.core.registration.rows import DelegateFilters
from confman.core.text import fold
from confman.i18n import t
from confman.import_report import FLAG_CODES, flag_reason, rejection_reason, row_warnings, warning_text


def register(subparsers: argparse._SubParsersAction) -> None:
    imp = subparsers.add_parser("import", help=t("import_ui.cli.help"))
    imp.add_argument("files", nargs="+", metavar="FILE", help=t("import_ui.cli.opt.files"))
    imp.add_argument("--sheet", default=None, metavar="NAME", help=t("import_ui.cli.opt.sheet"))
    imp.add_argument("--on-duplicate", choices=("merge", "skip", "keep"), default="merge",
                     help=t("import_ui.cli.opt.on_duplicate"))  # fmt: skip
    imp.add_argument("--dry-run", action="store_true", help=t("import_ui.cli.opt.dry_run"))
    imp.add_argument("--strict", action="store_true", help=t("import_ui.cli.opt.strict"))
    imp.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    imp.set_defaults(handler=_import)

    exp = subparsers.add_parser("export", help=t("import_ui.cli.export.help"))
    exp.add_argument("file", metavar="FILE", help=t("import_ui.cli.export.opt.file"))
    exp.add_argument("--search", default="", metavar="Q", help=t("import_ui.cli.export.opt.search"))
    exp.add_argument("--category", default="", metavar="C", help=t("import_ui.cli.export.opt.category"))
    exp.add_argument("--needs-check", action="store_true", help=t("contacts.cli.opt.needs_check"))
    exp.set_defaults(handler=_export)


def _parse_all(ctx: CliContext, files: list[str], sheet: str | None) -> list[tuple[str, ParsedSheet]]:
    parsed: list[tuple[str, ParsedSheet]] = []
    for name in files:
        path = Path(name)
        if not path.is_file():
            raise DomainError("import.not_found", file=name)
        for item in parse_with_memory(ctx.db, path, sheet=sheet):
            parsed.append((name, item))
    return parsed


def import_json(given: list[str], result: ImportResult, plan: ImportPlan) -> dict[str, Any]:
    """The ``--json`` contract for ``result``; ``given[i]`` is the file name of sheet ``i``."""
    rows = plan.rows
    files = [
        {
            "file": name,
            "sheet": s.sheet,
            "rows_read": s.rows_read,
            "imported": s.imported,
            "merged": s.merged,
            "possible_duplicates": s.possible_duplicates,
            "rejected": [{"row": r.row, "reason": rejection_reason(r)} for r in s.rejected],
            "warnings": [{"row": row.excel_row, "warning": text}
                         for row, text in row_warnings([p.row for p in rows[s_plan.start:s_plan.stop]], skip=FLAG_CODES)],
            "flagged": [
                {"row": row.excel_row, "full_name": row.full_name, "field": w.params["field"],
                 "value": w.params["value"], "reason": warning_text(w)}
                for row in s.flagged for w in row.warnings if w.code == "import.row.field_dropped"
            ],
        }
        for name, s, s_plan in zip(given, result.sheets, plan.sheets, strict=True)
    ]
    return {"files": files, "imported": result.imported, "merged": result.merged, "rejected": result.rejected,
            "flagged": len(result.flagged)}  # fmt: skip


def _import(ctx: CliContext) -> int:
    a = ctx.args
    event = ctx.event()
    parsed = _parse_all(ctx, list(a.files), a.sheet)
    plan = build_plan(ctx.db, event.id, [p for _n, p in parsed])
    # --strict is the review step's "reject the whole row" choice: one rule for the window and the CLI
    choices = Choices(on_duplicate=a.on_duplicate, reject_flagged=a.strict)
    if a.dry_run:
        result = preview_plan(plan, choices=choices)
    else:
        result = apply_plan(ctx.db, plan, event_id=event.id, choices=choices,
                            backup=backup_to(ctx.settings.backups_path), station=ctx.station)  # fmt: skip
    given = [n for n, _p in parsed]
    if a.json:
        ctx.print_json(import_json(given, result, plan))
        return 0
    for name, s in zip(given, result.sheets, strict=True):
        print(t("import_ui.cli.sheet_line", file=name, sheet=s.sheet, read=s.rows_read, imported=s.imported,
                merged=s.merged, possible=s.possible_duplicates, rejected=len(s.rejected)))  # fmt: skip
        for r in s.rejected:
            print("  " + t("import_ui.cli.rejected_line", row=r.row, reason=rejection_reason(r)))
        for row in s.flagged:
            print("  " + t("import_ui.cli.flagged_line", row=row.excel_row, name=row.full_name,
                           reason=flag_reason(row)))  # fmt: skip
    for _row, text in row_warnings([p.row for p in plan.rows], skip=FLAG_CODES):
        print("  " + text)
    for warning in [w for sp in plan.sheets for w in sp.warnings] + list(plan.warnings):
        print("  " + warning_text(warning))
    key = "import_ui.cli.total_dry_run" if a.dry_run else "import_ui.cli.total"
    print(t(key, imported=result.imported, merged=result.merged, rejected=result.rejected,
            possible=result.possible_duplicates))  # fmt: skip
    if result.backup is not None:
        print(t("import_ui.cli.backup", path=str(result.backup)))
    return 0


def _category_filter(ctx: CliContext, event_id: int, wanted: str) -> frozenset[int]:
    if not wanted:
        return frozenset()
    key = fold(wanted)
    for category in list_categories(ctx.db, event_id):
        if key in (fold(category.code), fold(category.label_vi), fold(category.label_en)):
            return frozenset({category.id})
    raise DomainError("delegates.category_unknown", code=wanted)


def _export(ctx: CliContext) -> int:
    a = ctx.args
    event = ctx.event()
    filters = DelegateFilters(category_ids=_category_filter(ctx, event.id, a.category), contact_issues=a.needs_check)
    result = export_delegates(ctx.db, event.id, Path(a.file), query=a.search, filters=filters)
    print(t("import_ui.cli.exported", count=result.rows, path=str(result.path)))
    return 0
