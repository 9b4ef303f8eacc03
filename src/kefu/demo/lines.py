"""The demo shop's history as exchange-format lines (conversation-log.md).

Everything happened before ``now``: an order's timeline is drawn backwards from its
latest event, and a session ends before now. A given seed and ``now`` always give
the same lines.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from kefu.demo import words
from kefu.demo.plan import (
    AGENTS,
    FRESH_REVIEW_DAYS,
    OPEN_REFUNDS,
    fresh_review_id,
    open_refund_id,
)
from kefu.demo.talk import Builder, SessionBuilder
from kefu.kit.money import format_yuan
from kefu.shop.schemas import SETTINGS

N_CUSTOMERS = 200
N_ORDERS = 500
REVIEW_LIMIT = Decimal(SETTINGS["refund_review_limit"].default)


class ShopBuilder(Builder):
    def __init__(self, rng: random.Random, now: dt.datetime) -> None:
        super().__init__(rng, now)
        self.product_ids: list[str] = []
        self.product_info: dict[str, tuple[str, Decimal, str, list[str]]] = {}
        self.customer_ids: list[str] = []
        self.orders_done: list[dict[str, Any]] = []
        self.reviewed: set[str] = set()  # orders with a review or an open case already

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
            skus = [
                {
                    "id": f"{product_id}-{n:02d}",
                    "attributes": {"颜色": colour, "尺码": size},
                    "price": price,
                    "stock": self.rng.choice([0, 3, 12, 25, 40, 80, 150]),
                }
                for n, (colour, size) in enumerate(
                    ((c, s) for c in colours for s in sizes), start=1
                )
            ]
            self.product_ids.append(product_id)
            self.product_info[product_id] = (
                title,
                Decimal(price),
                material,
                [s["id"] for s in skus],
            )
            chart = words.SIZE_CHARTS.get(size_kind)
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
                    **({"size_chart": chart} if chart else {}),
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
            yield from self._order(f"o{20261000000 + number}", status, number)

    def _timeline(self, status: str) -> dict[str, dt.datetime]:
        """When the order was placed, paid, shipped… up to its status; the latest
        event is drawn first (in the past) and the others counted back from it."""
        rng = self.rng
        paid = status != "unpaid" and not (status == "closed" and rng.random() < 0.5)
        steps: list[tuple[str, dt.timedelta]] = []
        if paid:
            steps.append(("paid_at", dt.timedelta(minutes=rng.randint(1, 90))))
        if status in ("shipped", "delivered", "refunded"):
            steps.append(("shipped_at", dt.timedelta(hours=rng.randint(3, 30))))
        if status in ("delivered", "refunded"):
            steps.append(("delivered_at", dt.timedelta(days=rng.randint(1, 4))))
        if status == "closed":
            steps.append(("closed_at", dt.timedelta(hours=rng.randint(1, 48))))
        window = {
            "unpaid": (1.5, 0.01),
            "paid": (1.2, 0.01),
            "shipped": (4.0, 0.05),
            "refunded": (50.0, 6.0),
            "closed": (40.0, 0.05),
        }.get(status, (55.0, 0.1))
        at = self._ago(*window)
        times = {}
        for name, gap in reversed(steps):
            times[name] = at
            at -= gap
        times["created_at"] = at
        return times

    def _order(self, order_id: str, status: str, number: int) -> Iterator[dict[str, Any]]:
        rng = self.rng
        times = self._timeline(status)
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
        line: dict[str, Any] = {
            "type": "order",
            "id": order_id,
            "customer": rng.choice(self.customer_ids),
            "amount": format_yuan(amount),
            "status": status,
            "cod": rng.random() < 0.08,
            "address": self._address(),
            "receiver_name": rng.choice(words.SURNAMES) + rng.choice(words.GIVEN),
            "receiver_phone": f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}",
            "items": items,
            **{name: self._iso(at) for name, at in times.items()},
        }
        line["payment_method"] = (
            "cod" if line["cod"] else rng.choice(["alipay", "alipay", "wechat", "huabei"])
        )
        if "shipped_at" in line:
            line.update(
                courier=rng.choice(words.COURIERS),
                tracking_no=f"7{rng.randint(10**12, 10**13 - 1)}",
            )
        if status == "paid":
            self._review_queue_details(line, number)
        if rng.random() < 0.06 or (status == "paid" and number % 9 == 0):
            flagged = min(times["created_at"] + dt.timedelta(minutes=30), self.now)
            line["flags"] = [
                {
                    "colour": "red",
                    "text": "买家要求改发顺丰，已补运费",
                    "author": "xiaomei",
                    "at": self._iso(flagged),
                }
            ]
        self.orders_done.append(line)
        yield line
        yield from self._after_sales(line, times)

    def _review_queue_details(self, line: dict[str, Any], number: int) -> None:
        """Paid orders the 审单 queue must stop at: a buyer's remark, no address."""
        if number % 7 == 0:
            line["buyer_remark"] = words.BUYER_REMARKS[number % len(words.BUYER_REMARKS)]
        if number % 23 == 0:
            del line["address"]

    def _after_sales(
        self, order: dict[str, Any], times: dict[str, dt.datetime]
    ) -> Iterator[dict[str, Any]]:
        rng = self.rng
        if order["status"] == "refunded":
            kind = rng.choice(["refund_only", "return", "return", "exchange"])
            delivered = times["delivered_at"]
            completed = delivered + (self.now - delivered) * rng.uniform(0.3, 0.9)
            requested = delivered + (completed - delivered) * rng.uniform(0.1, 0.6)
            yield {
                "type": "refund",
                "id": f"r{order['id'][1:]}",
                "order": order["id"],
                "kind": kind,
                "requested_at": self._iso(requested.replace(microsecond=0)),
                "amount": order["amount"],
                "completed_at": self._iso(completed.replace(microsecond=0)),
                "reason": rng.choice(["尺码不合适", "不喜欢/不想要", "质量问题", "发错货"]),
                "status": "closed" if kind == "exchange" else "refunded",
            }
        if order["status"] == "delivered" and rng.random() < 0.14:
            rating = rng.choice(["good"] * 6 + ["medium", "bad", "bad"])
            delivered = times["delivered_at"]
            at = delivered + (self.now - delivered) * rng.uniform(0.05, 0.5)
            self.reviewed.add(order["id"])
            yield self._review(order, rating, at.replace(microsecond=0))
        if order["status"] in ("delivered", "refunded") and rng.random() < 0.03:
            opened = times["delivered_at"] + dt.timedelta(hours=rng.randint(6, 72))
            resolved = opened + dt.timedelta(hours=rng.randint(2, 20))
            if resolved < self.now:
                yield {
                    "type": "complaint",
                    "id": f"k{order['id'][1:]}",
                    "customer": order["customer"],
                    "opened_at": self._iso(opened),
                    "category": rng.choice(["quality", "logistics", "service"]),
                    "promised_by": self._iso(opened + dt.timedelta(hours=24)),
                    "resolved_at": self._iso(resolved),
                    "order": order["id"],
                    "owner": rng.choice(["xiaowang", "lanlan"]),
                    "summary": "买家对处理结果不满意，要求补偿",
                }

    def _review(self, order: dict[str, Any], rating: str, at: dt.datetime) -> dict[str, Any]:
        texts = words.REVIEW_TEXTS[rating]  # picked by the order number: no extra draws
        return {
            "type": "review",
            "id": f"v{order['id'][1:]}",
            "order": order["id"],
            "rating": rating,
            "at": self._iso(at),
            "text": texts[sum(map(ord, order["id"])) % len(texts)],
        }

    def open_cases(self) -> Iterator[dict[str, Any]]:
        """Medium and bad reviews of the last 30 days, and the refund cases still open,
        each on an order delivered shortly before."""
        delivered = [o for o in self.orders_done if o["status"] == "delivered"]
        for number, days in enumerate(FRESH_REVIEW_DAYS):
            at = self.now - dt.timedelta(days=days)
            order = self._delivered_before(delivered, at)
            line = self._review(order, "bad" if number % 3 else "medium", at)
            yield {**line, "id": fresh_review_id(number)}
        for number, case in enumerate(OPEN_REFUNDS, start=1):
            requested = self.now - dt.timedelta(hours=case.requested_hours_ago)
            order = self._delivered_before(
                [o for o in delivered if (Decimal(o["amount"]) > REVIEW_LIMIT) == case.big],
                requested,
            )
            yield {
                "type": "refund",
                "id": open_refund_id(number),
                "order": order["id"],
                "kind": case.kind,
                "requested_at": self._iso(requested),
                "amount": order["amount"],
                "reason": self.rng.choice(["尺码不合适", "质量问题", "发错货", "与描述不符"]),
                "status": "requested",
            }

    def _delivered_before(self, orders: list[dict[str, Any]], at: dt.datetime) -> dict[str, Any]:
        """The order delivered last before ``at`` that has no review or case yet."""
        delivered = {o["id"]: dt.datetime.fromisoformat(o["delivered_at"]) for o in orders}
        order = max(
            (o for o in orders if o["id"] not in self.reviewed and delivered[o["id"]] < at),
            key=lambda o: (delivered[o["id"]], o["id"]),
        )
        self.reviewed.add(order["id"])
        return order


def demo_lines(*, seed: int, now: dt.datetime) -> Iterator[dict[str, Any]]:
    """The whole demo shop as exchange-format lines, ``now`` in the shop's zone."""
    rng = random.Random(seed)
    shop = ShopBuilder(rng, now)
    yield from shop.agents()
    yield from shop.products()
    yield from shop.customers()
    yield from shop.orders()
    yield from shop.open_cases()
    yield from SessionBuilder(rng, now, shop.customer_ids).sessions()
