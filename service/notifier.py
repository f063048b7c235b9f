"""The server's notification duties, run inside `lonet serve` (and once by `lonet notify --once`):

- the delivery loop mails the outbox (service/usecases/notifications/delivery.py), woken by every
  committed change the bus tells of and otherwise every LONET_NOTIFY_POLL_SECONDS;
- the deadline scheduler queues deadline alerts every LONET_DEADLINE_SCAN_SECONDS, on the one
  worker of the deployment that holds the store's lease (several workers or hosts: one scheduler).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from datetime import datetime, timedelta

from .clock import clock_of
from .events import EventBus
from .settings import Settings
from .store import Executor, StoreError
from .usecases.notifications.deadlines import alert_deadlines, take_lease
from .usecases.notifications.delivery import DeliveryTally, Mailer, MailSettings, count_outbox, deliver_due
from .usecases.notifications.kinds import NotificationSubjectKind

log = logging.getLogger("lonet.notifier")

COUNT_SECONDS = 15.0  # how often the outbox is counted for /metrics


def mailer_of(settings: Settings) -> Mailer | None:
    if settings.smtp_host is None:
        return None
    from .mailer import SmtpMailer

    return SmtpMailer(settings)


class Notifier:
    def __init__(
        self, executor: Executor, settings: Settings, *, mailer: Mailer | None = None, bus: EventBus | None = None,
        worker: str | None = None,
    ) -> None:
        self.executor = executor
        self.settings = settings
        self.clock = clock_of(settings)
        self.mailer = mailer if mailer is not None else mailer_of(settings)
        self.bus = bus
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.tally = DeliveryTally()
        self.mail_settings = MailSettings(
            sender=settings.smtp_from,
            links={
                NotificationSubjectKind.TASKING: settings.public_url.rstrip("/") + "/taskings/{id}",
                NotificationSubjectKind.NOTICE: settings.public_url.rstrip("/") + "/notices/{id}",
            },
            timezone=settings.timezone,
            retry=timedelta(seconds=settings.notify_retry_seconds),
            max_attempts=settings.notify_max_attempts,
            claim=timedelta(seconds=settings.smtp_timeout_seconds * 2 + 5),
        )
        self._wake = asyncio.Event()
        self._counted_at = time.monotonic()  # first counted a while after the start

    def now(self) -> datetime:
        return self.clock.now()

    async def deliver_once(self) -> int:
        """Mail what is due now (nothing without LONET_SMTP_HOST); how many were delivered."""
        delivered = 0
        if self.mailer is not None:
            delivered = await deliver_due(self.executor, self.mailer, self.mail_settings, self.worker, self.now, self.tally)
        if time.monotonic() - self._counted_at >= COUNT_SECONDS:  # a scan of the outbox: not every round
            await count_outbox(self.executor, self.tally)
            self._counted_at = time.monotonic()
        return delivered

    async def scan_deadlines_once(self) -> int:
        """Queue the deadline alerts due, if this worker holds the scheduler's lease; how many taskings."""
        ttl = timedelta(seconds=max(self.settings.deadline_scan_seconds * 3, 10))
        if not await take_lease(self.executor, self.worker, self.now(), ttl):
            return 0
        return await alert_deadlines(self.executor, self.now(), self.settings.deadline_alert_fraction)

    async def once(self) -> tuple[int, int]:
        """`lonet notify --once`: alert deadlines, then mail; (taskings alerted, mails delivered)."""
        alerted = await self.scan_deadlines_once()
        return alerted, await self.deliver_once()

    async def run(self) -> None:
        """The server's loops, until cancelled."""
        tasks = [asyncio.create_task(self._deadline_loop()), asyncio.create_task(self._delivery_loop())]
        if self.mailer is not None and self.bus is not None:
            tasks.append(asyncio.create_task(self._listen()))
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()

    async def _listen(self) -> None:
        async for _ in self.bus.subscribe():  # a committed change may have queued mail
            self._wake.set()

    async def _delivery_loop(self) -> None:
        while True:
            try:
                await self.deliver_once()
            except StoreError as exc:
                log.warning("notifications not delivered this round: %s", exc)
            except Exception:
                log.exception("the delivery loop failed a round")
            # Without a mail server the round only counts the outbox (for /metrics).
            poll = self.settings.notify_poll_seconds if self.mailer is not None else COUNT_SECONDS
            try:
                await asyncio.wait_for(self._wake.wait(), poll)
            except TimeoutError:
                pass
            self._wake.clear()

    async def _deadline_loop(self) -> None:
        while True:
            # First after one interval: a starting server (and a test's app) serves before it scans.
            await asyncio.sleep(self.settings.deadline_scan_seconds)
            try:
                alerted = await self.scan_deadlines_once()
                if alerted:
                    log.info("deadline alerts queued for %s taskings", alerted)
                    self._wake.set()
            except StoreError as exc:
                log.warning("deadlines not scanned this round: %s", exc)
            except Exception:
                log.exception("the deadline scheduler failed a round")
