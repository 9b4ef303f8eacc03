"""Follow-up of inquirers who did not buy (issue 16): the list is exactly the
inquirers ``conversion_rate`` counts as not converted within 72 h; a payment after
a follow-up contact counts as a conversion after follow-up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.followup import service
from kefu.kit.errors import BadInput, Conflict
from kefu.kit.paging import PageParams
from kefu.kpi import queries as kpi_queries
from kefu.models import Agent, ChatSession, Customer, FollowUpContact, Message, Order, Task
from kefu.models.team import Role
from kefu.task import service as task_service
from tests.chat_helpers import frozen_at
from tests.factories import add_agents, login

SH = dt.timezone(dt.timedelta(hours=8))
DAY = dt.datetime(2026, 11, 10, tzinfo=SH)  # the period: 10 Nov in Shanghai
START, END = DAY, DAY + dt.timedelta(days=1)
H = dt.timedelta(hours=1)
LATER = DAY + 100 * H  # every 72 h window of the day has passed


def customer(db: Session, cid: str, nick: str | None = None) -> None:
    db.add(Customer(id=cid, nick=nick or cid, vip_level=0, marketing_opt_out=False))
    db.flush()


def chat(db: Session, cid: str, at: dt.datetime, *said: str, product: str | None = None) -> None:
    """A session opened at ``at``; each text is a buyer message (``@`` a staff one) a minute apart."""
    sid = f"s-{cid}-{int(at.timestamp())}"
    db.add(ChatSession(id=sid, customer_id=cid, channel="web", opened_at=at, product_title=product))
    for n, text in enumerate(said):
        sender = "system" if text.startswith("@") else "buyer"
        db.add(
            Message(
                id=f"{sid}-{n}",
                session_id=sid,
                at=at + n * dt.timedelta(minutes=1),
                sender=sender,
                text=text.lstrip("@"),
            )
        )
    db.flush()


def pay(db: Session, cid: str, oid: str, at: dt.datetime, amount: str = "99.00") -> None:
    db.add(
        Order(
            id=oid,
            customer_id=cid,
            status="paid",
            amount=Decimal(amount),
            cod=False,
            created_at=at - H,
            paid_at=at,
        )
    )
    db.flush()


@pytest.fixture
def history(session: Session) -> None:
    """c1 asked and never paid; c2 paid within 72 h; c3 paid 73 h later; c4 only got a
    system message; c5 asked the day before; c6 asked at 23:59 (its window ends last)."""
    for cid in ("c1", "c2", "c3", "c4", "c5", "c6"):
        customer(session, cid, nick={"c1": "小月"}.get(cid))
    chat(session, "c1", DAY + 10 * H, "这件连衣裙有 M 码吗", "多少钱", product="碎花连衣裙")
    chat(session, "c2", DAY + 11 * H, "今天能发货吗")
    pay(session, "c2", "o2", DAY + 11 * H + 71 * H)
    chat(session, "c3", DAY + 12 * H, "包邮吗")
    pay(session, "c3", "o3", DAY + 12 * H + 73 * H)
    chat(session, "c4", DAY + 13 * H, "@欢迎光临")
    chat(session, "c5", DAY - 2 * H, "在吗")
    chat(session, "c6", DAY + 23 * H + 59 * dt.timedelta(minutes=1), "还有货吗")


@pytest.fixture
def seller(session: Session) -> Agent:
    return add_agents(session, {"xiaomei": Role.presale})["xiaomei"]


@pytest.mark.usefixtures("history")
class TestUnconvertedInquiries:
    def test_exactly_the_kpi_inquirers_not_converted(self, session: Session) -> None:
        found = kpi_queries.unconverted_inquiries(session, start=START, end=END)
        assert found == {
            "c1": DAY + 10 * H,
            "c3": DAY + 12 * H,
            "c6": DAY + 23 * H + 59 * dt.timedelta(minutes=1),
        }
        shop = kpi_queries.compute(session, start=START, end=END)["shop"]
        assert shop["inquiries"] == 4
        assert shop["conversion_rate"] == 0.25  # c2 alone: the same notion


@pytest.mark.usefixtures("history")
class TestRows:
    def test_only_windows_that_have_passed(self, session: Session) -> None:
        now = DAY + 12 * H + 72 * H  # c3's window just ended, c6's not yet
        rows = service.rows(session, start=START, end=END, now=now)
        assert [(r.customer_id, r.asked_about) for r in rows] == [
            ("c1", "【碎花连衣裙】这件连衣裙有 M 码吗 / 多少钱"),
            ("c3", "包邮吗"),
        ]
        later = service.rows(session, start=START, end=END, now=LATER)
        assert [r.customer_id for r in later] == ["c1", "c3", "c6"]


@pytest.mark.usefixtures("history")
class TestDoRecord:
    def test_reason_and_contacts_across_midnight_in_shanghai(
        self, session: Session, seller: Agent
    ) -> None:
        with frozen_at(DAY + 95 * H + 30 * dt.timedelta(minutes=1)):  # 13 Nov 23:30 Shanghai
            row = service.do_record(
                session,
                customer_id="c1",
                inquired_at=DAY + 10 * H,
                reason="size",
                note="想要 M 码，等补货",
                second_due_at=DAY + 96 * H + 10 * dt.timedelta(minutes=1),
                third_due_at=DAY + 4 * 24 * H + 34 * H,
                agent=seller,
            )
        contacts = session.query(FollowUpContact).filter_by(followup_id=row.id).all()
        due = {c.round: c.due_at.astimezone(dt.UTC) for c in contacts}
        assert due == {
            2: dt.datetime(2026, 11, 13, 16, 10, tzinfo=dt.UTC),  # 14 Nov 00:10 in Shanghai
            3: dt.datetime(2026, 11, 15, 2, 0, tzinfo=dt.UTC),  # 15 Nov 10:00 in Shanghai
        }
        assert (row.reason, row.note, row.agent_id) == ("size", "想要 M 码，等补货", seller.id)

    def test_again_changes_the_reason_and_drops_an_unneeded_third(
        self, session: Session, seller: Agent
    ) -> None:
        with frozen_at(LATER):
            first = service.do_record(
                session,
                customer_id="c1",
                inquired_at=DAY + 10 * H,
                reason="price",
                note=None,
                second_due_at=LATER + H,
                third_due_at=LATER + 48 * H,
                agent=seller,
            )
            again = service.do_record(
                session,
                customer_id="c1",
                inquired_at=DAY + 10 * H,
                reason="hesitant",
                note=" ",
                second_due_at=LATER + 2 * H,
                third_due_at=None,
                agent=seller,
            )
        assert again.id == first.id and again.reason == "hesitant" and again.note is None
        contacts = session.query(FollowUpContact).filter_by(followup_id=first.id).all()
        assert [(c.round, c.due_at) for c in contacts] == [(2, LATER + 2 * H)]

    @pytest.mark.parametrize(
        ("reason", "inquired", "second", "code"),
        [
            ("cheap", DAY + 10 * H, LATER + H, "bad_reason"),
            ("price", DAY + 10 * H + H, LATER + H, "no_inquiry"),
            ("price", DAY + 10 * H, LATER - H, "bad_due"),
        ],
    )
    def test_refusals(
        self,
        session: Session,
        seller: Agent,
        reason: str,
        inquired: dt.datetime,
        second: dt.datetime,
        code: str,
    ) -> None:
        with frozen_at(LATER), pytest.raises(BadInput) as refused:
            service.do_record(
                session,
                customer_id="c1",
                inquired_at=inquired,
                reason=reason,
                note=None,
                second_due_at=second,
                third_due_at=None,
                agent=seller,
            )
        assert refused.value.code == code


@pytest.mark.usefixtures("history")
class TestContactTasks:
    def test_each_contact_is_a_task_in_the_agents_list_until_it_is_made(
        self, session: Session, seller: Agent
    ) -> None:
        def mine() -> list[tuple[str, str, dt.datetime, str]]:
            query = select(Task).where(Task.kind == "followup_contact").order_by(Task.title)
            return [
                (t.title, t.status, t.due_at, t.assignee_id or "") for t in session.scalars(query)
            ]

        record = {"customer_id": "c1", "inquired_at": DAY + 10 * H, "note": None, "agent": seller}
        with frozen_at(LATER):
            row = service.do_record(
                session,
                **record,
                reason="size",
                second_due_at=LATER + H,
                third_due_at=LATER + 48 * H,
            )
        assert mine() == [
            ("三次跟进：尺码", "open", LATER + 48 * H, seller.id),
            ("二次跟进：尺码", "open", LATER + H, seller.id),
        ]
        with frozen_at(LATER + H):  # moved, the third dropped
            service.do_record(
                session, **record, reason="size", second_due_at=LATER + 3 * H, third_due_at=None
            )
        assert [(t[1], t[2]) for t in mine()] == [
            ("cancelled", LATER + 48 * H),
            ("open", LATER + 3 * H),
        ]
        with frozen_at(LATER + 2 * H):
            due = task_service.due_for(
                session, agent=seller, until=LATER + 4 * H, now=LATER + 2 * H, limit=10
            )
            service.do_contact(session, followup=row, round_no=2, note="已发优惠券", agent=seller)
        assert [row[0].title for row in due.rows] == ["二次跟进：尺码"]
        assert mine()[1][1] == "done"


@pytest.mark.usefixtures("history")
class TestDoContact:
    def test_a_payment_after_the_contact_counts_and_one_before_does_not(
        self, session: Session, seller: Agent
    ) -> None:
        with frozen_at(LATER):
            for cid, at in (("c1", DAY + 10 * H), ("c3", DAY + 12 * H)):
                service.do_record(
                    session,
                    customer_id=cid,
                    inquired_at=at,
                    reason="price",
                    note=None,
                    second_due_at=LATER + H,
                    third_due_at=None,
                    agent=seller,
                )
        c1 = service.rows(session, start=START, end=END, now=LATER)[0].followup
        assert c1 is not None
        with frozen_at(LATER + 2 * H):
            contact = service.do_contact(
                session, followup=c1, round_no=2, note="已发优惠券", agent=seller
            )
            with pytest.raises(Conflict):
                service.do_contact(session, followup=c1, round_no=2, note=None, agent=seller)
            with pytest.raises(Conflict):
                service.do_contact(session, followup=c1, round_no=3, note=None, agent=seller)
        assert (contact.done_at, contact.done_by) == (LATER + 2 * H, seller.id)
        pay(session, "c1", "o1", LATER + 5 * H, "128.00")  # after the contact
        with frozen_at(LATER + 6 * H):
            summary = service.summary(session, start=START, end=END)
            page = service.followup_page(
                session, start=START, end=END, state="converted", q=None, params=PageParams()
            )
        assert summary == {
            "unconverted": 3,
            "followed": 2,
            "contacted": 1,
            "converted": 1,
            "sales": "128.00",
        }
        assert [(i["customer_id"], i["converted_amount"]) for i in page["items"]] == [
            ("c1", "128.00")
        ]


@pytest.mark.usefixtures("history")
class TestFollowupPage:
    def test_states_search_and_names(self, session: Session, seller: Agent) -> None:
        with frozen_at(LATER):
            service.do_record(
                session,
                customer_id="c3",
                inquired_at=DAY + 12 * H,
                reason="logistics",
                note=None,
                second_due_at=LATER + H,
                third_due_at=None,
                agent=seller,
            )
        with frozen_at(LATER + 2 * H):
            new = service.followup_page(
                session, start=START, end=END, state="new", q=None, params=PageParams()
            )
            due = service.followup_page(
                session, start=START, end=END, state="due", q=None, params=PageParams()
            )
            named = service.followup_page(
                session, start=START, end=END, state=None, q="小月", params=PageParams()
            )
        assert [i["customer_id"] for i in new["items"]] == ["c6", "c1"]  # newest first
        assert [
            (i["customer_id"], i["reason"], i["agent_name"], i["contacts"][0]["overdue"])
            for i in due["items"]
        ] == [("c3", "logistics", "xiaomei", True)]
        assert (named["total"], named["items"][0]["buyer_name"]) == (1, "小月")


@pytest.mark.usefixtures("history")
class TestEndpoints:
    def test_presale_lists_and_records_aftersale_may_not(
        self, client: TestClient, session: Session
    ) -> None:
        add_agents(session, {"xiaomei": Role.presale, "xiaowang": Role.aftersale})
        session.commit()
        period = {"from": "2026-11-10", "to": "2026-11-11"}
        with frozen_at(LATER):
            csrf = login(client, "xiaomei")
            listed = client.get("/api/v1/followups", params=period).json()
            body = {
                "customer_id": "c1",
                "inquired_at": (DAY + 10 * H).isoformat(),
                "reason": "price",
                "second_due_at": (LATER + H).isoformat(),
            }
            made = client.post("/api/v1/followups", json=body, headers={"X-CSRF-Token": csrf})
            summary = client.get("/api/v1/followups/summary", params=period).json()
            client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
            login(client, "xiaowang")
            refused = client.get("/api/v1/followups", params=period)
        assert [i["customer_id"] for i in listed["items"]] == ["c6", "c3", "c1"]
        assert made.status_code == 200, made.text
        assert summary["followed"] == 1
        assert refused.status_code == 403
