"""The QC review workflow: queue (flagged and weekly sample), the 50/30/20 sheet,
confirmed and dismissed findings, what the agent sees, the per-agent record."""

from __future__ import annotations

import datetime as dt
from itertools import count

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.chat import service as chat_service
from kefu.kit.errors import BadInput, Conflict, Forbidden
from kefu.kit.paging import PageParams
from kefu.models import Agent, ChatSession, QcFinding, QcReview
from kefu.models.team import Role
from kefu.qc import qc_review, service
from kefu.qc.qc_review import ReviewIn
from kefu.qc.schemas import QueueFilters
from tests.chat_helpers import WORK_TIME, agent, buyer, frozen_at
from tests.factories import login

# T01 (你) T06 (！) T03 (不行) T09 (保证) T11 (微信): 100 − 5 − 5 − 5 − 5 − 10 = 70, flagged
RUDE = ["你好！", "不行", "保证明天到", "加我微信 kefu_abc123"]
POLITE = ["您好，请问有什么可以帮您？"]
clients = count(1)


@pytest.fixture
def mei(session: Session) -> Agent:
    return agent(session, "mei", max_concurrent=50)


def closed_session(
    db: Session,
    serving: Agent,
    replies: list[str],
    at: dt.datetime = WORK_TIME,
    opening: str = "在吗",
) -> ChatSession:
    with frozen_at(at) as clock:
        sent = chat_service.do_buyer_send(
            db, customer_id=buyer(db), client_id=f"c{next(clients)}", text=opening
        )
        for text in replies:
            clock.advance(dt.timedelta(seconds=2))
            chat_service.do_agent_send(
                db,
                agent=serving,
                session_id=sent.session_id,
                client_id=f"r{next(clients)}",
                text=text,
            )
        chat_session = db.get(ChatSession, sent.session_id)
        assert chat_session is not None
        chat_service.do_close(db, chat_session=chat_session, agent=serving)
    return chat_session


class TestQueue:
    def test_a_flagged_session_is_queued_and_a_clean_one_is_not(
        self, session: Session, mei: Agent
    ) -> None:
        flagged = closed_session(session, mei, RUDE)
        closed_session(session, mei, POLITE)
        queue = qc_review.queue(session)
        assert [(q["session_id"], q["reason"], q["score"]) for q in queue["items"]] == [
            (flagged.id, "flagged", 70)
        ]
        assert (queue["total"], queue["items"][0]["agent_name"]) == (1, "mei")

    def test_filters_sorting_and_paging(self, session: Session, mei: Agent) -> None:
        li = agent(session, "li", group="售后组", role=Role.aftersale)
        first = closed_session(session, mei, RUDE)
        second = closed_session(
            session, li, RUDE, at=WORK_TIME + dt.timedelta(hours=1), opening="我的快递到哪了"
        )
        monday = dt.date(2026, 11, 9)
        qc_review.do_sample_week(session, week_start=monday, tz="Asia/Shanghai")

        def ids(**kw: object) -> list[str]:
            params = PageParams(**{k: kw.pop(k) for k in ("page", "page_size", "sort") if k in kw})
            page = qc_review.queue(session, filters=QueueFilters(**kw), params=params)
            return [q["session_id"] for q in page["items"]]

        assert ids(reason="flagged") == [first.id, second.id]
        assert ids(reason="sample") == []  # both already queued as flagged
        assert ids(agent_id="li") == [second.id]
        assert ids(q="li") == [second.id]
        assert ids(sort="-queued_at") == [second.id, first.id]
        assert ids(page=2, page_size=1) == [second.id]


class TestDoSampleWeek:
    def test_draws_the_share_of_each_agents_week_once(self, session: Session, mei: Agent) -> None:
        li = agent(session, "li", max_concurrent=50, group="售后组", role=Role.aftersale)
        monday = dt.date(2026, 11, 9)  # WORK_TIME is Tuesday 2026-11-10
        for n in range(30):
            closed_session(session, mei, POLITE, at=WORK_TIME + dt.timedelta(minutes=n))
        for n in range(3):
            closed_session(
                session,
                li,
                ["您好，帮您查询物流"],
                at=WORK_TIME + dt.timedelta(hours=1, minutes=n),
                opening="我的快递到哪了",
            )
        added = qc_review.do_sample_week(session, week_start=monday, tz="Asia/Shanghai")
        # 5 % of 30 → ⌈1.5⌉ = 2 for mei; 5 % of 3 → ⌈0.15⌉ = 1 for li
        sampled = session.scalars(
            select(QcReview.agent_id).where(QcReview.reason == "sample")
        ).all()
        assert added == 3 and sorted(sampled) == ["li", "mei", "mei"]
        assert qc_review.do_sample_week(session, week_start=monday, tz="Asia/Shanghai") == 0
        assert (
            qc_review.do_sample_week(
                session, week_start=monday + dt.timedelta(days=7), tz="Asia/Shanghai"
            )
            == 0
        )


class TestDoReview:
    def test_the_sheet_weights_and_the_verdicts(self, session: Session, mei: Agent) -> None:
        reviewer = agent(session, "liu", group=None, role=Role.qc)
        chat_session = closed_session(session, mei, RUDE)
        findings = session.scalars(
            select(QcFinding).where(QcFinding.session_id == chat_session.id)
        ).all()
        leak = next(f for f in findings if f.rule == "T11_leak_contact")
        promise = next(f for f in findings if f.rule == "T09_overpromise")
        sheet = ReviewIn(
            quantified=80,
            quality=70,
            skills=90,
            comment="私加微信要杜绝",
            verdicts={leak.id: "confirmed", promise.id: "dismissed"},
        )
        row = qc_review.do_review(
            session, reviewer=reviewer, session_id=chat_session.id, sheet=sheet
        )
        assert row.total == 80 * 0.5 + 70 * 0.3 + 90 * 0.2 == 79.0
        assert (leak.verdict, promise.verdict) == ("confirmed", "dismissed")
        assert qc_review.queue(session)["items"] == []
        with pytest.raises(Conflict):
            qc_review.do_review(session, reviewer=reviewer, session_id=chat_session.id, sheet=sheet)

    def test_a_finding_of_another_session_is_refused(self, session: Session, mei: Agent) -> None:
        reviewer = agent(session, "liu", group=None, role=Role.qc)
        first, second = closed_session(session, mei, RUDE), closed_session(session, mei, RUDE)
        other = session.scalars(
            select(QcFinding.id).where(QcFinding.session_id == second.id)
        ).first()
        assert other is not None
        with pytest.raises(BadInput):
            qc_review.do_review(
                session,
                reviewer=reviewer,
                session_id=first.id,
                sheet=ReviewIn(quantified=1, quality=1, skills=1, verdicts={other: "dismissed"}),
            )


class TestRecord:
    def test_repeated_findings_feed_the_agents_record_and_dismissed_ones_do_not(
        self, session: Session, mei: Agent
    ) -> None:
        reviewer = agent(session, "liu", group=None, role=Role.qc)
        first = closed_session(session, mei, RUDE)
        closed_session(session, mei, ["你好"])
        leak = session.scalars(
            select(QcFinding).where(
                QcFinding.session_id == first.id, QcFinding.rule == "T11_leak_contact"
            )
        ).one()
        qc_review.do_review(
            session,
            reviewer=reviewer,
            session_id=first.id,
            sheet=ReviewIn(quantified=60, quality=60, skills=60, verdicts={leak.id: "dismissed"}),
        )
        record = qc_review.record_of(session, agent_id="mei")
        assert record["inspected"] == 2 and record["repeated"] == ["T01_ni_not_nin"]
        assert (
            record["findings_by_rule"]["T01_ni_not_nin"] == 2
            and "T11_leak_contact" not in record["findings_by_rule"]
        )
        seen = qc_review.results_for(session, agent_id="mei")
        assert [r["total"] for r in seen] == [60.0]
        assert "T11_leak_contact" not in [f["rule"] for f in seen[0]["findings"]]


class TestEndpoints:
    def test_agents_see_their_own_record_only(
        self, client: TestClient, session: Session, mei: Agent
    ) -> None:
        agent(session, "li", max_concurrent=5)
        session.commit()
        login(client, "li", "s3cret-pass")
        assert client.get("/api/v1/qc/agents/li/record").status_code == 200
        assert client.get("/api/v1/qc/agents/mei/record").status_code == 403
        assert client.get("/api/v1/qc/my-results").json() == []
        assert client.get("/api/v1/qc/queue").status_code == 403

    def test_a_reviewer_scores_through_the_api(
        self, client: TestClient, session: Session, mei: Agent
    ) -> None:
        agent(session, "liu", group=None, role=Role.qc)
        chat_session = closed_session(session, mei, RUDE)
        session.commit()
        csrf = login(client, "liu", "s3cret-pass")
        queue = client.get("/api/v1/qc/queue").json()
        assert queue["total"] == 1
        assert [q["session_id"] for q in queue["items"]] == [chat_session.id]
        response = client.post(
            f"/api/v1/qc/reviews/{chat_session.id}",
            headers={"X-CSRF-Token": csrf},
            json={"quantified": 90, "quality": 80, "skills": 70, "comment": "注意称呼"},
        )
        assert response.status_code == 200 and response.json()["total"] == 83.0
        bad = client.post(
            f"/api/v1/qc/reviews/{chat_session.id}",
            headers={"X-CSRF-Token": csrf},
            json={"quantified": 900, "quality": 80, "skills": 70},
        )
        assert bad.status_code == 422


def handed_over_session(db: Session) -> ChatSession:
    """小王 (wang) is rude, hands the buyer to 小美 (mei), who over-promises and closes.

    wang: T01_ni_not_nin + T08_rude_language (你有病吧) = −15 → 85 on his record;
    mei: T09_overpromise + T06_harsh_punctuation (保证明天到！) = −10 → 90 on hers;
    the session: 100 − 25 = 75, flagged.
    """
    wang = agent(db, "wang", max_concurrent=5)
    with frozen_at(WORK_TIME) as clock:
        sent = chat_service.do_buyer_send(db, customer_id=buyer(db), client_id="t1", text="在吗")
        chat_session = db.get(ChatSession, sent.session_id)
        assert chat_session is not None and chat_session.agent_id == "wang"
        mei = agent(db, "mei", max_concurrent=5)
        clock.advance(dt.timedelta(seconds=2))
        chat_service.do_agent_send(
            db, agent=wang, session_id=sent.session_id, client_id="w1", text="你有病吧"
        )
        clock.advance(dt.timedelta(seconds=1))
        chat_service.do_transfer(
            db, agent=wang, chat_session=chat_session, to_agent="mei", to_group=None, reason="换班"
        )
        clock.advance(dt.timedelta(seconds=2))
        chat_service.do_agent_send(
            db, agent=mei, session_id=sent.session_id, client_id="m1", text="保证明天到！"
        )
        chat_service.do_close(db, chat_session=chat_session, agent=mei)
    return chat_session


class TestTwoAgentsInOneSession:
    """qc-rules.md text rules judge one agent message: a finding is its author's, so a
    transferred session is on each agent's record with their own messages only."""

    def test_each_finding_is_stored_against_its_author(self, session: Session) -> None:
        chat_session = handed_over_session(session)
        rows = session.scalars(
            select(QcFinding).where(QcFinding.session_id == chat_session.id)
        ).all()
        assert sorted((row.rule, row.agent_id) for row in rows) == [
            ("T01_ni_not_nin", "wang"),
            ("T06_harsh_punctuation", "mei"),
            ("T08_rude_language", "wang"),
            ("T09_overpromise", "mei"),
        ]

    def test_t08_of_the_first_agent_is_on_his_record_not_on_the_closers(
        self, session: Session
    ) -> None:
        """T08_rude_language by 小王 lands on 小王's record, never on 小美's who closed."""
        handed_over_session(session)
        wang, mei = (
            qc_review.record_of(session, agent_id="wang"),
            qc_review.record_of(session, agent_id="mei"),
        )
        assert wang["findings_by_rule"] == {"T01_ni_not_nin": 1, "T08_rude_language": 1}
        assert mei["findings_by_rule"] == {"T06_harsh_punctuation": 1, "T09_overpromise": 1}
        assert (wang["inspected"], wang["average_score"]) == (1, 85.0)
        assert (mei["inspected"], mei["average_score"]) == (1, 90.0)

    def test_the_queue_and_the_sheet_still_see_the_whole_session(self, session: Session) -> None:
        chat_session = handed_over_session(session)
        [queued] = qc_review.queue(session)["items"]
        assert (queued["session_id"], queued["score"], queued["flagged"]) == (
            chat_session.id,
            75,
            True,
        )
        shown = service.recorded(session, session_id=chat_session.id)
        assert shown is not None
        assert sorted((f.rule, f.agent_name) for f in shown.findings) == [
            ("T01_ni_not_nin", "wang"),
            ("T06_harsh_punctuation", "mei"),
            ("T08_rude_language", "wang"),
            ("T09_overpromise", "mei"),
        ]

    def test_each_agent_sees_the_review_with_their_own_findings(
        self, client: TestClient, session: Session
    ) -> None:
        chat_session = handed_over_session(session)
        reviewer = agent(session, "liu", group=None, role=Role.qc)
        qc_review.do_review(
            session,
            reviewer=reviewer,
            session_id=chat_session.id,
            sheet=ReviewIn(quantified=70, quality=60, skills=80, comment="转接前后都要注意"),
        )
        session.commit()
        for login_name, own in (
            ("wang", ["T01_ni_not_nin", "T08_rude_language"]),
            ("mei", ["T06_harsh_punctuation", "T09_overpromise"]),
        ):
            login(client, login_name, "s3cret-pass")
            [result] = client.get("/api/v1/qc/my-results").json()
            assert result["session_id"] == chat_session.id and result["total"] == 69.0
            assert sorted(f["rule"] for f in result["findings"]) == own
            record = client.get(f"/api/v1/qc/agents/{login_name}/record").json()
            assert sorted(record["findings_by_rule"]) == own


@pytest.mark.parametrize(
    "role,allowed",
    [(Role.qc, True), (Role.supervisor, True), (Role.presale, False), (Role.aftersale, False)],
)
def test_who_may_open_the_review_sheet_may_submit_it(
    client: TestClient, session: Session, mei: Agent, role: Role, allowed: bool
) -> None:
    """质检 and 主管 open the queue and a session's findings, and submit the sheet; others
    get 403 on all three."""
    chat_session = closed_session(session, mei, RUDE)
    agent(session, "someone", group=None, role=role)
    session.commit()
    csrf = login(client, "someone", "s3cret-pass")
    opened = [
        client.get("/api/v1/qc/queue").status_code,
        client.get(f"/api/v1/qc/sessions/{chat_session.id}").status_code,
    ]
    submitted = client.post(
        f"/api/v1/qc/reviews/{chat_session.id}",
        headers={"X-CSRF-Token": csrf},
        json={"quantified": 90, "quality": 80, "skills": 70},
    )
    expected = 200 if allowed else 403
    assert opened == [expected, expected] and submitted.status_code == expected
    if allowed:
        assert submitted.json()["total"] == 83.0
        assert session.get(QcReview, chat_session.id).reviewer_id == "someone"


class TestCheckReviewer:
    def test_the_service_refuses_a_sheet_from_another_role(
        self, session: Session, mei: Agent
    ) -> None:
        chat_session = closed_session(session, mei, RUDE)
        with pytest.raises(Forbidden):
            qc_review.do_review(
                session,
                reviewer=mei,
                session_id=chat_session.id,
                sheet=ReviewIn(quantified=1, quality=1, skills=1),
            )
