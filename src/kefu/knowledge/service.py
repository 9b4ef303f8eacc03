"""Quick phrases (快捷短语): team phrases and an agent's own."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kefu.kit.ids import new_id
from kefu.knowledge import repository
from kefu.models import QuickPhrase


def phrases_for(session: Session, *, agent_id: str) -> list[QuickPhrase]:
    return repository.phrases_for(session, agent_id)


def do_add_phrase(
    session: Session,
    *,
    text: str,
    shortcut: str | None = None,
    group_name: str | None = None,
    owner_id: str | None = None,
) -> QuickPhrase:
    phrase = QuickPhrase(
        id=new_id("qp"), text=text, shortcut=shortcut, group_name=group_name, owner_id=owner_id
    )
    repository.add(session, phrase)
    return phrase
