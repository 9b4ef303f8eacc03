"""Chat over HTTP: buyer identity, history, images, ratings; the agent's list,
transfers, closing, status, logout (her buyers move on); the supervisor's overview."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, File, Request, Response, UploadFile
from fastapi.responses import FileResponse
from sqlalchemy.orm import Session

from kefu.api.auth import SESSION_COOKIE, Allow, BuyerAuth, Public, current_login
from kefu.api.buyer_auth import check_buyer_token, check_shop_signature, issue_buyer_token
from kefu.api.routing import get_db, make_router
from kefu.chat import attachments, lists, monitor, presence, queries, service
from kefu.chat.lists import ConversationOut, View
from kefu.chat.schemas import (
    ColleaguesOut,
    IdentifyIn,
    OverviewOut,
    RatingIn,
    ReadIn,
    StatusIn,
    TransferIn,
    VisitorOut,
)
from kefu.chat.shop_info import ShopInfoOut, shop_info
from kefu.config import get_settings
from kefu.crm import service as crm_service
from kefu.kit import clock
from kefu.kit.errors import NotFound, TooManyRequests
from kefu.kit.ids import new_id
from kefu.kit.paging import Paged, PageParams, page_params
from kefu.messaging import queries as messaging_queries
from kefu.messaging import service as messaging
from kefu.messaging.schemas import MessageOut, SessionOut
from kefu.models import Agent
from kefu.models.team import SERVICE_ROLES, Role
from kefu.surge import service as surge
from kefu.surge.schemas import SurgeOut, SwitchIn
from kefu.team import service as team_service
from kefu.team.security import hash_token

api = make_router(prefix="/api/v1/chat", tags=["chat"])
staff_api = make_router(prefix="/api/v1", tags=["team"])
Db = Annotated[Session, Depends(get_db)]
Buyer = Annotated[str, Depends(BuyerAuth())]
ChatAgent = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]
Supervisor = Annotated[Agent, Depends(Allow(Role.supervisor))]
ImageFile = Annotated[UploadFile, File(description="JPEG, PNG or WebP")]
Paging = Annotated[PageParams, Depends(page_params)]


@api.get("/shop-info", response_model=ShopInfoOut, dependencies=[Depends(Public())])
def get_shop_info(db: Db) -> ShopInfoOut:
    """For the buyer page: open now?, hours, when a reply comes, the message length limit."""
    return shop_info(db, now=clock.now())


@api.post(
    "/visitor",
    response_model=VisitorOut,
    dependencies=[Depends(Public())],
    responses={429: {"description": "too many new visitors from this address"}},
)
def new_visitor(request: Request, db: Db) -> VisitorOut:
    """An anonymous buyer: a new visitor id and its token (kept in the browser); at most
    ``KEFU_VISITORS_PER_MINUTE`` per address and minute (429)."""
    # The client's address: behind a proxy, uvicorn takes it from X-Forwarded-For.
    address = request.client.host if request.client else "unknown"
    limit = get_settings().visitors_per_minute
    if not request.app.state.new_visitors.hit(address, limit=limit):
        raise TooManyRequests("访问过于频繁，请稍后再试", code="too_many_visitors", retry_after=60)
    customer = crm_service.do_add_visitor(db)
    return VisitorOut(token=issue_buyer_token(customer.id), customer_id=customer.id)


@api.post("/identify", response_model=VisitorOut, dependencies=[Depends(Public())])
def identify(body: IdentifyIn, db: Db) -> VisitorOut:
    """A buyer the shop vouches for with a signed customer id (see docs/protocol.md)."""
    check_shop_signature(body.customer_id, body.expires, body.sig)
    crm_service.ensure_customer(db, customer_id=body.customer_id)
    return VisitorOut(token=issue_buyer_token(body.customer_id), customer_id=body.customer_id)


@api.get("/my-session", response_model=SessionOut | None)
def my_session(db: Db, customer_id: Buyer) -> SessionOut | None:
    return queries.buyer_session(db, customer_id=customer_id)


@api.get("/my-messages", response_model=list[MessageOut], response_model_by_alias=True)
def my_messages(db: Db, customer_id: Buyer, session_id: str | None = None) -> list[MessageOut]:
    """The buyer's live (or named) session's messages, oldest first."""
    if session_id is not None:
        chat_session = messaging.check_buyer_session(
            db, session_id=session_id, customer_id=customer_id
        )
    else:
        chat_session = messaging.live_session(db, customer_id=customer_id)
        if chat_session is None:
            return []
    return messaging_queries.messages_of(db, chat_session=chat_session)


@api.post("/my-images", response_model=MessageOut, response_model_by_alias=True, status_code=201)
def buyer_image(file: ImageFile, db: Db, customer_id: Buyer) -> MessageOut:
    """Send an image into the buyer's live session (opening one if needed)."""
    image = attachments.save_upload(file.file)
    chat_session = messaging.live_session(db, customer_id=customer_id)
    if chat_session is None:
        sent = service.do_buyer_send(
            db, customer_id=customer_id, client_id=new_id("c"), text="[图片]"
        )
        chat_session = messaging.check_buyer_session(
            db, session_id=sent.session_id, customer_id=customer_id
        )
    attachment = attachments.do_store_image(db, chat_session=chat_session, image=image)
    return service.do_buyer_send(
        db,
        customer_id=customer_id,
        client_id=new_id("c"),
        attachment_id=attachment.id,
        session_id=chat_session.id,
    ).message


@api.post("/my-sessions/{session_id}/rating", status_code=201)
def rate(session_id: str, body: RatingIn, db: Db, customer_id: Buyer) -> dict[str, int]:
    chat_session = messaging.check_buyer_session(db, session_id=session_id, customer_id=customer_id)
    rating = service.do_rate(db, chat_session=chat_session, score=body.score, comment=body.comment)
    return {"score": rating.score}


@api.post("/my-sessions/{session_id}/close", status_code=204)
def buyer_close(session_id: str, db: Db, customer_id: Buyer) -> None:
    chat_session = messaging.check_buyer_session(db, session_id=session_id, customer_id=customer_id)
    service.do_close(db, chat_session=chat_session)


@api.get("/attachments/{attachment_id}", dependencies=[Depends(Public())])
def attachment(
    attachment_id: str, request: Request, db: Db, token: str | None = None
) -> FileResponse:
    """An image, to the buyer of its session (``?token=``) or to a logged-in agent."""
    customer_id = check_buyer_token(token) if token else None
    if customer_id is None:
        current_login(request, db)  # 401 unless an agent is logged in
    row = messaging.check_attachment(db, attachment_id=attachment_id, customer_id=customer_id)
    path = attachments.storage_path(row.sha256)
    if not path.exists():
        raise NotFound("图片不存在", code="attachment_missing")
    return FileResponse(
        path,
        media_type=row.content_type,
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=86400"},
    )


@api.get("/sessions", response_model=list[SessionOut])
def my_conversations(db: Db, agent: ChatAgent) -> list[SessionOut]:
    return queries.workbench_sessions(db, agent=agent)


@api.get("/conversations", response_model=Paged[ConversationOut])
def conversation_list(
    db: Db,
    agent: ChatAgent,
    paging: Paging,
    view: View = View.mine,
    q: str | None = None,
    group_id: str | None = None,
    agent_id: str | None = None,
) -> dict[str, object]:
    """The workbench lists (chat/lists.py): ``q`` finds a buyer's nick or name, an
    order id, or words of a message; ``sort``: waiting_since, last_message_at,
    opened_at, closed_at, queued_at, unread (``-`` for descending)."""
    return lists.conversations(
        db, agent=agent, view=view, params=paging, q=q, group_id=group_id, agent_id=agent_id
    )


@api.get(
    "/sessions/{session_id}/messages", response_model=list[MessageOut], response_model_by_alias=True
)
def session_messages(session_id: str, db: Db, _agent: ChatAgent) -> list[MessageOut]:
    chat_session = messaging.check_agent_session(db, session_id=session_id)
    return messaging_queries.messages_of(db, chat_session=chat_session)


@api.post(
    "/sessions/{session_id}/images",
    response_model=MessageOut,
    response_model_by_alias=True,
    status_code=201,
)
def agent_image(session_id: str, file: ImageFile, db: Db, agent: ChatAgent) -> MessageOut:
    image = attachments.save_upload(file.file)
    chat_session = messaging.check_agent_session(db, session_id=session_id)
    service.check_agent_can_reply(agent, chat_session)
    attachment = attachments.do_store_image(db, chat_session=chat_session, image=image)
    return service.do_agent_send(
        db, agent=agent, session_id=session_id, client_id=new_id("c"), attachment_id=attachment.id
    ).message


@api.post("/sessions/{session_id}/read", status_code=204)
def mark_read(session_id: str, body: ReadIn, db: Db, agent: ChatAgent) -> None:
    chat_session = messaging.check_agent_session(db, session_id=session_id)
    service.do_mark_read(db, agent=agent, chat_session=chat_session, seq=body.seq)


@api.post("/sessions/{session_id}/transfer", response_model=SessionOut)
def transfer(session_id: str, body: TransferIn, db: Db, agent: ChatAgent) -> SessionOut:
    chat_session = messaging.check_agent_session(db, session_id=session_id, for_update=True)
    service.do_transfer(
        db,
        agent=agent,
        chat_session=chat_session,
        to_agent=body.to_agent,
        to_group=body.to_group,
        reason=body.reason,
    )
    return SessionOut.model_validate(chat_session)


@api.post("/sessions/{session_id}/close", status_code=204)
def agent_close(session_id: str, db: Db, agent: ChatAgent) -> None:
    chat_session = messaging.check_agent_session(db, session_id=session_id, for_update=True)
    service.do_close(db, chat_session=chat_session, agent=agent)


@api.put("/status", status_code=204)
def set_status(body: StatusIn, db: Db, agent: ChatAgent) -> None:
    presence.do_set_status(db, agent=agent, status=body.status)


@api.get("/colleagues", response_model=ColleaguesOut)
def colleagues(db: Db, agent: ChatAgent) -> ColleaguesOut:
    """Whom this agent can transfer a chat to, with their status and load."""
    return monitor.colleagues(db, agent=agent)


@api.get("/overview", response_model=OverviewOut)
def overview(db: Db, _agent: Supervisor) -> OverviewOut:
    return monitor.overview(db)


@staff_api.put("/surge", response_model=SurgeOut, tags=["surge"])
def switch_surge(body: SwitchIn, db: Db, agent: Supervisor) -> SurgeOut:
    """The supervisor's switch; the waiting buyers move at once (chat's, not surge's)."""
    service.do_switch_surge(db, on=body.on, by=agent)
    return surge.state(db)


def _log_out(request: Request, db: Session, agent: Agent) -> None:
    """End this login: its workbench sockets close; her last one makes her 离线."""
    token = request.cookies[SESSION_COOKIE]
    went_offline = team_service.do_logout(db, token=token)
    presence.do_logged_out(db, agent=agent, login=hash_token(token), went_offline=went_offline)


@staff_api.post("/auth/logout", status_code=204)
def logout_api(request: Request, db: Db, agent: Annotated[Agent, Depends(Allow())]) -> Response:
    _log_out(request, db, agent)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
