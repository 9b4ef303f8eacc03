"""Task lists per agent and per team, done or skipped with a result note."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.kit.errors import BadInput, Conflict, Forbidden
from kefu.models import Agent
from kefu.models.team import Role
from kefu.models.work import TaskKind, TaskStatus
from kefu.task import service
from tests.chat_helpers import agent
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


class TestTasksFor:
    def test_mine_team_and_all(self, session: Session, team: dict[str, Agent]) -> None:
        def titles(who: str, scope: str) -> list[str]:
            return sorted(t.title for t in service.tasks_for(session, agent=team[who], scope=scope))

        assert titles("mei", "mine") == ["mei 的回访"]
        assert titles("ajie", "team") == ["售前组催付"]
        assert titles("lei", "team") == ["售后组差评"]
        assert len(titles("boss", "all")) == 3
        with pytest.raises(Forbidden):
            service.tasks_for(session, agent=team["mei"], scope="all")


class TestDoFinishBy:
    def test_done_with_a_note_and_skipped_only_with_a_reason(
        self, session: Session, team: dict[str, Agent]
    ) -> None:
        [reminder] = service.tasks_for(session, agent=team["ajie"], scope="team")
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
        [aftersale] = service.tasks_for(session, agent=team["lei"], scope="team")
        with pytest.raises(Forbidden):
            service.do_finish_by(
                session, task=aftersale, agent=team["mei"], status=TaskStatus.done, note=None
            )
        service.do_finish_by(
            session, task=aftersale, agent=team["boss"], status=TaskStatus.done, note="主管处理"
        )


def test_over_http(client: TestClient, session: Session, team: dict[str, Agent]) -> None:
    session.commit()
    token = login(client, "mei", "s3cret-pass")
    [mine] = client.get("/api/v1/tasks", params={"scope": "mine"}).json()
    assert mine["kind_label"] == "回访" and mine["overdue"] is True
    done = client.post(
        f"/api/v1/tasks/{mine['id']}/finish",
        json={"status": "done", "note": "已回访"},
        headers={"X-CSRF-Token": token},
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert client.get("/api/v1/tasks", params={"scope": "mine"}).json() == []
    assert client.get("/tasks").status_code == 200
