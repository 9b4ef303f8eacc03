"""The daily/monthly team report on the hand-written KPI history (tests/test_kpi.py)."""

from __future__ import annotations

import datetime as dt
import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from kefu.history import service as history_service
from kefu.kpi import team_report
from kefu.models.team import Role
from tests.chat_helpers import agent
from tests.factories import login
from tests.test_kpi import HISTORY

# On 2026-11-11: r1 is a return of 199.00;
# k1 and k2 opened, k1 resolved the same day; v1, v2 handled on later days; nothing inspected.
EXPECTED_11_11 = {
    "period": "2026-11-11",
    "sessions": 3,
    "agent_sales": "249.00",
    "conversion_rate": 0.6667,
    "refunds": 0,
    "returns": 1,
    "exchanges": 0,
    "refund_amount": "199.00",
    "refund_rate": 0.5,
    "complaints_opened": 2,
    "complaints_resolved": 1,
    "complaint_on_time_rate": 0.5,
    "bad_reviews_handled": 0,
    "bad_review_7d_rate": 0.5,
    "qc_inspected": 0,
    "qc_average": None,
    "qc_flagged": 0,
    "qc_reviewed": 0,
}


def test_daily_rows(session: Session) -> None:
    history_service.import_lines(session, HISTORY.read_bytes().splitlines())
    rows = team_report.build(
        session,
        start=dt.date(2026, 11, 11),
        end=dt.date(2026, 11, 20),
        by="day",
        tz="Asia/Shanghai",
    )
    assert rows[0] == EXPECTED_11_11
    assert [row["complaints_resolved"] for row in rows[:2]] == [1, 1]  # k2 resolved on 11-12
    assert [row["period"] for row in rows if row["bad_reviews_handled"]] == [
        "2026-11-17",
        "2026-11-19",
    ]


def test_excel_export_holds_the_same_rows(client: TestClient, session: Session) -> None:
    history_service.import_lines(session, HISTORY.read_bytes().splitlines())
    agent(session, "boss", group=None, role=Role.supervisor)
    session.commit()
    login(client, "boss", "s3cret-pass")
    params = {"from": "2026-11-01", "to": "2026-12-01", "by": "month"}
    page = client.get("/api/v1/kpi/team-report", params=params).json()
    assert [row["period"] for row in page["rows"]] == ["2026-11"]
    response = client.get("/api/v1/kpi/team-report/xlsx", params=params)
    sheet = load_workbook(io.BytesIO(response.content))["团队报表"]
    header, values = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert header == list(team_report.COLUMNS.values())
    assert (
        dict(zip(header, values, strict=True))["客服销售额"]
        == page["rows"][0]["agent_sales"]
        == "249.00"
    )
