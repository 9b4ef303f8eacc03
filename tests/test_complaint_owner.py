"""A complaint's owner (负责人) and 改派 (aftersale/complaint_owner.py): the 售后主管 hands a
complaint to one of her people, the supervisor to anyone who works complaints; the hand-over
is in the complaint's log and the open reminder moves with it. ``alan`` is 售后组's agent,
``alead`` its lead, ``plead`` leads 售前组; ``hal`` works the hotline in no group."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.aftersale import cases, complaint_owner
from kefu.aftersale import jobs as aftersale_jobs
from kefu.kit.errors import BadInput, Conflict, Forbidden
from kefu.models import Agent, Complaint, Task
from kefu.models.team import Role
from tests.chat_helpers import WORK_TIME, buyer, frozen_at
from tests.factories import add_agents, add_two_teams, login


@pytest.fixture
def people(session: Session) -> dict[str, Agent]:
    agents = add_two_teams(session)
    agents |= add_agents(
        session, {"ann": Role.aftersale, "hal": Role.hotline, "rev": Role.refund_review}
    )
    agents["ann"].group_id = "g_after"
    session.commit()
    return agents


@pytest.fixture
def complaint(session: Session, people: dict[str, Agent]) -> Complaint:
    with frozen_at(WORK_TIME):
        row = cases.do_open_complaint(
            session,
            customer_id=buyer(session),
            category="logistics",
            summary="物流慢",
            promised_by=WORK_TIME + dt.timedelta(hours=1),
            owner=people["alan"],
        )
        aftersale_jobs.complaint_deadlines(session, now=WORK_TIME)  # alan's reminder
    session.commit()
    return row


def reminder(session: Session, complaint: Complaint) -> Task:
    key = f"complaint-remind:{complaint.id}"
    return session.scalars(select(Task).where(Task.dedupe_key == key)).one()


class TestDoReassign:
    def test_the_lead_hands_it_over_the_log_and_reminder_follow(
        self, session: Session, people: dict[str, Agent], complaint: Complaint
    ) -> None:
        assert reminder(session, complaint).assignee_id == "alan"
        complaint_owner.do_reassign(
            session, complaint=complaint, actor=people["alead"], agent_id="ann"
        )
        assert complaint.owner_id == "ann"
        assert reminder(session, complaint).assignee_id == "ann"
        notes = cases.notes(session, kind="complaint", case_id=complaint.id)
        assert [(n.kind, n.author_id, n.text) for n in notes[1:]] == [
            ("reassigned", "alead", "负责人由 alan 改为 ann")
        ]

    def test_the_same_owner_again_changes_nothing(
        self, session: Session, people: dict[str, Agent], complaint: Complaint
    ) -> None:
        complaint_owner.do_reassign(
            session, complaint=complaint, actor=people["alead"], agent_id="alan"
        )
        assert len(cases.notes(session, kind="complaint", case_id=complaint.id)) == 1

    def test_an_agent_may_not_and_a_lead_only_within_her_group(
        self, session: Session, people: dict[str, Agent], complaint: Complaint
    ) -> None:
        with pytest.raises(Forbidden) as agent:
            complaint_owner.do_reassign(
                session, complaint=complaint, actor=people["alan"], agent_id="ann"
            )
        assert agent.value.code == "assign_forbidden"
        with pytest.raises(Forbidden) as outside:
            complaint_owner.do_reassign(
                session, complaint=complaint, actor=people["alead"], agent_id="hal"
            )
        assert outside.value.code == "outside_team"
        with pytest.raises(Forbidden) as other_lead:  # alan is not hers
            complaint_owner.do_reassign(
                session, complaint=complaint, actor=people["plead"], agent_id="amei"
            )
        assert other_lead.value.code == "outside_team"
        assert complaint.owner_id == "alan"

    def test_the_supervisor_hands_it_to_the_hotline_never_to_a_reviewer(
        self, session: Session, people: dict[str, Agent], complaint: Complaint
    ) -> None:
        complaint_owner.do_reassign(
            session, complaint=complaint, actor=people["boss"], agent_id="hal"
        )
        assert complaint.owner_id == "hal"
        with pytest.raises(BadInput) as reviewer:
            complaint_owner.do_reassign(
                session, complaint=complaint, actor=people["boss"], agent_id="rev"
            )
        assert reviewer.value.code == "not_case_owner"

    def test_a_resolved_complaint_stays_with_who_resolved_it(
        self, session: Session, people: dict[str, Agent], complaint: Complaint
    ) -> None:
        cases.do_resolve(session, complaint=complaint, author=people["alan"], resolution="已催")
        with pytest.raises(Conflict):
            complaint_owner.do_reassign(
                session, complaint=complaint, actor=people["alead"], agent_id="ann"
            )
        assert (
            complaint_owner.owner_choices(session, complaint=complaint, actor=people["boss"]) == []
        )


class TestOwnerChoices:
    def test_a_lead_gets_her_people_the_supervisor_the_desk_and_hotline_others_none(
        self, session: Session, people: dict[str, Agent], complaint: Complaint
    ) -> None:
        def ids(actor: str) -> list[str]:
            choices = complaint_owner.owner_choices(
                session, complaint=complaint, actor=people[actor]
            )
            return [row["id"] for row in choices]

        assert ids("alead") == ["alan", "alead", "ann"]
        assert ids("boss") == ["alan", "alead", "ann", "hal"]
        assert ids("plead") == ids("alan") == ids("hal") == []


class TestEndpoint:
    def test_the_lead_reassigns_through_the_api_and_the_page_shows_it(
        self, client: TestClient, people: dict[str, Agent], complaint: Complaint
    ) -> None:
        csrf = {"X-CSRF-Token": login(client, "alead")}
        page = client.get(f"/api/v1/complaints/{complaint.id}").json()
        assert [row["name"] for row in page["owner_choices"]] == ["alan", "alead", "ann"]
        done = client.put(
            f"/api/v1/complaints/{complaint.id}/owner", json={"agent_id": "ann"}, headers=csrf
        )
        assert done.status_code == 200, done.text
        assert (done.json()["owner_id"], done.json()["owner_name"]) == ("ann", "ann")
        assert done.json()["notes"][-1]["kind"] == "reassigned"
        client.cookies.clear()
        csrf = {"X-CSRF-Token": login(client, "alan")}
        assert client.get(f"/api/v1/complaints/{complaint.id}").json()["owner_choices"] == []
        refused = client.put(
            f"/api/v1/complaints/{complaint.id}/owner", json={"agent_id": "alan"}, headers=csrf
        )
        assert (refused.status_code, refused.json()["code"]) == (403, "assign_forbidden")

    def test_the_list_filters_by_owner_from_the_owners_it_offers(
        self, client: TestClient, people: dict[str, Agent], complaint: Complaint, session: Session
    ) -> None:
        """负责人 filter: its choices are whoever owns a complaint, by name."""
        complaint_owner.do_reassign(
            session, complaint=complaint, actor=people["boss"], agent_id="hal"
        )
        session.commit()
        login(client, "alead")
        assert client.get("/api/v1/complaints/owners").json() == [{"id": "hal", "name": "hal"}]
        mine = client.get("/api/v1/complaints", params={"owner_id": "hal"}).json()["items"]
        assert [row["id"] for row in mine] == [complaint.id]
        assert client.get("/api/v1/complaints", params={"owner_id": "alan"}).json()["items"] == []
