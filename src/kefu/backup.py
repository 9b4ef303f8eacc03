"""Backups of the live database and their restore into an empty one.

SQLite: the online backup API copies the file in one step inside a read
transaction, so the copy is the database at one instant while the shop goes on
writing (WAL readers never block writers). PostgreSQL: ``pg_dump`` in its custom
format (one snapshot as well), restored with ``pg_restore``. A restore goes into
an empty database only and checks the backup's schema version (alembic) first:
one this program does not know is refused; an older one is migrated after the
restore.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from kefu import migrate
from kefu.db import make_engine

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """Why a backup or restore was refused; the message is for the operator."""


def backup(url: str, out: Path) -> str:
    """Write a consistent copy of the database at ``url`` to ``out``; return its
    schema version. The file appears whole or not at all."""
    version = schema_version(url)
    partial = out.with_name(out.name + ".part")
    try:
        if _is_sqlite(url):
            with (
                contextlib.closing(sqlite3.connect(_sqlite_path(url))) as source,
                contextlib.closing(sqlite3.connect(partial)) as target,
            ):
                source.backup(target)  # all pages in one step: one snapshot
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={partial}", _libpq(url)])
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return version


def restore(url: str, file: Path) -> tuple[str, str]:
    """Restore ``file`` into the empty database at ``url``; return the backup's
    schema version and the version the database has now."""
    scripts = ScriptDirectory.from_config(migrate.alembic_config(url))
    head = scripts.get_current_head()
    assert head is not None
    kind = _kind_of(file)
    if kind != ("sqlite" if _is_sqlite(url) else "postgresql"):
        raise BackupError(f"{file} is a {kind} backup; the database at the URL is not {kind}")
    version = _backup_version(file, kind)
    if version not in {script.revision for script in scripts.walk_revisions()}:
        raise BackupError(
            f"the backup's schema version {version!r} is unknown to this kefu (newest: {head});"
            " restore it with the kefu version that made it"
        )
    _check_empty(url)
    if kind == "sqlite":
        with (
            contextlib.closing(sqlite3.connect(file)) as source,
            contextlib.closing(sqlite3.connect(_sqlite_path(url))) as target,
        ):
            source.backup(target)
    else:
        _run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={_libpq(url)}", str(file)])
    if version != head:
        migrate.upgrade(url)
    return version, head


def schema_version(url: str) -> str:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                raise BackupError("the database has no schema yet (run `kefu db upgrade`)")
            return str(
                connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            )
    finally:
        engine.dispose()


def _check_empty(url: str) -> None:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            tables = inspect(connection).get_table_names()
    finally:
        engine.dispose()
    if tables:
        raise BackupError(
            f"the database is not empty ({len(tables)} tables, e.g. {sorted(tables)[0]});"
            " restore only into an empty database"
        )


def _kind_of(file: Path) -> str:
    with file.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise BackupError(f"{file} is not a kefu backup (neither SQLite nor pg_dump custom format)")


def _backup_version(file: Path, kind: str) -> str:
    if kind == "sqlite":
        with contextlib.closing(sqlite3.connect(f"file:{file}?mode=ro", uri=True)) as db:
            try:
                row = db.execute("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.DatabaseError:
                row = None
    else:
        script = _run(
            ["pg_restore", "--data-only", "--table=alembic_version", "--file=-", str(file)]
        )
        found = re.search(r"^COPY [^\n]*alembic_version[^\n]*\n([^\n\\]+)\n", script, re.M)
        row = (found.group(1),) if found else None
    if row is None:
        raise BackupError(f"{file} holds no schema version (not a kefu database?)")
    return str(row[0])


def _run(command: list[str]) -> str:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL's client tools)")
    done = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")
    return done.stdout


def _is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def _sqlite_path(url: str) -> str:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up or restored")
    return database


def _libpq(url: str) -> str:
    """The URL as PostgreSQL's own tools take it (no SQLAlchemy driver suffix)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
