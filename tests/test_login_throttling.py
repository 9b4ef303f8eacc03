"""Issue 17: logins had no throttling, and each attempt hashed the password while
holding SQLite's write lock (~100 ms), so 8 threads of wrong passwords raised
everyone's latency from 8 ms to 1.6 s. Now wrong passwords are throttled per
account and per address (team/throttle.py), the hash runs between transactions,
and a supervisor can lift a lock."""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu import migrate
from kefu.db import make_engine, make_sessionmaker, unit_of_work
from kefu.kit import clock
from kefu.models import AuditEntry
from kefu.models.team import Role
from kefu.team import throttle
from tests import live
from tests.chat_helpers import frozen_at
from tests.factories import PASSWORD, add_agents, login

WRONG = "not-the-password"


def try_login(client: TestClient | httpx.Client, who: str, password: str = WRONG) -> httpx.Response:
    return client.post("/api/v1/auth/login", json={"login": who, "password": password})


class TestNoThrottling:
    def test_sixth_wrong_password_is_refused_with_429_and_retry_after(
        self, client: TestClient, session: Session
    ) -> None:
        add_agents(session, {"mei": Role.presale})
        codes = [try_login(client, "mei").status_code for _ in range(6)]
        assert codes == [401] * 5 + [429]
        refused = try_login(client, "mei")
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
        assert refused.json()["code"] == "login_throttled"
        assert "登录失败次数过多" in refused.json()["reason"]
        # even the right password must wait now
        assert try_login(client, "mei", PASSWORD).status_code == 429

    def test_delays_grow_then_the_account_locks_and_a_supervisor_lifts_it(
        self, client: TestClient, session: Session
    ) -> None:
        add_agents(session, {"mei": Role.presale, "boss": Role.supervisor})
        start = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)
        with frozen_at(start) as frozen:
            waits: list[int] = []
            failures = 0
            while True:
                response = try_login(client, "mei")
                if response.status_code == 401:
                    failures += 1
                    continue
                assert response.status_code == 429
                if response.json()["code"] == "login_locked":
                    break
                waits.append(int(response.headers["Retry-After"]))
                frozen.advance(dt.timedelta(seconds=waits[-1]))
            assert waits == [1, 2, 4, 8, 16] and failures == throttle.ACCOUNT.lock_at
            assert int(response.headers["Retry-After"]) == throttle.LOCK_FOR.total_seconds()
            locked = try_login(client, "mei", PASSWORD)
            assert locked.status_code == 429 and locked.json()["code"] == "login_locked"
            assert "解除锁定" in locked.json()["reason"]
            csrf = login(client, "boss")
            row = client.get("/api/v1/agents", params={"q": "mei"}).json()["items"][0]
            assert row["locked_until"] is not None
            lifted = client.post("/api/v1/agents/mei/unlock", headers={"X-CSRF-Token": csrf})
            assert lifted.json() == {"unlocked": True}
            assert try_login(client, "mei", PASSWORD).status_code == 200
        actions = [row.action for row in session.query(AuditEntry).order_by(AuditEntry.at)]
        assert "login_locked" in actions and "login_unlocked" in actions

    def test_a_right_password_clears_the_accounts_count(
        self, client: TestClient, session: Session
    ) -> None:
        add_agents(session, {"mei": Role.presale})
        for _ in range(4):
            try_login(client, "mei")
        assert try_login(client, "mei", PASSWORD).status_code == 200
        assert [try_login(client, "mei").status_code for _ in range(5)] == [401] * 5

    def test_failures_are_forgotten_after_a_quiet_while(self, session: Session) -> None:
        now = clock.now()
        for _ in range(7):
            throttle.do_fail(session, login="mei", address="10.0.0.1", now=now)
        assert throttle.check(session, login="mei", address=None, now=now).seconds == 4
        later = now + throttle.QUIET + dt.timedelta(seconds=1)
        assert throttle.check(session, login="mei", address=None, now=later).seconds == 0


GUESSER = """
import sys, threading, time, httpx, orjson
url, threads, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
codes, until = [], time.monotonic() + seconds
def guess():
    with httpx.Client(base_url=url) as http:
        while time.monotonic() < until:
            body = {"login": "mei", "password": "not-the-password"}
            codes.append(http.post("/api/v1/auth/login", json=body).status_code)
workers = [threading.Thread(target=guess) for _ in range(threads)]
[w.start() for w in workers]
[w.join() for w in workers]
sys.stdout.write(orjson.dumps(codes).decode())
"""


def _p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98] if len(samples) > 1 else samples[0]


@pytest.mark.slow
@pytest.mark.timing
def test_twenty_wrong_passwords_in_a_minute_others_stay_fast(tmp_path: Path) -> None:
    """Acceptance: 20 wrong passwords for one account within a minute: the 6th onward
    are refused (429) and audited; meanwhile 8 threads keep guessing, and another
    agent's requests stay fast (p99 printed and bounded)."""
    url = f"sqlite:///{tmp_path / 'kefu.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        add_agents(db, {"mei": Role.presale, "lei": Role.presale, "boss": Role.supervisor})
    with live.live_server(url, tmp_path, KEFU_SCHEDULER="false") as server:
        boss = live.login(server, "boss", PASSWORD)

        def others_latency(seconds: float) -> list[float]:
            samples, until = [], time.monotonic() + seconds
            while time.monotonic() < until:
                began = time.perf_counter()
                response = boss.get("/api/v1/agents", params={"q": "lei"})
                assert response.status_code == 200
                samples.append((time.perf_counter() - began) * 1000)
            return samples

        quiet = others_latency(2.0)
        with httpx.Client(base_url=server.url) as guesser:
            codes = [try_login(guesser, "mei").status_code for _ in range(20)]
        assert codes == [401] * 5 + [429] * 15

        # The guessers run in a process of their own, so that their client work does
        # not hold this process's GIL while the other agent's requests are timed.
        guessers = subprocess.Popen(
            [sys.executable, "-c", GUESSER, server.url, "8", "5.0"], stdout=subprocess.PIPE
        )
        try:
            time.sleep(0.5)
            busy = others_latency(4.0)
        finally:
            out, _ = guessers.communicate(timeout=60)
        guesses: list[int] = orjson.loads(out)
        audit = boss.get("/api/v1/audit", params={"action": "login_throttled"}).json()
    engine.dispose()
    print(
        f"\nothers' p99: {_p99(quiet):.1f} ms quiet, {_p99(busy):.1f} ms under "
        f"{len(guesses)} guesses ({guesses.count(429)} refused with 429); "
        f"median {statistics.median(quiet):.1f} → {statistics.median(busy):.1f} ms"
    )
    assert audit["total"] >= 15 + guesses.count(429)  # every refusal is in the audit log
    # a guess that waited out its delay is checked (401): one per delay that ran out
    assert guesses.count(401) <= 5 and guesses.count(429) > 10 * guesses.count(401)
    # The issue measured 8 ms → 1.6 s. On a shared 2-core machine the tail is mostly
    # the machine's own noise (p99 quiet already 40-170 ms there), so the bound is loose.
    assert statistics.median(busy) < 100 and _p99(busy) < 1000
