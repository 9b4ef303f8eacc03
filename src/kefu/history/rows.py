"""The mapping between lines of the exchange format and table rows, both ways.

Kept in one module so that import and export stay each other's inverse: the
round-trip test depends on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from kefu.history.schemas import (
    AgentLine,
    ComplaintLine,
    CustomerLine,
    HandoffLine,
    InterceptLine,
    InvoiceLine,
    MessageLine,
    OrderLine,
    ProductLine,
    RatingLine,
    RefundLine,
    ReshipLine,
    ReviewLine,
    SessionLine,
    TransferLine,
)
from kefu.kit.money import format_yuan

TableRows = list[tuple[str, dict[str, Any]]]
Refs = list[tuple[str, str]]


def _extra(line: BaseModel) -> dict[str, Any] | None:
    return dict(line.__pydantic_extra__) if line.__pydantic_extra__ else None


def agent_rows(line: AgentLine) -> tuple[TableRows, Refs]:
    rows: TableRows = [
        (
            "agent",
            {"id": line.id, "name": line.name, "role": line.role.value, "group_id": line.group},
        )
    ]
    if line.group:
        rows.append(("agent_group", {"id": line.group, "name": line.group}))
    return rows, []


def customer_rows(line: CustomerLine) -> tuple[TableRows, Refs]:
    row = line.model_dump(include=set(CUSTOMER_FIELDS))
    row["extra"] = _extra(line)
    return [("customer", row)], []


CUSTOMER_FIELDS = (
    "id",
    "nick",
    "name",
    "phone",
    "email",
    "tags",
    "birthday",
    "note",
    "vip_level",
    "marketing_opt_out",
)


def product_rows(line: ProductLine) -> tuple[TableRows, Refs]:
    rows: TableRows = [
        (
            "product",
            {
                "id": line.id,
                "title": line.title,
                "price": line.price,
                "stock": line.stock,
                "attributes": line.attributes,
                "extra": _extra(line),
            },
        )
    ]
    for sku in line.skus or ():
        rows.append(("sku", {**sku.model_dump(), "product_id": line.id}))
    return rows, []


def session_rows(line: SessionLine) -> tuple[TableRows, Refs]:
    row = {
        "id": line.id,
        "customer_id": line.customer,
        "channel": line.channel.value,
        "opened_at": line.opened_at,
        "closed_at": line.closed_at,
        "extra": _extra(line),
    }
    return [("session", row)], [("customer", line.customer)]


def message_rows(line: MessageLine) -> tuple[TableRows, Refs]:
    row = {
        "id": line.id,
        "session_id": line.session,
        "at": line.at,
        "sender": line.from_.value,
        "agent_id": line.agent,
        "text": line.text,
        "kind": "card" if line.card else "text",
        "extra": _extra(line),
    }
    if line.card:
        row["extra"] = {
            **(row["extra"] or {}),
            "card": line.card.model_dump(mode="json", exclude_none=True),
        }
    refs = [("session", line.session)]
    if line.agent:
        refs.append(("agent", line.agent))
    return [("message", row)], refs


def handoff_rows(line: HandoffLine) -> tuple[TableRows, Refs]:
    row = {"session_id": line.session, "at": line.at, "reason": line.reason and line.reason.value}
    return [("handoff", row)], [("session", line.session)]


def transfer_rows(line: TransferLine) -> tuple[TableRows, Refs]:
    row = {
        "session_id": line.session,
        "at": line.at,
        "from_agent_id": line.from_agent,
        "to_agent_id": line.to_agent,
        "reason": line.reason,
    }
    refs = [("session", line.session), ("agent", line.to_agent)]
    if line.from_agent:
        refs.append(("agent", line.from_agent))
    return [("transfer", row)], refs


def order_rows(line: OrderLine) -> tuple[TableRows, Refs]:
    row = line.model_dump(include=set(ORDER_FIELDS))
    row.update(customer_id=line.customer, status=line.status.value, extra=_extra(line))
    rows: TableRows = [("order", row)]
    refs: Refs = [("customer", line.customer)]
    for line_no, item in enumerate(line.items, start=1):
        rows.append(
            (
                "order_item",
                {
                    "order_id": line.id,
                    "line_no": line_no,
                    "product_id": item.product,
                    "sku_id": item.sku,
                    "qty": item.qty,
                    "price": item.price,
                },
            )
        )
        refs.append(("product", item.product))
    for flag in line.flags:
        rows.append(
            (
                "remark_flag",
                {
                    "order_id": line.id,
                    "colour": flag.colour.value,
                    "text": flag.text,
                    "author_id": flag.author,
                    "created_at": flag.at,
                },
            )
        )
        refs.append(("agent", flag.author))
    return rows, refs


ORDER_FIELDS = (
    "id",
    "created_at",
    "paid_at",
    "shipped_at",
    "delivered_at",
    "closed_at",
    "amount",
    "cod",
    "payment_method",
    "address",
    "receiver_name",
    "receiver_phone",
    "courier",
    "tracking_no",
    "buyer_remark",
    "packs",
)


def refund_rows(line: RefundLine) -> tuple[TableRows, Refs]:
    row = {
        "id": line.id,
        "order_id": line.order,
        "kind": line.kind.value,
        "status": line.status.value,
        "requested_at": line.requested_at,
        "completed_at": line.completed_at,
        "amount": line.amount,
        "reason": line.reason,
        "extra": _extra(line),
    }
    return [("refund", row)], [("order", line.order)]


def rating_rows(line: RatingLine) -> tuple[TableRows, Refs]:
    row = {"session_id": line.session, "score": line.score, "at": line.at, "comment": line.comment}
    return [("rating", row)], [("session", line.session)]


def review_rows(line: ReviewLine) -> tuple[TableRows, Refs]:
    row = {
        "id": line.id,
        "order_id": line.order,
        "rating": line.rating.value,
        "at": line.at,
        "text": line.text,
        "handled_at": line.handled_at,
        "revised_rating": line.revised_rating and line.revised_rating.value,
        "extra": _extra(line),
    }
    return [("review", row)], [("order", line.order)]


def complaint_rows(line: ComplaintLine) -> tuple[TableRows, Refs]:
    row = {
        "id": line.id,
        "customer_id": line.customer,
        "category": line.category.value,
        "opened_at": line.opened_at,
        "promised_by": line.promised_by,
        "resolved_at": line.resolved_at,
        "order_id": line.order,
        "session_id": line.session,
        "owner_id": line.owner,
        "summary": line.summary,
        "extra": _extra(line),
    }
    refs: Refs = [("customer", line.customer)]
    refs += [
        (kind, ref)
        for kind, ref in (("order", line.order), ("session", line.session), ("agent", line.owner))
        if ref
    ]
    return [("complaint", row)], refs


def reship_rows(line: ReshipLine) -> tuple[TableRows, Refs]:
    row = {**line.model_dump(include=set(RESHIP_FIELDS)), "extra": _extra(line)}
    row["order_id"], row["original_order_id"] = line.order, line.original_order
    refs: Refs = [("order", line.order), ("order", line.original_order)]
    if line.created_by:
        refs.append(("agent", line.created_by))
    return [("reship", row)], refs


RESHIP_FIELDS = ("id", "reason", "freight_payer", "freight", "note", "created_at", "created_by")


def invoice_rows(line: InvoiceLine) -> tuple[TableRows, Refs]:
    row = {**line.model_dump(include=set(INVOICE_FIELDS)), "extra": _extra(line)}
    row["order_id"], row["customer_id"] = line.order, line.customer
    refs: Refs = [("order", line.order), ("customer", line.customer)]
    refs += [("agent", ref) for ref in (line.requested_by, line.issued_by) if ref]
    return [("invoice", row)], refs


INVOICE_FIELDS = (
    "id",
    "kind",
    "title_type",
    "title",
    "tax_id",
    "delivery",
    "email",
    "post_address",
    "source",
    "status",
    "requested_at",
    "requested_by",
    "due_at",
    "number",
    "amount",
    "pdf_sha256",
    "issued_at",
    "issued_by",
    "sent_at",
    "courier",
    "tracking_no",
    "reject_reason",
)


def intercept_rows(line: InterceptLine) -> tuple[TableRows, Refs]:
    row = {**line.model_dump(include=set(INTERCEPT_FIELDS)), "extra": _extra(line)}
    row["order_id"], row["refund_id"] = line.order, line.refund
    refs: Refs = [("order", line.order)]
    refs += [("agent", ref) for ref in (line.requested_by, line.result_by) if ref]
    if line.refund:
        refs.append(("refund", line.refund))
    return [("intercept", row)], refs


INTERCEPT_FIELDS = (
    "id",
    "reason",
    "status",
    "requested_at",
    "requested_by",
    "due_at",
    "result_at",
    "result_by",
    "result_note",
)


TO_ROWS: dict[str, Callable[[Any], tuple[TableRows, Refs]]] = {
    "agent": agent_rows,
    "customer": customer_rows,
    "product": product_rows,
    "session": session_rows,
    "message": message_rows,
    "handoff": handoff_rows,
    "transfer": transfer_rows,
    "order": order_rows,
    "refund": refund_rows,
    "rating": rating_rows,
    "review": review_rows,
    "complaint": complaint_rows,
    "reship": reship_rows,
    "invoice": invoice_rows,
    "intercept": intercept_rows,
}


class LineWriter:
    """Turns table rows back into lines: times in the shop's zone, money as strings,
    empty fields left out, ``extra`` merged back in."""

    def __init__(self, tz: str) -> None:
        self.zone = ZoneInfo(tz)

    def value(self, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            return value.astimezone(self.zone).isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if hasattr(value, "as_tuple"):  # Decimal
            return format_yuan(value)
        return value

    def line(
        self, type_: str, fields: dict[str, Any], extra: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        out: dict[str, Any] = {"type": type_}
        out.update((key, self.value(val)) for key, val in fields.items() if val is not None)
        if extra:
            out.update((key, val) for key, val in extra.items() if key not in out)
        return out

    def fields(
        self, row: Any, names: Sequence[str], renames: dict[str, str] | None = None
    ) -> dict[str, Any]:
        mapping = row._mapping
        renames = renames or {}
        return {renames.get(name, name): mapping[name] for name in names}
