"""Intent model choices by cross-validation on the training sessions only.

The real held-out sessions are for reporting; a choice made by looking at them
would make their figure mean less. So each candidate is scored here on the real
buyer messages outside the held-out sessions: five folds by buyer session (the
written sets always train), repeated over three shuffles of the sessions, one
macro-F1 over the pooled predictions of each shuffle, averaged. ``cod`` is left
out of the macro (four training messages, none held out, so one message moved
it by a twentieth of its F1 without saying anything about the other intents).

    python bench/bot_cv.py [--no-write]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import publish

SHUFFLES = (1, 2, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    import numpy as np
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold
    from sklearn.svm import LinearSVC

    from kefu.bot import labels, models, training
    from kefu.bot.normalize import normalize
    from kefu.config import get_settings

    real = labels.read_real(get_settings().corpus_dir)
    if real is None:
        raise SystemExit("the JDDC history is not in KEFU_CORPUS_DIR")
    written = labels.synthetic(training.faq_examples(training.faq_rows()))
    text = {row.text: normalize(row.text) for row in written + real.train}
    truth = [row.intent for row in real.train]
    scored = sorted(set(truth) - {"cod"})
    # (name, keyword cue weight, C, class-weight power, weight of a written row)
    candidates = [
        ("linear SVM C=1 (before)", 0.0, 1.0, 0.0, 1.0),
        ("written rows weigh 0.3", 0.0, 1.0, 0.0, 0.3),
        ("class weights (largest / own)^0.3", 0.0, 1.0, 0.3, 1.0),
        ("keyword cues ×0.3", 0.3, 1.0, 0.0, 1.0),
        (
            f"keyword cues ×{training.INTENT_CUE_WEIGHT} (shipped)",
            training.INTENT_CUE_WEIGHT,
            1.0,
            0.0,
            1.0,
        ),
        ("keyword cues ×1.0", 1.0, 1.0, 0.0, 1.0),
        ("keyword cues ×0.6, C=0.7", 0.6, 0.7, 0.0, 1.0),
    ]

    def fold_fit(rows, test, cue, c, power, weight):  # type: ignore[no-untyped-def]
        union = models.features(
            char_ngrams=(1, 2), min_df=1, max_features=None, with_words=True, cue_weight=cue
        )
        matrix = union.fit_transform([text[row.text] for row in rows])
        counts = Counter(row.intent for row in rows)
        largest = max(counts.values())
        machine = LinearSVC(
            C=c, class_weight={k: (largest / n) ** power for k, n in counts.items()}
        )
        machine.fit(
            matrix,
            [row.intent for row in rows],
            sample_weight=[1.0 if row.source == "real" else weight for row in rows],
        )
        return machine.predict(union.transform([text[row.text] for row in test]))

    lines = [
        "| candidate | CV macro-F1 (per shuffle) | mean | time |",
        "|---|---|---|---|",
    ]
    sessions = sorted({row.group for row in real.train})
    for name, cue, c, power, weight in candidates:
        started = time.perf_counter()
        figures = []
        for seed in SHUFFLES:
            order = dict(
                zip(sessions, np.random.RandomState(seed).permutation(len(sessions)), strict=True)
            )
            groups = [order[row.group] for row in real.train]
            predicted = [""] * len(truth)
            for fit_rows, test_rows in GroupKFold(5).split(truth, groups=groups):
                rows = written + [real.train[i] for i in fit_rows]
                test = [real.train[i] for i in test_rows]
                for i, intent in zip(
                    test_rows, fold_fit(rows, test, cue, c, power, weight), strict=True
                ):
                    predicted[i] = intent
            figures.append(
                f1_score(truth, predicted, labels=scored, average="macro", zero_division=0)
            )
        lines.append(
            f"| {name} | {' / '.join(f'{f:.3f}' for f in figures)} | **{np.mean(figures):.3f}** "
            f"| {time.perf_counter() - started:.0f} s |"
        )
        print(lines[-1], flush=True)
    lines += [
        "",
        f"{len(truth):,} real buyer messages of the training sessions; five folds by session, "
        "three shuffles; macro over the intents present except cod.",
    ]
    publish(
        "bot-cv",
        "Intent model choices by cross-validation (`bench/bot_cv.py`)",
        lines,
        write=not args.no_write,
    )


if __name__ == "__main__":
    main()
