"""The request form's rules without a store: normalised values, match keys, judicial authorisation."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from service.domain.enums import LegalBasis
from service.errors import BadUserInput
from service.usecases.request_form.form import RequestForm, Subject, checked, judicial_refusal

COUNTRIES = {"RS": object(), "BE": object()}
TODAY = date(2026, 11, 24)


def test_the_same_subject_written_differently_has_one_match_key() -> None:
    assert Subject(phone="+381 64 555 0199").match_key == Subject(phone="+381645550199").match_key == "PHONE:+381645550199"
    assert Subject(vehicle={"plate": "bg-123 ab", "country": "rs"}).match_key == "VEHICLE:RS:BG123AB"
    same = [Subject(person={"name": n, "dateOfBirth": "1984-03-02"}).match_key for n in ("Dragan Petrović", "DRAGAN  PETROVIC")]
    assert same[0] == same[1] == "PERSON:dragan petrovic:1984-03-02"


def test_what_deconfliction_does_not_compare_has_no_key() -> None:
    assert Subject(person={"name": "Dragan Petrović"}).match_key is None  # a name alone is too common
    assert Subject(company={"name": "Jadran Nautika d.o.o."}).match_key is None
    assert Subject(address={"street": "Knez Mihailova 12", "city": "Belgrade", "country": "RS"}).match_key is None


@pytest.mark.parametrize(
    ("raw", "place"),
    [
        ({"phone": "+381 64"}, ("phone",)),
        ({"phone": "not a number"}, ("phone",)),
        ({"vehicle": {"plate": "B", "country": "RS"}}, ("vehicle", "plate")),
        ({"vehicle": {"plate": "BG123AB", "country": "SRB"}}, ("vehicle", "country")),
        ({"phone": "+381645550199", "vehicle": {"plate": "BG123AB", "country": "RS"}}, ()),
        ({}, ()),
    ],
)
def test_a_bad_subject_is_refused_at_its_place(raw: dict, place: tuple) -> None:
    with pytest.raises(ValidationError) as refused:
        Subject.model_validate(raw)
    assert refused.value.errors()[0]["loc"] == place


def test_mutual_legal_assistance_needs_the_judicial_authority_and_its_authorisation() -> None:
    mla = LegalBasis.MUTUAL_LEGAL_ASSISTANCE
    assert judicial_refusal(mla, None, None)[0] == "judicialAuthority"
    assert judicial_refusal(mla, "Parquet d'Anvers", None)[0] == "authorisationReference"
    assert judicial_refusal(mla, "Parquet d'Anvers", "AN/26/0412/JI") is None
    for police in (LegalBasis.BENELUX_POLICE_TREATY_2018, LegalBasis.COUNCIL_DECISION_2003_170_JHA, LegalBasis.DIRECTIVE_EU_2023_977):
        assert judicial_refusal(police, None, None) is None
        assert judicial_refusal(police, None, "AN/26/0412/JI")[0] == "judicialAuthority"  # a reference needs its authority


def test_unknown_countries_and_births_after_today_are_refused_naming_the_field() -> None:
    treaty = LegalBasis.BENELUX_POLICE_TREATY_2018
    for subjects, field in [
        ([{"phone": "+381645550199"}, {"person": {"name": "X", "nationality": "QQ"}}], "subjects[1].person.nationality"),
        ([{"person": {"name": "X", "dateOfBirth": "2026-11-25"}}], "subjects[0].person.dateOfBirth"),
        ([{"address": {"street": "S 1", "city": "C", "country": "ZZ"}}], "subjects[0].address.country"),
    ]:
        with pytest.raises(BadUserInput) as refused:
            checked(RequestForm(subjects=subjects), treaty, COUNTRIES, TODAY)
        assert refused.value.details["field"] == field
    checked(RequestForm(subjects=[{"person": {"name": "X", "dateOfBirth": "2026-11-24", "nationality": "rs"}}]), treaty, COUNTRIES, TODAY)
