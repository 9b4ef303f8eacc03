"""The rota, duty and handover endpoints, and a lead's scope on every one of them (issue 15:
"A lead of 售前组 cannot see or change 售后组's people, rota …"). ``plead`` leads 售前组
(amei); ``alan`` is in 售后组; ``boss`` is the supervisor."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from httpx import Response
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


DUTIES = "/api/v1/shifts/duties.xlsx"
DUTY_HEADER = ["日期", "值班", "客服账号", "客服"]


def upload_duties(client: TestClient, csrf: dict[str, str], rows: list[list[object]]) -> Response:
    sheet = workbook([DUTY_HEADER, *rows])
    return client.post(DUTIES, files={"file": ("d.xlsx", sheet)}, headers=csrf)


@pytest.mark.usefixtures("teams")
class TestDutySheets:
    def test_export_then_import_names_the_holders(self, client: TestClient) -> None:
        csrf = as_user(client, "boss")
        done = upload_duties(
            client, csrf, [["2026-12-01", "夜间热线", "alan"], ["2026-12-02", "今日催付", "amei"]]
        )
        assert done.json() == {"duties": 2}
        sheet = client.get(DUTIES, params={"week": WEEK})
        rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
        assert rows[0] == tuple(DUTY_HEADER)
        named = [row for row in rows[1:] if row[2]]
        assert named == [
            ("2026-12-01", "夜间热线", "alan", "alan"),
            ("2026-12-02", "今日催付", "amei", "amei"),
        ]
        cleared = upload_duties(client, csrf, [["2026-12-01", "night_hotline", None]])
        assert cleared.json() == {"duties": 1}
        week = client.get(ROTA, params={"week": WEEK}).json()
        hotline = [d for d in week["duties"] if d["kind"] == "night_hotline" and d["agent_id"]]
        assert hotline == []

    @pytest.mark.parametrize(
        ("bad", "code", "reason"),
        [
            (["12/01", "今日催付", "amei"], "bad_date", "第 3 行：日期“12/01”"),
            (["2026-12-01", "白班", "amei"], "unknown_duty", "第 3 行：不认识的值班“白班”"),
            (["2026-12-01", "今日催付", "nobody"], "agent_not_found", "第 3 行：没有客服账号"),
            (["2026-12-02", "今日催付", "amei"], "repeated_duty", "第 3 行："),
        ],
    )
    def test_a_bad_line_refuses_the_whole_file(
        self, client: TestClient, bad: list[object], code: str, reason: str
    ) -> None:
        csrf = as_user(client, "boss")
        refused = upload_duties(client, csrf, [["2026-12-02", "今日催付", "alan"], bad])
        body = refused.json()
        assert (refused.status_code, body["code"]) == (422, code)
        assert body["reason"].startswith(reason)
        week = client.get(ROTA, params={"week": WEEK}).json()
        assert [d for d in week["duties"] if d["agent_id"]] == []

    def test_a_lead_imports_her_people_only(self, client: TestClient) -> None:
        csrf = as_user(client, "plead")
        rows = [["2026-12-01", "今日催付", "amei"], ["2026-12-02", "今日催付", "alan"]]
        refused = upload_duties(client, csrf, rows)
        body = refused.json()
        assert (refused.status_code, body["code"]) == (403, "outside_team")
        assert body["reason"].startswith("第 3 行")
        assert upload_duties(client, csrf, rows[:1]).json() == {"duties": 1}
        csrf = as_user(client, "boss")
        assert upload_duties(client, csrf, [["2026-12-03", "夜间热线", "alan"]]).is_success
        as_user(client, "plead")
        sheet = client.get(DUTIES, params={"week": WEEK})
        sheet_rows = list(
            load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True)
        )
        assert [row[2] for row in sheet_rows[1:] if row[2]] == ["amei"]  # not 售后组's alan


@pytest.mark.usefixtures("teams")
class TestLists:
    def test_rota_and_duties_are_paged_and_scoped(self, client: TestClient) -> None:
        csrf = as_user(client, "boss")
        early, night = shift_id(client, "早班"), shift_id(client, "夜班")
        for who, day, shift in (
            ("amei", WEEK, early),
            ("alan", WEEK, night),
            ("amei", "2026-12-01", night),
        ):
            assert client.put(
                f"{ROTA}/{who}/{day}", json={"template_id": shift}, headers=csrf
            ).is_success
        for who, day in (("amei", WEEK), ("alan", "2026-12-01")):
            path = f"/api/v1/shifts/duties/{day}/on_call"
            assert client.put(path, json={"agent_id": who}, headers=csrf).is_success
        page = client.get(f"{ROTA}/entries", params={"page_size": 2, "sort": "-day"}).json()
        assert (page["total"], page["page"], page["page_size"]) == (3, 1, 2)
        assert [(r["day"], r["agent_name"], r["shift_name"]) for r in page["items"]] == [
            ("2026-12-01", "amei", "夜班"),
            ("2026-11-30", "amei", "早班"),
        ]
        found = client.get(f"{ROTA}/entries", params={"q": "ala"}).json()
        assert [(r["agent_id"], r["group_name"]) for r in found["items"]] == [("alan", "售后组")]
        duties = client.get("/api/v1/shifts/duties", params={"date_from": "2026-12-01"}).json()
        assert [(d["day"], d["label"], d["agent_name"]) for d in duties["items"]] == [
            ("2026-12-01", "下班后值班", "alan")
        ]

        as_user(client, "plead")
        mine = client.get(f"{ROTA}/entries").json()
        assert {r["agent_id"] for r in mine["items"]} == {"amei"}
        assert [d["agent_id"] for d in client.get("/api/v1/shifts/duties").json()["items"]] == [
            "amei"
        ]
        for path in (f"{ROTA}/entries", "/api/v1/shifts/duties"):
            for params in ({"group_id": "g_after"}, {"agent_id": "alan"}):
                refused = client.get(path, params=params)
                assert (refused.status_code, refused.json()["code"]) == (403, "outside_team")
        bad = client.get("/api/v1/shifts/duties", params={"sort": "nope"})
        assert bad.status_code == 422
