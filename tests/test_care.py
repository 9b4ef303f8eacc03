"""Care and return-visit campaigns: opt-out, the per-customer limit, quiet hours
with a controllable clock, and a preview that equals what is then sent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kefu.care import lists
from kefu.care import service as care
from kefu.crm import segments
from kefu.kit.errors import BadInput, Conflict
from kefu.kit.paging import PageParams
from kefu.models import Agent, Campaign, CareSend, ChatSession, Customer, Message, Order, Task
from kefu.models.team import Role
from kefu.shop import service as shop
from tests.chat_helpers import frozen_at
from tests.factories import add_agent, login

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
        self,
        session: Session,
        session_factory: sessionmaker[Session],
        boss: Agent,
        vip_shop: str,
        relay: tuple[object, int],
    ) -> None:
        from kefu.care import jobs
        from kefu.mailing.jobs import deliver_due

        sink, port = relay
        care.do_run(session, campaign=holiday(session, boss, vip_shop), author=boss, now=NOON)
        assert jobs.do_queue_emails(session, from_address="kefu@shop.example") == 1
        assert deliver_due(session_factory, relay=f"127.0.0.1:{port}") == {"sent": 1}
        mails = sink.wait_for(1)  # type: ignore[attr-defined]
        assert mails[0]["To"] == "c2@example.com"
        assert "nick_c2，小店祝您冬至快乐！" in mails[0].get_content()
        row = session.scalars(select(CareSend).where(CareSend.channel == "email")).one()
        assert row.status == "sent" and row.result == mails[0]["Message-ID"]

    def test_a_relay_that_is_down_keeps_the_mail_for_a_retry(
        self, session: Session, session_factory: sessionmaker[Session], boss: Agent, vip_shop: str
    ) -> None:
        from kefu.care import jobs
        from kefu.mailing import service as mailing
        from kefu.mailing.jobs import deliver_due
        from tests.live import free_port

        care.do_run(session, campaign=holiday(session, boss, vip_shop), author=boss, now=NOON)
        jobs.do_queue_emails(session, from_address="k@s.example")
        assert deliver_due(session_factory, relay=f"127.0.0.1:{free_port()}") == {"pending": 1}
        [mail] = mailing.mails_for(session, key_prefix="care:")
        session.refresh(mail)
        assert (mail.status, mail.attempts) == ("pending", 1) and mail.last_error

    def test_a_refused_care_mail_is_marked_failed_with_the_reason(
        self, session: Session, boss: Agent, vip_shop: str
    ) -> None:
        from kefu.care import jobs
        from kefu.kit import clock
        from kefu.kit.mail import Outcome
        from kefu.mailing import service as mailing

        care.do_run(session, campaign=holiday(session, boss, vip_shop), author=boss, now=NOON)
        jobs.do_queue_emails(session, from_address="k@s.example")
        now = clock.now()
        [claimed] = mailing.do_claim_due(session, now=now + dt.timedelta(seconds=1))
        refused = Outcome(sent=False, permanent=True, reason="550 no such user")
        mailing.do_record(session, mail_id=claimed.id, outcome=refused, now=now)
        assert jobs.do_note_undelivered(session, since=now - dt.timedelta(hours=1)) == 1
        row = session.scalars(select(CareSend).where(CareSend.channel == "email")).one()
        assert (row.status, row.result) == ("failed", "550 no such user")
        assert jobs.do_note_undelivered(session, since=now - dt.timedelta(hours=1)) == 0


class TestRunRefusal:
    def test_messages_are_refused_in_quiet_hours_call_tasks_never(
        self, session: Session, boss: Agent, vip_shop: str
    ) -> None:
        late = dt.datetime(2026, 11, 20, 22, 0, tzinfo=SHANGHAI)
        message = holiday(session, boss, vip_shop)
        calls = holiday(session, boss, vip_shop, action="call_task", name="电话回访")
        refusal = care.run_refusal(session, campaign=message, now=late)
        assert refusal == "免打扰时段（21:00-09:00）不发送关怀消息，请于 09:00 后再发"
        assert care.run_refusal(session, campaign=calls, now=late) is None
        assert care.run_refusal(session, campaign=message, now=NOON) is None


class TestCampaignPage:
    def test_rows_carry_segment_author_and_what_was_sent(
        self, session: Session, boss: Agent, vip_shop: str
    ) -> None:
        sent = holiday(session, boss, vip_shop)
        holiday(session, boss, vip_shop, action="call_task", name="电话回访")
        care.do_run(session, campaign=sent, author=boss, now=NOON)
        page = lists.campaign_page(session, params=PageParams(sort="name"))
        rows = {row.name: row for row in page["items"]}
        assert page["total"] == 2
        assert (rows["冬至问候"].segment_name, rows["冬至问候"].created_by_name) == ("VIP", "boss")
        assert (rows["冬至问候"].sent_count, rows["冬至问候"].last_sent_at) == (2, NOON)
        assert (rows["电话回访"].sent_count, rows["电话回访"].last_sent_at) == (0, None)

    def test_filters_and_search(self, session: Session, boss: Agent, vip_shop: str) -> None:
        holiday(session, boss, vip_shop)
        holiday(session, boss, vip_shop, action="call_task", name="电话回访", template="回访一下")
        by_action = lists.campaign_page(session, params=PageParams(), action="call_task")
        assert [row.name for row in by_action["items"]] == ["电话回访"]
        by_text = lists.campaign_page(session, params=PageParams(), text="冬至")
        assert [row.name for row in by_text["items"]] == ["冬至问候"]
        assert lists.campaign_page(session, params=PageParams(), kind="birthday")["total"] == 0


class TestPlanView:
    def test_names_next_to_ids_and_the_refusal(
        self, session: Session, boss: Agent, vip_shop: str
    ) -> None:
        campaign = holiday(session, boss, vip_shop)
        plan = care.preview(session, campaign=campaign, now=NOON)
        late = dt.datetime(2026, 11, 20, 22, 0, tzinfo=SHANGHAI)
        with frozen_at(late):
            view = lists.plan_view(session, campaign=campaign, plan=plan)
        assert [(s.customer_name, s.channel) for s in view.sends] == [
            ("nick_c1", "chat"),
            ("nick_c2", "email"),
        ]
        assert {s.customer_name: s.reason for s in view.skipped} == {
            "nick_c3": "opted_out",
            "nick_c4": "no_channel",
        }
        assert view.run_refusal is not None and "免打扰" in view.run_refusal


class TestSendPage:
    def test_newest_first_with_names_and_filters(
        self, session: Session, boss: Agent, vip_shop: str
    ) -> None:
        campaign = holiday(session, boss, vip_shop)
        care.do_run(session, campaign=campaign, author=boss, now=NOON)
        page = lists.send_page(session, campaign=campaign, params=PageParams())
        assert sorted((s.customer_name, s.status) for s in page["items"]) == [
            ("nick_c1", "sent"),
            ("nick_c2", "queued"),
        ]
        emails = lists.send_page(session, campaign=campaign, params=PageParams(), channel="email")
        assert [s.customer_id for s in emails["items"]] == ["c2"]


class TestCampaignEndpoints:
    def test_list_detail_options_and_preview(
        self, client: TestClient, session: Session, boss: Agent, vip_shop: str
    ) -> None:
        campaign = holiday(session, boss, vip_shop)
        session.commit()
        with frozen_at(NOON):
            login(client, "boss")
            listed = client.get("/api/v1/campaigns").json()
            detail = client.get(f"/api/v1/campaigns/{campaign.id}").json()
            options = client.get("/api/v1/campaigns/options").json()
            preview = client.get(f"/api/v1/campaigns/{campaign.id}/preview").json()
        assert listed["total"] == 1 and listed["items"][0]["segment_name"] == "VIP"
        assert detail["name"] == "冬至问候" and detail["sent_count"] == 0
        assert options["segments"] == [{"id": vip_shop, "name": "VIP"}]
        assert options["variables"] == ["买家昵称", "店铺名", "地区", "订单号"]
        assert (options["quiet_hours"], options["limit_count"], options["limit_days"]) == (
            "21:00-09:00",
            1,
            7,
        )
        assert [s["customer_name"] for s in preview["sends"]] == ["nick_c1", "nick_c2"]
        assert preview["run_refusal"] is None

    def test_agents_cannot_open_campaigns(self, client: TestClient, session: Session) -> None:
        add_agent(session, "mei", Role.presale)
        login(client, "mei")
        assert client.get("/api/v1/campaigns").status_code == 403
