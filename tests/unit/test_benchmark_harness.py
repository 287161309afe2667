"""The benchmark harness can fail: a figure over its target raises, and paired samples are judged by
the median of their pairs' ratios (a slow spell that hits both runs of a pair cancels out)."""

from __future__ import annotations

import pytest

from tests.benchmarks.harness import RECORDED, Figure, compare, figure_from_samples


@pytest.fixture(autouse=True)
def _not_in_the_printed_table():
    """These figures are examples: keep them out of a benchmark run's printed table."""
    before = list(RECORDED)
    yield
    RECORDED[:] = before


def test_pairs_are_judged_by_the_median_of_their_ratios() -> None:
    # The third pair ran in a slow spell: both sides took 3× as long.
    figure = figure_from_samples("paired", [1.9, 1.8, 5.7], [1.0, 1.0, 3.0], unit="s", max_ratio=2.0, paired=True)
    assert figure.ratio == pytest.approx(1.9)
    figure.check()
    unpaired = figure_from_samples("unpaired", [1.9, 1.8, 5.7], [1.0, 1.0, 3.0], unit="s", max_ratio=2.0)
    assert unpaired.ratio == pytest.approx(1.9)  # medians 1.9 / 1.0


def test_a_figure_over_its_target_fails() -> None:
    figure = Figure("slow", ours=2.5, floor=1.0, unit="s", max_ratio=2.0,
                    samples={"ours": [2.4, 2.5, 2.6], "floor": [1.0, 1.0, 1.0]}, paired=True)
    assert not figure.met
    with pytest.raises(AssertionError, match="slow"):
        figure.check()
    assert not Figure("too long", ours=6.0, floor=None, unit="ms", max_value=5.0).met


def test_compare_interleaves_and_pairs() -> None:
    calls: list[str] = []
    figure = compare("order", lambda: calls.append("A"), lambda: calls.append("B"), rounds=3, warmup=1)
    assert calls == ["A", "B"] * 4 and figure.paired and len(figure.samples["ours"]) == 3
