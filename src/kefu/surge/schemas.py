"""What the surge API answers."""

from __future__ import annotations

from pydantic import BaseModel


class GroupLoad(BaseModel):
    group_id: str
    waiting: int
    agents_online: int
    capacity: int  # chats the online agents can hold at once (surge limit while on)
    handle_seconds: int  # average of the group's latest chats, person taking → end
    next_wait_seconds: int  # what a buyer joining the queue now would be told


class SurgeOut(BaseModel):
    on: bool
    refresh_seconds: int  # how often the dashboard and the surge page refresh
    handoff_below: float
    max_concurrent: int
    overflow_group: str | None
    groups: list[GroupLoad]


class SwitchIn(BaseModel):
    on: bool
