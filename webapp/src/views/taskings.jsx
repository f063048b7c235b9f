// The requests of the investigator's service, and the LO's inbox: one list, kept live by the
// taskingUpdated subscription (a new request appears, a status changes, without reloading).
import { useEffect, useState } from "preact/hooks";
import { subscribe } from "../api.js";
import { t } from "../i18n.js";
import { ErrorBox, formatDateTime, hashFor, LANG_ARG, Notice, StatusBadge, useQuery } from "../ui.jsx";

export const ROW = `id reference title status priority dueBy overdue updatedAt version
  country { iso2 name(lang: $lang) }
  assignee { id name }
  requestingService { code }`;
const LIST = `query MyTaskings($lang: Lang) { myTaskings(first: 100) { nodes { ${ROW} } } }`;
const LIVE = `subscription Live($lang: Lang) { taskingUpdated { ${ROW} } }`;

const byRecent = (a, b) => b.updatedAt.localeCompare(a.updatedAt);

/** `rows` kept current by taskingUpdated; `changed` the ids that changed since the page opened. */
export function useLiveTaskings() {
  const variables = { lang: LANG_ARG() };
  const [data, error, , setData] = useQuery(LIST, variables, []);
  const [changed, setChanged] = useState({});
  const [liveError, setLiveError] = useState(null);
  useEffect(() => {
    const stop = subscribe(LIVE, variables, ({ taskingUpdated: tasking }) => {
      setData((current) => {
        const nodes = current ? current.myTaskings.nodes.filter((n) => n.id !== tasking.id) : [];
        return { myTaskings: { nodes: [tasking, ...nodes] } };
      });
      setChanged((c) => ({ ...c, [tasking.id]: tasking.status }));
    }, setLiveError);
    return stop;
  }, [variables.lang]);
  const rows = data ? [...data.myTaskings.nodes].sort(byRecent) : null;
  return { rows, error: error || liveError, changed };
}

export function TaskingList({ mode }) {
  const { rows, error, changed } = useLiveTaskings();
  const [filter, setFilter] = useState("open");
  const open = (r) => ["REQUESTED", "ACCEPTED", "IN_PROGRESS", "AWAITING_INFORMATION"].includes(r.status);
  const shown = rows ? rows.filter((r) => filter === "all" || open(r)) : [];
  const latest = Object.keys(changed).length;
  return (
    <>
      <h1>{t(mode === "inbox" ? "inbox.title" : "requests.title")}</h1>
      <ErrorBox error={error} />
      <Notice text={latest ? t("list.liveChanges", { count: latest }) : ""} />
      <div class="toggle" role="group" aria-label={t("list.show")}>
        <button type="button" aria-pressed={filter === "open"} onClick={() => setFilter("open")}>{t("list.open")}</button>
        <button type="button" aria-pressed={filter === "all"} onClick={() => setFilter("all")}>{t("list.all")}</button>
      </div>
      {!rows ? <p aria-busy="true">{t("common.loading")}</p> : null}
      {rows && !shown.length ? <p>{t("list.empty")}</p> : null}
      <ul class="taskings" id="taskings">
        {shown.map((r) => (
          <li key={r.id} class={`card tasking${changed[r.id] ? " changed" : ""}`} data-tasking={r.id} data-reference={r.reference} data-status={r.status}>
            <h2 class="h3">
              <a href={hashFor(`tasking/${encodeURIComponent(r.id)}`)}>{r.reference}</a> <StatusBadge status={r.status} />
              {r.overdue ? <span class="badge overdue">{t("tasking.overdue")}</span> : null}
            </h2>
            <p>{r.title}</p>
            <p class="muted">
              {r.country.name} · {t(`priority.${r.priority}`)} · {mode === "inbox" ? r.requestingService.code : r.assignee.name} · {t("tasking.dueBy", { when: formatDateTime(r.dueBy) })}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
