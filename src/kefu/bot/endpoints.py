"""The bot over HTTP: ask, agent assist, and the FAQ knowledge base (the staff app's /kb)."""

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
from kefu.bot import assist, kb, marks, proposals, templates
from kefu.bot import service as bot_service
from kefu.bot.schemas import (
    AskIn,
    AskOut,
    KbEntryIn,
    KbEntryOut,
    KbFilters,
    KbOptions,
    LabelIn,
    LabelOut,
    MineIn,
    MineOut,
    ProposalEdit,
    ProposalOut,
    SuggestOut,
)
from kefu.kit.paging import Paged, PageParams, page_params, paged
from kefu.models import Agent, KbEntry
from kefu.models.team import QC_DESK, SERVICE_ROLES, Role

api = make_router(prefix="/api/v1/bot", tags=["bot"])
Db = Annotated[Session, Depends(get_db)]
Page = Annotated[PageParams, Depends(page_params)]
Staff = Annotated[Agent, Depends(Allow(*SERVICE_ROLES, *QC_DESK))]
Editor = Annotated[Agent, Depends(Allow(Role.supervisor))]
MAX_CSV_BYTES = 2 * 1024 * 1024


@api.post("/ask", response_model=AskOut)
def ask(body: AskIn, db: Db, _agent: Staff) -> AskOut:
    """What the bot would answer to this buyer message (and whether it hands off);
    ``product_id`` is the product of the page the buyer chats from."""
    result = bot_service.answer(
        db, text=body.text, customer_id=body.customer_id, product_id=body.product_id
    )
    return AskOut(**result.public())


@api.get("/suggest", response_model=SuggestOut)
def suggest(session_id: str, message_id: str, db: Db, agent: Staff) -> SuggestOut:
    """The top 3 replies (FAQ answers, quick phrases) to a buyer message; never sent."""
    return assist.suggest(db, agent=agent, session_id=session_id, message_id=message_id)


def _entry_out(row: KbEntry, product_title: str | None) -> KbEntryOut:
    return KbEntryOut.model_validate(row).model_copy(update={"product_title": product_title})


@api.get("/kb", response_model=Paged[KbEntryOut])
def list_entries(
    db: Db, _agent: Staff, page: Page, filters: Annotated[KbFilters, Query()]
) -> dict[str, Any]:
    """The knowledge base by intent (then id), with each entry's product title."""
    rows, total = kb.entry_page(
        db,
        params=page,
        intent=filters.intent,
        product_id=filters.product_id,
        enabled=filters.enabled,
        text=filters.q,
    )
    return paged([_entry_out(row, title) for row, title in rows], total, page)


@api.get("/kb/options", response_model=KbOptions)
def kb_options(_agent: Staff) -> KbOptions:
    """The answer template's variables; the product ones need the entry's product."""
    return KbOptions(
        variables=list(templates.SHOP_FIELDS) + sorted(templates.PRODUCT_FIELDS),
        product_variables=sorted(templates.PRODUCT_FIELDS),
    )


@api.post("/kb", response_model=KbEntryOut, status_code=201)
def add_entry(body: KbEntryIn, db: Db, _agent: Editor) -> KbEntryOut:
    row = kb.do_add(db, entry=kb.EntryIn(**body.model_dump()))
    db.flush()
    return _entry_out(row, kb.product_title(db, row.product_id))


@api.put("/kb/{entry_id}", response_model=KbEntryOut)
def update_entry(entry_id: str, body: KbEntryIn, db: Db, _agent: Editor) -> KbEntryOut:
    row = kb.do_update(db, row=kb.get_entry(db, entry_id), entry=kb.EntryIn(**body.model_dump()))
    db.flush()
    return _entry_out(row, kb.product_title(db, row.product_id))


@api.delete("/kb/{entry_id}", status_code=204)
def delete_entry(entry_id: str, db: Db, _agent: Editor) -> None:
    kb.do_delete(db, row=kb.get_entry(db, entry_id))


@api.get("/kb.csv")
def export_entries(db: Db, agent: Staff) -> Response:
    audit.do_record_export(db, actor=agent, what="kb.csv")
    return csv_file(kb.export_csv(db), filename="kb.csv")


@api.post("/kb/import")
def import_entries(file: UploadFile, db: Db, _agent: Editor) -> dict[str, int]:
    """Add or replace entries from CSV; one bad row refuses the whole file."""
    text = read_csv(file, max_bytes=MAX_CSV_BYTES)
    return {"imported": kb.do_import_csv(db, data=text)}


@api.get("/proposals", response_model=Paged[ProposalOut])
def list_proposals(
    db: Db,
    _agent: Staff,
    paging: Page,
    status: str | None = None,
    intent: str | None = None,
    q: str | None = None,
) -> dict[str, object]:
    """FAQ entries mined from the history (``sort``: count, sessions, created_at, intent)."""
    return proposals.page(db, params=paging, status=status, intent=intent, q=q)


@api.post("/proposals/mine", response_model=MineOut)
def mine_proposals(body: MineIn, db: Db, _agent: Editor) -> MineOut:
    """Mine the history again; proposals still waiting are replaced."""
    report = proposals.do_mine(
        db, date_from=body.date_from, date_to=body.date_to, min_count=body.min_count
    )
    return MineOut(**report.__dict__)


@api.get("/proposals/{proposal_id}", response_model=ProposalOut)
def get_proposal(proposal_id: str, db: Db, _agent: Staff) -> dict[str, object]:
    return proposals.item(proposals.get(db, proposal_id))


@api.put("/proposals/{proposal_id}", response_model=ProposalOut)
def edit_proposal(
    proposal_id: str, body: ProposalEdit, db: Db, _agent: Editor
) -> dict[str, object]:
    row = proposals.do_edit(db, row=proposals.get(db, proposal_id), **body.model_dump())
    return proposals.item(row)


@api.post("/proposals/{proposal_id}/accept", response_model=ProposalOut)
def accept_proposal(
    proposal_id: str, db: Db, agent: Editor, body: ProposalEdit | None = None
) -> dict[str, object]:
    """Accept (with last edits, if given): the FAQ entry answers from now on."""
    row = proposals.get(db, proposal_id)
    if body is not None:
        proposals.do_edit(db, row=row, **body.model_dump())
    return proposals.item(proposals.do_accept(db, row=row, agent=agent), agent.name)


@api.post("/proposals/{proposal_id}/reject", response_model=ProposalOut)
def reject_proposal(proposal_id: str, db: Db, agent: Editor) -> dict[str, object]:
    row = proposals.do_reject(db, row=proposals.get(db, proposal_id), agent=agent)
    return proposals.item(row, agent.name)


@api.get("/labels", response_model=Paged[LabelOut])
def list_labels(
    db: Db, _agent: Staff, paging: Page, intent: str | None = None, q: str | None = None
) -> dict[str, object]:
    """Buyer messages agents marked with an intent (``sort``: at, intent)."""
    return marks.page(db, params=paging, intent=intent, q=q)


@api.put("/labels/{message_id}", status_code=204)
def mark_message(message_id: str, body: LabelIn, db: Db, agent: Staff) -> None:
    """ "This is intent X": the message joins the labelled data of the next train."""
    marks.do_mark(db, agent=agent, message_id=message_id, intent=body.intent)


@api.delete("/labels/{message_id}", status_code=204)
def unmark_message(message_id: str, db: Db, _agent: Staff) -> None:
    marks.do_unmark(db, message_id=message_id)
