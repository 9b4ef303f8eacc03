"""A message and a session as clients see them, in the API and on the WebSocket."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_TEXT = 2000


class MessageOut(BaseModel):
    id: str
    session_id: str
    seq: int | None
    at: dt.datetime
    sender: Literal["buyer", "agent", "bot", "system"] = Field(serialization_alias="from")
    agent_id: str | None = None
    agent_name: str | None = None
    text: str
    kind: str = "text"
    attachment_url: str | None = None
    client_id: str | None = None
    # kind "card": a product card {product_id, title, price, image, link}; text says the same
    card: dict[str, Any] | None = None


class SessionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    customer_id: str
    customer_nick: str | None = None
    channel: str
    status: str
    group_id: str | None
    agent_id: str | None
    agent_name: str | None = None  # who serves, for the buyer page's header: 小美
    agent_role: str | None = None  # and as what: 售前客服
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    waiting_since: dt.datetime | None
    unread: int = 0
    queue_position: int | None = None
    bot_intent: str | None = None
    handoff_reason: str | None = None
    product_id: str | None = None
    product_title: str | None = None
