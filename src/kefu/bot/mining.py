"""Mining the shop's history for FAQ entries (``kefu bot mine``).

Every buyer message of the period is normalised and classified; greetings,
thanks, requests for a person and off-topic messages are no FAQ and are left
out, and so is what the model is unsure of. Within each intent, the distinct
questions are clustered, most frequent first: a question joins the first
cluster whose leading question it resembles (cosine of character-pair TF-IDF
≥ ``SIMILAR``), or leads a new one. The shop's SKU values (黑色, XL) are read as one
placeholder while clustering, so 这件有货吗 黑色l码 and 这件有货吗 卡其s码 are one
question asked of two variants, not two questions. A cluster asked ``min_count`` times or more
is proposed with its variants, the buyer messages behind them, how often and in
how many sessions it was asked, and the agents' answer: the one given most, or
when no two agents answered alike, the one closest to all the others.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from kefu.bot.normalize import clean_text, normalize

NOT_FAQ = ("greeting", "thanks_bye", "human_agent", "other")
SIMILAR = 0.4
MIN_CONFIDENCE = 0.5
MAX_DISTINCT = 5000  # per intent: the most frequent questions are the ones that recur
MAX_VARIANTS = 10
MAX_MESSAGE_IDS = 500
VARIANT = "＃"  # what a SKU value reads as while clustering


@dataclass
class Asked:
    """One buyer message with the agent's reply to it."""

    message_id: str
    session_id: str
    text: str
    clean: str
    replies: list[str] = field(default_factory=list)  # agent messages up to the next buyer one


@dataclass
class Cluster:
    intent: str
    questions: list[str]
    answers: list[str]  # most given (or most central) first
    message_ids: list[str]
    count: int
    sessions: int


@dataclass
class _Group:
    clean: str
    asked: list[Asked] = field(default_factory=list)


def conversations(rows: Iterable[tuple[str, str, str, str]]) -> list[Asked]:
    """Buyer messages of (session, message, sender, text) rows in order, each with
    the agent messages that follow it up to the buyer's next message."""
    asked: list[Asked] = []
    waiting: list[Asked] = []
    current = None
    for session_id, message_id, sender, text in rows:
        if session_id != current:
            current, waiting = session_id, []
        if sender == "buyer":
            if waiting and waiting[-1].replies:
                waiting = []
            item = Asked(message_id, session_id, text, normalize(text))
            asked.append(item)
            waiting.append(item)
        else:
            for item in waiting:
                item.replies.append(" ".join(clean_text(text).split()))
    return asked


def generic_replies(asked: list[Asked], intents: dict[str, str]) -> set[str]:
    """Replies agents give to questions of three or more intents ("有什么可以帮您"):
    greetings and stalling, never the answer to one question."""
    seen: dict[str, set[str]] = defaultdict(set)
    for item in asked:
        for reply in item.replies:
            seen[reply].add(intents.get(item.message_id, "other"))
    return {reply for reply, among in seen.items() if len(among) >= 3}


def variant_pattern(values: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern of the shop's SKU values (normalised, longest first); a Latin value (l,
    xl, 42) only where no other Latin letter or digit touches it, so the l of xl or of a
    brand is not a size."""
    words = sorted({normalize(value) for value in values if value.strip()}, key=len, reverse=True)
    if not words:
        return None
    parts = [
        rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])" if word.isascii() else re.escape(word)
        for word in words
    ]
    return re.compile("|".join(parts))


def mine(
    asked: list[Asked],
    classify: Callable[[str], tuple[str, float]],
    *,
    min_count: int = 3,
    variants: re.Pattern[str] | None = None,
) -> list[Cluster]:
    """The recurring questions among ``asked``, most asked first; ``variants`` (see
    ``variant_pattern``) are the SKU values that do not make a question another one."""
    by_intent: dict[str, dict[str, _Group]] = defaultdict(dict)
    intents: dict[str, str] = {}
    for item in asked:
        if sum(char.isalnum() for char in item.clean) < 2:
            continue
        intent, confidence = classify(item.clean)
        intents[item.message_id] = intent
        if intent in NOT_FAQ or confidence < MIN_CONFIDENCE:
            continue
        by_intent[intent].setdefault(item.clean, _Group(item.clean)).asked.append(item)
    generic = generic_replies(asked, intents)
    clusters = []
    for intent, groups in by_intent.items():
        ranked = sorted(groups.values(), key=lambda g: (-len(g.asked), g.clean))[:MAX_DISTINCT]
        for members in _cluster(ranked, variants):
            found = _summarise(intent, members, generic)
            if found.count >= min_count:
                clusters.append(found)
    clusters.sort(key=lambda c: (-c.count, -c.sessions, c.questions[0]))
    return clusters


def _cluster(groups: list[_Group], variants: re.Pattern[str] | None) -> list[list[_Group]]:
    """Leader clustering over groups sorted most frequent first."""
    if len(groups) == 1:
        return [groups]
    texts = [variants.sub(VARIANT, g.clean) if variants else g.clean for g in groups]
    vectors = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True).fit_transform(
        texts
    )
    similarity = (vectors @ vectors.T).tocsr()
    leaders: list[int] = []
    members: dict[int, list[_Group]] = {}
    for index, group in enumerate(groups):
        row = similarity.getrow(index).toarray().ravel()
        leader = next((lead for lead in leaders if row[lead] >= SIMILAR), None)
        if leader is None:
            leaders.append(index)
            members[index] = [group]
        else:
            members[leader].append(group)
    return [members[lead] for lead in leaders]


def _summarise(intent: str, members: list[_Group], generic: set[str]) -> Cluster:
    asked = [item for group in members for item in group.asked]
    answers = [
        next((reply for reply in item.replies if reply not in generic), None) for item in asked
    ]
    return Cluster(
        intent=intent,
        questions=[group.clean for group in members[:MAX_VARIANTS]],
        answers=_answers([answer for answer in answers if answer]),
        message_ids=[item.message_id for item in asked][:MAX_MESSAGE_IDS],
        count=len(asked),
        sessions=len({item.session_id for item in asked}),
    )


def _answers(replies: list[str], top: int = 3) -> list[str]:
    """The agents' answers, best first: by how often the same answer was given,
    then by how close it is to all the others (the most typical wording)."""
    if not replies:
        return []
    counts = Counter(replies)
    distinct = list(counts)
    if len(distinct) == 1:
        return distinct
    vectors = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True).fit_transform(
        distinct
    )
    weights = np.array([counts[text] for text in distinct], dtype=float)
    centrality = np.asarray((vectors @ vectors.T) @ weights).ravel()
    order = sorted(range(len(distinct)), key=lambda i: (-counts[distinct[i]], -centrality[i]))
    return [distinct[i] for i in order[:top]]
