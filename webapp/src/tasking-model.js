// One tasking's model, without the page: the GraphQL documents the tasking page sends, the
// actions (which mutation, offered in which states, to which side, asking which fields) and the
// conversation in the order it happened. Pure, so Node tests it against the API's schema
// (tests/unit.test.mjs); src/views/tasking.jsx renders it.
import { HANDLING_CODES } from "./request-form.js";

// Messages only for the requesting service and the assigned LO (anyone else: FORBIDDEN), hence
// @include: an administrator's view leaves them out.
export const FULL = `id reference title details status priority legalBasis handlingCode handlingNote accessibility caseNumber
  outcome outcomeHandlingCode sourceReliability informationAssessment dueBy overdue awaitingSince createdAt updatedAt version
  requestSharingConsent outcomeSharingConsent
  requestingService { code name }
  assignee { id name }
  country { iso2 name(lang: $lang) }
  competences { code name(lang: $lang) }
  subjects { kind name dateOfBirth nationality plate phone registrationNumber street postcode city country }
  deconfliction { kind matchKey foundAt service { code name } contact { name phone email } }
  clarifications { id question askedAt askedBy answer answeredAt answeredBy }
  delays { id at actor previousDueBy newDueBy reason }
  messages(first: 100) @include(if: $conversing) { nodes { id at author side text } }
  events { id at actor action fromStatus toStatus note }`;
const VARIABLES = "$id: ID!, $lang: Lang, $conversing: Boolean!";
export const ONE = `query Tasking(${VARIABLES}) { tasking(id: $id) { ${FULL} } }`;
export const LIVE = `subscription TaskingLive(${VARIABLES}) { taskingUpdated(taskingId: $id) { ${FULL} } }`;
export const POST = `mutation PostMessage($taskingId: ID!, $text: String!) { postMessage(taskingId: $taskingId, text: $text) { id at author side text } }`;

const OPEN = ["REQUESTED", "ACCEPTED", "IN_PROGRESS", "AWAITING_INFORMATION"];
const CLOCK_RUNNING = ["REQUESTED", "ACCEPTED", "IN_PROGRESS"];
const ALL = [...OPEN, "DECLINED", "COMPLETED", "CANCELLED"];
const unconsented = (code, consent) => code === "H2" && !consent;

// Each action: the mutation, the states it is offered in, who may take it (assignee, requester or
// either), the fields it asks; `when` narrows it further; `more`: offered folded away, the
// everyday actions stay in view.
export const ACTIONS = [
  { name: "accept", mutation: "acceptTasking", from: ["REQUESTED"], by: "assignee", fields: [] },
  { name: "decline", mutation: "declineTasking", from: ["REQUESTED"], by: "assignee", fields: [{ name: "reason", type: "String!", kind: "textarea" }] },
  { name: "start", mutation: "startTasking", from: ["ACCEPTED"], by: "assignee", fields: [] },
  { name: "ask", mutation: "requestInformation", from: ["ACCEPTED", "IN_PROGRESS"], by: "assignee", fields: [{ name: "question", type: "String!", kind: "textarea" }] },
  { name: "answer", mutation: "provideInformation", from: ["AWAITING_INFORMATION"], by: "requester", fields: [{ name: "answer", type: "String!", kind: "textarea" }] },
  {
    name: "complete",
    mutation: "completeTasking",
    from: ["IN_PROGRESS"],
    by: "assignee",
    fields: [
      { name: "outcome", type: "String!", kind: "textarea" },
      { name: "handlingCode", type: "HandlingCode!", kind: "enum", values: HANDLING_CODES, initial: "H0" },
      { name: "handlingNote", type: "String", kind: "text", optional: true },
      { name: "sourceReliability", type: "SourceReliability!", kind: "enum", values: ["A", "B", "C", "X"], initial: "B" },
      { name: "informationAssessment", type: "Int!", kind: "enum", values: ["1", "2", "3", "4"], initial: "2", number: true },
    ],
  },
  { name: "cancel", mutation: "cancelTasking", from: OPEN, by: "requester", fields: [{ name: "reason", type: "String!", kind: "textarea" }] },
  {
    name: "delay",
    mutation: "announceDelay",
    from: CLOCK_RUNNING,
    by: "assignee",
    more: true,
    fields: [{ name: "newDueBy", type: "DateTime!", kind: "datetime" }, { name: "reason", type: "String!", kind: "textarea" }],
  },
  {
    name: "reassign",
    mutation: "reassignTasking",
    from: CLOCK_RUNNING,
    by: "either",
    more: true,
    fields: [{ name: "officerId", type: "ID!", kind: "text" }, { name: "reason", type: "String!", kind: "textarea" }],
  },
  { name: "redirect", mutation: "redirectTasking", from: ["DECLINED"], by: "requester", fields: [{ name: "officerId", type: "ID", kind: "text", optional: true }] },
  {
    name: "consent",
    mutation: "recordConsent",
    from: ALL,
    by: "either",
    more: true,
    // The provider of an H2 lets it go further: the requesting service its request, the LO the outcome.
    when: (tasking, side) =>
      (side.requester && unconsented(tasking.handlingCode, tasking.requestSharingConsent)) ||
      (side.assignee && unconsented(tasking.outcomeHandlingCode, tasking.outcomeSharingConsent)),
    fields: [{ name: "note", type: "String!", kind: "textarea" }],
  },
];

export function mutationOf(action) {
  const declared = action.fields.map((f) => `, $${f.name}: ${f.type}`).join("");
  const passed = action.fields.map((f) => `, ${f.name}: $${f.name}`).join("");
  return `mutation Act($id: ID!, $version: Int!, $lang: Lang, $conversing: Boolean!${declared}) { ${action.mutation}(id: $id, version: $version${passed}) { ${FULL} } }`;
}

/** Whether the user, on this side of the tasking ({assignee, requester}), is offered the action. */
export function mayTake(action, tasking, side) {
  if (!action.from.includes(tasking.status)) return false;
  const by = action.by === "either" ? side.assignee || side.requester : side[action.by];
  return by && (!action.when || action.when(tasking, side));
}

// The event each kind of conversation entry writes, one per entry, in the same order.
const EVENT_OF = { question: "INFORMATION_REQUESTED", answer: "INFORMATION_PROVIDED", message: "MESSAGE_POSTED", delay: "DELAY_ANNOUNCED" };

/** The conversation in the order it happened: questions, answers, messages, delays. The API gives
 *  times to the second, so two entries of one second would tie: the tasking's events (oldest first,
 *  ordered by the store's exact time, one per entry) give the order; without them, the times. */
export function conversationOf(tasking) {
  const entries = [];
  for (const c of tasking.clarifications) {
    entries.push({ id: `${c.id}-q`, kind: "question", at: c.askedAt, who: c.askedBy, side: "ASSIGNEE", text: c.question });
    if (c.answer !== null) entries.push({ id: `${c.id}-a`, kind: "answer", at: c.answeredAt, who: c.answeredBy, side: "REQUESTER", text: c.answer });
  }
  for (const m of tasking.messages ? tasking.messages.nodes : []) entries.push({ id: m.id, kind: "message", at: m.at, who: m.author, side: m.side, text: m.text });
  for (const d of tasking.delays) {
    entries.push({ id: d.id, kind: "delay", at: d.at, who: d.actor, side: "ASSIGNEE", text: d.reason, newDueBy: d.newDueBy });
  }
  const positions = {}; // action -> the indexes of its events
  (tasking.events || []).forEach((event, index) => (positions[event.action] ||= []).push(index));
  const seen = {};
  for (const entry of entries) {
    const nth = (seen[entry.kind] = (seen[entry.kind] ?? -1) + 1); // entries of a kind come oldest first
    entry.position = positions[EVENT_OF[entry.kind]]?.[nth];
  }
  const byTime = (a, b) => Date.parse(a.at) - Date.parse(b.at);
  return entries.sort((a, b) => (a.position !== undefined && b.position !== undefined ? a.position - b.position : byTime(a, b)));
}
