"""Order review completed (issue 16): flags and address changes in the queue, gift
and invoice lines confirmed, campaign mode's 24-hour rule and alert, the pack
count at shipping, and the print sheet (picking list and waybills)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.bot import records
from kefu.invoice import service as invoice_service
from kefu.invoice.schemas import InvoiceRequestIn
from kefu.kit.errors import BadInput, Conflict
from kefu.models import Task
from kefu.notify import queries as notify_queries
from kefu.order import actions, campaign, order_review, printing
from kefu.order import service as order_service
from kefu.reship import service as reship_service
from kefu.reship.schemas import ReshipIn
from kefu.shop import service as shop
from tests.chat_helpers import frozen_at
from tests.ord2_data import SHANGHAI, T, order, staff


class TestQueue:
    def test_flags_address_changes_gifts_and_invoice_are_shown(self, session: Session) -> None:
        people = staff(session)
        paid = order(session, status="paid", gift=True)
        actions.do_flag(session, order=paid, colour="red", text="加急", author=people["mei"])
        actions.do_change_address(
            session,
            order=paid,
            text="浙江省杭州市西湖区文三路100号",
            receiver_name="王丽",
            receiver_phone="13900000000",
            actor=people["mei"],
        )
        body = InvoiceRequestIn(order_id="o1", title_type="personal", title="王丽", email="a@b.cn")
        invoice_service.do_request(session, order=paid, body=body, actor=None)
        [item] = order_review.queue(session, now=T)
        assert (item.flag.colour, item.flag.text) == ("red", "加急")
        assert item.address_changes == [
            "地址由「王丽 13900000000 江苏省南京市鼓楼区中山路1号」改为"
            "「王丽 13900000000 浙江省杭州市西湖区文三路100号」"
        ]
        assert (item.gifts, item.invoice, item.reship_of) == ([2], "待开票", None)

    def test_campaign_mode_ships_in_payment_order_within_24_hours(self, session: Session) -> None:
        shop.do_set(session, key="campaign_mode", value=True)
        # paid 23:30 on the 20th and 00:30 on the 21st (Shanghai): due 24 h later, across midnight
        first = order(
            session, "o1", status="paid", paid_at=dt.datetime(2026, 11, 20, 23, 30, tzinfo=SHANGHAI)
        )
        order(
            session, "o2", status="paid", paid_at=dt.datetime(2026, 11, 21, 0, 30, tzinfo=SHANGHAI)
        )
        now = dt.datetime(2026, 11, 21, 20, 0, tzinfo=SHANGHAI)
        items = order_review.queue(session, now=now)
        assert [i.order.id for i in items] == ["o1", "o2"]
        assert [i.due_at for i in items] == [
            dt.datetime(2026, 11, 21, 23, 30, tzinfo=SHANGHAI),
            dt.datetime(2026, 11, 22, 0, 30, tzinfo=SHANGHAI),
        ]
        assert [(i.alert, i.late) for i in items] == [(True, False), (False, False)]
        later = order_review.queue(session, now=dt.datetime(2026, 11, 21, 23, 45, tzinfo=SHANGHAI))
        assert [(i.alert, i.late) for i in later] == [(True, True), (True, False)]
        assert first.paid_at is not None

    def test_without_campaign_mode_due_is_the_end_of_the_ship_day(self, session: Session) -> None:
        order(session, status="paid", paid_at=dt.datetime(2026, 11, 20, 17, 0, tzinfo=SHANGHAI))
        [item] = order_review.queue(session, now=T)
        assert (item.ship_by, item.due_at, item.alert) == (
            dt.date(2026, 11, 21),
            dt.datetime(2026, 11, 22, 0, 0, tzinfo=SHANGHAI),
            False,
        )


class TestCampaignAlerts:
    def test_a_task_and_notification_for_each_reviewer_until_shipped(
        self, session: Session
    ) -> None:
        people = staff(session)
        shop.do_set(session, key="campaign_mode", value=True)
        first = order(
            session, "o1", status="paid", paid_at=dt.datetime(2026, 11, 20, 23, 30, tzinfo=SHANGHAI)
        )
        order(
            session, "o2", status="paid", paid_at=dt.datetime(2026, 11, 21, 0, 30, tzinfo=SHANGHAI)
        )
        assert (
            campaign.campaign_alerts(session, now=dt.datetime(2026, 11, 21, 19, 0, tzinfo=SHANGHAI))
            == 0
        )
        now = dt.datetime(2026, 11, 21, 20, 0, tzinfo=SHANGHAI)
        assert campaign.campaign_alerts(session, now=now) == 1
        assert campaign.campaign_alerts(session, now=now) == 1  # again: no new task
        alerts = session.scalars(select(Task).where(Task.kind == "campaign_alert")).all()
        assert sorted((t.assignee_id, t.order_id, t.status) for t in alerts) == [
            ("boss", "o1", "open"),
            ("chen", "o1", "open"),
        ]
        assert alerts[0].title == "大促发货预警：1 单临近 24 小时时限，最早 11-21 23:30"
        with frozen_at(now):
            bell = notify_queries.summary(
                session, agent=people["chen"], within=dt.timedelta(hours=8), limit=5
            )
        assert [i.title for i in bell.sections[0].items] == [alerts[0].title]
        first.status = "shipped"
        session.flush()
        later = dt.datetime(2026, 11, 21, 21, 0, tzinfo=SHANGHAI)
        assert campaign.campaign_alerts(session, now=later) == 1  # o2 is in alert now
        rows = session.scalars(select(Task).where(Task.kind == "campaign_alert")).all()
        assert sorted((t.assignee_id, t.order_id, t.status) for t in rows) == [
            ("boss", "o1", "cancelled"),
            ("boss", "o2", "open"),
            ("chen", "o1", "cancelled"),
            ("chen", "o2", "open"),
        ]


class TestCheckReviewable:
    def test_gifts_and_invoice_must_be_confirmed(self, session: Session) -> None:
        people = staff(session)
        paid = order(session, status="paid", gift=True)
        body = InvoiceRequestIn(order_id="o1", title_type="personal", title="王丽", email="a@b.cn")
        invoice_service.do_request(session, order=paid, body=body, actor=None)
        with pytest.raises(Conflict, match="请核对赠品；请核对发票信息"):
            order_review.check_reviewable(
                session, order=paid, reviewer=people["chen"], checked=order_review.Checked()
            )
        with pytest.raises(BadInput, match="件数"):
            order_review.check_reviewable(
                session, order=paid, reviewer=people["chen"], checked=order_review.Checked(packs=0)
            )
        order_review.do_review(
            session,
            order=paid,
            reviewer=people["chen"],
            checked=order_review.Checked(gifts_checked=True, invoice_checked=True, packs=2),
        )
        assert (paid.packs, paid.reviewed_by) == (2, "chen")


class TestShipPacks:
    def test_the_pack_count_must_match_the_review(self, session: Session) -> None:
        people = staff(session)
        paid = order(session, status="paid")
        order_review.do_review(
            session, order=paid, reviewer=people["chen"], checked=order_review.Checked(packs=2)
        )
        ship = {"order_id": "o1", "courier": "中通快递", "tracking_no": "ZT0001"}
        with pytest.raises(BadInput, match="请填写件数"):
            order_review.do_ship_batch(session, items=[ship], actor=people["chen"])
        with pytest.raises(BadInput, match="审单为 2 件，实发 1 件"):
            order_review.do_ship_batch(session, items=[ship | {"packs": 1}], actor=people["chen"])
        assert (
            order_review.do_ship_batch(session, items=[ship | {"packs": 2}], actor=people["chen"])
            == 1
        )
        assert paid.status == "shipped"


class TestPrintSheet:
    def test_picking_sums_lines_and_waybills_name_the_packs(self, session: Session) -> None:
        people = staff(session)
        for order_id in ("o1", "o2"):
            paid = order(session, order_id, status="paid", gift=order_id == "o2")
            order_review.do_review(
                session,
                order=paid,
                reviewer=people["chen"],
                checked=order_review.Checked(
                    gifts_checked=True, packs=1 if order_id == "o1" else 2
                ),
            )
        sheet = printing.print_sheet(session, order_ids=["o1", "o2"])
        assert [(p["title"], p["qty"], p["orders"]) for p in sheet["picking"]] == [
            ("卫衣", 4, ["o1", "o2"]),
            ("围巾", 1, ["o2"]),
        ]
        assert [(w["order_id"], w["packs"], w["items"]) for w in sheet["waybills"]] == [
            ("o1", 1, ["卫衣 ×2"]),
            ("o2", 2, ["卫衣 ×2", "围巾 ×1"]),
        ]
        assert sheet["waybills"][0]["address"] == "江苏省南京市鼓楼区中山路1号"

    def test_only_reviewed_unshipped_orders(self, session: Session) -> None:
        order(session, status="paid")
        with pytest.raises(BadInput, match="未审单"):
            printing.print_sheet(session, order_ids=["o1"])
        with pytest.raises(BadInput, match="没有订单 nope"):
            printing.print_sheet(session, order_ids=["nope"])


class TestBotReshipAnswer:
    def test_quality_issue_answer_from_the_buyers_own_reships(self, session: Session) -> None:
        people = staff(session)
        assert records.reship_answer(session, customer_id="c1") is None
        original = order(session)
        body = ReshipIn.model_validate(
            {"items": [{"line_no": 1, "qty": 1}], "reason": "missing", "freight_payer": "shop"}
        )
        with frozen_at(T + dt.timedelta(days=1)):
            reship = reship_service.do_create(
                session, original=original, body=body, actor=people["mei"]
            )
            waiting = records.reship_answer(session, customer_id="c1")
            assert (
                waiting is not None and "原订单 o1 的补发（卫衣，补发单 o1-BF1）：已安排" in waiting
            )
            new = order_service.get_order(session, order_id=reship.order_id)
            order_review.do_review(
                session,
                order=new,
                reviewer=people["chen"],
                checked=order_review.Checked(remark_read=True),
            )
            order_review.do_ship_batch(
                session,
                items=[{"order_id": new.id, "courier": "顺丰速运", "tracking_no": "SF777"}],
                actor=people["chen"],
            )
            shipped = records.reship_answer(session, customer_id="c1")
        assert shipped is not None and "已发出，顺丰速运 SF777" in shipped
        assert records.reship_answer(session, customer_id="c2") is None
        assert new.amount == Decimal("0.00")
