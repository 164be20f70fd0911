"""What a contact log is read into, shared by both readers (`logs.py` and `engine.py`):
the request, the tallies per key and period, the outcome words, and the step that turns the
engine's counts per 15-minute slot into periods."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from cxglossary.metrics import tables
from cxglossary.metrics.contacts import ZERO, Columns, Rules, Tally
from cxglossary.metrics.periods import Clock, parse_time

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

CellKey = tuple[str | None, dt.datetime | None]

ANSWERED = ("answered", "repondu", "decroche", "handled", "traite")
ABANDONED = ("abandoned", "abandonne", "raccroche", "abandon")
OUTCOME_HELP = "answered or abandoned (répondu, décroché, abandonné, raccroché)"


@dataclass(frozen=True)
class LogRequest:
    """What to read and how: the options of `cx metric ... --file` and `cx report`."""

    path: str
    rules: Rules = field(default_factory=Rules)
    by: str | None = None
    per: str | None = None
    zone: ZoneInfo | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None
    encoding: str | None = None
    skip_invalid: bool = False
    engine: str | None = None  # "duckdb" or "python" to force a reader (tests, benchmarks)


@dataclass
class LogData:
    """A log read into tallies: the total, and one tally per (key, period start) seen."""

    source: str
    read_as: dict[str, str]  # header -> what it was read as, in file order
    columns: Columns
    by_header: str | None
    clock: Clock
    total: Tally = field(default_factory=Tally)
    cells: dict[CellKey, Tally] = field(default_factory=dict)
    skipped: int = 0
    duplicates: int = 0
    reader: str = "python"

    def add_cell(self, key: CellKey, tally: Tally) -> None:
        cell = self.cells.get(key)
        if cell is None:
            self.cells[key] = tally
        else:
            cell.merge(tally)
        self.total.merge(tally)


def outcome(raw: tables.Cell) -> bool:
    """True for answered, False for abandoned."""
    key = tables.header_key(tables.text_cell(raw))
    if key in ANSWERED:
        return True
    if key in ABANDONED:
        return False
    if not key:
        raise ValueError(f"no outcome ({OUTCOME_HELP})")
    raise ValueError(f"is not an outcome ({OUTCOME_HELP})")


# The order of the counts the engine returns; sums are in units of 1 / NANO second.
SLOTS = (
    *("short", "offered", "answered", "abandoned", "answered_within", "abandoned_within"),
    *("answered_wait", "wait_all", "talk", "hold", "wrap", "fcr_flagged", "fcr_resolved"),
)
_SUMS = frozenset(("answered_wait", "wait_all", "talk", "hold", "wrap"))
NANO = 10**9


def add_fine_cells(
    data: LogData,
    fine: Iterable[tuple[str | None, dt.datetime | None, str | None, list[int]]],
    scale: int,
) -> None:
    """Counts per key and 15-minute wall-clock slot (with the offset written, if any), as the
    engine returns them (in the order of `SLOTS`, sums in units of 1 / `scale` second), into
    periods; added up as integers, turned into `Fraction`s once per cell."""
    clock = data.clock
    # A 15-minute slot lies wholly inside or outside an hour skipped or repeated by a clock
    # change, so its period and its gap or repeat status are worked out once per slot.
    periods: dict[tuple[dt.datetime, str | None], tuple[dt.datetime | None, int, int]] = {}
    cells: dict[CellKey, list[int]] = {}
    offered, short = SLOTS.index("offered"), SLOTS.index("short")
    for key, wall, offset, counts in fine:
        period = None
        if wall is not None:
            slot = (wall, offset)
            if slot not in periods:
                stamp = wall if offset is None else parse_time(wall.isoformat() + offset)
                gaps, repeats = clock.gaps, clock.repeats
                start = clock.period_of(stamp)
                periods[slot] = (start, clock.gaps - gaps, clock.repeats - repeats)
                clock.gaps, clock.repeats = gaps, repeats
            period, gap, repeat = periods[slot]
            clock.gaps += gap * (counts[offered] + counts[short])
            clock.repeats += repeat * (counts[offered] + counts[short])
        cell = cells.get((key, period))
        if cell is None:
            cells[(key, period)] = list(counts)
        else:
            for index, value in enumerate(counts):
                cell[index] += value
    total = [0] * len(SLOTS)
    for cell_key, cell in cells.items():
        data.cells[cell_key] = _tally_of(cell, scale)
        for index, value in enumerate(cell):
            total[index] += value
    data.total.merge(_tally_of(total, scale))


def _tally_of(counts: list[int], scale: int) -> Tally:
    tally = Tally()
    for name, value in zip(SLOTS, counts, strict=True):
        if name in _SUMS:
            setattr(tally, name, Fraction(value, scale) if value else ZERO)
        else:
            setattr(tally, name, value)
    return tally
