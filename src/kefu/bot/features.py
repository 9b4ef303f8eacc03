"""Tokens of normalised text, shared by the intent and sentiment models, the FAQ
search and history mining, so a buyer's words look the same to all of them."""

from __future__ import annotations

from functools import lru_cache

import jieba

from kefu.bot.normalize import normalize

# Words jieba would split so that an abusive word stands alone (垃圾 分类):
# taught as whole words, so temper.py sees ordinary words as ordinary.
COMPOUNDS = ("垃圾分类", "垃圾处理器", "垃圾短信", "垃圾邮件", "垃圾清理", "滚珠笔", "滚刷", "死飞")


@lru_cache(maxsize=1)
def _jieba() -> jieba.Tokenizer:
    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word in COMPOUNDS:
        tokenizer.add_word(word)
    return tokenizer


def words(text: str) -> list[str]:
    """jieba words of normalised text, without spaces."""
    return [word for word in _jieba().lcut(text) if word.strip()]


def search_words(text: str) -> list[str]:
    """jieba's search mode: long words and their parts (开发票 → 开发, 发票, 开发票),
    so a question finds an answer that words it differently."""
    return [word for word in _jieba().lcut_for_search(text) if word.strip()]


def warm_up() -> None:
    """Load the dictionaries now rather than on the first buyer's message."""
    words(normalize("在吗"))
