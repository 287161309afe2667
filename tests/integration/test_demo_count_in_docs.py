"""The demo's delegate count is the same in the README, the user guide, the first-launch question and the CLI."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import func, select

from confman.core.demo import DEMO_DELEGATES, create_demo
from confman.core.registration.models import Delegate
from confman.i18n import t

ROOT = Path(__file__).resolve().parents[2]
COUNT = re.compile(r"\b(\d{2,4}) (?:đại biểu|delegates)\b")


def _demo_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines()
            if re.search(r"demo|hội nghị mẫu", line, re.IGNORECASE) and COUNT.search(line)]


def test_the_demo_count_agrees_everywhere(db):
    summary = create_demo(db)
    with db.session() as session:
        in_database = session.scalar(select(func.count(Delegate.id)).where(Delegate.event_id == summary.event.id))
    assert summary.delegates == in_database == DEMO_DELEGATES + 1  # the drawn delegates and the minister
    stated: dict[str, set[int]] = {}
    for path in (ROOT / "README.md", *sorted((ROOT / "resources" / "help").glob("guide.*.md"))):
        lines = _demo_lines(path)
        assert lines, f"{path.name} does not state the demo's size"
        stated[path.name] = {int(n) for line in lines for n in COUNT.findall(line)}
    for lang in ("vi", "en"):
        stated[f"app.offer_demo ({lang})"] = {int(n) for n in COUNT.findall(t("app.offer_demo", lang))}
    assert all(numbers == {in_database} for numbers in stated.values()), stated
