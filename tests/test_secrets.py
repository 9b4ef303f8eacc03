"""Secrets: generated on the first start, kept in the data folder, never the old public strings."""

from __future__ import annotations

import base64
import hashlib
import hmac
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from kefu.api.buyer_auth import check_buyer_token, issue_buyer_token, shop_signature
from kefu.cli import app as cli_app
from kefu.config import SECRETS_FILE, get_settings
from kefu.kit.errors import NotAuthenticated

OLD_SECRET_KEY = "kefu-development-secret-change-me"
OLD_SHOP_SECRET = "kefu-shop-secret-change-me"


@pytest.fixture
def default_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data folder and no secret configured: what `kefu serve` sees on a fresh machine."""
    folder = tmp_path / "data"
    monkeypatch.setenv("KEFU_DATA_DIR", str(folder))
    monkeypatch.delenv("KEFU_SECRET_KEY", raising=False)
    monkeypatch.delenv("KEFU_SHOP_SECRET", raising=False)
    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()


def forged_token(customer_id: str, key: str) -> str:
    encoded = base64.urlsafe_b64encode(customer_id.encode()).decode().rstrip("=")
    payload = f"b1.{encoded}.{int(time.time()) + 3600}"
    return f"{payload}.{hmac.new(key.encode(), payload.encode(), hashlib.sha256).hexdigest()}"


@pytest.mark.usefixtures("default_install")
class TestOldPublicSecrets:
    def test_token_signed_with_old_public_secret_is_refused(self, client: TestClient) -> None:
        token = forged_token("tb_victim", OLD_SECRET_KEY)
        with pytest.raises(NotAuthenticated):
            check_buyer_token(token)
        response = client.get(
            "/api/v1/chat/my-messages", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 401 and response.json()["code"] == "bad_buyer_token"

    def test_shop_signature_with_old_public_secret_is_refused(self, client: TestClient) -> None:
        expires = int(time.time()) + 600
        sig = shop_signature("tb_victim", expires, shop_secret=OLD_SHOP_SECRET)
        response = client.post(
            "/api/v1/chat/identify",
            json={"customer_id": "tb_victim", "expires": expires, "sig": sig},
        )
        assert response.status_code == 401 and response.json()["code"] == "bad_signature"

    @pytest.mark.parametrize(
        ("variable", "value"),
        [("KEFU_SECRET_KEY", OLD_SECRET_KEY), ("KEFU_SHOP_SECRET", OLD_SHOP_SECRET)],
    )
    def test_configured_old_public_secret_refuses_to_run(
        self, monkeypatch: pytest.MonkeyPatch, variable: str, value: str
    ) -> None:
        monkeypatch.setenv(variable, value)
        get_settings.cache_clear()
        result = CliRunner().invoke(cli_app, ["db", "upgrade"])
        assert result.exit_code == 1
        assert variable in result.output and "old public default" in result.output


class TestGeneratedSecrets:
    def test_secrets_survive_restarts(self, default_install: Path) -> None:
        token = issue_buyer_token("tb_c1")
        first = (get_settings().signing_key, get_settings().shop_key)
        get_settings.cache_clear()  # a new process reads the same folder
        assert (get_settings().signing_key, get_settings().shop_key) == first
        assert check_buyer_token(token) == "tb_c1"
        assert len(first[0]) >= 64 and first[0] != first[1]

    def test_secrets_file_mode_is_600(self, default_install: Path) -> None:
        assert get_settings().signing_key
        mode = stat.S_IMODE((default_install / SECRETS_FILE).stat().st_mode)
        assert mode == 0o600

    def test_each_install_gets_its_own_secrets(
        self, default_install: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        first = get_settings().signing_key
        monkeypatch.setenv("KEFU_DATA_DIR", str(tmp_path / "other"))
        get_settings.cache_clear()
        assert get_settings().signing_key != first

    def test_configured_secrets_win_over_the_file(
        self, default_install: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("KEFU_SECRET_KEY", "a-long-operator-chosen-secret")
        get_settings.cache_clear()
        assert get_settings().signing_key == "a-long-operator-chosen-secret"
        assert not (default_install / SECRETS_FILE).exists()
