"""No user-visible English slips past the catalogue: a message given to one of the errors a caller
sees (service/errors.py), a note or reason handed back (a keyword, a dict entry, a list of them,
what a `*_problem`/`*_refusal`/`*_note` function returns, a bulk import's problem), a ValueError a
rule raises for pydantic to show, must be a catalogue text (`_()`, `ngettext()`), never a bare
literal, an f-string or a `"...".format()` of one; a noun phrase for "%(what)s needs a
justification" must be marked `N_()`. Nor may a module keep its own translations: a dict keyed by
two or more of the languages ("nl", "fr", ... or Lang.NL, ...) whose values hold text is a second
catalogue (one whose values are data, a bilingual name's halves, is not).

The scan reads the code (ast), so it knows a literal from a variable: a variable is trusted (it
was translated where it was made), a module-level constant is followed to its literal.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from service import errors

ROOT = Path(__file__).resolve().parents[2]
ERRORS = {name for name, value in vars(errors).items() if isinstance(value, type) and issubclass(value, errors.LonetError)}
ERRORS |= {"_Refused"}  # the import upload's refusals (service/api/admin_import.py), answered as typed errors
TRANSLATING = {"_", "ngettext"}
# Keyword arguments and dict keys whose value a caller reads as a sentence.
TEXT_KEYS = {"message", "note", "notes", "reason", "reasons", "why", "warning", "problem"}
TEXT_LISTS = {"notes", "reasons", "warnings", "problems"}
# A function named so (dates_problem, convenor_refusal, _deputy_note ...) returns a sentence.
TEXT_FUNCTIONS = re.compile(r"(^|_)(problem|refusal|reason|note)s?$")
# What these take a noun phrase for ("%(what)s needs a justification"): it must be marked, N_("...").
PHRASE_ARGUMENT = {"justified": 0, "justified_unless_own": 1, "require_justification": 1, "required_text": 2}
# A reason given by position: a bulk import's Problem(file, line, column, reason), a row's
# problem(location, reason), a checker's fail(file, position, key, field, reason).
TEXT_ARGUMENT = {"Problem": 3, "problem": 1, "fail": 4}

# The keys of a table of translations kept beside the catalogue (SUBJECTS = {"en": {...}, "nl": {...}}).
LANGUAGE_KEYS = {"nl", "fr", "de", "en"}

# Statements' example parameters and GraphiQL's sample variables are data someone wrote, not texts.
DATA = ("service/store/queries/", "service/api/graphiql.py")
# A ValueError raised by a rule or a validator reaches the caller as pydantic's message there.
RULES = ("service/domain/", "service/usecases/", "seed/")
# Where an English literal is the intended answer, with the reason (file, the literal's start).
ALLOWED: dict[tuple[str, str], str] = {
    ("service/usecases/pages.py", "not a cursor of ours"): "caught at once and answered as the catalogue's cursor refusal",
    ("service/domain/lifecycle.py", "REQUESTED opens a tasking; it is not a t"): "a programming error (no caller can ask for it)",
    ("service/domain/lifecycle.py", "cannot resume to "): "a programming error: the resumed state comes from the store",
    # seed's Problem(file, record, key, field, reason) names a field where the import's names its reason
    ("seed/loader.py", "(file)"): "the field of a problem with the whole file, an identifier",
    ("seed/loader.py", "(directory)"): "the field of a problem with the directory, an identifier",
}


def _words(text: str) -> bool:
    """A literal a reader would read: it has a word in it (not only punctuation or a separator)."""
    return any(c.isalpha() for c in text)


def _language_key(key: ast.expr | None) -> str | None:
    """"nl" or Lang.NL as a dict key: the language it names (lower case), else None."""
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        return key.value
    if isinstance(key, ast.Attribute) and isinstance(key.value, ast.Name) and key.value.id == "Lang":
        return key.attr.lower()
    return None


class Scan(ast.NodeVisitor):
    def __init__(self, path: str, tree: ast.Module) -> None:
        self.path = path
        self.found: list[tuple[int, str]] = []
        self.constants: dict[str, ast.expr] = {}
        for node in tree.body:  # module-level NAME = "..." / NAME = {...}: followed where used
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                self.constants[node.targets[0].id] = node.value
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                self.constants[node.target.id] = node.value

    def literals(self, node: ast.expr | None, seen: frozenset[str] = frozenset()) -> Iterator[str]:
        """The English literals `node` would show untranslated."""
        if node is None:
            return
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _words(node.value):
            yield node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            if _words(text):
                yield text
            for value in node.values:  # f"{'...' if x else '...'}"
                if isinstance(value, ast.FormattedValue):
                    yield from self.literals(value.value, seen)
        elif isinstance(node, ast.BinOp):
            yield from self.literals(node.left, seen)
            yield from self.literals(node.right, seen)
        elif isinstance(node, ast.IfExp):
            yield from self.literals(node.body, seen)
            yield from self.literals(node.orelse, seen)
        elif isinstance(node, ast.BoolOp):
            for value in node.values:
                yield from self.literals(value, seen)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in {"format", "join"}:
            yield from self.literals(node.func.value, seen)  # "...".format(...), TEXTS["x"].format(...)
        elif isinstance(node, ast.Name) and node.id in self.constants and node.id not in seen:
            yield from self.literals(self.constants[node.id], seen | {node.id})
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in self.constants:
            table = self.constants[node.value.id]
            if isinstance(table, ast.Dict) and node.value.id not in seen:
                key = node.slice.value if isinstance(node.slice, ast.Constant) else None
                for name, value in zip(table.keys, table.values):  # TEXTS["stale"]: that entry; TEXTS[kind]: all
                    if key is None or (isinstance(name, ast.Constant) and name.value == key):
                        yield from self.literals(value, seen | {node.value.id})

    def report(self, node: ast.AST, value: ast.expr | None) -> None:
        for text in self.literals(value):
            if (self.path, text[:40]) not in ALLOWED:
                self.found.append((node.lineno, text[:60]))

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name in TRANSLATING:
            return  # the catalogue's: literals inside are the message ids
        if name in PHRASE_ARGUMENT and len(node.args) > PHRASE_ARGUMENT[name]:
            phrase = node.args[PHRASE_ARGUMENT[name]]
            if not (isinstance(phrase, ast.Call) and isinstance(phrase.func, ast.Name) and phrase.func.id == "N_"):
                self.report(node, phrase)
        if name == "ValueError" and self.path.startswith(RULES):
            self.report(node, node.args[0] if node.args else None)
        if name in ERRORS:
            self.report(node, node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "message"), None))
        elif name == "append" and isinstance(func, ast.Attribute):
            target = func.value
            attr = target.id if isinstance(target, ast.Name) else target.attr if isinstance(target, ast.Attribute) else None
            if attr in TEXT_LISTS and node.args:
                self.report(node, node.args[0])
        if name in TEXT_ARGUMENT and len(node.args) > TEXT_ARGUMENT[name]:
            self.report(node, node.args[TEXT_ARGUMENT[name]])
        for keyword in node.keywords:
            if keyword.arg in TEXT_KEYS:
                self.report(node, keyword.value)
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if TEXT_FUNCTIONS.search(node.name):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return):
                    self.report(inner, inner.value)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Dict(self, node: ast.Dict) -> None:
        languages = {_language_key(key) for key in node.keys} & LANGUAGE_KEYS
        holds_text = any(isinstance(n, ast.Constant) and isinstance(n.value, str) and _words(n.value)
                         for value in node.values for n in ast.walk(value))
        if len(languages) >= 2 and holds_text:
            self.found.append((node.lineno, f"a table per language ({', '.join(sorted(languages))}): use the catalogue"))
        for key, value in zip(node.keys, node.values):
            if isinstance(key, ast.Constant) and key.value in TEXT_KEYS:
                self.report(value, value)
        self.generic_visit(node)


def untranslated(root: Path) -> list[str]:
    found = []
    # seed/: the directory's record rules and checks, which `lonet seed` and the bulk import report.
    for path in [*sorted((root / "service").rglob("*.py")), *sorted((root / "seed").glob("*.py"))]:
        relative = path.relative_to(root).as_posix()
        if relative.startswith(DATA):
            continue
        tree = ast.parse(path.read_text(), relative)
        scan = Scan(relative, tree)
        scan.visit(tree)
        found += [f"{relative}:{line}: {text!r}" for line, text in scan.found]
    return found


def test_no_error_note_or_reason_is_an_english_literal() -> None:
    assert untranslated(ROOT) == []


def test_the_scan_sees_literals_fstrings_and_formatted_constants_but_not_catalogue_texts(tmp_path: Path) -> None:
    (tmp_path / "service").mkdir()
    (tmp_path / "service" / "new.py").write_text(
        "from .errors import BadUserInput, NotFound\n"
        "from .i18n import _\n"
        'GONE = "no tasking {id}"\n'
        "def refuse(code, notes):\n"
        '    notes.append(f"covers {code} from afar")\n'
        '    if code: raise NotFound(GONE.format(id=code), field="id")\n'
        '    raise BadUserInput(_("unknown code %(code)s", code=code), field="code")\n'
        "def refuse_plainly():\n"
        '    raise BadUserInput("no code given")\n'
        "def dates_problem(a, b):\n"
        '    return f"{b} is before {a}" if b < a else None\n'
        "def amend(caller):\n"
        '    caller.justified("amending a tasking")\n'
        'DUE = {"en": "Deadline of {reference}", "nl": "Termijn van {reference}"}\n'
        'LABEL = {Lang.FR: {"ON_LEAVE": "En congé"}, Lang.DE: {"ON_LEAVE": "Im Urlaub"}}\n'
        "def name_in(lang):\n"
        "    return {Lang.NL: dutch, Lang.FR: french}.get(lang)\n"
    )
    (tmp_path / "service" / "domain").mkdir()
    (tmp_path / "service" / "domain" / "rule.py").write_text(
        "def check(day, file):\n"
        '    problems = [Problem(file, 1, "(file)", "not valid CSV")]\n'
        '    raise ValueError(f"{day} lies in the past")\n'
    )

    assert untranslated(tmp_path) == [
        "service/domain/rule.py:2: 'not valid CSV'",
        "service/domain/rule.py:3: ' lies in the past'",
        "service/new.py:5: 'covers  from afar'",
        "service/new.py:6: 'no tasking {id}'",
        "service/new.py:9: 'no code given'",
        "service/new.py:11: ' is before '",
        "service/new.py:13: 'amending a tasking'",
        "service/new.py:14: 'a table per language (en, nl): use the catalogue'",
        "service/new.py:15: 'a table per language (de, fr): use the catalogue'",
    ]
