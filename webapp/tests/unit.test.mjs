// The web application's pure parts in Node (node --test), run by tests/api/test_webapp_browser.py:
// the OpenID Connect PKCE flow against a stand-in provider, and the catalogue's completeness.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { CATALOGUE, LANGUAGES } from "../src/i18n.js";
import { authorizationUrl, completeSignIn, discover, isReturn } from "../src/oidc.js";

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

test("every language of the catalogue has every text, and every text the code asks for exists", () => {
  const english = Object.keys(CATALOGUE.en).sort();
  for (const [code] of LANGUAGES) assert.deepEqual(Object.keys(CATALOGUE[code]).sort(), english, `catalogue ${code}`);
  const sources = ["src", "src/views"].flatMap((dir) =>
    readdirSync(new URL(`../${dir}`, import.meta.url)).filter((f) => /\.jsx?$/.test(f)).map((f) => readFileSync(new URL(`../${join(dir, f)}`, import.meta.url), "utf8")));
  const asked = new Set(sources.flatMap((text) => [...text.matchAll(/\bt\("([\w.]+)"/g)].map((m) => m[1])));
  const missing = [...asked].filter((key) => !(key in CATALOGUE.en));
  assert.deepEqual(missing, []);
});
