"""An organization's type: the one set by hand, else the one its name states.

One pure function, :func:`organization_type`, used wherever bodies are counted by type (the
attendance report, the dashboard, the survey's units and results), so every document agrees.

Vietnamese units name their type in their first words: "Bộ …" (ministry), "Ủy ban nhân dân
tỉnh …"/"UBND …" (People's Committee), "Sở …" (provincial department), "Báo …", "Tạp chí …",
"Thông tấn xã …" (press), "Đài Phát thanh và Truyền hình …", "Đài Truyền hình …", "Đài Tiếng
nói …" (broadcaster), "Đại sứ quán …", "Tổng Lãnh sự quán …" (foreign); English names of foreign
delegations say it in other words ("Embassy of Japan", "Ministry of Information, Laos").
Matching is on the folded name (no diacritics, lower case), so "UỶ BAN" and "Uy ban" match too.
"""

from __future__ import annotations

import re

from confman.core.enums import OrganizationType
from confman.core.text import fold

# Folded-name patterns, tried in order: broadcasters before the press ("Đài Truyền hình" is not a
# newspaper), foreign bodies first ("Embassy" before anything a foreign name may contain).
_RULES: tuple[tuple[OrganizationType, re.Pattern[str]], ...] = (
    (OrganizationType.FOREIGN, re.compile(
        r"^(dai su quan|tong lanh su quan|lanh su quan|embassy|consulate)\b"
        r"|^ban thu ky asean\b|\basean secretariat\b")),
    (OrganizationType.BROADCASTER, re.compile(
        r"^(dai (phat thanh|truyen hinh|tieng noi)|truyen hinh|kenh truyen hinh|vtv|vov|htv)\b"
        r"|\b(radio|television|broadcast\w*|voice of vietnam)\b")),
    (OrganizationType.PRESS, re.compile(
        r"^(bao|tap chi|thong tan xa|ttxvn|cong thong tin dien tu|trang tin)\b"
        r"|\b(newspaper|magazine|news agency)\b")),
    (OrganizationType.PROVINCE, re.compile(
        r"^(uy ban nhan dan|ubnd)\b|\bpeople s committee\b")),
    (OrganizationType.PROVINCIAL_DEPARTMENT, re.compile(
        r"^(so|department of)\b|\bprovincial department\b")),
    (OrganizationType.MINISTRY, re.compile(
        r"^(bo|ministry|ban tuyen giao|van phong chinh phu|van phong quoc hoi|uy ban trung uong)\b"
        r"|^ban .* trung uong\b")),
)


def organization_type(name: str | None, stored: OrganizationType | str | None = None) -> OrganizationType:
    """The type of a unit: ``stored`` when one was set (anything but ``OTHER``), else the type its
    name states ("UBND tỉnh Lào Cai" → PROVINCE), else ``OTHER``."""
    if stored and OrganizationType(stored) is not OrganizationType.OTHER:
        return OrganizationType(stored)
    folded = fold(name)
    for kind, pattern in _RULES:
        if pattern.search(folded):
            return kind
    return OrganizationType.OTHER


__all__ = ["organization_type"]
