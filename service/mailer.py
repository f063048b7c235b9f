"""Mail over SMTP (aiosmtplib): LONET_SMTP_HOST/PORT/FROM, optional STARTTLS and credentials."""

from __future__ import annotations

from email.message import EmailMessage

import aiosmtplib

from .settings import Settings
from .usecases.notifications.delivery import MailNotSent


class SmtpMailer:
    def __init__(self, settings: Settings) -> None:
        if settings.smtp_host is None:
            raise ValueError("LONET_SMTP_HOST is not set")
        self.host = settings.smtp_host
        self.port = settings.smtp_port
        self.start_tls = settings.smtp_starttls
        self.username = settings.smtp_user
        self.password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        self.timeout = settings.smtp_timeout_seconds

    async def send(self, message: EmailMessage) -> None:
        try:
            await aiosmtplib.send(
                message,
                hostname=self.host,
                port=self.port,
                start_tls=self.start_tls,
                username=self.username,
                password=self.password,
                timeout=self.timeout,
            )
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            raise MailNotSent(f"{exc.__class__.__name__}: {exc}") from exc
