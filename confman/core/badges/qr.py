"""The app's one QR encoder and decoder.

Codes use error correction M and a 4-module quiet zone; digit payloads go in numeric mode, so
a 30-digit badge code is a 21 × 21 symbol (29 × 29 with the zone).  Digit strings of up to
255 digits (every badge code) are encoded by ``qr_numeric`` with a fixed mask (1,000 codes in
~0.025 s); anything else by zxing-cpp (~0.1 s per 1,000: it scores all eight masks and reads
the symbol back), which also decodes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from PIL import Image

from confman.core.badges.qr_numeric import encode_numeric, numeric_version
from confman.core.errors import DomainError

QUIET_ZONE = 4
EC_LEVEL = "M"
_DARK_RUN = re.compile(b"\x01+")
# zxing images are 8-bit grey: 0 = black module, 255 = white.
_TO_MODULES = bytes(1 if value < 128 else 0 for value in range(256))
_TO_PIXELS = bytes(0 if value else 255 for value in range(256))


@dataclass(frozen=True, slots=True)
class QrMatrix:
    """A QR symbol: ``modules`` holds one byte per module of the symbol, row by row, 1 = dark.

    Coordinates (``is_dark``, ``rows``, ``dark_runs``, ``data``) include the white quiet zone.
    """

    symbol_size: int
    modules: bytes
    quiet_zone: int = QUIET_ZONE

    @property
    def size(self) -> int:
        """Modules per side including the quiet zone."""
        return self.symbol_size + 2 * self.quiet_zone

    @property
    def data(self) -> bytes:
        """``size`` × ``size`` bytes including the quiet zone, 1 = dark."""
        n, zone, symbol = self.size, self.quiet_zone, self.symbol_size
        side = b"\x00" * zone
        body = b"".join(side + self.modules[r * symbol : (r + 1) * symbol] + side for r in range(symbol))
        blank = b"\x00" * (n * zone)
        return blank + body + blank

    def is_dark(self, x: int, y: int) -> bool:
        x, y = x - self.quiet_zone, y - self.quiet_zone
        if not (0 <= x < self.symbol_size and 0 <= y < self.symbol_size):
            return False
        return self.modules[y * self.symbol_size + x] == 1

    def rows(self) -> list[list[bool]]:
        n, data = self.size, self.data
        return [[b == 1 for b in data[r * n : (r + 1) * n]] for r in range(n)]

    def dark_runs(self) -> Iterator[tuple[int, int, int]]:
        """Horizontal runs of dark modules as ``(row, first column, length)``, row 0 at the top."""
        symbol, zone = self.symbol_size, self.quiet_zone
        for row in range(symbol):
            for match in _DARK_RUN.finditer(self.modules, row * symbol, (row + 1) * symbol):
                yield row + zone, match.start() - row * symbol + zone, match.end() - match.start()


def qr_matrix(payload: str) -> QrMatrix:
    """Encode ``payload`` (numeric mode for digits) at error correction M with a 4-module quiet zone."""
    if not payload:
        raise DomainError("badges.qr.empty")
    if numeric_version(payload) is not None:
        symbol, modules = encode_numeric(payload)
        return QrMatrix(symbol, modules)
    import zxingcpp

    try:
        barcode = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level=EC_LEVEL)
    except Exception as exc:  # zxing raises plain exceptions for content it cannot encode
        raise DomainError("badges.qr.encode_failed", reason=str(exc)) from exc
    pixels = bytes(memoryview(barcode.to_image(scale=1, add_quiet_zones=False)))
    symbol = int(len(pixels) ** 0.5)
    if symbol * symbol != len(pixels):
        raise DomainError("badges.qr.encode_failed", reason="not square")
    return QrMatrix(symbol, pixels.translate(_TO_MODULES))


def qr_image(payload: str | QrMatrix) -> Image.Image:
    """A 1-pixel-per-module greyscale image (mode ``L``, quiet zone included) for embedding."""
    matrix = payload if isinstance(payload, QrMatrix) else qr_matrix(payload)
    return Image.frombytes("L", (matrix.size, matrix.size), matrix.data.translate(_TO_PIXELS))


def decode_qr_codes(image: Any) -> list[str]:
    """Texts of the QR codes found in ``image`` (PIL image, QImage or buffer), top to bottom, left to right."""
    import zxingcpp

    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)

    def key(barcode: Any) -> tuple[int, int]:
        corner = barcode.position.top_left
        return corner.y, corner.x

    return [barcode.text for barcode in sorted(found, key=key)]
