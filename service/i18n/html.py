"""Texts of a server-rendered page: written `{{ English text }}` in its HTML, extracted into the
catalogue by `make catalogue` (pyproject's [tool.babel] mapping names `extract`) and replaced by
`rendered()` with the text in the request's language, escaped for HTML."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import IO, Any

from . import _

MARKED = re.compile(r"\{\{ (.+?) \}\}")


def rendered(page: str) -> str:
    """The page with every marked text in the request's language."""
    return MARKED.sub(lambda found: html.escape(_(found.group(1))), page)


def extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[tuple[int, None, str, list[str]]]:
    """Babel's extraction method for such a page: (line, function, message, comments)."""
    for number, line in enumerate(fileobj.read().decode("utf-8").splitlines(), start=1):
        for found in MARKED.finditer(line):
            yield number, None, found.group(1), []
