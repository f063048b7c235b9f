// How to sign in, put in the page by the server (service/api/webapp.py): the demo identities, or
// the OpenID provider and the token's claim names.
const element = document.getElementById("lonet-config");
let parsed = { mode: "demo", identities: [] };
try {
  parsed = JSON.parse(element.textContent);
} catch {
  // The page was opened from Vite's dev server without lonet: demo mode with no identities.
}
export const config = {
  claims: { roles: "roles", service: "service", officer: "officer_id" },
  ...parsed,
};
