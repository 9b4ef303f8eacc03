"""The rota, duty and handover endpoints, and a lead's scope on every one of them (issue 15:
"A lead of 售前组 cannot see or change 售后组's people, rota …"). ``plead`` leads 售前组
(amei); ``alan`` is in 售后组; ``boss`` is the supervisor."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook
from sqlalchemy.orm import Session

from kefu.models import Agent
from tests.factories import add_two_teams, login

WEEK = "2026-11-30"
ROTA = "/api/v1/shifts/rota"


@pytest.fixture
def teams(session: Session) -> dict[str, Agent]:
    return add_two_teams(session)


def as_user(client: TestClient, name: str) -> dict[str, str]:
    client.cookies.clear()
    return {"X-CSRF-Token": login(client, name)}


def shift_id(client: TestClient, name: str) -> str:
    templates = client.get("/api/v1/shifts/templates").json()
    return next(row["id"] for row in templates if row["name"] == name)


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = ["客服账号", "客服", *(f"2026-{d}" for d in ("11-30", *(f"12-0{n}" for n in range(1, 7))))]


@pytest.mark.usefixtures("teams")
class TestSupervisorCalendar:
    def test_assign_copy_export_and_import(self, client: TestClient) -> None:
        csrf = as_user(client, "boss")
        night = shift_id(client, "夜班")
        assert client.put(
            f"{ROTA}/alan/2026-11-24", json={"template_id": night}, headers=csrf
        ).is_success
        copied = client.post(f"{ROTA}/copy-last-week", json={"week": WEEK}, headers=csrf)
        assert copied.json() == {"copied": 1}
        week = client.get(ROTA, params={"week": "2026-12-02"}).json()
        assert week["week_start"] == WEEK and [d["label"] for d in week["days"]][:2] == [
            "周一",
            "周二",
        ]
        alan = next(row for row in week["agents"] if row["id"] == "alan")
        assert alan["group_name"] == "售后组" and alan["shifts"][1] == night
        assert {t["name"]: t["text"] for t in week["templates"]}["夜班"] == "22:00–次日06:00"
        exported = client.get(f"{ROTA}.xlsx", params={"week": WEEK})
        sheet = load_workbook(io.BytesIO(exported.content)).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert rows[0][:3] == ["客服账号", "客服", "2026-11-30（周一）"]
        assert ["alan", "alan", None, "夜班", None, None, None, None, None] in rows

    def test_a_bad_line_refuses_the_whole_file(self, client: TestClient) -> None:
        csrf = as_user(client, "boss")
        data = workbook([HEADER, ["amei", "", "早班"], ["alan", "", "午夜班"]])
        files = {"file": ("rota.xlsx", data)}
        refused = client.post(f"{ROTA}.xlsx", params={"week": WEEK}, files=files, headers=csrf)
        assert refused.status_code == 422, refused.text
        assert refused.json()["reason"].startswith("第 3 行：不认识的班次“午夜班”")
        week = client.get(ROTA, params={"week": WEEK}).json()
        assert all(shift is None for row in week["agents"] for shift in row["shifts"])
        good = workbook([HEADER, ["amei", "", "早班", "", "休", "晚班"]])
        files = {"file": ("rota.xlsx", good)}
        done = client.post(f"{ROTA}.xlsx", params={"week": WEEK}, files=files, headers=csrf)
        assert done.json() == {"shifts": 2}

    def test_a_template_may_cross_midnight(self, client: TestClient) -> None:
        csrf = as_user(client, "boss")
        body = {"name": "大夜", "starts": "21:00", "ends": "7:00"}
        made = client.post("/api/v1/shifts/templates", json=body, headers=csrf)
        assert made.status_code == 201 and made.json()["text"] == "21:00–次日07:00"
        bad = client.post(
            "/api/v1/shifts/templates", json={**body, "name": "x", "ends": "25:00"}, headers=csrf
        )
        assert bad.status_code == 422


@pytest.mark.usefixtures("teams")
class TestLeadScope:
    """Every rota, duty and handover endpoint, tried by 售前主管 on 售后组's alan."""

    def test_the_week_shows_her_people_only(self, client: TestClient) -> None:
        as_user(client, "plead")
        week = client.get(ROTA, params={"week": WEEK}).json()
        assert [row["id"] for row in week["agents"]] == ["amei", "plead"]
        refused = client.get(ROTA, params={"week": WEEK, "group_id": "g_after"})
        assert (refused.status_code, refused.json()["code"]) == (403, "outside_team")

    def test_every_change_to_another_groups_person_is_refused(self, client: TestClient) -> None:
        csrf = as_user(client, "plead")
        early = shift_id(client, "早班")
        calls = [
            client.put(f"{ROTA}/alan/{WEEK}", json={"template_id": early}, headers=csrf),
            client.put(f"{ROTA}/alan/{WEEK}", json={"template_id": None}, headers=csrf),
            client.post(
                f"{ROTA}/copy-last-week", json={"week": WEEK, "agent_ids": ["alan"]}, headers=csrf
            ),
            client.get(f"{ROTA}.xlsx", params={"week": WEEK, "group_id": "g_after"}),
            client.post(
                f"{ROTA}.xlsx",
                params={"week": WEEK},
                files={"file": ("r.xlsx", workbook([HEADER, ["alan", "", "早班"]]))},
                headers=csrf,
            ),
            client.put(
                f"/api/v1/shifts/duties/{WEEK}/payment_reminder",
                json={"agent_id": "alan"},
                headers=csrf,
            ),
            client.put(
                "/api/v1/shifts/rotations/payment_reminder",
                json={"agent_ids": ["amei", "alan"], "starts_on": WEEK},
                headers=csrf,
            ),
        ]
        assert [(r.status_code, r.json()["code"]) for r in calls] == [(403, "outside_team")] * 7
        assert client.put(
            f"{ROTA}/amei/{WEEK}", json={"template_id": early}, headers=csrf
        ).is_success

    def test_a_duty_named_by_the_supervisor_on_alan_stays_hers(self, client: TestClient) -> None:
        csrf = as_user(client, "boss")
        path = f"/api/v1/shifts/duties/{WEEK}/on_call"
        assert client.put(path, json={"agent_id": "alan"}, headers=csrf).is_success
        csrf = as_user(client, "plead")
        refused = client.put(path, json={"agent_id": "amei"}, headers=csrf)
        assert refused.status_code == 403
        assert (
            client.post(
                "/api/v1/shifts/templates",
                json={"name": "x", "starts": "01:00", "ends": "02:00"},
                headers=csrf,
            ).status_code
            == 403
        )

    def test_handovers_of_another_group_are_neither_shown_nor_acknowledged(
        self, client: TestClient
    ) -> None:
        csrf = as_user(client, "alan")
        written = client.post(
            "/api/v1/shifts/handovers",
            json={
                "notes": "3 号退货等仓库回复",
                "items": [{"kind": "callback", "text": "回电王女士"}],
            },
            headers=csrf,
        )
        assert written.status_code == 201
        handover_id = written.json()["id"]
        csrf = as_user(client, "plead")
        assert client.get("/api/v1/shifts/handovers").json()["items"] == []
        refused = client.post(f"/api/v1/shifts/handovers/{handover_id}/acknowledge", headers=csrf)
        assert (refused.status_code, refused.json()["code"]) == (403, "outside_team")
        csrf = as_user(client, "alead")
        pending = client.get("/api/v1/shifts/handovers", params={"pending": True}).json()["items"]
        assert [(h["agent_name"], h["items"][0]["text"]) for h in pending] == [
            ("alan", "回电王女士")
        ]
        done = client.post(f"/api/v1/shifts/handovers/{handover_id}/acknowledge", headers=csrf)
        assert done.json()["acknowledged_by_name"] == "alead"
        again = client.post(f"/api/v1/shifts/handovers/{handover_id}/acknowledge", headers=csrf)
        assert again.status_code == 409

    def test_the_draft_is_her_own(self, client: TestClient) -> None:
        as_user(client, "plead")
        assert client.get("/api/v1/shifts/handovers/draft").json() == {"notes": "", "items": []}
