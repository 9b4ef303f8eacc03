"""The bot's normalisation step (kefu.bot.normalize), case by case: training,
prediction, FAQ search and mining all see a message through it."""

from __future__ import annotations

import pytest

from kefu.bot.normalize import MAX_CHARS, clean_text, normalize, strip_courtesy


class TestNormalize:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("這件還有貨嗎？？？😊😊", "这件还有货吗?"),  # 繁體, full width, emoji, repeats
            ("ＡＢＣ　有货吗", "abc 有货吗"),
            ("订单3871****2290到哪了", "订单 # 到哪了"),  # masked and long numbers
            ("VC12345678 催一下", "催一下"),  # a tracking number at an end says nothing
        ],
    )
    def test_width_script_emoji_and_numbers(self, text: str, expected: str) -> None:
        assert normalize(text) == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("[订单x]到哪了", "到哪了"),
            ("我的[订单x]还没到 [姓名x]", "我的 # 还没到"),
            ("[链接x] 这个是正品吧", "这个是正品吧"),
            ("[USERID_123] 在吗", "在吗"),
            ("[订单x]", "#"),  # nothing else: stays a number, classified as other
        ],
    )
    def test_masked_tokens_of_marketplace_exports(self, text: str, expected: str) -> None:
        assert normalize(text) == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("[图片]", ""),
            ("[表情] 这个有货吗", "这个有货吗"),
            ("[微笑][微笑]好的", "好的"),
            ("#E-s[数字x]好的", "好的"),
        ],
    )
    def test_emoji_codes_never_pull_a_message_to_other(self, text: str, expected: str) -> None:
        assert normalize(text) == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("👌", "好"),
            ("👌🏻!", "好"),
            ("🙏🙏", "谢谢"),
            ("👍 这个有货吗", "这个有货吗"),
            ("🌹🌹", ""),
        ],
    )
    def test_emoji_sent_as_a_reply_become_words(self, text: str, expected: str) -> None:
        assert normalize(text) == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                "咨询订单号:[订单x] 订单金额:[金额x] 下单时间:[日期x] 商品降价了 是否退差价呢",
                "商品降价了 是否退差价呢",
            ),
            (
                "[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]] 你好 什么时候发货",
                "什么时候发货",
            ),
            (
                "查询订单号:[订单x]， 商品号:[数字x] 这个订单的发票改成电子发票吧",
                "这个订单的发票改成电子发票吧",
            ),
            ("[订单编号:[数字x]，订单金额:，下单时间:NaN-NaN-NaN NaN:NaN] 能取消吗", "能取消吗"),
            (
                "顾客通过点击web咚咚[站点x]信息发送:[订单编号:[订单x]，订单金额:[金额x]，下单时间:[日期x] [时间x]] 赠品呢",
                "赠品呢",
            ),
            ("快递今天可以到吗 京东快递(移动端)", "快递今天可以到吗"),
        ],
    )
    def test_pasted_order_cards_and_app_texts_go(self, text: str, expected: str) -> None:
        assert normalize(text) == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("我要转人工 我要转人工", "我要转人工"),
            ("在吗 在吗 在吗", "在吗"),
            ("能开发票吗！！！！", "能开发票吗!"),
            ("哈哈哈哈哈", "哈哈"),
        ],
    )
    def test_repeats_once(self, text: str, expected: str) -> None:
        assert normalize(text) == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("你好，少发了一件，谢谢", "少发了一件"),
            ("在吗 请问这个有货吗", "这个有货吗"),
            ("谢谢 那赠品呢?", "那赠品呢?"),
            ("好的 那什么时候发货", "那什么时候发货"),
            ("亲 帮忙改下地址 麻烦了", "帮忙改下地址"),
            ("528690173109 在吗", "在吗"),
        ],
    )
    def test_greetings_and_thanks_around_a_question_go(self, text: str, expected: str) -> None:
        assert normalize(text) == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("你好", "你好"),
            ("好的谢谢", "好的"),
            ("谢谢", "谢谢"),
            ("在配送了?", "在配送了?"),  # 在 starts a word here, not a greeting
            ("现在吗", "现在吗"),
            ("hifi音响有吗", "hifi音响有吗"),
        ],
    )
    def test_a_courtesy_alone_or_inside_a_word_stays(self, text: str, expected: str) -> None:
        assert normalize(text) == expected

    def test_lone_surrogates_and_control_characters_go(self) -> None:
        assert normalize("有\ud800货\x00吗\udfff") == "有货吗"

    def test_long_text_is_cut(self) -> None:
        assert len(normalize("发" * (MAX_CHARS + 500))) <= MAX_CHARS


class TestCleanText:
    def test_keeps_text_and_turns_line_breaks_into_spaces(self) -> None:
        assert clean_text("第一行\n第二行\t\ud83d") == "第一行 第二行 "


class TestStripCourtesy:
    def test_strips_repeatedly_from_both_ends(self) -> None:
        assert strip_courtesy("您好 请问 能开专票吗 谢谢 拜拜") == "能开专票吗"

    def test_leaves_what_would_be_empty(self) -> None:
        assert strip_courtesy("好的 谢谢") == "好的 谢谢"
