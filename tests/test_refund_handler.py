"""A refund's handler (处理人): set when a 售后 agent takes the case (or its first step) or a
lead assigns it, and the one the Team KPIs credit (issue 15). ``alan`` is 售后组's agent,
``alead`` its lead; ``plead`` leads 售前组 and must get 403 ``outside_team`` here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.aftersale import handler, refunds
from kefu.kit.errors import BadInput, Conflict
from kefu.models import Agent, Customer, Order, Product, Refund
from kefu.models.aftersale import RefundStatus as S
from kefu.models.team import Role
from tests.factories import add_agents, add_order, add_two_teams, login

AT = dt.datetime(2026, 11, 10, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def people(session: Session) -> dict[str, Agent]:
    agents = add_two_teams(session)
    agents |= add_agents(session, {"rev": Role.refund_review, "ann": Role.aftersale})
    agents["ann"].group_id = "g_after"
    session.add(Customer(id="c1", nick="买家", vip_level=0, marketing_opt_out=False))
    session.add(Product(id="p1", title="卫衣"))
    add_order(
        session,
        Order(id="o1", customer_id="c1", status="paid", amount=Decimal("10"), created_at=AT),
        product_id="p1",
    )
    session.add(Refund(id="r1", order_id="o1", kind="return", status="requested", requested_at=AT))
    session.commit()
    return agents


def case(session: Session) -> Refund:
    row = session.get(Refund, "r1")
    assert row is not None
    return row


class TestTakeOnStep:
    def test_the_first_aftersale_step_takes_the_case_a_reviewers_does_not(
        self, session: Session, people: dict[str, Agent]
    ) -> None:
        refunds.do_transition(session, refund=case(session), to=S.approved, actor=people["rev"])
        assert case(session).handler_id is None
        refunds.do_transition(
            session,
            refund=case(session),
            to=S.buyer_shipped,
            actor=people["alan"],
            tracking_no="SF1",
        )
        refunds.do_transition(
            session, refund=case(session), to=S.received, actor=people["ann"], note="完好"
        )
        assert case(session).handler_id == "alan"

    def test_the_aftersale_leads_first_step_takes_the_case(
        self, session: Session, people: dict[str, Agent]
    ) -> None:
        refunds.do_transition(session, refund=case(session), to=S.approved, actor=people["alead"])
        assert case(session).handler_id == "alead"


class TestDoAssign:
    def test_take_then_only_a_lead_reassigns(
        self, session: Session, people: dict[str, Agent]
    ) -> None:
        handler.do_assign(session, refund=case(session), actor=people["alan"], agent_id="alan")
        assert case(session).handler_id == "alan"
        with pytest.raises(Conflict, match="已有处理人") as taken:
            handler.do_assign(session, refund=case(session), actor=people["ann"], agent_id="ann")
        assert taken.value.code == "already_handled"
        handler.do_assign(session, refund=case(session), actor=people["alead"], agent_id="ann")
        assert case(session).handler_id == "ann"
        with pytest.raises(BadInput, match="不是在职的售后客服"):
            handler.do_assign(session, refund=case(session), actor=people["boss"], agent_id="rev")

    def test_each_change_of_handler_is_kept_with_who_made_it(
        self, session: Session, people: dict[str, Agent]
    ) -> None:
        handler.do_assign(session, refund=case(session), actor=people["alan"], agent_id="alan")
        handler.do_assign(session, refund=case(session), actor=people["alead"], agent_id="alan")
        handler.do_assign(session, refund=case(session), actor=people["alead"], agent_id="ann")
        kept = handler.assignments(session, refund=case(session))
        assert [(row["by"], row["from"], row["to"]) for row in kept] == [
            ("alan", None, "alan"),  # taken
            ("alead", "alan", "ann"),  # 改派 (the same handler again is no change)
        ]


class TestEndpoint:
    def test_a_presale_lead_is_refused_outside_her_team(
        self, client: TestClient, people: dict[str, Agent]
    ) -> None:
        csrf = {"X-CSRF-Token": login(client, "plead")}
        refused = client.put("/api/v1/refunds/r1/handler", json={"agent_id": "alan"}, headers=csrf)
        assert (refused.status_code, refused.json()["code"]) == (403, "outside_team")
        client.cookies.clear()
        csrf = {"X-CSRF-Token": login(client, "alead")}
        done = client.put("/api/v1/refunds/r1/handler", json={"agent_id": "alan"}, headers=csrf)
        assert done.status_code == 200, done.text
        assert (done.json()["handler_id"], done.json()["handler_name"]) == ("alan", "alan")

    def test_the_aftersale_lead_works_the_refund_list_a_presale_lead_does_not(
        self, client: TestClient, people: dict[str, Agent]
    ) -> None:
        """The 售后主管 assigns refunds to her people, so she sees the list she picks them from
        (she was refused it: 403 on 退款售后 while the assign call let her in)."""
        login(client, "alead")
        listed = client.get("/api/v1/refunds")
        assert listed.status_code == 200, listed.text
        assert [item["id"] for item in listed.json()["items"]] == ["r1"]
        assert client.get("/api/v1/complaints").status_code == 200
        assignable = client.get("/api/v1/refunds/assignable")
        assert [row["id"] for row in assignable.json()] == ["alan", "alead", "ann"]
        client.cookies.clear()
        login(client, "plead")
        refused = client.get("/api/v1/refunds")
        assert (refused.status_code, refused.json()["code"]) == (403, "role_forbidden")


class TestAssignable:
    def test_a_lead_gets_her_after_sales_people_the_supervisor_all_the_rest_nobody(
        self, session: Session, people: dict[str, Agent]
    ) -> None:
        people["boss"].group_id = None
        extra = add_agents(session, {"bob": Role.aftersale, "gone": Role.aftersale})
        extra["gone"].active = False
        session.flush()

        def ids(actor: str) -> list[str]:
            return [row["id"] for row in handler.assignable(session, actor=people[actor])]

        assert ids("alead") == ["alan", "alead", "ann"]  # 售后组, not bob (no group)
        assert ids("boss") == ["alan", "alead", "ann", "bob"]  # never a disabled account
        assert ids("plead") == []  # 售前组 has no after-sales people
        assert ids("alan") == ids("rev") == []
        assert handler.assignable(session, actor=people["alead"])[0] == {
            "id": "alan",
            "name": "alan",
        }
