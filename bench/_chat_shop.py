"""The shop bench/chat_bench.py runs against: agents online in 售前组, buyers served."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

SECRET = "bench-secret-key-0123456789"
AGENTS = 4


def prepare_kefu(folder: Path, url: str | None = None) -> str:
    """The shop in a SQLite file in ``folder``, or in the empty database ``url`` names."""
    from kefu import migrate
    from kefu.db import make_engine, make_sessionmaker, unit_of_work
    from kefu.models.team import AgentStatus, Role
    from kefu.shop import service as shop
    from kefu.team import service as team_service

    url = url or f"sqlite:///{folder / 'chat-bench.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        shop.do_set(db, key="working_hours", value="00:00-23:59")
        # The bench's agents never answer: without this, after a minute every tick would
        # hand every chat to a colleague (with a notice), and the bench would time that.
        shop.do_set(db, key="assign_reply_seconds", value=3600)
        for n in range(AGENTS):
            agent = team_service.do_add_agent(
                db,
                login=f"agent{n}",
                role=Role.presale,
                password="bench-pass",
                group_id="售前组",
                max_concurrent=100_000,
            )
            agent.status = AgentStatus.online.value
    engine.dispose()
    return url


def transaction_alone(folder: Path, batches: int = 400, size: int = 25) -> float:
    """CPU per message of the group commit's transaction alone (chat/sends.py), in this
    process with no sockets: 50 served buyers, batches of ``size`` sends, each batch
    committed. It is the database's share of (c)'s server CPU."""
    from kefu.chat.sends import BuyerSend, do_sends
    from kefu.db import make_engine, make_sessionmaker, unit_of_work

    folder.mkdir()
    engine = make_engine(prepare_kefu(folder))
    factory = make_sessionmaker(engine)
    buyers = list(served_buyers(factory))
    started = time.process_time()
    for batch in range(batches):
        with unit_of_work(factory) as db:
            numbers = range(batch * size, (batch + 1) * size)
            text = "这件有L码吗"
            sends = [BuyerSend(buyers[n % len(buyers)], f"t{n}", text) for n in numbers]
            outcomes = do_sends(db, sends=sends)
            refused = [o.result for o in outcomes if isinstance(o.result, Exception)]
            if refused:  # the figure would time refusals, not writes
                raise RuntimeError(f"sends refused: {refused[:3]}")
    engine.dispose()
    return (time.process_time() - started) / (batches * size) * 1e6


def served_buyers(factory: Any, count: int = 50) -> dict[str, str]:
    """``count`` buyers, each with a first message that opened a session an agent
    serves: buyer id → session id."""
    from kefu.chat import service as chat_service
    from kefu.crm import service as crm_service
    from kefu.db import unit_of_work

    with unit_of_work(factory) as db:
        served = {}
        for n in range(count):
            buyer = crm_service.do_add_visitor(db).id
            sent = chat_service.do_buyer_send(db, customer_id=buyer, client_id=f"o{n}", text="在吗")
            served[buyer] = sent.session_id
    return served


def storage_floor(folder: Path, batches: int = 400, size: int = 25) -> float:
    """CPU per message of (e)'s writes with nothing of Kefu around them: the driver
    alone (sqlite3, Kefu's pragmas) inserting ready-made message rows, moving the
    sessions' counters and committing, in batches of ``size``. It is what no Python
    above the driver can save: the row's B-trees (the table, its primary key, five
    indexes) and SQLite's commit."""
    import sqlite3

    from sqlalchemy import bindparam, insert, update
    from sqlalchemy.dialects import sqlite

    from kefu.db import make_engine, make_sessionmaker
    from kefu.messaging.repository import MESSAGE_COLUMNS
    from kefu.models import ChatSession, Message

    folder.mkdir()
    url = prepare_kefu(folder)
    engine = make_engine(url)
    sessions = list(served_buyers(make_sessionmaker(engine)).values())
    engine.dispose()
    dialect = sqlite.dialect(paramstyle="qmark")
    columns = list(MESSAGE_COLUMNS)
    insert_sql = str(insert(Message.__table__).compile(dialect=dialect, column_keys=columns))
    table = ChatSession.__table__
    move = update(table).where(table.c.id == bindparam("b_id"))
    move_sql = str(move.values(last_seq=bindparam("seq")).compile(dialect=dialect))
    at = "2026-11-30 12:00:01.000000"
    plan = [
        [
            dict.fromkeys(columns)
            | {"id": f"m_{n:09d}", "session_id": sessions[n % len(sessions)], "at": at}
            | {"sender": "buyer", "text": "这件有L码吗", "seq": 1000 + n // len(sessions)}
            | {"kind": "text", "client_id": f"t{n}"}
            for n in range(batch * size, (batch + 1) * size)
        ]
        for batch in range(batches)
    ]
    rows = [[tuple(row[c] for c in columns) for row in batch] for batch in plan]
    moves = [[(row["seq"], row["session_id"]) for row in batch] for batch in plan]
    connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
        connection.execute(f"PRAGMA {pragma}")
    started = time.process_time()
    for batch_rows, batch_moves in zip(rows, moves, strict=True):
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(insert_sql, batch_rows)
        connection.executemany(move_sql, batch_moves)
        connection.execute("COMMIT")
    spent = time.process_time() - started
    connection.close()
    return spent / (batches * size) * 1e6
