"""The web application: every domain's routers under one FastAPI app."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from kefu import __version__
from kefu.aftersale import endpoints as aftersale_endpoints
from kefu.api.auth import Public, assert_every_route_guarded
from kefu.api.errors import install_error_handlers
from kefu.api.headers import SecurityHeaders, keep_secrets_out_of_logs
from kefu.api.limits import BodyLimit
from kefu.api.routing import get_db, make_router
from kefu.appraisal import endpoints as appraisal_endpoints
from kefu.audit import endpoints as audit_endpoints
from kefu.background import start_background
from kefu.bot import endpoints as bot_endpoints
from kefu.care import endpoints as care_endpoints
from kefu.catalog import endpoints as catalog_endpoints
from kefu.chat import endpoints as chat_endpoints
from kefu.chat import ws as chat_ws
from kefu.chat.sockets import AgentSockets
from kefu.chat.writer import SendWriter
from kefu.config import get_settings
from kefu.crm import endpoints as crm_endpoints
from kefu.db import DB_SLOTS, make_engine, make_sessionmaker, read_only
from kefu.feedback import endpoints as feedback_endpoints
from kefu.followup import endpoints as followup_endpoints
from kefu.history import endpoints as history_endpoints
from kefu.hotline import endpoints as hotline_endpoints
from kefu.incident import endpoints as incident_endpoints
from kefu.invoice import endpoints as invoice_endpoints
from kefu.kit.rate import RateLimit
from kefu.knowledge import endpoints as knowledge_endpoints
from kefu.kpi import endpoints as kpi_endpoints
from kefu.notify import endpoints as notify_endpoints
from kefu.order import endpoints as order_endpoints
from kefu.parcel import endpoints as parcel_endpoints
from kefu.qc import endpoints as qc_endpoints
from kefu.realtime import make_broker
from kefu.repair import endpoints as repair_endpoints
from kefu.reship import endpoints as reship_endpoints
from kefu.selling import endpoints as selling_endpoints
from kefu.shift import endpoints as shift_endpoints
from kefu.shop import endpoints as shop_endpoints
from kefu.surge import endpoints as surge_endpoints
from kefu.task import endpoints as task_endpoints
from kefu.team import endpoints as team_endpoints
from kefu.ticket import endpoints as ticket_endpoints
from kefu.training import endpoints as training_endpoints
from kefu.web.spa import mount_front_end

health = make_router(tags=["ops"])
LOGIN_SLOTS = 2


@health.get("/healthz", dependencies=[Depends(Public())])
def healthz(db: Annotated[Session, Depends(get_db)]) -> dict[str, str]:
    read_only(db)  # a health check never queues for SQLite's write lock
    db.execute(text("SELECT 1"))
    return {"status": "ok", "version": __version__}


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    broker = app.state.broker
    await broker.start()
    background = await start_background(app)
    try:
        yield
    finally:
        await background.stop()
        await broker.stop()


def create_app(engine: Engine | None = None, *, redis_url: str | None = None) -> FastAPI:
    app = FastAPI(
        title="Kefu 客服 API",
        version=__version__,
        openapi_url="/openapi.json",
        docs_url=None,  # served from local files by kefu.web.spa, never a CDN
        redoc_url=None,
        description="Every route states the roles it admits; anything else is 401/403.",
        lifespan=lifespan,
    )
    app.state.engine = engine or make_engine()
    app.state.sessionmaker = make_sessionmaker(app.state.engine)
    app.state.broker = make_broker(redis_url or get_settings().redis_url)
    # Waited for asynchronously, so a burst of requests queues without tying up threads.
    app.state.db_slots = asyncio.Semaphore(DB_SLOTS)
    # Logins checked at once (team/endpoints.py): a burst of password guesses queues
    # there instead of taking the CPU and the database from everyone else.
    app.state.login_slots = asyncio.Semaphore(LOGIN_SLOTS)
    app.state.send_writer = SendWriter(app.state)
    app.state.agent_sockets = AgentSockets(app.state)
    app.state.new_visitors = RateLimit(window=60.0)  # per address (chat.endpoints.new_visitor)
    app.state.page_views = RateLimit(window=60.0)  # per viewer (selling.endpoints.record_view)
    install_error_handlers(app)
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)
    keep_secrets_out_of_logs()
    routers = (
        health,
        team_endpoints.auth_api,
        team_endpoints.api,
        history_endpoints.api,
        chat_endpoints.api,
        chat_endpoints.staff_api,
        chat_ws.router,
        crm_endpoints.api,
        crm_endpoints.segment_api,
        shop_endpoints.api,
        surge_endpoints.api,
        qc_endpoints.api,
        kpi_endpoints.api,
        bot_endpoints.api,
        knowledge_endpoints.api,
        care_endpoints.api,
        care_endpoints.survey_api,
        feedback_endpoints.api,
        aftersale_endpoints.api,
        aftersale_endpoints.complaint_api,
        aftersale_endpoints.review_api,
        order_endpoints.api,
        reship_endpoints.api,
        invoice_endpoints.api,
        invoice_endpoints.buyer_api,
        task_endpoints.api,
        catalog_endpoints.api,
        notify_endpoints.api,
        audit_endpoints.api,
        followup_endpoints.api,
        incident_endpoints.api,
        repair_endpoints.api,
        repair_endpoints.warranty_api,
        parcel_endpoints.api,
        ticket_endpoints.api,
        ticket_endpoints.department_api,
        ticket_endpoints.claim_api,
        selling_endpoints.api,
        selling_endpoints.view_api,
        appraisal_endpoints.api,
        training_endpoints.api,
        shift_endpoints.api,
        hotline_endpoints.api,
    )
    for router in routers:
        app.include_router(router)
    mount_front_end(app)
    assert_every_route_guarded(app)
    return app
