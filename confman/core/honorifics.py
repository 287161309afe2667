"""Honorifics (danh xưng) as documents in English print them: "Ông" → "Mr", "Bà" → "Ms".

Delegates' honorifics are stored as typed (usually Vietnamese).  A document in English shows the
English form; one without an English equivalent ("Đồng chí") is left out rather than printed in
Vietnamese, and anything not in the table (a foreign guest's "Dr") is kept as it is.
"""

from __future__ import annotations

import unicodedata

ENGLISH_HONORIFICS: dict[str, str] = {
    "ông": "Mr", "ong": "Mr", "bà": "Ms", "ba": "Ms", "anh": "Mr", "chị": "Ms", "chi": "Ms",
    "ngài": "H.E.", "ngai": "H.E.", "đồng chí": "", "dong chi": "", "đ/c": "", "đc": "",
    "gs.": "Prof.", "gs": "Prof.", "pgs.": "Assoc. Prof.", "pgs": "Assoc. Prof.", "ts.": "Dr", "ts": "Dr",
    "gs.ts.": "Prof. Dr", "gs.ts": "Prof. Dr", "pgs.ts.": "Assoc. Prof. Dr", "pgs.ts": "Assoc. Prof. Dr",
    "ths.": "", "ths": "", "bs.": "Dr", "bs": "Dr",
}


def honorific_for(honorific: str, lang: str) -> str:
    """``honorific`` as a document in ``lang`` prints it."""
    text = " ".join(unicodedata.normalize("NFC", honorific or "").split())
    if lang != "en" or not text:
        return text
    return ENGLISH_HONORIFICS.get(text.casefold(), text)


def with_honorific(honorific: str, name: str, lang: str) -> str:
    """"Ông Nguyễn Văn An" / "Mr Nguyễn Văn An"."""
    shown = honorific_for(honorific, lang)
    return f"{shown} {name}".strip() if shown else name.strip()


__all__ = ["ENGLISH_HONORIFICS", "honorific_for", "with_honorific"]
