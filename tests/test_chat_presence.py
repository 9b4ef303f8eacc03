"""Presence rules (chat/presence.py), transfer notices and introductions, and the
product a buyer came from, on a real database with a frozen clock.

Issue 13: an agent who left gets no chats and her unanswered buyers move on and
are told; a chat nobody answers within ``assign_reply_seconds`` goes to a
colleague; a transfer and a new agent are announced to the buyer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import count
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.bot import service as bot_service
from kefu.chat import presence, service
from kefu.config import get_settings
from kefu.kit import clock, outbox
from kefu.models import Agent, ChatSession, Message, Product
from kefu.models.chat import SessionStatus
from kefu.models.team import AgentStatus, Role
from kefu.shop import service as shop
from tests.chat_helpers import WORK_TIME, agent, buyer, frozen_at

ids = count(1)
LEFT = "客服暂时离开，正在为您转接其他客服"
SILENT = "当前客服暂时未能回复，正在为您转接其他客服"


@pytest.fixture
def at_work() -> Iterator[clock.FrozenClock]:
    with frozen_at(WORK_TIME) as frozen:
        yield frozen


def new_session(db: Session, text: str = "在吗，这件有L码吗", **extra: Any) -> ChatSession:
    sent = service.do_buyer_send(
        db, customer_id=buyer(db), client_id=f"p{next(ids)}", text=text, **extra
    )
    chat_session = db.get(ChatSession, sent.session_id)
    assert chat_session is not None
    return chat_session


def system_texts(db: Session, chat_session: ChatSession) -> list[str]:
    query = (
        select(Message.text)
        .where(Message.session_id == chat_session.id, Message.sender == "system")
        .order_by(Message.seq)
    )
    return list(db.scalars(query))


def reply(db: Session, by: Agent, chat_session: ChatSession, text: str = "您好，有的") -> None:
    service.do_agent_send(
        db, agent=by, session_id=chat_session.id, client_id=f"r{next(ids)}", text=text
    )


def named(db: Session, login: str, name: str, **options: Any) -> Agent:
    row = agent(db, login, **options)
    row.name = name
    return row


@pytest.mark.usefixtures("at_work")
class TestDoSetStatus:
    def test_going_away_hands_unanswered_chats_to_a_colleague_and_tells_the_buyer(
        self, session: Session
    ) -> None:
        mei = named(session, "mei", "小美")
        waiting = new_session(session)
        answered = new_session(session)
        assert (waiting.agent_id, answered.agent_id) == ("mei", "mei")
        reply(session, mei, answered)
        named(session, "li", "小李")
        presence.do_set_status(session, agent=mei, status=AgentStatus.away)
        assert (waiting.status, waiting.agent_id) == (SessionStatus.assigned, "li")
        assert system_texts(session, waiting) == [
            "您好，我是售前客服小美，很高兴为您服务～",
            LEFT,
            "您好，我是售前客服小李，很高兴为您服务～",
        ]
        assert answered.agent_id == "mei"  # she answered: the buyer knows her, it stays
        assert (mei.status, mei.auto_away) == ("away", False)

    def test_with_nobody_else_at_work_the_chat_becomes_an_offline_message(
        self, session: Session
    ) -> None:
        mei = agent(session, "mei")
        waiting = new_session(session)
        presence.do_set_status(session, agent=mei, status=AgentStatus.offline)
        assert (waiting.status, waiting.agent_id) == (SessionStatus.offline, None)
        texts = session.scalars(
            select(Message.text).where(Message.session_id == waiting.id).order_by(Message.seq)
        ).all()
        assert texts[-2] == LEFT and "留言我们已收到" in texts[-1]

    def test_with_colleagues_at_capacity_it_queues_and_keeps_its_turn(
        self, session: Session, at_work: clock.FrozenClock
    ) -> None:
        mei = agent(session, "mei")
        agent(session, "li", max_concurrent=0, status=AgentStatus.busy)
        waiting = new_session(session)
        at_work.advance(dt.timedelta(seconds=30))
        presence.do_set_status(session, agent=mei, status=AgentStatus.away)
        assert (waiting.status, waiting.queued_at) == (SessionStatus.queued, WORK_TIME)

    def test_busy_keeps_her_chats(self, session: Session) -> None:
        mei = agent(session, "mei")
        waiting = new_session(session)
        agent(session, "li")
        presence.do_set_status(session, agent=mei, status=AgentStatus.busy)
        assert waiting.agent_id == "mei"

    def test_her_windows_and_supervisors_hear_of_it(self, session: Session) -> None:
        mei = agent(session, "mei")
        outbox.take(session)
        presence.do_set_status(session, agent=mei, status=AgentStatus.away, auto=True)
        events = outbox.take(session)
        assert (
            "agent:mei",
            {"type": "status", "agent_id": "mei", "status": "away", "auto": True},
        ) in events
        assert ("supervisors", {"type": "overview_changed"}) in events


@pytest.mark.usefixtures("at_work")
class TestDoCheckGone:
    def test_nobody_saw_her_after_her_last_socket_closed_so_she_is_away(
        self, session: Session
    ) -> None:
        mei = agent(session, "mei")
        presence.do_connected(session, agent_id="mei", at=clock.now())
        closed_at = clock.now() + dt.timedelta(seconds=1)
        assert presence.do_check_gone(session, agent_id="mei", since=closed_at) is True
        assert (mei.status, mei.auto_away) == ("away", True)

    def test_another_process_saw_her_since_so_she_stays(self, session: Session) -> None:
        mei = agent(session, "mei")
        closed_at = clock.now()
        presence.do_seen(session, agent_ids={"mei"}, at=closed_at + dt.timedelta(seconds=2))
        session.refresh(mei)
        assert presence.do_check_gone(session, agent_id="mei", since=closed_at) is False
        assert mei.status == "online"

    def test_a_status_she_chose_is_not_touched(self, session: Session) -> None:
        mei = agent(session, "mei", status=AgentStatus.offline)
        assert presence.do_check_gone(session, agent_id="mei", since=clock.now()) is False
        assert mei.status == "offline"


@pytest.mark.usefixtures("at_work")
class TestDoConnected:
    def test_reopening_the_workbench_ends_an_away_presence_set_and_takes_the_queue(
        self, session: Session
    ) -> None:
        mei = agent(session, "mei")
        presence.do_set_status(session, agent=mei, status=AgentStatus.away, auto=True)
        agent(session, "li", status=AgentStatus.busy)  # at work, takes no new chats
        waiting = new_session(session)
        assert waiting.status == SessionStatus.queued
        assert presence.do_connected(session, agent_id="mei", at=clock.now()) == "online"
        assert (waiting.agent_id, mei.last_seen_at) == ("mei", clock.now())

    def test_an_away_she_chose_stays(self, session: Session) -> None:
        mei = agent(session, "mei")
        presence.do_set_status(session, agent=mei, status=AgentStatus.away)
        assert presence.do_connected(session, agent_id="mei", at=clock.now()) == "away"


class TestDoSweepAbsent:
    def test_an_agent_no_process_has_seen_for_long_is_away_one_never_seen_is_not(
        self, session: Session
    ) -> None:
        with frozen_at(WORK_TIME) as frozen:
            mei, li = agent(session, "mei"), agent(session, "li")
            mei.last_seen_at = clock.now()
            session.flush()
            frozen.advance(dt.timedelta(seconds=get_settings().presence_grace_seconds + 5))
            assert presence.do_sweep_absent(session, now=clock.now()) == 0
            frozen.advance(dt.timedelta(seconds=20))
            assert presence.do_sweep_absent(session, now=clock.now()) == 1
            assert presence.do_sweep_absent(session, now=clock.now()) == 0  # idempotent
        assert (mei.status, mei.auto_away, li.status) == ("away", True, "online")


class TestDoReassignUnanswered:
    def test_a_chat_unanswered_past_the_limit_goes_to_a_free_colleague(
        self, session: Session
    ) -> None:
        with frozen_at(WORK_TIME) as frozen:
            named(session, "mei", "小美")
            waiting = new_session(session)
            named(session, "li", "小李")
            frozen.advance(dt.timedelta(seconds=59))
            assert presence.do_reassign_unanswered(session, now=clock.now()) == 0
            frozen.advance(dt.timedelta(seconds=2))
            assert presence.do_reassign_unanswered(session, now=clock.now()) == 1
            assert presence.do_reassign_unanswered(session, now=clock.now()) == 0
        assert waiting.agent_id == "li"
        assert system_texts(session, waiting)[-2:] == [
            SILENT,
            "您好，我是售前客服小李，很高兴为您服务～",
        ]

    def test_an_answered_chat_or_one_with_nobody_free_stays(self, session: Session) -> None:
        with frozen_at(WORK_TIME) as frozen:
            mei = agent(session, "mei")
            answered, alone = new_session(session), new_session(session)
            reply(session, mei, answered)
            shop.do_set(session, key="assign_reply_seconds", value=30)
            frozen.advance(dt.timedelta(seconds=31))
            assert presence.do_reassign_unanswered(session, now=clock.now()) == 0
        assert (answered.agent_id, alone.agent_id) == ("mei", "mei")


@pytest.mark.usefixtures("at_work")
class TestTransferNotice:
    def test_the_buyer_is_told_who_takes_over_and_she_introduces_herself(
        self, session: Session
    ) -> None:
        mei = named(session, "mei", "小美")
        named(session, "wang", "小王", group="售后组", role=Role.aftersale)
        chat_session = new_session(session)
        service.do_transfer(
            session,
            agent=mei,
            chat_session=chat_session,
            to_agent=None,
            to_group="售后组",
            reason="买家要退货",
        )
        assert system_texts(session, chat_session)[-2:] == [
            "已为您转接售后小王",
            "您好，我是售后客服小王，很高兴为您服务～",
        ]

    def test_an_agent_introduces_herself_once_per_session(self, session: Session) -> None:
        mei = named(session, "mei", "小美")
        chat_session = new_session(session)
        presence.do_set_status(session, agent=mei, status=AgentStatus.busy)
        service.do_agent_send(
            session, agent=mei, session_id=chat_session.id, client_id="x1", text="您好"
        )
        presence.do_set_status(session, agent=mei, status=AgentStatus.online)
        intros = [t for t in system_texts(session, chat_session) if t.startswith("您好，我是")]
        assert intros == ["您好，我是售前客服小美，很高兴为您服务～"]

    def test_an_empty_introduction_setting_sends_none(self, session: Session) -> None:
        shop.do_set(session, key="agent_intro", value="")
        agent(session, "mei")
        assert system_texts(session, new_session(session)) == []


@pytest.mark.usefixtures("at_work")
class TestProductOfTheSession:
    def test_the_page_product_is_kept_with_its_title_and_given_to_the_bot(
        self, session: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        session.add(Product(id="p004", title="加绒连帽卫衣"))
        seen: list[str | None] = []

        def answer(db: Session, **kwargs: Any) -> bot_service.BotAnswer:
            seen.append(kwargs["product_id"])
            return bot_service.BotAnswer("size_advice", 0.3, None, handoff=True)

        monkeypatch.setattr(bot_service, "enabled", lambda db: True)
        monkeypatch.setattr(bot_service, "answer", answer)
        agent(session, "mei")
        chat_session = new_session(session, "这件L码有吗", product_id="p004")
        assert (chat_session.product_id, chat_session.product_title) == ("p004", "加绒连帽卫衣")
        assert seen == ["p004"]

    def test_an_unknown_product_is_ignored(self, session: Session) -> None:
        agent(session, "mei")
        chat_session = new_session(session, product_id="nope")
        assert (chat_session.product_id, chat_session.status) == (None, SessionStatus.assigned)
