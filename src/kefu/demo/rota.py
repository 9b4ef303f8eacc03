"""The demo's rota (排班): a week of shifts for everybody, this week and the next, so the
calendar reads like a shop's: 售前 and 售后 on day, middle and evening shifts, the hotline's
night shift, two rest days each spread over the week; the night duties and an on-call
person every day, 催付 passing round the 售前 agents one a day.

The demo keeps ``rota_routing`` off: its live chats must reach whoever logs in, at any hour,
so the rota plans shifts and handovers but does not decide who takes a chat.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from kefu.models.shift import DutyKind
from kefu.shift import service as shift_service
from kefu.shop import service as shop
from kefu.team import service as team_service

# Login → a week's shifts from Monday ("" is a day off).
THIS_WEEK = {
    "xiaomei": ("早班", "早班", "中班", "", "早班", "中班", ""),
    "xiaoli": ("中班", "晚班", "", "早班", "晚班", "", "早班"),
    "ajie": ("晚班", "", "早班", "晚班", "", "早班", "晚班"),
    "xiaowang": ("早班", "早班", "", "早班", "中班", "早班", ""),
    "lanlan": ("晚班", "中班", "早班", "", "晚班", "", "早班"),
    "xiaozhao": ("早班", "早班", "早班", "早班", "早班", "", ""),
    "afang": ("夜班", "夜班", "", "夜班", "夜班", "夜班", ""),
    "laochen": ("早班", "早班", "早班", "早班", "早班", "", ""),
    "xiaosun": ("中班", "中班", "", "中班", "中班", "中班", ""),
    "zhoujie": ("早班", "早班", "中班", "中班", "早班", "", "早班"),
    "ahui": ("晚班", "晚班", "晚班", "", "", "晚班", "晚班"),
    "liulaoshi": ("早班", "早班", "早班", "早班", "早班", "", ""),
    "xiaoxu": ("中班", "", "中班", "中班", "", "中班", "中班"),
    "wangjie": ("早班", "早班", "早班", "早班", "早班", "", ""),
    "lina": ("早班", "早班", "早班", "", "早班", "早班", ""),
    "dagang": ("中班", "中班", "中班", "中班", "", "", "中班"),
    "qinjie": ("早班", "早班", "", "早班", "早班", "早班", ""),
    "laowu": ("早班", "", "早班", "早班", "早班", "", "早班"),
}
NEXT_WEEK = {
    **THIS_WEEK,
    "ajie": ("夜班", "夜班", "", "通宵", "夜班", "夜班", ""),
    "lanlan": ("晚班", "", "晚班", "晚班", "晚班", "", "晚班"),
}
NIGHT = {DutyKind.night_refund_review: ("ahui", "zhoujie"), DutyKind.night_hotline: ("afang",)}
ON_CALL = ("wangjie", "lina", "dagang")
PAYMENT_REMINDERS = ("xiaomei", "xiaoli", "ajie")


def do_seed_rota(db: Session, *, today: dt.date) -> None:
    boss = team_service.get_agent(db, "wangjie")
    assert boss is not None
    shop.do_set(db, key="rota_routing", value=False)
    shifts = {row.name: row.id for row in shift_service.templates(db)}
    monday = shift_service.week_start(today)
    for start, plan in ((monday, THIS_WEEK), (monday + dt.timedelta(days=7), NEXT_WEEK)):
        for login, week in plan.items():
            for offset, name in enumerate(week):
                if name:
                    day = start + dt.timedelta(days=offset)
                    shift_service.do_set_shift(
                        db, actor=boss, agent_id=login, day=day, template_id=shifts[name]
                    )
    for offset in range(14):
        day = monday + dt.timedelta(days=offset)
        for kind, people in NIGHT.items():
            who = people[offset % len(people)]
            shift_service.do_set_duty(db, actor=boss, day=day, kind=kind, agent_id=who)
        who = ON_CALL[offset % len(ON_CALL)]
        shift_service.do_set_duty(db, actor=boss, day=day, kind=DutyKind.on_call, agent_id=who)
    shift_service.do_set_rotation(
        db,
        actor=boss,
        kind=DutyKind.payment_reminder,
        agent_ids=list(PAYMENT_REMINDERS),
        starts_on=monday,
    )
