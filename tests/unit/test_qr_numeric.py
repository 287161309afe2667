"""The fast numeric QR encoder: the same symbols as an independent encoder, and readable."""

from __future__ import annotations

import random

import pytest
import qrcode
from PIL import Image
from qrcode.util import MODE_NUMBER, QRData

from confman.core.badges.qr import decode_qr_codes, qr_image, qr_matrix
from confman.core.badges.qr_numeric import encode_numeric, numeric_version


def _reference(digits: str, version: int) -> tuple[int, bytes]:
    """The python-qrcode symbol for ``digits`` with the same version, level M and mask 0."""
    code = qrcode.QRCode(version=version, error_correction=qrcode.constants.ERROR_CORRECT_M, mask_pattern=0,
                         border=0)
    code.add_data(QRData(digits, mode=MODE_NUMBER))
    code.make(fit=False)
    matrix = code.get_matrix()
    return len(matrix), bytes(1 if dark else 0 for row in matrix for dark in row)


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def test_every_length_gives_the_symbol_an_independent_encoder_makes() -> None:
    rng = random.Random(18)
    for count in range(1, 256):
        for digits in (_digits(rng, count), "9" * count):  # (python-qrcode fails on some zero-led data)
            version = numeric_version(digits)
            assert version is not None
            assert encode_numeric(digits) == _reference(digits, version), (count, digits)


def test_versions_follow_the_capacity_at_level_m() -> None:
    # ISO 18004 table 7, numeric capacity at M: 34, 63, 101, 149, 202, 255 digits for versions 1-6.
    for version, capacity in enumerate((34, 63, 101, 149, 202, 255), start=1):
        assert numeric_version("1" * capacity) == version
        assert encode_numeric("1" * capacity)[0] == 17 + 4 * version
    assert numeric_version("1" * 256) is None
    assert numeric_version("") is None
    assert numeric_version("12a4") is None
    assert numeric_version("١٢٣") is None  # Arabic-Indic digits are digits to str.isdigit, not to QR
    with pytest.raises(ValueError):
        encode_numeric("12 34")


@pytest.mark.parametrize("count", [1, 2, 3, 17, 30, 34, 35, 40, 63, 64, 101, 120, 149, 150, 202, 203, 255])
def test_symbols_decode_to_their_digits(count: int) -> None:
    for digits in (_digits(random.Random(count), count), "0" * count):
        side = qr_matrix(digits).size * 8  # 8 pixels per module
        image = qr_image(digits).resize((side, side), Image.Resampling.NEAREST)
        assert decode_qr_codes(image) == [digits]


def test_other_payloads_still_go_through_the_general_encoder() -> None:
    for payload in ("BADGE-42", "1" * 256, "Nguyễn"):
        image = qr_image(payload)
        assert decode_qr_codes(image.resize((image.width * 8,) * 2, Image.Resampling.NEAREST)) == [payload]
