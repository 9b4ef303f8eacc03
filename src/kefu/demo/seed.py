"""Seeds the demo shop.

The shop is written as exchange-format lines (conversation-log.md) and loaded
through the same import service a real shop uses, so the demo also exercises the
import path. A given seed and anchor day always give the same shop.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from sqlalchemy.orm import Session

from kefu.aftersale import service as aftersale_service
from kefu.bot import kb
from kefu.catalog import service as catalog_service
from kefu.demo import words
from kefu.demo.care import seed_care
from kefu.feedback import service as feedback_service
from kefu.history import service as history_service
from kefu.kit import clock
from kefu.kit.money import format_yuan
from kefu.knowledge import service as knowledge_service
from kefu.models.team import ROLE_LABELS, Role
from kefu.order import service as order_service
from kefu.team import service as team_service

DEMO_PASSWORD = "kefu-demo-2026"
# login, display name, role, group
AGENTS = [
    ("xiaomei", "小美", Role.presale, "售前组"),
    ("xiaoli", "小丽", Role.presale, "售前组"),
    ("ajie", "阿杰", Role.presale, "售前组"),
    ("xiaowang", "小王", Role.aftersale, "售后组"),
    ("lanlan", "兰兰", Role.aftersale, "售后组"),
    ("laochen", "老陈", Role.order_review, None),
    ("zhoujie", "周姐", Role.refund_review, None),
    ("liulaoshi", "刘老师", Role.qc, None),
    ("xiaozhao", "小赵", Role.hotline, None),
    ("wangjie", "王姐", Role.supervisor, None),
]
N_CUSTOMERS = 200
N_ORDERS = 500
N_SESSIONS = 400


def ensure_demo_shop(
    session: Session, *, seed: int, tz: str, anchor: dt.date | None = None
) -> list[tuple[str, str]]:
    """Seed the shop unless it is already there; return (login, role label) pairs."""
    accounts = [(login, ROLE_LABELS[role]) for login, _name, role, _group in AGENTS]
    if team_service.get_agent(session, AGENTS[0][0]) is not None:
        return accounts
    anchor = anchor or clock.in_zone(clock.now(), tz).date()
    orders: list[dict[str, Any]] = []

    products: list[dict[str, Any]] = []

    def encoded() -> Iterator[bytes]:
        for line in demo_lines(seed=seed, tz=tz, anchor=anchor):
            if line["type"] == "order":
                orders.append(line)
            elif line["type"] == "product":
                products.append(line)
            yield orjson.dumps(line)

    history_service.import_lines(session, encoded())
    now = clock.now()
    for order in orders:
        for event in tracking_events(order):
            if event["at"] <= now:  # no scans from the future
                order_service.do_record_tracking(session, order_id=order["id"], **event)
    kb.do_seed_defaults(session)
    _seed_feedback(session)
    _seed_warehouse_count(session, products)
    for login, _name, _role, _group in AGENTS:
        agent = team_service.get_agent(session, login)
        assert agent is not None
        team_service.do_set_password(session, agent=agent, password=DEMO_PASSWORD, login=login)
    for shortcut, text, group in words.QUICK_PHRASES:
        knowledge_service.do_add_phrase(session, text=text, shortcut=shortcut, group_name=group)
    supervisor = team_service.get_agent(session, "wangjie")
    assert supervisor is not None
    seed_care(session, author=supervisor, anchor=anchor)
    return accounts


FEEDBACK_WORDS = (
    ("logistics", ("物流", "快递", "发货", "送货", "包装")),
    ("quality", ("质量", "做工", "坏", "破", "掉色", "起球", "线头")),
    ("price", ("价格", "贵", "便宜", "降价")),
    ("service", ("客服", "态度", "回复")),
)


def _seed_warehouse_count(session: Session, products: list[dict[str, Any]]) -> None:
    """The warehouse counted every SKU; a few differ from what the shop lists."""
    rows = ["sku,actual_stock"]
    for product in products:
        for n, sku in enumerate(product["skus"]):
            off = 2 if (n + len(product["id"])) % 9 == 0 and sku["stock"] >= 2 else 0
            rows.append(f"{sku['id']},{sku['stock'] - off}")
    catalog_service.do_import_actual_stock(session, data="\n".join(rows) + "\n")


def _seed_feedback(session: Session) -> None:
    """Tag the demo's medium and bad reviews as feedback, as agents would."""
    author = team_service.get_agent(session, "xiaowang")
    assert author is not None
    for review in aftersale_service.reviews_with_text(session, limit=60):
        text = review.text or ""
        category = next(
            (key for key, words in FEEDBACK_WORDS if any(word in text for word in words)), "product"
        )
        product = order_service.first_product(session, order_id=review.order_id)
        feedback_service.do_tag_review(
            session, review_id=review.id, category=category, product_id=product, author=author
        )


def tracking_events(order: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The courier's scans of a shipped demo order, derived from its own times."""
    if "shipped_at" not in order:
        return
    shipped = dt.datetime.fromisoformat(order["shipped_at"])
    city = order["address"][:3]
    yield {"at": shipped, "status": "collected", "description": "快件已揽收", "location": "杭州"}
    yield {
        "at": shipped + dt.timedelta(hours=8),
        "status": "in_transit",
        "description": "快件已到达【杭州转运中心】，正发往下一站",
        "location": "杭州",
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


def demo_lines(*, seed: int, tz: str, anchor: dt.date) -> Iterator[dict[str, Any]]:
    """The whole demo shop as exchange-format lines."""
    shop = _ShopBuilder(random.Random(seed), ZoneInfo(tz), anchor)
    yield from shop.agents()
    yield from shop.products()
    yield from shop.customers()
    yield from shop.orders()
    yield from shop.sessions()


class _ShopBuilder:
    def __init__(self, rng: random.Random, zone: ZoneInfo, anchor: dt.date) -> None:
        self.rng = rng
        self.zone = zone
        # "Now" for the demo is 20:00 on the anchor day, so today's work is visible.
        self.now = dt.datetime.combine(anchor, dt.time(20, 0), tzinfo=zone)
        self.product_ids: list[str] = []
        self.product_info: dict[str, tuple[str, Decimal, str, list[str]]] = {}
        self.customer_ids: list[str] = []
        self.orders_done: list[dict[str, Any]] = []

    def _ago(self, max_days: float, min_days: float = 0.0) -> dt.datetime:
        seconds = self.rng.uniform(min_days * 86400, max_days * 86400)
        return (self.now - dt.timedelta(seconds=int(seconds))).replace(microsecond=0)

    def _iso(self, value: dt.datetime) -> str:
        return value.astimezone(self.zone).isoformat()

    def agents(self) -> Iterator[dict[str, Any]]:
        for login, name, role, group in AGENTS:
            line = {"type": "agent", "id": login, "name": name, "role": role.value}
            if group:
                line["group"] = group
            yield line

    def products(self) -> Iterator[dict[str, Any]]:
        for number, (title, price, material, size_kind) in enumerate(words.PRODUCTS, start=1):
            product_id = f"p{number:03d}"
            colours = self.rng.sample(words.COLOURS, 3)
            sizes = {"clothes": words.CLOTHES_SIZES, "shoes": words.SHOE_SIZES}.get(
                size_kind, ["均码"]
            )
            skus = []
            for colour in colours:
                for size in sizes:
                    skus.append(
                        {
                            "id": f"{product_id}-{len(skus) + 1:02d}",
                            "attributes": {"颜色": colour, "尺码": size},
                            "price": price,
                            "stock": self.rng.choice([0, 3, 12, 25, 40, 80, 150]),
                        }
                    )
            self.product_ids.append(product_id)
            self.product_info[product_id] = (
                title,
                Decimal(price),
                material,
                [s["id"] for s in skus],
            )
            yield {
                "type": "product",
                "id": product_id,
                "title": title,
                "price": price,
                "stock": sum(sku["stock"] for sku in skus),
                "attributes": {
                    "材质": material,
                    "颜色": colours,
                    "尺码": sizes,
                    **(
                        {"size_chart": words.SIZE_CHARTS[size_kind]}
                        if size_kind in words.SIZE_CHARTS
                        else {}
                    ),
                },
                "skus": skus,
            }

    def customers(self) -> Iterator[dict[str, Any]]:
        for number in range(1, N_CUSTOMERS + 1):
            customer_id = f"c{number:04d}"
            self.customer_ids.append(customer_id)
            name = self.rng.choice(words.SURNAMES) + self.rng.choice(words.GIVEN)
            line: dict[str, Any] = {
                "type": "customer",
                "id": customer_id,
                "nick": f"tb_{self.rng.choice(words.NICK_PARTS)}{self.rng.randint(10, 9999)}",
                "name": name,
                "phone": f"1{self.rng.choice('3456789')}{self.rng.randint(0, 999999999):09d}",
            }
            if self.rng.random() < 0.4:
                line["tags"] = self.rng.sample(words.TAGS, self.rng.randint(1, 2))
            if self.rng.random() < 0.5:
                line["birthday"] = dt.date(
                    self.rng.randint(1970, 2006), self.rng.randint(1, 12), self.rng.randint(1, 28)
                ).isoformat()
            yield line

    def _address(self) -> str:
        province, city, districts = self.rng.choice(words.PLACES)
        district = self.rng.choice(districts)
        street = f"{self.rng.choice(words.STREETS)}{self.rng.randint(1, 999)}号"
        return f"{province}{city}{district}{street}{self.rng.randint(1, 30)}幢"

    def orders(self) -> Iterator[dict[str, Any]]:
        statuses = (
            ["unpaid"] * 40
            + ["paid"] * 70
            + ["shipped"] * 110
            + ["delivered"] * 220
            + ["closed"] * 30
            + ["refunded"] * 30
        )
        for number in range(1, N_ORDERS + 1):
            status = (
                statuses[(number - 1) % len(statuses)] if number <= len(statuses) else "delivered"
            )
            yield from self._order(f"o{20261000000 + number}", status)

    def _order(self, order_id: str, status: str) -> Iterator[dict[str, Any]]:
        rng = self.rng
        recent = {"unpaid": 1.5, "paid": 1.0, "shipped": 4.0}.get(status, 60.0)
        created = self._ago(recent, 0.01 if status != "delivered" else 5.0)
        items, amount = [], Decimal(0)
        for product_id in rng.sample(self.product_ids, rng.choice([1, 1, 1, 2, 3])):
            _title, price, _material, sku_ids = self.product_info[product_id]
            qty = rng.choice([1, 1, 1, 2])
            items.append(
                {
                    "product": product_id,
                    "sku": rng.choice(sku_ids),
                    "qty": qty,
                    "price": format_yuan(price),
                }
            )
            amount += price * qty
        address = self._address()
        line: dict[str, Any] = {
            "type": "order",
            "id": order_id,
            "customer": rng.choice(self.customer_ids),
            "created_at": self._iso(created),
            "amount": format_yuan(amount),
            "status": status,
            "cod": rng.random() < 0.08,
            "address": address,
            "receiver_name": rng.choice(words.SURNAMES) + rng.choice(words.GIVEN),
            "receiver_phone": f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}",
            "items": items,
        }
        line["payment_method"] = (
            "cod" if line["cod"] else rng.choice(["alipay", "alipay", "wechat", "huabei"])
        )
        if status != "unpaid" and not (status == "closed" and rng.random() < 0.5):
            line["paid_at"] = self._iso(created + dt.timedelta(minutes=rng.randint(1, 90)))
        if status in ("shipped", "delivered", "refunded") and "paid_at" in line:
            shipped = created + dt.timedelta(hours=rng.randint(3, 30))
            line.update(
                shipped_at=self._iso(shipped),
                courier=rng.choice(words.COURIERS),
                tracking_no=f"7{rng.randint(10**12, 10**13 - 1)}",
            )
            if status != "shipped":
                line["delivered_at"] = self._iso(shipped + dt.timedelta(days=rng.randint(1, 4)))
        if status == "closed":
            line["closed_at"] = self._iso(created + dt.timedelta(hours=rng.randint(1, 48)))
        if rng.random() < 0.06:
            line["flags"] = [
                {
                    "colour": "red",
                    "text": "买家要求改发顺丰，已补运费",
                    "author": "xiaomei",
                    "at": self._iso(created + dt.timedelta(minutes=30)),
                }
            ]
        self.orders_done.append(line)
        yield line
        yield from self._after_sales(line, created)

    def _after_sales(self, order: dict[str, Any], created: dt.datetime) -> Iterator[dict[str, Any]]:
        rng = self.rng
        if order["status"] == "refunded":
            kind = rng.choice(["refund_only", "return", "return", "exchange"])
            requested = created + dt.timedelta(days=rng.randint(2, 6))
            yield {
                "type": "refund",
                "id": f"r{order['id'][1:]}",
                "order": order["id"],
                "kind": kind,
                "requested_at": self._iso(requested),
                "amount": order["amount"],
                "completed_at": self._iso(requested + dt.timedelta(days=rng.randint(1, 5))),
                "reason": rng.choice(["尺码不合适", "不喜欢/不想要", "质量问题", "发错货"]),
                "status": "closed" if kind == "exchange" else "refunded",
            }
        if order["status"] == "delivered" and rng.random() < 0.14:
            rating = rng.choice(["good"] * 6 + ["medium", "bad", "bad"])
            texts = words.REVIEW_TEXTS[rating]  # picked by the order number: no extra draws
            text = texts[sum(map(ord, order["id"])) % len(texts)]
            yield {
                "type": "review",
                "id": f"v{order['id'][1:]}",
                "order": order["id"],
                "rating": rating,
                "at": order["delivered_at"],
                "text": text,
            }
        if order["status"] in ("delivered", "refunded") and rng.random() < 0.02:
            opened = dt.datetime.fromisoformat(order["created_at"]) + dt.timedelta(days=6)
            yield {
                "type": "complaint",
                "id": f"k{order['id'][1:]}",
                "customer": order["customer"],
                "opened_at": self._iso(opened),
                "category": rng.choice(["quality", "logistics", "service"]),
                "promised_by": self._iso(opened + dt.timedelta(hours=24)),
                "order": order["id"],
                "owner": rng.choice(["xiaowang", "lanlan"]),
                "summary": "买家对处理结果不满意，要求补偿",
            }

    def sessions(self) -> Iterator[dict[str, Any]]:
        presale = [login for login, _n, role, _g in AGENTS if role is Role.presale]
        aftersale = [login for login, _n, role, _g in AGENTS if role is Role.aftersale]
        for number in range(1, N_SESSIONS + 1):
            rng = self.rng
            session_id = f"s{number:05d}"
            after = rng.random() < 0.4
            agent = rng.choice(aftersale if after else presale)
            opened = self._ago(30)
            yield {
                "type": "session",
                "id": session_id,
                "customer": rng.choice(self.customer_ids),
                "channel": rng.choice(["web", "web", "marketplace", "marketplace", "email"]),
                "opened_at": self._iso(opened),
            }
            at = opened
            talk = rng.sample(
                words.AFTERSALE_TALK if after else words.PRESALE_TALK, rng.randint(2, 4)
            )
            bot_first = rng.random() < 0.3
            count = iter(range(1, 100))
            for turn, (question, answer) in enumerate(talk):
                fill = self._fill()
                yield self._message(
                    session_id, next(count), at, "buyer", None, question.format(**fill)
                )
                at += dt.timedelta(seconds=rng.randint(3, 90))
                if bot_first and turn == 0:
                    yield self._message(
                        session_id,
                        next(count),
                        at,
                        "bot",
                        None,
                        "亲，我是智能客服小蜜，正在为您转接人工客服～",
                    )
                    yield {
                        "type": "handoff",
                        "session": session_id,
                        "at": self._iso(at),
                        "reason": "buyer_asked",
                    }
                    at += dt.timedelta(seconds=rng.randint(5, 40))
                yield self._message(
                    session_id, next(count), at, "agent", agent, answer.format(**fill)
                )
                at += dt.timedelta(seconds=rng.randint(20, 300))
            if rng.random() < 0.05:
                target = rng.choice(aftersale if not after else presale)
                yield {
                    "type": "transfer",
                    "session": session_id,
                    "at": self._iso(at),
                    "from_agent": agent,
                    "to_agent": target,
                    "reason": "买家咨询售后问题，转售后处理" if not after else "买家想加购新款",
                }
            if rng.random() < 0.5:
                yield {
                    "type": "rating",
                    "session": session_id,
                    "score": rng.choice([5, 5, 5, 4, 4, 3, 2, 1]),
                    "at": self._iso(at),
                }

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
