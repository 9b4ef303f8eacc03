"""The background jobs' lock (kefu/joblock.py) between two PostgreSQL connections, as
between two server processes: while one transaction holds it, another gets nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from kefu import joblock
from kefu.db import make_engine
from tests.conftest import POSTGRES_URL

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not POSTGRES_URL, reason="KEFU_TEST_POSTGRES_URL is not set"),
]


def test_one_transaction_at_a_time_holds_the_lock() -> None:
    assert POSTGRES_URL
    engine = make_engine(POSTGRES_URL)
    ran: list[str] = []

    def job(name: str) -> Callable[[Session], str | None]:
        def work(db: Session) -> str:
            ran.append(name)
            return name

        return joblock.locked(work)

    try:
        with Session(engine) as first, Session(engine) as second:
            assert job("first")(first) == "first"
            assert job("second")(second) is None  # another process's tick: nothing
            first.commit()  # the lock ends with the transaction that took it
            assert job("second")(second) == "second"
            assert joblock.hold_lock(first) is False
            second.rollback()
            assert joblock.hold_lock(first) is True
    finally:
        engine.dispose()
    assert ran == ["first", "second"]
