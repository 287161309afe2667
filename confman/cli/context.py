"""What every command gets: parsed arguments, settings, and a lazily opened database."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from confman.core.db.engine import Database
from confman.core.errors import DomainError
from confman.core.events.service import EventRow, resolve_event
from confman.core.settings import Settings
from confman.i18n import t


def iso_date(value: str) -> date:
    """An argparse type for YYYY-MM-DD dates with a translated error."""
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(t("cli.bad_date", value=value)) from exc


@dataclass
class CliContext:
    args: argparse.Namespace
    settings: Settings
    _db: Database | None = field(default=None, repr=False)

    @property
    def db(self) -> Database:
        """The database (``--db``, CONFMAN_DB_URL, settings, or the per-user file), migrated.

        A missing file given explicitly is refused unless the command creates databases
        (``demo``, ``event create``) or ``--create`` was given.
        """
        if self._db is None:
            from confman.core.db.setup import open_database

            try:
                self._db = open_database(
                    self.args.db or self.settings.database_url or None,
                    backups_folder=self.settings.backups_path,
                    keep=self.settings.backups_to_keep,
                    backup_on_start=False,  # commands are short; migrations still back up first
                    create=bool(getattr(self.args, "create", False) or getattr(self.args, "creates_database", False)),
                    every_model=not getattr(self.args, "few_models", False),
                )
            except DomainError as exc:
                from confman.core.hosting.service import explain_unreachable

                raise explain_unreachable(exc, self.args.db) from exc
        return self._db

    def event(self) -> EventRow:
        """The event named by ``--event``, else the only or most recent one."""
        return resolve_event(self.db, self.args.event)

    @property
    def station(self) -> str:
        return getattr(self.args, "station", None) or self.settings.station

    def print_json(self, payload: Any) -> None:
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()
