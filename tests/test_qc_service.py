"""Quality inspection against a real database: closing a session inspects it; the
CLI and the API give the same findings."""

from __future__ import annotations

import datetime as dt

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kefu.chat import service as chat_service
from kefu.cli import app as cli
from kefu.models import ChatSession, QcFinding, QcInspection
from kefu.models.team import Role
from kefu.qc import service
from kefu.shop import service as shop
from tests.chat_helpers import WORK_TIME, agent, buyer, frozen_at
from tests.factories import login


def served_session(db: Session, *replies: str) -> ChatSession:
    mei = agent(db, "mei")
    with frozen_at(WORK_TIME) as clock:
        sent = chat_service.do_buyer_send(db, customer_id=buyer(db), client_id="q1", text="在吗")
        for n, text in enumerate(replies):
            clock.advance(dt.timedelta(seconds=3))
            chat_service.do_agent_send(
                db, agent=mei, session_id=sent.session_id, client_id=f"r{n}", text=text
            )
        chat_session = db.get(ChatSession, sent.session_id)
        assert chat_session is not None
        chat_service.do_close(db, chat_session=chat_session, agent=mei)
    return chat_session


class TestDoRecordInspection:
    def test_closing_a_session_stores_its_findings_and_score(self, session: Session) -> None:
        chat_session = served_session(session, "你好！", "加我微信 kefu_abc123")
        inspection = session.get(QcInspection, chat_session.id)
        assert inspection is not None and inspection.agent_id == "mei"
        rules = sorted(
            session.scalars(select(QcFinding.rule).where(QcFinding.session_id == chat_session.id))
        )
        assert rules == ["T01_ni_not_nin", "T06_harsh_punctuation", "T11_leak_contact"]
        assert (inspection.score, inspection.flagged) == (100 - 5 - 5 - 10, False)

    def test_a_clean_session_scores_100(self, session: Session) -> None:
        chat_session = served_session(session, "您好，请问有什么可以帮您？")
        assert service.recorded(session, session_id=chat_session.id).score == 100

    def test_inspecting_again_replaces_the_result(self, session: Session) -> None:
        chat_session = served_session(session, "你好")
        service.do_record_inspection(session, session_id=chat_session.id, agent_id="mei")
        rows = session.scalars(
            select(QcFinding).where(QcFinding.session_id == chat_session.id)
        ).all()
        assert [row.rule for row in rows] == ["T01_ni_not_nin"]

    def test_the_shops_rule_changes_apply(self, session: Session) -> None:
        shop.do_set(session, key="qc_rules", value={"T01_ni_not_nin": {"enabled": False}})
        chat_session = served_session(session, "你好")
        assert service.recorded(session, session_id=chat_session.id).findings == []


class TestCheckCommand:
    def test_reads_one_message_per_line_and_prints_one_object_per_line(
        self, cli_database: str
    ) -> None:
        result = CliRunner().invoke(
            cli, ["qc", "check", "-", "--json"], input="您好，在的\n你好！\n"
        )
        assert result.exit_code == 0, result.output
        lines = [orjson.loads(line) for line in result.stdout.splitlines()]
        assert lines[0] == {"text": "您好，在的", "findings": []}
        assert lines[1]["text"] == "你好！"
        assert [f["rule"] for f in lines[1]["findings"]] == [
            "T01_ni_not_nin",
            "T06_harsh_punctuation",
        ]
        assert set(lines[1]["findings"][0]) == {"rule", "excerpt", "severity"}

    def test_unknown_session_is_an_error(self, cli_database: str) -> None:
        result = CliRunner().invoke(cli, ["qc", "session", "nope", "--json"])
        assert result.exit_code == 1


class TestCheckEndpoint:
    @pytest.fixture
    def csrf(self, client: TestClient, session: Session) -> str:
        agent(session, "mei")
        agent(session, "liu", group=None, role=Role.qc)
        session.commit()
        return login(client, "mei", "s3cret-pass")

    def test_a_draft_gets_its_findings(self, client: TestClient, csrf: str) -> None:
        response = client.post(
            "/api/v1/qc/check", json={"text": "不行"}, headers={"X-CSRF-Token": csrf}
        )
        assert response.status_code == 200
        assert [f["rule"] for f in response.json()["findings"]] == ["T03_blunt_refusal"]

    def test_rules_are_listed_with_chinese_names(self, client: TestClient, csrf: str) -> None:
        rules = {rule["id"]: rule for rule in client.get("/api/v1/qc/rules").json()}
        assert len(rules) == 17 and rules["S06_unauthorised_transfer"]["name"] == "转接须有原因"
        assert rules["T08_rude_language"]["weight"] == 10

    def test_session_results_are_for_qc_and_supervisors(
        self, client: TestClient, csrf: str
    ) -> None:
        assert client.get("/api/v1/qc/sessions/whatever").status_code == 403
