"""Complaints (promise told to the buyer, follow-ups, resolution) and reviews
(import, contact attempts, result within the 30-day window)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.aftersale import cases, product_review
from kefu.aftersale import jobs as aftersale_jobs
from kefu.chat import service as chat_service
from kefu.kit.errors import BadInput, Conflict
from kefu.models import Agent, Customer, Message, Order, Review, Task
from kefu.models.team import Role
from tests.chat_helpers import WORK_TIME, buyer, frozen_at
from tests.factories import add_agent, login


@pytest.fixture
def lei(session: Session) -> Agent:
    return add_agent(session, "lei", Role.aftersale)


class TestComplaint:
    def test_the_buyer_in_chat_is_told_the_promise_and_the_resolution(
        self, session: Session, lei: Agent
    ) -> None:
        customer = buyer(session)
        with frozen_at(WORK_TIME):
            sent = chat_service.do_buyer_send(
                session, customer_id=customer, client_id="x", text="东西坏了，我要投诉"
            )
            complaint = cases.do_open_complaint(
                session,
                customer_id=customer,
                category="quality",
                summary="收到即损坏",
                promised_by=WORK_TIME + dt.timedelta(hours=24),
                owner=lei,
            )
            cases.do_follow_up(
                session, complaint=complaint, author=lei, text="已联系仓库核实", channel="phone"
            )
        with frozen_at(WORK_TIME + dt.timedelta(hours=3)):
            cases.do_resolve(session, complaint=complaint, author=lei, resolution="已补发新品")
        said = [
            m.text
            for m in session.scalars(
                select(Message).where(
                    Message.session_id == sent.session_id, Message.sender == "system"
                )
            )
        ]
        assert "11月11日 10:00 前给您答复" in said[0] and "已补发新品" in said[1]
        assert [
            (n.kind, n.channel)
            for n in cases.notes(session, kind="complaint", case_id=complaint.id)
        ] == [
            ("promise", "chat"),
            ("followup", "phone"),
            ("resolved", "chat"),
        ]
        with pytest.raises(Conflict):
            cases.do_resolve(session, complaint=complaint, author=lei, resolution="again")

    def test_a_buyer_not_in_chat_gets_a_phone_task(self, session: Session, lei: Agent) -> None:
        customer = buyer(session)
        with frozen_at(WORK_TIME):
            complaint = cases.do_open_complaint(
                session,
                customer_id=customer,
                category="service",
                summary="客服态度",
                promised_by=WORK_TIME + dt.timedelta(hours=4),
                owner=lei,
            )
        task = session.scalars(select(Task).where(Task.customer_id == customer)).one()
        assert task.assignee_id == "lei" and complaint.id not in task.title
        assert task.title == "电话告知买家：投诉（服务：客服态度）已受理"

    def test_resolving_closes_the_reminder(self, session: Session, lei: Agent) -> None:
        customer = buyer(session)
        with frozen_at(WORK_TIME):
            complaint = cases.do_open_complaint(
                session,
                customer_id=customer,
                category="logistics",
                summary="物流慢",
                promised_by=WORK_TIME + dt.timedelta(hours=1),
                owner=lei,
            )
            aftersale_jobs.complaint_deadlines(session, now=WORK_TIME)
            cases.do_resolve(session, complaint=complaint, author=lei, resolution="已催快递")
        reminder = session.scalars(
            select(Task).where(Task.dedupe_key == f"complaint-remind:{complaint.id}")
        ).one()
        assert reminder.status == "done"

    def test_a_promise_in_the_past_is_refused(self, session: Session, lei: Agent) -> None:
        with frozen_at(WORK_TIME), pytest.raises(BadInput):
            cases.do_open_complaint(
                session,
                customer_id=buyer(session),
                category="quality",
                summary="x",
                promised_by=WORK_TIME,
                owner=lei,
            )


@pytest.fixture
def reviewed_order(session: Session) -> None:
    session.add(Customer(id="c1", vip_level=0, marketing_opt_out=False))
    session.flush()
    session.add(
        Order(
            id="o1",
            customer_id="c1",
            status="delivered",
            amount=Decimal("10.00"),
            cod=False,
            created_at=WORK_TIME,
        )
    )
    session.flush()


@pytest.mark.usefixtures("reviewed_order")
class TestReviews:
    def review(self, session: Session) -> Review:
        product_review.do_import_reviews(
            session,
            items=[
                {
                    "id": "v1",
                    "order_id": "o1",
                    "rating": "bad",
                    "at": WORK_TIME.isoformat(),
                    "text": "质量差",
                }
            ],
        )
        review = product_review.get_review(session, "v1")
        return review

    def test_import_is_idempotent_and_refuses_bad_items_whole(self, session: Session) -> None:
        item = {
            "id": "v1",
            "order_id": "o1",
            "rating": "bad",
            "at": WORK_TIME.isoformat(),
            "text": "差",
        }
        assert product_review.do_import_reviews(session, items=[item]) == {
            "received": 1,
            "added": 1,
        }
        assert product_review.do_import_reviews(session, items=[item]) == {
            "received": 1,
            "added": 0,
        }
        with pytest.raises(BadInput) as caught:
            product_review.do_import_reviews(
                session, items=[{**item, "id": "v2"}, {**item, "id": "v3", "rating": "awful"}]
            )
        assert caught.value.detail["index"] == 1 and session.get(Review, "v2") is None

    def test_revised_within_thirty_days_closes_the_task(self, session: Session, lei: Agent) -> None:
        review = self.review(session)
        aftersale_jobs.review_followups(session, now=WORK_TIME)
        with frozen_at(WORK_TIME + dt.timedelta(days=2)):
            product_review.do_log_contact(
                session, review=review, author=lei, channel="phone", text="电话沟通，同意补偿 10 元"
            )
            product_review.do_record_result(
                session,
                review=review,
                author=lei,
                result="revised",
                note="买家改为好评",
                revised_rating="good",
            )
        assert (review.result, review.revised_rating) == ("revised", "good")
        assert review.handled_at == WORK_TIME + dt.timedelta(days=2)
        task = session.scalars(select(Task).where(Task.dedupe_key == "review:v1")).one()
        assert task.status == "done"
        assert [n.kind for n in cases.notes(session, kind="review", case_id="v1")] == [
            "contact",
            "result",
        ]

    def test_after_thirty_days_it_cannot_be_revised(self, session: Session, lei: Agent) -> None:
        review = self.review(session)
        with frozen_at(WORK_TIME + dt.timedelta(days=30, seconds=1)), pytest.raises(Conflict):
            product_review.do_record_result(
                session,
                review=review,
                author=lei,
                result="revised",
                note="x",
                revised_rating="good",
            )

    def test_malicious_needs_evidence(self, session: Session, lei: Agent) -> None:
        review = self.review(session)
        with pytest.raises(BadInput):
            product_review.do_record_result(
                session, review=review, author=lei, result="malicious", note="同行"
            )
        product_review.do_record_result(
            session,
            review=review,
            author=lei,
            result="malicious",
            note="同行恶意",
            evidence="聊天截图 3 张",
        )
        assert review.evidence == "聊天截图 3 张"

    def test_over_http(self, client: TestClient, session: Session, lei: Agent) -> None:
        session.commit()
        token = login(client, "lei")
        headers = {"X-CSRF-Token": token}
        imported = client.post(
            "/api/v1/reviews",
            json=[{"id": "v9", "order_id": "o1", "rating": "medium", "at": WORK_TIME.isoformat()}],
            headers=headers,
        )
        assert imported.json() == {"received": 1, "added": 1}
        shown = client.get("/api/v1/reviews/v9").json()
        assert dt.datetime.fromisoformat(shown["revise_until"]) == WORK_TIME + dt.timedelta(days=30)
        bad = client.post(
            "/api/v1/reviews",
            json=[{"id": "v10", "order_id": "nope", "rating": "bad", "at": WORK_TIME.isoformat()}],
            headers=headers,
        )
        assert bad.status_code == 422 and bad.json()["index"] == 0
