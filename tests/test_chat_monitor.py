"""Who is serving whom: the supervisor's live overview and the colleagues an agent can
transfer a chat to (chat/monitor.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.chat import monitor
from kefu.kit.ids import new_id
from kefu.models import Agent, ChatSession
from kefu.models.team import AgentStatus, Role
from tests.chat_helpers import WORK_TIME, agent, frozen_at
from tests.chat_helpers import buyer as new_buyer
from tests.factories import login


def chat(
    session: Session,
    *,
    status: str,
    group: str,
    agent_id: str | None = None,
    waited: dt.timedelta | None = None,
) -> ChatSession:
    row = ChatSession(
        id=new_id("s"),
        customer_id=new_buyer(session),
        channel="web",
        opened_at=WORK_TIME - dt.timedelta(minutes=5),
        status=status,
        group_id=group,
        agent_id=agent_id,
        queued_at=WORK_TIME if status == "queued" else None,
        waiting_since=None if waited is None else WORK_TIME - waited,
        last_seq=0,
        agent_read_seq=0,
    )
    session.add(row)
    session.flush()
    return row


@pytest.fixture
def team(session: Session) -> dict[str, Agent]:
    return {
        "mei": agent(session, "mei"),
        "xia": agent(session, "xia", status=AgentStatus.away),
        "wang": agent(session, "wang", group="售后组", role=Role.aftersale, max_concurrent=1),
        "lan": agent(session, "lan", group="售后组", role=Role.aftersale),
        "liu": agent(session, "liu", group=None, role=Role.qc),
        "zhou": agent(session, "zhou", group=None, role=Role.refund_review),
    }


class TestOverview:
    def test_every_group_has_its_queue_by_name_even_when_empty(
        self, session: Session, team: dict[str, Agent]
    ) -> None:
        chat(session, status="queued", group="售后组", waited=dt.timedelta(seconds=20))
        with frozen_at(WORK_TIME):
            out = monitor.overview(session)
        assert [(q.group_id, q.group_name, q.queued) for q in out.queues] == [
            ("售前组", "售前组", 0),
            ("售后组", "售后组", 1),
        ]
        assert out.queues[1].oldest_queued_at is not None

    def test_agents_are_those_who_take_chats_with_role_group_and_load(
        self, session: Session, team: dict[str, Agent]
    ) -> None:
        chat(session, status="assigned", group="售后组", agent_id="wang")
        with frozen_at(WORK_TIME):
            out = monitor.overview(session)
        loads = {
            a.id: (a.role, a.group_name, a.status, a.load, a.max_concurrent) for a in out.agents
        }
        assert loads == {
            "mei": ("presale", "售前组", "online", 0, 8),
            "xia": ("presale", "售前组", "away", 0, 8),
            "wang": ("aftersale", "售后组", "online", 1, 1),
            "lan": ("aftersale", "售后组", "online", 0, 8),
            "zhou": ("refund_review", None, "online", 0, 8),
        }  # 质检 takes no chats

    def test_buyers_waiting_over_60_seconds_are_listed_with_their_nick(
        self, session: Session, team: dict[str, Agent]
    ) -> None:
        late = chat(
            session,
            status="assigned",
            group="售前组",
            agent_id="mei",
            waited=dt.timedelta(seconds=61),
        )
        chat(
            session,
            status="assigned",
            group="售前组",
            agent_id="mei",
            waited=dt.timedelta(seconds=59),
        )
        chat(session, status="offline", group="售前组", waited=dt.timedelta(hours=2))
        with frozen_at(WORK_TIME):
            out = monitor.overview(session)
        assert [(s.id, s.customer_nick) for s in out.waiting_over_60s] == [(late.id, "访客")]
        assert out.offline_open == 1


class TestColleagues:
    def test_everyone_else_who_takes_chats_with_their_load(
        self, session: Session, team: dict[str, Agent]
    ) -> None:
        chat(session, status="assigned", group="售后组", agent_id="wang")
        out = monitor.colleagues(session, agent=team["mei"])
        assert [(a.name, a.status, a.load, a.max_concurrent) for a in out.agents] == [
            ("lan", "online", 0, 8),
            ("wang", "online", 1, 1),
            ("xia", "away", 0, 8),
            ("zhou", "online", 0, 8),
        ]

    def test_groups_count_who_could_take_a_transfer_now(
        self, session: Session, team: dict[str, Agent]
    ) -> None:
        chat(session, status="assigned", group="售后组", agent_id="wang")  # wang is full
        out = monitor.colleagues(session, agent=team["mei"])
        assert [(g.id, g.name, g.free) for g in out.groups] == [
            ("售前组", "售前组", 0),
            ("售后组", "售后组", 1),
        ]


class TestEndpoints:
    def test_an_agent_who_takes_chats_sees_her_colleagues(
        self, client: TestClient, session: Session, team: dict[str, Agent]
    ) -> None:
        session.commit()
        login(client, "mei", "s3cret-pass")
        body = client.get("/api/v1/chat/colleagues").json()
        assert {a["id"] for a in body["agents"]} == {"xia", "wang", "lan", "zhou"}
        assert client.get("/api/v1/chat/overview").json()["code"] == "role_forbidden"

    def test_quality_inspectors_transfer_no_chats(
        self, client: TestClient, session: Session, team: dict[str, Agent]
    ) -> None:
        session.commit()
        login(client, "liu", "s3cret-pass")
        response = client.get("/api/v1/chat/colleagues")
        assert response.status_code == 403 and response.json()["code"] == "role_forbidden"
