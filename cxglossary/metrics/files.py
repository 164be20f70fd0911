"""Score and handle-time files for `cx metric ... --file`: streamed, constant memory.

Formats, decided by the first non-blank character:

- ``{``: JSON Lines, one object per line; ``--column`` names the key (required).
- anything else: CSV with a header row (quoted fields, commas inside quotes, multi-line quoted
  fields, a UTF-8 BOM, CRLF line ends and the lone CR of old Mac exports are all fine). The
  header decides the separator: a comma, else a semicolon (Excel in French) or a tab.
  ``--column`` may be left out when the file has a single column.
- a single column without a header (``9`` on the first line): when ``--column`` is left out and
  the first line is itself a valid value, every line is a value. ``--by`` needs a header.

Memory does not grow with the rows: lines are read in batches, the identical raw values of a
batch are counted first (`Counter`, in C) and each distinct value is parsed once into a per-group
tally ({score: count} for scores, sum and count for durations). A single column file, the common
case, never goes through the `csv` module unless a line holds a quote or a comma.

Blank lines are ignored. A bad row (a value that is not a number or outside the scale, a
missing value, a row with the wrong number of fields, invalid JSON) stops with an `InputError`
naming the source and the line, unless `skip_invalid`, which counts it in `skipped`. Text that
is not UTF-8 always stops (there is no row to skip: the decoder cannot resynchronise). A row
whose `--by` value is missing or empty goes to the group ``""``.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from fractions import Fraction
from functools import partial
from itertools import chain
from operator import itemgetter
from typing import AnyStr, BinaryIO, TextIO

from cxglossary.errors import InputError
from cxglossary.metrics.calculators import (
    distribution_outcome,
    result,
    score_range,
    seconds_outcome,
)
from cxglossary.metrics.parsing import duration_value, echo, get_spec, normalise, score_value, show
from cxglossary.metrics.registry import MetricSpec
from cxglossary.metrics.result import MetricResult, Outcome
from cxglossary.metrics.tables import (
    Cell,
    Table,
    duration_cell,
    guess_score_column,
    mapped_header,
    not_utf8,
    shown_cell,
    text_cell,
)
from cxglossary.metrics.tables import blank as _blank

BLOCK = 1 << 18  # bytes (or characters) read at a time
MAX_LINE = 1 << 26  # a "line" of 64 MB is not a row of a survey file
FILE_OPTIONS = {
    "nps": ("confidence",),
    "tud": (),
    "csat": ("scale", "confidence"),
    "ces": ("scale", "confidence"),
    "aht": (),
}

Value = int | Fraction
_MISSING = object()


class _Tally:
    """Per-group accumulator: {score: count}, or the sum and count of durations."""

    __slots__ = ("counts", "n", "total")

    def __init__(self) -> None:
        self.counts: dict[int, int] = {}
        self.total = Fraction(0)
        self.n = 0

    def add(self, value: Value, count: int) -> None:
        if isinstance(value, int):
            self.counts[value] = self.counts.get(value, 0) + count
        else:
            self.total += value * count
        self.n += count


def _utf8_buffer(stream: TextIO) -> BinaryIO | None:
    """The bytes under a fresh UTF-8 text stream, to decode (and count lines) ourselves."""
    if not isinstance(stream, io.TextIOWrapper):
        return None
    try:
        if codecs.lookup(stream.encoding).name not in ("utf-8", "utf-8-sig"):
            return None
        if stream.seekable() and stream.tell() != 0:
            return None  # already read from: its decoder may hold text ahead of the bytes
    except (LookupError, OSError, ValueError):
        return None
    buffer: BinaryIO = stream.buffer
    return buffer


class _Lines:
    """The lines of a stream in blocks of about 1 MB, counted, without their line ends.

    A fresh UTF-8 file or stdin is read as bytes and decoded block by block, each block cut
    after a line end, so text that is not UTF-8 is named by its exact line. Other streams
    (StringIO, other encodings) are read as text.
    """

    def __init__(self, stream: TextIO, source: str) -> None:
        self.stream = stream
        self.source = source
        self.binary = _utf8_buffer(stream)
        self.read = 0  # lines delivered so far; the next line is number read + 1
        self.rest_bytes = b""
        self.rest_text = ""
        self.started = False
        self.done = False
        # Old Mac exports (Excel's "CSV (Macintosh)") end lines with a lone CR: decided at
        # the first line end read (see _cr_only), then every CR is read as a line end.
        self.cr_only: bool | None = None

    def batch(self) -> list[str]:
        """The next lines (empty at the end of the stream)."""
        while not self.done:
            text = self._next_block()
            if text is None:
                continue
            lines = text.split("\n")
            if lines[-1] == "":
                lines.pop()  # the block ends with a line end
            self.read += len(lines)
            return lines
        return []

    def _next_block(self) -> str | None:
        """Text up to the last line end of the next block; None to read on."""
        try:
            if self.binary is not None:
                return self._next_bytes(self.binary)
            return self._next_text()
        except UnicodeDecodeError as exc:
            data = exc.object
            if not isinstance(data, bytes) or self.binary is None:
                encoding = getattr(self.stream, "encoding", None) or "UTF-8"
                raise InputError(
                    f"{self.source} line {self.read + 1}: not {encoding} text ({exc.reason})"
                ) from None
            ahead = data[: exc.start].count(b"\n")
            start = data.rfind(b"\n", 0, exc.start) + 1
            end = data.find(b"\n", exc.start)
            line = data[start : end if end >= 0 else len(data)]
            raise not_utf8(self.source, self.read + 1 + ahead, line) from None
        except OSError as exc:
            raise InputError(f"{self.source}: cannot read ({exc.strerror or exc})") from None

    def _next_bytes(self, binary: BinaryIO) -> str | None:
        data = binary.read(BLOCK)
        if not data:
            self.done = True
            data, self.rest_bytes = self.rest_bytes, b""
            return data.decode("utf-8") if data else None
        if not self.started:
            self.started = True
            data = data.removeprefix(codecs.BOM_UTF8)
        data = self.rest_bytes + data
        if self.cr_only is None:
            self.cr_only = _cr_only(data, b"\n", b"\r")
        if self.cr_only:
            data = data.replace(b"\r", b"\n")
        cut = data.rfind(b"\n") + 1
        self.rest_bytes = data[cut:]
        if len(self.rest_bytes) > MAX_LINE:
            raise InputError(
                f"{self.source} line {self.read + 1}: a line longer than {MAX_LINE >> 20} MB; "
                "is this a text file?"
            )
        # A line end never falls inside a UTF-8 sequence: the cut decodes on its own.
        return data[:cut].decode("utf-8") if cut else None

    def _next_text(self) -> str | None:
        data = self.stream.read(BLOCK)
        if not data:
            self.done = True
            data, self.rest_text = self.rest_text, ""
            return data or None
        if not self.started:
            self.started = True
            data = data.removeprefix("\ufeff")
        data = self.rest_text + data
        if self.cr_only is None:
            self.cr_only = _cr_only(data, "\n", "\r")
        if self.cr_only:
            data = data.replace("\r", "\n")
        cut = data.rfind("\n") + 1
        self.rest_text = data[cut:]
        if len(self.rest_text) > MAX_LINE:
            raise InputError(
                f"{self.source} line {self.read + 1}: a line longer than {MAX_LINE >> 20} MB; "
                "is this a text file?"
            )
        return data[:cut] if cut else None


def _cr_only(data: AnyStr, lf: AnyStr, cr: AnyStr) -> bool | None:
    """Whether the text read so far has lone CRs for line ends (no LF, a CR before its end);
    None while it has no line end yet, or only a CR at the end, whose LF may come next."""
    if lf in data:
        return False
    return True if cr in data.rstrip(cr) else None


class _Reader:
    """Turns the rows of a file into tallies for one metric."""

    def __init__(
        self,
        spec: MetricSpec,
        parse: Callable[[object], Value],
        source: str,
        column: str | None,
        by: str | None,
        skip_invalid: bool,
    ) -> None:
        self.spec = spec
        self.parse = parse
        self.source = source
        self.column = column
        self.by = by
        self.skip_invalid = skip_invalid
        self.total = _Tally()
        self.groups: dict[str, _Tally] = {}
        self.skipped = 0
        self.delimiter = ","
        self.column_mapped = False  # the column was named with --map: case and accents aside

    # --- errors and tallies ------------------------------------------------------------------

    def bad(self, line: Callable[[], int], message: str, count: int = 1) -> None:
        """A bad row (or `count` identical ones): skip it or stop; `line` is only called to stop."""
        if not self.skip_invalid:
            raise InputError(f"{self.source} line {line()}: {message}")
        self.skipped += count

    def value_of(self, raw: object, cache: dict[object, Value | str]) -> Value | str:
        """The parsed value, or the error message (cached per distinct raw value)."""
        hit = cache.get(raw)
        if hit is not None:
            return hit
        shown = f"'{show(raw)}'" if isinstance(raw, str) else show(json.dumps(raw))
        where = "" if self.column is None else f" in column '{show(self.column)}'"
        try:
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                out: Value | str = f"no value{where}"
            else:
                out = self.parse(raw)
        except ValueError as exc:
            out = f"{shown}{where} {exc}"
        cache[raw] = out
        return out

    def key_of(self, raw: object) -> str | None:
        """The group key as text, or None when it cannot be written out (lone surrogates)."""
        if raw is None:
            return ""
        key = raw.strip() if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)
        try:
            key.encode("utf-8")
        except UnicodeEncodeError:
            return None
        return key

    def add(self, key: str | None, value: Value, count: int) -> None:
        self.total.add(value, count)
        if key is not None:
            group = self.groups.get(key)
            if group is None:
                group = self.groups[key] = _Tally()
            group.add(value, count)

    # --- CSV ---------------------------------------------------------------------------------

    def csv_file(self, lines: _Lines, first: str, first_line: int, rest: list[str]) -> None:
        self.delimiter = _delimiter(first)
        header = _csv_fields(first.rstrip("\r\n"), self.delimiter)
        if header is None:
            raise InputError(f"{self.source} line {first_line}: the header is malformed CSV")
        if _open_quote(first.rstrip("\r\n"), self.delimiter):
            raise InputError(
                f"{self.source} line {first_line}: a quoted field in the header is never closed",
                hint="the column names go on one line",
            )
        header = [name.strip() for name in header]
        width = len(header)
        if self.column is None and width != 1 and self.spec.id != "aht":
            found = guess_score_column(header)
            if found is not None:
                self.column = header[found]
        if self.column is None:
            if width != 1:
                raise InputError(
                    f"{self.source} has {width} columns: say which one with --column",
                    hint="columns: " + ", ".join(show(name) for name in header),
                )
            if self.by is None and self.parses(header[0]):
                # No header: a single column of values, the first line is one of them.
                self.single_column_stream(lines, [first, *rest], first_line)
                return
            self.column = header[0]
        if self.column_mapped:
            self.column = mapped_header(header, self.column)
        value_index = self._index(header, self.column, "--column")
        by_index = None if self.by is None else self._index(header, self.by, "--by")
        if width == 1 and by_index is None:
            self.single_column_stream(lines, rest, first_line + 1)
        else:
            batches = _batches(lines, rest, first_line + 1)
            self.csv_stream(lines, batches, width, value_index, by_index)

    def _index(self, header: list[str], name: str, option: str) -> int:
        if header.count(name) > 1:
            raise InputError(f"{self.source}: column '{show(name)}' appears twice in the header")
        if name in header:
            return header.index(name)
        folded = [h for h in header if h.casefold() == name.casefold()]
        if folded:
            hint = f"did you mean '{show(folded[0])}'?"
        elif len(header) == 1 and self.parses(header[0]):
            hint = "the file seems to have no header row; leave out --column"
        else:
            hint = "columns: " + ", ".join(show(h) for h in header)
        raise InputError(f"{self.source}: no column '{show(name)}' ({option})", hint=hint)

    def parses(self, raw: str) -> bool:
        try:
            self.parse(raw)
        except ValueError:
            return False
        return True

    def single_column_stream(self, lines: _Lines, batch: list[str], start: int) -> None:
        cache: dict[object, Value | str] = {}
        batches = _batches(lines, batch, start)
        for batch, start in batches:
            if not self.single_column(batch, start, cache):
                # A quote: this batch and the rest go through the csv module.
                self.csv_stream(lines, chain([(batch, start)], batches), 1, 0, None)
                return

    def single_column(self, batch: list[str], start: int, cache: dict[object, Value | str]) -> bool:
        """Fast path for a file of one column; False (nothing done) if a line holds a quote."""
        counts = Counter(batch)
        if any('"' in raw for raw in counts):
            return False
        if len(cache) > 4096:
            cache.clear()
        for raw, count in counts.items():
            text = raw.strip()
            if not text:
                continue  # blank line

            line = partial(_line_in, batch, start, raw)
            if self.delimiter in text:
                fields = text.count(self.delimiter) + 1
                self.bad(line, f"{fields} fields where the header has 1", count)
                continue
            value = self.value_of(text, cache)
            if isinstance(value, str):
                self.bad(line, value, count)
            else:
                self.add(None, value, count)
        return True

    def csv_stream(
        self,
        lines: _Lines,
        batches: Iterable[tuple[list[str], int]],
        width: int,
        value_index: int,
        by_index: int | None,
    ) -> None:
        cache: dict[object, Value | str] = {}
        for batch, start in batches:
            if '"' in "".join(batch):
                batch = self._complete_records(lines, batch, start)
            if len(cache) > 4096:
                cache.clear()
            self._csv_batch(batch, start, width, value_index, by_index, cache)

    def _complete_records(self, lines: _Lines, batch: list[str], start: int) -> list[str]:
        """Extend a batch that ends inside a quoted field (a quote inside an unquoted field,
        as in `12" screen`, is a character, not the start of one)."""
        # An odd number of quotes first (one pass in C): only then is the batch parsed to see
        # whether a field is really open. No limit on the blocks: the csv module stops a
        # field at 128 KB (its field size limit), within a block or two.
        quotes = sum(raw.count('"') for raw in batch)
        while quotes % 2 and _ends_in_quotes(batch, self.delimiter):
            more = lines.batch()
            if not more:
                line = start + _opening_quote(batch, self.delimiter)
                raise InputError(f"{self.source} line {line}: a quoted field is never closed")
            quotes += sum(raw.count('"') for raw in more)
            batch.extend(more)
        return batch

    def _csv_batch(
        self,
        batch: list[str],
        start: int,
        width: int,
        value_index: int,
        by_index: int | None,
        cache: dict[object, Value | str],
    ) -> None:
        row_lines: list[int] | None = None
        try:
            rows = list(csv.reader(batch, delimiter=self.delimiter))
            if len(rows) != len(batch):  # multi-line records: find the line each one starts on
                reader = csv.reader((line + "\n" for line in batch), delimiter=self.delimiter)
                rows, row_lines, previous = [], [], 0
                for row in reader:
                    rows.append(row)
                    row_lines.append(start + previous)
                    previous = reader.line_num
        except csv.Error as exc:  # e.g. a field over the csv module's 128 KB limit
            last = start + len(batch) - 1
            raise InputError(
                f"{self.source} lines {start}-{last}: unreadable CSV ({exc})"
            ) from None

        def line_of(index: int) -> int:
            return start + index if row_lines is None else row_lines[index]

        if set(map(len, rows)) != {width}:
            kept: list[list[str]] = []
            kept_lines: list[int] = []
            for index, row in enumerate(rows):
                if not row:
                    continue  # blank line
                if len(row) != width:
                    message = f"{len(row)} fields where the header has {width}"
                    self.bad(partial(line_of, index), message)
                    continue
                kept.append(row)
                kept_lines.append(line_of(index))
            rows, row_lines = kept, kept_lines

        def first_line(key: str | None, raw: str) -> int:
            for index, row in enumerate(rows):
                if row[value_index] == raw and (by_index is None or row[by_index] == key):
                    return line_of(index)
            return start  # pragma: no cover - the value comes from these rows

        if by_index is None:
            for raw, count in Counter(map(itemgetter(value_index), rows)).items():
                value = self.value_of(raw, cache)
                if isinstance(value, str):
                    self.bad(partial(first_line, None, raw), value, count)
                else:
                    self.add(None, value, count)
            return
        pairs: Counter[tuple[str, str]] = Counter(map(itemgetter(by_index, value_index), rows))
        for (raw_key, raw), count in pairs.items():
            value = self.value_of(raw, cache)
            key = self.key_of(raw_key)
            if isinstance(value, str) or key is None:
                message = value if isinstance(value, str) else f"column '{self.by}' is not text"
                self.bad(partial(first_line, raw_key, raw), message, count)
            else:
                self.add(key, value, count)

    # --- workbook sheets ----------------------------------------------------------------------

    def table_rows(self, table: Table, value_index: int, by_index: int | None) -> None:
        def on_bad(number: int, message: str) -> None:
            self.bad_at(lambda: table.where(number), message)

        cache: dict[object, Value | str] = {}
        for batch in table.rows(on_bad):
            if len(cache) > 4096:
                cache.clear()
            # The type goes into the key: True, 1 and 1.0 are equal (and hash alike) in Python.
            pairs = Counter(
                (
                    None if by_index is None else cells[by_index],
                    cells[value_index],
                    type(cells[value_index]),
                )
                for _, cells in batch
            )
            for (raw_key, raw, _), count in pairs.items():
                value = self.cell_value(raw, cache)
                key = None if by_index is None else text_cell(raw_key)
                if isinstance(value, str):
                    where = partial(
                        _first_cell, table, batch, (by_index, raw_key), value_index, raw
                    )
                    self.bad_at(where, value, count)
                else:
                    self.add(key, value, count)

    def cell_value(self, raw: Cell, cache: dict[object, Value | str]) -> Value | str:
        """The parsed value of a cell, or the error message (cached per distinct cell)."""
        slot = (raw, type(raw))
        hit = cache.get(slot)
        if hit is not None:
            return hit
        try:
            out: Value | str = "no value" if _blank(raw) else self.parse(raw)
        except ValueError as exc:
            out = f"{shown_cell(raw)} {exc}"
        cache[slot] = out
        return out

    def bad_at(self, where: Callable[[], str], message: str, count: int = 1) -> None:
        """A bad row named by its place (sheet and cell): skip it or stop."""
        if not self.skip_invalid:
            raise InputError(f"{where()}: {message}")
        self.skipped += count

    # --- JSON Lines ----------------------------------------------------------------------------

    def jsonl_stream(self, lines: _Lines, batch: list[str], start: int) -> None:
        if self.column is None:
            raise InputError(
                f"{self.source} is JSON Lines: say which key holds the values with --column"
            )
        cache: dict[object, Value | str] = {}
        while True:
            if not batch:
                start = lines.read + 1
                batch = lines.batch()
                if not batch:
                    return
            if len(cache) > 4096:
                cache.clear()
            if not self._json_batch(batch, cache):
                self._json_lines(batch, start, cache)
            batch = []

    def _json_batch(self, batch: list[str], cache: dict[object, Value | str]) -> bool:
        """Fast path: the whole batch as one JSON array, counted in C. False to go line by line
        (a bad line, a bad value, `true`/`false` that would count as 1/0): nothing added then."""
        text = ",".join(batch)
        if "true" in text or "false" in text:
            return False
        objects = [line for line in batch if not line.isspace() and line]
        try:
            rows = json.loads(f"[{','.join(objects)}]")
            if len(rows) != len(objects) or not all(type(row) is dict for row in rows):
                return False
            column, by = self.column, self.by
            if by is None:
                pairs = Counter((None, row.get(column, _MISSING)) for row in rows)
            else:
                pairs = Counter((row.get(by), row.get(column, _MISSING)) for row in rows)
        except (ValueError, TypeError):  # invalid JSON, unhashable values
            return False
        found: list[tuple[str | None, Value, int]] = []
        for (raw_key, raw), count in pairs.items():
            if raw is _MISSING or not isinstance(raw, str | int | float | None):
                return False
            value = self.value_of(raw, cache)
            key = None if by is None else self.key_of(raw_key)
            if isinstance(value, str) or (by is not None and key is None):
                return False
            found.append((key, value, count))
        for key, value, count in found:
            self.add(key, value, count)
        return True

    def _json_lines(self, batch: list[str], start: int, cache: dict[object, Value | str]) -> None:
        for raw, count in Counter(batch).items():
            text = raw.strip()
            if not text:
                continue
            parsed = self._json_row(text, cache)
            if isinstance(parsed, str):
                self.bad(partial(_line_in, batch, start, raw), parsed, count)
            else:
                self.add(parsed[0], parsed[1], count)

    def _json_row(
        self, text: str, cache: dict[object, Value | str]
    ) -> tuple[str | None, Value] | str:
        try:
            row = json.loads(text)
        except ValueError as exc:
            return f"not valid JSON ({getattr(exc, 'msg', exc)})"
        if not isinstance(row, dict):
            return "not a JSON object"
        if self.column not in row:
            return f"no key '{show(str(self.column))}'"
        raw = row[self.column]
        if isinstance(raw, bool) or not isinstance(raw, str | int | float | None):
            return f"{show(json.dumps(raw))} in column '{self.column}' is not a number"
        value = self.value_of(raw, cache)
        if isinstance(value, str):
            return value
        if self.by is None:
            return (None, value)
        key = self.key_of(row.get(self.by))
        if key is None:
            return f"column '{self.by}' is not text"
        return (key, value)


def _first_cell(
    table: Table,
    batch: list[tuple[int, list[Cell]]],
    group: tuple[int | None, Cell],
    value_index: int,
    raw: Cell,
) -> str:
    """The place of the first cell of `batch` holding `raw` (in the group `group`)."""
    by_index, raw_key = group
    number = next(
        n
        for n, cells in batch
        if cells[value_index] == raw
        and type(cells[value_index]) is type(raw)
        and (by_index is None or cells[by_index] == raw_key)
    )
    return table.where(number, value_index)


_END = "\x00end of batch"


def _ends_in_quotes(batch: list[str], delimiter: str) -> bool:
    """True when the csv module would read past the end of `batch` to close a quoted field:
    a last line after the batch is then read into that field, not as a record of its own."""
    reader = csv.reader(chain((line + "\n" for line in batch), [_END]), delimiter=delimiter)
    try:
        last = deque(reader, maxlen=1)
    except csv.Error:
        return False  # reported by the reading that follows
    return list(last) != [[_END]]


def _opening_quote(batch: list[str], delimiter: str) -> int:
    """The index of the line where the record still open at the end of `batch` starts."""
    reader = csv.reader((line + "\n" for line in batch), delimiter=delimiter)
    start = 0
    try:
        for _ in reader:
            if reader.line_num < len(batch):
                start = reader.line_num
    except csv.Error:
        pass
    return start


def _line_in(batch: list[str], start: int, raw: str) -> int:
    return start + batch.index(raw)


def _delimiter(header: str) -> str:
    """Comma, or semicolon (Excel in French) or tab when the header has no comma."""
    for candidate in (",", ";", "\t"):
        if candidate in header:
            return candidate
    return ","


def _open_quote(line: str, delimiter: str) -> bool:
    """True when a quoted field of `line` runs on past its end (the csv module would go on
    reading the next line into it)."""
    if '"' not in line:
        return False
    reader = csv.reader([line + "\n", "\n"], delimiter=delimiter)
    try:
        next(reader, None)
    except csv.Error:
        return False  # reported as malformed by the caller
    return reader.line_num > 1


def _csv_fields(line: str, delimiter: str) -> list[str] | None:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return None


def _score_parser(low: int, high: int) -> Callable[[object], Value]:
    def parse(raw: object) -> Value:
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            raise ValueError("is not a whole number")
        if isinstance(raw, float):
            if not raw.is_integer():
                raise ValueError("is not a whole number")
            score = int(raw)
        elif isinstance(raw, int):
            score = raw
        else:
            score = score_value(str(raw))
        if not low <= score <= high:
            raise ValueError(f"is outside the {low}-{high} scale")
        return score

    return parse


def _duration_parser(raw: object) -> Value:
    if isinstance(raw, bool):
        raise ValueError("is not a duration")
    if not isinstance(raw, str | int | float):
        return duration_cell(raw)  # type: ignore[arg-type]  # a workbook's time or timedelta
    if isinstance(raw, int | float):
        if isinstance(raw, float) and not math.isfinite(raw):
            raise ValueError("is not a number")
        value = Fraction(repr(raw)) if isinstance(raw, float) else Fraction(raw)
        if value < 0:
            raise ValueError("is negative")
        return value
    return duration_value(str(raw))


def read_tallies(
    spec: MetricSpec,
    values: Mapping[str, object],
    stream: TextIO,
    *,
    source: str,
    column: str | None,
    by: str | None,
    skip_invalid: bool,
    column_mapped: bool = False,
) -> _Reader:
    reader = _Reader(spec, _parser(spec, values), source, column, by, skip_invalid)
    reader.column_mapped = column_mapped
    lines = _Lines(stream, source)
    first, first_line, rest = _first_text_line(lines)
    if first is None:
        raise InputError(f"{source} is empty")
    head = first.lstrip()
    if head.startswith("{"):
        reader.jsonl_stream(lines, [first, *rest], first_line)
    elif head.startswith("["):
        raise InputError(f"{source} is a JSON array; write one object per line (JSON Lines)")
    else:
        reader.csv_file(lines, first, first_line, rest)
    _check_counts(reader, source)
    return reader


def _parser(spec: MetricSpec, values: Mapping[str, object]) -> Callable[[object], Value]:
    if spec.id == "aht":
        return _duration_parser
    return _score_parser(*score_range(spec, values))


def _check_counts(reader: _Reader, place: str) -> None:
    # Every data row is counted or skipped (or stopped the reading): neither means none.
    if reader.total.n == 0 and reader.skipped == 0:
        raise InputError(f"{place} has a header but no rows")
    if reader.total.n == 0:
        raise InputError(f"{place}: no valid rows ({reader.skipped} skipped)")


def _first_text_line(lines: _Lines) -> tuple[str | None, int, list[str]]:
    """The first non-blank line, its number and the lines read after it."""
    while True:
        batch = lines.batch()
        if not batch:
            return None, 0, []
        for index, line in enumerate(batch):
            if line.strip():
                return line, lines.read - len(batch) + index + 1, batch[index + 1 :]


def _outcome(spec: MetricSpec, values: Mapping[str, object], tally: _Tally) -> Outcome:
    if spec.id == "aht":
        return seconds_outcome(tally.total, tally.n)
    return distribution_outcome(spec, values, tally.counts)


def _file_values(spec: MetricSpec, inputs: Mapping[str, object]) -> dict[str, object]:
    if not spec.accepts_file:
        raise InputError(f"metric {spec.id} does not read files; give its options instead")
    allowed = FILE_OPTIONS[spec.id]
    for name, value in inputs.items():
        if value is not None and name not in allowed and spec.input(name) is not None:
            raise InputError(f"--{name} does not go with --file")
    return normalise(spec, inputs)


def _file_result(
    spec: MetricSpec,
    values: Mapping[str, object],
    reader: _Reader,
    echoed: dict[str, object],
    compare: tuple[str, str] | None,
) -> MetricResult:
    if reader.by is not None:
        echoed["by"] = reader.by
    echoed.update({name: echo(value) for name, value in values.items()})
    out = result(spec, _outcome(spec, values, reader.total), echoed)
    if reader.by is not None:
        out.groups = [
            result(spec, _outcome(spec, values, reader.groups[key]), {}).as_group(key)
            for key in sorted(reader.groups)
        ]
    out.skipped = reader.skipped
    out.source = reader.source
    if compare is not None:
        from cxglossary.metrics.compare import compare_groups

        groups = {key: tally.counts for key, tally in reader.groups.items()}
        out.comparison = compare_groups(spec, values, groups, compare, reader.by)
    return out


def prepared(
    metric_id: str,
    inputs: Mapping[str, object],
    by: str | None,
    compare: tuple[str, str] | None,
    *,
    per: str | None = None,
) -> tuple[MetricSpec, dict[str, object]]:
    """The spec and checked options shared by a CSV stream, a workbook table and a survey
    read per period (`surveys.survey_metric`)."""
    spec = get_spec(metric_id)
    values = _file_values(spec, inputs)
    if compare is not None:
        from cxglossary.metrics.compare import check_file_compare

        check_file_compare(spec, by, per)
    return spec, values


def compute_file(
    metric_id: str,
    stream: TextIO,
    *,
    source: str,
    column: str | None,
    by: str | None,
    skip_invalid: bool,
    inputs: Mapping[str, object],
    column_mapped: bool = False,
    compare: tuple[str, str] | None = None,
) -> MetricResult:
    spec, values = prepared(metric_id, inputs, by, compare)
    reader = read_tallies(
        spec,
        values,
        stream,
        source=source,
        column=column,
        by=by,
        skip_invalid=skip_invalid,
        column_mapped=column_mapped,
    )
    echoed: dict[str, object] = {"file": source, "column": reader.column}
    return _file_result(spec, values, reader, echoed, compare)


def compute_table(
    metric_id: str,
    table: Table,
    *,
    column: str | None,
    by: str | None,
    skip_invalid: bool,
    inputs: Mapping[str, object],
    column_mapped: bool = False,
    compare: tuple[str, str] | None = None,
) -> MetricResult:
    """The same as `compute_file`, from a `tables.Table` (an Excel sheet)."""
    spec, values = prepared(metric_id, inputs, by, compare)
    if column is not None and column_mapped:
        column = mapped_header(table.headers, column)
    reader = _Reader(spec, _parser(spec, values), table.source, column, by, skip_invalid)
    value_index = _table_column(table, spec, column, "--column", True)
    by_index = None if by is None else _table_column(table, spec, by, "--by", False)
    reader.column = table.headers[value_index]
    reader.table_rows(table, value_index, by_index)
    _check_counts(reader, _place(table))
    echoed: dict[str, object] = {"file": table.source}
    if table.sheet is not None:
        echoed["sheet"] = table.sheet
    echoed["column"] = reader.column
    return _file_result(spec, values, reader, echoed, compare)


def _table_column(
    table: Table, spec: MetricSpec, name: str | None, option: str, guess: bool
) -> int:
    """The index of the column `name`; without a name, the only column or the score column."""
    headers = table.headers
    if name is None:
        if len(headers) == 1:
            return 0
        found = guess_score_column(headers) if guess and spec.id != "aht" else None
        if found is None:
            raise InputError(
                f"{_place(table)} has {len(headers)} columns: say which one with --column",
                hint="columns: " + ", ".join(show(header) for header in headers),
            )
        return found
    if headers.count(name) > 1:
        raise InputError(f"{_place(table)}: column '{show(name)}' appears twice in the header")
    if name in headers:
        return headers.index(name)
    folded = [h for h in headers if h.casefold() == name.casefold()]
    hint = (
        f"did you mean '{show(folded[0])}'?"
        if folded
        else "columns: " + ", ".join(show(h) for h in headers)
    )
    raise InputError(f"{_place(table)}: no column '{show(name)}' ({option})", hint=hint)


def _place(table: Table) -> str:
    return table.source if table.sheet is None else f"{table.source} sheet '{show(table.sheet)}'"


def _batches(lines: _Lines, batch: list[str], start: int) -> Iterator[tuple[list[str], int]]:
    """The batch already read (if any), then the file's next batches, each with the
    number of its first line (computed when asked for: a batch may have pulled in
    more lines to close a quoted field)."""
    if batch:
        yield batch, start
    while True:
        start = lines.read + 1
        batch = lines.batch()
        if not batch:
            return
        yield batch, start
