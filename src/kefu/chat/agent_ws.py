"""The agent's workbench socket (docs/protocol.md); chat/sockets.py counts it for her
presence."""

from __future__ import annotations

import contextlib
from typing import Any

from fastapi import WebSocket
from sqlalchemy.orm import Session

from kefu.chat import queries, service
from kefu.chat.connection import Connection
from kefu.chat.schemas import (
    SessionFrame,
    read_send,
)
from kefu.chat.sends import AgentSend
from kefu.kit.errors import Forbidden, KefuError
from kefu.messaging import service as messaging
from kefu.models import Agent
from kefu.models.team import SERVICE_ROLES, Role
from kefu.team import service as team_service


def check_origin(websocket: WebSocket) -> None:
    """Browsers send cookies with cross-site WebSockets too; only our own pages may connect."""
    origin = websocket.headers.get("origin")
    if origin and origin.split("://", 1)[-1] != websocket.headers.get("host"):
        raise Forbidden("不允许的来源", code="bad_origin")


def agent_for(websocket: WebSocket) -> tuple[Agent, str]:
    """The agent and her login (its token hash: a logout closes its sockets)."""
    with websocket.app.state.sessionmaker() as db:
        login = team_service.check_login_token(db, token=websocket.cookies.get("kefu_session"))
        agent = login.agent
        if Role(agent.role) not in SERVICE_ROLES:
            raise Forbidden("您的角色无权接待会话", code="role_forbidden")
        db.expunge(agent)
        return agent, login.token_hash


class AgentConnection(Connection):
    """A workbench socket; chat/sockets.py counts it for her presence."""

    def __init__(self, websocket: WebSocket, agent: Agent, login: str) -> None:
        super().__init__(websocket)
        self.agent, self.agent_id, self.login = agent, agent.id, login
        self.sockets = self.app.state.agent_sockets
        self.handlers = {
            "send": self.on_send,
            "typing": self.on_typing,
            "resume": self.on_resume,
            "watch": self.on_watch,
            "read": self.on_read,
            "ping": self.on_ping,
        }

    async def serve(self) -> None:
        try:
            status = await self.sockets.opened(self)
            await self.send({"type": "welcome", "agent_id": self.agent_id, "status": status})
            await super().serve()
        finally:
            self.sockets.closed(self)

    async def close(self, code: int) -> None:
        await self.ws.close(code=code)

    async def on_event(self, event: dict[str, Any]) -> None:
        if event["type"] != "logged_out":
            await super().on_event(event)
        elif event["login"] in (None, self.login):  # this login (or all hers) ended
            await self.end_login()

    async def end_login(self) -> None:
        """Her login ended: this socket says so and closes."""
        self.sockets.closed(self)
        with contextlib.suppress(Exception):  # already gone is as good
            await self.send({"type": "logged_out"})
            await self.close(4401)

    async def on_ping(self, frame: dict[str, Any]) -> None:
        await self.send({"type": "pong"})

    async def on_send(self, frame: dict[str, Any]) -> None:
        send = read_send(frame)
        if not send.session_id:
            raise KefuError("缺少 session_id", code="invalid_frame")

        sent, events = await self.writer.submit(
            AgentSend(
                agent_id=self.agent.id,
                login=self.login,
                session_id=send.session_id,
                client_id=send.client_id,
                text=send.text,
            )
        )
        await self.acknowledge(send.client_id, sent, events)

    async def on_typing(self, frame: dict[str, Any]) -> None:
        session_id = str(frame.get("session_id", ""))
        await self.publish(
            [
                (
                    f"session:{session_id}",
                    {"type": "typing", "session_id": session_id, "from": "agent"},
                )
            ]
        )

    async def on_watch(self, frame: dict[str, Any]) -> None:
        watch = SessionFrame.model_validate(frame)
        await self.job(lambda db: messaging.check_agent_session(db, session_id=watch.session_id))
        self.subscribe(f"session:{watch.session_id}")

    async def on_resume(self, frame: dict[str, Any]) -> None:
        resume = SessionFrame.model_validate(frame)
        messages, seen = await self.job(
            lambda db: queries.agent_resume(
                db, session_id=resume.session_id, last_seen_id=resume.last_seen_id
            )
        )
        self.subscribe(f"session:{resume.session_id}")
        await self.send_history(resume.session_id, messages, seen)

    async def on_read(self, frame: dict[str, Any]) -> None:
        read = SessionFrame.model_validate(frame)

        def work(db: Session) -> None:
            agent = db.get(Agent, self.agent.id)
            chat_session = messaging.check_agent_session(db, session_id=read.session_id)
            assert agent is not None
            service.do_mark_read(db, agent=agent, chat_session=chat_session, seq=read.seq)

        await self.job(work)
