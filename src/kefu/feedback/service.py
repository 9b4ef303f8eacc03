"""Feedback to the rest of the company (意见反馈).

Agents tag a buyer's message or a review as feedback about the product, its
quality, logistics, price, the website or the service, with the product. Items
are grouped by their leading jieba keyword (TF-IDF over jieba's dictionary), and
a weekly report per category and product gives counts, the change from the week
before and example quotes, as a page, an .xlsx file, and mail to the addresses
set for each category (shop setting ``feedback_emails``).
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from email.message import EmailMessage
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from kefu.aftersale import product_review
from kefu.aftersale import queries as aftersale_queries
from kefu.config import get_settings
from kefu.crm import profile
from kefu.crm import service as crm_service
from kefu.feedback import repository
from kefu.kit import clock
from kefu.kit.errors import BadInput, Conflict
from kefu.kit.ids import new_id
from kefu.kit.xlsx import write_workbook
from kefu.mailing import service as mailing
from kefu.messaging import queries as messaging_queries
from kefu.messaging import service as messaging
from kefu.models import Agent, Feedback
from kefu.models.crm import FEEDBACK_CATEGORIES
from kefu.shop import service as shop

CATEGORIES = FEEDBACK_CATEGORIES
QUOTES = 3


def check_category(category: str) -> str:
    if category not in CATEGORIES:
        raise BadInput(f"未知的反馈类别 {category!r}", code="bad_category")
    return category


def do_tag_message(
    db: Session,
    *,
    session_id: str,
    message_id: str,
    category: str,
    product_id: str | None,
    author: Agent,
) -> Feedback:
    chat_session = messaging.check_agent_session(db, session_id=session_id)
    message = messaging_queries.buyer_message(db, chat_session=chat_session, message_id=message_id)
    return _add(
        db,
        "message",
        message.id,
        message.text,
        chat_session.customer_id,
        category,
        product_id,
        author,
    )


def do_tag_review(
    db: Session, *, review_id: str, category: str, product_id: str | None, author: Agent
) -> Feedback:
    review = product_review.get_review(db, review_id)
    if not review.text:
        raise BadInput("这条评价没有文字", code="empty_review")
    customer = aftersale_queries.review_customer(db, review=review)
    return _add(db, "review", review.id, review.text, customer, category, product_id, author)


def _add(
    db: Session,
    source_kind: str,
    source_id: str,
    text: str,
    customer_id: str | None,
    category: str,
    product_id: str | None,
    author: Agent,
) -> Feedback:
    check_category(category)
    if repository.for_source(db, source_kind, source_id) is not None:
        raise Conflict("这条已经标记为反馈", code="already_feedback")
    row = Feedback(
        id=new_id("fb"),
        category=category,
        product_id=product_id or None,
        text=text,
        source_kind=source_kind,
        source_id=source_id,
        customer_id=customer_id,
        author_id=author.id,
        at=clock.now(),
    )
    repository.add(db, row)
    if customer_id:
        customer = crm_service.get_customer(db, customer_id)
        profile.record(
            db,
            customer=customer,
            kind="feedback",
            text=f"{CATEGORIES[category]}：{text}",
            author=author,
        )
    return row


@lru_cache(maxsize=4096)
def keywords(text: str) -> tuple[str, ...]:
    """The text's three leading keywords (jieba TF-IDF)."""
    import jieba.analyse

    from kefu.bot.features import normalize

    return tuple(jieba.analyse.extract_tags(normalize(text), topK=3))


@dataclass
class Section:
    category: str
    label: str
    count: int = 0
    previous: int = 0
    products: Counter[str] = field(default_factory=Counter)
    groups: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)


def weekly_report(db: Session, *, week_start: dt.date) -> dict[str, Any]:
    """Feedback of the week starting that day (shop's zone), by category and product."""
    zone = ZoneInfo(get_settings().shop_timezone)
    start = dt.datetime.combine(week_start, dt.time(0), tzinfo=zone)
    end, before = start + dt.timedelta(days=7), start - dt.timedelta(days=7)
    items = repository.between(db, start, end)
    previous = Counter(row.category for row in repository.between(db, before, start))
    sections = {
        key: Section(key, label, previous=previous[key]) for key, label in CATEGORIES.items()
    }
    grouped: dict[str, dict[str, list[Feedback]]] = defaultdict(lambda: defaultdict(list))
    for row in items:
        section = sections[row.category]
        section.count += 1
        section.products[row.product_id or ""] += 1
        grouped[row.category][(keywords(row.text) or ("（其他）",))[0]].append(row)
    for key, groups in grouped.items():
        ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
        sections[key].groups = [
            {"keyword": word, "count": len(rows), "quote": rows[0].text} for word, rows in ordered
        ]
        sections[key].quotes = [rows[0].text for _word, rows in ordered[:QUOTES]]
    titles = repository.product_titles(db, {row.product_id for row in items if row.product_id})
    return {
        "week": {
            "from": week_start.isoformat(),
            "to": (week_start + dt.timedelta(days=7)).isoformat(),
        },
        "total": len(items),
        "categories": [
            {
                "category": s.category,
                "label": s.label,
                "count": s.count,
                "previous": s.previous,
                "change": s.count - s.previous,
                "products": [
                    {"product_id": p or None, "title": _title(p, titles), "count": n}
                    for p, n in s.products.most_common()
                ],
                "groups": s.groups,
                "quotes": s.quotes,
            }
            for s in sections.values()
        ],
        "items": [
            {
                "at": clock.in_zone(row.at, str(zone)).strftime("%Y-%m-%d %H:%M"),
                "category": CATEGORIES[row.category],
                "product_id": row.product_id or "",
                "product": _title(row.product_id, titles),
                "text": row.text,
                "keywords": "、".join(keywords(row.text)),
            }
            for row in items
        ],
    }


def _title(product_id: str | None, titles: dict[str, str]) -> str:
    """People read the product's title; feedback about no product says so."""
    if not product_id:
        return "（未指定商品）"
    return titles.get(product_id, product_id)


def report_xlsx(report: dict[str, Any], *, category: str | None = None) -> bytes:
    """The report as a workbook: the summary, the groups, every item."""
    chosen = [c for c in report["categories"] if category in (None, c["category"])]
    summary = [["类别", "本周", "上周", "变化", "主要商品", "示例"]] + [
        [
            c["label"],
            c["count"],
            c["previous"],
            c["change"],
            "、".join(f"{p['title']}({p['count']})" for p in c["products"][:3]),
            " / ".join(c["quotes"]),
        ]
        for c in chosen
    ]
    groups = [["类别", "关键词", "条数", "示例"]] + [
        [c["label"], g["keyword"], g["count"], g["quote"]] for c in chosen for g in c["groups"]
    ]
    labels = {c["label"] for c in chosen}
    items = [["时间", "类别", "商品", "内容", "关键词"]] + [
        [i["at"], i["category"], i["product"], i["text"], i["keywords"]]
        for i in report["items"]
        if i["category"] in labels
    ]
    buffer = io.BytesIO()
    write_workbook(buffer, {"分类汇总": summary, "归类": groups, "明细": items})
    return buffer.getvalue()


def do_mail_report(
    db: Session, *, week_start: dt.date, from_address: str, batch: str = "weekly"
) -> int:
    """Queue each category's part of the report for the addresses set for it (one
    outgoing mail per address, sent once by mailing/; once per ``batch``)."""
    addresses: dict[str, list[str]] = shop.get(db, "feedback_emails") or {}
    report = weekly_report(db, week_start=week_start)
    sent = 0
    for section in report["categories"]:
        to = addresses.get(section["category"]) or []
        if not to:
            continue
        mail = EmailMessage()
        mail["From"], mail["To"] = from_address, ", ".join(to)
        mail["Subject"] = (
            f"{get_settings().shop_name}意见反馈周报（{section['label']}，{week_start} 起）"
        )
        lines = [f"本周 {section['count']} 条（上周 {section['previous']} 条）。", "", "主要问题："]
        lines += [
            f"- {g['keyword']}（{g['count']} 条）：{g['quote']}" for g in section["groups"][:10]
        ]
        mail.set_content("\n".join(lines))
        mail.add_attachment(
            report_xlsx(report, category=section["category"]),
            maintype="application",
            subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            filename=f"feedback-{section['category']}-{week_start}.xlsx",
        )
        key = f"feedback:{batch}:{week_start}:{section['category']}"
        mailing.do_queue(db, key=key, mail=mail, recipients=to, now=clock.now())
        sent += 1
    return sent
