"""A real SMTP server for the notification tests (aiosmtpd), on a chosen port, stopped and
started again at will (the mail server's outage)."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import time
from dataclasses import dataclass, field
from email.message import Message

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Mailbox:
    """Every mail the server took, parsed."""

    received: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd's handler hook
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.received.append(message)
        return "250 OK"

    def about(self, reference: str) -> list[Message]:
        return [m for m in self.received if reference in str(m["Subject"])]

    async def arrived(self, reference: str, count: int = 1, timeout: float = 5.0) -> list[Message]:
        """The mails about the reference once `count` have come (or the timeout passed)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.about(reference)) < count:
            await asyncio.sleep(0.05)
        return self.about(reference)

    def wait_for(self, reference: str, count: int = 1, timeout: float = 5.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.about(reference)) < count:
            time.sleep(0.05)
        return self.about(reference)


class SmtpServer:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.mailbox = Mailbox()
        self._controller: Controller | None = None

    def start(self) -> SmtpServer:
        self._controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def body_of(message: Message) -> str:
    return message.get_body(("plain",)).get_content()
