"""``confman --self-test`` passes from the source tree (CI also runs it inside the bundle)."""

from __future__ import annotations

from confman.cli import run


def test_self_test_passes(capsys):
    assert run(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert out.count("✓") == 4
    assert "PostgreSQL 18" in out  # the bundled server started and stopped
    assert out.strip().endswith("Tự kiểm tra: đạt.")
