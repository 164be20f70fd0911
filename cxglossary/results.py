"""Plain result objects: what a command found, before anyone decides how to show it."""

from __future__ import annotations

from dataclasses import dataclass, field

from .glossary import Entry, Problem
from .index import AmbiguousAcronym, SearchHit


@dataclass
class DefineResult:
    query: str
    entries: list[Entry]
    suggestions: list[str] = field(default_factory=list)
    # Terms of the entries that `see_also` points to, for people (JSON keeps ids).
    linked_terms: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def found(self) -> bool:
        return bool(self.entries)

    @property
    def ambiguous(self) -> bool:
        return len(self.entries) > 1


@dataclass
class SearchResult:
    query: str
    hits: list[SearchHit]


@dataclass
class AmbiguousResult:
    acronyms: list[AmbiguousAcronym]


@dataclass
class ListResult:
    entries: list[Entry]


@dataclass
class CategoriesResult:
    counts: dict[str, int]


@dataclass
class FileReport:
    path: str
    entries: int
    problems: list[Problem]


@dataclass
class ValidateResult:
    files: list[FileReport]

    @property
    def valid(self) -> bool:
        return not any(not p.warning for f in self.files for p in f.problems)
