"""Text rules of shared/spec/qc-rules.md: messages that must trigger each rule, and
messages that must not (polite replies, order numbers and addresses are not leaks;
好的 is not a negative interjection)."""

from __future__ import annotations

import pytest

from kefu.qc.rules import RuleSet
from kefu.qc.text import check_message

CASES: dict[str, tuple[list[str], list[str]]] = {
    "T01_ni_not_nin": (
        ["你好，请问有什么可以帮你", "你们家的快递是哪个", "这个你自己看一下"],
        ["您好，请问有什么可以帮您？", "亲，您的包裹已发出"],
    ),
    "T02_qin_overuse": (
        ["亲，这款有货的亲", "亲亲，在的哦亲"],
        ["亲，这款有货的", "您好，这款有货"],
    ),
    "T03_blunt_refusal": (
        ["这个不能退", "不行，活动价不改", "没办法改地址了", "这个办不到"],
        ["非常抱歉，这个不能退的", "不好意思，活动价不能再改了", "可以的，马上为您改"],
    ),
    "T04_rhetorical_question": (
        [
            "详情页不是写了吗？",
            "难道您没收到短信",
            "页面上没看到吗",
            "自己不会看吗",
            "这个您不知道吗？",
        ],
        ["详情页有尺码表，您可以参考一下", "请问您收到短信了吗？"],
    ),
    "T05_negative_interjection": (
        ["嗯", "额，这个要问一下仓库", "好吧", "随便您", "唉，又是这个问题", "好的哦"],
        ["好的", "好的，马上为您处理", "您好，在的"],
    ),
    "T06_harsh_punctuation": (
        ["这个已经发货了！", "这个已经发货了……", "等一下...", "您确定吗？？", "好的!"],
        ["这个已经发货了。", "请问您确定吗？"],
    ),
    "T07_vague_answer": (
        ["大概三天差不多能到", "这个我也不清楚", "可能吧", "看情况"],
        ["预计 3 天内送达", "帮您查询了，明天上午派送"],
    ),
    "T08_rude_language": (
        ["你是不是有病吧", "神经病", "闭嘴"],
        ["非常抱歉给您带来不便", "滚筒洗衣机也可以洗这件"],
    ),
    "T09_overpromise": (
        ["保证明天到", "绝对正品", "百分百不掉色", "肯定没问题的", "一定不会起球"],
        ["正常 2-3 天送达", "这款不易起球"],
    ),
    "T10_bare_thanks": (
        ["谢谢", "好的谢谢。", "谢谢，再见"],
        ["谢谢您", "谢谢亲的支持", "谢谢支持", "谢谢理解"],
    ),
    "T11_leak_contact": (
        [
            "有问题加我微信 kefu_abc123",
            "直接打我电话 138 1234 5678",
            "私下转账到卡号 6222 0212 3456 7890 123",
            "加qq 12345678",
            "座机 0571-88888888",
        ],
        [
            "您的订单号 2026111112345678901 已发货",
            "收货地址：浙江省杭州市西湖区文三路90号3幢",
            "收货人手机 138****5678",
            "物流单号 75312345678901",
            "好的，马上为您处理",
        ],
    ),
}


@pytest.mark.parametrize("rule", sorted(CASES))
class TestTextRule:
    def test_triggers(self, rule: str) -> None:
        for text in CASES[rule][0]:
            assert rule in [f.rule for f in check_message(text)], (
                f"{rule} should trigger on {text!r}"
            )

    def test_does_not_trigger(self, rule: str) -> None:
        for text in CASES[rule][1]:
            assert rule not in [f.rule for f in check_message(text)], (
                f"{rule} should not trigger on {text!r}"
            )


def test_every_text_rule_of_the_spec_is_covered() -> None:
    assert sorted(CASES) == sorted(rule for rule in RuleSet().rules if rule.startswith("T"))


def test_a_polite_reply_breaks_nothing() -> None:
    assert (
        check_message(
            "您好，非常抱歉让您久等了，帮您查询到包裹明天上午送达，请您留意电话，谢谢您的耐心。"
        )
        == []
    )


def test_findings_carry_severity_and_an_excerpt() -> None:
    [finding] = check_message("请加我微信 kefu_abc123 详聊")
    assert (finding.rule, finding.severity, finding.weight) == ("T11_leak_contact", "high", 10)
    assert "kefu_abc123" in finding.excerpt


class TestShopOverrides:
    def test_a_rule_can_be_switched_off(self) -> None:
        rules = RuleSet.with_overrides({"T02_qin_overuse": {"enabled": False}})
        assert check_message("亲，在的亲", rules) == []

    def test_word_lists_can_be_changed(self) -> None:
        rules = RuleSet.with_overrides({"T09_overpromise": {"words": ["包您满意"]}})
        assert [f.rule for f in check_message("包您满意", rules)] == ["T09_overpromise"]
        assert check_message("保证明天到", rules) == []

    def test_unknown_rules_are_refused(self) -> None:
        with pytest.raises(ValueError, match="T99"):
            RuleSet.with_overrides({"T99_nothing": {"enabled": False}})
