"""The desk's verdict card: its photo is large on a roomy screen and small on the 125 % laptop."""

from __future__ import annotations

from datetime import UTC, datetime

from confman.core.checkin.rows import CheckinResult, DelegateCard
from confman.ui.checkin.result_card import ResultCard


def _result() -> CheckinResult:
    person = DelegateCard(id=1, honorific="Ông", full_name="Nguyễn Văn Đức", position="Vụ trưởng",
                          organization="Bộ Ngoại giao", category_code="VIP", category_label_vi="Đại biểu VIP",
                          category_label_en="VIP", category_color="#b71c1c", is_vip=True)
    return CheckinResult(result="ok", code="X", uuid="u", station="Bàn 1", scanned_at=datetime.now(UTC),
                         delegate=person)


def test_the_photo_follows_the_cards_height(qtbot) -> None:
    card = ResultCard()
    qtbot.addWidget(card)
    card.resize(700, 400)
    card.show()
    card.show_result(_result(), "vi", "Asia/Ho_Chi_Minh")
    qtbot.waitUntil(lambda: card.photo.isVisible())
    assert (card.photo.width(), card.photo.height()) == ResultCard.PHOTO_SIZE
    assert card.photo.pixmap().width() >= ResultCard.PHOTO_SIZE[0]
    card.resize(700, 230)  # the laptop at 125 %: the page must fit without scrolling
    qtbot.waitUntil(lambda: card.photo.height() == ResultCard.SMALL_PHOTO_SIZE[1])
    assert card.photo.pixmap().height() == ResultCard.SMALL_PHOTO_SIZE[1]  # the shown photo rescaled, not cut
    assert card.name.text() == "Ông Nguyễn Văn Đức"
    card.resize(700, 420)
    qtbot.waitUntil(lambda: card.photo.height() == ResultCard.PHOTO_SIZE[1])
