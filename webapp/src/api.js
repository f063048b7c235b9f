// GraphQL over HTTP with the user's token and language; subscriptions over the same URL's
// WebSocket (graphql-transport-ws, the graphql-ws client).
import { createClient } from "graphql-ws";
import { language } from "./i18n.js";

export class ApiError extends Error {
  constructor(code, message, field) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

export const SIGNED_OUT = "lonet-signed-out";
let token = null;
let live = null;

export function useToken(value) {
  if (value === token) return;
  token = value;
  if (live) live.dispose();
  live = null;
}

/** One operation; `justification` goes in X-Justification (the consultation log's case reference). */
export async function gql(query, variables = {}, { justification } = {}) {
  const headers = {
    "content-type": "application/json",
    accept: "application/graphql-response+json, application/json",
    "accept-language": language(),
    authorization: `Bearer ${token}`,
  };
  // HTTP headers are bytes: the server reads X-Justification as UTF-8 (service/api/headers.py).
  if (justification) headers["x-justification"] = String.fromCharCode(...new TextEncoder().encode(justification));
  const response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  const body = await response.json().catch(() => ({}));
  if (body.errors && body.errors.length) {
    const first = body.errors[0];
    const extensions = first.extensions || {};
    // An expired or refused token: back to the sign-in (src/app.jsx listens).
    if (extensions.code === "UNAUTHENTICATED") dispatchEvent(new CustomEvent(SIGNED_OUT));
    throw new ApiError(extensions.code || String(response.status), first.message, extensions.field);
  }
  if (!response.ok) throw new ApiError(String(response.status), response.statusText);
  return body.data;
}

function liveClient() {
  if (!live) {
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`;
    live = createClient({ url, connectionParams: { Authorization: `Bearer ${token}` }, lazy: true, retryAttempts: 5 });
  }
  return live;
}

/** Calls `next` with each new state of the taskings the query selects; returns the unsubscribe. */
export function subscribe(query, variables, next, onError = () => {}) {
  return liveClient().subscribe({ query, variables }, {
    next: ({ data, errors }) => (errors ? onError(new ApiError(errors[0].extensions?.code || "ERROR", errors[0].message)) : next(data)),
    error: (error) => onError(error instanceof Error ? error : new ApiError("LIVE", "live updates were interrupted")),
    complete: () => {},
  });
}
