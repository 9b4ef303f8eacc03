"""Keeping KPI summaries: a closed or imported session's summary is written once
from its append-only rows; reports then add summaries up instead of messages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict

from sqlalchemy.orm import Session

from kefu.kpi import repository
from kefu.kpi.engine import summarize


def do_refresh(db: Session, *, session_ids: Iterable[str]) -> int:
    """(Re)write the summaries of these sessions; returns how many."""
    ids = sorted(set(session_ids))
    for first in range(0, len(ids), repository.CHUNK):
        _refresh_chunk(db, ids[first : first + repository.CHUNK])
    return len(ids)


def do_rebuild_all(db: Session, *, progress: Callable[[int], None] | None = None) -> int:
    """Summaries for every session (after loading history by other means)."""
    done, chunk = 0, []
    for session_id in list(repository.all_session_ids(db)):
        chunk.append(session_id)
        if len(chunk) >= repository.CHUNK:
            _refresh_chunk(db, chunk)
            done, chunk = done + len(chunk), []
            if progress:
                progress(done)
    if chunk:
        _refresh_chunk(db, chunk)
        done += len(chunk)
    return done


def _refresh_chunk(db: Session, ids: list[str]) -> None:
    facts = repository.session_facts(db, ids)
    handed = repository.handed_among(db, ids)
    said: dict[str, list[tuple[str, str | None, object]]] = {session_id: [] for session_id in facts}
    for row in repository.messages_of_sessions(db, ids):
        said[row.session_id].append((row.sender, row.agent_id, row.at))
    rows, agent_rows = [], []
    for session_id, (customer, opened_at) in facts.items():
        summary = summarize(session_id, customer, said[session_id], handed=session_id in handed)  # type: ignore[arg-type]
        row = asdict(summary)
        parts = row.pop("agents")
        rows.append({**row, "opened_at": opened_at})
        agent_rows.extend(
            {
                **part,
                "session_id": session_id,
                "opened_at": opened_at,
                "customer_id": customer,
                "buyer_messages": summary.buyer_messages,
            }
            for part in parts
        )
    repository.replace_summaries(db, rows, agent_rows)
