"""``confman backup [FILE]`` and ``confman restore FILE``."""

from __future__ import annotations

import argparse
from pathlib import Path

from confman.cli.context import CliContext
from confman.core.db.backup import backup_database, restore_database
from confman.core.db.migrate import upgrade_database
from confman.i18n import t


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser("backup", help=t("cli.backup.help"))
    backup.add_argument("file", nargs="?", type=Path, help=t("cli.backup.opt.file"))
    backup.set_defaults(handler=_backup)
    restore = subparsers.add_parser("restore", help=t("cli.restore.help"))
    restore.add_argument("file", type=Path, help=t("cli.restore.opt.file"))
    restore.set_defaults(handler=_restore)


def _backup(ctx: CliContext) -> int:
    folder = ctx.settings.backups_path
    path = backup_database(ctx.db, ctx.args.file, folder=folder)
    print(t("cli.backup.done", path=str(path)))
    return 0


def _restore(ctx: CliContext) -> int:
    safety = restore_database(ctx.db, ctx.args.file, folder=ctx.settings.backups_path,
                              keep=ctx.settings.backups_to_keep)
    upgrade_database(ctx.db)
    print(t("cli.restore.done", path=str(ctx.args.file), safety=str(safety)))
    return 0
