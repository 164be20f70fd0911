"""French typography for display: no-break spaces where French print puts them.

The glossary is written with ordinary spaces (« 90 % », « Exemple : … ») so that it stays
easy to type and to diff; renderers for people (the terminal, Markdown, HTML, Anki) call
`typeset` on French text. Data for programs (`--json`, the CSV and JSON exports) keeps the
text as written. Only an ordinary space already in place is replaced, never inserted, so
URLs ("https://"), times ("10:30") and ratios ("80/20") are left alone, and applying the
function twice changes nothing.

Choices follow the French national printing house's rules as commonly applied on screen:
a no-break space (U+00A0) before the colon and inside guillemets, a narrow no-break space
(U+202F) before ; ! ? and %, before € and between groups of thousands.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"  # espace insécable
NNBSP = "\u202f"  # espace fine insécable
NO_BREAK_SPACES = NBSP + NNBSP

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r" +(?=[;!?])"), NNBSP),
    (re.compile(r" +(?=:)"), NBSP),
    (re.compile(r"(?<=«) +"), NBSP),
    (re.compile(r" +(?=»)"), NBSP),
    (re.compile(r"(?<=\d) +(?=[%€])"), NNBSP),
    # "1 000", "12 000 000": a space between digits that starts a group of exactly three.
    (re.compile(r"(?<=\d) (?=\d{3}(?!\d))"), NNBSP),
)


def typeset(text: str, lang: str) -> str:
    """`text` with French no-break spaces when `lang` is "fr"; other languages unchanged."""
    if lang != "fr":
        return text
    for pattern, space in _RULES:
        text = pattern.sub(space, text)
    return text
