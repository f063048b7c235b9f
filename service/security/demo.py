"""Demo identities (dev auth mode only): what GraphiQL's identity picker and `lonet token` offer."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_


@dataclass(frozen=True)
class DemoIdentity:
    key: str
    label: str  # marked N_(): a page shows it translated, _(label)
    subject: str
    roles: tuple[str, ...]
    service: str
    officer_id: str | None = None


DEMO_IDENTITIES = [
    DemoIdentity("investigator-be", N_("Investigator, Belgian Federal Police"), "be-fedpol:inv.janssens", ("investigator",), "BE-FEDPOL"),
    DemoIdentity("investigator-nl", N_("Investigator, Dutch National Police"), "nl-politie:inv.devries", ("investigator",), "NL-POLITIE"),
    DemoIdentity("investigator-lu", N_("Investigator, Grand-Ducal Police"), "lu-police:inv.weber", ("investigator",), "LU-POLICE"),
    DemoIdentity("lo-belgrade", N_("Liaison officer LO-001, Belgrade"), "lo:LO-001", ("liaison_officer",), "NL-POLITIE", "LO-001"),
    DemoIdentity("manager-nl", N_("Manager, Dutch National Police"), "nl-politie:mgr.bakker", ("manager",), "NL-POLITIE"),
    DemoIdentity("manager-be", N_("Manager, Belgian Federal Police"), "be-fedpol:mgr.dubois", ("manager",), "BE-FEDPOL"),
    DemoIdentity("admin", N_("lonet administrator"), "lonet:admin", ("admin",), "BE-FEDPOL"),
]
