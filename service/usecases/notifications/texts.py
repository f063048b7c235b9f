"""Every text a notification mail or calendar carries, in one place, as entries of the one gettext
catalogue (service/i18n: English message ids, translated into nl, fr, de, en there; one entry per
sentence, nothing pieced together from fragments). A mail names the reference, the kind of change,
the deadline and a link; never the request's details, subject, messages or outcome (data
minimisation).

A mail or a calendar is written in its RECIPIENT's language (their notification settings), not in
the language of the request that caused it: `mail_text` and the calendar translate inside
`speaking(recipient_lang(language))`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Generic, TypeVar

from ...domain.enums import Lang
from ...i18n import DEFAULT, SUPPORTED, N_, _, speaking
from .kinds import NotificationKind as K
from .kinds import NotificationSubjectKind, subject_kind_of

LANGUAGES = tuple(lang.value for lang in SUPPORTED)
DEFAULT_LANGUAGE = DEFAULT.value

# The one-line summary (mail subject, after the reference) and the sentence saying what happened.
SUMMARY: dict[K, str] = {
    K.NEW_REQUEST: N_("New request"),
    K.DEPUTY_REQUEST: N_("Request for you as deputy"),
    K.REASSIGNED_TO_YOU: N_("Request reassigned to you"),
    K.ACCEPTED: N_("Accepted"),
    K.DECLINED: N_("Declined"),
    K.COMPLETED: N_("Completed"),
    K.DEADLINE_APPROACHING: N_("Deadline approaching"),
    K.DEADLINE_PASSED: N_("Deadline passed"),
    K.INFORMATION_REQUESTED: N_("Question on your request"),
    K.INFORMATION_PROVIDED: N_("Answer to your question"),
    K.MESSAGE: N_("New message"),
    K.DELAY_ANNOUNCED: N_("Delay announced"),
    K.REDIRECTED_TO_YOU: N_("Declined request redirected to you"),
    K.HANDED_OVER_TO_YOU: N_("Request handed over to you"),
    K.NOTICE_ISSUED: N_("Threat notice for your service"),
    K.NOTICE_ACKNOWLEDGED: N_("Your notice acknowledged by all"),
}

EVENT: dict[K, str] = {
    K.NEW_REQUEST: N_("A new request for assistance has been assigned to you."),
    K.DEPUTY_REQUEST: N_(
        "A request for assistance has been assigned to you as deputy, because the liaison officer you stand in for is away."
    ),
    K.REASSIGNED_TO_YOU: N_("A request for assistance has been reassigned to you."),
    K.ACCEPTED: N_("The liaison officer has accepted your request."),
    K.DECLINED: N_("The liaison officer has declined your request."),
    K.COMPLETED: N_("The liaison officer has completed your request."),
    K.DEADLINE_APPROACHING: N_("The deadline of this request is approaching."),
    K.DEADLINE_PASSED: N_("The deadline of this request has passed."),
    K.INFORMATION_REQUESTED: N_("The liaison officer needs more information to handle your request."),
    K.INFORMATION_PROVIDED: N_("The requesting service has answered your question."),
    K.MESSAGE: N_("A new message was posted on this request."),
    K.DELAY_ANNOUNCED: N_("The liaison officer has announced that the reply will be later than the deadline."),
    K.REDIRECTED_TO_YOU: N_("A request for assistance declined by another liaison officer has been redirected to you."),
    K.HANDED_OVER_TO_YOU: N_("A request for assistance has been handed over to you."),
    K.NOTICE_ISSUED: N_("A threat notice has been addressed to your service."),
    K.NOTICE_ACKNOWLEDGED: N_("Every service your threat notice is addressed to has acknowledged it."),
}

# The mail's whole text; %(event)s is one of EVENT (translated), the rest are values. The final
# newline is added by mail_text, not kept in the message id (gettext's convention).
BODY = N_(
    "%(event)s\n\nReference: %(reference)s\nDeadline: %(deadline)s\nOpen it in lonet: %(link)s\n\n"
    "For data protection this message contains no details of the request. Sign in to lonet to read them."
)

# A threat notice's mail: that there is one and where to read it, never its subject or text (those
# are for the addressed services only, read in lonet, where the reading is logged).
NOTICE_BODY = N_(
    "%(event)s\n\nNotice: %(reference)s\nRead it in lonet: %(link)s\n\n"
    "For data protection this message contains nothing of the notice. Sign in to lonet to read it."
)

SUBJECT_LINE = N_("lonet %(reference)s: %(summary)s")

# The calendar's entries (the LO's own calendar, in their language); a window's status -> its label.
CALENDAR_DUE = N_("Deadline of request %(reference)s")
CALENDAR_WINDOW: dict[str, str] = {
    "ON_LEAVE": N_("On leave"),
    "ON_MISSION": N_("On mission"),
    "LIMITED": N_("Limited availability"),
    "UNREACHABLE": N_("Unreachable"),
    "AVAILABLE": N_("Available"),
}
CALENDAR_GATHERING = N_("%(status)s: %(gathering)s")  # a gathering the LO attends: its status and title


def recipient_lang(language: str | None) -> Lang:
    """The language a recipient's mails and calendar are written in (English if they have none)."""
    return Lang(language) if language in LANGUAGES else DEFAULT


Texts = TypeVar("Texts", str, Mapping[K, str])


class InEachLanguage(Mapping[str, Texts], Generic[Texts]):
    """A text (or a table of them) as each language reads it, e.g. SUBJECTS["nl"][kind]: read
    from the catalogue when asked, so the catalogue stays the only place a translation is kept."""

    def __init__(self, texts: Texts) -> None:
        self._texts = texts

    def __getitem__(self, language: str) -> Texts:
        if language not in LANGUAGES:
            raise KeyError(language)
        with speaking(Lang(language)):
            if isinstance(self._texts, str):
                return _(self._texts)
            return {key: _(text) for key, text in self._texts.items()}

    def __iter__(self) -> Iterator[str]:
        return iter(LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)


SUBJECTS = InEachLanguage(SUMMARY)
EVENTS = InEachLanguage(EVENT)
BODIES = InEachLanguage(BODY)
NOTICE_BODIES = InEachLanguage(NOTICE_BODY)


def mail_text(language: str, kind: K, *, reference: str, deadline: str, link: str) -> tuple[str, str]:
    """(subject, body) of a notification mail in the language (English if it has none)."""
    with speaking(recipient_lang(language)):
        subject = _(SUBJECT_LINE, reference=reference, summary=_(SUMMARY[kind]))
        event = _(EVENT[kind])
        if subject_kind_of(kind) is NotificationSubjectKind.NOTICE:
            body = _(NOTICE_BODY, event=event, reference=reference, link=link)
        else:
            body = _(BODY, event=event, reference=reference, deadline=deadline, link=link)
    return subject, body + "\n"
