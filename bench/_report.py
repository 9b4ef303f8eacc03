"""Shared by the benchmark scripts: machine description and docs/benchmarks.md upkeep."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def write_section(name: str, body: str) -> None:
    """Replace (or add) the section between this benchmark's markers."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = f"{start}\n{body.rstrip()}\n\n_Machine: {machine()}; run {stamp}._\n{end}"
    text = (
        DOC.read_text()
        if DOC.exists()
        else "# Benchmarks\n\nFigures written by the scripts in `bench/`.\n"
    )
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    text = (
        pattern.sub(lambda _m: section, text)
        if pattern.search(text)
        else f"{text.rstrip()}\n\n{section}\n"
    )
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text)


def publish(name: str, title: str, rows: list[str], *, write: bool) -> None:
    """Print a benchmark's table and, unless told not to, keep it in docs/benchmarks.md."""
    body = f"## {title}\n\n" + "\n".join(rows)
    print(body)
    if write:
        write_section(name, body)
