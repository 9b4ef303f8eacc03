"""A per-key rate limit held in this process: at most ``limit`` hits per ``window``
seconds (a sliding window). Enough to stop one address from creating visitors without
end; several processes each count their own share."""

from __future__ import annotations

import threading
import time
from collections import deque

MAX_KEYS = 10_000  # past this many addresses, ones with no recent hit are forgotten


class RateLimit:
    def __init__(self, *, window: float = 60.0) -> None:
        self.window = window
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()  # sync endpoints run on several threads

    def hit(self, key: str, *, limit: int) -> bool:
        """Count a hit for ``key``; False (and not counted) once it had ``limit`` in the window."""
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= limit:
                return False
            hits.append(now)
            if len(self._hits) > MAX_KEYS:
                self._forget_idle(now)
            return True

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, hits in self._hits.items() if hits[-1] <= now - self.window]:
            del self._hits[key]
