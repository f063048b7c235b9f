"""The outbox: a change's notifications are written in the change's own unit of work.

`enqueue` runs inside the transaction that makes the change; if it rolls back, nobody is told,
and if it commits, the notifications are there for the delivery loop (service/notifier.py) and
the API alike. Each notification's id is derived from the change and the recipient (the
idempotency key), so a unit of work run again (Neo4j retries it on a transient error) or two
schedulers alerting the same deadline queue it once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ...security.identity import Identity
from ...store import Transaction
from ...store.queries import notifications as q
from .kinds import WHO_HEARS, Audience, NotificationKind
from .texts import DEFAULT_LANGUAGE, LANGUAGES


class EmailStatus:
    PENDING = "PENDING"  # to be mailed
    SENDING = "SENDING"  # a worker is mailing it
    DELIVERED = "DELIVERED"  # the SMTP server took it
    FAILED = "FAILED"  # given up after LONET_NOTIFY_MAX_ATTEMPTS
    NOT_SENT = "NOT_SENT"  # no address, or the recipient turned this kind's e-mail off


# The language of a service's mailbox when its users chose none (Belgian services work in Dutch
# and French alike; a Belgian requester may choose French in their settings).
COUNTRY_LANGUAGE = {"NL": "nl", "BE": "nl", "LU": "fr"}


def officer_recipient(officer_id: str) -> str:
    return f"officer:{officer_id}"


def recipients_of(identity: Identity) -> list[str]:
    """The recipient keys whose notifications this caller reads: theirs as an officer or as a
    person, and their service's mailbox's (requests made before requesters were kept)."""
    if identity.officer_id:
        return [officer_recipient(identity.officer_id)]
    return [f"subject:{identity.subject}", f"service:{identity.service}"]


def own_recipient(identity: Identity) -> str:
    """The one key this caller's settings are kept under."""
    return recipients_of(identity)[0]


def notification_id(change_id: str, recipient: str, kind: str) -> str:
    """The idempotency key: one notification per recipient, change and kind."""
    return "N-" + hashlib.sha256(f"{change_id}|{recipient}|{kind}".encode()).hexdigest()[:24].upper()


@dataclass(frozen=True)
class Party:
    recipient: str
    email: str | None
    language: str


def _language(chosen: str | None, spoken: list[str] | None, country: str | None) -> str:
    for language in [chosen, *(spoken or []), COUNTRY_LANGUAGE.get(country or "")]:
        if language in LANGUAGES:
            return language
    return DEFAULT_LANGUAGE


def _party(audience: Audience, row: dict[str, Any], settings: dict[str, dict[str, Any]]) -> Party:
    if audience is Audience.ASSIGNEE:
        recipient = officer_recipient(row["officer"])
        chosen = settings.get(recipient, {}).get("language")
        return Party(recipient, row["officerEmail"], _language(chosen, row["officerLanguages"], None))
    if row["requester"]:
        recipient = f"subject:{row['requester']}"
        email = row["requesterEmail"] or row["mailbox"]
    else:
        recipient, email = f"service:{row['service']}", row["mailbox"]
    chosen = settings.get(recipient, {}).get("language")
    return Party(recipient, email, _language(chosen, None, row["serviceCountry"]))


def _candidate_recipients(row: dict[str, Any]) -> list[str]:
    keys = [officer_recipient(row["officer"]), f"service:{row['service']}"]
    return keys + ([f"subject:{row['requester']}"] if row["requester"] else [])


async def keep_requester(tx: Transaction, tasking_id: str, identity: Identity) -> None:
    """Who asked, for the requesting side's notifications later (inside requestTasking's unit of work)."""
    await tx.run(q.SAVE_REQUESTER, {"tasking": tasking_id, "subject": identity.subject, "email": identity.email})


async def enqueue(tx: Transaction, *, change: str, change_id: str, tasking_id: str, now: datetime) -> list[str]:
    """Queue the notifications of one change of a tasking (WHO_HEARS says to whom); the ids queued."""
    hearing = WHO_HEARS.get(str(change), ())
    if not hearing:
        return []
    rows = await tx.run(q.PARTIES_OF_TASKING, {"id": tasking_id})
    if not rows:
        return []
    row = rows[0]
    settings = {s["recipient"]: s for s in await tx.run(q.SETTINGS_OF, {"recipients": _candidate_recipients(row)})}
    queued = []
    for audience, kind in hearing:
        party = _party(audience, row, settings)
        emailed = party.email is not None and kind.value not in (settings.get(party.recipient, {}).get("emailOff") or [])
        queued.append(
            {
                "id": notification_id(change_id, party.recipient, kind.value),
                "recipient": party.recipient,
                "kind": kind.value,
                "tasking": tasking_id,
                "reference": row["reference"],
                "dueBy": row["dueBy"],
                "createdAt": now,
                "email": party.email if emailed else None,
                "language": party.language,
                "emailStatus": EmailStatus.PENDING if emailed else EmailStatus.NOT_SENT,
            }
        )
    await tx.run(q.ENQUEUE, {"rows": queued})
    return [n["id"] for n in queued]


__all__ = ["EmailStatus", "NotificationKind", "enqueue", "keep_requester", "notification_id", "recipients_of"]
