"""Reading a contact log (one row per contact) into tallies per key and period, then results.

Two readers fill the same `Tally` fields (see `contacts.py`):

- Python, row by row through `tables.py`: workbooks, standard input, other encodings and
  small CSV files. It is the reference: every bad value is named with its line (or sheet and
  cell) and column.
- The DuckDB engine (`engine.py`) for CSV files of `ENGINE_MIN_BYTES` or more: it reads the
  file in C++ and aggregates per key and 15-minute wall-clock slot, in constant memory. It only
  accepts the plainest forms of each value; when it meets anything else (a bad value, a clock
  duration with decimals, an offset it does not parse), the file is read again by Python, which
  either accepts the row or names its line. Speed is for clean files; answers never depend on
  the reader.

Bad rows stop with an `InputError` naming file, line and column, unless `skip_invalid`, which
counts them. Duplicate contact ids (an `id` column) give a warning with their count.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import IO, TYPE_CHECKING

from cxglossary.errors import InputError
from cxglossary.metrics import tables
from cxglossary.metrics.contacts import Columns, Tally, needed_columns
from cxglossary.metrics.logdata import (
    ABANDONED,
    ANSWERED,
    CellKey,
    LogData,
    LogRequest,
    add_fine_cells,
    outcome,
)
from cxglossary.metrics.parsing import show
from cxglossary.metrics.periods import Clock, parse_time

if TYPE_CHECKING:
    pass

# Below about 3,000 rows the Python reader is quicker than starting DuckDB (0.2 s of CPU);
# above, DuckDB wins fast: measured 0.45 s against 2.1 s of CPU on 20,000 rows (1 MB).
ENGINE_MIN_BYTES = 128 << 10
_SECONDS_CACHE = 1 << 16  # distinct duration texts remembered by the Python reader
LOG_ROLES = (
    "time", "queue", "agent", "wait", "outcome", "abandoned", "talk", "hold", "wrap",
    "resolved_first", "id",
)  # fmt: skip
NAMES = {
    "service-level": "the service level",
    "asa": "the ASA (average speed of answer)",
    "aht": "the AHT (talk + hold + wrap)",
    "abandonment": "the abandonment rate",
    "fcr": "the FCR (first contact resolution)",
}

Cell = tables.Cell
Contact = tuple[bool, Fraction | None, tuple[Fraction, Fraction, Fraction], bool | None]


# --- columns --------------------------------------------------------------------------------


def _columns(found: tables.Columns, request: LogRequest) -> tuple[Columns, str | None]:
    """Which indicators the columns allow, and the header `--by` names."""
    has = {name: found.get(name) is not None for name in LOG_ROLES}
    if not has["outcome"] and not has["abandoned"]:
        found.need("outcome", "every log indicator (answered or abandoned)")
    if request.per is not None:
        found.need("time", f"--per {request.per}")
    by_header = None
    if request.by is not None:
        by_header = _by_header(found, request.by)
    columns = Columns(
        wait=has["wait"],
        talk=has["talk"],
        hold=has["hold"],
        wrap=has["wrap"],
        resolved_first=has["resolved_first"],
    )
    return columns, by_header


def _by_header(found: tables.Columns, by: str) -> str:
    headers = found.table.headers
    header = tables.mapped_header(headers, by)
    if header in headers:
        return header
    role = found.get(tables.header_key(by))
    if role is not None:
        return role.header
    raise InputError(
        f"{found.table.source}: no column '{show(by)}' (--by)",
        hint="headers: " + ", ".join(f"'{show(h)}'" for h in headers if h),
    )


def read_log(
    request: LogRequest, stdin: IO[bytes] | None = None, need: Iterable[str] = ()
) -> LogData:
    """Read the log of `request` with the fitting reader; the indicators in `need` must be
    computable from its columns (else an error naming the indicator and the column)."""
    table = tables.open_table(
        request.path, sheet=request.sheet, encoding=request.encoding, stdin=stdin
    )
    with table:
        found = tables.recognise(table, LOG_ROLES, request.mapping)
        columns, by_header = _columns(found, request)
        for metric in need:
            for name in needed_columns(metric, columns):
                found.need(name, NAMES.get(metric, metric))
        clock = Clock(request.per, request.zone)
        data = LogData(table.source, found.read_as(), columns, by_header, clock)
        if _use_engine(request, table):
            from cxglossary.metrics import engine

            if engine.read(request, found, data):
                return data
            clock = Clock(request.per, request.zone)
            data = LogData(table.source, found.read_as(), columns, by_header, clock)
        _read_rows(request, found, data)
    return data


def _use_engine(request: LogRequest, table: tables.Table) -> bool:
    choice = request.engine or os.environ.get("CX_ENGINE")
    if choice == "python" or table.sheet is not None or request.path == "-":
        return False
    if request.encoding is not None and request.encoding.lower().replace("-", "") not in (
        "utf8",
        "utf8sig",
    ):
        return False
    if choice == "duckdb":
        return True
    try:
        return os.path.getsize(request.path) >= ENGINE_MIN_BYTES
    except OSError:
        return False


# --- the Python reader -----------------------------------------------------------------------


class _Bad(Exception):
    """A bad cell: its column index and the tail of the message."""

    def __init__(self, column: int, message: str) -> None:
        self.column = column
        self.message = message


class _RowParser:
    """Turns the cells of one row into one contact added to the right tally."""

    def __init__(self, request: LogRequest, found: tables.Columns, data: LogData) -> None:
        self.rules = request.rules
        self.data = data
        self.index = {name: column.index for name, column in found.found.items()}
        self.by_index = (
            None if data.by_header is None else found.table.headers.index(data.by_header)
        )
        self.per = request.per is not None
        self.ids: set[str] = set()
        self.seconds: dict[str, Fraction] = {}

    def cell(self, cells: list[Cell], name: str, parse: Callable[[Cell], object]) -> object:
        index = self.index[name]
        raw = cells[index]
        try:
            return parse(raw)
        except ValueError as exc:
            shown = "" if tables.blank(raw) else tables.shown_cell(raw) + " "
            raise _Bad(index, f"{shown}{exc}") from None

    def duration(self, cells: list[Cell], name: str, *, required: bool, what: str) -> Fraction:
        if name not in self.index:
            return Fraction(0)
        raw = cells[self.index[name]]
        # Durations repeat (whole seconds, mostly): parse each distinct text once. Only text is
        # cached, so that True (== 1) or 1.0 cells still go through their own checks.
        text = raw if type(raw) is str else None
        if text is not None:
            known = self.seconds.get(text)
            if known is not None:
                return known
        if tables.blank(raw):
            if required:
                raise _Bad(self.index[name], f"no {name} for {what}")
            return Fraction(0)
        value = self.cell(cells, name, tables.duration_cell)
        assert isinstance(value, Fraction)
        if text is not None:
            if len(self.seconds) >= _SECONDS_CACHE:
                self.seconds.clear()  # memory must not grow with the file
            self.seconds[text] = value
        return value

    def contact(self, cells: list[Cell]) -> tuple[str | None, dt.datetime | None, Contact]:
        if "outcome" in self.index:
            answered = self.cell(cells, "outcome", outcome)
        else:
            answered = not self.cell(cells, "abandoned", tables.flag_cell)
        assert isinstance(answered, bool)
        what = "an answered contact" if answered else "an abandoned contact"
        wait = None
        if "wait" in self.index:
            wait = self.duration(cells, "wait", required=True, what=what)
        parts = (Fraction(0), Fraction(0), Fraction(0))
        resolved: bool | None = None
        if answered:
            parts = (
                self.duration(cells, "talk", required=True, what=what),
                self.duration(cells, "hold", required=False, what=what),
                self.duration(cells, "wrap", required=False, what=what),
            )
            if "resolved_first" in self.index and not tables.blank(
                cells[self.index["resolved_first"]]
            ):
                flag = self.cell(cells, "resolved_first", tables.flag_cell)
                assert isinstance(flag, bool)
                resolved = flag
        period = None
        if self.per:
            stamp = self.cell(cells, "time", _time_cell)
            assert isinstance(stamp, dt.datetime)
            period = stamp
        key = None if self.by_index is None else tables.text_cell(cells[self.by_index])
        if "id" in self.index:
            contact_id = tables.text_cell(cells[self.index["id"]])
            if contact_id:
                if contact_id in self.ids:
                    self.data.duplicates += 1
                self.ids.add(contact_id)
        return key, period, (answered, wait, parts, resolved)


def _time_cell(raw: Cell) -> dt.datetime:
    if isinstance(raw, dt.datetime):
        return raw
    if isinstance(raw, dt.date | dt.time | int | float) and not isinstance(raw, bool):
        raise ValueError("is not a date and time")
    return parse_time(tables.text_cell(raw))


def _read_rows(request: LogRequest, found: tables.Columns, data: LogData) -> None:
    table = found.table
    parser = _RowParser(request, found, data)
    clock = data.clock

    def bad(number: int, message: str, column: int | None = None) -> None:
        if not request.skip_invalid:
            raise InputError(f"{table.where(number, column)}: {message}")
        data.skipped += 1

    rows = 0
    rules = request.rules
    cells_by_key: dict[CellKey, Tally] = {}
    for batch in table.rows(bad):
        for number, cells in batch:
            rows += 1
            try:
                key, stamp, contact = parser.contact(cells)
            except _Bad as exc:
                bad(number, exc.message, exc.column)
                continue
            period = None if stamp is None else clock.period_of(stamp)
            tally = cells_by_key.get((key, period))
            if tally is None:
                tally = cells_by_key[(key, period)] = Tally()
            tally.add(rules, *contact)
    for cell_key, tally in cells_by_key.items():
        data.add_cell(cell_key, tally)
    _check_rows(data, rows)


def _check_rows(data: LogData, rows: int) -> None:
    if rows == 0 and data.skipped == 0:
        raise InputError(f"{data.source} has a header but no rows")
    if data.total.contacts == 0:
        raise InputError(f"{data.source}: no valid rows ({data.skipped} skipped)")


__all__ = [
    "ABANDONED", "ANSWERED", "LogData", "LogRequest", "add_fine_cells", "outcome", "read_log",
]  # fmt: skip
