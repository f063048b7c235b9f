// Subscribe to a lonet server with the npm `graphql-ws` client (graphql-transport-ws protocol).
//
// Usage: node subscribe.mjs <ws-url> <token> <query> [count] [timeout-ms]
//   e.g. node subscribe.mjs ws://127.0.0.1:8000/graphql "$TOKEN" 'subscription { taskingUpdated { id status } }' 1
//
// stdout: one JSON line per `next` payload ({"data": ...} and "errors" when a field failed).
// stderr: "subscribed" once the server acknowledged the connection (connection_ack), then
//         diagnostics.
// Exit codes: 0 = `count` results received (default 1), 1 = error (GraphQL errors, the socket
//             closed, the stream completed early), 2 = bad usage, 3 = timeout (default 30000 ms).
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, token, query, countArg = '1', timeoutArg = '30000'] = process.argv.slice(2);
const count = Number.parseInt(countArg, 10);
const timeoutMs = Number.parseInt(timeoutArg, 10);
if (!url || !token || !query || !(count > 0) || !(timeoutMs > 0)) {
  console.error('usage: node subscribe.mjs <ws-url> <token> <query> [count] [timeout-ms]');
  process.exit(2);
}

let received = 0;
let finished = false;
let unsubscribe = () => {};

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { Authorization: `Bearer ${token}` },
  lazy: true,
  retryAttempts: 0, // a refused or dropped connection is an error here, not a reason to retry
  on: {
    connected: () => console.error('subscribed'),
  },
});

function finish(code, message) {
  if (finished) return;
  finished = true;
  if (message) console.error(message);
  clearTimeout(timer);
  unsubscribe();
  Promise.resolve(client.dispose()).finally(() => process.exit(code));
}

function describe(error) {
  if (Array.isArray(error)) return `errors: ${JSON.stringify(error)}`; // GraphQL errors (an `error` message)
  if (error && typeof error.code === 'number') return `socket closed: ${error.code} ${error.reason || ''}`.trim();
  return `error: ${error instanceof Error ? error.message : JSON.stringify(error)}`;
}

const timer = setTimeout(() => finish(3, `timeout: ${received} of ${count} result(s) after ${timeoutMs} ms`), timeoutMs);

unsubscribe = client.subscribe(
  { query },
  {
    next: (payload) => {
      process.stdout.write(`${JSON.stringify(payload)}\n`);
      received += 1;
      if (received >= count) finish(0);
    },
    error: (error) => finish(1, describe(error)),
    complete: () => finish(received >= count ? 0 : 1, received >= count ? '' : `completed after ${received} of ${count} result(s)`),
  },
);
