"""Agent assist (智能辅助): for one buyer message, the three replies most likely to
fit, from the FAQ and the agent's quick phrases, ready to insert. Nothing here
sends: the agent edits and sends, or ignores them."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kefu.bot import kb, runtime, templates
from kefu.bot.schemas import SuggestionOut, SuggestOut
from kefu.bot.search import Bm25
from kefu.crm import service as crm_service
from kefu.knowledge import service as knowledge_service
from kefu.messaging import queries as messaging_queries
from kefu.messaging import service as messaging
from kefu.models import Agent
from kefu.order import service as order_service

TOP = 3


def suggest(db: Session, *, agent: Agent, session_id: str, message_id: str) -> SuggestOut:
    chat_session = messaging.check_agent_session(db, session_id=session_id)
    message = messaging_queries.buyer_message(db, chat_session=chat_session, message_id=message_id)
    # Without a trained bot the FAQ and phrases are still searched, just not by intent.
    intent, confidence = (
        runtime.models().intent.predict(message.text) if runtime.available() else ("other", 0.0)
    )
    values = templates.shop_values(db) | phrase_values(db, customer_id=chat_session.customer_id)
    faq = _faq(db, message.text, intent, confidence, values)
    phrases = _phrases(db, agent, message.text, values)
    picked: list[SuggestionOut] = []
    while len(picked) < TOP and (faq or phrases):  # alternate, best first
        for source in (faq, phrases):
            if source and len(picked) < TOP:
                picked.append(source.pop(0))
    return SuggestOut(intent=intent, confidence=round(confidence, 4), suggestions=picked)


def phrase_values(db: Session, *, customer_id: str) -> dict[str, str]:
    """Quick-phrase variables: the buyer's nick, latest order and tracking number."""
    customer = crm_service.get_customer(db, customer_id)
    recent = order_service.recent_orders(db, customer_id=customer_id, limit=5)
    tracked = next((order for order in recent if order.tracking_no), None)
    return {
        "买家昵称": customer.nick or "亲",
        "订单号": recent[0].id if recent else "",
        "物流单号": tracked.tracking_no or "" if tracked else "",
    }


def _faq(
    db: Session, text: str, intent: str, confidence: float, values: dict[str, str]
) -> list[SuggestionOut]:
    entries = kb.matching(db, text=text, intent=intent, confidence=confidence, top=TOP)[:TOP]
    out = []
    for entry in entries:
        if templates.needs_product(entry.answer) and entry.product_id is None:
            continue  # the agent knows the product; a half-filled template would mislead
        out.append(
            SuggestionOut(
                source="faq", title=entry.intent, text=templates.render(entry.answer, values)
            )
        )
    return out


def _phrases(db: Session, agent: Agent, text: str, values: dict[str, str]) -> list[SuggestionOut]:
    phrases = knowledge_service.phrases_for(db, agent_id=agent.id)
    bm25 = Bm25.build([(p.id, [p.text]) for p in phrases])
    by_id = {p.id: p for p in phrases}
    return [
        SuggestionOut(
            source="phrase",
            title=by_id[phrase_id].shortcut or by_id[phrase_id].group_name or "快捷短语",
            text=templates.render(by_id[phrase_id].text, values),
        )
        for phrase_id, _score in bm25.rank(text, top=TOP)
    ]
