"""Invoices over HTTP: the staff queue and actions, and the buyer's own requests."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import Depends, File, Form, Query, UploadFile
from fastapi.responses import FileResponse
from sqlalchemy.orm import Session

from kefu.api.auth import Allow, BuyerAuth
from kefu.api.routing import get_db, make_router
from kefu.invoice import checks, service, worklist
from kefu.invoice.schemas import (
    InvoiceFilters,
    InvoiceRequestIn,
    InvoiceRow,
    IssueIn,
    PostIn,
    RejectIn,
)
from kefu.kit.errors import NotFound
from kefu.kit.paging import Paged, PageParams, page_params
from kefu.models import Agent
from kefu.models.team import SERVICE_ROLES, Role
from kefu.order import service as order_service

api = make_router(prefix="/api/v1", tags=["invoices"])
buyer_api = make_router(prefix="/api/v1/my", tags=["invoices"])
Db = Annotated[Session, Depends(get_db)]
Staff = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]
# 审单 issues and sends invoices (the supervisor may too).
Issuer = Annotated[Agent, Depends(Allow(Role.order_review, Role.supervisor))]
Buyer = Annotated[str, Depends(BuyerAuth())]
Page = Annotated[PageParams, Depends(page_params)]


def _status(invoice: Any) -> dict[str, str]:
    return {
        "id": invoice.id,
        "status": invoice.status,
        "status_label": service.STATUS_LABELS[invoice.status],
    }


@api.get("/invoices", response_model=Paged[InvoiceRow])
def list_invoices(
    db: Db, _agent: Staff, page: Page, filters: Annotated[InvoiceFilters, Query()]
) -> dict[str, Any]:
    """Invoices, the soonest due first; ``order_id`` gives an order's own."""
    return worklist.invoice_list(db, filters=filters, params=page)


@api.post("/invoices", status_code=201)
def request_invoice(body: InvoiceRequestIn, db: Db, agent: Staff) -> dict[str, str]:
    """An agent takes the buyer's request (title, tax id, e-mail or address)."""
    order = order_service.get_order(db, order_id=body.order_id)
    return _status(service.do_request(db, order=order, body=body, actor=agent))


@api.post("/invoices/{invoice_id}/issue")
def issue(
    invoice_id: str,
    db: Db,
    agent: Issuer,
    number: Annotated[str, Form(max_length=32)],
    amount: Annotated[Decimal, Form(gt=0, le=10_000_000)],
    file: Annotated[UploadFile | None, File(description="the e-invoice PDF")] = None,
) -> dict[str, str]:
    """Number, amount and (for an e-invoice) the PDF, checked by its bytes."""
    digest = checks.save_pdf(file.file.read(checks.MAX_PDF_BYTES + 1)) if file else None
    invoice = service.get(db, invoice_id=invoice_id)
    body = IssueIn(number=number, amount=amount)
    return _status(service.do_issue(db, invoice=invoice, body=body, pdf_sha256=digest, actor=agent))


@api.post("/invoices/{invoice_id}/send")
def send(invoice_id: str, db: Db, agent: Issuer) -> dict[str, str]:
    invoice = service.get(db, invoice_id=invoice_id)
    return _status(service.do_send(db, invoice=invoice, actor=agent))


@api.post("/invoices/{invoice_id}/post")
def post(invoice_id: str, body: PostIn, db: Db, agent: Issuer) -> dict[str, str]:
    invoice = service.get(db, invoice_id=invoice_id)
    return _status(service.do_post(db, invoice=invoice, body=body, actor=agent))


@api.post("/invoices/{invoice_id}/reject")
def reject(invoice_id: str, body: RejectIn, db: Db, agent: Issuer) -> dict[str, str]:
    invoice = service.get(db, invoice_id=invoice_id)
    return _status(service.do_reject(db, invoice=invoice, reason=body.reason, actor=agent))


@api.get("/invoices/{invoice_id}/pdf", response_class=FileResponse)
def pdf(invoice_id: str, db: Db, _agent: Staff) -> FileResponse:
    invoice = service.get(db, invoice_id=invoice_id)
    path = checks.pdf_path(invoice.pdf_sha256) if invoice.pdf_sha256 else None
    if path is None or not path.exists():
        raise NotFound("这张发票没有 PDF 文件", code="no_pdf")
    return FileResponse(
        path,
        media_type="application/pdf",
        filename=f"invoice-{invoice.number}.pdf",
    )


@buyer_api.post("/invoices", status_code=201)
def buyer_request(body: InvoiceRequestIn, db: Db, customer_id: Buyer) -> dict[str, str]:
    """The buyer asks from the chat page for an invoice of one of their own orders."""
    order = order_service.get_order(db, order_id=body.order_id)
    if order.customer_id != customer_id:
        raise NotFound("没有这个订单", code="order_not_found")
    return _status(service.do_request(db, order=order, body=body, actor=None))


@buyer_api.get("/invoices")
def buyer_invoices(db: Db, customer_id: Buyer) -> list[dict[str, Any]]:
    """The buyer's own invoices, newest first."""
    return [
        {**_status(i), "order_id": i.order_id, "title": i.title, "number": i.number}
        for i in service.recent_for_customer(db, customer_id=customer_id, limit=20)
    ]
