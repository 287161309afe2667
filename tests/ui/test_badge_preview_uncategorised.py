"""The template editor's card preview of a delegate without a category shows what prints: the neutral band
with its label, not a blank coloured one."""

from __future__ import annotations

from PySide6.QtGui import QColor

from confman.core.registration.models import Delegate
from confman.ui.badges.card_preview import PX_PER_MM, render_card_image
from confman.ui.badges.ops import editor_start


def test_the_preview_of_an_uncategorised_delegate_shows_the_neutral_labelled_band(qapp, db, make_event):
    event = make_event()
    with db.session() as session:
        bare = Delegate(event_id=event.id, full_name="Nguyễn Văn An")
        session.add(bare)
        session.flush()
        bare_id = bare.id
    start = editor_start(db, "a4_10up_cr80", event.id, bare_id, "vi")  # what the editor opens with
    assert start.badge is not None
    image = render_card_image(start.template, start.badge, start.event, "vi")
    band = next(e for e in start.template.elements if e.type == "category_band")
    y = round((band.y_mm + band.h_mm / 2) * PX_PER_MM)
    edge = QColor(image.pixel(round(1.5 * PX_PER_MM), y))
    assert max(edge.red(), edge.green(), edge.blue()) - min(edge.red(), edge.green(), edge.blue()) <= 6
    assert 100 <= edge.red() <= 200  # grey, not the default category blue (#1F4E79)
    darkest = min(QColor(image.pixel(x, y)).lightness() for x in range(image.width()))
    assert darkest < 60  # the label is drawn on the band
