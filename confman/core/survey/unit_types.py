"""The type of a responding unit (ministry, People's Committee, department, press, broadcaster …).

One function, :func:`unit_type`: the organization's stored type when someone set it, else a guess
from its name. Kept behind this one function so it can later be folded together with the
attendance report's classifier of bodies by name.
"""

from __future__ import annotations

import re

from confman.core.enums import OrganizationType
from confman.core.text import fold

#: The order unit types are shown in (tables, charts).
UNIT_TYPES: tuple[OrganizationType, ...] = (
    OrganizationType.MINISTRY,
    OrganizationType.PROVINCE,
    OrganizationType.PROVINCIAL_DEPARTMENT,
    OrganizationType.PRESS,
    OrganizationType.BROADCASTER,
    OrganizationType.FOREIGN,
    OrganizationType.OTHER,
)

# Folded-name patterns, tried in order (broadcasters before press: "Đài Truyền hình" is not a newspaper).
_RULES: tuple[tuple[OrganizationType, re.Pattern[str]], ...] = (
    (OrganizationType.FOREIGN, re.compile(
        r"^(dai su quan|tong lanh su quan|embassy|consulate|doan dai bieu|delegation)\b|\basean secretariat\b"
        r"|^ban thu ky asean\b")),
    (OrganizationType.BROADCASTER, re.compile(
        r"^(dai (truyen hinh|phat thanh|tieng noi)|kenh truyen hinh|vtv|vov|htv)\b|\b(radio|television|broadcast)")),
    (OrganizationType.PRESS, re.compile(
        r"^(bao|tap chi|thong tan xa|tong xa|cong thong tin dien tu|trang tin)\b|\b(newspaper|magazine|news agency)\b"
        r"|^(ttxvn)\b")),
    (OrganizationType.PROVINCE, re.compile(
        r"^(uy ban nhan dan|ubnd)\b|\bpeople s committee\b")),
    (OrganizationType.PROVINCIAL_DEPARTMENT, re.compile(
        r"^(so|department of)\b|\bprovincial department\b")),
    (OrganizationType.MINISTRY, re.compile(
        r"^(bo|ministry|ban tuyen giao|van phong chinh phu|van phong quoc hoi|uy ban trung uong)\b"
        r"|^ban .* trung uong\b")),
)


def classify_name(name: str) -> OrganizationType:
    """The unit type a name suggests ("Sở TT&TT Đà Nẵng" → provincial department); OTHER when unsure."""
    folded = fold(name).replace("'", " ")
    for kind, pattern in _RULES:
        if pattern.search(folded):
            return kind
    return OrganizationType.OTHER


def unit_type(name: str, stored: OrganizationType | str | None = None) -> OrganizationType:
    """The type of a unit: its stored type unless that is unset/OTHER, then :func:`classify_name`."""
    if stored and OrganizationType(stored) != OrganizationType.OTHER:
        return OrganizationType(stored)
    return classify_name(name)
