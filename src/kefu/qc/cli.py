"""``kefu qc check`` and ``kefu qc session``: the text rules and a session's score,
read only, from the command line."""

from __future__ import annotations

import sys
from typing import Annotated

import orjson
import typer
from rich.console import Console

from kefu.db import make_engine, make_sessionmaker, read_only
from kefu.kit.errors import KefuError

qc_app = typer.Typer(
    help="Quality inspection (质检), rules of shared/spec/qc-rules.md.", no_args_is_help=True
)
err = Console(stderr=True)


@qc_app.command("check")
def qc_check(
    text: Annotated[
        str, typer.Argument(help="one agent message, or - to read one per line from stdin")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object per message")] = False,
) -> None:
    """Which text rules an agent message breaks."""
    from kefu.qc import service as qc_service  # late: the CLI starts fast (bench/import_bench.py)

    texts = (line.rstrip("\n") for line in sys.stdin) if text == "-" else iter([text])
    factory = make_sessionmaker(make_engine())
    with factory() as db:
        read_only(db)
        for one in texts:
            result = qc_service.check_text(db, text=one)
            if as_json:
                line = {
                    "text": result.text,
                    "findings": [
                        {"rule": f.rule, "excerpt": f.excerpt, "severity": f.severity}
                        for f in result.findings
                    ],
                }
                sys.stdout.write(orjson.dumps(line).decode() + "\n")
                sys.stdout.flush()
            else:
                found = "; ".join(f"{f.rule} ({f.severity}): {f.excerpt}" for f in result.findings)
                print(f"{one}\t{found or 'ok'}")


@qc_app.command("session")
def qc_session(
    session_id: Annotated[str, typer.Argument(help="the session's id")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Findings and score of one session."""
    from kefu.qc import service as qc_service

    factory = make_sessionmaker(make_engine())
    with factory() as db:
        read_only(db)
        try:
            result = qc_service.inspect_session(db, session_id=session_id)
        except KefuError as exc:
            err.print(f"[red]error:[/red] {exc.reason}", highlight=False)
            raise typer.Exit(code=1) from None
    if as_json:
        print(result.model_dump_json())
        return
    print(
        f"session {result.session_id}: score {result.score}{' (flagged)' if result.flagged else ''}"
    )
    for finding in result.findings:
        print(f"  {finding.rule} ({finding.severity}): {finding.excerpt}")
