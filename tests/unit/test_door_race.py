"""When another process logs the ok between the door's read and its write, the database decides."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import func, select

from confman.core.checkin.service import current_code, perform_checkin
from confman.core.enums import CheckInResult
from confman.core.ledger.checkins import CheckIn, ok_key


def test_an_ok_logged_elsewhere_under_the_same_key_makes_this_scan_a_duplicate(db, make_event, make_delegate):
    event = make_event()
    an = make_delegate(event.id, "Nguyễn Văn An")
    code = current_code(db, event_id=event.id, delegate_id=an)
    # The key is taken, but by a row the door's read does not count for this delegate: exactly what
    # the read sees when another desk's insert lands between the read and the write.
    earlier = datetime(2026, 12, 10, 7, 30, tzinfo=UTC)
    with db.session() as session:
        session.add(CheckIn(uuid=str(uuid.uuid4()), event_id=event.id, delegate_id=None, station="Bàn 2",
                            scanned_code="", result=CheckInResult.OK, created_at=earlier,
                            ok_key=ok_key(event.id, an, None, 0)))
    result = perform_checkin(db, event_id=event.id, code=code, station="Bàn 1")
    assert result.result == "duplicate"
    assert result.first_station == "Bàn 2" and result.first_checkin_at == earlier
    with db.session() as session:
        logged = session.execute(select(CheckIn.result, func.count()).where(CheckIn.station == "Bàn 1")
                                 .group_by(CheckIn.result)).all()
    assert [(str(r), n) for r, n in logged] == [("duplicate", 1)]  # logged once, as a duplicate
