"""The staff app is served for every page path while the API keeps answering JSON (issue 13:
"the API keeps answering JSON; people get pages"), and the API docs load from local files."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kefu.web import spa


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "index.html").write_text("<!doctype html><title>客服工作台</title>", "utf-8")
    (tmp_path / "chat.html").write_text("<!doctype html><title>在线客服</title>", "utf-8")
    (tmp_path / "widget.js").write_text("(()=>{})()", "utf-8")
    (tmp_path / "survey.html").write_text("<!doctype html><title>满意度回访</title>", "utf-8")
    monkeypatch.setattr(spa, "DIST_DIR", tmp_path)
    return tmp_path


class TestStaffApp:
    @pytest.mark.parametrize("path", ["/", "/login", "/settings", "/refunds/r1", "/no/such"])
    def test_every_page_path_gets_the_app_shell(
        self, client: TestClient, built: Path, path: str
    ) -> None:
        response = client.get(path)
        assert response.status_code == 200
        assert "客服工作台" in response.text
        assert response.headers["cache-control"] == "no-cache"

    @pytest.mark.parametrize("path", ["/api/v1/nothing", "/api/v2/x", "/ws/nothing"])
    def test_an_unknown_api_path_is_json_404(
        self, client: TestClient, built: Path, path: str
    ) -> None:
        response = client.get(path, headers={"Accept": "text/html"})
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"

    def test_the_buyer_page_and_widget_are_their_own_files(
        self, client: TestClient, built: Path
    ) -> None:
        assert "在线客服" in client.get("/chat").text
        widget = client.get("/widget.js")
        assert widget.status_code == 200 and widget.headers["content-type"].startswith(
            "text/javascript"
        )

    def test_the_survey_link_opens_the_public_survey_page(
        self, client: TestClient, built: Path
    ) -> None:
        response = client.get("/survey/sv1", params={"sig": "x"})
        assert response.status_code == 200 and "满意度回访" in response.text

    def test_an_unbuilt_app_says_how_to_build_it(
        self, client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(spa, "DIST_DIR", tmp_path / "missing")
        response = client.get("/settings")
        assert response.status_code == 503 and "make web" in response.text


class TestApiDocs:
    def test_swagger_ui_comes_from_this_server(self, client: TestClient) -> None:
        page = client.get("/docs").text
        assert "/swagger/swagger-ui-bundle.js" in page and "/swagger/swagger-ui.css" in page
        assert "cdn" not in page.lower() and "https://" not in page
