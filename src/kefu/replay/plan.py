"""What a replay plays: the buyers' messages of a conversation log
(shared/spec/conversation-log.md), each session with the agent replies that followed
its messages, on one timeline that starts at zero. Reading is pure: no server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import orjson

CHAT_ROLES = ("presale", "aftersale")


@dataclass(frozen=True)
class BuyerLine:
    id: str  # the log's message id; the replay's client_id is made from it
    at: float  # seconds from the replay's start (log time)
    text: str
    reply: str | None  # what the agent said next in the log, if she did


@dataclass
class PlannedSession:
    id: str
    messages: list[BuyerLine] = field(default_factory=list)
    closes_at: float = 0.0


@dataclass(frozen=True)
class Plan:
    sessions: list[PlannedSession]
    length: float  # seconds of (shortened) log time from the first message to the last close
    agents: list[str]  # the log's chat agents (售前, 售后): who answers in the replay

    @property
    def messages(self) -> int:
        return sum(len(s.messages) for s in self.sessions)


def read_log(
    lines: Iterable[bytes],
    *,
    day: dt.date | None = None,
    tz: str = "Asia/Shanghai",
    max_gap: float | None = None,
) -> Plan:
    """The sessions (of ``day`` in the shop's zone, or all) with their buyer messages.

    ``max_gap``: a quiet spell longer than this many seconds, when nobody writes, is
    shortened to it, so a day's nights and lulls do not stretch the rehearsal.
    """
    zone = ZoneInfo(tz)
    sessions: dict[str, dict] = {}
    messages: dict[str, list[dict]] = {}
    agents: list[str] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            line = orjson.loads(raw)
        except orjson.JSONDecodeError as error:
            raise ValueError(f"第 {number} 行不是 JSON：{error}") from None
        if line.get("type") == "session":
            sessions[line["id"]] = line
        elif line.get("type") == "message":
            messages.setdefault(line["session"], []).append(line)
        elif line.get("type") == "agent" and line.get("role") in CHAT_ROLES:
            agents.append(line["id"])
    chosen = {
        sid: line
        for sid, line in sessions.items()
        if day is None or _at(line["opened_at"]).astimezone(zone).date() == day
    }
    sessions_played, length = _timeline(chosen, messages, max_gap)
    return Plan(sessions_played, length, agents)


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _timeline(
    sessions: dict[str, dict], messages: dict[str, list[dict]], max_gap: float | None
) -> tuple[list[PlannedSession], float]:
    raw: list[tuple[str, list[tuple[dt.datetime, dict, str | None]], dt.datetime]] = []
    for sid, line in sessions.items():
        said = sorted(messages.get(sid, []), key=lambda m: (m["at"], m["id"]))
        buyer = [
            (_at(m["at"]), m, _reply_after(said, n))
            for n, m in enumerate(said)
            if m["from"] == "buyer"
        ]
        if buyer:
            last = max(_at(said[-1]["at"]), *(at for at, _m, _r in buyer))
            closed = _at(line["closed_at"]) if line.get("closed_at") else last
            raw.append((sid, buyer, max(closed, last)))
    moments = sorted({at for _s, buyer, _c in raw for at, _m, _r in buyer} | {c for *_x, c in raw})
    clock = _shortened(moments, max_gap)
    planned = [
        PlannedSession(
            id=sid,
            messages=[BuyerLine(m["id"], clock[at], m["text"], reply) for at, m, reply in buyer],
            closes_at=clock[closed],
        )
        for sid, buyer, closed in raw
    ]
    planned.sort(key=lambda s: (s.messages[0].at, s.id))
    return planned, max(clock.values(), default=0.0)


def _reply_after(said: list[dict], index: int) -> str | None:
    """The agent's message that answered the buyer's at ``index``: the next agent line
    before the buyer speaks again."""
    for line in said[index + 1 :]:
        if line["from"] == "buyer":
            return None
        if line["from"] == "agent":
            return line["text"]
    return None


def _shortened(moments: list[dt.datetime], max_gap: float | None) -> dict[dt.datetime, float]:
    """Each moment's seconds from the first, with gaps longer than ``max_gap`` cut to it."""
    clock: dict[dt.datetime, float] = {}
    offset, previous = 0.0, None
    for moment in moments:
        if previous is not None:
            gap = (moment - previous).total_seconds()
            offset += gap if max_gap is None else min(gap, max_gap)
        clock[moment] = offset
        previous = moment
    return clock
