// Investigator: ask an LO for assistance. The form is built from FIELDS (src/request-form.js), one
// entry per field of the API's RequestTaskingInput: a new input field is one more entry there (and
// its label in the catalogue), a new kind of field one more case in FieldFor. The subjects
// (persons, vehicles, phone numbers, companies, addresses) are built from SUBJECT_PARTS the same
// way. The API validates them and names the field it refuses (`subjects[0].phone`): that error is
// shown under that field, which gets the focus.
import { useEffect, useState } from "preact/hooks";
import { gql } from "../api.js";
import { LANGUAGES, t } from "../i18n.js";
import { CONTACT_PARTS, FIELDS, idOf, inputOf, labelOf, pathsOf, REQUEST, shown, SUBJECT_PARTS, subjectPath } from "../request-form.js";
import { enumOptions, ErrorBox, FieldError, fieldMessage, hashFor, Input, Select, TextArea } from "../ui.jsx";
import { useReference } from "./search.jsx";

function SubjectEditor({ index, subject, change, remove, errorAt }) {
  const legend = `subject-${index}-legend`;
  const whole = errorAt(`subjects[${index}]`);
  return (
    <fieldset class="subject" data-subject={index} aria-labelledby={legend}>
      <legend id={legend}>{t("request.subject.legend", { number: index + 1 })}</legend>
      <Select id={idOf(`subjects[${index}].kind`)} label={t("request.subject.kind")} value={subject.kind} onChange={(kind) => change({ kind })} options={enumOptions("subjectKind", Object.keys(SUBJECT_PARTS))} />
      {SUBJECT_PARTS[subject.kind].map((part) => {
        const path = subjectPath(index, subject.kind, part.name);
        return (
          <Input key={path} id={idOf(path)} label={t(`request.subject.${part.name}`)} type={part.type} value={subject[part.name] ?? ""} required={part.required}
            onChange={(value) => change({ [part.name]: part.code ? value.toUpperCase() : value })} error={errorAt(path)}
            hint={part.code ? t("request.hint.countryCode") : part.name === "phone" ? t("request.hint.phone") : undefined}
            maxLength={part.code ? 2 : undefined} />
        );
      })}
      <FieldError id={idOf(`subjects[${index}]`)} error={whole} />
      <button type="button" class="link" onClick={remove}>{t("request.subject.remove", { number: index + 1 })}</button>
    </fieldset>
  );
}

function FieldFor({ field, values, set, reference, errorAt }) {
  const id = idOf(field.name);
  const label = t(`request.field.${field.name}`);
  const required = Boolean(field.required || (field.requiredIf && field.requiredIf(values)));
  const value = values[field.name];
  const onChange = (v) => set(field.name, v);
  const error = errorAt(field.name);
  switch (field.kind) {
    case "textarea":
      return <TextArea id={id} label={label} value={value} onChange={onChange} required={required} rows={4} error={error} />;
    case "country":
      return <Select id={id} label={label} value={value} onChange={onChange} options={reference.countries} empty={t("search.pickCountry")} required={required} error={error} />;
    case "enum":
      return <Select id={id} label={label} value={value} onChange={onChange} options={enumOptions(field.name, field.values)} empty={field.initial ? undefined : t("common.choose")} required={required} error={error} />;
    case "replyLanguage":
      return <Select id={id} label={label} value={value} onChange={onChange} options={LANGUAGES.map(([code, name]) => [code.toUpperCase(), name])} empty={t("request.hint.anyLanguage")} error={error} />;
    case "datetime":
      return <Input id={id} label={label} type="datetime-local" value={value} onChange={onChange} hint={t("request.hint.dueBy")} error={error} />;
    case "officer":
      return <Input id={id} label={label} value={value} onChange={onChange} hint={t("request.hint.assignee")} error={error} />;
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
    case "subjects":
      return (
        <fieldset class="field subjects" id={id} aria-describedby={`${id}-hint`}>
          <legend>{label}</legend>
          <small id={`${id}-hint`}>{t("request.hint.subjects")}</small>
          {value.map((subject, index) => (
            <SubjectEditor key={index} index={index} subject={subject} errorAt={errorAt}
              change={(changes) => onChange(value.map((s, i) => (i === index ? { ...s, ...changes } : s)))}
              remove={() => onChange(value.filter((_, i) => i !== index))} />
          ))}
          <button type="button" id="request-add-subject" onClick={() => onChange([...value, { kind: "PERSON" }])}>{t("request.subject.add")}</button>
        </fieldset>
      );
    case "contact":
      return (
        <fieldset class="field contact">
          <legend>{label}</legend>
          {CONTACT_PARTS.map((part) => {
            const path = `contact.${part.name}`;
            return <Input key={path} id={idOf(path)} label={t(`request.contact.${part.name}`)} type={part.type} value={value[part.name] ?? ""} onChange={(v) => onChange({ ...value, [part.name]: v })} error={errorAt(path)} />;
          })}
        </fieldset>
      );
    default:
      return <Input id={id} label={label} value={value} onChange={onChange} required={required} error={error} />;
  }
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
  // The API's error goes under the field it names, when the form shows that field.
  const placed = error && error.field && [...pathsOf(values), "justification"].includes(error.field) ? error.field : null;
  const errorAt = (path) => (placed === path ? fieldMessage(error) : null);
  useEffect(() => {
    if (placed) document.getElementById(idOf(placed))?.focus?.();
  }, [error]);
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
        {FIELDS.filter((field) => shown(field, values)).map((field) => <FieldFor key={field.name} field={field} values={values} set={set} reference={reference} errorAt={errorAt} />)}
        <Input id={idOf("justification")} label={t("field.justification")} value={justification} onChange={setJustification} required hint={t("request.hint.justification")} error={errorAt("justification")} />
        {error && placed ? <p class="error" role="alert" data-code={error.code} data-field={placed}>{t("request.fieldError", { field: t(labelOf(placed)) })}</p> : <ErrorBox error={error} />}
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>{t("request.submit")}</button>
          <a href={hashFor("search", { country: values.country })}>{t("common.back")}</a>
        </div>
      </form>
    </>
  );
}
