"""Login throttling (issue 17): wrong passwords are counted per account and per
address; past a few, each further try must wait longer (1 s, 2 s, 4 s, ...), and
then the account (or address) is locked until the lock runs out or a supervisor
lifts it. A try that comes too early is refused with 429 before any password is
hashed, and it is not counted; it is written to the audit log, as is each lock.

Addresses get more room than accounts: a shop's agents often share one office
address, and one agent's typing must not lock her colleagues out.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kefu.audit import service as audit
from kefu.kit.errors import TooManyRequests
from kefu.models import LoginThrottle
from kefu.team import repository


@dataclass(frozen=True)
class Policy:
    prefix: str
    free: int  # failures before any wait
    lock_at: int  # failures that lock


ACCOUNT = Policy("account:", free=5, lock_at=10)
ADDRESS = Policy("address:", free=20, lock_at=50)
QUIET = dt.timedelta(minutes=15)  # failures older than this are forgotten
LOCK_FOR = dt.timedelta(minutes=15)
MAX_DELAY_S = 300


def account_key(login: str) -> str:
    return ACCOUNT.prefix + login.strip().lower()


def _keys(login: str, address: str | None) -> list[tuple[Policy, str]]:
    keys = [(ACCOUNT, account_key(login))]
    if address:
        keys.append((ADDRESS, ADDRESS.prefix + address))
    return keys


def wait_seconds(row: LoginThrottle | None, policy: Policy, now: dt.datetime) -> float:
    """How long the next try must still wait (0: it may go)."""
    if row is None:
        return 0.0
    if row.locked_until is not None and row.locked_until > now:
        return (row.locked_until - now).total_seconds()
    if now - row.last_failure_at > QUIET or row.failures < policy.free:
        return 0.0
    delay = min(2 ** (row.failures - policy.free), MAX_DELAY_S)
    return max((row.last_failure_at + dt.timedelta(seconds=delay) - now).total_seconds(), 0.0)


@dataclass(frozen=True)
class Wait:
    seconds: int  # 0: the try may go on
    locked: bool

    def refusal(self) -> TooManyRequests:
        if self.locked:
            minutes = math.ceil(self.seconds / 60)
            reason = f"登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试或联系主管解除锁定"
            return TooManyRequests(reason, code="login_locked", retry_after=self.seconds)
        reason = f"登录失败次数过多，请 {self.seconds} 秒后再试"
        return TooManyRequests(reason, code="login_throttled", retry_after=self.seconds)


def check(db: Session, *, login: str, address: str | None, now: dt.datetime) -> Wait:
    """How long the caller must wait before trying; reads only."""
    keys = _keys(login, address)
    rows = repository.throttles(db, [key for _policy, key in keys])
    waits = [wait_seconds(rows.get(key), policy, now) for policy, key in keys]
    locked = any(is_locked(row, now) for row in rows.values())
    return Wait(seconds=math.ceil(max(waits)), locked=locked)


def do_refuse(db: Session, *, login: str, wait: Wait) -> None:
    """Record a try that came too early (the caller then raises ``wait.refusal()``)."""
    detail = {"login": login, "retry_after": wait.seconds, "locked": wait.locked}
    audit.do_record(
        db, action="login_throttled", actor_id=None, target=account_key(login), detail=detail
    )


def do_fail(db: Session, *, login: str, address: str | None, now: dt.datetime) -> None:
    """Count a wrong password against the account and the address; lock at the limit."""
    keys = _keys(login, address)
    rows = repository.throttles(db, [key for _policy, key in keys])
    for policy, key in keys:
        row = rows.get(key)
        if row is None:
            row = LoginThrottle(key=key, failures=0, last_failure_at=now)
            repository.add_throttle(db, row)
        elif now - row.last_failure_at > QUIET and not is_locked(row, now):
            row.failures, row.locked_until = 0, None
        row.failures += 1
        row.last_failure_at = now
        if row.failures >= policy.lock_at and not is_locked(row, now):
            row.locked_until = now + LOCK_FOR
            audit.do_record(
                db,
                action="login_locked",
                actor_id=None,
                target=key,
                detail={"failures": row.failures, "until": row.locked_until.isoformat()},
            )
    db.flush()


def is_locked(row: LoginThrottle, now: dt.datetime) -> bool:
    return row.locked_until is not None and row.locked_until > now


def do_forget(db: Session, *, login: str) -> None:
    """A right password: the account starts afresh (the address does not)."""
    repository.delete_throttle(db, account_key(login))


def do_unlock(db: Session, *, login: str, by_id: str) -> bool:
    """A supervisor lifts the account's lock; False when it had none."""
    lifted = repository.delete_throttle(db, account_key(login))
    if lifted:
        audit.do_record(db, action="login_unlocked", actor_id=by_id, target=account_key(login))
    return lifted


def locks(db: Session, *, logins: list[str], now: dt.datetime) -> dict[str, dt.datetime]:
    """Until when each of these accounts is locked (only those that are)."""
    found = repository.locked_throttles(db, [account_key(login) for login in logins], now=now)
    return {login: found[account_key(login)] for login in logins if account_key(login) in found}
