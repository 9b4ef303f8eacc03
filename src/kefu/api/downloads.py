"""Files the browser saves: CSV with a BOM (so Excel reads the Chinese) and Excel workbooks."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from fastapi import Response

from kefu.kit.xlsx import write_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(data: bytes, *, filename: str, media_type: str) -> Response:
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def csv_file(text: str, *, filename: str) -> Response:
    return attachment(
        text.encode("utf-8-sig"), filename=filename, media_type="text/csv; charset=utf-8"
    )


def xlsx_file(sheets: dict[str, Sequence[Sequence[Any]]], *, filename: str) -> Response:
    buffer = io.BytesIO()
    write_workbook(buffer, sheets)
    return attachment(buffer.getvalue(), filename=filename, media_type=XLSX)
