"""Plain result objects: what a command found, before anyone decides how to show it.

Plain classes rather than dataclasses: every `cx` run imports this module, and
building dataclasses costs about half a millisecond each at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .glossary import Entry, Problem
from .index import AmbiguousAcronym, SearchHit

if TYPE_CHECKING:
    from .metrics.registry import MetricSpec
    from .metrics.result import MetricResult


class DefineResult:
    __slots__ = ("entries", "linked_terms", "query", "suggestions")

    def __init__(self, query: str, entries: list[Entry]) -> None:
        self.query = query
        self.entries = entries
        self.suggestions: list[str] = []
        # Terms of the entries that `see_also` points to, for people (JSON keeps ids).
        self.linked_terms: dict[str, dict[str, str]] = {}

    @property
    def found(self) -> bool:
        return bool(self.entries)

    @property
    def ambiguous(self) -> bool:
        return len(self.entries) > 1


class SearchResult:
    __slots__ = ("hits", "query")

    def __init__(self, query: str, hits: list[SearchHit]) -> None:
        self.query = query
        self.hits = hits


class AmbiguousResult:
    __slots__ = ("acronyms",)

    def __init__(self, acronyms: list[AmbiguousAcronym]) -> None:
        self.acronyms = acronyms


class ListResult:
    __slots__ = ("entries",)

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries


class CategoriesResult:
    __slots__ = ("counts",)

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts


class FileReport:
    __slots__ = ("entries", "path", "problems")

    def __init__(self, path: str, entries: int, problems: list[Problem]) -> None:
        self.path = path
        self.entries = entries
        self.problems = problems


class ValidateResult:
    __slots__ = ("files",)

    def __init__(self, files: list[FileReport]) -> None:
        self.files = files

    @property
    def valid(self) -> bool:
        return not any(not p.warning for f in self.files for p in f.problems)


class MetricInfo:
    """A calculator with the glossary entry that holds its formula text."""

    __slots__ = ("entry", "spec")

    def __init__(self, spec: MetricSpec, entry: Entry | None) -> None:
        self.spec = spec
        self.entry = entry


class MetricListResult:
    __slots__ = ("metrics",)

    def __init__(self, metrics: list[MetricInfo]) -> None:
        self.metrics = metrics


class MetricComputed:
    __slots__ = ("info", "result")

    def __init__(self, info: MetricInfo, result: MetricResult) -> None:
        self.info = info
        self.result = result
