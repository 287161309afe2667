"""Benchmarks print one table of every recorded figure at the end of the run."""

from __future__ import annotations

import os

import pytest

from tests.benchmarks.harness import RECORDED, table


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not RECORDED:
        return
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    title = "benchmark figures"
    if load is not None:
        title += f" (load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, {os.cpu_count()} cores)"
    terminalreporter.write_sep("=", title)
    terminalreporter.write_line(table(RECORDED))
