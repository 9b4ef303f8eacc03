"""Bad input never crashes the bot: invalid UTF-8 on stdin is refused line by
line with a clear error and every other line is answered; lone surrogates are
dropped by the normalisation (OpenCC never sees one) and answered, through the
CLI and the API alike."""

from __future__ import annotations

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from kefu.cli import app as cli
from kefu.models.team import Role
from tests.factories import add_agent, login

pytestmark = pytest.mark.usefixtures("bot")

# UTF-8, a stray byte, an encoded lone surrogate (CESU), a truncated character, UTF-8.
STDIN = b"".join(
    [
        "转人工\n".encode(),
        b"\xff\xfe bad\n",
        b"\xed\xa0\x80\n",
        "能开".encode() + b"\xe4\xb8\n",
        "能开专票吗\n".encode(),
    ]
)


@pytest.fixture
def staff(client: TestClient, session: Session) -> str:
    add_agent(session, "boss", Role.supervisor)
    return login(client, "boss")


class TestAskCommand:
    def test_every_stdin_line_is_answered_bad_ones_with_an_error(self, cli_database: str) -> None:
        result = CliRunner().invoke(cli, ["bot", "ask", "-", "--json"], input=STDIN)
        assert result.exit_code == 0, result.output
        lines = [orjson.loads(line) for line in result.stdout.splitlines()]
        assert len(lines) == 5
        assert lines[0]["intent"] == "human_agent" and lines[4]["intent"] == "invoice"
        for number, line in zip((2, 3, 4), lines[1:4], strict=True):
            assert line == {
                "error": "bad_encoding",
                "reason": f"第 {number} 行不是有效的 UTF-8 文本，已跳过",
            }

    def test_plain_output_says_error_for_bad_lines(self, cli_database: str) -> None:
        result = CliRunner().invoke(
            cli, ["bot", "ask", "-"], input=b"\xff\n\xe5\x9c\xa8\xe5\x90\x97\n"
        )
        assert result.exit_code == 0, result.output
        first, second = result.stdout.splitlines()
        assert first.startswith("error\t第 1 行") and second.startswith("greeting\t")

    def test_a_lone_surrogate_in_the_argument_is_answered(self, cli_database: str) -> None:
        result = CliRunner().invoke(cli, ["bot", "ask", "能开\udc80专票吗", "--json"])
        assert result.exit_code == 0, result.output
        assert orjson.loads(result.stdout)["intent"] == "invoice"


class TestSentimentCommand:
    def test_a_bad_line_does_not_cost_the_next(self, cli_database: str) -> None:
        result = CliRunner().invoke(
            cli, ["bot", "sentiment", "-", "--json"], input=b"\xff\n" + "质量很好 很满意\n".encode()
        )
        assert result.exit_code == 0, result.output
        first, second = (orjson.loads(line) for line in result.stdout.splitlines())
        assert first["error"] == "bad_encoding" and second["label"] == "positive"


class TestAskEndpoint:
    """The API refuses such text as every endpoint does (api/text_input.py): 422 naming
    the field, never a 500; the command line replaces it per line instead (above)."""

    @pytest.mark.parametrize(
        "text", ["能开\\ud800专票吗", "\\udfff", "能开专票吗\\udbff\\udfff\\ud800"]
    )
    def test_lone_surrogates_are_refused_naming_the_field_not_a_500(
        self, client: TestClient, staff: str, text: str
    ) -> None:
        body = f'{{"text": "{text}"}}'.encode()
        response = client.post(
            "/api/v1/bot/ask",
            content=body,
            headers={"X-CSRF-Token": staff, "Content-Type": "application/json"},
        )
        assert response.status_code == 422, response.text
        assert response.json()["reason"].startswith("text：")

    def test_invalid_utf8_in_the_body_is_refused_not_a_500(
        self, client: TestClient, staff: str
    ) -> None:
        response = client.post(
            "/api/v1/bot/ask",
            content=b'{"text": "\xff\xfe"}',
            headers={"X-CSRF-Token": staff, "Content-Type": "application/json"},
        )
        assert response.status_code == 422, response.text
        assert response.json()["reason"] == "请求内容不是有效的 UTF-8 文本"
