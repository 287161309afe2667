"""Badge codes: the digits-only, signed QR payload printed on every badge.

Layout (format 1), all decimal digits, at most 30::

    1  Le Ld Lv  E…  D…  V…  S S S S S S S S S S
    │  └──┴──┴─ lengths (1–9) of the three fields that follow
    └ format digit

* ``E`` event id, ``D`` delegate id, ``V`` badge version: non-negative integers without
  leading zeros, ``Le + Ld + Lv <= 16`` (event 99999, delegate 9999999 and version 99 give
  28 digits).
* ``S``: 10 digits, ``int.from_bytes(HMAC-SHA256(secret, prefix)[:8]) % 10**10`` where
  ``prefix`` is every digit before the signature (so the format and the field lengths are
  signed too).  10**10 ≈ 2**33.2: a guessed code passes with probability 1e-10.

Digits only, because Vietnamese input methods (Unikey/EVKey, Telex/VNI) rewrite letters
typed by keyboard-wedge scanners, and QR numeric mode is the densest (≤ 34 digits fit a
21 × 21 version-1 symbol at error correction M).  The encoding is canonical: one
(event, delegate, version) has exactly one code.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from confman.core.errors import DomainError

FORMAT_DIGIT = "1"
SIGNATURE_DIGITS = 10
MAX_CODE_DIGITS = 30
_HEADER = 1 + 3
_MAX_FIELD_DIGITS = MAX_CODE_DIGITS - _HEADER - SIGNATURE_DIGITS
_SIGNATURE_MODULUS = 10**SIGNATURE_DIGITS
_DIGITS = frozenset("0123456789")

Status = Literal["valid", "bad_signature", "wrong_event", "replaced", "malformed", "unknown"]


@dataclass(frozen=True, slots=True)
class ParsedCode:
    """The structure of a code; says nothing about its signature."""

    format: int
    event_id: int
    delegate_id: int
    badge_version: int
    signed: str
    """The digits covered by the signature."""
    signature: str


@dataclass(frozen=True, slots=True)
class Verification:
    """Outcome of :func:`verify_code`; the ids are None when the code is malformed."""

    status: Status
    event_id: int | None = None
    delegate_id: int | None = None
    badge_version: int | None = None

    @property
    def valid(self) -> bool:
        return self.status == "valid"


def _signature(secret: bytes, signed: str) -> str:
    digest = hmac.digest(secret, signed.encode("ascii"), "sha256")
    return f"{int.from_bytes(digest[:8], 'big') % _SIGNATURE_MODULUS:0{SIGNATURE_DIGITS}d}"


def make_code(*, event_id: int, delegate_id: int, badge_version: int, secret: bytes) -> str:
    """The code printed on a badge.

    Raises ``DomainError("badges.code.out_of_range", field=…, value=…)`` for a negative id,
    ``"badges.code.too_long"`` when the ids together exceed 16 digits and
    ``"badges.code.secret_missing"`` for an empty secret.
    """
    if not secret:
        raise DomainError("badges.code.secret_missing", event_id=event_id)
    fields = []
    for field, value in (
        ("event_id", event_id),
        ("delegate_id", delegate_id),
        ("badge_version", badge_version),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise DomainError("badges.code.out_of_range", field=field, value=value)
        fields.append(str(value))
    if sum(map(len, fields)) > _MAX_FIELD_DIGITS or any(len(f) > 9 for f in fields):
        raise DomainError("badges.code.too_long", event_id=event_id, delegate_id=delegate_id)
    signed = FORMAT_DIGIT + "".join(str(len(f)) for f in fields) + "".join(fields)
    return signed + _signature(secret, signed)


def parse_code(code: str) -> ParsedCode | None:
    """Split a scanned code into its fields; None unless it is a well-formed format-1 code.

    Surrounding whitespace (a scanner's Enter or Tab) is ignored; anything else that is not
    an ASCII digit makes the code malformed.
    """
    if not isinstance(code, str):
        return None
    code = code.strip()
    if not code or len(code) > MAX_CODE_DIGITS or not _DIGITS.issuperset(code):
        return None
    if len(code) < _HEADER + 3 + SIGNATURE_DIGITS or code[0] != FORMAT_DIGIT:
        return None
    lengths = [int(c) for c in code[1:_HEADER]]
    if 0 in lengths or len(code) != _HEADER + sum(lengths) + SIGNATURE_DIGITS:
        return None
    values = []
    position = _HEADER
    for length in lengths:
        field = code[position : position + length]
        if length > 1 and field[0] == "0":
            return None
        values.append(int(field))
        position += length
    return ParsedCode(
        format=1,
        event_id=values[0],
        delegate_id=values[1],
        badge_version=values[2],
        signed=code[:position],
        signature=code[position:],
    )


def _signature_ok(parsed: ParsedCode, secret: bytes) -> bool:
    return hmac.compare_digest(_signature(secret, parsed.signed), parsed.signature)


def verify_code(
    code: str,
    *,
    event_id: int,
    secret_for_event: Callable[[int], bytes | None],
    current_badge_version: Callable[[int], int | None],
) -> Verification:
    """Check a scanned code at the door of ``event_id``, offline.

    * ``malformed``: not a format-1 code.
    * ``wrong_event``: a genuine (or unverifiable: secret unknown) code of another event;
      a code claiming another event whose secret is known but whose signature fails is
      ``bad_signature``.
    * ``bad_signature``: forged or mistyped.
    * ``unknown``: signed correctly but ``current_badge_version`` does not know the delegate,
      or the code's version is newer than the current one (e.g. a database restored from
      an older backup).
    * ``replaced``: an older version of a reprinted badge.
    * ``valid``: otherwise.  Whether the delegate is cancelled is the check-in service's call.

    Raises ``DomainError("badges.code.secret_missing", event_id=…)`` when ``event_id``
    itself has no secret.  The signature comparison is constant-time.
    """
    parsed = parse_code(code)
    if parsed is None:
        return Verification("malformed")
    ids = (parsed.event_id, parsed.delegate_id, parsed.badge_version)
    if parsed.event_id != event_id:
        other_secret = secret_for_event(parsed.event_id)
        if other_secret and not _signature_ok(parsed, other_secret):
            return Verification("bad_signature", *ids)
        return Verification("wrong_event", *ids)
    secret = secret_for_event(event_id)
    if not secret:
        raise DomainError("badges.code.secret_missing", event_id=event_id)
    if not _signature_ok(parsed, secret):
        return Verification("bad_signature", *ids)
    current = current_badge_version(parsed.delegate_id)
    if current is None or parsed.badge_version > current:
        return Verification("unknown", *ids)
    if parsed.badge_version < current:
        return Verification("replaced", *ids)
    return Verification("valid", *ids)
