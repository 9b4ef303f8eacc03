"""Refunds, returns and exchanges over HTTP: a case with its audit trail, its
next steps, and the monthly returns report."""

from __future__ import annotations

import io
from typing import Annotated, Any

from fastapi import Depends
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from kefu.aftersale import refunds
from kefu.api.auth import Allow
from kefu.api.period import InPeriod
from kefu.api.routing import get_db, make_router
from kefu.kit.xlsx import write_workbook
from kefu.models import Agent
from kefu.models.aftersale import RefundStatus
from kefu.models.team import SERVICE_ROLES, Role

api = make_router(prefix="/api/v1/refunds", tags=["after-sales"])
Db = Annotated[Session, Depends(get_db)]
Staff = Annotated[Agent, Depends(Allow(*SERVICE_ROLES))]
Reader = Annotated[Agent, Depends(Allow(Role.supervisor, Role.refund_review, Role.aftersale))]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TransitionIn(BaseModel):
    to: RefundStatus
    note: str | None = None
    tracking_no: str | None = None


def _case(db: Session, refund_id: str) -> dict[str, Any]:
    refund = refunds.get_refund(db, refund_id)
    return {
        "id": refund.id,
        "order_id": refund.order_id,
        "kind": refund.kind,
        "status": refund.status,
        "status_label": refunds.STATUS_LABELS[RefundStatus(refund.status)],
        "amount": str(refund.amount) if refund.amount is not None else None,
        "reason": refund.reason,
        "return_tracking_no": refund.return_tracking_no,
        "exchange_tracking_no": refund.exchange_tracking_no,
        "next": sorted(
            s.value for s in refunds.NEXT[refund.kind].get(RefundStatus(refund.status), set())
        ),
        "trail": [
            {
                "at": t.at.isoformat(),
                "actor": t.actor_id,
                "from": t.from_status,
                "to": t.to_status,
                "note": t.note,
            }
            for t in refunds.trail(db, refund=refund)
        ],
    }


@api.get("/report")
def report(db: Db, _agent: Reader, period: InPeriod) -> dict[str, Any]:
    """Refunds, returns and exchanges requested in [from, to): by kind, state and reason."""
    return refunds.monthly_report(db, start=period.start, end=period.end)


@api.get("/report.xlsx")
def report_xlsx(db: Db, _agent: Reader, period: InPeriod) -> Response:
    data = refunds.monthly_report(db, start=period.start, end=period.end)
    rows: list[list[Any]] = [["类型", "件数", "金额", "状态", "原因"]]
    for kind, item in data["kinds"].items():
        states = "、".join(f"{k} {v}" for k, v in item["by_status"].items())
        reasons = "、".join(f"{k} {v}" for k, v in item["by_reason"].items())
        rows.append([kind, item["count"], item["amount"], states, reasons])
    buffer = io.BytesIO()
    write_workbook(buffer, {"退换货": rows})
    return Response(
        buffer.getvalue(),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="returns-{period.name}.xlsx"'},
    )


@api.get("/{refund_id}")
def get_case(refund_id: str, db: Db, _agent: Staff) -> dict[str, Any]:
    return _case(db, refund_id)


@api.post("/{refund_id}/transitions")
def transition(refund_id: str, body: TransitionIn, db: Db, agent: Staff) -> dict[str, Any]:
    """One step of the case (409 for a step its state does not allow)."""
    refund = refunds.get_refund(db, refund_id)
    refunds.do_transition(
        db, refund=refund, to=body.to, actor=agent, note=body.note, tracking_no=body.tracking_no
    )
    return _case(db, refund_id)
