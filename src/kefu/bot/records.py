"""Answers from the buyer's own invoice and re-shipping records (never anyone
else's): "my invoice" (intent ``invoice``) says where each of the buyer's
invoices is; "missing / wrong / broken item" (``quality_issue``) says where the
buyer's recent 补发 is. None when the buyer has no such record: the FAQ answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.invoice import service as invoice_service
from kefu.kit import clock
from kefu.models.invoice import InvoiceStatus
from kefu.order import service as order_service
from kefu.reship import service as reship_service

RECENT_RESHIP = dt.timedelta(days=30)  # an older one is not what the buyer writes about


def _day(at: dt.datetime) -> str:
    return clock.in_zone(at, get_settings().shop_timezone).strftime("%m月%d日")


def invoice_answer(db: Session, *, customer_id: str) -> str | None:
    invoices = invoice_service.recent_for_customer(db, customer_id=customer_id, limit=3)
    if not invoices:
        return None
    lines = []
    for invoice in invoices:
        head = f"订单 {invoice.order_id} 的发票（抬头：{invoice.title}）"
        status = InvoiceStatus(invoice.status)
        if status == InvoiceStatus.requested:
            lines.append(
                f"{head}：已收到申请，将于 {_day(invoice.due_at - dt.timedelta(seconds=1))} 前开出"
            )
        elif status == InvoiceStatus.issued:
            lines.append(f"{head}：已开出（号码 {invoice.number}），正在寄送")
        elif status == InvoiceStatus.sent:
            lines.append(f"{head}：电子发票已发送到 {invoice.email}，请查收邮箱（含垃圾邮件箱）")
        elif status == InvoiceStatus.posted:
            lines.append(f"{head}：纸质发票已寄出，{invoice.courier} {invoice.tracking_no}")
        else:
            lines.append(f"{head}：未能开具，原因：{invoice.reject_reason}，可修改信息后重新申请")
    return "为您查到发票进度：\n" + "\n".join(lines)


def reship_answer(db: Session, *, customer_id: str) -> str | None:
    since = clock.now() - RECENT_RESHIP
    found = [
        (reship, order)
        for reship, order in reship_service.recent_for_customer(db, customer_id=customer_id)
        if reship.created_at >= since
    ]
    if not found:
        return None
    lines = []
    for reship, order in found:
        title = order_service.order_title(db, order=order)
        head = f"原订单 {reship.original_order_id} 的补发（{title}，补发单 {order.id}）"
        if order.shipped_at is None:
            lines.append(f"{head}：已安排，仓库正在处理，发出后会通知您")
            continue
        event = order_service.latest_tracking(db, order=order)
        where = f"，最新物流：{event.description}" if event else ""
        lines.append(f"{head}：已发出，{order.courier or '快递'} {order.tracking_no or ''}{where}")
    return (
        "您的补发进度：\n" + "\n".join(lines) + "\n如果是新的问题，请拍照发给我，我们马上为您处理。"
    )


ANSWERS: dict[str, Callable[..., str | None]] = {
    "invoice": invoice_answer,
    "quality_issue": reship_answer,
}
