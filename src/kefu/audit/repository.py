"""Queries of the audit log; rows are only added, never changed or deleted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from kefu.kit.filters import narrow, text_search
from kefu.kit.paging import PageParams, fetch_page, order_by
from kefu.models import Agent, AuditEntry

SORTS = {"at": AuditEntry.at, "action": AuditEntry.action, "actor": AuditEntry.actor_id}


def add(db: Session, row: AuditEntry) -> None:
    db.add(row)
    db.flush()


def _query(
    *,
    actions: list[str],
    actor_id: str | None,
    start: dt.datetime | None,
    end: dt.datetime | None,
    q: str | None,
) -> Select[Any]:
    query = select(AuditEntry, Agent.name).outerjoin(Agent, Agent.id == AuditEntry.actor_id)
    return narrow(
        query,
        AuditEntry.action.in_(actions) if actions else None,
        AuditEntry.actor_id == actor_id if actor_id else None,
        AuditEntry.at >= start if start else None,
        AuditEntry.at < end if end else None,
        text_search(
            q,
            exact=[AuditEntry.actor_id, AuditEntry.address],
            partial=[AuditEntry.target, Agent.name],
        ),
    )


def page(db: Session, params: PageParams, **filters: Any) -> tuple[list[Any], int]:
    query = order_by(_query(**filters), params.sort, SORTS, [AuditEntry.at.desc(), AuditEntry.id])
    return fetch_page(db, query, params)


def of_target(db: Session, *, action: str, target: str) -> list[Any]:
    query = _query(actions=[action], actor_id=None, start=None, end=None, q=None)
    query = query.where(AuditEntry.target == target).order_by(AuditEntry.at, AuditEntry.id)
    return list(db.execute(query))


def all_rows(db: Session, *, limit: int, **filters: Any) -> list[Any]:
    query = _query(**filters).order_by(AuditEntry.at.desc(), AuditEntry.id).limit(limit)
    return list(db.execute(query))
