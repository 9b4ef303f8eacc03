"""The workbench lists (GET /api/v1/chat/conversations), the buyer page's shop
info (GET /api/v1/chat/shop-info) and Chinese reasons for bad input over HTTP."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.chat import service
from kefu.crm import service as crm_service
from kefu.kit import clock
from kefu.kit.ids import new_id
from kefu.models import Agent, ChatSession, Order, Product
from kefu.models.chat import SessionStatus
from kefu.models.team import AgentStatus, Role
from kefu.shop import service as shop
from tests.chat_helpers import agent, frozen_at
from tests.factories import add_order, login

SHANGHAI = ZoneInfo("Asia/Shanghai")


def named(db: Session, login_: str, name: str, **options: Any) -> Agent:
    row = agent(db, login_, **options)
    row.name = name
    return row


def opened(db: Session, text: str, *, nick: str = "访客", **extra: Any) -> ChatSession:
    customer = crm_service.do_add_visitor(db)
    customer.nick = nick
    sent = service.do_buyer_send(
        db, customer_id=customer.id, client_id=new_id("c"), text=text, **extra
    )
    chat_session = db.get(ChatSession, sent.session_id)
    assert chat_session is not None
    return chat_session


@pytest.fixture
def shop_floor(session: Session) -> dict[str, str]:
    """mei (售前, room for one), wang (售后, gone home), boss; a chat of each kind."""
    shop.do_set(session, key="working_hours", value="00:00-24:00")
    session.add(Product(id="p004", title="加绒连帽卫衣"))
    session.flush()
    mei = named(session, "mei", "小美", max_concurrent=1)
    wang = named(session, "wang", "小王", group="售后组", role=Role.aftersale)
    agent(session, "boss", group=None, role=Role.supervisor)
    closed = opened(session, "谢谢，没问题了")
    service.do_close(session, chat_session=closed, agent=mei)
    mine = opened(session, "这件有L码吗", nick="小红", product_id="p004")
    service.do_buyer_send(session, customer_id=mine.customer_id, client_id="again", text="还在吗？")
    add_order(
        session,
        Order(
            id="tb20261001",
            customer_id=mine.customer_id,
            status="paid",
            amount=Decimal("99.00"),
            created_at=clock.now(),
        ),
        product_id="p004",
    )
    queued = opened(session, "卫衣起球吗")
    wang.status = AgentStatus.offline.value
    session.flush()
    offline = opened(session, "我的快递怎么还没到")
    bot = ChatSession(
        id=new_id("s"),
        customer_id=crm_service.do_add_visitor(session).id,
        channel="web",
        opened_at=clock.now(),
        status=SessionStatus.bot.value,
    )
    session.add(bot)
    session.commit()
    return {
        "closed": closed.id,
        "mine": mine.id,
        "queued": queued.id,
        "offline": offline.id,
        "bot": bot.id,
    }


def ids(client: TestClient, **params: Any) -> list[str]:
    response = client.get("/api/v1/chat/conversations", params=params)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


class TestConversations:
    def test_an_agent_sees_her_chats_and_her_groups_queue(
        self, client: TestClient, shop_floor: dict[str, str]
    ) -> None:
        login(client, "mei", "s3cret-pass")
        assert ids(client) == [shop_floor["mine"]]
        assert ids(client, view="queued") == [shop_floor["queued"]]
        assert ids(client, view="offline") == []  # a 留言 of 售后组
        assert ids(client, view="unassigned") == [shop_floor["bot"]]
        assert ids(client, view="closed_today") == [shop_floor["closed"]]

    def test_an_item_is_ready_to_show(self, client: TestClient, shop_floor: dict[str, str]) -> None:
        login(client, "mei", "s3cret-pass")
        [item] = client.get("/api/v1/chat/conversations?view=mine").json()["items"]
        assert {
            key: item[key]
            for key in (
                "buyer_name",
                "agent_name",
                "channel",
                "status",
                "last_message_text",
                "last_message_from",
                "unread",
                "product_id",
                "product_title",
            )
        } == {
            "buyer_name": "小红",
            "agent_name": "小美",
            "channel": "web",
            "status": "assigned",
            "last_message_text": "还在吗？",
            "last_message_from": "buyer",
            "unread": 2,
            "product_id": "p004",
            "product_title": "加绒连帽卫衣",
        }
        assert item["waiting_since"] is not None

    def test_a_supervisor_sees_every_group_and_anyones_chats(
        self, client: TestClient, shop_floor: dict[str, str]
    ) -> None:
        login(client, "boss", "s3cret-pass")
        assert ids(client, view="offline") == [shop_floor["offline"]]
        assert ids(client, view="mine") == []
        assert ids(client, view="mine", agent_id="mei") == [shop_floor["mine"]]
        assert ids(client, view="closed_today") == [shop_floor["closed"]]
        assert ids(client, view="queued", group_id="售后组") == []

    def test_another_groups_agent_does_not_see_this_queue(
        self, client: TestClient, shop_floor: dict[str, str]
    ) -> None:
        login(client, "wang", "s3cret-pass")
        assert ids(client, view="queued") == []
        assert ids(client, view="queued", group_id="售前组") == []
        assert ids(client, view="offline") == [shop_floor["offline"]]
        assert ids(client, view="closed_today") == []

    @pytest.mark.parametrize("q", ["小红", "L码", "tb20261001", "1001"])
    def test_search_finds_the_buyer_an_order_or_words(
        self, client: TestClient, shop_floor: dict[str, str], q: str
    ) -> None:
        login(client, "boss", "s3cret-pass")
        assert ids(client, view="mine", agent_id="mei", q=q) == [shop_floor["mine"]]
        assert ids(client, view="queued", q=q) == []

    def test_paged_and_sorted(
        self, client: TestClient, session: Session, shop_floor: dict[str, str]
    ) -> None:
        later = opened(session, "有别的颜色吗").id
        session.commit()
        login(client, "mei", "s3cret-pass")
        first = client.get("/api/v1/chat/conversations?view=queued&page_size=1").json()
        assert (first["total"], first["page"], first["page_size"]) == (2, 1, 1)
        assert [item["id"] for item in first["items"]] == [shop_floor["queued"]]
        assert ids(client, view="queued", sort="-queued_at") == [later, shop_floor["queued"]]
        assert ids(client, view="queued", page=2, page_size=1) == [later]
        bad = client.get("/api/v1/chat/conversations?sort=mood")
        assert bad.status_code == 422 and bad.json()["reason"].startswith("不能按 mood 排序")
        view = client.get("/api/v1/chat/conversations?view=everything")
        assert view.status_code == 422 and view.json()["reason"].startswith("view：应为")


class TestShopInfo:
    def test_open_with_someone_at_work(self, client: TestClient, session: Session) -> None:
        shop.do_set(session, key="working_hours", value="00:00-24:00")
        agent(session, "mei")
        session.commit()
        info = client.get("/api/v1/chat/shop-info").json()
        assert (info["open_now"], info["reply_expectation"], info["max_text_length"]) == (
            True,
            "通常 1 分钟内回复",
            2000,
        )
        assert info["hours_text"] == "全天 24 小时" and info["next_open_at"] is None

    def test_closed_at_night_says_when_a_message_is_answered(
        self, client: TestClient, session: Session
    ) -> None:
        shop.do_set(session, key="working_hours", value="09:00-01:00")
        agent(session, "mei")
        session.commit()
        with frozen_at(dt.datetime(2026, 11, 11, 2, 0, tzinfo=SHANGHAI)):
            info = client.get("/api/v1/chat/shop-info").json()
        assert (info["open_now"], info["in_working_hours"]) == (False, False)
        assert info["hours_text"] == "09:00–次日01:00"
        assert dt.datetime.fromisoformat(info["next_open_at"]) == dt.datetime(
            2026, 11, 11, 9, 0, tzinfo=SHANGHAI
        )
        assert info["reply_expectation"] == "留言将在 11月11日 10:00 前回复"


class TestChineseReasons:
    def test_a_too_long_comment_and_a_missing_field_are_explained_in_chinese(
        self, client: TestClient
    ) -> None:
        token = client.post("/api/v1/chat/visitor").json()["token"]
        rating = client.post(
            "/api/v1/chat/my-sessions/s1/rating",
            headers={"Authorization": f"Bearer {token}"},
            json={"score": 5, "comment": "好" * 501},
        )
        assert rating.status_code == 422
        assert rating.json()["reason"] == "comment：不能超过 500 字"
        identify = client.post("/api/v1/chat/identify", json={"customer_id": "c1", "expires": 1})
        assert identify.json()["reason"] == "sig：必填"
