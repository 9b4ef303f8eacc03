"""The ceiling for bench/chat_bench.py: Kefu's chat frames with none of Kefu's work.

Same routes and frames as Kefu's hot path: a buyer's ``send`` is answered with an
``ack`` carrying the message, and the message goes to an agent's socket. Nothing
is checked, stored, routed or published. With the same client on the same cores,
no server that speaks Kefu's protocol can do better, so this splits the gap to the
echo in two: what the protocol's shape costs (a send is three frames where an echo
is two) and what Kefu's work costs (this against Kefu).
"""

from __future__ import annotations

import datetime as dt
import itertools

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

agents: list[WebSocket] = []
numbers = itertools.count(1)


async def visitor(_request: Request) -> JSONResponse:
    return JSONResponse({"token": f"v{next(numbers)}"})


async def buyer(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_text(orjson.dumps({"type": "welcome", "session": None}).decode())
    session_id, agent = f"s{next(numbers)}", agents[next(numbers) % len(agents)]
    try:
        for seq in itertools.count(1):
            frame = orjson.loads(await websocket.receive_text())
            message = {
                "id": f"m{next(numbers)}",
                "session_id": session_id,
                "seq": seq,
                "at": dt.datetime.now(dt.UTC).isoformat(),
                "from": "buyer",
                "agent_id": None,
                "agent_name": None,
                "text": frame["text"],
                "kind": "text",
                "attachment_url": None,
                "client_id": frame["client_id"],
            }
            ack = {"type": "ack", "client_id": frame["client_id"], "duplicate": False}
            await websocket.send_text(orjson.dumps({**ack, "message": message}).decode())
            await agent.send_text(orjson.dumps({"type": "message", "message": message}).decode())
    except WebSocketDisconnect:
        pass


async def agent(websocket: WebSocket) -> None:
    await websocket.accept()
    agents.append(websocket)
    await websocket.send_text(orjson.dumps({"type": "welcome"}).decode())
    try:
        while True:
            await websocket.receive_text()
    except WebSocketDisconnect:
        agents.remove(websocket)


app = Starlette(
    routes=[
        Route("/api/v1/chat/visitor", visitor, methods=["POST"]),
        WebSocketRoute("/ws/buyer", buyer),
        WebSocketRoute("/ws/agent", agent),
    ]
)
