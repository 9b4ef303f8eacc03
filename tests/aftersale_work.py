"""Open after-sales work and tasks put into a copy of the demo shop, through the services at
past moments, so the after-sales and task pages have cases in every state whatever the demo
seeds: refunds waiting for approval (one late), approved, sent back and received; a contacted
review; tasks for 小王 and the 售后组."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.aftersale import jobs as aftersale_jobs
from kefu.aftersale import product_review, refunds
from kefu.db import make_engine, make_sessionmaker, unit_of_work
from kefu.kit import clock
from kefu.models import Agent, Customer, Order, Refund, Review
from kefu.models.aftersale import RefundStatus as S
from kefu.models.work import TaskKind
from kefu.task import service as task_service
from tests import live
from tests.app_browser import require_built_app
from tests.chat_helpers import frozen_at

H = dt.timedelta(hours=1)
# (kind, amount, hours ago it was asked for, the steps since: (state, hours ago), reason)
OPEN_REFUNDS = (
    ("return", "89.00", 2, (), "尺码不合适"),
    ("refund_only", "35.00", 60, (), "商品有破损"),
    ("return", "129.00", 30, ((S.approved, 20),), "不喜欢/不想要"),
    ("exchange", "199.00", 50, ((S.approved, 40), (S.buyer_shipped, 30)), "尺码不合适"),
    ("return", "59.00", 70, ((S.approved, 60), (S.buyer_shipped, 50), (S.received, 3)), "发错货"),
)
NOTES = {S.received: "验货完好，吊牌齐全"}
LIMIT = Decimal("500.00")  # the shop's refund_review_limit


@dataclass(frozen=True)
class OpenWork:
    journey_refund: str  # waiting for approval, over the 售后 limit: 退款审核 approves it
    journey_buyer: str  # that buyer's nick, to find the case by
    refunds: list[str]
    review: str  # a pending review with one contact logged


def _orders_without_cases(db: Session, count: int) -> list[tuple[Order, Customer]]:
    taken = select(Refund.order_id)
    query = (
        select(Order, Customer)
        .join(Customer, Customer.id == Order.customer_id)
        .where(Order.status == "delivered", Order.id.not_in(taken), Customer.nick.is_not(None))
        .order_by(Order.id.desc())
        .limit(count)
    )
    return [(order, customer) for order, customer in db.execute(query)]


def _refunds(db: Session, now: dt.datetime) -> tuple[list[str], Customer]:
    orders = _orders_without_cases(db, len(OPEN_REFUNDS) + 1)
    crew = db.get(Agent, "xiaowang")
    assert crew is not None
    made = []
    for number, ((order, _buyer), (kind, amount, asked, steps, reason)) in enumerate(
        zip(orders, OPEN_REFUNDS, strict=False), start=1
    ):
        refund = Refund(
            id=f"r9{number:06d}",
            order_id=order.id,
            kind=kind,
            status=S.requested.value,
            requested_at=now - asked * H,
            amount=min(Decimal(amount), order.amount),
            reason=reason,
        )
        db.add(refund)
        db.flush()
        aftersale_jobs.refund_deadlines(db, now=refund.requested_at)
        for state, hours in steps:
            with frozen_at(now - hours * H):
                refunds.do_transition(
                    db,
                    refund=refund,
                    to=state,
                    actor=crew,
                    note=NOTES.get(state),
                    tracking_no=f"YT9{number:03d}{hours:03d}",
                )
        made.append(refund.id)
    order, buyer = max(_orders_without_cases(db, 40), key=lambda pair: pair[0].amount)
    assert order.amount > LIMIT, "the demo has no order above the 售后 limit"
    db.add(
        Refund(
            id="r9000099",
            order_id=order.id,
            kind="refund_only",
            status=S.requested.value,
            requested_at=now - 5 * H,
            amount=order.amount,  # above the 售后 limit: 退款审核's to approve
            reason="质量问题",
        )
    )
    db.flush()
    aftersale_jobs.refund_deadlines(db, now=now - 5 * H)
    return made, buyer


def _tasks(db: Session, now: dt.datetime) -> None:
    with frozen_at(now - 30 * H):
        aftersale_jobs.review_followups(db, now=now - 30 * H)
        aftersale_jobs.complaint_deadlines(db, now=now - 30 * H)
    order, buyer = _orders_without_cases(db, 1)[0]
    for title, kind, due in (
        ("回访：确认买家收到补发的配件", TaskKind.callback, -3),
        ("关怀：买家生日问候", TaskKind.care, 20),
    ):
        task_service.do_open(
            db,
            kind=kind,
            title=title,
            due_at=now + due * H,
            assignee_id="xiaowang",
            customer_id=buyer.id,
            order_id=order.id,
            payload={"script": "您好，这里是店铺客服小王，想跟您确认一下收货情况～"},
        )


def _contacted_review(db: Session, now: dt.datetime) -> str:
    query = select(Review).where(Review.rating.in_(("medium", "bad")), Review.handled_at.is_(None))
    review = db.scalars(query.order_by(Review.at.desc())).first()
    assert review is not None, "the demo has no medium or bad review"
    with frozen_at(now - 4 * H):
        product_review.do_log_contact(
            db, review=review, author=db.get(Agent, "lanlan"), channel="phone", text="电话未接通"
        )
    return review.id


def add_open_work(database_url: str) -> OpenWork:
    engine = make_engine(database_url)
    try:
        now = clock.now()
        with unit_of_work(make_sessionmaker(engine)) as db:
            made, buyer = _refunds(db, now)
            _tasks(db, now)
            review = _contacted_review(db, now)
            return OpenWork("r9000099", buyer.nick or buyer.id, made, review)
    finally:
        engine.dispose()


@contextlib.contextmanager
def shop_with_open_work(
    demo_database: Path, tmp_path: Path
) -> Iterator[tuple[live.Server, OpenWork]]:
    """A served copy of the demo shop with the open work above (the app must be built)."""
    require_built_app()
    copy = tmp_path / "shop.db"
    shutil.copy(demo_database, copy)
    url = f"sqlite:///{copy}"
    work = add_open_work(url)
    with live.live_server(url, tmp_path, KEFU_SCHEDULER="false") as server:
        yield server, work
