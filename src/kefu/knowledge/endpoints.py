"""Quick phrases over HTTP, and their page."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.downloads import csv_file
from kefu.api.routing import get_db, make_router
from kefu.api.uploads import read_csv
from kefu.knowledge import service
from kefu.knowledge.schemas import PhraseIn, PhraseOut
from kefu.models import Agent, QuickPhrase
from kefu.models.team import SERVICE_ROLES
from kefu.web.templates import render_for_agent

api = make_router(prefix="/api/v1/quick-phrases", tags=["quick-phrases"])
pages = make_router(tags=["pages"])
Db = Annotated[Session, Depends(get_db)]
ChatAgent = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]
MAX_CSV_BYTES = 1024 * 1024


def _out(row: QuickPhrase) -> PhraseOut:
    return PhraseOut(
        id=row.id,
        shortcut=row.shortcut,
        text=row.text,
        group=row.group_name,
        scope="personal" if row.owner_id else "team",
    )


def _in(body: PhraseIn) -> service.PhraseIn:
    return service.PhraseIn(
        text=body.text, shortcut=body.shortcut, group_name=body.group, team=body.team
    )


@api.get("", response_model=list[PhraseOut])
def list_phrases(db: Db, agent: ChatAgent) -> list[PhraseOut]:
    """The team's phrases and the agent's own."""
    return [_out(row) for row in service.phrases_for(db, agent_id=agent.id)]


@api.post("", response_model=PhraseOut, status_code=201)
def add_phrase(body: PhraseIn, db: Db, agent: ChatAgent) -> PhraseOut:
    return _out(service.do_save(db, agent=agent, phrase=_in(body)))


@api.put("/{phrase_id}", response_model=PhraseOut)
def update_phrase(phrase_id: str, body: PhraseIn, db: Db, agent: ChatAgent) -> PhraseOut:
    row = service.get_own(db, agent=agent, phrase_id=phrase_id)
    return _out(service.do_update(db, agent=agent, row=row, phrase=_in(body)))


@api.delete("/{phrase_id}", status_code=204)
def delete_phrase(phrase_id: str, db: Db, agent: ChatAgent) -> None:
    service.do_delete(db, row=service.get_own(db, agent=agent, phrase_id=phrase_id))


@api.get(".csv")
def export_phrases(db: Db, agent: ChatAgent) -> Response:
    return csv_file(service.export_csv(db, agent=agent), filename="quick-phrases.csv")


@api.post("/import")
async def import_phrases(file: UploadFile, db: Db, agent: ChatAgent) -> dict[str, int]:
    """Add phrases from CSV (shortcut,text,group,scope); one bad row refuses the file."""
    text = await read_csv(file, max_bytes=MAX_CSV_BYTES)
    return {"imported": service.do_import_csv(db, agent=agent, data=text)}


@pages.get("/phrases")
def phrases_page(request: Request, db: Db, agent: ChatAgent) -> Response:
    return render_for_agent(request, db, agent, "phrases.html")
