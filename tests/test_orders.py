"""Order actions: flags with history, address change with validation and
coverage (refused once shipped), cancel before shipping, the timeline; and the
browser test: from a chat, an agent opens the order, flags it, changes its address
and sees the change in the order's timeline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from kefu.kit.errors import BadInput, Conflict
from kefu.models import Agent, Customer, Order, Product
from kefu.models.team import Role
from kefu.order import actions
from kefu.shop import service as shop
from tests.chat_helpers import frozen_at
from tests.factories import add_agent, add_order

T = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)
NEW_ADDRESS = "浙江省杭州市西湖区文三路100号"


def shop_order(session: Session, status: str = "paid", order_id: str = "o1") -> Order:
    if session.get(Customer, "c1") is None:
        session.add(
            Customer(
                id="c1", nick="tb_lulu", phone="13900000000", vip_level=0, marketing_opt_out=False
            )
        )
        session.add(Product(id="p1", title="卫衣"))
        session.flush()
    order = Order(
        id=order_id,
        customer_id="c1",
        status=status,
        amount=Decimal("199.00"),
        cod=False,
        created_at=T,
        paid_at=T,
        courier="中通快递",
        receiver_name="王丽",
        receiver_phone="13900000000",
        address="江苏省南京市鼓楼区中山路1号",
    )
    return add_order(session, order)


@pytest.fixture
def lei(session: Session) -> Agent:
    return add_agent(session, "lei", Role.aftersale)


class TestFlags:
    def test_a_new_flag_keeps_the_old_one_as_history(self, session: Session, lei: Agent) -> None:
        order = shop_order(session)
        with frozen_at(T):
            actions.do_flag(session, order=order, colour="red", text="买家要求发顺丰", author=lei)
        with frozen_at(T + dt.timedelta(minutes=5)):
            actions.do_flag(session, order=order, colour="green", text="已补运费，可发", author=lei)
        flags = actions.flags(session, order=order)
        assert [(f.colour, f.text, f.author_id) for f in flags] == [
            ("red", "买家要求发顺丰", "lei"),
            ("green", "已补运费，可发", "lei"),
        ]
        with pytest.raises(BadInput):
            actions.do_flag(session, order=order, colour="pink", text="x", author=lei)


class TestChangeAddress:
    def test_parsed_checked_and_in_the_timeline(self, session: Session, lei: Agent) -> None:
        order = shop_order(session)
        with frozen_at(T + dt.timedelta(hours=1)):
            actions.do_change_address(
                session,
                order=order,
                text=NEW_ADDRESS,
                receiver_name="王丽",
                receiver_phone="138 1234 5678",
                actor=lei,
            )
        assert (order.province, order.city, order.district, order.receiver_phone) == (
            "浙江省",
            "杭州市",
            "西湖区",
            "13812345678",
        )
        last = actions.timeline(session, order=order)[-1]
        assert (
            (last.kind, last.who) == ("address", "lei")
            and NEW_ADDRESS in last.text
            and "南京" in last.text
        )

    @pytest.mark.parametrize(
        ("address", "phone", "code"),
        [("杭州西湖区", "13812345678", "bad_address"), (NEW_ADDRESS, "12345", "bad_phone")],
    )
    def test_bad_addresses_and_phones_are_refused(
        self, session: Session, lei: Agent, address: str, phone: str, code: str
    ) -> None:
        order = shop_order(session)
        with pytest.raises(BadInput) as caught:
            actions.do_change_address(
                session,
                order=order,
                text=address,
                receiver_name="王丽",
                receiver_phone=phone,
                actor=lei,
            )
        assert caught.value.code == code and order.address == "江苏省南京市鼓楼区中山路1号"

    def test_outside_the_couriers_coverage(self, session: Session, lei: Agent) -> None:
        shop.do_set(session, key="courier_excluded", value={"中通快递": ["新疆维吾尔自治区"]})
        order = shop_order(session)
        with pytest.raises(BadInput) as caught:
            actions.do_change_address(
                session,
                order=order,
                text="新疆维吾尔自治区乌鲁木齐市天山区解放路2号",
                receiver_name="王丽",
                receiver_phone="13812345678",
                actor=lei,
            )
        assert caught.value.code == "outside_coverage"

    def test_refused_once_shipped(self, session: Session, lei: Agent) -> None:
        order = shop_order(session, status="shipped")
        with pytest.raises(Conflict):
            actions.do_change_address(
                session,
                order=order,
                text=NEW_ADDRESS,
                receiver_name="王丽",
                receiver_phone="13812345678",
                actor=lei,
            )


class TestCancel:
    def test_before_shipping_only(self, session: Session, lei: Agent) -> None:
        order = shop_order(session)
        actions.do_cancel(session, order=order, reason="买家拍错了", actor=lei)
        assert (
            order.status == "closed"
            and actions.timeline(session, order=order)[-1].text == "取消订单：买家拍错了"
        )
        shipped = shop_order(session, status="shipped", order_id="o2")
        with pytest.raises(Conflict):
            actions.do_cancel(session, order=shipped, reason="不要了", actor=lei)


SHANGHAI = dt.timezone(dt.timedelta(hours=8))


class TestShipBy:
    @pytest.mark.parametrize(
        ("paid_utc", "ships"),
        [
            (
                dt.datetime(2026, 11, 10, 8, 29, tzinfo=dt.UTC),
                dt.date(2026, 11, 10),
            ),  # 16:29 Shanghai
            (
                dt.datetime(2026, 11, 10, 8, 30, tzinfo=dt.UTC),
                dt.date(2026, 11, 11),
            ),  # 16:30: next day
            (
                dt.datetime(2026, 11, 10, 15, 59, tzinfo=dt.UTC),
                dt.date(2026, 11, 11),
            ),  # 23:59 on the 10th
            (
                dt.datetime(2026, 11, 10, 16, 1, tzinfo=dt.UTC),
                dt.date(2026, 11, 11),
            ),  # 00:01 on the 11th
            (
                dt.datetime(2026, 11, 11, 8, 0, tzinfo=dt.UTC),
                dt.date(2026, 11, 11),
            ),  # 16:00 on the 11th
        ],
    )
    def test_the_cut_off_across_midnight_in_shanghai(
        self, session: Session, paid_utc: dt.datetime, ships: dt.date
    ) -> None:
        from kefu.order import order_review

        assert order_review.ship_by(session, paid_at=paid_utc) == ships


class TestReviewQueue:
    def test_late_blocked_and_reviewed(self, session: Session, lei: Agent) -> None:
        from kefu.order import order_review

        reviewer = add_agent(session, "laochen", Role.order_review)
        order = shop_order(session)  # paid 10:00 Shanghai on the 20th → ships the 20th
        order.buyer_remark = "请用纸箱包装"
        session.flush()
        [item] = order_review.queue(session, now=dt.datetime(2026, 11, 21, 9, 0, tzinfo=SHANGHAI))
        assert (item.ship_by, item.late) == (dt.date(2026, 11, 20), True)
        with pytest.raises(Conflict, match="买家留言"):
            order_review.do_review(
                session, order=order, checked=order_review.Checked(), reviewer=reviewer
            )
        order_review.do_review(
            session, order=order, checked=order_review.Checked(remark_read=True), reviewer=reviewer
        )
        assert order.reviewed_by == "laochen"

    def test_cod_orders_wait_for_the_confirmation_call(self, session: Session) -> None:
        from kefu.order import jobs as order_jobs
        from kefu.order import order_review

        order = shop_order(session)
        order.cod = True
        session.flush()
        order_jobs.cod_confirmations(session, now=T)
        assert "货到付款尚未确认" in order_review.problems(session, order)


class TestShipBatch:
    def test_all_or_nothing_with_the_failing_index(self, session: Session, lei: Agent) -> None:
        from kefu.order import order_review

        first, second = shop_order(session), shop_order(session, order_id="o2")
        for order in (first, second):
            order.reviewed_at = T
        session.flush()
        batch = [
            {"order_id": "o1", "courier": "中通快递", "tracking_no": "ZT10001"},
            {"order_id": "o2", "courier": "中通快递", "tracking_no": "x"},
        ]
        with pytest.raises(BadInput) as caught:
            order_review.do_ship_batch(session, items=batch, actor=lei)
        assert caught.value.detail["index"] == 1 and first.status == "paid"
        batch[1]["tracking_no"] = "ZT10002"
        assert order_review.do_ship_batch(session, items=batch, actor=lei) == 2
        assert (first.status, first.tracking_no, second.tracking_no) == (
            "shipped",
            "ZT10001",
            "ZT10002",
        )

    def test_csv_names_the_line_and_unreviewed_orders_wait(
        self, session: Session, lei: Agent
    ) -> None:
        from kefu.order import order_review

        shop_order(session)
        with pytest.raises(BadInput, match="第 2 行"):
            order_review.do_ship_csv(
                session, data="order_id,courier,tracking_no\no1,中通快递,ZT10001\n", actor=lei
            )


class TestChangeQuantity:
    def test_logged_and_shown_to_the_reviewer_before_shipping_only(
        self, session: Session, lei: Agent
    ) -> None:
        from kefu.order import order_review
        from kefu.order import service as order_service

        shop_order(session)
        order = order_service.get_order(session, order_id="o1")  # as the endpoint loads it
        actions.do_change_quantity(session, order=order, line_no=1, qty=2, actor=lei)
        assert order.items[0].qty == 2
        [item] = order_review.queue(session, now=T)
        assert item.changes == ["第 1 行 p1 数量 1 → 2"]
        with pytest.raises(BadInput):
            actions.do_change_quantity(session, order=order, line_no=9, qty=1, actor=lei)
        shop_order(session, status="shipped", order_id="o2")
        shipped = order_service.get_order(session, order_id="o2")
        with pytest.raises(Conflict):
            actions.do_change_quantity(session, order=shipped, line_no=1, qty=3, actor=lei)
