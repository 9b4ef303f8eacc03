"""Temper, not words: abuse and anger on whole words and the sentiment model.

The calm set uses 垃圾, 滚, 死 and 差 as ordinary words: none of it hands off.
The abuse set must hand off, each line as ``abuse`` or ``angry``."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from kefu.bot import service as bot_service
from kefu.bot import temper
from kefu.bot.normalize import normalize

pytestmark = pytest.mark.usefixtures("bot", "starter_faq")

CALM = [
    "垃圾袋有加厚的吗",
    "垃圾桶带盖子吗",
    "垃圾分类的垃圾桶什么时候发货",
    "滚筒洗衣机能洗羽绒服吗",
    "滚轮行李箱有现货吗",
    "滚珠笔有蓝色的吗",
    "手机老是死机怎么办",
    "差价能退吗",
    "降价了能补差价吗",
    "这两个差多少钱",
    "笑死了 这个颜色真好看 还有货吗",
    "死飞自行车什么时候发货",
]
ABUSE = [
    "你们这是什么垃圾服务",
    "滚",
    "傻逼客服",
    "sb 快点发货",
    "去死吧",
    "妈的 还不发货",
    "你们就是骗子 退钱",
    "tmd 到底发不发",
    "你脑子有病吧",
    "垃圾店铺 再也不买了",
    "滚蛋 叫你们老板来",
    "操你妈",
    "怎么还没发货!!! 气死了",
    "什么破玩意 太过分了!!",
]


@pytest.fixture
def starter_faq(session: Session) -> None:
    from kefu.bot import kb

    kb.do_seed_defaults(session)


class TestAnswer:
    @pytest.mark.parametrize("text", CALM)
    def test_calm_words_never_hand_off(self, session: Session, text: str) -> None:
        result = bot_service.answer(session, text=text)
        assert (result.handoff, result.handoff_reason) == (False, None), result.public()

    @pytest.mark.parametrize("text", ABUSE)
    def test_abuse_and_anger_hand_off_saying_which(self, session: Session, text: str) -> None:
        result = bot_service.answer(session, text=text)
        assert result.handoff and result.handoff_reason in ("abuse", "angry"), result.public()
        assert result.log_reason() == "rule"


class TestIsAbuse:
    @pytest.mark.parametrize(
        "text", ["垃圾袋", "滚筒洗衣机", "滚轮行李箱", "死机", "差价", "垃圾分类"]
    )
    def test_ordinary_words_are_not_abuse(self, text: str) -> None:
        assert not temper.is_abuse(normalize(text))

    @pytest.mark.parametrize("text", ["什么垃圾东西", "给我滚", "傻逼", "你有病吧"])
    def test_insults_are(self, text: str) -> None:
        assert temper.is_abuse(normalize(text))


class TestReason:
    def test_negative_without_temper_is_not_angry(self) -> None:
        """Reviews made 退货 and 差评 negative: a calm request stays calm."""
        text = "我要退货"
        assert temper.reason(normalize(text), text, negative=0.99, anger_above=0.8) is None

    def test_negative_with_temper_is_angry(self) -> None:
        text = "等了一周还没到 气死了"
        assert temper.reason(normalize(text), text, negative=0.95, anger_above=0.8) == "angry"

    def test_temper_without_a_negative_message_is_not(self) -> None:
        text = "太好用了!!!"
        assert temper.reason(normalize(text), text, negative=0.1, anger_above=0.8) is None
