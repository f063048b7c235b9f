// The signed-in user: their bearer token (sessionStorage "lonet-token", the key the managers'
// dashboard reads too, so it opens signed in) and what its claims say.
import { config } from "./config.js";

const TOKEN = "lonet-token";
const IDENTITY = "lonet-identity"; // demo mode: the picked identity's key (the dashboard's ?identity=)

function claim(claims, path) {
  return path.split(".").reduce((value, part) => (value && typeof value === "object" ? value[part] : undefined), claims);
}

export function claimsOf(token) {
  const part = token.split(".")[1] || "";
  const json = atob(part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "="));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
}

export function sessionOf(token) {
  try {
    const claims = claimsOf(token);
    if (typeof claims.exp === "number" && claims.exp * 1000 < Date.now()) return null;
    const roles = claim(claims, config.claims.roles) || claim(claims, "realm_access.roles") || [];
    return {
      token,
      subject: claims.sub,
      roles,
      service: claim(claims, config.claims.service),
      officerId: claim(claims, config.claims.officer) || null,
      identity: sessionStorage.getItem(IDENTITY),
    };
  } catch {
    return null;
  }
}

export function storedSession() {
  const token = sessionStorage.getItem(TOKEN);
  const session = token ? sessionOf(token) : null;
  if (token && !session) signOut();
  return session;
}

export function keep(token, identityKey = null) {
  sessionStorage.setItem(TOKEN, token);
  if (identityKey) sessionStorage.setItem(IDENTITY, identityKey);
  else sessionStorage.removeItem(IDENTITY);
  return sessionOf(token);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(IDENTITY);
}

/** Demo mode: a demo identity's token from the server (/auth/demo-token, only served in --demo). */
export async function demoToken(key) {
  const response = await fetch(`/auth/demo-token?identity=${encodeURIComponent(key)}`);
  if (!response.ok) throw new Error(`no demo token for ${key} (${response.status})`);
  return (await response.json()).token;
}

export const has = (session, role) => Boolean(session && session.roles.includes(role));
