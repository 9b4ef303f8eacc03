"""Composing the bot's reply once it knows the intent and does not hand off:
from the buyer's orders, the product in question (size chart, stock by
variant, template fields) or the FAQ. None means the data to answer is missing."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from kefu.bot import kb, orders, products, records, repository, sizing, templates
from kefu.bot.intents import ORDER_INTENTS
from kefu.bot.normalize import normalize
from kefu.bot.snapshot import Snapshot
from kefu.models import Product

if TYPE_CHECKING:
    from kefu.bot.service import Context

ASK_PRODUCT = "请问您咨询的是哪个商品呢？把商品链接或名称发给我哦。"
ASK_SIZES = "请告诉我您的身高和体重（鞋子请告诉我脚长），我帮您对照尺码表推荐哦。"
_IDS = re.compile(r"[A-Za-z0-9_-]{2,64}")


def compose(
    db: Session,
    *,
    intent: str,
    confidence: float,
    text: str,
    customer_id: str | None,
    context: Context,
    seen: Snapshot,
) -> str | None:
    """The answer text, or None when the bot lacks the data to answer; ``seen`` is
    the shop as read for this message."""
    awaiting = context.awaiting_order
    if awaiting and customer_id:
        chosen = _choice(text, awaiting.get("orders") or [])
        if chosen is not None:
            context.awaiting_order = None
            return _order_reply(db, awaiting["intent"], customer_id, text, context, chosen=chosen)
    context.awaiting_order = None
    product = _product(db, text, context)
    if intent == "size_advice":
        return _size_advice(product, text)
    if intent == "stock" and product is not None:
        found = products.stock_answer(product, repository.skus(db, product.id), normalize(text))
        if found is not None:
            return found
    if intent in records.ANSWERS and customer_id:
        reply = records.ANSWERS[intent](db, customer_id=customer_id)
        if reply is not None:
            return reply
    if intent in ORDER_INTENTS and customer_id:
        reply = _order_reply(db, intent, customer_id, text, context)
        if reply is not None:
            return reply
    return _faq_answer(db, intent, confidence, text, product, seen)


def _choice(text: str, offered: list[str]) -> str | None:
    stripped = text.strip()
    if stripped.isdigit() and 1 <= int(stripped) <= len(offered):
        return offered[int(stripped) - 1]
    return next((order_id for order_id in offered if order_id in text), None)


def _order_reply(
    db: Session,
    intent: str,
    customer_id: str,
    text: str,
    context: Context,
    chosen: str | None = None,
) -> str | None:
    reply = orders.answer(db, intent=intent, customer_id=customer_id, text=text, chosen=chosen)
    if reply is None:
        return None
    if reply.asks:
        context.awaiting_order = {"intent": intent, "orders": reply.asks}
    return reply.text


def _product(db: Session, text: str, context: Context) -> Product | None:
    """The product in question: named by id in this message, or known to the chat
    (the page's product, one named or confirmed earlier)."""
    mentioned = set(_IDS.findall(text))
    if mentioned:
        found = repository.products_among(db, mentioned)
        if found:
            context.product_id = found[0].id
            return found[0]
    return repository.product(db, context.product_id) if context.product_id else None


def _size_advice(product: Product | None, text: str) -> str | None:
    if product is None:
        return ASK_PRODUCT
    chart = (product.attributes or {}).get("size_chart")
    if not chart:
        return None
    measured = sizing.measurements(text)
    if not measured.any():
        return ASK_SIZES
    advice = sizing.advise(chart, measured)
    if advice is None:
        return None
    return f"{product.title} 建议您选 {advice.size} 码。{advice.reason}"


def _faq_answer(
    db: Session,
    intent: str,
    confidence: float,
    text: str,
    product: Product | None,
    seen: Snapshot,
) -> str | None:
    candidates = kb.matching(db, text=text, intent=intent, confidence=confidence, top=5, seen=seen)
    if product is not None:  # the product's own entries first
        candidates.sort(key=lambda entry: entry.product_id != product.id)
    candidates = [e for e in candidates if e.product_id in (None, product.id if product else None)]
    if not candidates:
        return None
    chosen = candidates[0]
    if templates.needs_product(chosen.answer) and product is None:
        return ASK_PRODUCT
    values = templates.shop_values(db, seen.settings)
    if product is not None:
        values |= templates.product_values(product)
    return templates.render(chosen.answer, values)
