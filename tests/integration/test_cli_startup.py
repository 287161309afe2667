"""The command line starts light: a command imports only what it uses.

Each case runs a real ``python -X importtime -m confman …`` process and reads the modules it
imported from the interpreter's own report: a badge run must not load Qt, the spreadsheet
readers, the PDF merger, phonenumbers' metadata or the fuzzy matcher.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: Top-level packages a command has no business importing unless it uses them.
HEAVY = ("PySide6", "shiboken6", "openpyxl", "python_calamine", "pypdf", "phonenumbers", "rapidfuzz", "docx")


def imported_modules(*args: str, env: dict[str, str]) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """Run ``python -X importtime -m confman ARGS``; the modules it imported, and the process."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "confman", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    modules = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                modules.add(name)
    return modules, done


def top_level(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    env["CONFMAN_DATA_DIR"] = str(tmp_path / "data")
    env["PYTHONPATH"] = str(ROOT)
    return env


@pytest.fixture
def demo_db(tmp_path: Path, cli_env: dict[str, str]) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    done = subprocess.run([sys.executable, "-m", "confman", "--db", url, "demo"], cwd=ROOT, env=cli_env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return url


def test_a_badge_run_imports_no_qt_no_spreadsheets_no_phone_metadata(
    demo_db: str, cli_env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "badges.pdf"
    modules, done = imported_modules("--db", demo_db, "badges", str(out), env=cli_env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert out.stat().st_size > 10_000  # the badges were really drawn
    assert "confman.core.badges.render" in modules and "reportlab" in top_level(modules)
    loaded = top_level(modules) & set(HEAVY)
    assert not loaded, f"a badge run imported {sorted(loaded)}"
    assert not {m for m in modules if m.startswith("phonenumbers")}
    # SQLite needs no PostgreSQL dialect (a partial index naming ``postgresql_where`` once loaded it: ~60 ms).
    assert "sqlalchemy.dialects.postgresql" not in modules
    # SQLAlchemy's asyncio and entry-point machinery stays behind its stand-ins (confman.deferred_imports).
    assert not modules & {"asyncio", "asyncio.base_events", "importlib.metadata"}, sorted(
        modules & {"asyncio", "asyncio.base_events", "importlib.metadata"})
    # Other commands' modules stay unloaded too.
    assert not {m for m in modules if m.startswith(("confman.cli.importing", "confman.cli.reports",
                                                      "confman.core.presentations.book", "confman.ui"))}
    # Nor the tables of features a badge run does not touch (each model module costs start-up time).
    unrelated = {"confman.core.agenda.models", "confman.core.checkin.models", "confman.core.presentations.models",
                 "confman.core.survey.models", "confman.core.registration.import_mappings", "confman.core.models"}
    assert not modules & unrelated, sorted(modules & unrelated)


def test_the_delegate_list_imports_no_qt_and_no_importer(demo_db: str, cli_env: dict[str, str]) -> None:
    modules, done = imported_modules("--db", demo_db, "delegates", "list", "--json", env=cli_env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert '"full_name"' in done.stdout
    loaded = top_level(modules) & {"PySide6", "openpyxl", "python_calamine", "pypdf", "docx"}
    assert not loaded, f"delegates list imported {sorted(loaded)}"
    # A command that may merge or delete loads every table and every feature's organization hooks
    # (only a badge run opts out): a merge must find the survey's answers and every check-in.
    assert {"confman.core.models", "confman.core.survey.organizations", "confman.core.checkin.models"} <= modules


def test_an_import_loads_the_spreadsheet_reader_it_needs(demo_db: str, cli_env: dict[str, str],
                                                         tmp_path: Path) -> None:
    """The check is not vacuous: a command that reads a workbook does import its reader."""
    sheet = tmp_path / "list.csv"
    sheet.write_text("Họ và tên,Đơn vị,Điện thoại\nNguyễn Văn Khởi,Bộ Ngoại giao,0912 345 678\n", encoding="utf-8-sig")
    modules, done = imported_modules("--db", demo_db, "import", str(sheet), "--dry-run", "--json", env=cli_env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "confman.core.registration.importing.parse" in modules
    assert "PySide6" not in top_level(modules)
