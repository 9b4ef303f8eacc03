"""Training and evaluating the bot's models (``kefu bot train`` / ``kefu bot eval``).

The intent set (data/intents.tsv) and its held-out split (data/intents_heldout.tsv)
were written for Kefu; see the README. The sentiment model learns from the review
corpora in shared/data, split by a hash of each record's id so the split is stable.
"""

from __future__ import annotations

import csv
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from kefu.bot import models
from kefu.bot.features import normalize
from kefu.bot.intents import INTENT_IDS
from kefu.kit.errors import BadInput

DATA = Path(__file__).parent / "data"
INTENTS_TSV = DATA / "intents.tsv"
HELDOUT_TSV = DATA / "intents_heldout.tsv"
FAQ_CSV = DATA / "faq.csv"
SENTIMENT_FILES = ("online_shopping_10_cats.jsonl", "waimai_10k.jsonl")
INTENT_C = 30.0
SENTIMENT_C = 4.0
SENTIMENT_FEATURES = 100_000


def read_labelled(path: Path) -> list[tuple[str, str]]:
    """``intent<TAB>text`` lines; a bad line is refused with its number."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        intent, tab, text = line.partition("\t")
        if not tab or not text.strip():
            raise BadInput(f"{path.name} 第 {number} 行：应为 意图<TAB>文本", code="bad_line")
        if intent not in INTENT_IDS:
            raise BadInput(f"{path.name} 第 {number} 行：未知意图 {intent!r}", code="bad_intent")
        rows.append((intent, text))
    return rows


def faq_rows(path: Path = FAQ_CSV) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def faq_examples(rows: list[dict[str, str]]) -> list[tuple[str, str]]:
    """The shop's FAQ question variants, as more labelled examples."""
    return [
        (row["intent"], question.strip())
        for row in rows
        for question in row["questions"].split("|")
        if question.strip()
    ]


@dataclass(frozen=True)
class Review:
    text: str
    label: str  # negative / positive
    held_out: bool


def read_reviews(corpus: Path, *, limit: int | None = None) -> list[Review]:
    """The review corpora; one record in ten (by id) is held out for evaluation."""
    reviews = []
    for name in SENTIMENT_FILES:
        path = corpus / name
        if not path.exists():
            raise BadInput(f"找不到语料 {path}", code="no_corpus")
        for line in path.read_bytes().splitlines():
            record = orjson.loads(line)
            held_out = zlib.crc32(record["id"].encode()) % 10 == 0
            reviews.append(Review(record["text"], record["sentiment"], held_out))
    if limit is not None:  # a stable, evenly spread subset (tests train on one)
        step = max(len(reviews) // limit, 1)
        reviews = reviews[::step]
    return reviews


def train_all(
    model_dir: Path,
    *,
    corpus: Path,
    sentiment_limit: int | None = None,
    progress: Callable[[str], None] = lambda _step: None,
) -> dict[str, Any]:
    """Train, evaluate against the baselines, save both models; return the figures."""
    labelled = read_labelled(INTENTS_TSV) + faq_examples(faq_rows())
    heldout = read_labelled(HELDOUT_TSV)
    progress("意图模型")
    intent = models.train([text for _i, text in labelled], [i for i, _t in labelled], c=INTENT_C)
    baseline = models.baseline_intent_pipeline().fit(
        [normalize(text) for _i, text in labelled], [i for i, _t in labelled]
    )
    report = {
        "intent": evaluate(intent.predict, heldout),
        "intent_baseline_macro_f1": _macro_f1(baseline, heldout),
    }
    progress("情感模型")
    reviews = read_reviews(corpus, limit=sentiment_limit)
    train_rows = [r for r in reviews if not r.held_out]
    test_rows = [r for r in reviews if r.held_out]
    sentiment = models.train(
        [r.text for r in train_rows],
        [r.label for r in train_rows],
        c=SENTIMENT_C,
        char_ngrams=(1, 3),
        min_df=2,
        max_features=SENTIMENT_FEATURES,  # per block: keeps loading under a second
    )
    progress("基线对比")
    sentiment_baseline = models.baseline_sentiment_pipeline().fit(
        [normalize(r.text) for r in train_rows], [r.label for r in train_rows]
    )
    truth = [r.label for r in test_rows]
    report["sentiment"] = {
        "n_train": len(train_rows),
        "n": len(test_rows),
        "accuracy": round(
            accuracy_score(truth, [sentiment.predict(r.text)[0] for r in test_rows]), 4
        ),
        "baseline_accuracy": round(
            accuracy_score(
                truth, sentiment_baseline.predict([normalize(r.text) for r in test_rows])
            ),
            4,
        ),
    }
    intent.metrics, sentiment.metrics = report["intent"], report["sentiment"]
    intent.save(model_dir / models.INTENT_FILE)
    sentiment.save(model_dir / models.SENTIMENT_FILE)
    (model_dir / "metrics.json").write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))
    return report


def _macro_f1(pipeline: Any, rows: list[tuple[str, str]]) -> float:
    predicted = pipeline.predict([normalize(text) for _i, text in rows])
    return round(float(f1_score([i for i, _t in rows], predicted, average="macro")), 4)


def evaluate(
    predict: Callable[[str], tuple[str, float]], rows: list[tuple[str, str]]
) -> dict[str, Any]:
    """Accuracy, macro-F1, per-intent precision/recall/F1 and the commonest confusions."""
    truth = [intent for intent, _text in rows]
    predicted = [predict(text)[0] for _intent, text in rows]
    labels = sorted(set(truth) | set(predicted))
    precision, recall, f1, _support = precision_recall_fscore_support(
        truth, predicted, labels=labels, zero_division=0
    )
    confusions = Counter((t, p) for t, p in zip(truth, predicted, strict=True) if t != p)
    return {
        "n": len(rows),
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "macro_f1": round(float(f1_score(truth, predicted, average="macro")), 4),
        "per_intent": {
            label: {
                "precision": round(float(p), 4),
                "recall": round(float(r), 4),
                "f1": round(float(f), 4),
            }
            for label, p, r, f in zip(labels, precision, recall, f1, strict=True)
        },
        "confusions": [[t, p, n] for (t, p), n in confusions.most_common(10)],
    }
