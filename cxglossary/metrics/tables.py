"""Tables from exports: CSV and Excel workbooks, recognised columns, cells with their place.

One reader for every file a metric reads by columns (contact logs, surveys, forecasts):

- `open_table(path, sheet=, encoding=)` -> `Table`: its headers and its rows in batches, each
  row with its number (the CSV line it starts on, or the sheet's row), so that every bad
  value is named where a user finds it: "calls.csv line 14, column 'wait'" or
  "calls.xlsx sheet 'Janvier' cell C14, column 'wait'" (`Table.where`).
- `recognise(table, roles, mapping)` -> `Columns`: which header is read as what, from the
  usual French and English names whatever their case and accents, or `--map NAME=HEADER`.
- cell parsers (`flag_cell`, `duration_cell`, `count_cell`, `number_cell`, `text_cell`):
  they take what a CSV gives (text) or what a workbook stores (numbers, booleans, dates,
  times, durations) and raise `ValueError` with the tail of a sentence, as
  `metrics.parsing` does.

Workbooks are read with python-calamine (Rust; see benchmarks/README.md for the comparison
with openpyxl), imported only when a workbook is opened. A CSV is read with the `csv` module,
its separator decided by the header (a comma, else a semicolon or a tab), its encoding UTF-8
(a BOM is fine) unless `encoding` says otherwise.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import IO, Any, cast

from cxglossary._latin import ACCENTED, PLAIN
from cxglossary.errors import InputError
from cxglossary.metrics.parsing import count_value, decimal_value, duration_value, show

Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None
ROWS_PER_BATCH = 4096

# The usual headers of each column, as `header_key` writes them (lower case, no accents,
# words joined by "_"). The first name is the one `--map` takes.
ALIASES: dict[str, tuple[str, ...]] = {
    # contact logs
    "time": ("time", "arrived_at", "date", "datetime", "timestamp", "arrival", "heure",
             "date_heure", "horodatage", "arrivee", "start_time",
             # forecasts: the start of each interval
             "debut", "heure_de_debut", "start", "interval", "intervalle", "periode", "period",
             "tranche", "tranche_horaire", "creneau"),
    "queue": ("queue", "file", "file_d_attente", "skill", "competence", "service"),
    "agent": ("agent", "conseiller", "agent_name", "agent_id", "operateur"),
    "wait": ("wait", "attente", "wait_time", "temps_d_attente", "temps_attente", "queue_time"),
    "outcome": ("outcome", "statut", "status", "resultat", "issue_appel"),
    "talk": ("talk", "conversation", "talk_time", "temps_de_conversation", "duree_conversation"),
    "hold": ("hold", "attente_client", "mise_en_attente", "hold_time"),
    "wrap": ("wrap", "post_appel", "wrap_up", "acw", "after_call_work", "travail_post_appel"),
    "resolved_first": ("resolved_first", "resolu_premier_contact", "fcr",
                       "first_contact_resolution", "resolu_au_premier_contact"),
    "abandoned": ("abandoned", "abandon", "abandonne", "is_abandoned"),
    "id": ("id", "contact_id", "call_id", "identifiant", "id_appel", "id_contact", "ticket_id"),
    # surveys
    "score": ("score", "note", "rating", "reponse", "answer"),
    # forecasts for staffing
    "calls": ("calls", "appels", "volume", "contacts", "nb_appels", "forecast_calls"),
    "aht": ("aht", "dmt", "average_handle_time", "duree_moyenne_de_traitement"),
    "patience": ("patience", "average_patience", "patience_moyenne"),
}  # fmt: skip
NAMES = tuple(ALIASES)

_FOLD = str.maketrans(ACCENTED, PLAIN)
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_CELL_COLUMN = re.compile(r"[A-Z]+")
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that are not UTF-8, as surrogateescape
_TRUE = frozenset(("1", "true", "yes", "y", "oui", "o", "vrai", "x"))
_FALSE = frozenset(("0", "false", "no", "n", "non", "faux", ""))
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted workbooks and old .xls files
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
SECONDS_PER_DAY = 86400


def header_key(text: str) -> str:
    """A header as compared with the usual names: 'Mise en attente (s)' -> 'mise_en_attente_s'."""
    return _NOT_WORD.sub("_", text.translate(_FOLD).casefold()).strip("_")


def _alias_key(text: str) -> str:
    """`header_key` without a trailing unit: 'Attente (s)', 'wait_sec', 'talk_seconds'."""
    key = header_key(text)
    # The longest first: 'attente_en_secondes' is the wait, not 'attente_en'. A key never
    # starts with "_" (header_key strips it), so a unit is never the whole key.
    for unit in ("_en_secondes", "_secondes", "_seconds", "_sec", "_s"):
        if key.endswith(unit):
            return key[: -len(unit)]
    return key


_ROLE_OF = {alias: role for role, aliases in ALIASES.items() for alias in aliases}


def column_letters(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# --- tables ------------------------------------------------------------------------------


Batches = Iterator[list[tuple[int, list[Cell]]]]
OnBad = Callable[[int, str], None]


class Table:
    """The header of a CSV file or a sheet, and the way to its rows.

    `rows()` yields batches of (number, cells) where `number` is the CSV line the row starts
    on or the sheet's row number (1-based), and `cells` has exactly one cell per header.
    Blank rows are left out. A CSV row of the wrong width goes to `on_bad(number, message)`
    (by default: an `InputError` naming the line).
    """

    def __init__(
        self,
        source: str,
        headers: list[str],
        batches: Callable[[OnBad], Batches],
        close: Callable[[], None],
        *,
        sheet: str | None = None,
        first_column: int = 0,
    ) -> None:
        self.source = source
        self.headers = headers
        self.sheet = sheet
        self.first_column = first_column  # the sheet column of the first header (0 = A)
        self._batches = batches
        self._close = close

    def rows(self, on_bad: OnBad | None = None) -> Batches:
        return self._batches(on_bad or self._stop)

    def _stop(self, number: int, message: str) -> None:
        raise InputError(f"{self.where(number)}: {message}")

    def where(self, number: int, column: int | None = None) -> str:
        """'calls.csv line 14, column 'wait'' or 'calls.xlsx sheet 'Janvier' cell C14, ...'."""
        name = None if column is None else f"column '{show(self.headers[column])}'"
        if self.sheet is None:
            place = f"{self.source} line {number}"
        elif column is None:
            place = f"{self.source} sheet '{show(self.sheet)}' row {number}"
        else:
            cell = column_letters(self.first_column + column) + str(number)
            place = f"{self.source} sheet '{show(self.sheet)}' cell {cell}"
        return place if name is None else f"{place}, {name}"

    def close(self) -> None:
        self._close()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def is_workbook(path: str, head: bytes) -> bool:
    """A workbook by its first bytes (a zip, or the OLE box of an encrypted one), or its name."""
    if head.startswith((_XLSX_MAGIC, _OLE_MAGIC)):
        return True
    return path.lower().endswith((".xlsx", ".xlsm", ".xls"))


def open_table(
    path: str,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    stdin: IO[bytes] | None = None,
) -> Table:
    """Open a CSV file or a workbook ('-' reads `stdin`); one-line `InputError`s for all faults."""
    source = "<stdin>" if path == "-" else path
    if path == "-":
        if stdin is None:
            raise InputError("no standard input to read")
        binary: IO[bytes] = stdin
    else:
        binary = _open_binary(path)
    try:
        if hasattr(binary, "peek"):
            head = binary.peek(8)[:8]
        else:  # a BytesIO
            import io

            data = binary.read()
            head, binary = data[:8], io.BytesIO(data)
        if is_workbook(path, head):
            if encoding is not None:
                raise InputError(f"--encoding goes with a CSV file; {source} is a workbook")
            return _open_workbook(source, binary, head, sheet)
        if sheet is not None:
            raise InputError(f"--sheet goes with an Excel workbook; {source} is a CSV file")
        return _open_csv(source, binary, encoding)
    except BaseException:
        binary.close()
        raise


def _open_binary(path: str) -> IO[bytes]:
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory, not a data file")
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


# --- CSV -----------------------------------------------------------------------------------


def _delimiter(header: str) -> str:
    """Comma, or semicolon (Excel in French) or tab when the header has no comma."""
    for candidate in (",", ";", "\t"):
        if candidate in header:
            return candidate
    return ","


def not_utf8(source: str, line: int, data: bytes) -> InputError:
    """The error for a line that is not UTF-8, naming its first byte that is not and the
    encoding the line most likely is in (Windows-1252, when all of it reads as text there)."""
    try:
        data.decode("utf-8")
        at = None
    except UnicodeDecodeError as exc:
        at = exc.start
    what = "" if at is None else f" (byte 0x{data[at]:02x})"
    sample = _windows_1252(data)
    if at is None or sample is None:
        return InputError(
            f"{source} line {line}: not UTF-8 text{what}",
            hint="save the file as UTF-8, or give its encoding with --encoding",
        )
    # Windows-1252 has one byte per character: the bad byte's letter is at the same index.
    bad, letter = data[at], sample[at]
    return InputError(
        f"{source} line {line}: not UTF-8 text{what}; it looks like Windows-1252, as Excel "
        f"saves 'CSV' on Windows, where 0x{bad:02x} is '{letter}'",
        hint="read it with --encoding cp1252, or save it as 'CSV UTF-8'",
    )


def _windows_1252(data: bytes) -> str | None:
    """`data` read as Windows-1252, or None when it is not text there (binary, undefined bytes)."""
    try:
        sample = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    if all(char.isprintable() or char in "\t\r\n" for char in sample):
        return sample
    return None


def check_encoding(encoding: str | None) -> None:
    """`--encoding NAME`: a one-line error for a name Python does not know."""
    if encoding is None:
        return
    import codecs

    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(
            f"--encoding {show(encoding)}: unknown encoding", hint="e.g. cp1252, latin-1"
        ) from None


def _open_csv(source: str, binary: IO[bytes], encoding: str | None) -> Table:
    import io

    check_encoding(encoding)
    if encoding is None:
        # Bytes that are not UTF-8 pass as lone surrogates, found line by line: the error
        # names the exact line, even on a pipe that cannot be read again.
        text = io.TextIOWrapper(binary, "utf-8-sig", "surrogateescape", newline="")
        lines = _NumberedLines(text, source)
    else:
        text = io.TextIOWrapper(binary, encoding=encoding, newline="")
        lines = _NumberedLines(text)

    def guarded(step: Callable[[], Any]) -> Any:
        try:
            return step()
        except UnicodeDecodeError as exc:
            raise InputError(f"{source}: not {encoding} text ({exc.reason})") from None
        except csv.Error as exc:
            raise InputError(f"{source} line {lines.number}: unreadable CSV ({exc})") from None
        except OSError as exc:
            raise InputError(f"{source}: cannot read ({exc.strerror or exc})") from None

    first = guarded(lambda: _first_line(lines))
    if first is None:
        raise InputError(f"{source} is empty")
    delimiter = _delimiter(first)
    reader = csv.reader(_chain_first(first, lines), delimiter=delimiter)
    header_row = guarded(lambda: next(reader))
    if lines.number > lines.first_number:
        raise InputError(
            f"{source} line {lines.first_number}: a quoted field in the header is never closed",
            hint="the column names go on one line",
        )
    headers = [name.strip() for name in header_row]
    _check_headers(source, headers)
    width = len(headers)

    def batches(on_bad: OnBad) -> Batches:
        batch: list[tuple[int, list[Cell]]] = []
        while True:
            start = lines.number + 1
            row = guarded(lambda: next(reader, None))
            if row is None:
                break
            if not any(cell.strip() for cell in row):
                continue  # a blank line, or a row of empty fields
            if len(row) != width:
                on_bad(start, f"{len(row)} fields where the header has {width}")
                continue
            batch.append((start, cast("list[Cell]", row)))
            if len(batch) >= ROWS_PER_BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    return Table(source, headers, batches, text.close)


class _NumberedLines:
    """The lines of a text stream, counting them (the csv module reads records through it).

    With `utf8_source`, the stream was decoded with surrogateescape: a line holding a byte
    that is not UTF-8 stops with the error naming that line."""

    def __init__(self, text: IO[str], utf8_source: str | None = None) -> None:
        self.text = text
        self.number = 0
        self.first_number = 0
        self.utf8_source = utf8_source

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self.text)
        self.number += 1
        if self.utf8_source is not None and not line.isascii() and _ESCAPED.search(line):
            data = line.encode("utf-8", "surrogateescape")
            raise not_utf8(self.utf8_source, self.number, data)
        return line


def _first_line(lines: _NumberedLines) -> str | None:
    for line in lines:
        if line.strip():
            lines.first_number = lines.number
            return line
    return None


def _chain_first(first: str, lines: _NumberedLines) -> Iterator[str]:
    yield first
    yield from lines


def _check_headers(source: str, headers: list[str]) -> None:
    if not any(headers):
        raise InputError(f"{source}: the header row is empty")


# --- workbooks -----------------------------------------------------------------------------


def _open_workbook(source: str, binary: IO[bytes], head: bytes, sheet: str | None) -> Table:
    if head.startswith(_OLE_MAGIC):
        data = binary.read(1 << 20)
        if _ENCRYPTED in data:
            raise InputError(
                f"{source}: the workbook is password-protected",
                hint="save a copy without a password (File > Info > Protect Workbook)",
            )
        raise InputError(
            f"{source}: an old Excel 97-2003 (.xls) workbook", hint="save it as .xlsx or as CSV"
        )
    if not head.startswith(_XLSX_MAGIC):
        raise InputError(f"{source}: not an Excel workbook (.xlsx is a zip archive)")
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_filelike(binary)
    except Exception as exc:  # calamine raises its own errors and zip errors for a bad file
        raise InputError(
            f"{source}: a corrupt or unreadable workbook ({_first_line_of(exc)})"
        ) from None
    names = list(book.sheet_names)
    name = _sheet_name(source, names, sheet)
    try:
        content = book.get_sheet_by_name(name)
        rows = content.iter_rows()
        # iter_rows starts at the sheet's first row (empty rows above the data included) but
        # at the first column holding data: tests/test_tables.py pins this down.
        first_column = (content.start or (0, 0))[1]
    except Exception as exc:
        raise InputError(
            f"{source} sheet '{show(name)}': unreadable ({_first_line_of(exc)})"
        ) from None
    header_number = 0
    header: list[Cell] = []
    for row in rows:
        header_number += 1
        if any(not blank(cell) for cell in row):
            header = list(row)
            break
    if not header:
        raise InputError(f"{source} sheet '{show(name)}' is empty")
    headers = [_header_text(cell) for cell in header]
    while not headers[-1]:  # the header row holds a cell that is not blank: it stops there
        headers.pop()
    width = len(headers)

    def batches(on_bad: OnBad) -> Batches:
        batch: list[tuple[int, list[Cell]]] = []
        for number, row in enumerate(rows, header_number + 1):
            # calamine gives every row the width of the sheet's data, the header row's included
            cells: list[Cell] = list(row[:width])
            if all(blank(cell) for cell in cells):
                continue
            batch.append((number, cells))
            if len(batch) >= ROWS_PER_BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    def close() -> None:
        book.close()
        binary.close()

    return Table(source, headers, batches, close, sheet=name, first_column=first_column)


def _first_line_of(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return show(text[0] if text else type(exc).__name__, 80)


def _sheet_name(source: str, names: list[str], wanted: str | None) -> str:
    """The sheet asked for by name (exact, then ignoring case) or number (1 = the first)."""
    if not names:
        raise InputError(f"{source}: the workbook has no sheet")
    if wanted is None:
        return names[0]
    if wanted in names:
        return wanted
    folded = [name for name in names if name.casefold() == wanted.strip().casefold()]
    if len(folded) == 1:
        return folded[0]
    if wanted.strip().isdigit():
        number = int(wanted)
        if 1 <= number <= len(names):
            return names[number - 1]
    listed = ", ".join(f"{i} '{show(name)}'" for i, name in enumerate(names, 1))
    raise InputError(f"{source}: no sheet '{show(wanted)}'", hint=f"sheets: {listed}")


def blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _header_text(cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell).strip()


# --- columns -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str  # the role: "wait", "score" …
    header: str  # as written in the file
    index: int
    mapped: bool  # given with --map rather than recognised


@dataclass
class Columns:
    """The columns of a table read as what."""

    table: Table
    found: dict[str, Column]

    def get(self, name: str) -> Column | None:
        return self.found.get(name)

    def need(self, name: str, indicator: str) -> Column:
        """The column `name`, or an error naming the indicator that needs it."""
        column = self.found.get(name)
        if column is None:
            usual = ", ".join(ALIASES[name][:4])
            raise InputError(
                f"{self.table.source}: {indicator} needs a '{name}' column, and none of the "
                f"headers is one ({usual} …)",
                hint=f"name it with --map {name}=HEADER; headers: {_listed(self.table.headers)}",
            )
        return column

    def read_as(self) -> dict[str, str]:
        """{header: name} in the order of the file, for the output."""
        ordered = sorted(self.found.values(), key=lambda column: column.index)
        return {column.header: column.name for column in ordered}


def _listed(headers: Iterable[str]) -> str:
    return ", ".join(f"'{show(header)}'" for header in headers if header)


def parse_maps(items: Iterable[str]) -> dict[str, str]:
    """`--map wait=Temps d'attente` (repeatable) -> {'wait': "Temps d'attente"}."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, header = item.partition("=")
        name = name.strip()
        if not sep or not name or not header.strip():
            raise InputError(
                f"--map {show(item)}: write NAME=HEADER", hint="e.g. --map wait=Temps d'attente"
            )
        key = header_key(name)
        if key not in ALIASES:
            key = _ROLE_OF.get(key, key)
        if key not in ALIASES:
            raise InputError(f"--map {show(item)}: no column called '{show(name)}'",
                             hint="names: " + ", ".join(NAMES))  # fmt: skip
        if key in out:
            raise InputError(f"--map {key} is given twice")
        out[key] = header.strip()
    return out


def recognise(table: Table, names: Iterable[str], mapping: Mapping[str, str]) -> Columns:
    """Find the columns `names` (roles) among the table's headers, `mapping` first.

    A mapped header must exist (exact, else ignoring case and accents) and be unique; a
    recognised one is taken only when exactly one header has one of the usual names."""
    wanted = list(names)
    headers = table.headers
    found: dict[str, Column] = {}
    for name, header in mapping.items():
        found[name] = Column(name, *_mapped(table, header), mapped=True)
    taken = {column.index for column in found.values()}
    for name in wanted:
        if name in found:
            continue
        hits = [i for i, h in enumerate(headers) if i not in taken and _role(h) == name]
        if len(hits) > 1:
            both = " and ".join(f"'{show(headers[i])}'" for i in hits)
            raise InputError(
                f"{table.source}: {both} could both be the '{name}' column",
                hint=f"say which with --map {name}=HEADER",
            )
        if hits:
            found[name] = Column(name, headers[hits[0]], hits[0], mapped=False)
            taken.add(hits[0])
    return Columns(table, found)


def guess_score_column(headers: list[str]) -> int | None:
    """The index of the one header named like a survey answer (score, note …), if any."""
    hits = [i for i, header in enumerate(headers) if _role(header) == "score"]
    return hits[0] if len(hits) == 1 else None


def _role(header: str) -> str | None:
    return _ROLE_OF.get(header_key(header)) or _ROLE_OF.get(_alias_key(header))


def mapped_header(headers: list[str], header: str) -> str:
    """The header `--map` names: as written, else the one equal but for case and accents
    (unchanged when there is none or more than one: the caller names the problem)."""
    if header in headers:
        return header
    hits = [h for h in headers if header_key(h) == header_key(header)]
    return hits[0] if len(hits) == 1 else header


def _mapped(table: Table, header: str) -> tuple[str, int]:
    headers = table.headers
    hits = [i for i, h in enumerate(headers) if h == header]
    if not hits:
        hits = [i for i, h in enumerate(headers) if header_key(h) == header_key(header)]
    if len(hits) > 1:
        raise InputError(f"{table.source}: the header '{show(header)}' appears twice")
    if not hits:
        where = table.source if table.sheet is None else f"{table.source} sheet '{table.sheet}'"
        raise InputError(
            f"--map: {where} has no header '{show(header)}'",
            hint=f"headers: {_listed(headers)}",
        )
    return headers[hits[0]], hits[0]


# --- cells ---------------------------------------------------------------------------------


def text_cell(raw: Cell) -> str:
    """A cell as text (a group key, an outcome): whole numbers without '.0'."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime | dt.date | dt.time):
        return raw.isoformat()
    return str(raw).strip()


def flag_cell(raw: Cell) -> bool:
    """1/0, true/false, yes/no, oui/non, vrai/faux (any case), or a boolean or 0/1 cell."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return raw == 1
    if isinstance(raw, str):
        key = raw.strip().casefold()
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
    raise ValueError("is not a yes/no flag (write 1/0, true/false, yes/no or oui/non)")


def duration_cell(raw: Cell) -> Fraction:
    """Seconds from a number (95, 95.5), text (95, 95,5, 1:35, 00:01:35, 1m35s) or a
    duration as Excel stores it (a time of day below 24 h, or a [h]:mm:ss duration)."""
    if isinstance(raw, bool):
        raise ValueError("is not a duration")
    if isinstance(raw, int | float):
        return _non_negative(_exact(raw))
    if isinstance(raw, dt.timedelta):
        seconds = raw.days * SECONDS_PER_DAY + raw.seconds + Fraction(raw.microseconds, 10**6)
        return _non_negative(seconds)
    if isinstance(raw, dt.datetime | dt.date):
        raise ValueError(
            "is a date, not a duration (format the column as a duration, [h]:mm:ss, or seconds)"
        )
    if isinstance(raw, dt.time):
        return raw.hour * 3600 + raw.minute * 60 + raw.second + Fraction(raw.microsecond, 10**6)
    text = "" if raw is None else raw.strip()
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # a French decimal comma: the field is already split
    return duration_value(text)


def count_cell(raw: Cell) -> int:
    """A whole number of contacts (a workbook stores 120 as 120.0)."""
    if isinstance(raw, bool):
        raise ValueError("is not a whole number")
    if isinstance(raw, int):
        return count_value(str(raw))
    if isinstance(raw, float):
        if not raw.is_integer():
            raise ValueError("is not a whole number")
        return count_value(str(int(raw)))
    if isinstance(raw, str):
        return count_value(raw)
    raise ValueError("is not a whole number")


def number_cell(raw: Cell) -> Fraction:
    """A number at least 0, exact as written (a decimal comma is accepted)."""
    if isinstance(raw, bool):
        raise ValueError("is not a number")
    if isinstance(raw, int | float):
        return _non_negative(_exact(raw))
    if isinstance(raw, str):
        text = raw.strip()
        if text.count(",") == 1:  # a decimal comma (with a dot as well, no number either way)
            text = text.replace(",", ".")
        return _non_negative(decimal_value(text))
    raise ValueError("is not a number")


def _exact(raw: int | float) -> Fraction:
    """A cell's number as written: 95.5 stored as a double is 191/2, 0.1 is 1/10."""
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise ValueError("is not a number")
        return Fraction(repr(raw))
    return Fraction(raw)


def _non_negative(value: Fraction) -> Fraction:
    if value < 0:
        raise ValueError("is negative")
    return value


def shown_cell(raw: Cell) -> str:
    """A cell as quoted in a message: text in quotes, numbers and dates as written."""
    if isinstance(raw, str):
        return f"'{show(raw)}'"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime | dt.date | dt.time):
        return raw.isoformat()
    return show(str(raw))
