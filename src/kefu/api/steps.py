"""One step on a case over HTTP, the same for every case page (parcels, service orders,
tickets, platform claims): load the case, let the service take the step with the body's
fields, answer with the case as it is now. The domains name their case and actor arguments
differently (``case``/``author``, ``service``/``actor``, ...), so each says which."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from kefu.models import Agent

Step = Callable[[Session, Agent, str, Callable[..., Any], BaseModel], dict[str, Any]]


def case_steps(
    *,
    get: Callable[[Session, str], Any],
    detail: Callable[..., dict[str, Any]],
    case: str,
    actor: str,
) -> Step:
    """``step(db, agent, case_id, do, body)``: ``do(db, <case>=…, <actor>=agent, **body)``,
    then ``detail(db, <case>=…, agent=agent)``."""

    def step(
        db: Session, agent: Agent, case_id: str, do: Callable[..., Any], body: BaseModel
    ) -> dict[str, Any]:
        row = do(db, **{case: get(db, case_id), actor: agent}, **dict(body))
        return detail(db, **{case: row}, agent=agent)

    return step
