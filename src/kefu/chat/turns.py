"""Whose turn a buyer's message is: the bot's (it answers, or hands the session to
people) or people's (the group's agents, or an offline message with its reply).
Called by the chat's rules (chat/service.py) for every buyer message that needs more
than appending."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kefu.bot import service as bot_service
from kefu.chat import notices, routing
from kefu.config import get_settings
from kefu.kit import clock
from kefu.messaging import append as posting
from kefu.messaging import events
from kefu.models import ChatSession, Handoff, Message
from kefu.models.chat import Sender, SessionStatus
from kefu.shop import service as shop


def to_people(
    db: Session, chat_session: ChatSession, *, text: str, intent: str | None = None
) -> None:
    """Route to the group's agents, or make it an offline message with its reply."""
    group = routing.decide_group(db, text, intent=intent)
    offline_due = routing.route(db, chat_session, group_id=group)
    if offline_due is not None:
        notices.offline_reply(db, chat_session, offline_due)


def bot_turn(
    db: Session, chat_session: ChatSession, message: Message, *, greet: bool = False
) -> None:
    """The bot answers the buyer's message, or hands the session to people.

    S01 wants a greeting at once: a new session gets the shop's greeting first,
    unless the buyer only said hello and the bot's answer is the greeting.
    """
    extra = chat_session.extra or {}
    context = bot_service.Context.of(extra.get("bot"))
    result = bot_service.answer(
        db,
        text=message.text,
        customer_id=chat_session.customer_id,
        # The page's product until the buyer names another one in the chat.
        product_id=None if context.product_id else chat_session.product_id,
        context=context,
    )
    chat_session.extra = {**extra, "bot": {**result.context.dump(), **result.summary()}}
    if greet and result.intent != "greeting":
        say_greeting(db, chat_session)
    if result.answer:
        posting.append(db, chat_session, Sender.bot, result.answer)
    if not result.handoff:
        chat_session.waiting_since = None  # the bot answered: nobody waits for a person
        if chat_session.status != SessionStatus.bot:
            routing.record_state(db, chat_session, SessionStatus.bot)
            events.session_changed(db, chat_session)  # the buyer's header: 智能助手
        return
    db.add(Handoff(session_id=chat_session.id, at=clock.now(), reason=result.log_reason()))
    chat_session.waiting_since = message.at
    to_people(db, chat_session, text=message.text, intent=result.intent)


def say_greeting(db: Session, chat_session: ChatSession) -> None:
    """The shop's greeting, from the bot (S01: a new session is greeted at once)."""
    greeting = shop.get(db, "greeting").replace("{店铺名}", get_settings().shop_name)
    posting.append(db, chat_session, Sender.bot, greeting)
