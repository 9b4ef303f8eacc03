"""A bot that learns from the shop's own history: ``kefu bot mine`` proposals on
the imported JDDC sample, the supervisor's accept / edit / reject through the
API (accepted entries answer from then on), and agents' "this is intent X"
labels joining the next ``kefu bot train``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kefu.bot import labels, marks, mining, proposals
from kefu.bot import service as bot_service
from kefu.cli import app as cli
from kefu.config import get_settings
from kefu.db import make_engine
from kefu.history import service as history_service
from kefu.kit import clock
from kefu.kit.paging import PageParams
from kefu.models import IntentLabel, KbEntry, KbProposal, Message
from kefu.models.team import Role
from tests.conftest import CORPUS
from tests.factories import add_agent, login

pytestmark = pytest.mark.usefixtures("bot")
JDDC = CORPUS / labels.JDDC_HISTORY


@pytest.fixture
def jddc(session: Session) -> None:
    """The JDDC sample imported as the shop's past (kefu import)."""
    if not JDDC.exists():
        pytest.skip(f"{JDDC} not found")
    report = history_service.import_lines(session, JDDC.read_bytes().splitlines())
    assert report.created["message"] == 9478
    session.commit()


@pytest.fixture
def one_session(session: Session) -> None:
    """Only the first session of the sample, with its agent and buyer."""
    if not JDDC.exists():
        pytest.skip(f"{JDDC} not found")
    first = "0064fdb15c185b2910cdf3bf72849ee3"
    lines = [
        line
        for line in JDDC.read_bytes().splitlines()[:40]
        if (
            (record := orjson.loads(line))["type"] in ("agent", "customer")
            and record["id"] in ("jd_agent", "USERID_10386566")
        )
        or first in (record.get("id"), record.get("session"))
    ]
    history_service.import_lines(session, lines)
    session.commit()


@pytest.fixture
def mined(session: Session, jddc: None) -> list[KbProposal]:
    proposals.do_mine(session)
    session.commit()
    return session.query(KbProposal).order_by(KbProposal.count.desc(), KbProposal.id).all()


@pytest.fixture
def proposed(session: Session) -> list[KbProposal]:
    """A few waiting proposals as ``do_mine`` stores them, most asked first: the API tests
    decide on rows, they need not mine the sample for them (TestDoMine and
    ``test_mine_through_the_api`` do)."""
    now = clock.now()
    shapes = [
        ("invoice", ["能开发票吗", "发票怎么开"], "可以开的哦，下单时填写抬头。", 30, 25),
        ("logistics_query", ["到哪了", "物流到哪里了"], "亲，我帮您查一下物流。", 12, 3),
        ("shipping_time", ["什么时候发货"], "下单后48小时内发货哦。", 5, 2),
    ]
    rows = [
        KbProposal(
            id=f"kbp_test_{n}",
            intent=intent,
            questions=questions,
            answer=answer,
            alternatives=["好的亲"],
            message_ids=[f"m{n}-{i}" for i in range(messages)],
            count=count,
            sessions=count - 1,
            status="proposed",
            created_at=now,
        )
        for n, (intent, questions, answer, messages, count) in enumerate(shapes)
    ]
    session.add_all(rows)
    session.commit()
    return rows


@pytest.fixture
def boss(client: TestClient, session: Session) -> str:
    add_agent(session, "boss", Role.supervisor)
    return login(client, "boss")


class TestDoMine:
    def test_the_top_twenty_are_coherent_by_the_hand_labels(self, mined: list[KbProposal]) -> None:
        """Each proposal's variants share its intent in our labels ≥ 80 %."""
        hand = labels.read_ids()
        assert len(mined) >= 20
        for proposal in mined[:20]:
            share = sum(hand[m] == proposal.intent for m in proposal.message_ids) / len(
                proposal.message_ids
            )
            assert share >= 0.8, (proposal.intent, proposal.questions, share)
            assert proposal.count >= 3 and proposal.answer
        counts = [proposal.count for proposal in mined]
        assert counts == sorted(counts, reverse=True)

    def test_mining_again_replaces_waiting_ones_and_skips_decided_ones(
        self, session: Session, mined: list[KbProposal], bot: Path
    ) -> None:
        boss = add_agent(session, "boss", Role.supervisor)
        accepted = proposals.do_accept(session, row=mined[0], agent=boss)
        report = proposals.do_mine(session)
        assert report.replaced == len(mined) - 1
        waiting = session.query(KbProposal).filter_by(status="proposed").all()
        assert accepted.questions[0] not in {q for p in waiting for q in p.questions}

    def test_a_period_without_sessions_mines_nothing(self, session: Session, jddc: None) -> None:
        report = proposals.do_mine(session, date_to=dt.date(2019, 5, 31))
        assert (report.messages, report.proposed) == (0, 0)

    def test_a_period_backwards_is_refused(self, session: Session) -> None:
        with pytest.raises(Exception, match="开始日期晚于结束日期"):
            proposals.do_mine(session, date_from=dt.date(2019, 6, 2), date_to=dt.date(2019, 6, 1))


def _stock_history() -> list[bytes]:
    """A product in four variants and twelve buyers asking for one of them each."""
    skus = [
        {"id": f"sku-{colour}-{size}", "attributes": {"颜色": colour, "尺码": size}, "stock": 5}
        for colour in ("黑色", "卡其")
        for size in ("S", "L", "XL")
    ]
    lines: list[dict[str, object]] = [
        {"type": "agent", "id": "ag1", "name": "小美", "role": "presale"},
        {"type": "product", "id": "tee", "title": "纯棉圆领短袖T恤", "skus": skus},
    ]
    asked = [f"这件有货吗 {sku['attributes']['颜色']}{sku['attributes']['尺码']}码" for sku in skus]
    for n in range(12):
        session, at = f"s{n}", f"2026-11-0{1 + n % 9}T10:00:00+08:00"
        lines += [
            {"type": "customer", "id": f"c{n}"},
            {"type": "session", "id": session, "customer": f"c{n}", "channel": "web", "opened_at": at},
            {"type": "message", "id": f"{session}-0", "session": session, "at": at,
             "from": "buyer", "text": asked[n % len(asked)]},
            {"type": "message", "id": f"{session}-1", "session": session, "at": at,
             "from": "agent", "agent": "ag1", "text": "有的亲，现货当天发"},
        ]  # fmt: skip
    return [orjson.dumps(line) for line in lines]


class TestVariantPattern:
    def test_sku_values_are_one_placeholder_and_latin_ones_stand_alone(self) -> None:
        pattern = mining.variant_pattern(["黑色", "L", "XL", "42", " "])
        assert pattern is not None
        assert pattern.sub("＃", "这件有货吗 黑色xl码") == "这件有货吗 ＃＃码"
        assert pattern.sub("＃", "黑色l码有吗") == "＃＃码有吗"
        # The l of a word, the 42 of a longer number, are not sizes.
        assert pattern.sub("＃", "lv的包 订单1422") == "lv的包 订单1422"

    def test_no_values_no_pattern(self) -> None:
        assert mining.variant_pattern([]) is None


class TestMineVariants:
    def test_one_question_asked_of_six_variants_is_one_proposal(self, session: Session) -> None:
        history_service.import_lines(session, _stock_history())
        session.commit()
        report = proposals.do_mine(session)
        stock = session.query(KbProposal).filter_by(intent="stock").all()
        assert (report.proposed, len(stock)) == (1, 1)
        assert (stock[0].count, stock[0].sessions) == (12, 12)
        assert len(stock[0].questions) == 6 and stock[0].answer == "有的亲，现货当天发"


class TestDoMineFirstTime:
    def test_mines_once_then_leaves_it_to_the_supervisor(self, session: Session) -> None:
        history_service.import_lines(session, _stock_history())
        first = proposals.do_mine_first_time(session)
        assert first is not None and first.proposed == 1
        proposals.do_reject(
            session,
            row=session.query(KbProposal).one(),
            agent=add_agent(session, "boss", Role.supervisor),
        )
        assert proposals.do_mine_first_time(session) is None
        assert [row.status for row in session.query(KbProposal)] == ["rejected"]


def test_the_demo_opens_with_proposals_from_its_own_chats(cli_database: str) -> None:
    """``kefu demo`` with its bot trained (here: the suite's) mines its history once."""
    runner = CliRunner()
    first = runner.invoke(cli, ["demo", "--no-serve"])
    assert first.exit_code == 0, first.output
    assert "推荐问答" in first.output
    engine = make_engine(cli_database)
    with Session(engine) as db:
        mined = db.query(KbProposal).filter_by(status="proposed").all()
    assert len(mined) >= 5
    # One stock question asked of many variants is one proposal (SKU values fold).
    assert len([row for row in mined if row.intent == "stock"]) == 1
    second = runner.invoke(cli, ["demo", "--no-serve"])
    assert second.exit_code == 0 and "推荐问答" not in second.output
    engine.dispose()


def test_a_demo_without_the_corpora_has_no_bot_and_mines_nothing(
    cli_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No review corpora, no trained bot: the demo starts all the same, without proposals."""
    monkeypatch.setenv("KEFU_CORPUS_DIR", str(tmp_path / "no-corpora"))
    monkeypatch.setenv("KEFU_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    result = CliRunner().invoke(cli, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "bot not trained" in result.output and "推荐问答" not in result.output
    engine = make_engine(cli_database)
    with Session(engine) as db:
        assert db.query(KbProposal).count() == 0
    engine.dispose()


class TestProposalsApi:
    def test_list_is_paged_most_asked_first(
        self, client: TestClient, boss: str, proposed: list[KbProposal]
    ) -> None:
        body = client.get("/api/v1/bot/proposals", params={"page_size": 2}).json()
        assert (body["total"], body["page"], body["page_size"]) == (3, 1, 2)
        assert [item["id"] for item in body["items"]] == [p.id for p in proposed[:2]]
        assert body["items"][0]["intent_name"] and body["items"][0]["status"] == "proposed"
        assert body["items"][0]["message_ids"] == proposed[0].message_ids[:20]
        # An invoice FAQ answers; the bot answers 物流 from the buyer's orders first.
        assert [item["answered_live"] for item in body["items"]] == [False, True]
        detail = client.get(f"/api/v1/bot/proposals/{proposed[0].id}").json()
        assert len(detail["message_ids"]) == 30
        assert detail["message_ids"] == proposed[0].message_ids
        assert client.get("/api/v1/bot/proposals/nope").json()["code"] == "proposal_not_found"

    def test_edit_then_accept_answers_buyers_from_then_on(
        self, client: TestClient, boss: str, session: Session, proposed: list[KbProposal]
    ) -> None:
        target = next(p for p in proposed if p.intent == "invoice")
        headers = {"X-CSRF-Token": boss}
        edited = client.put(
            f"/api/v1/bot/proposals/{target.id}",
            json={
                "questions": ["发票能开增值税专票吗", "怎么开专票"],
                "answer": "专票请上传资质后开具哦。",
            },
            headers=headers,
        )
        assert edited.status_code == 200 and edited.json()["status"] == "proposed"
        accepted = client.post(f"/api/v1/bot/proposals/{target.id}/accept", headers=headers)
        assert accepted.status_code == 200, accepted.text
        body = accepted.json()
        assert (body["status"], body["decided_by_name"]) == ("accepted", "boss")
        entry = session.get(KbEntry, body["kb_entry_id"])
        assert entry is not None and entry.answer == "专票请上传资质后开具哦。"
        reply = bot_service.answer(session, text="怎么开专票")
        assert reply.answer == "专票请上传资质后开具哦。"

    def test_reject_then_a_second_decision_is_a_conflict(
        self, client: TestClient, boss: str, proposed: list[KbProposal]
    ) -> None:
        headers = {"X-CSRF-Token": boss}
        rejected = client.post(f"/api/v1/bot/proposals/{proposed[1].id}/reject", headers=headers)
        assert rejected.json()["status"] == "rejected"
        again = client.post(f"/api/v1/bot/proposals/{proposed[1].id}/accept", headers=headers)
        assert (again.status_code, again.json()["code"]) == (409, "proposal_decided")
        listed = client.get("/api/v1/bot/proposals", params={"status": "rejected"}).json()
        assert [item["id"] for item in listed["items"]] == [proposed[1].id]

    def test_an_answer_with_an_unknown_variable_is_refused_with_the_reason(
        self, client: TestClient, boss: str, proposed: list[KbProposal]
    ) -> None:
        response = client.post(
            f"/api/v1/bot/proposals/{proposed[0].id}/accept",
            json={"answer": "请找{店长}"},
            headers={"X-CSRF-Token": boss},
        )
        assert (response.status_code, response.json()["code"]) == (422, "unknown_placeholder")

    def test_agents_read_but_only_the_supervisor_decides(
        self, client: TestClient, session: Session, proposed: list[KbProposal]
    ) -> None:
        add_agent(session, "mei", Role.presale)
        token = login(client, "mei")
        assert client.get("/api/v1/bot/proposals").status_code == 200
        response = client.post(
            f"/api/v1/bot/proposals/{proposed[0].id}/accept", headers={"X-CSRF-Token": token}
        )
        assert response.status_code == 403

    def test_mine_through_the_api(self, client: TestClient, boss: str, jddc: None) -> None:
        response = client.post(
            "/api/v1/bot/proposals/mine",
            json={"from": "2019-06-01", "to": "2019-12-31", "min_count": 3},
            headers={"X-CSRF-Token": boss},
        )
        assert response.status_code == 200, response.text
        assert response.json()["messages"] == 4730 and response.json()["proposed"] >= 20


class TestMarks:
    def test_an_agent_marks_a_message_and_it_joins_training(
        self, client: TestClient, session: Session, one_session: None
    ) -> None:
        add_agent(session, "mei", Role.presale)
        token = login(client, "mei")
        response = client.put(
            "/api/v1/bot/labels/0064fdb15c18-0",
            json={"intent": "logistics_query"},
            headers={"X-CSRF-Token": token},
        )
        assert response.status_code == 204
        listed = client.get("/api/v1/bot/labels").json()
        assert listed["total"] == 1
        item = listed["items"][0]
        assert (item["intent"], item["agent_name"], item["message_id"]) == (
            "logistics_query",
            "mei",
            "0064fdb15c18-0",
        )
        rows = marks.training_rows(session)
        assert [(r.intent, r.source) for r in rows] == [("logistics_query", "agent")]

    def test_marking_again_replaces_and_bad_input_is_refused(
        self, client: TestClient, session: Session, one_session: None
    ) -> None:
        add_agent(session, "mei", Role.presale)
        headers = {"X-CSRF-Token": login(client, "mei")}
        url = "/api/v1/bot/labels/0064fdb15c18-0"
        client.put(url, json={"intent": "other"}, headers=headers)
        client.put(url, json={"intent": "shipping_time"}, headers=headers)
        label = session.get(IntentLabel, "0064fdb15c18-0")
        assert label is not None and label.intent == "shipping_time"
        bad = client.put(url, json={"intent": "nonsense"}, headers=headers)
        assert (bad.status_code, bad.json()["code"]) == (422, "bad_intent")
        agent_message = client.put(
            "/api/v1/bot/labels/0064fdb15c18-1", json={"intent": "other"}, headers=headers
        )
        assert (agent_message.status_code, agent_message.json()["code"]) == (
            404,
            "message_not_found",
        )
        assert client.delete(url, headers=headers).status_code == 204
        session.expire_all()
        assert session.get(IntentLabel, "0064fdb15c18-0") is None

    def test_page_filters_by_intent_and_text(self, session: Session, one_session: None) -> None:
        mei = add_agent(session, "mei", Role.presale)
        marks.do_mark(session, agent=mei, message_id="0064fdb15c18-0", intent="logistics_query")
        marks.do_mark(session, agent=mei, message_id="0064fdb15c18-2", intent="other")
        params = PageParams()
        assert marks.page(session, params=params, intent="other")["total"] == 1
        message = session.get(Message, "0064fdb15c18-0")
        assert message is not None
        found = marks.page(session, params=params, q=message.text[:4])
        assert [item["message_id"] for item in found["items"]] == ["0064fdb15c18-0"]


class TestTrainCommand:
    def test_train_prints_both_held_out_sets_and_counts_marked_messages(
        self,
        cli_database: str,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        from kefu.bot import runtime
        from kefu.db import make_engine, make_sessionmaker, unit_of_work
        from kefu.team import service as team_service

        factory = make_sessionmaker(make_engine(cli_database))
        with unit_of_work(factory) as db:
            history_service.import_lines(db, JDDC.read_bytes().splitlines())
            mei = team_service.do_add_agent(db, login="mei", role=Role.presale, password="x" * 12)
            marks.do_mark(db, agent=mei, message_id="0064fdb15c18-0", intent="logistics_query")
        monkeypatch.setenv("KEFU_DATA_DIR", str(tmp_path))
        get_settings.cache_clear()
        result = CliRunner().invoke(
            cli, ["bot", "train", "--corpus", str(CORPUS), "--sentiment-limit", "3000"]
        )
        runtime.forget()
        assert result.exit_code == 0, result.output
        assert "agent 1" in result.stdout
        assert "real held-out (by session): n=" in result.stdout
        assert "synthetic held-out: n=" in result.stdout
        metrics = orjson.loads((tmp_path / "bot" / "metrics.json").read_bytes())
        assert metrics["intent"]["trained_on"]["agent"] == 1


class TestMineCommand:
    def test_mine_prints_the_most_asked_and_stores_them(self, cli_database: str) -> None:
        from kefu.db import make_engine, make_sessionmaker, unit_of_work

        factory = make_sessionmaker(make_engine(cli_database))
        with unit_of_work(factory) as db:
            history_service.import_lines(db, JDDC.read_bytes().splitlines())
        result = CliRunner().invoke(
            cli, ["bot", "mine", "--from", "2019-06-01", "--to", "2019-12-31", "--json"]
        )
        assert result.exit_code == 0, result.output
        report = orjson.loads(result.stdout)
        assert report["messages"] == 4730 and report["proposed"] >= 20
        counts = [item["count"] for item in report["top"]]
        assert len(counts) == 20 and counts == sorted(counts, reverse=True)
        with factory() as db:
            assert db.query(KbProposal).count() == report["proposed"]
