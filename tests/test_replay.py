"""`kefu replay` (issue 18): a conversation log read into a timeline, and played at high
speed against a real server with agents who answer, nothing lost or duplicated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from kefu import migrate
from kefu.cli import app as cli
from kefu.db import make_engine, make_sessionmaker, unit_of_work
from kefu.models.team import Role
from kefu.replay.cli import report
from kefu.replay.plan import PlannedSession, read_log
from kefu.replay.run import Buyer, Replay, Tally
from kefu.shop import service as shop
from tests import live
from tests.chat_helpers import agent

START = dt.datetime(2026, 11, 11, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
ASKS = ["在吗", "这件有L码吗", "今天能发货吗", "好的谢谢"]


def at(seconds: float) -> str:
    return (START + dt.timedelta(seconds=seconds)).isoformat()


def day_log(sessions: int, *, gap: float = 2.0) -> list[dict]:
    """``sessions`` buyers, one every ``gap`` s, each asking ASKS ``gap`` s apart, each
    answered by 小美 or 小王 a second later."""
    lines: list[dict] = [
        {"type": "agent", "id": "mei", "name": "小美", "role": "presale"},
        {"type": "agent", "id": "wang", "name": "小王", "role": "aftersale"},
        {"type": "agent", "id": "boss", "name": "王姐", "role": "supervisor"},
    ]
    for n in range(sessions):
        opened = n * gap
        sid = f"s{n:03d}"
        lines.append(
            {
                "type": "session",
                "id": sid,
                "customer": f"c{n}",
                "channel": "web",
                "opened_at": at(opened),
                "closed_at": at(opened + gap * len(ASKS) + 1),
            }
        )
        for k, text in enumerate(ASKS):
            moment = opened + k * gap
            lines.append(
                {
                    "type": "message",
                    "id": f"{sid}-b{k}",
                    "session": sid,
                    "at": at(moment),
                    "from": "buyer",
                    "text": text,
                }
            )
            lines.append(
                {
                    "type": "message",
                    "id": f"{sid}-a{k}",
                    "session": sid,
                    "at": at(moment + 1),
                    "from": "agent",
                    "agent": "mei",
                    "text": f"亲，收到：{text}",
                }
            )
    return lines


def encoded(lines: list[dict]) -> list[bytes]:
    return [orjson.dumps(line) for line in lines]


class TestReadLog:
    def test_buyer_lines_with_the_reply_that_followed(self) -> None:
        plan = read_log(encoded(day_log(2)))
        assert [s.id for s in plan.sessions] == ["s000", "s001"]
        first = plan.sessions[0].messages
        assert [(m.at, m.text, m.reply) for m in first[:2]] == [
            (0.0, "在吗", "亲，收到：在吗"),
            (2.0, "这件有L码吗", "亲，收到：这件有L码吗"),
        ]
        assert plan.messages == 8 and plan.agents == ["mei", "wang"]
        assert plan.sessions[1].closes_at == 2 + 2 * len(ASKS) + 1

    def test_quiet_spells_are_shortened(self) -> None:
        plan = read_log(encoded(day_log(2, gap=600)), max_gap=30)
        assert [m.at for m in plan.sessions[0].messages] == [0, 30, 60, 90]

    def test_one_day_only(self) -> None:
        lines = day_log(1)
        lines[3]["opened_at"] = "2026-11-12T10:00:00+08:00"
        assert read_log(encoded(lines), day=dt.date(2026, 11, 11)).sessions == []

    def test_a_bad_line_names_its_number(self) -> None:
        with pytest.raises(ValueError, match="第 2 行"):
            read_log([b'{"type":"agent","id":"a"}', b"{oops"])


class TestReport:
    def test_a_lost_message_fails_the_run_and_says_which(self) -> None:
        tally = Tally(sent={"rp-1": 0.0, "rp-2": 0.0}, acked={"rp-1": "m1", "rp-2": "m2"})
        tally.delivered["rp-1"] = 0.01
        lines, ok = report(tally, 1.0, read_log([]))
        assert not ok
        assert "FAILED: 1 lost: rp-2" in lines

    def test_a_duplicate_fails_the_run(self) -> None:
        tally = Tally(sent={"rp-1": 0.0}, acked={"rp-1": "m1"}, delivered={"rp-1": 0.02})
        tally.duplicates.append("mei got message m1 twice")
        lines, ok = report(tally, 1.0, read_log([]))
        assert not ok and lines[-1] == "FAILED"

    def test_the_servers_latency_apart_from_the_wait_for_a_hand_off(self) -> None:
        """A message the bot kept until the buyer asked for a person reaches an agent at
        the log's pace: it must not count as the server's latency."""
        sent = {"rp-1": 0.0, "rp-2": 0.0, "rp-3": 0.0}
        tally = Tally(sent=sent, acked={c: c for c in sent}, openings={"rp-1"})
        tally.delivered.update({"rp-1": 0.5, "rp-2": 0.02, "rp-3": 40.0})
        tally.to_a_person.add("rp-2")
        lines, ok = report(tally, 1.0, read_log([]))
        assert ok
        assert (
            "buyer → agent latency, to an agent already serving the chat (the server's own): "
            "p50 20.0 ms, p99 20.0 ms, max 20.0 ms (1 messages)"
        ) in lines
        assert (
            "buyer → agent latency, sent to the bot or in the queue, then handed to an agent "
            "(the log's pace): p50 40000.0 ms, p99 40000.0 ms, max 40000.0 ms (1 messages)"
        ) in lines


class TestBuyerGot:
    def test_a_bot_answer_counts_even_when_the_server_closes_the_chat_first(self) -> None:
        """The demo day at 8×: the bot answered, then the server closed the idle bot chat
        before the log's close; the run called both messages lost."""
        replay = Replay(url="http://kefu", plan=read_log([]), speed=8, agents=[], run="r")
        state = Buyer(PlannedSession("s1"))
        state.sent.extend(["rp-1", "rp-2"])
        replay.tally.acked.update({"rp-1": "m1", "rp-2": "m2"})
        replay.buyer_got({"id": "m3", "from": "bot", "text": "您好"}, state)
        state.note_session({"status": "closed"})
        assert replay.tally.lost == []


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[live.Server]:
    tmp = tmp_path_factory.mktemp("replay")
    url = f"sqlite:///{tmp / 'replay.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with unit_of_work(make_sessionmaker(engine)) as db:
        agent(db, "mei", status=live_offline(), max_concurrent=50)
        agent(db, "wang", group="售后组", role=Role.aftersale, status=live_offline())
        shop.do_set(db, key="working_hours", value="00:00-24:00")
    engine.dispose()
    with live.live_server(url, tmp, KEFU_VISITORS_PER_MINUTE="100000") as running:
        yield running


def live_offline():  # the replay's sockets make them 在线
    from kefu.models.team import AgentStatus

    return AgentStatus.offline


@pytest.mark.slow
class TestReplayLive:
    def test_a_short_day_at_high_speed_loses_and_duplicates_nothing(
        self, server: live.Server, tmp_path: Path
    ) -> None:
        log = tmp_path / "day.jsonl"
        log.write_bytes(b"\n".join(encoded(day_log(12))))
        result = CliRunner().invoke(
            cli,
            [
                "replay",
                str(log),
                "--speed",
                "20",
                "--url",
                server.url,
                "--agent",
                "mei:s3cret-pass",
                "--agent",
                "wang:s3cret-pass",
            ],
        )
        assert result.exit_code == 0, result.output
        assert "buyer messages: sent 48, acked 48, delivered to agents 48" in result.output
        assert "agent replies: sent 48, acked 48, delivered to buyers 48" in result.output
        assert "OK: no message lost or duplicated" in result.output

    def test_an_agent_who_cannot_log_in_stops_it_with_the_reason(
        self, server: live.Server, tmp_path: Path
    ) -> None:
        log = tmp_path / "day.jsonl"
        log.write_bytes(b"\n".join(encoded(day_log(1))))
        args = ["replay", str(log), "--url", server.url, "--agent", "mei:wrong-password"]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2
        assert "客服 mei 登录失败" in result.output
