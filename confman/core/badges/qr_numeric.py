"""A fast QR encoder for digit strings: numeric mode, versions 1–6, error correction M, one fixed mask.

Badge codes are digits only and short, so every badge run encodes a thousand symbols of the
same few shapes.  A general encoder (zxing-cpp: ~0.1 ms a symbol) scores all eight masks and
reads the symbol back; this one works out each version's layout once (function patterns,
format information, the order the data modules are filled in, the mask) and then does per
symbol only what depends on the digits: the bit stream, Reed–Solomon, one XOR with the mask
and one gather into place (~25 µs).

The standard lets an encoder use any of the eight masks (the reader takes it from the format
information); mask 0 (the checkerboard) is used.  ISO/IEC 18004:2015 sections 7.4 (numeric
mode), 7.5 (Reed–Solomon), 7.7 (placement), 7.8 (masking) and 7.9 (format information).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from operator import itemgetter

MASK = 0
MAX_VERSION = 6
#: Version -> (error correction codewords per block, blocks, data codewords per block) at level M.
_BLOCKS_M = {1: (10, 1, 16), 2: (16, 1, 28), 3: (26, 1, 44), 4: (18, 2, 32), 5: (24, 2, 43), 6: (16, 4, 27)}
_REMAINDER_BITS = {1: 0, 2: 7, 3: 7, 4: 7, 5: 7, 6: 7}
_FORMAT_BITS_M = 0b00  # error correction level M in the format information
_PADS = b"\xec\x11" * 40
#: Each byte as eight bytes of 0/1, most significant bit first.
_BITS = [bytes((value >> (7 - i)) & 1 for i in range(8)) for value in range(256)]


# -- GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1 ---------------------------------


def _gf_multiply(x: int, y: int) -> int:
    z = 0
    for i in reversed(range(8)):
        z = (z << 1) ^ ((z >> 7) * 0x11D)
        z ^= ((y >> i) & 1) * x
    return z


@cache
def _remainder_table(degree: int) -> tuple[int, ...]:
    """For each leading factor, the generator polynomial times it, as one big-endian integer.

    Dividing by the generator then costs one shift and one XOR per data codeword.
    """
    divisor = [0] * (degree - 1) + [1]
    root = 1
    for _ in range(degree):
        for j in range(degree):
            divisor[j] = _gf_multiply(divisor[j], root)
            if j + 1 < degree:
                divisor[j] ^= divisor[j + 1]
        root = _gf_multiply(root, 0x02)
    return tuple(
        int.from_bytes(bytes(_gf_multiply(coefficient, factor) for coefficient in divisor), "big")
        for factor in range(256)
    )


def _error_correction(data: bytes, degree: int) -> bytes:
    table = _remainder_table(degree)
    shift, keep = 8 * (degree - 1), (1 << (8 * degree)) - 1
    remainder = 0
    for byte in data:
        remainder = ((remainder << 8) & keep) ^ table[byte ^ (remainder >> shift)]
    return remainder.to_bytes(degree, "big")


# -- layout ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Layout:
    size: int
    data_codewords: int
    ec_per_block: int
    blocks: int
    remainder_bits: int
    base: bytes
    """The function patterns and format information, data modules light."""
    mask: int
    """The mask over the data modules in placement order, as one integer of 0/1 bytes."""
    gather: Callable[[bytes], tuple[int, ...]]
    """Picks each module from ``base + masked data stream``."""


@cache
def _layout(version: int) -> _Layout:
    size = 17 + 4 * version
    ec_per_block, blocks, per_block = _BLOCKS_M[version]
    dark = bytearray(size * size)
    function = bytearray(size * size)

    def put(x: int, y: int, is_dark: bool) -> None:
        dark[y * size + x] = 1 if is_dark else 0
        function[y * size + x] = 1

    for i in range(size):  # timing patterns (the finders overwrite their ends)
        put(6, i, i % 2 == 0)
        put(i, 6, i % 2 == 0)
    for cx, cy in ((3, 3), (size - 4, 3), (3, size - 4)):  # finders with their separators
        for dy in range(-4, 5):
            for dx in range(-4, 5):
                x, y = cx + dx, cy + dy
                if 0 <= x < size and 0 <= y < size:
                    distance = max(abs(dx), abs(dy))
                    put(x, y, distance not in (2, 4))
    if version > 1:  # one alignment pattern for versions 2-6
        centre = size - 7
        for dy in range(-2, 3):
            for dx in range(-2, 3):
                put(centre + dx, centre + dy, max(abs(dx), abs(dy)) != 1)
    data = _FORMAT_BITS_M << 3 | MASK
    remainder = data
    for _ in range(10):
        remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537)
    bits = (data << 10 | remainder) ^ 0x5412

    def bit(i: int) -> bool:
        return (bits >> i) & 1 == 1

    for i in range(6):
        put(8, i, bit(i))
    put(8, 7, bit(6))
    put(8, 8, bit(7))
    put(7, 8, bit(8))
    for i in range(9, 15):
        put(14 - i, 8, bit(i))
    for i in range(8):
        put(size - 1 - i, 8, bit(i))
    for i in range(8, 15):
        put(8, size - 15 + i, bit(i))
    put(8, size - 8, True)

    order: list[int] = []  # the data modules in placement order: upwards and downwards in pairs of columns
    right = size - 1
    while right >= 1:
        if right == 6:
            right = 5
        upward = ((right + 1) & 2) == 0
        for vertical in range(size):
            y = size - 1 - vertical if upward else vertical
            for x in (right, right - 1):
                if not function[y * size + x]:
                    order.append(y * size + x)
        right -= 2
    total_bits = (per_block + ec_per_block) * blocks * 8 + _REMAINDER_BITS[version]
    assert len(order) == total_bits, (version, len(order), total_bits)
    mask = bytes(1 if ((p % size) + (p // size)) % 2 == 0 else 0 for p in order)  # mask 0
    place = {position: index for index, position in enumerate(order)}
    gather = itemgetter(*(place[p] + size * size if p in place else p for p in range(size * size)))
    return _Layout(size, per_block * blocks, ec_per_block, blocks, _REMAINDER_BITS[version], bytes(dark),
                   int.from_bytes(mask, "big"), gather)


def _numeric_bits(digits: str) -> tuple[int, int]:
    """The mode indicator, character count and digits as (value, bit length)."""
    value, length = 0b0001 << 10 | len(digits), 14
    full = len(digits) - len(digits) % 3
    for i in range(0, full, 3):
        value = value << 10 | int(digits[i : i + 3])
    length += 10 * (full // 3)
    rest = len(digits) - full
    if rest:
        width = 4 if rest == 1 else 7
        value = value << width | int(digits[full:])
        length += width
    return value, length


def _bits_needed(count: int) -> int:
    return 14 + 10 * (count // 3) + (0, 4, 7)[count % 3]


def numeric_version(digits: str) -> int | None:
    """The smallest version (1–6) holding ``digits`` at level M, or None (not digits, empty, too long)."""
    if not digits or not digits.isascii() or not digits.isdigit():
        return None
    needed = _bits_needed(len(digits))
    for version in range(1, MAX_VERSION + 1):
        _ec, blocks, per_block = _BLOCKS_M[version]
        if needed <= blocks * per_block * 8:
            return version
    return None


def encode_numeric(digits: str) -> tuple[int, bytes]:
    """``(symbol size, modules)`` of ``digits``: one byte per module, row by row, 1 = dark.

    Raises ``ValueError`` when ``numeric_version`` is None for ``digits``.
    """
    version = numeric_version(digits)
    if version is None:
        raise ValueError("not a digit string of at most 255 digits")
    layout = _layout(version)
    capacity = layout.data_codewords * 8
    value, length = _numeric_bits(digits)
    terminator = min(4, capacity - length)
    length += terminator
    padding = -length % 8
    value <<= terminator + padding
    length += padding
    data = value.to_bytes(length // 8, "big")
    data += _PADS[: layout.data_codewords - len(data)]
    ec = layout.ec_per_block
    if layout.blocks == 1:
        codewords = data + _error_correction(data, ec)
    else:
        size = layout.data_codewords // layout.blocks
        chunks = [data[i * size : (i + 1) * size] for i in range(layout.blocks)]
        checks = [_error_correction(chunk, ec) for chunk in chunks]
        codewords = bytes(b for column in zip(*chunks, strict=True) for b in column)
        codewords += bytes(b for column in zip(*checks, strict=True) for b in column)
    stream = b"".join(map(_BITS.__getitem__, codewords)) + b"\x00" * layout.remainder_bits
    masked = (int.from_bytes(stream, "big") ^ layout.mask).to_bytes(len(stream), "big")
    return layout.size, bytes(layout.gather(layout.base + masked))
