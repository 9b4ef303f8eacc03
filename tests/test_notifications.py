"""The app shell's notification summary: my tasks due soon or late, refunds near or
past their step deadline for those who handle them, complaints past their promise
for their owners (all of them for the supervisor); counts beyond the items shown."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.models import Agent, Complaint, Customer, Order, Refund
from kefu.models.team import Role
from kefu.models.work import TaskKind, TaskStatus
from kefu.notify import queries
from kefu.task import service as task_service
from tests.chat_helpers import frozen_at
from tests.factories import add_agents, login

NOW = dt.datetime(2026, 11, 20, 4, 0, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)


@pytest.fixture
def people(session: Session) -> dict[str, Agent]:
    people = add_agents(
        session,
        {
            "lei": Role.aftersale,
            "mei": Role.presale,
            "boss": Role.supervisor,
            "qc": Role.qc,
        },
    )
    session.add(Customer(id="c1", vip_level=0, marketing_opt_out=False))
    session.flush()
    session.add(
        Order(
            id="o1",
            customer_id="c1",
            status="delivered",
            amount=Decimal("99.00"),
            cod=False,
            created_at=NOW,
        )
    )
    session.flush()
    for title, hours, assignee, status in (
        ("回访：已超时", -1, "lei", TaskStatus.open),
        ("回访：一小时后", 1, "lei", TaskStatus.open),
        ("回访：五小时后", 5, "lei", TaskStatus.open),
        ("回访：已完成", -2, "lei", TaskStatus.done),
        ("催付：别人的", 1, "mei", TaskStatus.open),
    ):
        task = task_service.do_open(
            session,
            kind=TaskKind.callback,
            title=title,
            due_at=NOW + hours * H,
            assignee_id=assignee,
        )
        task.status = status.value
    for refund_id, hours in (("r1", -3), ("r2", 1), ("r3", 10)):
        session.add(
            Refund(
                id=refund_id,
                order_id="o1",
                kind="return",
                status="requested",
                requested_at=NOW - 48 * H,
                due_at=NOW + hours * H,
            )
        )
    session.add(  # settled: no deadline
        Refund(id="r4", order_id="o1", kind="return", status="closed", requested_at=NOW)
    )
    for complaint_id, owner, hours, resolved in (
        ("k1", "lei", -1, None),
        ("k2", "boss", -2, None),
        ("k3", "lei", 1, None),
        ("k4", "lei", -5, NOW),
    ):
        session.add(
            Complaint(
                id=complaint_id,
                customer_id="c1",
                category="quality",
                opened_at=NOW - 24 * H,
                promised_by=NOW + hours * H,
                resolved_at=resolved,
                owner_id=owner,
                summary=f"投诉{complaint_id}",
            )
        )
    session.flush()
    return people


def summary(session: Session, agent: Agent, *, hours: int = 2, limit: int = 5) -> dict[str, dict]:
    with frozen_at(NOW):
        out = queries.summary(session, agent=agent, within=dt.timedelta(hours=hours), limit=limit)
    return {section.kind: section.model_dump() for section in out.sections} | {
        "total": {"count": out.total}
    }


class TestSummary:
    def test_an_aftersale_agent_sees_tasks_refunds_and_own_complaints(
        self, session: Session, people: dict[str, Agent]
    ) -> None:
        got = summary(session, people["lei"])
        tasks, refunds, complaints = got["task"], got["refund"], got["complaint"]
        assert [i["title"] for i in tasks["items"]] == ["回访：已超时", "回访：一小时后"]
        assert (tasks["count"], tasks["overdue"], tasks["link"]) == (2, 1, "/tasks")
        assert [(i["id"], i["overdue"], i["link"]) for i in refunds["items"]] == [
            ("r1", True, "/refunds/r1"),
            ("r2", False, "/refunds/r2"),
        ]
        assert refunds["items"][0]["title"] == "退货退款待审核：订单 o1"
        assert refunds["items"][0]["due_at"] == NOW - 3 * H
        assert [(i["id"], i["link"]) for i in complaints["items"]] == [("k1", "/complaints/k1")]
        assert complaints["items"][0]["title"] == "投诉超时未解决：投诉k1"
        assert got["total"]["count"] == 5

    def test_the_window_and_the_limit(self, session: Session, people: dict[str, Agent]) -> None:
        got = summary(session, people["lei"], hours=12, limit=1)
        assert (got["task"]["count"], len(got["task"]["items"])) == (3, 1)
        assert (got["refund"]["count"], got["refund"]["overdue"]) == (3, 1)
        assert [i["id"] for i in got["refund"]["items"]] == ["r1"]

    def test_by_role(self, session: Session, people: dict[str, Agent]) -> None:
        presale = summary(session, people["mei"])
        assert set(presale) == {"task", "total"}  # no refunds, no complaints
        assert [i["title"] for i in presale["task"]["items"]] == ["催付：别人的"]
        boss = summary(session, people["boss"])
        assert [i["id"] for i in boss["complaint"]["items"]] == ["k2", "k1"]  # everyone's
        assert boss["task"]["count"] == 0


def test_over_http(client: TestClient, session: Session, people: dict[str, Agent]) -> None:
    session.commit()
    login(client, "lei")
    with frozen_at(NOW):
        body = client.get("/api/v1/notifications", params={"within_hours": 12}).json()
    assert [s["kind"] for s in body["sections"]] == ["task", "refund", "complaint"]
    assert (body["total"], body["within_hours"]) == (7, 12)
    assert client.get("/api/v1/notifications", params={"within_hours": 0}).status_code == 422
    login(client, "qc")
    with frozen_at(NOW):
        body = client.get("/api/v1/notifications").json()
    assert (body["total"], [s["kind"] for s in body["sections"]]) == (0, ["task"])
