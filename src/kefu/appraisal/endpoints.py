"""Targets and the monthly appraisal over HTTP. Leads see and change their own groups'
people only (403 ``outside_team``); an agent sees her own month; the supervisor all."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends
from fastapi.responses import Response
from sqlalchemy.orm import Session

from kefu.api.auth import Allow
from kefu.api.downloads import xlsx_file
from kefu.api.routing import get_db, make_router
from kefu.appraisal import pages, report, scoring, service
from kefu.appraisal.schemas import KpiTargetIn, Month, SalesTargetIn, SkillsIn
from kefu.audit import service as audit
from kefu.config import get_settings
from kefu.kit.paging import PageParams, page_params
from kefu.models import Agent
from kefu.models.team import MANAGER_ROLES, Role

api = make_router(prefix="/api/v1/appraisal", tags=["appraisal"])
Db = Annotated[Session, Depends(get_db)]
Manager = Annotated[Agent, Depends(Allow(*MANAGER_ROLES))]
Supervisor = Annotated[Agent, Depends(Allow(Role.supervisor))]
Anyone = Annotated[Agent, Depends(Allow())]
Paging = Annotated[PageParams, Depends(page_params)]


def _tz() -> str:
    return get_settings().shop_timezone


@api.get("/months/{month}")
def team_month(
    month: Month,
    db: Db,
    agent: Manager,
    paging: Paging,
    q: str | None = None,
    group: str | None = None,
) -> dict[str, Any]:
    """The month's appraisal of the viewer's people: ``{items, total, page, page_size}``,
    each item ``agent_id, name, group_name, quantified, quality, skills, appraisal_score,
    kpis, scores``; sort by ``appraisal_score`` (default, best first), parts or ``name``."""
    return pages.page(db, actor=agent, month=month, tz=_tz(), params=paging, q=q, group_id=group)


@api.get("/months/{month}/groups")
def group_month(month: Month, db: Db, agent: Manager) -> list[dict[str, Any]]:
    """Each of the viewer's groups: credited sales, target, 营业额完成率."""
    built = service.build(db, month=month, tz=_tz())
    return service.group_rates(db, month=month, report=built, actor=agent)


@api.get("/months/{month}/xlsx", response_class=Response)
def team_month_xlsx(month: Month, db: Db, agent: Manager) -> Response:
    found = pages.rows(db, month=month, tz=_tz(), within=service.managed(db, actor=agent))
    result = {"month": month, "agents": {row["agent_id"]: row for row in found}}
    names = {row["agent_id"]: row["name"] for row in found}
    filename = f"kefu-appraisal-{month}.xlsx"
    audit.do_record_export(db, actor=agent, what=filename, rows=len(found))
    return xlsx_file(report.sheets(result, names), filename=filename)


@api.get("/months/{month}/agents/{agent_id}")
def agent_month(month: Month, agent_id: str, db: Db, agent: Anyone) -> dict[str, Any]:
    """One agent's month (her own, or one of a lead's people) with 在线时长 per day."""
    return pages.agent_month(db, actor=agent, agent_id=agent_id, month=month, tz=_tz())


@api.put("/skills/{agent_id}")
def score_skills(agent_id: str, body: SkillsIn, db: Db, agent: Manager) -> dict[str, Any]:
    """The lead's skills score (技能 20 %) of one of her people for a month."""
    row = service.do_score_skills(
        db, actor=agent, agent_id=agent_id, month=body.month, score=body.score, comment=body.comment
    )
    return {
        "agent_id": row.agent_id,
        "month": row.month,
        "score": row.score,
        "comment": row.comment,
    }


@api.get("/sales-targets")
def sales_targets(month: Month, db: Db, agent: Manager) -> list[dict[str, Any]]:
    """The month's sales targets of the viewer's people and groups."""
    return service.sales_targets(db, actor=agent, month=month)


@api.put("/sales-targets")
def set_sales_target(body: SalesTargetIn, db: Db, agent: Manager) -> dict[str, Any]:
    service.do_set_sales_target(
        db,
        actor=agent,
        month=body.month,
        amount=body.amount,
        agent_id=body.agent_id,
        group_id=body.group_id,
    )
    return {"ok": True}


@api.get("/kpi-targets")
def kpi_targets(db: Db, _agent: Manager) -> list[dict[str, Any]]:
    """Every KPI a target can be set for, with the shop's target (null: none yet)."""
    set_ = service.kpi_targets(db)
    return [
        {
            "kpi": kpi,
            "target": set_[kpi][0] if kpi in set_ else None,
            "higher_is_better": set_[kpi][1] if kpi in set_ else higher,
        }
        for kpi, higher in scoring.HIGHER_IS_BETTER.items()
    ]


@api.put("/kpi-targets/{kpi}")
def set_kpi_target(kpi: str, body: KpiTargetIn, db: Db, _agent: Supervisor) -> dict[str, Any]:
    """The shop's target for one KPI (主管 only: the same for every group)."""
    service.do_set_kpi_target(
        db, kpi=kpi, target=body.target, higher_is_better=body.higher_is_better
    )
    return {"ok": True}
