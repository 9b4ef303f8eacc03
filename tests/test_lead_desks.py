"""The desks a lead works beside managing her people (models/team.py, *_DESK): the 售后主管
opens the after-sales lists, the 质检主管 the QC queue and the KPIs, the 售前主管 the inquiry
follow-ups, the 热线主管 the complaints, repairs, parcels and claims her people take by phone.
Each list is refused to a lead of another desk (403 ``role_forbidden``), so a desk is not
simply open to every lead. Before, each of them got 403 on her own desk's pages."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.models.team import Role
from tests.factories import add_agents, login

DESK_LISTS = {
    "alead": ("/api/v1/refunds", "/api/v1/complaints", "/api/v1/parcels"),
    "qlead": (
        "/api/v1/qc/queue",
        "/api/v1/qc/reviews",
        "/api/v1/kpi/dashboard?from=2026-11-01&to=2026-11-02",
    ),
    "plead": ("/api/v1/followups?from=2026-11-01&to=2026-11-02",),
    # the 热线主管: the cases her people take by phone, as the hotline itself opens them
    "hlead": (
        "/api/v1/complaints",
        "/api/v1/service-orders",
        "/api/v1/parcels",
        "/api/v1/platform-claims",
    ),
}
# Who must still be refused each desk: a lead of another one.
OUTSIDER = {"alead": "plead", "qlead": "alead", "plead": "qlead", "hlead": "qlead"}


@pytest.fixture
def leads(session: Session) -> None:
    add_agents(
        session,
        {
            "alead": Role.aftersale_lead,
            "qlead": Role.qc_lead,
            "plead": Role.presale_lead,
            "hlead": Role.hotline_lead,
        },
    )
    session.commit()


@pytest.mark.usefixtures("leads")
class TestDeskLists:
    @pytest.mark.parametrize("lead", sorted(DESK_LISTS))
    def test_a_lead_opens_her_desks_lists(self, client: TestClient, lead: str) -> None:
        login(client, lead)
        for path in DESK_LISTS[lead]:
            response = client.get(path)
            assert response.status_code == 200, (path, response.text)

    @pytest.mark.parametrize("lead", sorted(DESK_LISTS))
    def test_a_lead_of_another_desk_is_refused(self, client: TestClient, lead: str) -> None:
        login(client, OUTSIDER[lead])
        for path in DESK_LISTS[lead]:
            response = client.get(path)
            assert (response.status_code, response.json()["code"]) == (403, "role_forbidden"), path
