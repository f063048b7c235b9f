"""The message catalogue: every text the code marks (_(), ngettext(), N_()) has a real
translation in each of nl, fr, de and en, with the same placeholders as the English."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from service.i18n import DOMAIN, LOCALE_DIR, SUPPORTED

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\((\w+)\)")


def marked(root: Path) -> dict[str, str]:
    """Every message id marked in the files under `root` that pyproject's [tool.babel] mapping
    names (the one `make catalogue` extracts with), with where it is first used."""
    mappings = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["babel"]["mappings"]
    method_map = [(m["pattern"], m["method"]) for m in mappings]
    tops = {pattern.split("/")[0] for pattern, _method in method_map}  # walk only those folders

    def walked(directory: str) -> bool:
        return Path(directory).relative_to(root).parts[0] in tops

    found: dict[str, str] = {}
    for filename, line, message, _comments, _context in extract_from_dir(root, method_map, directory_filter=walked):
        found.setdefault(message if isinstance(message, str) else message[0], f"{filename}:{line}")
    return found


def catalogue(lang: str) -> Catalog:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as source:
        return read_po(source, locale=lang, domain=DOMAIN)


def problems(ids: dict[str, str], catalogues: dict[str, Catalog]) -> list[str]:
    """What keeps the texts from reading in all four languages, one line each, naming the id."""
    found = []
    for lang, catalog in catalogues.items():
        for msgid in sorted(ids):
            message = catalog.get(msgid)
            strings = [] if message is None else [message.string] if isinstance(message.string, str) else list(message.string)
            if message is None:
                found.append(f"{lang}: no entry for {msgid!r} ({ids[msgid]}; run `make catalogue`, then translate it)")
            elif not all(strings):
                found.append(f"{lang}: {msgid!r} is not translated")
            elif message.fuzzy:
                found.append(f"{lang}: {msgid!r} is marked fuzzy (check the translation, then remove the flag)")
            else:
                english = [message.id] if isinstance(message.id, str) else list(message.id)
                for source, translated in zip(english + english[-1:] * len(strings), strings):
                    if set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(translated)):
                        found.append(f"{lang}: {msgid!r}: the placeholders of {translated!r} differ from the English")
        for message, errors in catalog.check():  # Babel's own: a placeholder's type changed, ...
            found += [f"{lang}: {message.id!r}: {error}" for error in errors]
    return found


def test_every_marked_text_has_all_four_translations() -> None:
    catalogues = {lang.value: catalogue(lang.value) for lang in SUPPORTED}
    assert problems(marked(ROOT), catalogues) == []


def test_a_text_nobody_translated_fails_the_check(tmp_path: Path) -> None:
    (tmp_path / "service").mkdir()
    (tmp_path / "service" / "new.py").write_text(
        'from service.i18n import _\n\ndef refuse(code):\n    return _("no such code %(code)s", code=code)\n'
    )
    catalogues = {lang.value: catalogue(lang.value) for lang in SUPPORTED}

    found = problems(marked(tmp_path), catalogues)

    assert found == [
        f"{lang.value}: no entry for 'no such code %(code)s' (service/new.py:4; run `make catalogue`, then translate it)"
        for lang in SUPPORTED
    ]


def test_a_translation_that_drops_a_placeholder_fails_the_check() -> None:
    broken = Catalog(locale="nl", domain=DOMAIN)
    broken.add("unknown service %(code)r", "onbekende dienst", flags=["python-format"])

    found = problems({"unknown service %(code)r": "service/usecases/search.py"}, {"nl": broken})

    assert len(found) == 1 and "unknown service" in found[0] and "placeholder" in found[0]


def test_no_module_that_translates_uses_underscore_as_a_throwaway_name() -> None:
    """`scheme, _, token = ...` in a function that also calls _() makes _ a local string there:
    the call fails (UnboundLocalError) only when that line runs."""
    clashes = []
    for path in sorted((ROOT / "service").rglob("*.py")):
        text = path.read_text()
        if "_(" not in text:
            continue
        tree = ast.parse(text)
        for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
            calls = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_" for n in ast.walk(function))
            binds = any(isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store) for n in ast.walk(function))
            if calls and binds:
                clashes.append(f"{path.relative_to(ROOT)}:{function.lineno} {function.name}")
    assert clashes == []
