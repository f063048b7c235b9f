"""The garbage collector's settings for a server process (bench/RESULTS.md, "Garbage collection").

CPython's cyclic collector starts a young-generation pass every 700 new container objects and,
as objects survive, walks the older generations, eventually every object alive. A server holds
hundreds of thousands of long-lived objects (modules, the schema, the reference cache) and a
large answer (the coverage of a whole network) creates hundreds of thousands more for the length
of a request: measured on the benchmark network, the collector took more than half of a coverage
report's time. So, once the application has started:

- `gc.freeze()` moves everything alive into a permanent generation the collector never walks;
- young passes start every 50,000 new objects, older ones far more rarely.

Reference cycles are still collected, in larger batches; nearly all of a request's objects are
freed by reference counting the moment the request ends.

The interpreter's switch interval is also shortened (5 ms -> 0.5 ms). The embedded store's
statements run in threads that need the interpreter lock again to hand their rows back; while
the event loop is busy with searches, each handover waited up to a whole interval, several times
per statement: a request for assistance under 8 searching clients took 715 ms (p50) until its
change went out, 188 ms with the shorter interval (bench/RESULTS.md, issue 22).
"""

from __future__ import annotations

import gc
import sys

THRESHOLDS = (50_000, 50, 100)
SWITCH_INTERVAL_SECONDS = 0.0005


def tune_for_serving() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
