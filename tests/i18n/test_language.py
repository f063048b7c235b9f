"""Which language a request gets (Accept-Language negotiated with Babel) and how texts follow it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Annotated

import pytest
from babel.support import Translations
from graphql import GraphQLError
from pydantic import BaseModel, StringConstraints, ValidationError

from service.domain.enums import BeneluxCountry, Lang, ServiceKind
from service.domain.models import Service
from service import i18n
from service.graphql.errors import format_error
from service.i18n import _, current_lang, environment_lang, negotiate, ngettext, speaking


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        ("nl-BE,nl;q=0.9,en;q=0.5", Lang.NL),
        ("fr-LU", Lang.FR),
        ("de-DE;q=0.8, fr;q=0.9", Lang.FR),  # the higher q wins, wherever it stands
        ("es, de;q=0.3", Lang.DE),  # Spanish is not spoken: the next that is
        ("es, pt-BR", Lang.EN),  # nothing spoken: English
        ("nl;q=0, fr;q=0.1", Lang.FR),  # q=0 means "not this one"
        ("*", Lang.EN),
        ("", Lang.EN),
        (None, Lang.EN),
        ("de;q=abc, nl", Lang.NL),  # a malformed q-value counts as refused, not as an error
    ],
)
def test_the_request_gets_the_supported_language_it_prefers_most(header: str | None, chosen: Lang) -> None:
    assert negotiate(header) is chosen


def test_texts_follow_the_language_spoken_and_fall_back_to_english_outside_a_request() -> None:
    assert current_lang() is Lang.EN
    with speaking(Lang.DE):
        assert _("unknown service %(code)r", code="XX") == "unbekannte Dienststelle 'XX'"
        with speaking(None):  # no `lang` argument: the request's language stands
            assert ngettext("%(num)d open tasking", "%(num)d open taskings", 1) == "1 offenes Ersuchen"
    with speaking(Lang.FR):  # French counts 0 and 1 alike
        assert ngettext("%(num)d open tasking", "%(num)d open taskings", 0) == "0 demande en cours"
    assert _("unknown service %(code)r", code="XX") == "unknown service 'XX'"


def test_a_bilingual_belgian_service_name_reads_in_the_callers_language() -> None:
    fedpol = Service(code="BE-FEDPOL", name="Federale Politie / Police Fédérale", country=BeneluxCountry.BE, kind=ServiceKind.POLICE)
    kmar = Service(code="NL-KMAR", name="Koninklijke Marechaussee", country=BeneluxCountry.NL, kind=ServiceKind.GENDARMERIE)

    assert [fedpol.name_in(lang) for lang in (Lang.NL, Lang.FR, Lang.DE, Lang.EN)] == [
        "Federale Politie", "Police Fédérale", "Federale Politie / Police Fédérale", "Federale Politie / Police Fédérale",
    ]
    assert {kmar.name_in(lang) for lang in Lang} == {"Koninklijke Marechaussee"}


def test_pydantics_constraint_messages_are_translated_too() -> None:
    class Titled(BaseModel):
        title: Annotated[str, StringConstraints(max_length=5)]

    with pytest.raises(ValidationError) as invalid:
        Titled(title="far too long")
    error = GraphQLError("x", original_error=invalid.value, path=["requestTasking"])

    assert format_error(error, "r")["message"] == "title: String should have at most 5 characters"
    with speaking(Lang.FR):
        assert format_error(error, "r")["message"] == "title : le texte doit comporter au plus 5 caractères"


def test_a_catalogue_without_an_up_to_date_mo_is_compiled_from_its_po(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh clone has no .mo (they are built by `make install`), and a .po just edited is newer
    than its .mo: either way the server reads what the .po says."""
    folder = tmp_path / "nl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(i18n.LOCALE_DIR / "nl" / "LC_MESSAGES" / "lonet.po", folder / "lonet.po")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)

    assert Translations(i18n._compiled(Lang.NL)).gettext("busy") == "druk bezet"  # no .mo at all
    (folder / "lonet.mo").write_bytes(b"stale")  # not even a catalogue: it must not be read
    os.utime(folder / "lonet.mo", (0, 0))
    assert Translations(i18n._compiled(Lang.NL)).gettext("busy") == "druk bezet"


@pytest.mark.parametrize(
    ("environ", "spoken"),
    [
        ({"LANG": "nl_BE.UTF-8"}, Lang.NL),
        ({"LANG": "fr_LU"}, Lang.FR),
        ({"LC_MESSAGES": "de_DE@euro", "LANG": "nl_NL.UTF-8"}, Lang.DE),  # the narrower setting first
        ({"LC_ALL": "C.UTF-8", "LANG": "nl_BE.UTF-8"}, Lang.EN),  # LC_ALL overrides, and C is English
        ({"LANG": "es_ES.UTF-8"}, Lang.EN),
        ({}, Lang.EN),
    ],
)
def test_a_command_speaks_the_language_of_its_users_locale(environ: dict[str, str], spoken: Lang) -> None:
    assert environment_lang(environ) is spoken
