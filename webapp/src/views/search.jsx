// Investigator: who helps me in this country, on this competence, speaking this language, on
// this day? The ranked matches with their reasons, the alternatives when nothing matches.
import { useState } from "preact/hooks";
import { t } from "../i18n.js";
import { ErrorBox, hashFor, Input, LANG_ARG, Select, useQuery } from "../ui.jsx";

const REFERENCE = `query Reference($lang: Lang) {
  countries { iso2 name(lang: $lang) }
  competences { code name(lang: $lang) }
}`;

const SEARCH = `query Search($country: String!, $competence: String, $language: String, $service: String, $day: Date, $lang: Lang) {
  searchLiaisons(country: $country, competence: $competence, language: $language, requestingService: $service, onDate: $day, lang: $lang) {
    onDate notes
    matches { ...match }
    alternatives { ...match }
  }
}
fragment match on LiaisonMatch {
  route score available reasons
  officer { id name rank languages availability homeService { code } }
  posting { city country { iso2 name(lang: $lang) } }
}`;

// Languages LOs are asked for most; any ISO 639-1 code may be typed.
const LANGUAGES = ["en", "fr", "nl", "de", "sr", "hr", "sq", "tr", "ar", "es", "pt", "ru", "uk", "zh"];

export function useReference() {
  const [data, error] = useQuery(REFERENCE, { lang: LANG_ARG() }, []);
  const countries = data ? [...data.countries].sort((a, b) => a.name.localeCompare(b.name)).map((c) => [c.iso2, `${c.name} (${c.iso2})`]) : [];
  const competences = data ? data.competences.map((c) => [c.code, c.name]) : [];
  return { countries, competences, error };
}

function Match({ match, query }) {
  const { officer, posting } = match;
  const card = hashFor(`officer/${encodeURIComponent(officer.id)}`, { country: query.country, competence: query.competence });
  return (
    <li class="match card" data-officer={officer.id} data-route={match.route} data-score={match.score}>
      <h3>
        <a href={card}>{officer.name}</a>
        {officer.rank ? <span class="muted"> · {officer.rank}</span> : null}
      </h3>
      <p>
        {posting.city}, {posting.country.name} · {t(`route.${match.route}`)} · {t("search.score", { score: match.score })} ·{" "}
        <span class={match.available ? "ok" : "warn"}>{match.available ? t("search.available") : t("search.unavailable")}</span>
      </p>
      <ul class="reasons" aria-label={t("search.reasons")}>
        {match.reasons.map((reason) => <li key={reason}>{reason}</li>)}
      </ul>
      <a class="button" href={card}>{t("search.open")}</a>
    </li>
  );
}

function Results({ query, session }) {
  const variables = {
    country: query.country,
    competence: query.competence || null,
    language: query.language || null,
    service: session.service || null,
    day: query.onDate || null,
    lang: LANG_ARG(),
  };
  const [data, error] = useQuery(SEARCH, variables, [JSON.stringify(variables)]);
  if (error) return <ErrorBox error={error} />;
  if (!data) return <p aria-busy="true">{t("common.loading")}</p>;
  const result = data.searchLiaisons;
  return (
    <section aria-labelledby="results-title" id="results" data-state="ready">
      <h2 id="results-title">{t("search.results", { count: result.matches.length, date: result.onDate })}</h2>
      {result.notes.map((note) => <p class="note" key={note}>{note}</p>)}
      {result.matches.length ? (
        <ol class="matches">{result.matches.map((m) => <Match key={`${m.officer.id}-${m.route}`} match={m} query={query} />)}</ol>
      ) : (
        <p>{t("search.none")}</p>
      )}
      {result.alternatives.length ? (
        <>
          <h2>{t("search.alternatives")}</h2>
          <ol class="matches alternatives">{result.alternatives.map((m) => <Match key={`${m.officer.id}-${m.route}`} match={m} query={query} />)}</ol>
        </>
      ) : null}
    </section>
  );
}

export function Search({ session, query, go }) {
  const { countries, competences, error } = useReference();
  const [form, setForm] = useState({
    country: query.country || "",
    competence: query.competence || "",
    language: query.language || "",
    onDate: query.onDate || "",
  });
  const set = (name) => (value) => setForm({ ...form, [name]: value });
  const submit = (event) => {
    event.preventDefault();
    go("search", form);
  };
  return (
    <>
      <h1>{t("search.title")}</h1>
      <ErrorBox error={error} />
      <form class="search-form" onSubmit={submit} role="search">
        <Select id="country" label={t("field.country")} value={form.country} onChange={set("country")} options={countries} empty={t("search.pickCountry")} required />
        <Select id="competence" label={t("field.competence")} value={form.competence} onChange={set("competence")} options={competences} empty={t("search.anyCompetence")} />
        <Input id="language" label={t("field.language")} value={form.language} onChange={set("language")} list="language-codes" maxLength={2} pattern="[a-zA-Z]{2}" hint={t("search.languageHint")} />
        <datalist id="language-codes">{LANGUAGES.map((code) => <option value={code} key={code} />)}</datalist>
        <Input id="on-date" label={t("field.onDate")} type="date" value={form.onDate} onChange={set("onDate")} />
        <button type="submit" class="primary">{t("search.submit")}</button>
      </form>
      {query.country ? <Results query={query} session={session} /> : null}
    </>
  );
}
