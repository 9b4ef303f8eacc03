"""Bot benchmark (issues: the shop assistant bot; the bot on real buyers' words).

Quality: the intent model on the real JDDC buyer messages held out by session
and on the synthetic held-out split, side by side, with the reliability of its
confidence, and the sentiment model on held-out reviews.

Training: ``kefu bot train`` timed, into a temporary folder.

Latency: ``ask`` in-process over 10,000 buyer messages (real JDDC buyer texts
and the written sets, cycled), the whole path: normalise, find products by name
among 500, classify, sentiment, temper and hand-off rules, FAQ search or the
buyer's orders in a migrated SQLite shop. Baselines in the same process: the
intent model alone, and the same model through scikit-learn's own pipeline.
Targets: p50 under 2 ms, p99 under 10 ms.

    python bench/bot_bench.py [--messages 10000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _report import publish


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(calls: list, label: str) -> dict[str, float]:
    latencies = []
    started = time.perf_counter()
    for n, call in enumerate(calls, start=1):
        begin = time.perf_counter()
        call()
        latencies.append((time.perf_counter() - begin) * 1000)
        if n % 2500 == 0:
            print(f"  {label}: {n:,} …", flush=True)
    total = time.perf_counter() - started
    return {
        "p50": statistics.median(latencies),
        "p99": percentile(latencies, 0.99),
        "rate": len(calls) / total,
    }


def build_shop(folder: Path) -> tuple[object, list[str]]:
    """A migrated SQLite shop with the starter FAQ and buyers who have orders."""
    from kefu import migrate
    from kefu.bot import kb
    from kefu.crm import service as crm_service
    from kefu.db import make_engine, make_sessionmaker, unit_of_work
    from kefu.models import Order, Product

    url = f"sqlite:///{folder / 'bot.db'}"
    migrate.upgrade(url)
    factory = make_sessionmaker(make_engine(url))
    customers = []
    with unit_of_work(factory) as db:
        kb.do_seed_defaults(db)
        db.add(Product(id="p1", title="加绒卫衣", price=Decimal("199.00"), stock=10))
        kinds = (
            "纯棉T恤",
            "加厚卫衣",
            "牛仔裤",
            "运动鞋",
            "保温杯",
            "蓝牙耳机",
            "行车记录仪",
            "空调",
        )
        for n in range(500):  # a catalog the name matcher searches on every message
            title = f"{kinds[n % len(kinds)]} {n}号款"
            db.add(Product(id=f"b{n}", title=title, price=Decimal("99.00"), stock=n % 7))
        at = dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC)
        for n in range(20):
            customer = crm_service.do_add_visitor(db).id
            customers.append(customer)
            for k, status in enumerate(("paid", "shipped")[: 1 + n % 2]):
                db.add(
                    Order(
                        id=f"O{n}-{k}",
                        customer_id=customer,
                        status=status,
                        amount=Decimal("199.00"),
                        cod=n % 5 == 0,
                        created_at=at,
                        paid_at=at,
                        shipped_at=at if status == "shipped" else None,
                        courier="中通快递",
                        tracking_no=f"ZT{n}{k}",
                    )
                )
    return factory, customers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kefu-bot-bench-"))
    os.environ["KEFU_DATA_DIR"] = str(folder)  # trained here, as `kefu bot train` does
    from kefu.bot import labels, runtime, service, training
    from kefu.bot.normalize import normalize
    from kefu.config import get_settings

    get_settings.cache_clear()
    corpus = get_settings().corpus_dir
    print("training the bot (kefu bot train) …", flush=True)
    started = time.perf_counter()
    training.train_all(runtime.model_dir(), corpus=corpus)
    trained = time.perf_counter() - started
    print(f"trained in {trained:.1f} s", flush=True)
    models = runtime.models()
    real = labels.read_real(corpus)
    written = labels.read_labelled(labels.INTENTS_TSV) + labels.read_labelled(labels.HELDOUT_TSV)
    texts = [row.text for row in (real.train + real.held_out if real else [])]
    texts += [row.text for row in written]
    stream = [texts[(n * 7919) % len(texts)] for n in range(args.messages)]
    factory, customers = build_shop(folder)
    print(f"{args.messages:,} messages ({len(texts)} distinct) …", flush=True)
    with factory() as db:
        service.answer(db, text="在吗")  # warm: dictionaries, FAQ index
        full = timed(
            [
                lambda text=text, n=n: service.answer(
                    db, text=text, customer_id=customers[n % len(customers)]
                )
                for n, text in enumerate(stream)
            ],
            "ask",
        )
    bare = timed([lambda text=text: models.intent.predict(text) for text in stream], "intent only")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    sklearn = _sklearn_pipeline(models.intent)
    sample = stream[: max(args.messages // 10, 100)]
    through_sklearn = timed(
        [lambda text=text: sklearn.predict_proba([normalize(text)]) for text in sample],
        "scikit-learn pipeline",
    )
    quality = _quality(models, real)
    rows = [
        *quality,
        "",
        f"`kefu bot train` (both models, {os.cpu_count()} cores): **{trained:.0f} s** (target ≤ 90).",
        "",
        "| what | p50 | p99 | messages/s |",
        "|---|---|---|---|",
        f"| `ask`, whole path ({args.messages:,} messages, SQLite shop) | **{full['p50']:.3f} ms** (target < 2) | **{full['p99']:.3f} ms** (target < 10) | {full['rate']:,.0f} |",
        f"| baseline: intent model alone | {bare['p50']:.3f} ms | {bare['p99']:.3f} ms | {bare['rate']:,.0f} |",
        f"| baseline: same model through scikit-learn's pipeline ({len(sample):,} messages) | {through_sklearn['p50']:.3f} ms | {through_sklearn['p99']:.3f} ms | {through_sklearn['rate']:,.0f} |",
        f"| ratio `ask` / intent alone (messages/s) | {full['rate'] / bare['rate']:.2f} | | |",
        f"| ratio `ask` / scikit-learn pipeline (p50): the machine's speed cancels out | "
        f"{full['p50'] / through_sklearn['p50']:.2f} | | |",
        "",
        f"_Load average while it ran: {load} (over {os.cpu_count()} cores); on a shared machine "
        "the absolute times grow with the load, the ratios much less._",
    ]
    publish(
        "bot", "Bot quality and `ask` latency (`bench/bot_bench.py`)", rows, write=not args.no_write
    )


def _quality(models: object, real: object) -> list[str]:
    """Real held-out and synthetic held-out side by side, and the reliability table."""
    from kefu.bot import labels
    from kefu.bot.evaluation import evaluate

    synthetic_rows = [(r.intent, r.text) for r in labels.read_labelled(labels.HELDOUT_TSV)]
    reports = {"synthetic held-out (249, written)": evaluate(models.intent.predict, synthetic_rows)}
    if real is not None:
        rows = [(r.intent, r.text) for r in real.held_out]
        name = f"real JDDC buyer messages held out by session ({len(rows):,})"
        reports = {name: evaluate(models.intent.predict, rows), **reports}
    lines = [
        "| intent model | accuracy | macro-F1 | answers with confidence ≥ 0.9 | right |",
        "|---|---|---|---|---|",
    ]
    for name, report in reports.items():
        confident = report["confident"]
        lines.append(
            f"| {name} | {report['accuracy']:.3f} | **{report['macro_f1']:.3f}** | "
            f"{confident['n']} of {report['n']} | **{confident['accuracy']:.3f}** |"
        )
    sentiment = models.sentiment.metrics
    lines.append(
        f"| sentiment, held-out reviews ({sentiment['n']:,}, not trained on) | "
        f"**{sentiment['accuracy']:.3f}** | | | |"
    )
    lines += ["", "| confidence | " + " | ".join(reports) + " |", "|---" * (len(reports) + 1) + "|"]
    bands = [report["reliability"] for report in reports.values()]
    for row in zip(*bands, strict=True):
        cells = [
            "–" if band["n"] == 0 else f"{band['n']} answers, {band['accuracy']:.2f} right"
            for band in row
        ]
        lines.append(f"| {row[0]['band']} | " + " | ".join(cells) + " |")
    return lines


def _sklearn_pipeline(model: object) -> object:
    """The intent model as scikit-learn would run it: features, then a regression."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, make_pipeline

    union = FeatureUnion([(f"f{n}", v) for n, v in enumerate(model.vectorizers)])
    regression = LogisticRegression()
    regression.classes_ = np.array(model.labels)
    regression.coef_ = model.coef / model.temperature
    regression.intercept_ = model.intercept / model.temperature
    return make_pipeline(union, regression)


if __name__ == "__main__":
    main()
