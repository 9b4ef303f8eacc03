"""Many concurrent requests on SQLite: more than the threadpool has threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from kefu import migrate
from tests import live

pytestmark = pytest.mark.slow


def test_more_concurrent_writes_than_threads_all_succeed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    migrate.upgrade(url)
    with live.live_server(url, tmp_path, KEFU_VISITORS_PER_MINUTE="1000") as server:

        def new_visitor(_: int) -> int:
            return httpx.post(f"{server.url}/api/v1/chat/visitor", timeout=20).status_code

        with ThreadPoolExecutor(max_workers=120) as pool:
            statuses = list(pool.map(new_visitor, range(240)))
    assert statuses == [200] * 240
