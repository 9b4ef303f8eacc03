"""Every KPI of shared/spec/kpis.md on a small hand-written history
(tests/data/kpi_history.jsonl), with the expected values worked out here.

The day is 2026-11-11 in Asia/Shanghai: [11-11 00:00+08:00, 11-12 00:00+08:00).
Session s4 opened at 2026-11-11T16:30:00Z = 11-12 00:30 in Shanghai, so it belongs
to 11-12 although its UTC date is 11-11.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kefu.cli import app as cli
from kefu.history import service as history_service
from kefu.kpi import queries, report
from kefu.models.team import Role
from tests.chat_helpers import agent
from tests.factories import login

HISTORY = Path(__file__).parent / "data" / "kpi_history.jsonl"
TZ = "Asia/Shanghai"
DAY = dt.date(2026, 11, 11)

# Worked out by hand:
# sessions           s1, s2, s3 (s4 is on 11-12)                                   = 3
# inquiries          c1, c2, c3                                                     = 3
# served             c1 (s1), c2 (s2) have human messages                           = 2; a1: c1, c2 = 2; a2: c2 = 1
# first_response_s   s1: m4 09:00:30 − m1 09:00:00 = 30 (a1); s2: m9 − m8 = 20 (a2) → 25.0; a1 30.0; a2 20.0
# avg_response_s     bursts: s1 [m1]→m4 30, [m3]→m4 20, [m5 m6]→m7 40 (all a1);
#                    s2 [m8]→m9 20 (a2), [m10]→m11 60 (a1); s3 [m12] no human reply
#                    → (30+20+40+20+60)/5 = 34.0; a1 (30+20+40+60)/4 = 37.5; a2 20.0
# response_rate      human in s1, s2 / handed to people s1 (handoff), s2 (transfer) = 2/2 = 1.0
# answer_question    human 4 (m4 m7 m9 m11) / buyer 6 (m1 m3 m5 m6 m8 m10) = 0.6667;
#                    a1 3 / 6 = 0.5; a2 1 / 2 (s2's buyer messages) = 0.5
# conversion_rate    c1 paid o1 (3 h after m1) and o2 (47 h), o3 is after 72 h; c2 paid o4 10 s after m8;
#                    c3 did not pay → 2/3 = 0.6667. c1 credited to a1 (m7 is the last human message
#                    before o1); c2 paid before any human message: converted, credited to nobody.
#                    a1: 1 of the inquirers a1 served (c1, c2) = 0.5; a2: 0 of c2 = 0.0
# agent_sales        a1: o1 199.00 + o2 50.00 = 249.00; shop: credited sales = 249.00; a2: 0.00
# bot_resolution     bot in s1 (handed off) and s3 (no hand-off, transfer or human) → 1/2 = 0.5
# refund_rate        r1 requested / orders paid on the day o1, o4 → 1/2 = 0.5
# complaint_on_time  k1 resolved 19:00 before 20:00; k2 resolved the next day → 1/2 = 0.5
# bad_review_7d      v1 bad handled in 6 days; v2 medium in 8 days; v3 good not counted → 1/2 = 0.5
# csat, csat_mean    ratings 5 (s1), 3 (s2) → 1/2 = 0.5, mean 4.0; a1 (s1, s2) same; a2 (s2) 0.0, 3.0
EXPECTED_SHOP = {
    "sessions": 3,
    "inquiries": 3,
    "served": 2,
    "first_response_s": 25.0,
    "avg_response_s": 34.0,
    "response_rate": 1.0,
    "answer_question_ratio": 0.6667,
    "conversion_rate": 0.6667,
    "agent_sales": "249.00",
    "bot_resolution_rate": 0.5,
    "refund_rate": 0.5,
    "complaint_on_time_rate": 0.5,
    "bad_review_7d_rate": 0.5,
    "csat": 0.5,
    "csat_mean": 4.0,
}
EXPECTED_AGENTS = {
    "a1": {
        "sessions": 2,
        "served": 2,
        "first_response_s": 30.0,
        "avg_response_s": 37.5,
        "answer_question_ratio": 0.5,
        "conversion_rate": 0.5,
        "agent_sales": "249.00",
        "csat": 0.5,
        "csat_mean": 4.0,
    },
    "a2": {
        "sessions": 1,
        "served": 1,
        "first_response_s": 20.0,
        "avg_response_s": 20.0,
        "answer_question_ratio": 0.5,
        "conversion_rate": 0.0,
        "agent_sales": "0.00",
        "csat": 0.0,
        "csat_mean": 3.0,
    },
}


@pytest.fixture
def history(session: Session) -> None:
    history_service.import_lines(session, HISTORY.read_bytes().splitlines())
    session.commit()


def day_report(
    db: Session, first: dt.date = DAY, last: dt.date = DAY + dt.timedelta(days=1), by: str = "agent"
) -> dict:
    return report.build(db, start=first, end=last, by=by, tz=TZ)


@pytest.mark.usefixtures("history")
class TestCompute:
    def test_every_shop_kpi(self, session: Session) -> None:
        assert day_report(session)["shop"] == EXPECTED_SHOP

    def test_every_agent_kpi(self, session: Session) -> None:
        assert day_report(session)["agents"] == EXPECTED_AGENTS

    def test_midnight_in_shanghai_splits_days_for_times_given_in_utc(
        self, session: Session
    ) -> None:
        by_day = day_report(session, DAY, DAY + dt.timedelta(days=2), by="day")["periods"]
        assert [(p["label"], p["shop"]["sessions"]) for p in by_day] == [
            ("2026-11-11", 3),
            ("2026-11-12", 1),
        ]
        assert by_day[1]["agents"]["a2"]["first_response_s"] == 10.0

    def test_by_month(self, session: Session) -> None:
        months = day_report(session, dt.date(2026, 10, 1), dt.date(2026, 12, 1), by="month")[
            "periods"
        ]
        assert [(p["label"], p["shop"]["sessions"]) for p in months] == [
            ("2026-10", 0),
            ("2026-11", 4),
        ]

    def test_zero_denominators_are_null_not_zero(self, session: Session) -> None:
        empty = day_report(session, dt.date(2026, 10, 1), dt.date(2026, 10, 2))["shop"]
        assert empty["sessions"] == 0 and empty["agent_sales"] == "0.00"
        nulls = {k for k, v in empty.items() if v is None}
        assert nulls == set(queries.KPI_IDS) - {"sessions", "inquiries", "served", "agent_sales"}

    def test_the_period_header(self, session: Session) -> None:
        assert day_report(session)["period"] == {"from": "2026-11-11", "to": "2026-11-12", "tz": TZ}


class TestReportCommand:
    def test_import_then_report_gives_the_same_numbers_as_the_api(
        self, cli_database: str, tmp_path: Path, client: TestClient, session: Session
    ) -> None:
        runner = CliRunner()
        assert runner.invoke(cli, ["import", str(HISTORY)]).exit_code == 0
        result = runner.invoke(
            cli,
            [
                "report",
                "kpis",
                "--from",
                "2026-11-11",
                "--to",
                "2026-11-12",
                "--by",
                "agent",
                "--format",
                "json",
            ],
        )
        assert result.exit_code == 0, result.output
        from_cli = orjson.loads(result.stdout)
        assert from_cli["shop"] == EXPECTED_SHOP and from_cli["agents"] == EXPECTED_AGENTS

        history_service.import_lines(session, HISTORY.read_bytes().splitlines())
        agent(session, "boss", group=None, role=Role.supervisor)
        session.commit()
        login(client, "boss", "s3cret-pass")
        from_api = client.get(
            "/api/v1/kpi", params={"from": "2026-11-11", "to": "2026-11-12"}
        ).json()
        assert from_api["shop"] == from_cli["shop"]
        assert {k: v for k, v in from_api["agents"].items() if k != "boss"} == from_cli["agents"]

        xlsx = tmp_path / "kpis.xlsx"
        result = runner.invoke(
            cli,
            [
                "report",
                "kpis",
                "--from",
                "2026-11-11",
                "--to",
                "2026-11-12",
                "--format",
                "xlsx",
                "--out",
                str(xlsx),
            ],
        )
        assert result.exit_code == 0, result.output
        sheet = load_workbook(xlsx)["店铺"]
        header, values = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
        assert dict(zip(header, values, strict=True))["询单转化率"] == 0.6667

    def test_bad_arguments_are_refused(self, cli_database: str) -> None:
        result = CliRunner().invoke(
            cli, ["report", "kpis", "--from", "2026-11-12", "--to", "2026-11-11"]
        )
        assert result.exit_code == 1 and "--to must be after --from" in result.output


class TestKpiEndpoint:
    def test_only_supervisors_and_qc(self, client: TestClient, session: Session) -> None:
        agent(session, "mei")
        session.commit()
        login(client, "mei", "s3cret-pass")
        assert (
            client.get("/api/v1/kpi", params={"from": "2026-11-11", "to": "2026-11-12"}).status_code
            == 403
        )

    def test_bad_period_is_422(self, client: TestClient, session: Session) -> None:
        agent(session, "boss", group=None, role=Role.supervisor)
        session.commit()
        login(client, "boss", "s3cret-pass")
        response = client.get("/api/v1/kpi", params={"from": "2026-11-12", "to": "2026-11-11"})
        assert response.status_code == 422 and response.json()["code"] == "bad_period"


@pytest.mark.usefixtures("history")
class TestSummaries:
    def test_sessions_without_summaries_give_the_same_numbers(self, session: Session) -> None:
        """Open sessions are summarized from their messages on the spot; same result."""
        from kefu.models import SessionAgentKpi, SessionKpi

        assert session.query(SessionKpi).count() == 4  # written by the import
        session.query(SessionAgentKpi).delete()
        session.query(SessionKpi).delete()
        assert day_report(session)["shop"] == EXPECTED_SHOP
        assert day_report(session)["agents"] == EXPECTED_AGENTS

    def test_rebuild_writes_them_again(self, session: Session) -> None:
        from kefu.kpi import summaries
        from kefu.models import SessionKpi

        session.query(SessionKpi).delete()
        assert summaries.do_rebuild_all(session) == 4
        assert day_report(session)["shop"] == EXPECTED_SHOP


def test_closing_a_chat_writes_its_summary(session: Session) -> None:
    from kefu.chat import service as chat_service
    from kefu.models import ChatSession, SessionAgentKpi, SessionKpi
    from tests.chat_helpers import WORK_TIME, buyer, frozen_at

    mei = agent(session, "mei")
    with frozen_at(WORK_TIME) as clock:
        sent = chat_service.do_buyer_send(
            session, customer_id=buyer(session), client_id="k1", text="在吗"
        )
        clock.advance(dt.timedelta(seconds=4))
        chat_service.do_agent_send(
            session, agent=mei, session_id=sent.session_id, client_id="k2", text="您好"
        )
        chat_session = session.get(ChatSession, sent.session_id)
        assert chat_session is not None
        chat_service.do_close(session, chat_session=chat_session, agent=mei)
    row = session.get(SessionKpi, sent.session_id)
    assert row is not None and (row.buyer_messages, row.human_messages, row.has_bot) == (1, 1, True)
    assert row.first_response_us == 4_000_000
    part = session.get(SessionAgentKpi, (sent.session_id, "mei"))
    assert part is not None and (part.messages, part.first_response_us) == (1, 4_000_000)


# c4 never writes: a1 sends a care message (s6), so c4 is served but no inquirer.
# c1 comes back in the afternoon (s7) and a1 answers: still one customer for a1.
MORE_HISTORY = (
    """
{"type":"customer","id":"c4","nick":"tb_lulu"}
{"type":"session","id":"s6","customer":"c4","channel":"web","opened_at":"2026-11-11T12:00:00+08:00"}
{"type":"message","id":"m60","session":"s6","at":"2026-11-11T12:00:00+08:00","from":"agent","agent":"a1","text":"亲，您的包裹已发出"}
{"type":"session","id":"s7","customer":"c1","channel":"web","opened_at":"2026-11-11T13:00:00+08:00"}
{"type":"message","id":"m70","session":"s7","at":"2026-11-11T13:00:00+08:00","from":"buyer","text":"还有M码吗"}
{"type":"message","id":"m71","session":"s7","at":"2026-11-11T13:00:20+08:00","from":"agent","agent":"a1","text":"有的亲"}
{"type":"rating","session":"s7","score":4}
""".strip()
    .encode()
    .splitlines()
)


@pytest.mark.usefixtures("history")
class TestDistinctCustomersAcrossSummariesAndOpenSessions:
    """Customers are counted once per agent whichever sessions are still open."""

    @pytest.mark.parametrize(
        "open_sessions", [(), ("s6",), ("s7",), ("s1", "s7"), ("s1", "s2", "s6", "s7")]
    )
    def test_served_and_conversion(self, session: Session, open_sessions: tuple[str, ...]) -> None:
        from kefu.models import SessionAgentKpi, SessionKpi

        history_service.import_lines(session, MORE_HISTORY)
        for table in (SessionAgentKpi, SessionKpi):
            session.query(table).filter(table.session_id.in_(open_sessions)).delete()
        result = day_report(session)
        shop, a1 = result["shop"], result["agents"]["a1"]
        # sessions s1 s2 s3 s6 s7; inquirers c1 c2 c3; served c1 c2 c4
        assert (shop["sessions"], shop["inquiries"], shop["served"]) == (5, 3, 3)
        # a1 served c1 c2 c4; of them c1 and c2 inquired, c1 converted → 1/2
        assert (a1["sessions"], a1["served"], a1["conversion_rate"]) == (4, 3, 0.5)
        # ratings 5 (s1), 3 (s2), 4 (s7): shop 2/3 good, mean 4.0; a1 in all three
        assert (shop["csat"], shop["csat_mean"]) == (0.6667, 4.0)
        assert (a1["csat"], a1["csat_mean"]) == (0.6667, 4.0)
