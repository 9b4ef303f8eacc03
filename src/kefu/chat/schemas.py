"""Shapes of chat messages and sessions, in the API and on the WebSocket."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, NamedTuple

from pydantic import BaseModel, Field

from kefu.messaging.schemas import SessionOut
from kefu.models.team import AgentStatus

CLIENT_ID_PATTERN = r"[A-Za-z0-9_.:-]{1,64}"
ClientId = Field(min_length=1, max_length=64, pattern=rf"^{CLIENT_ID_PATTERN}$")


class VisitorOut(BaseModel):
    token: str
    customer_id: str


class IdentifyIn(BaseModel):
    customer_id: str = Field(min_length=1, max_length=64)
    expires: int = Field(description="unix time the shop's signature stops being valid")
    sig: str = Field(
        min_length=64, max_length=64, description="hex HMAC-SHA256 of 'customer_id|expires'"
    )


class TransferIn(BaseModel):
    to_agent: str | None = None
    to_group: str | None = None
    reason: str = Field(default="", max_length=500)


class RatingIn(BaseModel):
    score: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=500)


class StatusIn(BaseModel):
    status: AgentStatus


class ReadIn(BaseModel):
    seq: int = Field(ge=0)


class AgentLoad(BaseModel):
    id: str
    name: str
    role: str
    group_id: str | None
    group_name: str | None = None
    status: str
    load: int
    max_concurrent: int


class QueueOut(BaseModel):
    group_id: str
    group_name: str
    queued: int
    oldest_queued_at: dt.datetime | None


class GroupOut(BaseModel):
    id: str
    name: str
    free: int  # agents online and under their maximum: a transfer to the group will land


class ColleaguesOut(BaseModel):
    """Whom an agent can transfer a chat to: colleagues who serve buyers, and their groups."""

    agents: list[AgentLoad]
    groups: list[GroupOut]


class OverviewOut(BaseModel):
    """The supervisor's view: queues, loads and buyers waiting too long."""

    queues: list[QueueOut]
    agents: list[AgentLoad]
    waiting_over_60s: list[SessionOut]
    offline_open: int


# Frames a client sends on the chat WebSockets (docs/protocol.md).


class SendFrame(BaseModel):
    client_id: str = ClientId
    text: str = ""  # its length and emptiness: service.check_text, in Chinese
    session_id: str | None = None
    product_id: str | None = Field(default=None, max_length=64)  # the page's product


class Send(NamedTuple):
    """A ``send`` frame's fields, read by ``read_send``."""

    client_id: str
    text: str
    session_id: str | None = None
    product_id: str | None = None


_CLIENT_ID = re.compile(CLIENT_ID_PATTERN)
_PLAIN_SEND = frozenset({"type", "client_id", "text", "session_id"})


def read_send(frame: dict[str, Any]) -> Send:
    """A ``send`` frame, validated once. The common one (a client id and a text, an
    agent's with its session) is checked here directly, with ``SendFrame``'s rules;
    anything else goes through ``SendFrame``, whose errors the socket reports."""
    client_id, text, session_id = frame.get("client_id"), frame.get("text"), frame.get("session_id")
    if (
        type(client_id) is str
        and type(text) is str
        and (session_id is None or type(session_id) is str)
        and frame.keys() <= _PLAIN_SEND
        and _CLIENT_ID.fullmatch(client_id)
    ):
        return Send(client_id, text, session_id)
    send = SendFrame.model_validate(frame)
    return Send(send.client_id, send.text, send.session_id, send.product_id)


class SessionFrame(BaseModel):
    session_id: str
    last_seen_id: str | None = None
    seq: int = 0


class ResumeFrame(BaseModel):
    session_id: str | None = None
    last_seen_id: str | None = None


class RateFrame(BaseModel):
    session_id: str
    score: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=500)
