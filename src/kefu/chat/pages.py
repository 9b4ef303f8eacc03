"""Pages: the buyer's chat (/chat). The agent's workbench and the supervisor's live view
are pages of the staff app (web/src/domains/chat/)."""

from __future__ import annotations

from fastapi import Depends, Request, Response
from fastapi.responses import HTMLResponse

from kefu.api.auth import Public
from kefu.api.routing import make_router
from kefu.web.templates import render

pages = make_router(include_in_schema=False)


@pages.get("/chat", response_class=HTMLResponse, dependencies=[Depends(Public())])
def buyer_chat(request: Request) -> Response:
    return render(request, "chat.html")
