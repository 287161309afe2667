"""Shared ReportLab helpers for every PDF the app prints (badges, agenda, reports).

``fonts`` registers the bundled Be Vietnam Pro faces and the official serif (Times New Roman or
Noto Serif), cleans text (NFC, markup escaping) and fits text into boxes without ever overflowing
them; ``official`` is the Nghị định 30 layout; ``rows`` lays long list tables out in linear time.
"""

from confman.core.pdf.fonts import (
    FONT_BOLD,
    FONT_ITALIC,
    FONT_REGULAR,
    FONT_SEMIBOLD,
    FittedText,
    clean_text,
    draw_fitted_text,
    escape_markup,
    fit_text,
    register_fonts,
    text_width,
)

__all__ = [
    "FONT_BOLD",
    "FONT_ITALIC",
    "FONT_REGULAR",
    "FONT_SEMIBOLD",
    "FittedText",
    "clean_text",
    "draw_fitted_text",
    "escape_markup",
    "fit_text",
    "register_fonts",
    "text_width",
]
