"""Satisfaction: surveys after resolved complaints and after-sales cases, low
scores followed up, CSAT of chat ratings and surveys (issue: customers, §4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kefu.care import jobs, surveys
from kefu.chat import service as chat_service
from kefu.config import get_settings
from kefu.kit.errors import Conflict, Forbidden
from kefu.messaging import queries as chat_queries
from kefu.models import Agent, ChatSession, Complaint, Customer, Order, Refund, Task
from kefu.models.team import Role
from tests.chat_helpers import WORK_TIME, buyer, frozen_at
from tests.factories import add_agent

UTC = dt.UTC


@pytest.fixture
def mei(session: Session) -> Agent:
    return add_agent(session, "mei", Role.aftersale)


@pytest.fixture
def cases(session: Session) -> None:
    """c1 (email only) has a refunded return and an open complaint."""
    session.add(
        Customer(
            id="c1", nick="tb_lulu", email="lulu@example.com", vip_level=0, marketing_opt_out=False
        )
    )
    session.flush()
    session.add(
        Order(
            id="o1",
            customer_id="c1",
            status="refunded",
            amount=Decimal("99.00"),
            cod=False,
            created_at=WORK_TIME,
        )
    )
    session.flush()
    session.add(
        Refund(id="r1", order_id="o1", kind="return", status="refunded", requested_at=WORK_TIME)
    )
    session.add(Complaint(id="k1", customer_id="c1", category="logistics", opened_at=WORK_TIME))
    session.flush()


@pytest.mark.usefixtures("cases")
class TestDoSend:
    def test_only_resolved_cases_and_only_once(self, session: Session, mei: Agent) -> None:
        with pytest.raises(Conflict) as open_case:
            surveys.do_send(session, case_kind="complaint", case_id="k1", author=mei)
        assert open_case.value.code == "case_not_resolved"
        survey = surveys.do_send(session, case_kind="refund", case_id="r1", author=mei)
        assert (survey.channel, survey.status, survey.address) == (
            "email",
            "queued",
            "lulu@example.com",
        )
        with pytest.raises(Conflict):
            surveys.do_send(session, case_kind="refund", case_id="r1", author=mei)

    def test_the_email_carries_a_signed_link(
        self,
        session: Session,
        session_factory: sessionmaker[Session],
        mei: Agent,
        relay: tuple[object, int],
    ) -> None:
        from kefu.mailing.jobs import deliver_due

        sink, port = relay
        survey = surveys.do_send(session, case_kind="refund", case_id="r1", author=mei)
        assert jobs.do_queue_emails(session, from_address="k@shop.example") == 1
        assert deliver_due(session_factory, relay=f"127.0.0.1:{port}") == {"sent": 1}
        body = sink.wait_for(1)[0].get_content()  # type: ignore[attr-defined]
        assert surveys.link(survey) in body and survey.status == "sent"

    def test_a_buyer_in_chat_gets_it_there(self, session: Session, mei: Agent) -> None:
        customer = buyer(session)
        with frozen_at(WORK_TIME):
            sent = chat_service.do_buyer_send(
                session, customer_id=customer, client_id="x", text="在吗"
            )
        session.add(
            Complaint(
                id="k2",
                customer_id=customer,
                category="service",
                opened_at=WORK_TIME,
                resolved_at=WORK_TIME,
            )
        )
        session.flush()
        survey = surveys.do_send(session, case_kind="complaint", case_id="k2", author=mei)
        assert survey.channel == "chat"
        chat = chat_queries.messages_of(
            session, chat_session=session.get(ChatSession, sent.session_id)
        )  # type: ignore[arg-type]
        assert chat[-1].text.endswith(surveys.link(survey))


@pytest.mark.usefixtures("cases")
class TestAnswer:
    def answer_path(self, session: Session, mei: Agent) -> tuple[str, str]:
        survey = surveys.do_send(session, case_kind="refund", case_id="r1", author=mei)
        session.commit()
        url = urlparse(surveys.link(survey))
        return url.path, parse_qs(url.query)["sig"][0]

    def test_the_survey_and_the_answer_work_without_a_login(
        self, client: TestClient, session: Session, mei: Agent
    ) -> None:
        path, sig = self.answer_path(session, mei)
        survey_id = path.rsplit("/", 1)[1]
        view = client.get(f"/api/v1/surveys/{survey_id}", params={"sig": sig})
        assert view.status_code == 200
        assert view.json() == {
            "id": survey_id,
            "shop_name": get_settings().shop_name,
            "subject": "售后",
            "answered": False,
            "score": None,
        }
        answered = client.post(
            f"/api/v1/surveys/{survey_id}/answer", json={"sig": sig, "score": 5, "comment": "很好"}
        )
        assert answered.status_code == 204
        again = client.post(f"/api/v1/surveys/{survey_id}/answer", json={"sig": sig, "score": 1})
        assert again.status_code == 409 and again.json()["reason"] == "这份问卷已经提交过了"
        done = client.get(f"/api/v1/surveys/{survey_id}", params={"sig": sig}).json()
        assert (done["answered"], done["score"]) == (True, 5)

    def test_a_forged_link_is_refused(
        self, client: TestClient, session: Session, mei: Agent
    ) -> None:
        path, _sig = self.answer_path(session, mei)
        survey_id = path.rsplit("/", 1)[1]
        forged = client.get(f"/api/v1/surveys/{survey_id}", params={"sig": "0" * 32})
        assert forged.status_code == 403 and forged.json()["reason"] == "问卷链接无效"
        with pytest.raises(Forbidden):
            surveys.check_survey(session, survey_id=path.rsplit("/", 1)[1], sig="bad")

    def test_a_low_score_opens_a_follow_up_task(self, session: Session, mei: Agent) -> None:
        survey = surveys.do_send(session, case_kind="refund", case_id="r1", author=mei)
        surveys.do_answer(session, survey=survey, score=2, comment="退款太慢")
        task = session.scalars(select(Task).where(Task.customer_id == "c1")).one()
        assert task.kind == "callback" and "低分回访" in task.title


def test_a_low_chat_rating_opens_a_follow_up_task(session: Session) -> None:
    customer = buyer(session)
    with frozen_at(WORK_TIME):
        sent = chat_service.do_buyer_send(session, customer_id=customer, client_id="x", text="在吗")
        chat_session = session.get(ChatSession, sent.session_id)
        assert chat_session is not None
        chat_service.do_rate(session, chat_session=chat_session, score=1, comment="没人理")
    task = session.scalars(
        select(Task).where(Task.session_id == sent.session_id, Task.kind == "callback")
    ).one()
    assert task.due_at == WORK_TIME + dt.timedelta(hours=24)


@pytest.mark.usefixtures("cases")
def test_csat_of_chats_surveys_and_both(session: Session, mei: Agent) -> None:
    """Chat ratings 5 and 2 → 1/2; survey 4 → 1/1; together 2/3, mean (5+2+4)/3 = 3.67."""
    for score in (5, 2):
        customer = buyer(session)
        with frozen_at(WORK_TIME):
            sent = chat_service.do_buyer_send(
                session, customer_id=customer, client_id="x", text="在吗"
            )
            chat_service.do_rate(
                session,
                chat_session=session.get(ChatSession, sent.session_id),
                score=score,
                comment=None,
            )  # type: ignore[arg-type]
    with frozen_at(WORK_TIME):
        survey = surveys.do_send(session, case_kind="refund", case_id="r1", author=mei)
        surveys.do_answer(session, survey=survey, score=4, comment=None)
    result = surveys.satisfaction(
        session, start=WORK_TIME - dt.timedelta(hours=1), end=WORK_TIME + dt.timedelta(hours=1)
    )
    assert result == {
        "chat": {"count": 2, "csat": 0.5, "mean": 3.5},
        "surveys": {"count": 1, "csat": 1.0, "mean": 4.0},
        "all": {"count": 3, "csat": 0.6667, "mean": 3.67},
    }


def test_satisfaction_over_http_for_supervisors_only(client: TestClient, session: Session) -> None:
    from tests.factories import login

    add_agent(session, "boss", Role.supervisor)
    add_agent(session, "mei", Role.presale)
    login(client, "mei")
    assert (
        client.get(
            "/api/v1/surveys/satisfaction", params={"from": "2026-11-01", "to": "2026-12-01"}
        ).status_code
        == 403
    )
    login(client, "boss")
    response = client.get(
        "/api/v1/surveys/satisfaction", params={"from": "2026-11-01", "to": "2026-12-01"}
    )
    assert response.status_code == 200
    assert response.json()["all"] == {"count": 0, "csat": None, "mean": None}
