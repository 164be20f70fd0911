"""What each command does, as functions from settings and arguments to results.

cli.py parses and calls these; the render package shows what they return. Nothing here
prints or exits: errors are raised as CxError subclasses.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from .errors import InputError
from .glossary import OTHER_CATEGORY, Entry, LoadedFile, Problem, overlay_paths
from .index import Glossary, Layer, open_glossary
from .results import (
    AmbiguousResult,
    CategoriesResult,
    DefineResult,
    ExportResult,
    FileReport,
    InitResult,
    ListResult,
    MetricComputed,
    MetricInfo,
    MetricListResult,
    QuizAnswer,
    QuizQuestion,
    QuizSession,
    ReportComputed,
    ScanResult,
    SearchResult,
    SourcesResult,
    ValidateResult,
)
from .settings import Settings

if TYPE_CHECKING:
    from fractions import Fraction

    from .metrics.logdata import LogRequest
    from .metrics.registry import MetricSpec
    from .metrics.result import MetricResult

MAX_QUERY_CHARS = 1000


def glossary_for(settings: Settings) -> Glossary:
    return open_glossary(overlay_paths(settings.glossaries), settings.status)


def read_queries(queries: Iterable[str], stdin_lines: Iterable[str] | None) -> list[str]:
    """Expand '-' into one query per non-blank line of standard input."""
    expanded: list[str] = []
    for query in queries:
        if query == "-":
            if stdin_lines is None:
                raise InputError("'-' reads queries from standard input, but none was given")
            expanded.extend(_stdin_queries(stdin_lines))
        else:
            expanded.append(query)
    if not expanded:
        raise InputError("no query given (standard input was empty)", hint="cx define AHT")
    for query in expanded:
        if not query.strip():
            raise InputError("empty query", hint="cx define AHT")
    return expanded


def _stdin_queries(stream: Iterable[str]) -> list[str]:
    """Non-blank lines of standard input; bytes that are not UTF-8 name their line."""
    raw = getattr(stream, "buffer", None)
    lines: Iterable[str | bytes] = raw if raw is not None else stream
    queries: list[str] = []
    for number, line in enumerate(lines, start=1):
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                raise InputError(
                    f"standard input line {number}: not valid UTF-8", hint="send UTF-8 text"
                ) from None
        if line.strip():
            queries.append(line.strip())
    return queries


def define(glossary: Glossary, queries: list[str], lang: str) -> list[DefineResult]:
    results = []
    found = glossary.lookup_many([query[:MAX_QUERY_CHARS] for query in queries])
    for query, entries in zip(queries, found, strict=True):
        result = DefineResult(query, entries, glossary.categories)
        if not entries:
            result.suggestions = glossary.suggestions(query[:MAX_QUERY_CHARS], lang)
        results.append(result)
    return results


def link_terms(glossary: Glossary, results: list[DefineResult]) -> None:
    """Fill in the names of linked entries and cited sources, for people reading them."""
    registry = glossary.sources() if any(r.found for r in results) else {}
    for result in results:
        result.sources = {
            source_id: registry[source_id]
            for entry in result.entries
            for source_id in entry.sources
            if source_id in registry
        }
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
    check_category(glossary, category)
    return SearchResult(
        query, glossary.search(query[:MAX_QUERY_CHARS], limit=limit, category=category)
    )


def check_category(glossary: Glossary, category: str | None) -> None:
    if category is not None and category not in glossary.categories:
        raise InputError(
            f"--category {category!r} is not a category", hint="cx categories lists them"
        )


def ambiguous(glossary: Glossary, acronym: str | None) -> AmbiguousResult:
    return AmbiguousResult(glossary.ambiguous(acronym))


def list_entries(glossary: Glossary, category: str | None, origin: str | None = None) -> ListResult:
    check_category(glossary, category)
    entries = glossary.entries(category)
    if origin is not None:
        wanted = origin_layer(glossary, origin)
        entries = [e for e in entries if e.origin == str(wanted.path)]
    return ListResult(entries, glossary.sources(), glossary.categories)


BUILTIN_NAMES = ("built-in", "builtin", "intégré", "glossaire intégré")


def origin_layer(glossary: Glossary, origin: str) -> Layer:
    """The loaded glossary file that `--origin` names ("built-in" for ours)."""
    if origin.strip().casefold() in BUILTIN_NAMES:
        return glossary.layers[0]
    wanted = _same_file_key(Path(origin).expanduser())
    for layer in glossary.layers:
        if str(layer.path) == origin or _same_file_key(layer.path) == wanted:
            return layer
    loaded = ", ".join(["built-in", *(str(layer.path) for layer in glossary.layers[1:])])
    raise InputError(
        f"--origin {origin}: not one of the glossaries in use ({loaded})",
        hint=f"add --glossary {origin}",
    )


def _same_file_key(path: Path) -> object:
    try:
        st = path.stat()
        return (st.st_dev, st.st_ino)
    except OSError:
        return os.path.abspath(path)


def sources(glossary: Glossary) -> SourcesResult:
    """The registry of cited works, with how many entries cite each."""
    cited: dict[str, int] = {}
    for entry in glossary.entries():
        for source_id in entry.sources:
            cited[source_id] = cited.get(source_id, 0) + 1
    return SourcesResult(glossary.sources(), cited)


def categories(glossary: Glossary) -> CategoriesResult:
    """Every category with its count; "other" only when an entry landed there."""
    counts = glossary.category_counts()
    return CategoriesResult(
        {
            name: counts.get(name, 0)
            for name in glossary.categories
            if name != OTHER_CATEGORY or counts.get(name)
        },
        glossary.categories,
    )


def validate(paths: list[str]) -> ValidateResult:
    """Check the built-in glossary, or the given files on top of it (in that order).

    Links, shared acronyms, categories and removals are checked across the built-in
    glossary and the files together, as `cx` will use them; every other check is per
    file. Validation is strict: what loading forgives with a warning (an undeclared
    category, a bad category declaration) is an error here.
    """
    from . import layering
    from .glossary import builtin_path, check_acronym_contexts, check_links, check_sources

    builtin = builtin_path()
    targets = [Path(p) for p in paths] or [builtin]
    base = [] if not paths else [_load_for_validation(builtin)]
    loaded = base + [_load_for_validation(p) for p in targets]
    by_path = {f.path: f for f in loaded}
    facts = [
        layering.LayerFacts(
            f.path,
            depth == 0,
            {e.id for e in f.entries}.__contains__,
            f.categories,
            f.removals,
            f.category_uses,
        )
        for depth, f in enumerate(loaded)
    ]
    _categories, cross = layering.merge_categories(facts, strict=True)
    cross += layering.missing_removals(facts)
    gone = layering.removed_ids(facts)
    effective: dict[str, Entry] = {}
    for f in loaded:
        own = {e.id for e in f.entries}
        for entry_id, _line in f.removals:
            if entry_id not in own:
                effective.pop(entry_id, None)
        for entry in f.entries:
            effective[entry.id] = entry
    entries = list(effective.values())
    links = [
        (e.origin, e.id, target, e.line) for e in entries for target in e.see_also if target in gone
    ]
    cross += layering.links_to_removed(links, gone, strict=True)
    cross += check_links(entries, set(effective), warn=False, removed=gone)
    cross += check_acronym_contexts(entries, warn=False)
    cross += _check_metric_ids(entries)
    registry = {sid: source for f in loaded for sid, source in f.sources.items()}
    cross += check_sources(entries, registry, warn=False)
    for problem in cross:
        if problem.file in by_path:
            by_path[problem.file].problems.append(problem)
    shown = loaded[len(base) :]
    return ValidateResult([FileReport(f.path, len(f.entries), f.problems) for f in shown])


def init_overlay(path: str, lang: str, *, force: bool) -> InitResult:
    """Write the commented starter overlay to `path` (never over a file unless `force`)."""
    import shlex

    from .starter import starter

    target = Path(path).expanduser()
    if target.is_dir():
        raise InputError(f"{path}: is a directory", hint="give a file name such as team.yaml")
    if target.exists() and not force:
        raise InputError(f"{path}: already exists; cx init never overwrites a file", hint="--force")
    if target.suffix.lower() == ".json":
        raise InputError(f"{path}: cx init writes YAML", hint="name the file team.yaml")
    content = starter(lang, shlex.quote(path))
    try:
        with target.open("w", encoding="utf-8") as handle:
            handle.write(content)
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None
    return InitResult(path, lang)


def _load_for_validation(path: Path) -> LoadedFile:
    from .glossary import load_file

    try:
        return load_file(path, strict=True)
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


# --- metrics -------------------------------------------------------------------


def metric_info(glossary: Glossary, metric_id: str) -> MetricInfo:
    """The calculator `metric_id` and its glossary entry, or an InputError with a hint."""
    from .metrics.registry import METRICS

    spec = METRICS.get(metric_id.lower())
    if spec is None:
        from difflib import get_close_matches

        close = get_close_matches(metric_id.lower(), list(METRICS), n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "cx metric lists them"
        raise InputError(f"no metric called '{metric_id}'", hint=hint)
    return MetricInfo(spec, _metric_entry(glossary, spec.id, spec.glossary_id))


def _metric_entry(glossary: Glossary, metric_id: str, fallback_id: str) -> Entry | None:
    entry = glossary.get(fallback_id)
    if entry is not None and entry.metric == metric_id:
        return entry
    for candidate in glossary.entries("indicator"):
        if candidate.metric == metric_id:
            return candidate
    return entry


def metric_list(glossary: Glossary) -> MetricListResult:
    from .metrics.registry import METRICS

    by_metric: dict[str, Entry] = {}
    for entry in glossary.entries():
        if entry.metric and entry.metric not in by_metric:
            by_metric[entry.metric] = entry
    return MetricListResult(
        [
            MetricInfo(spec, by_metric.get(spec.id) or glossary.get(spec.glossary_id))
            for spec in METRICS.values()
        ]
    )


def metric_compute(
    info: MetricInfo,
    args: list[str],
    *,
    file: str | None,
    column: str | None,
    by: str | None,
    skip_invalid: bool,
    stdin: TextIO,
    glossary: Glossary | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    maps: list[str] | None = None,
    compare: tuple[str, str] | None = None,
    log: LogOptions | None = None,
    patience_from: str | None = None,
) -> MetricComputed:
    from . import metrics

    inputs = metrics.parse_args(info.spec.id, args)
    if patience_from is not None:
        inputs["patience"] = _log_patience(info, inputs, patience_from, stdin)
    log = log or LogOptions()
    if file is None:
        if column or by or skip_invalid or sheet or encoding or maps:
            raise InputError(
                "--column, --by, --map, --sheet, --encoding and --skip-invalid go with --file"
            )
        log.refuse(inputs, info.spec, "--file (a contact log)")
        if compare is not None:
            result = metrics.compare_counts(info.spec.id, *compare, inputs)
            return MetricComputed(info, result)
        result = metrics.compute(info.spec.id, inputs)
        return MetricComputed(_model_info(info, result, glossary), result)
    if info.spec.id == "aht" and column is not None:
        _refuse_part_as_aht(column)
    if info.spec.id in SURVEYS and (log.per is not None or log.tz is not None):
        return _survey_per_period(info, inputs, file, column, by, skip_invalid, log, compare, stdin)
    if info.spec.reads_log and (column is None or info.spec.id != "aht"):
        return _log_metric(info, inputs, file, column, by, skip_invalid, log, stdin)
    log.refuse(inputs, info.spec, "a contact log")
    if info.spec.id == "erlang":
        if column or by or skip_invalid:
            raise InputError(
                "--column, --by and --skip-invalid do not go with a forecast: every row is "
                "an interval, every bad row an error",
                hint="name the columns with --map time=… calls=… aht=… patience=…",
            )
        from .metrics.forecast import forecast_plan
        from .metrics.tables import parse_maps

        result = forecast_plan(
            file,
            inputs,
            mapping=parse_maps(maps or []),
            sheet=sheet,
            encoding=encoding,
            stdin=getattr(stdin, "buffer", None),
        )
        return MetricComputed(_model_info(info, result, glossary), result)
    if not info.spec.accepts_file:
        raise InputError(f"cx metric {info.spec.id} does not read files", hint="give its counts")
    mapped = _mapped_column(info.spec.id, column, maps or [])
    options: dict[str, Any] = {
        "column": mapped or column,
        "column_mapped": mapped is not None,
        "compare": compare,
        "by": by,
        "skip_invalid": skip_invalid,
        "inputs": inputs,
    }
    if _is_workbook(file, stdin):
        from .metrics.files import compute_table
        from .metrics.tables import open_table

        stdin_bytes = getattr(stdin, "buffer", None)
        with open_table(file, sheet=sheet, encoding=encoding, stdin=stdin_bytes) as table:
            return MetricComputed(info, compute_table(info.spec.id, table, **options))
    if sheet is not None:
        raise InputError(f"--sheet goes with an Excel workbook; {file} is not one")
    if file == "-":
        result = metrics.compute_file(info.spec.id, stdin, source="<stdin>", **options)
        return MetricComputed(info, result)
    with open_data_file(file, encoding) as stream:
        result = metrics.compute_file(info.spec.id, stream, source=file, **options)
    return MetricComputed(info, result)


SURVEYS = ("nps", "csat", "ces", "tud")  # the metrics a survey file gives per period


def _survey_per_period(
    info: MetricInfo,
    inputs: dict[str, object],
    file: str,
    column: str | None,
    by: str | None,
    skip_invalid: bool,
    log: LogOptions,
    compare: tuple[str, str] | None,
    stdin: TextIO,
) -> MetricComputed:
    """`cx metric nps --file survey.csv --per week [--by team] [--compare A B]`."""
    from .metrics.surveys import survey_metric

    if log.per is None:
        raise InputError("--tz goes with --per: it places each answer in its period")
    request = log.request(file, by, skip_invalid, {})
    others = [name for name in request.mapping if name not in ("score", "time")]
    if others:
        raise InputError(
            f"--map {others[0]}: cx metric {info.spec.id} --per reads the score and time columns",
            hint="--map score=HEADER, --map time=HEADER",
        )
    if column is not None and "score" in request.mapping:
        raise InputError("give --column or --map score=HEADER, not both")
    result, periods = survey_metric(
        info.spec.id,
        request,
        inputs,
        column=column,
        compare=compare,
        stdin=getattr(stdin, "buffer", None) if file == "-" else None,
    )
    computed = MetricComputed(info, result)
    per = request.per
    assert per is not None
    computed.chart = [
        (_period_label(start, per), None) if outcome is None
        else (_period_label(start, per), _float(outcome.value), *(outcome.ci or (None, None)))
        for start, outcome in periods
    ]  # fmt: skip
    return computed


class LogOptions:
    """The options of a contact log (`--per`, `--tz`, `--map`, `--sheet`, `--encoding`), as
    typed; the metric's own options (`--threshold`, `--abandons` …) come through parse_args."""

    __slots__ = ("chart", "encoding", "maps", "per", "sheet", "tz")

    def __init__(
        self,
        per: str | None = None,
        tz: str | None = None,
        maps: list[str] | None = None,
        sheet: str | None = None,
        encoding: str | None = None,
        *,
        chart: bool = True,
    ) -> None:
        self.per = per
        self.tz = tz
        self.maps = maps or []
        self.sheet = sheet
        self.encoding = encoding
        # Whether a per-period result gets its chart's points: not for --json, which never
        # draws (on a 10M-row log, merging the periods' tallies for it costs about a second).
        self.chart = chart

    def refuse(self, inputs: dict[str, object], spec: MetricSpec, what: str) -> None:
        """--per and --tz, and a log calculator's own log options, need a contact log."""
        typed = [name for name in ("per", "tz") if getattr(self, name) is not None]
        if spec.reads_log:
            typed += [name for name in LOG_INPUTS if name in inputs]
        if typed:
            raise InputError(f"--{typed[0]} goes with {what}")

    def request(
        self,
        file: str,
        by: str | None,
        skip_invalid: bool,
        inputs: dict[str, object],
        *,
        threshold: object = None,
    ) -> LogRequest:
        from .metrics.abandons import Abandons
        from .metrics.contacts import Rules
        from .metrics.logdata import LogRequest
        from .metrics.periods import parse_per, parse_zone
        from .metrics.tables import parse_maps

        chosen = inputs.get("threshold", threshold)
        abandons = inputs.get("abandons", Abandons.AGAINST)
        short = inputs.get("short-abandon")
        assert isinstance(abandons, Abandons)
        rules = Rules(
            _fraction(20 if chosen is None else chosen),
            abandons,
            None if short is None else _fraction(short),
        )
        return LogRequest(
            file,
            rules,
            by=by,
            per=None if self.per is None else parse_per(self.per),
            zone=None if self.tz is None else parse_zone(self.tz),
            mapping=parse_maps(self.maps),
            sheet=self.sheet,
            encoding=self.encoding,
            skip_invalid=skip_invalid,
        )


def _refuse_part_as_aht(column: str) -> None:
    """`cx metric aht --column talk` would print one part of the handle time as the AHT."""
    from .metrics.tables import ALIASES, header_key

    key = header_key(column)
    for part in ("talk", "hold", "wrap"):
        if key in ALIASES[part] or key.removesuffix("_s") in ALIASES[part]:
            raise InputError(
                f"--column {column}: that is the {part} time, one part of the AHT "
                "(talk + hold + wrap)",
                hint="leave out --column: cx reads the talk, hold and wrap columns of the log",
            )


LOG_INPUTS = ("abandons", "short-abandon", "target")


def _fraction(value: object) -> Fraction:
    from fractions import Fraction

    assert isinstance(value, Fraction | int)
    return Fraction(value)


def _log_metric(
    info: MetricInfo,
    inputs: dict[str, object],
    file: str,
    column: str | None,
    by: str | None,
    skip_invalid: bool,
    log: LogOptions,
    stdin: TextIO,
) -> MetricComputed:
    from .metrics.logresults import log_metric, per_period_totals, warnings
    from .metrics.logs import read_log

    if column is not None:
        raise InputError(
            f"cx metric {info.spec.id} reads the columns of a contact log, not --column",
            hint="name a column with --map NAME=HEADER (wait, outcome, talk …)",
        )
    for name in inputs:
        if name not in ("threshold", *LOG_INPUTS) and info.spec.input(name) is not None:
            raise InputError(f"--{name} does not go with --file (a contact log)")
    request = log.request(file, by, skip_invalid, inputs)
    data = read_log(request, getattr(stdin, "buffer", None), need=[info.spec.id])
    result = log_metric(info.spec.id, request, data)
    computed = MetricComputed(info, result)
    computed.warnings = warnings(data)
    if request.per is not None and log.chart:
        from .metrics.contacts import log_outcome

        computed.chart = [
            (_period_label(period, request.per), None if tally is None else _float(
                log_outcome(info.spec.id, tally, request.rules, data.columns).value))
            for period, tally in per_period_totals(data)
        ]  # fmt: skip
        target = inputs.get("target")
        if info.spec.id == "service-level":
            computed.target = float(_fraction(target)) if target is not None else 80.0
    return computed


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _period_label(period: object, per: str) -> str:
    """A short label for a chart: 08:30 within a day, 2026-11-30 for days and weeks."""
    import datetime as dt

    assert isinstance(period, dt.datetime)
    if per in ("15m", "30m", "1h"):
        return period.strftime("%H:%M")
    if per == "month":
        return period.strftime("%Y-%m")
    return period.strftime("%Y-%m-%d")


def report(
    file: str,
    *,
    by: str | None,
    skip_invalid: bool,
    log: LogOptions,
    threshold: str | None,
    abandons: str | None,
    short_abandon: str | None,
    target: str | None,
    stdin: TextIO,
) -> ReportComputed:
    """`cx report FILE`: every indicator the file's columns allow."""
    from .metrics.parsing import abandons_value, duration_value, percent_value
    from .metrics.tables import open_table, recognise

    def parsed(option: str, text: str | None, parse: Callable[[str], object]) -> object:
        if text is None:
            return None
        try:
            return parse(text)
        except ValueError as exc:
            raise InputError(f"{option}: '{text}' {exc}") from None

    inputs: dict[str, object] = {}
    for name, text, parse in (
        ("threshold", threshold, duration_value),
        ("abandons", abandons, abandons_value),
        ("short-abandon", short_abandon, duration_value),
        ("target", target, percent_value),
    ):
        value = parsed(f"--{name}", text, parse)
        if value is not None:
            inputs[name] = value
    request = log.request(file, by, skip_invalid, inputs)
    stdin_bytes = getattr(stdin, "buffer", None)
    if file != "-":
        with open_table(file, sheet=log.sheet, encoding=log.encoding) as table:
            found = recognise(table, ("score", "outcome", "abandoned"), request.mapping)
            survey = found.get("score") is not None and found.get("outcome") is None
            survey = survey and found.get("abandoned") is None
        if survey:
            from .metrics.surveys import survey_report

            return ReportComputed(None, survey_report(request))
    from .metrics.logresults import log_report, per_period_totals, warnings
    from .metrics.logs import read_log

    data = read_log(request, stdin_bytes)
    chosen = inputs.get("target")
    computed = ReportComputed(log_report(request, data), None)
    computed.warnings = warnings(data)
    if request.per is not None and data.columns.wait and log.chart:
        from .metrics.contacts import log_outcome

        computed.chart = [
            (_period_label(period, request.per), None if tally is None else _float(
                log_outcome("service-level", tally, request.rules, data.columns).value))
            for period, tally in per_period_totals(data)
        ]  # fmt: skip
        computed.target = float(_fraction(chosen)) if chosen is not None else 80.0
    return computed


def _log_patience(info: MetricInfo, inputs: dict[str, object], path: str, stdin: TextIO) -> object:
    """`--patience-from calls.csv`: the mean patience of a contact log (total wait of every
    caller / abandoned calls, as the log calculators report it)."""
    if info.spec.id != "erlang":
        raise InputError("--patience-from goes with cx metric erlang")
    if "patience" in inputs:
        raise InputError("give --patience or --patience-from, not both")
    from .metrics.contacts import mean_patience
    from .metrics.logs import read_log

    data = read_log(
        LogOptions().request(path, None, False, {}),
        getattr(stdin, "buffer", None) if path == "-" else None,
        need=["abandonment"],
    )
    patience = mean_patience(data.total.wait_all, data.total.abandoned)
    if patience is None or patience == 0:
        raise InputError(
            f"{data.source}: no abandoned call with a wait, so no patience to measure",
            hint="give --patience",
        )
    return patience


def _model_info(info: MetricInfo, result: MetricResult, glossary: Glossary | None) -> MetricInfo:
    """Erlang A results are explained by the Erlang A entry (title and formula)."""
    model = result.details.get("model")
    if glossary is None or model != "erlang-a":
        return info
    entry = glossary.get("erlang-a")
    return info if entry is None else MetricInfo(info.spec, entry)


def _mapped_column(metric_id: str, column: str | None, maps: list[str]) -> str | None:
    """The header `--map score=HEADER` gives to the column of answers, if any."""
    if not maps:
        return None
    from .metrics.tables import parse_maps

    mapping = parse_maps(maps)
    wanted = "aht" if metric_id == "aht" else "score"
    others = [name for name in mapping if name != wanted]
    if others:
        raise InputError(
            f"--map {others[0]}: cx metric {metric_id} reads one column ({wanted})",
            hint=f"--map {wanted}=HEADER",
        )
    if column is not None:
        raise InputError(f"give --column or --map {wanted}=HEADER, not both")
    return mapping[wanted]


def _is_workbook(path: str, stdin: TextIO) -> bool:
    """An Excel workbook, told by its first bytes (a zip archive, or an encrypted one)."""
    from .metrics.tables import is_workbook

    if path == "-":
        buffer = getattr(stdin, "buffer", None)
        if buffer is None:
            return False
        if hasattr(buffer, "peek"):
            return is_workbook("", buffer.peek(8)[:8])
        if buffer.seekable():  # a BytesIO
            where = buffer.tell()
            head = buffer.read(8)
            buffer.seek(where)
            return is_workbook("", head)
        return False
    if os.path.isdir(path):
        return False  # open_data_file names the problem
    try:
        with open(path, "rb") as raw:
            return is_workbook(path, raw.read(8))
    except OSError:
        return False  # likewise


def open_data_file(path: str, encoding: str | None = None) -> TextIO:
    """Open a survey export for streaming, with a one-line error for every failure."""
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory, not a data file")
    if encoding is not None:
        from .metrics.tables import check_encoding

        check_encoding(encoding)
    try:
        return open(path, encoding=encoding or "utf-8-sig", newline="")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


# --- quiz, scan, export ----------------------------------------------------------

MAX_SCAN_BYTES = 16 * 1024 * 1024


def quiz_session(
    glossary: Glossary,
    *,
    mode: str,
    category: str | None,
    count: int,
    seed: int | None,
    lang: str,
) -> QuizSession:
    from . import quiz

    check_category(glossary, category)
    session = quiz.make_session(
        glossary.entries(),
        mode=mode,
        count=count,
        lang=lang,
        seed=quiz.new_seed() if seed is None else seed,
        category=category,
    )
    session.categories = glossary.categories
    return session


def quiz_play(
    session: QuizSession,
    stdin: TextIO,
    show: Callable[[QuizQuestion], None],
    tell: Callable[[QuizAnswer], None],
) -> QuizSession:
    """Ask on `show`, read one answer per line of `stdin`, report on `tell`.

    The end of input (a script's answers running out, or Ctrl-D) ends the session with
    the score so far.
    """
    from . import quiz

    def ask(question: QuizQuestion) -> str | None:
        show(question)
        line = stdin.readline()
        if not line:
            return None
        return line.rstrip("\r\n")

    return quiz.play(session, ask, tell)


def scan(glossary: Glossary, source: str, stdin: BinaryIO | None, lang: str) -> ScanResult:
    """Read a text (a path, or '-' for standard input) and find its acronyms and jargon."""
    from .glossary import decode
    from .scan import scan_text

    shown = "<stdin>" if source == "-" else source
    if source == "-":
        if stdin is None:
            raise InputError("'-' reads the text from standard input, but none was given")
        raw = stdin.read(MAX_SCAN_BYTES + 1)
    else:
        raw = _read_scan_file(source)
    if len(raw) > MAX_SCAN_BYTES:
        raise InputError(f"{shown}: larger than {MAX_SCAN_BYTES // (1024 * 1024)} MB")
    text = decode(raw, shown)
    return scan_text(glossary.entries(), text, shown, lang)


def _read_scan_file(path: str) -> bytes:
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory, not a text file")
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_SCAN_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


EXPORT_EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".csv": "csv",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
}


def export_format(fmt: str | None, output: str | None, json_output: bool) -> str:
    """--format as given; else the --output extension (.md .csv .json .html); else
    json with --json, markdown without. --json keeps stdout for JSON only."""
    chosen = fmt
    if chosen is None and output is not None:
        chosen = EXPORT_EXTENSIONS.get(os.path.splitext(output)[1].lower())
    if chosen is None:
        chosen = "json" if json_output else "markdown"
    if json_output and chosen != "json" and output is None:
        raise InputError(
            f"--json keeps standard output for JSON, so --format {chosen} needs --output PATH"
        )
    return chosen


def export(
    glossary: Glossary, fmt: str, category: str | None, lang: str, output: str | None
) -> ExportResult:
    from . import export as exporter

    if fmt not in exporter.FORMATS:
        raise InputError(
            f"--format {fmt!r}: expected one of {', '.join(exporter.FORMATS)}",
            hint="cx export --format html --output glossary.html",
        )
    check_category(glossary, category)
    entries = glossary.entries(category)
    if output is not None and os.path.isdir(output):
        raise InputError(f"--output {output}: is a directory", hint="give a file name")
    content = exporter.build(
        fmt, entries, lang, glossary.sources(), glossary.categories, sorted(glossary.gone)
    )
    return ExportResult(fmt, content, len(entries), output)
