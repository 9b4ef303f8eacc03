"""The PBX endpoint driven like a PBX drives it (issue 15's acceptance): ringing → answered
→ ended, and a missed call, each event posted twice, give one call record each, a missed-call
task due the same day (shop's zone, across midnight) and the right 通时通次."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.kit import clock
from kefu.models import Agent, HotlineCall, PhoneCall, Task
from tests.factories import login
from tests.hotline_helpers import add_hotline_team

SHANGHAI = ZoneInfo("Asia/Shanghai")
# 23:50 in Shanghai on 30 Nov: the missed call at 23:55 is due by midnight, not tomorrow's.
LATE = dt.datetime(2026, 11, 30, 23, 50, tzinfo=SHANGHAI)


@pytest.fixture
def team(session: Session) -> dict[str, Agent]:
    return add_hotline_team(session)


@pytest.fixture
def frozen() -> Iterator[clock.FrozenClock]:
    frozen = clock.FrozenClock(LATE)
    previous = clock.use_clock(frozen)
    yield frozen
    clock.use_clock(previous)


def token() -> dict[str, str]:
    return {"Authorization": f"Bearer {get_settings().pbx_key}"}


def post(client: TestClient, **event: Any) -> dict[str, Any]:
    """Post an event twice, as a PBX that retries does; both answers must agree."""
    first = client.post("/api/v1/hotline/pbx/events", json=event, headers=token())
    again = client.post("/api/v1/hotline/pbx/events", json=event, headers=token())
    assert first.status_code == 200, first.text
    assert again.status_code == 200, again.text
    assert (first.json()["duplicate"], again.json()["duplicate"]) == (False, True)
    assert again.json()["hotline_call_id"] == first.json()["hotline_call_id"]
    return first.json()


@pytest.mark.usefixtures("frozen")
def test_a_pbx_posts_an_answered_and_a_missed_call_twice_each(
    client: TestClient, session: Session, team: dict[str, Agent]
) -> None:
    at = LATE.isoformat()
    post(client, call_id="pbx-1", event="ringing", phone="+86 138-0013-8000", agent="zhao", at=at)
    answered_at = (LATE + dt.timedelta(seconds=5)).isoformat()
    post(client, call_id="pbx-1", event="answered", agent="zhao", at=answered_at)
    ended = post(client, call_id="pbx-1", event="ended", duration_s=150, at=answered_at)
    assert ended["state"] == "ended"

    missed_at = LATE + dt.timedelta(minutes=5)  # 23:55
    post(client, call_id="pbx-2", event="ringing", phone="021-6234 5678", at=missed_at.isoformat())
    missed = post(client, call_id="pbx-2", event="missed", at=missed_at.isoformat())

    records = session.scalars(select(PhoneCall)).all()
    assert [(r.agent_id, r.customer_id, r.direction, r.duration_s) for r in records] == [
        ("zhao", "c_li", "in", 150)
    ]
    assert session.scalar(select(func.count()).select_from(HotlineCall)) == 2
    task = session.get(Task, missed["task_id"])
    assert task is not None and task.kind == "hotline_call" and task.status == "open"
    assert task.due_at == dt.datetime(2026, 12, 1, 0, 0, tzinfo=SHANGHAI)  # the same day's end
    assert session.scalar(select(func.count()).select_from(Task)) == 1

    csrf = login(client, "zhao")
    stats = client.get("/api/v1/hotline/stats", params={"start": "2026-11-30"}).json()
    assert [
        (s["agent_id"], s["day"], s["call_count"], s["call_minutes"]) for s in stats["items"]
    ] == [("zhao", "2026-11-30", 1, 2.5)]
    assert (stats["items"][0]["in_count"], stats["items"][0]["out_count"]) == (1, 0)
    missed_list = client.get("/api/v1/hotline/missed").json()
    assert [m["phone"] for m in missed_list["items"]] == ["02162345678"]
    assert csrf


def test_a_missed_call_after_midnight_is_due_by_the_next_midnight(
    client: TestClient, team: dict[str, Agent], frozen: clock.FrozenClock
) -> None:
    frozen.set(dt.datetime(2026, 12, 1, 0, 10, tzinfo=SHANGHAI))
    missed = post(client, call_id="pbx-3", event="missed", phone="13800138000")
    due = client.get("/api/v1/hotline/missed")
    assert due.status_code == 401  # nobody logged in
    login(client, "hlead")
    item = client.get("/api/v1/hotline/missed").json()["items"][0]
    assert item["task_id"] == missed["task_id"]
    assert dt.datetime.fromisoformat(item["due_at"]) == dt.datetime(2026, 12, 2, tzinfo=SHANGHAI)
    assert item["customer_name"] == "李女士"


@pytest.mark.usefixtures("team")
class TestBadPosts:
    def test_no_or_a_wrong_token_is_refused(self, client: TestClient) -> None:
        event = {"call_id": "x", "event": "ringing", "phone": "13800138000"}
        assert client.post("/api/v1/hotline/pbx/events", json=event).status_code == 401
        wrong = {"Authorization": "Bearer not-the-token-at-all"}
        refused = client.post("/api/v1/hotline/pbx/events", json=event, headers=wrong)
        assert refused.status_code == 401 and refused.json()["code"] == "bad_pbx_token"

    @pytest.mark.parametrize(
        ("event", "code"),
        [
            ({"call_id": "x", "event": "ringing"}, "phone_required"),
            ({"call_id": "x", "event": "ringing", "phone": "abc"}, "bad_phone"),
            ({"call_id": "x", "event": "answered", "phone": "13800138000"}, "agent_required"),
            (
                {"call_id": "x", "event": "ringing", "phone": "13800138000", "agent": "nobody"},
                "agent_unknown",
            ),
            ({"call_id": "x", "event": "hangup", "phone": "13800138000"}, None),
        ],
    )
    def test_bad_input_is_a_4xx_with_a_reason(
        self, client: TestClient, event: dict[str, Any], code: str | None
    ) -> None:
        response = client.post("/api/v1/hotline/pbx/events", json=event, headers=token())
        assert response.status_code == 422, response.text
        if code is not None:
            assert response.json()["code"] == code
