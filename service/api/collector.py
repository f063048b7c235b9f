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

The interpreter's switch interval is also shortened (5 ms -> 0.1 ms). The embedded store's
statements run in threads that need the interpreter lock again to hand their rows back; while
the event loop is busy with searches, each handover waits up to a whole interval, once or more
per statement: a request for assistance under 8 searching clients took 715 ms (p50) until its
change went out at 5 ms, 188 ms at 0.5 ms; at 0.1 ms the writer's time per batch of the write
mix at 32 clients fell 56 -> 25 ms and the mix's writes at 8 clients p95 105-139 -> 60-91 ms,
the searches unchanged (bench/RESULTS.md, issue 22). The loop gives the lock up that often only
while another thread asks for it.

And glibc's allocator is told to keep its thresholds. By default it raises the size from which
a block gets its own mapping (and the free space it leaves on a heap's top before giving it back)
to the largest block freed so far, up to 32 MB: once the embedded store's threads have freed one
large buffer, every later one is carved from their heaps and stays resident when freed. Fixed,
large buffers are unmapped when freed: the full bench network's server peaked about 45 MB lower
(bench/RESULTS.md, issue 22). Fixed at 1 MB, not glibc's starting 128 KB: at 128 KB the buffers
of nearly every LadybugDB statement were mapped, faulted in and unmapped each time (a tasking's
read 0.35-0.92 ms against 0.29-0.31; the store's reads at 32 clients 10-25% slower), for no
lower peak (bench/RESULTS.md, issue 22, thirty-third session).
Two more keep what glibc holds freed from growing with the traffic. Every thread that allocates
gets an arena of its own (up to eight per core), each keeping what its thread freed: the embedded
store's reading threads and its writer filled one each, 10-63 MB resident apiece on the full
bench network; the server's threads share two arenas instead. And every few seconds
(`give_back_freed_memory`) glibc is asked to hand the whole pages it holds free back to the system
(malloc_trim: 1-9 ms on a thread of its own, each arena locked in turn), where they stayed until
the embedded store was next opened again: after a burst of writes 38-50 MB came back at once
(bench/RESULTS.md, issue 22, thirty-fourth session).
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import functools
import gc
import sys
from collections.abc import Callable

THRESHOLDS = (50_000, 50, 100)
SWITCH_INTERVAL_SECONDS = 0.0001
# glibc's mallopt parameters (malloc.h) and their documented defaults, kept from now on.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_ARENA_MAX = -1, -3, -8
KEPT_THRESHOLD_BYTES = 1024 * 1024  # glibc's own start: 128 KB
SHARED_ARENAS = 2  # glibc's own: eight per core


def tune_for_serving() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    keep_malloc_thresholds()  # the arenas are shared earlier, before the store's threads start (app.py)


@functools.cache
def _glibc(function: str) -> Callable[..., int] | None:
    """One of glibc's functions (mallopt, malloc_trim); None with another C library, which has its
    own policy. Looked up once: find_library runs a program (ldconfig) to find the library."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return getattr(ctypes.CDLL(name), function)
    except (OSError, AttributeError):
        return None


def keep_malloc_thresholds() -> bool:
    """Fix glibc's mmap and trim thresholds (setting one stops their growth); False elsewhere."""
    mallopt = _glibc("mallopt")
    return mallopt is not None and all(mallopt(option, KEPT_THRESHOLD_BYTES) == 1 for option in (M_MMAP_THRESHOLD, M_TRIM_THRESHOLD))


def share_malloc_arenas() -> bool:
    """The threads started from now on share SHARED_ARENAS arenas (with the main thread's); False elsewhere."""
    mallopt = _glibc("mallopt")
    return mallopt is not None and mallopt(M_ARENA_MAX, SHARED_ARENAS) == 1


async def give_back_freed_memory(every_seconds: float) -> None:
    """Every `every_seconds`, until cancelled, glibc hands the whole pages it holds free back to
    the system (malloc_trim), on a thread of the loop's default executor: the loop goes on serving
    meanwhile. Nothing with another C library."""
    trim = _glibc("malloc_trim")
    if trim is None or every_seconds <= 0:
        return
    loop = asyncio.get_running_loop()
    while True:
        await asyncio.sleep(every_seconds)
        try:
            await loop.run_in_executor(None, trim, 0)
        except RuntimeError:  # the executor shut down: the process is stopping
            return
