"""Reading the directory as records, and writing planned changes, inside the caller's unit of work."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ...store import Transaction
from ...store.queries import availability as aq
from ...store.queries import bulk as q
from ...store.queries import directory as dq
from ...store.queries import seed as sq
from .formats import Bundle
from .plan import Change, Snapshot
from .records import BY_NAME


async def lock(tx: Transaction, bundle: Bundle) -> dict[str, dict[str, int]]:
    """Lock the stored records the bundle names; their versions by entity and key."""
    found: dict[str, dict[str, int]] = {}
    for entity in bundle.rows:
        rows = await tx.run(q.LOCK[entity], {"keys": bundle.keys(entity)})
        found[entity] = {row["key"]: row["version"] for row in rows}
    return found


def _grouped(rows: list[dict[str, Any]], key: str, value: str) -> dict[str, list[Any]]:
    groups: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row[value])
    return groups


async def read_snapshot(tx: Transaction) -> Snapshot:
    snapshot = Snapshot()

    def put(entity: str, rows: list[dict[str, Any]]) -> None:
        model, key = BY_NAME[entity].model, BY_NAME[entity].key
        # The directory's statements may return more than the import format holds: only its fields.
        fields = model.model_fields
        snapshot.records[entity] = {row[key]: model.model_validate({k: v for k, v in row.items() if k in fields}) for row in rows}

    put("services", await tx.run(dq.SERVICES))
    put("regions", await tx.run(dq.REGIONS))
    put("countries", await tx.run(dq.COUNTRIES))
    put("competences", await tx.run(dq.COMPETENCES))
    programmes = await tx.run(dq.PROGRAMMES)
    covers = _grouped(await tx.run(dq.COUNTRIES_BY_PROGRAMMES, {"ids": [g["code"] for g in programmes]}), "programme", "code")
    put("programmes", [{**g, "countries": covers[g["code"]]} for g in programmes])

    officers = await tx.run(q.ALL_OFFICERS)
    ids = [o["id"] for o in officers]
    levels: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in await tx.run(dq.COMPETENCES_BY_OFFICERS, {"ids": ids}):
        levels[row["officer"]].append({"code": row["code"], "level": row["level"]})
    deputies = _grouped(sorted(await tx.run(aq.ALL_DEPUTY_LINKS), key=lambda r: r["rank"]), "officer", "deputy")
    put(
        "officers",
        [
            {**o, "languages": o["languages"] or [], "competences": levels[o["id"]], "deputies": deputies[o["id"]]}
            for o in officers
        ],
    )

    postings = await tx.run(q.ALL_POSTINGS)
    ids = [p["id"] for p in postings]
    accredited = _grouped(await tx.run(dq.ACCREDITATIONS_BY_POSTINGS, {"ids": ids}), "posting", "code")
    serves = _grouped(await tx.run(dq.SERVED_SERVICES_BY_POSTINGS, {"ids": ids}), "posting", "code")
    programmes = _grouped(await tx.run(dq.PROGRAMMES_BY_POSTINGS, {"ids": ids}), "posting", "code")
    areas = _grouped(await tx.run(dq.AREA_BY_POSTINGS, {"ids": ids}), "posting", "code")
    put(
        "postings",
        [
            {
                **{k: v for k, v in p.items() if k != "servesAll"},
                "accreditedTo": accredited[p["id"]],
                "serves": "ALL" if p["servesAll"] else serves[p["id"]],
                "programmes": programmes[p["id"]],
                "area": areas[p["id"]],
            }
            for p in postings
        ],
    )
    return snapshot


async def write_changes(tx: Transaction, changes: list[Change]) -> None:
    """Create or update the changed records and replace their links: a handful of batched statements."""
    by_entity: dict[str, list[Any]] = defaultdict(list)
    for change in changes:
        by_entity[change.entity].append(change.record)
    services, regions = by_entity["services"], by_entity["regions"]
    countries, competences = by_entity["countries"], by_entity["competences"]
    programmes, officers, postings = by_entity["programmes"], by_entity["officers"], by_entity["postings"]

    await tx.run(q.UPSERT_SERVICES, {"rows": [s.model_dump() for s in services]})
    await tx.run(q.UPSERT_REGIONS, {"rows": [r.model_dump(mode="json") for r in regions]})
    await tx.run(q.UPSERT_COUNTRIES, {"rows": [c.model_dump(mode="json", exclude={"region"}) for c in countries]})
    await tx.run(q.CLEAR_COUNTRY_REGIONS, {"keys": [c.iso2 for c in countries]})
    await tx.run(sq.LINK_COUNTRY_REGIONS, {"rows": [{"iso2": c.iso2, "region": c.region} for c in countries if c.region]})
    await tx.run(q.UPSERT_COMPETENCES, {"rows": [c.model_dump() for c in competences]})
    await tx.run(q.UPSERT_PROGRAMMES, {"rows": [p.model_dump(exclude={"countries"}) for p in programmes]})
    await tx.run(q.CLEAR_PROGRAMME_COUNTRIES, {"keys": [p.code for p in programmes]})
    await tx.run(
        sq.LINK_PROGRAMME_COUNTRIES, {"rows": [{"programme": p.code, "iso2": iso2} for p in programmes for iso2 in p.countries]}
    )

    ids = [o.id for o in officers]
    await tx.run(q.UPSERT_OFFICERS, {"rows": [o.model_dump(exclude={"service", "competences", "deputies"}) for o in officers]})
    await tx.run(q.CLEAR_MEMBERSHIPS, {"keys": ids})
    await tx.run(q.LINK_MEMBERSHIPS, {"rows": [{"officer": o.id, "service": o.service} for o in officers]})
    await tx.run(q.CLEAR_OFFICER_COMPETENCES, {"keys": ids})
    await tx.run(
        sq.LINK_OFFICER_COMPETENCES,
        {"rows": [{"officer": o.id, "code": c.code, "level": c.level} for o in officers for c in o.competences]},
    )
    await tx.run(q.CLEAR_DEPUTIES, {"keys": ids})
    await tx.run(
        sq.LINK_DEPUTIES,
        {"rows": [{"officer": o.id, "deputy": d, "rank": rank} for o in officers for rank, d in enumerate(o.deputies, 1)]},
    )

    ids = [p.id for p in postings]
    await tx.run(
        q.UPSERT_POSTINGS,
        {
            "rows": [
                {**p.model_dump(exclude={"accreditedTo", "serves", "programmes", "area"}), "servesAll": p.serves == "ALL"}
                for p in postings
            ]
        },
    )
    for clear, link, field, column in (
        (q.CLEAR_POSTING_ACCREDITATIONS, sq.LINK_POSTING_ACCREDITATIONS, "accreditedTo", "iso2"),
        (q.CLEAR_POSTING_SERVICES, sq.LINK_POSTING_SERVICES, "serves", "service"),
        (q.CLEAR_POSTING_PROGRAMMES, sq.LINK_POSTING_PROGRAMMES, "programmes", "programme"),
        (q.CLEAR_POSTING_AREA, sq.LINK_POSTING_AREA, "area", "iso2"),
    ):
        codes = {p.id: getattr(p, field) for p in postings}
        await tx.run(clear, {"keys": ids})
        await tx.run(link, {"rows": [{"posting": pid, column: code} for pid, found in codes.items() if found != "ALL" for code in found]})
