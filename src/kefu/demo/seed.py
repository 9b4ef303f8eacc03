"""Seeds the demo shop.

The shop's history is written as exchange-format lines (conversation-log.md) and
loaded through the same import service a real shop uses, so the demo also exercises
the import path; its open work is then done through the services (kefu.demo.work).
Nothing in it is later than now, and a given seed and now always give the same shop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import orjson
from sqlalchemy.orm import Session

from kefu.aftersale import queries as aftersale_queries
from kefu.bot import kb
from kefu.catalog import service as catalog_service
from kefu.demo import words, work
from kefu.demo.care import seed_care
from kefu.demo.lines import demo_lines
from kefu.demo.plan import AGENTS, LEADS
from kefu.demo.replay import at
from kefu.demo.rota import do_seed_rota
from kefu.demo.team_month import do_seed_team_month
from kefu.feedback import service as feedback_service
from kefu.history import service as history_service
from kefu.kit import clock
from kefu.knowledge import service as knowledge_service
from kefu.models.team import ROLE_LABELS
from kefu.order import service as order_service
from kefu.team import leads
from kefu.team import service as team_service

DEMO_PASSWORD = "kefu-demo-2026"


def ensure_demo_shop(
    db: Session, *, seed: int, tz: str, now: dt.datetime | None = None
) -> list[tuple[str, str]]:
    """Seed the shop unless it is already there; return (login, role label) pairs."""
    accounts = [(login, ROLE_LABELS[role]) for login, _name, role, _group in AGENTS + LEADS]
    if team_service.get_agent(db, AGENTS[0][0]) is not None:
        return accounts
    now = clock.in_zone(now or clock.now(), tz).replace(second=0, microsecond=0)
    kept: dict[str, list[dict[str, Any]]] = {"order": [], "product": [], "session": []}
    served: dict[str, str] = {}

    def encoded() -> Iterator[bytes]:
        for line in demo_lines(seed=seed, now=now):
            if line["type"] in kept:
                kept[line["type"]].append(line)
            elif line["type"] == "message" and "agent" in line:
                served[line["session"]] = line["agent"]
            yield orjson.dumps(line)

    history_service.import_lines(db, encoded())
    for order in kept["order"]:
        for event in tracking_events(order):
            if event["at"] <= now:  # no scans from the future
                order_service.do_record_tracking(db, order_id=order["id"], **event)
    _seed_leads(db)
    staff = [team_service.get_agent(db, login) for login, _n, _r, _g in AGENTS + LEADS]
    team_service.do_share_password(
        db, agents=[agent for agent in staff if agent is not None], password=DEMO_PASSWORD
    )
    with at(now):
        kb.do_seed_defaults(db)
        _seed_warehouse_count(db, kept["product"])
        for shortcut, text, group in words.QUICK_PHRASES:
            knowledge_service.do_add_phrase(db, text=text, shortcut=shortcut, group_name=group)
        boss = team_service.get_agent(db, "wangjie")
        assert boss is not None
        seed_care(db, author=boss, anchor=now.date())
    sessions = {
        line["id"]: (served.get(line["id"]), dt.datetime.fromisoformat(line["closed_at"]))
        for line in kept["session"]
    }
    work.do_seed_open_work(db, now=now, orders=kept["order"], served=sessions)
    with at(now):
        _seed_feedback(db)
        do_seed_team_month(db, now=now)
    do_seed_rota(db, today=now.date())
    return accounts


def _seed_leads(db: Session) -> None:
    """售前, 售后, 质检 and 热线主管, each leading her group (team/leads.py)."""
    for login, name, role, group_name in LEADS:
        team_service.do_add_agent(db, login=login, role=role, password=DEMO_PASSWORD, name=name)
        leads.do_set_group_leads(db, group_id=group_name, lead_ids=[login])


FEEDBACK_WORDS = (
    ("logistics", ("物流", "快递", "发货", "送货", "包装")),
    ("quality", ("质量", "做工", "坏", "破", "掉色", "起球", "线头")),
    ("price", ("价格", "贵", "便宜", "降价")),
    ("service", ("客服", "态度", "回复")),
)


def _seed_warehouse_count(db: Session, products: list[dict[str, Any]]) -> None:
    """The warehouse counted every SKU; a few differ from what the shop lists."""
    rows = ["sku,actual_stock"]
    for product in products:
        for n, sku in enumerate(product["skus"]):
            off = 2 if (n + len(product["id"])) % 9 == 0 and sku["stock"] >= 2 else 0
            rows.append(f"{sku['id']},{sku['stock'] - off}")
    catalog_service.do_import_actual_stock(db, data="\n".join(rows) + "\n")


def _seed_feedback(db: Session) -> None:
    """Tag the demo's medium and bad reviews as feedback, as agents would."""
    author = team_service.get_agent(db, "xiaowang")
    assert author is not None
    for review in aftersale_queries.reviews_with_text(db, limit=60):
        text = review.text or ""
        category = next(
            (key for key, words in FEEDBACK_WORDS if any(word in text for word in words)), "product"
        )
        product = order_service.first_product(db, order_id=review.order_id)
        feedback_service.do_tag_review(
            db, review_id=review.id, category=category, product_id=product, author=author
        )


def tracking_events(order: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The courier's scans of a shipped demo order, derived from its own times. A parcel
    still on its way is scanned about every 20 hours, except a few that got stuck
    (logistics exceptions); the caller drops scans later than now."""
    if "shipped_at" not in order:
        return
    shipped = dt.datetime.fromisoformat(order["shipped_at"])
    city = (order.get("address") or "目的地")[:3]
    yield {"at": shipped, "status": "collected", "description": "快件已揽收", "location": "杭州"}
    on_the_way = "delivered_at" not in order and int(order["id"][-3:]) % 12 != 0
    for hop in range(6 if on_the_way else 1):
        yield {
            "at": shipped + dt.timedelta(hours=8 + 20 * hop),
            "status": "in_transit",
            "description": f"快件已到达【{'杭州' if hop == 0 else city}转运中心】，正发往下一站",
            "location": "杭州" if hop == 0 else city,
        }
    if "delivered_at" in order:
        delivered = dt.datetime.fromisoformat(order["delivered_at"])
        yield {
            "at": delivered - dt.timedelta(hours=3),
            "status": "out_for_delivery",
            "description": "快件正在派送中，请保持电话畅通",
            "location": city,
        }
        yield {
            "at": delivered,
            "status": "delivered",
            "description": "快件已签收",
            "location": city,
        }
