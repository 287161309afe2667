"""argparse's own words (usage, section titles, its error messages) through the one catalog.

argparse looks its messages up with ``gettext`` in the ``argparse`` domain, which no Vietnamese
system has: without this, ``confman badges`` with a missing argument answered a Vietnamese user
in English ("usage: …", "error: the following arguments are required"). A message argparse adds
in a later Python, not listed here, stays in English rather than failing.
"""

from __future__ import annotations

import argparse

from confman.i18n import t

#: argparse's message (as Python 3.11–3.13 spell it) → catalog key.
MESSAGES: dict[str, str] = {
    "usage: ": "cli.argparse.usage",
    "positional arguments": "cli.argparse.positionals",
    "options": "cli.argparse.options",
    "show this help message and exit": "cli.argparse.help",
    "%(prog)s: error: %(message)s\n": "cli.argparse.error",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "the following arguments are required: %s": "cli.argparse.required",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "expected one argument": "cli.argparse.expected_one",
    "expected at most one argument": "cli.argparse.expected_at_most_one",
    "expected at least one argument": "cli.argparse.expected_at_least_one",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "not allowed with argument %s": "cli.argparse.not_allowed_with",
    "one of the arguments %s is required": "cli.argparse.one_required",
    "ignored explicit argument %r": "cli.argparse.ignored_explicit",
    "unexpected option string: %s": "cli.argparse.unexpected_option",
}
#: (singular, plural) → catalog key (``…_one`` for a count of one); the translation holds ``%s`` for the count.
PLURALS: dict[tuple[str, str], str] = {
    ("expected %s argument", "expected %s arguments"): "cli.argparse.expected_n",
}


def _gettext(message: str) -> str:
    key = MESSAGES.get(message)
    return t(key) if key else message


def _ngettext(singular: str, plural: str, count: int) -> str:
    key = PLURALS.get((singular, plural))
    if key:
        return t(f"{key}_one" if count == 1 else key)
    return singular if count == 1 else plural


def translate_argparse() -> None:
    """Make argparse read its messages from the catalog, in the current language at each use."""
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]
