"""Undoable agenda changes (QUndoStack commands).

A change is written first (so a refused one never enters the stack); the command is
pushed afterwards and its first ``redo`` does nothing. Undo and redo write the old or
new state again through the same services.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

from confman.ui.agenda.ops import ItemDraft

DraftWriter = Callable[[int, ItemDraft], None]
ShiftWriter = Callable[[Sequence[int], int], None]


class ItemCommand(QUndoCommand):
    """Replace an item's fields (a move, a resize or an edit)."""

    def __init__(self, text: str, item_id: int, before: ItemDraft, after: ItemDraft, write: DraftWriter) -> None:
        super().__init__(text)
        self.item_id = item_id
        self.before = before
        self.after = after
        self._write = write
        self._written = True

    def redo(self) -> None:
        if self._written:
            self._written = False
            return
        self._write(self.item_id, self.after)

    def undo(self) -> None:
        self._write(self.item_id, self.before)


class ShiftCommand(QUndoCommand):
    """Move a set of items by some minutes."""

    def __init__(self, text: str, item_ids: Sequence[int], minutes: int, write: ShiftWriter) -> None:
        super().__init__(text)
        self.item_ids = tuple(item_ids)
        self.minutes = minutes
        self._write = write
        self._written = True

    def redo(self) -> None:
        if self._written:
            self._written = False
            return
        self._write(self.item_ids, self.minutes)

    def undo(self) -> None:
        self._write(self.item_ids, -self.minutes)
