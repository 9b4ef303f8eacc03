"""Handing a task to someone (task/handover.py): the 售后主管 ``alead`` gives 售后组's waiting
task to ``alan`` and moves it on to ``ann``; she may not touch 售前组's; an agent hands nothing;
each change is in the audit log. ``add_two_teams`` names the people."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.audit import service as audit
from kefu.kit.errors import BadInput, Conflict, Forbidden
from kefu.models import Agent, Task
from kefu.models.team import Role
from kefu.models.work import TaskKind, TaskStatus
from kefu.task import handover, service
from tests.factories import add_agents, add_two_teams, login

DUE = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def people(session: Session) -> dict[str, Agent]:
    agents = add_two_teams(session)
    agents |= add_agents(session, {"ann": Role.aftersale, "qc": Role.qc})
    agents["ann"].group_id = "g_after"
    session.commit()
    return agents


def open_task(session: Session, title: str, group_id: str) -> Task:
    task = service.do_open(
        session, kind=TaskKind.review_followup, title=title, due_at=DUE, group_id=group_id
    )
    assert task is not None
    session.commit()
    return task


class TestAssignable:
    def test_a_lead_gets_her_people_the_supervisor_everyone_an_agent_nobody(
        self, session: Session, people: dict[str, Agent]
    ) -> None:
        def ids(actor: str) -> list[str]:
            return [row["id"] for row in handover.assignable(session, actor=people[actor])]

        assert ids("alead") == ["alan", "alead", "ann"]
        assert ids("plead") == ["amei", "plead"]
        assert ids("boss") == ["alan", "alead", "amei", "ann", "plead"]  # never qc: no tasks
        assert ids("alan") == []


class TestDoAssign:
    def test_the_lead_gives_a_queued_task_then_moves_it_and_the_log_keeps_both(
        self, session: Session, people: dict[str, Agent]
    ) -> None:
        task = open_task(session, "差评处理", "g_after")
        handover.do_assign(session, task=task, actor=people["alead"], agent_id="alan")
        handover.do_assign(session, task=task, actor=people["alead"], agent_id="ann")
        assert task.assignee_id == "ann"
        changes = audit.history_of(session, action="task_assign", target=task.id)
        assert [(row.actor_name, row.detail) for row in changes] == [
            ("alead", {"to": "alan"}),
            ("alead", {"from": "alan", "to": "ann"}),
        ]

    def test_a_lead_keeps_off_another_groups_queue(
        self, session: Session, people: dict[str, Agent]
    ) -> None:
        task = open_task(session, "催付", "g_pre")
        with pytest.raises(Forbidden) as outside:
            handover.do_assign(session, task=task, actor=people["alead"], agent_id="alan")
        assert outside.value.code == "outside_team"
        assert task.assignee_id is None

    def test_an_agent_hands_nothing_and_nobody_gets_a_finished_task(
        self, session: Session, people: dict[str, Agent]
    ) -> None:
        task = open_task(session, "差评处理", "g_after")
        with pytest.raises(Forbidden) as agent:
            handover.do_assign(session, task=task, actor=people["alan"], agent_id="ann")
        assert agent.value.code == "assign_forbidden"
        with pytest.raises(BadInput) as inspector:
            handover.do_assign(session, task=task, actor=people["boss"], agent_id="qc")
        assert inspector.value.code == "not_a_holder"
        service.do_finish(session, task=task, status=TaskStatus.done, note="已处理")
        with pytest.raises(Conflict):
            handover.do_assign(session, task=task, actor=people["boss"], agent_id="alan")


class TestEndpoint:
    def test_the_lead_assigns_over_http_and_it_lands_under_her_persons_mine(
        self, client: TestClient, session: Session, people: dict[str, Agent]
    ) -> None:
        task = open_task(session, "差评处理", "g_after")
        csrf = {"X-CSRF-Token": login(client, "alead")}
        choices = client.get("/api/v1/tasks/assignable").json()
        assert [row["name"] for row in choices] == ["alan", "alead", "ann"]
        done = client.put(
            f"/api/v1/tasks/{task.id}/assignee", json={"agent_id": "alan"}, headers=csrf
        )
        assert done.status_code == 200, done.text
        assert done.json()["assignee_id"] == "alan"
        client.cookies.clear()
        login(client, "alan")
        mine = client.get("/api/v1/tasks", params={"scope": "mine"}).json()["items"]
        assert [row["title"] for row in mine] == ["差评处理"]
        assert client.get("/api/v1/tasks/assignable").json() == []
