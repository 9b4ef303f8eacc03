"""The append-only status log (team.service.do_change_status): 在线时长 in kpis.md is
"from the status log", so every way a status changes must leave one row."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.chat import presence
from kefu.models import AgentStatusChange
from kefu.models.team import AgentStatus, Role, StatusChangeReason
from kefu.team import service
from tests.factories import add_agents, login

T0 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)


def log_of(session: Session, agent_id: str) -> list[tuple[str, str]]:
    rows = session.scalars(
        select(AgentStatusChange)
        .where(AgentStatusChange.agent_id == agent_id)
        .order_by(AgentStatusChange.id)
    )
    return [(row.status, row.reason) for row in rows]


class TestDoChangeStatus:
    def test_a_change_appends_a_row_and_the_same_status_none(self, session: Session) -> None:
        agent = add_agents(session, {"amei": Role.presale})["amei"]
        switch = StatusChangeReason.switch
        assert service.do_change_status(
            session, agent=agent, status=AgentStatus.online, reason=switch, at=T0
        )
        assert not service.do_change_status(
            session, agent=agent, status=AgentStatus.online, reason=switch
        )
        assert agent.status == "online"
        assert log_of(session, "amei") == [("online", "switch")]

    def test_presence_login_and_logout_all_leave_rows(
        self, session: Session, client: TestClient
    ) -> None:
        agent = add_agents(session, {"amei": Role.presale})["amei"]
        session.commit()
        token = login(client, "amei")
        session.expire_all()
        presence.do_set_status(session, agent=agent, status=AgentStatus.busy)
        session.commit()
        assert (
            client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": token}).status_code == 204
        )
        session.expire_all()
        assert log_of(session, "amei") == [
            ("online", "login"),
            ("busy", "switch"),
            ("offline", "logout"),
        ]


class TestStatusChanges:
    def test_the_period_is_led_by_the_status_it_began_with(self, session: Session) -> None:
        agents = add_agents(session, {"amei": Role.presale, "alan": Role.aftersale})
        steps = [
            ("amei", AgentStatus.online, -3),
            ("amei", AgentStatus.busy, -1),
            ("amei", AgentStatus.away, 2),
            ("alan", AgentStatus.online, 5),
            ("amei", AgentStatus.offline, 30),
        ]
        for agent_id, status, hours in steps:
            service.do_change_status(
                session,
                agent=agents[agent_id],
                status=status,
                reason=StatusChangeReason.switch,
                at=T0 + dt.timedelta(hours=hours),
            )
        changes = service.status_changes(
            session, agent_ids=["amei", "alan"], start=T0, end=T0 + dt.timedelta(hours=24)
        )
        assert [(c.agent_id, c.status) for c in changes] == [
            ("amei", "busy"),
            ("amei", "away"),
            ("alan", "online"),
        ]
