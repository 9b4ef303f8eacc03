"""The demo's targets, appraisal and training, so those pages are not empty: the shop's
KPI targets, this month's sales targets for 售前组 and its people, the leads' skills
scores, a course from a QC rule (assigned to 小美), a 整改通知单 to 小丽, a QC proposal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from kefu.appraisal import service as appraisal
from kefu.models import Agent
from kefu.team import service as team_service
from kefu.training import notices
from kefu.training import service as training
from kefu.training.schemas import CourseIn, NoticeIn, QuizItem

KPI_TARGETS = {
    "first_response_s": 30.0,
    "avg_response_s": 60.0,
    "conversion_rate": 0.35,
    "csat": 0.9,
    "avg_order_value": 150.0,
    "sales_target_rate": 1.0,
    "return_rate": 0.08,
    "refund_completion_rate": 0.9,
    "complaint_completion_rate": 0.9,
    "call_count": 200.0,
}
SALES_TARGETS = {"xiaomei": "2000.00", "xiaoli": "1500.00", "ajie": "1500.00"}
SKILLS = {
    "lina": {
        "xiaomei": (88, "产品知识扎实，推荐到位"),
        "xiaoli": (76, "称呼与礼貌用语需加强"),
        "ajie": (82, None),
    },
    "dagang": {"xiaowang": (85, "售后流程熟练"), "lanlan": (80, None)},
}


def _agent(db: Session, login: str) -> Agent:
    agent = team_service.get_agent(db, login)
    assert agent is not None
    return agent


def do_seed_team_month(db: Session, *, now: dt.datetime) -> None:
    month = now.strftime("%Y-%m")
    boss = _agent(db, "wangjie")
    for kpi, target in KPI_TARGETS.items():
        appraisal.do_set_kpi_target(db, kpi=kpi, target=target)
    appraisal.do_set_sales_target(
        db, actor=boss, month=month, group_id="售前组", amount=Decimal("5000.00")
    )
    for login, amount in SALES_TARGETS.items():
        appraisal.do_set_sales_target(
            db, actor=boss, month=month, agent_id=login, amount=Decimal(amount)
        )
    for lead, scores in SKILLS.items():
        for login, (score, comment) in scores.items():
            appraisal.do_score_skills(
                db,
                actor=_agent(db, lead),
                agent_id=login,
                month=month,
                score=score,
                comment=comment,
            )
    _seed_training(db, now=now)


def _seed_training(db: Session, *, now: dt.datetime) -> None:
    lina = _agent(db, "lina")
    course = training.do_save_course(
        db,
        by=lina,
        data=CourseIn(
            title="称呼与礼貌用语",
            kind="qc_rule",
            qc_rule="T01_ni_not_nin",
            notes="称呼买家一律用“您”；拒绝前先致歉，再给出替代方案；感谢时说“谢谢您”。",
            quiz=[
                QuizItem(question="称呼买家应使用哪个字？", options=["你", "您", "亲亲"], answer=1),
                QuizItem(
                    question="不能满足买家要求时，第一句应该是？",
                    options=["不行", "非常抱歉", "这个没办法"],
                    answer=1,
                ),
            ],
            pass_mark=100,
        ),
    )
    training.do_lead_assign(
        db, course=course, agent_ids=["xiaomei"], by=lina, note="质检发现多次称呼“你”"
    )
    notices.do_issue(
        db,
        by=lina,
        data=NoticeIn(
            agent_id="xiaoli",
            findings="本周质检 3 次称呼买家为“你”，1 次直接拒绝未致歉。"
            "请学习《称呼与礼貌用语》并说明整改做法。",
            due_at=now + dt.timedelta(days=3),
        ),
    )
    notices.do_propose(
        db,
        by=_agent(db, "liulaoshi"),
        title="催付话术增加问候语",
        body="催付消息直接提醒付款，买家反感。建议先问候并说明库存与发货时间，再提醒付款。",
    )
