"""The hotline desk's services, one class per method, on a real database."""

from __future__ import annotations

import datetime as dt
import io
import struct
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from kefu.hotline import lists, pbx, recordings, service
from kefu.hotline.schemas import CallFormIn, PbxEventIn
from kefu.kit import outbox, phone
from kefu.kit.errors import BadInput, Conflict
from kefu.models import Agent, Complaint, Task
from kefu.qc.qc_review import ReviewIn
from tests.hotline_helpers import add_hotline_team

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOON = dt.datetime(2026, 11, 30, 12, 0, tzinfo=SHANGHAI)


@pytest.fixture
def team(session: Session) -> dict[str, Agent]:
    return add_hotline_team(session)


def wav() -> bytes:
    """A tiny valid WAV header (what a recording file begins with)."""
    return b"RIFF" + struct.pack("<I", 36) + b"WAVEfmt " + b"\x00" * 24


class TestNormalise:
    @pytest.mark.parametrize(
        "typed", ["+86 138-0013-8000", "0086 13800138000", "138 0013 8000", "8613800138000"]
    )
    def test_one_mobile_number_however_typed(self, typed: str) -> None:
        assert phone.normalise(typed) == "13800138000"

    def test_a_landline_keeps_its_area_code_and_junk_is_refused(self) -> None:
        assert phone.normalise("+86 21 6234 5678") == phone.normalise("021-6234-5678")
        with pytest.raises(BadInput):
            phone.normalise("call me")


@pytest.mark.usefixtures("team")
class TestCaller:
    def test_the_number_finds_the_customer_and_her_open_cases(self, session: Session) -> None:
        session.add(Complaint(id="cp1", customer_id="c_li", category="service", opened_at=NOON))
        session.add(
            Complaint(
                id="cp2", customer_id="c_li", category="service", opened_at=NOON, resolved_at=NOON
            )
        )
        session.flush()
        found = service.caller(session, number="+86 13800138000")
        assert found.customer is not None and found.customer.id == "c_li"
        assert [case.id for case in found.open_cases] == ["cp1"]

    def test_an_unknown_number_finds_nobody(self, session: Session) -> None:
        found = service.caller(session, number="139 0000 0000")
        assert (found.phone, found.customer) == ("13900000000", None)


class TestDoSaveForm:
    def test_a_call_by_hand_opens_a_profile_and_the_follow_up(
        self, session: Session, team: dict[str, Agent]
    ) -> None:
        form = CallFormIn(
            phone="139-0000-0000",
            direction="out",
            duration_s=90,
            reason="咨询发货",
            result="已告知明天发货",
            follow_up_title="明天确认发货",
            follow_up_due_at=NOON + dt.timedelta(days=1),
        )
        record = service.do_save_form(session, agent=team["zhao"], form=form)
        assert (record.phone, record.direction, record.duration_s, record.topic) == (
            "13900000000",
            "out",
            90,
            "咨询发货",
        )
        follow_up = session.get(Task, record.task_id)
        assert follow_up is not None and follow_up.assignee_id == "zhao"

    def test_the_form_of_a_ringing_pbx_call_answers_it_and_finishes_its_task(
        self, session: Session, team: dict[str, Agent]
    ) -> None:
        missed = pbx.do_apply(
            session, event=PbxEventIn(call_id="m1", event="missed", phone="13800138000", at=NOON)
        )
        form = CallFormIn(
            phone="13800138000",
            direction="out",
            task_id=missed.task_id,
            reason="回拨",
            result="已解决",
        )
        record = service.do_save_form(session, agent=team["zhao"], form=form)
        assert record.customer_id == "c_li"
        task = session.get(Task, missed.task_id)
        assert task is not None and (task.status, task.result_note) == ("done", "已解决")


@pytest.mark.usefixtures("team")
class TestDoAddCallTask:
    def test_one_task_per_reason_and_order_with_the_script(self, session: Session) -> None:
        due = NOON + dt.timedelta(hours=2)
        first = service.do_add_call_task(
            session, customer_id="c_li", reason="large_unpaid", script=None, due_at=due
        )
        again = service.do_add_call_task(
            session, customer_id="c_li", reason="large_unpaid", script="别的话术", due_at=due
        )
        assert again.id == first.id and first.kind == "hotline_call"
        assert first.payload is not None and "还没有付款" in first.payload["script"]

    def test_an_unknown_reason_is_refused(self, session: Session) -> None:
        with pytest.raises(BadInput):
            service.do_add_call_task(
                session, customer_id="c_li", reason="x", script=None, due_at=NOON
            )


class TestDoApply:
    def test_ringing_pops_the_named_agent_else_every_online_hotline_agent(
        self, session: Session, team: dict[str, Agent]
    ) -> None:
        team["zhao"].status = "online"
        pbx.do_apply(session, event=PbxEventIn(call_id="p1", event="ringing", phone="13800138000"))
        named = PbxEventIn(call_id="p2", event="ringing", phone="13800138000", agent="fang")
        pbx.do_apply(session, event=named)
        pops = [(channel, e["customer_name"]) for channel, e in outbox.take(session)]
        assert pops == [("agent:zhao", "李女士"), ("agent:fang", "李女士")]

    def test_a_missed_call_cannot_then_be_answered(
        self, session: Session, team: dict[str, Agent]
    ) -> None:
        pbx.do_apply(session, event=PbxEventIn(call_id="m", event="missed", phone="13800138000"))
        with pytest.raises(Conflict):
            pbx.do_apply(session, event=PbxEventIn(call_id="m", event="answered", agent="zhao"))

    def test_ended_without_an_answer_is_a_missed_call(
        self, session: Session, team: dict[str, Agent]
    ) -> None:
        pbx.do_apply(session, event=PbxEventIn(call_id="e", event="ringing", phone="13800138000"))
        out = pbx.do_apply(session, event=PbxEventIn(call_id="e", event="ended", at=NOON))
        assert out.state == "missed" and out.task_id is not None and out.phone_call_id is None


class TestSaveUpload:
    def test_audio_is_decided_by_its_bytes(self, team: dict[str, Agent]) -> None:
        assert recordings.save_upload(io.BytesIO(wav()))[0] == "audio/wav"
        assert recordings.sniff_audio_type(b"ID3\x04rest") == "audio/mpeg"
        assert recordings.sniff_audio_type(b"OggS\x00") == "audio/ogg"
        assert recordings.sniff_audio_type(b"\x00\x00\x00\x20ftypM4A ") == "audio/mp4"
        with pytest.raises(BadInput):
            recordings.save_upload(io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 20))


class TestDoReview:
    def test_qc_scores_a_call_on_the_chat_sheet(
        self, session: Session, team: dict[str, Agent]
    ) -> None:
        pbx.do_apply(
            session,
            event=PbxEventIn(call_id="r", event="answered", phone="13800138000", agent="zhao"),
        )
        out = pbx.do_apply(
            session,
            event=PbxEventIn(
                call_id="r", event="recording", recording_url="https://pbx.example/r.mp3"
            ),
        )
        record = service.crm_service.get_call(session, out.phone_call_id or "")
        assert record.recording_url == "https://pbx.example/r.mp3"
        sheet = ReviewIn(quantified=80, quality=90, skills=70)
        row = recordings.do_review(session, reviewer=team["qc1"], record=record, sheet=sheet)
        assert row.total == 81.0  # 80 × 0.5 + 90 × 0.3 + 70 × 0.2


class TestDayStats:
    def test_a_lead_sees_her_groups_agents_only(
        self, session: Session, team: dict[str, Agent]
    ) -> None:
        for call_id, agent, direction, seconds in [
            ("a", "zhao", "in", 60),
            ("b", "zhao", "out", 30),
            ("c", "fang", "in", 120),
        ]:
            event = PbxEventIn(
                call_id=call_id,
                event="answered",
                phone="13800138000",
                agent=agent,
                direction=direction,
                at=NOON,
            )
            pbx.do_apply(session, event=event)
            pbx.do_apply(
                session,
                event=PbxEventIn(call_id=call_id, event="ended", duration_s=seconds, at=NOON),
            )
        day = NOON.date()
        scope = service.visible_agents(session, agent=team["hlead"])
        rows = lists.day_stats(session, start=day, end=day, agent_ids=scope)
        assert [
            (r.agent_id, r.in_count, r.out_count, r.call_count, r.call_minutes) for r in rows
        ] == [("zhao", 1, 1, 2, 1.5)]
        everyone = lists.day_stats(session, start=day, end=day, agent_ids=None)
        assert {r.agent_id: r.call_minutes for r in everyone} == {"zhao": 1.5, "fang": 2.0}
