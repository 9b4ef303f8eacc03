"""What the audit page shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel


class AuditRow(BaseModel):
    id: str
    at: dt.datetime
    action: str
    action_label: str
    actor_id: str | None
    actor_name: str | None  # 系统 when the system acted
    target: str | None
    detail: dict[str, Any]
    address: str | None
