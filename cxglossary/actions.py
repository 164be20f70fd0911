"""What each command does, as functions from settings and arguments to results.

cli.py parses and calls these; render.py shows what they return. Nothing here
prints or exits: errors are raised as CxError subclasses.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .errors import InputError
from .glossary import CATEGORIES, LoadedFile, Problem, overlay_paths
from .index import Glossary, open_glossary
from .results import (
    AmbiguousResult,
    CategoriesResult,
    DefineResult,
    FileReport,
    ListResult,
    SearchResult,
    ValidateResult,
)
from .settings import Settings

MAX_QUERY_CHARS = 1000


def glossary_for(settings: Settings, progress: object = None) -> Glossary:
    return open_glossary(overlay_paths(settings.glossaries), progress)


def read_queries(queries: Iterable[str], stdin_lines: Iterable[str] | None) -> list[str]:
    """Expand '-' into one query per non-blank line of standard input."""
    expanded: list[str] = []
    for query in queries:
        if query == "-":
            if stdin_lines is None:
                raise InputError("'-' reads queries from standard input, but none was given")
            expanded.extend(line.strip() for line in stdin_lines if line.strip())
        else:
            expanded.append(query)
    if not expanded:
        raise InputError("no query given (standard input was empty)", hint="cx define AHT")
    for query in expanded:
        if not query.strip():
            raise InputError("empty query", hint="cx define AHT")
    return expanded


def define(glossary: Glossary, queries: list[str], lang: str) -> list[DefineResult]:
    results = []
    for query in queries:
        entries = glossary.lookup(query[:MAX_QUERY_CHARS])
        result = DefineResult(query, entries)
        if not entries:
            result.suggestions = glossary.suggestions(query[:MAX_QUERY_CHARS], lang)
        results.append(result)
    return results


def link_terms(glossary: Glossary, results: list[DefineResult]) -> None:
    """Fill in the names of linked entries, for people reading `see also`."""
    for result in results:
        for entry in result.entries:
            for target in entry.see_also:
                if target not in result.linked_terms:
                    linked = glossary.get(target)
                    if linked is not None:
                        result.linked_terms[target] = linked.term


def search(glossary: Glossary, query: str, limit: int, category: str | None) -> SearchResult:
    if not query.strip():
        raise InputError("empty search query", hint='cx search "temps d\'attente"')
    if limit < 1:
        raise InputError(f"--limit {limit}: must be at least 1")
    check_category(category)
    return SearchResult(
        query, glossary.search(query[:MAX_QUERY_CHARS], limit=limit, category=category)
    )


def check_category(category: str | None) -> None:
    if category is not None and category not in CATEGORIES:
        raise InputError(
            f"--category {category!r} is not a category", hint="cx categories lists them"
        )


def ambiguous(glossary: Glossary, acronym: str | None) -> AmbiguousResult:
    return AmbiguousResult(glossary.ambiguous(acronym))


def list_entries(glossary: Glossary, category: str | None) -> ListResult:
    check_category(category)
    return ListResult(glossary.entries(category))


def categories(glossary: Glossary) -> CategoriesResult:
    counts = glossary.category_counts()
    return CategoriesResult({name: counts.get(name, 0) for name in CATEGORIES})


def validate(paths: list[str]) -> ValidateResult:
    """Check the built-in glossary, or the given files on top of it.

    Links and shared acronyms are checked across the built-in glossary and the
    files together, as `cx` will use them; every other check is per file.
    """
    from .glossary import builtin_path, check_acronym_contexts, check_links

    builtin = builtin_path()
    targets = [Path(p) for p in paths] or [builtin]
    base = [] if not paths else [_load_for_validation(builtin)]
    loaded = base + [_load_for_validation(p) for p in targets]
    by_path = {f.path: f for f in loaded}
    effective: dict[str, object] = {}
    for f in loaded:
        for entry in f.entries:
            effective[entry.id] = entry
    entries = [e for f in loaded for e in f.entries if effective.get(e.id) is e]
    cross = check_links(entries, set(effective), warn=False) + check_acronym_contexts(
        entries, warn=False
    )
    cross += _check_metric_ids(entries)
    for problem in cross:
        if problem.file in by_path:
            by_path[problem.file].problems.append(problem)
    shown = loaded[len(base) :]
    return ValidateResult([FileReport(f.path, len(f.entries), f.problems) for f in shown])


def _load_for_validation(path: Path) -> LoadedFile:
    from .glossary import load_file

    try:
        return load_file(path)
    except InputError as exc:
        return LoadedFile(str(path), problems=[_problem_from_error(str(path), exc)])


def _problem_from_error(path: str, exc: InputError) -> Problem:
    # The message already starts with "path[:line[:col]]: "; keep it as is.
    message = str(exc)
    if message.startswith(path):
        message = message[len(path) :].lstrip(":")
        location, _, rest = message.partition(": ")
        parts = location.split(":")
        if rest and all(p.isdigit() for p in parts):
            line = int(parts[0])
            column = int(parts[1]) if len(parts) > 1 else None
            return Problem(path, rest, line=line, column=column)
        return Problem(path, message.lstrip(": "))
    return Problem(path, message)


def _check_metric_ids(entries: Iterable[object]) -> list[Problem]:
    try:
        from .metrics.registry import METRICS
    except ImportError:  # calculators not installed in this build
        return []
    problems = []
    for entry in entries:
        metric = getattr(entry, "metric", None)
        if metric is not None and metric not in METRICS:
            problems.append(
                Problem(
                    getattr(entry, "origin", ""),
                    f"no calculator named '{metric}' (cx metric lists them)",
                    entry_id=getattr(entry, "id", None),
                    field="metric",
                )
            )
    return problems
