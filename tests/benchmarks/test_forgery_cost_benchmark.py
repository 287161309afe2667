"""What a stolen desk copy is worth to a forger: the measured cost of brute-forcing a verifier.

A desk's copy holds, per badge, ``SHA-256(salt ‖ code)[:16]``; the salt and the code's prefix
(event, delegate, version) are known, only the signature digits are not.  The attack is to
hash every candidate signature.  This benchmark runs that attack for real on a reduced space
(the last 5 digits unknown), checks that it finds the code, and extrapolates the measured
rate to the full space of each format: 10**10 signatures for format 1 (the reason format-1
codes are never verifiable offline), 10**19 for format 2.
"""

from __future__ import annotations

import hashlib
import math
import time

import pytest

from confman.core.badges.codes import SIGNATURES, make_code, parse_code, verifier
from tests.benchmarks.harness import Figure, record

pytestmark = pytest.mark.benchmark

YEAR_S = 365.25 * 24 * 3600


def test_forging_a_format_2_badge_from_a_desk_copy_costs_over_2_to_the_60_hashes():
    secret, salt = b"the event's secret, never on a desk", b"per-copy salt 16"
    code = make_code(event_id=3, delegate_id=12345, badge_version=1, secret=secret)
    stored = verifier(salt, code)
    parsed = parse_code(code)
    known, unknown = code[:-5], 5  # the attacker is handed all but the last 5 signature digits

    started = time.perf_counter()
    found = None
    prefix = salt + known.encode()
    for guess in range(10**unknown):
        candidate = prefix + f"{guess:0{unknown}d}".encode()
        if hashlib.sha256(candidate).digest()[:16] == stored:
            found = candidate[len(salt):].decode()
            break
    elapsed = time.perf_counter() - started
    assert found == code  # the attack works as described …
    tried = int(code[-5:]) + 1
    rate = tried / elapsed  # hashes per second, one core, Python

    # … and costs, for the whole signature space (on average half of it is searched):
    for fmt in (1, 2):
        digits = SIGNATURES[fmt][0]
        expected = 10**digits / 2
        seconds = expected / rate
        record(Figure(
            name=f"forge one format-{fmt} badge from a desk copy (1 core, Python)",
            ours=seconds / (YEAR_S if fmt == 2 else 3600), floor=None, unit="years" if fmt == 2 else "h",
            note=f"{math.log2(expected):.1f} bits of work at {rate:,.0f} hashes/s",
        ))
    assert parsed is not None and len(parsed.signature) == 19
    assert math.log2(10**19 / 2) > 62  # ≥ 2**60 hashes per badge, whatever the hardware
    assert 10**19 / 2 / rate / YEAR_S > 1_000  # years of one core even at Python's rate
