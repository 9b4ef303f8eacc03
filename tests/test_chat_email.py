"""The email channel with real SMTP servers on loopback (issue "Live chat" §6): Kefu's
own listener receives the buyer's mail; a second aiosmtpd server plays the relay
that the agent's reply goes out through."""

from __future__ import annotations

import smtplib
import time
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests import live
from tests.conftest import Sink
from tests.test_chat_protocol import prepared_database

pytestmark = pytest.mark.slow


def mail(
    *,
    sender: str,
    to: str,
    subject: str,
    body: str,
    message_id: str,
    in_reply_to: str | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"], message["Message-ID"] = (
        sender,
        to,
        subject,
        message_id,
    )
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    message.set_content(body)
    return message


def test_mail_threads_into_a_session_and_the_reply_goes_out(
    tmp_path: Path, relay: tuple[Sink, int]
) -> None:
    sink, relay_port = relay
    listen_port = live.free_port()
    url = prepared_database(tmp_path)
    env = {
        "KEFU_SMTP_LISTEN": f"127.0.0.1:{listen_port}",
        "KEFU_SMTP_RELAY": f"127.0.0.1:{relay_port}",
        "KEFU_SERVICE_ADDRESS": "kefu@shop.example",
    }
    with live.live_server(url, tmp_path, **env) as server:
        boss = live.login(server, "boss")
        boss.put("/api/v1/shop/settings/working_hours", json={"value": "00:00-23:59"})
        with smtplib.SMTP("127.0.0.1", listen_port) as smtp:
            smtp.send_message(
                mail(
                    sender="李娜 <lina@example.com>",
                    to="kefu@shop.example",
                    subject="羽绒服尺码",
                    body="你好，165cm 110斤穿什么码？",
                    message_id="<q1@example.com>",
                )
            )
            with pytest.raises(smtplib.SMTPRecipientsRefused):
                smtp.send_message(
                    mail(
                        sender="x@example.com",
                        to="someone@else.example",
                        subject="spam",
                        body="hi",
                        message_id="<spam@example.com>",
                    )
                )

        mei_http = live.login(server, "mei")
        sessions = [
            s for s in mei_http.get("/api/v1/chat/sessions").json() if s["channel"] == "email"
        ]
        assert len(sessions) == 1
        session_id = sessions[0]["id"]
        texts = [
            m["text"] for m in mei_http.get(f"/api/v1/chat/sessions/{session_id}/messages").json()
        ]
        assert texts[0] == "你好，165cm 110斤穿什么码？"

        mei = live.agent(server, mei_http.cookies["kefu_session"])
        mei.send(type="send", session_id=session_id, client_id="mail-r1", text="您好，建议您选M码")
        mei.expect("ack")
        [reply] = sink.wait_for(1)
        assert reply["To"] == "lina@example.com"
        assert reply["Subject"] == "Re: 羽绒服尺码"
        assert reply["In-Reply-To"] == "<q1@example.com>"
        assert reply.get_content().strip() == "您好，建议您选M码"

        with smtplib.SMTP("127.0.0.1", listen_port) as smtp:
            smtp.send_message(
                mail(
                    sender="lina@example.com",
                    to="kefu@shop.example",
                    subject="Re: 羽绒服尺码",
                    body="好的谢谢\n\nOn Mon, Kefu wrote:\n> 您好，建议您选M码",
                    message_id="<q2@example.com>",
                    in_reply_to=reply["Message-ID"],
                )
            )
        messages = mei_http.get(f"/api/v1/chat/sessions/{session_id}/messages").json()
        assert [m["text"] for m in messages if m["from"] == "buyer"] == [
            "你好，165cm 110斤穿什么码？",
            "好的谢谢",
        ]
        time.sleep(2.5)  # one more round of the sending loop: nothing is sent twice
        assert len(sink.mails) == 1
