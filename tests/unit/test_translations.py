"""The one catalog is complete: every key in both languages, every key the code uses exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from confman.i18n import LANGUAGES, compile_catalogs, load_catalog, read_po_messages, t

SOURCE = Path(__file__).resolve().parents[2] / "confman"
KEY_CALL = re.compile(r"""\bt\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""")
ERROR_CODE = re.compile(r"""DomainError\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""")


def _source_matches(pattern: re.Pattern[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in SOURCE.rglob("*.py"):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(1), str(path.relative_to(SOURCE.parent)))
    return found


@pytest.fixture(scope="module")
def catalogs() -> dict[str, dict[str, str]]:
    return {lang: read_po_messages(lang) for lang in LANGUAGES}


def test_both_languages_have_the_same_keys(catalogs):
    vi, en = set(catalogs["vi"]), set(catalogs["en"])
    assert sorted(vi - en) == [], "keys missing in English"
    assert sorted(en - vi) == [], "keys missing in Vietnamese"


def test_no_message_is_empty(catalogs):
    for lang, messages in catalogs.items():
        assert [k for k, v in messages.items() if not v.strip()] == [], lang


def test_placeholders_match_between_languages(catalogs):
    def names(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    mismatched = [k for k in catalogs["vi"] if k in catalogs["en"]
                  and names(catalogs["vi"][k]) != names(catalogs["en"][k])]
    assert mismatched == []


def test_every_key_used_in_the_code_is_translated(catalogs):
    used = _source_matches(KEY_CALL)
    missing = {k: where for k, where in used.items() if any(k not in catalogs[lang] for lang in LANGUAGES)}
    assert missing == {}


def test_every_error_code_raised_has_a_message(catalogs):
    raised = _source_matches(ERROR_CODE)
    missing = {c: where for c, where in raised.items()
               if any(f"error.{c}" not in catalogs[lang] for lang in LANGUAGES)}
    assert missing == {}


def test_vietnamese_messages_are_nfc(catalogs):
    import unicodedata

    assert [k for k, v in catalogs["vi"].items() if unicodedata.normalize("NFC", v) != v] == []


def test_compiled_catalog_matches_the_sources(tmp_path, catalogs):
    compile_catalogs()
    for lang in LANGUAGES:
        load_catalog.cache_clear()
        assert dict(load_catalog(lang)) == {k: v for k, v in catalogs[lang].items()}


def test_missing_keys_fall_back_visibly():
    assert t("no.such.key") == "no.such.key"
    assert t("nav.delegates", "en") == "Delegates"
    assert t("shell.database", "vi", location="C:\\dữ liệu") == "CSDL: C:\\dữ liệu"
