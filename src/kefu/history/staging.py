"""The private SQLite file an import stages its rows in.

It has the history tables' own columns and constraints (so a value the database
would refuse is refused here, naming its lines, before anything is merged) and
no foreign keys enforced (the import checks references itself, against the file
and the shop's database). Nothing in it needs to survive a crash: no fsync.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session

from kefu.history.repository import TABLES


class Staging:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine: Engine = create_engine(f"sqlite:///{path}")
        with self.engine.begin() as connection:
            for table in TABLES.values():
                table.create(connection)
        self.connection = self.engine.connect()
        self.connection.exec_driver_sql("PRAGMA synchronous=OFF")
        self.connection.commit()  # the session below then owns its transactions
        self.db = Session(bind=self.connection)

    def close(self) -> None:
        self.db.close()
        self.connection.close()
        self.engine.dispose()
