"""Surge mode (大促模式): each behaviour the supervisor switches on for a campaign day,
against a real database (issue 18)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import count

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.bot import kb, snapshot
from kefu.chat import monitor
from kefu.chat import service as chat_service
from kefu.kit import clock
from kefu.knowledge import service as knowledge_service
from kefu.models import ChatSession, Message, SessionStateChange
from kefu.models.chat import SessionStatus
from kefu.models.team import AgentStatus, Role
from kefu.shop import service as shop
from kefu.surge import service as surge
from tests.chat_helpers import WORK_TIME, agent, buyer, frozen_at
from tests.factories import add_agents, login

ids = count(1)


@pytest.fixture
def at_work() -> Iterator[clock.FrozenClock]:
    with frozen_at(WORK_TIME) as frozen:
        yield frozen


def surge_on(db: Session, **values: object) -> None:
    shop.do_set(db, key="surge_mode", value=True)
    for key, value in values.items():
        shop.do_set(db, key=f"surge_{key}", value=value)


def new_session(db: Session, text: str = "这件有L码吗") -> ChatSession:
    sent = chat_service.do_buyer_send(
        db, customer_id=buyer(db), client_id=f"c{next(ids)}", text=text
    )
    chat_session = db.get(ChatSession, sent.session_id)
    assert chat_session is not None
    return chat_session


def notices(db: Session, chat_session: ChatSession) -> list[str]:
    query = select(Message.text).where(
        Message.session_id == chat_session.id, Message.sender == "system"
    )
    return list(db.scalars(query.order_by(Message.seq)))


@pytest.mark.usefixtures("at_work")
class TestChatLimit:
    def test_surge_raises_each_agents_limit(self, session: Session) -> None:
        mei = agent(session, "mei", max_concurrent=1)
        surge_on(session, max_concurrent=3)
        sessions = [new_session(session) for _ in range(4)]
        assert [s.agent_id for s in sessions] == [mei.id, mei.id, mei.id, None]
        assert sessions[3].status == SessionStatus.queued

    def test_without_surge_the_own_limit_holds(self, session: Session) -> None:
        agent(session, "mei", max_concurrent=1)
        shop.do_set(session, key="surge_max_concurrent", value=3)
        assert [new_session(session).status for _ in range(2)] == ["assigned", "queued"]

    def test_the_monitor_and_the_transfer_dialog_count_the_raised_limit(
        self, session: Session
    ) -> None:
        mei = agent(session, "mei", max_concurrent=1)
        li = agent(session, "li", max_concurrent=1)
        new_session(session)
        assert monitor.colleagues(session, agent=mei).groups[0].free == 0
        surge_on(session, max_concurrent=3)
        assert monitor.colleagues(session, agent=mei).groups[0].free == 1
        loads = {row.id: row.max_concurrent for row in monitor.overview(session).agents}
        assert loads == {mei.id: 3, li.id: 3}

    def test_a_higher_own_limit_wins(self, session: Session) -> None:
        mei = agent(session, "mei", max_concurrent=5)
        surge_on(session, max_concurrent=2)
        assert surge.limit_of(session, mei) == 5
        assert surge.chat_limit(session) == 2


@pytest.mark.usefixtures("at_work")
class TestOverflow:
    def test_a_full_group_overflows_to_the_configured_group(self, session: Session) -> None:
        agent(session, "mei", max_concurrent=1)
        wang = agent(session, "wang", group="售后组", role=Role.aftersale)
        surge_on(session, max_concurrent=1, overflow_group="售后组")
        new_session(session)
        spilled = new_session(session)
        assert (spilled.status, spilled.agent_id, spilled.group_id) == (
            "assigned",
            wang.id,
            "售后组",
        )

    def test_a_full_overflow_group_means_the_queue(self, session: Session) -> None:
        agent(session, "mei", max_concurrent=1)
        agent(session, "wang", group="售后组", role=Role.aftersale, max_concurrent=1)
        surge_on(session, max_concurrent=1, overflow_group="售后组")
        statuses = [new_session(session).status for _ in range(3)]
        assert statuses == ["assigned", "assigned", "queued"]

    def test_a_group_with_nobody_at_work_overflows_rather_than_leaving_a_message(
        self, session: Session
    ) -> None:
        agent(session, "mei", status=AgentStatus.offline)
        wang = agent(session, "wang", group="售后组", role=Role.aftersale)
        surge_on(session, overflow_group="售后组")
        spilled = new_session(session)
        assert (spilled.status, spilled.agent_id) == ("assigned", wang.id)
        change = session.scalars(
            select(SessionStateChange).where(
                SessionStateChange.session_id == spilled.id,
                SessionStateChange.to_status == "assigned",
            )
        ).one()
        assert change.note == "大促溢出：售前组无人在岗"

    def test_without_surge_nobody_at_work_still_means_a_message(self, session: Session) -> None:
        agent(session, "mei", status=AgentStatus.offline)
        agent(session, "wang", group="售后组", role=Role.aftersale)
        shop.do_set(session, key="surge_overflow_group", value="售后组")
        assert new_session(session).status == SessionStatus.offline

    def test_no_overflow_without_surge(self, session: Session) -> None:
        agent(session, "mei", max_concurrent=1)
        agent(session, "wang", group="售后组", role=Role.aftersale)
        shop.do_set(session, key="surge_overflow_group", value="售后组")
        new_session(session)
        assert new_session(session).status == SessionStatus.queued


@pytest.mark.usefixtures("at_work")
class TestDoSwitchSurge:
    """Switching surge mode on moves the waiting buyers at once (chat_service.do_switch_surge)."""

    def test_the_raised_limit_and_the_overflow_take_the_queue_now(self, session: Session) -> None:
        mei = agent(session, "mei", max_concurrent=1)
        wang = agent(session, "wang", group="售后组", role=Role.aftersale, max_concurrent=1)
        chats = [new_session(session) for _ in range(4)]
        assert [c.status for c in chats] == ["assigned", "queued", "queued", "queued"]
        shop.do_set(session, key="surge_max_concurrent", value=2)
        shop.do_set(session, key="surge_overflow_group", value="售后组")
        boss = agent(session, "boss", group=None, role=Role.supervisor)
        moved = chat_service.do_switch_surge(session, on=True, by=boss)
        assert moved == 3
        # Mei's second place first (oldest first), then Wang's two in the overflow group.
        assert [(c.agent_id, c.group_id) for c in chats] == [
            (mei.id, "售前组"),
            (mei.id, "售前组"),
            (wang.id, "售后组"),
            (wang.id, "售后组"),
        ]

    def test_those_still_waiting_hear_their_place_and_wait(self, session: Session) -> None:
        agent(session, "mei", max_concurrent=1)
        chats = [new_session(session) for _ in range(3)]
        assert notices(session, chats[2]) == []
        boss = agent(session, "boss", group=None, role=Role.supervisor)
        shop.do_set(session, key="surge_max_concurrent", value=1)
        assert chat_service.do_switch_surge(session, on=True, by=boss) == 0
        assert notices(session, chats[2]) == ["您当前排在第 2 位，预计等待约 6 分钟，请稍候～"]

    def test_the_switch_over_http_moves_the_queue(
        self, client: TestClient, session: Session
    ) -> None:
        add_agents(session, {"boss": Role.supervisor})
        agent(session, "mei", max_concurrent=1)
        chats = [new_session(session) for _ in range(2)]
        session.commit()
        csrf = login(client, "boss")
        answer = client.put("/api/v1/surge", json={"on": True}, headers={"X-CSRF-Token": csrf})
        assert answer.status_code == 200, answer.text
        assert answer.json()["groups"][0]["waiting"] == 0
        session.refresh(chats[1])
        assert chats[1].status == SessionStatus.assigned


class TestTellQueue:
    def test_waiting_buyers_hear_their_place_and_wait_as_the_queue_moves(
        self, session: Session, at_work: clock.FrozenClock
    ) -> None:
        mei = agent(session, "mei", max_concurrent=1)
        surge_on(session, max_concurrent=1)
        served, second, third = new_session(session), new_session(session), new_session(session)
        # No chat has ended yet: a chat counts as 3 minutes, one place is free at a time.
        assert notices(session, second)[-1] == "您当前排在第 1 位，预计等待约 3 分钟，请稍候～"
        assert notices(session, third) == ["您当前排在第 2 位，预计等待约 6 分钟，请稍候～"]
        at_work.advance(dt.timedelta(minutes=10))
        chat_service.do_close(session, chat_session=served, agent=mei)
        assert second.agent_id == mei.id
        # The ended chat took 10 minutes: the new first in line is told so.
        assert notices(session, third)[-1] == "您当前排在第 1 位，预计等待约 10 分钟，请稍候～"

    def test_nothing_is_said_without_surge(self, session: Session) -> None:
        with frozen_at(WORK_TIME):
            agent(session, "mei", max_concurrent=1)
            new_session(session)
            waiting = new_session(session)
        assert waiting.status == SessionStatus.queued
        assert not any("排在第" in text for text in notices(session, waiting))

    def test_a_long_queue_is_told_without_each_step(self) -> None:
        assert surge.queue_text(position=11, wait_seconds=61) == (
            "您前面排队的买家超过 10 位，预计等待约 2 分钟，请稍候～"
        )


class TestEstimatedWait:
    def test_places_free_at_capacity_over_handling_time(self) -> None:
        assert surge.estimated_wait_seconds(position=4, handle_seconds=300, capacity=10) == 120
        assert surge.estimated_wait_seconds(position=1, handle_seconds=300, capacity=0) == 300


LIMITS = {"bot_handoff_below": 0.5, "surge_handoff_below": 0.3, "surge_mode": False}


class TestHandoffBelow:
    def test_the_usual_threshold_without_surge(self) -> None:
        assert snapshot.handoff_below(LIMITS, "stock") == 0.5

    def test_lower_for_routine_intents_in_surge(self) -> None:
        limits = {**LIMITS, "surge_mode": True}
        assert snapshot.handoff_below(limits, "stock") == 0.3
        assert snapshot.handoff_below(limits, "logistics_query") == 0.3
        assert snapshot.handoff_below(limits, "quality_issue") == 0.5

    def test_never_above_the_usual_one(self) -> None:
        limits = {**LIMITS, "surge_mode": True, "surge_handoff_below": 0.8}
        assert snapshot.handoff_below(limits, "stock") == 0.5


@pytest.mark.usefixtures("bot", "at_work")
class TestBotFirst:
    def test_the_bot_takes_every_chat_in_surge_even_when_switched_off(
        self, session: Session
    ) -> None:
        kb.do_seed_defaults(session)
        agent(session, "mei")
        shop.do_set(session, key="bot_enabled", value=False)
        assert new_session(session, "可以开发票吗").status == SessionStatus.assigned
        surge_on(session)
        chat_session = new_session(session, "可以开发票吗")
        assert (chat_session.status, chat_session.agent_id) == ("bot", None)


class TestPinnedPhrases:
    def test_campaign_phrases_come_first_when_asked(self, session: Session) -> None:
        mei = agent(session, "mei")
        knowledge_service.do_add_phrase(session, text="亲，在的", shortcut="/a", group_name="问候")
        knowledge_service.do_add_phrase(
            session, text="双11满300减50", shortcut="/z", group_name="问候", campaign=True
        )
        plain = knowledge_service.phrases_for(session, agent_id=mei.id)
        pinned = knowledge_service.phrases_for(session, agent_id=mei.id, campaign_first=True)
        assert [p.shortcut for p in plain] == ["/a", "/z"]
        assert [p.shortcut for p in pinned] == ["/z", "/a"]


class TestSurgeApi:
    def test_the_supervisor_switches_it_and_the_refresh_shortens(
        self, client: TestClient, session: Session
    ) -> None:
        add_agents(session, {"boss": Role.supervisor, "mei": Role.presale})
        csrf = login(client, "boss")
        assert client.get("/api/v1/surge").json()["refresh_seconds"] == 60
        answer = client.put("/api/v1/surge", json={"on": True}, headers={"X-CSRF-Token": csrf})
        assert answer.status_code == 200, answer.text
        state = answer.json()
        assert (state["on"], state["refresh_seconds"], state["max_concurrent"]) == (True, 5, 15)
        assert [g["group_id"] for g in state["groups"]] == ["售前组", "售后组"]

    def test_agents_read_it_but_may_not_switch_it(
        self, client: TestClient, session: Session
    ) -> None:
        add_agents(session, {"mei": Role.presale})
        csrf = login(client, "mei")
        assert client.get("/api/v1/surge").json()["on"] is False
        answer = client.put("/api/v1/surge", json={"on": True}, headers={"X-CSRF-Token": csrf})
        assert answer.status_code == 403

    def test_phrases_pinned_over_http(self, client: TestClient, session: Session) -> None:
        add_agents(session, {"mei": Role.presale})
        knowledge_service.do_add_phrase(session, text="在的", shortcut="/a")
        knowledge_service.do_add_phrase(session, text="满减", shortcut="/b", campaign=True)
        session.commit()
        login(client, "mei")
        rows = client.get("/api/v1/quick-phrases?campaign_first=true").json()
        assert [(r["shortcut"], r["campaign"]) for r in rows] == [("/b", True), ("/a", False)]
