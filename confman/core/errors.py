"""Domain errors: machine codes with parameters; sentences are made at the edge (UI, CLI)."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A failure the user can act on, identified by a stable code.

    ``code`` is a dotted identifier such as ``"delegate.name_required"``; ``params``
    carry the specifics (file, row, field, value) that the message template names.
    """

    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params

    def __str__(self) -> str:  # plain fallback; real text comes from confman.messages
        if not self.params:
            return self.code
        inner = ", ".join(f"{k}={v!r}" for k, v in sorted(self.params.items()))
        return f"{self.code} ({inner})"
