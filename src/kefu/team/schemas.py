"""Shapes of the team domain's API."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from kefu.models.team import Role


class LoginIn(BaseModel):
    login: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class AgentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    role: Role
    group_id: str | None
    status: str
    max_concurrent: int
    login: str | None


class LoginOut(BaseModel):
    agent: AgentOut
    csrf_token: str = Field(description="Send as X-CSRF-Token on every POST/PUT/PATCH/DELETE.")


class MeOut(AgentOut):
    role_label: str
    group_name: str | None
    led_group_names: list[str] = Field(description="The groups a lead leads (empty for others).")
    csrf_token: str = Field(description="Send as X-CSRF-Token on every POST/PUT/PATCH/DELETE.")
    shop_name: str
    shop_timezone: str


LOGIN_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.@-]*$"


class AgentIn(BaseModel):
    """A new agent; without a password one is generated and shown once."""

    login: str = Field(min_length=2, max_length=64, pattern=LOGIN_PATTERN)
    name: str | None = Field(default=None, min_length=1, max_length=32)
    role: Role
    group_id: str | None = Field(default=None, max_length=64)
    max_concurrent: int = Field(default=8, ge=1, le=50)
    password: str | None = Field(default=None, min_length=8, max_length=256)


class AgentPatch(BaseModel):
    """Only the fields sent change; ``group_id: null`` takes the agent out of her group."""

    name: str | None = Field(default=None, min_length=1, max_length=32)
    role: Role | None = None
    group_id: str | None = Field(default=None, max_length=64)
    max_concurrent: int | None = Field(default=None, ge=1, le=50)
    active: bool | None = None


class AgentRow(BaseModel):
    """One line of the supervisor's agent list: names and labels ready to show."""

    id: str
    login: str | None
    name: str
    role: Role
    role_label: str
    group_id: str | None
    group_name: str | None
    status: str
    status_label: str
    max_concurrent: int
    active: bool
    created_at: dt.datetime | None
    locked_until: dt.datetime | None = None  # login locked after wrong passwords


class UnlockOut(BaseModel):
    unlocked: bool  # False: the account had no lock


class NewAgentOut(BaseModel):
    agent: AgentRow
    password: str | None = Field(
        description="The generated initial password, shown this once; null if you chose it."
    )


class PasswordIn(BaseModel):
    password: str | None = Field(default=None, min_length=8, max_length=256)


class PasswordOut(BaseModel):
    password: str | None = Field(
        description="The new random password, shown this once; null if you chose it."
    )


class GroupIn(BaseModel):
    name: str = Field(min_length=1, max_length=32)
    lead_ids: list[str] | None = Field(
        default=None,
        max_length=20,
        description="Agents with a lead role who lead the group; null leaves them as they are.",
    )


class LeadRef(BaseModel):
    id: str
    name: str


class GroupRow(BaseModel):
    id: str
    name: str
    agents: int = Field(description="Agents in the group, disabled ones included.")
    active_agents: int
    online_agents: int
    routing: str | None = Field(description="售前 or 售后 when the shop routes chats to it.")
    leads: list[LeadRef] = Field(default_factory=list, description="组长/主管 of the group.")
