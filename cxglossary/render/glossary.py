"""People's and scripts' views of the glossary commands: define, search,
ambiguous, list, categories and validate."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from .. import jsontext
from ..glossary import Entry, Source
from ..results import (
    AmbiguousResult,
    CategoriesResult,
    DefineResult,
    InitResult,
    ListResult,
    SearchResult,
    SourcesResult,
    ValidateResult,
)
from ..settings import Settings
from . import (
    category_label,
    console,
    error,
    escape_controls,
    heading,
    labels_for,
    marked,
    origin_line,
    text,
    write_json,
    write_lines,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

# --- define --------------------------------------------------------------------


def define(results: list[DefineResult], settings: Settings) -> None:
    if settings.json:
        _define_json(results, settings.lang)
        _misses_to_stderr(results, settings)
        return
    out = console() if any(r.found for r in results) else None
    for result in results:
        if not result.found:
            continue
        assert out is not None
        if result.ambiguous:
            shown = _shown_acronym(result)
            message = labels_for(settings)["ambiguous"].format(acronym=shown, n=len(result.entries))
            out.print(text(message, "bold yellow"))
        for entry in result.entries:
            out.print(
                entry_panel(entry, settings, result.linked_terms, result.sources, result.categories)
            )
    _misses_to_stderr(results, settings)


def _define_json(results: list[DefineResult], lang: str) -> None:
    """One JSON line per query, as json.dumps would write it. A batch names the same
    entries again and again (acronym, term and aliases of one entry): each entry is
    encoded once and its text reused."""
    encoded: dict[int, str] = {}
    lines = []
    for result in results:
        entries = []
        for entry in result.entries:
            shown = encoded.get(id(entry))
            if shown is None:
                shown = encoded[id(entry)] = jsontext.dumps(entry.localized(lang))
            entries.append(shown)
        found = "true" if entries else "false"
        ambiguous = "true" if len(entries) > 1 else "false"
        suggestions = ", ".join(map(jsontext.encode_str, result.suggestions))
        lines.append(
            f'{{"query": {jsontext.encode_str(result.query)}, "found": {found}, '
            f'"ambiguous": {ambiguous}, "entries": [{", ".join(entries)}], '
            f'"suggestions": [{suggestions}]}}'
        )
    write_lines(lines)


def _shown_acronym(result: DefineResult) -> str:
    from ..normalise import normalize_key

    key = normalize_key(result.query)
    for entry in result.entries:
        for acronym in entry.acronyms:
            if normalize_key(acronym) == key:
                return acronym
    return result.query


def short(query: str, limit: int = 60) -> str:
    return query if len(query) <= limit else query[: limit - 1] + "…"


def _misses_to_stderr(results: list[DefineResult], settings: Settings) -> None:
    for result in results:
        if result.found:
            continue
        message = f"no entry for '{short(result.query)}'"
        if result.suggestions:
            message += "; did you mean: " + ", ".join(result.suggestions) + "?"
        else:
            message += " (try: cx search)"
        error(message)


def entry_panel(
    entry: Entry,
    settings: Settings,
    linked_terms: dict[str, dict[str, str]] | None = None,
    sources: dict[str, Source] | None = None,
    categories: dict[str, dict[str, str]] | None = None,
) -> RenderableType:
    from rich.panel import Panel
    from rich.text import Text

    from ..typography import typeset
    from .prose import NoBreakWrap

    lang = settings.lang
    labels = labels_for(settings)
    title = Text()
    if entry.acronyms:
        title.append(text(" · ".join(entry.acronyms), "bold cyan"))
        title.append(" — ")
    title.append(marked(entry, "term", lang, "bold"))
    body = Text()
    category = category_label(categories or {}, entry.category, lang)
    body.append(text(category, "dim"))
    if entry.outside_customer_service:
        body.append(text(f" ({labels['outside']})", "dim"))
    body.append("\n\n")
    body.append(marked(entry, "definition", lang))
    for key, style in (("context", "magenta"), ("formula", "green"), ("caution", "yellow")):
        if getattr(entry, key) is not None:
            body.append("\n\n")
            body.append(text(typeset(heading(settings, key), lang), style))
            body.append(marked(entry, key, lang))
    if entry.metric:
        body.append("\n")
        metric_line = heading(settings, "metric") + f"cx metric {entry.metric}"
        body.append(text(typeset(metric_line, lang), "dim"))
    if entry.see_also:
        names = [
            (linked_terms or {}).get(target, {}).get(lang, target) for target in entry.see_also
        ]
        body.append("\n\n")
        body.append(text(typeset(heading(settings, "see_also"), lang), "dim"))
        body.append(text(typeset(", ".join(names), lang)))
    if entry.sources:
        body.append("\n")
        sources_line = heading(settings, "sources") + source_labels(entry, sources, lang)
        body.append(text(typeset(sources_line, lang), "dim"))
    body.append("\n")
    body.append(text(origin_line(entry, settings), "dim"))  # a file path: left as it is
    other = "en" if lang == "fr" else "fr"
    subtitle = text(f"{other}: ", "dim")
    subtitle.append(marked(entry, "term", other, "dim"))
    # French text carries no-break spaces: wrap it where French allows a break.
    content = NoBreakWrap(body) if lang == "fr" else body
    return Panel(
        content, title=title, title_align="left", subtitle=subtitle, subtitle_align="right"
    )


def source_labels(entry: Entry, sources: dict[str, Source] | None, lang: str) -> str:
    """ "Zendesk (2022) · Societe.Tech": the names a reader knows; an unknown id as is."""
    registry = sources or {}
    return " · ".join(
        registry[sid].label(lang) if sid in registry else sid for sid in entry.sources
    )


# --- search --------------------------------------------------------------------


def search(result: SearchResult, settings: Settings) -> None:
    lang = settings.lang
    if settings.json:
        write_json(
            {
                "query": result.query,
                "results": [
                    {
                        "id": hit.entry.id,
                        "term": hit.entry.term[lang],
                        "acronyms": list(hit.entry.acronyms),
                        "category": hit.entry.category,
                        "score": hit.score,
                        "matched": hit.matched or hit.entry.definition[lang],
                        "field": hit.field,
                        "fallback": bool(hit.entry.fallback_fields(lang)),
                        "origin": hit.entry.origin_json(),
                    }
                    for hit in result.hits
                ],
            }
        )
        if not result.hits:
            error(labels_for(settings)["no_results"].format(query=short(result.query)))
        return
    if not result.hits:
        error(labels_for(settings)["no_results"].format(query=short(result.query)))
        return
    from rich.table import Table

    labels = labels_for(settings)
    table = Table(show_edge=False, pad_edge=False)
    table.add_column(labels["score"], justify="right", style="dim")
    table.add_column(labels["acronyms"], style="cyan")
    table.add_column(labels["term"], style="bold")
    table.add_column(labels["matched"])
    for hit in result.hits:
        matched = hit.matched if hit.field != "definition" else f"({hit.field})"
        table.add_row(
            text(f"{hit.score:.0f}"),
            text(", ".join(hit.entry.acronyms)),
            marked(hit.entry, "term", lang),
            text(matched),
        )
    console().print(table)


# --- ambiguous -----------------------------------------------------------------


def ambiguous(result: AmbiguousResult, settings: Settings) -> None:
    lang = settings.lang
    labels = labels_for(settings)
    if settings.json:
        write_json(
            {
                "acronyms": [
                    {
                        "acronym": item.acronym,
                        "senses": [
                            {
                                "id": e.id,
                                "term": e.term[lang],
                                "context": e.context[lang] if e.context else None,
                                "outside_customer_service": e.outside_customer_service,
                                "fallback": bool(e.fallback_fields(lang)),
                                "fallback_fields": e.fallback_fields(lang),
                                "origin": e.origin_json(),
                            }
                            for e in item.senses
                        ],
                        "advice": labels["advice"].format(
                            terms=" / ".join(e.term[lang] for e in item.senses)
                        ),
                    }
                    for item in result.acronyms
                ]
            }
        )
        return
    if not result.acronyms:
        error(labels["none_ambiguous"])
        return
    from rich.table import Table

    out = console()
    for item in result.acronyms:
        table = Table(title=text(item.acronym, "bold cyan"), title_justify="left", show_edge=False)
        table.add_column(labels["term"], style="bold", ratio=1)
        table.add_column(labels["context"], ratio=2)
        for entry in item.senses:
            term = marked(entry, "term", lang)
            if entry.outside_customer_service:
                term.append(text(f" ({labels['outside']})", "dim"))
            context = marked(entry, "context", lang) if entry.context else text("—")
            table.add_row(term, context)
        out.print(table)
        advice = labels["advice"].format(terms=" / ".join(e.term[lang] for e in item.senses))
        out.print(text(advice, "yellow"))
        out.print()


# --- list and categories -------------------------------------------------------


def entry_list(result: ListResult, settings: Settings) -> None:
    lang = settings.lang
    if settings.json:
        write_json(
            {
                "entries": [e.localized(lang) for e in result.entries],
                "sources": [s.localized(lang) for s in result.sources.values()],
            }
        )
        return
    from rich.table import Table

    labels = labels_for(settings)
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("id", style="dim")
    table.add_column(labels["acronyms"], style="cyan")
    table.add_column(labels["term"], style="bold")
    table.add_column(labels["category"])
    for entry in result.entries:
        table.add_row(
            text(entry.id),
            text(", ".join(entry.acronyms)),
            marked(entry, "term", lang),
            text(category_label(result.categories, entry.category, lang)),
        )
    console().print(table)


def categories(result: CategoriesResult, settings: Settings) -> None:
    lang = settings.lang
    if settings.json:
        write_json(
            {
                "categories": [
                    {
                        "id": name,
                        "label": category_label(result.labels, name, lang),
                        "count": count,
                    }
                    for name, count in result.counts.items()
                ]
            }
        )
        return
    from rich.table import Table

    labels = labels_for(settings)
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("id", style="cyan")
    table.add_column(labels["category"])
    table.add_column(labels["entries"], justify="right")
    for name, count in result.counts.items():
        label = category_label(result.labels, name, lang)
        table.add_row(text(name), text(label), text(str(count)))
    console().print(table)


def sources(result: SourcesResult, settings: Settings) -> None:
    lang = settings.lang
    unregistered = {sid: n for sid, n in result.cited.items() if sid not in result.sources}
    if settings.json:
        write_json(
            {
                "sources": [
                    {**source.localized(lang), "entries": result.cited.get(sid, 0)}
                    for sid, source in result.sources.items()
                ],
                # Cited by some entry but defined nowhere (`cx validate` reports them).
                "unregistered": [{"id": sid, "entries": n} for sid, n in unregistered.items()],
            }
        )
        return
    from rich.table import Table

    labels = labels_for(settings)
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("id", style="cyan")
    table.add_column(labels["source"])
    table.add_column(labels["entries"], justify="right")
    for sid, source in result.sources.items():
        cell = text(source.citation(lang), "bold")
        if source.note is not None:
            cell.append("\n")
            cell.append(text(source.note[lang], "dim"))
        table.add_row(text(sid), cell, text(str(result.cited.get(sid, 0))))
    for sid, count in unregistered.items():
        table.add_row(text(sid), text(labels["unregistered"], "yellow"), text(str(count)))
    console().print(table)


# --- validate ------------------------------------------------------------------


def validation(result: ValidateResult, settings: Settings) -> None:
    if settings.json:
        write_json(
            {
                "valid": result.valid,
                "files": [
                    {
                        "path": f.path,
                        "entries": f.entries,
                        "problems": [p.to_json() for p in f.problems],
                    }
                    for f in result.files
                ],
            }
        )
        return
    for report in result.files:
        for problem in report.problems:
            error(str(problem))
        if not any(not p.warning for p in report.problems):
            sys.stdout.write(
                labels_for(settings)["valid"].format(
                    path=escape_controls(report.path), n=report.entries
                )
                + "\n"
            )


# --- init ----------------------------------------------------------------------

INIT_NEXT = {
    "fr": "{path} créé : modifiez-le, puis `cx validate {path}` et `cx define TLC -g {path}`.",
    "en": "Wrote {path}: edit it, then `cx validate {path}` and `cx define TLC -g {path}`.",
}


def init(result: InitResult, settings: Settings) -> None:
    if settings.json:
        write_json({"path": result.path, "lang": result.lang})
        return
    sys.stdout.write(escape_controls(INIT_NEXT[settings.lang].format(path=result.path)) + "\n")
