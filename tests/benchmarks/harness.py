"""One way to measure a performance target: interleaved runs against an honest floor.

Every benchmark measures confman (A) and a floor (B) in the same run, alternating
A, B, A, B … so that a noisy neighbour slows both alike, then asserts the target as a
median of the pairs' ratios (and, where the issue names one, an absolute bound). Each figure is also
recorded, and ``conftest.py`` prints one table at the end of a ``-m benchmark`` run::

    figure | confman | floor | ratio | target | met

Usage::

    result = compare("check-in verdict, 20,000 delegates", ours, floor, rounds=200, unit="ms",
                     max_ratio=5.0, max_value=5.0)
    result.check()          # asserts the target; the table shows the figure either way
"""

from __future__ import annotations

import gc
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

_UNITS = {"s": 1.0, "ms": 1_000.0, "us": 1_000_000.0, "×": 1.0}  # "×": a dimensionless ratio (growth)


@dataclass
class Figure:
    """One measured target: medians of both sides in ``unit`` and the target it is held to."""

    name: str
    ours: float
    floor: float | None
    unit: str
    max_ratio: float | None = None
    max_value: float | None = None
    ours_p95: float | None = None
    note: str = ""
    samples: dict[str, list[float]] = field(default_factory=dict, repr=False)
    paired: bool = False
    """The samples were taken in pairs (A, B, A, B …): the ratio is the median of the pairs' ratios,
    so a slow spell of a shared machine, which slows both runs of a pair, cancels out."""

    @property
    def ratio(self) -> float | None:
        if self.floor is None or self.floor <= 0:
            return None
        ours, floor = self.samples.get("ours", []), self.samples.get("floor", [])
        if self.paired and ours and len(ours) == len(floor) and all(b > 0 for b in floor):
            return statistics.median(a / b for a, b in zip(ours, floor, strict=True))
        return self.ours / self.floor

    @property
    def target(self) -> str:
        parts = []
        if self.max_ratio is not None:
            parts.append(f"≤ {self.max_ratio:g}×")
        if self.max_value is not None:
            parts.append(f"≤ {self.max_value:g} {self.unit}")
        return " and ".join(parts) or "—"

    @property
    def met(self) -> bool:
        if self.max_ratio is not None and (self.ratio is None or self.ratio > self.max_ratio):
            return False
        return self.max_value is None or self.ours <= self.max_value

    def check(self) -> None:
        """Assert the target (the figure is already in the printed table)."""
        assert self.met, (
            f"{self.name}: {number(self.ours)} {self.unit} vs floor "
            f"{'—' if self.floor is None else f'{number(self.floor)} {self.unit}'}"
            f" (ratio {'—' if self.ratio is None else f'{self.ratio:.2f}'}), target {self.target}"
        )


def number(value: float) -> str:
    """A measured value as people read it: ``1680``, ``61.3``, ``4.62``, ``0.0123`` (never ``1.68e+03``)."""
    size = abs(value)
    if size >= 100:
        return f"{value:.0f}"
    if size >= 10:
        return f"{value:.1f}"
    if size >= 1 or size == 0:
        return f"{value:.2f}"
    return f"{value:.3g}" if size >= 1e-4 else f"{value:.6f}"


RECORDED: list[Figure] = []


def record(figure: Figure) -> Figure:
    RECORDED.append(figure)
    return figure


def _timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def interleaved(
    ours: Callable[[], object],
    floor: Callable[[], object],
    *,
    rounds: int,
    warmup: int = 1,
    collect: bool = False,
) -> tuple[list[float], list[float]]:
    """Seconds per call of both sides, run A, B, A, B …; the first ``warmup`` pairs are dropped.

    With ``collect`` a full garbage collection runs before every call, so one side's garbage
    is not paid for by the other.
    """
    a: list[float] = []
    b: list[float] = []
    for index in range(rounds + warmup):
        if collect:
            gc.collect()
        ta = _timed(ours)
        if collect:
            gc.collect()
        tb = _timed(floor)
        if index >= warmup:
            a.append(ta)
            b.append(tb)
    return a, b


def p95(samples: Sequence[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(len(ordered) * 0.95) - 1)]


def compare(
    name: str,
    ours: Callable[[], object],
    floor: Callable[[], object] | None,
    *,
    rounds: int,
    unit: str = "ms",
    max_ratio: float | None = None,
    max_value: float | None = None,
    warmup: int = 1,
    collect: bool = False,
    note: str = "",
) -> Figure:
    """Measure ``ours`` against ``floor`` interleaved and record the figure (medians in ``unit``)."""
    scale = _UNITS[unit]
    if floor is None:
        a: list[float] = []
        for index in range(rounds + warmup):
            if collect:
                gc.collect()
            t = _timed(ours)
            if index >= warmup:
                a.append(t)
        b: list[float] = []
    else:
        a, b = interleaved(ours, floor, rounds=rounds, warmup=warmup, collect=collect)
    return record(Figure(
        name=name,
        ours=statistics.median(a) * scale,
        floor=statistics.median(b) * scale if b else None,
        unit=unit,
        max_ratio=max_ratio,
        max_value=max_value,
        ours_p95=p95(a) * scale,
        note=note,
        samples={"ours": a, "floor": b},
        paired=bool(b),
    ))


def figure_from_samples(
    name: str,
    ours: Sequence[float],
    floor: Sequence[float] | None,
    *,
    unit: str = "ms",
    max_ratio: float | None = None,
    max_value: float | None = None,
    use_p95: bool = False,
    paired: bool = False,
    note: str = "",
) -> Figure:
    """Record a figure from samples (seconds) measured elsewhere, e.g. inside a Qt event loop.

    With ``use_p95`` the figure is the 95th percentile (latency targets), else the median;
    ``paired``: ``ours[i]`` and ``floor[i]`` were measured one after the other (see ``Figure.paired``).
    """
    scale = _UNITS[unit]
    pick = p95 if use_p95 else statistics.median
    return record(Figure(
        name=name,
        ours=pick(ours) * scale,
        floor=statistics.median(floor) * scale if floor else None,
        unit=unit,
        max_ratio=max_ratio,
        max_value=max_value,
        ours_p95=p95(ours) * scale,
        note=note,
        samples={"ours": list(ours), "floor": list(floor or [])},
        paired=paired and not use_p95,
    ))


def run_process(cmd: Sequence[str], env: dict[str, str] | None = None, timeout: float = 120) -> None:
    """A whole process as one call, for ``compare`` (raises when it fails)."""
    subprocess.run(list(cmd), env=env, check=True, capture_output=True, timeout=timeout)


def table(figures: Sequence[Figure]) -> str:
    """The figures as one plain-text table."""
    header = ("figure", "confman", "floor", "ratio", "target", "met")
    rows = [header]
    for f in figures:
        rows.append((
            f.name,
            f"{number(f.ours)} {f.unit}",
            "—" if f.floor is None else f"{number(f.floor)} {f.unit}",
            "—" if f.ratio is None else f"{f.ratio:.2f}×",
            f.target,
            "yes" if f.met else "NO",
        ))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = [" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)
