"""The FAQ knowledge base (知识库): entries the shop edits, imports and exports as
CSV, and the BM25 index the bot and agent assist search."""

from __future__ import annotations

import csv
import io
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from kefu.bot import labels, repository, snapshot, templates
from kefu.bot.intents import INTENT_IDS
from kefu.bot.search import Bm25
from kefu.kit import cells, clock
from kefu.kit.errors import BadInput, found
from kefu.kit.ids import new_id
from kefu.kit.paging import PageParams
from kefu.models import KbEntry

CSV_COLUMNS = ("id", "intent", "questions", "answer", "product", "enabled")


@dataclass(frozen=True)
class EntryIn:
    intent: str
    questions: list[str]
    answer: str
    product_id: str | None = None
    enabled: bool = True


def check_entry(db: Session, entry: EntryIn) -> EntryIn:
    if entry.intent not in INTENT_IDS:
        raise BadInput(f"未知意图 {entry.intent!r}", code="bad_intent")
    questions = [q.strip() for q in entry.questions if q.strip()]
    if not questions:
        raise BadInput("至少需要一个问法", code="no_questions")
    if not entry.answer.strip():
        raise BadInput("答案不能为空", code="no_answer")
    templates.check(entry.answer)
    if entry.product_id and repository.product(db, entry.product_id) is None:
        raise BadInput(f"商品 {entry.product_id} 不存在", code="unknown_product")
    return EntryIn(
        entry.intent, questions, entry.answer.strip(), entry.product_id or None, entry.enabled
    )


def entries(db: Session) -> list[KbEntry]:
    return repository.entries(db)


def entry_page(
    db: Session,
    *,
    params: PageParams,
    intent: str | None = None,
    product_id: str | None = None,
    enabled: bool | None = None,
    text: str | None = None,
) -> tuple[list[Any], int]:
    """One page of (entry, product title) for the knowledge-base list, and the count."""
    return repository.entry_page(
        db, intent=intent, product_id=product_id, enabled=enabled, text=text, params=params
    )


def product_title(db: Session, product_id: str | None) -> str | None:
    product = repository.product(db, product_id) if product_id else None
    return product.title if product is not None else None


def get_entry(db: Session, entry_id: str) -> KbEntry:
    return found(repository.entry(db, entry_id), "知识条目不存在", code="kb_entry_not_found")


def do_add(db: Session, *, entry: EntryIn, entry_id: str | None = None) -> KbEntry:
    entry = check_entry(db, entry)
    row = KbEntry(id=entry_id or new_id("kb"), updated_at=clock.now(), **_fields(entry))
    repository.add(db, row)
    return row


def do_update(db: Session, *, row: KbEntry, entry: EntryIn) -> KbEntry:
    entry = check_entry(db, entry)
    for name, value in _fields(entry).items():
        setattr(row, name, value)
    row.updated_at = clock.now()
    db.flush()
    return row


def do_delete(db: Session, *, row: KbEntry) -> None:
    repository.delete(db, row)


def _fields(entry: EntryIn) -> dict[str, object]:
    return {
        "intent": entry.intent,
        "questions": entry.questions,
        "answer": entry.answer,
        "product_id": entry.product_id,
        "enabled": entry.enabled,
    }


def export_csv(db: Session) -> str:
    return cells.csv_text(
        CSV_COLUMNS,
        (
            [
                row.id,
                row.intent,
                "|".join(row.questions),
                row.answer,
                row.product_id or "",
                int(row.enabled),
            ]
            for row in repository.entries(db)
        ),
    )


def do_import_csv(db: Session, *, data: str) -> int:
    """Add or replace entries by id, all or nothing: every row is checked before any
    is written, and a bad row is reported with its line number."""
    reader = csv.DictReader(io.StringIO(data))
    missing = {"intent", "questions", "answer"} - set(reader.fieldnames or ())
    if missing:
        raise BadInput(f"CSV 缺少列：{'、'.join(sorted(missing))}", code="bad_csv")
    parsed: list[tuple[str | None, EntryIn]] = []
    for raw in reader:
        row = cells.unescape_row(raw)
        entry = EntryIn(
            intent=(row.get("intent") or "").strip(),
            questions=(row.get("questions") or "").split("|"),
            answer=row.get("answer") or "",
            product_id=(row.get("product") or "").strip() or None,
            enabled=(row.get("enabled") or "1").strip() not in ("0", "false", "否"),
        )
        try:
            parsed.append(((row.get("id") or "").strip() or None, check_entry(db, entry)))
        except BadInput as error:
            raise BadInput(f"第 {reader.line_num} 行：{error.reason}", code="bad_csv") from error
    for entry_id, entry in parsed:
        existing = repository.entry(db, entry_id) if entry_id else None
        if existing is not None:
            do_update(db, row=existing, entry=entry)
        else:
            do_add(db, entry=entry, entry_id=entry_id)
    return len(parsed)


def do_seed_defaults(db: Session) -> int:
    """The starter FAQ (one entry per intent) for a shop with none yet."""
    if repository.entries(db):
        return 0
    return do_import_csv(db, data=labels.FAQ_CSV.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class FaqEntry:
    """An entry as the index keeps it: plain values, shared by every request."""

    id: str
    intent: str
    answer: str
    product_id: str | None


@dataclass(frozen=True)
class Index:
    version: object
    bm25: Bm25
    entries: dict[str, FaqEntry]


_lock = threading.Lock()
_cache: dict[int, Index] = {}


def index(db: Session, version: object) -> Index:
    """The BM25 index of enabled entries, rebuilt when the entries change."""
    key = id(db.get_bind())
    cached = _cache.get(key)
    if cached is not None and cached.version == version:
        return cached
    rows = repository.entries(db, enabled_only=True)
    built = Index(
        version=version,
        bm25=Bm25.build([(row.id, row.questions) for row in rows]),
        entries={row.id: FaqEntry(row.id, row.intent, row.answer, row.product_id) for row in rows},
    )
    with _lock:
        _cache[key] = built
    return built


def matching(
    db: Session,
    *,
    text: str,
    intent: str,
    confidence: float,
    top: int,
    seen: snapshot.Snapshot | None = None,
) -> list[FaqEntry]:
    """FAQ entries for a message, best first: ranked among the predicted intent's
    entries when the classifier is confident (all of them if none shares a word),
    among all entries otherwise. ``seen``: the shop as the caller read it."""
    seen = seen or snapshot.read(db)
    found = index(db, seen.kb_version)
    confident = confidence >= snapshot.handoff_below(seen.settings, intent)
    among = {e.id for e in found.entries.values() if e.intent == intent} if confident else None
    ranked = [entry_id for entry_id, _score in found.bm25.rank(text, among=among, top=top)]
    if not ranked and among:
        ranked = sorted(among)
    return [found.entries[entry_id] for entry_id in ranked]
