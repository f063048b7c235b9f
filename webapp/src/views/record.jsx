// Liaison officer: their own record, which search reads: availability, planned absences (on
// those days search offers the deputies), deputies in rank order (no case reference needed); and
// handing their open requests over to a deputy (with a case reference: it moves requests).
import { useEffect, useState } from "preact/hooks";
import { gql } from "../api.js";
import { t } from "../i18n.js";
import { enumOptions, ErrorBox, formatDate, Input, Notice, Select, TextArea, useQuery, useSubmit } from "../ui.jsx";

const RECORD = `query MyRecord($id: ID!) {
  officer(id: $id) {
    id name version availability availabilityNote
    availabilityWindows { id startsOn endsOn status note }
    deputies { id name }
  }
}`;
const CANDIDATES = `query Officers($after: String) { officers(first: 100, after: $after) { nodes { id name } pageInfo { hasNextPage endCursor } } }`;
const MOST_PAGES = 20; // 2,000 officers: far more than the network has

/** Every officer of the directory, page by page (the API gives at most 100 at once). */
function useAllOfficers() {
  const [officers, setOfficers] = useState([]);
  useEffect(() => {
    let current = true;
    (async () => {
      const all = [];
      let after = null;
      for (let page = 0; page < MOST_PAGES; page++) {
        const { officers: found } = await gql(CANDIDATES, { after });
        all.push(...found.nodes);
        if (!found.pageInfo.hasNextPage) break;
        after = found.pageInfo.endCursor;
      }
      if (current) setOfficers(all.sort((a, b) => a.name.localeCompare(b.name)));
    })().catch(() => {}); // the picker stays empty; the record itself still shows
    return () => {
      current = false;
    };
  }, []);
  return officers;
}
const SET_AVAILABILITY = `mutation SetAvailability($status: Availability!, $note: String, $version: Int!) {
  setAvailability(status: $status, note: $note, version: $version) { id version }
}`;
const ADD_WINDOW = `mutation PlanAbsence($from: Date!, $to: Date!, $status: Availability!, $note: String) {
  addAvailabilityWindow(startsOn: $from, endsOn: $to, status: $status, note: $note) { id }
}`;
const REMOVE_WINDOW = `mutation RemoveAbsence($id: ID!) { removeAvailabilityWindow(id: $id) }`;
const SET_DEPUTIES = `mutation SetDeputies($ids: [ID!]!) { setDeputies(officerIds: $ids) { id } }`;
const HAND_OVER = `mutation HandOver($from: ID!, $to: ID!, $reason: String!) {
  handOverTaskings(fromOfficerId: $from, toOfficerId: $to, reason: $reason) { handedOver { id } withheld { tasking { reference } reason } }
}`;

const STATUSES = ["AVAILABLE", "LIMITED", "ON_MISSION", "ON_LEAVE", "UNREACHABLE"];
const ABSENCES = ["ON_MISSION", "ON_LEAVE", "LIMITED", "UNREACHABLE"];

function useAct(reload, setNotice) {
  const [error, setError] = useState(null);
  const act = async (query, variables, message) => {
    setError(null);
    try {
      await gql(query, variables);
      setNotice(message);
      reload();
      return true;
    } catch (caught) {
      setError(caught);
      return false;
    }
  };
  return [act, error];
}

function Availability({ officer, act }) {
  const [status, setStatus] = useState(officer.availability);
  const [note, setNote] = useState(officer.availabilityNote || "");
  const submit = (e) => {
    e.preventDefault();
    act(SET_AVAILABILITY, { status, note: note || null, version: officer.version }, t("record.saved"));
  };
  return (
    <form onSubmit={submit} class="card" aria-labelledby="availability-title">
      <h2 id="availability-title">{t("record.availability")}</h2>
      <Select id="availability-status" label={t("record.status")} value={status} onChange={setStatus} options={enumOptions("availability", STATUSES)} required />
      <Input id="availability-note" label={t("record.note")} value={note} onChange={setNote} />
      <button type="submit" class="primary">{t("common.save")}</button>
    </form>
  );
}

function Absences({ officer, act }) {
  const [form, setForm] = useState({ from: "", to: "", status: "ON_MISSION", note: "" });
  const set = (name) => (value) => setForm({ ...form, [name]: value });
  const submit = async (e) => {
    e.preventDefault();
    if (await act(ADD_WINDOW, { ...form, note: form.note || null }, t("record.saved"))) setForm({ from: "", to: "", status: "ON_MISSION", note: "" });
  };
  return (
    <section class="card" aria-labelledby="absences-title">
      <h2 id="absences-title">{t("record.absences")}</h2>
      <ul class="plain" id="absences">
        {officer.availabilityWindows.map((w) => (
          <li key={w.id} data-window={w.id}>
            {formatDate(w.startsOn)} – {formatDate(w.endsOn)}: {t(`availability.${w.status}`)}
            {w.note ? ` · ${w.note}` : ""}{" "}
            <button type="button" class="link" onClick={() => act(REMOVE_WINDOW, { id: w.id }, t("record.saved"))} aria-label={t("record.removeAbsence", { from: formatDate(w.startsOn) })}>
              {t("common.remove")}
            </button>
          </li>
        ))}
        {!officer.availabilityWindows.length ? <li>{t("common.none")}</li> : null}
      </ul>
      <form onSubmit={submit} class="inline-form">
        <Input id="absence-from" label={t("record.from")} type="date" value={form.from} onChange={set("from")} required />
        <Input id="absence-to" label={t("record.to")} type="date" value={form.to} onChange={set("to")} required />
        <Select id="absence-status" label={t("record.status")} value={form.status} onChange={set("status")} options={enumOptions("availability", ABSENCES)} required />
        <Input id="absence-note" label={t("record.note")} value={form.note} onChange={set("note")} />
        <button type="submit" class="primary">{t("record.addAbsence")}</button>
      </form>
    </section>
  );
}

function Deputies({ officer, candidates, act }) {
  const ids = officer.deputies.map((d) => d.id);
  const [added, setAdded] = useState("");
  const save = (next) => act(SET_DEPUTIES, { ids: next }, t("record.saved"));
  const move = (index, by) => {
    const next = [...ids];
    [next[index], next[index + by]] = [next[index + by], next[index]];
    save(next);
  };
  const options = candidates.filter((c) => c.id !== officer.id && !ids.includes(c.id)).map((c) => [c.id, `${c.name} (${c.id})`]);
  return (
    <section class="card" aria-labelledby="deputies-title">
      <h2 id="deputies-title">{t("record.deputies")}</h2>
      <ol id="deputies">
        {officer.deputies.map((d, i) => (
          <li key={d.id} data-officer={d.id}>
            {d.name}{" "}
            <button type="button" class="link" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t("record.up", { name: d.name })}>↑</button>
            <button type="button" class="link" disabled={i === ids.length - 1} onClick={() => move(i, 1)} aria-label={t("record.down", { name: d.name })}>↓</button>
            <button type="button" class="link" onClick={() => save(ids.filter((x) => x !== d.id))}>{t("common.remove")}</button>
          </li>
        ))}
      </ol>
      <form class="inline-form" onSubmit={(e) => { e.preventDefault(); if (added) save([...ids, added]); setAdded(""); }}>
        <Select id="deputy-add" label={t("record.addDeputy")} value={added} onChange={setAdded} options={options} empty={t("common.choose")} required />
        <button type="submit" class="primary">{t("common.add")}</button>
      </form>
    </section>
  );
}

/** All of the officer's open requests to one of their deputies; what stays (an H2 without consent,
 *  a service the deputy does not serve) is listed with the reason. */
function HandOver({ officer, setNotice }) {
  const [to, setTo] = useState(officer.deputies[0].id);
  const [reason, setReason] = useState("");
  const [justification, setJustification] = useState("");
  const [withheld, setWithheld] = useState([]);
  const [busy, error, submit] = useSubmit(async () => {
    const { handOverTaskings: done } = await gql(HAND_OVER, { from: officer.id, to, reason }, { justification });
    const name = officer.deputies.find((d) => d.id === to).name;
    setWithheld(done.withheld);
    setNotice(t("record.handedOver", { moved: done.handedOver.length, name, kept: done.withheld.length }));
  });
  return (
    <form onSubmit={submit} class="card" aria-labelledby="handover-title" id="handover">
      <h2 id="handover-title">{t("record.handOver")}</h2>
      <Select id="handover-to" label={t("record.handOverTo")} value={to} onChange={setTo} options={officer.deputies.map((d) => [d.id, `${d.name} (${d.id})`])} required />
      <TextArea id="handover-reason" label={t("tasking.field.reason")} value={reason} onChange={setReason} required />
      <Input id="handover-justification" label={t("field.justification")} value={justification} onChange={setJustification} required hint={t("tasking.justificationHint")} />
      <ErrorBox error={error} />
      {withheld.length ? (
        <ul id="handover-withheld">
          {withheld.map((w) => <li key={w.tasking.reference}>{w.tasking.reference}: {w.reason}</li>)}
        </ul>
      ) : null}
      <button type="submit" class="primary" disabled={busy}>{t("record.handOverSubmit")}</button>
    </form>
  );
}

export function MyRecord({ session }) {
  const [data, error, reload] = useQuery(RECORD, { id: session.officerId }, [session.officerId]);
  const candidates = useAllOfficers();
  const [notice, setNotice] = useState("");
  const [act, actError] = useAct(reload, setNotice);
  if (error) return <ErrorBox error={error} />;
  if (!data) return <p aria-busy="true">{t("common.loading")}</p>;
  const officer = data.officer;
  return (
    <>
      <h1>{t("record.title", { name: officer.name })}</h1>
      <Notice text={notice} />
      <ErrorBox error={actError} />
      <div class="columns">
        <Availability officer={officer} act={act} key={`a-${officer.version}`} />
        <Deputies officer={officer} candidates={candidates} act={act} />
      </div>
      <Absences officer={officer} act={act} />
      {officer.deputies.length ? <HandOver officer={officer} setNotice={setNotice} key={officer.deputies.map((d) => d.id).join()} /> : null}
    </>
  );
}
