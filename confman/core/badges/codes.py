"""Badge codes: the digits-only, signed QR payload printed on every badge.

Layout, all decimal digits::

    F  Le Ld Lv  E…  D…  V…  S…
    │  └──┴──┴─ lengths (1–9) of the three fields that follow
    └ format digit: 2 (current) or 1 (badges printed before format 2)

* ``E`` event id, ``D`` delegate id, ``V`` badge version: non-negative integers without
  leading zeros, ``Le + Ld + Lv <= 16``.
* ``S``: the signature, ``int.from_bytes(HMAC-SHA256(secret, prefix)[:n]) % 10**digits`` where
  ``prefix`` is every digit before the signature (so the format and the field lengths are
  signed too, and the two formats never share a signature).

  - format 2: 19 digits from 16 bytes — 10**19 ≈ 2**63.1 possible signatures, so that a
    desk's offline copy, which holds only a hash of each valid code (see
    ``confman.core.checkin.offline_queue``), costs about 2**62 hash evaluations per badge
    to forge; at most 39 digits, 28–31 for usual ids (a 21 × 21 QR symbol at error
    correction M holds 34).
  - format 1: 10 digits from 8 bytes (≈ 2**33.2), at most 30 digits.  Still accepted by the
    server, which holds the secret; never verifiable offline (the hash of a code with a 33-bit
    signature would be brute-forced in minutes).

Digits only, because Vietnamese input methods (Unikey/EVKey, Telex/VNI) rewrite letters
typed by keyboard-wedge scanners, and QR numeric mode is the densest.  The encoding is
canonical: one (format, event, delegate, version) has exactly one code.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from confman.core.errors import DomainError

#: the format new badges get
CURRENT_FORMAT = 2
#: format → (signature digits, HMAC bytes they are taken from)
SIGNATURES: dict[int, tuple[int, int]] = {1: (10, 8), 2: (19, 16)}
#: formats a desk can verify offline from hashed verifiers (≥ 2**60 work to forge one)
OFFLINE_FORMATS = frozenset({2})
_HEADER = 1 + 3
_MAX_FIELD_DIGITS = 16
MAX_CODE_DIGITS = _HEADER + _MAX_FIELD_DIGITS + max(digits for digits, _ in SIGNATURES.values())
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


_SIGNING = {str(fmt): (digits, size, 10**digits) for fmt, (digits, size) in SIGNATURES.items()}


def _signature(secret: bytes, signed: str) -> str:
    digits, size, modulus = _SIGNING[signed[0]]
    digest = hmac.digest(secret, signed.encode("ascii"), "sha256")
    return f"{int.from_bytes(digest[:size], 'big') % modulus:0{digits}d}"


def verifier(salt: bytes, code: str) -> bytes:
    """What a desk stores instead of a code: SHA-256 of a per-copy salt and the code (16 bytes).

    Knowing it, finding the code means trying every signature (10**19 for format 2)."""
    return hashlib.sha256(salt + code.encode("ascii")).digest()[:16]


def make_code(
    *, event_id: int, delegate_id: int, badge_version: int, secret: bytes, format: int = CURRENT_FORMAT,
) -> str:
    """The code printed on a badge (``format=1`` only for tests of already printed badges).

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
    if format not in SIGNATURES:
        raise DomainError("badges.code.out_of_range", field="format", value=format)
    signed = str(format) + "".join(str(len(f)) for f in fields) + "".join(fields)
    return signed + _signature(secret, signed)


def parse_code(code: str) -> ParsedCode | None:
    """Split a scanned code into its fields; None unless it is a well-formed code of a known format.

    Surrounding whitespace (a scanner's Enter or Tab) is ignored; anything else that is not
    an ASCII digit makes the code malformed.
    """
    if not isinstance(code, str):
        return None
    code = code.strip()
    if not code or len(code) > MAX_CODE_DIGITS or not _DIGITS.issuperset(code):
        return None
    fmt = int(code[0])
    if fmt not in SIGNATURES:
        return None
    signature_digits = SIGNATURES[fmt][0]
    if len(code) < _HEADER + 3 + signature_digits:
        return None
    lengths = [int(c) for c in code[1:_HEADER]]
    if 0 in lengths or sum(lengths) > _MAX_FIELD_DIGITS or len(code) != _HEADER + sum(lengths) + signature_digits:
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
        format=fmt,
        event_id=values[0],
        delegate_id=values[1],
        badge_version=values[2],
        signed=code[:position],
        signature=code[position:],
    )


def signature_ok(parsed: ParsedCode, secret: bytes) -> bool:
    """Constant-time check of the code's signature with the event's secret."""
    return hmac.compare_digest(_signature(secret, parsed.signed), parsed.signature)


@dataclass(frozen=True, slots=True)
class CodeCheck:
    """What the code alone says at the door of an event: its structure and signature."""

    status: Literal["valid", "bad_signature", "wrong_event", "malformed"]
    parsed: ParsedCode | None = None


def check_code(code: str, *, event_id: int, secret_for_event: Callable[[int], bytes | None]) -> CodeCheck:
    """Structure and signature of a scanned code at the door of ``event_id``.

    * ``malformed``: not a code of a known format.
    * ``bad_signature``: forged or mistyped — also for a code naming an event whose secret is
      unknown here (an unknown event is not evidence of a genuine badge).
    * ``wrong_event``: a genuine code of another event.
    * ``valid``: signed by ``event_id``'s secret; the badge version is the door's business.

    Raises ``DomainError("badges.code.secret_missing")`` when ``event_id`` has no secret.
    """
    parsed = parse_code(code)
    if parsed is None:
        return CodeCheck("malformed")
    if parsed.event_id != event_id:
        other = secret_for_event(parsed.event_id)
        if other and signature_ok(parsed, other):
            return CodeCheck("wrong_event", parsed)
        return CodeCheck("bad_signature", parsed)
    secret = secret_for_event(event_id)
    if not secret:
        raise DomainError("badges.code.secret_missing", event_id=event_id)
    return CodeCheck("valid" if signature_ok(parsed, secret) else "bad_signature", parsed)


def verify_code(
    code: str,
    *,
    event_id: int,
    secret_for_event: Callable[[int], bytes | None],
    current_badge_version: Callable[[int], int | None],
) -> Verification:
    """Check a scanned code at the door of ``event_id``, offline.

    * ``malformed``, ``bad_signature``, ``wrong_event``: see :func:`check_code`.
    * ``unknown``: signed correctly but ``current_badge_version`` does not know the delegate,
      or the code's version is newer than the current one (e.g. a database restored from
      an older backup).
    * ``replaced``: an older version of a reprinted badge.
    * ``valid``: otherwise.  Whether the delegate is cancelled is the check-in service's call.

    Raises ``DomainError("badges.code.secret_missing", event_id=…)`` when ``event_id``
    itself has no secret.  The signature comparison is constant-time.
    """
    checked = check_code(code, event_id=event_id, secret_for_event=secret_for_event)
    parsed = checked.parsed
    if parsed is None:
        return Verification("malformed")
    ids = (parsed.event_id, parsed.delegate_id, parsed.badge_version)
    if checked.status != "valid":
        return Verification(checked.status, *ids)
    current = current_badge_version(parsed.delegate_id)
    if current is None or parsed.badge_version > current:
        return Verification("unknown", *ids)
    if parsed.badge_version < current:
        return Verification("replaced", *ids)
    return Verification("valid", *ids)
