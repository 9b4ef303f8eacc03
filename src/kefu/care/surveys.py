"""Satisfaction surveys after a complaint or an after-sales case is resolved.

The buyer gets a signed link (in their open chat, else by email, else the agent
hands it over) to a page where they score 1–5 and comment. Scores feed CSAT next
to the end-of-chat ratings; a score of 1 or 2 opens a follow-up task.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from kefu.aftersale import queries as aftersale_queries
from kefu.care import repository
from kefu.care.schemas import SurveyViewOut
from kefu.config import get_settings
from kefu.crm import profile
from kefu.crm import service as crm_service
from kefu.kit import clock
from kefu.kit.errors import BadInput, Conflict, Forbidden, found
from kefu.kit.ids import new_id
from kefu.kit.text import same_secret
from kefu.messaging import service as messaging
from kefu.models import Agent, Survey
from kefu.task import service as task_service


def signature(survey_id: str) -> str:
    key = get_settings().signing_key.encode()
    return hmac.new(key, f"survey|{survey_id}".encode(), hashlib.sha256).hexdigest()[:32]


def link(survey: Survey) -> str:
    return f"{get_settings().public_url.rstrip('/')}/survey/{survey.id}?sig={signature(survey.id)}"


def do_send(db: Session, *, case_kind: str, case_id: str, author: Agent | None) -> Survey:
    """Survey a resolved case's buyer once (409 if the case is open or surveyed)."""
    case = aftersale_queries.resolved_case(db, kind=case_kind, case_id=case_id)
    if not case.resolved:
        raise Conflict(f"{case.group_label}尚未处理完，不能发满意度回访", code="case_not_resolved")
    if repository.survey_for(db, case_kind, case_id) is not None:
        raise Conflict("这个案件已发过满意度回访", code="already_surveyed")
    customer = crm_service.get_customer(db, case.customer_id)
    live = messaging.live_session(db, customer_id=customer.id)
    channel = "chat" if live else ("email" if customer.email else "link")
    survey = Survey(
        id=new_id("sv"),
        case_kind=case_kind,
        case_id=case_id,
        customer_id=customer.id,
        sent_at=clock.now(),
        channel=channel,
        status={"chat": "sent", "email": "queued", "link": "sent"}[channel],
        address=customer.email if channel == "email" else None,
    )
    repository.add(db, survey)
    if live is not None:
        messaging.do_system_send(db, chat_session=live, text=message(survey, case.group_label))
    profile.record(
        db,
        customer=customer,
        kind="survey",
        text=f"发送{case.group_label}满意度回访",
        author=author,
    )
    return survey


def message(survey: Survey, label: str) -> str:
    return (
        f"您好，您的{label}已处理完毕。请为我们的服务打分（1–5 分），"
        f"帮助我们做得更好：{link(survey)}"
    )


def check_survey(db: Session, *, survey_id: str, sig: str) -> Survey:
    survey = found(repository.survey(db, survey_id), "没有这份问卷", code="survey_not_found")
    if not same_secret(signature(survey_id), sig):
        raise Forbidden("问卷链接无效", code="bad_survey_link")
    return survey


SUBJECTS = {"complaint": "投诉", "refund": "售后"}


def view(survey: Survey) -> SurveyViewOut:
    """The survey as its public page shows it (the page itself is static: web/survey.html)."""
    return SurveyViewOut(
        id=survey.id,
        shop_name=get_settings().shop_name,
        subject=SUBJECTS.get(survey.case_kind, "服务"),
        answered=survey.answered_at is not None,
        score=survey.score,
    )


def do_answer(db: Session, *, survey: Survey, score: int, comment: str | None) -> Survey:
    if survey.answered_at is not None:
        raise Conflict("这份问卷已经提交过了", code="already_answered")
    if not 1 <= score <= 5:
        raise BadInput("评分应为 1–5 分", code="bad_score")
    survey.score, survey.comment, survey.answered_at = (
        score,
        (comment or "").strip()[:2000] or None,
        clock.now(),
    )
    customer = crm_service.get_customer(db, survey.customer_id)
    profile.record(
        db,
        customer=customer,
        kind="survey",
        text=f"满意度 {score} 分：{survey.comment or '（无评语）'}",
        author=None,
    )
    task_service.do_follow_up_low_score(
        db,
        reason="满意度回访",
        key=f"survey:{survey.id}",
        score=score,
        customer_id=survey.customer_id,
    )
    return survey


@dataclass
class Scores:
    count: int = 0
    good: int = 0
    total: int = 0

    def out(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "csat": None if not self.count else round(self.good / self.count, 4),
            "mean": None if not self.count else float(round(Decimal(self.total) / self.count, 2)),
        }


def satisfaction(db: Session, *, start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    """CSAT (share of 4 and 5) of chat ratings and of surveys, and both together."""
    parts = {"chat": Scores(), "surveys": Scores(), "all": Scores()}
    for source, scores in (
        ("chat", repository.rating_scores(db, start, end)),
        ("surveys", repository.survey_scores(db, start, end)),
    ):
        for score in scores:
            for key in (source, "all"):
                parts[key].count += 1
                parts[key].good += score >= 4
                parts[key].total += score
    return {key: value.out() for key, value in parts.items()}
