"""The outbox: a change's notifications are written in the change's own unit of work.

`enqueue` runs inside the transaction that makes the change; if it rolls back, nobody is told,
and if it commits, the notifications are there for the delivery loop (service/notifier.py) and
the API alike. Each notification's id is derived from the change and the recipient (the
idempotency key), so a unit of work run again (Neo4j retries it on a transient error) or two
schedulers alerting the same deadline queue it once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ...security.identity import Identity
from ...store import Transaction
from ...store.queries import notifications as q
from .kinds import WHO_HEARS, Audience, NotificationKind, NotificationSubjectKind
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


def subject_recipient(subject: str) -> str:
    """A person known by their token's subject (a requester, an administrator)."""
    return f"subject:{subject}"


def recipients_of(identity: Identity) -> list[str]:
    """The recipient keys whose notifications this caller reads: theirs as an officer or as a
    person, and their service's mailbox's (requests made before requesters were kept, threat
    notices addressed to the service: its investigators and managers read them, not its LOs)."""
    if identity.officer_id:
        return [officer_recipient(identity.officer_id)]
    return [subject_recipient(identity.subject), service_recipient(identity.service)]


def own_recipient(identity: Identity) -> str:
    """The one key this caller's settings are kept under."""
    return recipients_of(identity)[0]


def notification_id(change_id: str, recipient: str, kind: str) -> str:
    """The idempotency key: one notification per recipient, change and kind."""
    return "N-" + hashlib.sha256(f"{change_id}|{recipient}|{kind}".encode()).hexdigest()[:24].upper()


@dataclass(frozen=True)
class Contact:
    """Who hears a notification and how to reach them; their language is chosen when it is queued
    (their own choice in their settings, else the languages they speak, else their country's)."""

    recipient: str
    email: str | None
    spoken: tuple[str, ...] = ()
    country: str | None = None


@dataclass(frozen=True)
class About:
    """What a notification is about: a tasking (its reference and deadline) or a notice (its id)."""

    kind: NotificationSubjectKind
    id: str
    reference: str
    due_by: datetime | None = None


def service_recipient(code: str) -> str:
    """The key under which a service's users (not its LOs) read what is told to the service."""
    return f"service:{code}"


def _language(chosen: str | None, contact: Contact) -> str:
    for language in [chosen, *contact.spoken, COUNTRY_LANGUAGE.get(contact.country or "")]:
        if language in LANGUAGES:
            return language
    return DEFAULT_LANGUAGE


def _contact(audience: Audience, row: dict[str, Any]) -> Contact:
    if audience is Audience.ASSIGNEE:
        return Contact(officer_recipient(row["officer"]), row["officerEmail"], tuple(row["officerLanguages"] or ()))
    if row["requester"]:
        email = row["requesterEmail"] or row["mailbox"]
        return Contact(subject_recipient(row["requester"]), email, country=row["serviceCountry"])
    return Contact(service_recipient(row["service"]), row["mailbox"], country=row["serviceCountry"])


# What a change's notifications need of the tasking's parties (notifications.PARTIES_OF_TASKING).
PARTY_FIELDS = (
    "tasking", "reference", "dueBy", "officer", "officerEmail", "officerLanguages", "service", "serviceCountry",
    "mailbox", "requester", "requesterEmail",
)


def parties_of(row: dict[str, Any]) -> dict[str, Any]:
    """The parties' fields of a row that has them (tasking.TASKING_AND_PARTIES_BY_ID)."""
    return {name: row[name] for name in PARTY_FIELDS}


async def keep_requester(tx: Transaction, tasking_id: str, identity: Identity) -> None:
    """Who asked, for the requesting side's notifications later (inside requestTasking's unit of work)."""
    await tx.run(q.SAVE_REQUESTER, {"tasking": tasking_id, "subject": identity.subject, "email": identity.email})


async def enqueue(
    tx: Transaction,
    *,
    change: str,
    change_id: str,
    tasking_id: str,
    now: datetime,
    parties: dict[str, Any] | None = None,
    new_change: bool = False,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[str]:
    """Queue the notifications of one change of a tasking (WHO_HEARS says to whom); the ids queued.
    `parties`: the tasking's parties as PARTIES_OF_TASKING gives them, when the unit of work has
    just written them (a new request): not read again. `new_change`: the change was made in this
    unit of work (its id is new), so its notifications cannot be queued yet. `settings`: what users
    chose, when the caller has them (DirectoryReads.notification_settings): not read again."""
    hearing = WHO_HEARS.get(str(change), ())
    if not hearing:
        return []
    if parties is None:
        rows = await tx.run(q.PARTIES_OF_TASKING, {"id": tasking_id})
        if not rows:
            return []
        parties = rows[0]
    about = About(NotificationSubjectKind.TASKING, tasking_id, parties["reference"], parties["dueBy"])
    told = [(_contact(audience, parties), kind) for audience, kind in hearing]
    return await enqueue_about(tx, about=about, told=told, change_id=change_id, now=now, new_change=new_change, settings=settings)


async def enqueue_about(
    tx: Transaction,
    *,
    about: About,
    told: list[tuple[Contact, NotificationKind]],
    change_id: str,
    now: datetime,
    new_change: bool = False,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[str]:
    """Queue one change's notifications about one subject: each contact hears of it as the kind
    given, mailed unless they have no address or turned that kind's e-mail off; the ids queued.
    Queued again (a retried unit of work, two schedulers), nothing is queued twice; a `new_change`
    made in this unit of work has none queued yet and is written without looking. The contacts'
    `settings` are read in the unit unless given."""
    if not told:
        return []
    if settings is None:
        recipients = sorted({contact.recipient for contact, _ in told})
        settings = {s["recipient"]: s for s in await tx.run(q.SETTINGS_OF, {"recipients": recipients})}
    queued: dict[str, dict[str, Any]] = {}  # by id: one recipient told twice of one change hears once
    for contact, kind in told:
        chosen = settings.get(contact.recipient, {})
        emailed = contact.email is not None and kind.value not in (chosen.get("emailOff") or [])
        key = notification_id(change_id, contact.recipient, kind.value)
        queued.setdefault(
            key,
            {
                "id": key,
                "recipient": contact.recipient,
                "kind": kind.value,
                "email": contact.email if emailed else None,
                "language": _language(chosen.get("language"), contact),
                "emailStatus": EmailStatus.PENDING if emailed else EmailStatus.NOT_SENT,
            },
        )
    await tx.run(
        q.ENQUEUE_NEW if new_change else q.ENQUEUE,
        {
            "rows": list(queued.values()),
            "subjectKind": about.kind.value,
            "subjectId": about.id,
            "tasking": about.id if about.kind is NotificationSubjectKind.TASKING else None,
            "reference": about.reference,
            "dueBy": about.due_by,
            "now": now,
        },
    )
    return list(queued)


async def service_contacts(tx: Transaction, codes: list[str]) -> list[Contact]:
    """The users of these services, reached at each service's functional mailbox."""
    rows = await tx.run(q.SERVICE_CONTACTS, {"codes": sorted(set(codes))})
    return [Contact(service_recipient(r["service"]), r["mailbox"], country=r["country"]) for r in rows]


async def officer_contact(tx: Transaction, officer_id: str) -> Contact | None:
    rows = await tx.run(q.OFFICER_CONTACT, {"id": officer_id})
    if not rows:
        return None
    return Contact(officer_recipient(officer_id), rows[0]["email"], tuple(rows[0]["languages"] or ()))


__all__ = [
    "About", "Contact", "EmailStatus", "NotificationKind", "NotificationSubjectKind", "enqueue", "enqueue_about",
    "keep_requester", "notification_id", "officer_contact", "recipients_of", "service_contacts",
]
