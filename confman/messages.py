"""Turn domain error codes into sentences (for the UI and the CLI alike)."""

from __future__ import annotations

from confman.core.errors import DomainError
from confman.i18n import has_message, t


def field_label(field: str, lang: str | None = None) -> str:
    """The name a user reads for a stored field ("phone" → "Điện thoại"); unknown fields as they are."""
    key = f"field.{field}"
    return t(key, lang) if has_message(key, "vi") else field


def describe(error: DomainError, lang: str | None = None) -> str:
    """The translated message for ``error``; unknown codes still say which code failed.

    A ``field`` parameter is shown by its label, so every message names "Điện thoại", not "phone".
    A ``variant`` parameter picks the more specific message ``error.<code>.<variant>`` when there
    is one (``import.unsupported_format`` says what the file is instead: a web page without a
    table, another XML document…).
    """
    msgid = f"error.{error.code}"
    variant = error.params.get("variant")
    if isinstance(variant, str) and variant and has_message(f"{msgid}.{variant}", lang or "vi"):
        msgid = f"{msgid}.{variant}"
    params = {k: ("" if v is None else v) for k, v in error.params.items()}
    if isinstance(params.get("field"), str):
        params["field"] = field_label(params["field"], lang)
    if has_message(msgid, lang or "vi") or has_message(msgid, "en"):
        return t(msgid, lang, **params)
    return t("error.generic", lang, code=error.code, detail=str(error))
