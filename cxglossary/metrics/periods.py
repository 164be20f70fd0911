"""Periods of a contact log: which period a contact counts in, and every period in between.

A contact counts in the period of its arrival (the `time` column). Timestamps are read as
ISO 8601 (`2026-12-31T14:05`, `2026-12-31 14:05:09`, with or without an offset such as `Z` or
`+01:00`) or in the French way (`31/12/2026 14:05`, seconds optional).

Time zones (`--tz Europe/Paris`, the IANA database through `zoneinfo`):

- Without `--tz`, periods follow the wall clock as written in the file. A timestamp with an
  offset counts in the period of its own wall-clock time (what the export shows); the period
  starts are written without an offset, and the result says when the file mixes offsets.
- With `--tz`, every contact is placed on one time line: a timestamp with an offset is
  converted to the zone; one without is read as a wall-clock time in the zone. A time that
  does not exist there (the hour skipped when clocks go forward) is read with the offset in
  force before the change, so 02:30 counts as 03:30 (what a clock not yet changed meant); a
  time that occurs twice (the hour repeated when clocks go back) is read as its first
  occurrence. Both are counted and said. Period starts carry their offset, so the repeated
  hour gives two distinct half-hours (02:00+02:00 and 02:00+01:00), and a day with a change
  lasts 23 or 25 hours.

Weeks start on Monday (ISO 8601); months on the 1st. Empty periods are listed by
`periods_between` from the first contact's period to the last one's.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cxglossary.errors import InputError
from cxglossary.metrics.parsing import show

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

PER_SECONDS = {"15m": 900, "30m": 1800, "1h": 3600}
PER_NAMES = ("15m", "30m", "1h", "day", "week", "month")
FINE = dt.timedelta(minutes=15)  # the finest period: every other one is a union of these
_FRENCH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})[ T]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?")
_ALIASES = {"30min": "30m", "15min": "15m", "60m": "1h", "hour": "1h", "heure": "1h",
            "jour": "day", "d": "day", "semaine": "week", "w": "week", "mois": "month"}  # fmt: skip


def parse_per(text: str) -> str:
    """The period name from `--per` (15m, 30m, 1h, day, week, month; French names too)."""
    key = text.strip().lower()
    key = _ALIASES.get(key, key)
    if key not in PER_NAMES:
        raise InputError(f"--per {show(text)}: not a period", hint="15m, 30m, 1h, day, week, month")
    return key


def parse_zone(text: str) -> ZoneInfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(text.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"--tz {show(text)}: not a time zone", hint="an IANA name such as Europe/Paris"
        ) from None


def parse_time(text: str) -> dt.datetime:
    """A timestamp as written: naive, or aware when it has an offset. ValueError otherwise."""
    s = text.strip()
    match = _FRENCH.fullmatch(s)
    try:
        if match:
            day, month, year, hour, minute, second = match.groups()
            return dt.datetime(
                int(year), int(month), int(day), int(hour), int(minute), int(second or 0)
            )
        if len(s) >= 10 and s[4] == "-":
            return dt.datetime.fromisoformat(s)
    except ValueError:
        pass
    raise ValueError("is not a date and time (write 2026-12-31T14:05 or 31/12/2026 14:05)")


@dataclass
class Clock:
    """Places timestamps in periods, counting what it had to decide on the way."""

    per: str | None
    zone: ZoneInfo | None = None
    gaps: int = 0  # wall-clock times that do not exist in the zone (clocks went forward)
    repeats: int = 0  # wall-clock times that occur twice (clocks went back)
    offsets: set[str] = field(default_factory=set)  # offsets seen without --tz

    def period_of(self, stamp: dt.datetime, count: int = 1) -> dt.datetime | None:
        """The start of the period holding `stamp` (None without --per); `count` contacts."""
        if self.per is None:
            return None
        local = self.local(stamp, count)
        return self.floor(local)

    def local(self, stamp: dt.datetime, count: int = 1) -> dt.datetime:
        """`stamp` on the clock periods follow: the zone's (aware) or as written (naive)."""
        if self.zone is None:
            if stamp.tzinfo is not None:
                self.offsets.add(stamp.isoformat()[19:].lstrip("0123456789.") or "+00:00")
                return stamp.replace(tzinfo=None)
            return stamp
        if stamp.tzinfo is not None:
            return stamp.astimezone(self.zone)
        first = stamp.replace(tzinfo=self.zone, fold=0)
        second = stamp.replace(tzinfo=self.zone, fold=1)
        if first.utcoffset() != second.utcoffset():
            back = first.astimezone(dt.UTC).astimezone(self.zone)
            if back.replace(tzinfo=None) != stamp:
                self.gaps += count
                return back
            self.repeats += count
        return first.astimezone(dt.UTC).astimezone(self.zone)

    def floor(self, local: dt.datetime) -> dt.datetime:
        per = self.per
        assert per is not None
        if per in PER_SECONDS:
            size = PER_SECONDS[per] // 60
            minute = (local.hour * 60 + local.minute) // size * size
            start = local.replace(hour=minute // 60, minute=minute % 60, second=0, microsecond=0)
            return _fixed(start)
        day = local.replace(hour=0, minute=0, second=0, microsecond=0, fold=0)
        if per == "week":
            day -= dt.timedelta(days=day.weekday())
        elif per == "month":
            day = day.replace(day=1)
        return self._settle(day)

    def _settle(self, wall: dt.datetime) -> dt.datetime:
        """A local midnight with the offset in force then (a round trip through UTC)."""
        if wall.tzinfo is None:
            return wall
        return _fixed(wall.replace(fold=0).astimezone(dt.UTC).astimezone(self.zone))

    def next_start(self, start: dt.datetime) -> dt.datetime:
        """The start of the period after the one starting at `start`."""
        per = self.per
        assert per is not None
        if per in PER_SECONDS:
            step = dt.timedelta(seconds=PER_SECONDS[per])
            if start.tzinfo is None:
                return start + step
            return self.floor((start.astimezone(dt.UTC) + step).astimezone(self.zone))
        if per == "day":
            wall = start.replace(tzinfo=None) + dt.timedelta(days=1)
        elif per == "week":
            wall = start.replace(tzinfo=None) + dt.timedelta(days=7)
        else:
            year, month = divmod(start.month, 12)
            wall = start.replace(tzinfo=None, year=start.year + year, month=month + 1)
        return self._settle(wall if start.tzinfo is None else wall.replace(tzinfo=self.zone))

    def periods_between(self, first: dt.datetime, last: dt.datetime) -> list[dt.datetime]:
        """Every period start from `first` to `last` (both period starts), in order."""
        out = [first]
        while out[-1] < last:
            out.append(self.next_start(out[-1]))
        return out

    def notes(self) -> list[str]:
        """What was decided about time, as sentences for the output."""
        notes = []
        if self.gaps:
            notes.append(
                f"{self.gaps} timestamp(s) fell in the hour skipped when clocks went forward: "
                "read with the offset before the change (02:30 counts as 03:30)"
            )
        if self.repeats:
            notes.append(
                f"{self.repeats} timestamp(s) fell in the hour repeated when clocks went back: "
                "read as the first occurrence"
            )
        if len(self.offsets) > 1:
            notes.append(
                "the file mixes UTC offsets (" + ", ".join(sorted(self.offsets)) + "): periods "
                "follow the wall clock as written; give --tz to place them on one time line"
            )
        return notes


def _fixed(start: dt.datetime) -> dt.datetime:
    """A period start with its offset as a fixed zone: within one `ZoneInfo`, Python compares
    wall clocks and ignores `fold`, so the two 02:00 of the night clocks go back would be one
    period; with fixed offsets they are two."""
    offset = start.utcoffset()
    if offset is None:
        return start
    return start.replace(tzinfo=dt.timezone(offset), fold=0)


def iso(start: dt.datetime | None) -> str | None:
    return None if start is None else start.isoformat()
