"""The rota decides routing, the offline reply and duty tasks (issue 15, acceptance 1 and 2).

A week in Shanghai: 晚班 16:00–24:00 (eve), 夜班 22:00–06:00 (night), 早班 08:00–16:00
(day). Times are written in the shop's zone; deadlines are absolute ``due_at``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.aftersale import jobs as aftersale_jobs
from kefu.chat import service as chat_service
from kefu.chat import shop_info
from kefu.models import Agent, ChatSession, Complaint, Customer, Message, Order, Refund, Task
from kefu.models.chat import Sender, SessionStatus
from kefu.models.shift import DutyKind
from kefu.order import jobs as order_jobs
from kefu.shift import coverage, service
from kefu.shop import service as shop
from tests.chat_helpers import agent, buyer, frozen_at

SH = ZoneInfo("Asia/Shanghai")
ids = count(1)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in December 2026 (the 1st is a Tuesday) in Shanghai."""
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=SH)


def template(session: Session, name: str) -> str:
    return next(row.id for row in service.templates(session) if row.name == name)


@pytest.fixture
def rota(session: Session) -> dict[str, str]:
    """eve 晚班 and night 夜班 on the 1st; day 早班 on the 2nd and 4th."""
    people = {login: agent(session, login) for login in ("eve", "night", "day", "boss")}
    boss = people["boss"]
    boss.role = "supervisor"
    plan = [("eve", 1, "晚班"), ("night", 1, "夜班"), ("day", 2, "早班"), ("day", 4, "早班")]
    for login, day, shift in plan:
        service.do_set_shift(
            session,
            actor=boss,
            agent_id=people[login].id,
            day=dt.date(2026, 12, day),
            template_id=template(session, shift),
        )
    return {login: row.id for login, row in people.items()}


def chat_at(session: Session, moment: dt.datetime) -> ChatSession:
    with frozen_at(moment):
        sent = chat_service.do_buyer_send(
            session, customer_id=buyer(session), client_id=f"c{next(ids)}", text="在吗"
        )
    chat = session.get(ChatSession, sent.session_id)
    assert chat is not None
    return chat


class TestStaffing:
    def test_no_rota_no_holiday_leaves_the_working_hours_in_charge(self, session: Session) -> None:
        assert coverage.chat_staffing(session, at=at(1, 10)) is None

    def test_a_rota_of_people_in_no_chat_group_leaves_chats_alone(self, session: Session) -> None:
        boss, line = agent(session, "boss", group=None), agent(session, "line", group="热线组")
        boss.role = "supervisor"
        service.do_set_shift(
            session,
            actor=boss,
            agent_id=line.id,
            day=dt.date(2026, 12, 1),
            template_id=template(session, "早班"),
        )
        assert coverage.chat_staffing(session, at=at(1, 10)) is None
        hotline = coverage.staffing(session, at=at(1, 10), group_ids=["热线组"])
        assert hotline is not None and hotline.agent_ids == {line.id}

    def test_the_night_shift_runs_past_midnight(
        self, session: Session, rota: dict[str, str]
    ) -> None:
        before, after = (
            coverage.chat_staffing(session, at=at(1, 23, 59)),
            coverage.chat_staffing(session, at=at(2, 1, 30)),
        )
        assert before is not None and before.agent_ids == {rota["eve"], rota["night"]}
        assert after is not None and after.agent_ids == {rota["night"]}

    def test_a_shop_that_does_not_route_by_its_rota_keeps_to_its_hours(
        self, session: Session, rota: dict[str, str]
    ) -> None:
        shop.do_set(session, key="rota_routing", value=False)
        assert coverage.chat_staffing(session, at=at(2, 7)) is None
        chat = chat_at(session, at(2, 1, 30))  # night is on shift, but 09:00–23:00 is closed
        assert chat.status == SessionStatus.offline
        shop.do_set(session, key="holidays", value=[{"date": "2026-12-02", "note": "店休"}])
        closed = coverage.chat_staffing(session, at=at(2, 10))
        assert closed is not None and not closed.open  # holidays still close the shop

    def test_nobody_on_shift_at_seven_opens_at_eight(
        self, session: Session, rota: dict[str, str]
    ) -> None:
        seven = coverage.chat_staffing(session, at=at(2, 7))
        assert seven is not None and not seven.open and seven.next_opening == at(2, 8)


class TestRouting:
    def test_a_buyer_at_half_past_one_goes_to_the_night_agent(
        self, session: Session, rota: dict[str, str]
    ) -> None:
        chat = chat_at(session, at(2, 1, 30))
        assert (chat.status, chat.agent_id) == (SessionStatus.assigned, rota["night"])

    def test_at_seven_the_buyer_is_told_the_next_opening(
        self, session: Session, rota: dict[str, str]
    ) -> None:
        chat = chat_at(session, at(2, 7))
        assert chat.status == SessionStatus.offline
        replies = session.scalars(
            select(Message.text).where(Message.session_id == chat.id, Message.sender == Sender.bot)
        ).all()
        assert any("客服将于 12月02日 08:00 上线" in text for text in replies), replies
        task = session.scalar(select(Task).where(Task.session_id == chat.id))
        assert task is not None and task.due_at == at(2, 10)  # offline_reply_by, that day

    def test_a_closed_holiday_sends_the_night_buyer_to_the_next_open_day(
        self, session: Session, rota: dict[str, str]
    ) -> None:
        shop.do_set(session, key="holidays", value=[{"date": "2026-12-02", "note": "店休"}])
        chat = chat_at(session, at(2, 1, 30))
        assert chat.status == SessionStatus.offline and chat.agent_id is None
        with frozen_at(at(2, 1, 30)):
            info = shop_info.shop_info(session, now=at(2, 1, 30))
        assert info.open_now is False and info.next_open_at == at(4, 8)

    def test_holiday_hours_open_without_a_rota(self, session: Session) -> None:
        agent(session, "mei")
        shop.do_set(session, key="holidays", value=[{"date": "2026-12-05", "hours": "10:00-14:00"}])
        assert chat_at(session, at(5, 9)).status == SessionStatus.offline
        assert chat_at(session, at(5, 11)).status == SessionStatus.assigned


def refund(session: Session, refund_id: str, requested_at: dt.datetime) -> Refund:
    if session.get(Customer, "c1") is None:
        session.add(Customer(id="c1", vip_level=0, marketing_opt_out=False))
    order = Order(
        id=f"o-{refund_id}", customer_id="c1", status="paid", amount=Decimal("99.00"), cod=False
    )
    order.created_at = requested_at - dt.timedelta(days=2)
    session.add(order)
    session.flush()
    row = Refund(
        id=refund_id,
        order_id=order.id,
        kind="refund_only",
        status="requested",
        requested_at=requested_at,
        amount=Decimal("99.00"),
    )
    session.add(row)
    session.flush()
    return row


class TestNightRefundReview:
    def test_a_refund_at_twenty_to_midnight_is_due_to_the_night_reviewer(
        self, session: Session, rota: dict[str, str]
    ) -> None:
        rev, rev2 = agent(session, "rev"), agent(session, "rev2")
        boss = _boss(session, rota)
        for day, holder in ((1, rev), (2, rev2)):
            service.do_set_duty(
                session,
                actor=boss,
                day=dt.date(2026, 12, day),
                kind=DutyKind.night_refund_review,
                agent_id=holder.id,
            )
        refund(session, "r-day", at(1, 15))  # in working hours: the usual way
        refund(session, "r-late", at(1, 23, 40))
        refund(session, "r-after-midnight", at(2, 0, 30))  # still the 1st's night duty
        aftersale_jobs.night_refund_reviews(session, now=at(2, 1))
        tasks = session.scalars(select(Task).where(Task.kind == "refund_review")).all()
        assert sorted((t.payload["refund_id"], t.assignee_id, t.due_at) for t in tasks) == [
            ("r-after-midnight", rev.id, at(2, 9)),
            ("r-late", rev.id, at(2, 9)),
        ]

    def test_no_night_duty_no_task(self, session: Session) -> None:
        refund(session, "r-late", at(1, 23, 40))
        assert aftersale_jobs.night_refund_reviews(session, now=at(2, 1)) == 0


def unpaid(session: Session, order_id: str, customer_id: str, created: dt.datetime) -> None:
    if session.get(Customer, customer_id) is None:
        session.add(Customer(id=customer_id, vip_level=0, marketing_opt_out=False))
    session.add(
        Order(
            id=order_id,
            customer_id=customer_id,
            status="unpaid",
            amount=Decimal("50.00"),
            cod=False,
            created_at=created,
        )
    )
    session.flush()


def reminders(session: Session) -> list[Task]:
    query = select(Task).where(Task.kind == "payment_reminder").order_by(Task.due_at)
    return list(session.scalars(query))


class TestPaymentReminderDuty:
    def test_todays_agent_gets_one_task_for_a_buyer_with_three_orders(
        self, session: Session, rota: dict[str, str]
    ) -> None:
        cui = agent(session, "cui")
        service.do_set_duty(
            session,
            actor=_boss(session, rota),
            day=dt.date(2026, 12, 1),
            kind=DutyKind.payment_reminder,
            agent_id=cui.id,
        )
        for n in range(3):
            unpaid(session, f"o{n}", "buyer-1", at(1, 0, n))  # reminders due from 12:00 on the 1st
        unpaid(session, "o-other", "buyer-2", at(1, 1))
        order_jobs.payment_reminders(session, now=at(1, 14))
        order_jobs.payment_reminders(session, now=at(1, 15))  # runs again: still one each
        rows = reminders(session)
        assert [(t.customer_id, t.assignee_id, t.payload) for t in rows] == [
            ("buyer-1", cui.id, {"order_ids": ["o0", "o1", "o2"]}),
            ("buyer-2", cui.id, {"order_ids": ["o-other"]}),
        ]
        assert rows[0].due_at == at(1, 14)  # 12 h after the first order, plus two

    def test_a_rotation_spreads_a_week_over_the_named_agents(
        self, session: Session, rota: dict[str, str]
    ) -> None:
        names = [agent(session, login).id for login in ("a", "b", "c")]
        service.do_set_rotation(
            session,
            actor=_boss(session, rota),
            kind=DutyKind.payment_reminder,
            agent_ids=names,
            starts_on=dt.date(2026, 11, 30),
        )
        for day in range(7):  # one buyer's order a day, Monday the 30th to Sunday the 6th
            created = at(1, 0) + dt.timedelta(days=day - 1)
            unpaid(session, f"o{day}", f"buyer-{day}", created)
        order_jobs.payment_reminders(session, now=at(7, 12))
        assert [t.assignee_id for t in reminders(session)] == [*names, *names, names[0]]


def _boss(session: Session, rota: dict[str, str]) -> Agent:
    return session.get_one(Agent, rota["boss"])


class TestOnCall:
    def test_an_escalation_after_hours_goes_to_the_on_call_person(
        self, session: Session, rota: dict[str, str]
    ) -> None:
        oncall = agent(session, "oncall")
        service.do_set_duty(
            session,
            actor=_boss(session, rota),
            day=dt.date(2026, 12, 1),
            kind=DutyKind.on_call,
            agent_id=oncall.id,
        )
        session.add(Customer(id="c9", vip_level=0, marketing_opt_out=False))
        session.flush()
        for key, promised in (("k-day", at(1, 15)), ("k-night", at(1, 23, 30))):
            session.add(
                Complaint(
                    id=key,
                    customer_id="c9",
                    category="quality",
                    opened_at=at(1, 9),
                    promised_by=promised,
                )
            )
        session.flush()
        aftersale_jobs.complaint_deadlines(session, now=at(1, 16))
        aftersale_jobs.complaint_deadlines(session, now=at(1, 23, 45))
        query = select(Task).where(Task.kind == "complaint_escalation").order_by(Task.due_at)
        assert [(t.dedupe_key, t.assignee_id) for t in session.scalars(query)] == [
            ("complaint-escalate:k-day", None),  # in working hours: the supervisor's list
            ("complaint-escalate:k-night", oncall.id),
        ]
