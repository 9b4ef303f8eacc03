"""Words match as words (shared/spec/qc-rules.md): "usb" does not contain the insult "sb",
and 妈妈的 does not contain 妈的.

A Latin word needs a non-letter on each side (a digit-edged one such as 100% a non-digit), so
"你是sb吗" matches and "usb 接口" does not; Python's ``\\b`` would not do, since it counts
Chinese characters as word characters. A Chinese word has no such edge: instead a rule lists
the longer ordinary words that contain it (``exceptions``), and an occurrence inside one of
them does not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

Span = tuple[int, int]


def _edge(char: str, lookaround: str) -> str:
    if char.isascii() and char.isalpha():
        return f"(?{lookaround}[A-Za-z])"
    if char.isascii() and char.isdigit():
        return f"(?{lookaround}[0-9])"
    return ""


def _as_word(word: str) -> str:
    return _edge(word[0], "<!") + re.escape(word) + _edge(word[-1], "!")


@lru_cache(maxsize=256)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """Every occurrence, overlapping ones too (a lookahead), the longest word first."""
    words = tuple(word for word in words if word)
    if not words:
        return None
    alternatives = "|".join(_as_word(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(f"(?=({alternatives}))", re.IGNORECASE)


def _spans(text: str, words: tuple[str, ...]) -> Iterator[Span]:
    pattern = _pattern(words)
    if pattern is None:
        return
    for match in pattern.finditer(text):
        yield match.start(), match.start() + len(match.group(1))


def occurrences(text: str, words: tuple[str, ...], exceptions: tuple[str, ...] = ()) -> list[Span]:
    """Where the words stand in ``text`` as words, leaving out those inside an exception."""
    excused = list(_spans(text, exceptions))
    return [
        (start, end)
        for start, end in _spans(text, words)
        if not any(left <= start and end <= right for left, right in excused)
    ]


def first(text: str, words: tuple[str, ...], exceptions: tuple[str, ...] = ()) -> Span | None:
    found = occurrences(text, words, exceptions)
    return found[0] if found else None
