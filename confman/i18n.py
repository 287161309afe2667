"""The one translation catalog for the UI, the CLI and printed documents.

Messages are keyed (``"nav.delegates"``, ``"error.phone.letters"``) and written in
gettext ``.po`` files, one per feature, under ``resources/translations/<lang>/``.
``compile_catalogs()`` merges them into ``<lang>/LC_MESSAGES/confman.mo`` (done at
build time by ``build.spec``); at run time a fresh ``.mo`` is loaded with the
standard library, and a checkout without one (or with newer ``.po`` files) parses
the ``.po`` files directly. Placeholders use ``str.format`` names: ``t("shell.database", location=path)``.
"""

from __future__ import annotations

import gettext
import string
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from confman.paths import resource_path

LANGUAGES: tuple[str, ...] = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
DOMAIN = "confman"

_current_language = DEFAULT_LANGUAGE


def translations_dir() -> Path:
    return resource_path("translations")


def po_files(lang: str) -> list[Path]:
    """The source ``.po`` files of a language, in a stable order."""
    return sorted((translations_dir() / lang).glob("*.po"))


def mo_path(lang: str) -> Path:
    return translations_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def read_po_messages(lang: str) -> dict[str, str]:
    """Parse every ``.po`` file of ``lang`` into one ``{msgid: msgstr}`` mapping (Babel)."""
    from babel.messages.pofile import read_po

    messages: dict[str, str] = {}
    for path in po_files(lang):
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        for message in catalog:
            if message.id and isinstance(message.id, str):
                messages[message.id] = message.string if isinstance(message.string, str) else ""
    return messages


def compile_catalogs() -> list[Path]:
    """Merge each language's ``.po`` files into its ``confman.mo``; returns the written paths."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    written = []
    for lang in LANGUAGES:
        catalog = Catalog(locale=lang, domain=DOMAIN)
        for msgid, msgstr in sorted(read_po_messages(lang).items()):
            catalog.add(msgid, msgstr)
        target = mo_path(lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as fh:
            write_mo(fh, catalog)
        written.append(target)
    load_catalog.cache_clear()
    return written


@cache
def load_catalog(lang: str) -> Mapping[str, str]:
    """The compiled catalog of ``lang``; falls back to parsing the ``.po`` files in a checkout."""
    path = mo_path(lang)
    sources = po_files(lang)
    fresh = path.is_file() and all(src.stat().st_mtime <= path.stat().st_mtime for src in sources)
    if fresh:
        with path.open("rb") as fh:
            translations = gettext.GNUTranslations(fh)
        return {k: v for k, v in translations._catalog.items() if isinstance(k, str) and k}  # type: ignore[attr-defined]
    return read_po_messages(lang)


class _KeepMissing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _format(text: str, params: Mapping[str, Any]) -> str:
    if not params:
        return text
    try:
        return string.Formatter().vformat(text, (), _KeepMissing(params))
    except (ValueError, IndexError, KeyError):
        return text


def set_language(lang: str) -> None:
    """Set the process-wide language used when ``t`` gets no ``lang``."""
    global _current_language
    _current_language = lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def current_language() -> str:
    return _current_language


def t(msgid: str, lang: str | None = None, /, **params: Any) -> str:
    """Translate ``msgid`` into ``lang`` (default: the current language) and fill its placeholders.

    A message missing in ``lang`` falls back to the other language, then to the key itself,
    so a gap shows up as visible text rather than a crash (tests keep the catalog complete).
    """
    language = lang or _current_language
    text = load_catalog(language).get(msgid)
    if not text:
        for other in LANGUAGES:
            text = load_catalog(other).get(msgid)
            if text:
                break
    return _format(text or msgid, params)


def has_message(msgid: str, lang: str) -> bool:
    return bool(load_catalog(lang).get(msgid))
