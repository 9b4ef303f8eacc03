"""The one normalisation step in front of every model and search of the bot.

Training, prediction, the FAQ search and history mining all call ``normalize``,
so a buyer's words look the same to each of them. What it does, in order, and
why:

1. Lone surrogates and control characters go: they carry nothing and crash
   OpenCC (a JSON body may hold ``"\\ud800"``).
2. NFKC (full width → half width) and OpenCC t2s (繁體 → 简体).
3. Masked tokens of marketplace exports (``[订单x]``, ``[数字x]``…) and long
   numbers become ``#``: a number says nothing about intent.
4. Order cards pasted from the app (``咨询订单号:# 订单金额:# 下单时间:#``)
   and the app's own menu texts go; emoji codes (``[微笑]``, ``[图片]``) and
   emoji go, so a bracket never pulls a message to ``other`` — except the few
   emoji buyers send *as* a reply (👌 is "好的", 🙏 "谢谢"), which become words.
5. Repeated punctuation once, long runs of one character twice, a segment
   sent again in the same message once.
6. Greetings, thanks and numbers *around* a question go (你好 / 在吗 / 请问 …
   谢谢), unless nothing would be left: "你好" stays a greeting, "好的谢谢" thanks.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

MAX_CHARS = 2000  # longer messages are cut: their gist is in the first lines
NUMBER = "#"

_MASK = re.compile(r"\[(?:[^\[\]\s]{1,8}x|USERID_[^\[\]]*)\]|USERID_\w+", re.IGNORECASE)
_LONG_NUMBER = re.compile(r"(?<![a-z])[a-z]{0,3}\d[\d*xX-]{5,}", re.IGNORECASE)
_CARD = re.compile(
    r"(?:(?:咨询|查询|新|新下的)?(?:订单编号|订单号|订单金额|下单时间|商品id|商品号|商品编号|商品编码)"
    r"\s*[:：]\s*(?:[#¥￥\s.:/\-]|nan)*[,，;；]?\s*)+",
    re.IGNORECASE,
)
_APP_TEXT = re.compile(
    r"顾客通过点击web咚咚\s*#?\s*信息发送:?|您选择了一个订单进行咨询\(?\)?|请选择您?要?咨询的?(?:订单|业务类型)"
    r"|京东快递\(移动端\)|订单业务咨询",
    re.IGNORECASE,
)
_EMOJI_CODE = re.compile(r"#e-[a-z]\[[^\[\]]*\]")
_BRACKETS = re.compile(r"\[[^\[\]]{0,12}\]|\(\s*\)")
_REPEATED_PUNCT = re.compile(r"([!?.,~。，！？、…~\-;；:])\1+")
_RUN = re.compile(r"(.)\1{2,}")
_SPACE = re.compile(r"\s+")
_EMOJI_WORDS = str.maketrans({"👌": " 好 ", "👍": " 好 ", "🙏": " 谢谢 "})
_SEGMENT = re.compile(r"[^\s,，。!！?？~;；]+[,，。!！?？~;；]*")

# Courtesy around a question. Some phrases go wherever they stand at an end,
# some only at the start (现在吗 ends in 在吗), short ones (亲, 好, 嗯…) only
# where a space or a mark separates them from the question.
_ANYWHERE = (
    r"你们?好|您好|谢谢(?:你|您)?(?:了|啦|哦|啊)?|多谢|感谢|谢了|麻烦(?:你|您)?了|辛苦(?:你|您)?了"
    r"|拜拜|再见|有人吗|有人在吗|客服在吗"
)
_AT_START = r"在吗|在么|在嘛|在不在|还在吗|请问一下|请问|早上好|下午好|晚上好|亲爱的"
_SEPARATED = (
    r"#|亲|在|在不|在吗|在么|在嘛|还在吗|嗯+|恩+|哦+|噢+|好的|好|行|对|是的"
    r"|ok|hello|hi|哈喽|thanks?|thx"
)
_SEP = r"[\s,，。.!！~]"
_LEADING = re.compile(
    rf"^(?:(?:{_ANYWHERE}|{_AT_START}){_SEP}*|(?:{_SEPARATED}){_SEP}+)[?？]*", re.IGNORECASE
)
_TRAILING = re.compile(
    rf"(?:{_SEP}*(?:{_ANYWHERE})|{_SEP}+(?:{_SEPARATED}))[\s,，。.!！~?？]*$", re.IGNORECASE
)


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def clean_text(text: str) -> str:
    """Without lone surrogates and control characters (tabs and newlines become
    spaces): what every later step, OpenCC included, can take."""
    return "".join(
        " " if char in "\t\n\r" else char
        for char in text
        if unicodedata.category(char) not in ("Cs", "Cc") or char in "\t\n\r"
    )


def _keep(char: str) -> bool:
    """Letters, digits, punctuation, spaces and ``#``; no emoji or symbols."""
    return unicodedata.category(char)[0] in "LNPZ" or char == NUMBER


def _dedupe(text: str) -> str:
    """A segment the buyer already sent in this message, once (我要转人工 我要转人工)."""
    seen: set[str] = set()
    kept = []
    for segment in _SEGMENT.findall(text):
        key = segment.rstrip(",，。!！?？~;；")
        if key in seen:
            continue
        seen.add(key)
        kept.append(segment)
    return " ".join(kept)


def _content(text: str) -> int:
    return sum(char.isalnum() for char in text)


def strip_courtesy(text: str) -> str:
    """The question without the greetings and thanks around it; the text as it
    was when fewer than two letters or digits would be left."""
    current = text
    while True:
        stripped = _TRAILING.sub("", _LEADING.sub("", current, count=1), count=1).strip()
        if stripped == current or _content(stripped) < 2:
            return current
        current = stripped


def normalize(text: str) -> str:
    """The normalised text (see the module's docstring); lower case, one space."""
    text = unicodedata.normalize("NFKC", clean_text(text[:MAX_CHARS]))
    text = _converter().convert(text).lower()
    text = _MASK.sub(f" {NUMBER} ", _EMOJI_CODE.sub(" ", text))
    text = _LONG_NUMBER.sub(f" {NUMBER} ", text)
    text = _APP_TEXT.sub(" ", _CARD.sub(" ", text))
    text = _BRACKETS.sub(" ", text)
    text = "".join(char for char in text.translate(_EMOJI_WORDS) if _keep(char))
    text = _RUN.sub(r"\1\1", _REPEATED_PUNCT.sub(r"\1", text))
    text = _dedupe(_SPACE.sub(" ", text).strip())
    return strip_courtesy(text)
