"""Alembic migrations build, from an empty database, exactly the schema the models declare."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from kefu import migrate
from kefu.db import make_engine
from kefu.models import Base
from tests.conftest import BACKENDS, fresh_database_url


class TestUpgrade:
    def test_from_empty_creates_every_table(self, engine: Engine) -> None:
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) | {"alembic_version"} == tables

    def test_migrations_match_the_models(self, engine: Engine) -> None:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_downgrade_to_empty_and_up_again(backend: str, tmp_path: Path) -> None:
    url = fresh_database_url(backend, tmp_path)
    migrate.upgrade(url)
    migrate.downgrade("base", url)
    engine = make_engine(url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(url)
    assert "messages" in inspect(engine).get_table_names()
    engine.dispose()
