// The application's frame: who is signed in, the language, the navigation by role, and the
// views by the address's hash (#/search, #/officer/LO-001, #/tasking/T-0001, ...).
import { useEffect, useState } from "preact/hooks";
import { SIGNED_OUT, useToken } from "./api.js";
import { config } from "./config.js";
import { LANGUAGES, language, setLanguage, t } from "./i18n.js";
import { completeSignIn, isReturn } from "./oidc.js";
import { has, keep, signOut, storedSession } from "./session.js";
import { hashFor } from "./ui.jsx";
import { OfficerCard } from "./views/officer.jsx";
import { MyRecord } from "./views/record.jsx";
import { RequestForm } from "./views/request.jsx";
import { Search } from "./views/search.jsx";
import { SignIn } from "./views/signin.jsx";
import { TaskingView } from "./views/tasking.jsx";
import { TaskingList } from "./views/taskings.jsx";

function route() {
  const [path, search = ""] = location.hash.replace(/^#\/?/, "").split("?");
  const [name = "", ...rest] = path.split("/");
  return { name, id: rest.length ? decodeURIComponent(rest.join("/")) : null, query: Object.fromEntries(new URLSearchParams(search)) };
}

// Each page's title (screen readers announce it; tabs and history show it).
const TITLES = { search: "search.title", request: "request.title", requests: "requests.title", inbox: "inbox.title", record: "nav.record" };

function go(name, params) {
  location.hash = hashFor(name, params);
}

function home(session) {
  if (has(session, "investigator") || has(session, "admin")) return "search";
  if (has(session, "liaison_officer")) return "inbox";
  return "start";
}

function links(session) {
  const items = [];
  if (has(session, "investigator") || has(session, "admin")) items.push(["search", t("nav.search")], ["requests", t("nav.requests")]);
  if (has(session, "liaison_officer")) items.push(["inbox", t("nav.inbox")], ["record", t("nav.record")]);
  return items;
}

function dashboardHref(session) {
  // The dashboard reads the same sessionStorage token; in the demo it picks by ?identity=.
  return session.identity ? `/dashboard?identity=${encodeURIComponent(session.identity)}` : "/dashboard";
}

function View({ session, current }) {
  switch (current.name) {
    case "search":
      return <Search session={session} query={current.query} go={go} key={JSON.stringify(current.query)} />;
    case "officer":
      return <OfficerCard session={session} id={current.id} query={current.query} />;
    case "request":
      return <RequestForm query={current.query} go={go} />;
    case "requests":
      return <TaskingList mode="requests" />;
    case "inbox":
      return <TaskingList mode="inbox" />;
    case "tasking":
      return <TaskingView session={session} id={current.id} query={current.query} key={current.id} />;
    case "record":
      return session.officerId ? <MyRecord session={session} /> : null;
    default:
      return (
        <section class="card">
          <h1>{t("start.title")}</h1>
          <p>{has(session, "manager") ? t("start.manager") : t("start.other")}</p>
          {has(session, "manager") ? <a class="button primary" href={dashboardHref(session)}>{t("nav.dashboard")}</a> : null}
        </section>
      );
  }
}

export function App() {
  const [session, setSession] = useState(() => storedSession());
  const [current, setCurrent] = useState(route);
  const [, setLang] = useState(language());
  const [signInError, setSignInError] = useState(null);
  useToken(session ? session.token : null);

  useEffect(() => {
    const expired = () => {
      signOut();
      setSession(null);
    };
    addEventListener(SIGNED_OUT, expired);
    return () => removeEventListener(SIGNED_OUT, expired);
  }, []);
  useEffect(() => {
    const onHash = () => setCurrent(route());
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);
  useEffect(() => {
    // Back from the OpenID provider with a code: exchange it, then forget the code in the address.
    if (config.mode === "oidc" && isReturn(location.href)) {
      completeSignIn(config.oidc, location.href).then(
        (token) => setSession(keep(token)),
        (error) => setSignInError(error),
      );
      history.replaceState(null, "", location.pathname);
    }
  }, []);
  useEffect(() => {
    if (session && !current.name) go(home(session));
  }, [session, current.name]);
  useEffect(() => {
    const key = session ? TITLES[current.name] : "signin.title";
    document.title = key ? `${t(key)} – lonet` : "lonet";
  }, [session, current.name, language()]);

  const changeLanguage = (value) => {
    setLanguage(value);
    setLang(value);
  };
  const leave = () => {
    signOut();
    useToken(null);
    setSession(null);
    location.hash = "";
  };
  return (
    <>
      <a class="skip" href="#main">{t("nav.skip")}</a>
      <header class="top">
        <a class="brand" href={session ? hashFor(home(session)) : "#"}>lonet</a>
        {session ? (
          <nav aria-label={t("nav.label")}>
            <ul>
              {links(session).map(([name, text]) => (
                <li key={name}>
                  <a href={hashFor(name)} aria-current={current.name === name ? "page" : undefined} data-nav={name}>{text}</a>
                </li>
              ))}
              {has(session, "manager") || has(session, "admin") ? (
                <li>
                  <a href={dashboardHref(session)} data-nav="dashboard">{t("nav.dashboard")}</a>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
        <div class="who">
          <label for="language-picker" class="sr-only">{t("nav.language")}</label>
          <select id="language-picker" value={language()} onChange={(e) => changeLanguage(e.currentTarget.value)}>
            {LANGUAGES.map(([code, name]) => <option value={code} key={code} lang={code}>{name}</option>)}
          </select>
          {session ? (
            <>
              <span class="muted subject" title={session.subject}>{session.service}{session.officerId ? ` · ${session.officerId}` : ""}</span>
              <button type="button" class="link" onClick={leave} id="sign-out">{t("nav.signOut")}</button>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {session ? <View session={session} current={current} /> : <SignIn onToken={(token, key) => setSession(keep(token, key))} error={signInError} />}
      </main>
    </>
  );
}
