"""Process configuration (environment variables with the ``KEFU_`` prefix).

Shop rules that staff change at run time (working hours, cut-off) live in the
database; this is what an operator sets before the process starts.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KEFU_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///./kefu.db"
    shop_timezone: str = "Asia/Shanghai"
    shop_name: str = "小店"
    cookie_secure: bool = False
    login_session_hours: int = 12
    host: str = "127.0.0.1"
    port: int = 8000


@lru_cache
def get_settings() -> Settings:
    return Settings()
