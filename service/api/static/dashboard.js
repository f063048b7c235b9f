// The managers' coverage dashboard: plain JS, no build step, nothing loaded from elsewhere.
// All data comes from lonet's GraphQL API (and /exports) with the caller's bearer token; the
// page itself holds none. In dev mode a demo identity's token comes from /auth/demo-token.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const STATUS_CLASS = { COVERED: "covered", SINGLE_POINT: "single", GAP: "gap" };
const HOME = ["BE", "NL", "LU"];
const PROGRAMME = "BALKANS_PILOT";
const identities = JSON.parse(document.getElementById("identities").textContent);
// The texts this script writes, in the page's language (service/api/dashboard.py: SCRIPT_TEXTS).
const TEXTS = JSON.parse(document.getElementById("texts").textContent);
const t = (key, values = {}) => TEXTS[key].replace(/%\((\w+)\)[sd]/g, (_, name) => String(values[name]));
const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem("lonet-token");
let views = null;
let generation = 0; // only the latest load may draw

const COVERAGE = `query Coverage($asOf: Date, $competence: String, $servedService: String) {
  coverage(asOf: $asOf, competence: $competence, servedService: $servedService) {
    asOf competence servedService
    summary { countries covered singlePoint gap gapCells singlePointCells }
    countries { country { iso2 name } status officerCount coveredCompetences missingCompetences }
    gaps { country { iso2 name } competence { code } }
    singlePoints { country { iso2 name } competence { code } officer { id name } route hasDeputy deputies { name } }
    expiringPostings(withinMonths: 6) {
      posting { id city country { iso2 name } } officer { id name } endsOn daysLeft
      wouldBecomeGaps { country { iso2 } competence { code } }
    }
  }
}`;
const REFERENCE = "{ competences { code name } services { code name } }";

class ApiError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function el(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

function row(cells, attributes) {
  const tr = el("tr", null, attributes);
  for (const cell of cells) tr.append(el("td", cell));
  return tr;
}

function setState(state) {
  document.body.dataset.state = state;
}

function showError(error) {
  const box = $("error");
  box.hidden = false;
  box.dataset.code = error.code || "ERROR";
  box.textContent = `${error.code || "ERROR"}: ${error.message}`;
}

async function gql(query, variables = {}) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json().catch(() => ({}));
  if (body.errors && body.errors.length) {
    const first = body.errors[0];
    throw new ApiError((first.extensions && first.extensions.code) || String(response.status), first.message);
  }
  if (!response.ok) throw new ApiError(String(response.status), response.statusText);
  return body.data;
}

// -- the map --------------------------------------------------------------------------------------

async function drawMap() {
  const response = await fetch("/dashboard/world-110m.json");
  const world = await response.json();
  views = world.views;
  const svg = $("map");
  for (const [iso2, d] of Object.entries(world.paths)) {
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d);
    path.dataset.iso2 = iso2;
    if (HOME.includes(iso2)) path.classList.add("home");
    const title = document.createElementNS(SVG, "title");
    title.textContent = iso2;
    path.append(title);
    svg.append(path);
  }
}

function colourMap(countries) {
  const byIso = new Map(countries.map((c) => [c.country.iso2, c]));
  for (const path of $("map").querySelectorAll("path")) {
    const iso2 = path.dataset.iso2;
    const found = byIso.get(iso2);
    path.classList.remove("covered", "single", "gap");
    delete path.dataset.status;
    const title = path.querySelector("title");
    if (found) {
      path.classList.add(STATUS_CLASS[found.status]);
      path.dataset.status = found.status;
      const total = found.coveredCompetences.length + found.missingCompetences.length;
      title.textContent = t("country", {
        country: found.country.name, status: t(STATUS_CLASS[found.status]), officers: found.officerCount,
        covered: found.coveredCompetences.length, total,
      });
    } else {
      title.textContent = t(HOME.includes(iso2) ? "homeCountry" : "outOfScope", { iso2 });
    }
  }
}

function showView(name) {
  if (!views) return;
  $("map").setAttribute("viewBox", views[name].join(" "));
  for (const button of document.querySelectorAll("[data-view]")) button.classList.toggle("on", button.dataset.view === name);
}

// -- the tables -----------------------------------------------------------------------------------

function grouped(items, keyOf) {
  const groups = new Map();
  for (const item of items) {
    const key = keyOf(item);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(item);
  }
  return groups;
}

function fill(tableId, rows, empty) {
  const body = $(tableId).querySelector("tbody");
  body.replaceChildren(...rows);
  if (!rows.length) body.append(row([empty], { class: "empty" }));
}

function render(report) {
  const s = report.summary;
  const summary = `summary${report.competence ? "Competence" : ""}${report.servedService ? "Service" : ""}`;
  $("summary").textContent = t(summary, {
    day: report.asOf, competence: report.competence, service: report.servedService,
    countries: s.countries, covered: s.covered, single: s.singlePoint, gap: s.gap,
  });
  colourMap(report.countries);

  const gapRows = [...grouped(report.gaps, (g) => g.country.iso2)].map(([iso2, gaps]) =>
    row([`${gaps[0].country.name} (${iso2})`, gaps.map((g) => g.competence.code).join(", ")], {
      "data-iso2": iso2,
      "data-competences": gaps.map((g) => g.competence.code).join(" "),
    }));
  fill("gaps", gapRows, t("noGaps"));
  $("gap-count").textContent = t("gapCount", { cells: s.gapCells, countries: gapRows.length });

  const singleRows = [...grouped(report.singlePoints, (p) => `${p.country.iso2} ${p.officer.id}`)].map(([, points]) => {
    const p = points[0];
    const deputies = p.deputies.map((d) => d.name).join(", ") || t("none");
    return row([`${p.country.name} (${p.country.iso2})`, p.officer.name, p.route, points.map((x) => x.competence.code).join(", "), deputies], {
      "data-iso2": p.country.iso2,
      "data-officer": p.officer.id,
      "data-competences": points.map((x) => x.competence.code).join(" "),
      "data-has-deputy": String(p.hasDeputy),
    });
  });
  fill("single-points", singleRows, t("noSinglePoints"));
  $("single-count").textContent = t("singleCount", { cells: s.singlePointCells });

  const expiringRows = report.expiringPostings.map((e) => {
    const lost = [...grouped(e.wouldBecomeGaps, (g) => g.country.iso2)]
      .map(([iso2, gaps]) => `${iso2}: ${gaps.map((g) => g.competence.code).join(" ")}`).join("; ");
    return row([`${e.posting.id}, ${e.posting.city} (${e.posting.country.iso2})`, e.officer.name, e.endsOn, String(e.daysLeft), lost || t("none")], {
      "data-posting": e.posting.id,
      "data-gaps": e.wouldBecomeGaps.map((g) => `${g.country.iso2}:${g.competence.code}`).join(" "),
    });
  });
  fill("expiring", expiringRows, t("noExpiring"));
}

function clearData() {
  colourMap([]);
  for (const id of ["gaps", "single-points", "expiring"]) $(id).querySelector("tbody").replaceChildren();
  $("summary").textContent = "";
  $("gap-count").textContent = "";
  $("single-count").textContent = "";
}

// -- loading --------------------------------------------------------------------------------------

function filters() {
  return {
    competence: $("competence").value || null,
    servedService: $("served-service").value || null,
    asOf: $("as-of").value || null,
  };
}

function fillSelect(select, items, label) {
  const chosen = select.value;
  select.replaceChildren(select.options[0]);
  for (const item of items) select.append(new Option(label(item), item.code));
  select.value = chosen;
}

async function load() {
  const mine = ++generation;
  setState("loading");
  $("error").hidden = true;
  try {
    if (!token) throw new ApiError("UNAUTHENTICATED", t("signInFirst"));
    const variables = filters();
    const data = await gql(COVERAGE, variables);
    if (mine !== generation) return;
    render(data.coverage);
    if (!$("as-of").value) $("as-of").value = data.coverage.asOf;
    document.body.dataset.competence = variables.competence || "";
    document.body.dataset.servedService = variables.servedService || "";
    setState("ready");
  } catch (error) {
    if (mine !== generation) return;
    clearData();
    showError(error);
    setState("error");
  }
}

async function signIn() {
  const reference = await gql(REFERENCE).catch(() => null); // everyone may read the lists
  if (reference) {
    fillSelect($("competence"), reference.competences, (c) => `${c.code} - ${c.name}`);
    fillSelect($("served-service"), reference.services, (s) => s.code);
  }
  await load();
}

async function useIdentity(key) {
  const response = await fetch(`/auth/demo-token?identity=${encodeURIComponent(key)}`);
  token = response.ok ? (await response.json()).token : null;
  await signIn();
}

async function download(path, params, filename) {
  $("error").hidden = true;
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v));
  const response = await fetch(`${path}?${query}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) {
    const body = await response.json().catch(() => ({ errors: [{ message: response.statusText, extensions: {} }] }));
    const first = body.errors[0];
    showError(new ApiError(first.extensions.code || String(response.status), first.message));
    return;
  }
  const link = el("a", null, { href: URL.createObjectURL(await response.blob()), download: filename });
  document.body.append(link);
  link.click();
  link.remove();
}

async function start() {
  // Its forms only filter (no inline onsubmit: the page's CSP allows no inline script).
  for (const form of document.querySelectorAll("form")) form.addEventListener("submit", (event) => event.preventDefault());
  await drawMap();
  $("competence").onchange = load;
  $("served-service").onchange = load;
  $("as-of").onchange = load;
  for (const button of document.querySelectorAll("[data-view]")) button.onclick = () => showView(button.dataset.view);
  $("export-coverage").onclick = () => download("/exports/coverage.csv", filters(), "lonet-coverage.csv");
  $("export-programme").onclick = () => download("/exports/programme-report.csv", { code: PROGRAMME }, "lonet-balkans-pilot.csv");

  if (identities.length) {
    // Dev mode: pick a demo identity (?identity=... preselects one; managers see the data).
    const picker = $("identity");
    for (const identity of identities) picker.add(new Option(identity.label, identity.key));
    const wanted = new URLSearchParams(location.search).get("identity");
    picker.value = identities.some((i) => i.key === wanted) ? wanted : (identities.find((i) => i.key.startsWith("manager")) || identities[0]).key;
    picker.onchange = () => useIdentity(picker.value);
    $("picker-label").hidden = false;
    await useIdentity(picker.value);
  } else {
    // Production: the caller pastes the bearer token of their identity provider (kept for the tab only).
    $("token-label").hidden = false;
    $("sign-in").hidden = false;
    $("sign-in").onclick = () => {
      token = $("token").value.trim();
      sessionStorage.setItem("lonet-token", token);
      signIn();
    };
    await (token ? signIn() : load());
  }
}

start();
