"""The buyer's chat socket (docs/protocol.md): sends, typing, resume, rating and close."""

from __future__ import annotations

from typing import Any

from fastapi import WebSocket
from sqlalchemy.orm import Session

from kefu.chat import queries, service
from kefu.chat.connection import Connection
from kefu.chat.schemas import (
    RateFrame,
    ResumeFrame,
    read_send,
)
from kefu.chat.sends import BuyerSend
from kefu.messaging import service as messaging
from kefu.messaging.events import dump
from kefu.messaging.schemas import SessionOut


class BuyerConnection(Connection):
    def __init__(self, websocket: WebSocket, customer_id: str) -> None:
        super().__init__(websocket)
        self.customer_id = customer_id
        self.hold_until_synced = True
        self.handlers = {
            "send": self.on_send,
            "typing": self.on_typing,
            "resume": self.on_resume,
            "rate": self.on_rate,
            "close": self.on_close,
        }

    async def start(self) -> None:
        self.subscribe(f"buyer:{self.customer_id}")

        def work(db: Session) -> SessionOut | None:
            return queries.buyer_session(db, customer_id=self.customer_id)

        live = await self.job(work)
        if live is not None:
            self.subscribe(f"session:{live.id}")
        session = None if live is None else dump(live)
        await self.send({"type": "welcome", "customer_id": self.customer_id, "session": session})

    async def on_event(self, event: dict[str, Any]) -> None:
        if event["type"] == "session" and event["session"]["customer_id"] == self.customer_id:
            self.subscribe(f"session:{event['session']['id']}")
        await super().on_event(event)

    async def on_send(self, frame: dict[str, Any]) -> None:
        send = read_send(frame)
        sent, events = await self.writer.submit(
            BuyerSend(
                customer_id=self.customer_id,
                client_id=send.client_id,
                text=send.text,
                session_id=send.session_id,
                product_id=send.product_id,
            )
        )
        self.subscribe(f"session:{sent.session_id}")
        await self.acknowledge(send.client_id, sent, events)

    async def on_typing(self, frame: dict[str, Any]) -> None:
        session_id = frame.get("session_id")
        if isinstance(session_id, str) and f"session:{session_id}" in self.channels:
            await self.publish(
                [
                    (
                        f"session:{session_id}",
                        {"type": "typing", "session_id": session_id, "from": "buyer"},
                    )
                ]
            )

    async def on_resume(self, frame: dict[str, Any]) -> None:
        resume = ResumeFrame.model_validate(frame)
        session_id, messages, seen = await self.job(
            lambda db: queries.buyer_resume(
                db,
                customer_id=self.customer_id,
                session_id=resume.session_id,
                last_seen_id=resume.last_seen_id,
            )
        )
        if session_id is None:
            await self.send({"type": "history", "session_id": None, "messages": []})
            return
        self.subscribe(f"session:{session_id}")
        await self.send_history(session_id, messages, seen)

    async def on_rate(self, frame: dict[str, Any]) -> None:
        rate = RateFrame.model_validate(frame)

        def work(db: Session) -> None:
            chat_session = messaging.check_buyer_session(
                db, session_id=rate.session_id, customer_id=self.customer_id
            )
            service.do_rate(db, chat_session=chat_session, score=rate.score, comment=rate.comment)

        await self.job(work)
        await self.send({"type": "rated", "session_id": rate.session_id, "score": rate.score})

    async def on_close(self, frame: dict[str, Any]) -> None:
        session_id = str(frame.get("session_id", ""))

        def work(db: Session) -> None:
            chat_session = messaging.check_buyer_session(
                db, session_id=session_id, customer_id=self.customer_id
            )
            service.do_close(db, chat_session=chat_session)

        await self.job(work)
