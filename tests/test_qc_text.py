"""Text rules of shared/spec/qc-rules.md: messages that must trigger each rule, and
messages that must not (polite replies, order numbers and addresses are not leaks;
好的 is not a negative interjection)."""

from __future__ import annotations

import pytest

from kefu.demo import words
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
        ["嗯", "额，这个要问一下仓库", "好吧", "随便", "唉，又是这个问题", "好吧，那我帮您申请"],
        ["好的", "好的，马上为您处理", "您好，在的", "好的哦", "亲，在的哦，请问有什么可以帮您？"],
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

    def test_exceptions_can_be_extended(self) -> None:
        """T08_rude_language: a shop names its own ordinary words that contain an insult."""
        rules = RuleSet.with_overrides(
            {"T08_rude_language": {"exceptions": ["傻B超市"], "words": ["傻B"]}}
        )
        assert check_message("傻B超市的货", rules) == []
        assert [f.rule for f in check_message("真是傻B", rules)] == ["T08_rude_language"]


class TestT05NegativeInterjection:
    """T05_negative_interjection exactly as qc-rules.md reads: a fault when a message or one of
    its sentences is only an interjection, or opens with one followed by a pause; 好的 and a
    friendly sentence-final particle on a clause are fine."""

    @staticmethod
    def t05(text: str) -> list[str]:
        return [f.excerpt for f in check_message(text) if f.rule == "T05_negative_interjection"]

    @pytest.mark.parametrize("text", ["哦", "哦。", "哦~", "嗯", "嗯嗯", "额……", "好吧", "随便"])
    def test_t05_an_interjection_alone_is_a_fault(self, text: str) -> None:
        assert self.t05(text) == [text]

    def test_t05_a_sentence_that_is_only_an_interjection_is_a_fault(self) -> None:
        assert self.t05("您好，已经为您备注了。哦。") == ["…已经为您备注了。哦。"]

    @pytest.mark.parametrize(
        "text",
        ["哦，这个已经发货了", "额，这个要问一下仓库", "好吧，那我帮您申请", "嗯…稍后回复您"],
    )
    def test_t05_an_interjection_opening_a_sentence_before_a_pause_is_a_fault(
        self, text: str
    ) -> None:
        assert len(self.t05(text)) == 1

    def test_t05_the_opening_of_a_later_sentence_counts_too(self) -> None:
        assert self.t05("已经为您查询到物流信息了。哦，包裹明天到") == [
            "…询到物流信息了。哦，包裹明天到"
        ]

    @pytest.mark.parametrize(
        "text",
        [
            "亲，包裹预计明天送达的哦~",
            "这款是正品，请放心购买哦",
            "亲，16:30前付款当天发货，之后的订单次日发出哦",
            "好的哦",
            "好的",
            "亲，在的哦，请问有什么可以帮您？",
            "不客气，祝您购物愉快，有问题随时找我哦～",
        ],
    )
    def test_t05_a_friendly_sentence_final_particle_is_no_fault(self, text: str) -> None:
        assert self.t05(text) == []

    @pytest.mark.parametrize(
        "text", ["额度已经恢复了", "哎呀抱歉，马上为您处理", "嗯嗯好的马上为您处理"]
    )
    def test_t05_an_interjection_without_a_pause_opens_no_fault(self, text: str) -> None:
        assert self.t05(text) == []


# Per word rule of qc-rules.md: (real uses, ordinary words that merely contain the word).
WORD_BOUNDARIES: dict[str, tuple[list[str], list[str]]] = {
    "T01_ni_not_nin": (["你看一下", "你们家的快递"], ["这款是迷你款，很小巧"]),
    "T02_qin_overuse": (
        ["亲，有货的亲", "亲亲，在的"],
        ["亲，这款面料很亲肤", "亲，母亲节的礼盒还有货", "亲，亲子装有货的"],
    ),
    "T03_blunt_refusal": (
        ["这个不能退", "不行", "不可以改价"],
        ["能不能麻烦您提供一下订单号", "可不可以麻烦您拍张照片", "您看这样行不行"],
    ),
    "T07_vague_answer": (["这个我不清楚", "差不多吧"], ["图片看不清楚，麻烦您重新拍一张"]),
    "T08_rude_language": (
        ["你是sb吗", "SB", "sb，自己看", "他妈的", "你有病吧", "滚开"],
        [
            "usb 接口可以充电",
            "支持USB充电",
            "给妈妈的礼物选这款",
            "其他妈妈都说好穿",
            "他妈妈穿M码正好",
            "收纳桶适合废物利用",
            "去死皮的效果很好",
            "扫地机器人能清理去死角",
            "水滚开后再冲泡",
        ],
    ),
    "T09_overpromise": (
        ["保证明天到", "100%不掉色", "百分百满意"],
        ["这款是100%棉的", "面料是百分百纯棉", "保证金由平台托管"],
    ),
}


@pytest.mark.parametrize("rule", sorted(WORD_BOUNDARIES))
class TestWordsMatchAsWords:
    """qc-rules.md: words match as words; Latin words on word boundaries (usb is not sb),
    Chinese words not inside a longer ordinary word the shop's word list names."""

    def test_a_real_use_is_a_finding(self, rule: str) -> None:
        for text in WORD_BOUNDARIES[rule][0]:
            assert rule in [f.rule for f in check_message(text)], f"{rule} misses {text!r}"

    def test_an_ordinary_word_that_contains_it_is_not(self, rule: str) -> None:
        for text in WORD_BOUNDARIES[rule][1]:
            assert rule not in [f.rule for f in check_message(text)], f"{rule} flags {text!r}"


@pytest.mark.parametrize("word", RuleSet().rules["T08_rude_language"].words)
def test_t08_every_rude_word_on_its_own_is_still_found(word: str) -> None:
    """T08_rude_language: the exceptions never hide a word of the list said as itself."""
    assert [f.rule for f in check_message(f"真是{word}，") if f.rule.startswith("T08")] == [
        "T08_rude_language"
    ]


def test_every_word_rule_of_the_spec_has_boundary_cases() -> None:
    """T04 (patterns), T05 (sentences), T06 (punctuation), T10 (what follows 谢谢) and T11
    (number patterns) match no words; every other text rule does."""
    assert sorted(WORD_BOUNDARIES) == sorted(
        rule.id
        for rule in RuleSet().rules.values()
        if rule.id.startswith("T") and rule.words and rule.id not in NOT_WORD_RULES
    )


NOT_WORD_RULES = ("T04_rhetorical_question", "T05_negative_interjection")
NOT_WORD_RULES += ("T06_harsh_punctuation", "T10_bare_thanks")


@pytest.mark.parametrize("shortcut,text,_group", words.QUICK_PHRASES)
def test_the_shops_default_quick_phrases_break_no_rule(
    shortcut: str, text: str, _group: str
) -> None:
    """Every text rule of qc-rules.md, on the seed's quick phrases as stored and as sent."""
    filled = text.format(
        店铺名="小店旗舰店",
        买家昵称="tb_sunny",
        订单号="2026111112345678901",
        物流单号="75312345678901",
    )
    assert check_message(text) == [] and check_message(filled) == [], shortcut
