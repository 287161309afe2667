"""What a write changed, so pages refresh only what they show (Anki's ``OpChanges``)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Changes:
    """Kinds of data touched (``"delegates"``, ``"checkins"``…) and the ids concerned."""

    kinds: frozenset[str] = frozenset()
    ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def of(cls, *kinds: str, ids: set[int] | frozenset[int] | list[int] | None = None) -> Changes:
        return cls(frozenset(kinds), frozenset(ids or ()))

    def touches(self, kind: str) -> bool:
        return kind in self.kinds

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds, self.ids | other.ids)
