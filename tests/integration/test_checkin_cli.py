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


def test_checkin_conflicts_lists_double_admissions_reported_by_offline_desks(db, sqlite_url, make_event,
                                                                            make_delegate, capsys, tmp_path):
    from confman.core.checkin.offline_queue import OfflineQueue

    event = make_event(code="CLI3")
    binh = make_delegate(event.id, "Trần Văn Bình")
    code = current_code(db, event_id=event.id, delegate_id=binh)
    base = ["--db", sqlite_url, "--event", "CLI3", "checkin"]
    assert run([*base, "conflicts"]) == 0
    assert "Không có trường hợp nào vào hai lần" in capsys.readouterr().out

    desk = OfflineQueue(tmp_path / "desk.sqlite3")
    desk.refresh_snapshot(db, event.id)
    assert desk.scan_offline(event_id=event.id, code=code, station="Bàn 1").result == "ok"  # offline at desk 1
    assert run([*base, code, "--station", "Bàn 2", "--json"]) == 0  # meanwhile at desk 2, online
    capsys.readouterr()
    report = desk.sync(db)
    assert len(report.conflicts) == 1 and report.conflicts[0].first_station == "Bàn 2"

    assert run([*base, "conflicts", "--json"]) == 0
    [row] = _json(capsys)
    assert row["delegate_id"] == binh and row["name"] == "Trần Văn Bình"
    assert row["offline_station"] == "Bàn 1" and row["first_station"] == "Bàn 2"
    assert run([*base, "conflicts"]) == 0
    assert "Trần Văn Bình: vào ngoại tuyến tại Bàn 1" in capsys.readouterr().out
