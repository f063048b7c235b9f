"""Slow and greedy clients, held off before the app sees a request (uvicorn has no such timeouts).

uvicorn times out only the idle time between two requests of a connection (`timeout_keep_alive`);
a client that never finishes its headers, trickles its body, or opens thousands of connections
holds them for as long as it likes, and ASGI middleware cannot help: it runs once the headers are
in. So `lonet serve` runs uvicorn's httptools protocol with three guards (settings in brackets):

- the request line and headers must arrive within LONET_HEADER_TIMEOUT seconds of the
  connection opening, or of the first byte of the next request on a kept-alive connection;
- the body must arrive within LONET_BODY_TIMEOUT seconds of the headers;
- one client address holds at most LONET_MAX_CONNECTIONS_PER_ADDRESS HTTP connections at once
  (0: no cap); a connection above it is answered 503 and closed.

A request past a timeout is answered 408 (when no response has started) and the connection
closes. A WebSocket leaves these guards at its upgrade (its own rules: service/api/websocket.py).
Behind the reverse proxy (deploy/nginx/lonet.conf) every connection comes from the proxy's
address: the proxy caps per client, lonet's cap then bounds the proxy's own connections.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from typing import Any, ClassVar

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ..settings import Settings, get_settings



def _response(status: str, code: str, message: str, *headers: str) -> bytes:
    """A whole HTTP/1.1 response with a typed JSON body (the app's error shape), connection closing."""
    body = b'{"errors":[{"message":"%s","extensions":{"code":"%s"}}]}' % (message.encode(), code.encode())
    head = [f"HTTP/1.1 {status}", "content-type: application/json", "connection: close", *headers, f"content-length: {len(body)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


TIMEOUT_RESPONSE = _response("408 Request Timeout", "REQUEST_TIMEOUT", "the request did not arrive in time")
BUSY_RESPONSE = _response(
    "503 Service Unavailable", "TOO_MANY_CONNECTIONS", "too many connections from this client address", "retry-after: 1"
)


@dataclass(frozen=True)
class ConnectionLimits:
    header_timeout: float
    body_timeout: float
    per_address: int

    @classmethod
    def of(cls, settings: Settings) -> ConnectionLimits:
        return cls(settings.header_timeout, settings.body_timeout, settings.max_connections_per_address)


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with header and body deadlines and a per-address cap."""

    limits: ClassVar[ConnectionLimits | None] = None  # set by `lonet serve`; else from the environment
    open_per_address: ClassVar[Counter[str]] = Counter()  # one event loop per process: no lock

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cls = type(self)
        if cls.limits is None:
            cls.limits = ConnectionLimits.of(get_settings())
        self.guard = cls.limits
        self.deadline: asyncio.TimerHandle | None = None
        self.address: str | None = None

    # -- deadlines ----------------------------------------------------------------------------
    def _arm(self, seconds: float) -> None:
        self._disarm()
        self.deadline = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None

    def _expired(self) -> None:
        self.deadline = None
        if self.transport.is_closing():
            return
        cycle = self.cycle
        if cycle is None or not cycle.response_started:
            self.transport.write(TIMEOUT_RESPONSE)
        if cycle is not None:
            cycle.disconnected = True
            cycle.message_event.set()
        self.transport.close()

    # -- the connection -----------------------------------------------------------------------
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.address = self.client[0] if self.client else None
        if self.address is not None:
            self.open_per_address[self.address] += 1
            if 0 < self.guard.per_address < self.open_per_address[self.address]:
                transport.write(BUSY_RESPONSE)
                transport.close()
                return
        self._arm(self.guard.header_timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        self._release()
        super().connection_lost(exc)

    def _release(self) -> None:
        if self.address is not None:
            self.open_per_address[self.address] -= 1
            if self.open_per_address[self.address] <= 0:
                del self.open_per_address[self.address]
            self.address = None

    def handle_websocket_upgrade(self) -> None:
        self._disarm()
        self._release()  # the socket is a WebSocket's now; the HTTP protocol will not see it close
        super().handle_websocket_upgrade()

    # -- parser callbacks -----------------------------------------------------------------------
    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self.deadline is None:  # the next request of a kept-alive connection
            self._arm(self.guard.header_timeout)

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()
        if not self.parser.should_upgrade():
            self._arm(self.guard.body_timeout)

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()
