"""Names as people type them: "gerard" finds Gérard, "bogota" Bogotá, "dordevic" Đorđević.

Accents, case, punctuation and script are folded away on both sides of a comparison, by one
function, in Python: Cypher has no accent folding, and the two engines' `toLower` need not agree
on letters beyond ASCII. anyascii transliterates letters that have no accent to strip (Đ, ø, ß,
Cyrillic), which Unicode decomposition alone leaves as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from anyascii import anyascii

_SEPARATORS = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces ("Jean-Pierre Lefèvre" -> "jean pierre lefevre")."""
    return _SEPARATORS.sub(" ", anyascii(text).casefold()).strip()


def words(query: str) -> list[str]:
    """The folded words of what someone typed (none for punctuation only)."""
    return fold(query).split()


def every_word_in(query_words: Iterable[str], folded_texts: Iterable[str]) -> bool:
    """Whether each word occurs in at least one of the (folded) texts: the words may be found in
    different texts ("gerard bogota": a name and a city)."""
    texts = list(folded_texts)
    return all(any(word in text for text in texts) for word in query_words)
