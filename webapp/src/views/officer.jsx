// The officer's card: where they serve, what they know, when they are away, who stands in. The
// phone and e-mail only after the user gives a case reference: the read goes into the
// consultation log with it (X-Justification).
import { useState } from "preact/hooks";
import { gql } from "../api.js";
import { t } from "../i18n.js";
import { has } from "../session.js";
import { ErrorBox, formatDate, hashFor, Input, LANG_ARG, useQuery } from "../ui.jsx";

const CARD = `query Officer($id: ID!, $lang: Lang) {
  officer(id: $id) {
    id name rank languages availability availabilityNote
    homeService { code name }
    currentPosting { city station country { iso2 name(lang: $lang) } }
    competences { level competence { code name(lang: $lang) } }
    availabilityWindows { id startsOn endsOn status note }
    deputies { id name }
  }
}`;
const CONTACT = `query OfficerContact($id: ID!) { officer(id: $id) { id email phone } }`;

function Contact({ officer }) {
  const [justification, setJustification] = useState("");
  const [contact, setContact] = useState(null);
  const [error, setError] = useState(null);
  const submit = async (event) => {
    event.preventDefault();
    setError(null);
    try {
      const data = await gql(CONTACT, { id: officer.id }, { justification });
      setContact(data.officer);
    } catch (caught) {
      setError(caught);
    }
  };
  if (contact) {
    return (
      <dl class="contact" id="contact">
        <dt>{t("officer.email")}</dt>
        <dd>{contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : t("common.none")}</dd>
        <dt>{t("officer.phone")}</dt>
        <dd>{contact.phone ? <a href={`tel:${contact.phone.replace(/\s/g, "")}`}>{contact.phone}</a> : t("common.none")}</dd>
      </dl>
    );
  }
  return (
    <form class="justify" onSubmit={submit} aria-labelledby="contact-title">
      <p id="contact-title">{t("officer.contactPrompt")}</p>
      <Input id="justification" label={t("field.justification")} value={justification} onChange={setJustification} required hint={t("officer.justificationHint")} />
      <ErrorBox error={error} />
      <button type="submit" class="primary">{t("officer.showContact")}</button>
    </form>
  );
}

export function OfficerCard({ session, id, query }) {
  const [data, error] = useQuery(CARD, { id, lang: LANG_ARG() }, [id]);
  if (error) return <ErrorBox error={error} />;
  if (!data) return <p aria-busy="true">{t("common.loading")}</p>;
  const officer = data.officer;
  if (!officer) return <ErrorBox error={{ code: "NOT_FOUND", message: t("officer.unknown", { id }) }} />;
  const posting = officer.currentPosting;
  const request = hashFor("request", { officer: officer.id, country: query.country || posting?.country.iso2, competence: query.competence });
  return (
    <article class="officer" data-officer={officer.id}>
      <h1>{officer.name}</h1>
      <p class="muted">
        {[officer.rank, officer.homeService.name].filter(Boolean).join(" · ")}
      </p>
      <dl class="facts">
        <dt>{t("officer.posting")}</dt>
        <dd>{posting ? `${posting.city}${posting.station ? ` (${posting.station})` : ""}, ${posting.country.name}` : t("common.none")}</dd>
        <dt>{t("officer.availability")}</dt>
        <dd>
          {t(`availability.${officer.availability}`)}
          {officer.availabilityNote ? ` · ${officer.availabilityNote}` : ""}
        </dd>
        <dt>{t("officer.languages")}</dt>
        <dd>{officer.languages.join(", ").toUpperCase()}</dd>
        <dt>{t("officer.competences")}</dt>
        <dd>{officer.competences.map((c) => `${c.competence.name} (${c.level})`).join(", ") || t("common.none")}</dd>
        <dt>{t("officer.absences")}</dt>
        <dd>
          {officer.availabilityWindows.length
            ? officer.availabilityWindows.map((w) => `${formatDate(w.startsOn)} – ${formatDate(w.endsOn)}: ${t(`availability.${w.status}`)}`).join("; ")
            : t("common.none")}
        </dd>
        <dt>{t("officer.deputies")}</dt>
        <dd>
          {officer.deputies.length
            ? officer.deputies.map((d, i) => (
                <span key={d.id}>
                  {i ? ", " : ""}
                  <a href={hashFor(`officer/${encodeURIComponent(d.id)}`)}>{d.name}</a>
                </span>
              ))
            : t("common.none")}
        </dd>
      </dl>
      <section aria-labelledby="contact-heading" class="card">
        <h2 id="contact-heading">{t("officer.contact")}</h2>
        <Contact officer={officer} key={officer.id} />
      </section>
      {has(session, "investigator") || has(session, "admin") ? (
        <p>
          <a class="button primary" href={request} id="request-assistance">{t("officer.request")}</a>
        </p>
      ) : null}
    </article>
  );
}
