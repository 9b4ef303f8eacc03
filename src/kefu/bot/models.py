"""The bot's two classifiers: buyer intent (shared/spec/intents.md) and sentiment.

Both read character n-grams of the normalised text (the intent model also jieba
words and word pairs, and keyword cues per intent), weighed by TF-IDF, into a
linear support vector machine: on the real held-out buyer messages it scores as
well as a logistic regression and fits in a second instead of minutes
(docs/benchmarks.md). Its scores become probabilities through a softmax whose
one temperature is fitted on scores of rows the model did not see (by buyer
session for real messages), so a confidence of 0.9 is right about 90 % of the
time; the shop's hand-off threshold relies on that.

Prediction is done here by hand from the fitted vocabularies and weights, not
through scikit-learn's pipeline, whose per-call checks cost milliseconds; a test
checks that both give the same probabilities.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import GroupKFold, cross_val_predict, train_test_split
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

from kefu.bot.cues import cues
from kefu.bot.features import words
from kefu.bot.normalize import normalize


def word_grams(text: str) -> list[str]:
    """jieba words and word pairs (module level, so vectorizers pickle)."""
    tokens = words(text)
    return tokens + [f"{a} {b}" for a, b in pairwise(tokens)]


def features(
    *,
    char_ngrams: tuple[int, int],
    min_df: int,
    max_features: int | None,
    with_words: bool,
    cue_weight: float = 0.0,
) -> FeatureUnion:
    """Character n-grams, and jieba words with word pairs when ``with_words``
    (the reviews' sentiment does without: jieba over 75,000 reviews costs more
    time than it earns accuracy), and the intent keyword cues (cues.py) scaled by
    ``cue_weight`` when it is not zero."""
    blocks = []
    if with_words:
        blocks.append(
            (
                "words",
                TfidfVectorizer(
                    analyzer=word_grams,
                    sublinear_tf=True,
                    lowercase=False,
                    min_df=min_df,
                    max_features=max_features,
                ),
            )
        )
    blocks.append(
        (
            "chars",
            TfidfVectorizer(
                analyzer="char",
                ngram_range=char_ngrams,
                sublinear_tf=True,
                lowercase=False,
                min_df=min_df,
                max_features=max_features,
            ),
        )
    )
    if cue_weight:
        blocks.append(("cues", TfidfVectorizer(analyzer=cues, sublinear_tf=True, lowercase=False)))
        return FeatureUnion(blocks, transformer_weights={"cues": cue_weight})
    return FeatureUnion(blocks)


@dataclass
class LinearTextModel:
    """A fitted TF-IDF + logistic regression, with its calibration temperature."""

    labels: list[str]
    vectorizers: list[TfidfVectorizer]
    coef: np.ndarray  # (classes, features); one row for two classes
    intercept: np.ndarray
    temperature: float
    metrics: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._blocks: list[tuple[Any, dict[str, int], np.ndarray, int]] = []
        offset = 0
        for vectorizer in self.vectorizers:
            vocabulary = vectorizer.vocabulary_
            self._blocks.append((vectorizer.build_analyzer(), vocabulary, vectorizer.idf_, offset))
            offset += len(vocabulary)
        # (features, classes), contiguous: a message's few columns are gathered as rows
        self._weights = np.ascontiguousarray(self.coef.T)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_blocks", None)  # analyzers and weights are rebuilt on load
        state.pop("_weights", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.__post_init__()

    def scores(self, normalized: str) -> np.ndarray:
        logits = self.intercept.astype(float)
        for analyzer, vocabulary, idf, offset in self._blocks:
            counts = Counter(term for term in analyzer(normalized) if term in vocabulary)
            if not counts:
                continue
            columns = [vocabulary[term] for term in counts]
            values = np.array([1.0 + math.log(n) for n in counts.values()]) * idf[columns]
            values /= np.linalg.norm(values)
            logits = logits + values @ self._weights[[offset + column for column in columns]]
        return logits / self.temperature

    def probabilities(self, text: str) -> np.ndarray:
        return self.probabilities_normalized(normalize(text))

    def probabilities_normalized(self, normalized: str) -> np.ndarray:
        logits = self.scores(normalized)
        if len(self.labels) == 2:
            positive = 1.0 / (1.0 + math.exp(-float(logits[0])))
            return np.array([1.0 - positive, positive])
        exp = np.exp(logits - logits.max())
        return exp / exp.sum()

    def predict(self, text: str) -> tuple[str, float]:
        return self.predict_normalized(normalize(text))

    def predict_normalized(self, normalized: str) -> tuple[str, float]:
        """For text already normalised (the bot normalises each message once)."""
        probabilities = self.probabilities_normalized(normalized)
        best = int(probabilities.argmax())
        return self.labels[best], float(probabilities[best])

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        joblib.dump(self, temporary)
        temporary.replace(path)  # a reader never sees half a model

    @staticmethod
    def load(path: Path) -> LinearTextModel:
        model = joblib.load(path)
        if not isinstance(model, LinearTextModel):
            raise TypeError(f"{path} is not a Kefu text model")
        return model


def train(
    texts: list[str],
    labels: list[str],
    *,
    c: float,
    char_ngrams: tuple[int, int] = (1, 2),
    min_df: int = 1,
    max_features: int | None = None,
    with_words: bool = True,
    cue_weight: float = 0.0,
    groups: list[str] | None = None,
    calibrate_on: list[bool] | None = None,
) -> LinearTextModel:
    """Fit on every row; the temperature comes from scores of rows held out of a
    fit: five folds by ``groups`` (a buyer session keeps its messages together),
    kept where ``calibrate_on`` says (the real messages, whose confidence is the
    one that matters), or one tenth held out for large sets."""
    normalized = [normalize(text) for text in texts]
    union = features(
        char_ngrams=char_ngrams,
        min_df=min_df,
        max_features=max_features,
        with_words=with_words,
        cue_weight=cue_weight,
    )
    matrix = union.fit_transform(normalized)
    machine = LinearSVC(C=c)
    held_out, truth = _held_out_scores(machine, matrix, labels, groups, calibrate_on)
    machine.fit(matrix, labels)
    for _name, vectorizer in union.transformer_list:
        vectorizer.stop_words_ = None  # every pruned term: large, and only for inspection
    classes = [str(label) for label in machine.classes_]
    return LinearTextModel(
        labels=classes,
        vectorizers=[vectorizer for _name, vectorizer in union.transformer_list],
        coef=_unweighted(union, machine.coef_),
        intercept=machine.intercept_,
        temperature=_temperature(held_out, [classes.index(label) for label in truth]),
    )


def _unweighted(union: FeatureUnion, coef: np.ndarray) -> np.ndarray:
    """Weights for the blocks as their vectorizers give them: a block's weight
    in the union moves into its coefficients, so prediction stays one product
    per block (``LinearTextModel.scores``)."""
    coef = coef.copy()
    offset = 0
    for name, vectorizer in union.transformer_list:
        width = len(vectorizer.vocabulary_)
        coef[:, offset : offset + width] *= (union.transformer_weights or {}).get(name, 1.0)
        offset += width
    return coef


def _held_out_scores(
    machine: LinearSVC,
    matrix: Any,
    labels: list[str],
    groups: list[str] | None,
    calibrate_on: list[bool] | None,
) -> tuple[np.ndarray, list[str]]:
    if len(labels) > 20_000:  # reviews: one probe on nine tenths
        fit_rows, held_rows = train_test_split(
            np.arange(len(labels)), test_size=0.1, random_state=0, stratify=labels
        )
        probe = clone(machine).fit(matrix[fit_rows], [labels[i] for i in fit_rows])
        return probe.decision_function(matrix[held_rows]), [labels[i] for i in held_rows]
    folds = GroupKFold(n_splits=5)
    scores = cross_val_predict(
        machine,
        matrix,
        labels,
        groups=groups or [str(row) for row in range(len(labels))],
        cv=folds,
        method="decision_function",
    )
    keep = np.array(calibrate_on) if calibrate_on and any(calibrate_on) else np.ones(len(labels))
    rows = np.flatnonzero(keep)
    return scores[rows], [labels[i] for i in rows]


def _temperature(scores: np.ndarray, truth: list[int]) -> float:
    """The temperature that makes held-out scores' probabilities most likely."""
    target = np.array(truth)

    def loss(temperature: float) -> float:
        if scores.ndim == 1:  # two classes: one score, for the second
            p = 1.0 / (1.0 + np.exp(-scores / temperature))
            p = np.where(target == 1, p, 1.0 - p)
        else:
            z = scores / temperature
            z = z - z.max(axis=1, keepdims=True)
            p = np.exp(z[np.arange(len(target)), target]) / np.exp(z).sum(axis=1)
        return float(-np.log(np.clip(p, 1e-12, None)).mean())

    return float(minimize_scalar(loss, bounds=(0.05, 20.0), method="bounded").x)
