"""Invoices (发票) from request to the buyer's hands.

    requested → issued (number, amount, PDF for an e-invoice) → sent (e-mail) | posted (tracking)
    requested → rejected (reason)

A request comes from the buyer (the chat page, ``source`` chat) or from an agent.
The shop issues within ``ISSUE_DAYS`` of the shop's days: ``due_at`` is the
midnight (shop's zone) that ends them, stored as an absolute time. 审单 works the
queue; the order page and the bot read the status from here.
"""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

from sqlalchemy.orm import Session

from kefu.config import get_settings
from kefu.invoice import checks, repository
from kefu.invoice.schemas import InvoiceRequestIn, IssueIn, PostIn
from kefu.kit import clock
from kefu.kit.errors import BadInput, Conflict, found
from kefu.kit.ids import new_id
from kefu.mailing import service as mailing
from kefu.models import Agent, Invoice, Order
from kefu.models.invoice import Delivery, InvoiceKind, InvoiceStatus, TitleType
from kefu.models.order import OrderStatus
from kefu.order import address
from kefu.order import service as order_service

ISSUE_DAYS = 3
S = InvoiceStatus
INVOICEABLE = (OrderStatus.paid.value, OrderStatus.shipped.value, OrderStatus.delivered.value)
STATUS_LABELS = {
    "requested": "待开票",
    "issued": "已开票待发送",
    "sent": "已发送邮箱",
    "posted": "已寄出",
    "rejected": "已驳回",
}
KIND_LABELS = {"normal": "普通发票", "special": "增值税专用发票"}
TITLE_LABELS = {"personal": "个人", "company": "单位"}
DELIVERY_LABELS = {"email": "电子发票（邮箱）", "post": "纸质发票（邮寄）"}
SOURCE_LABELS = {"chat": "买家申请", "agent": "客服代填"}


def issue_due(requested_at: dt.datetime) -> dt.datetime:
    """The midnight, in the shop's zone, that ends the ``ISSUE_DAYS``-th shop day
    counted from the request's own day."""
    zone = get_settings().shop_timezone
    day = clock.in_zone(requested_at, zone).date()
    return clock.local_midnight(day + dt.timedelta(days=ISSUE_DAYS), zone)


def _check_title(body: InvoiceRequestIn) -> str | None:
    """The checked tax id: none for a person, a valid credit code for a company."""
    if body.title_type == TitleType.personal:
        if body.tax_id and body.tax_id.strip():
            raise BadInput("个人抬头不需要税号", code="personal_tax_id")
        if body.kind == InvoiceKind.special:
            raise BadInput("专用发票只能开给单位", code="special_needs_company")
        return None
    if not body.tax_id:
        raise BadInput("单位抬头需要填写税号", code="tax_id_required")
    return checks.check_tax_id(body.tax_id)


def do_request(
    db: Session, *, order: Order, body: InvoiceRequestIn, actor: Agent | None
) -> Invoice:
    """A request from the buyer (``actor`` None) or an agent; one live invoice per order."""
    if order.status not in INVOICEABLE:
        raise Conflict("只有已付款的订单可以开发票", code="not_invoiceable")
    if repository.live_for_order(db, order.id) is not None:
        raise Conflict("这个订单已有发票申请", code="invoice_exists")
    tax_id = _check_title(body)
    email = post_address = None
    if body.delivery == Delivery.email:
        email = checks.check_email(body.email or "")
    else:
        parsed = address.parse(body.post_address or "")
        if parsed is None:
            raise BadInput("邮寄地址需包含省、市和详细地址", code="bad_address")
        post_address = parsed.full
    now = clock.now()
    invoice = Invoice(
        id=new_id("inv"),
        order_id=order.id,
        customer_id=order.customer_id,
        kind=body.kind.value,
        title_type=body.title_type.value,
        title=body.title.strip(),
        tax_id=tax_id,
        delivery=body.delivery.value,
        email=email,
        post_address=post_address,
        source="agent" if actor else "chat",
        status=S.requested.value,
        requested_at=now,
        requested_by=actor.id if actor else None,
        due_at=issue_due(now),
    )
    repository.add(db, invoice)
    order_service.do_log(
        db,
        order_id=order.id,
        kind="invoice",
        text=f"申请发票：{invoice.title}",
        actor_id=actor.id if actor else None,
    )
    return invoice


def get(db: Session, *, invoice_id: str) -> Invoice:
    return found(repository.invoice(db, invoice_id), "没有这张发票", code="invoice_not_found")


def _check_status(invoice: Invoice, *wanted: S) -> None:
    if S(invoice.status) not in wanted:
        raise Conflict(
            f"发票当前为「{STATUS_LABELS[invoice.status]}」，不能这样操作", code="bad_step"
        )


def do_issue(
    db: Session, *, invoice: Invoice, body: IssueIn, pdf_sha256: str | None, actor: Agent
) -> Invoice:
    """Record the issued invoice; an e-invoice needs its PDF (already checked and stored)."""
    _check_status(invoice, S.requested)
    order = order_service.get_order(db, order_id=invoice.order_id)
    if body.amount > order.amount:
        raise BadInput(f"开票金额不能超过订单金额 ¥{order.amount}", code="amount_too_high")
    if invoice.delivery == Delivery.email and pdf_sha256 is None:
        raise BadInput("电子发票请上传 PDF 文件", code="pdf_required")
    invoice.number = checks.check_number(body.number)
    invoice.amount = body.amount
    invoice.pdf_sha256 = pdf_sha256
    invoice.status, invoice.issued_at, invoice.issued_by = S.issued.value, clock.now(), actor.id
    order_service.do_log(
        db,
        order_id=order.id,
        kind="invoice",
        text=f"开票 {invoice.number} ¥{body.amount}",
        actor_id=actor.id,
    )
    return invoice


def do_send(db: Session, *, invoice: Invoice, actor: Agent) -> Invoice:
    """E-mail the PDF through the outbox (sent once, however often this is clicked)."""
    _check_status(invoice, S.issued)
    if invoice.delivery != Delivery.email or not invoice.email or not invoice.pdf_sha256:
        raise Conflict("这张发票不是电子发票，请邮寄", code="not_email")
    settings = get_settings()
    mail = EmailMessage()
    mail["From"], mail["To"] = settings.service_address, invoice.email
    mail["Subject"] = f"{settings.shop_name}电子发票（订单 {invoice.order_id}）"
    mail.set_content(
        f"您好，订单 {invoice.order_id} 的电子发票（号码 {invoice.number}，"
        f"金额 ¥{invoice.amount}，抬头：{invoice.title}）见附件。"
    )
    mail.add_attachment(
        checks.pdf_path(invoice.pdf_sha256).read_bytes(),
        maintype="application",
        subtype="pdf",
        filename=f"invoice-{invoice.number}.pdf",
    )
    mailing.do_queue(
        db, key=f"invoice:{invoice.id}", mail=mail, recipients=[invoice.email], now=clock.now()
    )
    invoice.status, invoice.sent_at = S.sent.value, clock.now()
    _log(db, invoice, f"发票已发送至 {invoice.email}", actor)
    return invoice


def do_post(db: Session, *, invoice: Invoice, body: PostIn, actor: Agent) -> Invoice:
    _check_status(invoice, S.issued)
    invoice.courier, invoice.tracking_no = body.courier.strip(), body.tracking_no.strip()
    invoice.status, invoice.sent_at = S.posted.value, clock.now()
    _log(db, invoice, f"发票已寄出：{invoice.courier} {invoice.tracking_no}", actor)
    return invoice


def do_reject(db: Session, *, invoice: Invoice, reason: str, actor: Agent) -> Invoice:
    _check_status(invoice, S.requested)
    invoice.status, invoice.reject_reason = S.rejected.value, reason.strip()
    _log(db, invoice, f"发票申请驳回：{invoice.reject_reason}", actor)
    return invoice


def _log(db: Session, invoice: Invoice, text: str, actor: Agent) -> None:
    order = order_service.get_order(db, order_id=invoice.order_id)
    order_service.do_log(db, order_id=order.id, kind="invoice", text=text, actor_id=actor.id)


def allowed_actions(invoice: Invoice) -> list[str]:
    """What the queue may offer for the invoice's state."""
    if invoice.status == S.requested:
        return ["issue", "reject"]
    if invoice.status == S.issued:
        return ["send"] if invoice.delivery == Delivery.email else ["post"]
    return []


def recent_for_customer(db: Session, *, customer_id: str, limit: int = 3) -> list[Invoice]:
    return repository.of_customer(db, customer_id, limit)
