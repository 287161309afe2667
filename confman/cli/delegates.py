"""``confman delegates list|add``.

``add`` saves a delegate whose phone or e-mail fails the rules, as the window does: that field stays
empty, the value as given is kept as a contact to check, a warning naming it goes to stderr, exit 0.

The list's JSON is a contract scripts rely on::

    {"total": int, "delegates": [{"id", "full_name", "honorific", "position", "organization",
     "category", "phone", "email", "status", "badge_printed", "checked_in",
     "contact_issues": [{"field", "code", "value", "reason"}]}]}

``total`` counts the event's delegates (recycle bin excluded) before any search or
filter; ``delegates`` holds the matches in Vietnamese name order (given name first).
``category`` is the category's Vietnamese label (the label printed on badges), whatever
the ``--lang``; ``status`` is the stored code (invited/registered/confirmed/cancelled).
``contact_issues`` lists a phone or e-mail that failed the rules and needs checking (``field``
``phone``/``email``, the rule's ``code``, the ``value`` as given — the field itself is empty — and
the ``reason`` as a sentence); ``--needs-check`` lists only those delegates.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from confman.cli.context import CliContext
from confman.core.errors import DomainError
from confman.core.registration.categories import list_categories
from confman.core.registration.rows import DelegateFilters, DelegateInput, DelegateRow
from confman.core.registration.service import (
    create_delegate,
    fetch_delegate_rows,
    find_duplicates,
    search_delegates,
)
from confman.i18n import current_language, t


def register(subparsers: argparse._SubParsersAction) -> None:
    delegates = subparsers.add_parser("delegates", help=t("delegates.cli.help"))
    actions = delegates.add_subparsers(dest="delegates_action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help=t("delegates.cli.list.help"))
    listing.add_argument("--search", default="", metavar="Q", help=t("delegates.cli.opt.search"))
    listing.add_argument("--category", default="", metavar="C", help=t("delegates.cli.opt.category_filter"))
    listing.add_argument("--needs-check", action="store_true", help=t("contacts.cli.opt.needs_check"))
    listing.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    listing.set_defaults(handler=_list)

    add = actions.add_parser("add", help=t("delegates.cli.add.help"))
    add.add_argument("--name", required=True, help=t("delegates.cli.opt.name"))
    add.add_argument("--org", default="", help=t("delegates.cli.opt.org"))
    add.add_argument("--position", default="", help=t("delegates.cli.opt.position"))
    add.add_argument("--phone", default="", help=t("delegates.cli.opt.phone"))
    add.add_argument("--email", default="", help=t("delegates.cli.opt.email"))
    add.add_argument("--category", default=None, metavar="CODE", help=t("delegates.cli.opt.category"))
    add.add_argument("--honorific", default="", help=t("delegates.cli.opt.honorific"))
    add.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    add.set_defaults(handler=_add)


def delegate_json(row: DelegateRow) -> dict[str, Any]:
    """One delegate as in the list contract."""
    return {
        "id": row.id,
        "full_name": row.full_name,
        "honorific": row.honorific,
        "position": row.position,
        "organization": row.organization,
        "category": row.category_label_vi,
        "phone": row.phone,
        "email": row.email,
        "status": row.status.value,
        "badge_printed": row.badge_printed,
        "checked_in": row.checked_in,
        "contact_issues": [{"field": i.field, "code": i.code, "value": i.value, "reason": i.text()}
                           for i in row.contact_issues],
    }


def _category_ids(ctx: CliContext, event_id: int, code: str) -> frozenset[int]:
    if not code:
        return frozenset()
    wanted = code.strip().upper()
    for category in list_categories(ctx.db, event_id):
        if category.code.upper() == wanted:
            return frozenset({category.id})
    raise DomainError("delegates.category_unknown", code=code)


def _list(ctx: CliContext) -> int:
    event = ctx.event()
    filters = DelegateFilters(category_ids=_category_ids(ctx, event.id, ctx.args.category),
                              contact_issues=ctx.args.needs_check)
    result = search_delegates(ctx.db, event.id, ctx.args.search, filters, limit=None)
    if ctx.args.json:
        ctx.print_json({"total": result.total, "delegates": [delegate_json(r) for r in result.rows]})
        return 0
    for row in result.rows:
        category = row.category_label(current_language())
        checks = "; ".join(i.text() for i in row.contact_issues)
        print(" | ".join(part for part in (str(row.id), row.display_name, row.position, row.organization,
                                           category, row.phone, row.email, checks and "⚠ " + checks) if part))
    print(t("delegates.cli.count", shown=result.filtered, total=result.total))
    return 0


def _add(ctx: CliContext) -> int:
    a = ctx.args
    event = ctx.event()
    # As the delegate dialog and the walk-in desk: a mistyped phone or e-mail does not cost the delegate.
    data = DelegateInput(full_name=a.name, honorific=a.honorific, position=a.position, organization=a.org,
                         phone=a.phone, email=a.email, category_code=a.category, flag_invalid_contact=True)
    duplicates = find_duplicates(ctx.db, event.id, full_name=a.name, organization=a.org, phone=a.phone,
                                 email=a.email)
    saved = create_delegate(ctx.db, event.id, data, station=ctx.station)
    for candidate in duplicates:
        print(t("delegates.cli.duplicate_warning", id=candidate.row.id, name=candidate.row.display_name,
                organization=candidate.row.organization), file=sys.stderr)
    for issue in saved.detail.contact_issues:
        print(t("contacts.cli.saved_to_check", problem=issue.text(), id=saved.detail.id), file=sys.stderr)
    row = fetch_delegate_rows(ctx.db, [saved.detail.id])[0]
    if a.json:
        ctx.print_json(delegate_json(row))
    else:
        print(t("delegates.cli.added", id=row.id, name=row.display_name))
    return 0
