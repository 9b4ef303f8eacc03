"""Quick phrases over HTTP: the reply box's full list, and the paged list of the staff
app's /phrases page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query, UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.downloads import csv_file
from kefu.api.routing import get_db, make_router
from kefu.api.uploads import read_csv
from kefu.audit import service as audit
from kefu.kit.paging import Paged, PageParams, page_params, paged
from kefu.knowledge import service
from kefu.knowledge.schemas import (
    PhraseFilters,
    PhraseIn,
    PhraseItem,
    PhraseOptions,
    PhraseOut,
)
from kefu.models import Agent, QuickPhrase
from kefu.models.team import SERVICE_ROLES, Role

api = make_router(prefix="/api/v1/quick-phrases", tags=["quick-phrases"])
Db = Annotated[Session, Depends(get_db)]
Page = Annotated[PageParams, Depends(page_params)]
ChatAgent = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]
MAX_CSV_BYTES = 1024 * 1024


def _out(row: QuickPhrase) -> PhraseOut:
    return PhraseOut(
        id=row.id,
        shortcut=row.shortcut,
        text=row.text,
        group=row.group_name,
        scope="personal" if row.owner_id else "team",
        campaign=row.campaign,
    )


def _in(body: PhraseIn) -> service.PhraseIn:
    return service.PhraseIn(
        text=body.text,
        shortcut=body.shortcut,
        group_name=body.group,
        team=body.team,
        campaign=body.campaign,
    )


@api.get("", response_model=list[PhraseOut])
def list_phrases(db: Db, agent: ChatAgent, campaign_first: bool = False) -> list[PhraseOut]:
    """The team's phrases and the agent's own, all of them: what the reply box expands;
    ``campaign_first`` (the workbench in surge mode) pins the campaign's phrases on top."""
    rows = service.phrases_for(db, agent_id=agent.id, campaign_first=campaign_first)
    return [_out(row) for row in rows]


@api.get("/list", response_model=Paged[PhraseItem])
def phrase_list(
    db: Db, agent: ChatAgent, page: Page, filters: Annotated[PhraseFilters, Query()]
) -> dict[str, Any]:
    """The phrases page: by group, then shortcut; ``q`` searches shortcut, text and group."""
    team = None if filters.scope is None else filters.scope == "team"
    rows, total = service.phrase_page(
        db, agent=agent, params=page, team=team, group=filters.group, text=filters.q
    )
    items = [
        PhraseItem(
            **_out(row).model_dump(),
            variables=service.variables_in(row.text),
            editable=service.may_change(agent, row),
        )
        for row in rows
    ]
    return paged(items, total, page)


@api.get("/options", response_model=PhraseOptions)
def phrase_options(db: Db, agent: ChatAgent) -> PhraseOptions:
    """What the phrases page offers: its groups, the variables, and team editing."""
    return PhraseOptions(
        groups=service.groups(db, agent=agent),
        variables=list(service.VARIABLES),
        may_edit_team=agent.role == Role.supervisor,
    )


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
    audit.do_record_export(db, actor=agent, what="quick-phrases.csv")
    return csv_file(service.export_csv(db, agent=agent), filename="quick-phrases.csv")


@api.post("/import")
def import_phrases(file: UploadFile, db: Db, agent: ChatAgent) -> dict[str, int]:
    """Add phrases from CSV (shortcut,text,group,scope); one bad row refuses the file."""
    text = read_csv(file, max_bytes=MAX_CSV_BYTES)
    return {"imported": service.do_import_csv(db, agent=agent, data=text)}
