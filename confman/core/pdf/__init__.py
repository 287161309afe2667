"""Shared ReportLab helpers for every PDF the app prints (badges, agenda, reports).

``fonts`` registers the bundled Be Vietnam Pro faces, cleans text (NFC, markup escaping)
and fits text into boxes without ever overflowing them.
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
