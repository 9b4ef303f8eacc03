"""Customer profiles: tags, notes, timeline, merging and undoing it,
segments and RFM classes (issue: customers)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.crm import merge, profile, rfm, segment_fields, segments
from kefu.crm import service as crm_service
from kefu.crm.schemas import ProfileIn
from kefu.kit.errors import BadInput, Conflict
from kefu.kit.paging import PageParams
from kefu.models import Agent, ChatSession, Customer, Order, PhoneCall
from kefu.models.team import Role
from kefu.shop import service as shop
from tests.chat_helpers import frozen_at
from tests.factories import add_agent, login

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 20, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai


@pytest.fixture
def mei(session: Session) -> Agent:
    return add_agent(session, "mei", Role.presale)


def customer(session: Session, customer_id: str, **fields: object) -> Customer:
    row = Customer(id=customer_id, vip_level=0, marketing_opt_out=False, **fields)
    session.add(row)
    session.flush()
    return row


def order(
    session: Session,
    customer_id: str,
    order_id: str,
    *,
    paid: dt.datetime | None,
    amount: str = "100.00",
    status: str = "delivered",
    province: str | None = None,
    city: str | None = None,
) -> Order:
    row = Order(
        id=order_id,
        customer_id=customer_id,
        status=status,
        amount=Decimal(amount),
        cod=False,
        created_at=paid or NOW,
        paid_at=paid,
        province=province,
        city=city,
        address=f"{province or ''}{city or ''}某路1号" if province else None,
    )
    session.add(row)
    session.flush()
    return row


class TestTagsAndNotes:
    def test_they_land_in_the_timeline_with_the_author(self, session: Session, mei: Agent) -> None:
        buyer = customer(session, "c1", nick="tb_lulu")
        with frozen_at(NOW):
            profile.do_add_tag(session, customer=buyer, tag="老客户", author=mei)
        with frozen_at(NOW + dt.timedelta(minutes=1)):
            profile.do_add_note(session, customer=buyer, text="喜欢宽松款", author=mei)
        entries = profile.timeline(session, customer_id="c1")
        assert [(e.kind, e.detail) for e in entries[:2]] == [
            ("note", "喜欢宽松款"),
            ("tag", "添加标签：老客户"),
        ]
        assert buyer.tags == ["老客户"]
        assert "mei" in entries[0].title

    def test_a_tag_twice_is_one_tag(self, session: Session, mei: Agent) -> None:
        buyer = customer(session, "c1")
        profile.do_add_tag(session, customer=buyer, tag="VIP", author=mei)
        profile.do_add_tag(session, customer=buyer, tag="VIP", author=mei)
        assert buyer.tags == ["VIP"]

    def test_profile_changes_are_history(self, session: Session, mei: Agent) -> None:
        buyer = customer(session, "c1")
        changes = ProfileIn(birthday=dt.date(1990, 11, 3), marketing_opt_out=True)
        profile.do_update(session, customer=buyer, changes=changes, author=mei)
        assert (buyer.birthday, buyer.marketing_opt_out) == (dt.date(1990, 11, 3), True)
        events = [e for e in profile.timeline(session, customer_id="c1") if e.kind == "profile"]
        assert "拒收营销：是" in events[0].detail


class TestProfile:
    def test_orders_spend_addresses_and_identities(self, session: Session) -> None:
        customer(session, "c1", nick="tb_lulu", phone="13800000000")
        order(session, "c1", "o1", paid=NOW, amount="199.00", province="浙江省", city="杭州市")
        order(session, "c1", "o2", paid=NOW, amount="50.00", status="refunded")
        order(session, "c1", "o3", paid=None, status="unpaid")
        out = profile.profile(session, customer=crm_service.get_customer(session, "c1"))
        assert (out.lifetime_spend, out.order_count) == (
            "199.00",
            1,
        )  # refunded and unpaid don't count
        assert out.addresses == ["浙江省杭州市某路1号"]
        assert {(i["kind"], i["value"]) for i in out.identities} == {
            ("id", "c1"),
            ("nick", "tb_lulu"),
            ("phone", "13800000000"),
        }


class TestMerge:
    def build(self, session: Session, mei: Agent) -> tuple[Customer, Customer]:
        kept = customer(session, "c1", nick="tb_lulu", tags=["老客户"])
        duplicate = customer(session, "v9", nick="访客", phone="13900000000", tags=["VIP"])
        order(session, "c1", "o1", paid=NOW)
        order(session, "v9", "o9", paid=NOW)
        session.add(
            ChatSession(
                id="s9",
                customer_id="v9",
                channel="web",
                opened_at=NOW,
                status="closed",
                last_seq=0,
                agent_read_seq=0,
            )
        )
        session.add(
            PhoneCall(
                id="call9",
                customer_id="v9",
                agent_id="mei",
                at=NOW,
                direction="in",
                duration_s=60,
                topic="物流",
                result="已解决",
            )
        )
        session.flush()
        profile.do_add_note(session, customer=duplicate, text="之前用访客身份咨询", author=mei)
        return kept, duplicate

    def owners(self, session: Session) -> dict[str, str]:
        rows = {o.id: o.customer_id for o in session.scalars(select(Order))}
        rows |= {s.id: s.customer_id for s in session.scalars(select(ChatSession))}
        rows |= {c.id: c.customer_id for c in session.scalars(select(PhoneCall))}
        return rows

    def test_merge_moves_the_history_and_undo_restores_both(
        self, session: Session, mei: Agent
    ) -> None:
        kept, duplicate = self.build(session, mei)
        before = self.owners(session)
        with frozen_at(NOW):
            done = merge.do_merge(session, kept=kept, duplicate=duplicate, author=mei)
        assert set(self.owners(session).values()) == {"c1"}
        kept = crm_service.get_customer(session, "c1")
        assert (kept.phone, sorted(kept.tags or [])) == ("13900000000", ["VIP", "老客户"])
        assert crm_service.get_customer(session, "v9").merged_into_id == "c1"
        kept_timeline = [e.detail for e in profile.timeline(session, customer_id="c1")]
        assert "之前用访客身份咨询" in kept_timeline

        with frozen_at(NOW + dt.timedelta(days=3)):
            merge.do_undo(session, merge=done, author=mei)
        assert self.owners(session) == before
        kept, duplicate = (
            crm_service.get_customer(session, "c1"),
            crm_service.get_customer(session, "v9"),
        )
        assert (kept.phone, kept.tags, duplicate.merged_into_id) == (None, ["老客户"], None)
        notes = [e.detail for e in profile.timeline(session, customer_id="v9") if e.kind == "note"]
        assert notes == ["之前用访客身份咨询"]

    def test_undo_only_within_the_retention(self, session: Session, mei: Agent) -> None:
        kept, duplicate = self.build(session, mei)
        shop.do_set(session, key="merge_undo_days", value=7)
        with frozen_at(NOW):
            done = merge.do_merge(session, kept=kept, duplicate=duplicate, author=mei)
        with frozen_at(NOW + dt.timedelta(days=8)), pytest.raises(Conflict) as caught:
            merge.do_undo(session, merge=done, author=mei)
        assert caught.value.code == "merge_too_old"

    def test_a_merged_profile_cannot_be_merged_again(self, session: Session, mei: Agent) -> None:
        kept, duplicate = self.build(session, mei)
        merge.do_merge(session, kept=kept, duplicate=duplicate, author=mei)
        other = customer(session, "c3")
        with pytest.raises(Conflict):
            merge.do_merge(session, kept=other, duplicate=duplicate, author=mei)
        with pytest.raises(BadInput):
            merge.do_merge(session, kept=other, duplicate=other, author=mei)


def ago(days: int) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


class TestRfm:
    def test_quintiles_and_classes_match_a_hand_computation(self) -> None:
        """Five buyers; each value's score is 1 + ⌊5 × smaller / 5⌋ = 1 + smaller.

        recency days: a 1, b 10, c 30, d 60, e 200 → r (fewer days, higher): a5 b4 c3 d2 e1
        frequency:    a 5, b 1,  c 3,  d 3,  e 1   → smaller: a4 b0 c2 d2 e0 → a5 b1 c3 d3 e1
        monetary:     a 900, b 50, c 300, d 800, e 20 → a5 b2 c3 d4 e1
        classes (≥3 high): a HHH 重要价值; b HLL 一般发展; c HHH 重要价值;
        d LHH 重要保持; e LLL 一般挽留
        """
        purchases = {
            "a": [(ago(1), Decimal("500"))] + [(ago(20), Decimal("100"))] * 4,
            "b": [(ago(10), Decimal("50"))],
            "c": [(ago(30), Decimal("100"))] * 3,
            "d": [(ago(60), Decimal("300")), (ago(70), Decimal("300")), (ago(90), Decimal("200"))],
            "e": [(ago(200), Decimal("20"))],
        }
        got = rfm.classify(purchases, now=NOW)
        assert {k: (v.r, v.f, v.m) for k, v in got.items()} == {
            "a": (5, 5, 5),
            "b": (4, 1, 2),
            "c": (3, 3, 3),
            "d": (2, 3, 4),
            "e": (1, 1, 1),
        }
        assert {k: v.label for k, v in got.items()} == {
            "a": "重要价值客户",
            "b": "一般发展客户",
            "c": "重要价值客户",
            "d": "重要保持客户",
            "e": "一般挽留客户",
        }


@pytest.fixture
def shop_customers(session: Session) -> None:
    """A hand-built shop:
    c1 VIP, 浙江 杭州, paid 300 + 200 this month, birthday in November
    c2 VIP, 江苏 南京, paid 50 in October
    c3 —,   浙江 宁波, no paid order (one unpaid), chatted in September
    c4 merged into c1 (never a member)
    """
    customer(session, "c1", tags=["VIP"], birthday=dt.date(1992, 11, 30))
    customer(session, "c2", tags=["VIP"], birthday=dt.date(1988, 5, 1))
    customer(session, "c3")
    customer(session, "c4", tags=["VIP"], merged_into_id="c1")
    order(session, "c1", "o1", paid=ago(5), amount="300.00", province="浙江省", city="杭州市")
    order(session, "c1", "o2", paid=ago(2), amount="200.00", province="浙江省", city="杭州市")
    order(
        session,
        "c2",
        "o3",
        paid=dt.datetime(2026, 10, 10, tzinfo=UTC),
        amount="50.00",
        province="江苏省",
        city="南京市",
    )
    order(session, "c3", "o4", paid=None, status="unpaid", province="浙江省", city="宁波市")
    session.add(
        ChatSession(
            id="s3",
            customer_id="c3",
            channel="web",
            opened_at=dt.datetime(2026, 9, 1, tzinfo=UTC),
            status="closed",
            last_seq=0,
            agent_read_seq=0,
        )
    )
    session.flush()


@pytest.mark.usefixtures("shop_customers")
class TestSegmentMembers:
    @pytest.mark.parametrize(
        ("rules", "expected"),
        [
            ({"rules": [{"field": "tag", "op": "has", "value": "VIP"}]}, ["c1", "c2"]),
            ({"rules": [{"field": "tag", "op": "not_has", "value": "VIP"}]}, ["c3"]),
            ({"rules": [{"field": "region", "op": "in", "value": ["浙江"]}]}, ["c1", "c3"]),
            (
                {"rules": [{"field": "region", "op": "in", "value": ["南京市", "宁波市"]}]},
                ["c2", "c3"],
            ),
            (
                {
                    "rules": [
                        {
                            "field": "spend",
                            "op": ">=",
                            "value": "500",
                            "period_from": "2026-11-01",
                            "period_to": "2026-12-01",
                        }
                    ]
                },
                ["c1"],
            ),
            (
                {
                    "rules": [
                        {
                            "field": "orders",
                            "op": ">=",
                            "value": 1,
                            "period_from": "2026-10-01",
                            "period_to": "2026-11-01",
                        }
                    ]
                },
                ["c2"],
            ),
            ({"rules": [{"field": "last_order", "op": "before", "value": "2026-11-01"}]}, ["c2"]),
            ({"rules": [{"field": "last_order", "op": "none"}]}, ["c3"]),
            ({"rules": [{"field": "last_contact", "op": "after", "value": "2026-08-01"}]}, ["c3"]),
            ({"rules": [{"field": "birthday_this_month", "op": "is"}]}, ["c1"]),
            ({"rules": [{"field": "rfm", "op": "in", "value": ["重要价值客户"]}]}, ["c1"]),
            (
                {
                    "match": "any",
                    "rules": [
                        {"field": "birthday_this_month", "op": "is"},
                        {"field": "region", "op": "in", "value": ["江苏"]},
                    ],
                },
                ["c1", "c2"],
            ),
            (
                {
                    "rules": [
                        {"field": "tag", "op": "has", "value": "VIP"},
                        {"field": "region", "op": "in", "value": ["浙江"]},
                    ]
                },
                ["c1"],
            ),
        ],
    )
    def test_rules_select_exactly(self, session: Session, rules: dict, expected: list[str]) -> None:
        assert segments.members(session, rules=segments.check_rules(rules), now=NOW) == expected

    @pytest.mark.parametrize(
        "rules",
        [
            {"rules": []},
            {"rules": [{"field": "shoe_size", "op": "in", "value": ["40"]}]},
            {"rules": [{"field": "spend", "op": "has", "value": "1"}]},
            {"rules": [{"field": "spend", "op": ">=", "value": "lots"}]},
            {"rules": [{"field": "rfm", "op": "in", "value": ["土豪"]}]},
        ],
    )
    def test_bad_rules_are_refused(self, rules: dict) -> None:
        with pytest.raises(BadInput):
            segments.check_rules(rules)


VIP_RULES = {"rules": [{"field": "tag", "op": "has", "value": "VIP"}]}


@pytest.mark.usefixtures("shop_customers")
class TestMemberCounts:
    def test_each_segment_counts_what_members_selects(self, session: Session, mei: Agent) -> None:
        vip = segments.do_save(session, name="VIP", rules=VIP_RULES, author=mei)
        zhejiang = segments.do_save(
            session,
            name="浙江",
            rules={"rules": [{"field": "region", "op": "in", "value": ["浙江"]}]},
            author=mei,
        )
        never = segments.do_save(
            session,
            name="从未下单",
            rules={"rules": [{"field": "last_order", "op": "none"}]},
            author=mei,
        )
        counts = segments.member_counts(session, segments=[vip, zhejiang, never], now=NOW)
        assert counts == {vip.id: 2, zhejiang.id: 2, never.id: 1}
        assert segments.member_counts(session, segments=[]) == {}


class TestSegmentPage:
    def test_searches_names_and_pages(self, session: Session, mei: Agent) -> None:
        for name in ("VIP", "老客户", "VIP 浙江"):
            segments.do_save(session, name=name, rules=VIP_RULES, author=mei)
        rows, total = segments.segment_page(session, params=PageParams(), text="vip")
        assert [row.name for row in rows] == ["VIP", "VIP 浙江"] and total == 2
        rows, total = segments.segment_page(session, params=PageParams(page=2, page_size=2))
        assert len(rows) == 1 and total == 3


class TestDescribe:
    @pytest.mark.parametrize(
        ("rules", "text"),
        [
            (VIP_RULES, "标签 包含「VIP」"),
            (
                {
                    "match": "any",
                    "rules": [
                        {"field": "region", "op": "in", "value": ["浙江", "上海"]},
                        {"field": "birthday_this_month", "op": "is"},
                    ],
                },
                "收货地区（省或市） 属于 浙江、上海，或本月生日",
            ),
            (
                {
                    "rules": [
                        {
                            "field": "spend",
                            "op": ">=",
                            "value": "500",
                            "period_from": "2026-11-01",
                            "period_to": "2026-12-01",
                        },
                        {"field": "last_contact", "op": "none"},
                    ]
                },
                "消费金额 不少于 500 元（付款于 2026-11-01 起，2026-12-01 前），且从未联系",
            ),
            (
                {"rules": [{"field": "rfm", "op": "in", "value": ["重要价值客户"]}]},
                "RFM 分层 属于 重要价值客户",
            ),
        ],
    )
    def test_rules_read_as_one_sentence(self, rules: dict, text: str) -> None:
        assert segment_fields.describe(rules) == text


@pytest.mark.usefixtures("shop_customers")
class TestFields:
    def test_every_field_and_operator_has_a_label(self, session: Session) -> None:
        meta = segment_fields.fields(session)
        offered = {f.field: {op.op for op in f.ops} for f in meta.fields}
        assert offered == segments.OPS
        labels = [f.label for f in meta.fields] + [op.label for f in meta.fields for op in f.ops]
        assert all(label and not label.isascii() for label in labels)

    def test_suggestions_come_from_the_shop(self, session: Session) -> None:
        meta = {f.field: f for f in segment_fields.fields(session).fields}
        assert meta["tag"].choices == ["VIP"]
        assert meta["region"].choices == ["南京市", "宁波市", "杭州市", "江苏省", "浙江省"]
        assert len(meta["rfm"].choices) == 8 and meta["spend"].period is True
        assert [op.needs_value for op in meta["last_order"].ops] == [True, True, False]


@pytest.mark.usefixtures("shop_customers")
class TestSegmentEndpoints:
    def test_list_preview_and_save(self, client: TestClient, session: Session) -> None:
        add_agent(session, "boss", Role.supervisor)
        token = login(client, "boss")
        headers = {"X-CSRF-Token": token}
        preview = client.post(
            "/api/v1/segments/preview", json={"rules": VIP_RULES}, headers=headers
        )
        assert preview.status_code == 200
        assert preview.json()["count"] == 2 and preview.json()["summary"] == "标签 包含「VIP」"
        assert [m["id"] for m in preview.json()["sample"]] == ["c1", "c2"]
        saved = client.post(
            "/api/v1/segments", json={"name": "VIP", "rules": VIP_RULES}, headers=headers
        )
        assert saved.status_code == 201 and saved.json()["created_by_name"] == "boss"
        listed = client.get("/api/v1/segments").json()
        assert (listed["total"], listed["items"][0]["count"]) == (1, 2)
        fields = client.get("/api/v1/segments/fields").json()
        assert fields["match"][0] == {"value": "all", "label": "满足全部条件"}

    def test_agents_preview_but_do_not_save(self, client: TestClient, session: Session) -> None:
        add_agent(session, "mei", Role.presale)
        headers = {"X-CSRF-Token": login(client, "mei")}
        body = {"name": "VIP", "rules": VIP_RULES}
        assert (
            client.post("/api/v1/segments/preview", json=body, headers=headers).status_code == 200
        )
        assert client.post("/api/v1/segments", json=body, headers=headers).status_code == 403

    def test_bad_rules_are_a_chinese_422(self, client: TestClient, session: Session) -> None:
        add_agent(session, "boss", Role.supervisor)
        headers = {"X-CSRF-Token": login(client, "boss")}
        rules = {"rules": [{"field": "spend", "op": ">=", "value": "很多"}]}
        response = client.post("/api/v1/segments/preview", json={"rules": rules}, headers=headers)
        assert response.status_code == 422 and "第 1 条规则" in response.json()["reason"]
