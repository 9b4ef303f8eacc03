"""Merging duplicate profiles (合并客户), and undoing it within the shop's retention.

A merge moves the duplicate's rows (sessions, orders, calls, complaints, tasks,
surveys, feedback, history) to the kept profile and records exactly which rows
moved and what the kept profile looked like before, so undoing it restores both.
The duplicate itself is kept, pointing at the profile it was merged into.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.audit import service as audit
from kefu.crm import profile, repository
from kefu.kit import clock
from kefu.kit.errors import BadInput, Conflict, found
from kefu.kit.ids import new_id
from kefu.models import (
    Agent,
    ChatSession,
    Complaint,
    Customer,
    CustomerEvent,
    CustomerMerge,
    Feedback,
    Order,
    PhoneCall,
    Survey,
    Task,
)
from kefu.shop import service as shop

MOVED = {
    "chat_sessions": ChatSession,
    "orders": Order,
    "phone_calls": PhoneCall,
    "complaints": Complaint,
    "tasks": Task,
    "surveys": Survey,
    "feedback": Feedback,
    "customer_events": CustomerEvent,
}
KEPT_FIELDS = (
    "nick",
    "name",
    "phone",
    "email",
    "tags",
    "birthday",
    "vip_level",
    "marketing_opt_out",
)


def check_merge(kept: Customer, duplicate: Customer) -> None:
    if kept.id == duplicate.id:
        raise BadInput("不能与自己合并", code="merge_self")
    for customer in (kept, duplicate):
        if customer.merged_into_id is not None:
            raise Conflict(
                f"{customer.id} 已合并到 {customer.merged_into_id}", code="already_merged"
            )


def do_merge(db: Session, *, kept: Customer, duplicate: Customer, author: Agent) -> CustomerMerge:
    check_merge(kept, duplicate)
    before = {field: _plain(getattr(kept, field)) for field in KEPT_FIELDS}
    moved = {
        table: repository.reassign(db, model, from_id=duplicate.id, to_id=kept.id)
        for table, model in MOVED.items()
    }
    for field in ("nick", "name", "phone", "email", "birthday"):
        if getattr(kept, field) is None:
            setattr(kept, field, getattr(duplicate, field))
    kept.tags = sorted(set(kept.tags or []) | set(duplicate.tags or [])) or None
    kept.vip_level = max(kept.vip_level, duplicate.vip_level)
    kept.marketing_opt_out = kept.marketing_opt_out or duplicate.marketing_opt_out  # a no stays no
    duplicate.merged_into_id = kept.id
    merge = CustomerMerge(
        id=new_id("mg"),
        kept_id=kept.id,
        merged_id=duplicate.id,
        at=clock.now(),
        author_id=author.id,
        moved=moved,
        kept_before=before,
    )
    repository.add(db, merge)
    audit.do_record(
        db,
        action="customer_merge",
        actor_id=author.id,
        target=kept.id,
        detail={"merged": duplicate.id, "moved": moved},
    )
    profile.record(
        db, customer=kept, kind="merge", text=f"合并了重复档案 {duplicate.id}", author=author
    )
    return merge


def get_merge(db: Session, merge_id: str) -> CustomerMerge:
    return found(repository.merge(db, merge_id), "没有这次合并", code="merge_not_found")


def do_undo(db: Session, *, merge: CustomerMerge, author: Agent) -> None:
    """Move every row back and restore the kept profile as it was."""
    if merge.undone_at is not None:
        raise Conflict("这次合并已撤销", code="merge_undone")
    days = int(shop.get(db, "merge_undo_days"))
    if clock.now() - merge.at > dt.timedelta(days=days):
        raise Conflict(f"合并已超过 {days} 天，不能撤销", code="merge_too_old")
    kept = repository.get(db, merge.kept_id)
    duplicate = repository.get(db, merge.merged_id)
    assert kept is not None and duplicate is not None  # merges keep both rows
    for table, ids in merge.moved.items():
        repository.reassign_ids(db, MOVED[table], ids, to_id=duplicate.id)
    for field, value in merge.kept_before.items():
        setattr(
            kept, field, dt.date.fromisoformat(value) if field == "birthday" and value else value
        )
    duplicate.merged_into_id = None
    merge.undone_at, merge.undone_by = clock.now(), author.id
    profile.record(
        db, customer=kept, kind="merge", text=f"撤销合并，{duplicate.id} 已恢复", author=author
    )


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
