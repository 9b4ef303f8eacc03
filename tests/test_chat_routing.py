"""Routing (分流), queues, transfers and offline messages, against a real database.

Rules: issue "Live chat" §4–5; transfer reasons are rule S06 of shared/spec/qc-rules.md,
the greeting rule S01; deadlines from shared/spec/service-standard.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import count

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.chat import presence, queries, routing, service
from kefu.kit import clock
from kefu.kit.errors import BadInput, Conflict
from kefu.models import Agent, ChatSession, Handoff, Message, Task, Transfer
from kefu.models.chat import SessionStatus
from kefu.models.team import AgentStatus, Role
from tests.chat_helpers import WORK_TIME, agent, buyer, frozen_at

ids = count(1)


@pytest.fixture
def at_work() -> Iterator[clock.FrozenClock]:
    with frozen_at(WORK_TIME) as frozen:
        yield frozen


def new_session(db: Session, text: str = "在吗，这件有L码吗") -> ChatSession:
    sent = service.do_buyer_send(db, customer_id=buyer(db), client_id=f"c{next(ids)}", text=text)
    chat_session = db.get(ChatSession, sent.session_id)
    assert chat_session is not None
    return chat_session


@pytest.mark.usefixtures("at_work")
class TestRoute:
    def test_lowest_load_wins(self, session: Session) -> None:
        busy, idle = agent(session, "busy"), agent(session, "idle")
        first = new_session(session)
        assert first.agent_id == busy.id  # equal load (0): the tie goes to the first id
        assert new_session(session).agent_id == idle.id
        assert new_session(session).agent_id == busy.id

    def test_capacity_is_respected_and_the_rest_queue(self, session: Session) -> None:
        agent(session, "mei", max_concurrent=1)
        served, waiting = new_session(session), new_session(session)
        assert served.status == SessionStatus.assigned
        assert waiting.status == SessionStatus.queued and waiting.agent_id is None
        assert queries.queue_position(session, chat_session=waiting) == 1

    def test_queue_is_first_come_first_served(
        self, session: Session, at_work: clock.FrozenClock
    ) -> None:
        agent(session, "mei", max_concurrent=1)
        served = new_session(session)
        queued = []
        for _ in range(3):
            at_work.advance(dt.timedelta(seconds=5))
            queued.append(new_session(session))
        assert [queries.queue_position(session, chat_session=s) for s in queued] == [1, 2, 3]
        service.do_close(session, chat_session=served)
        assert [s.status for s in queued] == [
            SessionStatus.assigned,
            SessionStatus.queued,
            SessionStatus.queued,
        ]
        assert queries.queue_position(session, chat_session=queued[2]) == 2

    def test_agent_coming_online_takes_the_queue(self, session: Session) -> None:
        mei = agent(session, "mei", status=AgentStatus.busy)
        waiting = new_session(session)
        assert waiting.status == SessionStatus.queued  # busy: at work, takes no new chats
        presence.do_set_status(session, agent=mei, status=AgentStatus.online)
        assert (waiting.status, waiting.agent_id) == (SessionStatus.assigned, "mei")

    def test_after_sale_words_go_to_the_after_sale_group(self, session: Session) -> None:
        agent(session, "mei")
        wang = agent(session, "wang", group="售后组", role=Role.aftersale)
        chat_session = new_session(session, "我的快递怎么还没到，订单号 2026****1234")
        assert (chat_session.group_id, chat_session.agent_id) == ("售后组", wang.id)
        assert new_session(session, "这款卫衣起球吗").group_id == "售前组"

    def test_greeted_at_once_and_handed_to_people(self, session: Session) -> None:
        agent(session, "mei")
        chat_session = new_session(session)
        messages = session.scalars(
            select(Message).where(Message.session_id == chat_session.id).order_by(Message.seq)
        ).all()
        assert [(m.seq, m.sender) for m in messages] == [(1, "buyer"), (2, "bot"), (3, "system")]
        assert (messages[1].at - messages[0].at) < dt.timedelta(seconds=5)  # rule S01
        assert (
            messages[2].text == "您好，我是售前客服mei，很高兴为您服务～"
        )  # she introduces herself
        assert (
            session.scalar(select(Handoff.reason).where(Handoff.session_id == chat_session.id))
            == "rule"
        )


class TestOffline:
    def test_night_message_is_due_at_ten_the_next_morning(self, session: Session) -> None:
        agent(session, "mei")
        with frozen_at(
            dt.datetime(2026, 11, 10, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
        ):
            chat_session = new_session(session)
        task = session.scalar(select(Task).where(Task.session_id == chat_session.id))
        assert chat_session.status == SessionStatus.offline
        assert task is not None and task.kind == "offline_message"
        assert task.due_at == dt.datetime(2026, 11, 11, 2, 0, tzinfo=dt.UTC)  # 10:00 +08:00
        replies = session.scalars(
            select(Message.text).where(
                Message.session_id == chat_session.id, Message.sender == "bot"
            )
        ).all()
        assert any("11月11日 10:00" in text for text in replies)

    def test_early_morning_message_is_due_at_ten_the_same_day(self, session: Session) -> None:
        with frozen_at(dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))):
            chat_session = new_session(session)
        task = session.scalar(select(Task).where(Task.session_id == chat_session.id))
        assert task is not None and task.due_at == dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC)

    def test_nobody_at_work_in_hours_is_due_within_the_hour(self, session: Session) -> None:
        agent(session, "mei", status=AgentStatus.offline)
        with frozen_at(WORK_TIME):
            chat_session = new_session(session)
            task = session.scalar(select(Task).where(Task.session_id == chat_session.id))
            assert task is not None and task.due_at == clock.now() + dt.timedelta(hours=1)

    def test_answering_the_offline_message_finishes_its_task(self, session: Session) -> None:
        mei = agent(session, "mei", status=AgentStatus.offline)
        with frozen_at(WORK_TIME):
            chat_session = new_session(session)
            service.do_agent_send(
                session,
                agent=mei,
                session_id=chat_session.id,
                client_id="r1",
                text="您好，刚看到您的留言",
            )
        task = session.scalar(select(Task).where(Task.session_id == chat_session.id))
        assert task is not None and task.status == "done"
        assert (chat_session.status, chat_session.agent_id) == (SessionStatus.assigned, "mei")

    def test_offline_due_is_computed_in_the_shop_zone(self, session: Session) -> None:
        late = dt.datetime(2026, 11, 10, 22, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
        # 22:30 + 1 h would be after closing (23:00): due 10:00 the next day instead.
        assert routing.offline_due(session, late) == dt.datetime(
            2026, 11, 11, 10, 0, tzinfo=late.tzinfo
        )


def transfer(
    db: Session,
    by: Agent,
    chat_session: ChatSession,
    reason: str,
    *,
    to_agent: str | None = None,
    to_group: str | None = None,
) -> Transfer:
    return service.do_transfer(
        db, agent=by, chat_session=chat_session, to_agent=to_agent, to_group=to_group, reason=reason
    )


@pytest.mark.usefixtures("at_work")
class TestDoTransfer:
    def test_a_transfer_needs_a_reason(self, session: Session) -> None:
        mei, _ = agent(session, "mei"), agent(session, "li", status=AgentStatus.busy)
        chat_session = new_session(session)
        with pytest.raises(BadInput) as caught:
            transfer(session, mei, chat_session, "  ", to_agent="li")
        assert caught.value.code == "transfer_reason_required"
        assert chat_session.agent_id == "mei"

    def test_transfer_to_a_group_records_who_and_why(self, session: Session) -> None:
        mei = agent(session, "mei")
        agent(session, "wang", group="售后组", role=Role.aftersale)
        chat_session = new_session(session)
        recorded = transfer(session, mei, chat_session, "买家要退货", to_group="售后组")
        assert (recorded.from_agent_id, recorded.to_agent_id, recorded.reason) == (
            "mei",
            "wang",
            "买家要退货",
        )
        assert (chat_session.agent_id, chat_session.group_id) == ("wang", "售后组")

    def test_transfer_to_a_full_colleague_is_refused(self, session: Session) -> None:
        mei = agent(session, "mei")
        agent(session, "li", max_concurrent=0)
        chat_session = new_session(session)
        with pytest.raises(Conflict) as caught:
            transfer(session, mei, chat_session, "换人", to_agent="li")
        assert caught.value.code == "agent_at_capacity"

    def test_only_the_serving_agent_may_transfer(self, session: Session) -> None:
        agent(session, "mei")
        li = agent(session, "li", max_concurrent=0)
        chat_session = new_session(session)
        with pytest.raises(Exception) as caught:
            transfer(session, li, chat_session, "x", to_agent="mei")
        assert getattr(caught.value, "code", None) == "not_your_session"
