"""``confman badges OUT.pdf [options]``, ``confman badges code DELEGATE_ID``, ``confman badges calibration OUT.pdf``.

The first positional decides: ``code`` and ``calibration`` are actions, anything else is the
PDF to write (write ``./code`` for a file literally named "code").

The badge service (ReportLab, the QR encoder) is imported with this module, which only a
``badges`` command loads: its start-up then ends before the run (see ``confman.__main__``).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from confman.cli.context import CliContext
from confman.core.badges.service import (
    BadgeSelection,
    current_badge_code,
    get_template,
    render_and_record,
    render_calibration,
    shortened_text,
)
from confman.core.errors import DomainError
from confman.i18n import current_language, t

ACTIONS = ("code", "calibration")


def register(subparsers: argparse._SubParsersAction) -> None:
    badges = subparsers.add_parser("badges", help=t("badges.cli.help"), description=t("badges.cli.description"))
    badges.add_argument("target", metavar="OUT.pdf|code|calibration", help=t("badges.cli.opt.target"))
    badges.add_argument("arg", nargs="?", metavar="DELEGATE_ID|OUT.pdf", help=t("badges.cli.opt.arg"))
    badges.add_argument("--template", default=None, metavar="NAME", help=t("badges.cli.opt.template"))
    badges.add_argument("--search", default="", metavar="Q", help=t("badges.cli.opt.search"))
    badges.add_argument("--category", action="append", default=[], metavar="C", help=t("badges.cli.opt.category"))
    badges.add_argument("--not-printed", action="store_true", help=t("badges.cli.opt.not_printed"))
    badges.add_argument("--changed", action="store_true", help=t("badges.cli.opt.changed"))
    badges.add_argument("--ids", default=None, metavar="1,2,3", help=t("badges.cli.opt.ids"))
    badges.add_argument("--sort", choices=("organization", "name"), default="organization",
                        help=t("badges.cli.opt.sort"))
    badges.add_argument("--reprint", action="store_true", help=t("badges.cli.opt.reprint"))
    badges.add_argument("--reason", default=None, metavar="TEXT", help=t("badges.cli.opt.reason"))
    badges.add_argument("--offset", default=None, metavar="X,Y", help=t("badges.cli.opt.offset"))
    badges.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    # A badge run merges and deletes nothing: the tables it uses are imported with its service.
    badges.set_defaults(handler=_run, few_models=True)


def _ids(text: str | None) -> tuple[int, ...] | None:
    if text is None:
        return None
    out = []
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise DomainError("badges.cli.bad_ids", value=part)
        out.append(int(part))
    return tuple(out)


def _offset(text: str | None) -> tuple[float, float]:
    if not text:
        return (0.0, 0.0)
    try:
        x, y = (float(v.strip().replace("\u2212", "-")) for v in text.split(","))
    except ValueError as exc:
        raise DomainError("badges.cli.bad_offset", value=text) from exc
    return (x, y)


def _run(ctx: CliContext) -> int:
    args = ctx.args
    if args.target == "code":
        return _code(ctx)
    if args.target == "calibration":
        return _calibration(ctx)
    if args.arg is not None:
        raise DomainError("badges.cli.extra_argument", value=args.arg)
    return _render(ctx)


def _code(ctx: CliContext) -> int:
    raw = ctx.args.arg
    if raw is None or not raw.strip().isdigit():
        raise DomainError("badges.cli.bad_delegate_id", value=raw or "")
    code = current_badge_code(ctx.db, int(raw))
    if ctx.args.json:
        ctx.print_json({"delegate_id": int(raw), "code": code})
    else:
        print(code)
    return 0


def _template(ctx: CliContext) -> Any:
    return get_template(ctx.db, ctx.args.template or ctx.settings.default_badge_template or "cr80_portrait")


def _calibration(ctx: CliContext) -> int:
    out = ctx.args.arg
    if not out:
        raise DomainError("badges.cli.out_missing")
    template = _template(ctx)
    render_calibration(template, out, lang=current_language(), offset_mm=_offset(ctx.args.offset))
    print(t("badges.cli.calibration_written", path=out, template=template.name))
    return 0


def _render(ctx: CliContext) -> int:
    args = ctx.args
    if args.reprint and not (args.reason or "").strip():
        raise DomainError("badges.reprint.reason_required")
    if args.reason and not args.reprint:
        raise DomainError("badges.cli.reason_without_reprint")
    event = ctx.event()
    template = _template(ctx)
    selection = BadgeSelection(
        query=args.search or "",
        category_codes=frozenset(c for c in args.category if c.strip()),
        ids=_ids(args.ids),
        not_printed=args.not_printed,
        changed_since_printed=args.changed,
        sort=args.sort,
    )
    run = render_and_record(
        ctx.db, event.id, selection, template, args.target, lang=current_language(),
        offset_mm=_offset(args.offset), station=ctx.station, printed_by=_user(),
        reprint_reason=args.reason if args.reprint else None,
    )
    rendered = run.rendered
    if args.json:
        ctx.print_json({
            "path": args.target, "template": template.name, "pages": rendered.pages,
            "shortened": [{"delegate_id": s.delegate_id, "name": s.name, "fields": list(s.fields)}
                          for s in rendered.shortened],
            "badges": [{"delegate_id": b.delegate_id, "badge_version": b.badge_version, "code": b.code}
                       for b in rendered.badges],
            "skipped": [{"delegate_id": s.delegate_id, "full_name": s.full_name, "reason": s.reason}
                        for s in rendered.skipped],
        })
    else:
        print(t("badges.cli.written", path=args.target, count=len(rendered.badges), pages=rendered.pages,
                template=template.name))
        for skipped in rendered.skipped:
            print(t(f"badges.cli.skipped.{skipped.reason}", id=skipped.delegate_id, name=skipped.full_name),
                  file=sys.stderr)
    if rendered.shortened:
        print(t("cli.warning_prefix") + shortened_text(rendered.shortened, limit=50), file=sys.stderr)
    return 0


def _user() -> str:
    try:
        return getpass.getuser()[:100]
    except Exception:  # no login name (service account, odd container): the station still says where
        return ""
