// Investigator: ask an LO for assistance. The form is built from FIELDS, one entry per field of
// the API's RequestTaskingInput: a new input field is one more entry (and its label in the
// catalogue), a new kind of field one more case in FieldFor.
import { useState } from "preact/hooks";
import { gql } from "../api.js";
import { t } from "../i18n.js";
import { enumOptions, ErrorBox, hashFor, Input, Select, TextArea } from "../ui.jsx";
import { useReference } from "./search.jsx";

const REQUEST = `mutation RequestTasking($input: RequestTaskingInput!) {
  requestTasking(input: $input) { id reference status version assignee { id name } }
}`;

export const PRIORITIES = ["ROUTINE", "URGENT", "IMMEDIATE"];
export const HANDLING_CODES = ["H0", "H1", "H2", "H3"];
const LEGAL_BASES = ["BENELUX_POLICE_TREATY_2018", "COUNCIL_DECISION_2003_170_JHA", "DIRECTIVE_EU_2023_977", "MUTUAL_LEGAL_ASSISTANCE"];

// kind: text | textarea | country | competences | enum | datetime | officer. `toInput` turns the
// form's value into the API's (absent when it returns undefined).
export const FIELDS = [
  { name: "title", kind: "text", required: true },
  { name: "details", kind: "textarea" },
  { name: "country", kind: "country", required: true },
  { name: "competences", kind: "competences", initial: [] },
  { name: "priority", kind: "enum", values: PRIORITIES, initial: "ROUTINE" },
  { name: "accessibility", kind: "enum", values: ["INDIRECT", "DIRECT"], initial: "INDIRECT" },
  { name: "legalBasis", kind: "enum", values: LEGAL_BASES, required: true },
  { name: "handlingCode", kind: "enum", values: HANDLING_CODES, initial: "H0" },
  { name: "handlingNote", kind: "text", requiredIf: (values) => values.handlingCode === "H3" },
  { name: "assignee", kind: "officer" },
  { name: "dueBy", kind: "datetime", toInput: (value) => (value ? new Date(value).toISOString() : undefined) },
];

function FieldFor({ field, values, set, reference }) {
  const id = `request-${field.name}`;
  const label = t(`request.field.${field.name}`);
  const required = Boolean(field.required || (field.requiredIf && field.requiredIf(values)));
  const value = values[field.name];
  const onChange = (v) => set(field.name, v);
  switch (field.kind) {
    case "textarea":
      return <TextArea id={id} label={label} value={value} onChange={onChange} required={required} rows={4} />;
    case "country":
      return <Select id={id} label={label} value={value} onChange={onChange} options={reference.countries} empty={t("search.pickCountry")} required={required} />;
    case "enum":
      return <Select id={id} label={label} value={value} onChange={onChange} options={enumOptions(field.name, field.values)} empty={field.initial ? undefined : t("common.choose")} required={required} />;
    case "datetime":
      return <Input id={id} label={label} type="datetime-local" value={value} onChange={onChange} hint={t("request.hint.dueBy")} />;
    case "officer":
      return <Input id={id} label={label} value={value} onChange={onChange} hint={t("request.hint.assignee")} />;
    case "competences":
      return (
        <fieldset class="field competences">
          <legend>{label}</legend>
          {reference.competences.map(([code, name]) => (
            <label key={code} class="check">
              <input type="checkbox" name="competences" value={code} checked={value.includes(code)} onChange={(e) => onChange(e.currentTarget.checked ? [...value, code] : value.filter((c) => c !== code))} />
              {name}
            </label>
          ))}
        </fieldset>
      );
    default:
      return <Input id={id} label={label} value={value} onChange={onChange} required={required} />;
  }
}

export function inputOf(values) {
  const input = {};
  for (const field of FIELDS) {
    const value = field.toInput ? field.toInput(values[field.name]) : values[field.name];
    const empty = value === undefined || value === "" || (Array.isArray(value) && !value.length);
    if (!empty) input[field.name] = value;
  }
  return input;
}

export function RequestForm({ query, go }) {
  const reference = useReference();
  const initial = Object.fromEntries(FIELDS.map((f) => [f.name, f.initial ?? ""]));
  const [values, setValues] = useState({
    ...initial,
    country: query.country || "",
    competences: query.competence ? [query.competence] : [],
    assignee: query.officer || "",
  });
  const [justification, setJustification] = useState("");
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (name, value) => setValues((v) => ({ ...v, [name]: value }));
  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const data = await gql(REQUEST, { input: inputOf(values) }, { justification });
      go(`tasking/${encodeURIComponent(data.requestTasking.id)}`, { sent: data.requestTasking.reference });
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  return (
    <>
      <h1>{t("request.title")}</h1>
      <ErrorBox error={reference.error} />
      <form class="request-form" onSubmit={submit}>
        {FIELDS.map((field) => <FieldFor key={field.name} field={field} values={values} set={set} reference={reference} />)}
        <Input id="request-justification" label={t("field.justification")} value={justification} onChange={setJustification} required hint={t("request.hint.justification")} />
        <ErrorBox error={error} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>{t("request.submit")}</button>
          <a href={hashFor("search", { country: values.country })}>{t("common.back")}</a>
        </div>
      </form>
    </>
  );
}
