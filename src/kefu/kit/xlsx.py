"""Excel export: one sheet per table, header row bold and frozen; text that looks
like a formula is escaped (kit/cells.py)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from kefu.kit.cells import escape_cell


def write_workbook(target: Path | IO[bytes], sheets: dict[str, Sequence[Sequence[Any]]]) -> None:
    """``sheets`` maps a sheet title to rows; the first row is the header. Control characters
    Excel cannot store are dropped from text (a name typed with one must not make the whole
    export fail). openpyxl (and NumPy under it) loads on the first export, not at start-up."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    def printable(value: Any) -> Any:
        return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title[:31])
        for row in rows:
            sheet.append([printable(escape_cell(value)) for value in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for column in sheet.columns:
            width = max(len(str(cell.value or "")) for cell in column)
            sheet.column_dimensions[column[0].column_letter].width = min(40, max(10, width + 2))
    book.save(target)
