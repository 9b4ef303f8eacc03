"""The PBX endpoint driven like a PBX drives it (issue 15's acceptance): ringing → answered
→ ended, and a missed call, each event posted twice, give one call record each, a missed-call
task due the same day (shop's zone, across midnight) and the right 通时通次."""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kefu.cli import app as cli_app
from kefu.config import get_settings
from kefu.kit import clock
from kefu.models import Agent, HotlineCall, PhoneCall, Task
from kefu.models.shift import DutyKind
from kefu.shift import service as shift_service
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


def wav() -> bytes:
    return b"RIFF" + (36).to_bytes(4, "little") + b"WAVEfmt " + b"\x00" * 24


def answered_call(client: TestClient, call_id: str, agent: str, seconds: int) -> dict[str, Any]:
    at = dt.datetime(2026, 11, 30, 10, 0, tzinfo=SHANGHAI).isoformat()
    event = {"call_id": call_id, "event": "answered", "phone": "13800138000", "agent": agent}
    post(client, **event, at=at)
    return post(client, call_id=call_id, event="ended", duration_s=seconds, at=at)


class TestRecordings:
    def test_a_pbx_file_is_kept_played_and_scored_by_qc(
        self, client: TestClient, team: dict[str, Agent]
    ) -> None:
        call = answered_call(client, "rec-1", "zhao", 60)
        files = {"file": ("rec.mp3", wav(), "audio/mpeg")}
        upload = "/api/v1/hotline/pbx/recording"
        kept = client.post(upload, data={"call_id": "rec-1"}, files=files, headers=token())
        assert kept.status_code == 200 and kept.json()["duplicate"] is False, kept.text
        fake = {"file": ("rec.mp3", b"<html>not audio</html>", "audio/mpeg")}
        refused = client.post(upload, data={"call_id": "rec-1"}, files=fake, headers=token())
        assert refused.status_code == 422 and refused.json()["code"] == "unsupported_audio"

        csrf = login(client, "qc1")
        played = client.get(f"/api/v1/hotline/calls/{call['phone_call_id']}/recording")
        assert played.status_code == 200 and played.content == wav()
        assert played.headers["content-type"] == "audio/wav"  # by its bytes, not its name
        sheet = {"quantified": 90, "quality": 80, "skills": 60}
        scored = client.post(
            f"/api/v1/hotline/calls/{call['phone_call_id']}/review",
            json=sheet,
            headers={"X-CSRF-Token": csrf},
        )
        assert scored.status_code == 200 and scored.json()["total"] == 81.0
        row = client.get("/api/v1/hotline/calls").json()["items"][0]
        assert (row["qc_total"], row["recording_src"]) == (
            81.0,
            f"/api/v1/hotline/calls/{call['phone_call_id']}/recording",
        )


class TestLeadScope:
    def test_a_hotline_lead_sees_her_groups_calls_and_stats_only(
        self, client: TestClient, team: dict[str, Agent]
    ) -> None:
        mine = answered_call(client, "s-1", "zhao", 120)
        other = answered_call(client, "s-2", "fang", 60)
        login(client, "hlead")
        calls = client.get("/api/v1/hotline/calls").json()
        assert [c["agent_name"] for c in calls["items"]] == ["zhao"]
        stats = client.get("/api/v1/hotline/stats", params={"start": "2026-11-30"}).json()
        assert [(s["agent_id"], s["call_minutes"]) for s in stats["items"]] == [("zhao", 2.0)]
        outside = client.get("/api/v1/hotline/stats", params={"agent_id": "fang"})
        assert outside.status_code == 403 and outside.json()["code"] == "outside_team"
        played = client.get(f"/api/v1/hotline/calls/{other['phone_call_id']}/recording")
        assert played.status_code == 403
        assert client.get(f"/api/v1/hotline/calls/{mine['phone_call_id']}/review").json() is None
        login(client, "boss")
        everyone = client.get("/api/v1/hotline/calls").json()
        assert sorted(c["agent_name"] for c in everyone["items"]) == ["fang", "zhao"]


class TestPbxToken:
    def test_the_cli_prints_the_token_kept_in_the_data_folder(self) -> None:
        printed = CliRunner().invoke(cli_app, ["hotline", "pbx-token"])
        assert printed.exit_code == 0, printed.output
        kept = get_settings().data_dir / "pbx_token"
        assert printed.output.strip() == kept.read_text() == get_settings().pbx_key
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600


class TestNightHotlineDuty:
    """A missed call after hours is due to the night hotline duty of that evening, across
    midnight (the duty day runs 06:00–06:00 in Shanghai; working hours 09:00–23:00)."""

    @pytest.fixture
    def duties(self, session: Session, team: dict[str, Agent]) -> None:
        for day, who in ((30, "fang"), (1, "zhao")):
            month = 11 if day == 30 else 12
            shift_service.do_set_duty(
                session,
                actor=team["boss"],
                day=dt.date(2026, month, day),
                kind=DutyKind.night_hotline,
                agent_id=who,
            )
        session.commit()

    @pytest.mark.parametrize(
        ("rang", "named", "assignee"),
        [
            (dt.datetime(2026, 11, 30, 23, 55, tzinfo=SHANGHAI), None, "fang"),
            (dt.datetime(2026, 12, 1, 1, 30, tzinfo=SHANGHAI), "zhao", "fang"),  # 30th's duty
            (dt.datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI), "zhao", "zhao"),  # working hours
            (dt.datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI), None, None),  # the pool
            (dt.datetime(2026, 12, 1, 23, 30, tzinfo=SHANGHAI), None, "zhao"),
        ],
    )
    @pytest.mark.usefixtures("duties")
    def test_the_call_back_is_due_to_the_duty_of_that_night(
        self,
        client: TestClient,
        session: Session,
        frozen: clock.FrozenClock,
        rang: dt.datetime,
        named: str | None,
        assignee: str | None,
    ) -> None:
        frozen.set(rang)
        event = {
            "call_id": "n-1",
            "event": "missed",
            "phone": "13800138000",
            "at": rang.isoformat(),
        }
        missed = post(client, **event, **({"agent": named} if named else {}))
        task = session.get(Task, missed["task_id"])
        assert task is not None
        assert (task.assignee_id, task.due_at) == (assignee, service_end_of_day(rang))


def service_end_of_day(at: dt.datetime) -> dt.datetime:
    """Midnight after ``at``'s day in Shanghai."""
    day = at.astimezone(SHANGHAI).date() + dt.timedelta(days=1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=SHANGHAI)
