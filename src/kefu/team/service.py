"""Business rules for agents and logins. Never commits: the edge does."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kefu.kit import clock
from kefu.kit.errors import BadInput, Conflict, NotAuthenticated
from kefu.models import Agent, AgentGroup, AgentStatusChange, LoginSession
from kefu.models.team import AgentStatus, Role, StatusChangeReason
from kefu.team import repository
from kefu.team.security import hash_password, hash_token, new_token, verify_password

MIN_PASSWORD_LENGTH = 8


@dataclass(frozen=True)
class Login:
    """A fresh login: the token goes into the cookie and is never stored in clear."""

    token: str
    login_session: LoginSession


def do_change_status(
    db: Session,
    *,
    agent: Agent,
    status: AgentStatus,
    reason: StatusChangeReason,
    at: dt.datetime | None = None,
) -> bool:
    """The one way an agent's status changes: it is set and the change appended to the
    status log (在线时长 is counted from it). False when she already had that status."""
    if agent.status == status:
        return False
    agent.status = status.value
    repository.add_status_change(
        db,
        AgentStatusChange(
            agent_id=agent.id, status=status.value, at=at or clock.now(), reason=reason.value
        ),
    )
    return True


def status_changes(
    db: Session, *, agent_ids: list[str], start: dt.datetime, end: dt.datetime
) -> list[AgentStatusChange]:
    """The log between ``start`` and ``end``, oldest first, led for each agent by the last
    change before ``start`` (her status when the period began)."""
    return repository.status_changes(db, agent_ids, start=start, end=end)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadInput(f"密码至少 {MIN_PASSWORD_LENGTH} 位", code="weak_password")


def do_add_agent(
    db: Session,
    *,
    login: str,
    role: Role,
    password: str,
    name: str | None = None,
    group_id: str | None = None,
    max_concurrent: int = 8,
) -> Agent:
    """Create an agent who can log in. The login doubles as the agent id."""
    if repository.get_agent(db, login) or repository.get_agent_by_login(db, login):
        raise Conflict(f"客服账号 {login} 已存在", code="agent_exists")
    check_password_strength(password)
    if group_id is not None:
        ensure_group(db, group_id=group_id)
    agent = Agent(
        id=login,
        login=login,
        name=name or login,
        role=role.value,
        group_id=group_id,
        max_concurrent=max_concurrent,
        password_hash=hash_password(password),
        created_at=clock.now(),
    )
    repository.add(db, agent)
    return agent


def ensure_group(db: Session, *, group_id: str) -> AgentGroup:
    """The group, created on first use (售前组 and 售后组 exist before anyone joins them)."""
    group = repository.get_group(db, group_id)
    if group is None:
        group = AgentGroup(id=group_id, name=group_id)
        repository.add(db, group)
    return group


def do_set_password(db: Session, *, agent: Agent, password: str, login: str | None = None) -> None:
    """Give an agent (for example one that came from an import) a login and password."""
    check_password_strength(password)
    agent.password_hash = hash_password(password)
    agent.login = login or agent.login or agent.id
    db.flush()


def do_share_password(db: Session, *, agents: list[Agent], password: str) -> None:
    """One password for several accounts (the demo's), hashed once: Argon2 is slow on
    purpose, and the demo should not wait for fourteen hashes."""
    check_password_strength(password)
    shared = hash_password(password)
    for agent in agents:
        agent.password_hash = shared
        agent.login = agent.login or agent.id
    db.flush()


@dataclass(frozen=True)
class Credentials:
    """What a login needs to check a password, read before any hashing starts."""

    agent_id: str | None
    password_hash: str | None

    def match(self, password: str) -> bool:
        """Slow on purpose (Argon2): call it with no transaction open."""
        return verify_password(self.password_hash, password) and self.agent_id is not None


def credentials(db: Session, *, login: str) -> Credentials:
    agent = repository.get_agent_by_login(db, login)
    if agent is None or not agent.active:
        return Credentials(agent_id=None, password_hash=None)
    return Credentials(agent_id=agent.id, password_hash=agent.password_hash)


def do_login(db: Session, *, login: str, password: str, hours: int) -> Login:
    """Check the password and log in, in one transaction (the CLI, tests); the HTTP
    login hashes between transactions instead (team/endpoints.py)."""
    found = credentials(db, login=login)
    if not found.match(password):
        raise NotAuthenticated("账号或密码错误", code="bad_credentials")
    assert found.agent_id is not None
    return do_start_login(db, agent_id=found.agent_id, hours=hours)


def do_start_login(db: Session, *, agent_id: str, hours: int) -> Login:
    """A login for an agent whose password was just checked."""
    agent = repository.get_agent(db, agent_id)
    if agent is None or not agent.active:  # disabled meanwhile
        raise NotAuthenticated("账号或密码错误", code="bad_credentials")
    now = clock.now()
    repository.delete_expired_login_sessions(db, now=now)
    token = new_token()
    login_session = LoginSession(
        token_hash=hash_token(token),
        agent_id=agent.id,
        csrf_token=new_token(),
        created_at=now,
        expires_at=now + dt.timedelta(hours=hours),
    )
    login_session.agent = agent
    repository.add(db, login_session)
    agent.last_seen_at = now  # presence: 离开 unless a workbench opens soon (chat/presence.py)
    if agent.status == AgentStatus.offline:  # logging in is coming to work, as in 千牛
        do_change_status(
            db, agent=agent, status=AgentStatus.online, reason=StatusChangeReason.login, at=now
        )
    return Login(token=token, login_session=login_session)


def check_login_token(db: Session, *, token: str | None) -> LoginSession:
    """The live login behind a cookie token, or 401."""
    if not token:
        raise NotAuthenticated("请先登录")
    login_session = repository.get_login_session(db, hash_token(token), now=clock.now())
    if login_session is None or not login_session.agent.active:
        raise NotAuthenticated("登录已过期，请重新登录", code="session_expired")
    return login_session


def live_logins(db: Session, *, logins: set[str]) -> set[str]:
    """Which of these logins (token hashes) have not ended: a socket of an ended one closes."""
    return repository.live_login_hashes(db, logins, now=clock.now()) if logins else set()


def do_logout(db: Session, *, token: str) -> bool:
    """End the login; True when it was the agent's last, and she is now 离线 (the chat
    hands her unanswered buyers on: chat/presence.py)."""
    login_session = repository.get_login_session(db, hash_token(token), now=clock.now())
    last = (
        login_session is not None
        and repository.count_login_sessions(db, login_session.agent_id) == 1
    )
    if last:
        assert login_session is not None
        do_change_status(  # the last window closed
            db,
            agent=login_session.agent,
            status=AgentStatus.offline,
            reason=StatusChangeReason.logout,
        )
    repository.delete_login_session(db, hash_token(token))
    return last


def group_name(db: Session, *, group_id: str | None) -> str | None:
    group = db.get(AgentGroup, group_id) if group_id else None
    return group.name if group else None


def get_agent(db: Session, agent_id: str) -> Agent | None:
    return repository.get_agent(db, agent_id)


def names_of(db: Session, *, agent_ids: set[str]) -> dict[str, str]:
    """People's names for their ids, so pages never show a login id."""
    return repository.agent_names(db, agent_ids)


def list_agents(db: Session) -> list[Agent]:
    """Every agent, disabled ones too: past sessions and reports still name them."""
    return repository.list_agents(db)


def department_member_ids(db: Session, *, name: str) -> list[str]:
    """The people of a department (技术, 物流, 财务, 仓库; kept by the ticket desk) by its
    name; none if it has no people or does not exist."""
    department = repository.department_by_name(db, name)
    return list(department.member_ids) if department else []


def active_agent_ids(db: Session, *, roles: tuple[Role, ...]) -> list[str]:
    """The enabled people holding one of these roles: whom an alert concerns."""
    return repository.active_agent_ids(db, tuple(role.value for role in roles))
