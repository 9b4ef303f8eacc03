"""Logins, logouts, who is logged in, and role checks over HTTP."""

from __future__ import annotations

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kefu.api.auth import Allow, assert_every_route_guarded
from kefu.api.routing import make_router
from kefu.app import create_app
from kefu.models import AgentGroup, GroupLead
from kefu.models.team import Role
from tests.factories import PASSWORD, add_agent, login


@pytest.fixture
def agents(session: Session) -> None:
    add_agent(session, "boss", Role.supervisor)
    add_agent(session, "xiaomei", Role.presale)


@pytest.mark.usefixtures("agents")
class TestLoginApi:
    def test_right_password_logs_in_with_an_httponly_cookie(self, client: TestClient) -> None:
        response = client.post(
            "/api/v1/auth/login", json={"login": "xiaomei", "password": PASSWORD}
        )
        assert response.status_code == 200
        assert response.json()["agent"]["role"] == "presale"
        assert len(response.json()["csrf_token"]) >= 32
        cookie = response.headers["set-cookie"]
        assert (
            "kefu_session=" in cookie and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
        )
        assert client.get("/api/v1/auth/me").json()["id"] == "xiaomei"

    @pytest.mark.parametrize("who", ["xiaomei", "nobody"])
    def test_wrong_password_or_unknown_login_is_401(self, client: TestClient, who: str) -> None:
        response = client.post(
            "/api/v1/auth/login", json={"login": who, "password": "wrong-password"}
        )
        assert response.status_code == 401
        assert response.json() == {"code": "bad_credentials", "reason": "账号或密码错误"}
        assert "kefu_session" not in response.cookies

    def test_empty_body_is_422_with_a_reason(self, client: TestClient) -> None:
        response = client.post("/api/v1/auth/login", json={})
        assert response.status_code == 422
        assert response.json()["code"] == "invalid_input"
        assert "login" in response.json()["reason"]


@pytest.mark.usefixtures("agents")
class TestLogoutApi:
    def test_logout_ends_the_session_on_the_server(self, client: TestClient) -> None:
        csrf = login(client, "xiaomei")
        token = client.cookies["kefu_session"]
        assert client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
        client.cookies.set("kefu_session", token)  # a stolen copy of the cookie is dead too
        assert client.get("/api/v1/auth/me").status_code == 401

    def test_login_brings_the_agent_online_and_logout_takes_them_offline(
        self, client: TestClient
    ) -> None:
        csrf = login(client, "xiaomei")
        assert client.get("/api/v1/auth/me").json()["status"] == "online"
        client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
        csrf = login(client, "boss")
        agents = client.get("/api/v1/agents").json()["items"]
        statuses = {agent["id"]: agent["status"] for agent in agents}
        assert statuses == {"xiaomei": "offline", "boss": "online"}

    def test_logout_without_csrf_token_is_refused(self, client: TestClient) -> None:
        login(client, "xiaomei")
        response = client.post("/api/v1/auth/logout")
        assert response.status_code == 403
        assert response.json()["code"] == "csrf_failed"
        assert client.get("/api/v1/auth/me").status_code == 200


@pytest.mark.usefixtures("agents")
class TestAccess:
    @pytest.mark.parametrize(
        ("method", "path"),
        [
            ("get", "/api/v1/agents"),
            ("get", "/api/v1/auth/me"),
            ("get", "/api/v1/history/export"),
            ("post", "/api/v1/history/import"),
        ],
    )
    def test_anonymous_requests_are_401(self, client: TestClient, method: str, path: str) -> None:
        response = client.request(method, path)
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"

    @pytest.mark.parametrize(
        ("method", "path"),
        [
            ("get", "/api/v1/agents"),
            ("get", "/api/v1/history/export"),
            ("post", "/api/v1/history/import"),
        ],
    )
    def test_a_role_not_allowed_is_403(self, client: TestClient, method: str, path: str) -> None:
        csrf = login(client, "xiaomei")
        response = client.request(method, path, headers={"X-CSRF-Token": csrf}, content=b"")
        assert response.status_code == 403
        assert response.json()["code"] == "role_forbidden"

    def test_the_allowed_role_gets_through(self, client: TestClient) -> None:
        login(client, "boss")
        response = client.get("/api/v1/agents")
        assert response.status_code == 200
        assert sorted(agent["id"] for agent in response.json()["items"]) == ["boss", "xiaomei"]

    def test_me_tells_the_app_role_group_token_and_shop_zone(self, client: TestClient) -> None:
        csrf = login(client, "xiaomei")
        me = client.get("/api/v1/auth/me").json()
        assert (me["id"], me["role"], me["role_label"]) == ("xiaomei", "presale", "售前客服")
        assert me["csrf_token"] == csrf
        assert me["shop_timezone"] == "Asia/Shanghai"
        assert me["led_group_names"] == []

    def test_me_names_the_groups_a_lead_leads(self, client: TestClient, session: Session) -> None:
        """She leads 售后组 without being in it: the task list's 本组 stands for it."""
        add_agent(session, "alead", Role.aftersale_lead)
        session.add_all(
            [
                AgentGroup(id="g_after", name="售后组"),
                GroupLead(group_id="g_after", agent_id="alead"),
            ]
        )
        session.commit()
        login(client, "alead")
        me = client.get("/api/v1/auth/me").json()
        assert (me["group_name"], me["led_group_names"]) == (None, ["售后组"])


class TestEveryRouteGuarded:
    def test_the_real_app_starts(self, engine: Engine) -> None:
        assert_every_route_guarded(create_app(engine))

    def test_a_route_without_a_declared_role_stops_the_app(self) -> None:
        app = FastAPI()
        router = make_router()

        @router.get("/api/v1/forgotten")
        def forgotten() -> dict[str, str]:
            return {}

        @router.get("/api/v1/fine", dependencies=[Depends(Allow(Role.qc))])
        def fine() -> dict[str, str]:
            return {}

        app.include_router(router)
        with pytest.raises(RuntimeError, match="forgotten") as caught:
            assert_every_route_guarded(app)
        assert "fine" not in str(caught.value)


class TestApiBasics:
    def test_healthz(self, client: TestClient) -> None:
        assert client.get("/healthz").json() == {"status": "ok", "version": "0.1.0"}

    def test_openapi_lists_the_v1_api(self, client: TestClient) -> None:
        paths = client.get("/openapi.json").json()["paths"]
        assert {"/api/v1/auth/login", "/api/v1/history/import", "/api/v1/history/export"} <= set(
            paths
        )

    def test_unknown_route_is_json_404(self, client: TestClient) -> None:
        response = client.get("/api/v1/nothing-here")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
