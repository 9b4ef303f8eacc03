"""Internal tickets to departments (the answer back to the agent and the buyer), abuse
reports to the lead, platform claims with the platform's deadline, complaint statistics
by category (突发事件) and completion."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.aftersale import cases, stats
from kefu.crm import service as crm_service
from kefu.kit.errors import BadInput, Conflict, Forbidden
from kefu.models import Agent, Customer, InternalTicket, Task
from kefu.models.team import Role
from kefu.shift import handover
from kefu.ticket import claims, service
from tests.aftercare_helpers import at, shop_with_chat, told
from tests.chat_helpers import frozen_at
from tests.factories import add_agent, login

NOW = at(20, 22)


@pytest.fixture
def lei(session: Session) -> Agent:
    return add_agent(session, "lei", Role.aftersale)


@pytest.fixture
def wang(session: Session) -> Agent:
    """Of the warehouse (仓库)."""
    wang = add_agent(session, "wang", Role.order_review)
    department = service.get_department(session, "dep_warehouse")
    service.do_set_department(session, department=department, answer_hours=8, member_ids=[wang.id])
    return wang


class TestDepartments:
    def test_four_departments_with_people_and_counts(
        self, session: Session, lei: Agent, wang: Agent
    ) -> None:
        with frozen_at(NOW):
            service.do_escalate(
                session, department_id="dep_warehouse", requester=lei, note="查库存"
            )
        with frozen_at(NOW + dt.timedelta(hours=9)):
            rows = {d["name"]: d for d in service.departments(session)}
        assert set(rows) == {"技术", "物流", "财务", "仓库"}
        assert rows["仓库"]["member_names"] == ["wang"]
        assert (rows["仓库"]["open"], rows["仓库"]["overdue"]) == (1, 1)


class TestSetDepartment:
    def test_refuses_unknown_people(self, session: Session) -> None:
        department = service.get_department(session, "dep_tech")
        with pytest.raises(BadInput):
            service.do_set_department(
                session, department=department, answer_hours=4, member_ids=["nobody"]
            )


def to_warehouse(
    session: Session, lei: Agent, note: str, customer_id: str, session_id: str | None = None
) -> InternalTicket:
    """lei asks the warehouse (仓库) about a buyer."""
    return service.do_escalate(
        session,
        department_id="dep_warehouse",
        requester=lei,
        note=note,
        customer_id=customer_id,
        session_id=session_id,
    )


class TestEscalate:
    def test_due_by_the_departments_hours_across_midnight(
        self, session: Session, lei: Agent, wang: Agent
    ) -> None:
        with frozen_at(NOW):
            chat = shop_with_chat(session, now=NOW)
            ticket = to_warehouse(
                session, lei, "买家问能否加急发货", chat.customer_id, chat.session_id
            )
        assert ticket.due_at == at(21, 6)  # 22:00 + 8 h, the next local day
        assert ticket.due_at.astimezone(dt.UTC) == dt.datetime(2026, 11, 20, 22, 0, tzinfo=dt.UTC)
        assert told(session, chat.session_id)[-1] == (
            "您的问题已转交仓库同事处理，我们会在 11月21日 06:00 前答复您。"
        )


class TestTaskTitles:
    """A ticket's tasks (and so the handover prefill, which lists them) name it as a person
    would, by buyer and question, never by its id."""

    def test_the_answer_and_the_phone_call_name_the_buyer_and_the_question(
        self, session: Session, lei: Agent, wang: Agent
    ) -> None:
        with frozen_at(NOW):
            chat = shop_with_chat(session, now=NOW)
            session.get(Customer, chat.customer_id).nick = "张三"  # type: ignore[union-attr]
            ticket = to_warehouse(
                session, lei, "订单 o1 物流丢件，请仓库查一下出库记录和快递交接单", chat.customer_id
            )
            service.do_answer(session, ticket=ticket, agent=wang, answer="已补发")
            items = handover.draft(session, agent=lei)["items"]
        gist = "工单（买家张三：订单 o1 物流丢件，请仓库查一下出库记录和快…）"
        assert [item["text"] for item in items] == [f"仓库已答复{gist}：已补发（11-21 00:00前）"]

    def test_without_a_live_chat_the_owner_calls_about_the_ticket_by_name(
        self, session: Session, lei: Agent, wang: Agent
    ) -> None:
        with frozen_at(NOW):
            customer = crm_service.do_add_visitor(session)
            customer.nick = "李四"
            to_warehouse(session, lei, "能否加急", customer.id)
        phone = session.scalars(select(Task).where(Task.kind == "callback")).one()
        assert phone.title == "电话告知买家：工单（买家李四：能否加急）已转仓库"


class TestAnswer:
    def test_back_to_the_agent_as_a_task_and_to_the_buyer(
        self, session: Session, lei: Agent, wang: Agent
    ) -> None:
        with frozen_at(NOW):
            chat = shop_with_chat(session, now=NOW)
            ticket = to_warehouse(session, lei, "能否加急", chat.customer_id, chat.session_id)
        with frozen_at(at(21, 1)):
            service.do_answer(session, ticket=ticket, agent=wang, answer="明早第一批发出")
        task = session.scalars(select(Task).where(Task.kind == "ticket_answer")).one()
        assert task.assignee_id == lei.id and "仓库已答复" in task.title
        assert ticket.id not in task.title
        assert told(session, chat.session_id)[-1] == "关于您的问题，仓库同事的答复：明早第一批发出"
        assert service.ticket_detail(session, ticket=ticket, agent=wang)["can_answer"] is False

    def test_only_members_or_the_supervisor(
        self, session: Session, lei: Agent, wang: Agent
    ) -> None:
        with frozen_at(NOW):
            ticket = service.do_escalate(
                session, department_id="dep_warehouse", requester=lei, note="?"
            )
        with pytest.raises(Forbidden):
            service.do_answer(session, ticket=ticket, agent=lei, answer="x")
        boss = add_agent(session, "boss", Role.supervisor)
        service.do_answer(session, ticket=ticket, agent=boss, answer="好")
        with pytest.raises(Conflict):
            service.do_answer(session, ticket=ticket, agent=boss, answer="again")


class TestReportAbuse:
    def test_a_task_for_the_lead_and_nothing_to_the_buyer(
        self, session: Session, lei: Agent
    ) -> None:
        with frozen_at(NOW):
            chat = shop_with_chat(session, now=NOW)
            before = told(session, chat.session_id)
            ticket = service.do_report_abuse(
                session,
                reporter=lei,
                customer_id=chat.customer_id,
                session_id=chat.session_id,
                note="辱骂客服并威胁差评",
            )
        task = session.scalars(select(Task).where(Task.kind == "abuse_report")).one()
        assert task.assignee_id is None and task.due_at == at(21, 22)
        assert (ticket.kind, ticket.department_id) == ("abuse", None)
        assert told(session, chat.session_id) == before
        boss = add_agent(session, "boss", Role.supervisor)
        with pytest.raises(Forbidden):
            service.do_answer(session, ticket=ticket, agent=lei, answer="x")
        service.do_answer(session, ticket=ticket, agent=boss, answer="已拉黑")
        assert session.get(Task, task.id).status == "done"  # type: ignore[union-attr]
        assert told(session, chat.session_id) == before


class TestTicketList:
    def test_a_departments_queue_and_mine(
        self, session: Session, lei: Agent, wang: Agent, client: TestClient
    ) -> None:
        with frozen_at(NOW):
            mine = service.do_escalate(
                session, department_id="dep_warehouse", requester=lei, note="仓库问题"
            )
            service.do_escalate(session, department_id="dep_tech", requester=wang, note="技术问题")
        session.commit()
        login(client, "lei")
        queue = client.get("/api/v1/tickets", params={"department_id": "dep_tech"}).json()
        assert [i["note"] for i in queue["items"]] == ["技术问题"]
        assert queue["items"][0]["department_name"] == "技术"
        mine_page = client.get("/api/v1/tickets", params={"mine": "true"}).json()
        assert [i["id"] for i in mine_page["items"]] == [mine.id]


class TestPlatformClaim:
    def test_opened_with_the_platforms_deadline_then_closed(
        self, session: Session, lei: Agent
    ) -> None:
        with frozen_at(NOW):
            shop_with_chat(session, now=NOW)
            claim = claims.do_open(
                session,
                platform="tmall",
                kind="rights",
                order_id="o1",
                reason="买家申请维权：未按时发货",
                amount=Decimal("30"),
                due_at=at(21, 1),
                owner=lei,
            )
            with pytest.raises(BadInput):
                claims.do_open(
                    session,
                    platform="jd",
                    kind="complaint",
                    order_id="o1",
                    reason="x",
                    amount=None,
                    due_at=NOW,
                    owner=lei,
                )
            claims.do_note(session, claim=claim, author=lei, text="已上传发货凭证")
            claims.do_close(session, claim=claim, author=lei, outcome="平台判定商家无责")
        detail = claims.detail(session, claim=claim, agent=lei)
        assert [n["kind"] for n in detail["notes"]] == ["followup", "resolved"]
        assert detail["due_at"] is None and detail["allowed_actions"] == []


class TestClaimDeadlines:
    def test_owner_reminded_four_hours_before_once(self, session: Session, lei: Agent) -> None:
        with frozen_at(NOW):
            shop_with_chat(session, now=NOW)
            claims.do_open(
                session,
                platform="pdd",
                kind="complaint",
                order_id="o1",
                reason="投诉",
                amount=None,
                due_at=at(21, 3),
                owner=lei,
            )
        assert claims.claim_deadlines(session, now=at(20, 22, 59)) == 0
        assert claims.claim_deadlines(session, now=at(20, 23, 1)) == 1
        claims.claim_deadlines(session, now=at(21, 0, 1))
        task = session.scalars(select(Task).where(Task.order_id == "o1")).one()
        assert task.assignee_id == lei.id and task.due_at == at(21, 3)


class TestComplaintStats:
    def test_by_category_with_incidents_and_completion(self, session: Session, lei: Agent) -> None:
        with frozen_at(NOW):
            chat = shop_with_chat(session, now=NOW)
            opened = [
                cases.do_open_complaint(
                    session,
                    customer_id=chat.customer_id,
                    category=category,
                    summary="s",
                    promised_by=NOW + dt.timedelta(hours=2),
                    owner=lei,
                )
                for category in ("incident", "incident", "quality")
            ]
            cases.do_resolve(session, complaint=opened[0], author=lei, resolution="已处理")
        with frozen_at(NOW + dt.timedelta(hours=3)):
            cases.do_resolve(session, complaint=opened[2], author=lei, resolution="晚了")
            result = stats.complaint_stats(session, start=at(20, 0), end=at(21, 0))
        rows = {row["category"]: row for row in result["categories"]}
        assert rows["incident"]["label"] == "突发事件"
        assert [rows["incident"][k] for k in ("total", "resolved", "on_time", "open_overdue")] == [
            2,
            1,
            1,
            1,
        ]
        assert (rows["quality"]["resolved"], rows["quality"]["on_time"]) == (1, 0)
        assert result["completion"] == round(2 / 3, 4) and rows["service"]["total"] == 0
