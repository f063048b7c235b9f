"""CSV cells a spreadsheet must not run as formulas (CSV injection, OWASP), reversibly.

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return, optionally after quotes, is
written with one more `'` in front: `=HYPERLINK(...)` goes out as `'=HYPERLINK(...)`, `'=x` as
`''=x`. Reading takes exactly that one quote off again, so an exported file imports to the same
values and exports to the same bytes. Every CSV lonet writes goes through `neutralise`; the
directory import, which reads lonet's own exports, through `restore`.
"""

from __future__ import annotations

import re

_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")


def neutralise(text: str) -> str:
    return "'" + text if _FORMULA.match(text) else text


def restore(text: str) -> str:
    return text[1:] if _NEUTRALISED.match(text) else text
