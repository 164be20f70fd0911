"""Rows per key and period: every key seen × every period from the first to the last.

Generic over what a cell holds (a contact tally, survey answer counts …), so that every
grouped result has the same rows: the keys sorted, and for each key every period from the
first contact's period to the last one's (of the whole file), empty ones included as None.
A `--compare A B` of two keys or two periods picks its two cells from the same mapping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TypeVar

from cxglossary.metrics.periods import Clock

T = TypeVar("T")
CellKey = tuple[str | None, dt.datetime | None]


def grid(
    cells: Mapping[CellKey, T], clock: Clock
) -> list[tuple[str | None, dt.datetime | None, T | None]]:
    """(key, period start, cell or None) for every key and period, in order."""
    # Keys are all None (no --by) or all text (a blank cell is ""); periods likewise.
    keys = sorted({key for key, _ in cells}, key=lambda k: k or "")
    starts = [period for _, period in cells if period is not None]
    periods: list[dt.datetime | None] = [None]
    if starts:
        periods = list(clock.periods_between(min(starts), max(starts)))
    return [(key, period, cells.get((key, period))) for key in keys for period in periods]
