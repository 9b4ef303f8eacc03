"""Past conversations of the demo shop, and the clock every demo builder draws from:
each session ends before now, some of them earlier today."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from kefu.demo import words
from kefu.demo.plan import AGENTS
from kefu.models.team import Role

N_SESSIONS = 400
N_TODAY = 16  # sessions opened and closed earlier today
RUSHED = 20  # every 20th session an agent answered in a hurry
DAY = 86400
GREETING = "您好，欢迎光临，请问有什么可以帮您？"
HANDOVER = "亲，我是智能客服小蜜，正在为您转接人工客服～"


class Builder:
    """Draws times before ``now`` (the shop's zone, whole minutes) from one random stream."""

    def __init__(self, rng: random.Random, now: dt.datetime) -> None:
        self.rng = rng
        self.zone = now.tzinfo
        self.now = now.replace(second=0, microsecond=0)

    def _ago(self, max_days: float, min_days: float = 0.0) -> dt.datetime:
        seconds = self.rng.uniform(min_days * DAY, max_days * DAY)
        return self.now - dt.timedelta(seconds=int(seconds))

    def _iso(self, value: dt.datetime) -> str:
        return value.astimezone(self.zone).isoformat()


class SessionBuilder(Builder):
    def __init__(self, rng: random.Random, now: dt.datetime, customer_ids: list[str]) -> None:
        super().__init__(rng, now)
        self.customer_ids = customer_ids

    def sessions(self) -> Iterator[dict[str, Any]]:
        midnight = self.now.replace(hour=0, minute=0)
        today = (self.now - midnight).total_seconds() / DAY
        for number in range(1, N_SESSIONS + 1):
            if number > N_SESSIONS - N_TODAY and today > 0.05:
                opened = self._ago(today, 0.03)  # earlier today, done by now
            else:
                opened = self._ago(30, 0.05)
            yield from self._session(f"s{number:05d}", opened, rushed=number % RUSHED == 0)

    def _session(
        self, session_id: str, opened: dt.datetime, *, rushed: bool
    ) -> Iterator[dict[str, Any]]:
        """One conversation; a rushed agent answers slowly and carelessly (QC flags it)."""
        rng = self.rng
        presale = [login for login, _n, role, _g in AGENTS if role is Role.presale]
        aftersale = [login for login, _n, role, _g in AGENTS if role is Role.aftersale]
        after = rng.random() < 0.4
        agent = rng.choice(aftersale if after else presale)
        lines: list[dict[str, Any]] = []
        at = opened
        talk = rng.sample(words.AFTERSALE_TALK if after else words.PRESALE_TALK, rng.randint(2, 4))
        bot_first = rng.random() < 0.3
        count = iter(range(1, 100))
        for turn, (question, answer) in enumerate(talk):
            fill = self._fill()
            lines.append(
                self._message(session_id, next(count), at, "buyer", None, question.format(**fill))
            )
            if turn == 0:  # the shop greets at once (S01), or the bot hands over
                at += dt.timedelta(seconds=rng.randint(1, 3))
                greeting = HANDOVER if bot_first else GREETING
                lines.append(self._message(session_id, next(count), at, "bot", None, greeting))
                if bot_first:
                    lines.append(
                        {
                            "type": "handoff",
                            "session": session_id,
                            "at": self._iso(at),
                            "reason": "buyer_asked",
                        }
                    )
            at += dt.timedelta(seconds=self._reply_delay(rushed))
            if rushed or rng.random() < 0.05:
                answer = rng.choice(words.SLOPPY_ANSWERS)
            lines.append(
                self._message(session_id, next(count), at, "agent", agent, answer.format(**fill))
            )
            at += dt.timedelta(seconds=rng.randint(20, 300))
        if rng.random() < 0.05:
            target = rng.choice(aftersale if not after else presale)
            lines.append(
                {
                    "type": "transfer",
                    "session": session_id,
                    "at": self._iso(at),
                    "from_agent": agent,
                    "to_agent": target,
                    "reason": "买家咨询售后问题，转售后处理" if not after else "买家想加购新款",
                }
            )
        if rng.random() < 0.5:
            lines.append(
                {
                    "type": "rating",
                    "session": session_id,
                    "score": rng.choice([5, 5, 5, 4, 4, 3, 2, 1]),
                    "at": self._iso(at),
                }
            )
        yield {
            "type": "session",
            "id": session_id,
            "customer": rng.choice(self.customer_ids),
            "channel": rng.choice(["web", "web", "marketplace", "marketplace", "email"]),
            "opened_at": self._iso(opened),
            "closed_at": self._iso(at),
        }
        yield from lines

    def _reply_delay(self, rushed: bool) -> int:
        """Seconds an agent takes to answer: mostly well inside the 60 s of the
        standard, now and then too slow."""
        slow = self.rng.random() < (0.5 if rushed else 0.06)
        return self.rng.randint(70, 150) if slow else self.rng.randint(4, 45)

    def _fill(self) -> dict[str, str]:
        return {
            "colour": self.rng.choice(words.COLOURS),
            "size": self.rng.choice(words.CLOTHES_SIZES),
            "material": "纯棉",
            "city": self.rng.choice(words.PLACES)[1],
        }

    def _message(
        self, session_id: str, n: int, at: dt.datetime, sender: str, agent: str | None, text: str
    ) -> dict[str, Any]:
        line = {
            "type": "message",
            "id": f"{session_id}-m{n:02d}",
            "session": session_id,
            "at": self._iso(at),
            "from": sender,
            "text": text,
        }
        if agent:
            line["agent"] = agent
        return line
