"""Sending one mail through the SMTP relay set in the settings (``host:port``)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage


def send(relay: str, mail: EmailMessage) -> None:
    host, _, port = relay.partition(":")
    with smtplib.SMTP(host, int(port or 25), timeout=10) as smtp:
        smtp.send_message(mail)
