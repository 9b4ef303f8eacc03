"""Care and return-visit campaigns (关怀与回访).

A campaign picks its customers (a segment, birthdays today, a region under a
weather warning, orders delivered yesterday, or N days ago), then for each one
sends a templated message (into an open chat, else by email) or opens a call task.
It never contacts a customer who opted out, never more than the shop's limit
(default one in seven days), and sends no message in quiet hours (default
21:00–09:00). ``preview`` and ``do_run`` share one plan, so the preview is
exactly what a run at the same moment sends.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from kefu.care import repository
from kefu.config import get_settings
from kefu.crm import profile, segments
from kefu.crm import service as crm_service
from kefu.kit import clock
from kefu.kit.errors import BadInput, Conflict, found
from kefu.kit.ids import new_id
from kefu.messaging import service as messaging
from kefu.models import Agent, Campaign, CareSend, Customer
from kefu.models.work import TaskKind
from kefu.order import service as order_service
from kefu.shop import service as shop
from kefu.task import service as task_service

KINDS = {
    "holiday": "节日问候",
    "birthday": "生日祝福",
    "weather": "天气提醒",
    "delivered": "签收回访",
    "return_visit": "定期回访",
}
ACTIONS = {"message": "发送消息", "call_task": "电话回访任务"}
VARIABLES = ("买家昵称", "店铺名", "地区", "订单号")
_VARIABLE = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class CampaignIn:
    name: str
    kind: str
    action: str
    template: str
    segment_id: str | None = None
    region: str | None = None
    days_after: int | None = None


@dataclass(frozen=True)
class Planned:
    customer_id: str
    occasion: str
    channel: str  # chat, email, call_task
    text: str
    address: str | None = None


@dataclass
class Plan:
    sends: list[Planned] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (customer, reason)


def check_campaign(db: Session, data: CampaignIn) -> CampaignIn:
    if not data.name.strip():
        raise BadInput("活动需要名称", code="bad_campaign")
    if data.kind not in KINDS or data.action not in ACTIONS:
        raise BadInput("未知的活动类型或方式", code="bad_campaign")
    unknown = sorted(set(_VARIABLE.findall(data.template)) - set(VARIABLES))
    if not data.template.strip() or unknown:
        raise BadInput(f"模板有误：未知变量 {'、'.join(unknown)}", code="bad_template")
    if data.kind == "holiday" and not data.segment_id:
        raise BadInput("节日问候需要选择客户分群", code="segment_required")
    if data.kind == "weather" and not (data.region or "").strip():
        raise BadInput("天气提醒需要填写地区", code="region_required")
    if data.kind == "return_visit" and not (data.days_after and 1 <= data.days_after <= 365):
        raise BadInput("回访需要签收后天数（1–365）", code="days_required")
    if data.segment_id:
        segments.get_segment(db, data.segment_id)
    return data


def do_create(db: Session, *, data: CampaignIn, author: Agent) -> Campaign:
    data = check_campaign(db, data)
    row = Campaign(
        id=new_id("cp"),
        name=data.name.strip(),
        kind=data.kind,
        action=data.action,
        template=data.template.strip(),
        segment_id=data.segment_id,
        region=(data.region or "").strip() or None,
        days_after=data.days_after,
        created_by=author.id,
        created_at=clock.now(),
    )
    repository.add(db, row)
    return row


def get_campaign(db: Session, campaign_id: str) -> Campaign:
    return found(repository.campaign(db, campaign_id), "没有这个活动", code="campaign_not_found")


def campaigns(db: Session) -> list[Campaign]:
    return repository.campaigns(db)


def sends(db: Session, *, campaign: Campaign) -> list[CareSend]:
    return repository.sends_of(db, campaign.id)


def quiet_until(db: Session, now: dt.datetime) -> dt.datetime | None:
    """When quiet hours end, if ``now`` is inside them."""
    starts, ends = _span(shop.get(db, "care_quiet_hours"))
    local = clock.in_zone(now, get_settings().shop_timezone)
    at = local.time()
    inside = (starts <= at or at < ends) if starts > ends else (starts <= at < ends)
    if not inside:
        return None
    day = local.date() + dt.timedelta(days=1) if at >= ends and starts > ends else local.date()
    return dt.datetime.combine(day, ends, tzinfo=local.tzinfo)


def _span(text: str) -> tuple[dt.time, dt.time]:
    """``21:00-09:00``: quiet hours may run past midnight."""
    try:
        starts, ends = (dt.time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        raise BadInput(
            f"免打扰时段格式应为 21:00-09:00，而不是 {text!r}", code="bad_hours"
        ) from None
    return starts, ends


def preview(db: Session, *, campaign: Campaign, now: dt.datetime | None = None) -> Plan:
    """Who would get what, and who not and why; writes nothing."""
    now = now or clock.now()
    plan = Plan()
    limit = int(shop.get(db, "care_limit_count"))
    since = now - dt.timedelta(days=int(shop.get(db, "care_limit_days")))
    candidates = _candidates(db, campaign, now)
    earlier = repository.contacts_since(db, sorted({c for c, _o, _v in candidates}), since)
    planned: dict[str, int] = {}
    for customer_id, occasion, values in candidates:
        customer = crm_service.get_customer(db, customer_id)
        reason = _skip_reason(db, campaign, customer, occasion)
        if reason is None and earlier.get(customer_id, 0) + planned.get(customer_id, 0) >= limit:
            reason = "limit"
        channel, address = (None, None) if reason else _channel(db, campaign, customer)
        if reason is None and channel is None:
            reason = "no_channel"
        if reason is not None:
            plan.skipped.append((customer_id, reason))
            continue
        assert channel is not None
        planned[customer_id] = planned.get(customer_id, 0) + 1
        text = _render(campaign.template, {"买家昵称": customer.nick or "亲", **values})
        plan.sends.append(Planned(customer_id, occasion, channel, text, address))
    return plan


def _skip_reason(db: Session, campaign: Campaign, customer: Customer, occasion: str) -> str | None:
    if customer.merged_into_id is not None:
        return "merged"
    if customer.marketing_opt_out:
        return "opted_out"
    if repository.sent_before(db, campaign.id, customer.id, occasion):
        return "already"
    return None


def _channel(db: Session, campaign: Campaign, customer: Customer) -> tuple[str | None, str | None]:
    if campaign.action == "call_task":
        return "call_task", None
    if messaging.live_session(db, customer_id=customer.id) is not None:
        return "chat", None
    if customer.email:
        return "email", customer.email
    return None, None


def _render(template: str, values: dict[str, str]) -> str:
    values = {"店铺名": get_settings().shop_name, **values}
    return _VARIABLE.sub(lambda m: values.get(m.group(1), ""), template)


def _candidates(
    db: Session, campaign: Campaign, now: dt.datetime
) -> list[tuple[str, str, dict[str, str]]]:
    """(customer, occasion, template values) for everyone the campaign is about."""
    zone = ZoneInfo(get_settings().shop_timezone)
    today = clock.in_zone(now, str(zone)).date()
    members = (
        set(segments.members_of(db, segment=segments.get_segment(db, campaign.segment_id), now=now))
        if campaign.segment_id
        else None
    )

    def chosen(customer_id: str) -> bool:
        return members is None or customer_id in members

    if campaign.kind == "holiday":
        return [(c, today.isoformat(), {}) for c in sorted(members or ())]
    if campaign.kind == "birthday":
        born = segments.members(
            db,
            rules=segments.check_rules({"rules": [{"field": "birthday_this_month", "op": "is"}]}),
            now=now,
        )
        return [
            (c.id, f"birthday-{today.year}", {})
            for c in (crm_service.get_customer(db, cid) for cid in born)
            if c.birthday is not None and c.birthday.day == today.day and chosen(c.id)
        ]
    if campaign.kind == "weather":
        region = campaign.region or ""
        there = segments.members(
            db,
            rules=segments.check_rules(
                {"rules": [{"field": "region", "op": "in", "value": [region]}]}
            ),
            now=now,
        )
        return [(c, today.isoformat(), {"地区": region}) for c in there if chosen(c)]
    if campaign.kind == "delivered":
        start, end = now - dt.timedelta(days=1), now
        prefix = "delivered"
    else:
        day = today - dt.timedelta(days=campaign.days_after or 0)
        start = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
        end, prefix = start + dt.timedelta(days=1), "visit"
    return [
        (o.customer_id, f"{prefix}-{o.id}", {"订单号": o.id})
        for o in order_service.delivered_between(db, start=start, end=end)
        if chosen(o.customer_id)
    ]


def run_refusal(db: Session, *, campaign: Campaign, now: dt.datetime) -> str | None:
    """Why a run now would be refused (messages in quiet hours), so a page can say so
    before anyone presses the button; None when it may run."""
    quiet = quiet_until(db, now)
    if quiet is None or campaign.action != "message":
        return None
    hours = shop.get(db, "care_quiet_hours")
    return f"免打扰时段（{hours}）不发送关怀消息，请于 {quiet:%H:%M} 后再发"


def do_run(
    db: Session, *, campaign: Campaign, author: Agent, now: dt.datetime | None = None
) -> Plan:
    """Send (or open call tasks for) exactly what ``preview`` shows at this moment."""
    now = now or clock.now()
    refusal = run_refusal(db, campaign=campaign, now=now)
    if refusal is not None:
        raise Conflict(refusal, code="quiet_hours")
    quiet = quiet_until(db, now)
    plan = preview(db, campaign=campaign, now=now)
    for send in plan.sends:
        _deliver(db, campaign, send, author=author, now=now, due=quiet or now)
    return plan


def _deliver(
    db: Session,
    campaign: Campaign,
    send: Planned,
    *,
    author: Agent,
    now: dt.datetime,
    due: dt.datetime,
) -> None:
    customer = crm_service.get_customer(db, send.customer_id)
    status, result = "sent", None
    if send.channel == "chat":
        live = messaging.live_session(db, customer_id=customer.id)
        assert live is not None  # planned a moment ago in the same transaction
        messaging.do_system_send(db, chat_session=live, text=send.text)
    elif send.channel == "email":
        status = "queued"  # the mail loop sends it through the relay (care.jobs)
    else:
        task = task_service.do_open(
            db,
            kind=TaskKind.care,
            title=f"{campaign.name}：回访 {customer.nick or customer.id}",
            due_at=due,
            dedupe_key=f"care:{campaign.id}:{customer.id}:{send.occasion}",
            customer_id=customer.id,
            payload={"text": send.text},
        )
        result = f"任务 {task.id}"
    repository.add(
        db,
        CareSend(
            campaign_id=campaign.id,
            customer_id=customer.id,
            occasion=send.occasion,
            at=now,
            channel=send.channel,
            text=send.text,
            status=status,
            result=result,
            address=send.address,
        ),
    )
    label = {"chat": "在线消息", "email": "邮件", "call_task": "电话回访任务"}[send.channel]
    profile.record(
        db,
        customer=customer,
        kind="care",
        text=f"{campaign.name}（{label}）：{send.text}",
        author=author,
    )
