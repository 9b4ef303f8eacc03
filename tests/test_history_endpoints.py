"""History import/export through the API, for supervisors."""

from __future__ import annotations

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.models.team import Role
from tests.factories import add_agent, login
from tests.test_history_service import EVERY_TYPE, table_counts


@pytest.fixture
def supervisor(client: TestClient, session: Session) -> dict[str, str]:
    add_agent(session, "boss", Role.supervisor)
    return {"X-CSRF-Token": login(client, "boss")}


class TestImportHistory:
    def test_import_then_reimport(self, client: TestClient, supervisor: dict[str, str]) -> None:
        body = EVERY_TYPE.read_bytes()
        first = client.post("/api/v1/history/import", content=body, headers=supervisor)
        assert first.status_code == 200
        assert first.json()["created"]["message"] == 4
        again = client.post("/api/v1/history/import", content=body, headers=supervisor)
        assert again.status_code == 200
        assert sum(again.json()["created"].values()) == 0

    def test_bad_line_is_422_with_its_number_and_nothing_stored(
        self, client: TestClient, session: Session, supervisor: dict[str, str]
    ) -> None:
        lines = EVERY_TYPE.read_bytes().splitlines()
        lines[4] = b'{"type":"customer","id":"c1","birthday":"1992-13-40"}'
        before = table_counts(session)
        response = client.post(
            "/api/v1/history/import", content=b"\n".join(lines), headers=supervisor
        )
        assert response.status_code == 422
        assert response.json()["code"] == "bad_line"
        assert response.json()["line"] == 5
        assert "birthday" in response.json()["reason"]
        assert table_counts(session) == before


class TestExportHistory:
    def test_export_streams_json_lines(
        self, client: TestClient, supervisor: dict[str, str]
    ) -> None:
        client.post("/api/v1/history/import", content=EVERY_TYPE.read_bytes(), headers=supervisor)
        response = client.get(
            "/api/v1/history/export", params={"from": "2026-11-13", "to": "2026-11-14"}
        )
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/x-ndjson"
        lines = [orjson.loads(raw) for raw in response.content.splitlines()]
        assert [line["id"] for line in lines if line["type"] == "session"] == ["s2"]

    def test_bad_period_is_422(self, client: TestClient, supervisor: dict[str, str]) -> None:
        response = client.get("/api/v1/history/export", params={"from": "yesterday"})
        assert response.status_code == 422
        assert response.json()["code"] == "bad_period"
