"""Shop settings, each checked by its schema (kefu.shop.schemas) before it is stored."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.kit.errors import BadInput, NotFound
from kefu.models import ShopSetting
from kefu.models.team import Role
from kefu.shop import service as shop
from kefu.shop.schemas import SETTINGS
from kefu.shop.values import parse_span
from tests.factories import add_agent, login

SRC = Path(__file__).resolve().parents[1] / "src" / "kefu"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def reason_for(session: Session, key: str, value: Any) -> str:
    with pytest.raises(BadInput) as caught:
        shop.do_set(session, key=key, value=value)
    assert caught.value.code == "bad_setting" and caught.value.detail == {"key": key}
    return caught.value.reason


class TestSchema:
    def test_every_key_the_app_reads_has_a_schema(self) -> None:
        read = set()
        for path in SRC.rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            read |= set(re.findall(r"shop\.get\(\w+, \"(\w+)\"\)", text))
            read |= set(re.findall(r"\"(\w+_group)\"", text)) & {"presale_group", "aftersale_group"}
        templates = (SRC / "bot" / "templates.py").read_text(encoding="utf-8")
        read |= set(re.findall(r": \"(\w+)\",", templates))
        assert len(read) >= 25
        assert read <= set(SETTINGS), read - set(SETTINGS)

    def test_every_default_passes_its_own_check(self) -> None:
        for key, setting in SETTINGS.items():
            assert setting.check(setting.default) == setting.default, key

    def test_the_new_keys_and_their_defaults(self) -> None:
        assert SETTINGS["assign_reply_seconds"].default == 60
        assert SETTINGS["holidays"].default == []
        assert SETTINGS["working_hours"].kind == "hours"


class TestDoSet:
    def test_a_number_is_not_a_greeting(self, session: Session) -> None:
        assert reason_for(session, "greeting", 123) == "欢迎语（greeting）：应为文字"
        assert shop.get(session, "greeting").startswith("您好")

    def test_a_greeting_may_use_only_the_shop_name(self, session: Session) -> None:
        assert "不认识的变量 {买家}" in reason_for(session, "greeting", "{买家}您好")
        shop.do_set(session, key="greeting", value="  欢迎来到{店铺名}  ")
        assert shop.get(session, "greeting") == "欢迎来到{店铺名}"

    @pytest.mark.parametrize("bad", ["abc", "-1", "1.999", True, [500]])
    def test_the_refund_limit_is_an_amount(self, session: Session, bad: Any) -> None:
        assert reason_for(session, "refund_review_limit", bad).startswith(
            "退款审核金额线（元）（refund_review_limit）：金额"
        )

    def test_money_is_stored_with_two_decimals(self, session: Session) -> None:
        assert shop.do_set(session, key="refund_review_limit", value=800) == "800.00"
        assert shop.get(session, "refund_review_limit") == "800.00"

    @pytest.mark.parametrize(
        ("text", "stored"),
        [
            ("09:00-23:00", "09:00-23:00"),
            ("9:30-18:00", "09:30-18:00"),
            ("20:00-02:00", "20:00-02:00"),
            ("00:00-24:00", "00:00-24:00"),
            ("09:00-24:00", "09:00-00:00"),
        ],
    )
    def test_working_hours_forms(self, session: Session, text: str, stored: str) -> None:
        assert shop.do_set(session, key="working_hours", value=text) == stored

    @pytest.mark.parametrize(
        ("bad", "said"),
        [
            ("09:00", "时段应为 HH:MM-HH:MM"),
            ("09:00-09:00", "全天营业请填 00:00-24:00"),
            ("25:00-26:00", "00:00 到 23:59"),
            ("09:00-23:60", "00:00 到 23:59"),
            ("24:00-09:00", "00:00 到 23:59"),
            (900, "应为文字"),
        ],
    )
    def test_bad_working_hours(self, session: Session, bad: Any, said: str) -> None:
        assert said in reason_for(session, "working_hours", bad)

    def test_quiet_hours_may_not_use_24(self, session: Session) -> None:
        assert "00:00 到 23:59" in reason_for(session, "care_quiet_hours", "00:00-24:00")
        assert shop.do_set(session, key="care_quiet_hours", value="22:00-08:00") == "22:00-08:00"

    def test_holidays_closed_or_special_hours(self, session: Session) -> None:
        days = [
            {"date": "2026-10-02", "hours": "10:00-18:00"},
            {"date": "2026-10-01", "hours": None, "note": "国庆"},
        ]
        assert shop.do_set(session, key="holidays", value=days) == [
            {"date": "2026-10-01", "note": "国庆"},
            {"date": "2026-10-02", "hours": "10:00-18:00"},
        ]

    @pytest.mark.parametrize(
        ("bad", "said"),
        [
            ([{"date": "2026-13-01"}], "[0].date：日期应为 YYYY-MM-DD"),
            ([{"date": "2026-10-01", "hours": "10-18"}], "[0].hours：时间应为"),
            ([{"date": "2026-10-01"}, {"date": "2026-10-01"}], "出现了不止一次"),
            ([{"date": "2026-10-01", "open": False}], "[0].open：不认识这一项"),
            ("2026-10-01", "应为列表"),
        ],
    )
    def test_bad_holidays(self, session: Session, bad: Any, said: str) -> None:
        assert said in reason_for(session, "holidays", bad)

    def test_qc_rules_switch_rules_off_and_refuse_unknown_ones(self, session: Session) -> None:
        change = {"T02_qin_overuse": {"enabled": False}, "S02_reply_time": {"limit": 90}}
        assert shop.do_set(session, key="qc_rules", value=change) == change
        assert "没有质检规则 T99" in reason_for(session, "qc_rules", {"T99": {"enabled": False}})
        said = reason_for(session, "qc_rules", {"T01_ni_not_nin": {"enabled": "no"}})
        assert "T01_ni_not_nin.enabled：应为 true 或 false" in said
        said = reason_for(session, "qc_rules", {"T01_ni_not_nin": {"severity": "huge"}})
        assert "应为以下之一" in said

    @pytest.mark.parametrize(
        ("key", "bad", "said"),
        [
            ("qc_sample_rate", 1.5, "不能大于 1"),
            ("qc_sample_rate", "5%", "应为数字"),
            ("bot_handoff_below", -0.1, "不能小于 0"),
            ("bot_enabled", "yes", "应为 true 或 false"),
            ("assign_reply_seconds", 0, "不能小于 1"),
            ("shipping_cutoff", "16:30:00", "时间应为"),
            ("delivery_days", "两三天", "如 2-4"),
            ("aftersale_words", ["退款", ""], "[1]：不能为空"),
            ("courier_excluded", {"中通快递": "新疆"}, "中通快递：应为列表"),
            ("feedback_emails", {"logistics": ["not-an-email"]}, "邮箱格式不对"),
            ("feedback_emails", {"weather": []}, "没有反馈类别 weather"),
            ("refund_step_hours", {"paid": 3}, "没有售后步骤 paid"),
            ("refund_step_hours", {"exchange:received": 0}, "exchange:received：不能小于 1"),
            ("agent_intro", "我是{工号}", "不认识的变量 {工号}"),
        ],
    )
    def test_each_kind_is_checked(self, session: Session, key: str, bad: Any, said: str) -> None:
        assert said in reason_for(session, key, bad)

    def test_an_empty_intro_turns_it_off(self, session: Session) -> None:
        assert shop.do_set(session, key="agent_intro", value="  ") == ""

    def test_an_unknown_key_is_404(self, session: Session) -> None:
        with pytest.raises(NotFound, match="没有设置项 colour"):
            shop.do_set(session, key="colour", value="red")


class TestGet:
    def test_a_bad_value_stored_before_checks_falls_back_to_the_default(
        self, session: Session
    ) -> None:
        session.add(ShopSetting(key="greeting", value=123))
        session.add(ShopSetting(key="refund_review_limit", value="abc"))
        session.flush()
        assert shop.get(session, "greeting") == SETTINGS["greeting"].default
        assert shop.get(session, "refund_review_limit") == "500.00"


class TestWorkingHours:
    def at(self, hour: int, minute: int = 0, day: int = 10) -> dt.datetime:
        return dt.datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)

    def hours(self, session: Session, text: str) -> shop.WorkingHours:
        shop.do_set(session, key="working_hours", value=text)
        return shop.working_hours(session)

    def test_around_the_clock(self, session: Session) -> None:
        hours = self.hours(session, "00:00-24:00")
        assert all(hours.is_open(self.at(hour, 59)) for hour in range(24))
        assert hours.closing(self.at(23, 30)) is None  # never closes

    def test_past_midnight(self, session: Session) -> None:
        hours = self.hours(session, "20:00-02:00")
        assert hours.is_open(self.at(21)) and hours.is_open(self.at(1, 59))
        assert not hours.is_open(self.at(2)) and not hours.is_open(self.at(19, 59))
        assert hours.closing(self.at(1)) == self.at(2)
        assert hours.closing(self.at(23)) == self.at(2, day=11)
        assert hours.next_opening(self.at(3)) == self.at(20)

    def test_the_default_day(self, session: Session) -> None:
        hours = shop.working_hours(session)
        assert hours.is_open(self.at(9)) and not hours.is_open(self.at(23))
        assert hours.next_opening(self.at(23, 30)) == self.at(9, day=11)

    def test_parse_span_gives_start_and_length(self) -> None:
        assert parse_span("22:30-06:00") == (dt.time(22, 30), dt.timedelta(hours=7, minutes=30))


class TestSettingsApi:
    @pytest.fixture
    def boss(self, session: Session, client: TestClient) -> dict[str, str]:
        add_agent(session, "boss", Role.supervisor)
        add_agent(session, "mei", Role.presale)
        return {"X-CSRF-Token": login(client, "boss")}

    def test_the_form_lists_every_page_setting_with_its_kind(
        self, client: TestClient, boss: dict[str, str]
    ) -> None:
        items = client.get("/api/v1/shop/settings").json()
        by_key = {item["key"]: item for item in items}
        assert set(by_key) == {key for key, s in SETTINGS.items() if not s.internal}
        hours = by_key["working_hours"]
        assert (hours["kind"], hours["label"], hours["value"]) == (
            "hours",
            "营业时间",
            "09:00-23:00",
        )
        assert (by_key["qc_sample_rate"]["kind"], by_key["qc_sample_rate"]["max"]) == ("percent", 1)
        rules = {choice["value"] for choice in by_key["qc_rules"]["choices"]}
        assert "T02_qin_overuse" in rules
        assert (
            by_key["assign_reply_seconds"]["default"] == 60
            and by_key["holidays"]["kind"] == "dates"
        )
        assert all(item["help"] and item["label"] for item in items)

    def test_put_stores_the_checked_value(self, client: TestClient, boss: dict[str, str]) -> None:
        response = client.put(
            "/api/v1/shop/settings/working_hours", json={"value": "9:00-24:00"}, headers=boss
        )
        assert response.status_code == 204
        stored = client.get("/api/v1/shop/settings/working_hours").json()
        assert stored["value"] == "09:00-00:00"

    def test_a_bad_value_is_422_naming_the_key(
        self, client: TestClient, boss: dict[str, str]
    ) -> None:
        response = client.put(
            "/api/v1/shop/settings/refund_review_limit", json={"value": "abc"}, headers=boss
        )
        assert response.status_code == 422
        body = response.json()
        assert body["key"] == "refund_review_limit" and body["code"] == "bad_setting"
        assert body["reason"].startswith("退款审核金额线（元）（refund_review_limit）：金额应为")

    @pytest.mark.parametrize(("key", "value"), [("greeting", 123), ("refund_review_limit", "abc")])
    def test_settings_accept_only_their_schema(
        self, client: TestClient, boss: dict[str, str], key: str, value: Any
    ) -> None:
        """Issue 17: ``greeting: 123`` broke new chats, ``refund_review_limit: "abc"`` refunds."""
        before = client.get(f"/api/v1/shop/settings/{key}", headers=boss).json()["value"]
        response = client.put(f"/api/v1/shop/settings/{key}", json={"value": value}, headers=boss)
        assert response.status_code == 422
        assert response.json()["key"] == key and f"（{key}）" in response.json()["reason"]
        assert client.get(f"/api/v1/shop/settings/{key}", headers=boss).json()["value"] == before

    @pytest.mark.parametrize("key", ["colour", "feedback_report_sent_week"])
    def test_unknown_and_internal_keys_are_404(
        self, client: TestClient, boss: dict[str, str], key: str
    ) -> None:
        response = client.put(f"/api/v1/shop/settings/{key}", json={"value": "x"}, headers=boss)
        assert response.status_code == 404 and response.json()["code"] == "unknown_setting"

    def test_only_the_supervisor(self, client: TestClient, boss: dict[str, str]) -> None:
        client.cookies.clear()
        login(client, "mei")
        assert client.get("/api/v1/shop/settings").status_code == 403
