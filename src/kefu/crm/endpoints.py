"""Customers over HTTP: the workbench panel, the archive (profile), tags, notes,
search, merges, segments (the staff app's /segments), hotline calls; and the profile page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Query
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.routing import get_db, make_router
from kefu.crm import merge, panel, profile, segment_fields, segments, service
from kefu.crm.schemas import (
    CallIn,
    CallOut,
    CustomerFilters,
    CustomerListItem,
    MergeIn,
    NoteIn,
    PanelOut,
    ProfileIn,
    ProfileOut,
    SegmentFields,
    SegmentIn,
    SegmentItem,
    SegmentMember,
    SegmentOut,
    SegmentPreview,
    TagIn,
)
from kefu.kit.paging import Paged, PageParams, page_params, paged
from kefu.models import Agent, PhoneCall, Segment
from kefu.models.team import SERVICE_ROLES, Role
from kefu.team import service as team_service

api = make_router(prefix="/api/v1/customers", tags=["customers"])
segment_api = make_router(prefix="/api/v1/segments", tags=["segments"])
Db = Annotated[Session, Depends(get_db)]
ServiceAgent = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]
Supervisor = Annotated[Agent, Depends(Allow(Role.supervisor))]
Page = Annotated[PageParams, Depends(page_params)]


@api.get("", response_model=Paged[CustomerListItem])
def list_customers(
    db: Db, _agent: ServiceAgent, page: Page, filters: Annotated[CustomerFilters, Query()]
) -> dict[str, Any]:
    """Customers; ``q`` finds one by id, phone, email, order id, nick or name."""
    return service.customer_list(db, filters=filters, params=page)


@api.get("/{customer_id}/panel", response_model=PanelOut)
def customer_panel(customer_id: str, db: Db, _agent: ServiceAgent) -> PanelOut:
    """What the workbench shows beside a chat: profile, recent orders, open cases, notes."""
    return panel.panel(db, customer=service.get_customer(db, customer_id))


@api.get("/{customer_id}", response_model=ProfileOut)
def customer_profile(customer_id: str, db: Db, _agent: ServiceAgent) -> ProfileOut:
    return profile.profile(db, customer=service.get_customer(db, customer_id))


@api.patch("/{customer_id}", response_model=ProfileOut)
def update_profile(customer_id: str, body: ProfileIn, db: Db, agent: ServiceAgent) -> ProfileOut:
    customer = service.get_customer(db, customer_id)
    profile.do_update(db, customer=customer, changes=body, author=agent)
    return profile.profile(db, customer=customer)


@api.post("/{customer_id}/tags", status_code=204)
def add_tag(customer_id: str, body: TagIn, db: Db, agent: ServiceAgent) -> None:
    profile.do_add_tag(
        db, customer=service.get_customer(db, customer_id), tag=body.tag, author=agent
    )


@api.delete("/{customer_id}/tags/{tag}", status_code=204)
def remove_tag(customer_id: str, tag: str, db: Db, agent: ServiceAgent) -> None:
    customer = service.get_customer(db, customer_id)
    profile.do_remove_tag(db, customer=customer, tag=tag, author=agent)


@api.post("/{customer_id}/notes", status_code=204)
def add_note(customer_id: str, body: NoteIn, db: Db, agent: ServiceAgent) -> None:
    customer = service.get_customer(db, customer_id)
    profile.do_add_note(db, customer=customer, text=body.text, author=agent)


@api.post("/{customer_id}/merge", status_code=201)
def merge_duplicate(customer_id: str, body: MergeIn, db: Db, agent: ServiceAgent) -> dict[str, str]:
    """Merge ``duplicate_id`` into this profile (undoable within the retention)."""
    kept = service.get_customer(db, customer_id)
    duplicate = service.get_customer(db, body.duplicate_id)
    return {"merge_id": merge.do_merge(db, kept=kept, duplicate=duplicate, author=agent).id}


@api.post("/merges/{merge_id}/undo", status_code=204)
def undo_merge(merge_id: str, db: Db, agent: ServiceAgent) -> None:
    merge.do_undo(db, merge=merge.get_merge(db, merge_id), author=agent)


@api.get("/{customer_id}/calls", response_model=list[CallOut])
def list_calls(customer_id: str, db: Db, _agent: ServiceAgent) -> list[PhoneCall]:
    service.get_customer(db, customer_id)
    return service.calls(db, customer_id=customer_id)


@api.post("/{customer_id}/calls", response_model=CallOut, status_code=201)
def log_call(customer_id: str, body: CallIn, db: Db, agent: ServiceAgent) -> PhoneCall:
    customer = service.get_customer(db, customer_id)
    return service.do_log_call(db, customer=customer, agent_id=agent.id, call=body)


SAMPLE_SIZE = 20


def _sample(db: Session, members: list[str]) -> list[SegmentMember]:
    names = service.display_names(db, customer_ids=members[:SAMPLE_SIZE])
    return [SegmentMember(id=c, name=names.get(c, c)) for c in members[:SAMPLE_SIZE]]


def _segment_item(db: Session, segment: Segment, count: int) -> SegmentItem:
    author = team_service.get_agent(db, segment.created_by)
    return SegmentItem(
        id=segment.id,
        name=segment.name,
        rules=segment.rules,
        summary=segment_fields.describe(segment.rules),
        count=count,
        created_by_name=author.name if author is not None else None,
        updated_at=segment.updated_at,
    )


def _segment_out(db: Session, segment: Segment) -> SegmentOut:
    members = segments.members_of(db, segment=segment)
    item = _segment_item(db, segment, len(members))
    return SegmentOut(**item.model_dump(), members=members[:200], sample=_sample(db, members))


@segment_api.get("", response_model=Paged[SegmentItem])
def list_segments(db: Db, _agent: ServiceAgent, page: Page, q: str | None = None) -> dict[str, Any]:
    """Segments by name, each with its rules in words and how many it selects now."""
    rows, total = segments.segment_page(db, params=page, text=q)
    counts = segments.member_counts(db, segments=rows)
    return paged([_segment_item(db, row, counts[row.id]) for row in rows], total, page)


@segment_api.get("/fields", response_model=SegmentFields)
def segment_rule_fields(db: Db, _agent: ServiceAgent) -> SegmentFields:
    """The rule builder's fields and operators in Chinese, with suggested values."""
    return segment_fields.fields(db)


@segment_api.post("", response_model=SegmentOut, status_code=201)
def add_segment(body: SegmentIn, db: Db, agent: Supervisor) -> SegmentOut:
    segment = segments.do_save(db, name=body.name, rules=body.rules, author=agent)
    return _segment_out(db, segment)


@segment_api.put("/{segment_id}", response_model=SegmentOut)
def update_segment(segment_id: str, body: SegmentIn, db: Db, agent: Supervisor) -> SegmentOut:
    segment = segments.get_segment(db, segment_id)
    segments.do_save(db, name=body.name, rules=body.rules, author=agent, segment=segment)
    return _segment_out(db, segment)


@segment_api.get("/{segment_id}", response_model=SegmentOut)
def segment_members(segment_id: str, db: Db, _agent: ServiceAgent) -> SegmentOut:
    """A segment's members (the first 200 ids, the first 20 by name) and their count."""
    return _segment_out(db, segments.get_segment(db, segment_id))


@segment_api.post("/preview", response_model=SegmentPreview)
def preview_segment(body: SegmentIn, db: Db, _agent: ServiceAgent) -> SegmentPreview:
    """Who unsaved rules would select (the name is not needed)."""
    rules = segments.check_rules(body.rules)
    members = segments.members(db, rules=rules)
    return SegmentPreview(
        count=len(members),
        members=members[:200],
        sample=_sample(db, members),
        summary=segment_fields.describe(rules.model_dump(mode="json")),
    )
