"""The only place that writes: JSON for scripts, Rich for people, one-line errors.

JSON goes through jsontext.dumps (json.dumps's text) and sys.stdout, never a Rich
console (Rich wraps lines and interprets markup). Glossary text always goes into rich.text.Text so
that "[bold]" or "[/]" in a definition is shown literally, never interpreted.
Rich is imported only on the human path.

This package holds the shared plumbing; each family of commands has its module
(glossary, metrics, onboarding), imported only by the commands that use it.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from .. import jsontext
from ..glossary import Entry, Problem
from ..settings import Settings

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from ..compiled import Status

LABELS = {
    "fr": {
        "ambiguous": "⚠ « {acronym} » est ambigu : {n} sens. Précisez lequel vous voulez dire.",
        "context": "Contexte",
        "formula": "Formule",
        "caution": "Attention",
        "see_also": "Voir aussi",
        "sources": "Sources",
        "source": "Source",
        "unregistered": "absente du registre (cx validate)",
        "metric": "Calcul",
        "outside": "hors relation client",
        "no_results": "Aucun résultat pour « {query} ».",
        "score": "Score",
        "term": "Terme",
        "acronyms": "Acronymes",
        "category": "Catégorie",
        "matched": "Correspondance",
        "entries": "Entrées",
        "advice": "Écrivez le terme en toutes lettres : {terms}.",
        "valid": "{path} : {n} entrées, valide",
        "none_ambiguous": "Aucun acronyme ambigu.",
        "inputs": "Données",
        "skipped": "{n} ligne(s) invalide(s) ignorée(s)",
        "group": "Groupe",
        "period": "Période",
        "value": "Valeur",
        "unit": "Unité",
        "reading": "Lecture",
        "options": "Options",
        "origin": "Origine",
        "builtin": "glossaire intégré",
        "line": "ligne",
    },
    "en": {
        "ambiguous": "⚠ “{acronym}” is ambiguous: {n} senses. Say which one you mean.",
        "context": "Context",
        "formula": "Formula",
        "caution": "Caution",
        "see_also": "See also",
        "sources": "Sources",
        "source": "Source",
        "unregistered": "not in the registry (cx validate)",
        "metric": "Calculator",
        "outside": "outside customer service",
        "no_results": "No results for “{query}”.",
        "score": "Score",
        "term": "Term",
        "acronyms": "Acronyms",
        "category": "Category",
        "matched": "Matched",
        "entries": "Entries",
        "advice": "Spell the term out: {terms}.",
        "valid": "{path}: {n} entries, valid",
        "none_ambiguous": "No ambiguous acronym.",
        "inputs": "Inputs",
        "skipped": "{n} invalid row(s) skipped",
        "group": "Group",
        "period": "Period",
        "value": "Value",
        "unit": "Unit",
        "reading": "Reading",
        "options": "Options",
        "origin": "Origin",
        "builtin": "built-in",
        "line": "line",
    },
}


# --- plumbing ------------------------------------------------------------------


def write_json(data: Any) -> None:
    write_json_lines([data])


def write_json_lines(items: list[Any]) -> None:
    """One JSON document per line, written at once (a batch of 1,000 definitions is
    one write, not 1,000)."""
    write_lines([jsontext.dumps(data) for data in items])


def write_lines(lines: list[str]) -> None:
    """JSON lines (as json.dumps wrote them, non-ASCII kept) to stdout in one write."""
    text = "\n".join(lines) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # Bytes that were not UTF-8 (in a file name, an argument) arrive as lone
        # surrogates; ASCII escapes keep the output valid UTF-8 and valid JSON.
        text = "\n".join(_ascii_json(line) for line in lines) + "\n"
    sys.stdout.write(text)


def _ascii_json(line: str) -> str:
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        import json

        return json.dumps(json.loads(line))
    return line


def error(message: str) -> None:
    """One line on stderr, prefixed so it is clear which tool speaks."""
    line = " ".join(escape_controls(message).split())
    sys.stderr.write(f"cx: {line}\n")


def warning(problem: Problem | str) -> None:
    text = str(problem)
    if not text.startswith("warning: "):
        text = "warning: " + text
    error(text)


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def escape_controls(text: str) -> str:
    """Show control characters (ANSI escapes, bells…) as escapes instead of obeying them.

    Category Cc is escaped, lone surrogates (bytes that were not UTF-8) and the
    bidi overrides that can disguise text;
    accents, emoji (with their joiners), no-break spaces and right-to-left
    scripts pass through unchanged.
    """
    if text.isprintable():
        return text
    import unicodedata

    out = []
    for char in text:
        category = unicodedata.category(char)
        if char in _BIDI_CONTROLS or category == "Cs" or (category == "Cc" and char not in "\n\t"):
            out.append(char.encode("unicode_escape").decode("ascii"))
        else:
            out.append(char)
    return "".join(out)


def console() -> Console:
    from rich.console import Console

    return Console(highlight=False, emoji=False, markup=False)


def text(value: str, style: str = "") -> Text:
    from rich.text import Text

    return Text(escape_controls(value), style=style)


def marked(entry: Entry, field: str, lang: str, style: str = "") -> Text:
    """A text field in `lang`, followed by « (en français) » when the entry gives it
    only in the other language."""
    from ..typography import typeset

    value: dict[str, str] = getattr(entry, field)
    note = entry.fallback_note(field, lang)
    # French typography only on text written in French: a fallback is in the other language.
    written_in = lang if note is None else ("en" if lang == "fr" else "fr")
    shown = text(typeset(value[lang], written_in), style)
    if note is not None:
        shown.append(text(" " + note, "dim italic"))
    return shown


def plain_marked(entry: Entry, field: str, lang: str) -> str:
    """`marked` as plain text, for places that are not Rich (JSON strings, prompts)."""
    value: dict[str, str] = getattr(entry, field)
    note = entry.fallback_note(field, lang)
    return value[lang] if note is None else f"{value[lang]} {note}"


def category_label(labels: dict[str, dict[str, str]], category: str, lang: str) -> str:
    return labels.get(category, {}).get(lang, category)


def origin_line(entry: Entry, settings: Settings) -> str:
    """Where an entry comes from: "Origine : glossaire intégré", "Origin: team.yaml, line 4"."""
    labels = labels_for(settings)
    if entry.builtin:
        where = labels["builtin"]
    else:
        where = entry.origin
        if entry.line is not None:
            where += f", {labels['line']} {entry.line}"
    return heading(settings, "origin") + where


def labels_for(settings: Settings) -> dict[str, str]:
    return LABELS[settings.lang]


def heading(settings: Settings, key: str) -> str:
    """'Formule : ' in French (space before the colon), 'Formula: ' in English."""
    colon = " : " if settings.lang == "fr" else ": "
    return labels_for(settings)[key] + colon


def number(value: object, lang: str, signed: bool = False) -> str:
    """12.5 -> '12,5' in French; integers stay integers; None -> '—'."""
    if value is None:
        return "—"
    if not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        shown = str(int(value))  # 50.0 % reads better as 50 %
    else:
        shown = str(value)
    if signed and isinstance(value, int | float) and value > 0:
        shown = "+" + shown
    return shown.replace(".", ",") if lang == "fr" else shown


# --- progress while indexing ---------------------------------------------------


def build_status() -> Status | None:
    """A progress bar on stderr while a glossary is indexed, only for a person
    watching a terminal, and only once it has taken more than a second."""
    if not sys.stderr.isatty():
        return None
    return _DelayedStatus


# What each phase of a build counts: the parse reads characters, the rest entries.
PHASES = {
    "reading": ("reading", "MB"),
    "checking": ("checking", "entries"),
    "indexing": ("indexing", "entries"),
}


class _DelayedStatus:
    """A Rich progress bar shown after DELAY seconds: the phase (reading the file,
    checking its entries, indexing them), how much is done of how much, and the time
    left. Rich is imported only then, so a fast build (the usual case) costs nothing.
    """

    DELAY = 1.0

    def __init__(self, label: str) -> None:
        import threading

        self.label = escape_controls(label)
        self.lock = threading.Lock()
        self.done = False
        self.bar: Any = None
        self.task: Any = None
        self.phase = ""
        self.state = ("", 0, 0)  # the last report: phase, done, total
        self.timer = threading.Timer(self.DELAY, self._show)
        self.timer.daemon = True

    def progress(self, phase: str, done: int, total: int) -> None:
        """Called by the build (glossary.Progress); cheap until the bar is shown."""
        with self.lock:
            self.state = (phase, done, total)
            if self.bar is not None:
                self._update()

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        with self.lock:
            if self.done:
                return
            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.fields[count]}"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.task = self.bar.add_task(self.label, total=None, count="")
            self._update()
            self.bar.start()

    def _update(self) -> None:
        phase, done, total = self.state
        if phase not in PHASES:
            return
        word, unit = PHASES[phase]
        if unit == "MB":
            count = f"{done / 1e6:.1f}/{total / 1e6:.1f} MB"
        else:
            count = f"{done:,}/{total:,} {unit}".replace(",", "\u202f")
        if phase != self.phase:  # a new phase: its own speed, so its own time left
            self.phase = phase
            self.bar.reset(self.task, total=total, completed=done)
        self.bar.update(
            self.task, completed=done, total=total, description=f"{self.label} ({word})",
            count=count,
        )  # fmt: skip

    def __enter__(self) -> _DelayedStatus:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()
        with self.lock:
            self.done = True
            if self.bar is not None:
                self.bar.stop()
