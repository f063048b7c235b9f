// One tasking: what was asked, its timeline, and what the user may do next (the assigned LO
// accepts, declines, starts, completes; the requesting service cancels). Kept live by
// taskingUpdated(taskingId). The conversation (clarifications, messages) gets its own section
// here once the API has it.
import { useEffect, useState } from "preact/hooks";
import { gql, subscribe } from "../api.js";
import { t } from "../i18n.js";
import { has } from "../session.js";
import { enumOptions, ErrorBox, formatDateTime, Input, LANG_ARG, Notice, Select, StatusBadge, TextArea, useQuery } from "../ui.jsx";
import { HANDLING_CODES } from "./request.jsx";

const FULL = `id reference title details status priority legalBasis handlingCode handlingNote accessibility
  outcome outcomeHandlingCode sourceReliability informationAssessment dueBy overdue createdAt updatedAt version
  requestingService { code name }
  assignee { id name }
  country { iso2 name(lang: $lang) }
  competences { code name(lang: $lang) }
  events { id at actor action fromStatus toStatus note }`;
const ONE = `query Tasking($id: ID!, $lang: Lang) { tasking(id: $id) { ${FULL} } }`;
const LIVE = `subscription TaskingLive($id: ID!, $lang: Lang) { taskingUpdated(taskingId: $id) { ${FULL} } }`;

// Each action: the mutation, the states it is offered in, who may take it, the fields it asks.
const ACTIONS = [
  { name: "accept", mutation: "acceptTasking", from: ["REQUESTED"], by: "assignee", fields: [] },
  { name: "decline", mutation: "declineTasking", from: ["REQUESTED"], by: "assignee", fields: [{ name: "reason", type: "String!", kind: "textarea" }] },
  { name: "start", mutation: "startTasking", from: ["ACCEPTED"], by: "assignee", fields: [] },
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
  { name: "cancel", mutation: "cancelTasking", from: ["REQUESTED", "ACCEPTED", "IN_PROGRESS"], by: "requester", fields: [{ name: "reason", type: "String!", kind: "textarea" }] },
];

function mutationOf(action) {
  const declared = action.fields.map((f) => `, $${f.name}: ${f.type}`).join("");
  const passed = action.fields.map((f) => `, ${f.name}: $${f.name}`).join("");
  return `mutation Act($id: ID!, $version: Int!, $lang: Lang${declared}) { ${action.mutation}(id: $id, version: $version${passed}) { ${FULL} } }`;
}

function mayTake(action, tasking, session) {
  if (!action.from.includes(tasking.status)) return false;
  if (has(session, "admin")) return true;
  if (action.by === "assignee") return has(session, "liaison_officer") && session.officerId === tasking.assignee.id;
  return has(session, "investigator") && session.service === tasking.requestingService.code;
}

function ActionForm({ action, tasking, justification, done }) {
  const [values, setValues] = useState(Object.fromEntries(action.fields.map((f) => [f.name, f.initial ?? ""])));
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const variables = { id: tasking.id, version: tasking.version, lang: LANG_ARG() };
    for (const field of action.fields) {
      const value = values[field.name];
      if (field.optional && !value) continue;
      variables[field.name] = field.number ? Number(value) : value;
    }
    try {
      const data = await gql(mutationOf(action), variables, { justification });
      done(data[action.mutation], action);
    } catch (caught) {
      setError(caught);
    }
    setBusy(false);
  };
  const set = (name) => (value) => setValues({ ...values, [name]: value });
  return (
    <form class={`action action-${action.name}`} onSubmit={submit}>
      {action.fields.map((field) => {
        const id = `${action.name}-${field.name}`;
        const label = t(`tasking.field.${field.name}`);
        if (field.kind === "textarea") return <TextArea key={id} id={id} label={label} value={values[field.name]} onChange={set(field.name)} required />;
        if (field.kind === "enum") {
          const options = field.number ? field.values.map((v) => [v, v]) : enumOptions(field.name === "sourceReliability" ? "reliability" : field.name, field.values);
          return <Select key={id} id={id} label={label} value={values[field.name]} onChange={set(field.name)} options={options} required />;
        }
        return <Input key={id} id={id} label={label} value={values[field.name]} onChange={set(field.name)} required={!field.optional} />;
      })}
      <ErrorBox error={error} />
      <button type="submit" class={action.name === "decline" || action.name === "cancel" ? "danger" : "primary"} disabled={busy} data-action={action.name}>
        {t(`tasking.do.${action.name}`)}
      </button>
    </form>
  );
}

function Actions({ tasking, session, onChange }) {
  const offered = ACTIONS.filter((a) => mayTake(a, tasking, session));
  const [justification, setJustification] = useState(tasking.reference);
  if (!offered.length) return null;
  return (
    <section class="card" aria-labelledby="actions-title">
      <h2 id="actions-title">{t("tasking.actions")}</h2>
      <Input id="action-justification" label={t("field.justification")} value={justification} onChange={setJustification} required hint={t("tasking.justificationHint")} />
      {offered.map((action) => <ActionForm key={`${action.name}-${tasking.version}`} action={action} tasking={tasking} justification={justification} done={onChange} />)}
    </section>
  );
}

function Timeline({ events }) {
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t("tasking.timeline")}</h2>
      <ol class="timeline" id="timeline">
        {events.map((e) => (
          <li key={e.id} data-action={e.action}>
            <time dateTime={e.at}>{formatDateTime(e.at)}</time> <strong>{t(`action.${e.action}`)}</strong> · {e.actor}
            {e.note ? <p>{e.note}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function TaskingView({ session, id, query }) {
  const variables = { id, lang: LANG_ARG() };
  const [data, error, , setData] = useQuery(ONE, variables, [id]);
  const [notice, setNotice] = useState(query.sent ? t("request.sent", { reference: query.sent }) : "");
  const [liveError, setLiveError] = useState(null);
  useEffect(() => subscribe(LIVE, variables, (d) => {
    setData({ tasking: d.taskingUpdated });
    setNotice(t("tasking.liveUpdate", { status: t(`status.${d.taskingUpdated.status}`) }));
  }, setLiveError), [id, variables.lang]);
  if (error) return <ErrorBox error={error} />;
  if (!data) return <p aria-busy="true">{t("common.loading")}</p>;
  const tasking = data.tasking;
  if (!tasking) return <ErrorBox error={{ code: "NOT_FOUND", message: t("tasking.unknown", { id }) }} />;
  const done = (updated, action) => {
    setData({ tasking: updated });
    setNotice(t("tasking.done", { action: t(`tasking.do.${action.name}`), status: t(`status.${updated.status}`) }));
  };
  return (
    <article class="tasking-view" data-tasking={tasking.id} data-status={tasking.status} data-version={tasking.version}>
      <h1>
        {tasking.reference} <StatusBadge status={tasking.status} />
      </h1>
      <Notice text={notice} />
      <ErrorBox error={liveError} />
      <p class="lead">{tasking.title}</p>
      {tasking.details ? <p>{tasking.details}</p> : null}
      <dl class="facts">
        <dt>{t("request.field.country")}</dt>
        <dd>{tasking.country.name}</dd>
        <dt>{t("request.field.competences")}</dt>
        <dd>{tasking.competences.map((c) => c.name).join(", ") || t("common.none")}</dd>
        <dt>{t("tasking.requester")}</dt>
        <dd>{tasking.requestingService.name}</dd>
        <dt>{t("tasking.assignee")}</dt>
        <dd>{tasking.assignee.name}</dd>
        <dt>{t("request.field.priority")}</dt>
        <dd>{t(`priority.${tasking.priority}`)}</dd>
        <dt>{t("request.field.legalBasis")}</dt>
        <dd>{t(`legalBasis.${tasking.legalBasis}`)}</dd>
        <dt>{t("request.field.handlingCode")}</dt>
        <dd>
          {t(`handlingCode.${tasking.handlingCode}`)}
          {tasking.handlingNote ? ` · ${tasking.handlingNote}` : ""}
        </dd>
        <dt>{t("request.field.dueBy")}</dt>
        <dd>
          {formatDateTime(tasking.dueBy)}
          {tasking.overdue ? <span class="badge overdue">{t("tasking.overdue")}</span> : null}
        </dd>
        {tasking.outcome ? (
          <>
            <dt>{t("tasking.field.outcome")}</dt>
            <dd>
              {tasking.outcome} ({tasking.outcomeHandlingCode}, {tasking.sourceReliability}
              {tasking.informationAssessment})
            </dd>
          </>
        ) : null}
      </dl>
      <Actions tasking={tasking} session={session} onChange={done} key={tasking.version} />
      <Timeline events={tasking.events} />
    </article>
  );
}
