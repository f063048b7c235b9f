"""Folding names as people type them: accents, case, punctuation and script aside."""

from __future__ import annotations

import pytest

from service.domain.folding import every_word_in, fold, words


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("gerard", "Isabelle Gérard"),
        ("LEFEVRE", "Arnaud Lefèvre"),
        ("bogota", "Bogotá"),
        ("sao paulo", "São Paulo"),
        ("dordevic", "Đorđević"),  # Đ has no accent to strip: transliterated
        ("orsted", "Ørsted"),
        ("jean pierre", "Jean-Pierre"),
        ("petrovic", "Петровић"),  # Serbian Cyrillic
    ],
)
def test_what_people_type_is_found_in_the_name_as_written(typed: str, stored: str) -> None:
    assert fold(typed) in fold(stored)


def test_every_word_must_be_found_but_each_may_be_in_another_text() -> None:
    texts = [fold("Isabelle Gérard"), fold("London Embassy of Belgium, London")]

    assert every_word_in(words("Gérard london"), texts)
    assert not every_word_in(words("gerard bogota"), texts)
    assert words("  !? ") == []
