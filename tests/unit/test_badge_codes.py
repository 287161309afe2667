"""Badge codes: layout, signature, verification outcomes."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from confman.core.badges import codes
from confman.core.badges.codes import MAX_CODE_DIGITS, make_code, parse_code, verify_code
from confman.core.errors import DomainError

SECRETS = {7: b"event-7-secret-0123456789abcdef", 8: b"event-8-secret-fedcba9876543210"}


def secret_for_event(event_id: int) -> bytes | None:
    return SECRETS.get(event_id)


def verify(code: str, *, event_id: int = 7, versions: dict[int, int] | None = None) -> codes.Verification:
    known = {42: 1} if versions is None else versions
    return verify_code(
        code, event_id=event_id, secret_for_event=secret_for_event, current_badge_version=known.get
    )


def code_for(delegate_id: int = 42, version: int = 1, event_id: int = 7, secret: bytes | None = None) -> str:
    return make_code(
        event_id=event_id,
        delegate_id=delegate_id,
        badge_version=version,
        secret=secret or SECRETS[event_id],
    )


def test_round_trip_and_layout() -> None:
    code = code_for()
    assert code.isascii() and code.isdigit()
    assert code == "2" + "121" + "7" + "42" + "1" + code[-19:]
    parsed = parse_code(code)
    assert parsed is not None
    assert (parsed.format, parsed.event_id, parsed.delegate_id, parsed.badge_version) == (2, 7, 42, 1)
    assert parsed.signed + parsed.signature == code
    result = verify(code)
    assert result.status == "valid" and result.valid
    assert (result.event_id, result.delegate_id, result.badge_version) == (7, 42, 1)


def test_large_ids_fit_in_39_digits_and_usual_ones_in_a_21_module_qr() -> None:
    code = make_code(event_id=99999, delegate_id=9999999, badge_version=99, secret=b"k")
    assert len(code) <= MAX_CODE_DIGITS == 39
    # event 99, delegate 99,999, version 9: 31 digits, within the 34 of a version-1 QR at level M
    assert len(make_code(event_id=99, delegate_id=99999, badge_version=9, secret=b"k")) == 31
    assert code.isascii() and code.isdigit()
    assert verify_code(
        code, event_id=99999, secret_for_event=lambda e: b"k", current_badge_version=lambda d: 99
    ).valid


def test_smallest_code() -> None:
    code = make_code(event_id=0, delegate_id=0, badge_version=0, secret=b"k")
    assert len(code) == 26 and parse_code(code) is not None
    legacy = make_code(event_id=0, delegate_id=0, badge_version=0, secret=b"k", format=1)
    assert len(legacy) == 17 and parse_code(legacy) is not None


@given(
    event_id=st.integers(0, 99999),
    delegate_id=st.integers(0, 9_999_999),
    version=st.integers(0, 99),
)
def test_property_round_trip(event_id: int, delegate_id: int, version: int) -> None:
    code = make_code(event_id=event_id, delegate_id=delegate_id, badge_version=version, secret=b"s")
    assert len(code) <= 39 and code.isdigit()
    parsed = parse_code(code)
    assert parsed is not None
    assert (parsed.event_id, parsed.delegate_id, parsed.badge_version) == (event_id, delegate_id, version)
    result = verify_code(
        code,
        event_id=event_id,
        secret_for_event=lambda e: b"s",
        current_badge_version=lambda d: version if d == delegate_id else None,
    )
    assert result.status == "valid"


def test_every_single_digit_tamper_is_rejected() -> None:
    code = code_for(delegate_id=123456, version=3)
    versions = {123456: 3}
    statuses = set()
    for position, original in enumerate(code):
        for digit in "0123456789":
            if digit == original:
                continue
            tampered = code[:position] + digit + code[position + 1 :]
            result = verify(tampered, versions=versions)
            assert result.status != "valid", (position, digit)
            statuses.add(result.status)
            parsed = parse_code(tampered)
            if parsed is not None and parsed.event_id == 7:
                assert result.status == "bad_signature", (position, digit)
    assert statuses <= {"bad_signature", "malformed", "wrong_event"}
    assert "bad_signature" in statuses


def test_replaced_after_version_bump_and_future_version_unknown() -> None:
    old, new = code_for(version=1), code_for(version=2)
    assert old != new
    assert verify(old, versions={42: 2}).status == "replaced"
    assert verify(new, versions={42: 2}).status == "valid"
    assert verify(code_for(version=3), versions={42: 2}).status == "unknown"


def test_unknown_delegate() -> None:
    result = verify(code_for(delegate_id=999))
    assert result.status == "unknown" and result.delegate_id == 999


def test_wrong_event() -> None:
    genuine_other = code_for(event_id=8)
    assert verify(genuine_other, versions={42: 1}).status == "wrong_event"
    # A code claiming event 8 but signed with event 7's key: event 8's key is known, so forged.
    forged = code_for(event_id=8, secret=SECRETS[7])
    assert verify(forged).status == "bad_signature"
    # A code naming an event unknown here proves nothing: it is refused as forged.
    foreign = make_code(event_id=9, delegate_id=42, badge_version=1, secret=b"elsewhere")
    result = verify(foreign)
    assert result.status == "bad_signature" and result.event_id == 9


def test_legacy_format_1_codes_still_verify_with_the_secret() -> None:
    legacy = make_code(event_id=7, delegate_id=42, badge_version=1, secret=SECRETS[7], format=1)
    assert len(legacy) == 4 + 4 + 10
    assert parse_code(legacy).format == 1
    assert verify(legacy).status == "valid"
    assert verify(legacy[:-1] + str((int(legacy[-1]) + 1) % 10)).status == "bad_signature"
    assert legacy != code_for()  # the formats never share a signature


def test_format_2_signature_has_19_digits_and_verifiers_hide_it() -> None:
    code = code_for()
    assert len(parse_code(code).signature) == 19 and 10**19 > 2**63
    salt = b"0123456789abcdef"
    assert codes.verifier(salt, code) != codes.verifier(salt, code[:-1] + "0")
    assert code.encode() not in codes.verifier(salt, code) and len(codes.verifier(salt, code)) == 16


def test_wrong_secret_is_bad_signature() -> None:
    assert verify(code_for(secret=b"not the key")).status == "bad_signature"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "1121742" + "x" * 10,
        "1" * 31,
        "21217421" + "0" * 10,  # unknown format digit
        "10217421" + "0" * 10,  # zero-length field
        "11217421",  # too short for a signature
        "11217421" + "0" * 11,  # wrong total length
        "1221707421" + "0" * 10,  # leading zero in a field ("07")
        "١١٢١٧٤٢١" + "0" * 10,  # non-ASCII digits
    ],
)
def test_malformed(text: str) -> None:
    assert parse_code(text) is None
    result = verify(text)
    assert result.status == "malformed"
    assert result.event_id is None and result.delegate_id is None


def test_inner_characters_are_malformed_but_surrounding_whitespace_is_ignored() -> None:
    code = code_for()
    assert verify(f"\t {code}\r\n").status == "valid"
    assert verify(code[:5] + " " + code[5:]).status == "malformed"
    assert verify(f"QR:{code}").status == "malformed"
    assert verify(code + "x").status == "malformed"


def test_missing_secret_for_the_checked_event_raises() -> None:
    with pytest.raises(DomainError) as info:
        verify_code(
            code_for(), event_id=7, secret_for_event=lambda e: None, current_badge_version=lambda d: 1
        )
    assert info.value.code == "badges.code.secret_missing"


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"event_id": -1}, "badges.code.out_of_range"),
        ({"delegate_id": -5}, "badges.code.out_of_range"),
        ({"badge_version": True}, "badges.code.out_of_range"),
        ({"delegate_id": 10**12, "event_id": 10**5}, "badges.code.too_long"),
        ({"delegate_id": 10**10}, "badges.code.too_long"),
        ({"secret": b""}, "badges.code.secret_missing"),
    ],
)
def test_make_code_rejects(kwargs: dict[str, object], error: str) -> None:
    args: dict[str, object] = {"event_id": 7, "delegate_id": 1, "badge_version": 1, "secret": b"k"}
    args.update(kwargs)
    with pytest.raises(DomainError) as info:
        make_code(**args)  # type: ignore[arg-type]
    assert info.value.code == error


def test_signature_depends_on_every_field() -> None:
    base = code_for(delegate_id=42, version=1)
    others = {code_for(delegate_id=43), code_for(version=2), code_for(event_id=8, secret=SECRETS[7])}
    assert all(other[-10:] != base[-10:] for other in others)


def test_signature_compare_is_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = codes.hmac.compare_digest

    def spy(a: str, b: str) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(codes.hmac, "compare_digest", spy)
    assert verify(code_for()).valid
    assert verify(code_for(secret=b"x")).status == "bad_signature"
    assert len(calls) == 2


def test_verify_is_fast() -> None:
    code = code_for()
    rounds = 1000
    batches = []
    for _ in range(5):  # the best batch: a busy shared machine only ever adds time
        start = time.perf_counter()
        for _ in range(rounds):
            verify(code)
        batches.append((time.perf_counter() - start) / rounds * 1000)
    per_call_ms = min(batches)
    assert per_call_ms < 0.05, per_call_ms
