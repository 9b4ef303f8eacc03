"""Care and return-visit campaigns: opt-out, the per-customer limit, quiet hours
with a controllable clock, and a preview that equals what is then sent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.care import service as care
from kefu.crm import segments
from kefu.kit.errors import BadInput, Conflict
from kefu.models import Agent, Campaign, CareSend, ChatSession, Customer, Message, Order, Task
from kefu.models.team import Role
from kefu.shop import service as shop
from tests.chat_helpers import frozen_at
from tests.factories import add_agent

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
NOON = dt.datetime(2026, 11, 20, 12, 0, tzinfo=SHANGHAI)


@pytest.fixture
def boss(session: Session) -> Agent:
    return add_agent(session, "boss", Role.supervisor)


def customer(session: Session, customer_id: str, **fields: object) -> Customer:
    fields = {"vip_level": 0, "marketing_opt_out": False, "nick": f"nick_{customer_id}", **fields}
    row = Customer(id=customer_id, **fields)
    session.add(row)
    session.flush()
    return row


@pytest.fixture
def vip_shop(session: Session, boss: Agent) -> str:
    """Four VIPs: c1 chatting now, c2 reachable by email, c3 opted out, c4 unreachable."""
    customer(session, "c1", tags=["VIP"])
    customer(session, "c2", tags=["VIP"], email="c2@example.com")
    customer(session, "c3", tags=["VIP"], email="c3@example.com", marketing_opt_out=True)
    customer(session, "c4", tags=["VIP"])
    session.add(
        ChatSession(
            id="s1",
            customer_id="c1",
            channel="web",
            opened_at=NOON,
            status="assigned",
            last_seq=0,
            agent_read_seq=0,
        )
    )
    session.flush()
    segment = segments.do_save(
        session,
        name="VIP",
        rules={"rules": [{"field": "tag", "op": "has", "value": "VIP"}]},
        author=boss,
    )
    return segment.id


def holiday(
    session: Session,
    boss: Agent,
    segment_id: str,
    action: str = "message",
    *,
    name: str = "冬至问候",
    template: str = "{买家昵称}，{店铺名}祝您冬至快乐！",
) -> Campaign:
    data = care.CampaignIn(
        name=name, kind="holiday", action=action, template=template, segment_id=segment_id
    )
    return care.do_create(session, data=data, author=boss)


class TestRun:
    def test_preview_equals_what_is_sent(
        self, session: Session, boss: Agent, vip_shop: str
    ) -> None:
        campaign = holiday(session, boss, vip_shop)
        preview = care.preview(session, campaign=campaign, now=NOON)
        sent = care.do_run(session, campaign=campaign, author=boss, now=NOON)
        assert preview == sent
        rows = session.scalars(select(CareSend).order_by(CareSend.customer_id)).all()
        assert [(r.customer_id, r.channel, r.status, r.text) for r in rows] == [
            (s.customer_id, s.channel, "sent" if s.channel == "chat" else "queued", s.text)
            for s in preview.sends
        ]
        assert [(s.customer_id, s.channel) for s in preview.sends] == [
            ("c1", "chat"),
            ("c2", "email"),
        ]
        assert dict(preview.skipped) == {"c3": "opted_out", "c4": "no_channel"}
        chat = session.scalars(select(Message).where(Message.session_id == "s1")).one()
        assert (chat.sender, chat.text) == ("system", "nick_c1，小店祝您冬至快乐！")

    def test_never_an_opted_out_customer(
        self, session: Session, boss: Agent, vip_shop: str
    ) -> None:
        care.do_run(session, campaign=holiday(session, boss, vip_shop), author=boss, now=NOON)
        assert "c3" not in {r.customer_id for r in session.scalars(select(CareSend))}

    def test_never_twice_within_the_limit(
        self, session: Session, boss: Agent, vip_shop: str
    ) -> None:
        care.do_run(session, campaign=holiday(session, boss, vip_shop), author=boss, now=NOON)
        second = holiday(session, boss, vip_shop, name="降温提醒", template="天冷加衣")
        six_days = care.do_run(
            session, campaign=second, author=boss, now=NOON + dt.timedelta(days=6)
        )
        assert six_days.sends == [] and dict(six_days.skipped)["c1"] == "limit"
        eight_days = care.do_run(
            session, campaign=second, author=boss, now=NOON + dt.timedelta(days=8)
        )
        assert [s.customer_id for s in eight_days.sends] == ["c1", "c2"]

    def test_the_limit_follows_the_shop_setting(
        self, session: Session, boss: Agent, vip_shop: str
    ) -> None:
        shop.do_set(session, key="care_limit_count", value=2)
        care.do_run(session, campaign=holiday(session, boss, vip_shop), author=boss, now=NOON)
        again = holiday(session, boss, vip_shop, name="再问候", template="您好")
        assert (
            len(
                care.do_run(
                    session, campaign=again, author=boss, now=NOON + dt.timedelta(hours=1)
                ).sends
            )
            == 2
        )

    def test_the_same_occasion_is_sent_once(
        self, session: Session, boss: Agent, vip_shop: str
    ) -> None:
        shop.do_set(session, key="care_limit_count", value=10)
        campaign = holiday(session, boss, vip_shop)
        care.do_run(session, campaign=campaign, author=boss, now=NOON)
        again = care.do_run(
            session, campaign=campaign, author=boss, now=NOON + dt.timedelta(hours=2)
        )
        assert again.sends == [] and dict(again.skipped)["c1"] == "already"

    @pytest.mark.parametrize(
        "local", [dt.time(21, 0), dt.time(23, 30), dt.time(0, 10), dt.time(8, 59)]
    )
    def test_never_in_quiet_hours(
        self, session: Session, boss: Agent, vip_shop: str, local: dt.time
    ) -> None:
        campaign = holiday(session, boss, vip_shop)
        at = dt.datetime.combine(NOON.date(), local, tzinfo=SHANGHAI)
        with frozen_at(at), pytest.raises(Conflict) as caught:
            care.do_run(session, campaign=campaign, author=boss)
        assert caught.value.code == "quiet_hours"
        assert session.scalars(select(CareSend)).all() == []
        with frozen_at(dt.datetime.combine(NOON.date(), dt.time(9, 0), tzinfo=SHANGHAI)):
            assert len(care.do_run(session, campaign=campaign, author=boss).sends) == 2

    def test_call_tasks_in_quiet_hours_are_due_when_they_end(
        self, session: Session, boss: Agent, vip_shop: str
    ) -> None:
        campaign = holiday(session, boss, vip_shop, action="call_task")
        late = dt.datetime(2026, 11, 20, 22, 0, tzinfo=SHANGHAI)
        plan = care.do_run(session, campaign=campaign, author=boss, now=late)
        assert {s.customer_id for s in plan.sends} == {"c1", "c2", "c4"}
        tasks = session.scalars(select(Task).where(Task.kind == "care")).all()
        assert {t.due_at for t in tasks} == {dt.datetime(2026, 11, 21, 9, 0, tzinfo=SHANGHAI)}


class TestCandidates:
    def test_return_visits_n_days_after_delivery(self, session: Session, boss: Agent) -> None:
        customer(session, "c1", email="c1@example.com")
        customer(session, "c2", email="c2@example.com")
        for order_id, who, delivered in (
            (
                "o1",
                "c1",
                dt.datetime(2026, 11, 13, 15, 0, tzinfo=SHANGHAI),
            ),  # 7 days before the 20th
            ("o2", "c2", dt.datetime(2026, 11, 14, 0, 30, tzinfo=SHANGHAI)),  # 6 days
        ):
            session.add(
                Order(
                    id=order_id,
                    customer_id=who,
                    status="delivered",
                    amount=Decimal("10.00"),
                    cod=False,
                    created_at=delivered - dt.timedelta(days=3),
                    delivered_at=delivered,
                )
            )
        session.flush()
        campaign = care.do_create(
            session,
            data=care.CampaignIn(
                name="7天回访",
                kind="return_visit",
                action="message",
                template="订单{订单号}用得还好吗？",
                days_after=7,
            ),
            author=boss,
        )
        plan = care.preview(session, campaign=campaign, now=NOON)
        assert [(s.customer_id, s.text) for s in plan.sends] == [("c1", "订单o1用得还好吗？")]

    def test_weather_warnings_reach_the_region(self, session: Session, boss: Agent) -> None:
        for customer_id, province in (("c1", "浙江省"), ("c2", "广东省")):
            customer(session, customer_id, email=f"{customer_id}@example.com")
            session.add(
                Order(
                    id=f"o-{customer_id}",
                    customer_id=customer_id,
                    status="delivered",
                    amount=Decimal("10.00"),
                    cod=False,
                    created_at=NOON,
                    province=province,
                )
            )
        session.flush()
        campaign = care.do_create(
            session,
            data=care.CampaignIn(
                name="台风提醒",
                kind="weather",
                action="message",
                template="{地区}有台风，注意安全",
                region="广东",
            ),
            author=boss,
        )
        plan = care.preview(session, campaign=campaign, now=NOON)
        assert [(s.customer_id, s.text) for s in plan.sends] == [("c2", "广东有台风，注意安全")]

    def test_bad_campaigns_are_refused(self, session: Session, boss: Agent) -> None:
        with pytest.raises(BadInput):
            care.do_create(
                session,
                data=care.CampaignIn(name="x", kind="holiday", action="message", template="hi"),
                author=boss,
            )
        with pytest.raises(BadInput):
            care.do_create(
                session,
                data=care.CampaignIn(
                    name="x", kind="weather", action="message", template="{天气}", region="浙江"
                ),
                author=boss,
            )


class TestEmail:
    def test_queued_care_mail_goes_through_a_real_relay(
        self, session: Session, boss: Agent, vip_shop: str, relay: tuple[object, int]
    ) -> None:
        from kefu.care import tasks

        sink, port = relay
        care.do_run(session, campaign=holiday(session, boss, vip_shop), author=boss, now=NOON)
        sent = tasks.do_send_queued_emails(
            session, relay=f"127.0.0.1:{port}", from_address="kefu@shop.example"
        )
        assert sent == 1
        mails = sink.wait_for(1)  # type: ignore[attr-defined]
        assert mails[0]["To"] == "c2@example.com"
        assert "nick_c2，小店祝您冬至快乐！" in mails[0].get_content()
        row = session.scalars(select(CareSend).where(CareSend.channel == "email")).one()
        assert row.status == "sent" and row.result == mails[0]["Message-ID"]

    def test_a_relay_that_is_down_marks_the_send_failed(
        self, session: Session, boss: Agent, vip_shop: str
    ) -> None:
        from kefu.care import tasks
        from tests.live import free_port

        care.do_run(session, campaign=holiday(session, boss, vip_shop), author=boss, now=NOON)
        assert (
            tasks.do_send_queued_emails(
                session, relay=f"127.0.0.1:{free_port()}", from_address="k@s.example"
            )
            == 0
        )
        row = session.scalars(select(CareSend).where(CareSend.channel == "email")).one()
        assert row.status == "failed" and row.result
