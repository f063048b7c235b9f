// What every example shares: the server's URL, demo tokens and GraphQL over HTTP with Node's fetch.
//
// The GraphQL URL is the first argument, else LONET_URL, else http://127.0.0.1:8000/graphql
// (`lonet serve --demo`). Tokens come from the demo server's /auth/demo-token; in production
// they come from your identity provider.

export const url = process.argv[2] || process.env.LONET_URL || 'http://127.0.0.1:8000/graphql';

// The case reference every change and every read of contact data is logged under.
export const JUSTIFICATION = 'case BE-FEDPOL/2026/0815';

export async function demoToken(identity) {
  const tokenUrl = `${url.replace(/\/graphql$/, '')}/auth/demo-token?identity=${encodeURIComponent(identity)}`;
  const response = await fetch(tokenUrl);
  if (!response.ok) throw new Error(`${tokenUrl}: ${response.status} ${await response.text()}`);
  return (await response.json()).token;
}

// POST one operation; its `data`, or an Error carrying the GraphQL errors (each with extensions.code).
export async function graphql(token, query, variables = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      authorization: `Bearer ${token}`,
      'x-justification': JUSTIFICATION,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) {
    const codes = body.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; ');
    throw Object.assign(new Error(`HTTP ${response.status}: ${codes}`), { errors: body.errors });
  }
  return body.data;
}

// Run an example's main(); a failure is printed and exits with 1.
export function run(main) {
  main().then(
    (code) => process.exit(code ?? 0),
    (error) => {
      console.error(error.cause ? `${error.message}: ${error.cause.message ?? error.cause}` : error.message);
      process.exit(1);
    },
  );
}
