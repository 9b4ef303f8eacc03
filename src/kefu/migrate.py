"""Schema migrations, driven from Python so ``kefu db upgrade`` works from any folder."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from kefu.config import get_settings


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", "kefu:migrations")
    config.set_main_option("sqlalchemy.url", url or get_settings().database_url)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(url: str | None = None, *, connection: Connection | None = None) -> None:
    command.upgrade(alembic_config(url, connection), "head")


def downgrade(revision: str, url: str | None = None) -> None:
    command.downgrade(alembic_config(url), revision)
