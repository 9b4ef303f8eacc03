"""Text normalisation and tokens shared by the intent and sentiment models and
the FAQ search, so a buyer's words look the same to all three."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jieba
import opencc

MAX_CHARS = 2000  # longer messages are cut: their gist is in the first lines

_REPEATED_PUNCT = re.compile(r"([!?.,~。，！？、…~-])\1+")
_DIGITS = re.compile(r"\d[\d*＊xX-]{5,}")  # order, tracking, phone and item numbers, masked or not
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _jieba() -> jieba.Tokenizer:
    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def _keep(char: str) -> bool:
    """Drop emoji, symbols and control characters; keep letters, digits, punctuation."""
    category = unicodedata.category(char)
    return category[0] in "LNPZ" or char in "*"


def normalize(text: str) -> str:
    """Traditional to simplified, full width to half width, no emoji, one space,
    repeated punctuation once, long numbers as ``#`` (a number says nothing about
    intent), lower case."""
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS])
    text = _converter().convert(text)
    text = "".join(char for char in text if _keep(char))
    text = _REPEATED_PUNCT.sub(r"\1", text)
    text = _DIGITS.sub(" # ", text)
    return _SPACE.sub(" ", text).strip().lower()


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
