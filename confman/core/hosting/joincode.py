"""The join code: everything a desk needs to reach the host, in one short text (and a QR code).

Layout (version 1), before encoding::

    flags (1) | IPv4 address (4) | port (2) | password (10) | certificate SHA-256, first 16 bytes |
    [database and role, each length-prefixed, when flags & 1] | checksum (4)

The checksum is the first 4 bytes of SHA-256 over everything before it, so a mistyped or
altered code is refused before anything is tried. The text is Crockford base32 (digits and
capital letters without I, L, O, U; those read as 1, 1, 0 and V), grouped by five after ``CM1``,
which a QR code stores in its compact alphanumeric mode and a person can read aloud.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from dataclasses import dataclass

from confman.core.errors import DomainError

PREFIX = "CM1"
DEFAULT_DATABASE = "confman"
DEFAULT_ROLE = "confman_desk"
PASSWORD_BYTES = 10
FINGERPRINT_BYTES = 16
CHECKSUM_BYTES = 4
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_DECODE = {c: i for i, c in enumerate(_ALPHABET)} | {"O": 0, "I": 1, "L": 1, "U": 27}
_SEPARATORS = re.compile(r"[\s\-_.]+")


@dataclass(frozen=True, slots=True)
class JoinInfo:
    """What a join code holds."""

    address: str
    port: int
    password: str  # hex of the random bytes
    fingerprint: str  # hex prefix of the certificate's SHA-256
    database: str = DEFAULT_DATABASE
    role: str = DEFAULT_ROLE

    def matches(self, full_fingerprint: str) -> bool:
        return full_fingerprint.lower().startswith(self.fingerprint.lower())


def _b32encode(data: bytes) -> str:
    bits = int.from_bytes(data, "big")
    count = (len(data) * 8 + 4) // 5
    bits <<= count * 5 - len(data) * 8
    return "".join(_ALPHABET[(bits >> (5 * (count - 1 - i))) & 31] for i in range(count))


def _b32decode(text: str) -> bytes | None:
    """The bytes, or None when the text is not what ``_b32encode`` writes (a changed last letter
    that only touches the padding bits would otherwise go unnoticed)."""
    value = 0
    for char in text:
        value = value * 32 + _DECODE[char]
    size = len(text) * 5 // 8
    padding = len(text) * 5 - size * 8
    if padding >= 5 or value & ((1 << padding) - 1):
        return None
    return (value >> padding).to_bytes(size, "big")


def _checksum(payload: bytes) -> bytes:
    return hashlib.sha256(payload).digest()[:CHECKSUM_BYTES]


def encode(info: JoinInfo) -> str:
    """The code text: ``CM1-XXXXX-XXXXX-…``."""
    names = (info.database, info.role) != (DEFAULT_DATABASE, DEFAULT_ROLE)
    payload = bytes([1 if names else 0]) + ipaddress.IPv4Address(info.address).packed
    payload += info.port.to_bytes(2, "big") + bytes.fromhex(info.password)
    payload += bytes.fromhex(info.fingerprint)[:FINGERPRINT_BYTES]
    if names:
        for name in (info.database, info.role):
            raw = name.encode("utf-8")
            payload += bytes([len(raw)]) + raw
    text = _b32encode(payload + _checksum(payload))
    return "-".join([PREFIX, *(text[i:i + 5] for i in range(0, len(text), 5))])


def normalise(text: str) -> str:
    """The code as typed or scanned, without spaces, dashes and case differences."""
    return _SEPARATORS.sub("", text.strip().upper())


def decode(text: str) -> JoinInfo:
    """Read a code; ``hosting.code.*`` errors say what is wrong with it."""
    compact = normalise(text)
    if not compact:
        raise DomainError("hosting.code.empty")
    if compact[:3].replace("L", "1").replace("I", "1") != PREFIX:
        raise DomainError("hosting.code.not_a_code")
    body = compact[len(PREFIX):]
    bad = sorted({c for c in body if c not in _DECODE})
    if bad:
        raise DomainError("hosting.code.bad_characters", characters=" ".join(bad))
    raw = _b32decode(body)
    if raw is None:
        raise DomainError("hosting.code.checksum")
    minimum = 1 + 4 + 2 + PASSWORD_BYTES + FINGERPRINT_BYTES + CHECKSUM_BYTES
    if len(raw) < minimum:
        raise DomainError("hosting.code.too_short")
    payload, checksum = raw[:-CHECKSUM_BYTES], raw[-CHECKSUM_BYTES:]
    if _checksum(payload) != checksum:
        raise DomainError("hosting.code.checksum")
    flags = payload[0]
    address = str(ipaddress.IPv4Address(payload[1:5]))
    port = int.from_bytes(payload[5:7], "big")
    cursor = 7
    password = payload[cursor:cursor + PASSWORD_BYTES].hex()
    cursor += PASSWORD_BYTES
    fingerprint = payload[cursor:cursor + FINGERPRINT_BYTES].hex()
    cursor += FINGERPRINT_BYTES
    database, role = DEFAULT_DATABASE, DEFAULT_ROLE
    try:
        if flags & 1:
            names = []
            for _ in range(2):
                size = payload[cursor]
                names.append(payload[cursor + 1:cursor + 1 + size].decode("utf-8"))
                cursor += 1 + size
            database, role = names
    except (IndexError, UnicodeDecodeError) as exc:
        raise DomainError("hosting.code.checksum") from exc
    if port == 0 or flags & ~1:
        raise DomainError("hosting.code.not_a_code")
    return JoinInfo(address=address, port=port, password=password, fingerprint=fingerprint,
                    database=database, role=role)
