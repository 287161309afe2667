"""``confman host start|status|stop|new-code|finish|addresses`` and ``confman join CODE``.

The JSON shapes of ``host start``, ``host status``, ``host finish`` are a stable interface for
scripts; see the README.
"""

from __future__ import annotations

import argparse

from confman.cli.context import CliContext
from confman.i18n import t


def register(subparsers: argparse._SubParsersAction) -> None:
    host = subparsers.add_parser("host", help=t("cli.host.help"))
    actions = host.add_subparsers(dest="host_action", metavar="ACTION", required=True)
    start = actions.add_parser("start", help=t("cli.host.start.help"))
    start.add_argument("--port", type=int, metavar="N", help=t("cli.host.opt.port"))
    start.add_argument("--address", metavar="IPV4", help=t("cli.host.opt.address"))
    start.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    start.set_defaults(handler=_start)
    status = actions.add_parser("status", help=t("cli.host.status.help"))
    status.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    status.set_defaults(handler=_status)
    stop = actions.add_parser("stop", help=t("cli.host.stop.help"))
    stop.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    stop.set_defaults(handler=_stop)
    new_code = actions.add_parser("new-code", help=t("cli.host.new_code.help"))
    new_code.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    new_code.set_defaults(handler=_new_code)
    finish = actions.add_parser("finish", help=t("cli.host.finish.help"))
    finish.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    finish.set_defaults(handler=_finish)
    addresses = actions.add_parser("addresses", help=t("cli.host.addresses.help"))
    addresses.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    addresses.set_defaults(handler=_addresses)

    join = subparsers.add_parser("join", help=t("cli.join.help"))
    join.add_argument("code", metavar="CODE", help=t("cli.join.opt.code"))
    join.add_argument("--station", metavar="NAME", help=t("cli.join.opt.station"))
    join.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    join.set_defaults(handler=_join)


def _start(ctx: CliContext) -> int:
    from confman.core.hosting.service import start_hosting

    info = start_hosting(ctx.settings, source_url=ctx.args.db, address=ctx.args.address, port=ctx.args.port)
    if ctx.args.json:
        ctx.print_json(info.to_json())
        return 0
    print(t("hosting.cli.started", address=info.address, port=info.port))
    if info.tables:
        print(t("hosting.cli.copied", tables=len(info.tables), rows=sum(info.tables.values())))
    print(t("hosting.cli.join_code", code=info.join))
    print(t("hosting.firewall.short"))
    return 0


def _status(ctx: CliContext) -> int:
    from confman.core.hosting.service import hosting_status

    status = hosting_status()
    if ctx.args.json:
        ctx.print_json(status.to_json())
        return 0
    if not status.hosting:
        print(t("hosting.cli.not_hosting"))
    elif not status.running:
        print(t("hosting.cli.stopped"))
    else:
        print(t("hosting.cli.running", address=status.address, port=status.port))
        print(t("hosting.cli.desks", count=len(status.desks), names=", ".join(status.desks) or "—"))
        print(t("hosting.cli.join_code", code=status.join))
    return 0


def _stop(ctx: CliContext) -> int:
    from confman.core.hosting.service import stop_hosting

    stop_hosting()
    if ctx.args.json:
        ctx.print_json({"running": False})
    else:
        print(t("hosting.cli.stopped"))
    return 0


def _new_code(ctx: CliContext) -> int:
    from confman.core.hosting.service import new_join_code

    code = new_join_code()
    if ctx.args.json:
        ctx.print_json({"join": code})
    else:
        print(t("hosting.cli.join_code", code=code))
    return 0


def _finish(ctx: CliContext) -> int:
    from confman.core.hosting.service import finish_hosting

    report = finish_hosting(ctx.settings)
    if ctx.args.json:
        ctx.print_json(report.to_json())
        return 0
    print(t("hosting.cli.finished", rows=sum(report.tables.values()), tables=len(report.tables),
            path=str(report.server_copy)))
    return 0


def _addresses(ctx: CliContext) -> int:
    from confman.core.hosting.network import lan_addresses

    found = lan_addresses()
    if ctx.args.json:
        ctx.print_json([{"address": a.address, "adapter": a.adapter, "likely": a.likely} for a in found])
        return 0
    for entry in found:
        print(f"{entry.address}\t{entry.adapter}{'  *' if entry.likely else ''}")
    return 0


def _join(ctx: CliContext) -> int:
    from confman.core.hosting.desk import join_host

    result = join_host(ctx.args.code, ctx.settings, station=ctx.args.station)
    if ctx.args.json:
        ctx.print_json(result.to_json())
        return 0
    print(t("hosting.cli.joined", address=result.address, port=result.port, station=result.station))
    return 0
