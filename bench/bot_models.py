"""Which intent model (issue: the bot on real buyers' words).

Fits each candidate once on the same rows and scores it on the real JDDC buyer
messages held out by session and on the synthetic held-out split; the model
the bot ships is the one with the best real macro-F1 that trains in seconds.
Fit times include the features; calibration is left out (it is the same for all).

    python bench/bot_models.py [--no-write]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import publish


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.naive_bayes import ComplementNB
    from sklearn.svm import LinearSVC

    from kefu.bot import labels, models, training
    from kefu.bot.normalize import normalize
    from kefu.config import get_settings

    real = labels.read_real(get_settings().corpus_dir)
    if real is None:
        raise SystemExit("the JDDC history is not in KEFU_CORPUS_DIR")
    written = labels.synthetic(training.faq_examples(training.faq_rows()))
    old = [row for row in written if row.source != "marketplace"]
    synthetic = labels.read_labelled(labels.HELDOUT_TSV)
    candidates = [
        (
            "logistic regression C=30 (before)",
            "written before",
            old,
            LogisticRegression(C=30, max_iter=3000),
            (1, 2),
            0.0,
        ),
        (
            "logistic regression C=30",
            "all",
            written + real.train,
            LogisticRegression(C=30, max_iter=3000),
            (1, 2),
            0.0,
        ),
        ("linear SVM C=1", "written before", old, LinearSVC(C=1.0), (1, 2), 0.0),
        ("linear SVM C=1", "written", written, LinearSVC(C=1.0), (1, 2), 0.0),
        ("linear SVM C=1 (before)", "all", written + real.train, LinearSVC(C=1.0), (1, 2), 0.0),
        (
            "linear SVM C=0.5, balanced classes",
            "all",
            written + real.train,
            LinearSVC(C=0.5, class_weight="balanced"),
            (1, 2),
            0.0,
        ),
        (
            "linear SVM C=1, character 1–3-grams",
            "all",
            written + real.train,
            LinearSVC(C=1.0),
            (1, 3),
            0.0,
        ),
        (
            "complement naive Bayes",
            "all",
            written + real.train,
            ComplementNB(alpha=0.3),
            (1, 2),
            0.0,
        ),
        *(
            (
                f"linear SVM C=1, keyword cues ×{cue}" + (" (shipped)" if shipped else ""),
                "all",
                written + real.train,
                LinearSVC(C=1.0),
                (1, 2),
                cue,
            )
            for cue, shipped in ((0.3, False), (training.INTENT_CUE_WEIGHT, True), (1.0, False))
        ),
    ]
    held = {"real": real.held_out, "synthetic": synthetic}
    cleaned = {name: [normalize(r.text) for r in rows] for name, rows in held.items()}
    lines = [
        "| model | trained on | rows | real macro-F1 | real accuracy | synthetic macro-F1 | fit |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, data, rows, estimator, grams, cue in candidates:
        started = time.perf_counter()
        union = models.features(
            char_ngrams=grams, min_df=1, max_features=None, with_words=True, cue_weight=cue
        )
        matrix = union.fit_transform([normalize(r.text) for r in rows])
        estimator.fit(matrix, [r.intent for r in rows])
        seconds = time.perf_counter() - started
        scores = {}
        for part, rows_held in held.items():
            predicted = estimator.predict(union.transform(cleaned[part]))
            truth = [r.intent for r in rows_held]
            scores[part] = (
                f1_score(truth, predicted, average="macro"),
                accuracy_score(truth, predicted),
            )
        lines.append(
            f"| {name} | {data} | {len(rows):,} | **{scores['real'][0]:.3f}** | "
            f"{scores['real'][1]:.3f} | {scores['synthetic'][0]:.3f} | {seconds:.1f} s |"
        )
        print(lines[-1], flush=True)
    lines += [
        "",
        "_written before_: the synthetic set and the FAQ variants; _written_: plus the marketplace "
        "supplement; _all_: plus the real buyer messages outside the held-out sessions.",
    ]
    publish(
        "bot-models", "Which intent model (`bench/bot_models.py`)", lines, write=not args.no_write
    )


if __name__ == "__main__":
    main()
