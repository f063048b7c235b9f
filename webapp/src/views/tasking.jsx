// One tasking: what was asked, the conversation (the LO's questions and the requester's answers,
// messages, announced delays), its timeline, and what the user may do next (the assigned LO
// accepts, declines, starts, completes, asks for information, announces a delay; the requesting
// service answers, cancels, redirects; either reassigns and records consent to an H2). Kept live
// by taskingUpdated(taskingId): a question, an answer or a message appears without reloading.
import { useEffect, useState } from "preact/hooks";
import { gql, subscribe } from "../api.js";
import { t } from "../i18n.js";
import { has } from "../session.js";
import { enumOptions, ErrorBox, fieldMessage, formatDateTime, Input, LANG_ARG, Notice, Select, StatusBadge, TextArea, useQuery, useSubmit } from "../ui.jsx";
import { SUBJECT_PARTS } from "../request-form.js";
import { ACTIONS, conversationOf, LIVE, mayTake, mutationOf, ONE, POST } from "../tasking-model.js";

/** Which side of the tasking the user is on: its assigned LO, its requesting service (an admin both). */
function sideOf(tasking, session) {
  const admin = has(session, "admin");
  return {
    assignee: admin || (has(session, "liaison_officer") && session.officerId === tasking.assignee.id),
    requester: admin || (has(session, "investigator") && session.service === tasking.requestingService.code),
  };
}

function ActionForm({ action, tasking, justification, done, conversing }) {
  const [values, setValues] = useState(Object.fromEntries(action.fields.map((f) => [f.name, f.initial ?? ""])));
  const [busy, error, submit] = useSubmit(async () => {
    const variables = { id: tasking.id, version: tasking.version, lang: LANG_ARG(), conversing };
    for (const field of action.fields) {
      const value = values[field.name];
      if (field.optional && !value) continue;
      variables[field.name] = field.number ? Number(value) : field.kind === "datetime" ? new Date(value).toISOString() : value;
    }
    const data = await gql(mutationOf(action), variables, { justification });
    done(data[action.mutation], action);
  });
  const set = (name) => (value) => setValues({ ...values, [name]: value });
  // The API's error under the field it names, else above the button.
  const placed = error && action.fields.some((f) => f.name === error.field) ? error.field : null;
  const open = action.name === "answer" ? tasking.clarifications.find((c) => c.answer === null) : null;
  return (
    <form class={`action action-${action.name}`} onSubmit={submit}>
      {open ? <p class="lead" id="open-question">{t("conversation.theQuestion", { question: open.question })}</p> : null}
      {action.fields.map((field) => {
        const id = `${action.name}-${field.name}`;
        const label = t(`tasking.field.${field.name}`);
        const error_ = placed === field.name ? fieldMessage(error) : null;
        if (field.kind === "textarea") return <TextArea key={id} id={id} label={label} value={values[field.name]} onChange={set(field.name)} required error={error_} />;
        if (field.kind === "datetime") return <Input key={id} id={id} label={label} type="datetime-local" value={values[field.name]} onChange={set(field.name)} required error={error_} />;
        if (field.kind === "enum") {
          const options = field.number ? field.values.map((v) => [v, v]) : enumOptions(field.name === "sourceReliability" ? "reliability" : field.name, field.values);
          return <Select key={id} id={id} label={label} value={values[field.name]} onChange={set(field.name)} options={options} required error={error_} />;
        }
        const hint = field.name === "officerId" ? t(field.optional ? "tasking.hint.nextBest" : "tasking.hint.officerId") : undefined;
        return <Input key={id} id={id} label={label} value={values[field.name]} onChange={set(field.name)} required={!field.optional} hint={hint} error={error_} />;
      })}
      {placed ? null : <ErrorBox error={error} />}
      <button type="submit" class={action.name === "decline" || action.name === "cancel" ? "danger" : "primary"} disabled={busy} data-action={action.name}>
        {t(`tasking.do.${action.name}`)}
      </button>
    </form>
  );
}

function Actions({ tasking, side, justification, onChange, conversing }) {
  const offered = ACTIONS.filter((a) => mayTake(a, tasking, side));
  if (!offered.length) return null;
  // An LO who gives the request to another may no longer read its messages: the answer leaves them out.
  const reads = (action) => conversing && !(action.name === "reassign" && !side.requester);
  const form = (action) => <ActionForm key={`${action.name}-${tasking.version}`} action={action} tasking={tasking} justification={justification} done={onChange} conversing={reads(action)} />;
  const more = offered.filter((a) => a.more);
  return (
    <section class="card" aria-labelledby="actions-title">
      <h2 id="actions-title">{t("tasking.actions")}</h2>
      {offered.filter((a) => !a.more).map(form)}
      {more.map((action) => (
        <details key={action.name} class="more" data-more={action.name}>
          <summary>{t(`tasking.do.${action.name}`)}</summary>
          {form(action)}
        </details>
      ))}
    </section>
  );
}

function Conversation({ tasking, side, conversing, justification, posted }) {
  const [text, setText] = useState("");
  const entries = conversationOf(tasking);
  const [busy, error, send] = useSubmit(async () => {
    const data = await gql(POST, { taskingId: tasking.id, text }, { justification });
    posted(data.postMessage);
    setText("");
  });
  return (
    <section class="card" aria-labelledby="conversation-title">
      <h2 id="conversation-title">{t("conversation.title")}</h2>
      {!entries.length ? <p class="muted">{t("conversation.empty")}</p> : null}
      <ol class="conversation plain" id="conversation" aria-live="polite">
        {entries.map((e) => (
          <li key={e.id} class={`said said-${e.side.toLowerCase()}`} data-kind={e.kind}>
            <p class="muted">
              <strong>{t(`conversation.${e.kind}`)}</strong> · {t(`side.${e.side}`)} ({e.who}) · <time dateTime={e.at}>{formatDateTime(e.at)}</time>
            </p>
            {e.kind === "delay" ? <p>{t("conversation.delayUntil", { when: formatDateTime(e.newDueBy) })}</p> : null}
            <p class="text">{e.text}</p>
          </li>
        ))}
      </ol>
      {conversing && (side.assignee || side.requester) ? (
        <form class="action message-form" onSubmit={send}>
          <TextArea id="message-text" label={t("conversation.write")} value={text} onChange={setText} required error={error && error.field === "text" ? fieldMessage(error) : null} />
          {error && error.field === "text" ? null : <ErrorBox error={error} />}
          <button type="submit" class="primary" disabled={busy} data-action="message">{t("conversation.send")}</button>
        </form>
      ) : null}
    </section>
  );
}

function Subjects({ subjects }) {
  if (!subjects.length) return null;
  return (
    <section aria-labelledby="subjects-title">
      <h2 id="subjects-title">{t("request.field.subjects")}</h2>
      <ul class="subjects-list" id="subjects">
        {subjects.map((s, index) => (
          <li key={index} data-kind={s.kind}>
            <strong>{t(`subjectKind.${s.kind}`)}</strong>:{" "}
            {/* A phone number is its one value; the other kinds name each part. */}
            {s.kind === "PHONE" ? s.phone : SUBJECT_PARTS[s.kind].map((p) => (s[p.name] ? `${t(`request.subject.${p.name}`)} ${s[p.name]}` : null)).filter(Boolean).join(" · ")}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** For the requesting service: other services' open requests naming a subject of this one, and
 *  whom to contact there (the API shows nothing of their request; null for anyone else). */
function Deconfliction({ matches }) {
  if (!matches || !matches.length) return null;
  return (
    <section class="card notice-card" aria-labelledby="deconfliction-title">
      <h2 id="deconfliction-title">{t("deconfliction.title")}</h2>
      <ul class="plain" id="deconfliction">
        {matches.map((m) => (
          <li key={`${m.matchKey}-${m.service.code}`} data-service={m.service.code}>
            <p>{t("deconfliction.match", { service: m.service.name, subject: t(`subjectKind.${m.kind}`), since: formatDateTime(m.foundAt) })}</p>
            <p>
              {m.contact
                ? [m.contact.name, m.contact.phone, m.contact.email].filter(Boolean).join(" · ")
                : t("deconfliction.noContact")}
            </p>
          </li>
        ))}
      </ul>
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
  // Messages are only the requesting service's and the assigned LO's to read.
  const conversing = has(session, "investigator") || has(session, "liaison_officer");
  const variables = { id, lang: LANG_ARG(), conversing };
  const [data, error, , setData] = useQuery(ONE, variables, [id]);
  const [notice, setNotice] = useState(query.sent ? t("request.sent", { reference: query.sent }) : "");
  const [liveError, setLiveError] = useState(null);
  const [justification, setJustification] = useState(null);
  useEffect(() => subscribe(LIVE, variables, ({ taskingUpdated: updated }) => {
    setData((current) => {
      // Say what changed: something new in the conversation, or the status.
      const said = current && conversationOf(updated).length > conversationOf(current.tasking).length;
      setNotice(said ? t("conversation.live") : t("tasking.liveUpdate", { status: t(`status.${updated.status}`) }));
      return { tasking: updated };
    });
  }, setLiveError), [id, variables.lang]);
  if (error) return <ErrorBox error={error} />;
  if (!data) return <p aria-busy="true">{t("common.loading")}</p>;
  const tasking = data.tasking;
  if (!tasking) return <ErrorBox error={{ code: "NOT_FOUND", message: t("tasking.unknown", { id }) }} />;
  const side = sideOf(tasking, session);
  const caseReference = justification ?? tasking.reference;
  const done = (updated, action) => {
    setData({ tasking: updated });
    setNotice(t("tasking.done", { action: t(`tasking.do.${action.name}`), status: t(`status.${updated.status}`) }));
  };
  const posted = (message) => {
    // Shown at once; the live update that follows brings the same list from the server.
    setData((current) => {
      const nodes = (current.tasking.messages?.nodes || []).filter((m) => m.id !== message.id);
      return { tasking: { ...current.tasking, messages: { nodes: [...nodes, message] } } };
    });
    setNotice(t("conversation.sent"));
  };
  return (
    <article class="tasking-view" data-tasking={tasking.id} data-status={tasking.status} data-version={tasking.version} data-due-by={tasking.dueBy}>
      <h1>
        {tasking.reference} <StatusBadge status={tasking.status} />
      </h1>
      <Notice text={notice} />
      <ErrorBox error={liveError} />
      <p class="lead">{tasking.title}</p>
      {tasking.details ? <p>{tasking.details}</p> : null}
      <dl class="facts">
        {tasking.caseNumber ? (
          <>
            <dt>{t("request.field.caseNumber")}</dt>
            <dd id="case-number">{tasking.caseNumber}</dd>
          </>
        ) : null}
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
          {tasking.awaitingSince ? t("tasking.clockStopped", { since: formatDateTime(tasking.awaitingSince) }) : formatDateTime(tasking.dueBy)}
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
      <Subjects subjects={tasking.subjects} />
      <Deconfliction matches={tasking.deconfliction} />
      {side.assignee || side.requester ? (
        <div class="justification">
          <Input id="action-justification" label={t("field.justification")} value={caseReference} onChange={setJustification} required hint={t("tasking.justificationHint")} />
        </div>
      ) : null}
      <Actions tasking={tasking} side={side} justification={caseReference} onChange={done} conversing={conversing} key={tasking.version} />
      <Conversation tasking={tasking} side={side} conversing={conversing} justification={caseReference} posted={posted} />
      <Timeline events={tasking.events} />
    </article>
  );
}
