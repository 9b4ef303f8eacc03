"""History import benchmark (issue: foundation).

Generates a 1,000,000-line history in the exchange format, imports it into a
fresh SQLite database with the real ``kefu import`` command in a child process,
and reports lines/s and the child's peak memory. As a baseline, the same script
loads the same messages with bare ``sqlite3`` (orjson + executemany, no
validation, no references, no all-or-nothing), so the ratio shows what Kefu's
checks cost on this machine, whatever else it is doing.

    python bench/import_bench.py [--lines 1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import publish

TZ = dt.timezone(dt.timedelta(hours=8))


def generate(path: Path, total: int, seed: int = 7) -> None:
    """About 2.5 % customers/sessions/orders, the rest messages, like a real shop."""
    rng = random.Random(seed)
    start = dt.datetime(2026, 11, 1, 9, 0, tzinfo=TZ)
    written = 0
    with path.open("wb") as out:

        def put(line: dict) -> None:
            nonlocal written
            out.write(orjson.dumps(line) + b"\n")
            written += 1

        for n in range(20):
            put(
                {
                    "type": "agent",
                    "id": f"a{n}",
                    "name": f"客服{n}",
                    "role": "presale",
                    "group": "售前组",
                }
            )
        n_customers = max(total // 100, 10)
        for n in range(n_customers):
            put({"type": "customer", "id": f"c{n}", "nick": f"tb_buyer{n}", "phone": f"138{n:08d}"})
        put({"type": "product", "id": "p1", "title": "纯棉T恤", "price": "59.00", "stock": 100})
        session_no = 0
        while written < total:
            session_no += 1
            opened = start + dt.timedelta(seconds=session_no * 7)
            sid = f"s{session_no}"
            put(
                {
                    "type": "session",
                    "id": sid,
                    "customer": f"c{rng.randrange(n_customers)}",
                    "channel": "web",
                    "opened_at": opened.isoformat(),
                }
            )
            for m in range(rng.randint(6, 12)):
                at = opened + dt.timedelta(seconds=m * 20)
                sender = "buyer" if m % 2 == 0 else "agent"
                line = {
                    "type": "message",
                    "id": f"{sid}-{m}",
                    "session": sid,
                    "at": at.isoformat(),
                    "from": sender,
                    "text": "亲，在的哦，请问有什么可以帮您？" if m % 2 else "在吗，这件有L码吗",
                }
                if sender == "agent":
                    line["agent"] = f"a{rng.randrange(20)}"
                put(line)
                if written >= total:
                    return
            if session_no % 4 == 0 and written < total:
                put(
                    {
                        "type": "order",
                        "id": f"o{session_no}",
                        "customer": f"c{rng.randrange(n_customers)}",
                        "created_at": opened.isoformat(),
                        "amount": "59.00",
                        "status": "paid",
                        "paid_at": opened.isoformat(),
                        "items": [{"product": "p1", "qty": 1}],
                    }
                )


def run_kefu_import(path: Path, db: Path) -> tuple[float, float]:
    """The real command in a child process: its peak RSS is the import's alone."""
    from kefu import migrate

    url = f"sqlite:///{db}"
    migrate.upgrade(url)  # in this process, so the only child is the import
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "kefu.cli", "import", str(path)],
        env={**os.environ, "KEFU_DATABASE_URL": url},
        check=True,
    )
    elapsed = time.perf_counter() - started
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run_baseline(path: Path, db: Path) -> float:
    """Messages only, straight into a bare table: the floor for this machine."""
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(
        "CREATE TABLE messages (id TEXT PRIMARY KEY, session_id TEXT, at TEXT,"
        " sender TEXT, agent_id TEXT, text TEXT)"
    )
    started = time.perf_counter()
    batch = []
    with path.open("rb") as handle:
        for raw in handle:
            line = orjson.loads(raw)
            if line["type"] == "message":
                batch.append(
                    (
                        line["id"],
                        line["session"],
                        line["at"],
                        line["from"],
                        line.get("agent"),
                        line["text"],
                    )
                )
                if len(batch) >= 2000:
                    conn.executemany("INSERT INTO messages VALUES (?,?,?,?,?,?)", batch)
                    batch.clear()
    conn.executemany("INSERT INTO messages VALUES (?,?,?,?,?,?)", batch)
    conn.commit()
    conn.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument(
        "--keep", type=Path, help="folder to keep the generated file and databases in"
    )
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="kefu-import-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    history, db, bare = folder / "history.jsonl", folder / "kefu.db", folder / "bare.db"
    for old in (db, bare):
        old.unlink(missing_ok=True)

    print(f"generating {args.lines:,} lines …", flush=True)
    generate(history, args.lines)
    size_mb = history.stat().st_size / 1e6
    print("baseline: bare sqlite3 load of the same messages …", flush=True)
    bare_s = run_baseline(history, bare)
    print(f"kefu import ({size_mb:.0f} MB) …", flush=True)
    kefu_s, peak_mb = run_kefu_import(history, db)

    rate, bare_rate = args.lines / kefu_s, args.lines / bare_s
    rows = [
        "| what | figure |",
        "|---|---|",
        f"| lines imported | {args.lines:,} ({size_mb:.0f} MB) |",
        f"| `kefu import` time | {kefu_s:.1f} s |",
        f"| `kefu import` rate | **{rate:,.0f} lines/s** (target ≥ 20,000) |",
        f"| `kefu import` peak memory (child RSS) | **{peak_mb:.0f} MB** (target < 300 MB) |",
        f"| baseline: bare sqlite3 load | {bare_s:.1f} s ({bare_rate:,.0f} lines/s) |",
        f"| ratio kefu / bare | {rate / bare_rate:.2f} |",
    ]
    publish("import", "History import (`bench/import_bench.py`)", rows, write=not args.no_write)


if __name__ == "__main__":
    main()
