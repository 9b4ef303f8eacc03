"""A hand-worked month (2026-11, Asia/Shanghai) for the Team KPIs and the appraisal.

a1 (售前) serves c1 in s1 (11-05) and s2 (11-07); c1 pays o1 100.00 and o2 50.01 within
72 h, both credited to a1, who is 在线/忙碌 2 h on 11-01 and 8.75 h on 11-05; c2 pays o3 300.00 with no session. r1 (return on o1) and the
other cases are handled by a2 (售后, their handler; the supervisor took r3's step); h1 (热线) takes three calls. See test_appraisal.py
for the numbers worked out by hand.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from kefu.models import (
    AgentGroup,
    AgentStatusChange,
    ChatSession,
    Complaint,
    Customer,
    Message,
    Order,
    PhoneCall,
    QcInspection,
    Refund,
    RefundTransition,
    SalesTarget,
)
from kefu.models.team import Role
from tests.factories import add_agents

SH = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, second, tzinfo=SH)


def _session(db: Session, sid: str, customer: str, opened: dt.datetime, reply_after: int) -> None:
    db.add(ChatSession(id=sid, customer_id=customer, channel="web", opened_at=opened))
    db.flush()
    db.add(Message(id=f"{sid}-b", session_id=sid, at=opened, sender="buyer", text="在吗", seq=1))
    reply = opened + dt.timedelta(seconds=reply_after)
    db.add(
        Message(
            id=f"{sid}-a",
            session_id=sid,
            at=reply,
            sender="agent",
            agent_id="a1",
            text="您好",
            seq=2,
        )
    )


def _refund(
    db: Session,
    rid: str,
    order: str,
    kind: str,
    requested: dt.datetime,
    steps: list[tuple[dt.datetime, str]],
    *,
    actor: str = "a2",
) -> None:
    """A case handled by a2; its steps taken by ``actor``."""
    db.add(
        Refund(
            id=rid,
            order_id=order,
            kind=kind,
            status=steps[-1][1] if steps else "requested",
            requested_at=requested,
            handler_id="a2",
        )
    )
    db.flush()
    before = "requested"
    for when, to in steps:
        db.add(
            RefundTransition(
                refund_id=rid, at=when, actor_id=actor, from_status=before, to_status=to
            )
        )
        before = to


def build_month(db: Session) -> None:
    db.add(AgentGroup(id="g_pre", name="售前组"))
    agents = add_agents(
        db, {"boss": Role.supervisor, "a1": Role.presale, "a2": Role.aftersale, "h1": Role.hotline}
    )
    agents["a1"].group_id = "g_pre"
    db.add_all([Customer(id="c1", nick="买家一"), Customer(id="c2", nick="买家二")])
    db.flush()
    _session(db, "s1", "c1", at(11, 5, 10), 20)
    _session(db, "s2", "c1", at(11, 7, 10), 40)
    orders = [  # id, buyer, amount, created, paid
        ("o1", "c1", "100.00", at(11, 5, 11), at(11, 5, 12)),
        ("o2", "c1", "50.01", at(11, 6, 8), at(11, 6, 9)),
        ("o3", "c2", "300.00", at(11, 10, 14), at(11, 10, 15)),
    ]
    for oid, buyer, amount, created, paid in orders:
        db.add(
            Order(
                id=oid,
                customer_id=buyer,
                status="paid",
                amount=Decimal(amount),
                created_at=created,
                paid_at=paid,
            )
        )
    db.flush()
    _refund(
        db,
        "r1",
        "o1",
        "return",
        at(11, 8, 10),
        [(at(11, 8, 11), "approved"), (at(11, 20, 9), "refunded")],
    )
    _refund(
        db,
        "r0",
        "o2",
        "refund_only",
        at(11, 9, 10),
        [(at(11, 30, 10), "approved"), (at(11, 30, 11), "refunded")],
    )
    _refund(db, "r2", "o3", "exchange", at(11, 10, 16), [(at(11, 10, 17), "approved")])
    # The supervisor rejects r3 herself: the case stays a2's (its handler), not hers.
    _refund(db, "r3", "o3", "exchange", at(11, 12, 9), [(at(11, 12, 10), "rejected")], actor="boss")
    _refund(db, "r4", "o3", "return", at(10, 31, 9), [(at(10, 31, 10), "rejected")])
    complaints = [  # id, buyer, category, opened, resolved; all a2's
        ("k1", "c1", "service", at(11, 3, 9), at(11, 4, 9)),
        ("k2", "c1", "quality", at(11, 20, 9), at(12, 2, 9)),
        ("k3", "c2", "logistics", at(11, 25, 9), None),
        ("k4", "c2", "other", at(10, 25, 9), None),
    ]
    for kid, buyer, category, opened, resolved in complaints:
        db.add(
            Complaint(
                id=kid,
                customer_id=buyer,
                category=category,
                opened_at=opened,
                resolved_at=resolved,
                owner_id="a2",
            )
        )
    calls = [
        (at(11, 2, 10), "in", 120),
        (at(11, 2, 11), "out", 75),
        (at(11, 1, 0, 10), "in", 30),
        (at(12, 1, 0, 30), "in", 600),
    ]
    for index, (when, direction, seconds) in enumerate(calls):
        db.add(
            PhoneCall(
                id=f"call{index}",
                customer_id="c2",
                agent_id="h1",
                at=when,
                direction=direction,
                duration_s=seconds,
                topic="催付",
                result="已联系",
            )
        )
    db.add_all(
        [
            QcInspection(
                session_id="s1", agent_id="a1", score=90, flagged=False, inspected_at=at(11, 5, 12)
            ),
            QcInspection(
                session_id="s2", agent_id="a1", score=75, flagged=True, inspected_at=at(11, 7, 12)
            ),
        ]
    )
    statuses = [
        (at(10, 31, 23), "online"),
        (at(11, 1, 2), "offline"),
        (at(11, 5, 9), "online"),
        (at(11, 5, 12), "busy"),
        (at(11, 5, 13, 30), "away"),
        (at(11, 5, 14), "online"),
        (at(11, 5, 18, 15), "offline"),
    ]
    for when, status in statuses:
        db.add(AgentStatusChange(agent_id="a1", status=status, at=when, reason="switch"))
    db.add(
        SalesTarget(
            month="2026-11",
            agent_id="a1",
            amount=Decimal("300.00"),
            set_by="boss",
            set_at=at(11, 1),
        )
    )
    db.commit()
