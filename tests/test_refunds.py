"""Returns, exchanges and refunds as one state machine: every allowed step, every
forbidden one refused, the audit trail, and the refund limit (issue: after-sales)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from kefu.aftersale import refunds
from kefu.kit.errors import BadInput, Conflict, Forbidden
from kefu.models import Agent, Customer, Order, Refund
from kefu.models.aftersale import RefundStatus as S
from kefu.models.team import Role
from tests.chat_helpers import frozen_at
from tests.factories import add_agent

AT = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
# What each step needs besides the actor.
EXTRA = {
    S.rejected: {"note": "已超过七天无理由期限"},
    S.received: {"note": "商品完好，吊牌在"},
    S.buyer_shipped: {"tracking_no": "SF1234567890"},
    S.exchange_shipped: {"tracking_no": "ZT9876543210"},
}


@pytest.fixture
def people(session: Session) -> dict[str, Agent]:
    return {
        "lei": add_agent(session, "lei", Role.aftersale),
        "zhou": add_agent(session, "zhou", Role.refund_review),
        "mei": add_agent(session, "mei", Role.presale),
    }


def refund(session: Session, kind: str, status: S = S.requested, amount: str = "99.00") -> Refund:
    number = next(_numbers)
    if session.get(Customer, "c1") is None:
        session.add(Customer(id="c1", vip_level=0, marketing_opt_out=False))
        session.flush()
    session.add(
        Order(
            id=f"o{number}",
            customer_id="c1",
            status="delivered",
            amount=Decimal(amount),
            cod=False,
            created_at=AT,
        )
    )
    session.flush()
    row = Refund(
        id=f"r{number}",
        order_id=f"o{number}",
        kind=kind,
        status=status.value,
        requested_at=AT,
        amount=Decimal(amount),
    )
    session.add(row)
    session.flush()
    return row


_numbers = itertools.count(1)
PATHS = {
    "refund_only": [S.approved, S.refunded, S.closed],
    "return": [S.approved, S.buyer_shipped, S.received, S.refunded, S.closed],
    "exchange": [S.approved, S.buyer_shipped, S.received, S.exchange_shipped, S.closed],
}


class TestDoTransition:
    @pytest.mark.parametrize("kind", sorted(PATHS))
    def test_the_whole_path_with_its_audit_trail(
        self, session: Session, people: dict[str, Agent], kind: str
    ) -> None:
        row = refund(session, kind)
        for step, to in enumerate(PATHS[kind]):
            with frozen_at(AT + dt.timedelta(hours=step)):
                refunds.do_transition(
                    session, refund=row, to=to, actor=people["lei"], **EXTRA.get(to, {})
                )
        assert row.status == "closed"
        trail = refunds.trail(session, refund=row)
        assert [(t.from_status, t.to_status) for t in trail] == list(
            zip(
                ["requested", *[s.value for s in PATHS[kind][:-1]]],
                [s.value for s in PATHS[kind]],
                strict=True,
            )
        )
        assert all(t.actor_id == "lei" for t in trail)
        assert [t.at for t in trail] == [
            AT + dt.timedelta(hours=n) for n in range(len(PATHS[kind]))
        ]
        if kind != "refund_only":
            assert row.return_tracking_no == "SF1234567890"
            assert trail[2].note == "商品完好，吊牌在"

    def test_rejecting_needs_a_reason_and_then_closes(
        self, session: Session, people: dict[str, Agent]
    ) -> None:
        row = refund(session, "return")
        with pytest.raises(BadInput):
            refunds.do_transition(
                session, refund=row, to=S.rejected, actor=people["lei"], note="  "
            )
        refunds.do_transition(
            session, refund=row, to=S.rejected, actor=people["lei"], note="超出期限"
        )
        refunds.do_transition(session, refund=row, to=S.closed, actor=people["lei"])
        assert [t.note for t in refunds.trail(session, refund=row)] == ["超出期限", None]

    @pytest.mark.parametrize("kind", sorted(PATHS))
    def test_every_forbidden_step_is_refused(
        self, session: Session, people: dict[str, Agent], kind: str
    ) -> None:
        allowed = refunds.NEXT[kind]
        tried = 0
        for start, target in itertools.product(list(S), list(S)):
            if target in allowed.get(start, set()):
                continue
            row = refund(session, kind, status=start)
            with pytest.raises(Conflict) as caught:
                refunds.do_transition(
                    session, refund=row, to=target, actor=people["zhou"], **EXTRA.get(target, {})
                )
            assert caught.value.code == "invalid_transition"
            assert row.status == start.value and refunds.trail(session, refund=row) == []
            tried += 1
        assert tried == len(S) ** 2 - sum(len(v) for v in allowed.values())

    def test_a_tracking_number_is_needed_to_ship(
        self, session: Session, people: dict[str, Agent]
    ) -> None:
        row = refund(session, "exchange", status=S.approved)
        with pytest.raises(BadInput):
            refunds.do_transition(session, refund=row, to=S.buyer_shipped, actor=people["lei"])

    def test_pre_sales_agents_cannot_act(self, session: Session, people: dict[str, Agent]) -> None:
        with pytest.raises(Forbidden):
            refunds.do_transition(
                session, refund=refund(session, "return"), to=S.approved, actor=people["mei"]
            )


class TestLimit:
    def test_above_the_limit_aftersale_is_refused_and_refund_review_accepted(
        self, session: Session, people: dict[str, Agent]
    ) -> None:
        big = refund(session, "refund_only", amount="899.00")  # default limit 500.00
        with pytest.raises(Forbidden) as caught:
            refunds.do_transition(session, refund=big, to=S.approved, actor=people["lei"])
        assert caught.value.code == "needs_refund_review" and big.status == "requested"
        refunds.do_transition(session, refund=big, to=S.approved, actor=people["zhou"])
        with pytest.raises(Forbidden):
            refunds.do_transition(session, refund=big, to=S.refunded, actor=people["lei"])
        refunds.do_transition(session, refund=big, to=S.refunded, actor=people["zhou"])
        assert [t.actor_id for t in refunds.trail(session, refund=big)] == ["zhou", "zhou"]

    def test_at_the_limit_aftersale_may_approve(
        self, session: Session, people: dict[str, Agent]
    ) -> None:
        row = refund(session, "refund_only", amount="500.00")
        refunds.do_transition(session, refund=row, to=S.approved, actor=people["lei"])
        assert row.status == "approved"


class TestEndpoints:
    def test_steps_over_http_and_the_monthly_report(
        self, client, session: Session, people: dict[str, Agent]
    ) -> None:  # type: ignore[no-untyped-def]
        from tests.factories import login

        row = refund(session, "return", amount="120.00")
        row.reason = "尺码不合适"
        session.commit()
        token = login(client, "lei")
        headers = {"X-CSRF-Token": token}
        ok = client.post(
            f"/api/v1/refunds/{row.id}/transitions", json={"to": "approved"}, headers=headers
        )
        assert ok.status_code == 200 and ok.json()["next"] == ["buyer_shipped"]
        bad = client.post(
            f"/api/v1/refunds/{row.id}/transitions", json={"to": "refunded"}, headers=headers
        )
        assert bad.status_code == 409 and bad.json()["code"] == "invalid_transition"
        report = client.get(
            "/api/v1/refunds/report", params={"from": "2026-11-01", "to": "2026-12-01"}
        ).json()
        assert report["kinds"]["return"]["count"] == 1
        assert report["kinds"]["return"]["by_reason"] == {"尺码不合适": 1}
        assert report["kinds"]["return"]["by_status"] == {"已同意": 1}
