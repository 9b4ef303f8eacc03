"""Buyer identity without accounts.

A buyer is either an anonymous visitor or a customer the shop vouches for. The
shop's own site signs ``customer_id|expires`` with the shared ``shop_secret``
(HMAC-SHA256, hex); Kefu checks it and hands the browser a buyer token of its
own, signed with ``secret_key``, which every buyer request and WebSocket carries.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

from kefu.config import get_settings
from kefu.kit.errors import NotAuthenticated
from kefu.kit.text import same_secret

TOKEN_VERSION = "b1"


def _sign(key: str, message: str) -> str:
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def shop_signature(customer_id: str, expires: int, shop_secret: str | None = None) -> str:
    """What the shop's site computes; documented in docs/protocol.md."""
    return _sign(shop_secret or get_settings().shop_key, f"{customer_id}|{expires}")


def check_shop_signature(
    customer_id: str, expires: int, signature: str, *, now: float | None = None
) -> None:
    if expires < (now if now is not None else time.time()):
        raise NotAuthenticated("身份签名已过期", code="signature_expired")
    if not same_secret(shop_signature(customer_id, expires), signature.lower()):
        raise NotAuthenticated("身份签名无效", code="bad_signature")


def issue_buyer_token(customer_id: str, *, now: float | None = None) -> str:
    settings = get_settings()
    expires = int((now if now is not None else time.time()) + settings.buyer_token_days * 86400)
    encoded = base64.urlsafe_b64encode(customer_id.encode()).decode().rstrip("=")
    payload = f"{TOKEN_VERSION}.{encoded}.{expires}"
    return f"{payload}.{_sign(settings.signing_key, payload)}"


def check_buyer_token(token: str | None, *, now: float | None = None) -> str:
    """The customer id inside a valid buyer token, or 401."""
    if not token:
        raise NotAuthenticated("缺少买家令牌", code="no_buyer_token")
    parts = token.split(".")
    well_formed = len(parts) == 4 and parts[0] == TOKEN_VERSION
    if not (well_formed and parts[2].isascii() and parts[2].isdigit()):
        raise NotAuthenticated("买家令牌无效", code="bad_buyer_token")
    payload, signature = ".".join(parts[:3]), parts[3]
    if not same_secret(_sign(get_settings().signing_key, payload), signature):
        raise NotAuthenticated("买家令牌无效", code="bad_buyer_token")
    if int(parts[2]) < (now if now is not None else time.time()):
        raise NotAuthenticated("买家令牌已过期", code="buyer_token_expired")
    padded = parts[1] + "=" * (-len(parts[1]) % 4)
    return base64.urlsafe_b64decode(padded).decode()
