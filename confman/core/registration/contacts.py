"""Contacts that need checking: a phone or e-mail that failed the rules, remembered on the delegate.

A phone or e-mail that fails ``confman.core.text``'s rules (``normalize_phone``,
``normalize_email``) does not cost the delegate: the field is stored empty and the delegate keeps
a *contact issue* — which field, the rule's error code (``phone.letters``, ``phone.invalid``,
``email.invalid``) and the value as it was given — until someone corrects it. The import sets it
(its ``import.row.field_dropped`` warnings), so do the delegate dialog and the walk-in desk when
they save such a value; saving a valid value, or none, for that field clears it.

Stored in four columns of ``delegates`` (``phone_issue``, ``phone_issue_value``, ``email_issue``,
``email_issue_value``): empty strings mean "nothing to check".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from confman.core.errors import DomainError
from confman.core.text import clean_text, normalize_email, normalize_phone
from confman.i18n import has_message, t

#: The contact fields that can need checking, in display order.
CONTACT_FIELDS: tuple[str, ...] = ("phone", "email")
#: Longest value as given that is kept (characters).
MAX_VALUE = 300
#: The exported lists' last column saying what to check (the Delegates page's export and the
#: Reports page's delegate list): its header's message id and its width in characters.
CHECK_COLUMN_KEY = "contacts.export.column"
CHECK_COLUMN_WIDTH = 45
_NORMALISERS = {"phone": normalize_phone, "email": normalize_email}


@dataclass(frozen=True, slots=True)
class ContactIssue:
    """A phone or e-mail that failed the rules: ``field`` (``phone``/``email``), the rule's error ``code``
    and the ``value`` as given (the stored field is empty)."""

    field: str
    code: str
    value: str

    def error(self) -> DomainError:
        """The error the rule raised, for ``confman.messages.describe``."""
        return DomainError(self.code, field=self.field, value=self.value)

    def text(self, lang: str | None = None) -> str:
        """What needs checking, as a sentence naming the field and why ("Điện thoại "0912 34" không
        hợp lệ (…)") for the window's tooltips, the dialog, the CLI and the exported list."""
        key = f"contacts.issue.{self.code}"
        if not has_message(key, "vi"):
            return t("contacts.issue.other", lang, field=t(f"contacts.field.{self.field}", lang), value=self.value)
        return t(key, lang, value=self.value)


def issues_text(issues: Iterable[ContactIssue], lang: str | None = None) -> str:
    """Every issue's sentence, one per line."""
    return "\n".join(issue.text(lang) for issue in issues)


def check_column_header(lang: str | None = None) -> str:
    """The header of the exported lists' "what to check" column ("Liên hệ cần kiểm tra")."""
    return t(CHECK_COLUMN_KEY, lang)


def check_column_text(issues: Iterable[ContactIssue], lang: str | None = None) -> str:
    """A delegate's cell in that column: every issue's sentence, ``"; "``-separated ("" when none)."""
    return "; ".join(issue.text(lang) for issue in issues)


def check_contact(phone: object, email: object) -> tuple[str, str, tuple[ContactIssue, ...]]:
    """``(phone, email, issues)``: each value normalised by the core's rules, or left empty and named
    in ``issues`` when it fails them."""
    values: dict[str, str] = {}
    issues: list[ContactIssue] = []
    for name, raw in (("phone", phone), ("email", email)):
        try:
            values[name] = _NORMALISERS[name](raw, field=name)
        except DomainError as exc:
            values[name] = ""
            issues.append(ContactIssue(name, exc.code, given_value(raw)))
    return values["phone"], values["email"], tuple(issues)


def given_value(raw: object) -> str:
    """The value as given, cleaned (NFC, one line) and cut to ``MAX_VALUE`` characters."""
    return clean_text(raw)[:MAX_VALUE]


def columns(issues: Iterable[ContactIssue]) -> dict[str, str]:
    """The four stored columns for ``issues`` (fields without an issue get empty strings)."""
    found = {issue.field: issue for issue in issues}
    out: dict[str, str] = {}
    for name in CONTACT_FIELDS:
        issue = found.get(name)
        out[f"{name}_issue"] = issue.code if issue else ""
        out[f"{name}_issue_value"] = issue.value[:MAX_VALUE] if issue else ""
    return out


def from_columns(phone_issue: str | None, phone_value: str | None, email_issue: str | None,
                 email_value: str | None) -> tuple[ContactIssue, ...]:
    """The issues the four stored columns hold."""
    out = []
    if phone_issue:
        out.append(ContactIssue("phone", phone_issue, phone_value or ""))
    if email_issue:
        out.append(ContactIssue("email", email_issue, email_value or ""))
    return tuple(out)


def from_import_warnings(warnings: Iterable[Any]) -> tuple[ContactIssue, ...]:
    """The issues of an import row: its ``import.row.field_dropped`` warnings (the first per field)."""
    found: dict[str, ContactIssue] = {}
    for warning in warnings:
        if warning.code != "import.row.field_dropped":
            continue
        params = warning.params
        name = params.get("field")
        if name in CONTACT_FIELDS and name not in found:
            found[name] = ContactIssue(name, str(params.get("error_code", "")), str(params.get("value", "")))
    return tuple(found[name] for name in CONTACT_FIELDS if name in found)


def after_merge(current: Sequence[ContactIssue], incoming: Sequence[ContactIssue],
                values: Mapping[str, Any]) -> tuple[ContactIssue, ...]:
    """A merged person's issues: a field that now holds a value has none; otherwise the person's own
    issue stays, else the incoming row's is taken."""
    mine = {i.field: i for i in current}
    theirs = {i.field: i for i in incoming}
    out = []
    for name in CONTACT_FIELDS:
        if values.get(name):
            continue
        issue = mine.get(name) or theirs.get(name)
        if issue is not None:
            out.append(issue)
    return tuple(out)
