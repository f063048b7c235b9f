// Sign-in: the demo identity picker in `lonet serve --demo`; in production the OpenID provider
// (authorization code with PKCE: src/oidc.js).
import { useState } from "preact/hooks";
import { config } from "../config.js";
import { t } from "../i18n.js";
import { authorizationUrl } from "../oidc.js";
import { demoToken } from "../session.js";
import { ErrorBox } from "../ui.jsx";

export const REDIRECT_PATH = "/app/";

export function SignIn({ onToken, error: given }) {
  const [error, setError] = useState(given || null);
  const [busy, setBusy] = useState(false);
  const pick = async (key) => {
    setBusy(true);
    try {
      onToken(await demoToken(key), key);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  const provider = async () => {
    setBusy(true);
    try {
      location.assign(await authorizationUrl(config.oidc, `${location.origin}${REDIRECT_PATH}`));
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };
  return (
    <section class="sign-in card" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t("signin.title")}</h1>
      <ErrorBox error={error} />
      {config.mode === "demo" ? (
        <>
          <p>{t("signin.demo")}</p>
          <ul class="identities">
            {config.identities.map((identity) => (
              <li key={identity.key}>
                <button type="button" data-identity={identity.key} disabled={busy} onClick={() => pick(identity.key)}>
                  {identity.label}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <>
          <p>{t("signin.oidc")}</p>
          <button type="button" class="primary" id="sign-in-provider" disabled={busy} onClick={provider}>{t("signin.provider")}</button>
        </>
      )}
    </section>
  );
}
