"""How far people agree on the JDDC buyer messages' intents, beside the intent model.

The committed labels (data/jddc_labels.tsv, "A") were made by pre-sorting the texts with
keyword rules and correcting the proposals. Every text was then read twice more, blind to
those labels and to the model, from a written guide (intents.md and the house rules of the
README): data/jddc_labels_b.tsv and data/jddc_labels_c.tsv. Each pair is scored as if the
first were the truth (macro-F1 over its intents except cod, as the bot's own figure is), on
the held-out sessions and on all messages, and the shipped model's predictions on the
held-out sessions are scored the same way: the ratio says how near the model is to a
second person reading the same messages.

    python bench/bot_agreement.py [--no-write]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import publish


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    import orjson
    from sklearn.metrics import cohen_kappa_score, f1_score

    from kefu.bot import labels, training
    from kefu.config import get_settings

    path = get_settings().corpus_dir / labels.JDDC_HISTORY
    if not path.exists():
        raise SystemExit("the JDDC history is not in KEFU_CORPUS_DIR")
    messages = {}  # message id → (text, held out?)
    for line in path.read_bytes().splitlines():
        record = orjson.loads(line)
        if record.get("type") == "message" and record.get("from") == "buyer":
            messages[record["id"]] = (record["text"], labels.held_out(record["session"]))
    people = {
        "A (committed)": labels.read_ids(),
        "B": labels.read_ids(labels.DATA / "jddc_labels_b.tsv"),
        "C": labels.read_ids(labels.DATA / "jddc_labels_c.tsv"),
    }
    held = sorted(i for i, (_text, out) in messages.items() if out)
    real = labels.read_real(get_settings().corpus_dir)
    assert real is not None
    written = labels.synthetic(training.faq_examples(training.faq_rows()))
    model = training.train_intent(written + real.train)
    people["model"] = {i: model.predict(messages[i][0])[0] for i in held}

    def scored(first: str, second: str, ids: list[str]) -> tuple[float, float, float]:
        truth = [people[first][i] for i in ids]
        given = [people[second][i] for i in ids]
        intents = sorted(set(truth) - {"cod"})
        macro = f1_score(truth, given, labels=intents, average="macro", zero_division=0)
        agree = sum(a == b for a, b in zip(truth, given, strict=True)) / len(ids)
        return macro, agree, cohen_kappa_score(truth, given)

    lines = [
        "| judged against | judged | held-out macro-F1 | held-out agreement | κ | "
        "all messages macro-F1 |",
        "|---|---|---|---|---|---|",
    ]
    figures = {}
    everyone = sorted(messages)
    pairs = [("A (committed)", "B"), ("A (committed)", "C"), ("B", "C")]
    pairs += [("A (committed)", "model"), ("B", "model"), ("C", "model")]
    for first, second in pairs:
        macro, agree, kappa = scored(first, second, held)
        figures[first, second] = macro
        overall = "" if second == "model" else f"{scored(first, second, everyone)[0]:.3f}"
        lines.append(
            f"| {first} | {second} | **{macro:.3f}** | {agree:.3f} | {kappa:.3f} | {overall} |"
        )
    people_mean = (figures["A (committed)", "B"] + figures["A (committed)", "C"]) / 2
    model_on_a = figures["A (committed)", "model"]
    lines += [
        "",
        f"- {len(held):,} held-out messages (one buyer session in four), "
        f"{len(everyone):,} in all; macro over the first column's intents except cod.",
        f"- ratio model / a second reader, judged against A: **{model_on_a / people_mean:.2f}** "
        f"({model_on_a:.3f} against {people_mean:.3f}, the mean of B and C).",
    ]
    publish(
        "bot-agreement",
        "How far people agree on the real messages (`bench/bot_agreement.py`)",
        lines,
        write=not args.no_write,
    )


if __name__ == "__main__":
    main()
