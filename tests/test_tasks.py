"""Task lists per agent and per team, done or skipped with a result note."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.kit.errors import BadInput, Conflict, Forbidden
from kefu.kit.paging import PageParams
from kefu.models import Agent, Customer, GroupLead, Order, Task
from kefu.models.team import Role
from kefu.models.work import TaskKind, TaskStatus
from kefu.task import service
from kefu.task.schemas import TaskFilters
from tests.chat_helpers import agent, frozen_at
from tests.factories import login

DUE = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def team(session: Session) -> dict[str, Agent]:
    people = {
        "mei": agent(session, "mei"),
        "ajie": agent(session, "ajie"),
        "lei": agent(session, "lei", group="售后组", role=Role.aftersale),
        "boss": agent(session, "boss", group=None, role=Role.supervisor),
    }
    service.do_open(
        session, kind=TaskKind.callback, title="mei 的回访", due_at=DUE, assignee_id="mei"
    )
    service.do_open(
        session, kind=TaskKind.payment_reminder, title="售前组催付", due_at=DUE, group_id="售前组"
    )
    service.do_open(
        session, kind=TaskKind.review_followup, title="售后组差评", due_at=DUE, group_id="售后组"
    )
    return people


def listed(session: Session, who: Agent, scope: str, **filters: object) -> list[Task]:
    page = service.task_list(
        session, agent=who, scope=scope, filters=TaskFilters(**filters), params=PageParams()
    )
    return [service.get_task(session, item.id) for item in page["items"]]


class TestTaskList:
    def test_mine_team_and_all(self, session: Session, team: dict[str, Agent]) -> None:
        def titles(who: str, scope: str) -> list[str]:
            return sorted(t.title for t in listed(session, team[who], scope))

        assert titles("mei", "mine") == ["mei 的回访"]
        assert titles("ajie", "team") == ["售前组催付"]
        assert titles("lei", "team") == ["售后组差评"]
        assert len(titles("boss", "all")) == 3
        with pytest.raises(Forbidden):
            listed(session, team["mei"], "all")
        with pytest.raises(BadInput):  # in no group: no team to show (never everyone's)
            listed(session, team["boss"], "team")

    def test_filters_sort_paging_count_and_names(
        self, session: Session, team: dict[str, Agent]
    ) -> None:
        session.add(Customer(id="c7", nick="tb_七七", vip_level=0, marketing_opt_out=False))
        session.flush()
        session.add(
            Order(
                id="o7",
                customer_id="c7",
                status="paid",
                amount=Decimal("9.90"),
                cod=False,
                created_at=DUE,
            ),
        )
        for hours, kind, title in (
            (5, TaskKind.care, "关怀：生日"),
            (-1, TaskKind.callback, "回访：订单 o7"),
        ):
            service.do_open(
                session,
                kind=kind,
                title=title,
                due_at=DUE + dt.timedelta(hours=hours),
                assignee_id="mei",
                order_id="o7" if kind == TaskKind.callback else None,
                customer_id="c7" if kind == TaskKind.callback else None,
            )
        boss = team["boss"]

        def page(**kw: object) -> dict[str, object]:
            params = PageParams(**{k: kw.pop(k) for k in ("page", "page_size", "sort") if k in kw})
            return service.task_list(
                session, agent=boss, scope="all", filters=TaskFilters(**kw), params=params
            )

        with frozen_at(DUE + dt.timedelta(hours=1)):
            late = page(overdue=True, sort="-due_at")
            on_time = page(overdue=False)
        assert late["total"] == 4 and late["items"][-1].title == "回访：订单 o7"
        assert all(i.overdue for i in late["items"])
        assert [i.title for i in on_time["items"]] == ["关怀：生日"]
        assert not on_time["items"][0].overdue
        assert sorted(i.title for i in page(kind=["callback"])["items"]) == [
            "mei 的回访",
            "回访：订单 o7",
        ]
        assert page(kind="care,callback")["total"] == 3  # comma-separated, as in a URL
        assert [i.title for i in page(q="o7")["items"]] == ["回访：订单 o7"]
        assert [i.title for i in page(q="生日")["items"]] == ["关怀：生日"]
        third = page(page=3, page_size=2, sort="due_at")
        assert (third["total"], third["page"], third["page_size"]) == (5, 3, 2)
        assert [i.title for i in third["items"]] == ["关怀：生日"]
        names = {i.title: (i.assignee_name, i.group_name) for i in page()["items"]}
        assert names["mei 的回访"] == ("mei", None)
        assert names["售前组催付"] == (None, "售前组")
        buyers = {i.title: i.buyer_name for i in page()["items"]}
        assert (buyers["回访：订单 o7"], buyers["关怀：生日"]) == ("tb_七七", None)
        assert page(status=["done"])["total"] == 0


class TestDoFinishBy:
    def test_done_with_a_note_and_skipped_only_with_a_reason(
        self, session: Session, team: dict[str, Agent]
    ) -> None:
        [reminder] = listed(session, team["ajie"], "team")
        with pytest.raises(BadInput):
            service.do_finish_by(
                session, task=reminder, agent=team["ajie"], status=TaskStatus.skipped, note=""
            )
        service.do_finish_by(
            session,
            task=reminder,
            agent=team["ajie"],
            status=TaskStatus.done,
            note="已催，买家说晚上付",
        )
        assert (reminder.status, reminder.result_note, reminder.assignee_id) == (
            "done",
            "已催，买家说晚上付",
            "ajie",
        )
        with pytest.raises(Conflict):
            service.do_finish_by(
                session, task=reminder, agent=team["ajie"], status=TaskStatus.done, note=None
            )

    def test_not_another_teams_task(self, session: Session, team: dict[str, Agent]) -> None:
        [aftersale] = listed(session, team["lei"], "team")
        with pytest.raises(Forbidden):
            service.do_finish_by(
                session, task=aftersale, agent=team["mei"], status=TaskStatus.done, note=None
            )
        service.do_finish_by(
            session, task=aftersale, agent=team["boss"], status=TaskStatus.done, note="主管处理"
        )

    def escalation(self, session: Session) -> Task:
        return service.do_open(
            session,
            kind=TaskKind.complaint_escalation,
            title="投诉超时升级：c1",
            due_at=DUE,
            payload={"escalated_to": "supervisor"},
        )

    def test_only_the_supervisor_closes_complaint_escalations(
        self, session: Session, team: dict[str, Agent]
    ) -> None:
        escalation = self.escalation(session)
        for who in ("mei", "lei"):
            with pytest.raises(Forbidden) as refused:
                service.do_finish_by(
                    session, task=escalation, agent=team[who], status=TaskStatus.done, note="关了"
                )
            assert refused.value.code == "supervisor_only"
        assert escalation.status == TaskStatus.open
        service.do_finish_by(
            session, task=escalation, agent=team["boss"], status=TaskStatus.done, note="已处理"
        )
        assert escalation.status == TaskStatus.done and escalation.assignee_id == team["boss"].id


class TestLeadsTeam:
    def test_a_lead_sees_her_groups_queue_and_what_her_people_hold(
        self, session: Session, team: dict[str, Agent]
    ) -> None:
        """The 售后主管 leads 售后组 without being in it: her 本组 is its queue and every task
        of its people (lei's callback), never 售前组's."""
        lead = agent(session, "alead", group=None, role=Role.aftersale_lead)
        session.add(GroupLead(group_id="售后组", agent_id="alead"))
        service.do_open(
            session, kind=TaskKind.callback, title="lei 的回访", due_at=DUE, assignee_id="lei"
        )
        session.flush()
        assert sorted(t.title for t in listed(session, lead, "team")) == [
            "lei 的回访",
            "售后组差评",
        ]
        assert [t.title for t in listed(session, team["lei"], "team")] == ["售后组差评"]

    def test_a_lead_of_no_group_has_no_team(self, session: Session, team: dict[str, Agent]) -> None:
        lead = agent(session, "nolead", group=None, role=Role.qc_lead)
        with pytest.raises(BadInput) as refused:
            listed(session, lead, "team")
        assert refused.value.code == "no_group"


class TestNoGroup:
    def test_agents_without_a_group_do_not_see_all_tasks_with_scope_team(
        self, session: Session, team: dict[str, Agent]
    ) -> None:
        loner = agent(session, "loner", group=None)
        with pytest.raises(BadInput) as refused:
            listed(session, loner, "team")
        assert refused.value.code == "no_group"

    def test_over_http_scope_team_without_a_group_lists_nothing(
        self, client: TestClient, session: Session, team: dict[str, Agent]
    ) -> None:
        agent(session, "loner", group=None)
        session.commit()
        login(client, "loner", "s3cret-pass")
        response = client.get("/api/v1/tasks", params={"scope": "team"})
        assert response.status_code == 422 and response.json()["code"] == "no_group"
        assert "items" not in response.json()


def test_over_http(client: TestClient, session: Session, team: dict[str, Agent]) -> None:
    session.commit()
    token = login(client, "mei", "s3cret-pass")
    [mine] = client.get("/api/v1/tasks", params={"scope": "mine"}).json()["items"]
    assert mine["kind_label"] == "回访" and mine["overdue"] is True
    done = client.post(
        f"/api/v1/tasks/{mine['id']}/finish",
        json={"status": "done", "note": "已回访"},
        headers={"X-CSRF-Token": token},
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert client.get("/api/v1/tasks", params={"scope": "mine"}).json()["items"] == []
