"""The supervisor's agents and groups over HTTP: /api/v1/agents and /api/v1/groups."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.models.team import Role
from tests.factories import PASSWORD, add_agent, login


@pytest.fixture
def boss(session: Session, client: TestClient) -> dict[str, str]:
    add_agent(session, "boss", Role.supervisor)
    add_agent(session, "xiaomei", Role.presale)
    return {"X-CSRF-Token": login(client, "boss")}


class TestAgentsApi:
    def test_add_list_and_log_in_with_the_generated_password(
        self, client: TestClient, boss: dict[str, str]
    ) -> None:
        team = client.post("/api/v1/groups", json={"name": "售后一组"}, headers=boss).json()
        response = client.post(
            "/api/v1/agents",
            json={"login": "lanlan", "name": "兰兰", "role": "aftersale", "group_id": team["id"]},
            headers=boss,
        )
        assert response.status_code == 201
        body = response.json()
        assert (
            body["agent"]["group_name"] == "售后一组" and body["agent"]["role_label"] == "售后客服"
        )
        listed = client.get("/api/v1/agents", params={"q": "兰", "role": "aftersale"}).json()
        assert [item["login"] for item in listed["items"]] == ["lanlan"]
        assert listed["total"] == 1 and listed["page_size"] == 20
        assert listed["items"][0]["status_label"] == "离线"
        item = listed["items"][0]
        assert {
            "id",
            "name",
            "group_id",
            "status",
            "max_concurrent",
            "active",
            "created_at",
        } <= set(item)
        client.cookies.clear()
        login(client, "lanlan", body["password"])

    def test_duplicate_login_is_409(self, client: TestClient, boss: dict[str, str]) -> None:
        response = client.post(
            "/api/v1/agents",
            json={"login": "xiaomei", "role": "presale", "password": PASSWORD},
            headers=boss,
        )
        assert response.status_code == 409
        assert response.json() == {"code": "agent_exists", "reason": "客服账号 xiaomei 已存在"}

    def test_bad_input_is_422(self, client: TestClient, boss: dict[str, str]) -> None:
        short = client.post(
            "/api/v1/agents",
            json={"login": "new1", "role": "presale", "password": "123"},
            headers=boss,
        )
        group = client.post(
            "/api/v1/agents",
            json={"login": "new1", "role": "presale", "group_id": "nope"},
            headers=boss,
        )
        assert short.status_code == 422 and group.status_code == 422
        assert group.json()["code"] == "unknown_group"

    def test_patch_disables_and_ends_her_session(
        self, client: TestClient, session: Session, boss: dict[str, str]
    ) -> None:
        with TestClient(client.app) as her:
            login(her, "xiaomei")
            assert her.get("/api/v1/auth/me").status_code == 200
            response = client.patch(
                "/api/v1/agents/xiaomei", json={"active": False, "max_concurrent": 4}, headers=boss
            )
            assert response.status_code == 200
            assert response.json()["active"] is False and response.json()["status"] == "offline"
            assert response.json()["max_concurrent"] == 4
            assert her.get("/api/v1/auth/me").status_code == 401

    def test_reset_password_returns_a_new_one_once(
        self, client: TestClient, boss: dict[str, str]
    ) -> None:
        random = client.post("/api/v1/agents/xiaomei/reset-password", json={}, headers=boss)
        chosen = client.post(
            "/api/v1/agents/boss/reset-password", json={"password": "my-new-pass"}, headers=boss
        )
        assert random.status_code == 200 and len(random.json()["password"]) >= 12
        assert chosen.json() == {"password": None}
        login(client, "xiaomei", random.json()["password"])

    def test_unknown_agent_is_404(self, client: TestClient, boss: dict[str, str]) -> None:
        response = client.patch("/api/v1/agents/ghost", json={"name": "x"}, headers=boss)
        assert response.status_code == 404 and response.json()["reason"] == "没有这个客服"

    @pytest.mark.parametrize(
        ("method", "path"),
        [
            ("get", "/api/v1/agents"),
            ("post", "/api/v1/agents"),
            ("patch", "/api/v1/agents/boss"),
            ("post", "/api/v1/agents/boss/reset-password"),
            ("get", "/api/v1/groups"),
            ("post", "/api/v1/groups"),
            ("delete", "/api/v1/groups/x"),
        ],
    )
    def test_only_the_supervisor(
        self, client: TestClient, boss: dict[str, str], method: str, path: str
    ) -> None:
        client.cookies.clear()
        csrf = login(client, "xiaomei")
        response = client.request(method, path, headers={"X-CSRF-Token": csrf}, json={})
        assert response.status_code == 403


class TestGroupsApi:
    def test_create_rename_list_and_delete(self, client: TestClient, boss: dict[str, str]) -> None:
        made = client.post("/api/v1/groups", json={"name": "夜班"}, headers=boss)
        assert made.status_code == 201
        group_id = made.json()["id"]
        renamed = client.patch(f"/api/v1/groups/{group_id}", json={"name": "夜班组"}, headers=boss)
        assert renamed.json()["name"] == "夜班组"
        listed = client.get("/api/v1/groups", params={"q": "夜"}).json()
        assert [(g["name"], g["agents"]) for g in listed["items"]] == [("夜班组", 0)]
        assert client.delete(f"/api/v1/groups/{group_id}", headers=boss).status_code == 204
        assert client.get("/api/v1/groups", params={"q": "夜"}).json()["total"] == 0

    def test_a_group_with_agents_is_409_with_a_reason(
        self, client: TestClient, boss: dict[str, str]
    ) -> None:
        group_id = client.post("/api/v1/groups", json={"name": "夜班"}, headers=boss).json()["id"]
        client.patch("/api/v1/agents/xiaomei", json={"group_id": group_id}, headers=boss)
        response = client.delete(f"/api/v1/groups/{group_id}", headers=boss)
        assert response.status_code == 409
        assert response.json()["reason"] == "分组 夜班 还有 1 名客服，请先把他们移到其他分组"

    def test_duplicate_name_is_409(self, client: TestClient, boss: dict[str, str]) -> None:
        client.post("/api/v1/groups", json={"name": "夜班"}, headers=boss)
        response = client.post("/api/v1/groups", json={"name": "夜班"}, headers=boss)
        assert response.status_code == 409 and response.json()["code"] == "group_exists"
