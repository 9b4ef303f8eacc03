"""BM25 ranking over jieba words, for FAQ questions and quick phrases.

Small and in memory: a shop has hundreds of entries, not millions, and the index
is rebuilt whenever the entries change.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from kefu.bot.features import search_words
from kefu.bot.normalize import normalize

K1 = 1.5
B = 0.75
_PUNCTUATION = set("?!.,~。，！？、…#")


_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def terms(text: str) -> list[str]:
    """Search words of the text; template variables such as {买家昵称} are not content."""
    plain = _PLACEHOLDER.sub(" ", normalize(text))
    return [word for word in search_words(plain) if word not in _PUNCTUATION]


@dataclass
class Bm25:
    """Documents are lists of texts (an entry's question variants): an entry scores
    as its best-matching variant."""

    keys: list[str]
    variants: list[tuple[int, Counter[str], int]]  # (document index, term counts, length)
    idf: dict[str, float]
    average_length: float

    @classmethod
    def build(cls, documents: Sequence[tuple[str, Sequence[str]]]) -> Bm25:
        keys, variants = [], []
        for index, (key, texts) in enumerate(documents):
            keys.append(key)
            for text in texts:
                tokens = terms(text)
                if tokens:
                    variants.append((index, Counter(tokens), len(tokens)))
        total = len(variants)
        frequency: Counter[str] = Counter()
        for _index, counts, _length in variants:
            frequency.update(counts.keys())
        idf = {term: math.log(1 + (total - n + 0.5) / (n + 0.5)) for term, n in frequency.items()}
        average = sum(length for _i, _c, length in variants) / total if total else 0.0
        return cls(keys, variants, idf, average)

    def rank(
        self, query: str, *, among: set[str] | None = None, top: int = 3
    ) -> list[tuple[str, float]]:
        """The best ``top`` keys for the query (restricted to ``among``), with scores."""
        wanted = [term for term in terms(query) if term in self.idf]
        best: dict[int, float] = {}
        for index, counts, length in self.variants:
            if among is not None and self.keys[index] not in among:
                continue
            score = 0.0
            for term in wanted:
                n = counts.get(term)
                if n:
                    norm = K1 * (1 - B + B * length / self.average_length)
                    score += self.idf[term] * n * (K1 + 1) / (n + norm)
            if score > best.get(index, 0.0):
                best[index] = score
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:top]
        return [(self.keys[index], score) for index, score in ranked]
