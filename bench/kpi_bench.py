"""KPI benchmark (issue: quality inspection and KPIs).

Builds a history of N messages (default 10,000,000, about 1,000,000 sessions) in a
migrated SQLite database, times Kefu's monthly per-agent KPI report on it, then
computes the same message aggregates with DuckDB over the same rows (loaded from
CSV written alongside, so no DuckDB extension or network is needed) in the same
script, checks that both agree, and prints the times and the ratio.

    python bench/kpi_bench.py [--messages 10000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import publish

AGENTS = 40
START = dt.datetime(2026, 11, 1, 0, 0)  # UTC; the month is November in Asia/Shanghai
STAMP = "%Y-%m-%d %H:%M:%S.%f"


def generate(folder: Path, total: int, seed: int = 11) -> tuple[Path, int]:
    """Write the history into a migrated SQLite file and the messages into a CSV."""
    from kefu import migrate

    database = folder / "kpi.db"
    database.unlink(missing_ok=True)
    migrate.upgrade(f"sqlite:///{database}")
    rng = random.Random(seed)
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    customers = max(total // 100, 10)
    conn.executemany(
        "INSERT INTO agents (id, name, role, status, max_concurrent, active) VALUES (?, ?, 'presale', 'offline', 8, 1)",
        [(f"a{n}", f"客服{n}") for n in range(AGENTS)],
    )
    conn.executemany(
        "INSERT INTO customers (id, nick, vip_level, marketing_opt_out) VALUES (?, ?, 0, 0)",
        [(f"c{n}", f"tb_{n}") for n in range(customers)],
    )
    csv_path = folder / "messages.csv"
    written, session_no, batch, sessions = 0, 0, [], []
    month_seconds = 29 * 86400
    with csv_path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "session_id", "sender", "agent_id", "at"])
        while written < total:
            session_no += 1
            sid = f"s{session_no}"
            opened = START + dt.timedelta(seconds=rng.randrange(month_seconds), microseconds=0)
            sessions.append(
                (sid, f"c{rng.randrange(customers)}", "web", opened.strftime(STAMP), "closed", 0, 0)
            )
            agent = f"a{rng.randrange(AGENTS)}"
            at = opened
            for n in range(min(rng.randint(6, 14), total - written)):
                sender = (
                    "buyer" if n % 3 != 1 else ("bot" if n == 1 and rng.random() < 0.3 else "agent")
                )
                at += dt.timedelta(seconds=rng.randint(2, 90))
                row = (
                    f"{sid}-{n}",
                    sid,
                    sender,
                    agent if sender == "agent" else None,
                    at.strftime(STAMP),
                )
                batch.append(row)
                out.writerow(row)
                written += 1
            if len(batch) >= 50_000:
                _flush(conn, sessions, batch)
                print(f"  {written:,} messages …", flush=True)
    _flush(conn, sessions, batch)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return database, session_no


def _flush(conn: sqlite3.Connection, sessions: list[tuple], batch: list[tuple]) -> None:
    conn.executemany(
        "INSERT INTO chat_sessions (id, customer_id, channel, opened_at, status, last_seq, agent_read_seq)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        sessions,
    )
    conn.executemany(
        "INSERT INTO messages (id, session_id, sender, agent_id, at, text, kind) VALUES (?, ?, ?, ?, ?, '', 'text')",
        batch,
    )
    conn.commit()
    sessions.clear()
    batch.clear()


def kefu_rebuild(database: Path) -> float:
    """Write the KPI summaries, as import and closing a session do in normal use."""
    from kefu.db import make_engine, make_sessionmaker, unit_of_work
    from kefu.kpi import summaries

    factory = make_sessionmaker(make_engine(f"sqlite:///{database}"))
    started = time.perf_counter()
    with unit_of_work(factory) as db:
        summaries.do_rebuild_all(
            db,
            progress=lambda n: (
                print(f"  {n:,} sessions summarized …", flush=True) if n % 100_000 == 0 else None
            ),
        )
    return time.perf_counter() - started


def kefu_report(database: Path) -> tuple[float, dict]:
    from kefu.db import make_engine, make_sessionmaker, read_only
    from kefu.kpi import report

    factory = make_sessionmaker(make_engine(f"sqlite:///{database}"))
    started = time.perf_counter()
    with factory() as db:
        read_only(db)
        result = report.build(
            db, start=dt.date(2026, 11, 1), end=dt.date(2026, 12, 1), by="agent", tz="Asia/Shanghai"
        )
    return time.perf_counter() - started, result


DUCKDB_SQL = """
WITH m AS (
  SELECT session_id, sender, agent_id, "at",
         lag(sender) OVER w AS previous,
         first_value(CASE WHEN sender = 'agent' THEN "at" END IGNORE NULLS) OVER f AS next_human_at,
         first_value(CASE WHEN sender = 'agent' THEN agent_id END IGNORE NULLS) OVER f AS next_human
  FROM messages
  WINDOW w AS (PARTITION BY session_id ORDER BY "at", id),
         f AS (PARTITION BY session_id ORDER BY "at", id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)
),
bursts AS (
  SELECT next_human AS agent, epoch_us(next_human_at) - epoch_us("at") AS us
  FROM m WHERE sender = 'buyer' AND (previous IS NULL OR previous <> 'buyer') AND next_human_at IS NOT NULL
),
firsts AS (
  SELECT session_id,
         min("at") FILTER (WHERE sender = 'buyer') AS buyer_at,
         arg_min(agent_id, "at") FILTER (WHERE sender = 'agent') AS agent,
         min("at") FILTER (WHERE sender = 'agent') AS human_at
  FROM messages GROUP BY session_id
),
per_agent_first AS (
  SELECT agent, round(sum(epoch_us(human_at) - epoch_us(buyer_at))::DECIMAL(38, 6) / count(*) / 1000000, 1) AS first_response_s
  FROM firsts WHERE human_at IS NOT NULL AND buyer_at IS NOT NULL GROUP BY agent
),
per_agent_bursts AS (SELECT agent, round(sum(us)::DECIMAL(38, 6) / count(*) / 1000000, 1) AS avg_response_s FROM bursts GROUP BY agent),
spoke AS (SELECT DISTINCT session_id, agent_id AS agent FROM messages WHERE sender = 'agent'),
per_agent_counts AS (
  SELECT s.agent, count(DISTINCT s.session_id) AS sessions,
         (SELECT count(*) FROM messages x WHERE x.sender = 'agent' AND x.agent_id = s.agent) AS own
  FROM spoke s GROUP BY s.agent
)
SELECT c.agent, c.sessions, f.first_response_s::DOUBLE, b.avg_response_s::DOUBLE
FROM per_agent_counts c JOIN per_agent_first f USING (agent) JOIN per_agent_bursts b USING (agent)
ORDER BY c.agent
"""


def duckdb_report(csv_path: Path) -> tuple[float, float, dict]:
    import duckdb

    con = duckdb.connect()
    started = time.perf_counter()
    con.execute(
        f"CREATE TABLE messages AS SELECT * FROM read_csv('{csv_path}', header=true, "
        "columns={'id': 'VARCHAR', 'session_id': 'VARCHAR', 'sender': 'VARCHAR', 'agent_id': 'VARCHAR', 'at': 'TIMESTAMP'})"
    )
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    rows = con.execute(DUCKDB_SQL).fetchall()
    seconds = time.perf_counter() - started
    return (
        loaded,
        seconds,
        {
            agent: {"sessions": s, "first_response_s": fr, "avg_response_s": ar}
            for agent, s, fr, ar in rows
        },
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000_000)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="kefu-kpi-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"building {args.messages:,} messages …", flush=True)
    database, sessions = generate(folder, args.messages)
    print("kefu kpi rebuild (summaries, written at import or close in normal use) …", flush=True)
    rebuild_s = kefu_rebuild(database)
    print("kefu report kpis (November, by agent) …", flush=True)
    kefu_s, kefu = kefu_report(database)
    print("DuckDB, same aggregates …", flush=True)
    load_s, duck_s, duck = duckdb_report(folder / "messages.csv")
    agree = all(
        kefu["agents"][agent][key] == duck[agent][key]
        for agent in duck
        for key in ("sessions", "first_response_s", "avg_response_s")
    ) and set(duck) == set(kefu["agents"])
    rows = [
        "| what | figure |",
        "|---|---|",
        f"| history | {args.messages:,} messages, {sessions:,} sessions, {AGENTS} agents (SQLite) |",
        f"| writing the KPI summaries once (`kefu kpi rebuild`; in normal use done at import and at session close) | {rebuild_s:.1f} s |",
        f"| Kefu monthly per-agent KPI report | **{kefu_s:.1f} s** (target < 10 s) |",
        f"| DuckDB, the same message aggregates (in memory, after a {load_s:.1f} s CSV load) | {duck_s:.1f} s |",
        f"| ratio Kefu / DuckDB | **{kefu_s / duck_s:.1f}×** (target ≤ 3×) |",
        f"| both give the same sessions, first and average response per agent | {'yes' if agree else 'NO'} |",
    ]
    publish("kpi", "KPI report (`bench/kpi_bench.py`)", rows, write=not args.no_write)


if __name__ == "__main__":
    main()
