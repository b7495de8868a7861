"""Rate limits for the public endpoints, in memory (per server process).

Limits are keyed by what is being protected - a survey link, a widget form - and only a
generous ceiling is kept per IP address, so a whole office behind one address is not
locked out because its people answer at the same time.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from fastapi import HTTPException


class RateLimiter:
    """At most `limit` events per `window_s` seconds for each key (sliding window)."""

    def __init__(self, limit: int, window_s: float, clock: object = time.monotonic) -> None:
        self.limit = limit
        self.window_s = window_s
        self._now = clock
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> float | None:
        """Count an event; returns None when allowed, else seconds until it would be."""
        now = self._now()  # type: ignore[operator]
        with self._lock:
            events = self._events.setdefault(key, deque())
            while events and events[0] <= now - self.window_s:
                events.popleft()
            if len(events) >= self.limit:
                return events[0] + self.window_s - now
            events.append(now)
            if len(self._events) > 100_000:  # forget idle keys rather than grow without end
                for k in [k for k, v in self._events.items() if not v]:
                    del self._events[k]
            return None

    def check(self, key: str) -> None:
        """Raise 429 with Retry-After when the key is over its limit."""
        wait = self.hit(key)
        if wait is not None:
            raise HTTPException(
                status_code=429,
                detail="too many requests: try again shortly",
                headers={"Retry-After": str(max(1, int(wait) + 1))},
            )


class Limits:
    """The limits of one application."""

    def __init__(self) -> None:
        self.per_link = RateLimiter(30, 600)  # answers and changes through one survey link
        self.per_ip = RateLimiter(3000, 600)  # a busy office, not a flood
        self.bad_links = RateLimiter(60, 600)  # forged or unknown links, per IP
