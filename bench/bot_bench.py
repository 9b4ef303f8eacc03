"""Bot benchmark (issue: the shop assistant bot).

Times ``ask`` in-process over 10,000 buyer messages (the labelled sets, cycled),
the whole path: normalise, classify, sentiment, hand-off rules, FAQ search or
the buyer's orders in a migrated SQLite shop. Baselines in the same process: the
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
    os.environ.setdefault("KEFU_DATA_DIR", str(Path("var").resolve()))
    from kefu.bot import runtime, service, training
    from kefu.bot.normalize import normalize
    from kefu.config import get_settings

    get_settings.cache_clear()
    if not runtime.available():
        print("training the bot first (kefu bot train) …", flush=True)
        training.train_all(runtime.model_dir(), corpus=get_settings().corpus_dir)
    models = runtime.models()
    texts = [t for _i, t in training.read_labelled(training.INTENTS_TSV)]
    texts += [t for _i, t in training.read_labelled(training.HELDOUT_TSV)]
    stream = [texts[n % len(texts)] for n in range(args.messages)]
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
    sklearn = _sklearn_pipeline(models.intent)
    sample = stream[: max(args.messages // 10, 100)]
    through_sklearn = timed(
        [lambda text=text: sklearn.predict_proba([normalize(text)]) for text in sample],
        "scikit-learn pipeline",
    )
    rows = [
        "| what | p50 | p99 | messages/s |",
        "|---|---|---|---|",
        f"| `ask`, whole path ({args.messages:,} messages, SQLite shop) | **{full['p50']:.3f} ms** (target < 2) | **{full['p99']:.3f} ms** (target < 10) | {full['rate']:,.0f} |",
        f"| baseline: intent model alone | {bare['p50']:.3f} ms | {bare['p99']:.3f} ms | {bare['rate']:,.0f} |",
        f"| baseline: same model through scikit-learn's pipeline ({len(sample):,} messages) | {through_sklearn['p50']:.3f} ms | {through_sklearn['p99']:.3f} ms | {through_sklearn['rate']:,.0f} |",
        f"| ratio `ask` / intent alone (messages/s) | {full['rate'] / bare['rate']:.2f} | | |",
    ]
    publish("bot", "Bot `ask` latency (`bench/bot_bench.py`)", rows, write=not args.no_write)


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
