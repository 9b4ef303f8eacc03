"""``kefu bot ...``: train, ask, evaluate, sentiment, and the FAQ as CSV."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.console import Console

from kefu.config import get_settings
from kefu.db import make_engine, make_sessionmaker, read_only, unit_of_work
from kefu.kit.errors import KefuError

bot_app = typer.Typer(help="The shop assistant bot (智能客服).", no_args_is_help=True)
kb_app = typer.Typer(help="FAQ knowledge base (知识库) as CSV.", no_args_is_help=True)
bot_app.add_typer(kb_app, name="kb")
err = Console(stderr=True)


def _lines(text: str) -> Iterator[str]:
    return (line.rstrip("\n") for line in sys.stdin) if text == "-" else iter([text])


def _emit(obj: object) -> None:
    sys.stdout.write(orjson.dumps(obj).decode() + "\n")
    sys.stdout.flush()


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(code=1)


@bot_app.command("train")
def train(
    corpus: Annotated[
        Path | None, typer.Option(help="review corpora (default KEFU_CORPUS_DIR)")
    ] = None,
    sentiment_limit: Annotated[
        int | None, typer.Option(help="train sentiment on an even subset of this many reviews")
    ] = None,
) -> None:
    """Train the intent and sentiment models into KEFU_DATA_DIR/bot."""
    from kefu.bot import runtime, training

    try:
        report = training.train_all(
            runtime.model_dir(),
            corpus=corpus or get_settings().corpus_dir,
            sentiment_limit=sentiment_limit,
            progress=lambda step: err.print(f"training: {step} …"),
        )
    except KefuError as exc:
        raise _fail(exc.reason) from None
    runtime.forget()
    intent, sentiment = report["intent"], report["sentiment"]
    print(f"models saved in {runtime.model_dir()}")
    print(
        f"intent, held-out n={intent['n']}: accuracy {intent['accuracy']}, "
        f"macro-F1 {intent['macro_f1']} (TF-IDF + LR baseline {report['intent_baseline_macro_f1']})"
    )
    print(
        f"sentiment, held-out n={sentiment['n']}: accuracy {sentiment['accuracy']} "
        f"(char n-gram TF-IDF + LR baseline {sentiment['baseline_accuracy']})"
    )


@bot_app.command("ask")
def ask(
    text: Annotated[str, typer.Argument(help="a buyer message, or - for one per line on stdin")],
    customer: Annotated[str | None, typer.Option(help="answer from this customer's orders")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object per message")] = False,
) -> None:
    """What the bot answers (or why it hands off). The model loads once."""
    from kefu.bot import service as bot_service

    factory = make_sessionmaker(make_engine())
    with factory() as session:
        read_only(session)
        for one in _lines(text):
            try:
                result = bot_service.answer(session, text=one, customer_id=customer).public()
            except KefuError as exc:
                if text != "-":
                    raise _fail(exc.reason) from None
                result = {"error": exc.code, "reason": exc.reason}
            if as_json:
                _emit(result)
            else:
                print(f"{result.get('intent')}\t{result.get('answer') or result.get('reason')}")


@bot_app.command("eval")
def evaluate(
    file: Annotated[Path, typer.Argument(help="intent<TAB>text lines", exists=True)],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Accuracy, macro-F1 and the commonest confusions on a labelled file."""
    from kefu.bot import runtime, training

    try:
        rows = training.read_labelled(file)
        report = training.evaluate(runtime.models().intent.predict, rows)
    except KefuError as exc:
        raise _fail(exc.reason) from None
    if as_json:
        _emit({key: report[key] for key in ("n", "accuracy", "macro_f1", "per_intent")})
        return
    print(f"n={report['n']}  accuracy={report['accuracy']}  macro-F1={report['macro_f1']}")
    print(f"{'intent':<18}{'precision':>10}{'recall':>10}{'f1':>10}")
    for intent, scores in report["per_intent"].items():
        print(f"{intent:<18}{scores['precision']:>10}{scores['recall']:>10}{scores['f1']:>10}")
    print("most frequent confusions (true → predicted: count):")
    for true, predicted, count in report["confusions"]:
        print(f"  {true} → {predicted}: {count}")


@bot_app.command("sentiment")
def sentiment(
    text: Annotated[str, typer.Argument(help="a text, or - for one per line on stdin")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """negative/positive and its probability: the model behind anger detection."""
    from kefu.bot import runtime

    try:
        model = runtime.models().sentiment
    except KefuError as exc:
        raise _fail(exc.reason) from None
    for one in _lines(text):
        label, score = model.predict(one)
        if as_json:
            _emit({"label": label, "score": round(score, 4)})
        else:
            print(f"{label}\t{score:.4f}\t{one}")


@kb_app.command("import")
def kb_import(file: Annotated[Path, typer.Argument(exists=True)]) -> None:
    """Add or replace FAQ entries from CSV (id,intent,questions,answer,product,enabled)."""
    from kefu.bot import kb

    factory = make_sessionmaker(make_engine())
    try:
        with unit_of_work(factory) as session:
            count = kb.do_import_csv(session, data=file.read_text(encoding="utf-8-sig"))
    except KefuError as exc:
        raise _fail(f"{file}: {exc.reason}") from None
    err.print(f"imported {count} entries")


@kb_app.command("export")
def kb_export(out: Annotated[Path, typer.Option(help="CSV file to write")]) -> None:
    """Write every FAQ entry as CSV."""
    from kefu.bot import kb

    factory = make_sessionmaker(make_engine())
    with factory() as session:
        read_only(session)
        out.write_text(kb.export_csv(session), encoding="utf-8")
    err.print(f"wrote {out}")
