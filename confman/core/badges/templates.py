"""Badge templates: page, badge, grid and positioned elements, in millimetres, as JSON.

Coordinates are in mm from the badge's top-left corner, y downwards (as in a designer).
A template without a ``page`` is a single card: the page is the badge plus its bleed.
Built-ins live in ``resources/badge_templates/<name>.json``; user copies are the same JSON
stored in the database (:func:`template_from_json` / :meth:`BadgeTemplate.to_json`).

JSON shape (``page`` takes either ``size`` + ``orientation`` or ``width_mm`` + ``height_mm``)::

    {"schema": 1, "name": "a4_8up", "title": "…",
     "page": {"size": "A4", "orientation": "portrait"},
     "badge": {"width_mm": 90, "height_mm": 55, "bleed_mm": 0, "background": null},
     "grid": {"columns": 2, "rows": 4, "gap_x_mm": 6, "gap_y_mm": 6, "margin_left_mm": 12,
              "margin_top_mm": 29.5, "offset_x_mm": 0, "offset_y_mm": 0, "cut_marks": true},
     "elements": [{"type": "name", "x_mm": 3, "y_mm": 12, "w_mm": 58, "h_mm": 11,
                   "font": "bold", "font_size": 15, "min_font_size": 9, "max_lines": 2}, …]}

Margins left out (``null``) centre the grid on the page.  Offsets shift everything for
printer calibration (+x right, +y down).
"""

from __future__ import annotations

import json
import re
from dataclasses import MISSING, dataclass, field, fields, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

from confman.core.errors import DomainError
from confman.paths import resource_path

SCHEMA_VERSION = 1
TEMPLATES_DIR = "badge_templates"

ElementType = Literal[
    "event_name",
    "logo",
    "name",
    "position",
    "organization",
    "category_band",
    "delegation",
    "photo",
    "qr",
    "text",
    "line",
]
FontChoice = Literal["regular", "semibold", "bold", "italic"]
LangChoice = Literal["doc", "vi", "en", "both", "none"]
PhotoCondition = Literal["any", "with", "without"]
Align = Literal["left", "center", "right"]
VAlign = Literal["top", "middle", "bottom"]
Orientation = Literal["portrait", "landscape"]

ELEMENT_TYPES: tuple[str, ...] = get_args(ElementType)
TEXT_TYPES = frozenset({"event_name", "name", "position", "organization", "delegation", "text"})

PAGE_SIZES_MM: dict[str, tuple[float, float]] = {
    "A3": (297.0, 420.0),
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "A6": (105.0, 148.0),
    "A7": (74.0, 105.0),
    "LETTER": (215.9, 279.4),
    "CR80": (53.98, 85.6),
}

_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_EPS = 0.01


def _invalid(field_name: str, reason: str, **params: Any) -> DomainError:
    return DomainError("badges.template.invalid", field=field_name, reason=reason, **params)


@dataclass(frozen=True)
class Element:
    """One positioned element; fields a type does not use are ignored.

    ``rotation`` turns the content clockwise about the box centre (90/270 swap the box's
    width and height for the content).  ``color`` is the text/line colour (None: black, or
    black/white by contrast on a category band).  ``fill`` overrides the band colour.
    ``lang`` picks the event name / band label language ("doc" = the document's; "both" and
    "none" for bands).  ``text`` is free text with ``{placeholders}`` (see ``render``).
    ``caption`` prints the code digits under a QR code (in groups of four).
    ``frame`` (photos only) prints an empty glue-on frame for a delegate without a photo; without
    it such a badge shows nothing there.  ``when_photo`` uses the element only on badges with
    ("with") or without ("without") a photo, so a template can give the name the photo's room.
    """

    type: ElementType
    x_mm: float
    y_mm: float
    w_mm: float
    h_mm: float
    rotation: int = 0
    font: FontChoice = "regular"
    font_size: float = 10.0
    min_font_size: float | None = None
    max_lines: int = 1
    leading: float = 1.15
    color: str | None = None
    align: Align = "center"
    valign: VAlign = "middle"
    uppercase: bool = False
    lang: LangChoice = "doc"
    text: str = ""
    fill: str | None = None
    padding_mm: float = 1.0
    show_honorific: bool = True
    caption: bool = False
    stroke_width_pt: float = 0.5
    dashed: bool = False
    frame: bool = False
    when_photo: PhotoCondition = "any"

    @property
    def effective_min_font_size(self) -> float:
        """``min_font_size``, defaulting to 60 % of the size but at least 6 pt."""
        if self.min_font_size is not None:
            return min(self.min_font_size, self.font_size)
        return min(self.font_size, max(6.0, round(self.font_size * 0.6, 1)))

    def validate(self, index: int) -> None:
        where = f"elements[{index}]"
        if self.type not in ELEMENT_TYPES:
            raise _invalid(f"{where}.type", "unknown_type", value=self.type)
        if self.font not in get_args(FontChoice):
            raise _invalid(f"{where}.font", "unknown_font", value=self.font)
        if self.rotation not in (0, 90, 180, 270):
            raise _invalid(f"{where}.rotation", "not_right_angle", value=self.rotation)
        if self.align not in get_args(Align) or self.valign not in get_args(VAlign):
            raise _invalid(f"{where}.align", "unknown_alignment")
        if self.lang not in get_args(LangChoice):
            raise _invalid(f"{where}.lang", "unknown_lang", value=self.lang)
        if self.when_photo not in get_args(PhotoCondition):
            raise _invalid(f"{where}.when_photo", "unknown_condition", value=self.when_photo)
        for name in ("color", "fill"):
            value = getattr(self, name)
            if value is not None and not _COLOR.match(value):
                raise _invalid(f"{where}.{name}", "not_a_colour", value=value)
        if self.w_mm < 0 or self.h_mm < 0 or (self.type != "line" and (self.w_mm <= 0 or self.h_mm <= 0)):
            raise _invalid(f"{where}.size", "not_positive")
        if self.font_size <= 0 or (self.min_font_size is not None and self.min_font_size <= 0):
            raise _invalid(f"{where}.font_size", "not_positive")
        if self.max_lines < 1 or self.leading <= 0 or self.padding_mm < 0 or self.stroke_width_pt < 0:
            raise _invalid(f"{where}.layout", "out_of_range")


@dataclass(frozen=True)
class Grid:
    """How badges are laid out on a page; ``None`` margins centre the grid."""

    columns: int = 1
    rows: int = 1
    gap_x_mm: float = 0.0
    gap_y_mm: float = 0.0
    margin_left_mm: float | None = None
    margin_top_mm: float | None = None
    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0
    cut_marks: bool = False


@dataclass(frozen=True)
class BadgeTemplate:
    name: str
    title: str
    badge_width_mm: float
    badge_height_mm: float
    page_width_mm: float | None = None
    """None (with ``page_height_mm``): a single card, page = badge + bleed."""
    page_height_mm: float | None = None
    bleed_mm: float = 0.0
    background: str | None = None
    grid: Grid = field(default_factory=Grid)
    elements: tuple[Element, ...] = ()

    def __post_init__(self) -> None:
        self.validate()

    # -- geometry ------------------------------------------------------------------

    @property
    def is_single_card(self) -> bool:
        return self.page_width_mm is None

    @property
    def page_size_mm(self) -> tuple[float, float]:
        if self.page_width_mm is None or self.page_height_mm is None:
            return (self.badge_width_mm + 2 * self.bleed_mm, self.badge_height_mm + 2 * self.bleed_mm)
        return (self.page_width_mm, self.page_height_mm)

    @property
    def orientation(self) -> Orientation:
        width, height = self.page_size_mm
        return "landscape" if width > height else "portrait"

    @property
    def badges_per_page(self) -> int:
        return self.grid.columns * self.grid.rows

    def grid_origin_mm(self, offset_mm: tuple[float, float] = (0.0, 0.0)) -> tuple[float, float]:
        """Top-left corner of the first badge's trim box on the page, mm from the top-left."""
        page_w, page_h = self.page_size_mm
        g = self.grid
        used_w = g.columns * self.badge_width_mm + (g.columns - 1) * g.gap_x_mm
        used_h = g.rows * self.badge_height_mm + (g.rows - 1) * g.gap_y_mm
        if self.is_single_card:
            left = top = self.bleed_mm
        else:
            left = (page_w - used_w) / 2 if g.margin_left_mm is None else g.margin_left_mm
            top = (page_h - used_h) / 2 if g.margin_top_mm is None else g.margin_top_mm
        return (left + g.offset_x_mm + offset_mm[0], top + g.offset_y_mm + offset_mm[1])

    def badge_slots_mm(self, offset_mm: tuple[float, float] = (0.0, 0.0)) -> list[tuple[float, float]]:
        """Top-left corners of every badge on a page, row by row."""
        left, top = self.grid_origin_mm(offset_mm)
        g = self.grid
        return [
            (left + col * (self.badge_width_mm + g.gap_x_mm), top + row * (self.badge_height_mm + g.gap_y_mm))
            for row in range(g.rows)
            for col in range(g.columns)
        ]

    # -- validation ----------------------------------------------------------------

    def validate(self) -> None:
        """Raise ``DomainError("badges.template.invalid", field=…, reason=…)`` on any inconsistency."""
        if not self.name or not re.fullmatch(r"[\w.-]+", self.name):
            raise _invalid("name", "bad_name", value=self.name)
        if self.badge_width_mm <= 0 or self.badge_height_mm <= 0:
            raise _invalid("badge", "not_positive")
        if (self.page_width_mm is None) != (self.page_height_mm is None):
            raise _invalid("page", "incomplete")
        if self.bleed_mm < 0 or self.bleed_mm > 10:
            raise _invalid("badge.bleed_mm", "out_of_range", value=self.bleed_mm)
        if self.bleed_mm and not self.is_single_card and (
            (self.grid.columns > 1 and self.grid.gap_x_mm < 2 * self.bleed_mm - _EPS)
            or (self.grid.rows > 1 and self.grid.gap_y_mm < 2 * self.bleed_mm - _EPS)
        ):  # on a sheet the bleed goes into the gutters: neighbours' bleeds must not meet
            raise _invalid("badge.bleed_mm", "bleed_needs_gutters", value=self.bleed_mm)
        if self.background is not None and not _COLOR.match(self.background):
            raise _invalid("badge.background", "not_a_colour", value=self.background)
        g = self.grid
        if g.columns < 1 or g.rows < 1 or g.gap_x_mm < 0 or g.gap_y_mm < 0:
            raise _invalid("grid", "out_of_range")
        if self.is_single_card and (g.columns, g.rows) != (1, 1):
            raise _invalid("grid", "single_card_grid")
        page_w, page_h = self.page_size_mm
        if page_w <= 0 or page_h <= 0:
            raise _invalid("page", "not_positive")
        for left, top in self.badge_slots_mm((-g.offset_x_mm, -g.offset_y_mm)):
            bleed = 0.0 if self.is_single_card else self.bleed_mm
            if (
                left - bleed < -_EPS
                or top - bleed < -_EPS
                or left + self.badge_width_mm + bleed > page_w + _EPS
                or top + self.badge_height_mm + bleed > page_h + _EPS
            ):
                raise _invalid("grid", "badges_off_page")
        for index, element in enumerate(self.elements):
            element.validate(index)
            if (
                element.x_mm < -_EPS
                or element.y_mm < -_EPS
                or element.x_mm + element.w_mm > self.badge_width_mm + _EPS
                or element.y_mm + element.h_mm > self.badge_height_mm + _EPS
            ):
                raise _invalid(f"elements[{index}]", "outside_badge", type=element.type)

    # -- JSON ----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        page: dict[str, Any] | None = None
        if not self.is_single_card:
            page = {"width_mm": self.page_width_mm, "height_mm": self.page_height_mm}
        data: dict[str, Any] = {"schema": SCHEMA_VERSION, "name": self.name, "title": self.title}
        if page is not None:
            data["page"] = page
        data["badge"] = {
            "width_mm": self.badge_width_mm,
            "height_mm": self.badge_height_mm,
            "bleed_mm": self.bleed_mm,
            "background": self.background,
        }
        data["grid"] = _non_default(self.grid)
        data["elements"] = [
            _non_default(element, keep=("type", "x_mm", "y_mm", "w_mm", "h_mm")) for element in self.elements
        ]
        return data

    def to_json(self) -> str:
        """Pretty JSON that :func:`template_from_json` reads back to an equal template."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def renamed(self, name: str, title: str) -> BadgeTemplate:
        """A copy under another name (for "save as")."""
        return replace(self, name=name, title=title)


def _non_default(obj: Any, keep: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(obj):
        value = getattr(obj, f.name)
        if f.name in keep or f.default is MISSING or value != f.default:
            out[f.name] = value
    return out


def _take(data: Any, cls: type, where: str) -> dict[str, Any]:
    """Check ``data`` is an object whose keys are fields of ``cls`` with values of the declared JSON type."""
    if not isinstance(data, dict):
        raise _invalid(where, "not_an_object")
    known = {f.name: str(f.type) for f in fields(cls)}
    out: dict[str, Any] = {}
    for key, value in data.items():
        kind = known.get(key)
        if kind is None:
            raise _invalid(f"{where}.{key}", "unknown_key")
        if value is None and kind.endswith("| None"):
            out[key] = None
            continue
        kind = kind.removesuffix(" | None")
        if kind == "bool":
            ok = isinstance(value, bool)
        elif kind == "int":
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif kind == "float":
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            value = float(value) if ok else value
        else:
            ok = isinstance(value, str)
        if not ok:
            raise _invalid(f"{where}.{key}", "wrong_type")
        out[key] = value
    return out


def template_from_dict(data: Any) -> BadgeTemplate:
    """Build and validate a template from parsed JSON."""
    if not isinstance(data, dict):
        raise _invalid("template", "not_an_object")
    allowed = {"schema", "name", "title", "page", "badge", "grid", "elements"}
    for key in data:
        if key not in allowed:
            raise _invalid(key, "unknown_key")
    if data.get("schema", SCHEMA_VERSION) != SCHEMA_VERSION:
        raise _invalid("schema", "unsupported", value=data.get("schema"))
    name, title = data.get("name"), data.get("title", data.get("name"))
    if not isinstance(name, str) or not isinstance(title, str):
        raise _invalid("name", "wrong_type")

    badge = data.get("badge")
    if not isinstance(badge, dict) or set(badge) - {"width_mm", "height_mm", "bleed_mm", "background"}:
        raise _invalid("badge", "not_an_object")
    try:
        badge_w, badge_h = float(badge["width_mm"]), float(badge["height_mm"])
        bleed = float(badge.get("bleed_mm") or 0.0)
    except (KeyError, TypeError, ValueError) as exc:
        raise _invalid("badge", "wrong_type") from exc

    page_w = page_h = None
    page = data.get("page")
    if page is not None:
        if not isinstance(page, dict) or set(page) - {"size", "orientation", "width_mm", "height_mm"}:
            raise _invalid("page", "not_an_object")
        if "size" in page:
            size = PAGE_SIZES_MM.get(str(page["size"]).upper())
            if size is None:
                raise _invalid("page.size", "unknown_size", value=page["size"])
            page_w, page_h = size
        else:
            try:
                page_w, page_h = float(page["width_mm"]), float(page["height_mm"])
            except (KeyError, TypeError, ValueError) as exc:
                raise _invalid("page", "wrong_type") from exc
        orientation = page.get("orientation")
        if orientation not in (None, "portrait", "landscape"):
            raise _invalid("page.orientation", "unknown_orientation", value=orientation)
        if orientation is not None and (orientation == "landscape") != (page_w > page_h):
            page_w, page_h = page_h, page_w

    grid = Grid(**_take(data.get("grid", {}), Grid, "grid"))
    raw_elements = data.get("elements", [])
    if not isinstance(raw_elements, list):
        raise _invalid("elements", "not_a_list")
    elements = []
    for index, raw in enumerate(raw_elements):
        values = _take(raw, Element, f"elements[{index}]")
        missing = {"type", "x_mm", "y_mm", "w_mm", "h_mm"} - set(values)
        if missing:
            raise _invalid(f"elements[{index}]", "missing_keys", keys=sorted(missing))
        elements.append(Element(**values))
    return BadgeTemplate(
        name=name,
        title=title,
        badge_width_mm=badge_w,
        badge_height_mm=badge_h,
        page_width_mm=page_w,
        page_height_mm=page_h,
        bleed_mm=bleed,
        background=badge.get("background"),
        grid=grid,
        elements=tuple(elements),
    )


def template_from_json(text: str) -> BadgeTemplate:
    """Parse and validate a template's JSON (a built-in file or a user copy from the database)."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, TypeError) as exc:
        raise _invalid("json", "not_json") from exc
    return template_from_dict(data)


def builtin_templates_dir() -> Path:
    return resource_path(TEMPLATES_DIR)


@cache
def _builtins() -> dict[str, BadgeTemplate]:
    templates = {}
    for path in sorted(builtin_templates_dir().glob("*.json")):
        template = template_from_json(path.read_text(encoding="utf-8"))
        if template.name != path.stem:
            raise _invalid("name", "file_name_mismatch", file=path.name)
        templates[template.name] = template
    return templates


def builtin_templates() -> dict[str, BadgeTemplate]:
    """Every built-in template by name (sorted)."""
    return dict(_builtins())


def template_title(template: BadgeTemplate, lang: str | None = None) -> str:
    """The name to show: the translated name of a built-in, else the template's own title."""
    from confman.i18n import has_message, t

    msgid = f"badges.template.{template.name}"
    builtin = _builtins().get(template.name)
    if builtin is not None and builtin == template and has_message(msgid, lang or "vi"):
        return t(msgid, lang)
    return template.title or template.name


def load_template(name_or_path: str | Path) -> BadgeTemplate:
    """A built-in template by name, or a template JSON file by path.

    Raises ``DomainError("badges.template.not_found", name=…)``.
    """
    as_text = str(name_or_path)
    if isinstance(name_or_path, Path) or as_text.endswith(".json") or "/" in as_text or "\\" in as_text:
        path = Path(name_or_path)
        if not path.is_file():
            raise DomainError("badges.template.not_found", name=as_text)
        return template_from_json(path.read_text(encoding="utf-8"))
    template = _builtins().get(as_text)
    if template is None:
        raise DomainError("badges.template.not_found", name=as_text)
    return template
