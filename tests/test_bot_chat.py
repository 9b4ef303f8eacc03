"""The bot inside the chat, over HTTP, as CSV and on the command line."""

from __future__ import annotations

import io
import re

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kefu.bot import kb
from kefu.chat import service as chat_service
from kefu.cli import app as cli
from kefu.models import ChatSession, Handoff, KbEntry, Message
from kefu.models.team import Role
from tests.chat_helpers import WORK_TIME, agent, buyer, frozen_at
from tests.factories import add_agent, login

pytestmark = pytest.mark.usefixtures("bot")


@pytest.fixture(autouse=True)
def starter_faq(session: Session) -> None:
    kb.do_seed_defaults(session)


def said(session: Session, session_id: str) -> list[tuple[str, str]]:
    rows = session.scalars(
        select(Message).where(Message.session_id == session_id).order_by(Message.seq)
    )
    return [(m.sender, m.text) for m in rows]


class TestBotInChat:
    def test_the_bot_answers_first_and_keeps_the_session(self, session: Session) -> None:
        agent(session, "mei")
        with frozen_at(WORK_TIME):
            sent = chat_service.do_buyer_send(
                session, customer_id=buyer(session), client_id="c1", text="可以开发票吗"
            )
        chat_session = session.get(ChatSession, sent.session_id)
        assert chat_session is not None
        assert (chat_session.status, chat_session.agent_id, chat_session.waiting_since) == (
            "bot",
            None,
            None,
        )
        messages = said(session, sent.session_id)
        assert [sender for sender, _t in messages] == ["buyer", "bot", "bot"]  # S01 greeting first
        assert "发票" in messages[2][1]
        assert session.scalars(select(Handoff)).all() == []

    def test_hello_is_answered_once(self, session: Session) -> None:
        with frozen_at(WORK_TIME):
            sent = chat_service.do_buyer_send(
                session, customer_id=buyer(session), client_id="c1", text="在吗"
            )
        assert [s for s, _t in said(session, sent.session_id)] == ["buyer", "bot"]

    def test_asking_for_a_person_hands_off_with_the_reason_and_the_intent(
        self, session: Session
    ) -> None:
        mei = agent(session, "mei")
        customer = buyer(session)
        with frozen_at(WORK_TIME):
            first = chat_service.do_buyer_send(
                session, customer_id=customer, client_id="c1", text="可以开发票吗"
            )
            chat_service.do_buyer_send(session, customer_id=customer, client_id="c2", text="转人工")
        chat_session = session.get(ChatSession, first.session_id)
        assert chat_session is not None
        assert (chat_session.status, chat_session.agent_id) == ("assigned", mei.id)
        assert (chat_session.bot_intent, chat_session.handoff_reason) == (
            "human_agent",
            "buyer_asked",
        )
        reasons = session.scalars(
            select(Handoff.reason).where(Handoff.session_id == first.session_id)
        )
        assert list(reasons) == ["buyer_asked"]
        assert chat_session.waiting_since is not None  # now waiting for a person

    def test_a_complaint_goes_to_after_sales(self, session: Session) -> None:
        agent(session, "mei")
        lei = agent(session, "lei", group="售后组", role=Role.aftersale)
        with frozen_at(WORK_TIME):
            sent = chat_service.do_buyer_send(
                session, customer_id=buyer(session), client_id="c1", text="我要投诉你们 叫主管来"
            )
        chat_session = session.get(ChatSession, sent.session_id)
        assert chat_session is not None and chat_session.agent_id == lei.id
        assert list(session.scalars(select(Handoff.reason))) == ["rule"]

    def test_switched_off_the_session_goes_straight_to_people(self, session: Session) -> None:
        from kefu.shop import service as shop

        shop.do_set(session, key="bot_enabled", value=False)
        mei = agent(session, "mei")
        with frozen_at(WORK_TIME):
            sent = chat_service.do_buyer_send(
                session, customer_id=buyer(session), client_id="c1", text="可以开发票吗"
            )
        chat_session = session.get(ChatSession, sent.session_id)
        assert chat_session is not None and chat_session.agent_id == mei.id


@pytest.fixture
def supervisor(client: TestClient, session: Session) -> str:
    add_agent(session, "boss", Role.supervisor)
    return login(client, "boss")


class TestAskEndpoint:
    def test_answers_as_json(self, client: TestClient, supervisor: str) -> None:
        response = client.post(
            "/api/v1/bot/ask", json={"text": "能开专票吗"}, headers={"X-CSRF-Token": supervisor}
        )
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"intent", "confidence", "answer", "handoff", "handoff_reason"}
        assert (body["intent"], body["handoff"]) == ("invoice", False)

    def test_ten_kilobytes_is_422_with_a_reason(self, client: TestClient, supervisor: str) -> None:
        response = client.post(
            "/api/v1/bot/ask", json={"text": "快" * 10_000}, headers={"X-CSRF-Token": supervisor}
        )
        assert response.status_code == 422 and response.json()["code"] == "text_too_long"

    def test_needs_a_login(self, client: TestClient) -> None:
        assert client.post("/api/v1/bot/ask", json={"text": "在吗"}).status_code == 401


class TestSuggest:
    def test_top_three_for_a_buyer_message(
        self, client: TestClient, session: Session, supervisor: str
    ) -> None:
        from kefu.knowledge import service as knowledge_service

        knowledge_service.do_add_phrase(
            session, text="亲，{买家昵称}，发票确认收货后开具哦", shortcut="/fp"
        )
        with frozen_at(WORK_TIME):
            sent = chat_service.do_buyer_send(
                session, customer_id=buyer(session), client_id="c1", text="能开发票吗"
            )
        session.commit()
        response = client.get(
            "/api/v1/bot/suggest",
            params={"session_id": sent.session_id, "message_id": sent.message.id},
        )
        assert response.status_code == 200
        body = response.json()
        assert body["intent"] == "invoice" and 1 <= len(body["suggestions"]) <= 3
        sources = [s["source"] for s in body["suggestions"]]
        assert sources[:2] == ["faq", "phrase"]
        assert "{" not in body["suggestions"][1]["text"]

    def test_only_buyer_messages_of_that_session(
        self, client: TestClient, session: Session, supervisor: str
    ) -> None:
        with frozen_at(WORK_TIME):
            sent = chat_service.do_buyer_send(
                session, customer_id=buyer(session), client_id="c1", text="能开发票吗"
            )
        session.commit()
        bot_reply = said(session, sent.session_id)
        assert bot_reply[1][0] == "bot"
        bot_message = session.scalars(
            select(Message.id).where(Message.session_id == sent.session_id, Message.sender == "bot")
        ).first()
        response = client.get(
            "/api/v1/bot/suggest", params={"session_id": sent.session_id, "message_id": bot_message}
        )
        assert response.status_code == 404


class TestKnowledgeBase:
    def test_unknown_template_variables_are_refused(
        self, client: TestClient, supervisor: str
    ) -> None:
        response = client.post(
            "/api/v1/bot/kb",
            json={"intent": "stock", "questions": ["有货吗"], "answer": "库存 {库存数}"},
            headers={"X-CSRF-Token": supervisor},
        )
        assert response.status_code == 422 and "库存数" in response.json()["reason"]

    def test_agents_read_but_only_the_supervisor_edits(
        self, client: TestClient, session: Session
    ) -> None:
        add_agent(session, "mei", Role.presale)
        token = login(client, "mei")
        assert client.get("/api/v1/bot/kb").status_code == 200
        response = client.post(
            "/api/v1/bot/kb",
            json={"intent": "stock", "questions": ["有货吗"], "answer": "有的"},
            headers={"X-CSRF-Token": token},
        )
        assert response.status_code == 403

    def test_a_bad_csv_row_refuses_the_whole_file(
        self, client: TestClient, session: Session, supervisor: str
    ) -> None:
        before = session.scalars(select(KbEntry.id)).all()
        data = "intent,questions,answer\nstock,有货吗|还有吗,有的\nnot_an_intent,你好,在的\n"
        response = client.post(
            "/api/v1/bot/kb/import",
            files={"file": ("kb.csv", io.BytesIO(data.encode()), "text/csv")},
            headers={"X-CSRF-Token": supervisor},
        )
        assert response.status_code == 422 and "第 3 行" in response.json()["reason"]
        assert session.scalars(select(KbEntry.id)).all() == before

    def test_export_then_import_gives_the_same_entries(self, session: Session) -> None:
        exported = kb.export_csv(session)
        first = [(e.id, e.intent, e.questions, e.answer) for e in kb.entries(session)]
        assert kb.do_import_csv(session, data=exported) == len(first)
        assert [(e.id, e.intent, e.questions, e.answer) for e in kb.entries(session)] == first


class TestCommandLine:
    def test_ask_reads_stdin_and_answers_in_order(self, cli_database: str) -> None:
        result = CliRunner().invoke(
            cli, ["bot", "ask", "-", "--json"], input="转人工\n\n能开专票吗\n"
        )
        assert result.exit_code == 0, result.output
        lines = [orjson.loads(line) for line in result.stdout.splitlines()]
        assert [line["intent"] for line in lines] == ["human_agent", "other", "invoice"]
        assert lines[0]["handoff_reason"] == "buyer_asked"

    def test_eval_of_a_file_prints_the_spec_keys(self, cli_database: str) -> None:
        from kefu.bot import labels

        result = CliRunner().invoke(cli, ["bot", "eval", str(labels.HELDOUT_TSV), "--json"])
        assert result.exit_code == 0, result.output
        report = orjson.loads(result.stdout)
        assert {"n", "accuracy", "macro_f1", "per_intent", "reliability"} <= set(report)
        assert report["macro_f1"] >= 0.82

    def test_eval_prints_real_and_synthetic_side_by_side(self, cli_database: str) -> None:
        from tests.conftest import CORPUS

        result = CliRunner().invoke(cli, ["bot", "eval", "--corpus", str(CORPUS)])
        assert result.exit_code == 0, result.output
        assert "real held-out (by session): n=" in result.stdout
        assert "synthetic held-out: n=" in result.stdout
        assert "0.95–1.00" in result.stdout  # the reliability table
        assert result.stdout.count("F1 per intent, weakest first:") == 2
        assert re.search(r"thanks_bye 0\.9\d \(295\)", result.stdout)  # real held-out support

    def test_sentiment_one_object_per_line(self, cli_database: str) -> None:
        result = CliRunner().invoke(
            cli, ["bot", "sentiment", "-", "--json"], input="质量很好 很满意\n太差了 再也不买了\n"
        )
        assert result.exit_code == 0, result.output
        labels = [orjson.loads(line)["label"] for line in result.stdout.splitlines()]
        assert labels == ["positive", "negative"]
