"""The shop assistant bot (智能客服): classify, answer or hand off.

``answer`` is the whole decision for one buyer message and is what the CLI, the
API and the chat share. It never writes: the chat service records what the bot
said and any hand-off, so a rolled-back request leaves no trace of either.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from sqlalchemy.orm import Session

from kefu.bot import answers, products, runtime, snapshot, temper
from kefu.bot.answers import ASK_PRODUCT
from kefu.bot.normalize import MAX_CHARS, normalize
from kefu.kit.errors import BadInput
from kefu.shop import service as shop

HANDOFF_TEXT = "正在为您转接人工客服，请稍候～"
FALLBACK = "抱歉，我没太明白您的意思，可以换个说法吗？"
# Why the bot handed off, and the reason the conversation log records for it
# (shared/spec/conversation-log.md allows buyer_asked, bot_unsure, rule).
LOG_REASON = {
    "buyer_asked": "buyer_asked",
    "bot_unsure": "bot_unsure",
    "complaint": "rule",
    "angry": "rule",
    "abuse": "rule",
    "rejected": "rule",
    "no_data": "rule",
}
# Intents whose answer depends on the product in question.
PRODUCT_INTENTS = ("product_info", "size_advice", "stock", "usage_help")
_REJECTION = re.compile(
    r"不是这个|不是我问的|答非所问|没用|不对|没解决|听不懂|你没懂|不是这样|说的什么|废话|文不对题"
)
_YES = re.compile(
    r"^(?:是|是的|对|对的|嗯+|恩+|没错|就是|就是这款|是这款|是这个|对就是这个|yes|ok|好)\W*$"
)
_NO = re.compile(r"^(?:不是|不对|不是这款|不是这个|no)\W*$")


@dataclass
class Context:
    """What the bot remembers within one chat (kept in the session's ``extra``)."""

    rejections: int = 0
    answered: bool = False  # the bot's last message was an answer, not a hand-off
    awaiting_order: dict[str, Any] | None = None  # {"intent": ..., "orders": [...]}
    product_id: str | None = None
    pending_product: dict[str, Any] | None = None  # asked "是这款吗？": {product_id, text}
    product_asks: int = 0  # times in a row the bot asked which product

    @classmethod
    def of(cls, data: dict[str, Any] | None) -> Context:
        known = {item.name for item in fields(cls)}
        return cls(**{key: value for key, value in (data or {}).items() if key in known})

    def dump(self) -> dict[str, Any]:
        return asdict(self)


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
    """The bot answers first when the shop wants it, or in surge mode for every chat,
    and its models are trained."""
    wanted = shop.get_many(db, ("bot_enabled", "surge_mode"))
    return any(wanted.values()) and runtime.available()


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
    """Classify one buyer message and answer it, or decide to hand off and why.
    ``product_id`` is the product of the page the buyer chats from."""
    check_text(text)
    context = context or Context()
    if product_id:
        context.product_id = product_id
    clean = normalize(text)
    if not any(char.isalnum() for char in clean):  # nothing but marks
        return _reply("other", 1.0, FALLBACK, context)
    text, clean, confirmed = _confirmation(text, clean, context)
    if confirmed is False:
        return _reply("product_info", 1.0, ASK_PRODUCT, context)
    seen = snapshot.read(db)
    take, ask = products.decide(products.find(db, clean, version=seen.product_version))
    if take is not None:
        context.product_id = take.product_id
    models = runtime.models()
    intent, confidence = models.intent.predict_normalized(products.without_name(clean, take))
    mood, mood_score = models.sentiment.predict_normalized(clean)
    negative = mood_score if mood == "negative" else 1.0 - mood_score
    context.rejections = (
        context.rejections + 1 if context.answered and _REJECTION.search(text) else 0
    )
    reason = _handoff_reason(seen.settings, intent, confidence, negative, text, clean, context)
    if reason is None:
        about = _ask_about(ask, take, intent, context, confirmed)
        if about is not None:
            context.pending_product = {"product_id": about.product_id, "text": text}
            return _reply(intent, confidence, f"是这款吗？「{about.title}」", context)
        reply = answers.compose(
            db,
            intent=intent,
            confidence=confidence,
            text=text,
            customer_id=customer_id,
            context=context,
            seen=seen,
        )
        if reply is not None and not _asks_again(reply, context):
            result = _reply(intent, confidence, reply, context)
            result.sentiment = mood
            return result
        reason = "no_data"
    context.answered, context.rejections, context.awaiting_order = False, 0, None
    return BotAnswer(intent, confidence, HANDOFF_TEXT, True, reason, mood, context)


def _confirmation(text: str, clean: str, context: Context) -> tuple[str, str, bool | None]:
    """A reply to "是这款吗？": yes answers the question asked before about that
    product (True), no asks which product then (False), anything else is a new
    message (None)."""
    pending, context.pending_product = context.pending_product, None
    if not pending:
        return text, clean, None
    if _YES.match(clean):
        context.product_id = pending["product_id"]
        return pending["text"], normalize(pending["text"]), True
    if _NO.match(clean):
        context.product_asks += 1
        return text, clean, False
    return text, clean, None


def _ask_about(
    ask: products.Match | None,
    take: products.Match | None,
    intent: str,
    context: Context,
    confirmed: bool | None,
) -> products.Match | None:
    """The plausible product to ask "是这款吗？" about: when the question needs a
    product and none was named for sure; never right after a confirmation."""
    if ask is None or take is not None or confirmed or intent not in PRODUCT_INTENTS:
        return None
    return ask if context.product_id != ask.product_id else None


def _asks_again(reply: str, context: Context) -> bool:
    """Asking which product a second time in a row is a loop: hand off instead."""
    if reply != ASK_PRODUCT:
        context.product_asks = 0
        return False
    context.product_asks += 1
    return context.product_asks > 1


def _reply(intent: str, confidence: float, text: str, context: Context) -> BotAnswer:
    context.answered = True
    return BotAnswer(intent, confidence, text, False, None, None, context)


def _handoff_reason(
    limits: dict[str, Any],
    intent: str,
    confidence: float,
    negative: float,
    text: str,
    clean: str,
    context: Context,
) -> str | None:
    temper_reason = temper.reason(
        clean, text, negative=negative, anger_above=float(limits["bot_anger_above"])
    )
    if temper_reason is not None:
        return temper_reason
    if intent == "human_agent":
        return "buyer_asked"
    if context.rejections >= 2:
        return "rejected"
    if intent == "complaint":
        return "complaint"
    if confidence < snapshot.handoff_below(limits, intent) and not context.awaiting_order:
        return "bot_unsure"
    return None
