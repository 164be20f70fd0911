"""A staffing plan: one Erlang C or Erlang A answer per interval of a forecast, and its totals.

Every interval is staffed on its own (the fewest agents meeting the target and limits); the
search starts from the previous interval's answer, scaled by the square root of the traffic,
so a day of similar intervals costs a few evaluations each.

Totals a planner uses, all exact sums of the rows: the peak (agents and positions), agent-hours
and paid position-hours (agents and positions times the interval length), the same hours from
the fractional need (no rounding up of each interval), the calls, and the intervals that miss
their target under `--max-agents`. A plan over several days also has the totals of each day.
An interval without calls needs no agent: it counts 0 and is reported with no service level.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from cxglossary.errors import InputError
from cxglossary.metrics.parsing import echo
from cxglossary.metrics.result import GroupResult, MetricResult, report
from cxglossary.metrics.staffing import (
    Load,
    Need,
    Staffing,
    fewest_agents,
    fractional_positions,
    guess,
    positions,
)

HOUR = 3600


@dataclass(frozen=True)
class Interval:
    """One row of a forecast, checked: its label, day, calls, AHT and patience (seconds)."""

    period: str  # "2026-03-02 08:00" or "08:00"
    day: str | None  # "2026-03-02", or None for a forecast of one undated day
    calls: int
    aht: Fraction
    patience: Fraction | None
    where: str  # "forecast.csv line 14", for messages
    start: str | None = None  # ISO 8601 ("2026-03-02T08:00:00", "08:00:00"): the JSON period


@dataclass(frozen=True)
class Row:
    interval: Interval
    traffic: Fraction
    need: Need | None  # None: no calls
    positions: int
    fractional_positions: float


def staff(
    intervals: list[Interval],
    length: Fraction,
    staffing: Staffing,
    shrinkage: Fraction | None,
) -> list[Row]:
    """The fewest agents of every interval, in order."""
    rows: list[Row] = []
    slope = None
    answers: list[tuple[float, int]] = []  # (traffic, agents) of the last intervals with calls
    for interval in intervals:
        traffic = interval.calls * interval.aht / length
        if interval.calls == 0:
            rows.append(Row(interval, traffic, None, 0, 0.0))
            continue
        if traffic > MAX_PLAN_TRAFFIC:
            raise InputError(
                f"{interval.where}: traffic of {echo(report(traffic, 0))} erlangs is beyond "
                f"what this calculator handles ({MAX_PLAN_TRAFFIC:,} erlangs)"
            )
        load = Load(traffic, interval.aht, interval.patience)
        need = fewest_agents(load, staffing, start=_guess(load, answers), slope=slope)
        slope = need.slope
        answers = [*answers[-1:], (float(traffic), need.agents)]
        rows.append(
            Row(
                interval,
                traffic,
                need,
                positions(need.agents, shrinkage),
                fractional_positions(need.fractional, shrinkage),
            )
        )
    return rows


MAX_PLAN_TRAFFIC = 1_000_000


def _guess(load: Load, answers: list[tuple[float, int]]) -> int:
    """A first guess from the last answers: N = c.A + beta.sqrt(A) through the last two
    (square-root staffing with a slope for abandonment), or beta alone from the last one."""
    a = float(load.traffic)
    if not answers:
        return guess(load, 0.5)
    if len(answers) == 2:
        (a1, n1), (a2, n2) = answers
        r1, r2 = math.sqrt(a1), math.sqrt(a2)
        det = a1 * r2 - a2 * r1
        if abs(det) > 1e-9 * a1 * r2:
            c = (n1 * r2 - n2 * r1) / det
            beta = (a1 * n2 - a2 * n1) / det
            estimate = c * a + beta * math.sqrt(a)
            if 0 < estimate < 2 * a + 10 * math.sqrt(a) + 10:
                return max(1, math.ceil(estimate))
    a1, n1 = answers[-1]
    return guess(load, (n1 - a1) / math.sqrt(a1))


def _pct(share: float | None) -> float | None:
    from cxglossary.metrics.erlang import pct

    return pct(share)


def _row_details(row: Row) -> dict[str, object]:
    interval, need = row.interval, row.need
    evaluation = None if need is None else need.evaluation
    model = "erlang-c" if interval.patience is None else "erlang-a"
    details: dict[str, object] = {
        "model": model,
        "calls": interval.calls,
        "aht_seconds": echo(interval.aht),
        "traffic_erlangs": report(row.traffic, 2),
        "agents": 0 if need is None else need.agents,
        "fractional_agents": 0.0 if need is None else report(Fraction(need.fractional), 2),
        "positions": row.positions,
        "fractional_positions": report(Fraction(row.fractional_positions), 2),
        "service_level": None if evaluation is None else _pct(evaluation.service_level),
    }
    if model == "erlang-a":
        details["patience_seconds"] = echo(interval.patience)
        details["probability_abandon"] = (
            None if evaluation is None else _pct(evaluation.probability_abandon)
        )
    from cxglossary.metrics.erlang import seconds

    details["asa_seconds"] = None if evaluation is None else seconds(evaluation.asa)
    details["occupancy"] = None if evaluation is None else _pct(evaluation.occupancy)
    details["target_met"] = True if need is None else need.met
    return details


def _hours(units: int | float, length: Fraction) -> Fraction:
    return Fraction(units) * length / HOUR


def totals(rows: list[Row], length: Fraction) -> dict[str, object]:
    """The plan's totals, exact sums of its rows (hours rounded once, to 2 decimals)."""
    agents = [0 if row.need is None else row.need.agents for row in rows]
    peak_index = max(range(len(rows)), key=lambda i: (agents[i], -i))
    fractional = sum((0.0 if row.need is None else row.need.fractional) for row in rows)
    unmet = [row.interval.period for row in rows if row.need is not None and not row.need.met]
    return {
        "intervals": len(rows),
        "interval_seconds": echo(length),
        "calls": sum(row.interval.calls for row in rows),
        "peak_agents": agents[peak_index],
        "peak_positions": max(row.positions for row in rows),
        "peak_period": rows[peak_index].interval.period,
        "agent_hours": report(_hours(sum(agents), length), 2),
        "position_hours": report(_hours(sum(row.positions for row in rows), length), 2),
        "fractional_agent_hours": report(Fraction(fractional) * length / HOUR, 2),
        "fractional_position_hours": report(
            Fraction(sum(row.fractional_positions for row in rows)) * length / HOUR, 2
        ),
        "unmet_intervals": unmet,
    }


def plan_result(
    rows: list[Row],
    length: Fraction,
    staffing: Staffing,
    inputs: dict[str, object],
    source: str,
) -> MetricResult:
    """The plan as a `MetricResult`: totals in `details`, one group per interval."""
    if not rows:
        raise InputError(f"{source}: no intervals to staff")
    details = totals(rows, length)
    patience = any(row.interval.patience is not None for row in rows)
    details = {"model": "erlang-a" if patience else "erlang-c", **details}
    if patience:
        details["abandons"] = str(staffing.abandons)
    days = _days(rows, length)
    if len(days) > 1:
        details["days"] = days
    groups = [
        GroupResult(
            key=row.interval.period,
            value=None if row.need is None else row.need.agents,
            exact=None if row.need is None else Fraction(row.need.agents),
            n=row.interval.calls,
            details=_row_details(row),
            period=row.interval.start or row.interval.period,
        )
        for row in rows
    ]
    peak = details["peak_agents"]
    assert isinstance(peak, int)
    return MetricResult(
        metric="erlang",
        value=peak,
        exact=Fraction(peak),
        unit="agents",
        n=sum(row.interval.calls for row in rows),
        inputs=inputs,
        details=details,
        groups=groups,
        source=source,
    )


def _days(rows: list[Row], length: Fraction) -> list[dict[str, object]]:
    by_day: dict[str | None, list[Row]] = {}  # None: an undated forecast (a single day)
    for row in rows:
        by_day.setdefault(row.interval.day, []).append(row)
    out = []
    for day, day_rows in by_day.items():
        summary = totals(day_rows, length)
        out.append(
            {
                "day": day,
                "calls": summary["calls"],
                "peak_agents": summary["peak_agents"],
                "peak_positions": summary["peak_positions"],
                "peak_period": summary["peak_period"],
                "agent_hours": summary["agent_hours"],
                "position_hours": summary["position_hours"],
                "fractional_agent_hours": summary["fractional_agent_hours"],
                "unmet_intervals": len(summary["unmet_intervals"]),  # type: ignore[arg-type]
            }
        )
    return out
