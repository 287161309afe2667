"""Honorifics (danh xưng) as documents print them: "Ông" → "Mr", "Bà" → "Ms" in English, and a foreign
guest's "Mr" → "Ông", "Ms" → "Bà" in Vietnamese.

Delegates' honorifics are stored as typed (usually Vietnamese; English for foreign guests).  A document
in English shows the English form; one without an English equivalent ("Đồng chí") is left out rather
than printed in Vietnamese.  A document in Vietnamese shows the Vietnamese form of the usual English
ones ("Kính gửi: Bà Siriporn Chaiyasit", never "Ms").  Anything not in the tables is kept as typed.
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


VIETNAMESE_HONORIFICS: dict[str, str] = {
    "mr": "Ông", "mr.": "Ông", "mister": "Ông", "sir": "Ông", "ms": "Bà", "ms.": "Bà", "mrs": "Bà", "mrs.": "Bà",
    "miss": "Bà", "madam": "Bà", "mme": "Bà", "mme.": "Bà", "h.e.": "Ngài", "h.e": "Ngài",
    "dr": "TS.", "dr.": "TS.", "prof.": "GS.", "prof": "GS.", "assoc. prof.": "PGS.", "prof. dr": "GS.TS.",
    "prof. dr.": "GS.TS.", "assoc. prof. dr": "PGS.TS.", "assoc. prof. dr.": "PGS.TS.",
}


def honorific_for(honorific: str, lang: str) -> str:
    """``honorific`` as a document in ``lang`` prints it."""
    text = " ".join(unicodedata.normalize("NFC", honorific or "").split())
    if not text:
        return text
    table = ENGLISH_HONORIFICS if lang == "en" else VIETNAMESE_HONORIFICS
    return table.get(text.casefold(), text)


def with_honorific(honorific: str, name: str, lang: str) -> str:
    """"Ông Nguyễn Văn An" / "Mr Nguyễn Văn An"."""
    shown = honorific_for(honorific, lang)
    return f"{shown} {name}".strip() if shown else name.strip()


__all__ = ["ENGLISH_HONORIFICS", "VIETNAMESE_HONORIFICS", "honorific_for", "with_honorific"]
