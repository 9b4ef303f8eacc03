"""Process configuration (environment variables with the ``KEFU_`` prefix).

Shop rules that staff change at run time (working hours, cut-off) live in the
database; this is what an operator sets before the process starts.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KEFU_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///./kefu.db"
    shop_timezone: str = "Asia/Shanghai"
    shop_name: str = "小店"
    redis_url: str | None = None
    # Signs buyer tokens. Set a long random value in production.
    secret_key: str = Field(default="kefu-development-secret-change-me", min_length=16)
    # Shared with the shop's own site, which signs the ids of logged-in buyers.
    shop_secret: str = Field(default="kefu-shop-secret-change-me", min_length=16)
    buyer_token_days: int = 30
    data_dir: Path = Path("./var")
    # Review corpora the bot's sentiment model learns from (kefu bot train).
    corpus_dir: Path = Path("../shared/data")
    max_image_bytes: int = 5 * 1024 * 1024
    smtp_listen: str | None = None  # "127.0.0.1:2525" to receive mail
    smtp_relay: str | None = None  # "smtp.example.com:25" to send replies
    service_address: str = "kefu@shop.example"
    cookie_secure: bool = False
    login_session_hours: int = 12
    # Presence (chat/presence.py): an agent whose last workbench socket closed is
    # 离开 after this many seconds unless one reopens; a socket that sends nothing
    # (not even a ``ping``) for ``presence_idle_seconds`` is closed as if she had left.
    presence_grace_seconds: float = Field(default=30.0, gt=0)
    presence_idle_seconds: float = Field(default=120.0, gt=0)
    # Run the scheduler (proactive tasks) inside `kefu serve`; switch off where a
    # separate `kefu worker` runs it.
    scheduler: bool = True
    # Where buyers reach this server: links in survey messages and emails.
    public_url: str = "http://127.0.0.1:8000"
    host: str = "127.0.0.1"
    port: int = 8000
    # Tests only: the server's clock starts at this instant and ticks on (kit.clock.ShiftedClock).
    clock_start: dt.datetime | None = None


@lru_cache
def get_settings() -> Settings:
    return Settings()
