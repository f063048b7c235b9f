// The request form's model, without the page: its fields (one entry per field of the API's
// RequestTaskingInput), the subjects' parts, the API input built from the form's values, and the
// places an API error can be shown (the API names the refused field by its input path,
// `subjects[0].phone`; idOf gives that field's element id). Pure, so Node tests it
// (tests/unit.test.mjs); src/views/request.jsx renders it.

export const REQUEST = `mutation RequestTasking($input: RequestTaskingInput!) {
  requestTasking(input: $input) { id reference status version assignee { id name } }
}`;

export const PRIORITIES = ["ROUTINE", "URGENT", "IMMEDIATE"];
export const HANDLING_CODES = ["H0", "H1", "H2", "H3"];
const LEGAL_BASES = ["BENELUX_POLICE_TREATY_2018", "COUNCIL_DECISION_2003_170_JHA", "DIRECTIVE_EU_2023_977", "MUTUAL_LEGAL_ASSISTANCE"];
const judicial = (values) => values.legalBasis === "MUTUAL_LEGAL_ASSISTANCE";

// The parts of each kind of subject (SubjectInput): a phone number is one value, the others an
// object of these fields. `type` date, `code` an ISO country code.
export const SUBJECT_PARTS = {
  PERSON: [{ name: "name", required: true }, { name: "dateOfBirth", type: "date" }, { name: "nationality", code: true }],
  VEHICLE: [{ name: "plate", required: true }, { name: "country", code: true, required: true }],
  PHONE: [{ name: "phone", required: true, type: "tel" }],
  COMPANY: [{ name: "name", required: true }, { name: "registrationNumber" }, { name: "country", code: true }],
  ADDRESS: [{ name: "street", required: true }, { name: "postcode" }, { name: "city", required: true }, { name: "country", code: true, required: true }],
};
export const CONTACT_PARTS = [{ name: "name" }, { name: "phone", type: "tel" }, { name: "email", type: "email" }];

/** The API's input path of a subject's part: subjects[0].phone, subjects[1].person.name. */
export function subjectPath(index, kind, part) {
  return kind === "PHONE" ? `subjects[${index}].phone` : `subjects[${index}].${kind.toLowerCase()}.${part}`;
}

/** The form's element id for an input path of the API (subjects[0].person.name -> request-subjects-0-person-name). */
export const idOf = (path) => `request-${path.replace(/\[(\d+)\]/g, ".$1").split(".").join("-")}`;

function subjectInput(subject) {
  const parts = Object.fromEntries(SUBJECT_PARTS[subject.kind].map((p) => [p.name, subject[p.name]?.trim()]).filter(([, v]) => v));
  return subject.kind === "PHONE" ? { phone: parts.phone ?? "" } : { [subject.kind.toLowerCase()]: parts };
}

function contactInput(contact) {
  const parts = Object.fromEntries(CONTACT_PARTS.map((p) => [p.name, contact[p.name]?.trim()]).filter(([, v]) => v));
  return Object.keys(parts).length ? parts : undefined;
}

// kind: text | textarea | country | competences | enum | datetime | officer | subjects | contact.
// `toInput` turns the form's value into the API's (absent when it returns undefined); `shownIf`
// and `requiredIf` look at the other values.
export const FIELDS = [
  { name: "title", kind: "text", required: true },
  { name: "caseNumber", kind: "text" },
  { name: "details", kind: "textarea" },
  { name: "country", kind: "country", required: true },
  { name: "competences", kind: "competences", initial: [] },
  { name: "subjects", kind: "subjects", initial: [], toInput: (subjects) => subjects.map(subjectInput) },
  { name: "priority", kind: "enum", values: PRIORITIES, initial: "ROUTINE" },
  { name: "accessibility", kind: "enum", values: ["INDIRECT", "DIRECT"], initial: "INDIRECT" },
  { name: "legalBasis", kind: "enum", values: LEGAL_BASES, required: true },
  { name: "judicialAuthority", kind: "text", shownIf: judicial, requiredIf: judicial },
  { name: "authorisationReference", kind: "text", shownIf: judicial, requiredIf: judicial },
  { name: "handlingCode", kind: "enum", values: HANDLING_CODES, initial: "H0" },
  { name: "handlingNote", kind: "text", requiredIf: (values) => values.handlingCode === "H3" },
  { name: "assignee", kind: "officer" },
  { name: "dueBy", kind: "datetime", toInput: (value) => (value ? new Date(value).toISOString() : undefined) },
  { name: "contact", kind: "contact", initial: {}, toInput: contactInput },
  { name: "replyLanguage", kind: "replyLanguage" },
];

export const shown = (field, values) => !field.shownIf || field.shownIf(values);

export function inputOf(values) {
  const input = {};
  for (const field of FIELDS) {
    if (!shown(field, values)) continue;
    const value = field.toInput ? field.toInput(values[field.name]) : values[field.name];
    const empty = value === undefined || value === "" || (Array.isArray(value) && !value.length);
    if (!empty) input[field.name] = value;
  }
  return input;
}

/** Every input path the form shows for these values: where an API error can be put. */
export function pathsOf(values) {
  const paths = FIELDS.filter((f) => shown(f, values) && !["subjects", "contact", "competences"].includes(f.kind)).map((f) => f.name);
  values.subjects.forEach((subject, index) => paths.push(`subjects[${index}]`, ...SUBJECT_PARTS[subject.kind].map((p) => subjectPath(index, subject.kind, p.name))));
  return [...paths, ...CONTACT_PARTS.map((p) => `contact.${p.name}`)];
}

/** The catalogue key of the label of the field at an input path (for the summary above the button). */
export function labelOf(path) {
  const subject = path.match(/^subjects\[\d+\](?:\.(?:\w+\.)?(\w+))?$/);
  if (subject) return subject[1] ? `request.subject.${subject[1]}` : "request.field.subjects";
  if (path.startsWith("contact.")) return `request.contact.${path.slice("contact.".length)}`;
  if (path === "justification") return "field.justification"; // the case reference (X-Justification)
  return `request.field.${path}`;
}
