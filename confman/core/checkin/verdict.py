"""The door's verdict: one pure function, for the online door and the offline desk alike.

A scan is judged from two things: what the *code* says (its structure and signature,
:func:`confman.core.badges.codes.check_code` online, the desk's verifiers offline) and what
is known about the *delegate* it names (:class:`DoorRow`, from the database online or from
the desk's local copy offline).  These become named yes/no facts (:class:`DoorFacts`), and
the verdict is the first rule of :data:`VERDICT_RULES` whose fact holds, else ``ok``.

The rules are data so that the online door on PostgreSQL can evaluate the very same table
inside its one SQL statement (``confman.core.checkin.door`` renders it as a ``CASE``); a test
checks that both give the same verdict for every combination of facts.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from confman.core.checkin.rows import DelegateCard

#: Verdicts that are never logged: the door raises (``item_missing``) or judges again on the
#: record a merged-away badge now belongs to (``survivor``).
ITEM_MISSING = "item_missing"
SURVIVOR = "survivor"
#: Stands for "the code's own status" (bad_signature, wrong_event, malformed) in the rules.
CODE_STATUS = "code_status"

#: (fact, verdict) in order of precedence; no fact holds → ``ok``.
VERDICT_RULES: tuple[tuple[str, str], ...] = (
    ("item_missing", ITEM_MISSING),   # per-session mode: the agenda item is not in this event
    ("code_refused", CODE_STATUS),    # malformed, forged, or another event's badge
    ("missing", "unknown"),           # the delegate is not (or not yet) known here
    ("newer", "unknown"),             # a version newer than the current badge (older database)
    ("merged", SURVIVOR),             # the record was merged into another: that one comes in
    ("cancelled", "cancelled"),       # cancelled or deleted
    ("older", "replaced"),            # a reprinted badge's old copy
    ("admitted", "duplicate"),        # already in (an ok nobody undid)
)
#: Verdicts whose log row names the delegate (the card is shown).
NAMES_DELEGATE = frozenset({"ok", "duplicate", "cancelled", "replaced"})


@dataclass(frozen=True, slots=True)
class DoorRow:
    """What the door knows about the delegate a code names."""

    delegate_id: int
    badge_version: int
    cancelled: bool
    deleted: bool
    merged_into_id: int | None
    generation: int
    """How many times this delegate's ok (at this door) was undone."""
    oks: int
    """How many oks the delegate got at this door (undone ones included)."""
    last_ok_at: datetime | None
    last_ok_station: str | None
    card: DelegateCard | None


@dataclass(frozen=True, slots=True)
class DoorFacts:
    item_missing: bool = False
    code_refused: bool = False
    missing: bool = False
    newer: bool = False
    merged: bool = False
    cancelled: bool = False
    older: bool = False
    admitted: bool = False


FACT_NAMES: tuple[str, ...] = tuple(f.name for f in fields(DoorFacts))
assert {fact for fact, _ in VERDICT_RULES} == set(FACT_NAMES)


def door_facts(code_status: str, code_version: int | None, row: DoorRow | None, *,
               item_found: bool = True) -> DoorFacts:
    """The named facts of a scan: ``code_status`` from the code check, ``row`` the named delegate."""
    if row is None or code_version is None:
        return DoorFacts(item_missing=not item_found, code_refused=code_status != "valid", missing=True)
    return DoorFacts(
        item_missing=not item_found,
        code_refused=code_status != "valid",
        newer=code_version > row.badge_version,
        merged=row.deleted and row.merged_into_id is not None and code_version == row.badge_version,
        cancelled=row.cancelled or row.deleted,
        older=code_version < row.badge_version,
        admitted=row.oks > row.generation,
    )


def door_verdict(facts: DoorFacts, code_status: str) -> str:
    """The verdict of a scan: the first rule whose fact holds, else ``ok``."""
    for fact, verdict in VERDICT_RULES:
        if getattr(facts, fact):
            return code_status if verdict == CODE_STATUS else verdict
    return "ok"
