"""Agents, their groups, and their login sessions."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kefu.models.base import ID_LENGTH, Base, fk, id_column, ref_column


class Role(StrEnum):
    """Role ids from service-standard.md; the Chinese term is what the UI shows."""

    presale = "presale"
    aftersale = "aftersale"
    order_review = "order_review"
    refund_review = "refund_review"
    qc = "qc"
    hotline = "hotline"
    supervisor = "supervisor"
    team_lead = "team_lead"
    presale_lead = "presale_lead"
    aftersale_lead = "aftersale_lead"
    qc_lead = "qc_lead"
    hotline_lead = "hotline_lead"


ROLE_LABELS: dict[Role, str] = {
    Role.presale: "售前客服",
    Role.aftersale: "售后客服",
    Role.order_review: "审单",
    Role.refund_review: "退款审核",
    Role.qc: "质检",
    Role.hotline: "热线",
    Role.supervisor: "主管",
    Role.team_lead: "组长",
    Role.presale_lead: "售前主管",
    Role.aftersale_lead: "售后主管",
    Role.qc_lead: "质检主管",
    Role.hotline_lead: "热线主管",
}

# Leads manage the people of the groups they lead (GroupLead); the supervisor manages all.
LEAD_ROLES = (
    Role.team_lead,
    Role.presale_lead,
    Role.aftersale_lead,
    Role.qc_lead,
    Role.hotline_lead,
)
MANAGER_ROLES = (Role.supervisor, *LEAD_ROLES)

# The desks a lead works beside managing her people, as the 热线主管 works the hotline's: the
# 售后主管 assigns refunds to her people, so she must see them; the 质检主管 decides QC
# proposals and reviews what her inspectors do; the 售前主管 follows up inquiries; the 热线主管
# works the complaints, repairs, parcels and claims her people take by phone.
AFTERSALE_DESK = (Role.aftersale, Role.aftersale_lead)
QC_DESK = (Role.qc, Role.qc_lead)
PRESALE_DESK = (Role.presale, Role.presale_lead)
HOTLINE_DESK = (Role.hotline, Role.hotline_lead)


# The roles that talk to buyers: they use the workbench and see customers.
SERVICE_ROLES = (
    Role.presale,
    Role.aftersale,
    Role.hotline,
    Role.supervisor,
    Role.order_review,
    Role.refund_review,
    Role.team_lead,
    Role.presale_lead,
    Role.aftersale_lead,
    Role.hotline_lead,
)


class AgentStatus(StrEnum):
    online = "online"
    busy = "busy"
    away = "away"
    offline = "offline"


class AgentGroup(Base):
    __tablename__ = "agent_groups"

    id: Mapped[str] = id_column()
    name: Mapped[str]


class GroupLead(Base):
    """Who leads a group: a group may have a 组长 and a 售前/售后主管 above it, and one lead
    may lead several groups."""

    __tablename__ = "group_leads"

    group_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), fk("agent_groups.id"), primary_key=True
    )
    agent_id: Mapped[str] = mapped_column(String(ID_LENGTH), fk("agents.id"), primary_key=True)


class Agent(Base):
    __tablename__ = "agents"

    id: Mapped[str] = id_column()
    name: Mapped[str]
    role: Mapped[str] = mapped_column(String(32))
    group_id: Mapped[str | None] = ref_column("agent_groups.id", nullable=True)
    status: Mapped[str] = mapped_column(String(16), default=AgentStatus.offline)
    max_concurrent: Mapped[int] = mapped_column(Integer, default=8)
    login: Mapped[str | None] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str | None]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime | None]
    # Presence (chat/presence.py): when a workbench socket of hers last showed life,
    # and whether 离开 was set because her last socket closed (reopening restores 在线).
    last_seen_at: Mapped[dt.datetime | None]
    auto_away: Mapped[bool] = mapped_column(default=False)

    group: Mapped[AgentGroup | None] = relationship(lazy="raise")


class StatusChangeReason(StrEnum):
    """Why a status changed: her own switch, presence (closed tab, back again), a login or
    logout, or her account was disabled or logged out everywhere."""

    switch = "switch"
    auto = "auto"
    login = "login"
    logout = "logout"
    ended = "ended"


class AgentStatusChange(Base):
    """Append-only: every change of an agent's status (在线/忙碌/离开/离线), for 在线时长 and
    for what a lead sees of her day. Never updated or deleted."""

    __tablename__ = "agent_status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agent_id: Mapped[str] = ref_column("agents.id")
    status: Mapped[str] = mapped_column(String(16))
    at: Mapped[dt.datetime]
    reason: Mapped[str] = mapped_column(String(16))


class LoginSession(Base):
    """A server-side login: the cookie holds a random token, the table its hash.

    Server-side so that logging out (or disabling an agent) ends the session at once.
    """

    __tablename__ = "login_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    agent_id: Mapped[str] = ref_column("agents.id")
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]

    agent: Mapped[Agent] = relationship(lazy="raise")
