"""What the after-sales pages read beyond the lists: each list's state counts (the tabs'
numbers, under the other filters) and the detail views with names, titles and the
order, and the contact attempts on a review."""
# ruff: noqa: F811 - the fixtures of test_aftersale_lists, imported, are the arguments

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.aftersale import cases, details, product_review, refunds, worklists
from kefu.aftersale.schemas import ComplaintFilters, RefundFilters, ReviewFilters, StateCounts
from kefu.models import Agent, Refund
from kefu.models.aftersale import RefundStatus as S
from tests.chat_helpers import frozen_at
from tests.factories import login
from tests.test_aftersale_lists import (  # noqa: F401 (fixtures)
    AT,
    DAY,
    H,
    complaints,
    people,
    reviews,
    three_refunds,
)


def counted(counts: StateCounts) -> dict[str, tuple[int, int]]:
    return {state.status: (state.count, state.overdue) for state in counts.states}


class TestRefundCounts:
    def test_every_state_under_the_other_filters(
        self, session: Session, three_refunds: dict[str, Refund]
    ) -> None:
        with frozen_at(AT + 30 * H):
            every = worklists.refund_counts(session, filters=RefundFilters())
            returns = worklists.refund_counts(session, filters=RefundFilters(kind=["return"]))
            searched = worklists.refund_counts(
                session, filters=RefundFilters(q="王", status=["requested"])
            )
        assert counted(every) == {
            "requested": (1, 0),
            "approved": (1, 1),  # r2's 24 hours are up
            "rejected": (1, 0),
            "buyer_shipped": (0, 0),
            "received": (0, 0),
            "refunded": (0, 0),
            "exchange_shipped": (0, 0),
            "closed": (0, 0),
        }
        assert (every.total, every.overdue) == (3, 1)
        assert [s.label for s in every.states][:2] == ["待审核", "已同意"]
        assert (returns.total, counted(returns)["requested"]) == (1, (1, 0))
        # the state filter is the tabs' own: ignored, so every tab keeps its number
        assert (searched.total, counted(searched)["rejected"]) == (2, (1, 0))


class TestComplaintAndReviewCounts:
    def test_open_and_resolved(self, session: Session, complaints: None) -> None:
        with frozen_at(AT + 3 * H):
            every = worklists.complaint_counts(session, filters=ComplaintFilters())
            quality = worklists.complaint_counts(
                session, filters=ComplaintFilters(category=["quality"])
            )
        assert counted(every) == {"open": (2, 1), "resolved": (1, 0)}
        assert counted(quality) == {"open": (1, 1), "resolved": (0, 0)}

    def test_pending_and_handled(self, session: Session, reviews: None) -> None:
        with frozen_at(AT):
            every = worklists.review_counts(session, filters=ReviewFilters())
            good = worklists.review_counts(session, filters=ReviewFilters(rating=["good"]))
        assert counted(every) == {"pending": (2, 1), "handled": (1, 0)}
        assert counted(good) == {"pending": (1, 0), "handled": (0, 0)}


class TestRefundDetail:
    def test_names_titles_and_order(
        self, session: Session, people: dict[str, Agent], three_refunds: dict[str, Refund]
    ) -> None:
        with frozen_at(AT + H):
            refunds.do_transition(
                session, refund=three_refunds["r1"], to=S.approved, actor=people["zhou"]
            )
            view = details.refund_detail(session, refund=three_refunds["r1"], agent=people["lei"])
        assert (view["buyer_name"], view["customer_id"]) == ("tb_lulu", "c1")
        assert [(i["title"], i["qty"]) for i in view["items"]] == [("卫衣", 1), ("围巾", 1)]
        assert view["product_titles"] == ["卫衣", "围巾"]
        assert (view["order"]["id"], view["order"]["status_label"]) == ("o1", "已签收")
        assert view["trail"] == [
            {
                "at": (AT + H).isoformat(),
                "actor": "zhou",
                "actor_name": "zhou",
                "from": "requested",
                "to": "approved",
                "note": None,
            }
        ]
        assert view["buyer_sees"].startswith("商家已同意")
        assert view["allowed_transitions"] == [
            {"to": "buyer_shipped", "label": "买家已寄回", "requires": ["tracking_no"]}
        ]


class TestComplaintDetail:
    def test_owner_buyer_and_notes_by_name(
        self, session: Session, people: dict[str, Agent], complaints: None
    ) -> None:
        complaint = cases.get_complaint(session, "k1")
        with frozen_at(AT + H):
            cases.do_follow_up(
                session, complaint=complaint, author=people["hot"], text="已回电", channel="phone"
            )
            view = details.complaint_detail(session, complaint=complaint, agent=people["lei"])
        assert (view["buyer_name"], view["owner_name"], view["category_label"]) == (
            "tb_lulu",
            "lei",
            "质量",
        )
        assert (view["order"]["id"], view["product_titles"]) == ("o1", ["卫衣", "围巾"])
        # (the fixture renames its complaints after opening them: their promise notes stay behind)
        assert [(n["kind"], n["author_name"], n["channel"]) for n in view["notes"]] == [
            ("followup", "hot", "phone")
        ]
        assert [a["action"] for a in view["allowed_actions"]] == ["follow_up", "resolve"]

    def test_without_an_order(
        self, session: Session, people: dict[str, Agent], complaints: None
    ) -> None:
        complaint = cases.get_complaint(session, "k2")
        view = details.complaint_detail(session, complaint=complaint, agent=people["lei"])
        assert (view["order"], view["items"], view["buyer_name"]) == (None, [], "张三")


class TestReviewDetail:
    def test_deadlines_contacts_and_result(
        self, session: Session, people: dict[str, Agent], reviews: None
    ) -> None:
        with frozen_at(AT):
            pending = details.review_detail(
                session, review=product_review.get_review(session, "v2"), agent=people["lei"]
            )
            handled = details.review_detail(
                session, review=product_review.get_review(session, "v3"), agent=people["lei"]
            )
        assert (pending["status"], pending["overdue"], pending["revisable"]) == (
            "pending",
            False,
            True,
        )
        assert pending["contact_due_at"] == (AT + 5 * DAY).isoformat()
        assert (pending["contacts"], pending["notes"][0]["author_name"]) == (1, "lei")
        assert (pending["buyer_name"], pending["rating_label"]) == ("张三", "中评")
        assert (handled["status_label"], handled["result_label"]) == ("已处理", "已解释说明")
        assert (handled["revisable"], handled["contacts"]) == (False, 0)


def test_counts_and_details_over_http(
    client: TestClient, session: Session, three_refunds: dict[str, Refund], reviews: None
) -> None:
    session.commit()
    login(client, "zhou")
    with frozen_at(AT + 30 * H):
        response = client.get("/api/v1/refunds/counts", params={"kind": "return,refund_only"})
        detail = client.get("/api/v1/refunds/r2").json()
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert (body["total"], body["overdue"]) == (2, 1)
    assert {s["status"]: s["count"] for s in body["states"]}["approved"] == 1
    assert (detail["buyer_name"], detail["trail"][0]["actor_name"]) == ("张三", "lei")
    assert client.get("/api/v1/reviews/counts").status_code == 403  # 退款审核 has no reviews
    login(client, "lei")
    with frozen_at(AT):
        reviews_counted = client.get("/api/v1/reviews/counts").json()
        page = client.get("/api/v1/reviews", params={"status": "pending"}).json()
    assert reviews_counted["total"] == 3
    assert {i["id"]: i["contacts"] for i in page["items"]} == {"v1": 0, "v2": 1}
    assert client.get("/api/v1/complaints/counts", params={"status": "lost"}).status_code == 422
