"""Who hears of a threat notice, queued in the outbox inside the notice's own unit of work.

- Issued: each addressed service, at the key its investigators and managers read
  (`service:<code>`, myNotifications / notificationAdded) and mailed to its functional mailbox, in
  the service's language. Its LOs are not told: they are posted abroad, and the notice is for the
  authorities at home (2003/170/JHA). Nobody outside the addressees is told anything.
- Acknowledged by every addressee: the issuer (the issuing LO, or the administrator who issued it
  for a multilateral desk: in lonet only, the store keeps no administrator's address).

A notification names the notice's id and that there is a notice, never its subject or text.
"""

from __future__ import annotations

from datetime import datetime

from ...store import Transaction
from ..notifications.kinds import NotificationKind, NotificationSubjectKind
from ..notifications.outbox import About, Contact, enqueue_about, officer_contact, service_contacts, subject_recipient
from .models import Notice


def _about(notice_id: str) -> About:
    return About(NotificationSubjectKind.NOTICE, notice_id, notice_id)


async def tell_addressees(tx: Transaction, notice_id: str, services: list[str], now: datetime) -> list[str]:
    contacts = await service_contacts(tx, services)
    told = [(contact, NotificationKind.NOTICE_ISSUED) for contact in contacts]
    return await enqueue_about(tx, about=_about(notice_id), told=told, change_id=f"{notice_id}|issued", now=now)


async def tell_issuer_when_all_acknowledged(tx: Transaction, notice: Notice, acknowledged: set[str], now: datetime) -> list[str]:
    """`acknowledged`: the services that have, read after this acknowledgement's write (which holds
    the notice's lock): of two last acknowledgements at once, the later sees the earlier's."""
    if not set(notice.addressees) <= acknowledged:
        return []
    issuer = await officer_contact(tx, notice.issuerOfficer) if notice.issuerOfficer else None
    if issuer is None:
        issuer = Contact(subject_recipient(notice.issuedBy), None)
    told = [(issuer, NotificationKind.NOTICE_ACKNOWLEDGED)]
    return await enqueue_about(tx, about=_about(notice.id), told=told, change_id=f"{notice.id}|acknowledged", now=now)
