#!/usr/bin/env node
// Runs graphql-http's GraphQL over HTTP server audits against a running server
// and prints one JSON document to stdout. See README.md.
import { serverAudits } from 'graphql-http';

const USAGE =
  'usage: node audit.mjs <url> [--header "Name: value"]... [--timeout <ms>]';
const LEVELS = ['MUST', 'SHOULD', 'MAY'];

function fail(message) {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  let url = null;
  const headers = [];
  let timeoutMs = 10000;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (arg === '--header' || arg.startsWith('--header=')) {
      const raw = arg === '--header' ? argv[++i] : arg.slice('--header='.length);
      if (raw === undefined) fail('--header needs a value');
      const colon = raw.indexOf(':');
      const name = colon > 0 ? raw.slice(0, colon).trim() : '';
      if (!name) fail(`bad header ${JSON.stringify(raw)}: expected "Name: value"`);
      const value = raw.slice(colon + 1).trim();
      try {
        new Headers([[name, value]]);
      } catch (err) {
        fail(`bad header ${JSON.stringify(raw)}: ${err.message}`);
      }
      headers.push([name, value]);
    } else if (arg === '--timeout' || arg.startsWith('--timeout=')) {
      const raw = arg === '--timeout' ? argv[++i] : arg.slice('--timeout='.length);
      timeoutMs = Number(raw);
      if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) fail(`bad --timeout ${raw}`);
    } else if (arg.startsWith('-')) {
      fail(`unknown option ${arg}`);
    } else if (url === null) {
      url = arg;
    } else {
      fail(`unexpected argument ${arg}`);
    }
  }
  if (url === null) fail('missing <url>');
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    fail(`bad url ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    fail(`url must be http or https: ${url}`);
  }
  return { url, headers, timeoutMs };
}

// graphql-http's ServerAuditOptions has only `url` and `fetchFn`, no headers:
// wrap the global fetch to add the extra headers to every request. A header the
// audit itself sets (content-type, accept) keeps the audit's value, so the
// audits test what they mean to.
function makeFetch(extraHeaders, timeoutMs) {
  return (input, init = {}) => {
    const headers = new Headers(init.headers);
    for (const [name, value] of extraHeaders) {
      if (!headers.has(name)) headers.set(name, value);
    }
    return fetch(input, {
      ...init,
      headers,
      signal: init.signal ?? AbortSignal.timeout(timeoutMs),
    });
  };
}

function levelOf(name) {
  const level = name.split(' ', 1)[0];
  if (!LEVELS.includes(level)) throw new Error(`audit name without level: ${name}`);
  return level;
}

// Same mapping as graphql-http's lib/audits/utils audit(): MUST -> error,
// SHOULD -> warn, anything else (MAY) -> notice.
function failStatus(level) {
  return level === 'MUST' ? 'error' : level === 'SHOULD' ? 'warn' : 'notice';
}

function describe(err) {
  const cause = err?.cause?.code || err?.cause?.message;
  return `${err?.name || 'Error'}: ${err?.message || String(err)}${cause ? ` (${cause})` : ''}`;
}

async function main() {
  const { url, headers, timeoutMs } = parseArgs(process.argv.slice(2));
  const fetchFn = makeFetch(headers, timeoutMs);

  // Reachability check: exit 2 if no HTTP response comes back at all.
  try {
    const res = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    await res.arrayBuffer();
  } catch (err) {
    process.stderr.write(`server unreachable at ${url}: ${describe(err)}\n`);
    process.exit(2);
  }

  const audits = serverAudits({ url, fetchFn });
  // Run each audit separately (auditServer() uses Promise.all, so one fatal
  // error, e.g. a dropped connection, would lose every result). A fatal error
  // counts as a failure of that audit.
  const results = await Promise.all(
    audits.map(async ({ id, name, fn }) => {
      const level = levelOf(name);
      try {
        const r = await fn();
        if (r.status === 'ok') return { id, name, level, status: 'ok', reason: null };
        return { id, name, level, status: r.status, reason: r.reason ?? null };
      } catch (err) {
        return { id, name, level, status: failStatus(level), reason: `Request failed: ${describe(err)}` };
      }
    }),
  );

  const summary = { ok: 0, warn: 0, notice: 0, error: 0 };
  for (const r of results) summary[r.status] = (summary[r.status] ?? 0) + 1;
  process.stdout.write(`${JSON.stringify({ results, summary }, null, 2)}\n`);
  const mustFailed = results.some((r) => r.level === 'MUST' && r.status !== 'ok');
  process.exit(mustFailed ? 1 : 0);
}

main().catch((err) => {
  process.stderr.write(`internal error: ${err?.stack || err}\n`);
  process.exit(2);
});
