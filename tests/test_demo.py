"""The demo shop: deterministic, and as large and varied as the issue asks."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.demo.seed import AGENTS, DEMO_PASSWORD, demo_lines, ensure_demo_shop
from kefu.models import Order, Sku
from kefu.team import service as team_service

ANCHOR = dt.date(2026, 11, 11)
TZ = "Asia/Shanghai"


class TestDemoLines:
    def test_same_seed_same_shop(self) -> None:
        assert list(demo_lines(seed=1, tz=TZ, anchor=ANCHOR)) == list(
            demo_lines(seed=1, tz=TZ, anchor=ANCHOR)
        )

    def test_other_seed_other_shop(self) -> None:
        assert list(demo_lines(seed=1, tz=TZ, anchor=ANCHOR)) != list(
            demo_lines(seed=2, tz=TZ, anchor=ANCHOR)
        )

    def test_size_and_variety(self) -> None:
        lines = list(demo_lines(seed=2026, tz=TZ, anchor=ANCHOR))
        kinds = Counter(line["type"] for line in lines)
        assert kinds["product"] >= 30 and kinds["customer"] == 200 and kinds["order"] == 500
        assert kinds["review"] >= 5 and kinds["complaint"] >= 2 and kinds["message"] >= 1000
        statuses = Counter(line["status"] for line in lines if line["type"] == "order")
        assert set(statuses) == {"unpaid", "paid", "shipped", "delivered", "closed", "refunded"}
        assert any(line.get("cod") for line in lines if line["type"] == "order")
        assert {line["role"] for line in lines if line["type"] == "agent"} == {
            "presale",
            "aftersale",
            "order_review",
            "refund_review",
            "qc",
            "hotline",
            "supervisor",
        }


class TestEnsureDemoShop:
    def test_seeds_a_shop_whose_accounts_log_in(self, session: Session) -> None:
        accounts = ensure_demo_shop(session, seed=2026, tz=TZ, anchor=ANCHOR)
        assert [login for login, _label in accounts] == [agent[0] for agent in AGENTS]
        assert session.scalar(select(func.count()).select_from(Order)) == 500
        assert session.scalar(select(func.sum(Sku.stock))) > 0
        login = team_service.do_login(session, login="wangjie", password=DEMO_PASSWORD, hours=1)
        assert login.login_session.agent.role == "supervisor"

    def test_is_reused_not_seeded_twice(self, session: Session) -> None:
        ensure_demo_shop(session, seed=2026, tz=TZ, anchor=ANCHOR)
        ensure_demo_shop(session, seed=7, tz=TZ, anchor=ANCHOR)
        assert session.scalar(select(func.count()).select_from(Order)) == 500
