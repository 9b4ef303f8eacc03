"""How good the intent model is on a labelled set: accuracy, macro-F1, per-intent
scores, the commonest confusions, and whether its confidence means anything (a
reliability table: in each band of confidence, how often the answer was right)."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from kefu.bot.labels import RealSplit

BANDS = (0.0, 0.5, 0.7, 0.9, 0.95, 1.0001)
CONFIDENT = 0.9


def evaluate(
    predict: Callable[[str], tuple[str, float]], rows: Sequence[tuple[str, str]]
) -> dict[str, Any]:
    """Scores of ``predict`` on ``(intent, text)`` rows."""
    truth = [intent for intent, _text in rows]
    predictions = [predict(text) for _intent, text in rows]
    predicted = [intent for intent, _confidence in predictions]
    labels = sorted(set(truth) | set(predicted))
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=labels, zero_division=0
    )
    right = [t == p for t, p in zip(truth, predicted, strict=True)]
    confidences = [confidence for _intent, confidence in predictions]
    confusions = Counter((t, p) for t, p in zip(truth, predicted, strict=True) if t != p)
    confident = [ok for ok, c in zip(right, confidences, strict=True) if c >= CONFIDENT]
    return {
        "n": len(rows),
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "macro_f1": round(float(f1_score(truth, predicted, average="macro", zero_division=0)), 4),
        "confident": {
            "threshold": CONFIDENT,
            "n": len(confident),
            "accuracy": round(sum(confident) / len(confident), 4) if confident else None,
        },
        "reliability": reliability(confidences, right),
        "per_intent": {
            label: {
                "precision": round(float(p), 4),
                "recall": round(float(r), 4),
                "f1": round(float(f), 4),
                "n": int(n),
            }
            for label, p, r, f, n in zip(labels, precision, recall, f1, support, strict=True)
        },
        "confusions": [[t, p, n] for (t, p), n in confusions.most_common(10)],
    }


def reliability(confidences: Sequence[float], right: Sequence[bool]) -> list[dict[str, Any]]:
    """Per band of confidence: how many answers, their mean confidence and how
    many were right. A calibrated model has accuracy close to confidence."""
    table = []
    for low, high in itertools.pairwise(BANDS):
        inside = [(c, ok) for c, ok in zip(confidences, right, strict=True) if low <= c < high]
        table.append(
            {
                "band": f"{low:.2f}–{min(high, 1.0):.2f}",
                "n": len(inside),
                "confidence": round(sum(c for c, _ok in inside) / len(inside), 4)
                if inside
                else None,
                "accuracy": round(sum(ok for _c, ok in inside) / len(inside), 4)
                if inside
                else None,
            }
        )
    return table


def summary_lines(name: str, report: dict[str, Any]) -> list[str]:
    """The figures as ``kefu bot train`` and ``kefu bot eval`` print them."""
    confident = report["confident"]
    lines = [
        f"{name}: n={report['n']}  accuracy {report['accuracy']}  macro-F1 {report['macro_f1']}"
        f"  confidence ≥ {confident['threshold']}: {confident['n']} answers, "
        f"right {confident['accuracy']}",
        f"  {'confidence':<12}{'n':>6}{'mean':>8}{'right':>8}",
    ]
    for band in report["reliability"]:
        mean = "-" if band["confidence"] is None else f"{band['confidence']:.3f}"
        right = "-" if band["accuracy"] is None else f"{band['accuracy']:.3f}"
        lines.append(f"  {band['band']:<12}{band['n']:>6}{mean:>8}{right:>8}")
    return lines


def f1_lines(report: dict[str, Any], *, per_line: int = 5) -> list[str]:
    """F1 per intent with its support, weakest first: macro-F1 is their mean,
    so this says which intents hold it down."""
    items = sorted(report["per_intent"].items(), key=lambda item: (item[1]["f1"], item[0]))
    cells = [f"{intent} {scores['f1']:.2f} ({scores['n']})" for intent, scores in items]
    return ["  F1 per intent, weakest first:"] + [
        "    " + ", ".join(cells[i : i + per_line]) for i in range(0, len(cells), per_line)
    ]


def evaluate_real(predict: Callable[[str], tuple[str, float]], split: RealSplit) -> dict[str, Any]:
    """Scores of ``predict`` on the real held-out messages, beside each second reader's
    macro-F1 against the same labels, scored alike: the yardstick for the model's figure."""
    truth = [row.intent for row in split.held_out]
    report = evaluate(predict, [(row.intent, row.text) for row in split.held_out])
    report["second_readers"] = {
        name: round(float(f1_score(truth, given, average="macro", zero_division=0)), 4)
        for name, given in split.readings.items()
    }
    return report
