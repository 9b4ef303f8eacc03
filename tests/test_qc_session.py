"""Session rules S01–S06 of shared/spec/qc-rules.md on hand-built conversations,
and the score (100 minus weights: high 10, medium 5, low 2; flagged below 80)."""

from __future__ import annotations

import datetime as dt
from itertools import count

from kefu.qc.rules import RuleSet, score
from kefu.qc.session import Handover, PaidOrder, Said, SessionFacts, inspect

T0 = dt.datetime(2026, 11, 11, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
ids = count(1)


def said(seconds: float, sender: str, text: str, agent: str | None = None) -> Said:
    return Said(f"m{next(ids)}", T0 + dt.timedelta(seconds=seconds), sender, text, agent)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


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
            paid_orders=[PaidOrder(T0, "浙江省杭州市西湖区文三路90号")],
        )
        assert rules_of(facts) == ["S05_address_check"]

    def test_confirming_the_address_is_enough(self) -> None:
        facts = SessionFacts(
            [
                said(0, "buyer", "拍好了"),
                said(2, "agent", "您好，请核对收货地址：文三路90号，收货人李女士"),
            ],
            closed=True,
            paid_orders=[PaidOrder(T0, "浙江省杭州市西湖区文三路90号")],
        )
        assert rules_of(facts) == []


class TestS06UnauthorisedTransfer:
    def test_a_transfer_with_an_empty_reason(self) -> None:
        facts = SessionFacts(
            [said(0, "buyer", "在吗"), said(2, "agent", "您好")],
            closed=True,
            transfers=[
                Handover(T0, "wang", "mei", "买家要退货"),
                Handover(T0, "mei", "li", "  "),
                Handover(T0, "li", "wang", None),
            ],
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


def charged(facts: SessionFacts) -> list[tuple[str, str | None]]:
    return sorted((f.rule, f.agent_id) for f in inspect(facts))


class TestWhoIsCharged:
    """Each finding goes to one agent: text rules to the message's author; session rules to
    whoever was responsible at the moment qc-rules.md names."""

    def test_text_findings_go_to_the_author_of_the_message(self) -> None:
        """T08_rude_language and T01_ni_not_nin of 小王 stay his after he hands over to 小美."""
        facts = SessionFacts(
            [
                said(0, "buyer", "在吗"),
                said(2, "agent", "你有病吧", "wang"),
                said(4, "agent", "您好，请问有什么可以帮您？", "mei"),
            ],
            closed=False,
            custody=[(at(1), "wang"), (at(3), "mei")],
            transfers=[Handover(at(3), "wang", "mei", "买家要退货")],
        )
        assert charged(facts) == [("T01_ni_not_nin", "wang"), ("T08_rude_language", "wang")]

    def test_s02_s03_go_to_the_holder_when_the_reply_fell_due(self) -> None:
        """S02_reply_time, S03_wait_notice: the buyer asked at 10 s, an answer was due at 70 s;
        小王 held the session until 80 s, 小美 answered at 100 s. It was 小王's to answer."""
        facts = SessionFacts(
            [
                said(0, "buyer", "在吗"),
                said(2, "agent", "您好", "wang"),
                said(10, "buyer", "我要退货"),
                said(100, "agent", "您好，这就为您办理退货", "mei"),
            ],
            closed=False,
            custody=[(at(1), "wang"), (at(80), "mei")],
            transfers=[Handover(at(80), "wang", "mei", "售后问题")],
        )
        assert charged(facts) == [("S02_reply_time", "wang"), ("S03_wait_notice", "wang")]

    def test_s01_waiting_in_the_queue_is_nobodys_record(self) -> None:
        """S01_first_response: nobody held the session when the greeting fell due (5 s)."""
        facts = SessionFacts(
            [said(0, "buyer", "在吗"), said(31, "agent", "您好", "mei")],
            closed=False,
            custody=[(at(0), None), (at(30), "mei")],
        )
        assert charged(facts) == [("S01_first_response", None)]

    def test_s04_goes_to_the_holder_at_the_close(self) -> None:
        """S04_unanswered: the session closed on 小美's watch."""
        facts = SessionFacts(
            [
                said(0, "buyer", "在吗"),
                said(2, "agent", "您好", "wang"),
                said(20, "buyer", "还在吗"),
            ],
            closed=True,
            closed_at=at(40),
            custody=[(at(1), "wang"), (at(10), "mei")],
            transfers=[Handover(at(10), "wang", "mei", "换班")],
        )
        assert charged(facts) == [("S04_unanswered", "mei")]

    def test_s05_goes_to_the_holder_when_the_order_was_paid(self) -> None:
        """S05_address_check: paid while 小王 served, then handed to 小美; 小王 should have
        confirmed the address."""
        facts = SessionFacts(
            [
                said(0, "buyer", "拍好了"),
                said(2, "agent", "好的，马上为您安排", "wang"),
                said(40, "agent", "您好，我是售后小美", "mei"),
            ],
            closed=True,
            custody=[(at(0), "wang"), (at(30), "mei")],
            transfers=[Handover(at(30), "wang", "mei", "售后问题")],
            paid_orders=[PaidOrder(at(1), "浙江省杭州市西湖区文三路90号")],
        )
        assert charged(facts) == [("S05_address_check", "wang")]

    def test_s06_goes_to_the_agent_who_handed_the_buyer_on(self) -> None:
        """S06_unauthorised_transfer: 小王 gave no reason; 小美, who received, did nothing."""
        facts = SessionFacts(
            [said(0, "buyer", "在吗"), said(2, "agent", "您好", "wang")],
            closed=False,
            custody=[(at(1), "wang"), (at(5), "mei")],
            transfers=[Handover(at(5), "wang", "mei", "")],
        )
        assert charged(facts) == [("S06_unauthorised_transfer", "wang")]

    def test_imported_history_reads_who_held_it_from_messages_and_transfers(self) -> None:
        """No custody rows (an import): the first agent seen held the session from its start."""
        facts = SessionFacts(
            [
                said(0, "buyer", "在吗"),
                said(90, "agent", "您好", "wang"),
                said(100, "buyer", "我要退货"),
                said(300, "agent", "您好，这就为您办理", "mei"),
            ],
            closed=True,
            transfers=[Handover(at(200), "wang", "mei", "售后问题")],
        )
        assert charged(facts) == [
            ("S01_first_response", "wang"),
            ("S02_reply_time", "wang"),
            ("S02_reply_time", "wang"),
            ("S03_wait_notice", "wang"),
            ("S03_wait_notice", "wang"),
        ]
