"""Password hashing (Argon2id via argon2-cffi) and opaque login tokens."""

from __future__ import annotations

import hashlib
import secrets
from contextlib import suppress
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kefu.config import get_settings
from kefu.kit.text import same_secret


@cache
def _hasher() -> PasswordHasher:
    """Made on first use, with the process's cost settings (read once)."""
    settings = get_settings()
    return PasswordHasher(
        time_cost=settings.password_hash_time_cost,
        memory_cost=settings.password_hash_memory_kib,
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        # Spend the same time as a real check so logins don't reveal who has a password.
        _dummy_verify()
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _dummy_verify() -> None:
    with suppress(VerificationError):
        _hasher().verify(_dummy_hash(), "not the password")


@cache
def _dummy_hash() -> str:
    return _hasher().hash("a password nobody has")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_match(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and same_secret(str(a), str(b))


def new_password() -> str:
    """A random password (12 characters), shown once to the supervisor who set it."""
    return secrets.token_urlsafe(9)  # 12 characters
