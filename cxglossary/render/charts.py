"""Small terminal charts drawn with block characters into a Rich `Text` (no plotting library).

One generic shape, a column chart: one column per labelled value, in order (periods, keys,
staffing levels …), with an optional target drawn as a dotted line across the columns and an
optional interval per value drawn as whiskers. Callers pass plain numbers; the chart never
decides what they mean:

    from cxglossary.render.charts import Point, column_chart
    chart = column_chart(
        [Point("08:00", 72.5), Point("08:30", 85.0), Point("09:00", None)],
        target=80, unit="%", higher_is_better=True,
    )
    console.print(chart)

- A value of `None` (an empty period) draws an empty column marked `·` on the axis, never a 0.
- Values may be negative (NPS): the columns then grow up or down from 0.
- `higher_is_better` colours the columns that meet the target green and the others red
  (`False` for waits and abandonment, `None` to colour nothing).
- More values than the width allows are drawn as one line per value (a bar chart), never
  dropped.

Everything written is data, so every piece goes into `Text` with a style, never markup.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from rich.text import Text

EIGHTHS = " ▁▂▃▄▅▆▇█"
TARGET_CHAR = "┄"
WHISKER_CHAR = "╎"
EMPTY_CHAR = "·"
GOOD, BAD, NEUTRAL, DIM = "green", "red", "cyan", "dim"


class Point(NamedTuple):
    """One column: its label, its value (None when there is none) and an optional interval."""

    label: str
    value: float | None
    low: float | None = None
    high: float | None = None


def _plain_number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else f"{value:.3g}"


def _style(value: float, target: float | None, higher_is_better: bool | None) -> str:
    if target is None or higher_is_better is None:
        return NEUTRAL
    good = value >= target if higher_is_better else value <= target
    return GOOD if good else BAD


def _domain(
    points: Sequence[Point], target: float | None, scale: tuple[float, float] | None = None
) -> tuple[float, float]:
    """The value range drawn: it holds 0, every value, interval end and the target (and
    `scale`, such as 0-100 for percentages, when given)."""
    seen = [0.0, *(scale or ())]
    for point in points:
        seen += [v for v in (point.value, point.low, point.high) if v is not None]
    if target is not None:
        seen.append(target)
    low, high = min(seen), max(seen)
    if low == high:
        high = low + 1
    return low, high


def column_chart(
    points: Sequence[Point],
    *,
    target: float | None = None,
    unit: str = "",
    height: int = 8,
    width: int = 80,
    higher_is_better: bool | None = True,
    fmt: Callable[[float], str] = _plain_number,
    scale: tuple[float, float] | None = None,
) -> Text:
    """The chart of `points` as Rich Text, at most `width` characters wide; `scale` widens
    the value axis to hold that range (0-100 for percentages)."""
    from rich.text import Text

    if not points:
        return Text("")
    low, high = _domain(points, target, scale)
    ticks = [fmt(high), fmt(low)] + ([fmt(target)] if target is not None else [])
    axis = max(len(tick) for tick in ticks) + len(unit) + (1 if unit else 0)
    columns = width - axis - 2
    if len(points) > columns:
        return bar_chart(
            points,
            target=target,
            unit=unit,
            width=width,
            higher_is_better=higher_is_better,
            fmt=fmt,
        )
    step = 2 if 2 * len(points) <= columns else 1
    span = high - low
    cell = span / height  # the value one row of characters stands for

    def row_of(value: float) -> int:
        """The row (0 = bottom) whose band holds `value`."""
        return min(height - 1, max(0, math.floor((value - low) / cell)))

    zero_row = row_of(0.0) if low < 0 else 0
    target_row = None if target is None else row_of(target)
    label_rows: dict[int, str] = {height - 1: fmt(high), 0: fmt(low), zero_row: fmt(0.0)}
    if target_row is not None and target is not None:
        label_rows[target_row] = fmt(target)

    out = Text()
    for row in range(height - 1, -1, -1):
        tick = label_rows.get(row, "")
        tick = f"{tick} {unit}" if tick and unit else tick
        out.append(tick.rjust(axis), style=DIM)
        out.append(" ┤" if tick else " │", style=DIM)
        for point in points:
            char, style = _cell(
                point, row, low, cell, zero_row, target_row, target, higher_is_better
            )
            out.append(char, style=style)
            if step == 2:
                gap = TARGET_CHAR if row == target_row else " "
                out.append(gap, style=DIM)
        out.append("\n")
    out.append(" " * axis + " └" + "─" * (len(points) * step), style=DIM)
    out.append("\n")
    out.append(_x_labels(points, axis + 2, step), style=DIM)
    return out


def _cell(
    point: Point,
    row: int,
    low: float,
    cell: float,
    zero_row: int,
    target_row: int | None,
    target: float | None,
    higher_is_better: bool | None,
) -> tuple[str, str]:
    """The character at `row` of `point`'s column, and its style."""
    bottom = low + row * cell  # the value at the bottom of this row's band
    whisker = (
        point.low is not None
        and point.high is not None
        and point.low <= bottom + cell
        and point.high >= bottom
    )
    background = (TARGET_CHAR, DIM) if row == target_row else (" ", "")
    if point.value is None:
        if row == zero_row:
            return EMPTY_CHAR, DIM
        return background
    value = point.value
    style = _style(value, target, higher_is_better)
    top = bottom + cell
    if value >= 0:  # the part of the bar from 0 up to the value inside this row's band
        covered = max(0.0, min(value, top) - max(0.0, bottom)) / cell
        eighths = round(covered * 8)
        if (eighths == 0 and covered > 0) or (row == zero_row and value == 0 and bottom <= 0):
            eighths = 1  # a value in this band, however small, shows
        if eighths:
            return EIGHTHS[eighths], style
    else:  # negative values hang down from 0: whole cells, one once it is half covered
        covered = max(0.0, min(0.0, top) - max(value, bottom)) / cell
        if covered >= 0.5 or (covered > 0 and row == zero_row):
            return "█", style
    return (WHISKER_CHAR, style) if whisker else background


def _x_labels(points: Sequence[Point], indent: int, step: int) -> str:
    """The labels under the columns, as many as fit without overlapping, first one first."""
    line = [" "] * (indent + len(points) * step + 16)
    free_from = 0
    for index, point in enumerate(points):
        at = indent + index * step
        if at < free_from:
            continue
        label = point.label
        if at + len(label) > len(line):
            break
        line[at : at + len(label)] = label
        free_from = at + len(label) + 2
    return "".join(line).rstrip()


def bar_chart(
    points: Sequence[Point],
    *,
    target: float | None = None,
    unit: str = "",
    width: int = 80,
    higher_is_better: bool | None = True,
    fmt: Callable[[float], str] = _plain_number,
) -> Text:
    """One line per point: label, a horizontal bar from 0, the value; the target as `┆`."""
    from rich.text import Text

    out = Text()
    if not points:
        return out
    low, high = _domain(points, target)
    label_width = min(24, max(len(point.label) for point in points))
    shown = [
        fmt(p.value) + (f" {unit}" if unit else "") if p.value is not None else "—" for p in points
    ]
    value_width = max(len(s) for s in shown)
    bars = max(10, width - label_width - value_width - 4)
    scale = bars / (high - low)
    zero = round(-low * scale)
    target_at = None if target is None else min(bars - 1, round((target - low) * scale))
    for point, value_text in zip(points, shown, strict=True):
        out.append(point.label[:label_width].ljust(label_width), style=DIM)
        out.append(" │")
        cells = [" "] * bars
        style = DIM
        if point.value is not None:
            style = _style(point.value, target, higher_is_better)
            end = round((point.value - low) * scale)
            for at in range(min(zero, end), max(zero, end)):
                cells[min(at, bars - 1)] = "█"
        else:
            cells[min(zero, bars - 1)] = EMPTY_CHAR
        if target_at is not None and cells[target_at] == " ":
            cells[target_at] = "┆"
        out.append("".join(cells), style=style)
        out.append(" " + value_text.rjust(value_width) + "\n")
    out.rstrip()
    return out
