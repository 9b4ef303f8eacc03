"""``kefu bot ...``: train, ask, evaluate, sentiment, mine the history for FAQ
entries, and the FAQ as CSV."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import orjson
import typer
from rich.console import Console
from rich.progress import Progress

from kefu.config import get_settings
from kefu.db import make_engine, make_sessionmaker, read_only, unit_of_work
from kefu.kit.errors import KefuError
from kefu.kit.paging import PageParams

if TYPE_CHECKING:
    from kefu.bot.labels import Labelled

bot_app = typer.Typer(help="The shop assistant bot (智能客服).", no_args_is_help=True)
kb_app = typer.Typer(help="FAQ knowledge base (知识库) as CSV.", no_args_is_help=True)
bot_app.add_typer(kb_app, name="kb")
err = Console(stderr=True)


def _lines(text: str) -> Iterator[tuple[int, str | None]]:
    """(line number, text) for ``text``, or for each line of stdin when it is ``-``;
    a line that is not valid UTF-8 comes as (number, None) and is answered with
    an error, so one bad byte never costs the lines after it."""
    if text != "-":
        yield 1, text
        return
    for number, raw in enumerate(sys.stdin.buffer, start=1):
        try:
            yield number, raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            yield number, None


def _bad_line(number: int) -> dict[str, str]:
    return {"error": "bad_encoding", "reason": f"第 {number} 行不是有效的 UTF-8 文本，已跳过"}


def _emit(obj: object) -> None:
    sys.stdout.write(orjson.dumps(obj).decode() + "\n")
    sys.stdout.flush()


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(code=1)


@bot_app.command("train")
def train(
    corpus: Annotated[
        Path | None, typer.Option(help="review corpora and JDDC history (default KEFU_CORPUS_DIR)")
    ] = None,
    sentiment_limit: Annotated[
        int | None, typer.Option(help="train sentiment on an even subset of this many reviews")
    ] = None,
) -> None:
    """Train the intent and sentiment models into KEFU_DATA_DIR/bot, with the
    messages agents marked; print the real and synthetic held-out figures."""
    from kefu.bot import runtime, training

    try:
        with Progress(console=err, transient=True) as bar:
            task = bar.add_task("训练", total=len(training.STEPS))
            report = training.train_all(
                runtime.model_dir(),
                corpus=corpus or get_settings().corpus_dir,
                marked=_marked(),
                sentiment_limit=sentiment_limit,
                progress=lambda step, done, _total: bar.update(
                    task, completed=done, description=step
                ),
            )
    except KefuError as exc:
        raise _fail(exc.reason) from None
    runtime.forget()
    print(f"models saved in {runtime.model_dir()}")
    _print_intent(report["intent"])
    sentiment = report["sentiment"]
    print(f"sentiment, held-out reviews n={sentiment['n']}: accuracy {sentiment['accuracy']}")


def _marked() -> list[Labelled]:
    """Messages agents marked with an intent, from the shop's database (none when
    it has no tables yet)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from kefu.bot import marks

    url = make_url(get_settings().database_url)
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").exists():
        return []  # no shop yet: nothing marked, and no empty database file made
    try:
        with make_sessionmaker(make_engine())() as db:
            read_only(db)
            return marks.training_rows(db)
    except SQLAlchemyError:
        return []


def _print_intent(report: dict[str, Any]) -> None:
    from kefu.bot.evaluation import f1_lines, summary_lines

    if report.get("trained_on"):
        print(
            "intent, trained on: " + ", ".join(f"{k} {v}" for k, v in report["trained_on"].items())
        )
    if report["real"] is None:
        print("intent, real held-out: JDDC history not found in the corpus folder")
    else:
        print("\n".join(summary_lines("intent, real held-out (by session)", report["real"])))
        readers = report["real"].get("second_readers") or {}
        if readers:
            figures = ", ".join(f"{name} {f1}" for name, f1 in readers.items())
            print(
                f"  a second reader of the same messages, macro-F1 against these labels: {figures}"
            )
        print("\n".join(f1_lines(report["real"])))
    print("\n".join(summary_lines("intent, synthetic held-out", report["synthetic"])))
    print("\n".join(f1_lines(report["synthetic"])))


@bot_app.command("ask")
def ask(
    text: Annotated[str, typer.Argument(help="a buyer message, or - for one per line on stdin")],
    customer: Annotated[str | None, typer.Option(help="answer from this customer's orders")] = None,
    product: Annotated[str | None, typer.Option(help="the product of the buyer's page")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object per message")] = False,
) -> None:
    """What the bot answers (or why it hands off). The model loads once; every
    stdin line is answered, a bad one with an error."""
    from kefu.bot import service as bot_service

    factory = make_sessionmaker(make_engine())
    with factory() as db:
        read_only(db)
        for number, one in _lines(text):
            try:
                if one is None:
                    result: dict[str, Any] = _bad_line(number)
                else:
                    result = bot_service.answer(
                        db, text=one, customer_id=customer, product_id=product
                    ).public()
            except KefuError as exc:
                if text != "-":
                    raise _fail(exc.reason) from None
                result = {"error": exc.code, "reason": exc.reason}
            if as_json:
                _emit(result)
            elif "error" in result:
                print(f"error\t{result['reason']}")
            else:
                print(f"{result['intent']}\t{result['answer'] or result['handoff_reason']}")


@bot_app.command("eval")
def evaluate(
    file: Annotated[
        Path | None,
        typer.Argument(help="intent<TAB>text lines (default: the real and synthetic held-out)"),
    ] = None,
    corpus: Annotated[Path | None, typer.Option(help="where the JDDC history is")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Accuracy, macro-F1, the reliability table and the commonest confusions."""
    from kefu.bot import labels, runtime
    from kefu.bot.evaluation import evaluate as judge
    from kefu.bot.evaluation import evaluate_real

    try:
        model = runtime.models().intent
        if file is not None:
            rows = [(row.intent, row.text) for row in labels.read_labelled(file)]
            report = judge(model.predict, rows)
        else:
            real = labels.read_real(corpus or get_settings().corpus_dir)
            synthetic = labels.read_labelled(labels.HELDOUT_TSV)
            report = {
                "real": evaluate_real(model.predict, real) if real else None,
                "synthetic": judge(model.predict, [(r.intent, r.text) for r in synthetic]),
            }
    except KefuError as exc:
        raise _fail(exc.reason) from None
    if as_json:
        _emit(report)
        return
    if file is None:
        _print_intent(report)
        return
    from kefu.bot.evaluation import summary_lines

    print("\n".join(summary_lines(file.name, report)))
    print(f"{'intent':<18}{'precision':>10}{'recall':>10}{'f1':>10}{'n':>6}")
    for intent, scores in report["per_intent"].items():
        print(
            f"{intent:<18}{scores['precision']:>10}{scores['recall']:>10}{scores['f1']:>10}"
            f"{scores['n']:>6}"
        )
    print("most frequent confusions (true → predicted: count):")
    for true, predicted, count in report["confusions"]:
        print(f"  {true} → {predicted}: {count}")


@bot_app.command("mine")
def mine(
    date_from: Annotated[
        dt.datetime | None, typer.Option("--from", formats=["%Y-%m-%d"], help="first day")
    ] = None,
    date_to: Annotated[
        dt.datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="last day")
    ] = None,
    min_count: Annotated[int, typer.Option(help="propose questions asked this often")] = 3,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Cluster the recurring buyer questions of the imported history and propose
    FAQ entries (reviewed on the knowledge-base page); waiting ones are replaced."""
    from kefu.bot import proposals

    factory = make_sessionmaker(make_engine())
    try:
        with unit_of_work(factory) as db:
            report = proposals.do_mine(
                db,
                date_from=date_from.date() if date_from else None,
                date_to=date_to.date() if date_to else None,
                min_count=min_count,
            )
            top = proposals.page(db, params=PageParams(page_size=20), status="proposed")["items"]
    except KefuError as exc:
        raise _fail(exc.reason) from None
    if as_json:
        _emit({**report.__dict__, "top": top})
        return
    print(
        f"{report.messages} buyer messages, {report.clusters} recurring questions, "
        f"{report.proposed} proposals ({report.replaced} waiting ones replaced)"
    )
    for item in top:
        print(f"{item['count']:>5}  {item['intent']:<16} {' | '.join(item['questions'][:3])}")


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
    for number, one in _lines(text):
        if one is None:
            result: dict[str, Any] = _bad_line(number)
        else:
            label, score = model.predict(one)
            result = {"label": label, "score": round(score, 4)}
        if as_json:
            _emit(result)
        elif "error" in result:
            print(f"error\t{result['reason']}")
        else:
            print(f"{result['label']}\t{result['score']:.4f}\t{one}")


@kb_app.command("import")
def kb_import(file: Annotated[Path, typer.Argument(exists=True)]) -> None:
    """Add or replace FAQ entries from CSV (id,intent,questions,answer,product,enabled)."""
    from kefu.bot import kb

    factory = make_sessionmaker(make_engine())
    try:
        with unit_of_work(factory) as db:
            count = kb.do_import_csv(db, data=file.read_text(encoding="utf-8-sig"))
    except KefuError as exc:
        raise _fail(f"{file}: {exc.reason}") from None
    err.print(f"imported {count} entries")


@kb_app.command("export")
def kb_export(out: Annotated[Path, typer.Option(help="CSV file to write")]) -> None:
    """Write every FAQ entry as CSV."""
    from kefu.bot import kb

    factory = make_sessionmaker(make_engine())
    with factory() as db:
        read_only(db)
        out.write_text(kb.export_csv(db), encoding="utf-8")
    err.print(f"wrote {out}")
