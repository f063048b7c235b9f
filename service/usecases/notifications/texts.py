"""Every text a notification mail or calendar carries, in the four languages of the network's
users (nl, fr, de, en), in one place (for the catalogue: one entry per sentence, nothing pieced
together from fragments). A mail names the reference, the kind of change, the deadline and a
link; never the request's details, subject, messages or outcome (data minimisation)."""

from __future__ import annotations

from .kinds import NotificationKind as K
from .kinds import NotificationSubjectKind, subject_kind_of

LANGUAGES = ("nl", "fr", "de", "en")
DEFAULT_LANGUAGE = "en"

# The one-line summary (mail subject, after the reference) and the sentence saying what happened.
SUBJECTS: dict[str, dict[K, str]] = {
    "en": {
        K.NEW_REQUEST: "New request",
        K.DEPUTY_REQUEST: "Request for you as deputy",
        K.REASSIGNED_TO_YOU: "Request reassigned to you",
        K.ACCEPTED: "Accepted",
        K.DECLINED: "Declined",
        K.COMPLETED: "Completed",
        K.DEADLINE_APPROACHING: "Deadline approaching",
        K.DEADLINE_PASSED: "Deadline passed",
        K.INFORMATION_REQUESTED: "Question on your request",
        K.INFORMATION_PROVIDED: "Answer to your question",
        K.MESSAGE: "New message",
        K.DELAY_ANNOUNCED: "Delay announced",
        K.REDIRECTED_TO_YOU: "Declined request redirected to you",
        K.HANDED_OVER_TO_YOU: "Request handed over to you",
        K.NOTICE_ISSUED: "Threat notice for your service",
        K.NOTICE_ACKNOWLEDGED: "Your notice acknowledged by all",
    },
    "nl": {
        K.NEW_REQUEST: "Nieuw verzoek",
        K.DEPUTY_REQUEST: "Verzoek aan u als plaatsvervanger",
        K.REASSIGNED_TO_YOU: "Verzoek aan u doorgegeven",
        K.ACCEPTED: "Aanvaard",
        K.DECLINED: "Geweigerd",
        K.COMPLETED: "Afgehandeld",
        K.DEADLINE_APPROACHING: "Termijn loopt bijna af",
        K.DEADLINE_PASSED: "Termijn verstreken",
        K.INFORMATION_REQUESTED: "Vraag over uw verzoek",
        K.INFORMATION_PROVIDED: "Antwoord op uw vraag",
        K.MESSAGE: "Nieuw bericht",
        K.DELAY_ANNOUNCED: "Vertraging aangekondigd",
        K.REDIRECTED_TO_YOU: "Geweigerd verzoek aan u doorgestuurd",
        K.HANDED_OVER_TO_YOU: "Verzoek aan u overgedragen",
        K.NOTICE_ISSUED: "Dreigingsmelding voor uw dienst",
        K.NOTICE_ACKNOWLEDGED: "Uw melding door allen bevestigd",
    },
    "fr": {
        K.NEW_REQUEST: "Nouvelle demande",
        K.DEPUTY_REQUEST: "Demande attribuée en suppléance",
        K.REASSIGNED_TO_YOU: "Demande réattribuée",
        K.ACCEPTED: "Acceptée",
        K.DECLINED: "Refusée",
        K.COMPLETED: "Traitée",
        K.DEADLINE_APPROACHING: "Délai bientôt échu",
        K.DEADLINE_PASSED: "Délai dépassé",
        K.INFORMATION_REQUESTED: "Question sur votre demande",
        K.INFORMATION_PROVIDED: "Réponse à votre question",
        K.MESSAGE: "Nouveau message",
        K.DELAY_ANNOUNCED: "Retard annoncé",
        K.REDIRECTED_TO_YOU: "Demande refusée réorientée vers vous",
        K.HANDED_OVER_TO_YOU: "Demande transférée à vous",
        K.NOTICE_ISSUED: "Avis de menace pour votre service",
        K.NOTICE_ACKNOWLEDGED: "Votre avis confirmé par tous",
    },
    "de": {
        K.NEW_REQUEST: "Neues Ersuchen",
        K.DEPUTY_REQUEST: "Ersuchen an Sie als Vertretung",
        K.REASSIGNED_TO_YOU: "Ersuchen neu zugewiesen",
        K.ACCEPTED: "Angenommen",
        K.DECLINED: "Abgelehnt",
        K.COMPLETED: "Erledigt",
        K.DEADLINE_APPROACHING: "Frist läuft bald ab",
        K.DEADLINE_PASSED: "Frist abgelaufen",
        K.INFORMATION_REQUESTED: "Rückfrage zu Ihrem Ersuchen",
        K.INFORMATION_PROVIDED: "Antwort auf Ihre Rückfrage",
        K.MESSAGE: "Neue Nachricht",
        K.DELAY_ANNOUNCED: "Verzögerung angekündigt",
        K.REDIRECTED_TO_YOU: "Abgelehntes Ersuchen an Sie weitergeleitet",
        K.HANDED_OVER_TO_YOU: "Ersuchen an Sie übergeben",
        K.NOTICE_ISSUED: "Gefahrenmeldung für Ihre Dienststelle",
        K.NOTICE_ACKNOWLEDGED: "Ihre Meldung von allen bestätigt",
    },
}

EVENTS: dict[str, dict[K, str]] = {
    "en": {
        K.NEW_REQUEST: "A new request for assistance has been assigned to you.",
        K.DEPUTY_REQUEST: "A request for assistance has been assigned to you as deputy, because the liaison officer you stand in for is away.",
        K.REASSIGNED_TO_YOU: "A request for assistance has been reassigned to you.",
        K.ACCEPTED: "The liaison officer has accepted your request.",
        K.DECLINED: "The liaison officer has declined your request.",
        K.COMPLETED: "The liaison officer has completed your request.",
        K.DEADLINE_APPROACHING: "The deadline of this request is approaching.",
        K.DEADLINE_PASSED: "The deadline of this request has passed.",
        K.INFORMATION_REQUESTED: "The liaison officer needs more information to handle your request.",
        K.INFORMATION_PROVIDED: "The requesting service has answered your question.",
        K.MESSAGE: "A new message was posted on this request.",
        K.DELAY_ANNOUNCED: "The liaison officer has announced that the reply will be later than the deadline.",
        K.REDIRECTED_TO_YOU: "A request for assistance declined by another liaison officer has been redirected to you.",
        K.HANDED_OVER_TO_YOU: "A request for assistance has been handed over to you.",
        K.NOTICE_ISSUED: "A threat notice has been addressed to your service.",
        K.NOTICE_ACKNOWLEDGED: "Every service your threat notice is addressed to has acknowledged it.",
    },
    "nl": {
        K.NEW_REQUEST: "Er is een nieuw verzoek om bijstand aan u toegewezen.",
        K.DEPUTY_REQUEST: "Er is een verzoek om bijstand aan u toegewezen als plaatsvervanger, omdat de verbindingsofficier die u vervangt afwezig is.",
        K.REASSIGNED_TO_YOU: "Een verzoek om bijstand is aan u doorgegeven.",
        K.ACCEPTED: "De verbindingsofficier heeft uw verzoek aanvaard.",
        K.DECLINED: "De verbindingsofficier heeft uw verzoek geweigerd.",
        K.COMPLETED: "De verbindingsofficier heeft uw verzoek afgehandeld.",
        K.DEADLINE_APPROACHING: "De termijn van dit verzoek loopt bijna af.",
        K.DEADLINE_PASSED: "De termijn van dit verzoek is verstreken.",
        K.INFORMATION_REQUESTED: "De verbindingsofficier heeft meer informatie nodig om uw verzoek af te handelen.",
        K.INFORMATION_PROVIDED: "De verzoekende dienst heeft uw vraag beantwoord.",
        K.MESSAGE: "Er is een nieuw bericht geplaatst bij dit verzoek.",
        K.DELAY_ANNOUNCED: "De verbindingsofficier heeft aangekondigd dat het antwoord na de termijn komt.",
        K.REDIRECTED_TO_YOU: "Een verzoek om bijstand dat een andere verbindingsofficier weigerde, is aan u doorgestuurd.",
        K.HANDED_OVER_TO_YOU: "Een verzoek om bijstand is aan u overgedragen.",
        K.NOTICE_ISSUED: "Er is een dreigingsmelding aan uw dienst gericht.",
        K.NOTICE_ACKNOWLEDGED: "Alle diensten waaraan uw dreigingsmelding gericht is, hebben haar bevestigd.",
    },
    "fr": {
        K.NEW_REQUEST: "Une nouvelle demande d'assistance vous a été attribuée.",
        K.DEPUTY_REQUEST: "Une demande d'assistance vous a été attribuée en tant que suppléant, car l'officier de liaison que vous remplacez est absent.",
        K.REASSIGNED_TO_YOU: "Une demande d'assistance vous a été réattribuée.",
        K.ACCEPTED: "L'officier de liaison a accepté votre demande.",
        K.DECLINED: "L'officier de liaison a refusé votre demande.",
        K.COMPLETED: "L'officier de liaison a traité votre demande.",
        K.DEADLINE_APPROACHING: "Le délai de cette demande arrive bientôt à échéance.",
        K.DEADLINE_PASSED: "Le délai de cette demande est dépassé.",
        K.INFORMATION_REQUESTED: "L'officier de liaison a besoin d'informations complémentaires pour traiter votre demande.",
        K.INFORMATION_PROVIDED: "Le service requérant a répondu à votre question.",
        K.MESSAGE: "Un nouveau message a été publié sur cette demande.",
        K.DELAY_ANNOUNCED: "L'officier de liaison a annoncé que la réponse parviendra après le délai.",
        K.REDIRECTED_TO_YOU: "Une demande d'assistance refusée par un autre officier de liaison vous a été réorientée.",
        K.HANDED_OVER_TO_YOU: "Une demande d'assistance vous a été transférée.",
        K.NOTICE_ISSUED: "Un avis de menace a été adressé à votre service.",
        K.NOTICE_ACKNOWLEDGED: "Tous les services destinataires de votre avis de menace en ont accusé réception.",
    },
    "de": {
        K.NEW_REQUEST: "Ihnen wurde ein neues Unterstützungsersuchen zugewiesen.",
        K.DEPUTY_REQUEST: "Ihnen wurde ein Unterstützungsersuchen als Vertretung zugewiesen, weil der Verbindungsbeamte, den Sie vertreten, abwesend ist.",
        K.REASSIGNED_TO_YOU: "Ein Unterstützungsersuchen wurde Ihnen neu zugewiesen.",
        K.ACCEPTED: "Der Verbindungsbeamte hat Ihr Ersuchen angenommen.",
        K.DECLINED: "Der Verbindungsbeamte hat Ihr Ersuchen abgelehnt.",
        K.COMPLETED: "Der Verbindungsbeamte hat Ihr Ersuchen erledigt.",
        K.DEADLINE_APPROACHING: "Die Frist dieses Ersuchens läuft bald ab.",
        K.DEADLINE_PASSED: "Die Frist dieses Ersuchens ist abgelaufen.",
        K.INFORMATION_REQUESTED: "Der Verbindungsbeamte benötigt weitere Informationen, um Ihr Ersuchen zu bearbeiten.",
        K.INFORMATION_PROVIDED: "Die ersuchende Dienststelle hat Ihre Rückfrage beantwortet.",
        K.MESSAGE: "Zu diesem Ersuchen wurde eine neue Nachricht verfasst.",
        K.DELAY_ANNOUNCED: "Der Verbindungsbeamte hat angekündigt, dass die Antwort nach Ablauf der Frist erfolgt.",
        K.REDIRECTED_TO_YOU: "Ein von einem anderen Verbindungsbeamten abgelehntes Ersuchen wurde an Sie weitergeleitet.",
        K.HANDED_OVER_TO_YOU: "Ein Unterstützungsersuchen wurde Ihnen übergeben.",
        K.NOTICE_ISSUED: "An Ihre Dienststelle wurde eine Gefahrenmeldung gerichtet.",
        K.NOTICE_ACKNOWLEDGED: "Alle Dienststellen, an die Ihre Gefahrenmeldung gerichtet ist, haben sie bestätigt.",
    },
}

# The mail's whole text; {event} is one of EVENTS, the rest are values.
BODIES: dict[str, str] = {
    "en": (
        "{event}\n\nReference: {reference}\nDeadline: {deadline}\nOpen it in lonet: {link}\n\n"
        "For data protection this message contains no details of the request. Sign in to lonet to read them.\n"
    ),
    "nl": (
        "{event}\n\nReferentie: {reference}\nTermijn: {deadline}\nOpenen in lonet: {link}\n\n"
        "Om de gegevens te beschermen bevat dit bericht geen details van het verzoek. Meld u aan bij lonet om ze te lezen.\n"
    ),
    "fr": (
        "{event}\n\nRéférence : {reference}\nDélai : {deadline}\nOuvrir dans lonet : {link}\n\n"
        "Par souci de protection des données, ce message ne contient aucun détail de la demande. "
        "Connectez-vous à lonet pour les consulter.\n"
    ),
    "de": (
        "{event}\n\nAktenzeichen: {reference}\nFrist: {deadline}\nIn lonet öffnen: {link}\n\n"
        "Aus Gründen des Datenschutzes enthält diese Nachricht keine Einzelheiten des Ersuchens. "
        "Melden Sie sich bei lonet an, um sie zu lesen.\n"
    ),
}

# A threat notice's mail: that there is one and where to read it, never its subject or text (those
# are for the addressed services only, read in lonet, where the reading is logged).
NOTICE_BODIES: dict[str, str] = {
    "en": (
        "{event}\n\nNotice: {reference}\nRead it in lonet: {link}\n\n"
        "For data protection this message contains nothing of the notice. Sign in to lonet to read it.\n"
    ),
    "nl": (
        "{event}\n\nMelding: {reference}\nLezen in lonet: {link}\n\n"
        "Om de gegevens te beschermen bevat dit bericht niets van de melding. Meld u aan bij lonet om ze te lezen.\n"
    ),
    "fr": (
        "{event}\n\nAvis : {reference}\nLe lire dans lonet : {link}\n\n"
        "Par souci de protection des données, ce message ne contient rien de l'avis. "
        "Connectez-vous à lonet pour le consulter.\n"
    ),
    "de": (
        "{event}\n\nMeldung: {reference}\nIn lonet lesen: {link}\n\n"
        "Aus Gründen des Datenschutzes enthält diese Nachricht nichts von der Meldung. "
        "Melden Sie sich bei lonet an, um sie zu lesen.\n"
    ),
}

SUBJECT_LINE = "lonet {reference}: {summary}"  # the same shape in every language

# The calendar's entries (the LO's own calendar, in their language).
CALENDAR_DUE: dict[str, str] = {
    "en": "Deadline of request {reference}",
    "nl": "Termijn van verzoek {reference}",
    "fr": "Échéance de la demande {reference}",
    "de": "Frist des Ersuchens {reference}",
}
CALENDAR_WINDOW: dict[str, dict[str, str]] = {
    "en": {"ON_LEAVE": "On leave", "ON_MISSION": "On mission", "LIMITED": "Limited availability", "UNREACHABLE": "Unreachable", "AVAILABLE": "Available"},
    "nl": {"ON_LEAVE": "Met verlof", "ON_MISSION": "Op missie", "LIMITED": "Beperkt beschikbaar", "UNREACHABLE": "Onbereikbaar", "AVAILABLE": "Beschikbaar"},
    "fr": {"ON_LEAVE": "En congé", "ON_MISSION": "En mission", "LIMITED": "Disponibilité limitée", "UNREACHABLE": "Injoignable", "AVAILABLE": "Disponible"},
    "de": {"ON_LEAVE": "Im Urlaub", "ON_MISSION": "Auf Dienstreise", "LIMITED": "Eingeschränkt verfügbar", "UNREACHABLE": "Nicht erreichbar", "AVAILABLE": "Verfügbar"},
}


def mail_text(language: str, kind: K, *, reference: str, deadline: str, link: str) -> tuple[str, str]:
    """(subject, body) of a notification mail in the language (English if it has none)."""
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    subject = SUBJECT_LINE.format(reference=reference, summary=SUBJECTS[language][kind])
    bodies = NOTICE_BODIES if subject_kind_of(kind) is NotificationSubjectKind.NOTICE else BODIES
    body = bodies[language].format(event=EVENTS[language][kind], reference=reference, deadline=deadline, link=link)
    return subject, body
