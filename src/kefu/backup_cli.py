"""``kefu backup`` and ``kefu restore`` (the work is in kefu/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from kefu import backup
from kefu.config import get_settings

err = Console(stderr=True)


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(code=1)


def backup_database(
    out: Annotated[Path, typer.Option("--out", help="the backup file to write")],
) -> None:
    """Back up the live database (SQLite: online backup; PostgreSQL: pg_dump -Fc)."""
    try:
        version = backup.backup(get_settings().database_url, out)
    except backup.BackupError as exc:
        raise _fail(str(exc)) from None
    err.print(f"backup written to {out} (schema {version})")


def restore_database(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
) -> None:
    """Restore a backup into the empty database at KEFU_DATABASE_URL."""
    try:
        version, head = backup.restore(get_settings().database_url, file)
    except backup.BackupError as exc:
        raise _fail(f"{exc}; nothing was restored") from None
    upgraded = f", migrated to {head}" if version != head else ""
    err.print(f"restored {file} (schema {version}{upgraded})")
