"""Parsing delegate lists from Excel, ODS and CSV files (the reading half of the import)."""

from confman.core.registration.importing.layout import FIELDS, NAME_FIELDS, header_signature
from confman.core.registration.importing.legacy import LegacyEncoding
from confman.core.registration.importing.parse import (
    ParsedSheet,
    SheetInfo,
    list_sheets,
    parse_file,
    parse_rows,
)
from confman.core.registration.importing.readers import SUPPORTED_EXTENSIONS
from confman.core.registration.importing.rows import ImportRow, ImportWarning, Rejection

__all__ = [
    "FIELDS",
    "NAME_FIELDS",
    "SUPPORTED_EXTENSIONS",
    "ImportRow",
    "ImportWarning",
    "LegacyEncoding",
    "ParsedSheet",
    "Rejection",
    "SheetInfo",
    "header_signature",
    "list_sheets",
    "parse_file",
    "parse_rows",
]
