// Every string of the interface, in the four languages of the Benelux services, from this one
// catalogue: one entry per message, its four translations side by side (a new text is one entry,
// and a missing translation shows at once). The user's choice is kept in localStorage
// ("lonet-lang") and sent to the API as Accept-Language (and as `lang` where a field takes one),
// so the server's names and reasons come in the same language. {name} in a text is filled in by
// t(key, {name: ...}). Enum labels are keyed "<enum>.<VALUE>" (status.ACCEPTED, priority.URGENT).

export const LANGUAGES = [
  ["en", "English"],
  ["nl", "Nederlands"],
  ["fr", "Français"],
  ["de", "Deutsch"],
];
const STORED = "lonet-lang";

const MESSAGES = {
  "status.REQUESTED": { en: "Requested", nl: "Aangevraagd", fr: "Demandée", de: "Angefragt" },
  "status.ACCEPTED": { en: "Accepted", nl: "Aanvaard", fr: "Acceptée", de: "Angenommen" },
  "status.DECLINED": { en: "Declined", nl: "Geweigerd", fr: "Refusée", de: "Abgelehnt" },
  "status.IN_PROGRESS": { en: "In progress", nl: "In behandeling", fr: "En cours", de: "In Bearbeitung" },
  "status.COMPLETED": { en: "Completed", nl: "Afgerond", fr: "Terminée", de: "Abgeschlossen" },
  "status.CANCELLED": { en: "Cancelled", nl: "Ingetrokken", fr: "Annulée", de: "Zurückgezogen" },
  "status.AWAITING_INFORMATION": { en: "Awaiting information", nl: "Wacht op informatie", fr: "En attente d'informations", de: "Wartet auf Auskunft" },

  "action.REQUESTED": { en: "Requested", nl: "Aangevraagd", fr: "Demandée", de: "Angefragt" },
  "action.ACCEPTED": { en: "Accepted", nl: "Aanvaard", fr: "Acceptée", de: "Angenommen" },
  "action.DECLINED": { en: "Declined", nl: "Geweigerd", fr: "Refusée", de: "Abgelehnt" },
  "action.STARTED": { en: "Started", nl: "Gestart", fr: "Commencée", de: "Begonnen" },
  "action.COMPLETED": { en: "Completed", nl: "Afgerond", fr: "Terminée", de: "Abgeschlossen" },
  "action.CANCELLED": { en: "Cancelled", nl: "Ingetrokken", fr: "Annulée", de: "Zurückgezogen" },
  "action.REASSIGNED": { en: "Reassigned", nl: "Doorgegeven", fr: "Réattribuée", de: "Weitergegeben" },
  "action.CONSENT_RECORDED": { en: "Consent recorded", nl: "Toestemming vastgelegd", fr: "Consentement enregistré", de: "Zustimmung erfasst" },
  "action.AMENDED": { en: "Amended", nl: "Gewijzigd", fr: "Modifiée", de: "Geändert" },
  "action.DECONFLICTED": {
    en: "Overlap with another service's request",
    nl: "Overlapping met een verzoek van een andere dienst",
    fr: "Recoupement avec la demande d'un autre service",
    de: "Überschneidung mit dem Ersuchen einer anderen Dienststelle",
  },
  "action.INFORMATION_REQUESTED": { en: "Question asked", nl: "Vraag gesteld", fr: "Question posée", de: "Frage gestellt" },
  "action.INFORMATION_PROVIDED": { en: "Question answered", nl: "Vraag beantwoord", fr: "Réponse donnée", de: "Frage beantwortet" },
  "action.MESSAGE_POSTED": { en: "Message", nl: "Bericht", fr: "Message", de: "Nachricht" },
  "action.DELAY_ANNOUNCED": { en: "Delay announced", nl: "Vertraging gemeld", fr: "Retard annoncé", de: "Verzögerung angekündigt" },
  "action.REDIRECTED": {
    en: "Sent to another officer",
    nl: "Naar een andere officier gestuurd",
    fr: "Envoyée à un autre officier",
    de: "An einen anderen Beamten gesandt",
  },
  "action.HANDED_OVER": { en: "Handed over", nl: "Overgedragen", fr: "Transmise", de: "Übergeben" },

  "priority.ROUTINE": { en: "Routine", nl: "Gewoon", fr: "Ordinaire", de: "Normal" },
  "priority.URGENT": { en: "Urgent", nl: "Dringend", fr: "Urgente", de: "Dringend" },
  "priority.IMMEDIATE": { en: "Immediate", nl: "Onmiddellijk", fr: "Immédiate", de: "Sofort" },

  "route.DIRECT": { en: "Posted in the country", nl: "Geplaatst in het land", fr: "En poste dans le pays", de: "Im Land stationiert" },
  "route.ACCREDITED": { en: "Accredited to the country", nl: "Geaccrediteerd voor het land", fr: "Accrédité auprès du pays", de: "Für das Land akkreditiert" },
  "route.AREA": { en: "Covers the country's area", nl: "Bestrijkt de regio van het land", fr: "Couvre la zone du pays", de: "Deckt die Region des Landes ab" },
  "route.DEPUTY": { en: "Deputy", nl: "Plaatsvervanger", fr: "Suppléant", de: "Vertretung" },
  "route.MULTILATERAL": { en: "Multilateral posting", nl: "Multilaterale plaatsing", fr: "Poste multilatéral", de: "Multilaterale Verwendung" },

  "availability.AVAILABLE": { en: "Available", nl: "Beschikbaar", fr: "Disponible", de: "Erreichbar" },
  "availability.LIMITED": { en: "Limited", nl: "Beperkt beschikbaar", fr: "Disponibilité limitée", de: "Eingeschränkt" },
  "availability.ON_MISSION": { en: "On mission", nl: "Op missie", fr: "En mission", de: "Auf Dienstreise" },
  "availability.ON_LEAVE": { en: "On leave", nl: "Met verlof", fr: "En congé", de: "Im Urlaub" },
  "availability.UNREACHABLE": { en: "Unreachable", nl: "Onbereikbaar", fr: "Injoignable", de: "Nicht erreichbar" },

  "accessibility.DIRECT": {
    en: "Directly accessible information",
    nl: "Rechtstreeks toegankelijke informatie",
    fr: "Information directement accessible",
    de: "Direkt zugängliche Information",
  },
  "accessibility.INDIRECT": {
    en: "Indirectly accessible information",
    nl: "Onrechtstreeks toegankelijke informatie",
    fr: "Information indirectement accessible",
    de: "Indirekt zugängliche Information",
  },

  "legalBasis.BENELUX_POLICE_TREATY_2018": {
    en: "Benelux police treaty (2018)",
    nl: "Benelux-politieverdrag (2018)",
    fr: "Traité de police Benelux (2018)",
    de: "Benelux-Polizeivertrag (2018)",
  },
  "legalBasis.COUNCIL_DECISION_2003_170_JHA": {
    en: "Council Decision 2003/170/JHA",
    nl: "Besluit 2003/170/JBZ van de Raad",
    fr: "Décision 2003/170/JAI du Conseil",
    de: "Beschluss 2003/170/JI des Rates",
  },
  "legalBasis.DIRECTIVE_EU_2023_977": {
    en: "Directive (EU) 2023/977",
    nl: "Richtlijn (EU) 2023/977",
    fr: "Directive (UE) 2023/977",
    de: "Richtlinie (EU) 2023/977",
  },
  "legalBasis.MUTUAL_LEGAL_ASSISTANCE": { en: "Mutual legal assistance", nl: "Wederzijdse rechtshulp", fr: "Entraide judiciaire", de: "Rechtshilfe" },

  "handlingCode.H0": {
    en: "H0 – law enforcement use only",
    nl: "H0 – alleen voor rechtshandhaving",
    fr: "H0 – usage policier uniquement",
    de: "H0 – nur für die Strafverfolgung",
  },
  "handlingCode.H1": {
    en: "H1 – not for court use without consent",
    nl: "H1 – niet voor de rechtbank zonder toestemming",
    fr: "H1 – pas d'usage judiciaire sans accord",
    de: "H1 – nicht vor Gericht ohne Zustimmung",
  },
  "handlingCode.H2": {
    en: "H2 – no onward sharing without consent",
    nl: "H2 – niet verder delen zonder toestemming",
    fr: "H2 – pas de partage ultérieur sans accord",
    de: "H2 – keine Weitergabe ohne Zustimmung",
  },
  "handlingCode.H3": {
    en: "H3 – other restrictions (see note)",
    nl: "H3 – andere beperkingen (zie toelichting)",
    fr: "H3 – autres restrictions (voir la note)",
    de: "H3 – andere Einschränkungen (siehe Hinweis)",
  },

  "reliability.A": { en: "A – reliable", nl: "A – betrouwbaar", fr: "A – fiable", de: "A – zuverlässig" },
  "reliability.B": { en: "B – mostly reliable", nl: "B – meestal betrouwbaar", fr: "B – généralement fiable", de: "B – meist zuverlässig" },
  "reliability.C": { en: "C – not reliable", nl: "C – niet betrouwbaar", fr: "C – peu fiable", de: "C – nicht zuverlässig" },
  "reliability.X": { en: "X – cannot be assessed", nl: "X – niet te beoordelen", fr: "X – non évaluable", de: "X – nicht beurteilbar" },
  "subjectKind.PERSON": { en: "Person", nl: "Persoon", fr: "Personne", de: "Person" },
  "subjectKind.VEHICLE": { en: "Vehicle", nl: "Voertuig", fr: "Véhicule", de: "Fahrzeug" },
  "subjectKind.PHONE": { en: "Phone number", nl: "Telefoonnummer", fr: "Numéro de téléphone", de: "Telefonnummer" },
  "subjectKind.COMPANY": { en: "Company", nl: "Onderneming", fr: "Société", de: "Unternehmen" },
  "subjectKind.ADDRESS": { en: "Address", nl: "Adres", fr: "Adresse", de: "Anschrift" },
  "side.REQUESTER": { en: "Requesting service", nl: "Verzoekende dienst", fr: "Service demandeur", de: "Ersuchende Dienststelle" },
  "side.ASSIGNEE": { en: "Liaison officer", nl: "Verbindingsofficier", fr: "Officier de liaison", de: "Verbindungsbeamter" },

  "nav.skip": { en: "Skip to the content", nl: "Naar de inhoud", fr: "Aller au contenu", de: "Zum Inhalt" },
  "nav.label": { en: "Main", nl: "Hoofdmenu", fr: "Menu principal", de: "Hauptmenü" },
  "nav.search": { en: "Find an LO", nl: "Een VB zoeken", fr: "Trouver un OL", de: "VB finden" },
  "nav.requests": { en: "Our requests", nl: "Onze verzoeken", fr: "Nos demandes", de: "Unsere Ersuchen" },
  "nav.inbox": { en: "Inbox", nl: "Inbox", fr: "Boîte de réception", de: "Posteingang" },
  "nav.record": { en: "My record", nl: "Mijn gegevens", fr: "Ma fiche", de: "Meine Daten" },
  "nav.dashboard": { en: "Coverage dashboard", nl: "Dekkingsoverzicht", fr: "Tableau de couverture", de: "Abdeckungsübersicht" },
  "nav.language": { en: "Language", nl: "Taal", fr: "Langue", de: "Sprache" },
  "nav.signOut": { en: "Sign out", nl: "Afmelden", fr: "Se déconnecter", de: "Abmelden" },

  "signin.title": { en: "Sign in to lonet", nl: "Aanmelden bij lonet", fr: "Se connecter à lonet", de: "Bei lonet anmelden" },
  "signin.demo": {
    en: "Demo: choose who you are. Each identity gets a development token of its own.",
    nl: "Demo: kies wie u bent. Elke identiteit krijgt een eigen ontwikkeltoken.",
    fr: "Démo : choisissez qui vous êtes. Chaque identité reçoit son propre jeton de développement.",
    de: "Demo: Wählen Sie, wer Sie sind. Jede Identität erhält ein eigenes Entwicklungstoken.",
  },
  "signin.oidc": {
    en: "Sign in with your service's account.",
    nl: "Meld u aan met het account van uw dienst.",
    fr: "Connectez-vous avec le compte de votre service.",
    de: "Melden Sie sich mit dem Konto Ihrer Dienststelle an.",
  },
  "signin.provider": { en: "Sign in", nl: "Aanmelden", fr: "Se connecter", de: "Anmelden" },

  "start.title": { en: "Welcome", nl: "Welkom", fr: "Bienvenue", de: "Willkommen" },
  "start.manager": {
    en: "The network's coverage, gaps and workload are on the coverage dashboard.",
    nl: "De dekking, de lacunes en de werklast van het netwerk staan in het dekkingsoverzicht.",
    fr: "La couverture, les lacunes et la charge du réseau sont sur le tableau de couverture.",
    de: "Abdeckung, Lücken und Arbeitslast des Netzes stehen in der Abdeckungsübersicht.",
  },
  "start.other": {
    en: "Your role has no page in this application.",
    nl: "Uw rol heeft geen pagina in deze toepassing.",
    fr: "Votre rôle n'a pas de page dans cette application.",
    de: "Ihre Rolle hat keine Seite in dieser Anwendung.",
  },

  "common.loading": { en: "Loading…", nl: "Laden…", fr: "Chargement…", de: "Wird geladen…" },
  "common.none": { en: "none", nl: "geen", fr: "aucun", de: "keine" },
  "common.choose": { en: "Choose…", nl: "Kies…", fr: "Choisir…", de: "Auswählen…" },
  "common.save": { en: "Save", nl: "Opslaan", fr: "Enregistrer", de: "Speichern" },
  "common.add": { en: "Add", nl: "Toevoegen", fr: "Ajouter", de: "Hinzufügen" },
  "common.remove": { en: "Remove", nl: "Verwijderen", fr: "Retirer", de: "Entfernen" },
  "common.back": { en: "Back", nl: "Terug", fr: "Retour", de: "Zurück" },

  "error.prefix": { en: "Not done:", nl: "Niet gelukt:", fr: "Échec :", de: "Nicht ausgeführt:" },

  "field.country": { en: "Country", nl: "Land", fr: "Pays", de: "Land" },
  "field.competence": { en: "Competence", nl: "Bevoegdheid", fr: "Compétence", de: "Fachgebiet" },
  "field.language": { en: "Language the LO speaks", nl: "Taal die de VB spreekt", fr: "Langue parlée par l'OL", de: "Sprache des VB" },
  "field.onDate": { en: "On date", nl: "Op datum", fr: "À la date du", de: "Am" },
  "field.justification": { en: "Case reference", nl: "Dossierreferentie", fr: "Référence du dossier", de: "Aktenzeichen" },

  "search.title": { en: "Find a liaison officer", nl: "Een verbindingsofficier zoeken", fr: "Trouver un officier de liaison", de: "Verbindungsbeamte finden" },
  "search.pickCountry": { en: "Choose a country", nl: "Kies een land", fr: "Choisissez un pays", de: "Land auswählen" },
  "search.anyCompetence": { en: "Any competence", nl: "Elke bevoegdheid", fr: "Toute compétence", de: "Jedes Fachgebiet" },
  "search.languageHint": {
    en: "Two-letter code, e.g. en, fr, sr",
    nl: "Code van twee letters, bv. en, fr, sr",
    fr: "Code à deux lettres, p. ex. en, fr, sr",
    de: "Zweibuchstabiger Code, z. B. en, fr, sr",
  },
  "search.submit": { en: "Search", nl: "Zoeken", fr: "Rechercher", de: "Suchen" },
  "search.results": {
    en: "{count} matches on {date}, best first",
    nl: "{count} resultaten op {date}, beste eerst",
    fr: "{count} résultats au {date}, les meilleurs d'abord",
    de: "{count} Treffer am {date}, die besten zuerst",
  },
  "search.none": { en: "Nobody matches.", nl: "Niemand voldoet.", fr: "Personne ne correspond.", de: "Kein Treffer." },
  "search.alternatives": { en: "Alternatives", nl: "Alternatieven", fr: "Alternatives", de: "Alternativen" },
  "search.score": { en: "score {score}", nl: "score {score}", fr: "score {score}", de: "Wertung {score}" },
  "search.available": { en: "available", nl: "beschikbaar", fr: "disponible", de: "erreichbar" },
  "search.unavailable": { en: "not available that day", nl: "die dag niet beschikbaar", fr: "indisponible ce jour-là", de: "an diesem Tag nicht erreichbar" },
  "search.reasons": { en: "Why this match", nl: "Waarom dit resultaat", fr: "Pourquoi ce résultat", de: "Warum dieser Treffer" },
  "search.open": { en: "Open the officer's card", nl: "Fiche van de officier openen", fr: "Ouvrir la fiche de l'officier", de: "Karte des Beamten öffnen" },

  "officer.posting": { en: "Posting", nl: "Standplaats", fr: "Poste", de: "Dienstort" },
  "officer.availability": { en: "Availability", nl: "Beschikbaarheid", fr: "Disponibilité", de: "Erreichbarkeit" },
  "officer.languages": { en: "Languages", nl: "Talen", fr: "Langues", de: "Sprachen" },
  "officer.competences": { en: "Competences (level)", nl: "Bevoegdheden (niveau)", fr: "Compétences (niveau)", de: "Fachgebiete (Stufe)" },
  "officer.absences": { en: "Planned absences", nl: "Geplande afwezigheden", fr: "Absences prévues", de: "Geplante Abwesenheiten" },
  "officer.deputies": { en: "Deputies", nl: "Plaatsvervangers", fr: "Suppléants", de: "Vertretungen" },
  "officer.contact": { en: "Contact", nl: "Contact", fr: "Contact", de: "Kontakt" },
  "officer.contactPrompt": {
    en: "Phone and e-mail are shown for a case: your reading is recorded in the consultation log with the case reference.",
    nl: "Telefoon en e-mail worden getoond voor een dossier: uw raadpleging wordt met de dossierreferentie in het raadplegingslogboek opgenomen.",
    fr: "Le téléphone et l'e-mail sont affichés pour un dossier : votre consultation est inscrite au journal des consultations avec la référence du dossier.",
    de: "Telefon und E-Mail werden für ein Verfahren angezeigt: Ihr Abruf wird mit dem Aktenzeichen im Abrufprotokoll vermerkt.",
  },
  "officer.justificationHint": {
    en: "The case you need the contact for, e.g. BNL-2026-000123",
    nl: "Het dossier waarvoor u het contact nodig hebt, bv. BNL-2026-000123",
    fr: "Le dossier pour lequel il vous faut le contact, p. ex. BNL-2026-000123",
    de: "Das Verfahren, für das Sie den Kontakt brauchen, z. B. BNL-2026-000123",
  },
  "officer.showContact": { en: "Show the contact data", nl: "Contactgegevens tonen", fr: "Afficher les coordonnées", de: "Kontaktdaten anzeigen" },
  "officer.email": { en: "E-mail", nl: "E-mail", fr: "E-mail", de: "E-Mail" },
  "officer.phone": { en: "Phone", nl: "Telefoon", fr: "Téléphone", de: "Telefon" },
  "officer.request": {
    en: "Ask this officer for assistance",
    nl: "Deze officier om bijstand vragen",
    fr: "Demander l'assistance de cet officier",
    de: "Diesen Beamten um Unterstützung ersuchen",
  },
  "officer.unknown": {
    en: "There is no officer {id}.",
    nl: "Er is geen officier {id}.",
    fr: "Il n'y a pas d'officier {id}.",
    de: "Es gibt keinen Beamten {id}.",
  },

  "request.title": { en: "Request assistance", nl: "Bijstand vragen", fr: "Demander une assistance", de: "Um Unterstützung ersuchen" },
  "request.field.title": { en: "What do you need?", nl: "Wat hebt u nodig?", fr: "De quoi avez-vous besoin ?", de: "Was brauchen Sie?" },
  "request.field.details": { en: "Details", nl: "Details", fr: "Détails", de: "Einzelheiten" },
  "request.field.country": { en: "Country", nl: "Land", fr: "Pays", de: "Land" },
  "request.field.competences": { en: "Competences", nl: "Bevoegdheden", fr: "Compétences", de: "Fachgebiete" },
  "request.field.priority": { en: "Priority", nl: "Prioriteit", fr: "Priorité", de: "Priorität" },
  "request.field.accessibility": { en: "Kind of information", nl: "Soort informatie", fr: "Nature de l'information", de: "Art der Information" },
  "request.field.legalBasis": { en: "Legal basis", nl: "Rechtsgrond", fr: "Base juridique", de: "Rechtsgrundlage" },
  "request.field.handlingCode": { en: "Handling code", nl: "Behandelingscode", fr: "Code de traitement", de: "Handhabungscode" },
  "request.field.handlingNote": {
    en: "Handling restriction (required with H3)",
    nl: "Beperking (verplicht bij H3)",
    fr: "Restriction (obligatoire avec H3)",
    de: "Einschränkung (bei H3 erforderlich)",
  },
  "request.field.assignee": { en: "Liaison officer", nl: "Verbindingsofficier", fr: "Officier de liaison", de: "Verbindungsbeamter" },
  "request.field.dueBy": { en: "Due by", nl: "Uiterlijk op", fr: "Pour le", de: "Frist" },
  "request.field.caseNumber": { en: "Case number", nl: "Dossiernummer", fr: "Numéro de dossier", de: "Aktenzeichen" },
  "request.field.subjects": {
    en: "Who or what the request is about",
    nl: "Over wie of wat het verzoek gaat",
    fr: "Sur qui ou sur quoi porte la demande",
    de: "Wen oder was das Ersuchen betrifft",
  },
  "request.field.judicialAuthority": {
    en: "Judicial authority that authorised the request",
    nl: "Gerechtelijke overheid die het verzoek heeft toegestaan",
    fr: "Autorité judiciaire qui a autorisé la demande",
    de: "Justizbehörde, die das Ersuchen genehmigt hat",
  },
  "request.field.authorisationReference": {
    en: "Reference of the authorisation",
    nl: "Referentie van de toestemming",
    fr: "Référence de l'autorisation",
    de: "Aktenzeichen der Genehmigung",
  },
  "request.field.contact": {
    en: "Contact person for this request",
    nl: "Contactpersoon voor dit verzoek",
    fr: "Personne de contact pour cette demande",
    de: "Ansprechperson für dieses Ersuchen",
  },
  "request.field.replyLanguage": { en: "Language of the reply", nl: "Taal van het antwoord", fr: "Langue de la réponse", de: "Sprache der Antwort" },
  "request.subject.legend": { en: "Subject {number}", nl: "Onderwerp {number}", fr: "Objet {number}", de: "Gegenstand {number}" },
  "request.subject.kind": { en: "Kind", nl: "Soort", fr: "Type", de: "Art" },
  "request.subject.name": { en: "Name", nl: "Naam", fr: "Nom", de: "Name" },
  "request.subject.dateOfBirth": { en: "Date of birth", nl: "Geboortedatum", fr: "Date de naissance", de: "Geburtsdatum" },
  "request.subject.nationality": { en: "Nationality", nl: "Nationaliteit", fr: "Nationalité", de: "Staatsangehörigkeit" },
  "request.subject.plate": { en: "Number plate", nl: "Nummerplaat", fr: "Plaque d'immatriculation", de: "Kennzeichen" },
  "request.subject.country": { en: "Country", nl: "Land", fr: "Pays", de: "Land" },
  "request.subject.phone": { en: "Phone number", nl: "Telefoonnummer", fr: "Numéro de téléphone", de: "Telefonnummer" },
  "request.subject.registrationNumber": { en: "Registration number", nl: "Ondernemingsnummer", fr: "Numéro d'entreprise", de: "Registernummer" },
  "request.subject.street": { en: "Street and number", nl: "Straat en huisnummer", fr: "Rue et numéro", de: "Straße und Hausnummer" },
  "request.subject.postcode": { en: "Postcode", nl: "Postcode", fr: "Code postal", de: "Postleitzahl" },
  "request.subject.city": { en: "City", nl: "Plaats", fr: "Localité", de: "Ort" },
  "request.subject.add": { en: "Add a subject", nl: "Een onderwerp toevoegen", fr: "Ajouter un objet", de: "Einen Gegenstand hinzufügen" },
  "request.subject.remove": {
    en: "Remove subject {number}",
    nl: "Onderwerp {number} verwijderen",
    fr: "Retirer l'objet {number}",
    de: "Gegenstand {number} entfernen",
  },
  "request.contact.name": { en: "Name and rank", nl: "Naam en graad", fr: "Nom et grade", de: "Name und Dienstgrad" },
  "request.contact.phone": { en: "Phone", nl: "Telefoon", fr: "Téléphone", de: "Telefon" },
  "request.contact.email": { en: "E-mail", nl: "E-mail", fr: "Courriel", de: "E-Mail" },
  "request.hint.assignee": {
    en: "The officer's id, e.g. LO-001; leave empty to send it to the best match",
    nl: "Nummer van de officier, bv. LO-001; leeg laten voor het beste resultaat",
    fr: "Numéro de l'officier, p. ex. LO-001 ; laisser vide pour le meilleur résultat",
    de: "Kennung des Beamten, z. B. LO-001; leer lassen für den besten Treffer",
  },
  "request.hint.dueBy": {
    en: "Leave empty for the legal or usual deadline",
    nl: "Leeg laten voor de wettelijke of gebruikelijke termijn",
    fr: "Laisser vide pour le délai légal ou habituel",
    de: "Leer lassen für die gesetzliche oder übliche Frist",
  },
  "request.hint.justification": {
    en: "Recorded in the consultation log with the request",
    nl: "Wordt met het verzoek in het raadplegingslogboek opgenomen",
    fr: "Inscrite au journal des consultations avec la demande",
    de: "Wird mit dem Ersuchen im Abrufprotokoll vermerkt",
  },
  "request.hint.subjects": {
    en: "Persons, vehicles, phone numbers, companies or addresses. If an open request of another service names the same one, both services are told whom to contact.",
    nl: "Personen, voertuigen, telefoonnummers, ondernemingen of adressen. Noemt een open verzoek van een andere dienst hetzelfde, dan horen beide diensten met wie ze contact kunnen opnemen.",
    fr: "Personnes, véhicules, numéros de téléphone, sociétés ou adresses. Si une demande ouverte d'un autre service cite le même, les deux services apprennent qui contacter.",
    de: "Personen, Fahrzeuge, Telefonnummern, Unternehmen oder Anschriften. Nennt ein offenes Ersuchen einer anderen Dienststelle dasselbe, erfahren beide Dienststellen, an wen sie sich wenden können.",
  },
  "request.hint.countryCode": {
    en: "Two-letter ISO code, e.g. RS",
    nl: "ISO-code van twee letters, bv. RS",
    fr: "Code ISO à deux lettres, p. ex. RS",
    de: "Zweistelliger ISO-Code, z. B. RS",
  },
  "request.hint.phone": {
    en: "International form, e.g. +381 64 555 0199",
    nl: "Internationale vorm, bv. +381 64 555 0199",
    fr: "Format international, p. ex. +381 64 555 0199",
    de: "Internationale Form, z. B. +381 64 555 0199",
  },
  "request.hint.anyLanguage": { en: "Any language", nl: "Om het even welke taal", fr: "Indifférente", de: "Beliebig" },
  "request.submit": { en: "Send the request", nl: "Verzoek versturen", fr: "Envoyer la demande", de: "Ersuchen senden" },
  "request.sent": {
    en: "Request {reference} sent.",
    nl: "Verzoek {reference} verstuurd.",
    fr: "Demande {reference} envoyée.",
    de: "Ersuchen {reference} gesendet.",
  },
  "request.fieldError": {
    en: "The request was not sent: check the field “{field}”.",
    nl: "Het verzoek is niet verstuurd: controleer het veld „{field}”.",
    fr: "La demande n'a pas été envoyée : vérifiez le champ « {field} ».",
    de: "Das Ersuchen wurde nicht gesendet: Prüfen Sie das Feld „{field}“.",
  },

  "requests.title": { en: "Our service's requests", nl: "Verzoeken van onze dienst", fr: "Les demandes de notre service", de: "Ersuchen unserer Dienststelle" },

  "inbox.title": { en: "Inbox", nl: "Inbox", fr: "Boîte de réception", de: "Posteingang" },

  "list.show": { en: "Show", nl: "Tonen", fr: "Afficher", de: "Anzeigen" },
  "list.open": { en: "Open", nl: "Open", fr: "Ouvertes", de: "Offen" },
  "list.all": { en: "All", nl: "Alle", fr: "Toutes", de: "Alle" },
  "list.empty": { en: "No requests.", nl: "Geen verzoeken.", fr: "Aucune demande.", de: "Keine Ersuchen." },
  "list.liveChanges": {
    en: "{count} requests changed since you opened this page.",
    nl: "{count} verzoeken gewijzigd sinds u deze pagina opende.",
    fr: "{count} demandes modifiées depuis l'ouverture de cette page.",
    de: "{count} Ersuchen geändert, seit Sie diese Seite geöffnet haben.",
  },

  "tasking.overdue": { en: "overdue", nl: "te laat", fr: "en retard", de: "überfällig" },
  "tasking.dueBy": { en: "due {when}", nl: "uiterlijk {when}", fr: "pour le {when}", de: "fällig {when}" },
  "tasking.requester": { en: "Requested by", nl: "Aangevraagd door", fr: "Demandée par", de: "Ersucht von" },
  "tasking.assignee": { en: "Liaison officer", nl: "Verbindingsofficier", fr: "Officier de liaison", de: "Verbindungsbeamter" },
  "tasking.timeline": { en: "Timeline", nl: "Verloop", fr: "Historique", de: "Verlauf" },
  "tasking.actions": { en: "What next", nl: "Volgende stap", fr: "Étape suivante", de: "Nächster Schritt" },
  "tasking.justificationHint": {
    en: "Recorded in the consultation log with your action",
    nl: "Wordt met uw handeling in het raadplegingslogboek opgenomen",
    fr: "Inscrite au journal des consultations avec votre action",
    de: "Wird mit Ihrer Handlung im Abrufprotokoll vermerkt",
  },
  "tasking.do.accept": { en: "Accept", nl: "Aanvaarden", fr: "Accepter", de: "Annehmen" },
  "tasking.do.decline": { en: "Decline", nl: "Weigeren", fr: "Refuser", de: "Ablehnen" },
  "tasking.do.start": { en: "Start", nl: "Starten", fr: "Commencer", de: "Beginnen" },
  "tasking.do.complete": { en: "Complete", nl: "Afronden", fr: "Terminer", de: "Abschließen" },
  "tasking.do.cancel": { en: "Cancel the request", nl: "Verzoek intrekken", fr: "Annuler la demande", de: "Ersuchen zurückziehen" },
  "tasking.do.ask": { en: "Ask for information", nl: "Om informatie vragen", fr: "Demander des informations", de: "Um Auskunft bitten" },
  "tasking.do.answer": { en: "Send the answer", nl: "Antwoord versturen", fr: "Envoyer la réponse", de: "Antwort senden" },
  "tasking.do.delay": { en: "Announce a delay", nl: "Vertraging melden", fr: "Annoncer un retard", de: "Verzögerung ankündigen" },
  "tasking.do.reassign": {
    en: "Give the request to another officer",
    nl: "Het verzoek aan een andere officier geven",
    fr: "Confier la demande à un autre officier",
    de: "Das Ersuchen einem anderen Beamten übertragen",
  },
  "tasking.do.redirect": {
    en: "Send the request to another officer",
    nl: "Het verzoek naar een andere officier sturen",
    fr: "Envoyer la demande à un autre officier",
    de: "Das Ersuchen an einen anderen Beamten senden",
  },
  "tasking.do.consent": {
    en: "Record consent to onward sharing (H2)",
    nl: "Toestemming om verder te delen vastleggen (H2)",
    fr: "Enregistrer l'accord de partage ultérieur (H2)",
    de: "Zustimmung zur Weitergabe erfassen (H2)",
  },
  "tasking.field.reason": { en: "Reason", nl: "Reden", fr: "Motif", de: "Grund" },
  "tasking.field.outcome": { en: "Outcome", nl: "Resultaat", fr: "Résultat", de: "Ergebnis" },
  "tasking.field.handlingCode": {
    en: "Handling code of the outcome",
    nl: "Behandelingscode van het resultaat",
    fr: "Code de traitement du résultat",
    de: "Handhabungscode des Ergebnisses",
  },
  "tasking.field.handlingNote": {
    en: "Handling restriction (required with H3)",
    nl: "Beperking (verplicht bij H3)",
    fr: "Restriction (obligatoire avec H3)",
    de: "Einschränkung (bei H3 erforderlich)",
  },
  "tasking.field.sourceReliability": {
    en: "Source reliability",
    nl: "Betrouwbaarheid van de bron",
    fr: "Fiabilité de la source",
    de: "Zuverlässigkeit der Quelle",
  },
  "tasking.field.informationAssessment": {
    en: "Information assessment (1–4)",
    nl: "Beoordeling van de informatie (1–4)",
    fr: "Appréciation de l'information (1–4)",
    de: "Bewertung der Information (1–4)",
  },
  "tasking.field.question": {
    en: "Your question to the requesting service",
    nl: "Uw vraag aan de verzoekende dienst",
    fr: "Votre question au service demandeur",
    de: "Ihre Frage an die ersuchende Dienststelle",
  },
  "tasking.field.answer": { en: "Your answer", nl: "Uw antwoord", fr: "Votre réponse", de: "Ihre Antwort" },
  "tasking.field.newDueBy": { en: "New deadline", nl: "Nieuwe termijn", fr: "Nouveau délai", de: "Neue Frist" },
  "tasking.field.officerId": { en: "Officer", nl: "Officier", fr: "Officier", de: "Beamter" },
  "tasking.field.note": {
    en: "Who consented, how and to what",
    nl: "Wie toestemming gaf, hoe en waarvoor",
    fr: "Qui a donné son accord, comment et pour quoi",
    de: "Wer zugestimmt hat, wie und wozu",
  },
  "tasking.hint.officerId": {
    en: "The officer's id, e.g. LO-002",
    nl: "De id van de officier, bv. LO-002",
    fr: "L'identifiant de l'officier, p. ex. LO-002",
    de: "Die Kennung des Beamten, z. B. LO-002",
  },
  "tasking.hint.nextBest": {
    en: "The officer's id; leave empty for the next best match",
    nl: "De id van de officier; laat leeg voor de volgende beste match",
    fr: "L'identifiant de l'officier ; laissez vide pour le meilleur suivant",
    de: "Die Kennung des Beamten; leer lassen für den nächstbesten Treffer",
  },
  "tasking.clockStopped": {
    en: "The deadline is on hold since {since}, until the requesting service answers.",
    nl: "De termijn staat stil sinds {since}, tot de verzoekende dienst antwoordt.",
    fr: "Le délai est suspendu depuis le {since}, jusqu'à la réponse du service demandeur.",
    de: "Die Frist ruht seit {since}, bis die ersuchende Dienststelle antwortet.",
  },
  "tasking.done": {
    en: "{action}: the request is now {status}.",
    nl: "{action}: het verzoek is nu {status}.",
    fr: "{action} : la demande est maintenant {status}.",
    de: "{action}: Das Ersuchen ist jetzt {status}.",
  },
  "tasking.liveUpdate": {
    en: "Updated live: the request is {status}.",
    nl: "Live bijgewerkt: het verzoek is {status}.",
    fr: "Mis à jour en direct : la demande est {status}.",
    de: "Live aktualisiert: Das Ersuchen ist {status}.",
  },
  "tasking.unknown": {
    en: "There is no request {id}, or you may not see it.",
    nl: "Er is geen verzoek {id}, of u mag het niet zien.",
    fr: "Il n'y a pas de demande {id}, ou vous ne pouvez pas la voir.",
    de: "Es gibt kein Ersuchen {id}, oder Sie dürfen es nicht sehen.",
  },
  "deconfliction.title": {
    en: "Another service works on the same subject",
    nl: "Een andere dienst werkt aan hetzelfde onderwerp",
    fr: "Un autre service travaille sur le même objet",
    de: "Eine andere Dienststelle arbeitet am selben Gegenstand",
  },
  "deconfliction.match": {
    en: "An open request of {service} also names a subject of this request ({subject}, found {since}). Get in touch before you act:",
    nl: "Een open verzoek van {service} noemt ook een onderwerp van dit verzoek ({subject}, gevonden op {since}). Neem contact op voor u optreedt:",
    fr: "Une demande ouverte de {service} cite aussi un objet de cette demande ({subject}, relevé le {since}). Prenez contact avant d'agir :",
    de: "Ein offenes Ersuchen von {service} nennt auch einen Gegenstand dieses Ersuchens ({subject}, festgestellt am {since}). Nehmen Sie vor dem Handeln Kontakt auf:",
  },
  "deconfliction.noContact": {
    en: "They named no contact person: ask the service.",
    nl: "Zij noemden geen contactpersoon: vraag het de dienst.",
    fr: "Aucune personne de contact n'est indiquée : adressez-vous au service.",
    de: "Es wurde keine Ansprechperson genannt: Wenden Sie sich an die Dienststelle.",
  },

  "conversation.title": { en: "Conversation", nl: "Gesprek", fr: "Échanges", de: "Austausch" },
  "conversation.empty": {
    en: "No questions or messages yet.",
    nl: "Nog geen vragen of berichten.",
    fr: "Pas encore de questions ni de messages.",
    de: "Noch keine Fragen oder Nachrichten.",
  },
  "conversation.question": { en: "Question", nl: "Vraag", fr: "Question", de: "Frage" },
  "conversation.answer": { en: "Answer", nl: "Antwoord", fr: "Réponse", de: "Antwort" },
  "conversation.message": { en: "Message", nl: "Bericht", fr: "Message", de: "Nachricht" },
  "conversation.delay": { en: "Delay", nl: "Vertraging", fr: "Retard", de: "Verzögerung" },
  "conversation.delayUntil": { en: "New deadline: {when}.", nl: "Nieuwe termijn: {when}.", fr: "Nouveau délai : {when}.", de: "Neue Frist: {when}." },
  "conversation.theQuestion": {
    en: "The liaison officer asks: {question}",
    nl: "De verbindingsofficier vraagt: {question}",
    fr: "L'officier de liaison demande : {question}",
    de: "Der Verbindungsbeamte fragt: {question}",
  },
  "conversation.write": { en: "Your message", nl: "Uw bericht", fr: "Votre message", de: "Ihre Nachricht" },
  "conversation.send": { en: "Send the message", nl: "Bericht versturen", fr: "Envoyer le message", de: "Nachricht senden" },
  "conversation.sent": { en: "Message sent.", nl: "Bericht verstuurd.", fr: "Message envoyé.", de: "Nachricht gesendet." },
  "conversation.live": { en: "New in the conversation (updated live).", nl: "Nieuw in het gesprek (live bijgewerkt).", fr: "Nouveau dans les échanges (mis à jour en direct).", de: "Neu im Austausch (live aktualisiert)." },

  "record.title": { en: "My record: {name}", nl: "Mijn gegevens: {name}", fr: "Ma fiche : {name}", de: "Meine Daten: {name}" },
  "record.availability": { en: "Availability", nl: "Beschikbaarheid", fr: "Disponibilité", de: "Erreichbarkeit" },
  "record.status": { en: "Status", nl: "Status", fr: "Statut", de: "Status" },
  "record.note": { en: "Note", nl: "Toelichting", fr: "Remarque", de: "Hinweis" },
  "record.saved": { en: "Saved.", nl: "Opgeslagen.", fr: "Enregistré.", de: "Gespeichert." },
  "record.absences": { en: "Planned absences", nl: "Geplande afwezigheden", fr: "Absences prévues", de: "Geplante Abwesenheiten" },
  "record.from": { en: "From", nl: "Van", fr: "Du", de: "Von" },
  "record.to": { en: "To", nl: "Tot", fr: "Au", de: "Bis" },
  "record.addAbsence": { en: "Plan the absence", nl: "Afwezigheid plannen", fr: "Prévoir l'absence", de: "Abwesenheit planen" },
  "record.removeAbsence": {
    en: "Remove the absence from {from}",
    nl: "Afwezigheid vanaf {from} verwijderen",
    fr: "Retirer l'absence du {from}",
    de: "Abwesenheit ab {from} entfernen",
  },
  "record.deputies": { en: "Deputies, in order", nl: "Plaatsvervangers, in volgorde", fr: "Suppléants, dans l'ordre", de: "Vertretungen, in Reihenfolge" },
  "record.addDeputy": { en: "Add a deputy", nl: "Plaatsvervanger toevoegen", fr: "Ajouter un suppléant", de: "Vertretung hinzufügen" },
  "record.up": { en: "Move {name} up", nl: "{name} omhoog", fr: "Monter {name}", de: "{name} nach oben" },
  "record.down": { en: "Move {name} down", nl: "{name} omlaag", fr: "Descendre {name}", de: "{name} nach unten" },
  "record.handOver": { en: "Hand over my open requests", nl: "Mijn open verzoeken overdragen", fr: "Transmettre mes demandes ouvertes", de: "Meine offenen Ersuchen übergeben" },
  "record.handOverTo": { en: "To my deputy", nl: "Aan mijn plaatsvervanger", fr: "À mon suppléant", de: "An meine Vertretung" },
  "record.handOverSubmit": { en: "Hand them over", nl: "Overdragen", fr: "Les transmettre", de: "Übergeben" },
  "record.handedOver": {
    en: "Handed over to {name}: {moved}. Stayed with you: {kept}.",
    nl: "Overgedragen aan {name}: {moved}. Bij u gebleven: {kept}.",
    fr: "Transmises à {name} : {moved}. Restées chez vous : {kept}.",
    de: "An {name} übergeben: {moved}. Bei Ihnen geblieben: {kept}.",
  },
};

/** The whole catalogue: language -> key -> text (tests check every language has every key). */
export const CATALOGUE = Object.fromEntries(
  LANGUAGES.map(([code]) => [code, Object.fromEntries(Object.entries(MESSAGES).filter(([, texts]) => code in texts).map(([key, texts]) => [key, texts[code]]))]),
);
const codes = LANGUAGES.map(([code]) => code);
let current = "en";

function initial() {
  const stored = globalThis.localStorage?.getItem(STORED);
  if (codes.includes(stored)) return stored;
  const browser = (globalThis.navigator?.language || "en").slice(0, 2).toLowerCase();
  return codes.includes(browser) ? browser : "en";
}

export function language() {
  return current;
}

export function applyLanguage(code = initial()) {
  current = codes.includes(code) ? code : "en";
  if (globalThis.document) document.documentElement.lang = current;
}

export function setLanguage(code) {
  applyLanguage(code);
  globalThis.localStorage?.setItem(STORED, current);
}

export function t(key, values = {}) {
  const text = CATALOGUE[current][key] ?? CATALOGUE.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}
