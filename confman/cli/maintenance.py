"""``confman backup [FILE]`` and ``confman restore FILE [--json]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from confman.cli.context import CliContext
from confman.core.db.backup import backup_database
from confman.core.db.migrate import upgrade_database
from confman.core.db.restore import RestoreResult, restore_database
from confman.i18n import t


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser("backup", help=t("cli.backup.help"))
    backup.add_argument("file", nargs="?", type=Path, metavar="FILE", help=t("cli.backup.opt.file"))
    backup.set_defaults(handler=_backup)
    restore = subparsers.add_parser("restore", help=t("cli.restore.help"))
    restore.add_argument("file", type=Path, metavar="FILE", help=t("cli.restore.opt.file"))
    restore.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    restore.set_defaults(handler=_restore)


def _backup(ctx: CliContext) -> int:
    folder = ctx.settings.backups_path
    path = backup_database(ctx.db, ctx.args.file, folder=folder)
    print(t("cli.backup.done", path=str(path)))
    return 0


def describe_set_aside(result: RestoreResult) -> str:
    """"12 check-ins, 3 delegates" — what the replaced database had that the restored one lacks."""
    return ", ".join(t(f"safety.restore.count.{table}", count=count) for table, count in result.set_aside.items())


def _restore(ctx: CliContext) -> int:
    result = restore_database(ctx.db, ctx.args.file, folder=ctx.settings.backups_path)
    upgrade_database(ctx.db)
    if ctx.args.json:
        ctx.print_json(result.to_json())
        return 0
    print(t("cli.restore.done", path=str(ctx.args.file), safety=str(result.safety)))
    if result.upgraded:
        print(t("safety.restore.upgraded", revision=result.revision))
    if result.set_aside:
        print(t("safety.restore.set_aside", what=describe_set_aside(result), safety=str(result.safety)))
    return 0
