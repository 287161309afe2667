"""ReportLab runs with its C accelerator (rl_accel): escaping, number formatting and glyph widths
in C, not the pure-Python fallbacks that made long documents slower."""

from __future__ import annotations

import inspect

from reportlab.lib import rl_accel

from confman.core.pdf import fonts


def test_reportlab_uses_its_c_accelerator() -> None:
    for name in ("escapePDF", "fp_str", "instanceStringWidthTTF"):
        assert inspect.isbuiltin(getattr(rl_accel, name)), f"{name} is the pure-Python fallback"
    assert inspect.isbuiltin(fonts.escapePDF)
