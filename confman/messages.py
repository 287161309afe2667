"""Turn domain error codes into sentences (for the UI and the CLI alike)."""

from __future__ import annotations

from confman.core.errors import DomainError
from confman.i18n import has_message, t


def describe(error: DomainError, lang: str | None = None) -> str:
    """The translated message for ``error``; unknown codes still say which code failed."""
    msgid = f"error.{error.code}"
    params = {k: ("" if v is None else v) for k, v in error.params.items()}
    if has_message(msgid, lang or "vi") or has_message(msgid, "en"):
        return t(msgid, lang, **params)
    return t("error.generic", lang, code=error.code, detail=str(error))
