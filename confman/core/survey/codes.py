"""The identifier hidden in every unit's form and printed as its QR code.

Digits only (scanners type through Vietnamese input methods, which rewrite letters)::

    8  Ls Lo  S…  O…  G G G G G G G G G G G G

``8`` is the format digit (badge codes start with 1), ``Ls``/``Lo`` the lengths of the survey
id and the organization id, ``G`` 12 digits of HMAC-SHA256 with the survey's random secret over
every digit before them (≈ 40 bits: a forged identifier passes once in 10¹² tries).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

FORMAT_DIGIT = "8"
SIGNATURE_DIGITS = 12
_MODULUS = 10**SIGNATURE_DIGITS


@dataclass(frozen=True, slots=True)
class FormCode:
    survey_id: int
    organization_id: int
    signed: str
    signature: str


def _signature(secret: bytes, signed: str) -> str:
    digest = hmac.digest(secret, signed.encode("ascii"), "sha256")
    return f"{int.from_bytes(digest[:8], 'big') % _MODULUS:0{SIGNATURE_DIGITS}d}"


def make_form_code(survey_id: int, organization_id: int, secret: bytes) -> str:
    """The identifier of one unit's form of one survey."""
    s, o = str(int(survey_id)), str(int(organization_id))
    if len(s) > 9 or len(o) > 9 or not secret:
        raise ValueError("survey form code out of range")
    signed = f"{FORMAT_DIGIT}{len(s)}{len(o)}{s}{o}"
    return signed + _signature(secret, signed)


def parse_form_code(text: object) -> FormCode | None:
    """The structure of an identifier (None when it is not one); says nothing about its signature."""
    code = str(text or "").strip()
    if not code.isdigit() or not code.isascii() or len(code) < 3 + 2 + SIGNATURE_DIGITS or code[0] != FORMAT_DIGIT:
        return None
    ls, lo = int(code[1]), int(code[2])
    if not ls or not lo or len(code) != 3 + ls + lo + SIGNATURE_DIGITS:
        return None
    s, o = code[3:3 + ls], code[3 + ls:3 + ls + lo]
    if s.startswith("0") or o.startswith("0"):
        return None
    signed = code[: 3 + ls + lo]
    return FormCode(int(s), int(o), signed, code[len(signed):])


def signature_valid(code: FormCode, secret: bytes) -> bool:
    return bool(secret) and hmac.compare_digest(code.signature, _signature(secret, code.signed))


def sign_text(secret: bytes, text: str) -> str:
    """A hex HMAC of ``text`` (the layout map a form carries beside its identifier)."""
    return hmac.digest(secret, text.encode("utf-8"), "sha256").hex()[:32]
