"""The sessions list behind the dashboard's numbers (filters, search, paging, sorting, names)
and one session's transcript, on the hand-written KPI history of tests/test_kpi.py."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from kefu.kit.paging import PageParams
from kefu.kpi import dashboard, sessions
from kefu.models.team import Role
from tests.chat_helpers import agent
from tests.factories import login
from tests.test_kpi import DAY, TZ, history  # noqa: F401 (the fixture)

pytestmark = pytest.mark.usefixtures("history")
NEXT_DAY = DAY + dt.timedelta(days=1)


def listed(db: Session, *, end: dt.date = NEXT_DAY, params: PageParams | None = None, **filters):
    arguments = {"agent_id": None, "channel": None, "flagged": None, "q": None, **filters}
    return sessions.page(db, start=DAY, end=end, tz=TZ, params=params or PageParams(), **arguments)


class TestPage:
    def test_the_days_sessions_newest_first_with_names(self, session: Session) -> None:
        result = listed(session)
        assert result["total"] == 3 and (result["page"], result["page_size"]) == (1, 20)
        assert [(s["id"], s["customer"], s["messages"]) for s in result["items"]] == [
            ("s3", "tb_kiki", 2),
            ("s2", "tb_momo", 4),
            ("s1", "tb_sunny", 7),
        ]

    def test_the_agent_filter_keeps_the_sessions_where_she_spoke(self, session: Session) -> None:
        items = listed(session, agent_id="a1")["items"]
        assert [(s["id"], s["agent_names"]) for s in items] == [
            ("s2", ["小王", "小美"]),
            ("s1", ["小美"]),
        ]
        assert [s["id"] for s in listed(session, agent_id="a2")["items"]] == ["s2"]

    def test_search_finds_a_nick_an_id_or_words_said(self, session: Session) -> None:
        assert [s["id"] for s in listed(session, q="momo")["items"]] == ["s2"]
        assert [s["id"] for s in listed(session, q="s3")["items"]] == ["s3"]
        assert [s["id"] for s in listed(session, q="发什么快递")["items"]] == ["s1"]

    def test_paging_counts_every_row_and_sorting_by_messages(self, session: Session) -> None:
        result = listed(session, end=NEXT_DAY + dt.timedelta(days=1), params=PageParams(1, 2))
        assert result["total"] == 4 and len(result["items"]) == 2
        ordered = listed(session, params=PageParams(sort="-messages"))
        assert [s["messages"] for s in ordered["items"]] == [7, 4, 2]

    def test_the_channel_filter(self, session: Session) -> None:
        assert listed(session, channel="email")["total"] == 0
        assert listed(session, channel="web")["total"] == 3


class TestTranscript:
    def test_messages_carry_their_authors_names(self, session: Session) -> None:
        data = sessions.transcript(session, session_id="s2")
        assert data["session"]["customer"] == "tb_momo"
        assert data["session"]["agent_names"] == ["小王", "小美"]
        authors = [(m["from"], m["agent_name"]) for m in data["messages"] if m["from"] == "agent"]
        assert authors == [("agent", "小王"), ("agent", "小美")]
        assert data["review"] is None and "score" in data["qc"]


class TestDashboard:
    def test_agents_are_named(self, session: Session) -> None:
        data = dashboard.overview(session, start=DAY, end=NEXT_DAY, tz=TZ)
        assert data["agent_names"] == {"a1": "小美", "a2": "小王"}


class TestEndpoints:
    def test_the_list_pages_and_refuses_an_unknown_sort(
        self, client: TestClient, session: Session
    ) -> None:
        agent(session, "liu", group=None, role=Role.qc)
        session.commit()
        login(client, "liu", "s3cret-pass")
        period = {"from": "2026-11-11", "to": "2026-11-12"}
        page = client.get("/api/v1/kpi/sessions", params={**period, "page_size": 1}).json()
        assert (page["total"], len(page["items"]), page["items"][0]["id"]) == (3, 1, "s3")
        bad = client.get("/api/v1/kpi/sessions", params={**period, "sort": "nick"})
        assert bad.status_code == 422 and bad.json()["code"] == "bad_sort"
        names = {a["id"]: a["name"] for a in client.get("/api/v1/kpi/agents").json()}
        assert names["a1"] == "小美" and "liu" not in names  # 质检 serves no buyer

    def test_the_excel_export_names_the_agents(self, client: TestClient, session: Session) -> None:
        agent(session, "boss", group=None, role=Role.supervisor)
        session.commit()
        login(client, "boss", "s3cret-pass")
        response = client.get("/api/v1/kpi/xlsx", params={"from": "2026-11-11", "to": "2026-11-12"})
        sheet = load_workbook(io.BytesIO(response.content))["客服"]
        assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["小美", "小王"]

    def test_agents_may_not_read_it(self, client: TestClient, session: Session) -> None:
        agent(session, "mei")
        session.commit()
        login(client, "mei", "s3cret-pass")
        period = {"from": "2026-11-11", "to": "2026-11-12"}
        assert client.get("/api/v1/kpi/sessions", params=period).status_code == 403
        assert client.get("/api/v1/kpi/sessions/s1").status_code == 403
