"""Sending one mail through the SMTP relay set in the settings (``host:port``)."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

TIMEOUT_S = 10


def send(relay: str, mail: EmailMessage, *, to: list[str] | None = None) -> None:
    """Hand ``mail`` to the relay (to ``to`` if given, else its To/Cc); raises on failure."""
    host, _, port = relay.partition(":")
    with smtplib.SMTP(host, int(port or 25), timeout=TIMEOUT_S) as smtp:
        smtp.send_message(mail, to_addrs=to)


@dataclass(frozen=True)
class Outcome:
    """How one delivery went: sent, refused for good (an SMTP 5xx), or worth a retry."""

    sent: bool
    permanent: bool = False
    reason: str = ""


def deliver(relay: str, mail: EmailMessage, recipient: str) -> Outcome:
    """Send ``mail`` to one recipient and say how it went, never raising for the
    relay's answer: a 5xx is final, anything else (4xx, relay down) may pass."""
    try:
        send(relay, mail, to=[recipient])
    except smtplib.SMTPRecipientsRefused as refused:
        code, message = next(iter(refused.recipients.values()))
        return _refused(code, message)
    except smtplib.SMTPResponseException as error:
        return _refused(error.smtp_code, error.smtp_error)
    except (OSError, smtplib.SMTPException) as error:
        return Outcome(sent=False, reason=f"{type(error).__name__}: {error}"[:500])
    return Outcome(sent=True)


def _refused(code: int, message: bytes | str) -> Outcome:
    text = message.decode(errors="replace") if isinstance(message, bytes) else message
    return Outcome(sent=False, permanent=500 <= code < 600, reason=f"{code} {text}"[:500])
