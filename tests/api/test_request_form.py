"""The Benelux request form, amending a request until it is accepted, and deconfliction, through
HTTP on the demo network (both engines)."""

from __future__ import annotations

import pytest

from .conftest import GraphQLClient
from .test_taskings import drugs_in_serbia

FORM_FIELDS = """id reference version status priority dueBy details caseNumber judicialAuthority authorisationReference
    replyLanguage contact { name phone email }
    subjects { kind name dateOfBirth nationality plate phone registrationNumber street postcode city country }
    deconfliction { kind matchKey service { code } contact { name phone email } }
    events { action actor note }"""
REQUEST = f"mutation($input: RequestTaskingInput!) {{ requestTasking(input: $input) {{ {FORM_FIELDS} }} }}"
GET = f"query($id: ID!) {{ tasking(id: $id) {{ {FORM_FIELDS} }} }}"
AMEND = (
    "mutation($id: ID!, $v: Int!, $details: String, $priority: Priority, $subjects: [SubjectInput!]) {"
    f" amendTasking(id: $id, version: $v, details: $details, priority: $priority, subjects: $subjects) {{ {FORM_FIELDS} }} }}"
)
SHARED_PHONE = "+381 64 555 0199"


def with_form(**changes) -> dict:
    return drugs_in_serbia(
        contact={"name": "Insp. An Peeters", "phone": "+32 2 555 01 99", "email": "an.peeters@police.example"},
        caseNumber="AN.20.L1.012345/26",
        replyLanguage="NL",
        subjects=[
            {"person": {"name": "Dragan Petrović", "dateOfBirth": "1984-03-02", "nationality": "rs"}},
            {"vehicle": {"plate": "bg-123-ab", "country": "RS"}},
            {"phone": SHARED_PHONE},
            {"company": {"name": "Trans-Balkan Logistics d.o.o.", "registrationNumber": "21345678", "country": "RS"}},
            {"address": {"street": "Knez Mihailova 12", "postcode": "11000", "city": "Belgrade", "country": "RS"}},
        ],
        **changes,
    )


async def test_a_request_carries_the_form_and_its_subjects_normalised(api: GraphQLClient) -> None:
    investigator = api.as_("investigator-be").justified("case AN/2026/0412")

    made = (await investigator.data(REQUEST, {"input": with_form()}))["requestTasking"]

    assert made["caseNumber"] == "AN.20.L1.012345/26" and made["replyLanguage"] == "NL"
    assert made["contact"] == {"name": "Insp. An Peeters", "phone": "+3225550199", "email": "an.peeters@police.example"}
    kinds = [(s["kind"], s["name"] or s["plate"] or s["phone"] or s["street"]) for s in made["subjects"]]
    assert kinds == [
        ("PERSON", "Dragan Petrović"), ("VEHICLE", "BG123AB"), ("PHONE", "+381645550199"),
        ("COMPANY", "Trans-Balkan Logistics d.o.o."), ("ADDRESS", "Knez Mihailova 12"),
    ]
    assert made["subjects"][0]["nationality"] == "RS" and made["subjects"][0]["dateOfBirth"] == "1984-03-02"
    assert made["deconfliction"] == []
    # The assigned LO reads the subjects as they read the details, but not the deconfliction.
    seen = (await api.as_("lo-belgrade").justified().data(GET, {"id": made["id"]}))["tasking"]
    assert seen["subjects"] == made["subjects"] and seen["deconfliction"] is None
    # ... and the read is in the consultation log as a read of the tasking.
    log = await api.as_("admin").data(
        'query($id: String) { auditLog(first: 10, filter: {objectId: $id}) { edges { node { operation subject } } } }',
        {"id": made["id"]},
    )
    assert ("readTasking", "lo:LO-001") in [(e["node"]["operation"], e["node"]["subject"]) for e in log["auditLog"]["edges"]]
    # Another service's investigator cannot read them at all.
    errors = await api.as_("investigator-nl").justified().errors(GET, {"id": made["id"]})
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"


BAD = [
    ({"subjects": [{"phone": "+381 64"}]}, "subjects[0].phone"),
    ({"subjects": [{"phone": "0645550199"}]}, "subjects[0].phone"),  # no country: not international
    ({"subjects": [{"person": {"name": "X", "dateOfBirth": "2030-01-01"}}]}, "subjects[0].person.dateOfBirth"),
    ({"subjects": [{"phone": SHARED_PHONE}, {"person": {"name": "X", "nationality": "QQ"}}]}, "subjects[1].person.nationality"),
    ({"subjects": [{"vehicle": {"plate": "B!", "country": "RS"}}]}, "subjects[0].vehicle.plate"),
    ({"subjects": [{"vehicle": {"plate": "BG123AB", "country": "XX"}}]}, "subjects[0].vehicle.country"),
    ({"subjects": [{"phone": SHARED_PHONE, "person": {"name": "X"}}]}, "subjects[0]"),
    ({"contact": {"name": "A", "email": "not-an-address"}}, "contact.email"),
    ({"contact": {"name": "A", "phone": "12"}}, "contact.phone"),
    ({"legalBasis": "MUTUAL_LEGAL_ASSISTANCE"}, "judicialAuthority"),
    ({"legalBasis": "MUTUAL_LEGAL_ASSISTANCE", "judicialAuthority": "Parquet d'Anvers"}, "authorisationReference"),
]


async def test_each_bad_value_is_refused_naming_its_place_and_nothing_is_written(api: GraphQLClient) -> None:
    investigator = api.as_("investigator-be").justified()
    for changes, field in BAD:
        errors = await investigator.errors(REQUEST, {"input": drugs_in_serbia(**changes)})
        assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT", (changes, errors)
        assert errors[0]["extensions"].get("field") == field, (changes, errors)
    everything = await api.as_("admin").data("{ taskings(first: 100) { nodes { id } } }")
    assert len(everything["taskings"]["nodes"]) == 36
    # Under mutual legal assistance, with its judicial authority and authorisation, it is accepted.
    judicial = drugs_in_serbia(
        legalBasis="MUTUAL_LEGAL_ASSISTANCE", judicialAuthority="Parquet d'Anvers", authorisationReference="AN/26/0412/JI"
    )
    made = (await investigator.data(REQUEST, {"input": judicial}))["requestTasking"]
    assert (made["judicialAuthority"], made["authorisationReference"]) == ("Parquet d'Anvers", "AN/26/0412/JI")


async def test_the_requester_amends_until_accepted(api: GraphQLClient) -> None:
    investigator = api.as_("investigator-be").justified("case AN/2026/0412")
    made = (await investigator.data(REQUEST, {"input": with_form()}))["requestTasking"]
    ids = {"id": made["id"], "v": made["version"]}

    amended = (
        await investigator.data(
            AMEND, {**ids, "details": "The number was also seen in Rotterdam.", "priority": "URGENT", "subjects": [{"phone": "+381 11 555 0100"}]}
        )
    )["amendTasking"]

    assert amended["version"] == made["version"] + 1
    assert amended["details"] == "The number was also seen in Rotterdam." and amended["priority"] == "URGENT"
    assert amended["caseNumber"] == made["caseNumber"]  # left out: kept
    assert [(s["kind"], s["phone"]) for s in amended["subjects"]] == [("PHONE", "+381115550100")]
    assert amended["dueBy"] < made["dueBy"]  # urgent: 3 days from now instead of 7
    event = amended["events"][-1]
    assert event["action"] == "AMENDED" and event["actor"] == "be-fedpol:inv.janssens"
    assert "details, priority, subjects" in event["note"] and "from ROUTINE to URGENT" in event["note"]

    ids = {"id": made["id"], "v": amended["version"]}
    stale = await investigator.errors(AMEND, {**ids, "v": made["version"], "details": "again"})
    assert stale[0]["extensions"]["code"] == "CONFLICT"
    wrong_role = await api.as_("lo-belgrade").justified().errors(AMEND, {**ids, "details": "mine"})
    assert wrong_role[0]["extensions"]["code"] == "FORBIDDEN"
    wrong_scope = await api.as_("investigator-nl").justified().errors(AMEND, {**ids, "details": "ours"})
    assert wrong_scope[0]["extensions"]["code"] == "NOT_FOUND"
    bad = await investigator.errors(AMEND, {**ids, "subjects": [{"phone": "+381"}]})
    assert (bad[0]["extensions"]["code"], bad[0]["extensions"].get("field")) == ("BAD_USER_INPUT", "subjects[0].phone")

    accepted = (await api.as_("lo-belgrade").justified().data(
        "mutation($id: ID!, $v: Int!) { acceptTasking(id: $id, version: $v) { version } }", ids
    ))["acceptTasking"]
    too_late = await investigator.errors(AMEND, {"id": made["id"], "v": accepted["version"], "details": "late"})
    assert too_late[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "ACCEPTED" in too_late[0]["message"] and too_late[0]["extensions"]["currentStatus"] == "ACCEPTED"

    log = await api.as_("admin").data(
        'query($id: String) { auditLog(first: 20, filter: {objectId: $id}) { edges { node { operation } } } }', {"id": made["id"]}
    )
    assert [e["node"]["operation"] for e in log["auditLog"]["edges"]].count("amendTasking") == 1


async def test_deconfliction_tells_both_services_whom_to_contact_and_nothing_else(api: GraphQLClient) -> None:
    belgian = api.as_("investigator-be").justified("case AN/2026/0412")
    dutch = api.as_("investigator-nl").justified("case RTM/2026/77")
    ours = (await belgian.data(REQUEST, {"input": with_form()}))["requestTasking"]
    # A second Belgian request on the same number is the same service's: no match.
    second = (await belgian.data(REQUEST, {"input": with_form(title="Same service, same number")}))["requestTasking"]
    assert second["deconfliction"] == []

    secret = "Informant DELTA-7 says the shipment lands in Rotterdam on Friday."
    theirs = (
        await dutch.data(
            REQUEST,
            {
                "input": drugs_in_serbia(
                    title="Rotterdam container case", details=secret,
                    contact={"name": "Rechercheur Bram de Vries", "phone": "+31 10 555 0123"},
                    subjects=[{"phone": "+381645550199"}, {"person": {"name": "Marko Jovanović", "dateOfBirth": "1990-05-05"}}],
                )
            },
        )
    )["requestTasking"]

    # Both Belgian requests name the number: the Dutch side learns whom to call about each.
    assert theirs["deconfliction"] == 2 * [
        {
            "kind": "PHONE", "matchKey": "PHONE:+381645550199", "service": {"code": "BE-FEDPOL"},
            "contact": {"name": "Insp. An Peeters", "phone": "+3225550199", "email": "an.peeters@police.example"},
        }
    ]
    response = await belgian.post(GET, {"id": ours["id"]})
    seen = response.json()["data"]["tasking"]
    assert seen["deconfliction"] == [
        {
            "kind": "PHONE", "matchKey": "PHONE:+381645550199", "service": {"code": "NL-POLITIE"},
            "contact": {"name": "Rechercheur Bram de Vries", "phone": "+31105550123", "email": None},
        }
    ]
    assert "DECONFLICTED" in [e["action"] for e in seen["events"]]
    # Nothing of the Dutch request reaches the Belgian side: not its content, nor its other subjects.
    for leaked in (secret, "Rotterdam container case", "Marko", theirs["id"], theirs["reference"]):
        assert leaked not in response.text, leaked
    # The assigned LO and a manager see the request, but not whom to contact about it.
    for other in ("lo-belgrade", "manager-be"):
        assert (await api.as_(other).justified().data(GET, {"id": ours["id"]}))["tasking"]["deconfliction"] is None

    # An amendment naming a person the Dutch request names is a second match, told both ways.
    subjects = [{"phone": SHARED_PHONE}, {"person": {"name": "MARKO  JOVANOVIC", "dateOfBirth": "1990-05-05"}}]
    await belgian.data(AMEND, {"id": ours["id"], "v": seen["version"], "subjects": subjects})
    again = (await dutch.data(GET, {"id": theirs["id"]}))["tasking"]
    assert sorted(m["kind"] for m in again["deconfliction"]) == ["PERSON", "PHONE", "PHONE"]
    assert {m["service"]["code"] for m in again["deconfliction"]} == {"BE-FEDPOL"}
