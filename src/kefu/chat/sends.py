"""Many chat sends in one transaction: the WebSocket's group commit (chat/writer.py).

The common send, text into a session people already serve, is written below the
ORM for the whole batch at once: one locked read of the sessions, one look for
retried client ids, one INSERT and one UPDATE, whatever the batch's size. That,
not the commit, is what a send cost through the ORM (about 0.7 ms). Anything
else (a first message that opens a session, a session with the bot, a retry, a
closed session, an offline message answered) goes through ``do_buyer_send`` or
``do_agent_send``, each in a savepoint, so one refused send undoes no other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from kefu.chat import service
from kefu.chat.service import Sent
from kefu.kit import outbox
from kefu.kit.errors import KefuError, NotAuthenticated, found
from kefu.messaging import append
from kefu.messaging import queries as messaging_queries
from kefu.messaging import service as messaging
from kefu.models.chat import Channel, Sender, SessionStatus
from kefu.team import service as team_service

# Where a buyer's text needs nothing but appending: with people, waiting for
# them, or left as an offline message. Not ``bot`` (the bot answers) nor ``open``.
_PLAIN_FOR_BUYER = {SessionStatus.queued, SessionStatus.assigned, SessionStatus.offline}


@dataclass(frozen=True)
class BuyerSend:
    """A buyer's text from the web widget, into ``session_id`` or their live session."""

    customer_id: str
    client_id: str
    text: str
    session_id: str | None = None
    product_id: str | None = None  # the product page, kept by a session this send opens


@dataclass(frozen=True)
class AgentSend:
    agent_id: str
    session_id: str
    client_id: str
    text: str
    login: str | None = None  # the socket's login (token hash): an ended one sends nothing


Send = BuyerSend | AgentSend


@dataclass(frozen=True)
class Outcome:
    """One send's result (or why it was refused) and its share of the events."""

    result: Sent | KefuError
    events: slice


def do_sends(db: Session, *, sends: Sequence[Send]) -> list[Outcome]:
    """Every send of the batch, in order; refused ones as their error, written ones
    not yet committed (the caller commits, then releases the events)."""
    outcomes: dict[int, Outcome] = {}
    texts: dict[int, str] = {}
    logins = {send.login for send in sends if isinstance(send, AgentSend) and send.login}
    live = team_service.live_logins(db, logins=logins)
    for index, send in enumerate(sends):
        try:
            if isinstance(send, AgentSend) and send.login and send.login not in live:
                raise NotAuthenticated("登录已结束，请重新登录", code="session_expired")
            texts[index] = messaging.check_text(send.text)
        except KefuError as exc:
            outcomes[index] = Outcome(exc, slice(0, 0))
    for index in _append_plain(db, sends, texts, outcomes):
        outcomes[index] = _send_alone(db, sends[index])
    return [outcomes[index] for index in range(len(sends))]


def _append_plain(
    db: Session, sends: Sequence[Send], texts: dict[int, str], outcomes: dict[int, Outcome]
) -> list[int]:
    """Write the plain sends in one go; return the indices left for the full path."""
    if not texts:
        return []
    db.flush()
    sessions = _sessions(db, [sends[index] for index in texts])
    targets = {index: _plain_target(sends[index], sessions) for index in texts}
    seen = messaging_queries.seen_client_ids(
        db, pairs={(state.id, sends[index].client_id) for index, state in targets.items() if state}
    )
    names = messaging_queries.agent_names(
        db, agent_ids={send.agent_id for send in sends if isinstance(send, AgentSend)}
    )
    rows: list[dict[str, Any]] = []
    left: list[int] = []
    for index, text in texts.items():
        state, send = targets[index], sends[index]
        if state is None or (state.id, send.client_id) in seen:
            left.append(index)
            continue
        seen.add((state.id, send.client_id))
        by_agent = isinstance(send, AgentSend)
        row = append.columns(
            state,
            Sender.agent if by_agent else Sender.buyer,
            text,
            agent_id=send.agent_id if isinstance(send, AgentSend) else None,
            client_id=send.client_id,
        )
        rows.append(row)
        start = outbox.pending(db)
        posted = append.announce(db, state, row, names.get(row["agent_id"]) if by_agent else None)
        outcomes[index] = Outcome(
            Sent(posted, state.id, created=True), slice(start, outbox.pending(db))
        )
    touched = {row["session_id"]: sessions[row["session_id"]] for row in rows}
    append.store_rows(db, rows, touched.values())
    return left


def _sessions(db: Session, sends: list[Send]) -> dict[str, append.SessionState]:
    """The sessions these sends may go to, by id, plus each buyer's live web session
    (the latest) under ``live:CUSTOMER``."""
    rows = messaging_queries.sessions_for_sends(
        db,
        session_ids={send.session_id for send in sends if send.session_id},
        customer_ids={send.customer_id for send in sends if isinstance(send, BuyerSend)},
        channel=Channel.web.value,
    )
    by_key: dict[str, append.SessionState] = {}
    states = sorted(map(append.SessionState.of, rows), key=lambda state: state.opened_at)
    for state in states:
        state = by_key.setdefault(state.id, state)
        if state.live_on_web:
            by_key[f"live:{state.customer_id}"] = state
    return by_key


def _plain_target(
    send: Send, sessions: dict[str, append.SessionState]
) -> append.SessionState | None:
    """The session the send can simply be appended to, or None for the full path."""
    if isinstance(send, AgentSend):
        state = sessions.get(send.session_id)
        if state is None or state.status != SessionStatus.assigned:
            return None
        return state if state.agent_id == send.agent_id else None
    state = sessions.get(send.session_id or f"live:{send.customer_id}")
    if state is None or state.customer_id != send.customer_id:
        return None
    return state if state.status in _PLAIN_FOR_BUYER else None


def _send_alone(db: Session, send: Send) -> Outcome:
    """The full path, in a savepoint: a refusal rolls back this send alone."""
    start = outbox.pending(db)
    try:
        with db.begin_nested():
            sent = _full_path(db, send)
    except KefuError as exc:
        outbox.drop_after(db, start)
        return Outcome(exc, slice(start, start))
    return Outcome(sent, slice(start, outbox.pending(db)))


def _full_path(db: Session, send: Send) -> Sent:
    if isinstance(send, BuyerSend):
        return service.do_buyer_send(
            db,
            customer_id=send.customer_id,
            client_id=send.client_id,
            text=send.text,
            session_id=send.session_id,
            product_id=send.product_id,
        )
    agent = found(team_service.get_agent(db, send.agent_id), "客服不存在", code="agent_not_found")
    return service.do_agent_send(
        db, agent=agent, session_id=send.session_id, client_id=send.client_id, text=send.text
    )
