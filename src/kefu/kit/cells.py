"""Spreadsheet cells that stay text: every export (CSV and xlsx, downloads and
mailed reports) goes through here, so a buyer's ``=HYPERLINK(...)`` or ``@SUM(...)``
reaches Excel as words, never as a live formula (CSV/formula injection).

A text cell that begins with ``= + - @``, a tab or a carriage return gets a leading
apostrophe, which spreadsheet programs show as text. Our own CSV imports take the
apostrophe off again, so an exported file imports back unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def escape_cell(value: Any) -> Any:
    """The value to write; only text that a spreadsheet would read as a formula changes."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return QUOTE + value
    return value


def unescape_cell(value: str) -> str:
    """Undo ``escape_cell`` on a cell read back from one of our exports."""
    if value.startswith(QUOTE) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def unescape_row(row: Mapping[str, str | None]) -> dict[str, str | None]:
    """A ``csv.DictReader`` row with every cell unescaped."""
    return {key: value if value is None else unescape_cell(value) for key, value in row.items()}


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV with a header row; every cell escaped."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([escape_cell(value) for value in row])
    return out.getvalue()
