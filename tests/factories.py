"""Small builders for test data, written against the services (not raw SQL)."""

from __future__ import annotations

from functools import cache

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.models import Agent, AgentGroup, GroupLead, Order, OrderItem
from kefu.models.team import Role
from kefu.team import service as team_service
from kefu.team.security import hash_password

PASSWORD = "correct horse 1"


def add_agent(session: Session, login: str, role: Role) -> Agent:
    agent = team_service.do_add_agent(session, login=login, role=role, password=PASSWORD)
    session.commit()
    return agent


@cache
def _password_hash() -> str:
    return hash_password(PASSWORD)


def add_agents(session: Session, roles: dict[str, Role]) -> dict[str, Agent]:
    """Agents who log in with ``PASSWORD``, hashed once per run (argon2 is slow on purpose)."""
    agents = {
        login: Agent(
            id=login, login=login, name=login, role=role.value, password_hash=_password_hash()
        )
        for login, role in roles.items()
    }
    session.add_all(agents.values())
    session.flush()
    return agents


def login(client: TestClient, login: str, password: str = PASSWORD) -> str:
    """Log the client in; return the CSRF token to send on unsafe calls."""
    response = client.post("/api/v1/auth/login", json={"login": login, "password": password})
    assert response.status_code == 200, response.text
    return response.json()["csrf_token"]


def add_order(session: Session, order: Order, *, product_id: str = "p1") -> Order:
    """Store ``order`` with one line of one ``product_id`` (orders always have items)."""
    session.add(order)
    session.flush()
    session.add(OrderItem(order_id=order.id, line_no=1, product_id=product_id, qty=1))
    session.flush()
    return order


def add_two_teams(session: Session) -> dict[str, Agent]:
    """售前组 led by ``plead`` (presale_lead) with ``amei``; 售后组 led by ``alead`` with
    ``alan``; ``boss`` the supervisor. For tests of what leads may see and change."""
    session.add_all(
        [AgentGroup(id="g_pre", name="售前组"), AgentGroup(id="g_after", name="售后组")]
    )
    agents = add_agents(
        session,
        {
            "boss": Role.supervisor,
            "plead": Role.presale_lead,
            "amei": Role.presale,
            "alead": Role.aftersale_lead,
            "alan": Role.aftersale,
        },
    )
    groups = {"plead": "g_pre", "amei": "g_pre", "alead": "g_after", "alan": "g_after"}
    for login_name, group_id in groups.items():
        agents[login_name].group_id = group_id
    session.add_all(
        [
            GroupLead(group_id="g_pre", agent_id="plead"),
            GroupLead(group_id="g_after", agent_id="alead"),
        ]
    )
    session.commit()
    return agents
