"""Chat over HTTP: buyer identity, images, ratings, hotline calls."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.api.buyer_auth import shop_signature
from kefu.config import get_settings
from kefu.models import Task
from kefu.models.team import Role
from kefu.shop import service as shop
from tests.chat_helpers import agent
from tests.factories import login

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("KEFU_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield tmp_path / "data"
    get_settings.cache_clear()


@pytest.fixture
def shop_open(session: Session) -> None:
    shop.do_set(session, key="working_hours", value="00:00-23:59")
    agent(session, "mei")
    session.commit()


def visitor(client: TestClient) -> dict[str, str]:
    token = client.post("/api/v1/chat/visitor").json()["token"]
    return {"Authorization": f"Bearer {token}"}


class TestIdentify:
    def test_a_signed_customer_id_gets_a_token_for_that_customer(self, client: TestClient) -> None:
        expires = int(time.time()) + 600
        body = {"customer_id": "tb_c1", "expires": expires, "sig": shop_signature("tb_c1", expires)}
        response = client.post("/api/v1/chat/identify", json=body)
        assert response.status_code == 200 and response.json()["customer_id"] == "tb_c1"

    @pytest.mark.parametrize(
        ("expires_in", "signed_for", "code"),
        [(-5, "tb_c1", "signature_expired"), (600, "tb_other", "bad_signature")],
    )
    def test_forged_or_expired_signatures_are_refused(
        self, client: TestClient, expires_in: int, signed_for: str, code: str
    ) -> None:
        expires = int(time.time()) + expires_in
        body = {
            "customer_id": "tb_c1",
            "expires": expires,
            "sig": shop_signature(signed_for, expires),
        }
        response = client.post("/api/v1/chat/identify", json=body)
        assert response.status_code == 401 and response.json()["code"] == code

    def test_buyer_routes_need_a_valid_token(self, client: TestClient) -> None:
        assert client.get("/api/v1/chat/my-messages").status_code == 401
        bad = client.get("/api/v1/chat/my-messages", headers={"Authorization": "Bearer b1.x.1.y"})
        assert bad.status_code == 401 and bad.json()["code"] == "bad_buyer_token"


@pytest.mark.usefixtures("shop_open")
class TestImages:
    def test_an_image_is_sent_and_only_its_buyer_or_an_agent_can_fetch_it(
        self, client: TestClient, session: Session
    ) -> None:
        buyer = visitor(client)
        response = client.post(
            "/api/v1/chat/my-images", headers=buyer, files={"file": ("a.png", PNG, "image/png")}
        )
        assert response.status_code == 201, response.text
        message = response.json()
        assert message["kind"] == "image" and message["from"] == "buyer"
        url = message["attachment_url"]
        token = buyer["Authorization"].removeprefix("Bearer ")
        fetched = client.get(url, params={"token": token})
        assert fetched.status_code == 200 and fetched.content == PNG
        assert fetched.headers["content-type"] == "image/png"
        assert fetched.headers["x-content-type-options"] == "nosniff"
        other = visitor(client)["Authorization"].removeprefix("Bearer ")
        assert client.get(url, params={"token": other}).status_code == 404
        assert client.get(url).status_code == 401
        login(client, "mei", "s3cret-pass")
        assert client.get(url).status_code == 200

    def test_type_is_decided_by_the_content_not_the_name(self, client: TestClient) -> None:
        response = client.post(
            "/api/v1/chat/my-images",
            headers=visitor(client),
            files={"file": ("photo.png", b"<svg onload=alert(1)>", "image/png")},
        )
        assert response.status_code == 422 and response.json()["code"] == "unsupported_image"

    def test_jpeg_is_accepted(self, client: TestClient) -> None:
        response = client.post(
            "/api/v1/chat/my-images",
            headers=visitor(client),
            files={"file": ("x", JPEG, "application/octet-stream")},
        )
        assert response.status_code == 201

    def test_too_large_is_refused(self, client: TestClient) -> None:
        big = PNG + b"\x00" * (5 * 1024 * 1024)
        response = client.post(
            "/api/v1/chat/my-images",
            headers=visitor(client),
            files={"file": ("big.png", big, "image/png")},
        )
        assert response.status_code == 422 and response.json()["code"] == "image_too_large"

    def test_images_are_stored_outside_the_web_root(
        self, client: TestClient, data_dir: Path
    ) -> None:
        client.post(
            "/api/v1/chat/my-images",
            headers=visitor(client),
            files={"file": ("a.png", PNG, "image/png")},
        )
        stored = [path for path in (data_dir / "uploads").rglob("*") if path.is_file()]
        assert [path.read_bytes() for path in stored] == [PNG]
        relative = stored[0].relative_to(data_dir).as_posix()
        for path in (f"/{relative}", f"/static/../{relative}"):
            assert PNG not in client.get(path).content  # the staff app's shell, never the file


@pytest.mark.usefixtures("shop_open")
class TestRating:
    def test_buyer_rates_a_session_once(self, client: TestClient) -> None:
        buyer = visitor(client)
        message = client.post(
            "/api/v1/chat/my-images", headers=buyer, files={"file": ("a.png", PNG, "image/png")}
        ).json()
        path = f"/api/v1/chat/my-sessions/{message['session_id']}"
        assert client.post(path + "/close", headers=buyer).status_code == 204
        assert (
            client.post(
                path + "/rating", headers=buyer, json={"score": 5, "comment": "很耐心"}
            ).status_code
            == 201
        )
        again = client.post(path + "/rating", headers=buyer, json={"score": 1})
        assert again.status_code == 409 and again.json()["code"] == "already_rated"
        assert (
            client.post(path + "/rating", headers=visitor(client), json={"score": 1}).status_code
            == 404
        )


class TestHotlineCalls:
    @pytest.fixture
    def customer_id(self, client: TestClient) -> str:
        return client.post("/api/v1/chat/visitor").json()["customer_id"]

    @staticmethod
    def log_call(
        client: TestClient, session: Session, customer_id: str, role: Role, body: dict
    ) -> httpx.Response:
        """Log in an agent of ``role`` and post ``body`` as a call on the customer."""
        agent(session, role.value, group=None, role=role)
        session.commit()
        csrf = login(client, role.value, "s3cret-pass")
        return client.post(
            f"/api/v1/customers/{customer_id}/calls", json=body, headers={"X-CSRF-Token": csrf}
        )

    def test_a_call_with_a_follow_up_shows_in_the_history(
        self, client: TestClient, session: Session, customer_id: str
    ) -> None:
        body = {
            "direction": "out",
            "duration_s": 185,
            "topic": "催付",
            "result": "买家今晚付款",
            "follow_up_title": "20点再确认付款",
            "follow_up_due_at": "2026-11-23T20:00:00+08:00",
        }
        response = self.log_call(client, session, customer_id, Role.hotline, body)
        assert response.status_code == 201, response.text
        task = session.scalar(select(Task).where(Task.id == response.json()["task_id"]))
        assert task is not None and (task.kind, task.assignee_id, task.title) == (
            "callback",
            "hotline",
            "20点再确认付款",
        )
        timeline = client.get(f"/api/v1/customers/{customer_id}/panel").json()["timeline"]
        assert timeline[0]["kind"] == "call" and timeline[0]["title"] == "电话：催付"
        assert "3分05秒" in timeline[0]["detail"]

    def test_a_follow_up_needs_a_due_time(
        self, client: TestClient, session: Session, customer_id: str
    ) -> None:
        body = {
            "direction": "in",
            "duration_s": 60,
            "topic": "投诉",
            "result": "已记录",
            "follow_up_title": "回电",
        }
        response = self.log_call(client, session, customer_id, Role.hotline, body)
        assert response.status_code == 422 and response.json()["code"] == "follow_up_due_required"

    def test_quality_inspectors_do_not_log_calls(
        self, client: TestClient, session: Session, customer_id: str
    ) -> None:
        body = {"direction": "in", "duration_s": 60, "topic": "x", "result": "y"}
        assert self.log_call(client, session, customer_id, Role.qc, body).status_code == 403
