"""FAQ proposals mined from the shop's history: mine, list, edit, accept, reject.

``do_mine`` replaces the proposals still waiting for a decision; a question
that is already in the knowledge base, or that a supervisor accepted or
rejected before, is not proposed again. Accepting creates the FAQ entry, which
answers buyers from the next message on (the FAQ index follows the entries).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from kefu.bot import kb, repository, runtime
from kefu.bot.intents import INTENT_IDS, INTENT_NAMES, LIVE_INTENTS
from kefu.config import get_settings
from kefu.kit import clock
from kefu.kit.errors import BadInput, Conflict, found
from kefu.kit.ids import new_id
from kefu.kit.paging import PageParams, fetch_page, order_by, paged
from kefu.models import Agent, KbProposal, ProposalStatus

TOP = 50
LIST_EXAMPLES = 20


@dataclass(frozen=True)
class MineReport:
    messages: int  # buyer messages read
    clusters: int  # recurring questions found
    proposed: int  # new proposals (after leaving out known questions)
    replaced: int  # earlier proposals still waiting, now replaced


def do_mine(
    db: Session,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    min_count: int = 3,
    top: int = TOP,
) -> MineReport:
    """Cluster the buyer questions of sessions opened from ``date_from`` to
    ``date_to`` (both included, in the shop's zone) and store the ``top`` most
    asked as proposals."""
    if date_from and date_to and date_from > date_to:
        raise BadInput("开始日期晚于结束日期", code="bad_period")
    zone = ZoneInfo(get_settings().shop_timezone)
    start = dt.datetime.combine(date_from, dt.time(0), tzinfo=zone) if date_from else None
    end = (
        dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
        if date_to
        else None
    )
    model = runtime.models().intent
    from kefu.bot import mining  # scikit-learn: loaded for mining, not at every start

    asked = mining.conversations(repository.conversation_rows(db, start=start, end=end))
    variants = mining.variant_pattern(repository.sku_values(db))
    clusters = mining.mine(asked, model.predict_normalized, min_count=min_count, variants=variants)
    known = repository.decided_questions(db) | {
        question for entry in repository.entries(db) for question in entry.questions
    }
    replaced = repository.delete_pending_proposals(db)
    fresh = [c for c in clusters if not known & set(c.questions)][:top]
    now = clock.now()
    for cluster in fresh:
        repository.add(
            db,
            KbProposal(
                id=new_id("kbp"),
                intent=cluster.intent,
                questions=cluster.questions,
                answer=cluster.answers[0] if cluster.answers else "",
                alternatives=cluster.answers[1:],
                message_ids=cluster.message_ids,
                count=cluster.count,
                sessions=cluster.sessions,
                status=ProposalStatus.proposed.value,
                created_at=now,
            ),
        )
    return MineReport(len(asked), len(clusters), len(fresh), replaced)


def do_mine_first_time(db: Session) -> MineReport | None:
    """Mine the whole history once, for a shop that has never mined (the demo, after its
    bot is trained), so the 推荐问答 tab opens with the shop's own questions; a shop that
    has proposals, waiting or decided, mines when its supervisor asks."""
    if repository.has_proposals(db):
        return None
    return do_mine(db)


def get(db: Session, proposal_id: str) -> KbProposal:
    return found(repository.proposal(db, proposal_id), "FAQ 建议不存在", code="proposal_not_found")


def page(
    db: Session,
    *,
    params: PageParams,
    status: str | None = None,
    intent: str | None = None,
    q: str | None = None,
) -> dict[str, Any]:
    """Proposals for the knowledge-base page, most asked first by default."""
    query = order_by(
        repository.proposals_query(status, intent, q),
        params.sort,
        {
            "count": KbProposal.count,
            "sessions": KbProposal.sessions,
            "created_at": KbProposal.created_at,
            "intent": KbProposal.intent,
        },
        [KbProposal.count.desc(), KbProposal.id],
    )
    rows, total = fetch_page(db, query, params)
    return paged([item(row, name, examples=LIST_EXAMPLES) for row, name in rows], total, params)


def item(
    row: KbProposal, decided_by_name: str | None = None, *, examples: int | None = None
) -> dict[str, Any]:
    """A proposal for people; ``examples`` caps the buyer message ids (a list
    page shows a few, the proposal itself all of them)."""
    return {
        "id": row.id,
        "intent": row.intent,
        "intent_name": INTENT_NAMES[row.intent],
        "answered_live": row.intent in LIVE_INTENTS,
        "questions": row.questions,
        "answer": row.answer,
        "alternatives": row.alternatives,
        "count": row.count,
        "sessions": row.sessions,
        "message_ids": row.message_ids[:examples],
        "status": row.status,
        "created_at": row.created_at,
        "decided_at": row.decided_at,
        "decided_by": row.decided_by,
        "decided_by_name": decided_by_name,
        "kb_entry_id": row.kb_entry_id,
    }


def do_edit(
    db: Session,
    *,
    row: KbProposal,
    intent: str | None = None,
    questions: list[str] | None = None,
    answer: str | None = None,
) -> KbProposal:
    """Change a waiting proposal before deciding on it."""
    _check_waiting(row)
    if intent is not None:
        if intent not in INTENT_IDS:
            raise BadInput(f"未知意图 {intent!r}", code="bad_intent")
        row.intent = intent
    if questions is not None:
        kept = [q.strip() for q in questions if q.strip()]
        if not kept:
            raise BadInput("至少需要一个问法", code="no_questions")
        row.questions = kept
    if answer is not None:
        row.answer = answer.strip()
    db.flush()
    return row


def do_accept(db: Session, *, row: KbProposal, agent: Agent) -> KbProposal:
    """The proposal becomes a FAQ entry (checked like any entry: an answer with
    an unknown ``{变量}`` is refused with the reason)."""
    _check_waiting(row)
    entry = kb.do_add(
        db, entry=kb.EntryIn(intent=row.intent, questions=row.questions, answer=row.answer)
    )
    row.kb_entry_id = entry.id
    return _decide(db, row, agent, ProposalStatus.accepted)


def do_reject(db: Session, *, row: KbProposal, agent: Agent) -> KbProposal:
    _check_waiting(row)
    return _decide(db, row, agent, ProposalStatus.rejected)


def _check_waiting(row: KbProposal) -> None:
    if row.status != ProposalStatus.proposed:
        raise Conflict("该建议已处理过", code="proposal_decided", status=row.status)


def _decide(db: Session, row: KbProposal, agent: Agent, status: ProposalStatus) -> KbProposal:
    row.status, row.decided_at, row.decided_by = status.value, clock.now(), agent.id
    db.flush()
    return row
