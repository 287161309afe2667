"""The door on PostgreSQL: one statement and one round trip per scan, whatever the verdict."""

from __future__ import annotations

import pytest
from sqlalchemy import event

pytest.importorskip("psycopg")

from confman.core.checkin.service import current_code, perform_checkin  # noqa: E402
from confman.core.db.engine import Database  # noqa: E402
from tests.faults.tcp_proxy import TcpProxy  # noqa: E402

pytestmark = pytest.mark.postgres


def test_every_verdict_costs_one_statement_and_one_round_trip(pg_db, pg_url, make_event, make_delegate):
    from sqlalchemy.engine import make_url

    ev = make_event(database=pg_db)
    an = make_delegate(ev.id, "Nguyễn Văn An", database=pg_db)
    binh = make_delegate(ev.id, "Trần Văn Bình", database=pg_db, status="cancelled")
    chi = make_delegate(ev.id, "Lê Thị Chi", database=pg_db)
    codes = {"an": current_code(pg_db, event_id=ev.id, delegate_id=an),
             "binh": current_code(pg_db, event_id=ev.id, delegate_id=binh)}
    url = make_url(pg_url)
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432))
    desk = Database.open(proxy.url(pg_url))
    statements: list[str] = []
    event.listen(desk.engine, "before_cursor_execute", lambda _c, _cur, sql, *_a: statements.append(sql))
    # The first scan reads the event's secret once (kept in memory) and opens the connection; psycopg
    # prepares the door's statement on the server at its 5th run (one extra round trip, once).
    for _ in range(6):
        perform_checkin(desk, event_id=ev.id, code=current_code(pg_db, event_id=ev.id, delegate_id=chi))

    def cost(code: str) -> tuple[str, int, int]:
        statements.clear()
        sends = proxy.client_sends
        result = perform_checkin(desk, event_id=ev.id, code=code, station="Bàn 1").result
        return result, len(statements), proxy.client_sends - sends

    forged = codes["an"][:-1] + str((int(codes["an"][-1]) + 1) % 10)
    assert cost(codes["an"]) == ("ok", 1, 1)
    assert cost(codes["an"]) == ("duplicate", 1, 1)
    assert cost(codes["binh"]) == ("cancelled", 1, 1)
    assert cost(forged) == ("bad_signature", 1, 1)
    assert cost("12345") == ("malformed", 1, 1)
    assert [s.lstrip().split()[0].upper() for s in statements] == ["WITH"]  # facts, verdict, insert: one CTE
    desk.dispose()
    proxy.kill()
