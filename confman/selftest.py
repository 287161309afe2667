"""``confman --self-test``: prove a build works end to end without a display.

Opens a temporary database, runs the migrations, creates a small demo event,
renders one badge to PDF, rasterises it and decodes its QR code back to a valid
badge code, renders the printed programme, and starts and stops a throwaway
bundled PostgreSQL server (the one that hosts other desks). Prints one line per step; exit 0
when every step passed. CI runs it inside the PyInstaller bundle.
"""

from __future__ import annotations

import inspect
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from confman.i18n import t


def _step_database(work: Path, state: dict[str, Any]) -> str:
    from confman.core.db.migrate import current_revision, head_revision
    from confman.core.db.setup import open_database
    from confman.core.demo import create_demo

    db = open_database(f"sqlite:///{work / 'selftest.sqlite3'}", backups_folder=work / "backups", create=True)
    state["db"] = db
    if current_revision(db) != head_revision():
        raise RuntimeError("schema is not at head after migrating")
    summary = create_demo(db, delegates=24)
    state["event_id"] = summary.event.id
    return f"revision {head_revision()}, {summary.delegates} delegates"


def _step_badge(work: Path, state: dict[str, Any]) -> str:
    import pypdfium2 as pdfium
    from reportlab.lib import rl_accel

    from confman.core.badges.codes import verify_code
    from confman.core.badges.qr import decode_qr_codes
    from confman.core.badges.service import get_template, render_batch, select_batch
    from confman.core.events.service import event_secret

    if not inspect.isbuiltin(rl_accel.escapePDF):  # the bundle lost the exec()-imported C module
        raise RuntimeError("ReportLab's C accelerator (_rl_accel) is missing")
    db, event_id = state["db"], state["event_id"]
    batch = select_batch(db, event_id)
    out = work / "badge.pdf"
    rendered = render_batch(db, event_id, batch.ids[:1], get_template(db, "cr80_portrait"), out)
    printed = rendered.badges[0]
    page = pdfium.PdfDocument(str(out))[0]
    decoded = decode_qr_codes(page.render(scale=200 / 72).to_pil())
    if decoded != [printed.code]:
        raise RuntimeError(f"QR decoded as {decoded!r}, expected {printed.code!r}")
    secret = event_secret(db, event_id)
    verdict = verify_code(decoded[0], event_id=event_id, secret_for_event=lambda _e: secret,
                          current_badge_version=lambda _d: printed.badge_version)
    if verdict.status != "valid" or verdict.delegate_id != printed.delegate_id:
        raise RuntimeError(f"decoded code verified as {verdict.status}")
    return f"{out.stat().st_size} bytes, QR {printed.code} valid, PDF accelerator loaded"


def _step_agenda(work: Path, state: dict[str, Any]) -> str:
    import io

    import pypdfium2 as pdfium

    from confman.core.agenda.pdf import render_programme
    from confman.core.agenda.service import list_items

    db = state["db"]
    data = render_programme(db, state["event_id"])
    (work / "programme.pdf").write_bytes(data)
    document = pdfium.PdfDocument(io.BytesIO(data))
    text = "".join("".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document)))
    items = list_items(db, state["event_id"])
    missing = [item.title_vi for item in items if "".join(item.title_vi.split()) not in text]
    if not items or missing:
        raise RuntimeError(f"programme lacks {missing or 'every item'}")
    return f"{len(document)} pages, {len(items)} items"


def _step_hosting(work: Path, state: dict[str, Any]) -> str:
    """Start and stop a throwaway bundled PostgreSQL server (the one that hosts other desks)."""
    import secrets

    import psycopg

    from confman.core.hosting.server import Cluster, free_port

    folder = work / "hosting"
    folder.mkdir()
    folder.chmod(0o755)  # under root the server runs as an unprivileged user that must get in
    cluster = Cluster(folder / "pgdata", folder / "log")
    password = secrets.token_hex(12)
    cluster.initialise(password)
    port = free_port()
    cluster.start(port)
    try:
        with psycopg.connect(host="127.0.0.1", port=port, user="postgres", password=password, dbname="postgres",
                             connect_timeout=5) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
        try:
            psycopg.connect(host="127.0.0.1", port=port, user="postgres", password="wrong", dbname="postgres",
                            connect_timeout=5).close()
        except psycopg.OperationalError:
            pass
        else:
            raise RuntimeError("the server accepted a wrong password")
    finally:
        cluster.stop()
    if cluster.running:
        raise RuntimeError("the server did not stop")
    return f"PostgreSQL {version} started and stopped"


STEPS: tuple[tuple[str, Callable[[Path, dict[str, Any]], str]], ...] = (
    ("selftest.step.database", _step_database),
    ("selftest.step.badge", _step_badge),
    ("selftest.step.agenda", _step_agenda),
    ("selftest.step.hosting", _step_hosting),
)


def run_self_test(_ctx: object = None) -> int:
    """Run every step in a temporary folder; 0 when all passed, 1 otherwise."""
    failures = 0
    state: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="confman-selftest-") as tmp:
        work = Path(tmp)
        for key, step in STEPS:
            started = time.perf_counter()
            try:
                detail = step(work, state)
            except Exception:
                failures += 1
                print(t("selftest.failed", step=t(key)))
                traceback.print_exc()
                break
            print(t("selftest.passed", step=t(key), detail=detail, ms=round((time.perf_counter() - started) * 1000)))
        if "db" in state:
            state["db"].dispose()
    print(t("selftest.ok") if failures == 0 else t("selftest.fail"))
    return 0 if failures == 0 else 1
