"""The customer archive (客户档案): identities, addresses, orders and lifetime spend,
one timeline of everything that happened, tags, notes and the profile's facts.

Notes and tag changes are rows in ``customer_events`` (append-only), so the
timeline shows who wrote or tagged what and when, and nothing is overwritten.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from kefu.aftersale import refunds
from kefu.crm import repository
from kefu.crm.schemas import CustomerOut, ProfileIn, ProfileOut, TimelineEntry
from kefu.kit import clock
from kefu.kit.errors import BadInput
from kefu.kit.money import format_yuan
from kefu.models import Agent, Customer, CustomerEvent
from kefu.models.aftersale import COMPLAINT_CATEGORY_LABELS, REVIEW_RATING_LABELS
from kefu.models.chat import SESSION_STATUS_LABELS
from kefu.models.order import OrderStatus
from kefu.order.schemas import OrderOut
from kefu.team import service as team_service

CHANNEL_LABELS = {"web": "网页咨询", "email": "邮件", "phone": "电话", "marketplace": "平台旺旺"}
ORDER_LABELS = {
    "unpaid": "待付款",
    "paid": "已付款",
    "shipped": "已发货",
    "delivered": "已签收",
    "closed": "已关闭",
    "refunded": "已退款",
}
EVENT_LABELS = {
    "note": "备注",
    "tag": "标签",
    "merge": "合并",
    "profile": "资料",
    "care": "关怀",
    "survey": "满意度",
    "feedback": "意见反馈",
}
# Orders that count as bought: paid and neither closed unpaid nor refunded in full.
SPENT = {OrderStatus.paid, OrderStatus.shipped, OrderStatus.delivered}


def display_name(customer_id: str, nick: str | None, name: str | None) -> str:
    """What staff call a buyer: the marketplace nick, else the name, else the id."""
    return nick or name or customer_id


def record(db: Session, *, customer: Customer, kind: str, text: str, author: Agent | None) -> None:
    """One line of the profile's history (other domains' services call this too)."""
    repository.add_event(
        db,
        CustomerEvent(
            customer_id=customer.id,
            at=clock.now(),
            kind=kind,
            author_id=author.id if author else None,
            text=text,
        ),
    )


def do_add_tag(db: Session, *, customer: Customer, tag: str, author: Agent) -> Customer:
    tag = tag.strip()
    if not tag:
        raise BadInput("标签不能为空", code="empty_tag")
    if tag not in (customer.tags or []):
        customer.tags = [*(customer.tags or []), tag]
        record(db, customer=customer, kind="tag", text=f"添加标签：{tag}", author=author)
    return customer


def do_remove_tag(db: Session, *, customer: Customer, tag: str, author: Agent) -> Customer:
    if tag in (customer.tags or []):
        customer.tags = [t for t in customer.tags or [] if t != tag]
        record(db, customer=customer, kind="tag", text=f"移除标签：{tag}", author=author)
    return customer


def do_add_note(db: Session, *, customer: Customer, text: str, author: Agent) -> None:
    text = text.strip()
    if not text:
        raise BadInput("备注不能为空", code="empty_note")
    record(db, customer=customer, kind="note", text=text, author=author)


def do_update(db: Session, *, customer: Customer, changes: ProfileIn, author: Agent) -> Customer:
    """Change the profile's facts; each change is written to its history."""
    said = []
    labels = {
        "name": "姓名",
        "phone": "电话",
        "email": "邮箱",
        "birthday": "生日",
        "vip_level": "会员等级",
        "marketing_opt_out": "拒收营销",
    }
    for field, value in changes.model_dump(exclude_unset=True).items():
        if field == "email" and value:
            value = value.strip().lower()
            if "@" not in value:
                raise BadInput("邮箱格式不对", code="bad_email")
        if getattr(customer, field) != value:
            setattr(customer, field, value)
            said.append(
                f"{labels[field]}：{'是' if value is True else '否' if value is False else value}"
            )
    if said:
        record(db, customer=customer, kind="profile", text="；".join(said), author=author)
    return customer


def profile(db: Session, *, customer: Customer) -> ProfileOut:
    orders = repository.orders_of(db, customer.id)
    bought = [o for o in orders if o.paid_at is not None and o.status in SPENT]
    identities = [{"kind": "id", "value": customer.id}]
    identities += [
        {"kind": kind, "value": value}
        for kind, value in (
            ("nick", customer.nick),
            ("phone", customer.phone),
            ("email", customer.email),
        )
        if value
    ]
    identities += [
        {"kind": "merged", "value": dup.id} for dup in repository.merged_into(db, customer.id)
    ]
    entries = timeline(db, customer_id=customer.id, limit=200)
    return ProfileOut(
        customer=CustomerOut.model_validate(customer),
        identities=identities,
        addresses=sorted({o.address for o in orders if o.address}),
        orders=[OrderOut.model_validate(o) for o in orders[:20]],
        lifetime_spend=format_yuan(sum((o.amount for o in bought), Decimal("0.00"))),
        order_count=len(bought),
        notes=[e for e in entries if e.kind == "note"],
        timeline=entries,
        merges=[
            {
                "id": m.id,
                "kept_id": m.kept_id,
                "merged_id": m.merged_id,
                "at": m.at.isoformat(),
                "undone": m.undone_at is not None,
            }
            for m in repository.merges_of(db, customer.id)
        ],
    )


def open_cases(db: Session, *, customer_id: str) -> list[TimelineEntry]:
    """The customer's after-sales cases and complaints still being worked, newest first:
    what the hotline agent must know before she says hello."""
    cases = [
        TimelineEntry(
            kind="refund",
            at=r.requested_at,
            id=r.id,
            title=f"{refunds.KIND_LABELS.get(r.kind, '售后')}：订单 {r.order_id}",
            detail=refunds.STATUS_LABELS.get(r.status, r.status),
        )
        for r in repository.refunds_of(db, customer_id, 50)
        if r.status in refunds.OPEN
    ]
    cases += [
        TimelineEntry(
            kind="complaint",
            at=c.opened_at,
            id=c.id,
            title=f"投诉：{COMPLAINT_CATEGORY_LABELS.get(c.category, c.category)}",
            detail=c.summary,
        )
        for c in repository.complaints_of(db, customer_id, 50)
        if c.resolved_at is None
    ]
    return sorted(cases, key=lambda entry: entry.at, reverse=True)


def timeline(db: Session, *, customer_id: str, limit: int = 50) -> list[TimelineEntry]:
    """Chats, calls, orders, refunds, complaints, reviews and the profile's own
    history (notes, tags, care, surveys, feedback) on one line, newest first."""
    entries = [
        TimelineEntry(
            kind="chat",
            at=row.opened_at,
            id=row.id,
            title=f"{CHANNEL_LABELS.get(row.channel, row.channel)}会话",
            detail=SESSION_STATUS_LABELS.get(row.status, row.status),
        )
        for row in repository.sessions_of(db, customer_id, limit)
    ]
    entries += [
        TimelineEntry(
            kind="call",
            at=row.at,
            id=row.id,
            title=f"电话：{row.topic}",
            detail=f"{row.duration_s // 60}分{row.duration_s % 60:02d}秒 · {row.result}",
        )
        for row in repository.calls_of(db, customer_id, limit)
    ]
    entries += [
        TimelineEntry(
            kind="order",
            at=row.created_at,
            id=row.id,
            title=f"订单 {row.id}",
            detail=f"{ORDER_LABELS.get(row.status, row.status)} · ¥{row.amount}",
        )
        for row in repository.orders_of(db, customer_id)[:limit]
    ]
    entries += [
        TimelineEntry(
            kind="refund",
            at=r.requested_at,
            id=r.id,
            title=f"{refunds.KIND_LABELS.get(r.kind, '售后')}：订单 {r.order_id}",
            detail=refunds.STATUS_LABELS.get(r.status, r.status),
        )
        for r in repository.refunds_of(db, customer_id, limit)
    ]
    entries += [
        TimelineEntry(
            kind="complaint",
            at=c.opened_at,
            id=c.id,
            title=f"投诉：{COMPLAINT_CATEGORY_LABELS.get(c.category, c.category)}",
            detail=c.summary,
        )
        for c in repository.complaints_of(db, customer_id, limit)
    ]
    entries += [
        TimelineEntry(
            kind="review",
            at=r.at,
            id=r.id,
            title=f"评价：{REVIEW_RATING_LABELS.get(r.rating, r.rating)}",
            detail=r.text,
        )
        for r in repository.reviews_of(db, customer_id, limit)
    ]
    events = repository.events_of(db, customer_id, limit)
    authors = team_service.names_of(db, agent_ids={e.author_id for e in events if e.author_id})
    entries += [
        TimelineEntry(
            kind=e.kind,
            at=e.at,
            id=str(e.id),
            title=EVENT_LABELS.get(e.kind, e.kind)
            + (f"（{authors.get(e.author_id, e.author_id)}）" if e.author_id else ""),
            detail=e.text,
        )
        for e in events
    ]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)[:limit]
