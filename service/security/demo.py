"""Demo identities (dev auth mode only): what GraphiQL's identity picker and `lonet token` offer."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoIdentity:
    key: str
    label: str
    subject: str
    roles: tuple[str, ...]
    service: str
    officer_id: str | None = None


DEMO_IDENTITIES = [
    DemoIdentity("investigator-be", "Investigator, Belgian Federal Police", "be-fedpol:inv.janssens", ("investigator",), "BE-FEDPOL"),
    DemoIdentity("investigator-nl", "Investigator, Dutch National Police", "nl-politie:inv.devries", ("investigator",), "NL-POLITIE"),
    DemoIdentity("investigator-lu", "Investigator, Grand-Ducal Police", "lu-police:inv.weber", ("investigator",), "LU-POLICE"),
    DemoIdentity("lo-belgrade", "Liaison officer LO-001, Belgrade", "lo:LO-001", ("liaison_officer",), "NL-POLITIE", "LO-001"),
    DemoIdentity("manager-nl", "Manager, Dutch National Police", "nl-politie:mgr.bakker", ("manager",), "NL-POLITIE"),
    DemoIdentity("manager-be", "Manager, Belgian Federal Police", "be-fedpol:mgr.dubois", ("manager",), "BE-FEDPOL"),
    DemoIdentity("admin", "lonet administrator", "lonet:admin", ("admin",), "BE-FEDPOL"),
]
