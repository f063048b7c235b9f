"""The GraphiQL page (for browsers on GET /graphql) with saved example operations."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from ..domain.enums import Lang
from ..i18n import N_, _, speaking
from ..i18n.html import rendered
from ..security.demo import DEMO_IDENTITIES

# The saved operations GraphiQL opens with, per user group: a walk-through to run in order.
# client_examples/graphiql/ holds each as a .graphql file (saved_operation's text), and a test keeps
# the two the same and runs them in order.
#
# Each tab runs as its demo identity (the X-Demo-Identity header, swapped by the page for that
# identity's token) and takes what earlier tabs produced: a variable "{{Operation.path.to.field}}"
# is the field of the last answer of that tab (the page keeps them). An object's `version` is kept
# current: any later answer carrying the same object's id and version updates it, so each change
# is made with the version last seen.
# A group names its folder in client_examples/graphiql/ (in English) and is shown translated, _(group).
INVESTIGATORS, LIAISON_OFFICERS, MANAGERS = N_("investigators"), N_("liaison officers"), N_("managers")
NEW_TASKING_ID = "{{RequestTasking.requestTasking.id}}"  # the LO's tabs work on the investigator's new request
NEW_TASKING_VERSION = "{{RequestTasking.requestTasking.version}}"
OWN_RECORD_VERSION = "{{MyRecord.officer.version}}"
DEMO_JUSTIFICATION = "case BNL-2026-000123"

EXAMPLES = [
    {
        "title": N_("Who helps me in Serbia on drugs?"),
        "group": INVESTIGATORS,
        "identity": "investigator-be",
        "query": """query FindLiaison($country: String!, $competence: String, $service: String, $day: Date) {
  searchLiaisons(country: $country, competence: $competence, requestingService: $service, onDate: $day) {
    onDate
    notes
    matches {
      route
      score
      available
      reasons
      officer { id name rank languages homeService { code } }
      posting { city country { name } }
    }
    alternatives { route officer { name } reasons }
  }
}""",
        "variables": {"country": "RS", "competence": "DRUGS", "service": "BE-FEDPOL"},
    },
    {
        "title": N_("How do I reach the Belgrade LO? (contact data: needs the X-Justification header, logged)"),
        "group": INVESTIGATORS,
        "identity": "investigator-be",
        "query": """query OfficerContact($id: ID!) {
  officer(id: $id) {
    name rank email phone languages availability availabilityNote
    currentPosting { city station country { name } }
    deputies { id name }
  }
}""",
        "variables": {"id": "LO-001"},
    },
    {
        "title": N_("Ask for assistance with the Benelux form (without an assignee it goes to the best match: LO-001 here)"),
        "group": INVESTIGATORS,
        "identity": "investigator-be",
        "query": """mutation RequestTasking($input: RequestTaskingInput!) {
  requestTasking(input: $input) {
    id reference status priority dueBy version caseNumber replyLanguage
    contact { name phone email }
    subjects { kind name dateOfBirth nationality plate phone country }
    deconfliction { kind matchKey service { code } contact { name phone email } }
    assignee { id name }
    events { action note }
  }
}""",
        "variables": {
            "input": {
                "title": "Identify the holder of a Serbian phone number",
                "details": "The number appears in an intercepted Antwerp drugs shipment.",
                "country": "RS",
                "competences": ["DRUGS"],
                "priority": "URGENT",
                "legalBasis": "BENELUX_POLICE_TREATY_2018",
                "handlingCode": "H1",
                "contact": {"name": "Insp. An Peeters", "phone": "+32 3 555 01 99", "email": "an.peeters@police.example"},
                "caseNumber": "AN.20.L1.012345/26",
                "replyLanguage": "NL",
                "subjects": [
                    {"phone": "+381 64 555 0199"},
                    {"person": {"name": "Dragan Petrović", "dateOfBirth": "1984-03-02", "nationality": "RS"}},
                    {"vehicle": {"plate": "BG-123-AB", "country": "RS"}},
                ],
            }
        },
    },
    {
        "title": N_("My service's open requests"),
        "group": INVESTIGATORS,
        "identity": "investigator-be",
        "query": """query MyServiceRequests($open: [TaskingStatus!]) {
  myTaskings(filter: {status: $open}, first: 20) {
    nodes { id reference title status priority dueBy overdue version assignee { name } country { name } }
    pageInfo { hasNextPage endCursor }
  }
}""",
        "variables": {"open": ["REQUESTED", "ACCEPTED", "IN_PROGRESS", "AWAITING_INFORMATION"]},
    },
    {
        "title": N_("Directory: Balkans pilot officers"),
        "group": INVESTIGATORS,
        "identity": "investigator-be",
        "query": """query BalkansPilot {
  officers(filter: {programme: "BALKANS_PILOT"}, first: 20) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id name availability
      currentPosting { city country { name(lang: NL) } serves { code } accreditedTo { iso2 } }
      competences { competence { code } level }
      deputies { name }
    }
  }
}""",
        "variables": {},
    },
    {
        "title": N_("Reference: regions and their countries"),
        "group": INVESTIGATORS,
        "identity": "investigator-be",
        "query": """query Regions {
  regions { code name(lang: FR) countries { iso2 name(lang: FR) } }
}""",
        "variables": {},
    },
    {
        "title": N_("My inbox: the requests I have to handle"),
        "group": LIAISON_OFFICERS,
        "identity": "lo-belgrade",
        "query": """query MyInbox($open: [TaskingStatus!]) {
  myTaskings(filter: {status: $open}, first: 20) {
    nodes {
      id reference title details status priority dueBy overdue version legalBasis handlingCode
      requestingService { code name }
      country { name }
      competences { code }
    }
  }
}""",
        "variables": {"open": ["REQUESTED", "ACCEPTED", "IN_PROGRESS", "AWAITING_INFORMATION"]},
    },
    {
        "title": N_("Accept the request RequestTasking made (with the version last seen: a stale one is a CONFLICT)"),
        "group": LIAISON_OFFICERS,
        "identity": "lo-belgrade",
        "query": """mutation AcceptTasking($id: ID!, $version: Int!) {
  acceptTasking(id: $id, version: $version) { id reference status version }
}""",
        "variables": {"id": NEW_TASKING_ID, "version": NEW_TASKING_VERSION},
    },
    {
        "title": N_("Ask the requester a question (AWAITING_INFORMATION: the deadline clock stops until the answer)"),
        "group": LIAISON_OFFICERS,
        "identity": "lo-belgrade",
        "query": """mutation RequestInformation($id: ID!, $version: Int!, $question: String!) {
  requestInformation(id: $id, version: $version, question: $question) {
    id reference status version dueBy awaitingSince
    clarifications { question askedAt answer }
  }
}""",
        "variables": {
            "id": NEW_TASKING_ID, "version": NEW_TASKING_VERSION,
            "question": "Is the number used with a Serbian or a foreign SIM? The operator asks before searching.",
        },
    },
    {
        "title": N_("Answer the LO's question (back to where it was, the deadline moved by the time it waited)"),
        "group": INVESTIGATORS,
        "identity": "investigator-be",
        "query": """mutation ProvideInformation($id: ID!, $version: Int!, $answer: String!) {
  provideInformation(id: $id, version: $version, answer: $answer) {
    id reference status version dueBy
    clarifications { question answer answeredAt }
    events { at action note }
  }
}""",
        "variables": {
            "id": NEW_TASKING_ID, "version": NEW_TASKING_VERSION,
            "answer": "A Serbian SIM (MTS), bought in Novi Sad in October.",
        },
    },
    {
        "title": N_("Message the LO on the request (no version: a message changes no state)"),
        "group": INVESTIGATORS,
        "identity": "investigator-be",
        "query": """mutation PostMessage($taskingId: ID!, $text: String!) {
  postMessage(taskingId: $taskingId, text: $text) { id at side author text }
}""",
        "variables": {"taskingId": NEW_TASKING_ID, "text": "Thank you. The suspect may travel to Belgrade on Friday."},
    },
    {
        "title": N_("Start working on it"),
        "group": LIAISON_OFFICERS,
        "identity": "lo-belgrade",
        "query": """mutation StartTasking($id: ID!, $version: Int!) {
  startTasking(id: $id, version: $version) { id reference status version }
}""",
        "variables": {"id": NEW_TASKING_ID, "version": NEW_TASKING_VERSION},
    },
    {
        "title": N_("Report the outcome"),
        "group": LIAISON_OFFICERS,
        "identity": "lo-belgrade",
        "query": """mutation CompleteTasking(
  $id: ID!, $version: Int!, $outcome: String!
  $handlingCode: HandlingCode!, $sourceReliability: SourceReliability!, $informationAssessment: Int!
) {
  completeTasking(
    id: $id, version: $version, outcome: $outcome, handlingCode: $handlingCode
    sourceReliability: $sourceReliability, informationAssessment: $informationAssessment
  ) {
    id reference status version outcome outcomeHandlingCode sourceReliability informationAssessment
    deadlineMissed deadlineMissedByHours
    events { at action actor note }
  }
}""",
        "variables": {
            "id": NEW_TASKING_ID, "version": NEW_TASKING_VERSION, "outcome": "Holder identified; details sent via the secure channel.",
            "handlingCode": "H1", "sourceReliability": "B", "informationAssessment": 2,
        },
    },
    {
        "title": N_("My own record: availability, planned absences, deputies (and the version to change it)"),
        "group": LIAISON_OFFICERS,
        "identity": "lo-belgrade",
        "query": """query MyRecord($id: ID!) {
  officer(id: $id) {
    id name version availability availabilityNote
    availabilityWindows { id startsOn endsOn status note }
    deputies { id name }
  }
}""",
        "variables": {"id": "LO-001"},
        "justification": False,
    },
    {
        "title": N_("Set my availability (no case reference: your own record)"),
        "group": LIAISON_OFFICERS,
        "identity": "lo-belgrade",
        "query": """mutation SetAvailability($status: Availability!, $note: String, $version: Int!) {
  setAvailability(status: $status, note: $note, version: $version) { id availability availabilityNote version }
}""",
        "variables": {"status": "LIMITED", "note": "In court in Belgrade this week; urgent requests by phone", "version": OWN_RECORD_VERSION},
        "justification": False,
    },
    {
        "title": N_("Plan an absence (search shows my deputies on those days)"),
        "group": LIAISON_OFFICERS,
        "identity": "lo-belgrade",
        "query": """mutation PlanAbsence($from: Date!, $to: Date!, $status: Availability!, $note: String) {
  addAvailabilityWindow(startsOn: $from, endsOn: $to, status: $status, note: $note) { id startsOn endsOn status note }
}""",
        "variables": {"from": "2027-02-15", "to": "2027-02-19", "status": "ON_MISSION", "note": "Training at CEPOL, Budapest"},
        "justification": False,
    },
    {
        "title": N_("Coverage of a region: gaps and single points"),
        "group": MANAGERS,
        "identity": "manager-nl",
        "query": """query RegionCoverage($region: String) {
  coverage(region: $region) {
    asOf
    summary { countries covered singlePoint gap gapCells singlePointCells }
    countries { country { iso2 name } status officerCount coveredCompetences missingCompetences }
    singlePoints { country { iso2 } competence { code } officer { id name } hasDeputy }
  }
}""",
        "variables": {"region": "WESTERN_BALKANS"},
    },
    {
        "title": N_("Postings ending soon, and the gaps they would leave"),
        "group": MANAGERS,
        "identity": "manager-nl",
        "query": """query ExpiringPostings($months: Int) {
  coverage {
    asOf
    expiringPostings(withinMonths: $months) {
      endsOn daysLeft
      officer { id name }
      posting { city country { name } }
      wouldBecomeGaps { country { iso2 } competence { code } }
    }
  }
}""",
        "variables": {"months": 6},
    },
    {
        "title": N_("Open and overdue requests now"),
        "group": MANAGERS,
        "identity": "manager-nl",
        "query": """query Workload {
  workload {
    open overdue
    byOfficer { key name open overdue }
    byCountry { key name open overdue }
  }
}""",
        "variables": {},
    },
    {
        "title": N_("Overdue requests of my country's services"),
        "group": MANAGERS,
        "identity": "manager-nl",
        "query": """query OverdueTaskings {
  taskings(filter: {overdue: true}, first: 50) {
    nodes { reference title status priority dueBy requestingService { code } assignee { id name } country { name } }
  }
}""",
        "variables": {},
    },
    {
        "title": N_("Gatherings of the network from a day on, and who attends"),
        "group": MANAGERS,
        "identity": "manager-nl",
        "query": """query Gatherings($from: Date) {
  gatherings(fromDate: $from) {
    id kind title place startsOn endsOn status invitedBy invitedCode attending
    hostCountry { name } convenor { name }
    invitations { answer note officer { id name } }
  }
}""",
        "variables": {"from": "2018-01-01"},
    },
    {
        "title": N_("The annual postings report (also GET /reports/postings/<year>.pdf or .csv)"),
        "group": MANAGERS,
        "identity": "manager-nl",
        "query": """query PostingsReport($year: Int!) {
  postingsReport(year: $year) {
    year total
    totals { state { name } postings previousYear change byHostCountry { country { name } postings } }
    added { postingId officer { name } hostCountry { name } startsOn }
    ended { postingId officer { name } hostCountry { name } endsOn }
  }
}""",
        "variables": {"year": 2025},
    },
    {
        "title": N_("Threat notices for my service, and who acknowledged them"),
        "group": MANAGERS,
        "identity": "manager-nl",
        "query": """query Notices {
  notices {
    id subject text handlingCode validUntil issuedAt issuerOfficer { name } acknowledgedByMyService
    acknowledgements { service { code } at }
  }
}""",
        "variables": {},
    },
]


def tab_headers(example: dict[str, Any]) -> dict[str, str]:
    """The tab's headers: its demo identity, and the case reference unless the tab is the LO's own
    record (self-administration needs none)."""
    headers = {"X-Demo-Identity": example["identity"]}
    if example.get("justification", True):
        headers["X-Justification"] = DEMO_JUSTIFICATION
    return headers


def saved_operation(example: dict[str, Any]) -> str:
    """An example as a saved operation: a header (title, user group, variables, headers) in the
    request's language (English in client_examples/graphiql/), then the document."""
    labels = {d.key: d.label for d in DEMO_IDENTITIES}
    identity = example["identity"]
    title, group = example["title"], example["group"]  # marked N_() above
    header = [
        _(title),
        _('User group: %(group)s; demo identity "%(label)s" (%(identity)s)', group=_(group), label=_(labels[identity]), identity=identity),
        _("Variables: %(variables)s", variables=json.dumps(example["variables"])),
        _("Headers: %(headers)s", headers=json.dumps(tab_headers(example))),
    ]
    return "".join(f"# {line}\n" for line in header) + f"{example['query']}\n"


# What the page's script writes itself (filled with %(name)s values), in the page's language.
SCRIPT_TEXTS = {
    "noDemoIdentity": N_("no demo identity %(identity)s on this server"),
    "runTabFirst": N_("run the %(tab)s tab first: this tab uses its %(field)s"),
}


@lru_cache(maxsize=16)
def graphiql_page(identity_keys: tuple[tuple[str, str], ...], lang: Lang) -> str:
    """GraphiQL with lonet's texts in `lang` (the bar, the tabs' titles and headers, the script's
    messages); in dev mode with a picker of demo identities (tokens from /auth/demo-token).
    GraphiQL's own interface is the library's, in English."""
    with speaking(lang):
        listed = [{"key": key, "label": _(label)} for key, label in identity_keys]
        tabs = [{"query": saved_operation(e), "variables": e["variables"], "headers": tab_headers(e)} for e in EXAMPLES]
        texts = {key: _(text) for key, text in SCRIPT_TEXTS.items()}
        page = rendered((STATIC / "graphiql.html").read_text(encoding="utf-8"))
    if not listed:  # no demo identities outside dev mode: the caller's own token goes in the headers
        for tab in tabs:
            del tab["headers"]["X-Demo-Identity"]
    return (
        page.replace("__LONET_LANG__", lang.value)
        .replace("__LONET_IDENTITIES__", _embedded(listed))
        .replace("__LONET_TEXTS__", _embedded(texts))
        .replace("__LONET_EXAMPLES__", _embedded(tabs))
    )


def _embedded(value: Any) -> str:
    """JSON inside the page's <script>: a "</" cannot close it."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


# GraphiQL and React are served by lonet itself (vendored, MIT: static/graphiql/LICENSES.md) so the
# page works on a closed network. Only these files are served.
STATIC = Path(__file__).parent / "static"
ASSETS_DIR = STATIC / "graphiql"
ASSETS = {
    "graphiql.min.js": "text/javascript",
    "graphiql.min.css": "text/css",
    "react.production.min.js": "text/javascript",
    "react-dom.production.min.js": "text/javascript",
}


async def graphiql_asset(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in ASSETS:
        return Response("not found", status_code=404, media_type="text/plain")
    return FileResponse(ASSETS_DIR / name, media_type=ASSETS[name], headers={"Cache-Control": "public, max-age=86400"})
