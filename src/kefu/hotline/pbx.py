"""Call events from the shop's PBX or cloud call centre (docs/pbx.md).

Each (call id, event) is applied once: PBXes retry, so a second post answers
``duplicate: true`` and changes nothing. Events may arrive out of order (a recording
before "ended"); each one only moves the call forward."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kefu.crm import service as crm_service
from kefu.crm.profile import display_name
from kefu.hotline import events, recordings, repository, service
from kefu.hotline.schemas import PbxEventIn, PbxEventOut
from kefu.kit import clock, phone
from kefu.kit.errors import BadInput, Conflict, NotFound
from kefu.kit.ids import new_id
from kefu.models import Agent, HotlineCall, PbxEvent
from kefu.models.hotline import CallState
from kefu.models.shift import DutyKind
from kefu.models.team import AgentStatus, Role
from kefu.models.work import TaskKind
from kefu.shift import coverage
from kefu.task import service as task_service
from kefu.team import service as team_service


def do_apply(db: Session, *, event: PbxEventIn) -> PbxEventOut:
    """Apply one PBX event (once); the call as it stands after it."""
    call = repository.by_pbx_id(db, event.call_id)
    duplicate = repository.seen_event(db, event.call_id, event.event)
    if not duplicate:
        at = clock.ensure_aware(event.at or clock.now())
        call = call or _new_call(db, event=event, at=at)
        APPLY[event.event](db, call, event, at)
        repository.add(
            db, PbxEvent(call_id=event.call_id, event=event.event, received_at=clock.now())
        )
    if call is None:  # an event applied once always left its call
        raise NotFound(f"没有这通电话 {event.call_id}", code="call_unknown")
    return _out(call, event=event.event, duplicate=duplicate)


def do_apply_recording_file(db: Session, *, call_id: str, stored: tuple[str, str]) -> PbxEventOut:
    """The "recording" event with the file itself (already checked and kept)."""
    call = repository.by_pbx_id(db, call_id)
    if call is None:
        raise NotFound(f"没有这通电话 {call_id}", code="call_unknown")
    duplicate = repository.seen_event(db, call_id, "recording")
    if not duplicate:
        recordings.do_attach(db, call=call, stored=stored)
        repository.add(db, PbxEvent(call_id=call_id, event="recording", received_at=clock.now()))
    return _out(call, event="recording", duplicate=duplicate)


def _out(call: HotlineCall, *, event: str, duplicate: bool) -> PbxEventOut:
    return PbxEventOut(
        call_id=call.pbx_call_id,
        event=event,
        state=call.state,
        duplicate=duplicate,
        hotline_call_id=call.id,
        phone_call_id=call.phone_call_id,
        task_id=call.task_id,
    )


def _new_call(db: Session, *, event: PbxEventIn, at: dt.datetime) -> HotlineCall:
    if not event.phone:
        raise BadInput("这通电话的第一个事件需要电话号码 phone", code="phone_required")
    number = phone.normalise(event.phone)
    customer = crm_service.customer_by_phone(db, phone=number)
    call = HotlineCall(
        id=new_id("hc"),
        pbx_call_id=event.call_id,
        direction=event.direction,
        phone=number,
        state=CallState.ringing,
        customer_id=customer.id if customer else None,
        rang_at=at,
    )
    repository.add(db, call)
    return call


def _agent(db: Session, event: PbxEventIn) -> Agent | None:
    """The agent the PBX names, by id or login; 422 for a name nobody has."""
    if not event.agent:
        return None
    for agent in team_service.list_agents(db):
        if event.agent in (agent.id, agent.login) and agent.active:
            return agent
    raise BadInput(f"没有坐席 {event.agent}", code="agent_unknown")


def _ringing(db: Session, call: HotlineCall, event: PbxEventIn, at: dt.datetime) -> None:
    """Pop the incoming-call screen for the named agent, else for every 热线 agent online and,
    after hours, the night hotline duty."""
    agent = _agent(db, event)
    call.agent_id = agent.id if agent else call.agent_id
    if call.state != CallState.ringing:
        return
    night = _night_duty(db, call)
    targets = [agent.id] if agent else sorted({*_hotline_agents_online(db), *filter(None, [night])})
    name = None
    if call.customer_id:
        customer = crm_service.get_customer(db, call.customer_id)
        name = display_name(customer.id, customer.nick, customer.name)
    events.incoming_call(db, call=call, caller_name=name, agent_ids=targets)


def _hotline_agents_online(db: Session) -> list[str]:
    return [
        a.id
        for a in team_service.list_agents(db)
        if a.active and a.role == Role.hotline and a.status == AgentStatus.online
    ]


def _night_duty(db: Session, call: HotlineCall) -> str | None:
    """The agent on night hotline duty when the call rang outside working hours (the duty
    day runs 06:00–06:00 in the shop's zone, so 01:30 is still the evening's duty)."""
    return coverage.night_duty_holder(db, kind=DutyKind.night_hotline, at=call.rang_at)


def _answered(db: Session, call: HotlineCall, event: PbxEventIn, at: dt.datetime) -> None:
    """The call is handled: its record (a PhoneCall, counted in 通时通次) opens."""
    if call.state == CallState.missed:
        raise Conflict("这通电话已记为未接", code="call_missed")
    agent = _agent(db, event)
    agent_id = agent.id if agent else call.agent_id
    if agent_id is None:
        raise BadInput("接听事件需要坐席 agent", code="agent_required")
    call.agent_id = agent_id
    call.answered_at = call.answered_at or at
    if call.state == CallState.ringing:
        call.state = CallState.answered
    if call.phone_call_id is None:
        customer = service.customer_for(db, number=call.phone, customer_id=call.customer_id)
        call.customer_id = customer.id
        call.phone_call_id = service.do_open_call(
            db,
            agent_id=agent_id,
            customer=customer,
            number=call.phone,
            direction=call.direction,
            at=at,
        ).id


def _ended(db: Session, call: HotlineCall, event: PbxEventIn, at: dt.datetime) -> None:
    """Hung up: the talk time goes on the record; a call nobody answered is a missed one."""
    if call.answered_at is None:
        _missed(db, call, event, at)
        return
    call.ended_at = at
    call.state = CallState.ended
    if call.phone_call_id is not None:
        record = crm_service.get_call(db, call.phone_call_id)
        talked = event.duration_s
        if talked is None:
            talked = max(0, int((at - clock.ensure_aware(call.answered_at)).total_seconds()))
        record.duration_s = talked
        if record.result == "（通话中）":
            record.result = "（待填写）"


def _missed(db: Session, call: HotlineCall, event: PbxEventIn, at: dt.datetime) -> None:
    """Nobody answered: a call-back task due by the end of the day, in the shop's zone, for
    the night hotline duty after hours; else for the agent the PBX rang, else for the
    hotline pool that the 热线 agents online work (热线待认领)."""
    if call.answered_at is not None:
        raise Conflict("这通电话已接听，不能记为未接", code="call_answered")
    agent = _agent(db, event)
    call.agent_id = agent.id if agent else call.agent_id
    call.state = CallState.missed
    call.ended_at = call.ended_at or at
    if call.task_id is None:
        call.task_id = task_service.do_open(
            db,
            kind=TaskKind.hotline_call,
            title=f"未接来电回拨：{call.phone}",
            due_at=service.end_of_day(call.rang_at),
            dedupe_key=f"missed:{call.id}",
            assignee_id=_night_duty(db, call) or call.agent_id,
            customer_id=call.customer_id,
            payload={"reason": "callback", "script": service.script_for("callback")},
        ).id


def _recording(db: Session, call: HotlineCall, event: PbxEventIn, at: dt.datetime) -> None:
    if not event.recording_url:
        raise BadInput("录音事件需要 recording_url（或上传录音文件）", code="recording_required")
    recordings.do_attach(db, call=call, url=event.recording_url)


APPLY = {
    "ringing": _ringing,
    "answered": _answered,
    "ended": _ended,
    "missed": _missed,
    "recording": _recording,
}
