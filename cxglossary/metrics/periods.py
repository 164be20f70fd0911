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

    def period_of(self, stamp: dt.datetime) -> dt.datetime | None:
        """The start of the period holding `stamp` (None without --per)."""
        if self.per is None:
            return None
        local = self.local(stamp)
        return self.floor(local)

    def local(self, stamp: dt.datetime) -> dt.datetime:
        """`stamp` on the clock periods follow: the zone's (aware) or as written (naive)."""
        if self.zone is None:
            if stamp.tzinfo is not None:
                self.offsets.add(stamp.isoformat()[19:].lstrip("0123456789."))  # "+01:00"
                return stamp.replace(tzinfo=None)
            return stamp
        if stamp.tzinfo is not None:
            return stamp.astimezone(self.zone)
        first = stamp.replace(tzinfo=self.zone, fold=0)
        second = stamp.replace(tzinfo=self.zone, fold=1)
        if first.utcoffset() != second.utcoffset():
            back = first.astimezone(dt.UTC).astimezone(self.zone)
            if back.replace(tzinfo=None) != stamp:
                self.gaps += 1
                return back
            self.repeats += 1
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
        # From the date's midnight, not the start's time: where clocks go forward at midnight
        # (Havana, Santiago), that day starts at 01:00, and the next one at 00:00 again.
        midnight = dt.datetime.combine(start.date(), dt.time())
        if per == "day":
            wall = midnight + dt.timedelta(days=1)
        elif per == "week":
            wall = midnight + dt.timedelta(days=7)
        else:
            year, month = divmod(start.month, 12)
            wall = midnight.replace(year=start.year + year, month=month + 1)
        return self._settle(wall if start.tzinfo is None else wall.replace(tzinfo=self.zone))

    def periods_between(self, first: dt.datetime, last: dt.datetime) -> list[dt.datetime]:
        """Every period start from `first` to `last` (both period starts), in order."""
        out = [first]
        while out[-1] < last:
            out.append(self.next_start(out[-1]))
        return out

    def period_named(self, text: str) -> dt.datetime:
        """The start of the period `text` names (see `named_span`): a day, week or month must
        lie within one period, an instant is in the period holding it. Names are read as the
        file's timestamps are (in the --tz zone, or as written). ValueError otherwise."""
        per = self.per
        assert per is not None
        start, end = named_span(text)
        scratch = Clock(per, self.zone)  # reading a name counts no gap or repeat of the file
        period = scratch.period_of(start)
        assert period is not None
        if end is not None and scratch.local(end) > scratch.next_start(period):
            raise ValueError(
                f"holds several {PLURALS[per]}: name one by its start or a time inside it"
            )
        return period

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


# --- naming a period (`--compare 2026-11-02 2026-11-09`) ------------------------------------

PLURALS = {"15m": "15-minute periods", "30m": "half hours", "1h": "hours", "day": "days",
           "week": "weeks", "month": "months"}  # fmt: skip
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})", re.IGNORECASE)
_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_FRENCH_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
NAME_HELP = (
    "name a period by its start as the JSON 'period' shows it, or by a date or time inside "
    "it: 2026-11-02, 02/11/2026, 2026-11-02T08:30, a month 2026-11, an ISO week 2026-W45"
)


def named_span(text: str) -> tuple[dt.datetime, dt.datetime | None]:
    """What a period name stands for, as written (naive, or aware with an offset): a month,
    an ISO week or a day as (start, end), a date and time as (instant, None). ValueError
    when the text is none of these."""
    s = text.strip()
    try:
        if match := _MONTH.fullmatch(s):
            year, month = int(match[1]), int(match[2])
            start = dt.datetime(year, month, 1)
            following = dt.datetime(year + month // 12, month % 12 + 1, 1)
            return start, following
        if match := _WEEK.fullmatch(s):
            monday = dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
            start = dt.datetime.combine(monday, dt.time())
            return start, start + dt.timedelta(days=7)
        if match := _DAY.fullmatch(s):
            return _day_span(int(match[1]), int(match[2]), int(match[3]))
        if match := _FRENCH_DAY.fullmatch(s):
            return _day_span(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        pass  # 2026-13, 2026-W54, 31/02/2026: no such month, week or day
    else:
        try:
            return parse_time(s), None
        except ValueError:
            pass
    raise ValueError("is not a period: a date, a month, an ISO week or a date and time")


def french_day(text: str) -> dt.datetime | None:
    """The midnight of a day written the French way without a time (`02/11/2026`), as
    survey exports write their dates; None for anything else."""
    match = _FRENCH_DAY.fullmatch(text.strip())
    if match is None:
        return None
    try:
        return dt.datetime(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None


def _day_span(year: int, month: int, day: int) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(year, month, day)
    return start, start + dt.timedelta(days=1)


def period_name(start: dt.datetime, per: str) -> str:
    """How a period is named back to a user, in a form `named_span` reads: 2026-11 for a
    month, 2026-11-02 for a day or week, 2026-11-02T08:30 (with its offset under --tz)."""
    if per == "month":
        return start.strftime("%Y-%m")
    if per in ("day", "week"):
        return start.strftime("%Y-%m-%d")
    return start.isoformat(timespec="minutes")
