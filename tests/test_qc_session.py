"""Session rules S01–S06 of shared/spec/qc-rules.md on hand-built conversations,
and the score (100 minus weights: high 10, medium 5, low 2; flagged below 80)."""

from __future__ import annotations

import datetime as dt
from itertools import count

from kefu.qc.rules import RuleSet, score
from kefu.qc.session import Said, SessionFacts, inspect

T0 = dt.datetime(2026, 11, 11, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
ids = count(1)


def said(seconds: float, sender: str, text: str) -> Said:
    return Said(f"m{next(ids)}", T0 + dt.timedelta(seconds=seconds), sender, text)


def rules_of(facts: SessionFacts) -> list[str]:
    return [f.rule for f in inspect(facts) if f.rule.startswith("S")]


class TestS01FirstResponse:
    def test_late_first_reply_in_working_hours(self) -> None:
        facts = SessionFacts(
            [said(0, "buyer", "在吗"), said(9, "agent", "您好，在的")], closed=True
        )
        assert rules_of(facts) == ["S01_first_response"]

    def test_bot_greeting_within_5s_is_enough(self) -> None:
        facts = SessionFacts(
            [
                said(0, "buyer", "在吗"),
                said(1, "bot", "您好，欢迎光临"),
                said(30, "agent", "您好，请问有什么可以帮您"),
            ],
            closed=True,
        )
        assert "S01_first_response" not in rules_of(facts)

    def test_outside_working_hours_it_does_not_apply(self) -> None:
        facts = SessionFacts(
            [said(0, "buyer", "在吗"), said(9, "agent", "您好")],
            closed=True,
            in_working_hours=lambda _at: False,
        )
        assert "S01_first_response" not in rules_of(facts)


class TestS02AndS03ReplyTime:
    def test_a_slow_answer_without_notice_breaks_both(self) -> None:
        facts = SessionFacts(
            [
                said(0, "buyer", "在吗"),
                said(2, "bot", "您好"),
                said(10, "buyer", "有L码吗"),
                said(100, "agent", "您好，有的"),
            ],
            closed=True,
        )
        assert sorted(rules_of(facts)) == ["S02_reply_time", "S03_wait_notice"]

    def test_saying_please_wait_first_excuses_both(self) -> None:
        facts = SessionFacts(
            [
                said(0, "buyer", "在吗"),
                said(2, "bot", "您好"),
                said(10, "buyer", "我的快递到哪了"),
                said(20, "agent", "请稍等，正在查询"),
                said(100, "agent", "帮您查到了，明天送达"),
            ],
            closed=True,
        )
        assert rules_of(facts) == []

    def test_answers_within_the_minute_are_fine(self) -> None:
        facts = SessionFacts(
            [
                said(0, "buyer", "在吗"),
                said(3, "agent", "您好"),
                said(10, "buyer", "有L码吗"),
                said(60, "agent", "您好，有的"),
            ],
            closed=True,
        )
        assert rules_of(facts) == []


class TestS04Unanswered:
    def test_closing_on_a_buyer_message(self) -> None:
        facts = SessionFacts(
            [said(0, "buyer", "在吗"), said(2, "agent", "您好"), said(20, "buyer", "还在吗")],
            closed=True,
        )
        assert rules_of(facts) == ["S04_unanswered"]

    def test_open_sessions_are_not_judged_yet(self) -> None:
        facts = SessionFacts(
            [said(0, "buyer", "在吗"), said(2, "agent", "您好"), said(20, "buyer", "还在吗")],
            closed=False,
        )
        assert "S04_unanswered" not in rules_of(facts)


class TestS05AddressCheck:
    def test_paid_without_confirming_the_address(self) -> None:
        facts = SessionFacts(
            [said(0, "buyer", "拍好了"), said(2, "agent", "好的，马上为您安排发货")],
            closed=True,
            paid_order_addresses=["浙江省杭州市西湖区文三路90号"],
        )
        assert rules_of(facts) == ["S05_address_check"]

    def test_confirming_the_address_is_enough(self) -> None:
        facts = SessionFacts(
            [
                said(0, "buyer", "拍好了"),
                said(2, "agent", "您好，请核对收货地址：文三路90号，收货人李女士"),
            ],
            closed=True,
            paid_order_addresses=["浙江省杭州市西湖区文三路90号"],
        )
        assert rules_of(facts) == []


class TestS06UnauthorisedTransfer:
    def test_a_transfer_with_an_empty_reason(self) -> None:
        facts = SessionFacts(
            [said(0, "buyer", "在吗"), said(2, "agent", "您好")],
            closed=True,
            transfer_reasons=["买家要退货", "  ", None],
        )
        assert rules_of(facts) == ["S06_unauthorised_transfer", "S06_unauthorised_transfer"]


class TestScore:
    def test_weights_and_flag(self) -> None:
        facts = SessionFacts(
            [
                said(0, "buyer", "在吗"),
                said(30, "agent", "谢谢"),
                said(40, "agent", "加我微信 kefu_abc123"),
                said(50, "buyer", "？"),
            ],
            closed=True,
        )
        findings = inspect(facts)
        assert sorted(f.rule for f in findings) == [
            "S01_first_response",
            "S04_unanswered",
            "T10_bare_thanks",
            "T11_leak_contact",
        ]
        assert score(findings) == 100 - 5 - 5 - 2 - 10 == 78

    def test_never_below_zero(self) -> None:
        facts = SessionFacts(
            [
                said(0, "buyer", "在吗"),
                *[said(n, "agent", "你好！保证！傻逼") for n in range(10, 20)],
            ],
            closed=True,
        )
        assert score(inspect(facts)) == 0

    def test_switched_off_session_rules_find_nothing(self) -> None:
        facts = SessionFacts([said(0, "buyer", "在吗"), said(9, "agent", "您好")], closed=True)
        rules = RuleSet.with_overrides({"S01_first_response": {"enabled": False}})
        assert inspect(facts, rules) == []
