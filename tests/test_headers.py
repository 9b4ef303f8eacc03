"""Security headers (CSP without inline scripts, framing, referrer) and tokens kept out of logs."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kefu.api.headers import keep_secrets_out_of_logs
from kefu.config import get_settings
from kefu.web import spa
from tests.app_browser import DIST

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def csp(client: TestClient, path: str) -> dict[str, str]:
    header = client.get(path).headers["content-security-policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


class TestContentSecurityPolicy:
    @pytest.mark.parametrize("path", ["/", "/settings", "/healthz", "/docs", "/api/v1/auth/me"])
    def test_pages_and_api_allow_only_this_servers_scripts(
        self, client: TestClient, path: str
    ) -> None:
        policy = csp(client, path)
        assert policy["script-src"] == "script-src 'self'"
        assert policy["object-src"] == "object-src 'none'"

    @pytest.mark.parametrize("path", ["/", "/login", "/survey/sv1", "/docs", "/api/v1/auth/me"])
    def test_the_workbench_cannot_be_framed(self, client: TestClient, path: str) -> None:
        assert csp(client, path)["frame-ancestors"] == "frame-ancestors 'none'"

    def test_only_the_buyer_chat_page_may_be_framed_by_the_shops_domains(
        self, client: TestClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        assert csp(client, "/chat")["frame-ancestors"] == "frame-ancestors *"
        monkeypatch.setenv("KEFU_CHAT_FRAME_ANCESTORS", "https://shop.example")
        get_settings.cache_clear()
        try:
            framed = csp(client, "/chat")["frame-ancestors"]
        finally:
            monkeypatch.undo()
            get_settings.cache_clear()
        assert framed == "frame-ancestors https://shop.example"

    def test_referrer_policy(self, client: TestClient) -> None:
        response = client.get("/chat")
        assert response.headers["referrer-policy"] == "same-origin"
        assert response.headers["x-content-type-options"] == "nosniff"

    def test_the_api_docs_run_no_inline_script(self, client: TestClient) -> None:
        page = client.get("/docs").text
        tags = SCRIPT_TAG.findall(page)
        assert len(tags) == 2 and all("src=" in tag for tag in tags)
        assert "<script>" not in page
        start = client.get("/docs/start.js")
        assert start.headers["content-type"].startswith("text/javascript")
        assert "SwaggerUIBundle(" in start.text

    @pytest.mark.parametrize("name", ["index.html", "chat.html", "survey.html"])
    def test_built_pages_have_no_inline_scripts(self, name: str) -> None:
        path = Path(spa.DIST_DIR) / name
        if not DIST.exists():
            pytest.skip("the app is not built (make web)")
        tags = SCRIPT_TAG.findall(path.read_text("utf-8"))
        assert tags and all("src=" in tag for tag in tags)
        assert not re.search(r"\son[a-z]+=", path.read_text("utf-8"))  # no inline handlers


@pytest.fixture
def access_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    keep_secrets_out_of_logs()
    with caplog.at_level(logging.INFO):
        yield caplog


class TestLogs:
    def test_buyer_tokens_are_kept_out_of_the_access_log(
        self, access_log: pytest.LogCaptureFixture
    ) -> None:
        token = "b1.dGJfYzE.1893456000.0123abcd"
        logging.getLogger("uvicorn.access").info(
            '%s - "%s %s HTTP/%s" %d',
            "127.0.0.1:5000",
            "GET",
            f"/api/v1/chat/images/a1?token={token}&x=1",
            "1.1",
            200,
        )
        logging.getLogger("uvicorn.error").info(
            '%s - "WebSocket %s" [accepted]', "127.0.0.1:5001", f"/ws/buyer?token={token}"
        )
        logging.getLogger("uvicorn.access").info(
            '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5002", "GET", "/survey/sv1?sig=abcdef", "1.1", 200
        )
        text = access_log.text
        assert token not in text and "abcdef" not in text
        assert "token=[redacted]&x=1" in text and "/ws/buyer?token=[redacted]" in text
        assert "/survey/sv1?sig=[redacted]" in text
