"""Reading a forecast (CSV or Excel) into checked intervals for a staffing plan.

Columns, recognised by their usual French or English names (any case, any accents) or
mapped with `--map NAME=HEADER`: `time` (the interval start), `calls`, and optionally `aht`
and `patience` (a blank cell takes the option's value). One row per interval.

Times: `08:00` (one undated day) or a date and time (`2026-03-02 08:00`, `2026-03-02T08:00`,
`02/03/2026 08:00`, or a date-time cell of a workbook), optionally with a UTC offset.

The interval length is `--interval`, or the step between the first two rows of a day. It must
divide the day. Within a day every row starts one interval after the previous one: a forecast
with mixed interval lengths is refused, and so is a step of one interval plus or minus an
hour (a daylight-saving change) or a change of UTC offset: a plan needs intervals of one
length, so the message says to split the forecast at the change or write the times in UTC.
Days must follow each other in order; a gap between days (a closed night) is fine.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise
from typing import IO

from cxglossary.errors import InputError
from cxglossary.metrics.parsing import echo
from cxglossary.metrics.plan import Interval, plan_result, staff
from cxglossary.metrics.result import MetricResult
from cxglossary.metrics.tables import (
    Cell,
    Table,
    count_cell,
    duration_cell,
    open_table,
    recognise,
    shown_cell,
)

DAY = 86400
Parser = Callable[[Cell], object]
_TIME = re.compile(r"(\d{1,2})[:hH](\d{2})(?::(\d{2}))?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_FR_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_OFFSET = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")


@dataclass(frozen=True)
class Start:
    """When an interval starts: its day (None if undated), second of the day, UTC offset."""

    day: dt.date | None
    second: int
    offset: str | None

    def iso(self) -> str:
        """ISO 8601, as the periods of a contact log: '2026-03-02T08:00:00+01:00', '08:00:00'."""
        clock = dt.time(self.second // 3600, self.second // 60 % 60, self.second % 60)
        if self.day is None:
            return clock.isoformat()
        return dt.datetime.combine(self.day, clock).isoformat() + (self.offset or "")

    def label(self) -> str:
        clock = f"{self.second // 3600:02d}:{self.second // 60 % 60:02d}"
        if self.second % 60:
            clock += f":{self.second % 60:02d}"
        return clock if self.day is None else f"{self.day.isoformat()} {clock}"


def start_cell(raw: Cell) -> Start:
    """The start of an interval from a cell; ValueError(tail of a sentence) otherwise."""
    if isinstance(raw, dt.datetime):
        offset = raw.isoformat(timespec="seconds")[19:] or None  # "+01:00", as a text cell
        return Start(raw.date(), raw.hour * 3600 + raw.minute * 60 + raw.second, offset)
    if isinstance(raw, dt.time):
        return Start(None, raw.hour * 3600 + raw.minute * 60 + raw.second, None)
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 0 <= raw < 1:
        return Start(None, round(raw * DAY), None)  # a workbook time stored as a day fraction
    if not isinstance(raw, str):
        raise ValueError("is not a time (write 08:00 or 2026-03-02 08:00)")
    text = raw.strip()
    offset_match = _OFFSET.search(text)
    offset = None
    if offset_match and _TIME.search(text[: offset_match.start()]):
        offset = offset_match.group(0).replace("Z", "+00:00")
        text = text[: offset_match.start()]
    day = None
    date_text = text
    for pattern, order in ((_ISO_DATE, (1, 2, 3)), (_FR_DATE, (3, 2, 1))):
        match = pattern.match(text)
        if match:
            year, month, mday = (int(match.group(i)) for i in order)
            try:
                day = dt.date(year, month, mday)
            except ValueError:
                raise ValueError("holds a date that does not exist") from None
            date_text = text[match.end() :].lstrip(" T")
            break
    time_match = _TIME.fullmatch(date_text)
    if not time_match:
        raise ValueError("is not a time (write 08:00 or 2026-03-02 08:00)")
    hours, minutes = int(time_match.group(1)), int(time_match.group(2))
    secs = int(time_match.group(3) or 0)
    if hours > 23 or minutes > 59 or secs > 59:
        raise ValueError("is not a time of day")
    return Start(day, hours * 3600 + minutes * 60 + secs, offset)


def _minutes(seconds: Fraction | int) -> str:
    return f"{float(Fraction(seconds) / 60):g} min"  # 7 min, 1.5 min, 1.16667 min


def check_length(length: Fraction, where: str) -> None:
    if length <= 0:
        raise InputError(f"{where} is 0: intervals need a length")
    if DAY % length:
        raise InputError(
            f"{where} of {_minutes(length)} does not divide the day (24 h) into whole intervals",
            hint="use 15m, 30m or 1h",
        )


@dataclass
class _RawRow:
    number: int
    start: Start
    calls: int
    aht: Fraction | None
    patience: Fraction | None


def read_forecast(
    path: str,
    *,
    mapping: Mapping[str, str],
    sheet: str | None,
    encoding: str | None,
    stdin: IO[bytes] | None,
    length: Fraction | None,
    aht: Fraction | None,
    patience: Fraction | None,
) -> tuple[list[Interval], Fraction, str]:
    """The checked intervals of a forecast, its interval length and its source name."""
    with open_table(path, sheet=sheet, encoding=encoding, stdin=stdin) as table:
        columns = recognise(table, ("time", "calls", "aht", "patience"), mapping)
        time_col = columns.need("time", "a staffing plan").index
        calls_col = columns.need("calls", "a staffing plan").index
        aht_column, patience_column = columns.get("aht"), columns.get("patience")
        if aht_column is None and aht is None:
            raise InputError(
                f"{table.source}: a staffing plan needs the AHT: an 'aht' (dmt) column or --aht"
            )
        raw = list(
            _rows(
                table,
                time_col,
                calls_col,
                None if aht_column is None else aht_column.index,
                None if patience_column is None else patience_column.index,
            )
        )
        if not raw:
            raise InputError(f"{table.source}: no intervals to staff (the forecast is empty)")
        length = _interval_length(table, raw, length, time_col)
        intervals = []
        for row in raw:
            row_aht = row.aht if row.aht is not None else aht
            where = table.where(row.number)
            if row_aht is None:
                column = aht_column.index if aht_column else calls_col
                raise InputError(
                    f"{table.where(row.number, column)}: no AHT for this interval",
                    hint="fill the cell or give --aht for every interval",
                )
            if row_aht == 0 and row.calls:
                column = aht_column.index if aht_column else calls_col
                raise InputError(
                    f"{table.where(row.number, column)}: an AHT of 0 for {row.calls} calls"
                )
            row_patience = row.patience if row.patience is not None else patience
            if (
                patience_column is not None
                and row_patience is None
                and any(other.patience is not None for other in raw)
            ):
                raise InputError(
                    f"{table.where(row.number, patience_column.index)}: empty, and other "
                    "intervals have a patience",
                    hint="fill it or give --patience for the empty cells",
                )
            start = row.start
            intervals.append(
                Interval(
                    period=start.label(),
                    day=None if start.day is None else start.day.isoformat(),
                    calls=row.calls,
                    aht=row_aht,
                    patience=row_patience,
                    where=where,
                    start=start.iso(),
                )
            )
        return intervals, length, table.source


def _cell(table: Table, number: int, cells: list[Cell], column: int, parse: Parser) -> object:
    """A parsed cell, None when blank; a bad one names its row and column."""
    raw = cells[column]
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        return parse(raw)
    except ValueError as exc:
        raise InputError(f"{table.where(number, column)}: {shown_cell(raw)} {exc}") from None


def _rows(
    table: Table, time_col: int, calls_col: int, aht_col: int | None, patience_col: int | None
) -> Iterator[_RawRow]:
    for batch in table.rows():
        for number, cells in batch:
            start = _cell(table, number, cells, time_col, start_cell)
            if start is None:
                raise InputError(
                    f"{table.where(number, time_col)}: empty: every row needs its start time"
                )
            calls = _cell(table, number, cells, calls_col, count_cell)
            if calls is None:
                raise InputError(
                    f"{table.where(number, calls_col)}: empty: every interval needs its calls "
                    "(0 when none are expected)"
                )
            row_aht = (
                None if aht_col is None else _cell(table, number, cells, aht_col, duration_cell)
            )
            row_patience = None
            if patience_col is not None:
                row_patience = _cell(table, number, cells, patience_col, duration_cell)
                if row_patience == 0:
                    raise InputError(
                        f"{table.where(number, patience_col)}: a patience of 0: callers who "
                        "hang up at once are never answered"
                    )
            assert isinstance(start, Start) and isinstance(calls, int)
            assert row_aht is None or isinstance(row_aht, Fraction)
            assert row_patience is None or isinstance(row_patience, Fraction)
            yield _RawRow(number, start, calls, row_aht, row_patience)


def _at_night(before: Start, after: Start) -> bool:
    """Clocks change between 01:00 and 04:00 (Europe at 02:00/03:00, America at 02:00)."""
    night = range(3600, 4 * 3600 + 1)
    return before.day is not None and before.second in night and after.second in night


def _interval_length(
    table: Table, rows: list[_RawRow], given: Fraction | None, time_col: int
) -> Fraction:
    """The interval length, given or read from the first step within a day; every step
    within a day checked against it."""
    for before, after in pairwise(rows):
        if before.start.offset != after.start.offset:
            raise InputError(
                f"{table.where(after.number, time_col)}: the UTC offset changes from "
                f"{before.start.offset} to {after.start.offset} (a daylight-saving change): "
                "intervals of one length cannot span it",
                hint="split the forecast at the change, or write the times in UTC",
            )
    length = given
    where = "--interval"
    if length is None:
        for before, after in pairwise(rows):
            if before.start.day == after.start.day and after.start.second > before.start.second:
                length = Fraction(after.start.second - before.start.second)
                where = f"the interval read from {table.source} (--interval)"
                break
        if length is None:
            raise InputError(
                f"{table.source}: the interval length cannot be read from the times",
                hint="give --interval (15m, 30m, 1h)",
            )
    check_length(length, where)
    for before, after in pairwise(rows):
        place = table.where(after.number, time_col)
        shown = f"{after.start.label()} after {before.start.label()}"
        same_day = before.start.day == after.start.day
        if before.start.day is not None and after.start.day is not None and not same_day:
            if after.start.day < before.start.day:
                raise InputError(f"{place}: {shown}: the rows are not in time order")
            continue
        if (before.start.day is None) != (after.start.day is None):
            raise InputError(f"{place}: {shown}: dated and undated times are mixed")
        step = after.start.second - before.start.second
        if step == length:
            continue
        if step - length in (3600, -3600) and _at_night(before.start, after.start):
            raise InputError(
                f"{place}: {shown}, a step of {_minutes(step)} where intervals last "
                f"{_minutes(length)}: a daylight-saving change?",
                hint="split the forecast at the change, or write the times in UTC",
            )
        if step <= 0:
            detail = "the rows are not in time order"
            if before.start.day is None:
                detail += " (a forecast over several days needs dates)"
            raise InputError(f"{place}: {shown}: {detail}")
        raise InputError(
            f"{place}: {shown}, a step of {_minutes(step)} where intervals last "
            f"{_minutes(length)}: a forecast with mixed interval lengths",
            hint="one row per interval, every interval of the same length",
        )
    return length


def forecast_plan(
    path: str,
    inputs: dict[str, object],
    *,
    mapping: dict[str, str],
    sheet: str | None = None,
    encoding: str | None = None,
    stdin: IO[bytes] | None = None,
) -> MetricResult:
    """`cx metric erlang --file forecast.csv|.xlsx`: read, check, staff, total."""
    from cxglossary.metrics.erlang import checked_patience, staffing_of

    def option(name: str) -> Fraction | None:
        value = inputs.get(name)
        assert value is None or isinstance(value, Fraction)
        return value

    for name in ("calls", "agents"):
        if name in inputs:
            raise InputError(
                f"--{name} goes with one interval; with --file every row of the forecast "
                "is staffed",
                hint="leave it out, or use --max-agents for the agents available",
            )
    length, aht = option("interval"), option("aht")
    patience = checked_patience(option("patience"), "--patience")
    if length is not None:
        check_length(length, "--interval")
    if aht is not None and aht == 0:
        raise InputError("--aht is 0: calls that take no time need no agents")
    intervals, length, source = read_forecast(
        path,
        mapping=mapping,
        sheet=sheet,
        encoding=encoding,
        stdin=stdin,
        length=length,
        aht=aht,
        patience=patience,
    )
    with_patience = any(interval.patience is not None for interval in intervals)
    staffing = staffing_of(inputs, with_patience)
    shrinkage = option("shrinkage")
    rows = staff(intervals, length, staffing, shrinkage)
    echoed = {name: echo(value) for name, value in inputs.items()}
    echoed["file"] = source
    return plan_result(rows, length, staffing, echoed, source)
