"""Periods of contact logs and surveys (periods.py, grouping.py), called directly: which period
a timestamp counts in, every period in between, time zones and clock changes (Europe/Paris:
clocks went forward on 29 March 2026 at 02:00, back on 25 October 2026 at 03:00), and the
rows of every key and period."""

from __future__ import annotations

import datetime as dt

import pytest

from cxglossary.errors import InputError
from cxglossary.metrics.grouping import grid
from cxglossary.metrics.periods import Clock, iso, parse_per, parse_time, parse_zone

D = dt.datetime
PARIS = parse_zone("Europe/Paris")
WINTER = dt.timezone(dt.timedelta(hours=1))
SUMMER = dt.timezone(dt.timedelta(hours=2))


@pytest.mark.parametrize(
    ("typed", "name"),
    [("15m", "15m"), ("15min", "15m"), ("30min", "30m"), (" 30M ", "30m"), ("60m", "1h"),
     ("hour", "1h"), ("Heure", "1h"), ("day", "day"), ("jour", "day"), ("d", "day"),
     ("semaine", "week"), ("w", "week"), ("mois", "month"), ("MONTH", "month")],
)  # fmt: skip
def test_periods_are_named_in_english_or_french(typed: str, name: str) -> None:
    assert parse_per(typed) == name


def test_an_unknown_period_or_zone_is_an_input_error() -> None:
    with pytest.raises(InputError, match="--per fortnight: not a period") as error:
        parse_per("fortnight")
    assert error.value.hint == "15m, 30m, 1h, day, week, month"
    with pytest.raises(InputError, match="not a time zone"):
        parse_zone("Mars/Olympus")
    with pytest.raises(InputError, match="not a time zone"):
        parse_zone("../etc/passwd")  # ZoneInfo raises ValueError on a path
    assert str(parse_zone("  Europe/Paris ")) == "Europe/Paris"


@pytest.mark.parametrize(
    ("text", "stamp"),
    [
        ("31/12/2026 14:05", D(2026, 12, 31, 14, 5)),
        ("1/2/2026 8:05", D(2026, 2, 1, 8, 5)),  # day first, as in France
        ("01/02/2026 08h05", D(2026, 2, 1, 8, 5)),
        ("01/02/2026T08:05:09", D(2026, 2, 1, 8, 5, 9)),
        ("  02/03/2026 09:10  ", D(2026, 3, 2, 9, 10)),
        ("2026-12-31T14:05", D(2026, 12, 31, 14, 5)),
        ("2026-12-31 14:05:09", D(2026, 12, 31, 14, 5, 9)),
        ("2026-12-31", D(2026, 12, 31)),
        ("2026-12-31T14:05+01:00", D(2026, 12, 31, 14, 5, tzinfo=WINTER)),
        ("2026-12-31T14:05Z", D(2026, 12, 31, 14, 5, tzinfo=dt.UTC)),
    ],
)
def test_timestamps_as_exports_write_them(text: str, stamp: dt.datetime) -> None:
    parsed = parse_time(text)
    assert parsed == stamp
    assert parsed.utcoffset() == stamp.utcoffset()


@pytest.mark.parametrize(
    "text", ["31/02/2026 10:00", "2026-13-45T08:00", "14:05", "20261231T1405", "2026/12/31 14:05",
             "", "31/12/26 14:05", "31/12/2026"],
)  # fmt: skip
def test_what_is_not_a_timestamp(text: str) -> None:
    with pytest.raises(ValueError, match=r"is not a date and time \(write 2026-12-31T14:05"):
        parse_time(text)


@pytest.mark.parametrize(
    ("per", "start"),
    [("15m", D(2026, 3, 4, 8, 45)), ("30m", D(2026, 3, 4, 8, 30)), ("1h", D(2026, 3, 4, 8)),
     ("day", D(2026, 3, 4)), ("week", D(2026, 3, 2)), ("month", D(2026, 3, 1))],
)  # fmt: skip
def test_a_contact_counts_in_the_period_of_its_arrival(per: str, start: dt.datetime) -> None:
    # Wednesday 4 March 2026, 08:59:59.9: its week starts on Monday 2 March.
    assert Clock(per).period_of(D(2026, 3, 4, 8, 59, 59, 900000)) == start
    assert Clock(per).period_of(start) == start  # a period's first instant is in it


def test_without_per_there_is_no_period() -> None:
    clock = Clock(None)
    assert clock.period_of(D(2026, 3, 4, 8, 10)) is None
    assert iso(None) is None
    assert iso(D(2026, 3, 4, 8, 30)) == "2026-03-04T08:30:00"


def test_offsets_without_a_zone_keep_the_wall_clock_and_are_said_when_mixed() -> None:
    clock = Clock("30m")
    assert clock.period_of(parse_time("2026-03-02T08:35:00.5+01:00")) == D(2026, 3, 2, 8, 30)
    assert clock.notes() == []  # one offset: nothing to say
    clock.period_of(parse_time("2026-06-02T08:05Z"))
    clock.period_of(parse_time("2026-06-02T08:05-03:30"))
    clock.period_of(D(2026, 6, 2, 9))  # no offset: not one more
    assert clock.offsets == {"+01:00", "+00:00", "-03:30"}
    assert clock.notes() == [
        "the file mixes UTC offsets (+00:00, +01:00, -03:30): periods follow the wall clock "
        "as written; give --tz to place them on one time line"
    ]


def test_a_zone_puts_every_contact_on_one_time_line() -> None:
    clock = Clock("1h", PARIS)
    # 07:10 UTC is 08:10 in Paris in winter, 09:10 in summer.
    assert clock.period_of(D(2026, 3, 2, 7, 10, tzinfo=dt.UTC)) == D(2026, 3, 2, 8, tzinfo=WINTER)
    assert clock.period_of(D(2026, 6, 2, 7, 10, tzinfo=dt.UTC)) == D(2026, 6, 2, 9, tzinfo=SUMMER)
    assert clock.period_of(D(2026, 6, 2, 9, 10)) == D(2026, 6, 2, 9, tzinfo=SUMMER)
    start = clock.period_of(D(2026, 6, 2, 9, 10))
    assert start is not None and start.utcoffset() == dt.timedelta(hours=2)
    assert iso(start) == "2026-06-02T09:00:00+02:00"
    assert (clock.gaps, clock.repeats, clock.notes()) == (0, 0, [])


def test_the_skipped_hour_reads_with_the_offset_before_the_change() -> None:
    clock = Clock("15m", PARIS)
    # 02:30 does not exist on 29 March: the clock not yet changed meant 03:30 summer time.
    assert clock.period_of(D(2026, 3, 29, 2, 30)) == D(2026, 3, 29, 3, 30, tzinfo=SUMMER)
    assert clock.period_of(D(2026, 3, 29, 2, 0)) == D(2026, 3, 29, 3, 0, tzinfo=SUMMER)
    assert clock.period_of(D(2026, 3, 29, 1, 59)) == D(2026, 3, 29, 1, 45, tzinfo=WINTER)
    assert clock.period_of(D(2026, 3, 29, 3, 0)) == D(2026, 3, 29, 3, 0, tzinfo=SUMMER)
    assert (clock.gaps, clock.repeats) == (2, 0)
    assert clock.notes() == [
        "2 timestamp(s) fell in the hour skipped when clocks went forward: read with the "
        "offset before the change (02:30 counts as 03:30)"
    ]


def test_the_repeated_hour_reads_as_its_first_occurrence() -> None:
    clock = Clock("30m", PARIS)
    first = clock.period_of(D(2026, 10, 25, 2, 40))
    assert first == D(2026, 10, 25, 2, 30, tzinfo=SUMMER)
    assert first is not None and first.utcoffset() == dt.timedelta(hours=2)
    # With its offset written, the second 02:40 is its own half-hour.
    second = clock.period_of(parse_time("2026-10-25T02:40+01:00"))
    assert second is not None and second.utcoffset() == dt.timedelta(hours=1)
    assert second != first and iso(second) == "2026-10-25T02:30:00+01:00"
    assert clock.period_of(D(2026, 10, 25, 3, 0)) == D(2026, 10, 25, 3, tzinfo=WINTER)
    assert (clock.gaps, clock.repeats) == (0, 1)
    assert clock.notes() == [
        "1 timestamp(s) fell in the hour repeated when clocks went back: read as the first "
        "occurrence"
    ]


def test_days_weeks_and_months_start_at_local_midnight_with_the_offset_then() -> None:
    day = Clock("day", PARIS)
    assert iso(day.period_of(D(2026, 3, 29, 23, 0))) == "2026-03-29T00:00:00+01:00"
    assert iso(day.period_of(D(2026, 10, 25, 23, 0))) == "2026-10-25T00:00:00+02:00"
    week = Clock("week", PARIS)
    assert iso(week.period_of(D(2026, 4, 1, 12, 0))) == "2026-03-30T00:00:00+02:00"
    assert iso(week.period_of(D(2026, 3, 29, 12, 0))) == "2026-03-23T00:00:00+01:00"
    month = Clock("month", PARIS)
    assert iso(month.period_of(D(2026, 4, 15, 12, 0))) == "2026-04-01T00:00:00+02:00"
    assert iso(month.period_of(D(2026, 3, 31, 23, 30))) == "2026-03-01T00:00:00+01:00"


def test_every_period_in_between_across_the_clock_changes() -> None:
    quarter = Clock("15m", PARIS)
    start = quarter.period_of(D(2026, 3, 29, 1, 30))
    last = quarter.period_of(D(2026, 3, 29, 3, 15))
    assert start is not None and last is not None
    # 01:30, 01:45 winter time, then 03:00 summer time: the hour 02:00-03:00 never happened.
    assert [iso(p) for p in quarter.periods_between(start, last)] == [
        "2026-03-29T01:30:00+01:00", "2026-03-29T01:45:00+01:00",
        "2026-03-29T03:00:00+02:00", "2026-03-29T03:15:00+02:00",
    ]  # fmt: skip
    hour = Clock("1h", PARIS)
    start = hour.period_of(D(2026, 10, 25, 1, 10))
    last = hour.period_of(D(2026, 10, 25, 3, 10))
    assert start is not None and last is not None
    # The night clocks go back has two 02:00 hours.
    assert [iso(p) for p in hour.periods_between(start, last)] == [
        "2026-10-25T01:00:00+02:00", "2026-10-25T02:00:00+02:00",
        "2026-10-25T02:00:00+01:00", "2026-10-25T03:00:00+01:00",
    ]  # fmt: skip
    day = Clock("day", PARIS)
    start = day.period_of(D(2026, 3, 28, 10))
    last = day.period_of(D(2026, 3, 30, 10))
    assert start is not None and last is not None
    assert [iso(p) for p in day.periods_between(start, last)] == [
        "2026-03-28T00:00:00+01:00", "2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("per", "first", "following"),
    [("15m", D(2026, 12, 31, 23, 45), D(2027, 1, 1)),
     ("30m", D(2026, 3, 2, 8), D(2026, 3, 2, 8, 30)), ("1h", D(2026, 3, 2, 8), D(2026, 3, 2, 9)),
     ("day", D(2026, 2, 28), D(2026, 3, 1)),
     ("week", D(2026, 12, 28), D(2027, 1, 4)), ("month", D(2026, 11, 1), D(2026, 12, 1)),
     ("month", D(2026, 12, 1), D(2027, 1, 1)), ("month", D(2026, 1, 1), D(2026, 2, 1))],
)  # fmt: skip
def test_the_next_period_on_the_wall_clock(
    per: str, first: dt.datetime, following: dt.datetime
) -> None:
    clock = Clock(per)
    assert clock.next_start(first) == following
    assert clock.periods_between(first, following) == [first, following]
    assert clock.periods_between(first, first) == [first]


def test_months_in_a_zone_follow_the_calendar() -> None:
    month = Clock("month", PARIS)
    start = month.period_of(D(2026, 2, 10))
    last = month.period_of(D(2026, 4, 10))
    assert start is not None and last is not None
    assert [iso(p) for p in month.periods_between(start, last)] == [
        "2026-02-01T00:00:00+01:00", "2026-03-01T00:00:00+01:00", "2026-04-01T00:00:00+02:00",
    ]  # fmt: skip
    december = month.period_of(D(2026, 12, 5))
    assert december is not None
    assert iso(month.next_start(december)) == "2027-01-01T00:00:00+01:00"


def test_rows_for_every_key_and_every_period_in_order() -> None:
    clock = Clock("1h")
    cells = {("b", D(2026, 3, 2, 8)): "b8", ("a", D(2026, 3, 2, 10)): "a10",
             ("", D(2026, 3, 2, 9)): "blank9"}  # fmt: skip
    hours = [D(2026, 3, 2, h) for h in (8, 9, 10)]
    # Keys sorted (a blank key first), every hour from the first contact's to the last one's.
    assert grid(cells, clock) == [
        (key, hour, cells.get((key, hour))) for key in ("", "a", "b") for hour in hours
    ]


def test_rows_without_by_or_without_per() -> None:
    per_only = {(None, D(2026, 3, 2, 10)): 2, (None, D(2026, 3, 2, 8)): 1}
    assert grid(per_only, Clock("1h")) == [
        (None, D(2026, 3, 2, 8), 1), (None, D(2026, 3, 2, 9), None), (None, D(2026, 3, 2, 10), 2)
    ]  # fmt: skip
    by_only = {("z", None): 1, ("m", None): 2}
    assert grid(by_only, Clock(None)) == [("m", None, 2), ("z", None, 1)]
    assert grid({(None, None): 7}, Clock(None)) == [(None, None, 7)]


def test_days_where_clocks_change_at_midnight() -> None:
    # Havana: on 8 March 2026 clocks go from 00:00 to 01:00 (that day starts at 01:00); on
    # 1 November from 01:00 back to 00:00 (midnight happens twice: the day starts at the
    # first). The day after each starts at midnight again.
    havana = Clock("day", parse_zone("America/Havana"))
    forward = havana.period_of(D(2026, 3, 8, 12))
    assert iso(forward) == "2026-03-08T01:00:00-04:00"
    assert forward is not None and iso(havana.next_start(forward)) == "2026-03-09T00:00:00-04:00"
    back = havana.period_of(D(2026, 11, 1, 12))
    assert iso(back) == "2026-11-01T00:00:00-04:00"
    assert back is not None and iso(havana.next_start(back)) == "2026-11-02T00:00:00-05:00"
    last = havana.period_of(D(2026, 3, 9, 0, 30))
    assert last is not None
    assert [iso(p) for p in havana.periods_between(forward, last)] == [
        "2026-03-08T01:00:00-04:00", "2026-03-09T00:00:00-04:00"
    ]  # fmt: skip
    week = Clock("week", parse_zone("America/Santiago"))  # 6 September 2026 starts at 01:00
    start = week.period_of(D(2026, 9, 1))
    assert start is not None and iso(week.next_start(start)) == "2026-09-07T00:00:00-03:00"
