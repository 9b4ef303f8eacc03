"""The knowledge base as the staff app lists it: filters, search in questions and answers,
product titles next to ids, paging; who may read and who may change it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.bot import kb
from kefu.kit.paging import PageParams
from kefu.models import Product
from kefu.models.team import Role
from tests.factories import add_agent, login


@pytest.fixture
def entries(session: Session) -> dict[str, str]:
    """Three entries: a shop-wide one, one about a product, and a disabled one."""
    session.add(Product(id="p1", title="纯棉T恤"))
    session.flush()
    rows = {
        "ship": kb.EntryIn("shipping_time", ["今天能发货吗", "什么时候发"], "16:30 前付款当天发"),
        "cotton": kb.EntryIn("product_info", ["是纯棉的吗"], "是的，100% 棉", product_id="p1"),
        "old": kb.EntryIn("shipping_time", ["发什么快递"], "默认中通", enabled=False),
    }
    return {key: kb.do_add(session, entry=entry).id for key, entry in rows.items()}


def ids(rows: list, expected: dict[str, str]) -> set[str]:
    by_id = {value: key for key, value in expected.items()}
    return {by_id[row.id] for row, _title in rows}


class TestEntryPage:
    def test_filters_by_intent_product_and_enabled(
        self, session: Session, entries: dict[str, str]
    ) -> None:
        params = PageParams()
        by_intent, total = kb.entry_page(session, params=params, intent="shipping_time")
        assert ids(by_intent, entries) == {"ship", "old"} and total == 2
        by_product, _ = kb.entry_page(session, params=params, product_id="p1")
        assert ids(by_product, entries) == {"cotton"}
        disabled, _ = kb.entry_page(session, params=params, enabled=False)
        assert ids(disabled, entries) == {"old"}

    @pytest.mark.parametrize(
        ("text", "expected"),
        [("发货", {"ship"}), ("快递", {"old"}), ("100%", {"cotton"}), ("纯棉", {"cotton"})],
    )
    def test_searches_questions_and_answers(
        self, session: Session, entries: dict[str, str], text: str, expected: set[str]
    ) -> None:
        rows, total = kb.entry_page(session, params=PageParams(), text=text)
        assert ids(rows, entries) == expected and total == len(expected)

    def test_rows_carry_the_product_title(self, session: Session, entries: dict[str, str]) -> None:
        rows, _ = kb.entry_page(session, params=PageParams())
        titles = {row.id: title for row, title in rows}
        assert titles[entries["cotton"]] == "纯棉T恤" and titles[entries["ship"]] is None

    def test_pages_and_sorts(self, session: Session, entries: dict[str, str]) -> None:
        first, total = kb.entry_page(session, params=PageParams(page=1, page_size=2))
        second, _ = kb.entry_page(session, params=PageParams(page=2, page_size=2))
        assert total == 3 and len(first) == 2 and len(second) == 1
        newest, _ = kb.entry_page(session, params=PageParams(sort="-enabled", page_size=3))
        assert [row.enabled for row, _t in newest] == [True, True, False]


class TestEndpoints:
    def test_the_list_is_paged_with_titles(
        self, client: TestClient, session: Session, entries: dict[str, str]
    ) -> None:
        add_agent(session, "mei", Role.presale)
        login(client, "mei")
        body = client.get("/api/v1/bot/kb", params={"product_id": "p1"}).json()
        assert (body["total"], body["page"], body["page_size"]) == (1, 1, 20)
        assert body["items"][0]["product_title"] == "纯棉T恤"

    def test_a_save_answers_with_the_title_and_agents_cannot_save(
        self, client: TestClient, session: Session, entries: dict[str, str]
    ) -> None:
        add_agent(session, "boss", Role.supervisor)
        token = login(client, "boss")
        body = {"intent": "product_info", "questions": ["会缩水吗"], "answer": "不会"}
        saved = client.put(
            f"/api/v1/bot/kb/{entries['cotton']}",
            json={**body, "product_id": "p1", "enabled": False},
            headers={"X-CSRF-Token": token},
        )
        assert saved.status_code == 200
        assert (saved.json()["product_title"], saved.json()["enabled"]) == ("纯棉T恤", False)
        add_agent(session, "mei", Role.presale)
        agent_token = login(client, "mei")
        refused = client.post("/api/v1/bot/kb", json=body, headers={"X-CSRF-Token": agent_token})
        assert refused.status_code == 403

    def test_an_unknown_sort_is_refused_in_chinese(
        self, client: TestClient, session: Session
    ) -> None:
        add_agent(session, "mei", Role.presale)
        login(client, "mei")
        response = client.get("/api/v1/bot/kb", params={"sort": "answer"})
        assert response.status_code == 422 and "不能按 answer 排序" in response.json()["reason"]

    def test_options_list_the_template_variables(
        self, client: TestClient, session: Session
    ) -> None:
        add_agent(session, "mei", Role.presale)
        login(client, "mei")
        options = client.get("/api/v1/bot/kb/options").json()
        assert options["variables"][:2] == ["店铺名", "截单时间"]
        assert set(options["product_variables"]) == {"商品名", "材质", "库存", "使用说明", "尺码"}
        assert set(options["product_variables"]) < set(options["variables"])
