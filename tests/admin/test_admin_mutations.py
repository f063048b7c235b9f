"""An admin keeps the directory true through GraphQL: every rule refuses with the field named, a
stale version is a CONFLICT, ending keeps history, and every change is in the consultation log."""

from __future__ import annotations

import json

import pytest

from seed import DEFAULT_SEED_DIR
from tests.api.conftest import GraphQLClient

NAMES = '{en: "Andes", nl: "Andes", fr: "Andes", de: "Anden"}'
PERU = '{en: "Peru", nl: "Peru", fr: "Pérou", de: "Peru"}'
OFFICER = """query($id: ID!) { officer(id: $id) { id name rank email version homeService { code }
    competences { competence { code } level } postings { id endsOn version kind city serves { code } } } }"""
POSTING = "id version city kind startsOn endsOn serves { code } accreditedTo { iso2 } programmes { code }"


def seed(name: str) -> list[dict]:
    return json.loads((DEFAULT_SEED_DIR / f"{name}.json").read_text(encoding="utf-8"))


def admin(api: GraphQLClient) -> GraphQLClient:
    return api.as_("admin").justified("CHG-2026-114")


async def officer(api: GraphQLClient, officer_id: str) -> dict:
    return (await admin(api).data(OFFICER, {"id": officer_id}))["officer"]


async def test_an_admin_adds_an_officer_posts_them_and_search_finds_them(api: GraphQLClient) -> None:
    created = (await admin(api).data(
        'mutation { createOfficer(input: {name: "Anouk de Vries", service: "NL-POLITIE", languages: ["nl", "en", "es"], '
        'email: "anouk.devries@lo.example.nl", competences: [{code: "DRUGS", level: 3}]}) { id version } }'
    ))["createOfficer"]
    posting = (await admin(api).data(
        f'mutation {{ openPosting(input: {{officer: "{created["id"]}", city: "Bogotá", country: "CO", '
        f'startsOn: "2026-11-01", kind: RESIDENT, serves: ["ALL"], accreditedTo: ["EC"]}}) {{ {POSTING} }} }}'
    ))["openPosting"]

    assert created["id"].startswith("LO-") and created["version"] == 1
    assert posting["version"] == 1 and posting["endsOn"] is None
    assert sorted(s["code"] for s in posting["serves"]) == sorted(s["code"] for s in seed("services"))
    found = (await api.data('{ searchLiaisons(country: "EC", competence: "DRUGS") { matches { route officer { id } } } }'))
    assert {"route": "ACCREDITED", "officer": {"id": created["id"]}} in found["searchLiaisons"]["matches"]
    log = await api.as_("admin").data(
        '{ auditLog(first: 5) { edges { node { operation objectIds justification } } } }'
    )
    operations = [e["node"] for e in log["auditLog"]["edges"]]
    assert {"operation": "openPosting", "objectIds": sorted([posting["id"], created["id"]]), "justification": "CHG-2026-114"} in operations
    assert {"operation": "createOfficer", "objectIds": [created["id"]], "justification": "CHG-2026-114"} in operations


async def test_an_admin_declares_an_area_of_responsibility_and_coverage_follows(api: GraphQLClient) -> None:
    gap = '{ coverage(region: "WESTERN_BALKANS", competence: "DRUGS") { countries { country { iso2 } status } } }'
    assert {c["country"]["iso2"]: c["status"] for c in (await admin(api).data(gap))["coverage"]["countries"]}["MK"] == "GAP"

    changed = (await admin(api).data(
        'mutation { updatePosting(id: "P-001", version: 1, input: {area: ["MK", "XK"]}) '
        "{ version servesAll area { iso2 } accreditedTo { iso2 } } }"
    ))["updatePosting"]
    assert changed == {"version": 2, "servesAll": True, "area": [{"iso2": "MK"}, {"iso2": "XK"}], "accreditedTo": [{"iso2": "ME"}]}

    found = (await api.data('{ searchLiaisons(country: "MK", competence: "DRUGS") { matches { route officer { id } reasons } } }'))
    [belgrade] = found["searchLiaisons"]["matches"]
    assert (belgrade["route"], belgrade["officer"]["id"]) == ("AREA", "LO-001")
    assert "covers North Macedonia as part of its declared area, from Belgrade, Serbia" in belgrade["reasons"]
    statuses = {c["country"]["iso2"]: c["status"] for c in (await admin(api).data(gap))["coverage"]["countries"]}
    assert statuses["MK"] == statuses["XK"] == "SINGLE_POINT"
    [error] = await admin(api).errors('mutation { updatePosting(id: "P-001", version: 2, input: {area: ["BQ"]}) { id } }')
    assert error["extensions"] == {**error["extensions"], "code": "BAD_USER_INPUT", "field": "area"}


async def test_an_update_changes_only_the_given_fields_and_bumps_the_version(api: GraphQLClient) -> None:
    before = await officer(api, "LO-002")

    changed = (await admin(api).data(
        'mutation { updateOfficer(id: "LO-002", version: 1, input: {rank: "Hoofdcommissaris", '
        'competences: [{code: "THB", level: 3}, {code: "CYBER", level: 1}]}) { version rank } }'
    ))["updateOfficer"]

    after = await officer(api, "LO-002")
    assert changed == {"version": 2, "rank": "Hoofdcommissaris"}
    assert after["name"] == before["name"] and after["email"] == before["email"]
    assert after["homeService"] == before["homeService"] and after["postings"] == before["postings"]
    assert sorted((c["competence"]["code"], c["level"]) for c in after["competences"]) == [("CYBER", 1), ("THB", 3)]


async def test_ending_a_posting_keeps_it_with_its_history(api: GraphQLClient) -> None:
    ended = (await admin(api).data('mutation { endPosting(id: "P-004", version: 1, endsOn: "2026-12-31") { endsOn version } }'))

    postings = (await officer(api, "LO-004"))["postings"]
    assert ended["endPosting"] == {"endsOn": "2026-12-31", "version": 2}
    assert [p["id"] for p in postings] == [p["id"] for p in seed("postings") if p["officer"] == "LO-004"]
    search = '{ searchLiaisons(country: "RS", onDate: "2027-01-05") { matches { officer { id } } } }'
    assert {"officer": {"id": "LO-004"}} not in (await api.data(search))["searchLiaisons"]["matches"]


async def test_a_posting_taskings_refer_to_cannot_be_removed_only_ended(api: GraphQLClient) -> None:
    referring = [t["reference"] for t in seed("taskings") if t["assignee"] == "LO-001"]

    errors = await admin(api).errors('mutation { removePosting(id: "P-001", version: 1) { id } }')

    assert errors[0]["extensions"] == {**errors[0]["extensions"], "code": "BAD_USER_INPUT", "field": "id"}
    assert all(reference in errors[0]["message"] for reference in referring)
    assert "P-001" in [p["id"] for p in (await officer(api, "LO-001"))["postings"]]


async def test_a_posting_entered_by_mistake_is_removed(api: GraphQLClient) -> None:
    opened = (await admin(api).data(
        'mutation { openPosting(input: {officer: "LO-060", city: "Lima", country: "PE", startsOn: "2027-02-01", '
        'kind: RESIDENT, serves: ["NL-POLITIE"]}) { id version } }'
    ))["openPosting"]

    removed = await admin(api).data(f'mutation {{ removePosting(id: "{opened["id"]}", version: 1) {{ id }} }}')

    assert removed == {"removePosting": {"id": opened["id"]}}
    assert opened["id"] not in [p["id"] for p in (await officer(api, "LO-060"))["postings"]]


async def test_served_services_changed_by_an_admin_change_who_finds_the_lo(api: GraphQLClient) -> None:
    search = '{ searchLiaisons(country: "RS", requestingService: "LU-POLICE") { matches { officer { id } } } }'
    assert {"officer": {"id": "LO-001"}} in (await api.data(search))["searchLiaisons"]["matches"]

    await admin(api).data('mutation { updatePosting(id: "P-001", version: 1, input: {serves: ["NL-POLITIE", "BE-FEDPOL"]}) { id } }')

    assert {"officer": {"id": "LO-001"}} not in (await api.data(search))["searchLiaisons"]["matches"]


async def test_services_and_labels(api: GraphQLClient) -> None:
    service = (await admin(api).data(
        'mutation { createService(input: {code: "LU-IGP", name: "Inspection générale de la Police", kind: INSPECTION}) '
        "{ code countryCode kind version } }"
    ))["createService"]
    renamed = (await admin(api).data(
        'mutation { updateService(code: "LU-IGP", version: 1, input: {name: "IGP"}) { name kind version } }'
    ))["updateService"]
    region = (await admin(api).data(f'mutation {{ saveRegion(code: "ANDES", names: {NAMES}) {{ code version }} }}'))["saveRegion"]
    country = (await admin(api).data(
        f'mutation {{ saveCountry(iso2: "PE", version: 1, names: {PERU}, region: "ANDES") {{ name(lang: FR) region {{ code }} version }} }}'
    ))["saveCountry"]

    assert service == {"code": "LU-IGP", "countryCode": "LU", "kind": "INSPECTION", "version": 1}
    assert renamed == {"name": "IGP", "kind": "INSPECTION", "version": 2}
    assert region == {"code": "ANDES", "version": 1}
    assert country == {"name": "Pérou", "region": {"code": "ANDES"}, "version": 2}
    kept = (await admin(api).data(f'mutation {{ saveCountry(iso2: "PE", version: 2, names: {PERU}) {{ region {{ code }} }} }}'))
    assert kept["saveCountry"]["region"] == {"code": "ANDES"}  # left out: kept


RESIDENT_LO_004 = 'input: {officer: "LO-004", city: "Novi Sad", country: "RS", startsOn: "2026-12-01", kind: RESIDENT, serves: ["BE-FEDPOL"]'


@pytest.mark.parametrize(
    ("mutation", "field", "message"),
    [
        ('createOfficer(input: {name: "X Y", service: "BE-NOPE"}) { id }', "service", "unknown service 'BE-NOPE'"),
        ('createOfficer(input: {name: "X Y", service: "XX"}) { id }', "service", "should match pattern"),
        ('createOfficer(input: {id: "LO-001", name: "X Y", service: "BE-FEDPOL"}) { id }', "id", "already exists"),
        ('createOfficer(input: {name: "X Y", service: "BE-FEDPOL", email: "no-at-sign"}) { id }', "email", "pattern"),
        ('createOfficer(input: {name: "X Y", service: "BE-FEDPOL", competences: [{code: "ARSON", level: 2}]}) { id }',
         "competences", "unknown competence 'ARSON'"),
        ('createOfficer(input: {name: "X Y", service: "BE-FEDPOL", competences: [{code: "DRUGS", level: 4}]}) { id }',
         "competences", "less than or equal to 3"),
        ('updateOfficer(id: "LO-001", version: 1, input: {name: "   "}) { id }', "name", "at least 1 character"),
        ('updateOfficer(id: "LO-001", version: 1, input: {competences: [{code: "DRUGS", level: 3}, {code: "DRUGS", level: 1}]}) '
         "{ id }", "competences", "DRUGS appears more than once"),
        ('updateOfficer(id: "LO-001", version: 1, input: {languages: ["Dutch"]}) { id }', "languages", "pattern"),
        (f'openPosting({RESIDENT_LO_004}}}) {{ id }}', "startsOn", "LO-004 would hold two active resident postings"),
        (f'openPosting({RESIDENT_LO_004}, endsOn: "2026-11-30"}}) {{ id }}', "endsOn", "is before startsOn"),
        ('openPosting(input: {officer: "LO-404", city: "C", country: "RS", startsOn: "2027-01-01", kind: REGIONAL, '
         'serves: ["ALL"]}) { id }', "officer", "unknown officer 'LO-404'"),
        ('openPosting(input: {officer: "LO-060", city: "C", country: "QQ", startsOn: "2027-01-01", kind: REGIONAL, '
         'serves: ["ALL"]}) { id }', "country", "unknown country 'QQ'"),
        ('openPosting(input: {officer: "LO-060", city: "C", country: "RS", startsOn: "2027-01-01", kind: REGIONAL, '
         'serves: ["BE-FEDPOL", "NL-NOPE"]}) { id }', "serves", "unknown service 'NL-NOPE'"),
        ('openPosting(input: {officer: "LO-060", city: "C", country: "RS", startsOn: "2027-01-01", kind: REGIONAL, '
         "serves: []}) { id }", "serves", "at least 1 item"),
        ('openPosting(input: {officer: "LO-060", city: "C", country: "RS", startsOn: "2027-01-01", kind: REGIONAL, '
         'serves: ["ALL"], accreditedTo: ["RS"]}) { id }', "accreditedTo", "repeats the posting's own country"),
        ('openPosting(input: {officer: "LO-060", city: "C", country: "RS", startsOn: "2027-01-01", kind: REGIONAL, '
         'serves: ["ALL"], accreditedTo: ["ZZ"]}) { id }', "accreditedTo", "unknown country 'ZZ'"),
        ('openPosting(input: {officer: "LO-060", city: "C", country: "RS", startsOn: "2027-01-01", kind: REGIONAL, '
         'serves: ["ALL"], programmes: ["NOPE"]}) { id }', "programmes", "unknown programme 'NOPE'"),
        ('updatePosting(id: "P-034", version: 1, input: {kind: RESIDENT, startsOn: "2024-07-01"}) { id }', "startsOn",
         "two active resident postings (P-072 and P-034)"),
        ('extendPosting(id: "P-006", version: 1, endsOn: "2027-06-30") { id }', "startsOn", "two active resident postings"),
        ('extendPosting(id: "P-006", version: 1, endsOn: "2026-06-30") { id }', "endsOn", "does not extend"),
        ('extendPosting(id: "P-004", version: 1, endsOn: "2028-01-01") { id }', "endsOn", "open-ended already"),
        ('endPosting(id: "P-004", version: 1, endsOn: "2025-01-01") { id }', "endsOn", "is before startsOn"),
        ('endPosting(id: "P-006", version: 1, endsOn: "2027-03-01") { id }', "endsOn", "would not end it sooner"),
        ('createService(input: {code: "DE-BKA", name: "BKA", kind: POLICE}) { code }', "code", "pattern"),
        ('createService(input: {code: "BE-FEDPOL", name: "Twice", kind: POLICE}) { code }', "code", "already exists"),
        (f'saveCountry(iso2: "PE", version: 1, names: {NAMES}, region: "ATLANTIS") {{ iso2 }}', "region", "unknown region 'ATLANTIS'"),
        (f'saveCountry(iso2: "RS", names: {NAMES}) {{ iso2 }}', "iso2", "pass its version"),
        (f'saveRegion(code: "the andes", names: {NAMES}) {{ code }}', "code", "pattern"),
    ],
    ids=[
        "officer-unknown-service", "officer-bad-service-code", "officer-id-taken", "officer-bad-email",
        "officer-unknown-competence", "officer-level-4", "officer-blank-name", "officer-competence-twice", "officer-bad-language",
        "second-active-resident-posting", "posting-ends-before-start", "posting-unknown-officer", "posting-unknown-country",
        "posting-unknown-served-service", "posting-serves-nobody", "accredited-to-own-country", "accredited-unknown-country",
        "posting-unknown-programme", "becoming-resident-overlaps", "extension-overlaps-next-resident", "extension-not-later",
        "extending-open-ended", "ending-before-start", "ending-later", "service-foreign-code", "service-code-taken",
        "country-unknown-region", "country-exists-without-version", "region-bad-code",
    ],
)
async def test_every_rule_refuses_with_the_field_named_and_changes_nothing(
    api: GraphQLClient, mutation: str, field: str, message: str
) -> None:
    before = await api.as_("admin").data("{ officers(first: 100) { nodes { id version postings { id endsOn version kind } } } } ")

    errors = await admin(api).errors(f"mutation {{ {mutation} }}")

    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT", errors
    assert errors[0]["extensions"]["field"] == field
    assert message in errors[0]["message"]
    assert await api.as_("admin").data("{ officers(first: 100) { nodes { id version postings { id endsOn version kind } } } } ") == before


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ('updateOfficer(id: "LO-003", version: 1, input: {rank: "A"}) { version }',
         'updateOfficer(id: "LO-003", version: 1, input: {rank: "B"}) { version }'),
        ('endPosting(id: "P-003", version: 1, endsOn: "2027-01-31") { version }',
         'updatePosting(id: "P-003", version: 1, input: {city: "Tirana"}) { version }'),
        ('updateService(code: "NL-KMAR", version: 1, input: {name: "A"}) { version }',
         'updateService(code: "NL-KMAR", version: 1, input: {name: "B"}) { version }'),
        (f'saveCountry(iso2: "AL", version: 1, names: {NAMES}) {{ version }}', f'saveCountry(iso2: "AL", version: 1, names: {NAMES}) {{ version }}'),
        ('removePosting(id: "P-062", version: 1) { id }', 'removePosting(id: "P-062", version: 1) { id }'),
    ],
    ids=["officer", "posting", "service", "country", "removed-posting"],
)
async def test_a_stale_version_is_a_conflict(api: GraphQLClient, first: str, second: str) -> None:
    await admin(api).data(f"mutation {{ {first} }}")

    errors = await admin(api).errors(f"mutation {{ {second} }}")

    assert errors[0]["extensions"]["code"] in ("CONFLICT", "NOT_FOUND")  # a removed posting is gone
    if "removePosting" not in second:
        assert errors[0]["extensions"] == {**errors[0]["extensions"], "code": "CONFLICT", "currentVersion": 2}


async def test_unknown_records_are_not_found_and_a_justification_is_required(api: GraphQLClient) -> None:
    missing = await admin(api).errors('mutation { updateOfficer(id: "LO-999", version: 1, input: {rank: "A"}) { id } }')
    unjustified = await api.as_("admin").errors('mutation { updateOfficer(id: "LO-001", version: 1, input: {rank: "A"}) { id } }')

    assert missing[0]["extensions"]["code"] == "NOT_FOUND"
    assert unjustified[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert unjustified[0]["extensions"]["field"] == "justification"
    assert (await officer(api, "LO-001"))["version"] == 1
