"""The command line: ``confman [--db URL] [--event CODE] COMMAND``.

Thin by design: each command module parses its arguments and calls the same core
services as the GUI. Errors become one translated line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.util
import os
import sys
from collections.abc import Sequence

from confman import __version__
from confman.cli.argparse_text import translate_argparse
from confman.cli.context import CliContext
from confman.core.errors import DomainError
from confman.i18n import set_language, t
from confman.messages import describe

#: Modules under ``confman.cli`` that each define ``register(subparsers)``, in help order.
#: A feature's module may not exist yet; an existing module's import errors are not hidden.
COMMAND_MODULES: tuple[str, ...] = (
    "events", "delegates", "importing", "badges", "checkin", "agenda", "presentations", "reports",
    "survey", "maintenance", "demo", "hosting",
)
#: The module that registers each command: a command run imports only its own module (start-up
#: time: ``confman badges`` needs neither the importer's spreadsheet readers nor the PDF merger).
#: A command missing here is still found, by importing every module.
COMMAND_OWNERS: dict[str, str] = {
    "event": "events", "delegates": "delegates", "import": "importing", "export": "importing",
    "badges": "badges", "checkin": "checkin", "agenda": "agenda", "presentations": "presentations",
    "report": "reports", "backup": "maintenance", "restore": "maintenance", "demo": "demo",
}


def _add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"confman {__version__}",
                        help=t("cli.argparse.version"))
    parser.add_argument("--db", metavar="URL", help=t("cli.opt.db"))
    parser.add_argument("--event", metavar="CODE", help=t("cli.opt.event"))
    parser.add_argument("--lang", choices=("vi", "en"), help=t("cli.opt.lang"))
    parser.add_argument("--create", action="store_true", help=t("cli.opt.create"))
    parser.add_argument("--self-test", action="store_true", help=t("cli.opt.self_test"))


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser with every feature's commands (imports their modules), or only module ``only``'s."""
    translate_argparse()
    parser = argparse.ArgumentParser(prog="confman", description=t("cli.description"))
    _add_global_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    gui = subparsers.add_parser("gui", help=t("cli.gui.help"))
    gui.set_defaults(handler=_run_gui)
    for name in COMMAND_MODULES if only is None else (only,):
        module_name = f"confman.cli.{name}"
        if importlib.util.find_spec(module_name) is not None:
            importlib.import_module(module_name).register(subparsers)
    return parser


def _run_gui(ctx: CliContext) -> int:
    from confman.app import main as app_main

    return app_main(db_url=ctx.args.db, event_code=ctx.args.event, create=ctx.args.create)


#: Global options that take a value (``--db URL``); the others are flags.
_GLOBAL_VALUES = ("--db", "--event", "--lang")


def _global_prefix(argv: list[str]) -> list[str]:
    """The global options before the command word (``--lang en`` after it is the command's own)."""
    i = 0
    while i < len(argv) and argv[i].startswith("-"):
        i += 1 if "=" in argv[i] or argv[i] not in _GLOBAL_VALUES else 2
    return argv[:i]


def _parse(argv: list[str]) -> argparse.Namespace:
    """Parse ``argv``; opening the window skips importing every command module (start-up time).

    A global ``--lang`` is applied first, so ``confman --lang en report --help`` answers in English.
    """
    translate_argparse()
    base = argparse.ArgumentParser(prog="confman", add_help=False, exit_on_error=False)
    _add_global_options(base)
    try:
        lead, _rest = base.parse_known_args(_global_prefix(argv))
    except argparse.ArgumentError:
        lead = None
    if lead is not None and lead.lang:
        set_language(lead.lang)
    try:
        known, rest = base.parse_known_args(argv)
    except argparse.ArgumentError:  # e.g. a command's own --lang both: the full parser decides
        return build_parser().parse_args(argv)
    if rest in ([], ["gui"]):
        known.command, known.handler = "gui", _run_gui
        return known
    owner = COMMAND_OWNERS.get(rest[0]) if rest else None
    if owner is not None and owner in COMMAND_MODULES:
        return build_parser(only=owner).parse_args(argv)
    return build_parser().parse_args(argv)


def _command_words(args: argparse.Namespace) -> list[str]:
    """``["checkin"]``, ``["event", "create"]``: what other processes are told this one is."""
    words = [str(args.command)] if getattr(args, "command", None) else []
    for name, value in vars(args).items():
        if name.endswith("_action") and isinstance(value, str):
            words.append(value)
    return words


def _end_of_start_up() -> None:
    """Freeze what start-up made out of the collector's reach, and resume collecting.

    Only for a whole process (``python -m confman``): in a longer-lived one (tests calling
    :func:`run`) freezing would keep its garbage cycles forever.
    """
    gc.freeze()
    gc.enable()


def run(argv: Sequence[str], *, whole_process: bool = False) -> int:
    """Parse ``argv`` and run the command; returns the process exit code.

    ``whole_process``: this call is the process (``confman.__main__``), started with the
    collector paused (see :func:`_end_of_start_up`).
    """
    from confman.core.private_files import restrict_process_umask
    from confman.core.settings import load_settings, protect_data_folder

    restrict_process_umask()
    settings = load_settings()
    protect_data_folder(settings)
    set_language(os.environ.get("CONFMAN_LANG") or settings.language)
    try:
        args = _parse(list(argv))
    finally:
        if whole_process:
            _end_of_start_up()
    if args.lang:
        set_language(args.lang)
    ctx = CliContext(args=args, settings=settings)
    from confman.core.db.presence import set_process_label

    set_process_label(" ".join(["confman", *_command_words(args)]), ctx.station)
    try:
        if args.self_test:
            from confman.selftest import run_self_test

            return run_self_test(ctx)
        handler = getattr(args, "handler", None) or _run_gui
        return int(handler(ctx) or 0)
    except DomainError as exc:
        print(t("cli.error_prefix") + describe(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(t("cli.interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and friends: stop quietly, like other tools
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    finally:
        ctx.close()
