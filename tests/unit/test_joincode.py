"""The join code: round trip, typing slack, and every single-letter change refused."""

from __future__ import annotations

import hashlib

import pytest

from confman.core.errors import DomainError
from confman.core.hosting import joincode
from confman.core.hosting.service import decode_app_name
from confman.messages import describe

INFO = joincode.JoinInfo(address="192.168.1.23", port=54321, password="0f1e2d3c4b5a69788796",
                         fingerprint=hashlib.sha256(b"certificate").hexdigest()[:32])


def test_a_code_holds_address_port_database_role_password_and_fingerprint():
    code = joincode.encode(INFO)
    assert code.startswith("CM1-") and len(code) <= 80
    decoded = joincode.decode(code)
    assert decoded == INFO
    assert (decoded.database, decoded.role) == ("confman", "confman_desk")
    other = joincode.JoinInfo("10.0.0.7", 6000, INFO.password, INFO.fingerprint, database="hoinghi", role="ban")
    assert joincode.decode(joincode.encode(other)) == other


def test_typed_codes_forgive_case_spaces_and_look_alike_letters():
    code = joincode.encode(INFO)
    typed = " " + code.lower().replace("-", " ").replace("0", "o").replace("1", "l") + "\n"
    assert joincode.decode(typed) == INFO


def test_every_single_letter_change_is_refused_with_a_clear_message():
    code = joincode.encode(INFO)
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    for position, char in enumerate(code):
        if position < 4 or char == "-":
            continue
        for other in alphabet.replace(char, ""):
            with pytest.raises(DomainError) as caught:
                joincode.decode(code[:position] + other + code[position + 1:])
            assert caught.value.code in ("hosting.code.checksum", "hosting.code.not_a_code")
    with pytest.raises(DomainError) as caught:
        joincode.decode(code[:-6])
    assert caught.value.code in ("hosting.code.too_short", "hosting.code.checksum")
    assert "mistyped or altered" in describe(DomainError("hosting.code.checksum"), "en")


@pytest.mark.parametrize(("text", "error"), [
    ("", "hosting.code.empty"),
    ("http://example.org", "hosting.code.not_a_code"),
    ("CM1-ABCDE-!!!", "hosting.code.bad_characters"),
    ("CM1-ABCDE", "hosting.code.too_short"),
])
def test_things_that_are_not_codes_are_named(text, error):
    with pytest.raises(DomainError) as caught:
        joincode.decode(text)
    assert caught.value.code == error


def test_fingerprints_match_by_prefix_only_when_equal():
    full = hashlib.sha256(b"certificate").hexdigest()
    assert INFO.matches(full) and INFO.matches(full.upper())
    assert not INFO.matches(hashlib.sha256(b"another").hexdigest())


def test_desk_names_come_back_from_postgres_escapes():
    assert decode_app_name("confman-desk:B\\xc3\\xa0n 2") == "confman-desk:Bàn 2"
    assert decode_app_name("confman-desk:C\\xe1\\xbb\\xada ch\\xc3\\xadnh") == "confman-desk:Cửa chính"
    assert decode_app_name("plain") == "plain"
    assert decode_app_name("cut \\xe1\\xbb") == "cut "  # a name cut in the middle of a letter
