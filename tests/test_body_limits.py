"""Every request body is counted as it arrives (issue 17): over its limit it is
refused with 413 and a reason in Chinese, whether its length was declared or not."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi.testclient import TestClient

from kefu.api.limits import DEFAULT_LIMIT, MIB, limit_for


def chunks(total: int, size: int = MIB) -> Iterator[bytes]:
    for start in range(0, total, size):
        yield bytes(min(size, total - start))


class TestBodyLimit:
    def test_a_declared_length_over_the_limit_is_refused_before_reading(
        self, client: TestClient
    ) -> None:
        response = client.post(
            "/api/v1/chat/my-images",
            content=bytes(DEFAULT_LIMIT + 1),
            headers={"Content-Type": "multipart/form-data; boundary=x"},
        )
        assert response.status_code == 413
        assert response.json()["code"] == "too_large"
        assert "请求内容过大" in response.json()["reason"]

    def test_a_chunked_body_is_refused_once_it_passes_the_limit(self, client: TestClient) -> None:
        response = client.post(
            "/api/v1/chat/identify",  # reads its JSON body
            content=chunks(DEFAULT_LIMIT + MIB),
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code == 413
        assert "过大" in response.json()["reason"]

    def test_a_body_under_the_limit_goes_through(self, client: TestClient) -> None:
        assert client.post("/api/v1/chat/visitor", content=b"{}").status_code != 413

    def test_the_history_import_may_be_larger(self) -> None:
        assert limit_for("/api/v1/history/import") > 1024 * MIB
        assert limit_for("/api/v1/chat/my-images") == DEFAULT_LIMIT
