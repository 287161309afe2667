"""``confman checkin`` keeps its JSON contract and exits 0 for every verdict."""

from __future__ import annotations

import json

from confman.cli import run
from confman.core.checkin.service import current_code


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_checkin_code_undo_and_stats(db, sqlite_url, make_event, make_delegate, capsys):
    event = make_event(code="CLI1")
    an = make_delegate(event.id, "Nguyễn Văn An", organization="Bộ Ngoại giao", category_code="KM")
    code = current_code(db, event_id=event.id, delegate_id=an)
    base = ["--db", sqlite_url, "--event", "CLI1", "checkin"]

    assert run([*base, code, "--station", "Bàn 7", "--json"]) == 0
    first = _json(capsys)
    assert first["result"] == "ok" and first["delegate_id"] == an and first["name"] == "Nguyễn Văn An"
    assert first["station"] == "Bàn 7" and first["first_checkin_at"]
    assert set(first) == {"result", "delegate_id", "name", "first_checkin_at", "station"}

    assert run([*base, code, "--json"]) == 0
    again = _json(capsys)
    assert again["result"] == "duplicate" and again["station"] == "Bàn 7"
    assert again["first_checkin_at"] == first["first_checkin_at"]

    for bad, verdict in ((code[:-1] + str((int(code[-1]) + 1) % 10), "bad_signature"), ("hello", "malformed")):
        assert run([*base, bad, "--json"]) == 0
        assert _json(capsys) == {"result": verdict, "delegate_id": None, "name": None,
                                 "first_checkin_at": None, "station": None}

    assert run([*base, "stats", "--json"]) == 0
    assert _json(capsys) == {"expected": 1, "checked_in": 1,
                             "by_category": {"Khách mời": {"expected": 1, "checked_in": 1}}}

    assert run([*base, "undo", str(an)]) == 0
    capsys.readouterr()
    assert run([*base, "stats", "--json"]) == 0
    assert _json(capsys)["checked_in"] == 0
    assert run([*base, "undo", str(an)]) == 2  # nothing left to undo: a translated error
    assert "hoàn tác" in capsys.readouterr().err
