"""The DuckDB reader of large CSV contact logs: one SQL aggregation, constant memory.

DuckDB reads every field as text and the query parses only the plainest forms: durations as
seconds with at most 3 decimals (`95`, `95.5`) or clocks (`1:35`, `00:01:35`), timestamps as
`2026-12-31T14:05[:09]` (a space for the `T` too, `Z` or `+01:00` after it) or
`31/12/2026 14:05[:09]`, the usual outcome words and flags. Durations are summed as
DECIMAL(18,3), exactly, and turned into `Fraction`s. A row the query cannot read counts as
bad; if there is any, `read` returns False and the caller reads the file with Python (the
reference, which accepts the other forms and names the line of a real error). Any DuckDB
error (a row of the wrong width, text that is not UTF-8) does the same.

The result: one tally per key and 15-minute wall-clock slot (with the offset written, if any),
which `logs.add_fine_cells` turns into periods with the time-zone rules of `periods.py`.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from fractions import Fraction

from cxglossary.metrics import tables
from cxglossary.metrics.logdata import NANO, SLOTS, LogData, LogRequest, add_fine_cells, outcome

_SPACES = " \t\r\n\f\v\u00a0"
_BAD = -1  # a duration the query cannot read (valid ones are never negative)
_NOT_A_FLAG = object()  # an FCR flag the Python reader would refuse


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _decimal(value: Fraction) -> str:
    """An exact decimal literal for a threshold (they come from decimal text)."""
    shown = Decimal(value.numerator) / Decimal(value.denominator)
    return f"CAST({_text(str(shown))} AS DECIMAL(38, 10))"


def _duration(column: str) -> str:
    c = _ident(column)
    part = "CAST(split_part({c}, ':', {i}) AS DECIMAL(18,3))"
    one, two, three = (part.format(c=c, i=i) for i in (1, 2, 3))
    plain = f"regexp_full_match({c}, '[0-9]{{1,9}}(\\.[0-9]{{1,3}})?')"
    return f"""CASE WHEN {c} IS NULL THEN NULL
        WHEN {plain} THEN CAST({c} AS DECIMAL(18,3))
        WHEN regexp_full_match({c}, '[0-9]{{1,6}}:[0-5][0-9]') THEN {one} * 60 + {two}
        WHEN regexp_full_match({c}, '[0-9]{{1,6}}:[0-5][0-9]:[0-5][0-9]')
            THEN {one} * 3600 + {two} * 60 + {three}
        ELSE {_BAD} END"""


# 2026-12-31T14:05[:09] (a space for the T) and 31/12/2026 14:05[:09], years 1 to 9999 and
# hours 0 to 23: forms DuckDB and Python's `parse_time` read alike. DuckDB alone also takes
# 2026-1-2 8:05, 24:00 and year 0, which Python refuses, and its cast drops an offset, which
# the notes need. A regular expression costs less here than a test of each position.
_YEAR = "([0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)"
_CLOCK = "([01][0-9]|2[0-3]):[0-9]{2}(:[0-9]{2})?"
_PLAIN_ISO = f"'{_YEAR}-[0-9]{{2}}-[0-9]{{2}}[T ]{_CLOCK}'"
_FRENCH = f"'[0-9]{{2}}/[0-9]{{2}}/{_YEAR} {_CLOCK}'"
_WALL = f"""CASE
    WHEN regexp_full_match(b, {_PLAIN_ISO}) THEN TRY_CAST(b AS TIMESTAMP)
    WHEN off IS NULL AND regexp_full_match(b, {_FRENCH})
        THEN try_strptime(b, ['%d/%m/%Y %H:%M', '%d/%m/%Y %H:%M:%S'])
    END"""
_OFFSET = """CASE
    WHEN length(t) IN (17, 20) AND t[-1:] = 'Z' THEN 'Z'
    WHEN length(t) IN (22, 25) AND t[-6:-6] IN ('+', '-') AND t[-3:-3] = ':' THEN t[-6:]
    END"""


def _inner(request: LogRequest, found: tables.Columns, by_header: str | None, typed: bool) -> str:
    """One row per contact: durations (typed: already DECIMAL), and as written the outcome
    (or abandoned flag), the FCR flag, the key and the time: their distinct values are read
    by Python's own parsers after the aggregation, so they are read exactly as it reads them."""
    select = []
    outcome = found.get("outcome") or found.get("abandoned")
    assert outcome is not None
    select.append(f"{_ident(outcome.header)} AS o")
    for name in ("wait", "talk", "hold", "wrap"):
        column = found.get(name)
        if column is None:
            select.append(f"NULL AS {name}")
        elif typed:
            select.append(f"{_ident(column.header)} AS {name}")
        else:
            select.append(f"({_duration(column.header)}) AS {name}")
    resolved = found.get("resolved_first")
    select.append(f"{_ident(resolved.header)} AS res" if resolved else "NULL AS res")
    select.append("NULL AS k" if by_header is None else f"{_ident(by_header)} AS k")
    time = found.get("time") if request.per is not None else None
    if time is None:
        select.append("NULL AS t")
    else:
        select.append(f"{'' if typed else 'trim'}({_ident(time.header)}) AS t")
    return f"SELECT {', '.join(select)} FROM source"


def build_query(
    request: LogRequest, found: tables.Columns, by_header: str | None, *, typed: bool
) -> str:
    """The aggregation of the log as SQL over `source`: one row per key, 15-minute slot,
    offset, outcome, "below the short-abandon wait" and FCR flag, with counts (contacts, those
    within T) and sums.

    `typed`: the durations come as DECIMAL(18,9) from the CSV reader (a value it cannot read
    fails the whole query) and timestamps must be plain ISO (others count as odd); otherwise
    everything comes as text and is parsed here."""
    rules = request.rules
    bucket = f"time_bucket(INTERVAL {_slot(request)}, {{}})"
    stages = ""
    if request.per is None:
        staged, fine, odd, off = "rows", "NULL", "FALSE", "NULL"
    elif typed:
        # Plain ISO without an offset only; any other form is odd and sends the file to the
        # text query, which reads offsets (for the notes or --tz) and French dates.
        staged, fine, off = "rows", bucket.format("TRY_CAST(t AS TIMESTAMP)"), "NULL"
        odd = f"NOT regexp_full_match(t, {_PLAIN_ISO})"
    else:
        staged, fine, odd, off = "timed", bucket.format("wall"), "FALSE", "off"
        stages = f""",
timed_off AS (SELECT *, {_OFFSET} AS off FROM rows),
timed_base AS (SELECT *, CASE WHEN off IS NULL THEN t ELSE t[1:length(t) - length(off)] END AS b
               FROM timed_off),
timed AS (SELECT *, {_WALL} AS wall FROM timed_base)"""
    short = "NULL"
    if rules.short_abandon is not None and found.get("wait") is not None:
        short = f"wait < {_decimal(rules.short_abandon)}"
    # Without a wait column, `wait` is NULL and no contact is within T.
    within = f"count(*) FILTER (wait <= {_decimal(rules.threshold)})"
    return f"""WITH rows AS ({_inner(request, found, by_header, typed)}){stages}
SELECT k, {fine} AS fine, {off} AS off, o, {short} AS short, res, {within} AS within,
    count(*) FILTER ({odd}) AS odd, count(*) AS n, {_nanos_sql("wait")}, {_nanos_sql("talk")},
    {_nanos_sql("hold")}, {_nanos_sql("wrap")},
    count(wait), count(talk), min(least(wait, talk, hold, wrap))
FROM {staged} GROUP BY ALL"""


def _nanos_sql(name: str) -> str:
    """The sum of a duration column in whole nanoseconds, as an integer: exact (9 decimals at
    most), and Python gets an int instead of a Decimal to scale (150,000 of them on a 10M-row
    log). A sum too large for the product fails the query: Python reads the file then."""
    return f"CAST(sum({name}) * 1000000000 AS HUGEINT)"


def _nanos(value: object) -> int:
    """A nanosecond sum from the query (None for a column without any value)."""
    if value is None:
        return 0
    assert isinstance(value, int)
    return value


def _tallies(
    rows: list[tuple[object, ...]], has: dict[str, bool], timed: bool
) -> list[tuple[str | None, dt.datetime | None, str | None, list[int]]] | None:
    """Counts per key, slot and offset from the query's rows, in the order of `SLOTS`, sums in
    whole nanoseconds (ints: fast and exact); None when a row is bad."""
    cells: dict[tuple[object, object, object], list[int]] = {}
    outcomes: dict[object, bool | None] = {}
    flags: dict[object, object] = {}  # bool, None (blank) or _NOT_A_FLAG
    for key, wall, offset, raw_outcome, short, raw_flag, within, odd, n, *rest in rows:
        wait, talk, hold, wrap, waits, talks, least = rest
        assert isinstance(n, int) and isinstance(within, int)
        if raw_outcome not in outcomes:
            outcomes[raw_outcome] = _answered(raw_outcome, has["outcome"])
        answered = outcomes[raw_outcome]
        if odd or answered is None or (timed and wall is None):
            return None
        if (least is not None and least < 0) or (has["wait"] and waits != n):  # type: ignore[operator]
            return None
        name = (None if key is None else str(key).strip(), wall, offset)
        cell = cells.get(name)
        if cell is None:
            cell = cells[name] = [0] * len(SLOTS)
        if not answered and short:
            cell[0] += n
            continue
        waited = _nanos(wait)
        cell[1] += n
        cell[7] += waited
        if not answered:
            cell[3] += n
            cell[5] += within
            continue
        if has["talk"] and talks != n:
            return None
        if raw_flag not in flags:
            flags[raw_flag] = _flag_value(raw_flag)
        resolved = flags[raw_flag]
        if resolved is _NOT_A_FLAG:
            return None
        cell[2] += n
        cell[4] += within
        cell[6] += waited
        cell[8] += _nanos(talk)
        cell[9] += _nanos(hold)
        cell[10] += _nanos(wrap)
        if resolved is not None:
            cell[11] += n
            cell[12] += n if resolved else 0
    return [
        (None if key is None else str(key), _wall(wall), None if off is None else str(off), cell)
        for (key, wall, off), cell in cells.items()
    ]


def _answered(raw: object, outcome_column: bool) -> bool | None:
    """The outcome as the Python reader reads it (None when it refuses it)."""
    text = "" if raw is None else str(raw)
    try:
        return outcome(text) if outcome_column else not tables.flag_cell(text)
    except ValueError:
        return None


def _flag_value(raw: object) -> object:
    """The FCR flag as the Python reader reads it: None when blank (spaces too: the contact
    is not flagged), `_NOT_A_FLAG` when it refuses it."""
    if raw is None or tables.blank(str(raw)):
        return None
    try:
        return tables.flag_cell(str(raw))
    except ValueError:
        return _NOT_A_FLAG


def _slot(request: LogRequest) -> str:
    """The slot the query groups times by: the period itself (a day for longer ones) when
    periods follow the wall clock as written; 15 minutes in a time zone, where a slot must
    lie wholly inside or outside the hour a clock change skips or repeats."""
    if request.zone is not None:
        return "15 MINUTE"
    return {"15m": "15 MINUTE", "30m": "30 MINUTE", "1h": "1 HOUR"}.get(str(request.per), "1 DAY")


def _source(path: str, delimiter: str, found: tables.Columns, *, typed: bool) -> str:
    # DECIMAL(18,9) is 64-bit: 5 % faster than (38,9) on a 10M-row log. A duration past
    # 999,999,999 s fails the typed read and goes to the text query, then to Python.
    kinds = {found.found[name].index: "DECIMAL(18,9)" for name in ("wait", "talk", "hold", "wrap")
             if typed and name in found.found}  # fmt: skip
    types = ", ".join(
        f"{_text(header)}: '{kinds.get(i, 'VARCHAR')}'"
        for i, header in enumerate(found.table.headers)
    )
    return (
        f"read_csv({_text(path)}, header = true, delim = {_text(delimiter)}, quote = '\"', "
        f"escape = '\"', auto_detect = false, strict_mode = true, columns = {{{types}}})"
    )


def _delimiter(path: str) -> str:
    with open(path, encoding="utf-8-sig", errors="replace") as stream:
        for line in stream:
            if line.strip():
                for candidate in (",", ";", "\t"):
                    if candidate in line:
                        return candidate
                break
    return ","


def read(request: LogRequest, found: tables.Columns, data: LogData) -> bool:
    """Fill `data` from the file with DuckDB; False when Python must read it instead."""
    try:
        import duckdb
    except ImportError:  # pragma: no cover - a dependency; an odd install falls back to Python
        return False
    delimiter = _delimiter(request.path)
    has = {name: found.get(name) is not None for name in ("wait", "talk", "outcome")}
    connection = duckdb.connect(config={"threads": max(1, os.cpu_count() or 1)})
    try:
        connection.execute("SET enable_progress_bar = false")
        fine = None
        for typed in (True, False):
            source = _source(request.path, delimiter, found, typed=typed)
            query = build_query(request, found, data.by_header, typed=typed)
            try:
                rows = connection.execute(query.replace("FROM source", f"FROM {source}"))
                fine = _tallies(rows.fetchall(), has, request.per is not None)
            except duckdb.ConversionException:
                continue  # a value the typed reader cannot read: parse the text instead
            if fine is not None:
                break
        if fine is None:
            return False
        data.duplicates = _duplicates(connection, request, found, delimiter)
    except duckdb.Error:
        return False
    finally:
        connection.close()
    add_fine_cells(data, fine, NANO)
    data.reader = "duckdb"
    return data.total.contacts > 0


def _duplicates(
    connection: object, request: LogRequest, found: tables.Columns, delimiter: str
) -> int:
    contact_id = found.get("id")
    if contact_id is None:
        return 0
    source = _source(request.path, delimiter, found, typed=False)
    column = f"trim({_ident(contact_id.header)}, {_text(_SPACES)})"
    counted = connection.execute(  # type: ignore[attr-defined]
        f"SELECT count({column}) - count(DISTINCT {column}) FROM {source} WHERE {column} <> ''"
    ).fetchone()  # an aggregate without GROUP BY: always one row
    return int(counted[0])


def _wall(value: object) -> dt.datetime | None:
    assert value is None or isinstance(value, dt.datetime)
    return value
