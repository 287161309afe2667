"""``fast_constructor`` builds the same frozen rows as the dataclass's own ``__init__``."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pytest

from confman.core.bulk import fast_constructor
from confman.core.registration.importing.rows import ImportRow


def test_the_rows_it_builds_are_the_dataclass_rows() -> None:
    make = fast_constructor(ImportRow)
    made = make("list.xlsx", "Sheet1", 7, "Nguyễn Văn An", phone="0912345678", warnings=())
    plain = ImportRow("list.xlsx", "Sheet1", 7, "Nguyễn Văn An", phone="0912345678")
    assert made == plain and hash(made) == hash(plain) and type(made) is ImportRow
    assert made.honorific == "" and made.name_parts is None  # defaults filled
    assert replace(made, email="an@mic.gov.vn").email == "an@mic.gov.vn"
    with pytest.raises(AttributeError):
        made.full_name = "x"  # type: ignore[misc]  # still frozen
    with pytest.raises(TypeError):
        make("list.xlsx", "Sheet1")  # a required field missing, as with the dataclass


def test_default_factories_are_refused() -> None:
    @dataclass(frozen=True, slots=True)
    class WithFactory:
        items: list[int] = field(default_factory=list)

    with pytest.raises(TypeError, match="default factories"):
        fast_constructor(WithFactory)
