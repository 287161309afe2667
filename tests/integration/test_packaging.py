"""A wheel built from the repository works on its own (not editable, not from the checkout).

The wheel is installed ``--no-deps`` into a temporary ``--target`` folder and imported from
there by the current interpreter (which has the runtime dependencies), with the working
directory outside the checkout so that the checkout's ``confman`` cannot be imported.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]

PROBE = r"""
import json, sys
import confman
from confman.paths import migrations_dir, resource_path, resources_dir
from confman.i18n import load_catalog

print(json.dumps({
    "package": confman.__file__,
    "version": confman.__version__,
    "resources": str(resources_dir()),
    "font": str(resource_path("fonts", "BeVietnamPro-Regular.ttf")),
    "font_exists": resource_path("fonts", "BeVietnamPro-Regular.ttf").is_file(),
    "icon_exists": resource_path("icons", "confman.png").is_file(),
    "migrations": str(migrations_dir()),
    "env_py_exists": (migrations_dir() / "env.py").is_file(),
    "catalog_vi": len(load_catalog("vi")),
    "catalog_en": len(load_catalog("en")),
}))
"""


def _pip_available() -> bool:
    return importlib.util.find_spec("pip") is not None


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not _pip_available():
        pytest.skip("pip is not installed in this interpreter: cannot build the wheel")
    out = tmp_path_factory.mktemp("wheel")
    cmd = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--disable-pip-version-check",
        "--quiet",
        "-w",
        str(out),
        str(REPO),
    ]
    if importlib.util.find_spec("hatchling") is not None:
        # The build backend is already here: no isolated build env (faster, no download).
        cmd.insert(4, "--no-build-isolation")
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, f"wheel build failed:\n{result.stdout}\n{result.stderr}"
    wheels = sorted(out.glob("confman-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--disable-pip-version-check",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"wheel install failed:\n{result.stdout}\n{result.stderr}"
    return target


def _run(target: Path, cwd: Path, *args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")} | extra_env
    env["PYTHONPATH"] = str(target)
    env["PYTHONNOUSERSITE"] = "1"
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["CONFMAN_DATA_DIR"] = str(cwd / "data")
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_wheel_contains_resources_and_migrations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "confman/__init__.py" in names
    assert "confman/resources/fonts/BeVietnamPro-Regular.ttf" in names
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):  # the official documents' serif
        assert f"confman/resources/fonts/NotoSerif-{face}.ttf" in names
    assert "confman/resources/fonts/OFL-NotoSerif.txt" in names
    assert any(n.startswith("confman/migrations/versions/") and "0003_event_documents" in n for n in names)
    assert "confman/resources/icons/confman.png" in names
    assert any(n.startswith("confman/resources/translations/vi/") and n.endswith(".po") for n in names)
    assert "confman/migrations/env.py" in names
    assert not any(n.startswith("tests/") for n in names)


def test_installed_wheel_finds_its_resources(installed: Path, tmp_path: Path) -> None:
    result = _run(installed, tmp_path, "-c", PROBE)
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout.strip().splitlines()[-1])

    # Imported from the installed wheel, never from the checkout.
    assert Path(info["package"]).resolve().is_relative_to(installed.resolve()), info["package"]
    for key in ("resources", "font", "migrations"):
        assert Path(info[key]).resolve().is_relative_to(installed.resolve()), (key, info[key])
    assert info["font_exists"], info["font"]
    assert info["icon_exists"]
    assert info["env_py_exists"], info["migrations"]
    assert info["catalog_vi"] > 0 and info["catalog_en"] > 0


def test_installed_wheel_reports_its_version(installed: Path, tmp_path: Path) -> None:
    from confman import __version__

    result = _run(installed, tmp_path, "-m", "confman", "--version")
    assert result.returncode == 0, result.stderr
    assert __version__ in result.stdout
    assert result.stdout.strip() == f"confman {__version__}"


def test_installed_wheel_creates_the_demo_and_opens_the_window(installed: Path, tmp_path: Path) -> None:
    """The quick start on an installed wheel: migrations from the package, the demo, then the window."""
    db_url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    demo = _run(installed, tmp_path, "-m", "confman", "--db", db_url, "demo", "--json")
    assert demo.returncode == 0, demo.stderr
    assert json.loads(demo.stdout)["delegates"] >= 300
    window = _run(installed, tmp_path, "-m", "confman", "--db", db_url, CONFMAN_EXIT_AFTER_FIRST_PAINT="1")
    assert window.returncode == 0, window.stderr
