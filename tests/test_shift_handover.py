"""The handover (交接班) goes to the next shift on the rota (issue 15: "handover notes written by
the evening shift are shown to and acknowledged by the night shift").

售前组 in Shanghai: eve 晚班 16:00–24:00 and night 夜班 22:00–06:00 on the 1st, day 早班
08:00–16:00 on the 2nd; idle is in the group with no shift; hl is 热线组's 夜班 on the 1st.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from kefu.kit.errors import Conflict, Forbidden
from kefu.kit.paging import PageParams
from kefu.models import Agent
from kefu.models.team import Role
from kefu.shift import handover, service
from tests.chat_helpers import agent, frozen_at

SH = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=SH)


@pytest.fixture
def people(session: Session) -> dict[str, Agent]:
    rows = {login: agent(session, login) for login in ("eve", "night", "day", "idle")}
    rows["hl"] = agent(session, "hl", group="热线组", role=Role.hotline)
    rows["boss"] = agent(session, "boss", group=None, role=Role.supervisor)
    shifts = {row.name: row.id for row in service.templates(session)}
    plan = [("eve", 1, "晚班"), ("night", 1, "夜班"), ("hl", 1, "夜班"), ("day", 2, "早班")]
    for login, day, name in plan:
        service.do_set_shift(
            session,
            actor=rows["boss"],
            agent_id=rows[login].id,
            day=dt.date(2026, 12, day),
            template_id=shifts[name],
        )
    return rows


def write(session: Session, writer: Agent, moment: dt.datetime) -> str:
    with frozen_at(moment):
        return handover.do_write(session, agent=writer, notes="L 码只剩 3 件", items=[]).id


def addressed(session: Session, writer: Agent, moment: dt.datetime) -> set[str]:
    return handover.recipients(session, agent=writer, at=moment)


class TestRecipients:
    def test_the_evening_shift_hands_over_to_the_night_shift_of_its_group(
        self, session: Session, people: dict[str, Agent]
    ) -> None:
        night = {people["night"].id}
        assert addressed(session, people["eve"], at(1, 23, 50)) == night
        assert addressed(session, people["eve"], at(2, 0, 30)) == night  # written late

    def test_across_a_gap_the_first_shift_after_takes_over(
        self, session: Session, people: dict[str, Agent]
    ) -> None:
        assert addressed(session, people["night"], at(2, 5, 50)) == {people["day"].id}

    def test_without_a_rota_the_whole_group_is_addressed(
        self, session: Session, people: dict[str, Agent]
    ) -> None:
        group = {people[login].id for login in ("eve", "night", "day")}
        assert addressed(session, people["idle"], at(10, 12)) == group


class TestHandovers:
    def test_only_the_next_shift_sees_the_badge_and_may_acknowledge(
        self, session: Session, people: dict[str, Agent]
    ) -> None:
        handover_id = write(session, people["eve"], at(1, 23, 50))
        params = PageParams()
        with frozen_at(at(2, 0, 10)):
            pending = handover.handovers(
                session, actor=people["night"], params=params, pending_only=True
            )
            assert [(row["id"], row["recipient_names"]) for row in pending["items"]] == [
                (handover_id, ["night"])
            ]
            for login in ("idle", "hl"):
                badge = handover.handovers(
                    session, actor=people[login], params=params, pending_only=True
                )
                assert badge["total"] == 0
                listed = handover.handovers(session, actor=people[login], params=params)
                assert listed["items"] == []
            with pytest.raises(Forbidden):
                handover.do_acknowledge(session, actor=people["idle"], handover_id=handover_id)
            with pytest.raises(Conflict):
                handover.do_acknowledge(session, actor=people["eve"], handover_id=handover_id)
            row = handover.do_acknowledge(session, actor=people["night"], handover_id=handover_id)
            assert row.acknowledged_by == people["night"].id
            assert handover.handovers(session, actor=people["boss"], params=params)["total"] == 1

    def test_paged_searched_and_sorted(self, session: Session, people: dict[str, Agent]) -> None:
        first = write(session, people["idle"], at(3, 10))
        second = write(session, people["idle"], at(3, 11))
        with frozen_at(at(3, 12)):
            page = handover.handovers(
                session, actor=people["idle"], params=PageParams(page=2, page_size=1)
            )
            assert (page["total"], [row["id"] for row in page["items"]]) == (2, [first])
            oldest = handover.handovers(
                session, actor=people["eve"], params=PageParams(sort="written_at")
            )
            assert [row["id"] for row in oldest["items"]] == [first, second]
            none = handover.handovers(session, actor=people["eve"], params=PageParams(), q="XL")
            assert none["total"] == 0
