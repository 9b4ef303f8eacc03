"""The audit log (操作日志, issue 17): an append-only record of what staff did that
matters later: exports, settings, roles and passwords, disabled accounts, refund
decisions, customer merges, QC reviews, and login lockouts.

Each service records in the same transaction as the change it makes, so a change
that was rolled back leaves no entry and a kept change always has one. The address
comes from the request being served (kit/origin.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from kefu.audit import repository
from kefu.audit.schemas import AuditRow
from kefu.kit import clock, origin
from kefu.kit.ids import new_id
from kefu.kit.paging import PageParams, paged_map
from kefu.models import Agent, AuditEntry

# The actions, with the labels the audit page and the export show.
ACTIONS = {
    "export": "导出数据",
    "setting_change": "修改设置",
    "role_change": "修改角色",
    "password_change": "修改密码",
    "agent_disable": "停用账号",
    "agent_enable": "启用账号",
    "refund_decision": "退款审核",
    "refund_assign": "指派处理人",
    "task_assign": "指派任务",
    "customer_merge": "合并客户",
    "qc_review": "质检复核",
    "login_throttled": "登录受限",
    "login_locked": "登录锁定",
    "login_unlocked": "解除锁定",
}
EXPORT_LIMIT = 100_000
COLUMNS = ("时间", "操作", "操作人", "对象", "详情", "来源地址")


def do_record(
    db: Session,
    *,
    action: str,
    actor_id: str | None,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add one entry (``actor_id`` None: the system acted)."""
    assert action in ACTIONS, action
    row = AuditEntry(
        id=new_id("audit"),
        at=clock.now(),
        actor_id=actor_id,
        action=action,
        target=(target or None) and target[:255],
        detail=detail or {},
        address=origin.client_address.get(),
    )
    repository.add(db, row)
    return row


def do_record_export(db: Session, *, actor: Agent, what: str, **detail: Any) -> AuditEntry:
    """An export: who took which data out of the shop."""
    return do_record(db, action="export", actor_id=actor.id, target=what, detail=detail)


def history_of(db: Session, *, action: str, target: str) -> list[AuditRow]:
    """One thing's entries of one action, oldest first (a refund's 指派 on its page)."""
    return [_row(row) for row in repository.of_target(db, action=action, target=target)]


def audit_page(
    db: Session,
    *,
    params: PageParams,
    actions: list[str],
    actor_id: str | None,
    start: dt.datetime | None,
    end: dt.datetime | None,
    q: str | None,
) -> dict[str, Any]:
    filters = {"actions": actions, "actor_id": actor_id, "start": start, "end": end, "q": q}
    rows, total = repository.page(db, params, **filters)
    return paged_map(rows, total, params, _row)


def export_rows(db: Session, *, tz: str, **filters: Any) -> list[list[Any]]:
    """The filtered entries as a table (header first), newest first."""
    rows = [_row(row) for row in repository.all_rows(db, limit=EXPORT_LIMIT, **filters)]
    return [
        list(COLUMNS),
        *(
            [
                clock.in_zone(r.at, tz).strftime("%Y-%m-%d %H:%M:%S"),
                r.action_label,
                r.actor_name,
                r.target or "",
                ", ".join(f"{k}={v}" for k, v in r.detail.items()),
                r.address or "",
            ]
            for r in rows
        ),
    ]


def _row(row: Any) -> AuditRow:
    entry, name = row
    return AuditRow(
        id=entry.id,
        at=entry.at,
        action=entry.action,
        action_label=ACTIONS.get(entry.action, entry.action),
        actor_id=entry.actor_id,
        actor_name=name or entry.actor_id or "系统",
        target=entry.target,
        detail=entry.detail,
        address=entry.address,
    )
