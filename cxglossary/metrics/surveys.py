"""Survey files by key and period: `cx report` on a survey (NPS or CSAT, the scale read from
the answers) and `cx metric nps|csat|ces|tud --file … --per` (the metric and its scale given).

Rows are read through `tables.py` (CSV or workbook), each answer checked against the scale,
each answer counted in the period of its `time` column (`periods.py`: `--tz`, clock changes)
and in its `--by` key; bad rows are named (file, line or cell, column) or, with
`skip_invalid`, counted. Every grouped result has the rows `grouping.grid` gives: every key,
and every period from the first answer's to the last one's, empty ones included.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO

from cxglossary.errors import InputError
from cxglossary.metrics import tables
from cxglossary.metrics.calculators import distribution_outcome, result, score_range
from cxglossary.metrics.grouping import CellKey, grid
from cxglossary.metrics.logdata import LogRequest
from cxglossary.metrics.parsing import echo, get_spec, score_value, show
from cxglossary.metrics.periods import Clock, french_day, iso, parse_time
from cxglossary.metrics.registry import MetricSpec
from cxglossary.metrics.result import GroupResult, MetricResult, Outcome

NPS_SCALE = (0, 10)
CACHED = 1 << 16  # parsed cells kept at most (a file of distinct timestamps would grow it)


@dataclass
class SurveyData:
    """A survey file read into answer counts ({score: n}) per (key, period start)."""

    source: str
    read_as: dict[str, str]  # header -> what it was read as, in file order
    score_header: str
    by_header: str | None
    clock: Clock
    cells: dict[CellKey, Counter[int]] = field(default_factory=dict)
    skipped: int = 0

    def total(self) -> Counter[int]:
        out: Counter[int] = Counter()
        for counts in self.cells.values():
            out.update(counts)
        return out


def score_cell(raw: tables.Cell, low: int, high: int) -> int:
    """A whole answer within `low`-`high`, from text or a workbook number."""
    if isinstance(raw, bool):
        raise ValueError("is not a whole number")
    if isinstance(raw, int | float):
        if not float(raw).is_integer():
            raise ValueError("is not a whole number")
        score = int(raw)
    else:
        score = score_value(tables.text_cell(raw))
    if not low <= score <= high:
        raise ValueError(f"is outside the {low}-{high} scale")
    return score


def time_cell(raw: tables.Cell) -> dt.datetime:
    """A timestamp from text or a workbook date and time; a date alone (a workbook date,
    `2026-11-02`, `02/11/2026`) is its midnight."""
    if isinstance(raw, dt.datetime):
        return raw
    if isinstance(raw, dt.date):
        return dt.datetime.combine(raw, dt.time())
    text = tables.text_cell(raw)
    try:
        return parse_time(text)
    except ValueError:
        day = french_day(text)
        if day is None:
            raise
        return day


def read_survey(
    request: LogRequest,
    scale: tuple[int, int],
    *,
    column: str | None = None,
    indicator: str = "a survey report",
    stdin: IO[bytes] | None = None,
) -> SurveyData:
    """The answers of a survey file counted per key and period; `column` names the answers'
    header exactly (`--column`), else `--map score=` or the usual names find it."""
    clock = Clock(request.per, request.zone)
    with tables.open_table(
        request.path, sheet=request.sheet, encoding=request.encoding, stdin=stdin
    ) as table:
        if table.headers[0].lstrip().startswith("{"):
            raise InputError(f"{table.source} is JSON Lines: --per reads CSV and Excel files")
        mapping = dict(request.mapping)
        if column is not None:
            mapping["score"] = table.headers[_header_index(table, column, "--column")]
        found = tables.recognise(table, ("score", "time"), mapping)
        score = found.need("score", indicator).index
        time = found.need("time", f"--per {request.per}").index if request.per else None
        by = None if request.by is None else _header_index(table, request.by, "--by")
        data = SurveyData(
            table.source,
            found.read_as(),
            table.headers[score],
            None if by is None else table.headers[by],
            clock,
        )

        def wrong_width(number: int, message: str) -> None:
            _bad(data, table.where(number), message, request)

        cells = _Cells(data, scale, score, time, by)
        for batch in table.rows(wrong_width):
            cells.clear()
            for number, row in batch:
                bad = cells.add(row)
                if bad is not None:
                    _bad(data, table.where(number, bad[0]), bad[1], request)
    if not data.cells:
        raise InputError(f"{data.source}: no answers ({data.skipped} rows skipped)")
    return data


class _Cells:
    """Counts each row's answer in its cell. Each distinct score, key and (without --tz)
    time is parsed once: a survey's answers, teams and dates repeat."""

    def __init__(
        self, data: SurveyData, scale: tuple[int, int], score: int, time: int | None, by: int | None
    ) -> None:
        self.data = data
        self.low, self.high = scale
        self.score, self.time, self.by = score, time, by
        # Under --tz a time may fall in a clock change, which the clock counts at each call.
        self.time_cached = data.clock.zone is None
        # Keyed by the cell and its type: True, 1 and 1.0 are equal in Python, not in a file.
        self.scores: dict[tuple[tables.Cell, type], int | str] = {}
        self.periods: dict[tuple[tables.Cell, type], dt.datetime | str | None] = {}
        self.keys: dict[tuple[tables.Cell, type], str] = {}

    def clear(self) -> None:
        """Forget parsed cells (a file of distinct timestamps would grow `periods` forever)."""
        for cache in (self.scores, self.periods, self.keys):
            if len(cache) > CACHED:
                cache.clear()

    def add(self, row: list[tables.Cell]) -> tuple[int, str] | None:
        """Count the row; (column, message) when a cell is bad."""
        raw = row[self.score]
        answer = self.scores.get((raw, type(raw)))
        if answer is None:
            answer = self.scores[(raw, type(raw))] = self._score(raw)
        if isinstance(answer, str):
            return self.score, answer
        period = None
        if self.time is not None:
            found = self._period(row[self.time])
            if isinstance(found, str):
                return self.time, found
            period = found
        key = None
        if self.by is not None:
            raw = row[self.by]
            key = self.keys.get((raw, type(raw)))
            if key is None:
                key = self.keys[(raw, type(raw))] = tables.text_cell(raw)
        counts = self.data.cells.get((key, period))
        if counts is None:
            counts = self.data.cells[(key, period)] = Counter()
        counts[answer] += 1
        return None

    def _score(self, raw: tables.Cell) -> int | str:
        try:
            return score_cell(raw, self.low, self.high)
        except ValueError as exc:
            return f"{tables.shown_cell(raw)} {exc}"

    def _period(self, raw: tables.Cell) -> dt.datetime | str | None:
        slot = (raw, type(raw))
        if self.time_cached and slot in self.periods:
            return self.periods[slot]
        try:
            period: dt.datetime | str | None = self.data.clock.period_of(time_cell(raw))
        except ValueError as exc:
            period = f"{tables.shown_cell(raw)} {exc}"
        if self.time_cached:
            self.periods[slot] = period
        return period


def _bad(data: SurveyData, where: str, message: str, request: LogRequest) -> None:
    """A bad row: stop, naming its place, or count it with --skip-invalid."""
    if not request.skip_invalid:
        raise InputError(f"{where}: {message}")
    data.skipped += 1


def _header_index(table: tables.Table, name: str, option: str) -> int:
    """The column `--column` or `--by` names: as written, or equal but for case and accents."""
    header = tables.mapped_header(table.headers, name)
    if header not in table.headers:
        raise InputError(
            f"{table.source}: no column '{show(name)}' ({option})",
            hint="columns: " + ", ".join(show(header) for header in table.headers),
        )
    return table.headers.index(header)


def grouped(spec: MetricSpec, values: Mapping[str, object], data: SurveyData) -> list[GroupResult]:
    """One row per key and period (empty periods with value None and n 0)."""
    rows = []
    for key, period, counts in grid(data.cells, data.clock):
        if not counts:
            rows.append(GroupResult(key, None, None, 0, {}, period=iso(period)))
            continue
        outcome = distribution_outcome(spec, values, counts)
        rows.append(
            GroupResult(
                key, outcome.value, outcome.exact, outcome.n, outcome.details, outcome.ci,
                iso(period),
            )
        )  # fmt: skip
    return rows


def period_totals(
    spec: MetricSpec, values: Mapping[str, object], data: SurveyData
) -> list[tuple[dt.datetime, Outcome | None]]:
    """Every period with the result of all its answers (every key), None when it has none:
    what a chart of the periods draws."""
    merged: dict[CellKey, Counter[int]] = {}
    for (_, period), counts in data.cells.items():
        merged.setdefault((None, period), Counter()).update(counts)
    return [
        (period, None if counts is None else distribution_outcome(spec, values, counts))
        for _, period, counts in grid(merged, data.clock)
        if period is not None
    ]


# --- cx metric nps|csat|ces|tud --file … --per ----------------------------------------------


def survey_metric(
    metric_id: str,
    request: LogRequest,
    inputs: Mapping[str, object],
    *,
    column: str | None = None,
    compare: tuple[str, str] | None = None,
    stdin: IO[bytes] | None = None,
) -> tuple[MetricResult, list[tuple[dt.datetime, Outcome | None]]]:
    """`cx metric nps --file survey.csv --per week [--by team] [--compare A B]`: the result,
    and the result of every period over all keys (for a chart)."""
    from cxglossary.metrics.files import prepared

    spec, values = prepared(metric_id, inputs, request.by, compare, per=request.per)
    data = read_survey(
        request,
        score_range(spec, values),
        column=column,
        indicator=f"cx metric {spec.id}",
        stdin=stdin,
    )
    echoed = _inputs(request, data)
    echoed.update({name: echo(value) for name, value in values.items()})
    out = result(spec, distribution_outcome(spec, values, data.total()), echoed)
    out.details["columns"] = data.read_as
    out.details["notes"] = data.clock.notes()
    out.skipped = data.skipped
    out.source = data.source
    out.groups = grouped(spec, values, data)
    if compare is not None:
        from cxglossary.metrics.compare import compare_cells

        out.comparison = compare_cells(spec, values, data.cells, data.clock, compare, request.by)
    return out, period_totals(spec, values, data)


def _inputs(request: LogRequest, data: SurveyData) -> dict[str, object]:
    """What was read and how, for the result's "inputs"."""
    out: dict[str, object] = {"file": data.source}
    if request.sheet is not None:
        out["sheet"] = request.sheet
    out["column"] = data.score_header
    if data.by_header is not None:
        out["by"] = data.by_header
    if request.per is not None:
        out["per"] = request.per
    if request.zone is not None:
        out["tz"] = str(request.zone)
    return out


# --- cx report on a survey file ---------------------------------------------------------------


def survey_report(request: LogRequest) -> list[MetricResult]:
    """NPS and TUD for 0-10 answers, CSAT for answers all between 1 and 5."""
    data = read_survey(request, NPS_SCALE)
    total = data.total()
    csat = min(total) >= 1 and max(total) <= 5
    metrics = ["csat"] if csat else ["nps", "tud"]
    values: dict[str, object] = {"scale": 5}  # the CSAT's scale (NPS and TUD have their own)
    out = []
    for metric in metrics:
        spec = get_spec(metric)
        inputs = _inputs(request, data)
        if csat:
            inputs["scale"] = 5
        res = result(spec, distribution_outcome(spec, values, total), inputs)
        res.details["scale_read_as"] = "1-5: CSAT" if csat else "0-10: NPS"
        res.skipped = data.skipped
        res.source = data.source
        if request.by is not None or request.per is not None:
            res.groups = grouped(spec, values, data)
        out.append(res)
    return out
