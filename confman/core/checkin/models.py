"""The check-in log's table lives in ``confman.core.ledger.checkins`` (below registration)."""

from __future__ import annotations

from confman.core.ledger.checkins import CheckIn

__all__ = ["CheckIn"]
