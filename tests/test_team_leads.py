"""Leads (组长, 售前/售后主管 …) manage their own groups' people only (team/leads.py).

Issue: "A lead of 售前组 cannot see or change 售后组's people" — every agent and group
endpoint is tried here as the 售前主管 against a 售后组 agent.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.kit.errors import BadInput, Forbidden
from kefu.models import Agent
from kefu.team import leads
from tests.factories import add_two_teams, login


@pytest.fixture
def teams(session: Session) -> dict[str, Agent]:
    return add_two_teams(session)


class TestManagedAgentIds:
    def test_a_lead_manages_her_groups_people(
        self, session: Session, teams: dict[str, Agent]
    ) -> None:
        assert leads.managed_agent_ids(session, actor=teams["plead"]) == {"plead", "amei"}
        assert leads.managed_agent_ids(session, actor=teams["alead"]) == {"alead", "alan"}

    def test_the_supervisor_manages_everyone_and_an_agent_nobody(
        self, session: Session, teams: dict[str, Agent]
    ) -> None:
        assert leads.managed_agent_ids(session, actor=teams["boss"]) is None
        assert leads.managed_agent_ids(session, actor=teams["amei"]) == frozenset()


class TestCheckManages:
    def test_another_groups_agent_is_refused(
        self, session: Session, teams: dict[str, Agent]
    ) -> None:
        leads.check_manages(session, actor=teams["plead"], agent_id="amei")
        with pytest.raises(Forbidden) as refused:
            leads.check_manages(session, actor=teams["plead"], agent_id="alan")
        assert refused.value.code == "outside_team"


class TestDoSetGroupLeads:
    def test_only_lead_roles_may_lead(self, session: Session, teams: dict[str, Agent]) -> None:
        leads.do_set_group_leads(session, group_id="g_pre", lead_ids=["plead", "alead"])
        assert leads.leads_by_group(session, group_ids=["g_pre"]) == {
            "g_pre": [{"id": "alead", "name": "alead"}, {"id": "plead", "name": "plead"}]
        }
        with pytest.raises(BadInput):
            leads.do_set_group_leads(session, group_id="g_pre", lead_ids=["amei"])


@pytest.fixture
def presale_lead(client: TestClient, teams: dict[str, Agent]) -> dict[str, str]:
    return {"X-CSRF-Token": login(client, "plead")}


class TestLeadOverHttp:
    def test_lists_hold_only_her_people_and_groups(
        self, client: TestClient, presale_lead: dict[str, str]
    ) -> None:
        agents = client.get("/api/v1/agents").json()
        assert sorted(item["id"] for item in agents["items"]) == ["amei", "plead"]
        assert agents["total"] == 2
        groups = client.get("/api/v1/groups").json()
        assert [(g["id"], g["leads"]) for g in groups["items"]] == [
            ("g_pre", [{"id": "plead", "name": "plead"}])
        ]

    @pytest.mark.parametrize(
        ("method", "path", "body"),
        [
            ("GET", "/api/v1/agents/alan", None),
            ("PATCH", "/api/v1/agents/alan", {"max_concurrent": 3}),
            ("POST", "/api/v1/agents/alan/unlock", None),
            ("POST", "/api/v1/agents/alan/reset-password", {}),
        ],
    )
    def test_another_groups_agent_is_403(
        self,
        client: TestClient,
        presale_lead: dict[str, str],
        method: str,
        path: str,
        body: dict[str, object] | None,
    ) -> None:
        response = client.request(method, path, json=body, headers=presale_lead)
        assert response.status_code == 403
        assert response.json()["code"] == "outside_team"

    def test_her_own_agent_can_be_changed(
        self, client: TestClient, presale_lead: dict[str, str], session: Session
    ) -> None:
        response = client.patch(
            "/api/v1/agents/amei", json={"max_concurrent": 5}, headers=presale_lead
        )
        assert response.status_code == 200 and response.json()["max_concurrent"] == 5

    def test_she_cannot_move_her_agent_out_or_make_a_lead(
        self, client: TestClient, presale_lead: dict[str, str]
    ) -> None:
        moved = client.patch(
            "/api/v1/agents/amei", json={"group_id": "g_after"}, headers=presale_lead
        )
        promoted = client.patch(
            "/api/v1/agents/amei", json={"role": "team_lead"}, headers=presale_lead
        )
        assert (moved.status_code, moved.json()["code"]) == (403, "outside_team")
        assert (promoted.status_code, promoted.json()["code"]) == (403, "role_grant_forbidden")

    @pytest.mark.parametrize(
        ("method", "path", "body"),
        [
            ("POST", "/api/v1/groups", {"name": "新组"}),
            ("PATCH", "/api/v1/groups/g_after", {"name": "改名"}),
            ("DELETE", "/api/v1/groups/g_after", None),
            ("POST", "/api/v1/agents", {"login": "x1", "role": "presale"}),
        ],
    )
    def test_groups_and_new_accounts_stay_the_supervisors(
        self,
        client: TestClient,
        presale_lead: dict[str, str],
        method: str,
        path: str,
        body: dict[str, object] | None,
    ) -> None:
        response = client.request(method, path, json=body, headers=presale_lead)
        assert (response.status_code, response.json()["code"]) == (403, "role_forbidden")


class TestSupervisorNamesLeads:
    def test_leads_set_on_a_group_show_on_its_row(
        self, client: TestClient, teams: dict[str, Agent]
    ) -> None:
        boss = {"X-CSRF-Token": login(client, "boss")}
        response = client.patch(
            "/api/v1/groups/g_after",
            json={"name": "售后组", "lead_ids": ["alead", "plead"]},
            headers=boss,
        )
        assert response.status_code == 200
        assert [lead["id"] for lead in response.json()["leads"]] == ["alead", "plead"]
        refused = client.patch(
            "/api/v1/groups/g_after", json={"name": "售后组", "lead_ids": ["alan"]}, headers=boss
        )
        assert (refused.status_code, refused.json()["code"]) == (422, "not_a_lead")
