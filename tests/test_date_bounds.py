"""Dates in year 1 or 9999 (issue 17): a 422 with a reason, never a 500, and never
an export that answers 200 and then breaks off."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kefu.cli import app
from kefu.kit.dates import OUT_OF_RANGE
from kefu.models import Customer
from kefu.models.team import Role
from tests.factories import add_agent, login

FAR = {
    "date": ["0001-01-01", "9999-12-31"],
    "date-time": ["0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-08:00"],
    "month": ["0001-01", "9999-12"],
}
CALL = {"direction": "in", "duration_s": 60, "topic": "退货", "result": "已说明"}
COMPLAINT = {"customer_id": "c1", "category": "quality", "summary": "破损"}
SCAN = {"order_id": "o1", "status": "in_transit", "description": "到达杭州"}
PERIOD_NAMES = {"from": "date", "to": "date", "week": "date", "month": "month"}


@pytest.fixture
def supervisor(client: TestClient, session: Session) -> dict[str, str]:
    add_agent(session, "boss", Role.supervisor)
    return {"X-CSRF-Token": login(client, "boss")}


def date_queries(client: TestClient) -> list[tuple[str, str, str]]:
    """(path, query name, format) of every GET route's date or time query parameter."""
    found = []
    for path, methods in client.app.openapi()["paths"].items():  # type: ignore[attr-defined]
        for parameter in methods.get("get", {}).get("parameters", []):
            if parameter["in"] != "query":
                continue
            schema = parameter["schema"]
            formats = {schema.get("format")} | {s.get("format") for s in schema.get("anyOf", [])}
            kind = next((f for f in ("date-time", "date") if f in formats), None)
            kind = kind or PERIOD_NAMES.get(parameter["name"])
            if kind:
                found.append((path, parameter["name"], kind))
    return found


def base_query(path: str, name: str) -> dict[str, str]:
    """The other bound of a period, so that only the far date is wrong."""
    pairs = {"from": "to", "to": "from", "date_from": "date_to", "date_to": "date_from"}
    other = pairs.get(name)
    return {other: "2026-11-02" if other.endswith("to") else "2026-11-01"} if other else {}


class TestDateBounds:
    def test_year_1_or_9999_in_any_date_query_is_422_with_a_reason(
        self, client: TestClient, supervisor: dict[str, str]
    ) -> None:
        queries = date_queries(client)
        assert len(queries) >= 10  # the probe found the routes it is about
        for path, name, kind in queries:
            url = path.replace("{", "").replace("}", "")  # any id: the query fails first
            for far in FAR[kind]:
                response = client.get(url, params={**base_query(path, name), name: far})
                assert response.status_code == 422, (path, name, far, response.text)
                assert "1900" in response.json()["reason"], (path, name, response.text)

    def test_the_export_refuses_a_far_period_before_answering(
        self, client: TestClient, supervisor: dict[str, str]
    ) -> None:
        for params in ({"from": "0001-01-01"}, {"to": "9999-12-31T23:00:00-10:00"}):
            response = client.get("/api/v1/history/export", params=params)
            assert response.status_code == 422
            assert response.json()["reason"] == OUT_OF_RANGE

    @pytest.mark.parametrize(
        ("method", "path", "body"),
        [
            ("post", "/api/v1/customers/c1/calls", {**CALL, "at": "9999-12-31T23:59:59+00:00"}),
            ("post", "/api/v1/customers/c1/calls", {**CALL, "follow_up_due_at": "0001-01-01"}),
            ("patch", "/api/v1/customers/c1", {"birthday": "0001-01-01"}),
            (
                "post",
                "/api/v1/complaints",
                {**COMPLAINT, "promised_by": "9999-12-31T23:59:59"},
            ),
            (
                "post",
                "/api/v1/logistics/events",
                [{**SCAN, "at": "0001-01-01T00:00:00+08:00"}],
            ),
        ],
    )
    def test_year_1_or_9999_in_a_payload_is_422(
        self,
        client: TestClient,
        session: Session,
        supervisor: dict[str, str],
        method: str,
        path: str,
        body: Any,
    ) -> None:
        session.add(Customer(id="c1", nick="tb_c1"))
        session.commit()
        response = client.request(method, path, json=body, headers=supervisor)
        assert response.status_code == 422, response.text
        assert "1900" in response.json()["reason"]


class TestDateBoundsOnTheCommandLine:
    """The CLI's date options give the same reason, never a traceback (a far date in
    ``kefu report kpis`` used to overflow inside the report)."""

    @pytest.mark.parametrize(
        "args",
        [
            ["report", "kpis", "--from", "0001-01-01", "--to", "2026-11-02"],
            ["report", "kpis", "--from", "2026-11-01", "--to", "9999-12-31"],
            ["feedback", "report", "--week", "9999-12-27"],
        ],
    )
    def test_a_far_date_is_refused_with_the_reason(self, args: list[str]) -> None:
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 1, result.output
        assert OUT_OF_RANGE in result.output
        assert "Traceback" not in result.output
