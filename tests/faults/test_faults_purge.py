"""Purge means purged (issue 13, case 8).

After ``purge`` the before-purge, manual, automatic and safety backups still held the phones and
e-mails. Now a grep of every byte of every file under the data folder finds the purged phone,
e-mail and notes nowhere — except in the one pre-purge backup the user chose to keep — while
another event's data stays everywhere it was.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from confman.core.db.backup import backup_database, list_backups
from confman.core.db.restore import restore_database
from confman.core.registration.rows import DelegateInput
from confman.core.registration.service import update_delegate

PHONE_INPUT = "0915 246 813"
EMAIL = "lan.nguyen@mic.gov.vn"
NOTES = "Ăn chay; dị ứng hải sản"
OTHER_EMAIL = "khach.moi@other.vn"


def _stored_phone(db, delegate_id: int) -> str:
    with closing(sqlite3.connect(db.sqlite_path)) as conn:
        return conn.execute("SELECT phone FROM delegates WHERE id = ?", (delegate_id,)).fetchone()[0]


def _holders(folder: Path, needles: list[bytes]) -> dict[str, list[str]]:
    """``{needle: [files holding it]}`` over every file under ``folder`` (raw bytes, any name)."""
    found: dict[str, list[str]] = {n.decode(): [] for n in needles}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for needle in needles:
            if needle in data:
                found[needle.decode()].append(str(path.relative_to(folder)))
    return found


@pytest.fixture
def scattered(live, demo, data_folder, make_backup):
    """Personal data spread as a season leaves it: edits, an import, backups of every kind, a restore."""
    from confman.core.demo import create_demo
    from confman.core.registration.service import search_delegates

    other = create_demo(live, code="OTHER", delegates=5).event
    target = search_delegates(live, demo.id, "").rows[3].id
    update_delegate(live, target, DelegateInput(full_name="Nguyễn Thị Lan", organization="Bộ Nội vụ",
                                                phone="0912 000 111", email="old.lan@mic.gov.vn"))
    update_delegate(live, target, DelegateInput(full_name="Nguyễn Thị Lan", organization="Bộ Nội vụ",
                                                phone=PHONE_INPUT, email=EMAIL, notes=NOTES))  # audited: old + new
    guest = search_delegates(live, other.id, "").rows[0].id
    update_delegate(live, guest, DelegateInput(full_name="Trần Văn Khách", email=OTHER_EMAIL))
    folder = data_folder / "backups"
    backup_database(live, folder=folder, reason="manual")
    backup_database(live, folder=folder, reason="start", keep=20)
    backup_database(live, folder=folder, reason="periodic", keep=20)
    restore_database(live, make_backup("copy.sqlite3"), folder=folder)  # leaves a safety backup
    (data_folder / "saved" / "copy.sqlite3").unlink()  # (a copy outside the folder is the user's own business)
    live.dispose()
    return {"event": demo, "other": other, "phone": _stored_phone(live, target), "folder": folder}


def test_after_purge_the_phone_is_nowhere_in_the_data_folder(scattered, data_folder, faults):
    phone, folder = scattered["phone"], scattered["folder"]
    needles = [phone.encode(), EMAIL.encode(), NOTES.encode(), b"old.lan@mic.gov.vn", OTHER_EMAIL.encode()]
    before = _holders(data_folder, needles)
    assert len(before[phone]) >= 5  # the live file and four backups held it
    holding = sorted(p.rsplit("/", 1)[-1] for p in before[phone] if p.startswith("backups/"))

    preview = faults.run_cli("--event", "ASEAN-TT-2018", "report", "purge")  # says which, changes nothing
    assert preview.returncode == 2
    assert sorted(line.strip()[2:] for line in preview.stdout.splitlines() if line.startswith("  - ")) == holding
    assert _holders(data_folder, needles) == before

    proc = faults.run_cli("--event", "ASEAN-TT-2018", "report", "purge", "--yes", "--json")

    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    after = _holders(data_folder, needles)
    assert after[phone] == [] and after[EMAIL] == [] and after[NOTES] == [] and after["old.lan@mic.gov.vn"] == []
    assert sorted(Path(p).name for p in result["backups_scrubbed"]) == holding
    assert result["backup_kept"] is None and result["backups_deleted"] == []
    assert result["live_file_compacted"] is True
    remaining = {Path(r["path"]).name: r["personal_data"] for r in result["remaining_backups"]}
    assert sorted(remaining) == sorted(b.path.name for b in list_backups(folder)) and not any(remaining.values())
    # The other event's data is still everywhere it was: the backups were scrubbed, not destroyed.
    assert sorted(after[OTHER_EMAIL]) == sorted(before[OTHER_EMAIL])
    for info in list_backups(folder):
        assert faults.integrity(info.path) == "ok"


def test_purge_keeps_exactly_the_one_backup_the_user_chose(scattered, data_folder, faults):
    phone = scattered["phone"]
    proc = faults.run_cli("--event", "ASEAN-TT-2018", "report", "purge", "--yes", "--keep-backup")
    assert proc.returncode == 0, proc.stderr
    holders = _holders(data_folder, [phone.encode(), EMAIL.encode()])
    (kept,) = holders[phone]
    assert holders[EMAIL] == [kept]
    assert Path(kept).name.startswith("personal-data-confman-") and "before-purge-asean-tt-2018" in kept
    assert f"Kept at your request, with the personal data: {data_folder / kept}" in proc.stdout
    assert "holding personal data of ASEAN-TT-2018: 1." in proc.stdout
    # A second purge (nothing left to purge) scrubs nothing and keeps no second copy.
    again = faults.run_cli("--event", "ASEAN-TT-2018", "report", "purge", "--yes", "--keep-backup", "--json")
    assert json.loads(again.stdout)["backup_kept"] == str(data_folder / kept)
    assert len([b for b in list_backups(scattered["folder"]) if b.kind == "kept"]) == 1


def test_a_backup_that_cannot_be_scrubbed_is_deleted_and_said_so(scattered, data_folder, faults):
    folder = scattered["folder"]
    newest = list_backups(folder)[0].path
    with closing(sqlite3.connect(newest)) as conn:  # from a newer confman: this build cannot migrate it
        conn.execute("UPDATE alembic_version SET version_num = '0042_future_feature'")
        conn.commit()
    proc = faults.run_cli("--event", "ASEAN-TT-2018", "report", "purge", "--yes", "--json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["backups_deleted"] == [{"path": str(newest), "reason": "db.newer_schema"}]
    assert not newest.exists()
    assert _holders(data_folder, [scattered["phone"].encode()])[scattered["phone"]] == []
