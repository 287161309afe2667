"""An organization's type from its name, for units imported without one.

Vietnamese units name their type in their first words: "Bộ …" (ministry), "Ủy ban nhân dân
tỉnh …"/"UBND …" (provincial People's Committee), "Sở …" (provincial department), "Báo …",
"Tạp chí …", "Thông tấn xã …" (press), "Đài Phát thanh và Truyền hình …", "Đài Truyền hình …",
"Đài Tiếng nói …" (broadcaster), "Đại sứ quán …", "Tổng Lãnh sự quán …" (foreign delegation).
Matching is on the folded name (no diacritics, lower case), so "UỶ BAN" and "Uy ban" match too.
"""

from __future__ import annotations

from confman.core.enums import OrganizationType
from confman.core.text import fold

#: Folded name prefixes, longest first where one is a prefix of another.
_PREFIXES: tuple[tuple[str, OrganizationType], ...] = (
    ("uy ban nhan dan", OrganizationType.PROVINCE),
    ("ubnd", OrganizationType.PROVINCE),
    ("dai phat thanh", OrganizationType.BROADCASTER),
    ("dai truyen hinh", OrganizationType.BROADCASTER),
    ("dai tieng noi", OrganizationType.BROADCASTER),
    ("truyen hinh", OrganizationType.BROADCASTER),
    ("dai su quan", OrganizationType.FOREIGN),
    ("tong lanh su quan", OrganizationType.FOREIGN),
    ("lanh su quan", OrganizationType.FOREIGN),
    ("embassy", OrganizationType.FOREIGN),
    ("bao ", OrganizationType.PRESS),
    ("tap chi", OrganizationType.PRESS),
    ("thong tan xa", OrganizationType.PRESS),
    ("so ", OrganizationType.PROVINCIAL_DEPARTMENT),
    ("bo ", OrganizationType.MINISTRY),
    ("ministry", OrganizationType.MINISTRY),
)


def type_from_name(name: str) -> OrganizationType:
    """The type a unit's name states, else ``OTHER``."""
    folded = fold(name) + " "
    for prefix, kind in _PREFIXES:
        if folded.startswith(prefix):
            return kind
    return OrganizationType.OTHER


def effective_type(stored: str | OrganizationType | None, name: str) -> OrganizationType:
    """The stored type, or the one the name states when none (``OTHER``) was set."""
    kind = OrganizationType(stored) if stored else OrganizationType.OTHER
    return type_from_name(name) if kind is OrganizationType.OTHER else kind


__all__ = ["effective_type", "type_from_name"]
