"""Stand-in modules: imported names bind at once, the real module runs on the first attribute read."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from confman.deferred_imports import defer_unused_modules

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A package ``slowpkg`` (with a submodule) that counts how often its body runs."""
    pkg = tmp_path / "slowpkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(
        "import builtins\n"
        "builtins.SLOWPKG_RUNS = getattr(builtins, 'SLOWPKG_RUNS', 0) + 1\n"
        "VALUE = 42\n"
        "def double(x):\n    return 2 * x\n",
        encoding="utf-8",
    )
    (pkg / "part.py").write_text("PART = 'part'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield pkg
    for name in ("slowpkg", "slowpkg.part"):
        sys.modules.pop(name, None)
    import builtins

    if hasattr(builtins, "SLOWPKG_RUNS"):
        del builtins.SLOWPKG_RUNS


def _runs() -> int:
    import builtins

    return int(getattr(builtins, "SLOWPKG_RUNS", 0))


def test_the_module_runs_only_when_an_attribute_is_read(package: Path) -> None:
    assert defer_unused_modules({"slowpkg": ()}) == ["slowpkg"]
    import slowpkg  # type: ignore[import-not-found]

    assert _runs() == 0
    assert slowpkg.VALUE == 42
    assert _runs() == 1
    assert slowpkg.double(4) == 8 and _runs() == 1
    import slowpkg as again  # type: ignore[import-not-found]

    assert again.VALUE == 42 and _runs() == 1
    assert sys.modules["slowpkg"].__name__ == "slowpkg"


def test_a_forwarded_function_works_before_and_after_the_load(package: Path) -> None:
    defer_unused_modules({"slowpkg": ("double",)})
    import slowpkg  # type: ignore[import-not-found]

    bound = slowpkg.double  # what an importing module keeps (SQLAlchemy keeps asyncio.iscoroutine)
    assert _runs() == 0
    assert bound(21) == 42 and _runs() == 1
    assert bound(1) == 2 and _runs() == 1


def test_importing_a_submodule_loads_the_real_package(package: Path) -> None:
    defer_unused_modules({"slowpkg": ()})
    from slowpkg.part import PART  # type: ignore[import-not-found]

    assert PART == "part" and _runs() == 1


def test_a_module_already_imported_or_missing_is_left_alone() -> None:
    assert defer_unused_modules({"json": (), "no_such_module_anywhere": ()}) == []
    assert "no_such_module_anywhere" not in sys.modules


def test_sqlalchemy_works_over_the_stand_ins() -> None:
    """A fresh process as ``confman`` starts one: SQLAlchemy loads, runs, and pulls in neither module
    until asked; entry points and coroutine checks still answer through the stand-ins."""
    script = (
        "import sys\n"
        "from confman.deferred_imports import defer_unused_modules\n"
        "print(sorted(defer_unused_modules()))\n"
        "import sqlalchemy, sqlalchemy.orm\n"
        "engine = sqlalchemy.create_engine('sqlite://')\n"
        "with engine.connect() as c: print(c.execute(sqlalchemy.text('select 6*7')).scalar())\n"
        "print('asyncio.base_events' in sys.modules, 'importlib.metadata._meta' in sys.modules)\n"
        "from sqlalchemy.util import compat, concurrency\n"
        "print(len(list(compat.importlib_metadata_get('console_scripts'))) > 0)\n"
        "async def nothing(): pass\n"
        "coroutine = nothing()\n"
        "print(concurrency.iscoroutine(coroutine), concurrency.iscoroutine(1))\n"
        "coroutine.close()\n"
        "import asyncio\n"
        "print(asyncio.run(asyncio.sleep(0, 'ran')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:6] == ["['asyncio', 'importlib.metadata']", "42", "False False", "True",
                                           "True False", "ran"]


def test_qt_import_hook_does_not_load_the_stand_ins() -> None:
    """PySide6 inspects the source of every module imported after it (``__file__``, ``__wrapped__``):
    in the window's process the stand-ins stay stand-ins."""
    script = (
        "import sys\n"
        "import PySide6.QtCore\n"
        "from confman.deferred_imports import defer_unused_modules\n"
        "defer_unused_modules()\n"
        "import sqlalchemy.orm\n"
        "print('asyncio.base_events' in sys.modules, 'importlib.metadata._meta' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          check=False, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False False"
