"""Copy the current files of a day/room to a folder for the presentation laptop or a USB stick.

Files get ordered, Windows-safe names (``01 - Bộ Công Thương - Tên bài.pptx``) and the
folder gets an index PDF. When the export spans several days or rooms each (day, room)
gets its own sub-folder with its own numbering. A small manifest remembers what the
previous export wrote, so a re-export replaces renamed files without touching anything
the organiser put there.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from confman.core.db.engine import Database
from confman.core.errors import DomainError
from confman.core.events.service import EventRow
from confman.core.pdf.house import canvas_maker
from confman.core.presentations import printing
from confman.core.presentations.service import PresentationRow, run_of_show
from confman.core.presentations.storage import FileStore
from confman.i18n import t

MAX_PATH = 240
MANIFEST = ".confman-export.json"
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_REPLACEMENTS = {'"': "'", ":": " -", "/": "-", "\\": "-", "|": "-"}


def safe_component(text: str, *, whole_name: bool = True) -> str:
    """``text`` made safe for a Windows file name: NFC, no forbidden characters, no trailing
    dots or spaces and, for a ``whole_name``, never a reserved device name (``CON`` → ``CON_``)."""
    text = unicodedata.normalize("NFC", text or "")
    text = _FORBIDDEN.sub(lambda m: _REPLACEMENTS.get(m.group(), ""), text)
    text = " ".join(text.split()).rstrip(" .")
    stem, dot, rest = text.partition(".")
    if whole_name and stem.strip().upper() in _RESERVED:
        text = f"{stem.rstrip()}_{dot}{rest}"
    return text


def _trim(text: str, length: int) -> str:
    """``text`` cut to ``length`` characters at a character boundary, tidied for Windows."""
    if len(text) <= length:
        return text
    cut = unicodedata.normalize("NFC", text)[: max(0, length)]
    while cut and unicodedata.combining(cut[-1]):
        cut = cut[:-1]
    return cut.rstrip(" .-–,;")


def ordered_name(number: int, width: int, organization: str, title: str, ext: str, folder: Path,
                 *, max_path: int = MAX_PATH) -> str:
    """``NN - Organization - Title.ext`` trimmed so that ``folder/name`` stays within ``max_path``."""
    prefix = f"{number:0{width}d}"
    org = safe_component(organization, whole_name=False)
    name_title = safe_component(title, whole_name=False)
    ext = safe_component(ext.lower(), whole_name=False) if ext else ""
    room = max_path - len(str(folder)) - 1 - len(prefix) - len(ext)
    parts = [p for p in (org, name_title) if p]
    joined = " - ".join(parts)
    if len(joined) + 3 > room:
        # Keep the organization readable when possible; the title gives way first.
        budget = room - 3
        if org and name_title:
            org_budget = min(len(org), max(12, budget // 3))
            title_budget = budget - org_budget - 3
            if title_budget < 8:
                org_budget, title_budget = budget, -1
            parts = [_trim(org, org_budget)] + ([_trim(name_title, title_budget)] if title_budget > 0 else [])
        else:
            parts = [_trim(joined, budget)]
        parts = [p for p in parts if p]
    body = " - ".join([prefix, *parts])
    if len(str(folder)) + 1 + len(body) + len(ext) > max_path:
        raise DomainError("presentations.export.path_too_long", folder=str(folder), max=max_path)
    return safe_component(body) + ext


@dataclass(frozen=True, slots=True)
class ExportedFile:
    presentation_id: int
    path: Path
    source_name: str
    copied: bool
    """False when an identical copy from a previous export was kept."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    folder: Path
    files: tuple[ExportedFile, ...]
    missing: tuple[PresentationRow, ...]
    index_pdf: Path


def _group_folder(row: PresentationRow) -> str:
    day = row.day.isoformat() if row.day else "—"
    return safe_component(f"{day} - {row.room}" if row.room else day)


def _read_manifest(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.get("files", {}).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def _write_manifest(folder: Path, files: dict[str, str]) -> None:
    tmp = folder / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps({"files": files}, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)


def export_folder(db: Database, event: EventRow, target: Path | str, *, day: date | None = None,
                  room_id: int | None = None, store: FileStore | None = None, lang: str | None = None,
                  progress: Callable[[int, int], None] | None = None) -> ExportResult:
    """Copy the current file of every presentation of ``day``/``room_id`` (all when None) to ``target``."""
    store = store or FileStore()
    target = Path(target)
    rows = run_of_show(db, event.id, day, room_id)
    if not rows:
        raise DomainError("presentations.export.nothing")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DomainError("presentations.export.not_writable", folder=str(target),
                          detail=exc.strerror or str(exc)) from exc
    groups: dict[str, list[PresentationRow]] = {}
    for row in rows:
        groups.setdefault(_group_folder(row), []).append(row)
    nested = len(groups) > 1
    previous = _read_manifest(target)
    written: dict[str, str] = {}
    exported: list[ExportedFile] = []
    missing: list[PresentationRow] = []
    names: dict[int, str] = {}
    total = sum(1 for r in rows if r.current_file)
    done = 0
    for group, items in groups.items():
        folder = target / group if nested else target
        width = max(2, len(str(len(items))))
        for number, row in enumerate(items, start=1):
            current = row.current_file
            if current is None:
                missing.append(row)
                continue
            name = ordered_name(number, width, row.organization, row.title(lang or "vi"), current.extension, folder)
            path = folder / name
            key = path.relative_to(target).as_posix()
            names[row.id] = name
            same = (previous.get(key) == current.sha256 and path.is_file()
                    and path.stat().st_size == current.size_bytes)
            try:
                if not same:
                    store.copy_out(current.sha256, path, name=current.original_name)
            except OSError as exc:
                raise DomainError("presentations.export.not_writable", folder=str(folder),
                                  detail=exc.strerror or str(exc)) from exc
            written[key] = current.sha256
            exported.append(ExportedFile(row.id, path, current.original_name, copied=not same))
            done += 1
            if progress:
                progress(done, total)
    for stale in set(previous) - set(written):  # files our earlier export wrote under another name
        stale_path = target / stale
        if stale_path.is_file():
            stale_path.unlink()
    _write_manifest(target, written)
    index = target / f"{safe_component(t('presentations.export.index_name', lang))}.pdf"
    render_index(index, event, rows, names, lang=lang)
    return ExportResult(target, tuple(exported), tuple(missing), index)


def render_index(path: Path, event: EventRow, rows: list[PresentationRow], names: dict[int, str],
                 *, lang: str | None = None) -> Path:
    """The index PDF (run of show): the papers under a heading per day and room, numbered from 1 under
    each, with their own start time, organization, presenters, planned minutes and file name."""
    st = printing.styles()
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=printing.MARGIN,
                            rightMargin=printing.MARGIN, topMargin=15 * mm, bottomMargin=18 * mm,
                            title=t("presentations.export.index_title", lang), author="confman")
    story: list = [
        printing.para(event.name(lang or "vi"), st.subtitle),
        printing.para(t("presentations.export.index_title", lang), st.heading),
    ]
    header = [Paragraph(t(key, lang), st.cell_bold) for key in (
        "presentations.col.order", "presentations.col.when", "presentations.col.organization",
        "presentations.col.title", "presentations.col.presenters", "presentations.col.minutes",
        "presentations.col.file")]
    data = [header]
    bands: list[int] = []
    times = printing.paper_times(rows)
    days: dict[date | None, int] = {}
    group = None
    number = 0
    for row in rows:
        key = (row.day, row.room_id)
        if key != group:  # each day (and room) under its heading; the numbers start again at 1
            days.setdefault(row.day, len(days) + 1)
            heading = printing.day_heading(row.day, days[row.day], lang)
            data.append([printing.para(f"{heading}{' — ' + row.room if row.room else ''}", st.cell_bold)]
                        + [""] * (len(header) - 1))
            bands.append(len(data) - 1)
            number = 0
        number += 1
        group = key
        file_text = names.get(row.id) or t("presentations.export.no_file", lang)
        data.append([
            printing.para(f"{number:02d}", st.cell),
            printing.para(printing.fmt_time(times.get(row.id, row.start_time)), st.cell_bold),
            printing.para(row.organization, st.cell),
            printing.para(row.title(lang or "vi"), st.cell_bold),
            printing.para(row.presenter_names, st.cell),
            printing.para(str(row.planned_minutes), st.cell),
            printing.para(file_text, st.cell),
        ])
    widths = [12 * mm, 28 * mm, 45 * mm, 75 * mm, 45 * mm, 14 * mm, 42 * mm]
    band_commands: list[tuple] = []
    for r in bands:  # a heading spans the row, is shaded and stays with its first paper
        band_commands += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), printing.BAND),
                          ("TOPPADDING", (0, r), (-1, r), 5), ("NOSPLIT", (0, r), (-1, r + 1))]
    table = LongTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), printing.FONT_REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, printing.ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, printing.RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *band_commands,
    ]))
    story += [Spacer(1, 2 * mm), table]
    doc.build(story, canvasmaker=canvas_maker(event.code, t("reports.page", lang), font=printing.FONT_REGULAR,
                                              margins=(printing.MARGIN, printing.MARGIN, 18 * mm)))
    return path
