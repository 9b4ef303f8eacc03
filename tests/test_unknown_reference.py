"""A request naming an agent that does not exist is the request's fault: 422 with a
reason, nothing written (api/errors.py catches what no service checked first). Found by
the API fuzz on the duty, notice and ticket endpoints."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.kit.xlsx import write_workbook
from kefu.models import Duty
from tests.factories import add_two_teams, login


class TestUnknownReference:
    def test_a_duty_for_nobody_is_422_and_writes_nothing(
        self, client: TestClient, session: Session
    ) -> None:
        add_two_teams(session)
        boss = {"X-CSRF-Token": login(client, "boss")}
        response = client.put(
            "/api/v1/shifts/duties/2026-12-01/on_call", json={"agent_id": "nobody"}, headers=boss
        )
        assert response.status_code == 422
        assert response.json()["code"] == "unknown_reference"
        session.expire_all()
        assert session.scalar(select(func.count()).select_from(Duty)) == 0


class TestWriteWorkbook:
    def test_control_characters_are_dropped_not_fatal(self) -> None:
        target = io.BytesIO()
        write_workbook(target, {"表": [["姓名"], ["小\x01美\x1f"]]})
        sheet = load_workbook(io.BytesIO(target.getvalue())).active
        assert sheet["A2"].value == "小美"
