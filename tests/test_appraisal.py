"""Every Team KPI of kpis.md on a hand-worked month (tests/appraisal_history.py), the
monthly appraisal built on them, and ``kefu report appraisal``.

Worked out by hand, November 2026 in Asia/Shanghai, refund deadline 15 days:
a1  first_response_s (20 + 40) / 2 = 30.0; conversion 1/1; agent_sales 100.00 + 50.01
    avg_order_value 150.01 / 2 = 75.005 → 75.01; sales_target_rate 150.01 / 300 → 0.5
    return_rate: r1 (return on o1) / credited o1, o2 = 0.5
    online_hours: 11-01 00:00–02:00 (online since 10-31 23:00) 2 h; 11-05 09:00–13:30
    (在线, 忙碌) 4.5 h and 14:00–18:15 4.25 h (离开 between does not count) = 10.75
a2  return r1 settled in 12 days: 1/1; refund_only r0 after 21 days: 0/1;
    exchange r2 open, r3 rejected the same day: 1/2; r4 is October's
    complaints k1 resolved, k2 resolved 12-02, k3 open (k4 is October's): 1/3 = 0.3333
h1  calls at 11-01 00:10, 11-02 10:00, 11:00 (12-01 00:30 is December's): 3;
    120 + 75 + 30 = 225 s = 3.75 → 3.8 minutes
shop avg_order_value (100.00 + 50.01 + 300.00) / 3 = 150.0033 → 150.00
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson
import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kefu.appraisal import scoring, service
from kefu.cli import app as cli
from kefu.db import make_engine, make_sessionmaker
from kefu.kpi import online, team
from kefu.models import Agent, SkillsScore
from kefu.models.team import Role
from tests.appraisal_history import at, build_month
from tests.chat_helpers import frozen_at
from tests.factories import add_agents

EMPTY_ENGINE = {
    "sessions": 0,
    "served": 0,
    "first_response_s": None,
    "avg_response_s": None,
    "answer_question_ratio": None,
    "conversion_rate": None,
    "agent_sales": "0.00",
    "csat": None,
    "csat_mean": None,
}
A1 = {
    "sessions": 2,
    "served": 1,
    "first_response_s": 30.0,
    "avg_response_s": 30.0,
    "answer_question_ratio": 1.0,
    "conversion_rate": 1.0,
    "agent_sales": "150.01",
    "csat": None,
    "csat_mean": None,
    "avg_order_value": "75.01",
    "sales_target_rate": 0.5,
    "return_rate": 0.5,
    "refund_completion_rate": {"refund_only": None, "return": None, "exchange": None},
    "complaint_completion_rate": None,
    "online_hours": 10.75,
    "call_count": None,
    "call_minutes": None,
}
A2 = {
    **EMPTY_ENGINE,
    "avg_order_value": None,
    "sales_target_rate": None,
    "return_rate": None,
    "refund_completion_rate": {"refund_only": 0.0, "return": 1.0, "exchange": 0.5},
    "complaint_completion_rate": 0.3333,
    "online_hours": 0.0,
    "call_count": None,
    "call_minutes": None,
}
H1 = {
    **A2,
    "refund_completion_rate": dict.fromkeys(("refund_only", "return", "exchange")),
    "complaint_completion_rate": None,
    "call_count": 3,
    "call_minutes": 3.8,
}
TARGETS = {
    "first_response_s": (30.0, False),
    "conversion_rate": (0.8, True),
    "avg_order_value": (100.0, True),
    "return_rate": (0.1, False),
    "sales_target_rate": (1.0, True),
    "complaint_completion_rate": (0.9, True),
    "refund_completion_rate": (0.9, True),
    "call_count": (100.0, True),
    "csat": (0.9, True),
}


@pytest.fixture
def month(session: Session) -> Session:
    build_month(session)
    return session


def _targets(db: Session) -> None:
    for kpi, (target, higher) in TARGETS.items():
        service.do_set_kpi_target(db, kpi=kpi, target=target, higher_is_better=higher)
    db.add(SkillsScore(month="2026-11", agent_id="a1", score=80, reviewer_id="boss", at=at(11, 30)))
    db.add(SkillsScore(month="2026-11", agent_id="a2", score=70, reviewer_id="boss", at=at(11, 30)))
    db.commit()


class TestTeamKpis:
    def test_every_team_kpi_on_the_hand_worked_month(self, month: Session) -> None:
        result = team.compute(
            month, start=at(11, 1), end=at(12, 1), sales_targets={"a1": Decimal("300.00")}
        )
        assert result["shop"] == {"avg_order_value": "150.00"}
        assert result["agents"] == {"a1": A1, "a2": A2, "h1": H1}

    def test_zero_denominators_are_null(self, month: Session) -> None:
        result = team.compute(month, start=at(9, 1), end=at(10, 1))
        assert result == {"shop": {"avg_order_value": None}, "agents": {}}

    def test_a_target_without_sales_is_zero_percent_reached(self, month: Session) -> None:
        result = team.compute(
            month, start=at(9, 1), end=at(10, 1), sales_targets={"a2": Decimal("10.00")}
        )
        assert result["agents"]["a2"]["sales_target_rate"] == 0.0


class TestOnlineHours:
    def test_clipped_to_each_day(self, month: Session) -> None:
        days = online.online_hours_by_day(
            month, agent_id="a1", start=at(10, 31), end=at(11, 2), tz="Asia/Shanghai"
        )
        assert days == {"2026-10-31": 1.0, "2026-11-01": 2.0}


class TestBuild:
    def test_the_appraisal_of_the_month(self, month: Session) -> None:
        _targets(month)
        result = service.build(month, month="2026-11", tz="Asia/Shanghai")
        assert list(result) == ["month", "agents"] and result["month"] == "2026-11"
        # a1: scores 1 (30 s vs 30), 1 (转化), 0.7501 (客单价), 0.2 (0.1/0.5), 0.5 → 0.69002;
        # quality (90 + 75) / 2 / 100; skills 0.8 → 34.501 + 24.75 + 16 = 75.251 → 75.3
        assert result["agents"]["a1"] == {
            "quantified": 0.69,
            "quality": 0.825,
            "skills": 0.8,
            "appraisal_score": 75.3,
            "kpis": A1,
        }
        # a2: (0.3333/0.9 + 1 + 0/0.9 + 0.5/0.9) / 4 = 0.48147; no QC → no score
        assert result["agents"]["a2"] == {
            "quantified": 0.4815,
            "quality": None,
            "skills": 0.7,
            "appraisal_score": None,
            "kpis": A2,
        }
        assert result["agents"]["h1"]["quantified"] == 0.03
        assert "boss" not in result["agents"]


class TestKpiScore:
    def test_lower_is_better_is_capped_and_zero_is_perfect(self) -> None:
        assert scoring.kpi_score(60, 30, False) == Decimal("0.5")
        assert scoring.kpi_score(0, 30, False) == 1
        assert scoring.kpi_score("250.00", 100, True) == 1


class TestReportCommand:
    def test_json_table_and_xlsx(self, cli_database: str, tmp_path: Path) -> None:
        with make_sessionmaker(make_engine(cli_database))() as db:
            build_month(db)
            _targets(db)
        runner = CliRunner()
        result = runner.invoke(
            cli, ["report", "appraisal", "--month", "2026-11", "--format", "json"]
        )
        assert result.exit_code == 0, result.output
        data = orjson.loads(result.stdout)
        assert list(data) == ["month", "agents"] and data["month"] == "2026-11"
        assert sorted(data["agents"]) == ["a1", "a2", "h1"]
        for agent in data["agents"].values():
            assert list(agent) == ["quantified", "quality", "skills", "appraisal_score", "kpis"]
        assert data["agents"]["a1"]["appraisal_score"] == 75.3
        assert data["agents"]["a1"]["kpis"] == A1

        table = runner.invoke(cli, ["report", "appraisal", "--month", "2026-11"])
        assert table.exit_code == 0 and "月度考核分" in table.stdout and "75.3" in table.stdout

        xlsx = tmp_path / "appraisal.xlsx"
        made = runner.invoke(
            cli,
            ["report", "appraisal", "--month", "2026-11", "--format", "xlsx", "--out", str(xlsx)],
        )
        assert made.exit_code == 0
        rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
        header = rows[0]
        a1 = dict(zip(header, next(row for row in rows if row[1] == "a1"), strict=True))
        assert (a1["月度考核分"], a1["客单价"], a1["退货换货率"]) == (75.3, "75.01", 0.5)

    def test_a_bad_month_is_refused(self, cli_database: str) -> None:
        result = CliRunner().invoke(cli, ["report", "appraisal", "--month", "2026-13"])
        assert result.exit_code == 1 and "月份" in result.output


class TestSnapshot:
    """The month's KPIs are counted once and kept; targets and skills show at once."""

    @pytest.fixture
    def counts(self, monkeypatch: pytest.MonkeyPatch) -> list[int]:
        calls: list[int] = []
        real = team.compute

        def counting(*args: Any, **kwargs: Any) -> dict[str, Any]:
            calls.append(1)
            return real(*args, **kwargs)

        monkeypatch.setattr(team, "compute", counting)
        return calls

    def test_a_closed_month_is_counted_once(self, month: Session, counts: list[int]) -> None:
        _targets(month)
        boss = month.get(Agent, "boss")
        assert boss is not None
        with frozen_at(dt.datetime(2027, 1, 20, tzinfo=dt.UTC)):
            first = service.build(month, month="2026-11", tz="Asia/Shanghai")
            assert first["agents"]["a1"]["appraisal_score"] == 75.3
            assert service.build(month, month="2026-11", tz="Asia/Shanghai") == first
            service.do_score_skills(
                month, actor=boss, agent_id="a1", month="2026-11", score=40, comment=None
            )
            service.do_set_sales_target(
                month, actor=boss, month="2026-11", amount=Decimal("150.01"), agent_id="a1"
            )
            again = service.build(month, month="2026-11", tz="Asia/Shanghai")["agents"]["a1"]
        assert (again["skills"], again["kpis"]["sales_target_rate"]) == (0.4, 1.0)
        # quantified: 0.69002 + (1 - 0.5) / 5 = 0.79002 → 39.501 + 24.75 + 8 = 72.251
        assert (again["quantified"], again["appraisal_score"]) == (0.79, 72.3)
        assert len(counts) == 1

    def test_an_open_month_is_recounted_when_stale_or_people_change(
        self, month: Session, counts: list[int]
    ) -> None:
        with frozen_at(at(11, 20)) as frozen:
            service.build(month, month="2026-11", tz="Asia/Shanghai")
            service.build(month, month="2026-11", tz="Asia/Shanghai")
            assert len(counts) == 1
            frozen.set(at(11, 20, 0, 6))
            service.build(month, month="2026-11", tz="Asia/Shanghai")
            assert len(counts) == 2
            add_agents(month, {"new": Role.presale})
            result = service.build(month, month="2026-11", tz="Asia/Shanghai")
        assert len(counts) == 3 and "new" in result["agents"]
