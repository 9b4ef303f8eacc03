"""One model per line ``type`` of conversation-log.md.

Fields the spec names are typed and checked; fields it doesn't name are kept in
``__pydantic_extra__`` and stored in the entity's ``extra`` column where it has
one ("kept where the system has a place for them"). A few optional fields the
spec leaves out but Kefu has a place for (SKUs, remark flags, order shipping
details) are typed here so exports carry them and re-imports restore them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    TypeAdapter,
)

from kefu.kit.dates import Day, Moment
from kefu.kit.money import format_yuan, parse_yuan
from kefu.models.aftersale import ComplaintCategory, RefundKind, RefundStatus, ReviewRating
from kefu.models.chat import Channel, HandoffReason, Sender
from kefu.models.invoice import Delivery, InvoiceKind, InvoiceStatus, TitleType
from kefu.models.order import FlagColour, OrderStatus
from kefu.models.reship import FreightPayer, InterceptStatus, ReshipReason
from kefu.models.team import Role


def _money(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError('money must be a decimal string such as "199.00"')
    return parse_yuan(value)


MAX_INT = 2**31 - 1  # the database's INTEGER
Id = Annotated[str, StringConstraints(min_length=1, max_length=64, strip_whitespace=True)]
Text = Annotated[str, StringConstraints(max_length=20_000)]
Money = Annotated[Decimal, BeforeValidator(_money), PlainSerializer(format_yuan)]
Time = Moment


class Line(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class AgentLine(Line):
    type: Literal["agent"]
    id: Id
    name: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    role: Role = Role.presale
    group: Id | None = None


class CustomerLine(Line):
    type: Literal["customer"]
    id: Id
    nick: str | None = None
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    tags: list[str] | None = None
    birthday: Day | None = None
    note: Text | None = None
    vip_level: int = Field(default=0, ge=0, le=10)
    marketing_opt_out: bool = False


class SkuPart(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Id
    attributes: dict[str, Any] | None = None
    price: Money | None = None
    stock: int = Field(default=0, ge=0, le=MAX_INT)
    actual_stock: int | None = Field(default=None, ge=0, le=MAX_INT)
    code: str | None = None


class ProductLine(Line):
    type: Literal["product"]
    id: Id
    title: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    price: Money | None = None
    stock: int | None = Field(default=None, ge=0, le=MAX_INT)
    attributes: dict[str, Any] | None = None
    skus: list[SkuPart] | None = None


class SessionLine(Line):
    type: Literal["session"]
    id: Id
    customer: Id
    channel: Channel
    opened_at: Time
    closed_at: Time | None = None


class CardPart(Line):
    """A product card sent in a chat (docs/history-extensions.md); more fields are kept."""

    product_id: Id | None = None
    title: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    price: Money | None = None
    image: Annotated[str, StringConstraints(max_length=2000)] | None = None
    link: Annotated[str, StringConstraints(max_length=2000)] | None = None


class MessageLine(Line):
    type: Literal["message"]
    id: Id
    session: Id
    at: Time
    from_: Sender = Field(alias="from")
    agent: Id | None = None
    text: Text
    kind: Literal["text", "card"] = "text"  # Kefu's: "card" with ``card``
    card: CardPart | None = None


class HandoffLine(Line):
    type: Literal["handoff"]
    session: Id
    at: Time
    reason: HandoffReason | None = None


class TransferLine(Line):
    type: Literal["transfer"]
    session: Id
    at: Time
    from_agent: Id | None = None
    to_agent: Id
    reason: Text | None = None


class ItemPart(BaseModel):
    model_config = ConfigDict(extra="ignore")

    product: Id
    qty: int = Field(ge=1, le=MAX_INT)
    price: Money | None = None
    sku: Id | None = None


class FlagPart(BaseModel):
    model_config = ConfigDict(extra="forbid")

    colour: FlagColour
    text: Text
    author: Id
    at: Time


class OrderLine(Line):
    type: Literal["order"]
    id: Id
    customer: Id
    created_at: Time
    paid_at: Time | None = None
    shipped_at: Time | None = None
    delivered_at: Time | None = None
    closed_at: Time | None = None
    amount: Money
    status: OrderStatus = OrderStatus.unpaid
    cod: bool = False
    payment_method: str | None = None
    address: Text | None = None
    receiver_name: str | None = None
    receiver_phone: str | None = None
    courier: str | None = None
    tracking_no: str | None = None
    buyer_remark: Text | None = None
    packs: int | None = Field(default=None, ge=1, le=MAX_INT)
    items: list[ItemPart] = Field(default_factory=list)
    flags: list[FlagPart] = Field(default_factory=list)


class RefundLine(Line):
    type: Literal["refund"]
    id: Id
    order: Id
    kind: RefundKind
    requested_at: Time
    completed_at: Time | None = None
    amount: Money | None = None
    reason: Text | None = None
    status: RefundStatus = RefundStatus.requested


class RatingLine(Line):
    type: Literal["rating"]
    session: Id
    score: int = Field(ge=1, le=5)
    at: Time | None = None
    comment: Text | None = None


class ReviewLine(Line):
    type: Literal["review"]
    id: Id
    order: Id
    rating: ReviewRating
    at: Time
    text: Text | None = None
    handled_at: Time | None = None
    revised_rating: ReviewRating | None = None


class ComplaintLine(Line):
    type: Literal["complaint"]
    id: Id
    customer: Id
    opened_at: Time
    category: ComplaintCategory
    promised_by: Time | None = None
    resolved_at: Time | None = None
    order: Id | None = None
    session: Id | None = None
    owner: Id | None = None
    summary: Text | None = None


class ReshipLine(Line):
    """Kefu's extension (docs/history-extensions.md): a 补发 order and its original."""

    type: Literal["reship"]
    id: Id
    order: Id
    original_order: Id
    reason: ReshipReason
    freight_payer: FreightPayer
    freight: Money | None = None
    note: Text | None = None
    created_at: Time
    created_by: Id | None = None


class InvoiceLine(Line):
    """Kefu's extension (docs/history-extensions.md): an invoice of an order. Imported
    as it was recorded: titles and tax ids are not checked again."""

    type: Literal["invoice"]
    id: Id
    order: Id
    customer: Id
    kind: InvoiceKind = InvoiceKind.normal
    title_type: TitleType
    title: Annotated[str, StringConstraints(min_length=1, max_length=128)]
    tax_id: Annotated[str, StringConstraints(max_length=18)] | None = None
    delivery: Delivery
    email: Annotated[str, StringConstraints(max_length=255)] | None = None
    post_address: Text | None = None
    source: Literal["chat", "agent"] = "agent"
    status: InvoiceStatus = InvoiceStatus.requested
    requested_at: Time
    requested_by: Id | None = None
    due_at: Time
    number: Annotated[str, StringConstraints(max_length=32)] | None = None
    amount: Money | None = None
    pdf_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = None
    issued_at: Time | None = None
    issued_by: Id | None = None
    sent_at: Time | None = None
    courier: Annotated[str, StringConstraints(max_length=32)] | None = None
    tracking_no: Annotated[str, StringConstraints(max_length=64)] | None = None
    reject_reason: Text | None = None


class InterceptLine(Line):
    """Kefu's extension (docs/history-extensions.md): the warehouse asked to stop an order
    cancelled after review (拦截), and what it answered."""

    type: Literal["intercept"]
    id: Id
    order: Id
    reason: Text
    status: InterceptStatus = InterceptStatus.pending
    requested_at: Time
    requested_by: Id | None = None
    due_at: Time
    result_at: Time | None = None
    result_by: Id | None = None
    result_note: Text | None = None
    refund: Id | None = None


AnyLine = Annotated[
    AgentLine
    | CustomerLine
    | ProductLine
    | SessionLine
    | MessageLine
    | HandoffLine
    | TransferLine
    | OrderLine
    | RefundLine
    | RatingLine
    | ReviewLine
    | ComplaintLine
    | ReshipLine
    | InvoiceLine
    | InterceptLine,
    Field(discriminator="type"),
]

LINE = TypeAdapter(AnyLine)
LINE_TYPES = (
    "agent",
    "customer",
    "product",
    "session",
    "message",
    "handoff",
    "transfer",
    "order",
    "refund",
    "rating",
    "review",
    "complaint",
    "reship",
    "invoice",
    "intercept",
)


class ImportReport(BaseModel):
    """What an import did: lines read and new rows per table (0 on a re-import)."""

    lines: int
    created: dict[str, int]

    @property
    def total_created(self) -> int:
        return sum(self.created.values())
