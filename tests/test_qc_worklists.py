"""The reviewer's worklist: queued sessions with names, rules and state; filters, search,
paging; one entry with the actions its state allows."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.kit.errors import BadInput, NotFound
from kefu.kit.paging import PageParams
from kefu.models import Agent
from kefu.models.team import Role
from kefu.qc import qc_review, worklists
from kefu.qc.qc_review import ReviewIn
from tests.chat_helpers import WORK_TIME, agent
from tests.factories import login
from tests.test_qc_review import POLITE, RUDE, closed_session

RUDE_RULES = ["T01_ni_not_nin", "T06_harsh_punctuation", "T03_blunt_refusal"]


@pytest.fixture
def mei(session: Session) -> Agent:
    return agent(session, "mei", max_concurrent=50)


def listed(db: Session, params: PageParams | None = None, **filters) -> dict:
    arguments = {"state": None, "reason": None, "agent_id": None, "q": None, **filters}
    return worklists.page(db, params=params or PageParams(), **arguments)


class TestPage:
    def test_a_flagged_session_with_its_agent_rules_and_score(
        self, session: Session, mei: Agent
    ) -> None:
        mei.name = "小美"
        flagged = closed_session(session, mei, RUDE)
        closed_session(session, mei, POLITE)
        result = listed(session)
        assert result["total"] == 1
        item = result["items"][0]
        assert (item["session_id"], item["state"], item["reason"]) == (
            flagged.id,
            "pending",
            "flagged",
        )
        assert (item["agent_name"], item["score"], item["total"]) == ("小美", 70, None)
        assert set(RUDE_RULES) <= set(item["rules"]) and "T11_leak_contact" in item["rules"]

    def test_state_filter_after_a_review(self, session: Session, mei: Agent) -> None:
        reviewer = agent(session, "liu", group=None, role=Role.qc)
        reviewer.name = "刘老师"
        first = closed_session(session, mei, RUDE)
        second = closed_session(session, mei, RUDE, at=WORK_TIME + dt.timedelta(minutes=5))
        sheet = ReviewIn(quantified=90, quality=80, skills=70)
        qc_review.do_review(session, reviewer=reviewer, session_id=first.id, sheet=sheet)
        done = listed(session, state="done")["items"]
        assert [(i["session_id"], i["reviewer_name"], i["total"]) for i in done] == [
            (first.id, "刘老师", 83.0)
        ]
        assert [i["session_id"] for i in listed(session, state="pending")["items"]] == [second.id]
        assert listed(session, reason="sample")["total"] == 0
        newest = listed(session, params=PageParams(sort="-queued_at"))["items"]
        assert [i["session_id"] for i in newest] == [second.id, first.id]

    def test_unknown_state_or_reason_is_refused(self, session: Session) -> None:
        with pytest.raises(BadInput):
            listed(session, state="open")
        with pytest.raises(BadInput):
            listed(session, reason="random")


class TestEntry:
    def test_findings_and_the_review_action_while_waiting(
        self, session: Session, mei: Agent
    ) -> None:
        reviewer = agent(session, "liu", group=None, role=Role.qc)
        chat_session = closed_session(session, mei, RUDE)
        entry = worklists.entry(session, session_id=chat_session.id, viewer=reviewer)
        assert entry["allowed_actions"] == ["review"] and len(entry["findings"]) == 5
        assert {f["verdict"] for f in entry["findings"]} == {None}
        leak = next(f for f in entry["findings"] if f["rule"] == "T11_leak_contact")
        sheet = ReviewIn(quantified=90, quality=80, skills=70, verdicts={leak["id"]: "dismissed"})
        qc_review.do_review(session, reviewer=reviewer, session_id=chat_session.id, sheet=sheet)
        after = worklists.entry(session, session_id=chat_session.id, viewer=reviewer)
        assert after["allowed_actions"] == [] and after["state"] == "done"
        assert next(f for f in after["findings"] if f["id"] == leak["id"])["verdict"] == "dismissed"

    def test_a_session_not_queued_is_404(self, session: Session, mei: Agent) -> None:
        polite = closed_session(session, mei, POLITE)
        with pytest.raises(NotFound):
            worklists.entry(session, session_id=polite.id, viewer=mei)


class TestEndpoints:
    def test_reviewers_list_and_open_agents_may_not(
        self, client: TestClient, session: Session, mei: Agent
    ) -> None:
        agent(session, "liu", group=None, role=Role.qc)
        chat_session = closed_session(session, mei, RUDE)
        session.commit()
        login(client, "mei", "s3cret-pass")
        assert client.get("/api/v1/qc/reviews").status_code == 403
        login(client, "liu", "s3cret-pass")
        page = client.get("/api/v1/qc/reviews", params={"state": "pending"}).json()
        assert (page["total"], page["items"][0]["session_id"]) == (1, chat_session.id)
        entry = client.get(f"/api/v1/qc/reviews/{chat_session.id}").json()
        assert entry["allowed_actions"] == ["review"]
        assert client.get("/api/v1/qc/reviews/nope").json()["code"] == "not_queued"
