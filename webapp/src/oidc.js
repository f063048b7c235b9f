// OpenID Connect authorization code flow with PKCE (RFC 7636), run by the browser itself: lonet's
// web app is a public client (no secret). Pure functions over `fetch` and a `Storage`, so that
// tests/oidc.test.mjs runs them in Node against a stand-in provider.

const PENDING = "lonet-oidc-pending"; // sessionStorage: the verifier and state between redirect and return

export function base64url(bytes) {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function randomString(byteCount = 32) {
  return base64url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

/** The S256 code challenge of a verifier: BASE64URL(SHA-256(verifier)). */
export async function challengeOf(verifier) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The provider's discovery document, checked: it must be the configured issuer's own. */
export async function discover(issuer, fetchImpl = fetch) {
  const url = `${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`;
  const response = await fetchImpl(url, { headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`the identity provider's discovery document ${url} answered ${response.status}`);
  const document = await response.json();
  if (document.issuer !== issuer) throw new Error(`the discovery document names issuer ${document.issuer}, not ${issuer}`);
  for (const name of ["authorization_endpoint", "token_endpoint"]) {
    if (!document[name]) throw new Error(`the discovery document has no ${name}`);
  }
  if (document.code_challenge_methods_supported && !document.code_challenge_methods_supported.includes("S256")) {
    throw new Error("the identity provider does not support PKCE with S256");
  }
  return document;
}

/** Where to send the browser to sign in; remembers the verifier and state for the return. */
export async function authorizationUrl(oidc, redirectUri, { fetchImpl = fetch, storage = sessionStorage } = {}) {
  const document = await discover(oidc.issuer, fetchImpl);
  const verifier = randomString(32);
  const state = randomString(16);
  const nonce = randomString(16);
  storage.setItem(PENDING, JSON.stringify({ verifier, state, nonce, redirectUri, tokenEndpoint: document.token_endpoint }));
  const url = new URL(document.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: oidc.clientId,
    redirect_uri: redirectUri,
    scope: oidc.scope || "openid",
    state,
    nonce,
    code_challenge: await challengeOf(verifier),
    code_challenge_method: "S256",
  }).toString();
  return url.toString();
}

/** Whether this address is the provider sending the browser back (a code or an error, and a state). */
export function isReturn(address) {
  const params = new URL(address).searchParams;
  return params.has("state") && (params.has("code") || params.has("error"));
}

/** Back from the provider: the state checked, the code exchanged for the access token. */
export async function completeSignIn(oidc, address, { fetchImpl = fetch, storage = sessionStorage } = {}) {
  const params = new URL(address).searchParams;
  const pending = JSON.parse(storage.getItem(PENDING) || "null");
  storage.removeItem(PENDING);
  if (params.get("error")) throw new Error(`${params.get("error")}: ${params.get("error_description") || ""}`.trim());
  if (!pending || params.get("state") !== pending.state) throw new Error("the sign-in answer does not match the sign-in this page started");
  const response = await fetchImpl(pending.tokenEndpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code: params.get("code"),
      redirect_uri: pending.redirectUri,
      client_id: oidc.clientId,
      code_verifier: pending.verifier,
    }).toString(),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.access_token) throw new Error(body.error_description || body.error || `the token endpoint answered ${response.status}`);
  return body.access_token;
}
