"""Working hours that may cross midnight (shop/hours.py), their validation, and the
offline-message (留言) decision that reads them, in the shop's zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.chat import routing, service
from kefu.kit.errors import BadInput
from kefu.models import ChatSession
from kefu.models.chat import SessionStatus
from kefu.models.team import Role
from kefu.shop import service as shop
from kefu.shop.hours import parse_hours
from tests.chat_helpers import agent, buyer, frozen_at
from tests.factories import login

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(hour: int, minute: int = 0, day: int = 10) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


class TestParseHours:
    @pytest.mark.parametrize(
        ("moment", "open_"),
        [(at(8, 59), False), (at(9), True), (at(23, 30), True), (at(0, 59), True), (at(1), False)],
    )
    def test_hours_past_midnight_close_the_next_morning(
        self, moment: dt.datetime, open_: bool
    ) -> None:
        assert parse_hours("09:00-01:00", SHANGHAI).is_open(moment) is open_

    def test_round_the_clock(self) -> None:
        hours = parse_hours("00:00-24:00", SHANGHAI)
        assert all(hours.is_open(at(h)) for h in range(24))
        assert hours.closing(at(3)) is None and hours.text() == "全天 24 小时"

    def test_closing_next_opening_and_text_past_midnight(self) -> None:
        hours = parse_hours("09:00-01:00", SHANGHAI)
        assert hours.closing(at(23)) == at(1, day=11)
        assert hours.closing(at(0, 30, day=11)) == at(1, day=11)
        assert hours.next_opening(at(2)) == at(9)
        assert hours.text() == "09:00–次日01:00"
        assert parse_hours("09:00-23:00", SHANGHAI).text() == "09:00–23:00"

    def test_hours_are_read_in_the_shops_zone(self) -> None:
        utc_evening = dt.datetime(2026, 11, 10, 16, 30, tzinfo=dt.UTC)  # 00:30 in Shanghai
        assert parse_hours("09:00-01:00", SHANGHAI).is_open(utc_evening)
        assert not parse_hours("09:00-23:00", SHANGHAI).is_open(utc_evening)

    @pytest.mark.parametrize("value", ["9点到23点", "09:00", "25:00-01:00", "09:00-09:00", 900])
    def test_malformed_values_get_a_chinese_reason_naming_the_key(self, value: object) -> None:
        with pytest.raises(BadInput) as caught:
            parse_hours(value, SHANGHAI)
        assert caught.value.code == "bad_hours"
        assert caught.value.reason.startswith("working_hours 格式不正确")


class TestSettingEndpoint:
    def test_a_bad_value_is_a_422_naming_the_key(
        self, client: TestClient, session: Session
    ) -> None:
        agent(session, "boss", group=None, role=Role.supervisor)
        session.commit()
        csrf = {"X-CSRF-Token": login(client, "boss", "s3cret-pass")}
        path = "/api/v1/shop/settings/"
        bad = client.put(path + "working_hours", json={"value": "09:00~01:00"}, headers=csrf)
        assert bad.status_code == 422 and "working_hours" in bad.json()["reason"]
        late = client.put(path + "working_hours", json={"value": "09:00-01:00"}, headers=csrf)
        assert late.status_code == 204
        seconds = client.put(path + "assign_reply_seconds", json={"value": "快"}, headers=csrf)
        assert seconds.status_code == 422 and "assign_reply_seconds" in seconds.json()["reason"]
        unknown = client.put(path + "nope", json={"value": 1}, headers=csrf)
        assert unknown.status_code == 404 and unknown.json()["code"] == "unknown_setting"


class TestOfflineDecision:
    def test_half_past_midnight_in_night_hours_goes_to_an_agent(self, session: Session) -> None:
        shop.do_set(session, key="working_hours", value="09:00-01:00")
        agent(session, "mei")
        with frozen_at(at(0, 30, day=11)):
            sent = service.do_buyer_send(
                session, customer_id=buyer(session), client_id="n1", text="在吗"
            )
        chat_session = session.get(ChatSession, sent.session_id)
        assert chat_session is not None and chat_session.status == SessionStatus.assigned

    def test_after_night_hours_a_message_is_due_at_ten(self, session: Session) -> None:
        shop.do_set(session, key="working_hours", value="09:00-01:00")
        agent(session, "mei")
        with frozen_at(at(2, 0, day=11)):
            sent = service.do_buyer_send(
                session, customer_id=buyer(session), client_id="n2", text="在吗"
            )
        chat_session = session.get(ChatSession, sent.session_id)
        assert chat_session is not None and chat_session.status == SessionStatus.offline
        assert routing.offline_due(session, at(2, 0, day=11)) == at(10, day=11)
        # 00:30 + 1 h would pass the 01:00 closing: also 10:00 that morning.
        assert routing.offline_due(session, at(0, 30, day=11)) == at(10, day=11)
