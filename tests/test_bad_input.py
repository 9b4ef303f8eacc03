"""Text no database can store, signatures in any script, and endless visitors: each a
4xx that names the problem, never a 500 (issue 17's smaller findings)."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from kefu.api.buyer_auth import check_buyer_token
from kefu.care import surveys
from kefu.kit.errors import BadInput, NotAuthenticated
from kefu.kit.rate import RateLimit
from kefu.kit.text import same_secret, unstorable_field
from kefu.messaging import service
from kefu.models.team import Role
from tests.factories import add_agent, login

JSON = {"content-type": "application/json"}


def post_raw(client: TestClient, path: str, body: bytes) -> dict[str, object]:
    response = client.post(path, content=body, headers=JSON)
    assert response.status_code == 422, response.text
    return response.json()


class TestSignatures:
    def test_non_ascii_signature_in_buyer_handshake_is_401(self, client: TestClient) -> None:
        expires = int(time.time()) + 600
        body = {"customer_id": "tb_c1", "expires": expires, "sig": "签名" * 32}
        response = client.post("/api/v1/chat/identify", json=body)
        assert response.status_code in (401, 422), response.text
        assert response.json()["code"] in ("bad_signature", "invalid_input")

    @pytest.mark.parametrize("token", ["b1.eA.1893456000.签名", "b1.eA.１２.abc", "b1.eA.x.abc"])
    def test_non_ascii_or_malformed_buyer_token_is_401(
        self, client: TestClient, token: str
    ) -> None:
        with pytest.raises(NotAuthenticated):
            check_buyer_token(token)
        response = client.get(
            "/api/v1/chat/my-messages", headers={"Authorization": f"Bearer {token}".encode()}
        )
        assert response.status_code == 401

    def test_non_ascii_survey_signature_is_403(self, client: TestClient) -> None:
        response = client.get("/api/v1/surveys/sv_none", params={"sig": "签名"})
        assert response.status_code in (403, 404)
        assert not same_secret(surveys.signature("sv1"), "签名")

    def test_non_ascii_csrf_token_is_403(self, client: TestClient, session: Session) -> None:
        add_agent(session, "boss", Role.supervisor)
        session.commit()
        login(client, "boss")
        response = client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": "tök".encode()})
        assert response.status_code == 403


class TestUnstorableText:
    @pytest.mark.parametrize(
        "body",
        [b'{"login": "a\\u0000b", "password": "x"}', b'{"login": "a\\ud800", "password": "x"}'],
    )
    def test_nul_or_lone_surrogate_in_a_json_body_is_422_naming_the_field(
        self, client: TestClient, body: bytes
    ) -> None:
        answer = post_raw(client, "/api/v1/auth/login", body)
        assert answer["code"] == "invalid_input" and str(answer["reason"]).startswith("login：")

    def test_invalid_utf8_in_a_json_body_is_422(self, client: TestClient) -> None:
        answer = post_raw(client, "/api/v1/auth/login", b'{"login": "a\xff", "password": "x"}')
        assert answer["reason"] == "请求内容不是有效的 UTF-8 文本"

    def test_nul_in_the_query_or_path_is_422(self, client: TestClient) -> None:
        query = client.get("/api/v1/surveys/sv1?sig=a%00b")
        assert query.status_code == 422 and query.json()["reason"].startswith("sig：")
        assert client.get("/api/v1/surveys/sv%001?sig=x").status_code == 422

    def test_nul_in_a_nested_field_names_its_path(self) -> None:
        assert unstorable_field({"items": [{"text": "ok"}, {"text": "a\x00"}]}) == "items.1.text"
        assert unstorable_field({"a": ["fine", 1, None]}) is None

    @pytest.mark.parametrize("text", ["在吗\x00", "在吗\udc80"])
    def test_chat_text_with_nul_or_surrogate_is_refused(self, text: str) -> None:
        with pytest.raises(BadInput) as refused:
            service.check_text(text)
        assert refused.value.code == "invalid_text"

    def test_nul_character_is_4xx_on_every_backend(self, client: TestClient) -> None:
        expires = int(time.time()) + 600
        body = f'{{"customer_id": "tb\\u0000c1", "expires": {expires}, "sig": "00"}}'
        answer = post_raw(client, "/api/v1/chat/identify", body.encode())
        assert str(answer["reason"]).startswith("customer_id：")


class TestVisitors:
    def test_unlimited_anonymous_visitor_creation_is_rate_limited(
        self, client: TestClient, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("KEFU_VISITORS_PER_MINUTE", "3")
        from kefu.config import get_settings

        get_settings.cache_clear()
        try:
            statuses = [client.post("/api/v1/chat/visitor").status_code for _ in range(5)]
            refused = client.post("/api/v1/chat/visitor")
        finally:
            monkeypatch.undo()
            get_settings.cache_clear()
        assert statuses == [200, 200, 200, 429, 429]
        assert refused.json()["code"] == "too_many_visitors"

    def test_the_window_slides_and_addresses_are_counted_apart(self) -> None:
        limit = RateLimit(window=0.2)
        assert [limit.hit("a", limit=2) for _ in range(3)] == [True, True, False]
        assert limit.hit("b", limit=2)
        time.sleep(0.25)
        assert limit.hit("a", limit=2)


class TestFuzzFindings:
    """What schemathesis found (tests/test_api_fuzz.py), kept as plain regression tests."""

    def test_a_huge_page_number_is_422_not_an_overflow(
        self, client: TestClient, session: Session
    ) -> None:
        add_agent(session, "mei", Role.presale)
        login(client, "mei")
        response = client.get("/api/v1/quick-phrases/list", params={"page": 10**20})
        assert response.status_code == 422 and response.json()["code"] == "bad_page"

    def test_an_unreadable_csv_upload_is_422_not_500(
        self, client: TestClient, session: Session
    ) -> None:
        add_agent(session, "boss", Role.supervisor)
        csrf = login(client, "boss")
        response = client.post(
            "/api/v1/quick-phrases/import",
            files={"file": ("p.csv", b"shortcut,text\nhi\rthere,x\n", "text/csv")},
            headers={"X-CSRF-Token": csrf},
        )
        assert response.status_code == 422 and response.json()["code"] == "bad_csv"
