"""Targets, skills scores and appraisals are a lead's own groups' business: the 售前主管
(plead) sees and changes 售前组's people only, on every endpoint; the supervisor all."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from kefu.models import Agent
from tests.factories import add_two_teams, login

MONTH = "2026-11"


@pytest.fixture
def teams(session: Session, client: TestClient) -> dict[str, Agent]:
    teams = add_two_teams(session)
    boss = {"X-CSRF-Token": login(client, "boss")}
    for body in (
        {"month": MONTH, "agent_id": "alan", "amount": "5000.00"},
        {"month": MONTH, "group_id": "g_after", "amount": "20000.00"},
        {"month": MONTH, "agent_id": "amei", "amount": "8000.00"},
        {"month": MONTH, "group_id": "g_pre", "amount": "30000.00"},
    ):
        assert (
            client.put("/api/v1/appraisal/sales-targets", json=body, headers=boss).status_code
            == 200
        )
    skills = {"month": MONTH, "score": 85, "comment": "话术熟练"}
    assert client.put("/api/v1/appraisal/skills/alan", json=skills, headers=boss).status_code == 200
    client.post("/api/v1/auth/logout", headers=boss)
    return teams


@pytest.fixture
def plead(client: TestClient, teams: dict[str, Agent]) -> dict[str, str]:
    return {"X-CSRF-Token": login(client, "plead")}


class TestLeadSeesHerGroupOnly:
    def test_the_team_month_lists_her_people(
        self, client: TestClient, plead: dict[str, str]
    ) -> None:
        page = client.get(f"/api/v1/appraisal/months/{MONTH}").json()
        assert sorted(item["agent_id"] for item in page["items"]) == ["amei", "plead"]
        assert page["total"] == 2

    def test_groups_targets_and_export_hold_her_group_only(
        self, client: TestClient, plead: dict[str, str]
    ) -> None:
        groups = client.get(f"/api/v1/appraisal/months/{MONTH}/groups").json()
        assert [(g["group_id"], g["target"], g["sales_target_rate"]) for g in groups] == [
            ("g_pre", "30000.00", 0.0)
        ]
        targets = client.get("/api/v1/appraisal/sales-targets", params={"month": MONTH}).json()
        assert [(t["agent_id"], t["group_id"], t["amount"]) for t in targets] == [
            ("amei", None, "8000.00"),
            (None, "g_pre", "30000.00"),
        ]
        assert {t["agent_name"] or t["group_name"] for t in targets} == {"amei", "售前组"}
        xlsx = client.get(f"/api/v1/appraisal/months/{MONTH}/xlsx")
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        assert sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True)) == [
            "amei",
            "plead",
        ]

    @pytest.mark.parametrize(
        ("method", "path", "body"),
        [
            ("GET", f"/api/v1/appraisal/months/{MONTH}/agents/alan", None),
            ("PUT", "/api/v1/appraisal/skills/alan", {"month": MONTH, "score": 10}),
            (
                "PUT",
                "/api/v1/appraisal/sales-targets",
                {"month": MONTH, "agent_id": "alan", "amount": "1.00"},
            ),
            (
                "PUT",
                "/api/v1/appraisal/sales-targets",
                {"month": MONTH, "agent_id": "alan", "amount": None},
            ),
            (
                "PUT",
                "/api/v1/appraisal/sales-targets",
                {"month": MONTH, "group_id": "g_after", "amount": "1.00"},
            ),
        ],
    )
    def test_another_groups_people_are_403(
        self,
        client: TestClient,
        plead: dict[str, str],
        session: Session,
        method: str,
        path: str,
        body: dict[str, object] | None,
    ) -> None:
        response = client.request(method, path, json=body, headers=plead)
        assert (response.status_code, response.json()["code"]) == (403, "outside_team")

    def test_nothing_of_the_other_group_changed(
        self, client: TestClient, plead: dict[str, str]
    ) -> None:
        for body in ({"month": MONTH, "agent_id": "alan", "amount": "1.00"},):
            client.put("/api/v1/appraisal/sales-targets", json=body, headers=plead)
        client.post("/api/v1/auth/logout", headers=plead)
        boss = {"X-CSRF-Token": login(client, "boss")}
        targets = client.get(
            "/api/v1/appraisal/sales-targets", params={"month": MONTH}, headers=boss
        )
        assert {t["amount"] for t in targets.json() if t["agent_id"] == "alan"} == {"5000.00"}
        alan = client.get(f"/api/v1/appraisal/months/{MONTH}/agents/alan").json()
        assert (alan["skills"], alan["skills_comment"]) == (0.85, "话术熟练")

    def test_her_own_people_can_be_scored_and_targeted(
        self, client: TestClient, plead: dict[str, str]
    ) -> None:
        scored = client.put(
            "/api/v1/appraisal/skills/amei", json={"month": MONTH, "score": 90}, headers=plead
        )
        target = client.put(
            "/api/v1/appraisal/sales-targets",
            json={"month": MONTH, "agent_id": "amei", "amount": "9000.00"},
            headers=plead,
        )
        assert (scored.status_code, target.status_code) == (200, 200)
        amei = client.get(f"/api/v1/appraisal/months/{MONTH}/agents/amei").json()
        assert amei["skills"] == 0.9 and amei["can_score"] is True

    def test_shop_kpi_targets_stay_the_supervisors(
        self, client: TestClient, plead: dict[str, str]
    ) -> None:
        response = client.put(
            "/api/v1/appraisal/kpi-targets/csat", json={"target": 0.9}, headers=plead
        )
        assert (response.status_code, response.json()["code"]) == (403, "role_forbidden")


class TestAgentSeesHerOwnMonth:
    def test_own_page_yes_team_and_colleague_no(
        self, client: TestClient, teams: dict[str, Agent]
    ) -> None:
        login(client, "amei")
        own = client.get(f"/api/v1/appraisal/months/{MONTH}/agents/amei")
        assert own.status_code == 200 and own.json()["can_score"] is False
        assert own.json()["kpis"]["sales_target_rate"] == 0.0
        team = client.get(f"/api/v1/appraisal/months/{MONTH}")
        colleague = client.get(f"/api/v1/appraisal/months/{MONTH}/agents/plead")
        assert (team.status_code, team.json()["code"]) == (403, "role_forbidden")
        assert (colleague.status_code, colleague.json()["code"]) == (403, "outside_team")


class TestSupervisor:
    def test_sees_everyone_and_sets_kpi_targets(
        self, client: TestClient, teams: dict[str, Agent]
    ) -> None:
        boss = {"X-CSRF-Token": login(client, "boss")}
        page = client.get(f"/api/v1/appraisal/months/{MONTH}").json()
        assert sorted(item["agent_id"] for item in page["items"]) == [
            "alan",
            "alead",
            "amei",
            "plead",
        ]
        set_ = client.put("/api/v1/appraisal/kpi-targets/csat", json={"target": 0.9}, headers=boss)
        bad = client.put("/api/v1/appraisal/kpi-targets/sessions", json={"target": 1}, headers=boss)
        assert set_.status_code == 200 and (bad.status_code, bad.json()["code"]) == (
            422,
            "unknown_kpi",
        )
        targets = {t["kpi"]: t for t in client.get("/api/v1/appraisal/kpi-targets").json()}
        assert targets["csat"] == {"kpi": "csat", "target": 0.9, "higher_is_better": True}
        assert targets["first_response_s"]["higher_is_better"] is False
        bad_month = client.get("/api/v1/appraisal/months/2026-13")
        assert (bad_month.status_code, bad_month.json()["code"]) == (422, "bad_month")
