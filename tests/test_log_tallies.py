"""Contact tallies and the indicators computed from them (contacts.py), called directly: the
boundaries of "within T" and of short abandons, what each indicator's details hold, and the
workload, on small logs counted by hand in each test."""

from __future__ import annotations

from fractions import Fraction

import pytest

from cxglossary.metrics.abandons import Abandons
from cxglossary.metrics.contacts import (
    Columns,
    Rules,
    Tally,
    log_outcome,
    mean_patience,
    needed_columns,
    shares,
)

F = Fraction
ALL = Columns(wait=True, talk=True, hold=True, wrap=True, resolved_first=True)


def _tally(rules: Rules, *contacts: tuple[bool, int | None]) -> Tally:
    tally = Tally()
    for answered, wait in contacts:
        tally.add(rules, answered, None if wait is None else F(wait))
    return tally


def test_a_wait_of_exactly_the_threshold_is_within_it() -> None:
    rules = Rules(threshold=F(20))
    tally = _tally(rules, (True, 20), (True, 21), (False, 20), (False, 21))
    assert (tally.answered_within, tally.abandoned_within) == (1, 1)
    # 20.5 s against a threshold of 20.5 s: within; 20.5 s against 20 s: not.
    half = _tally(Rules(threshold=F(41, 2)), (True, None))
    half.add(Rules(threshold=F(41, 2)), True, F(41, 2))
    assert half.answered_within == 1
    assert _tally(rules, (True, None)).answered_within == 0  # no wait column: nothing within


def test_a_short_abandon_is_a_wait_strictly_below_the_limit_and_leaves_every_count() -> None:
    rules = Rules(threshold=F(20), short_abandon=F(5))
    tally = _tally(rules, (False, 4), (False, 5), (True, 3), (False, None))
    # 4 s: short (below 5 s); 5 s: a real abandon; an answered contact is never short; an
    # abandon without a wait (no wait column) cannot be told short.
    assert tally.short == 1
    assert tally.fields() == {
        "abandoned": 2, "abandoned_within": 1, "answered": 1, "answered_wait": 3,
        "answered_within": 1, "fcr_flagged": 0, "fcr_resolved": 0, "hold": 0, "offered": 3,
        "short": 1, "talk": 0, "wait_all": 8, "wrap": 0,
    }  # fmt: skip
    assert tally.contacts == 4  # every contact read, the short abandon included
    no_limit = _tally(Rules(), (False, 0))
    assert (no_limit.short, no_limit.offered, no_limit.abandoned_within) == (0, 1, 1)


def test_an_answered_contact_adds_its_parts_and_its_first_contact_flag() -> None:
    tally = Tally()
    rules = Rules()
    tally.add(rules, True, F(10), (F(100), F(5), F(20)), True)
    tally.add(rules, True, F(30), (F(200), F(0), F(31, 2)), False)
    tally.add(rules, True, F(5), (F(60), F(1), F(2)), None)  # flag left blank
    tally.add(rules, False, F(50), (F(999), F(999), F(999)), True)  # abandons have no parts
    assert tally.fields() == {
        "abandoned": 1, "abandoned_within": 0, "answered": 3, "answered_wait": 45,
        "answered_within": 2, "fcr_flagged": 2, "fcr_resolved": 1, "hold": 6, "offered": 4,
        "short": 0, "talk": 360, "wait_all": 95, "wrap": F(75, 2),
    }  # fmt: skip


def test_tallies_merge_field_by_field() -> None:
    a = _tally(Rules(short_abandon=F(3)), (True, 5), (False, 1), (False, 30))
    b = _tally(Rules(short_abandon=F(3)), (True, 25), (True, 7))
    a.merge(b)
    assert a.fields() == {
        "abandoned": 1, "abandoned_within": 0, "answered": 3, "answered_wait": 37,
        "answered_within": 2, "fcr_flagged": 0, "fcr_resolved": 0, "hold": 0, "offered": 4,
        "short": 1, "talk": 0, "wait_all": 67, "wrap": 0,
    }  # fmt: skip
    assert b.offered == 2  # the other tally is left as it was


def test_mean_patience_is_every_wait_over_the_abandons() -> None:
    # Waits 10 + 30 + 20 + 5 + 40 + 2 = 107 s, 3 abandons (the worked log of test_logs.py).
    assert mean_patience(F(107), 3) == F(107, 3)
    assert mean_patience(F(107), 0) is None
    assert mean_patience(F(0), 2) == 0


def _outcome(metric: str, tally: Tally, columns: Columns = ALL, **kwargs: object) -> tuple:  # type: ignore[type-arg]
    out = log_outcome(metric, tally, Rules(**kwargs), columns)  # type: ignore[arg-type]
    return out.value, out.exact, out.n, out.details


# The worked log of test_logs.py as a tally: 3 answered (waits 10, 30, 20; talk 100, 200, 90;
# hold 0, 10, 0; wrap 20, 30, 10; FCR oui, non, blank), 3 abandoned (waits 5, 40, 2).
def _worked(rules: Rules | None = None) -> Tally:
    rules = rules or Rules()
    tally = Tally()
    for wait, parts, flag in ((10, (100, 0, 20), True), (30, (200, 10, 30), False),
                              (20, (90, 0, 10), None)):  # fmt: skip
        tally.add(rules, True, F(wait), tuple(F(p) for p in parts), flag)  # type: ignore[arg-type]
    for wait in (5, 40, 2):
        tally.add(rules, False, F(wait))
    return tally


COUNTS = {
    "contacts": 6, "offered": 6, "answered": 3, "abandoned": 3, "short_abandons": 0,
    "mean_patience_seconds": 35.7,  # 107 / 3 = 35.67
}  # fmt: skip


@pytest.mark.parametrize(
    ("variant", "exact", "shown"),
    [
        (Abandons.AGAINST, F(100, 3), 33.3),  # 2 within / 6 offered
        (Abandons.IGNORED, F(50), 50.0),  # 2 / (6 - 2 abandoned within)
        (Abandons.FOR, F(200, 3), 66.7),  # (2 + 2) / 6
    ],
)
def test_service_level_outcome_names_its_variant(variant: Abandons, exact: F, shown: float) -> None:
    value, got, n, details = _outcome("service-level", _worked(), abandons=variant)
    assert (value, got, n) == (shown, exact, 6)
    assert details == {
        **COUNTS, "answered_within": 2, "abandoned_within": 2, "threshold_seconds": 20,
        "abandons": variant.value, "variant": variant.label, "formula": variant.formula,
    }  # fmt: skip


def test_a_fractional_threshold_is_shown_in_seconds() -> None:
    details = _outcome("service-level", _worked(), threshold=F(41, 2))[3]
    assert details["threshold_seconds"] == 20.5
    assert isinstance(details["threshold_seconds"], float)
    third = _outcome("service-level", _worked(), threshold=F(61, 3))[3]
    assert third["threshold_seconds"] == 20.333  # three decimals
    assert _outcome("service-level", _worked(), threshold=F(20))[3]["threshold_seconds"] == 20
    assert isinstance(_outcome("service-level", _worked())[3]["threshold_seconds"], int)


def test_asa_outcome() -> None:
    value, exact, n, details = _outcome("asa", _worked())
    assert (value, exact, n) == (20.0, 20, 3)  # (10 + 30 + 20) / 3
    assert details == {**COUNTS, "total_wait_seconds": 60}


def test_aht_outcome_with_each_part() -> None:
    value, exact, n, details = _outcome("aht", _worked())
    # (390 talk + 10 hold + 60 wrap) / 3 answered = 460 / 3 = 153.33
    assert (value, exact, n) == (153.3, F(460, 3), 3)
    assert details == {
        **COUNTS, "total_seconds": 460,
        "talk_seconds": 390, "talk_avg_seconds": 130.0,
        "hold_seconds": 10, "hold_avg_seconds": 3.3,
        "wrap_seconds": 60, "wrap_avg_seconds": 20.0,
        "parts": ["talk", "hold", "wrap"],
    }  # fmt: skip
    no_hold = Columns(wait=True, talk=True, hold=False, wrap=True)
    assert _outcome("aht", _worked(), no_hold)[3]["parts"] == ["talk", "wrap"]


def test_abandonment_and_fcr_outcomes() -> None:
    assert _outcome("abandonment", _worked())[:3] == (50.0, 50, 6)  # 3 / 6
    assert _outcome("abandonment", _worked())[3] == COUNTS
    value, exact, n, details = _outcome("fcr", _worked())
    assert (value, exact, n) == (50.0, 50, 2)  # 1 resolved of 2 flagged
    assert details == {**COUNTS, "resolved_first": 1, "flagged": 2}
    one_third = Tally()
    for flag in (True, False, False):
        one_third.add(Rules(), True, F(1), (F(0), F(0), F(0)), flag)
    assert _outcome("fcr", one_third)[:3] == (33.3, F(100, 3), 3)


def test_a_tally_without_contacts_has_no_values() -> None:
    empty = Tally()
    for metric in ("service-level", "asa", "aht", "abandonment", "fcr"):
        value, exact, n, details = _outcome(metric, empty)
        assert (value, exact, n) == (None, None, 0)
        assert details["mean_patience_seconds"] is None
    aht = _outcome("aht", empty)[3]
    assert aht["talk_avg_seconds"] is None and aht["total_seconds"] == 0


def test_no_wait_column_means_no_patience() -> None:
    tally = _tally(Rules(), (False, None), (True, None))
    details = _outcome("abandonment", tally, Columns(wait=False))[3]
    assert details["mean_patience_seconds"] is None  # 0 s over 1 abandon would be a lie


def test_workload_is_handle_time_over_the_interval() -> None:
    outcome = log_outcome("asa", _worked(), Rules(), ALL, 1800)
    assert outcome.details["workload_erlangs"] == 0.26  # 460 s / 1,800 s = 0.2556
    outcome = log_outcome("abandonment", _worked(), Rules(), ALL, 3600)
    assert outcome.details["workload_erlangs"] == 0.13  # 460 / 3,600 = 0.1278
    assert "workload_erlangs" not in log_outcome("asa", _worked(), Rules(), ALL).details


def test_fractional_sums_are_shown_to_the_millisecond() -> None:
    tally = Tally()
    tally.add(Rules(), True, F(1, 3), (F(1, 3), F(2, 3), F(1, 8)), None)
    details = log_outcome("aht", tally, Rules(), ALL).details
    assert (details["talk_seconds"], details["hold_seconds"]) == (0.333, 0.667)
    assert details["wrap_seconds"] == 0.125
    assert details["total_seconds"] == 1.125
    assert log_outcome("asa", tally, Rules(), ALL).details["total_wait_seconds"] == 0.333


def test_each_indicator_needs_its_columns() -> None:
    bare = Columns(wait=False)
    assert needed_columns("service-level", bare) == ["wait"]
    assert needed_columns("asa", bare) == ["wait"]
    assert needed_columns("aht", bare) == ["talk", "wrap"]
    assert needed_columns("aht", Columns(talk=True)) == ["wrap"]
    assert needed_columns("abandonment", bare) == []
    assert needed_columns("fcr", bare) == ["resolved_first"]
    assert needed_columns("fcr", ALL) == [] and needed_columns("aht", ALL) == []
    assert Columns() == Columns(wait=True, talk=False, hold=False, wrap=False,
                                resolved_first=False)  # fmt: skip


def test_the_three_variants_side_by_side() -> None:
    assert shares(_worked()) == {"against": 33.3, "ignored": 50.0, "for": 66.7}
    assert shares(Tally()) == {"against": None, "ignored": None, "for": None}


def test_default_rules() -> None:
    assert Rules() == Rules(F(20), Abandons.AGAINST, None)
