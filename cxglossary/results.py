"""Plain result objects: what a command found, before anyone decides how to show it.

Plain classes rather than dataclasses: every `cx` run imports this module, and
building dataclasses costs about half a millisecond each at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .glossary import Entry, Problem, Source
from .index import AmbiguousAcronym, SearchHit

if TYPE_CHECKING:
    from .metrics.logresults import LogReport
    from .metrics.registry import MetricSpec
    from .metrics.result import MetricResult


Labels = dict[str, dict[str, str]]  # category id -> {"fr": ..., "en": ...}


class DefineResult:
    __slots__ = ("categories", "entries", "linked_terms", "query", "sources", "suggestions")

    def __init__(self, query: str, entries: list[Entry], categories: Labels) -> None:
        self.query = query
        self.entries = entries
        self.categories = categories
        self.suggestions: list[str] = []
        # Terms of the entries that `see_also` points to, for people (JSON keeps ids).
        self.linked_terms: dict[str, dict[str, str]] = {}
        # The works the entries cite, for people (JSON keeps ids; `cx sources` resolves them).
        self.sources: dict[str, Source] = {}

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
    __slots__ = ("categories", "entries", "sources")

    def __init__(
        self, entries: list[Entry], sources: dict[str, Source], categories: Labels
    ) -> None:
        self.entries = entries
        self.sources = sources  # the registry, so that scripts can resolve source ids
        self.categories = categories


class SourcesResult:
    __slots__ = ("cited", "sources")

    def __init__(self, sources: dict[str, Source], cited: dict[str, int]) -> None:
        self.sources = sources
        self.cited = cited  # source id -> number of entries citing it


class CategoriesResult:
    __slots__ = ("counts", "labels")

    def __init__(self, counts: dict[str, int], labels: Labels) -> None:
        self.counts = counts
        self.labels = labels


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


class InitResult:
    __slots__ = ("lang", "path")

    def __init__(self, path: str, lang: str) -> None:
        self.path = path  # the starter overlay written
        self.lang = lang  # the language of its comments


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


# A column of a chart: its label and value, and the interval around it (surveys).
ChartPoint = tuple[str, float | None] | tuple[str, float | None, float | None, float | None]


class MetricComputed:
    __slots__ = ("chart", "info", "result", "target", "warnings")

    def __init__(self, info: MetricInfo, result: MetricResult) -> None:
        self.info = info
        self.result = result
        self.warnings: list[str] = []
        # A per-period result for people: (period label, value[, low, high]) under its table.
        self.chart: list[ChartPoint] | None = None
        self.target: float | None = None


class ReportComputed:
    """`cx report FILE`: a contact log's indicators (`log`), or a survey's (`survey`)."""

    __slots__ = ("chart", "log", "survey", "target", "warnings")

    def __init__(self, log: LogReport | None, survey: list[MetricResult] | None) -> None:
        self.log = log
        self.survey = survey
        self.warnings: list[str] = []
        self.chart: list[tuple[str, float | None]] | None = None
        self.target: float | None = None


# --- quiz, scan, export ----------------------------------------------------------


class QuizQuestion:
    """One flashcard: a definition (its own names masked) and, in choice mode, options."""

    __slots__ = ("entry", "number", "options", "prompt")

    def __init__(self, number: int, entry: Entry, prompt: str, options: list[Entry]) -> None:
        self.number = number
        self.entry = entry
        self.prompt = prompt  # the definition in the session's language, names masked
        self.options = options  # choice mode: 2-4 entries, the answer among them; typed: []


class QuizAnswer:
    __slots__ = ("chosen", "correct", "given", "question")

    def __init__(
        self, question: QuizQuestion, given: str, correct: bool, chosen: Entry | None
    ) -> None:
        self.question = question
        self.given = given  # the line as typed
        self.correct = correct
        self.chosen = chosen  # choice mode: the option picked (None when unreadable)


class QuizSession:
    __slots__ = (
        "answers", "categories", "category", "interrupted", "lang", "mode", "questions", "seed",
    )  # fmt: skip

    def __init__(
        self,
        mode: str,
        lang: str,
        seed: int,
        category: str | None,
        questions: list[QuizQuestion],
    ) -> None:
        self.mode = mode
        self.lang = lang
        self.seed = seed
        self.category = category
        self.questions = questions
        self.answers: list[QuizAnswer] = []
        self.interrupted = False  # Ctrl-C during the session
        self.categories: Labels = {}  # labels of the glossary's categories, for headings

    @property
    def correct(self) -> int:
        return sum(1 for a in self.answers if a.correct)

    @property
    def complete(self) -> bool:
        return len(self.answers) == len(self.questions)

    @property
    def missed(self) -> list[Entry]:
        return [a.question.entry for a in self.answers if not a.correct]


class ScanOccurrence:
    __slots__ = ("column", "line", "text")

    def __init__(self, line: int, column: int, text: str) -> None:
        self.line = line  # 1-based
        self.column = column  # 1-based, in characters
        self.text = text  # as written in the text


class ScanFinding:
    """An acronym or a jargon phrase, with every place it occurs and what it may mean."""

    __slots__ = ("key", "kind", "occurrences", "rewrites", "senses")

    def __init__(self, kind: str, key: str, senses: list[Entry]) -> None:
        self.kind = kind  # "acronym" or "jargon"
        self.key = key  # normalised key of what matched
        self.senses = senses  # customer-service senses first
        self.occurrences: list[ScanOccurrence] = []
        self.rewrites: list[str] = []  # spelled-out wording, in the text's language

    @property
    def text(self) -> str:
        return self.occurrences[0].text if self.occurrences else self.key

    @property
    def ambiguous(self) -> bool:
        return len(self.senses) > 1


class ScanResult:
    __slots__ = ("findings", "source", "text_lang")

    def __init__(self, source: str, text_lang: str, findings: list[ScanFinding]) -> None:
        self.source = source
        self.text_lang = text_lang  # language the rewrites are written in
        self.findings = findings  # ambiguous ones first, then in order of appearance

    @property
    def clear(self) -> bool:
        return not self.findings


class ExportResult:
    __slots__ = ("content", "count", "format", "path")

    def __init__(self, format: str, content: str, count: int, path: str | None) -> None:
        self.format = format
        self.content = content
        self.count = count  # entries exported
        self.path = path  # None: standard output
