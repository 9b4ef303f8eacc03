"""Issue 17: an audit log (操作日志) of exports, settings, role and password changes,
disabled accounts, refund decisions, merges, QC reviews and login lockouts: who,
when, what, from where; a supervisor's list with filters and a CSV / Excel export."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.audit import service as audit
from kefu.kit.cells import FORMULA_STARTS
from kefu.kit.errors import Conflict
from kefu.models import Agent, AuditEntry, Refund
from kefu.models.team import Role
from tests.factories import add_agents, login
from tests.test_aftersale_lists import people, three_refunds  # noqa: F401 (fixtures)


def entries(session: Session, action: str) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def supervisor(client: TestClient, session: Session) -> dict[str, str]:
    add_agents(session, {"boss": Role.supervisor, "mei": Role.presale})
    return {"X-CSRF-Token": login(client, "boss")}


class TestRecordedActions:
    def test_settings_roles_passwords_disable_and_exports_are_recorded(
        self, client: TestClient, session: Session
    ) -> None:
        csrf = supervisor(client, session)
        assert client.put(
            "/api/v1/shop/settings/greeting", json={"value": "您好，有什么可以帮您？"}, headers=csrf
        ).is_success
        assert client.patch(
            "/api/v1/agents/mei", json={"role": "aftersale"}, headers=csrf
        ).is_success
        assert client.post("/api/v1/agents/mei/reset-password", json={}, headers=csrf).is_success
        assert client.patch("/api/v1/agents/mei", json={"active": False}, headers=csrf).is_success
        assert client.get("/api/v1/bot/kb.csv").is_success
        setting = entries(session, "setting_change")[0]
        assert (setting.actor_id, setting.target, setting.address) == (
            "boss",
            "greeting",
            "testclient",
        )
        assert setting.detail["after"] == "您好，有什么可以帮您？"
        role = entries(session, "role_change")[0]
        assert (role.target, role.detail) == ("mei", {"from": "售前客服", "to": "售后客服"})
        assert entries(session, "password_change")[0].detail == {"generated": True}
        assert [e.target for e in entries(session, "agent_disable")] == ["mei"]
        assert [e.target for e in entries(session, "export")] == ["kb.csv"]

    def test_a_refused_change_leaves_no_entry(self, client: TestClient, session: Session) -> None:
        csrf = supervisor(client, session)
        refused = client.patch("/api/v1/agents/boss", json={"active": False}, headers=csrf)
        assert refused.status_code == 409
        assert entries(session, "agent_disable") == []

    def test_refund_decisions_are_recorded_with_labels(
        self,
        session: Session,
        three_refunds: dict[str, Refund],  # noqa: F811
        people: dict[str, Agent],  # noqa: F811
    ) -> None:
        decided = {e.target: e for e in entries(session, "refund_decision")}
        assert set(decided) == {"r2", "r3"}
        assert decided["r3"].actor_id == "zhou" and decided["r3"].detail["note"] == "已过期"
        assert decided["r2"].detail["to"] == "已同意"

    def test_unknown_action_is_a_programming_error(self, session: Session) -> None:
        try:
            audit.do_record(session, action="nope", actor_id=None)
        except AssertionError:
            return
        raise Conflict("未拒绝", code="not_refused")


class TestAuditList:
    def test_filters_search_paging_and_labels(self, client: TestClient, session: Session) -> None:
        csrf = supervisor(client, session)
        for value in ("欢迎光临", "您好"):
            client.put("/api/v1/shop/settings/greeting", json={"value": value}, headers=csrf)
        client.get("/api/v1/bot/kb.csv")
        page = client.get("/api/v1/audit", params={"page_size": 2}).json()
        assert (page["total"], page["page"], page["page_size"], len(page["items"])) == (3, 1, 2, 2)
        first = page["items"][0]
        assert (first["action"], first["action_label"], first["actor_name"]) == (
            "export",
            "导出数据",
            "boss",
        )
        only = client.get("/api/v1/audit", params={"action": "setting_change"}).json()
        assert [row["action_label"] for row in only["items"]] == ["修改设置", "修改设置"]
        assert client.get("/api/v1/audit", params={"q": "kb.csv"}).json()["total"] == 1
        assert client.get("/api/v1/audit", params={"agent": "mei"}).json()["total"] == 0
        assert (
            client.get("/api/v1/audit", params={"from": "2000-01-01", "to": "2000-01-02"}).json()[
                "total"
            ]
            == 0
        )
        bad = client.get("/api/v1/audit", params={"action": "drop_table"})
        assert bad.status_code == 422 and "未知的操作类型" in bad.json()["reason"]

    def test_agents_may_not_read_it(self, client: TestClient, session: Session) -> None:
        add_agents(session, {"mei": Role.presale})
        login(client, "mei")
        assert client.get("/api/v1/audit").status_code == 403


class TestAuditExport:
    def test_csv_and_xlsx_and_the_export_itself_is_recorded(
        self, client: TestClient, session: Session
    ) -> None:
        csrf = supervisor(client, session)
        client.put("/api/v1/shop/settings/greeting", json={"value": "=HYPERLINK(1)"}, headers=csrf)
        text = client.get("/api/v1/audit/export.csv").content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == list(audit.COLUMNS) and rows[1][1] == "修改设置"
        assert not [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
        book = load_workbook(io.BytesIO(client.get("/api/v1/audit/export.xlsx").content))
        sheet = book["操作日志"]
        assert [cell.value for cell in sheet[1]] == list(audit.COLUMNS)
        assert [e.target for e in entries(session, "export")] == [
            "audit-log.csv",
            "audit-log.xlsx",
        ]


class TestMergesAndQcReviews:
    def test_a_customer_merge_is_recorded(self, session: Session) -> None:
        from kefu.crm import merge
        from tests.test_customers import TestMerge

        mei = add_agents(session, {"mei": Role.aftersale})["mei"]
        kept, duplicate = TestMerge().build(session, mei)
        merge.do_merge(session, kept=kept, duplicate=duplicate, author=mei)
        [entry] = entries(session, "customer_merge")
        assert (entry.actor_id, entry.target, entry.detail["merged"]) == (
            "mei",
            kept.id,
            duplicate.id,
        )

    def test_a_qc_review_is_recorded(self, session: Session) -> None:
        from kefu.qc import qc_review
        from kefu.qc.qc_review import ReviewIn
        from tests.chat_helpers import agent
        from tests.test_qc_review import RUDE, closed_session

        mei = agent(session, "mei", max_concurrent=50)
        reviewer = agent(session, "liu", group=None, role=Role.qc)
        chat_session = closed_session(session, mei, RUDE)
        sheet = ReviewIn(quantified=80, quality=70, skills=90, comment="", verdicts={})
        qc_review.do_review(session, reviewer=reviewer, session_id=chat_session.id, sheet=sheet)
        [entry] = entries(session, "qc_review")
        assert (entry.actor_id, entry.target, entry.detail) == (
            "liu",
            chat_session.id,
            {"total": 79.0},
        )
