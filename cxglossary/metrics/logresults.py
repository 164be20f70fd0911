"""Results of a contact log: one indicator (`cx metric ID --file`) or all of them (`cx report`).

Totals at the top level; with `--by` and/or `--per`, one row per key and period (`grouping`),
empty periods included with value None and n 0. Every result names the service-level variant,
the columns read and what was decided on the way (short abandons, time zones, missing parts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from cxglossary.metrics.contacts import (
    LOG_METRICS,
    Rules,
    Tally,
    log_outcome,
    mean_patience,
    needed_columns,
)
from cxglossary.metrics.grouping import grid
from cxglossary.metrics.logdata import LogData, LogRequest
from cxglossary.metrics.parsing import echo
from cxglossary.metrics.periods import PER_SECONDS, iso
from cxglossary.metrics.result import GroupResult, MetricResult, Outcome

UNITS = {"service-level": "%", "asa": "s", "aht": "s", "abandonment": "%", "fcr": "%"}


def inputs_of(request: LogRequest, data: LogData, service_level: bool = True) -> dict[str, object]:
    rules = request.rules
    out: dict[str, object] = {"file": data.source}
    if request.sheet is not None:
        out["sheet"] = request.sheet
    if request.by is not None:
        out["by"] = data.by_header
    if request.per is not None:
        out["per"] = request.per
    if request.zone is not None:
        out["tz"] = str(request.zone)
    if service_level:
        out["threshold"] = echo(rules.threshold)
        out["abandons"] = rules.abandons.value
    if rules.short_abandon is not None:
        out["short_abandon"] = echo(rules.short_abandon)
    return out


def notes(data: LogData, rules: Rules, metrics: Iterable[str]) -> list[str]:
    """What a reader of the result must know about how it was counted."""
    out = []
    if "service-level" in metrics:
        out.append(f"service level: {rules.abandons.label} ({rules.abandons.formula})")
    if rules.short_abandon is not None:
        out.append(
            f"{data.total.short} contact(s) abandoned before {echo(rules.short_abandon)} s "
            "removed from every rate (short abandons)"
        )
    columns = data.columns
    if "aht" in metrics and columns.talk and columns.wrap and not columns.hold:
        out.append("no hold column: AHT counts talk + wrap")
    if data.duplicates:
        out.append(f"{data.duplicates} duplicate contact id(s), each counted as a contact")
    out += data.clock.notes()
    return out


def warnings(data: LogData) -> list[str]:
    if not data.duplicates:
        return []
    return [
        f"{data.source}: {data.duplicates} duplicate contact id(s) in column "
        f"'{_header_of(data, 'id')}'; each row counts as a contact"
    ]


def _header_of(data: LogData, role: str) -> str:
    return next(header for header, name in data.read_as.items() if name == role)


def _interval(data: LogData, period: dt.datetime | None) -> int | None:
    """The length in seconds of the period starting at `period` (a DST day lasts 23 or 25 h)."""
    per = data.clock.per
    if period is None or per is None:
        return None
    if per in PER_SECONDS:
        return PER_SECONDS[per]
    following = data.clock.next_start(period)
    return int((following - period).total_seconds())


def _result(metric: str, outcome: Outcome, inputs: dict[str, object]) -> MetricResult:
    return MetricResult(
        metric=metric,
        value=outcome.value,
        exact=outcome.exact,
        unit=UNITS[metric],
        n=outcome.n,
        inputs=inputs,
        details=outcome.details,
    )


def log_metric(metric: str, request: LogRequest, data: LogData) -> MetricResult:
    """`cx metric METRIC --file LOG`: the total and, with --by/--per, one row per cell."""
    rules = request.rules
    inputs = inputs_of(request, data, metric == "service-level")
    outcome = log_outcome(metric, data.total, rules, data.columns)
    result = _result(metric, outcome, inputs)
    result.details["columns"] = data.read_as
    result.details["reader"] = data.reader
    result.details["notes"] = notes(data, rules, [metric])
    result.details["duplicate_ids"] = data.duplicates
    result.skipped = data.skipped
    result.source = data.source
    if request.by is not None or request.per is not None:
        result.groups = [
            _row(metric, data, rules, key, period, tally)
            for key, period, tally in grid(data.cells, data.clock)
        ]
    return result


def _row(
    metric: str,
    data: LogData,
    rules: Rules,
    key: str | None,
    period: dt.datetime | None,
    tally: Tally | None,
) -> GroupResult:
    if tally is None:
        return GroupResult(key, None, None, 0, {}, period=iso(period))
    outcome = log_outcome(metric, tally, rules, data.columns, _interval(data, period))
    return GroupResult(
        key, outcome.value, outcome.exact, outcome.n, outcome.details, period=iso(period)
    )


# --- cx report ---------------------------------------------------------------------------------


@dataclass
class LogReport:
    """Every indicator the log's columns allow, for the total and each key and period."""

    source: str
    inputs: dict[str, object]
    columns: dict[str, str]
    indicators: list[str]
    missing: dict[str, list[str]]  # indicator -> the columns it would need
    totals: dict[str, object]
    rows: list[dict[str, object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "kind": "log",
            "file": self.source,
            "inputs": self.inputs,
            "columns": self.columns,
            "indicators": self.indicators,
            "unavailable": self.missing,
            "totals": self.totals,
            "groups": self.rows,
            "notes": self.notes,
            "skipped": self.skipped,
        }


def _ratio(numerator: int, denominator: int, places: int) -> float | None:
    """numerator / denominator (counts and sums: never negative) rounded once, halves up, in
    integers only: the same number as `report(Fraction(numerator, denominator), places)`
    (places > 0), without building Fractions (a report has a row per key and period: tens of
    thousands of them)."""
    if denominator == 0:
        return None
    scale: int = 10**places
    return (2 * numerator * scale + denominator) // (2 * denominator) / scale


def _mean(total: Fraction, count: int, places: int = 1) -> float | None:
    return _ratio(total.numerator, total.denominator * count, places)


def _share(part: int, whole: int) -> float | None:
    return _ratio(100 * part, whole, 1)


def _values(data: LogData, rules: Rules, tally: Tally, indicators: list[str],
            interval: int | None) -> dict[str, object]:  # fmt: skip
    """A report row: the counts, each indicator's reported value, the three service-level
    variants, the mean patience and the workload (the same numbers as `log_outcome`)."""
    t = tally
    offered, answered, abandoned = t.offered, t.answered, t.abandoned
    out: dict[str, object] = {
        "contacts": t.offered + t.short,
        "offered": offered,
        "answered": answered,
        "abandoned": abandoned,
        "short_abandons": t.short,
        "mean_patience_seconds": _mean(t.wait_all, abandoned) if data.columns.wait else None,
    }
    handle = t.talk + t.hold + t.wrap
    variants = {
        "against": _share(t.answered_within, offered),
        "ignored": _share(t.answered_within, offered - t.abandoned_within),
        "for": _share(t.answered_within + t.abandoned_within, offered),
    }
    values = {
        "service-level": variants[rules.abandons.value],
        "asa": _mean(t.answered_wait, answered),
        "aht": _mean(handle, answered),
        "abandonment": _share(abandoned, offered),
        "fcr": _share(t.fcr_resolved, t.fcr_flagged),
    }
    for metric in indicators:
        out[metric] = values[metric]
    if "service-level" in indicators:
        out["service_level_variants"] = variants
    if interval is not None and (data.columns.talk or data.columns.wrap):
        out["workload_erlangs"] = _mean(handle, interval, 2)
    return out


def log_report(request: LogRequest, data: LogData) -> LogReport:
    rules = request.rules
    indicators = [m for m in LOG_METRICS if not needed_columns(m, data.columns)]
    missing = {m: needed_columns(m, data.columns) for m in LOG_METRICS if m not in indicators}
    out = LogReport(
        data.source,
        inputs_of(request, data, "service-level" in indicators),
        data.read_as,
        indicators,
        missing,
        _values(data, rules, data.total, indicators, None),
        notes=notes(data, rules, indicators),
        skipped=data.skipped,
    )
    if request.by is not None or request.per is not None:
        shown: dict[dt.datetime | None, str | None] = {}
        empty: dict[int | None, dict[str, object]] = {}  # empty periods share their values
        for key, period, tally in grid(data.cells, data.clock):
            if period not in shown:
                shown[period] = iso(period)
            interval = _interval(data, period)
            if tally is None:  # an empty period: counts 0, indicators null
                if interval not in empty:
                    empty[interval] = _values(data, rules, Tally(), indicators, interval)
                values = empty[interval]
            else:
                values = _values(data, rules, tally, indicators, interval)
            n = 0 if tally is None else tally.offered
            out.rows.append({"key": key, "period": shown[period], "n": n, "values": values})
    return out


def per_period_totals(data: LogData) -> list[tuple[dt.datetime, Tally | None]]:
    """Each period's tally over every key (for the chart under a per-period result)."""
    merged: dict[tuple[str | None, dt.datetime | None], Tally] = {}
    for (_, period), tally in data.cells.items():
        cell = merged.get((None, period))
        if cell is None:
            cell = merged[(None, period)] = Tally()
        cell.merge(tally)
    return [(period, tally) for _, period, tally in grid(merged, data.clock) if period]


__all__ = ["LogReport", "log_metric", "log_report", "mean_patience", "per_period_totals"]
