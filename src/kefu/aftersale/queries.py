"""After-sales cases: refunds, returns and exchanges."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from kefu.aftersale import repository
from kefu.kit.errors import NotFound, found
from kefu.models import Refund, Review
from kefu.models.aftersale import RefundStatus

# What each state means to the buyer (退款进度).
STATUS_TEXT = {
    RefundStatus.requested: "已提交，等待商家审核",
    RefundStatus.approved: "商家已同意，请按退货地址寄回商品并填写运单号",
    RefundStatus.rejected: "商家已拒绝",
    RefundStatus.buyer_shipped: "您已寄回，等待仓库签收验货",
    RefundStatus.received: "仓库已收到并验货，正在安排退款",
    RefundStatus.refunded: "已退款，款项原路退回",
    RefundStatus.exchange_shipped: "换货已发出",
    RefundStatus.closed: "已关闭",
}


def recent_refunds(db: Session, *, customer_id: str, limit: int = 5) -> list[Refund]:
    """The customer's own latest refunds, returns and exchanges, newest first."""
    return repository.refunds_of_customer(db, customer_id, limit)


def review_customer(db: Session, *, review: Review) -> str | None:
    return repository.customer_of_order(db, review.order_id)


def reviews_with_text(
    db: Session, *, ratings: tuple[str, ...] = ("medium", "bad"), limit: int = 100
) -> list[Review]:
    """The latest reviews of these ratings that say something, newest first."""
    return repository.reviews_with_text(db, ratings, limit)


@dataclass(frozen=True)
class ResolvedCase:
    """A complaint or after-sales case, as a satisfaction survey sees it."""

    kind: str  # complaint, refund
    id: str
    customer_id: str
    resolved: bool
    group_label: str


def resolved_case(db: Session, *, kind: str, case_id: str) -> ResolvedCase:
    if kind == "complaint":
        complaint = found(
            repository.complaint(db, case_id), "没有这个投诉", code="complaint_not_found"
        )
        return ResolvedCase(
            kind, case_id, complaint.customer_id, complaint.resolved_at is not None, "投诉"
        )
    if kind == "refund":
        refund = repository.refund(db, case_id)
        customer = repository.customer_of_order(db, refund.order_id) if refund else None
        if refund is None or customer is None:
            raise NotFound("没有这个售后单", code="refund_not_found")
        done = refund.status in (
            RefundStatus.refunded,
            RefundStatus.exchange_shipped,
            RefundStatus.closed,
        )
        return ResolvedCase(kind, case_id, customer, done, "售后")
    raise NotFound(f"未知的案件类型 {kind!r}", code="case_kind_unknown")
