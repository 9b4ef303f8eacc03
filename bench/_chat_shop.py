"""The shop bench/chat_bench.py runs against: agents online in 售前组, buyers served."""

from __future__ import annotations

import time
from pathlib import Path

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
    from kefu.chat import service as chat_service
    from kefu.chat.sends import BuyerSend, do_sends
    from kefu.crm import service as crm_service
    from kefu.db import make_engine, make_sessionmaker, unit_of_work

    folder.mkdir()
    engine = make_engine(prepare_kefu(folder))
    factory = make_sessionmaker(engine)
    with unit_of_work(factory) as db:
        buyers = [crm_service.do_add_visitor(db).id for _ in range(50)]
        for n, buyer in enumerate(buyers):
            chat_service.do_buyer_send(db, customer_id=buyer, client_id=f"o{n}", text="在吗")
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
