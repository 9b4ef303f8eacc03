"""Reading an uploaded CSV file: size-limited, UTF-8 (with or without a BOM).

Called from plain ``def`` endpoints (in the threadpool): reading a spooled file is
blocking file work, and so is the database work that follows it."""

from __future__ import annotations

from fastapi import UploadFile

from kefu.kit.errors import BadInput


def read_csv(file: UploadFile, *, max_bytes: int) -> str:
    data = file.file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise BadInput(f"CSV 文件过大（最多 {max_bytes // 1024} KB）", code="file_too_large")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput("CSV 须为 UTF-8 编码", code="bad_encoding") from None
