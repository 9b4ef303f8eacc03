"""The chat WebSocket routes (docs/protocol.md): who may connect, and the refusal a
browser can read. What a connection does is in chat/connection.py, with the buyer's
and the agent's frames in chat/buyer_ws.py and chat/agent_ws.py."""

from __future__ import annotations

import orjson
from fastapi import APIRouter, WebSocket
from starlette.concurrency import run_in_threadpool

from kefu.api.buyer_auth import check_buyer_token
from kefu.chat.agent_ws import AgentConnection, agent_for, check_origin
from kefu.chat.buyer_ws import BuyerConnection
from kefu.kit.errors import KefuError, NotAuthenticated
from kefu.models.team import Role

router = APIRouter()


async def _refuse(websocket: WebSocket, exc: KefuError, code: int) -> None:
    await websocket.accept()
    await websocket.send_text(orjson.dumps({"type": "error", **exc.as_dict()}).decode())
    await websocket.close(code=code)


@router.websocket("/ws/buyer")
async def buyer_socket(websocket: WebSocket) -> None:
    try:
        customer_id = check_buyer_token(websocket.query_params.get("token"))
    except KefuError as exc:
        await _refuse(websocket, exc, 4401)
        return
    await websocket.accept()
    connection = BuyerConnection(websocket, customer_id)
    await connection.start()
    await connection.serve()


@router.websocket("/ws/agent")
async def agent_socket(websocket: WebSocket) -> None:
    try:
        check_origin(websocket)
        async with websocket.app.state.db_slots:
            agent, login = await run_in_threadpool(agent_for, websocket)
    except KefuError as exc:
        await _refuse(websocket, exc, 4401 if isinstance(exc, NotAuthenticated) else 4403)
        return
    await websocket.accept()
    connection = AgentConnection(websocket, agent, login)
    connection.subscribe(f"agent:{agent.id}")
    if agent.role == Role.supervisor:
        connection.subscribe("supervisors")
    await connection.serve()
