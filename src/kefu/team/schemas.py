"""Shapes of the team domain's API."""

from __future__ import annotations

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
    csrf_token: str = Field(description="Send as X-CSRF-Token on every POST/PUT/PATCH/DELETE.")
    shop_name: str
    shop_timezone: str
