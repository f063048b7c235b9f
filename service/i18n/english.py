"""`make catalogue`'s last step: English is the language the texts are written in, so an English
entry the update left empty gets its message id (edit en's .po to reword a text without touching
the code). The other three languages are translated by hand; tests/i18n names what is missing."""

from __future__ import annotations

from babel.messages.pofile import read_po, write_po

from . import DOMAIN, LOCALE_DIR

WIDTH = 120  # as `pybabel update --width 120` writes them, so the files do not churn


def fill() -> int:
    path = LOCALE_DIR / "en" / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as source:
        catalog = read_po(source, locale="en", domain=DOMAIN)
    filled = 0
    for message in catalog:
        if message.id and not (message.string if isinstance(message.string, str) else all(message.string)):
            message.string = message.id
            filled += 1
    with path.open("wb") as target:
        write_po(target, catalog, width=WIDTH, sort_output=True)
    return filled


if __name__ == "__main__":
    print(f"en: {fill()} new English entries")
