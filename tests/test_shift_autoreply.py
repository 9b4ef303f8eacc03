"""Presence auto-reply (issue 15): 忙碌/离开 sends the agent's own text to a buyer who writes
to her, once per chat while she stays so; her status comes from the status log."""

from __future__ import annotations

import datetime as dt
from itertools import count

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.chat import presence
from kefu.chat import service as chat_service
from kefu.models import ChatSession, Message
from kefu.models.chat import Sender
from kefu.models.team import AgentStatus
from kefu.shift import autoreply
from tests.chat_helpers import WORK_TIME, agent, buyer, frozen_at
from tests.factories import add_two_teams, login

ids = count(1)
AWAY_TEXT = "我在处理售后单，稍后回复您，急事请留言～"


def write(session: Session, customer_id: str, text: str) -> ChatSession:
    sent = chat_service.do_buyer_send(
        session, customer_id=customer_id, client_id=f"c{next(ids)}", text=text
    )
    chat = session.get(ChatSession, sent.session_id)
    assert chat is not None
    return chat


def bot_texts(session: Session, chat: ChatSession) -> list[str]:
    query = select(Message.text).where(Message.session_id == chat.id, Message.sender == Sender.bot)
    return [text for text in session.scalars(query.order_by(Message.seq)) if text == AWAY_TEXT]


class TestAwayReply:
    def test_once_per_chat_while_busy_and_again_after_a_new_busy_spell(
        self, session: Session
    ) -> None:
        with frozen_at(WORK_TIME) as clock:
            mei = agent(session, "mei")
            autoreply.do_set(session, agent=mei, text=AWAY_TEXT)
            customer = buyer(session)
            chat = write(session, customer, "在吗")
            assert chat.agent_id == mei.id and bot_texts(session, chat) == []
            presence.do_set_status(session, agent=mei, status=AgentStatus.busy)
            write(session, customer, "这件有L码吗")
            write(session, customer, "还在吗")
            assert bot_texts(session, chat) == [AWAY_TEXT]
            clock.advance(dt.timedelta(minutes=5))
            presence.do_set_status(session, agent=mei, status=AgentStatus.online)
            write(session, customer, "好的")
            assert bot_texts(session, chat) == [AWAY_TEXT]
            clock.advance(dt.timedelta(minutes=5))
            presence.do_set_status(session, agent=mei, status=AgentStatus.busy)
            write(session, customer, "发什么快递")
            assert bot_texts(session, chat) == [AWAY_TEXT, AWAY_TEXT]

    def test_nothing_without_her_text(self, session: Session) -> None:
        with frozen_at(WORK_TIME):
            mei = agent(session, "mei")
            customer = buyer(session)
            chat = write(session, customer, "在吗")
            presence.do_set_status(session, agent=mei, status=AgentStatus.busy)
            write(session, customer, "在吗？")
            assert bot_texts(session, chat) == []


@pytest.mark.usefixtures("session")
def test_she_sets_her_own_text_over_the_api(client: TestClient, session: Session) -> None:
    add_two_teams(session)
    csrf = {"X-CSRF-Token": login(client, "amei")}
    put = client.put("/api/v1/shifts/auto-reply", json={"text": AWAY_TEXT}, headers=csrf)
    assert put.json() == {"text": AWAY_TEXT}
    assert client.get("/api/v1/shifts/auto-reply").json() == {"text": AWAY_TEXT}
    client.cookies.clear()
    login(client, "alan")
    assert client.get("/api/v1/shifts/auto-reply").json() == {"text": ""}
