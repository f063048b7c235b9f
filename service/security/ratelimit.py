"""Per-subject request rate limiting (moving window, in process) with the `limits` library.

In-process counters are right for one worker; several workers would share a storage backend
(`limits` supports Redis/Memcached) by changing the storage URI here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    limit: str
    retry_after_seconds: int


class SubjectRateLimiter:
    def __init__(self, rate: str) -> None:
        self.rate_text = rate
        self._rate = parse(rate)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def hit(self, subject: str) -> RateDecision:
        if self._limiter.hit(self._rate, subject):
            return RateDecision(True, self.rate_text, 0)
        reset_at, _remaining = self._limiter.get_window_stats(self._rate, subject)
        return RateDecision(False, self.rate_text, max(1, int(reset_at - time.time())))
