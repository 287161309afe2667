"""Error codes become sentences that name fields the way users know them."""

from __future__ import annotations

from confman.core.errors import DomainError
from confman.messages import describe


def test_field_parameters_are_shown_by_their_label():
    error = DomainError("phone.letters", field="phone", value="09l2345678")
    assert describe(error, "vi") == 'Số điện thoại ở trường Điện thoại có chữ cái: "09l2345678".'
    assert describe(error, "en") == 'The phone number in Phone contains letters: "09l2345678".'


def test_unknown_fields_and_codes_stay_readable():
    assert "mystery" in describe(DomainError("text.too_long", field="mystery", length=9, max_length=3), "en")
    assert "no.such.code" in describe(DomainError("no.such.code"), "en")
