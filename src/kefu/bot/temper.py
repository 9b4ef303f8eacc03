"""Temper (情绪): is the buyer abusive, or angry?

Decided on words, not characters: 垃圾 in 垃圾袋, 滚 in 滚筒洗衣机 and 滚轮行李箱,
死 in 死机 and 差 in 差价 are ordinary words. The message is cut into jieba
words (which keep 垃圾袋, 滚筒, 死机, 差价 whole; features.COMPOUNDS teaches a
few more) and abuse is looked for among whole words only.

- ``abuse``: an insult or a curse among the words.
- ``angry``: the sentiment model finds the message negative beyond the shop's
  ``bot_anger_above`` *and* it shows temper (气死, 太过分, !!!…). The sentiment
  model learned from product reviews, where 差评, 退货 and 发票 are negative in
  themselves, so alone it would call calm questions angry.
"""

from __future__ import annotations

import re

from kefu.bot.features import words

_ABUSE = re.compile(
    r"(?<!\S)(?:垃圾|垃圾货|滚|滚蛋|滚开|滚犊子|犊子|傻 ?逼|傻 ?b|煞笔|sb|妈 的|他妈的?"
    r"|tmd|nmsl|cnm|去死吧?|骗子|废物|智障|脑残|尼玛|你妹|草泥马|操 你|狗东西"
    r"|王八蛋|混蛋|神经病|贱人"
    r"|你 (?:脑子 )?有 ?病|有病 吧)(?!\S)"
)
_TEMPER = re.compile(
    r"气死|太差|差劲|太过分|烦死|恶心|无语|坑人|坑爹|什么破|破玩意|再也不|受不了|忍不了|搞什么"
    r"|耍我|欺负人|扯淡|[!！]{2,}|[?？]{3,}"
)


def is_abuse(normalized: str) -> bool:
    return _ABUSE.search(" ".join(words(normalized))) is not None


def shows_temper(text: str) -> bool:
    return _TEMPER.search(text) is not None


def reason(normalized: str, text: str, *, negative: float, anger_above: float) -> str | None:
    """``abuse``, ``angry`` or None; ``negative`` is the sentiment model's
    probability that the message is negative."""
    if is_abuse(normalized):
        return "abuse"
    if negative >= anger_above and shows_temper(text):
        return "angry"
    return None
