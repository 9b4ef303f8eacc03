"""The steps of an HTTP login, each a short unit of work; the password is checked
between them, with no transaction open (issue 17: each Argon2 hash used to hold
SQLite's write lock for ~100 ms, so wrong passwords slowed every writer)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kefu.kit import clock
from kefu.team import service, throttle
from kefu.team.schemas import AgentOut, LoginOut


def check(
    db: Session, *, login: str, address: str | None
) -> tuple[service.Credentials, throttle.Wait]:
    """Read what the check needs, and whether this try must wait; a try that must
    wait is recorded as refused in the same short transaction (the caller raises)."""
    wait = throttle.check(db, login=login, address=address, now=clock.now())
    if wait.seconds:
        throttle.do_refuse(db, login=login, wait=wait)
        return service.Credentials(agent_id=None, password_hash=None), wait
    return service.credentials(db, login=login), wait


def do_fail(db: Session, *, login: str, address: str | None) -> None:
    throttle.do_fail(db, login=login, address=address, now=clock.now())


def do_succeed(db: Session, *, login: str, agent_id: str, hours: int) -> tuple[str, LoginOut]:
    """The password was right: the account's count starts afresh, and she is logged in."""
    throttle.do_forget(db, login=login)
    started = service.do_start_login(db, agent_id=agent_id, hours=hours)
    out = LoginOut(
        agent=AgentOut.model_validate(started.login_session.agent),
        csrf_token=started.login_session.csrf_token,
    )
    return started.token, out
