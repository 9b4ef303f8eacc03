"""The shop assistant bot (智能客服): classify, answer or hand off.

``answer`` is the whole decision for one buyer message and is what the CLI, the
API and the chat share. It never writes: the chat service records what the bot
said and any hand-off, so a rolled-back request leaves no trace of either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from kefu.bot import kb, orders, repository, runtime, sizing, templates
from kefu.bot.features import MAX_CHARS, normalize
from kefu.bot.intents import ORDER_INTENTS
from kefu.kit.errors import BadInput
from kefu.models import Product
from kefu.shop import service as shop

HANDOFF_TEXT = "正在为您转接人工客服，请稍候～"
ASK_PRODUCT = "请问您咨询的是哪个商品呢？把商品链接或名称发给我哦。"
ASK_SIZES = "请告诉我您的身高和体重（鞋子请告诉我脚长），我帮您对照尺码表推荐哦。"
FALLBACK = "抱歉，我没太明白您的意思，可以换个说法吗？"
# Why the bot handed off, and the reason the conversation log records for it
# (shared/spec/conversation-log.md allows buyer_asked, bot_unsure, rule).
LOG_REASON = {
    "buyer_asked": "buyer_asked",
    "bot_unsure": "bot_unsure",
    "complaint": "rule",
    "angry": "rule",
    "rejected": "rule",
    "no_data": "rule",
}
_REJECTION = re.compile(
    r"不是这个|不是我问的|答非所问|没用|不对|没解决|听不懂|你没懂|不是这样|说的什么|废话|文不对题"
)
# The sentiment model learned from product reviews, where 差评, 退货 and 发票 are
# themselves negative; alone it would call calm questions angry. An angry message
# is one it finds negative that also carries a cue of temper, or plain abuse.
_ANGER_CUES = re.compile(
    r"气死|太差|太过分|烦死|恶心|无语|坑人|什么破|再也不|受不了|忍不了|搞什么|有病|[!！]{2,}"
)
_ABUSE = re.compile(r"傻[逼b]|sb\b|垃圾|滚|妈的|去死|骗子|tmd|nmsl", re.IGNORECASE)


@dataclass
class Context:
    """What the bot remembers within one chat (kept in the session's ``extra``)."""

    rejections: int = 0
    answered: bool = False  # the bot's last message was an answer, not a hand-off
    awaiting_order: dict[str, Any] | None = None  # {"intent": ..., "orders": [...]}
    product_id: str | None = None

    @classmethod
    def of(cls, data: dict[str, Any] | None) -> Context:
        data = data or {}
        return cls(
            rejections=int(data.get("rejections", 0)),
            answered=bool(data.get("answered", False)),
            awaiting_order=data.get("awaiting_order"),
            product_id=data.get("product_id"),
        )

    def dump(self) -> dict[str, Any]:
        return {
            "rejections": self.rejections,
            "answered": self.answered,
            "awaiting_order": self.awaiting_order,
            "product_id": self.product_id,
        }


@dataclass
class BotAnswer:
    intent: str
    confidence: float
    answer: str | None
    handoff: bool
    handoff_reason: str | None = None
    sentiment: str | None = None
    context: Context = field(default_factory=Context)

    def summary(self) -> dict[str, Any]:
        """What the agent sees about the bot's part after a hand-off."""
        return {
            "intent": self.intent,
            "confidence": round(self.confidence, 4),
            "handoff_reason": self.handoff_reason,
        }

    def log_reason(self) -> str:
        """The hand-off reason as the conversation log records it."""
        return LOG_REASON[self.handoff_reason or "bot_unsure"]

    def public(self) -> dict[str, Any]:
        return {
            "intent": self.intent,
            "confidence": round(self.confidence, 4),
            "answer": self.answer,
            "handoff": self.handoff,
            "handoff_reason": self.handoff_reason,
        }


def enabled(db: Session) -> bool:
    """The bot answers first when the shop wants it and its models are trained."""
    return bool(shop.get(db, "bot_enabled")) and runtime.available()


def check_text(text: str) -> str:
    if len(text) > MAX_CHARS:
        raise BadInput(f"消息过长（{len(text)} 字），最多 {MAX_CHARS} 字", code="text_too_long")
    return text


def answer(
    db: Session,
    *,
    text: str,
    customer_id: str | None = None,
    product_id: str | None = None,
    context: Context | None = None,
) -> BotAnswer:
    """Classify one buyer message and answer it, or decide to hand off and why."""
    check_text(text)
    context = context or Context()
    if product_id:
        context.product_id = product_id
    models = runtime.models()
    clean = normalize(text)
    if not any(char.isalnum() for char in clean):  # nothing but marks
        return _reply("other", 1.0, FALLBACK, context)
    intent, confidence = models.intent.predict_normalized(clean)
    mood, mood_score = models.sentiment.predict_normalized(clean)
    context.rejections = (
        context.rejections + 1 if context.answered and _REJECTION.search(text) else 0
    )
    reason = _handoff_reason(db, intent, confidence, mood, mood_score, text, clean, context)
    if reason is None:
        reply = _compose(db, intent, confidence, text, customer_id, context)
        if reply is not None:
            result = _reply(intent, confidence, reply, context)
            result.sentiment = mood
            return result
        reason = "no_data"
    context.answered, context.rejections, context.awaiting_order = False, 0, None
    return BotAnswer(intent, confidence, HANDOFF_TEXT, True, reason, mood, context)


def _reply(intent: str, confidence: float, text: str, context: Context) -> BotAnswer:
    context.answered = True
    return BotAnswer(intent, confidence, text, False, None, None, context)


def _handoff_reason(
    db: Session,
    intent: str,
    confidence: float,
    mood: str,
    mood_score: float,
    text: str,
    clean: str,
    context: Context,
) -> str | None:
    if intent == "human_agent":
        return "buyer_asked"
    if context.rejections >= 2:
        return "rejected"
    if intent == "complaint":
        return "complaint"
    negative = mood == "negative" and mood_score >= float(shop.get(db, "bot_anger_above"))
    if _ABUSE.search(clean) or (negative and _ANGER_CUES.search(text)):
        return "angry"
    if confidence < float(shop.get(db, "bot_handoff_below")) and not context.awaiting_order:
        return "bot_unsure"
    return None


def _compose(
    db: Session,
    intent: str,
    confidence: float,
    text: str,
    customer_id: str | None,
    context: Context,
) -> str | None:
    """The answer text, or None when the bot lacks the data to answer."""
    awaiting = context.awaiting_order
    if awaiting and customer_id:
        chosen = _choice(text, awaiting.get("orders") or [])
        if chosen is not None:
            intent = awaiting["intent"]
            context.awaiting_order = None
            return _order_reply(db, intent, customer_id, text, context, chosen=chosen)
    context.awaiting_order = None
    product = _product(db, text, context)
    if intent == "size_advice":
        return _size_advice(product, text)
    if intent in ORDER_INTENTS and customer_id:
        reply = _order_reply(db, intent, customer_id, text, context)
        if reply is not None:
            return reply
    return _faq_answer(db, intent, confidence, text, product)


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
    """The product in question: named by id in this message, or earlier in the chat."""
    mentioned = set(re.findall(r"[A-Za-z0-9_-]{2,64}", text))
    if mentioned:
        found = repository.products_among(db, mentioned)
        if found:
            context.product_id = found[0].id
            return found[0]
    return repository.product(db, context.product_id) if context.product_id else None


def _size_advice(product: Product | None, text: str) -> str | None:
    if product is None:
        return None
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
    db: Session, intent: str, confidence: float, text: str, product: Product | None
) -> str | None:
    candidates = kb.matching(db, text=text, intent=intent, confidence=confidence, top=5)
    if product is not None:  # the product's own entries first
        candidates.sort(key=lambda entry: entry.product_id != product.id)
    candidates = [e for e in candidates if e.product_id in (None, product.id if product else None)]
    if not candidates:
        return None
    chosen = candidates[0]
    if templates.needs_product(chosen.answer) and product is None:
        return ASK_PRODUCT
    values = templates.shop_values(db)
    if product is not None:
        values |= templates.product_values(product)
    return templates.render(chosen.answer, values)
