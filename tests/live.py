"""A real Kefu server in a child process, and plain WebSocket clients for it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson
from websockets.sync.client import ClientConnection, connect


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)


@contextlib.contextmanager
def live_server(
    database_url: str, tmp: Path, *, serve_args: Sequence[str] = (), **env: str
) -> Iterator[Server]:
    """``kefu serve`` on a free port (``serve_args`` added, e.g. ``--workers``)."""
    port = free_port()
    log = tmp / f"server-{port}.log"
    environment = {
        **os.environ,
        "KEFU_DATABASE_URL": database_url,
        "KEFU_DATA_DIR": str(tmp / "data"),
        **env,
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kefu.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
                *serve_args,
            ],
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + 90  # a loaded 2-core machine starts slowly
        while True:
            try:
                if httpx.get(server.url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start:\n{log.read_text()}")
            time.sleep(0.1)
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


class Client:
    """A WebSocket client that reads frames until the one it waits for."""

    def __init__(self, url: str, **options: Any) -> None:
        self._stack = contextlib.ExitStack()
        self.ws: ClientConnection = self._stack.enter_context(connect(url, **options))
        self.seen: list[dict[str, Any]] = []

    def send(self, **frame: Any) -> None:
        self.ws.send(orjson.dumps(frame).decode())

    def send_raw(self, raw: str) -> None:
        self.ws.send(raw)

    def expect(self, kind: str, timeout: float = 5, **match: Any) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            frame = orjson.loads(self.ws.recv(timeout=max(0.01, deadline - time.monotonic())))
            self.seen.append(frame)
            if frame["type"] == kind and all(
                frame.get(key) == value for key, value in match.items()
            ):
                return frame

    def drain(self, wait: float = 0.3) -> list[dict[str, Any]]:
        frames = []
        with contextlib.suppress(TimeoutError):
            while True:
                frames.append(orjson.loads(self.ws.recv(timeout=wait)))
        self.seen.extend(frames)
        return frames

    def close(self) -> None:
        self._stack.close()


def buyer(server: Server, token: str) -> Client:
    client = Client(f"{server.ws_url}/ws/buyer?token={token}")
    client.expect("welcome")
    return client


def agent(server: Server, cookie: str) -> Client:
    headers = {"Cookie": f"kefu_session={cookie}"}
    client = Client(f"{server.ws_url}/ws/agent", additional_headers=headers)
    client.expect("welcome")
    return client


def new_visitor(server: Server) -> str:
    return httpx.post(server.url + "/api/v1/chat/visitor").json()["token"]


def login(server: Server, login: str, password: str = "s3cret-pass") -> httpx.Client:
    http = httpx.Client(base_url=server.url)
    response = http.post("/api/v1/auth/login", json={"login": login, "password": password})
    response.raise_for_status()
    http.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return http
