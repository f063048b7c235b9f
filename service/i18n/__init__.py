"""The caller's language, and every user-visible text in it (one gettext catalogue, four languages).

A request speaks one of nl, fr, de, en: its `Accept-Language` header negotiated with Babel (en when
nothing matches), overridden by a `lang` argument where a field has one (`speaking`). The language
rides in a context variable set by the HTTP/WebSocket entry (service/api/language.py), so a use case
or a domain rule writes its texts with `_()` without being handed the language:

    raise BadUserInput(_("unknown competence %(code)r", code=code), field="competence")
    ngettext("%(num)d LO covers %(country)s", "%(num)d LOs cover %(country)s", n, country=name)

The message id is the English text with named placeholders, so each language may order them as
it needs. A text kept in a table at import time is marked with `N_()` and translated where it is
shown (`_(text)`). The catalogue is service/i18n/locale/<lang>/LC_MESSAGES/lonet.po (README,
"Languages"); tests/i18n/test_catalogue.py fails, naming the ids, until every text has all four.
"""

from __future__ import annotations

import contextvars
import functools
import io
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from babel.core import negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from ..domain.enums import Lang

log = logging.getLogger("lonet.i18n")

DOMAIN = "lonet"
LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT = Lang.EN
SUPPORTED: tuple[Lang, ...] = tuple(Lang)

_current: contextvars.ContextVar[Lang] = contextvars.ContextVar("lonet_language", default=DEFAULT)


def negotiate(accept_language: str | None) -> Lang:
    """The supported language the caller prefers most (RFC 9110 `Accept-Language`: q-values,
    regional variants such as nl-BE or fr-LU), or en when none is supported."""
    ranked: list[tuple[float, int, str]] = []
    for position, entry in enumerate((accept_language or "").split(",")):
        tag, _sep, params = entry.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag.strip() and tag.strip() != "*" and quality > 0:
            ranked.append((-quality, position, tag.strip()))
    preferred = [tag for _q, _p, tag in sorted(ranked)]
    chosen = negotiate_locale(preferred, [lang.value for lang in SUPPORTED], sep="-", aliases=None)
    return Lang(chosen.lower()) if chosen else DEFAULT


def lang_named(value: str | None) -> Lang | None:
    """A language code as given in a `lang` field of a WebSocket payload, or None if unsupported."""
    try:
        return Lang(value.strip().lower()) if isinstance(value, str) else None
    except ValueError:
        return None


def environment_lang(environ: Mapping[str, str]) -> Lang:
    """The language of a command's user: the POSIX locale's (LC_ALL, else LC_MESSAGES, else LANG,
    the first one set decides: `nl_BE.UTF-8` is nl), or en when it is none of nl, fr, de, en."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return lang_named(value.split(".")[0].split("@")[0].split("_")[0]) or DEFAULT
    return DEFAULT


def current_lang() -> Lang:
    """The language of the request being served (en outside a request: the CLI, background work)."""
    return _current.get()


def set_lang(lang: Lang) -> contextvars.Token[Lang]:
    return _current.set(lang)


@contextmanager
def speaking(lang: Lang | None) -> Iterator[Lang]:
    """Texts made inside the block are in `lang` (a field's `lang` argument); None keeps the
    request's language."""
    token = _current.set(lang) if lang is not None else None
    try:
        yield current_lang()
    finally:
        if token is not None:
            _current.reset(token)


def _compiled(lang: Lang) -> io.BytesIO:
    """The language's compiled catalogue: the .mo `pybabel compile` wrote (make install), or,
    when it is missing or older than its .po (a fresh clone, a catalogue just edited), the .po
    compiled now, in memory, by the same Babel."""
    po = LOCALE_DIR / lang.value / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        return io.BytesIO(mo.read_bytes())
    log.debug("compiling %s in memory (no up-to-date .mo)", po)
    with po.open("rb") as source:
        catalog = read_po(source, locale=lang.value, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return compiled


@functools.cache
def translations(lang: Lang) -> Translations:
    return Translations(_compiled(lang), domain=DOMAIN)


def _formatted(text: str, params: dict[str, Any]) -> str:
    return text % params if params else text


def _(message: str, /, **params: Any) -> str:
    """`message` (English, with %(name)s placeholders) in the request's language, filled in."""
    return _formatted(translations(current_lang()).gettext(message), params)


def ngettext(singular: str, plural: str, num: int, /, **params: Any) -> str:
    """The form agreeing with `num` (available as %(num)d) in the request's language."""
    return _formatted(translations(current_lang()).ngettext(singular, plural, num), {"num": num, **params})


def N_(message: str, /) -> str:
    """Marks a text for the catalogue where it is defined; `_(text)` translates it where shown."""
    return message

