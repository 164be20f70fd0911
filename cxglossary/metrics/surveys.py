"""`cx report` on a survey file: NPS (0-10 answers) or CSAT (1-5), per key and period.

The scale is read from the answers: all between 1 and 5 is a CSAT survey (top two boxes,
mean); anything from 0 to 10 otherwise is an NPS survey (with the ultra-detractor rate). The
result says which it took. Rows are read through `tables.py` (CSV or workbook), each answer
checked, bad rows named or, with `skip_invalid`, counted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from cxglossary.errors import InputError
from cxglossary.metrics import tables
from cxglossary.metrics.calculators import distribution_outcome, result
from cxglossary.metrics.grouping import grid
from cxglossary.metrics.logdata import LogRequest
from cxglossary.metrics.parsing import get_spec, score_value
from cxglossary.metrics.periods import Clock, iso, parse_time
from cxglossary.metrics.result import GroupResult, MetricResult


def _score(raw: tables.Cell) -> int:
    if isinstance(raw, bool):
        raise ValueError("is not a whole number")
    if isinstance(raw, int | float):
        if float(raw).is_integer():
            return int(raw)
        raise ValueError("is not a whole number")
    score = score_value(tables.text_cell(raw))
    if not 0 <= score <= 10:
        raise ValueError("is outside the 0-10 scale")
    return score


def survey_report(request: LogRequest) -> list[MetricResult]:
    clock = Clock(request.per, request.zone)
    cells: dict[tuple[str | None, dt.datetime | None], Counter[int]] = {}
    skipped = 0
    with tables.open_table(request.path, sheet=request.sheet, encoding=request.encoding) as table:
        found = tables.recognise(table, ("score", "time", "queue", "agent"), request.mapping)
        score = found.need("score", "a survey report")
        time = found.need("time", f"--per {request.per}") if request.per else None
        by_index = None
        if request.by is not None:
            header = tables.mapped_header(table.headers, request.by)
            if header not in table.headers:
                raise InputError(f"{table.source}: no column '{request.by}' (--by)")
            by_index = table.headers.index(header)
        for batch in table.rows():
            for number, row in batch:
                try:
                    answer = _score(row[score.index])
                    period = None
                    if time is not None:
                        raw = row[time.index]
                        stamp = raw if isinstance(raw, dt.datetime) else parse_time(
                            tables.text_cell(raw))  # fmt: skip
                        period = clock.period_of(stamp)
                except ValueError as exc:
                    if not request.skip_invalid:
                        column = score.index if time is None else None
                        raise InputError(f"{table.where(number, column)}: {exc}") from None
                    skipped += 1
                    continue
                key = None if by_index is None else tables.text_cell(row[by_index])
                cells.setdefault((key, period), Counter())[answer] += 1
    total: Counter[int] = Counter()
    for counter in cells.values():
        total.update(counter)
    if not total:
        raise InputError(f"{request.path}: no answers ({skipped} rows skipped)")
    csat = min(total) >= 1 and max(total) <= 5
    metrics = ["csat"] if csat else ["nps", "tud"]
    values: dict[str, object] = {"scale": 5} if csat else {}
    out = []
    for metric in metrics:
        spec = get_spec(metric)
        inputs: dict[str, object] = {"file": request.path, "column": score.header}
        if request.per is not None:
            inputs["per"] = request.per
        if csat:
            inputs["scale"] = 5
        res = result(spec, distribution_outcome(spec, values, total), inputs)
        res.details["scale_read_as"] = "1-5: CSAT" if csat else "0-10: NPS"
        res.skipped = skipped
        res.source = request.path
        if request.by is not None or request.per is not None:
            res.groups = []
            for key, period, found_counts in grid(cells, clock):
                if not found_counts:
                    res.groups.append(GroupResult(key, None, None, 0, {}, period=iso(period)))
                    continue
                outcome = distribution_outcome(spec, values, found_counts)
                group = GroupResult(
                    key, outcome.value, outcome.exact, outcome.n, {}, outcome.ci, iso(period)
                )
                group.details = outcome.details
                res.groups.append(group)
        out.append(res)
    return out
