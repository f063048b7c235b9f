"""The role x operation matrix, walked through HTTP for every root field the API has.

The expectations are the design's table written out by hand (not read from
service/security/policy.py), so a rule changed by mistake, a new root field without a rule, or a
new field without a row here all fail this test. "Same" callers belong to the service that owns
the object (and, for an LO, are its assignee or the officer concerned); "other" callers do not.
"""

from __future__ import annotations

from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from service.graphql.permissions import ROOT_OPERATIONS
from service.graphql.schema import schema

from ..api.conftest import GraphQLClient, client_on
from ..conftest import ENGINES, embedded_demo, neo4j_demo

ROLES = ("investigator", "liaison_officer", "manager", "admin")
SAME, OTHER = "BE-FEDPOL", "NL-POLITIE"  # OTHER is also another country
Row = dict[str, tuple[bool, bool]]  # role -> (allowed for a "same" caller, for an "other" caller)

EVERYONE: Row = {r: (True, True) for r in ROLES}
ADMIN_ONLY: Row = {"investigator": (False, False), "liaison_officer": (False, False), "manager": (False, False), "admin": (True, True)}
SEE_TASKING: Row = {"investigator": (True, False), "liaison_officer": (True, False), "manager": (True, False), "admin": (True, True)}
MY_TASKINGS: Row = EVERYONE  # an LO: their inbox; everyone else: their own service's requests
REQUEST: Row = {"investigator": (True, False), "liaison_officer": (False, False), "manager": (False, False), "admin": (True, True)}
WORK: Row = {"investigator": (False, False), "liaison_officer": (True, False), "manager": (False, False), "admin": (True, True)}
CANCEL: Row = {"investigator": (True, False), "liaison_officer": (False, False), "manager": (False, False), "admin": (True, True)}
REASSIGN: Row = {"investigator": (True, False), "liaison_officer": (True, False), "manager": (False, False), "admin": (True, True)}
OWN_AVAILABILITY: Row = {"investigator": (False, False), "liaison_officer": (True, False), "manager": (False, False), "admin": (True, True)}
CONVERSE: Row = {"investigator": (True, False), "liaison_officer": (True, False), "manager": (False, False), "admin": (False, False)}
# Everyone's own notifications; a calendar is an LO's own (their windows and taskings).
OWN: Row = EVERYONE
CALENDAR: Row = {"investigator": (False, False), "liaison_officer": (True, True), "manager": (False, False), "admin": (False, False)}
ANALYTICS: Row = {"investigator": (False, False), "liaison_officer": (False, False), "manager": (True, True), "admin": (True, True)}
GATHERINGS: Row = {"investigator": (False, False), "liaison_officer": (True, True), "manager": (True, True), "admin": (True, True)}
SEE_GATHERING: Row = {"investigator": (False, False), "liaison_officer": (True, False), "manager": (True, True), "admin": (True, True)}
ORGANISE: Row = ANALYTICS  # managers and admins; an LO only a local LO meeting they convene (tests/api/test_coordinators.py)
OWN_INVITATION: Row = {"investigator": (False, False), "liaison_officer": (True, False), "manager": (False, False), "admin": (True, True)}
ADDRESSED: Row = {"investigator": (True, False), "liaison_officer": (True, False), "manager": (True, False), "admin": (True, True)}
ACKNOWLEDGE: Row = {"investigator": (True, False), "liaison_officer": (True, False), "manager": (True, False), "admin": (True, False)}
ISSUER: Row = OWN_INVITATION  # the LO (their own posting, their own notice) and admins


@dataclass(frozen=True)
class Sample:
    operation: str
    query: str
    field: str  # the root field the query selects
    expected: Row
    owner: str = SAME  # the service owning the object acted on
    officer: str = "LO-001"  # the officer concerned (an LO caller "same" is this officer)
    setup: str | None = None  # a mutation an administrator runs first (to reach the state the sample needs)
    # A gathering or notice a caller may not see answers as an unknown id would ("no gathering ...").
    hidden_as: str = ""

    @property
    def on_a_tasking(self) -> bool:
        # requestTasking on an existing tasking (`id:`) is amendTasking: the requesting side's scope.
        operations = (
            "readTasking", "requestTasking", "workTasking", "cancelTasking", "reassignTasking", "recordConsent",
            "provideInformation", "converse", "redirectTasking",
        )
        return self.operation in operations and ("(id:" in self.query or "(taskingId:" in self.query)


REQUEST_INPUT = (
    '{title: "Check a vehicle registration", country: "RS", competences: ["DRUGS"], '
    'legalBasis: BENELUX_POLICE_TREATY_2018, requestingService: "BE-FEDPOL"}'
)

SAMPLES: dict[str, Sample] = {
    "Query.officer": Sample("searchDirectory", '{ officer(id: "LO-001") { id name } }', "officer", EVERYONE),
    "Query.officers": Sample("searchDirectory", "{ officers(first: 2) { nodes { id } } }", "officers", EVERYONE),
    "Query.findOfficers": Sample(
        "searchDirectory", '{ findOfficers(text: "gerard", first: 2) { nodes { id } } }', "findOfficers", EVERYONE
    ),
    "Query.countries": Sample("searchDirectory", '{ countries(region: "WESTERN_BALKANS") { iso2 } }', "countries", EVERYONE),
    "Query.regions": Sample("searchDirectory", "{ regions { code } }", "regions", EVERYONE),
    "Query.competences": Sample("searchDirectory", "{ competences { code } }", "competences", EVERYONE),
    "Query.services": Sample("searchDirectory", "{ services { code } }", "services", EVERYONE),
    "Query.programmes": Sample("searchDirectory", "{ programmes { code } }", "programmes", EVERYONE),
    "Query.searchLiaisons": Sample(
        "searchDirectory", '{ searchLiaisons(country: "RS") { matches { officer { id } } } }', "searchLiaisons", EVERYONE
    ),
    "Query.auditLog": Sample("readAuditLog", "{ auditLog(first: 5) { edges { node { seq } } } }", "auditLog", ADMIN_ONLY),
    "Query.coverage": Sample(
        "readAnalytics", '{ coverage(competence: "DRUGS") { asOf gaps { country { iso2 } } } }', "coverage", ANALYTICS
    ),
    "Query.workload": Sample("readAnalytics", "{ workload { open byOfficer { key open } } }", "workload", ANALYTICS),
    "Query.responseTimes": Sample(
        "readAnalytics", "{ responseTimes { overall { toAccepted { medianHours } } } }", "responseTimes", ANALYTICS
    ),
    "Query.programmeReport": Sample(
        "readAnalytics", '{ programmeReport(code: "BALKANS_PILOT") { allThreeServed } }', "programmeReport", ANALYTICS
    ),
    "Query.tasking": Sample("readTasking", '{ tasking(id: "T-0004") { id reference } }', "tasking", SEE_TASKING, officer="LO-004"),
    "Query.taskings": Sample("readTasking", "{ taskings(first: 5) { nodes { id } } }", "taskings", EVERYONE),
    "Query.myTaskings": Sample("readTasking", "{ myTaskings(first: 5) { nodes { id } } }", "myTaskings", MY_TASKINGS),
    "Mutation.requestTasking": Sample(
        "requestTasking", f"mutation {{ requestTasking(input: {REQUEST_INPUT}) {{ id }} }}", "requestTasking", REQUEST
    ),
    # The requesting side amends its request until it is accepted: the scope that may request it.
    "Mutation.amendTasking": Sample(
        "requestTasking",
        'mutation { amendTasking(id: "T-0021", version: 1, details: "Also seen in Rotterdam") { version } }',
        "amendTasking", REQUEST, officer="LO-040",
    ),
    "Mutation.acceptTasking": Sample(
        "workTasking", 'mutation { acceptTasking(id: "T-0021", version: 1) { status } }', "acceptTasking", WORK, officer="LO-040"
    ),
    "Mutation.declineTasking": Sample(
        "workTasking",
        'mutation { declineTasking(id: "T-0026", version: 1, reason: "outside my area") { status } }',
        "declineTasking", WORK, officer="LO-036",
    ),
    "Mutation.startTasking": Sample(
        "workTasking", 'mutation { startTasking(id: "T-0036", version: 2) { status } }', "startTasking", WORK, officer="LO-025"
    ),
    "Mutation.completeTasking": Sample(
        "workTasking",
        'mutation { completeTasking(id: "T-0004", version: 3, outcome: "Confirmed", handlingCode: H1, sourceReliability: B, informationAssessment: 2) { status } }',
        "completeTasking", WORK, officer="LO-004",
    ),
    "Mutation.cancelTasking": Sample(
        "cancelTasking",
        'mutation { cancelTasking(id: "T-0008", version: 3, reason: "case closed") { status } }',
        "cancelTasking", CANCEL, officer="LO-046",
    ),
    "Mutation.reassignTasking": Sample(
        "reassignTasking",
        # T-0008 concerns Colombia: LO-047 covers it too and serves BE-FEDPOL (a reassignment goes
        # to an LO who covers the country).
        'mutation { reassignTasking(id: "T-0008", version: 3, officerId: "LO-047", reason: "on leave") { status } }',
        "reassignTasking", REASSIGN, officer="LO-046",
    ),
    # T-0031 carries H2 on the request (NL-KMAR's) and on the outcome (LO-023's): each provider
    # consents for their own side, an admin for both.
    "Mutation.recordConsent": Sample(
        "recordConsent",
        'mutation { recordConsent(id: "T-0031", version: 4, note: "Agreed by phone with the case team") { version } }',
        "recordConsent", REASSIGN, owner="NL-KMAR", officer="LO-023",
    ),
    # The conversation on a request (T-0036: BE-FEDPOL's, LO-025's, ACCEPTED at version 2).
    "Mutation.requestInformation": Sample(
        "workTasking", 'mutation { requestInformation(id: "T-0036", version: 2, question: "Which address?") { status } }',
        "requestInformation", WORK, officer="LO-025",
    ),
    "Mutation.provideInformation": Sample(
        "provideInformation", 'mutation { provideInformation(id: "T-0036", version: 3, answer: "The second") { status } }',
        "provideInformation", CANCEL, officer="LO-025",
        setup='mutation { requestInformation(id: "T-0036", version: 2, question: "Which address?") { status } }',
    ),
    "Mutation.postMessage": Sample(
        "converse", 'mutation { postMessage(taskingId: "T-0036", text: "Any news?") { id } }', "postMessage", CONVERSE,
        officer="LO-025",
    ),
    "Mutation.announceDelay": Sample(
        "workTasking",
        'mutation { announceDelay(id: "T-0036", version: 2, newDueBy: "2026-12-01T12:00:00Z", reason: "Registry closed") { dueBy } }',
        "announceDelay", WORK, officer="LO-025",
    ),
    # T-0008 (Colombia) given to LO-047, who declines it: LO-046 covers Colombia too.
    "Mutation.redirectTasking": Sample(
        "redirectTasking", 'mutation { redirectTasking(id: "T-0008", version: 5) { status } }', "redirectTasking", CANCEL,
        officer="LO-047",
        setup='mutation { r: reassignTasking(id: "T-0008", version: 3, officerId: "LO-047", reason: "setup") { version } '
        'd: declineTasking(id: "T-0008", version: 4, reason: "not mine") { version } }',
    ),
    "Mutation.handOverTaskings": Sample(
        "handOverTaskings",
        'mutation { handOverTaskings(fromOfficerId: "LO-001", toOfficerId: "LO-002", reason: "posting ends") { withheld { reason } } }',
        "handOverTaskings", OWN_AVAILABILITY,
    ),
    "Mutation.setAvailability": Sample(
        "setAvailability",
        'mutation { setAvailability(officerId: "LO-001", status: LIMITED, note: "court", version: 1) { availability } }',
        "setAvailability", OWN_AVAILABILITY,
    ),
    "Mutation.addAvailabilityWindow": Sample(
        "setAvailability",
        'mutation { addAvailabilityWindow(officerId: "LO-001", startsOn: "2027-03-01", endsOn: "2027-03-05", '
        "status: ON_MISSION) { id } }",
        "addAvailabilityWindow", OWN_AVAILABILITY,
    ),
    "Mutation.removeAvailabilityWindow": Sample(
        "setAvailability", 'mutation { removeAvailabilityWindow(id: "W-001") }', "removeAvailabilityWindow", OWN_AVAILABILITY
    ),
    "Mutation.setDeputies": Sample(
        "setAvailability",
        'mutation { setDeputies(officerId: "LO-001", officerIds: ["LO-003", "LO-002"]) { id } }',
        "setDeputies", OWN_AVAILABILITY,
    ),
    # Directory administration: admins only, whatever their service.
    "Mutation.createOfficer": Sample(
        "manageDirectory", 'mutation { createOfficer(input: {name: "Test Officer", service: "LU-POLICE"}) { id } }',
        "createOfficer", ADMIN_ONLY,
    ),
    "Mutation.updateOfficer": Sample(
        "manageDirectory", 'mutation { updateOfficer(id: "LO-001", version: 1, input: {rank: "Commissaris"}) { version } }',
        "updateOfficer", ADMIN_ONLY,
    ),
    "Mutation.openPosting": Sample(
        "manageDirectory",
        'mutation { openPosting(input: {officer: "LO-001", city: "Podgorica", country: "ME", startsOn: "2027-01-01", '
        'kind: REGIONAL, serves: ["ALL"]}) { id } }',
        "openPosting", ADMIN_ONLY,
    ),
    "Mutation.updatePosting": Sample(
        "manageDirectory", 'mutation { updatePosting(id: "P-001", version: 1, input: {city: "Beograd"}) { version } }',
        "updatePosting", ADMIN_ONLY,
    ),
    "Mutation.extendPosting": Sample(
        "manageDirectory", 'mutation { extendPosting(id: "P-062", version: 1, endsOn: "2024-07-31") { endsOn } }',
        "extendPosting", ADMIN_ONLY,
    ),
    "Mutation.endPosting": Sample(
        "manageDirectory", 'mutation { endPosting(id: "P-001", version: 1, endsOn: "2027-08-31") { endsOn } }',
        "endPosting", ADMIN_ONLY,
    ),
    "Mutation.removePosting": Sample(
        "manageDirectory", 'mutation { removePosting(id: "P-062", version: 1) { id } }', "removePosting", ADMIN_ONLY
    ),
    "Mutation.createService": Sample(
        "manageDirectory", 'mutation { createService(input: {code: "LU-TEST", name: "Test", kind: POLICE}) { code } }',
        "createService", ADMIN_ONLY,
    ),
    "Mutation.updateService": Sample(
        "manageDirectory", 'mutation { updateService(code: "LU-POLICE", version: 1, input: {name: "Police LU"}) { version } }',
        "updateService", ADMIN_ONLY,
    ),
    "Mutation.saveCountry": Sample(
        "manageDirectory",
        'mutation { saveCountry(iso2: "RS", version: 1, names: {en: "Serbia", nl: "Servië", fr: "Serbie", de: "Serbien"}) '
        "{ version } }",
        "saveCountry", ADMIN_ONLY,
    ),
    "Mutation.saveRegion": Sample(
        "manageDirectory",
        'mutation { saveRegion(code: "CARIBBEAN_TEST", names: {en: "C", nl: "C", fr: "C", de: "C"}) { code } }',
        "saveRegion", ADMIN_ONLY,
    ),
    "Query.myNotifications": Sample(
        "ownNotifications", "{ myNotifications(first: 5) { nodes { id } } }", "myNotifications", OWN
    ),
    "Query.myNotificationSettings": Sample(
        "ownNotifications", "{ myNotificationSettings { emailOff } }", "myNotificationSettings", OWN
    ),
    "Mutation.markNotificationsRead": Sample(
        "ownNotifications", 'mutation { markNotificationsRead(ids: ["N-UNKNOWN"]) { id } }', "markNotificationsRead", OWN
    ),
    "Mutation.setNotificationSettings": Sample(
        "ownNotifications", "mutation { setNotificationSettings(emailOff: [DEADLINE_APPROACHING]) { emailOff } }",
        "setNotificationSettings", OWN,
    ),
    "Mutation.issueCalendarToken": Sample(
        "ownCalendar", "mutation { issueCalendarToken { url } }", "issueCalendarToken", CALENDAR
    ),
    "Mutation.revokeCalendarToken": Sample("ownCalendar", "mutation { revokeCalendarToken }", "revokeCalendarToken", CALENDAR),
    # The network's life (issue 21).
    "Query.gatherings": Sample("readGatherings", "{ gatherings { id } }", "gatherings", GATHERINGS),
    "Query.gathering": Sample(
        "readGatherings", '{ gathering(id: "G-2027-BALKANS-RETURN") { id } }', "gathering", SEE_GATHERING, officer="LO-002",
        hidden_as="no gathering",
    ),
    "Mutation.createGathering": Sample(
        "organiseGathering",
        'mutation { createGathering(input: {kind: SEMINAR, title: "Seminar", place: "Brussels", startsOn: "2027-03-01", '
        'endsOn: "2027-03-01", invite: {to: OFFICERS, officers: ["LO-001"]}}) { id } }',
        "createGathering", ORGANISE,
    ),
    "Mutation.answerInvitation": Sample(
        "answerInvitation",
        'mutation { answerInvitation(id: "G-2027-BALKANS-RETURN", officerId: "LO-001", attending: true, version: 1) { version } }',
        "answerInvitation", OWN_INVITATION,
    ),
    "Mutation.cancelGathering": Sample(
        "organiseGathering",
        'mutation { cancelGathering(id: "G-2027-CRYPTO-COURSE", version: 1, reason: "trainer ill") { status } }',
        "cancelGathering", ORGANISE, officer="LO-029", hidden_as="no gathering",
    ),
    "Mutation.setCoordination": Sample(
        "manageDirectory", 'mutation { setCoordination(country: "PE", coordinator: "BE", version: 1) { coordinator } }',
        "setCoordination", ADMIN_ONLY,
    ),
    "Query.notices": Sample("readNotice", "{ notices { id } }", "notices", EVERYONE),
    # Addressed to BE-FEDPOL (the "same" service), not to NL-POLITIE.
    "Query.notice": Sample(
        "readNotice", '{ notice(id: "N-2026-RANSOMWARE-PORTS") { id } }', "notice", ADDRESSED, hidden_as="no notice"
    ),
    "Mutation.issueNotice": Sample(
        "issueNotice",
        'mutation { issueNotice(input: {subject: "Threat", text: "Details", handlingCode: H0, validUntil: "2026-12-31", '
        'countries: ["LU"], deskPosting: "P-010"}) { id } }',
        "issueNotice", ISSUER,
    ),
    "Mutation.acknowledgeNotice": Sample(
        "acknowledgeNotice", 'mutation { acknowledgeNotice(id: "N-2026-RANSOMWARE-PORTS", version: 1) { id } }',
        "acknowledgeNotice", ACKNOWLEDGE, hidden_as="no notice",
    ),
    # LO-023 issued it to every BE and NL service.
    "Mutation.withdrawNotice": Sample(
        "issueNotice", 'mutation { withdrawNotice(id: "N-2026-OMCG-TRAVEL", version: 1) { status } }',
        "withdrawNotice", ISSUER, owner="NL-KMAR", officer="LO-023",
    ),
    "Query.postingsReport": Sample("readAnalytics", "{ postingsReport(year: 2025) { total } }", "postingsReport", ANALYTICS),
}
FIELD_LEVEL = {
    "Officer.email": Sample("readContactData", '{ officer(id: "LO-002") { email phone } }', "officer", EVERYONE),
}


# Subscriptions run over WebSocket, not HTTP: their scope per role is walked in
# tests/api/test_subscriptions.py; here their rule must still be the design's operation.
LIVE = {"Subscription.taskingUpdated": "readTasking", "Subscription.notificationAdded": "ownNotifications"}


def root_fields() -> list[str]:
    graphql_schema = schema.graphql_schema
    roots = [graphql_schema.query_type, graphql_schema.mutation_type, graphql_schema.subscription_type]
    return sorted(f"{root.name}.{name}" for root in roots if root is not None for name in root.fields)


def test_every_root_field_has_a_sample_and_its_rule_is_the_designs_operation() -> None:
    missing = [name for name in root_fields() if name not in SAMPLES and name not in LIVE]
    assert not missing, f"add samples and expected outcomes for: {missing}"
    operations = {name: sample.operation for name, sample in SAMPLES.items()} | LIVE
    for name, operation in operations.items():
        root, field = name.split(".")
        assert ROOT_OPERATIONS[root][field].value == operation, name


def caller(api: GraphQLClient, role: str, sample: Sample, same: bool) -> GraphQLClient:
    key = {"investigator": "investigator-be", "liaison_officer": "lo-belgrade", "manager": "manager-be", "admin": "admin"}[role]
    changes = {"service": sample.owner if same else OTHER}
    if role == "liaison_officer":
        changes["officer_id"] = sample.officer if same else "LO-060"  # LO-060 is concerned by nothing
    return api.as_(key, **changes).justified()


CALLERS = [(role, same) for role in ROLES for same in (True, False)]


def ordered(sample: Sample) -> list[tuple[str, bool]]:
    """The callers in the order they are tried on one sample: the refused first (they change
    nothing the others need), then the allowed; an allowed mutation changes the network, so each
    further one gets the demo network afresh."""
    def allowed(caller: tuple[str, bool]) -> bool:
        return sample.expected[caller[0]][0 if caller[1] else 1]

    return sorted(CALLERS, key=allowed)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", sorted({**SAMPLES, **FIELD_LEVEL}))
async def test_each_role_is_allowed_or_refused_as_the_design_says(
    name: str, engine: str, tmp_path: Path, demo_template: Path
) -> None:
    """Every role, as a caller of the object's own service ("same") and of another, on one root
    field: one sample's eight callers in one test (a demo network for each costs most of the
    matrix's time), each mismatch listed."""
    sample = {**SAMPLES, **FIELD_LEVEL}[name]
    writes = sample.query.lstrip().startswith("mutation") or sample.setup is not None
    wrong: list[str] = []
    async with AsyncExitStack() as network:
        api: GraphQLClient | None = None
        for n, (role, same) in enumerate(ordered(sample)):
            allowed = sample.expected[role][0 if same else 1]
            if api is None:
                await network.aclose()
                (tmp_path / str(n)).mkdir()
                store = await network.enter_async_context(
                    embedded_demo(tmp_path / str(n), demo_template) if engine == "embedded" else neo4j_demo()
                )
                api = await network.enter_async_context(client_on(store, tmp_path / str(n)))
            problem = await outcome(api, sample, role, same, allowed)
            if problem:
                wrong.append(f"{role} ({'same' if same else 'other'}): {problem}")
            if writes and (allowed or sample.setup is not None):
                api = None  # the next caller acts on the demo network as it was
    assert not wrong, "\n".join(wrong)


async def outcome(api: GraphQLClient, sample: Sample, role: str, same: bool, allowed: bool) -> str | None:
    """What is wrong with one caller's answer, if anything."""
    if sample.setup:
        await api.as_("admin").justified().data(sample.setup)

    response = await caller(api, role, sample, same).post(sample.query)
    body = response.json()

    if response.status_code != 200:
        return f"HTTP {response.status_code}: {body}"
    if allowed:
        if body.get("errors"):
            return f"refused, should be allowed: {body['errors']}"
        return None if body["data"][sample.field] is not None else f"no {sample.field}: {body}"
    if body["data"] is not None and body["data"].get(sample.field) is not None:
        return f"allowed, should be refused (and it leaked): {body}"  # nothing leaks
    if len(body.get("errors") or []) != 1:
        return f"not one error: {body}"
    [error] = body["errors"]
    code = error["extensions"]["code"]
    # A tasking the caller may not even read answers as an unknown id would (no existence
    # oracle); a role without a rule for the operation is refused before anything is looked up.
    if sample.on_a_tasking and not SEE_TASKING[role][0 if same else 1] and sample.expected[role] != (False, False):
        good = code == "NOT_FOUND" and error["message"].startswith("no tasking")
    elif sample.hidden_as and code == "NOT_FOUND":
        good = error["message"].startswith(sample.hidden_as)
    else:
        good = code == "FORBIDDEN" and "not allowed" in error["message"]
    return None if good else f"refused, but not as the design says: {error}"
