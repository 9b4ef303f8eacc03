"""The after-sales worklists (refunds, complaints, medium/bad reviews): filters,
search, sorting, paging and counts, display-ready rows, who may list them, step
deadlines, and the actions a detail page offers (exactly those the service accepts)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.aftersale import cases, product_review, refunds, worklists
from kefu.aftersale import jobs as aftersale_jobs
from kefu.aftersale.schemas import ComplaintFilters, RefundFilters, ReviewFilters
from kefu.kit.errors import BadInput, Conflict, Forbidden
from kefu.kit.paging import PageParams
from kefu.models import Agent, Customer, Order, OrderItem, Product, Refund, Review
from kefu.models.aftersale import RefundStatus as S
from kefu.models.team import Role
from kefu.shop import service as shop
from tests.chat_helpers import frozen_at
from tests.factories import add_agents, login

AT = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


@pytest.fixture
def people(session: Session) -> dict[str, Agent]:
    """Agents of every role that matters here, two buyers, three orders."""
    people = add_agents(
        session,
        {
            "lei": Role.aftersale,
            "zhou": Role.refund_review,
            "mei": Role.presale,
            "hot": Role.hotline,
        },
    )
    session.add_all(
        [
            Customer(id="c1", nick="tb_lulu", name="王丽", vip_level=0, marketing_opt_out=False),
            Customer(id="c2", name="张三", vip_level=0, marketing_opt_out=False),
            Product(id="p1", title="卫衣"),
            Product(id="p2", title="围巾"),
        ]
    )
    session.flush()
    for order_id, customer_id, products in (
        ("o1", "c1", ["p1", "p2"]),
        ("o2", "c2", ["p2"]),
        ("o3", "c1", ["p1"]),
    ):
        session.add(
            Order(
                id=order_id,
                customer_id=customer_id,
                status="delivered",
                amount=Decimal("99.00"),
                cod=False,
                created_at=AT - 10 * DAY,
            )
        )
        session.flush()
        for line, product in enumerate(products, start=1):
            session.add(OrderItem(order_id=order_id, line_no=line, product_id=product, qty=1))
    session.flush()
    return people


def add_refund(
    session: Session,
    refund_id: str,
    order_id: str,
    kind: str,
    amount: str,
    at: dt.datetime,
    reason: str | None = None,
) -> Refund:
    """A refund as the marketplace import writes it: no deadline yet."""
    row = Refund(
        id=refund_id,
        order_id=order_id,
        kind=kind,
        status="requested",
        requested_at=at,
        amount=Decimal(amount),
        reason=reason,
    )
    session.add(row)
    session.flush()
    return row


@pytest.fixture
def three_refunds(session: Session, people: dict[str, Agent]) -> dict[str, Refund]:
    """r1: return, requested at AT (deadline AT+48h); r2: refund only, approved by lei at
    AT (deadline AT+24h); r3: exchange, rejected by zhou a day earlier (settled)."""
    rows = {
        "r1": add_refund(session, "r1", "o1", "return", "99.00", AT, "尺码不合适"),
        "r2": add_refund(session, "r2", "o2", "refund_only", "20.00", AT - DAY),
        "r3": add_refund(session, "r3", "o3", "exchange", "50.00", AT - 2 * DAY),
    }
    aftersale_jobs.refund_deadlines(session, now=AT)
    with frozen_at(AT - DAY):
        refunds.do_transition(
            session, refund=rows["r3"], to=S.rejected, actor=people["zhou"], note="已过期"
        )
    with frozen_at(AT):
        refunds.do_transition(session, refund=rows["r2"], to=S.approved, actor=people["lei"])
    return rows


def refund_ids(session: Session, now: dt.datetime = AT + 30 * H, **kw: Any) -> list[str]:
    return [item.id for item in refund_page(session, now, **kw)["items"]]


def refund_page(session: Session, now: dt.datetime, **kw: Any) -> dict[str, Any]:
    params = PageParams(**{k: kw.pop(k) for k in ("page", "page_size", "sort") if k in kw})
    with frozen_at(now):
        return worklists.refund_list(session, filters=RefundFilters(**kw), params=params)


class TestRefundList:
    def test_filters(self, session: Session, three_refunds: dict[str, Refund]) -> None:
        assert refund_ids(session) == ["r2", "r1", "r3"]  # nearest deadline first, none last
        assert refund_ids(session, status=["requested", "approved"]) == ["r2", "r1"]
        assert refund_ids(session, status="rejected") == ["r3"]
        assert refund_ids(session, kind="return,exchange") == ["r1", "r3"]
        assert refund_ids(session, overdue=True) == ["r2"]
        assert refund_ids(session, overdue=False) == ["r1", "r3"]
        assert refund_ids(session, due_before=AT + 30 * H) == ["r2"]
        assert refund_ids(session, order_id="o1") == ["r1"]
        assert refund_ids(session, customer_id="c1") == ["r1", "r3"]
        assert refund_ids(session, handler_id="lei") == ["r2"]  # her first step made it hers
        assert refund_ids(session, unowned=True) == ["r1", "r3"]  # what a lead hands out
        assert refund_ids(session, unowned=False) == ["r2"]

    def test_search_by_ids_and_buyer(
        self, session: Session, three_refunds: dict[str, Refund]
    ) -> None:
        assert refund_ids(session, q="r2") == ["r2"]
        assert refund_ids(session, q="o1") == ["r1"]
        assert refund_ids(session, q="王") == ["r1", "r3"]  # name, anywhere in it
        assert refund_ids(session, q="lulu") == ["r1", "r3"]  # nick
        assert refund_ids(session, q="%") == []

    def test_sorting_paging_and_count(
        self, session: Session, three_refunds: dict[str, Refund]
    ) -> None:
        assert refund_ids(session, sort="-amount") == ["r1", "r3", "r2"]
        assert refund_ids(session, sort="created_at") == ["r3", "r2", "r1"]
        assert refund_ids(session, sort="-due_at") == ["r1", "r2", "r3"]  # none still last
        second = refund_page(session, AT, page=2, page_size=2)
        assert (second["total"], second["page"], second["page_size"]) == (3, 2, 2)
        assert [item.id for item in second["items"]] == ["r3"]
        with pytest.raises(BadInput):
            refund_ids(session, sort="reason")

    def test_rows_are_display_ready(
        self, session: Session, people: dict[str, Agent], three_refunds: dict[str, Refund]
    ) -> None:
        rows = {item.id: item for item in refund_page(session, AT + 30 * H)["items"]}
        r1, r2, r3 = rows["r1"], rows["r2"], rows["r3"]
        assert (r2.kind_label, r2.status_label, r2.amount, r2.buyer_name) == (
            "仅退款",
            "已同意",
            "20.00",
            "张三",
        )
        assert (r2.due_at, r2.overdue, r2.handler_id, r2.handler_name) == (
            AT + 24 * H,
            True,
            "lei",
            "lei",
        )
        assert (r1.product_titles, r1.buyer_name, r1.reason) == (
            ["卫衣", "围巾"],
            "tb_lulu",
            "尺码不合适",
        )
        assert (r1.due_at, r1.overdue, r1.handler_id, r1.created_at) == (
            AT + 48 * H,
            False,
            None,
            AT,
        )
        # 退款审核 rejected r3: the latest step is hers, but the case has no 处理人
        assert (r3.due_at, r3.overdue, r3.handler_name, r3.last_actor_name) == (
            None,
            False,
            None,
            "zhou",
        )


class TestStepDeadlines:
    def test_each_step_gets_the_deadline_of_its_kind_and_state(
        self, session: Session, people: dict[str, Agent]
    ) -> None:
        ret = add_refund(session, "r8", "o1", "return", "30.00", AT)
        with frozen_at(AT + H):
            refunds.do_transition(session, refund=ret, to=S.approved, actor=people["lei"])
        assert ret.due_at == AT + H + 168 * H  # the buyer's 7 days to send it back
        with frozen_at(AT + 2 * H):
            refunds.do_transition(
                session, refund=ret, to=S.buyer_shipped, actor=people["lei"], tracking_no="SF1"
            )
        assert ret.due_at == AT + 2 * H + 240 * H
        only = add_refund(session, "r9", "o2", "refund_only", "30.00", AT)
        with frozen_at(AT + H):
            refunds.do_transition(session, refund=only, to=S.approved, actor=people["lei"])
        assert only.due_at == AT + 25 * H  # refund only: paid within 24 h
        with frozen_at(AT + 2 * H):
            refunds.do_transition(session, refund=only, to=S.refunded, actor=people["lei"])
        assert only.due_at is None  # settled

    def test_the_shop_sets_the_hours(self, session: Session, people: dict[str, Agent]) -> None:
        shop.do_set(session, key="refund_step_hours", value={"requested": 12})
        row = add_refund(session, "r8", "o1", "return", "30.00", AT)
        assert aftersale_jobs.refund_deadlines(session, now=AT) == 1
        assert row.due_at == AT + 12 * H
        with frozen_at(AT + H):
            refunds.do_transition(session, refund=row, to=S.approved, actor=people["lei"])
        assert row.due_at is None  # no time set for this step

    def test_imported_cases_get_theirs_once(
        self, session: Session, people: dict[str, Agent]
    ) -> None:
        row = add_refund(session, "r8", "o1", "return", "30.00", AT - DAY)
        assert aftersale_jobs.refund_deadlines(session, now=AT) == 1
        assert row.due_at == AT - DAY + 48 * H  # counted from the request
        assert aftersale_jobs.refund_deadlines(session, now=AT) == 0


class TestAllowedTransitions:
    def offered(self, session: Session, refund: Refund, agent: Agent) -> list[str]:
        return [t["to"] for t in refunds.allowed_transitions(session, refund=refund, actor=agent)]

    def test_by_state_and_role(self, session: Session, people: dict[str, Agent]) -> None:
        row = add_refund(session, "r8", "o1", "return", "99.00", AT)
        steps = refunds.allowed_transitions(session, refund=row, actor=people["lei"])
        assert steps == [
            {"to": "approved", "label": "已同意", "requires": []},
            {"to": "rejected", "label": "已拒绝", "requires": ["note"]},
        ]
        assert self.offered(session, row, people["mei"]) == []  # presale does not handle them
        refunds.do_transition(session, refund=row, to=S.approved, actor=people["lei"])
        steps = refunds.allowed_transitions(session, refund=row, actor=people["lei"])
        assert steps == [
            {"to": "buyer_shipped", "label": "买家已寄回", "requires": ["tracking_no"]}
        ]

    def test_above_the_limit_only_the_reviewer_may_approve(
        self, session: Session, people: dict[str, Agent]
    ) -> None:
        row = add_refund(session, "r8", "o1", "refund_only", "800.00", AT)
        assert self.offered(session, row, people["lei"]) == ["rejected"]
        assert self.offered(session, row, people["zhou"]) == ["approved", "rejected"]

    @pytest.mark.parametrize("kind", ["refund_only", "return", "exchange"])
    def test_offered_exactly_when_the_service_accepts(
        self, session: Session, people: dict[str, Agent], kind: str
    ) -> None:
        inputs = {"note": "验货完好", "tracking_no": "SF123456"}
        row = add_refund(session, "r8", "o1", kind, "800.00", AT)
        for status in S:
            row.status = status.value
            for who in ("lei", "zhou", "mei"):
                offered = self.offered(session, row, people[who])
                for to in S:
                    try:
                        refunds.check_transition(
                            session, refund=row, to=to, actor=people[who], **inputs
                        )
                        accepted = True
                    except (Conflict, Forbidden):
                        accepted = False
                    assert (to.value in offered) == accepted, (status, who, to)


def test_refunds_over_http(
    client: TestClient, session: Session, three_refunds: dict[str, Refund]
) -> None:
    session.commit()
    login(client, "zhou")
    with frozen_at(AT + 30 * H):
        page = client.get(
            "/api/v1/refunds",
            params=[("status", "requested"), ("status", "approved"), ("sort", "-amount")],
        )
        detail = client.get("/api/v1/refunds/r1").json()
    assert page.status_code == 200, page.text
    body = page.json()
    assert (body["total"], body["page"], body["page_size"]) == (2, 1, 20)
    assert [(i["id"], i["overdue"]) for i in body["items"]] == [("r1", False), ("r2", True)]
    assert body["items"][0]["product_titles"] == ["卫衣", "围巾"]
    assert [i["handler_name"] for i in body["items"]] == [None, "lei"]
    with frozen_at(AT + 30 * H):
        lei = client.get("/api/v1/refunds", params={"handler_id": "lei"}).json()
    assert [(i["id"], i["handler_name"]) for i in lei["items"]] == [("r2", "lei")]
    assert client.get("/api/v1/refunds/handlers").json() == [{"id": "lei", "name": "lei"}]
    assert [t["to"] for t in detail["allowed_transitions"]] == ["approved", "rejected"]
    assert (detail["kind_label"], detail["overdue"]) == ("退货退款", False)
    assert client.get("/api/v1/refunds", params={"status": "lost"}).status_code == 422
    assert client.get("/api/v1/refunds", params={"page_size": 500}).status_code == 422
    for who in ("mei", "hot"):  # presale and hotline do not work refunds
        login(client, who)
        assert client.get("/api/v1/refunds").status_code == 403
        assert client.get("/api/v1/refunds/r1").json()["allowed_transitions"] == []


@pytest.fixture
def complaints(session: Session, people: dict[str, Agent]) -> None:
    """k1 (lei, promised AT+2h), k2 (hot, AT+5h), k3 (lei, AT+1h, resolved)."""
    with frozen_at(AT):
        for complaint_id, customer, category, summary, hours, owner, order in (
            ("k1", "c1", "quality", "衣服起球", 2, "lei", "o1"),
            ("k2", "c2", "logistics", "快递太慢", 5, "hot", None),
            ("k3", "c1", "service", "客服态度不好", 1, "lei", None),
        ):
            row = cases.do_open_complaint(
                session,
                customer_id=customer,
                category=category,
                summary=summary,
                promised_by=AT + hours * H,
                owner=people[owner],
                order_id=order,
            )
            row.id = complaint_id
            session.flush()
    with frozen_at(AT + H / 2):
        complaint = cases.get_complaint(session, "k3")
        cases.do_resolve(session, complaint=complaint, author=people["lei"], resolution="已道歉")


def complaint_page(session: Session, **kw: Any) -> dict[str, Any]:
    params = PageParams(**{k: kw.pop(k) for k in ("page", "page_size", "sort") if k in kw})
    with frozen_at(AT + 3 * H):
        return worklists.complaint_list(session, filters=ComplaintFilters(**kw), params=params)


def complaint_ids(session: Session, **kw: Any) -> list[str]:
    return [item.id for item in complaint_page(session, **kw)["items"]]


class TestComplaintList:
    def test_filters_and_search(self, session: Session, complaints: None) -> None:
        assert complaint_ids(session) == ["k3", "k1", "k2"]  # earliest promise first
        assert complaint_ids(session, status="open") == ["k1", "k2"]
        assert complaint_ids(session, status=["resolved"]) == ["k3"]
        assert complaint_ids(session, overdue=True) == ["k1"]
        assert complaint_ids(session, overdue=False) == ["k3", "k2"]
        assert complaint_ids(session, promised_before=AT + 3 * H) == ["k3", "k1"]
        assert complaint_ids(session, category="logistics") == ["k2"]
        assert complaint_ids(session, owner_id="lei") == ["k3", "k1"]
        assert complaint_ids(session, customer_id="c2") == ["k2"]
        assert complaint_ids(session, q="起球") == ["k1"]  # the summary
        assert complaint_ids(session, q="张") == ["k2"]  # the buyer's name
        assert complaint_ids(session, q="o1") == ["k1"]

    def test_sorting_paging_and_rows(self, session: Session, complaints: None) -> None:
        assert complaint_ids(session, sort="-promised_by") == ["k2", "k1", "k3"]
        page = complaint_page(session, page=1, page_size=1, sort="-promised_by")
        assert (page["total"], [i.id for i in page["items"]]) == (3, ["k2"])
        rows = {item.id: item for item in complaint_page(session)["items"]}
        k1, k2, k3 = rows["k1"], rows["k2"], rows["k3"]
        assert (k1.status_label, k1.category_label, k1.buyer_name, k1.handler_name) == (
            "处理中",
            "质量",
            "tb_lulu",
            "lei",
        )
        assert (k1.promised_by, k1.overdue, k1.order_id) == (AT + 2 * H, True, "o1")
        assert (k2.buyer_name, k2.handler_name, k2.overdue) == ("张三", "hot", False)
        assert (k3.status, k3.resolved_at, k3.overdue) == ("resolved", AT + H / 2, False)


class TestComplaintActions:
    def test_open_ones_to_those_who_work_complaints(
        self, session: Session, people: dict[str, Agent], complaints: None
    ) -> None:
        k1, k3 = cases.get_complaint(session, "k1"), cases.get_complaint(session, "k3")
        assert [
            a["action"] for a in cases.complaint_actions(complaint=k1, agent=people["hot"])
        ] == [
            "follow_up",
            "resolve",
        ]
        assert cases.complaint_actions(complaint=k1, agent=people["mei"]) == []
        assert cases.complaint_actions(complaint=k3, agent=people["lei"]) == []
        with pytest.raises(Conflict):  # what is not offered, the service refuses
            cases.do_follow_up(
                session, complaint=k3, author=people["lei"], text="再跟进", channel=None
            )


def test_complaints_over_http(client: TestClient, session: Session, complaints: None) -> None:
    session.commit()
    login(client, "hot")
    with frozen_at(AT + 3 * H):
        page = client.get("/api/v1/complaints", params={"overdue": "true"}).json()
        detail = client.get("/api/v1/complaints/k1").json()
    assert [(i["id"], i["handler_name"]) for i in page["items"]] == [("k1", "lei")]
    assert (detail["status"], detail["overdue"]) == ("open", True)
    assert [a["action"] for a in detail["allowed_actions"]] == ["follow_up", "resolve"]
    login(client, "zhou")  # 退款审核 does not work complaints
    assert client.get("/api/v1/complaints").status_code == 403
    assert client.get("/api/v1/complaints/k1").json()["allowed_actions"] == []


@pytest.fixture
def reviews(session: Session, people: dict[str, Agent]) -> None:
    """v1 bad, 8 days old; v2 medium, 2 days, contacted by lei; v3 bad, 40 days,
    explained by lei; v4 good."""
    for review_id, order_id, rating, age, text in (
        ("v1", "o1", "bad", 8 * DAY, "质量太差了，" * 20),
        ("v2", "o2", "medium", 2 * DAY, "一般般"),
        ("v3", "o3", "bad", 40 * DAY, "不好"),
        ("v4", "o1", "good", DAY, "很好"),
    ):
        session.add(Review(id=review_id, order_id=order_id, rating=rating, at=AT - age, text=text))
    session.flush()
    with frozen_at(AT - DAY):
        product_review.do_log_contact(
            session,
            review=product_review.get_review(session, "v2"),
            author=people["lei"],
            channel="phone",
            text="已致电",
        )
        product_review.do_record_result(
            session,
            review=product_review.get_review(session, "v3"),
            author=people["lei"],
            result="explained",
            note="已说明色差",
        )


def review_page(session: Session, **kw: Any) -> dict[str, Any]:
    params = PageParams(**{k: kw.pop(k) for k in ("page", "page_size", "sort") if k in kw})
    with frozen_at(AT):
        return worklists.review_list(session, filters=ReviewFilters(**kw), params=params)


def review_ids(session: Session, **kw: Any) -> list[str]:
    return [item.id for item in review_page(session, **kw)["items"]]


class TestReviewList:
    def test_filters_and_search(self, session: Session, reviews: None) -> None:
        assert review_ids(session) == ["v3", "v1", "v2"]  # medium and bad, oldest first
        assert review_ids(session, rating="good") == ["v4"]
        assert review_ids(session, rating=["medium"]) == ["v2"]
        assert review_ids(session, status="pending") == ["v1", "v2"]
        assert review_ids(session, status="handled") == ["v3"]
        assert review_ids(session, overdue=True) == ["v1"]  # pending past its 7 days
        assert review_ids(session, overdue=False) == ["v3", "v2"]
        assert review_ids(session, contact_due_before=AT) == ["v3", "v1"]
        assert review_ids(session, revisable=True) == ["v1", "v2"]
        assert review_ids(session, revisable=False) == ["v3"]
        assert review_ids(session, revise_by_before=AT) == ["v3"]
        assert review_ids(session, customer_id="c2") == ["v2"]
        assert review_ids(session, q="v2") == ["v2"]
        assert review_ids(session, q="张三") == ["v2"]
        assert review_ids(session, q="质量太差") == ["v1"]  # the text

    def test_sorting_paging_and_rows(self, session: Session, reviews: None) -> None:
        assert review_ids(session, sort="-contact_due_at") == ["v2", "v1", "v3"]
        page = review_page(session, page=2, page_size=2)
        assert (page["total"], [i.id for i in page["items"]]) == (3, ["v2"])
        rows = {item.id: item for item in review_page(session)["items"]}
        v1, v2, v3 = rows["v1"], rows["v2"], rows["v3"]
        assert (v1.contact_due_at, v1.revise_by) == (AT - DAY, AT + 22 * DAY)
        assert (v1.overdue, v1.status, v1.rating_label, v1.buyer_name) == (
            True,
            "pending",
            "差评",
            "tb_lulu",
        )
        assert v1.text_excerpt is not None and len(v1.text_excerpt) == worklists.EXCERPT
        assert v1.text_excerpt.endswith("…") and v1.product_titles == ["卫衣", "围巾"]
        assert (v2.handler_name, v2.text_excerpt, v2.status_label) == ("lei", "一般般", "待处理")
        assert (v3.status, v3.result_label, v3.handler_name) == ("handled", "已解释说明", "lei")


class TestReviewActions:
    def test_revised_only_within_the_window(
        self, session: Session, people: dict[str, Agent], reviews: None
    ) -> None:
        def offered(review_id: str, who: str) -> list[str]:
            review = product_review.get_review(session, review_id)
            with frozen_at(AT):
                actions = product_review.review_actions(review=review, agent=people[who])
            return [a.get("result", a["action"]) for a in actions]

        assert offered("v1", "lei") == ["contact", "revised", "explained", "malicious"]
        assert offered("v3", "hot") == ["contact", "explained", "malicious"]
        assert offered("v1", "mei") == []
        with frozen_at(AT), pytest.raises(Conflict):
            product_review.do_record_result(
                session,
                review=product_review.get_review(session, "v3"),
                author=people["lei"],
                result="revised",
                note="买家改了",
                revised_rating="good",
            )


def test_reviews_over_http(client: TestClient, session: Session, reviews: None) -> None:
    session.commit()
    login(client, "lei")
    with frozen_at(AT):
        page = client.get("/api/v1/reviews", params={"status": "pending,handled"}).json()
        detail = client.get("/api/v1/reviews/v1").json()
    assert page["total"] == 3 and page["items"][0]["id"] == "v3"
    malicious = next(a for a in detail["allowed_actions"] if a.get("result") == "malicious")
    assert malicious == {
        "action": "result",
        "result": "malicious",
        "label": "恶意评价（已取证）",
        "requires": ["evidence"],
    }
    login(client, "zhou")
    assert client.get("/api/v1/reviews").status_code == 403
