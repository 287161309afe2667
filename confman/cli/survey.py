"""``confman survey questions|forms|collect|status|results`` — the survey of participating units.

The JSON printed with ``--json`` is a contract scripts rely on:

* ``questions FILE.xlsx``: ``{"questions": int}``
* ``forms OUTDIR``: no JSON; before writing, the English forms' texts that would print in Vietnamese are
  named on stderr (the forms are written all the same, exit 0)
* ``collect FILE…``: ``{"files": [{"file": str, "unit": str|null, "responses": int,
  "rejected": [{"where": str, "reason": str}]}], "responses": int}`` (exit 0 even with rejections)
* ``status``: ``{"invited": int, "responded": int, "pending": [str]}``
* ``results OUT --lang en``: before writing, the texts the English results would print in Vietnamese are
  named on stderr (the results are written all the same, exit 0)
* ``results``: ``{"responses": int, "questions": [{"code": str, "type": str, "answered": int,
  "options": {label: int}, "mean": float|null, "median": float|null, "texts": [{"unit": str, "text": str}]}]}``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from confman.cli.context import CliContext
from confman.core.errors import DomainError
from confman.i18n import current_language, t
from confman.messages import describe


def register(subparsers: argparse._SubParsersAction) -> None:
    cmd = subparsers.add_parser("survey", help=t("survey.cli.help"))
    actions = cmd.add_subparsers(dest="survey_action", metavar="ACTION", required=True)

    questions = actions.add_parser("questions", help=t("survey.cli.questions.help"))
    questions.add_argument("file", type=Path, metavar="FILE.xlsx")
    questions.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    questions.set_defaults(handler=_questions)

    forms = actions.add_parser("forms", help=t("survey.cli.forms.help"))
    forms.add_argument("outdir", type=Path, metavar="OUTDIR")
    forms.add_argument("--pending-only", action="store_true", help=t("survey.cli.opt.pending_only"))
    forms.add_argument("--pdf", action="store_true", help=t("survey.cli.opt.pdf"))
    forms.set_defaults(handler=_forms)

    collect = actions.add_parser("collect", help=t("survey.cli.collect.help"))
    collect.add_argument("files", type=Path, nargs="+", metavar="FILE")
    collect.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    collect.set_defaults(handler=_collect)

    status = actions.add_parser("status", help=t("survey.cli.status.help"))
    status.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    status.set_defaults(handler=_status)

    results = actions.add_parser("results", help=t("survey.cli.results.help"),
                                 usage="confman survey results [OUT.pdf|OUT.xlsx|OUTDIR] [--lang vi|en] [--json]")
    results.add_argument("out", type=Path, nargs="?", metavar="OUT.pdf|OUT.xlsx|OUTDIR")
    results.add_argument("--lang", dest="doc_lang", choices=("vi", "en"), help=t("survey.cli.opt.lang"))
    results.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    results.set_defaults(handler=_results)


def _questions(ctx: CliContext) -> int:
    from confman.core.survey.questionnaire_file import read_questionnaire
    from confman.core.survey.service import save_questions

    event = ctx.event()
    info, _ = save_questions(ctx.db, event.id, read_questionnaire(ctx.args.file), station=ctx.station)
    if ctx.args.json:
        ctx.print_json({"questions": len(info.questions)})
    else:
        print(t("survey.cli.questions.done", count=len(info.questions), code=event.code))
    return 0


def _forms(ctx: CliContext) -> int:
    from confman.core.survey.outputs import forms_warnings, write_forms

    event = ctx.event()
    for line in forms_warnings(ctx.db, event.id, pending_only=ctx.args.pending_only):  # English forms' gaps
        print(t("cli.warning_prefix") + line, file=sys.stderr)
    written = write_forms(ctx.db, event.id, ctx.args.outdir, pending_only=ctx.args.pending_only, pdf=ctx.args.pdf)
    print(t("survey.cli.forms.done", count=len(written), folder=str(ctx.args.outdir)))
    return 0


def _collect(ctx: CliContext) -> int:
    from confman.core.survey.collect import collect_files

    event = ctx.event()
    result, _ = collect_files(ctx.db, event.id, ctx.args.files, station=ctx.station)
    if ctx.args.json:
        ctx.print_json({
            "files": [{"file": f.file, "unit": f.unit, "responses": f.responses,
                       "rejected": [{"where": r.where, "reason": describe(r.error)} for r in f.rejected]}
                      for f in result.files],
            "responses": result.responses,
        })
        return 0
    for f in result.files:
        who = f.unit or ", ".join(f.units) or "—"
        print(t("survey.cli.collect.file", file=f.file, unit=who, count=f.responses))
        for r in f.rejected:
            print(f"  ✗ {r.where}: {describe(r.error)}")
    print(t("survey.cli.collect.done", count=result.responses, files=len(result.files)))
    return 0


def _status(ctx: CliContext) -> int:
    from confman.core.survey.service import survey_status

    status = survey_status(ctx.db, ctx.event().id)
    if ctx.args.json:
        ctx.print_json({"invited": status.invited, "responded": status.responded,
                        "pending": [u.name for u in status.pending]})
        return 0
    print(t("survey.cli.status.line", responded=status.responded, invited=status.invited,
            due=f"{status.due_date:%d/%m/%Y}" if status.due_date else "—"))
    for unit in status.pending:
        contact = unit.contacts[0] if unit.contacts else None
        extra = f" — {contact.name} {contact.phone}".rstrip() if contact else ""
        print(f"  • {unit.name}{extra}")
    return 0


def _results(ctx: CliContext) -> int:
    from confman.core.survey.outputs import load_results, results_warnings, write_results
    from confman.core.survey.results import results_json

    if ctx.args.out is None and not ctx.args.json:
        raise DomainError("survey.cli.out_required")
    event = ctx.event()
    lang = ctx.args.doc_lang or ctx.args.lang or current_language()
    results = load_results(ctx.db, event.id)
    if ctx.args.out is not None:
        for line in results_warnings(ctx.db, event.id, ctx.args.out, lang):  # English results' gaps
            print(t("cli.warning_prefix") + line, file=sys.stderr)
        written = write_results(ctx.db, event.id, ctx.args.out, lang, results)
        if not ctx.args.json:
            print(t("survey.cli.results.done", count=len(written), path=str(ctx.args.out)))
    if ctx.args.json:
        ctx.print_json(results_json(results))
    return 0
