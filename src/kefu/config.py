"""Process configuration (environment variables with the ``KEFU_`` prefix).

Shop rules that staff change at run time (working hours, cut-off) live in the
database; this is what an operator sets before the process starts.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from functools import cached_property, lru_cache
from pathlib import Path

from pydantic import Field, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The defaults of earlier versions, public in the source: anything signed with them
# can be forged by anyone, so a process configured with one refuses to start.
PUBLIC_SECRETS = frozenset({"kefu-development-secret-change-me", "kefu-shop-secret-change-me"})
SECRETS_FILE = "secrets.json"
PBX_TOKEN_FILE = "pbx_token"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KEFU_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///./kefu.db"
    shop_timezone: str = "Asia/Shanghai"
    shop_name: str = "小店"
    redis_url: str | None = None
    # Signs buyer tokens and survey links. Unset: a random one kept in data_dir (signing_key).
    secret_key: str | None = Field(default=None, min_length=16)
    # Shared with the shop's own site, which signs the ids of logged-in buyers (shop_key).
    shop_secret: str | None = Field(default=None, min_length=16)
    # The token a PBX or cloud call centre sends with its call events (docs/pbx.md).
    # Unset: a random one kept in data_dir (pbx_key; `kefu hotline pbx-token` shows it).
    pbx_token: str | None = Field(default=None, min_length=16)
    buyer_token_days: int = 30
    data_dir: Path = Path("./var")
    # Review corpora the bot's sentiment model learns from (kefu bot train).
    corpus_dir: Path = Path("../shared/data")
    max_image_bytes: int = 5 * 1024 * 1024
    max_recording_bytes: int = 60 * 1024 * 1024  # a call recording (api/limits.py allows 64 MiB)
    smtp_listen: str | None = None  # "127.0.0.1:2525" to receive mail
    smtp_relay: str | None = None  # "smtp.example.com:25" to send replies
    service_address: str = "kefu@shop.example"
    cookie_secure: bool = False
    # Anonymous visitors (POST /api/v1/chat/visitor) one address may create per minute.
    visitors_per_minute: int = Field(default=60, gt=0)
    # Pages one widget visitor (viewer id) may report per minute (POST /api/v1/page-views).
    page_views_per_minute: int = Field(default=30, gt=0)
    # Who may frame the buyer's chat page (widget.js on the shop's pages): a CSP
    # frame-ancestors source list, e.g. "https://shop.example https://*.shop.example".
    # Every other page may be framed by nobody.
    chat_frame_ancestors: str = "*"
    login_session_hours: int = 12
    # The Argon2id cost of a password hash made from now on (a stored hash keeps its own):
    # argon2-cffi's defaults, RFC 9106's low-memory profile, about 0.1 s on one core. A test
    # run lowers them, since its logins need not resist guessing (tests/conftest.py).
    password_hash_time_cost: int = Field(default=3, ge=1)
    password_hash_memory_kib: int = Field(default=65_536, ge=64)
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

    @field_validator("secret_key", "shop_secret", "pbx_token")
    @classmethod
    def _not_public(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value in PUBLIC_SECRETS:
            raise ValueError(
                f"KEFU_{(info.field_name or '').upper()} is the old public default from the "
                "source code, so anyone can forge signatures with it; unset it (Kefu then "
                f"generates a random one in KEFU_DATA_DIR/{SECRETS_FILE}) or set a random value"
            )
        return value

    @cached_property
    def signing_key(self) -> str:
        """``secret_key``, else the one generated on first start."""
        return self.secret_key or stored_secrets(self.data_dir)["secret_key"]

    @cached_property
    def shop_key(self) -> str:
        """``shop_secret``, else the one generated on first start (copy it to the shop's site)."""
        return self.shop_secret or stored_secrets(self.data_dir)["shop_secret"]

    @cached_property
    def pbx_key(self) -> str:
        """``pbx_token``, else the one generated on first use (configure it in the PBX)."""
        return self.pbx_token or stored_pbx_token(self.data_dir)


def stored_secrets(data_dir: Path) -> dict[str, str]:
    """The secrets kept in ``data_dir`` (mode 600), generated on the first call."""
    fresh = {name: secrets.token_urlsafe(48) for name in ("secret_key", "shop_secret")}
    return json.loads(_create_once(data_dir / SECRETS_FILE, json.dumps(fresh)))


def stored_pbx_token(data_dir: Path) -> str:
    """The PBX token kept in ``data_dir`` (its own file, so data folders made before the
    hotline desk get one without their other secrets being rewritten)."""
    return _create_once(data_dir / PBX_TOKEN_FILE, secrets.token_urlsafe(32)).strip()


def _create_once(path: Path, text: str) -> str:
    """The file's text, written with ``text`` (mode 600) if it does not exist yet.

    Several processes may start at once on one data folder: the file appears whole
    (written aside, then linked into place), and a process that loses the race
    reads the winner's text instead of writing its own."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        aside = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(text)
        try:
            os.link(aside, path)
        except FileExistsError:
            pass
        finally:
            aside.unlink()
    return path.read_text()


@lru_cache
def get_settings() -> Settings:
    return Settings()
