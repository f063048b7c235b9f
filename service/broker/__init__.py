"""Several workers as one service: the broker they share (LONET_BROKER_URL, Redis).

Each worker keeps its own event bus, read-model caches and rate limiter; the broker joins them:

- every tasking change published through one worker is heard by the subscribers of every worker
  (`BrokeredEventBus`), each receiving worker checking its own subscribers' scope as for a change
  made through it, with the tasking as committed sealed with the workers' key (LONET_BROKER_KEY)
  or, without one, read from the store;
- every commit's changed areas (statement.AREAS) make every other worker's caches read those
  areas again (`StoreStats.changed_elsewhere`), within milliseconds rather than
  LONET_CACHE_SECONDS;
- the rate limit is counted in Redis (service/security/ratelimit.py).

Without LONET_BROKER_URL nothing of this runs: one worker needs none of it.
"""

from __future__ import annotations

from .bus import BrokeredEventBus
from .redis_streams import RedisBroker

__all__ = ["BrokeredEventBus", "RedisBroker"]
