"""Chat business rules: ``check_*`` validates and checks access, ``do_*`` changes
and emits events. Never commits: the request, WebSocket or mail edge does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from kefu.bot import service as bot_service
from kefu.catalog import service as catalog_service
from kefu.chat import notices, repository, routing, turns
from kefu.crm import service as crm_service
from kefu.kit import clock
from kefu.kit.errors import BadInput, Conflict, Forbidden, NotFound
from kefu.kit.ids import new_id
from kefu.kpi import summaries as kpi_summaries
from kefu.messaging import append as posting
from kefu.messaging import events
from kefu.messaging import queries as messaging_queries
from kefu.messaging.schemas import MessageOut
from kefu.messaging.service import check_agent_session, check_buyer_session, check_text
from kefu.models import Agent, ChatSession, Handoff, Rating, Transfer
from kefu.models.chat import Channel, HandoffReason, Sender, SessionStatus
from kefu.models.team import AgentStatus, Role
from kefu.models.work import TaskKind
from kefu.qc import service as qc_service
from kefu.surge import service as surge
from kefu.task import service as task_service


@dataclass(frozen=True)
class Sent:
    posted: events.Posted  # the message as clients see it, serialised once (the ack's)
    session_id: str
    created: bool  # False when the client id was seen before (a retry)

    @property
    def message(self) -> MessageOut:
        return self.posted.out()


def check_agent_can_reply(agent: Agent, chat_session: ChatSession) -> None:
    if chat_session.status == SessionStatus.closed:
        raise Conflict("会话已结束", code="session_closed")
    if chat_session.status == SessionStatus.offline or agent.role == Role.supervisor:
        return
    if chat_session.agent_id != agent.id:
        raise Forbidden("该会话不由您接待", code="not_your_session")


def do_buyer_send(
    db: Session,
    *,
    customer_id: str,
    client_id: str,
    text: str | None = None,
    channel: Channel = Channel.web,
    attachment_id: str | None = None,
    subject: str | None = None,
    external_id: str | None = None,
    session_id: str | None = None,
    product_id: str | None = None,
) -> Sent:
    """A buyer's message: into their live session, or a new one that is greeted and routed
    (and remembers ``product_id``, the product page the buyer came from)."""
    text = check_text(text, allow_empty=attachment_id is not None)
    origin = {"client_id": client_id, "attachment_id": attachment_id, "external_id": external_id}
    if session_id is not None:
        chat_session = check_buyer_session(
            db, session_id=session_id, customer_id=customer_id, for_update=True
        )
        if chat_session.status == SessionStatus.closed:
            chat_session = None
    else:
        chat_session = messaging_queries.live_session_of(
            db, customer_id=customer_id, channel=channel.value, for_update=True
        )
    if chat_session is not None:
        seen = messaging_queries.by_client_id(db, session_id=chat_session.id, client_id=client_id)
        if seen is not None:
            return Sent(posting.out(db, seen), chat_session.id, created=False)
        message = posting.append(db, chat_session, Sender.buyer, text, **origin)
        if chat_session.status == SessionStatus.bot:
            turns.bot_turn(db, chat_session, message)
        elif chat_session.status == SessionStatus.assigned:
            notices.away_reply(db, chat_session)
        return Sent(posting.out(db, message), chat_session.id, created=True)
    earlier = messaging_queries.buyer_message_by_client_id(
        db, customer_id=customer_id, client_id=client_id
    )
    if earlier is not None:  # a resend of a message whose session closed before the ack
        return Sent(posting.out(db, earlier), earlier.session_id, created=False)
    return _open_session(
        db,
        customer_id=customer_id,
        text=text,
        channel=channel,
        subject=subject,
        origin=origin,
        product_id=product_id,
    )


def _open_session(
    db: Session,
    *,
    customer_id: str,
    text: str,
    channel: Channel,
    subject: str | None,
    origin: dict[str, str | None],
    product_id: str | None,
) -> Sent:
    crm_service.get_customer(db, customer_id)  # a token may outlive its customer (merged, erased)
    product = catalog_service.get_product(db, product_id) if product_id else None
    now = clock.now()
    chat_session = ChatSession(
        id=new_id("s"),
        customer_id=customer_id,
        channel=channel.value,
        opened_at=now,
        status=SessionStatus.open.value,
        last_seq=0,
        agent_read_seq=0,
        subject=subject,
        product_id=product.id if product else None,
        product_title=product.title if product else None,
    )
    repository.add(db, chat_session)
    routing.record_state(db, chat_session, SessionStatus.open)
    first = posting.append(db, chat_session, Sender.buyer, text, **origin)
    if bot_service.enabled(db):
        turns.bot_turn(db, chat_session, first, greet=True)
        return Sent(posting.out(db, first), chat_session.id, created=True)
    turns.say_greeting(db, chat_session)
    db.add(Handoff(session_id=chat_session.id, at=clock.now(), reason=HandoffReason.rule.value))
    turns.to_people(db, chat_session, text=text)
    return Sent(posting.out(db, first), chat_session.id, created=True)


def do_agent_send(
    db: Session,
    *,
    agent: Agent,
    session_id: str,
    client_id: str,
    text: str | None = None,
    attachment_id: str | None = None,
    card: dict[str, Any] | None = None,
) -> Sent:
    text = check_text(text, allow_empty=attachment_id is not None)
    chat_session = check_agent_session(db, session_id=session_id, for_update=True)
    seen = messaging_queries.by_client_id(db, session_id=chat_session.id, client_id=client_id)
    if seen is not None:
        return Sent(posting.out(db, seen), chat_session.id, created=False)
    check_agent_can_reply(agent, chat_session)
    if chat_session.status == SessionStatus.offline:
        task_service.do_finish_session_tasks(
            db,
            session_id=chat_session.id,
            kind=TaskKind.offline_message,
            note=f"{agent.name} 已回复",
        )
        routing.assign(db, chat_session, agent_id=agent.id, note="回复留言")
    message = posting.append(
        db,
        chat_session,
        Sender.agent,
        text,
        agent=agent,
        client_id=client_id,
        attachment_id=attachment_id,
        card=card,
    )
    return Sent(posting.out(db, message, agent.name), chat_session.id, created=True)


def do_close(db: Session, *, chat_session: ChatSession, agent: Agent | None = None) -> None:
    if chat_session.status == SessionStatus.closed:
        return
    if agent is not None:
        check_agent_can_reply(agent, chat_session)
    group_id = chat_session.group_id
    chat_session.closed_at = clock.now()
    chat_session.waiting_since = None
    routing.record_state(
        db, chat_session, SessionStatus.closed, agent_id=agent.id if agent else None
    )
    db.flush()
    qc_service.do_record_inspection(db, session_id=chat_session.id, agent_id=chat_session.agent_id)
    kpi_summaries.do_refresh(db, session_ids=[chat_session.id])
    events.session_changed(db, chat_session)
    routing.drain_queue(db, group_id)


def do_rate(db: Session, *, chat_session: ChatSession, score: int, comment: str | None) -> Rating:
    if db.get(Rating, chat_session.id) is not None:
        raise Conflict("本次会话已评价", code="already_rated")
    rating = Rating(
        session_id=chat_session.id, score=score, at=clock.now(), comment=comment or None
    )
    repository.add(db, rating)
    task_service.do_follow_up_low_score(
        db,
        reason="会话评价",
        key=f"rating:{chat_session.id}",
        score=score,
        customer_id=chat_session.customer_id,
        group_id=chat_session.group_id,
        session_id=chat_session.id,
    )
    return rating


def do_transfer(
    db: Session,
    *,
    agent: Agent,
    chat_session: ChatSession,
    to_agent: str | None,
    to_group: str | None,
    reason: str,
) -> Transfer:
    """Hand the buyer to a colleague or group; rule S06 needs a reason."""
    reason = reason.strip()
    if not reason:
        raise BadInput("转接必须填写原因", code="transfer_reason_required")
    if (to_agent is None) == (to_group is None):
        raise BadInput("请选择转给同事或分组之一", code="transfer_target_required")
    check_agent_can_reply(agent, chat_session)
    target = _transfer_target(db, to_agent=to_agent, to_group=to_group)
    if target.id == chat_session.agent_id:
        raise Conflict("会话已由该客服接待", code="same_agent")
    transfer = Transfer(
        session_id=chat_session.id,
        at=clock.now(),
        from_agent_id=chat_session.agent_id,
        to_agent_id=target.id,
        reason=reason,
    )
    repository.add(db, transfer)
    old_group = chat_session.group_id
    chat_session.group_id = target.group_id or chat_session.group_id
    routing.assign(
        db,
        chat_session,
        agent_id=target.id,
        note=f"转接：{reason}",
        notice=notices.transfer_text(target),
    )
    routing.drain_queue(db, old_group)
    return transfer


def _transfer_target(db: Session, *, to_agent: str | None, to_group: str | None) -> Agent:
    if to_group is not None:
        free = repository.free_agents(db, to_group, limit=surge.chat_limit(db))
        if not free:
            raise Conflict(f"{to_group} 暂无空闲客服", code="no_free_agent")
        return free[0][0]
    assert to_agent is not None
    target = db.get(Agent, to_agent)
    if target is None or not target.active:
        raise NotFound("没有这位客服", code="agent_not_found")
    if target.status != AgentStatus.online:
        raise Conflict(f"{target.name} 当前不在线", code="agent_not_online")
    if repository.agent_load(db, target.id) >= surge.limit_of(db, target):
        raise Conflict(f"{target.name} 已达接待上限", code="agent_at_capacity")
    return target


def do_switch_surge(db: Session, *, on: bool, by: Agent) -> int:
    """The supervisor switches surge mode (大促模式); its raised limit and overflow
    take the waiting buyers at once. Returns how many chats moved out of the queue."""
    surge.do_switch(db, on=on, by=by)
    return routing.drain_every_queue(db)


def do_mark_read(db: Session, *, agent: Agent, chat_session: ChatSession, seq: int) -> None:
    check_agent_can_reply(agent, chat_session)
    chat_session.agent_read_seq = max(chat_session.agent_read_seq, min(seq, chat_session.last_seq))
    db.flush()
