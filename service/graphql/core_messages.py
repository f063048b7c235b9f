"""graphql-core's own messages (a malformed or invalid document, variables that do not fit their
type) in the caller's language.

graphql-core writes them in English only, from a fixed set of sentences. The common ones are
recognised here by their pattern and given again from the catalogue (whose English ids are
graphql-core's own sentences, so English answers stay as graphql-core writes them), with the names
they quote as named placeholders; a sentence not recognised stays as graphql-core wrote it. A message may
continue with another sentence (" Did you mean ...?", "; Expected type ..."): that one is
translated in turn.
"""

from __future__ import annotations

import re
from ..i18n import N_, _

NAME = r"'(?P<{}>[^']+)'"


def _pattern(text: str, **names: str) -> re.Pattern[str]:
    """graphql-core's sentence with its quoted names as groups; `rest` is what may follow it."""
    return re.compile(text.format(**{k: NAME.format(v) for k, v in names.items()}) + r"(?P<rest>.*)", re.DOTALL)


# (graphql-core's sentence, the catalogue's sentence); first match wins, so longer forms first.
SENTENCES: list[tuple[re.Pattern[str], str]] = [
    (_pattern(r"Cannot query field {f} on type {t}\.", f="field", t="type"),
     N_("Cannot query field '%(field)s' on type '%(type)s'.")),
    (_pattern(r"Unknown argument {a} on field {f}\.", a="argument", f="field"),
     N_("Unknown argument '%(argument)s' on field '%(field)s'.")),
    (_pattern(r"Field {f} argument {a} of type {t} is required, but it was not provided\.", f="field", a="argument", t="type"),
     N_("Field '%(field)s' argument '%(argument)s' of type '%(type)s' is required, but it was not provided.")),
    (_pattern(r"Variable '\$(?P<variable>\w+)' of required type {t} was not provided\.", t="type"),
     N_("Variable '$%(variable)s' of required type '%(type)s' was not provided.")),
    (_pattern(r"Variable '\$(?P<variable>\w+)' of non-null type {t} must not be null\.", t="type"),
     N_("Variable '$%(variable)s' of non-null type '%(type)s' must not be null.")),
    (re.compile(r"Variable '\$(?P<variable>\w+)' got invalid value (?P<value>.*?); (?P<reason>.*)", re.DOTALL),
     N_("Variable '$%(variable)s' got invalid value %(value)s; %(reason)s")),
    (_pattern(r"Variable '\$(?P<variable>\w+)' is never used in operation {o}\.", o="operation"),
     N_("Variable '$%(variable)s' is never used in operation '%(operation)s'.")),
    (_pattern(r"Variable '\$(?P<variable>\w+)' is never used\."),
     N_("Variable '$%(variable)s' is never used.")),
    (_pattern(r"Variable '\$(?P<variable>\w+)' is not defined by operation {o}\.", o="operation"),
     N_("Variable '$%(variable)s' is not defined by operation '%(operation)s'.")),
    (_pattern(r"Variable '\$(?P<variable>\w+)' is not defined\."),
     N_("Variable '$%(variable)s' is not defined.")),
    (re.compile(r"Expected value of type '(?P<type>[^']+)', found (?P<value>.*?); (?P<reason>.*)", re.DOTALL),
     N_("Expected value of type '%(type)s', found %(value)s; %(reason)s")),
    (re.compile(r"Expected value of type '(?P<type>[^']+)', found (?P<value>.*)\.(?P<rest>)", re.DOTALL),
     N_("Expected value of type '%(type)s', found %(value)s.")),
    (_pattern(r"Expected type {t}\.", t="type"),
     N_("Expected type '%(type)s'.")),
    (_pattern(r"Field {f} of type {t} must have a selection of subfields\. Did you mean '[^']*'\?", f="field", t="type"),
     N_("Field '%(field)s' of type '%(type)s' must have a selection of subfields. Did you mean '%(field)s { ... }'?")),
    (_pattern(r"Field {f} must not have a selection since type {t} has no subfields\.", f="field", t="type"),
     N_("Field '%(field)s' must not have a selection since type '%(type)s' has no subfields.")),
    (_pattern(r"Field {f} of required type {t} was not provided\.", f="field", t="type"),
     N_("Field '%(field)s' of required type '%(type)s' was not provided.")),
    (_pattern(r"Field {f} is not defined by type {t}\.", f="field", t="type"),
     N_("Field '%(field)s' is not defined by type '%(type)s'.")),
    (_pattern(r"Value '(?P<value>[^']*)' does not exist in {t} enum\.", t="type"),
     N_("Value '%(value)s' does not exist in '%(type)s' enum.")),
    (_pattern(r"Unknown type {t}\.", t="type"),
     N_("Unknown type '%(type)s'.")),
    (_pattern(r"Unknown fragment {f}\.", f="fragment"),
     N_("Unknown fragment '%(fragment)s'.")),
    (_pattern(r"Unknown directive '@(?P<directive>[^']+)'\."),
     N_("Unknown directive '@%(directive)s'.")),
    (re.compile(r"Int cannot represent non-integer value: (?P<value>.*)(?P<rest>)", re.DOTALL),
     N_("Int cannot represent non-integer value: %(value)s")),
    (re.compile(r"Int cannot represent non 32-bit signed integer value: (?P<value>.*)(?P<rest>)", re.DOTALL),
     N_("Int cannot represent non 32-bit signed integer value: %(value)s")),
    (re.compile(r"String cannot represent a non string value: (?P<value>.*)(?P<rest>)", re.DOTALL),
     N_("String cannot represent a non string value: %(value)s")),
    (re.compile(r"Boolean cannot represent a non boolean value: (?P<value>.*)(?P<rest>)", re.DOTALL),
     N_("Boolean cannot represent a non boolean value: %(value)s")),
    (re.compile(r"Syntax Error: (?P<description>.*)(?P<rest>)", re.DOTALL),
     N_("Syntax Error: %(description)s")),
    (re.compile(r"Did you mean (?P<suggestions>.*)\?(?P<rest>)", re.DOTALL),
     N_("Did you mean %(suggestions)s?")),
]


def translated(message: str, sentences: list[tuple[re.Pattern[str], str]] = SENTENCES) -> str:
    """`message` in the request's language where its sentences are known, else as it is."""
    for pattern, text in sentences:
        found = pattern.fullmatch(message)
        if found is None:
            continue
        values = found.groupdict()
        rest = values.pop("rest", None) or ""
        if "reason" in values:
            values["reason"] = translated(values["reason"], sentences)
        sentence = _(text, **values)
        return f"{sentence} {translated(rest.strip(), sentences)}" if rest.strip() else sentence
    return message

