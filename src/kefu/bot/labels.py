"""Labelled buyer messages: what the intent model learns from and is judged on.

Four sources, each a list of ``Labelled`` rows:

- the synthetic set written for Kefu (data/intents.tsv, its held-out split
  data/intents_heldout.tsv) and its marketplace supplement
  (data/intents_marketplace.tsv), plus the starter FAQ's question variants;
- real buyer messages of the JDDC sample history: data/jddc_labels.tsv keeps
  only ``message id → intent`` (the texts stay in shared/data and are read from
  there at training time); one buyer session in four, by a hash of its id, is
  held out and never trained on;
- messages an agent marked "this is intent X" in the workbench (the
  ``intent_labels`` table), which join the training rows of the next train.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from kefu.bot.intents import INTENT_IDS
from kefu.kit.errors import BadInput

DATA = Path(__file__).parent / "data"
FAQ_CSV = DATA / "faq.csv"
INTENTS_TSV = DATA / "intents.tsv"
HELDOUT_TSV = DATA / "intents_heldout.tsv"
MARKETPLACE_TSV = DATA / "intents_marketplace.tsv"
JDDC_LABELS = DATA / "jddc_labels.tsv"
# The same messages read twice more, blind to JDDC_LABELS and to the model: how far a second
# person agrees with those labels is the yardstick for the model's own figure.
SECOND_READINGS = {"B": DATA / "jddc_labels_b.tsv", "C": DATA / "jddc_labels_c.tsv"}
JDDC_HISTORY = "jddc_sample_history.jsonl"
HELD_OUT_ONE_IN = 4


@dataclass(frozen=True)
class Labelled:
    intent: str
    text: str
    group: str  # rows of one group stay on one side of a split (a buyer session)
    source: str  # synthetic | marketplace | faq | real | agent


def read_labelled(path: Path, *, source: str = "file") -> list[Labelled]:
    """``intent<TAB>text`` lines; a bad line is refused with its number."""
    rows = []
    for number, line in _lines(path):
        intent, tab, text = line.partition("\t")
        if not tab or not text.strip():
            raise BadInput(f"{path.name} 第 {number} 行：应为 意图<TAB>文本", code="bad_line")
        rows.append(Labelled(_intent(path, number, intent), text, f"{source}:{number}", source))
    return rows


def read_ids(path: Path = JDDC_LABELS) -> dict[str, str]:
    """``message id<TAB>intent`` lines: the real messages' labels."""
    labels = {}
    for number, line in _lines(path):
        message_id, tab, intent = line.partition("\t")
        if not tab:
            raise BadInput(f"{path.name} 第 {number} 行：应为 消息ID<TAB>意图", code="bad_line")
        labels[message_id] = _intent(path, number, intent)
    return labels


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            yield number, line


def _intent(path: Path, number: int, intent: str) -> str:
    if intent not in INTENT_IDS:
        raise BadInput(f"{path.name} 第 {number} 行：未知意图 {intent!r}", code="bad_intent")
    return intent


def held_out(session_id: str) -> bool:
    return zlib.crc32(session_id.encode()) % HELD_OUT_ONE_IN == 0


@dataclass(frozen=True)
class RealSplit:
    train: list[Labelled]
    held_out: list[Labelled]
    # per second reader, her intent for each held-out message (in held_out's order)
    readings: dict[str, list[str]] = field(default_factory=dict)


def read_real(corpus: Path) -> RealSplit | None:
    """The labelled JDDC buyer messages with their texts, split by session; None
    when the history file is not in the corpus folder."""
    path = corpus / JDDC_HISTORY
    if not path.exists():
        return None
    labels = read_ids()
    readers = {name: read_ids(reading) for name, reading in SECOND_READINGS.items()}
    split = RealSplit([], [], {name: [] for name in readers})
    for line in path.read_bytes().splitlines():
        record = orjson.loads(line)
        intent = labels.get(record.get("id", "")) if record.get("type") == "message" else None
        if intent is None:
            continue
        row = Labelled(intent, record["text"], record["session"], "real")
        if not held_out(record["session"]):
            split.train.append(row)
            continue
        split.held_out.append(row)
        for name, reading in readers.items():
            split.readings[name].append(reading[record["id"]])
    return split


def synthetic(faq_examples: list[tuple[str, str]]) -> list[Labelled]:
    """The written training rows: the synthetic set, its marketplace supplement
    and the FAQ's question variants."""
    return (
        read_labelled(INTENTS_TSV, source="synthetic")
        + read_labelled(MARKETPLACE_TSV, source="marketplace")
        + [
            Labelled(intent, text, f"faq:{n}", "faq")
            for n, (intent, text) in enumerate(faq_examples)
        ]
    )
