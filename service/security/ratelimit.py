"""Per-subject request rate limiting (sliding window counter) with the `limits` library.

A sliding window counter keeps two counts per subject (this window's and the last one's,
weighted): a hit costs the same whatever the limit. The moving window it replaces kept a
timestamp per request in the window, so a high limit (a gateway's, the benchmark's) made each
request pay for every request before it in the minute (1.4 ms a request at a million a minute).
The in-process counts are the library's asyncio storage: its thread-based one started a timer
thread every few requests to expire keys (120 µs of CPU a request, against 50).

One worker counts in process. Several workers count once, together, in the broker's Redis
(LONET_BROKER_URL), so the limit is what it says whichever worker serves each request. While
Redis cannot be reached, each worker counts on its own again (requests are served, not refused
for want of the counter) and asks Redis again after `retry_seconds`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from limits import parse
from limits.aio.storage import MemoryStorage, RedisStorage
from limits.aio.strategies import SlidingWindowCounterRateLimiter

log = logging.getLogger("lonet.ratelimit")


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    limit: str
    retry_after_seconds: int


class SubjectRateLimiter:
    def __init__(self, rate: str, *, shared_url: str | None = None, retry_seconds: float = 1.0) -> None:
        self.rate_text = rate
        self._rate = parse(rate)
        self._limiter = SlidingWindowCounterRateLimiter(MemoryStorage())
        self._shared: SlidingWindowCounterRateLimiter | None = None
        self._unreachable: tuple[type[Exception], ...] = (OSError,)
        if shared_url is not None:
            # Imported only with a broker: Redis's client is ~7 MB of a process that runs alone.
            from redis.exceptions import RedisError

            self._unreachable = (RedisError, OSError)
            storage = RedisStorage(
                f"async+{shared_url}", implementation="redispy", key_prefix="lonet-rate",
                # A request waits at most this long for the counter before counting in process.
                socket_connect_timeout=0.25, socket_timeout=0.25,
            )
            self._shared = SlidingWindowCounterRateLimiter(storage)
        self._retry_seconds = retry_seconds
        self._shared_failed_at: float | None = None

    async def hit(self, subject: str) -> RateDecision:
        counted = await self._hit_shared(subject)
        if counted is None:  # one worker, or the broker unreachable: in process
            allowed = await self._limiter.hit(self._rate, subject)
            reset_at = 0.0 if allowed else (await self._limiter.get_window_stats(self._rate, subject))[0]
        else:
            allowed, reset_at = counted
        if allowed:
            return RateDecision(True, self.rate_text, 0)
        return RateDecision(False, self.rate_text, max(1, int(reset_at - time.time())))

    async def _hit_shared(self, subject: str) -> tuple[bool, float] | None:
        """(allowed, when the window frees a place) as counted in Redis; None without it."""
        shared = self._shared
        if shared is None or (self._shared_failed_at is not None and time.monotonic() - self._shared_failed_at < self._retry_seconds):
            return None
        try:
            if await shared.hit(self._rate, subject):
                counted = (True, 0.0)
            else:
                counted = (False, (await shared.get_window_stats(self._rate, subject))[0])
        except self._unreachable as exc:
            if self._shared_failed_at is None:
                log.warning("rate limit: the broker's Redis is unreachable (%s); counting per worker meanwhile", exc)
            self._shared_failed_at = time.monotonic()
            return None
        self._shared_failed_at = None
        return counted
