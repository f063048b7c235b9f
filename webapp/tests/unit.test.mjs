// The web application's pure parts in Node (node --test), run by tests/api/test_webapp_browser.py:
// the OpenID Connect PKCE flow against a stand-in provider, the catalogue's completeness, and the
// request form's model (the API input it builds, where the API's field errors go).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { CATALOGUE, LANGUAGES } from "../src/i18n.js";
import { authorizationUrl, completeSignIn, discover, isReturn } from "../src/oidc.js";
import { FIELDS, idOf, inputOf, labelOf, pathsOf, REQUEST, SUBJECT_PARTS } from "../src/request-form.js";
import { ACTIONS, conversationOf, LIVE, mayTake, mutationOf, ONE, POST } from "../src/tasking-model.js";

const ISSUER = "https://idp.police.example/realms/benelux";
const OIDC = { issuer: ISSUER, clientId: "lonet-webapp", scope: "openid profile" };
const REDIRECT = "https://lonet.police.example/app/";
const DISCOVERY = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/protocol/openid-connect/auth`,
  token_endpoint: `${ISSUER}/protocol/openid-connect/token`,
  code_challenge_methods_supported: ["plain", "S256"],
};

function memoryStorage() {
  const items = new Map();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, String(v)), removeItem: (k) => items.delete(k), items };
}

function provider(document = DISCOVERY, token = { access_token: "the-access-token", token_type: "Bearer" }) {
  const calls = [];
  const fetchImpl = async (url, init = {}) => {
    calls.push({ url: String(url), init });
    const body = String(url).endsWith("/.well-known/openid-configuration") ? document : token;
    return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  };
  return { fetchImpl, calls };
}

const s256 = (verifier) => createHash("sha256").update(verifier).digest("base64url");

test("the sign-in redirect is the provider's authorization endpoint with a PKCE S256 challenge", async () => {
  const storage = memoryStorage();
  const { fetchImpl, calls } = provider();
  const url = new URL(await authorizationUrl(OIDC, REDIRECT, { fetchImpl, storage }));

  assert.equal(calls[0].url, `${ISSUER}/.well-known/openid-configuration`);
  assert.equal(`${url.origin}${url.pathname}`, DISCOVERY.authorization_endpoint);
  const params = Object.fromEntries(url.searchParams);
  assert.equal(params.response_type, "code");
  assert.equal(params.client_id, "lonet-webapp");
  assert.equal(params.redirect_uri, REDIRECT);
  assert.equal(params.scope, "openid profile");
  assert.equal(params.code_challenge_method, "S256");
  const pending = JSON.parse([...storage.items.values()][0]);
  assert.match(pending.verifier, /^[A-Za-z0-9_-]{43,128}$/); // RFC 7636 section 4.1
  assert.equal(params.code_challenge, s256(pending.verifier));
  assert.equal(params.state, pending.state);
  assert.ok(params.state.length >= 16 && params.nonce.length >= 16);
  assert.ok(!("client_secret" in params));
});

test("two sign-ins never share a verifier or a state", async () => {
  const first = new URL(await authorizationUrl(OIDC, REDIRECT, { ...provider(), storage: memoryStorage() }));
  const second = new URL(await authorizationUrl(OIDC, REDIRECT, { ...provider(), storage: memoryStorage() }));
  assert.notEqual(first.searchParams.get("state"), second.searchParams.get("state"));
  assert.notEqual(first.searchParams.get("code_challenge"), second.searchParams.get("code_challenge"));
});

test("a discovery document of another issuer is refused", async () => {
  const { fetchImpl } = provider({ ...DISCOVERY, issuer: "https://evil.example" });
  await assert.rejects(discover(ISSUER, fetchImpl), /names issuer https:\/\/evil.example/);
});

test("back from the provider, the code and the verifier are exchanged for the access token", async () => {
  const storage = memoryStorage();
  const { fetchImpl, calls } = provider();
  const state = new URL(await authorizationUrl(OIDC, REDIRECT, { fetchImpl, storage })).searchParams.get("state");
  const { verifier } = JSON.parse([...storage.items.values()][0]);
  const back = `${REDIRECT}?code=the-code&state=${state}&session_state=x`;
  assert.ok(isReturn(back));

  assert.equal(await completeSignIn(OIDC, back, { fetchImpl, storage }), "the-access-token");
  const exchange = calls.at(-1);
  assert.equal(exchange.url, DISCOVERY.token_endpoint);
  assert.equal(exchange.init.method, "POST");
  assert.deepEqual(Object.fromEntries(new URLSearchParams(exchange.init.body)), {
    grant_type: "authorization_code",
    code: "the-code",
    redirect_uri: REDIRECT,
    client_id: "lonet-webapp",
    code_verifier: verifier,
  });
  assert.equal(storage.items.size, 0); // the verifier is used once
});

test("an answer with another state is refused without exchanging its code", async () => {
  const storage = memoryStorage();
  const { fetchImpl, calls } = provider();
  await authorizationUrl(OIDC, REDIRECT, { fetchImpl, storage });
  await assert.rejects(completeSignIn(OIDC, `${REDIRECT}?code=stolen&state=forged`, { fetchImpl, storage }), /does not match/);
  assert.equal(calls.length, 1); // only the discovery document
});

/** [file, text] of every source file of the application. */
function sources() {
  return ["src", "src/views"].flatMap((dir) =>
    readdirSync(new URL(`../${dir}`, import.meta.url)).filter((f) => /\.jsx?$/.test(f)).map((f) => [join(dir, f), readFileSync(new URL(`../${join(dir, f)}`, import.meta.url), "utf8")]));
}

test("every language of the catalogue has every text, and every text the code asks for exists", () => {
  const english = Object.keys(CATALOGUE.en).sort();
  for (const [code] of LANGUAGES) assert.deepEqual(Object.keys(CATALOGUE[code]).sort(), english, `catalogue ${code}`);
  const asked = new Set(sources().map(([, text]) => text).flatMap((text) => [...text.matchAll(/\bt\("([\w.]+)"/g)].map((m) => m[1])));
  const missing = [...asked].filter((key) => !(key in CATALOGUE.en));
  assert.deepEqual(missing, []);
});

const FORM = {
  ...Object.fromEntries(FIELDS.map((f) => [f.name, f.initial ?? ""])),
  title: "Identify the holder of a Serbian phone number",
  country: "RS",
  legalBasis: "BENELUX_POLICE_TREATY_2018",
  judicialAuthority: "left from an earlier choice",
  subjects: [{ kind: "PHONE", phone: "+381 64 555 0199" }, { kind: "PERSON", name: " Marko Petrović ", dateOfBirth: "", nationality: "RS" }],
};

test("the request form sends the API's RequestTaskingInput: subjects as SubjectInput, nothing empty, judicial fields only under mutual legal assistance", () => {
  assert.deepEqual(inputOf(FORM), {
    title: "Identify the holder of a Serbian phone number",
    country: "RS",
    subjects: [{ phone: "+381 64 555 0199" }, { person: { name: "Marko Petrović", nationality: "RS" } }],
    priority: "ROUTINE",
    accessibility: "INDIRECT",
    legalBasis: "BENELUX_POLICE_TREATY_2018",
    handlingCode: "H0",
  });
  const judicial = inputOf({ ...FORM, legalBasis: "MUTUAL_LEGAL_ASSISTANCE", authorisationReference: "AN/26/0412/JI", contact: { name: "Insp. An Peeters" } });
  assert.equal(judicial.judicialAuthority, "left from an earlier choice");
  assert.equal(judicial.authorisationReference, "AN/26/0412/JI");
  assert.deepEqual(judicial.contact, { name: "Insp. An Peeters" });
});

test("each path the API can name in an error has a field on the form, with an id and a label in every language", () => {
  const paths = pathsOf(FORM);
  for (const path of ["title", "caseNumber", "subjects[0]", "subjects[0].phone", "subjects[1].person.dateOfBirth", "contact.email"]) assert.ok(paths.includes(path), path);
  assert.ok(!paths.includes("judicialAuthority")); // not shown outside mutual legal assistance
  assert.ok(pathsOf({ ...FORM, legalBasis: "MUTUAL_LEGAL_ASSISTANCE" }).includes("authorisationReference"));
  assert.equal(idOf("subjects[1].person.dateOfBirth"), "request-subjects-1-person-dateOfBirth");
  const everyKind = { ...FORM, subjects: Object.keys(SUBJECT_PARTS).map((kind) => ({ kind })) };
  const keys = [
    ...[...pathsOf(everyKind), "justification"].map(labelOf),
    ...FIELDS.map((f) => `request.field.${f.name}`),
    ...Object.keys(SUBJECT_PARTS).map((kind) => `subjectKind.${kind}`),
  ];
  for (const [code] of LANGUAGES) assert.deepEqual(keys.filter((key) => !(key in CATALOGUE[code])), [], `catalogue ${code}`);
});

test("every document the application sends is valid against the API's schema", async () => {
  const { buildSchema, parse, validate } = await import("graphql");
  const schema = buildSchema(readFileSync(new URL("../../graph_schema/schema.graphql", import.meta.url), "utf8"));
  // The views' own documents as written (those put together from parts are imported below).
  const written = sources().flatMap(([file, text]) =>
    [...text.matchAll(/`((?:query|mutation|subscription) \w+[^`]*)`/g)].filter((m) => !m[1].includes("${")).map((m, i) => [`${file} #${i + 1}`, m[1]]));
  assert.ok(written.length >= 10, `only ${written.length} documents found in the sources`);
  const documents = { ...Object.fromEntries(written), REQUEST, ONE, LIVE, POST, ...Object.fromEntries(ACTIONS.map((action) => [action.name, mutationOf(action)])) };
  for (const [name, document] of Object.entries(documents)) assert.deepEqual(validate(schema, parse(document)).map((e) => e.message), [], name);
});

test("each side is offered its actions: the LO asks once accepted, the requester answers a question, consent only to an unconsented H2 of one's own", () => {
  const tasking = { status: "ACCEPTED", handlingCode: "H1", outcomeHandlingCode: null, requestSharingConsent: false, outcomeSharingConsent: false };
  const offered = (t, side) => ACTIONS.filter((a) => mayTake(a, t, side)).map((a) => a.name);
  const lo = { assignee: true, requester: false };
  const requester = { assignee: false, requester: true };
  assert.deepEqual(offered(tasking, lo), ["start", "ask", "delay", "reassign"]);
  assert.deepEqual(offered(tasking, requester), ["cancel", "reassign"]);
  assert.deepEqual(offered({ ...tasking, status: "AWAITING_INFORMATION" }, requester), ["answer", "cancel"]);
  assert.deepEqual(offered({ ...tasking, status: "AWAITING_INFORMATION" }, lo), []); // the clock stands still: no delay, no reassignment
  assert.deepEqual(offered({ ...tasking, status: "DECLINED", handlingCode: "H2" }, requester), ["redirect", "consent"]);
  assert.deepEqual(offered({ ...tasking, status: "COMPLETED", handlingCode: "H2", outcomeHandlingCode: "H2", requestSharingConsent: true }, requester), []);
  assert.deepEqual(offered({ ...tasking, status: "COMPLETED", outcomeHandlingCode: "H2" }, lo), ["consent"]);
});

test("the conversation lists questions, answers, messages and delays in the order they happened", () => {
  const conversation = conversationOf({
    clarifications: [{ id: "Q1", question: "Which SIM?", askedAt: "2026-12-03T09:00:00Z", askedBy: "LO-001", answer: "MTS", answeredAt: "2026-12-03T11:00:00Z", answeredBy: "inv" }],
    messages: { nodes: [{ id: "M1", at: "2026-12-03T10:00:00Z", author: "inv", side: "REQUESTER", text: "Thanks" }] },
    delays: [{ id: "D1", at: "2026-12-03T12:00:00Z", actor: "LO-001", reason: "Operator closed", newDueBy: "2026-12-09T12:00:00Z" }],
  });
  assert.deepEqual(conversation.map((e) => [e.kind, e.side, e.text]), [
    ["question", "ASSIGNEE", "Which SIM?"],
    ["message", "REQUESTER", "Thanks"],
    ["answer", "REQUESTER", "MTS"],
    ["delay", "ASSIGNEE", "Operator closed"],
  ]);
  assert.equal(conversationOf({ clarifications: [], delays: [] }).length, 0); // no messages selected (an administrator)
  // Instants compare as instants, whatever their precision: 09:00:00.5 is after 09:00:00
  const precise = conversationOf({
    clarifications: [{ id: "Q1", question: "Which SIM?", askedAt: "2026-12-03T09:00:00.500000+00:00", askedBy: "LO-001", answer: null }],
    delays: [{ id: "D1", at: "2026-12-03T09:00:00Z", actor: "LO-001", reason: "Operator closed", newDueBy: "2026-12-09T12:00:00Z" }],
  });
  assert.deepEqual(precise.map((e) => e.kind), ["delay", "question"]);
  // Within one second (the API's precision), the events' order decides
  const tied = conversationOf({
    clarifications: [{ id: "Q1", question: "Which SIM?", askedAt: "2026-12-03T09:00:00Z", askedBy: "LO-001", answer: null }],
    delays: [{ id: "D1", at: "2026-12-03T09:00:00Z", actor: "LO-001", reason: "Operator closed", newDueBy: "2026-12-09T12:00:00Z" }],
    events: [{ action: "ACCEPTED" }, { action: "DELAY_ANNOUNCED" }, { action: "INFORMATION_REQUESTED" }],
  });
  assert.deepEqual(tied.map((e) => e.kind), ["delay", "question"]);
});
