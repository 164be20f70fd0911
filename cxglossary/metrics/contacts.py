"""Contact-log indicators: one contact at a time into additive tallies, tallies into results.

A tally holds only counts and exact sums, so tallies add up: the tally of a day is the sum of
its half-hours' tallies, the total is the sum of the groups'. Every indicator is computed from
a tally at the end, exactly (`Fraction`), rounded once. Both readers (`logs.py`: the Python
rows of a small file or a workbook, and the SQL engine for large CSVs) fill the same fields.

Definitions (`Rules` holds the options):

- offered: every contact, less the short abandons (`--short-abandon 5s`: abandoned with a wait
  below that, removed from every rate and counted apart).
- answered within T: answered with a wait of at most T; abandoned within T likewise.
- service level: one of the three variants of `abandons.py` (`--abandons`).
- ASA: total wait of answered contacts / answered.
- AHT: (talk + hold + wrap) / answered, the parts the log has (hold counts 0 when the log has
  no hold column, said in the output; a blank hold or wrap cell counts 0).
- abandonment: abandoned / offered. FCR: resolved at first contact / answered contacts whose
  flag is filled in.
- mean patience: total waiting time of every contact (answered and abandoned) / abandoned
  contacts, the usual estimator for Erlang A (`mean_patience`).
- workload: total handle time of the contacts arriving in a period / the period's length, in
  erlangs (with `--per` 15m, 30m or 1h).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from cxglossary.errors import InputError
from cxglossary.metrics.abandons import Abandons, service_level_share
from cxglossary.metrics.result import Outcome, percent, report

LOG_METRICS = ("service-level", "asa", "aht", "abandonment", "fcr")
PARTS = ("talk", "hold", "wrap")


@dataclass(frozen=True)
class Rules:
    """How contacts are counted: the service-level threshold and variant, short abandons."""

    threshold: Fraction = Fraction(20)
    abandons: Abandons = Abandons.AGAINST
    short_abandon: Fraction | None = None


# Fractions are immutable: every empty sum shares one zero (a report on a large log builds
# tens of thousands of tallies).
ZERO = Fraction(0)


class Tally:
    """Counts and exact sums over a set of contacts; `merge` adds another tally."""

    __slots__ = (
        "abandoned",
        "abandoned_within",
        "answered",
        "answered_wait",
        "answered_within",
        "fcr_flagged",
        "fcr_resolved",
        "hold",
        "offered",
        "short",
        "talk",
        "wait_all",
        "wrap",
    )

    def __init__(self) -> None:
        self.offered = 0  # short abandons left out
        self.answered = 0
        self.abandoned = 0  # short abandons left out
        self.short = 0
        self.answered_within = 0
        self.abandoned_within = 0
        self.answered_wait = ZERO
        self.wait_all = ZERO  # answered and abandoned (short abandons left out)
        self.talk = ZERO
        self.hold = ZERO
        self.wrap = ZERO
        self.fcr_flagged = 0
        self.fcr_resolved = 0

    def add(
        self,
        rules: Rules,
        answered: bool,
        wait: Fraction | None,
        parts: tuple[Fraction, Fraction, Fraction] = (Fraction(0), Fraction(0), Fraction(0)),
        resolved: bool | None = None,
    ) -> None:
        """One contact. `wait` is None only when the log has no wait column."""
        if not answered:
            if rules.short_abandon is not None and wait is not None and wait < rules.short_abandon:
                self.short += 1
                return
            self.offered += 1
            self.abandoned += 1
            if wait is not None:
                self.wait_all += wait
                if wait <= rules.threshold:
                    self.abandoned_within += 1
            return
        self.offered += 1
        self.answered += 1
        if wait is not None:
            self.wait_all += wait
            self.answered_wait += wait
            if wait <= rules.threshold:
                self.answered_within += 1
        self.talk += parts[0]
        self.hold += parts[1]
        self.wrap += parts[2]
        if resolved is not None:
            self.fcr_flagged += 1
            self.fcr_resolved += resolved

    def merge(self, other: Tally) -> None:
        for name in Tally.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def fields(self) -> dict[str, int | Fraction]:
        return {name: getattr(self, name) for name in Tally.__slots__}

    @property
    def contacts(self) -> int:
        """Every contact read, short abandons included."""
        return self.offered + self.short


def mean_patience(total_wait: Fraction, abandoned: int) -> Fraction | None:
    """Mean caller patience in seconds: total waiting time of all contacts (answered and
    abandoned) / abandoned contacts; None when nobody abandoned (patience not observed).

    The usual estimator when patience times are censored by the answer (an answered caller
    would have waited longer): it is the maximum-likelihood estimate for exponential patience.
    Erlang A (`--patience-from`) takes it from here."""
    if abandoned == 0:
        return None
    return Fraction(total_wait) / abandoned


def _seconds(value: Fraction) -> float:
    return float(round(value, 3)) if value.denominator != 1 else int(value)


def counts(tally: Tally, columns: Columns) -> dict[str, object]:
    """The counts every log result carries in its details (no patience without waits)."""
    patience = mean_patience(tally.wait_all, tally.abandoned) if columns.wait else None
    return {
        "contacts": tally.contacts,
        "offered": tally.offered,
        "answered": tally.answered,
        "abandoned": tally.abandoned,
        "short_abandons": tally.short,
        "mean_patience_seconds": None if patience is None else report(patience, 1),
    }


@dataclass(frozen=True)
class Columns:
    """Which optional columns the log has: they decide which indicators exist."""

    wait: bool = True
    talk: bool = False
    hold: bool = False
    wrap: bool = False
    resolved_first: bool = False


def needed_columns(metric: str, columns: Columns) -> list[str]:
    """The columns `metric` needs that the log lacks (empty: it can be computed)."""
    need = {
        "service-level": ["wait"],
        "asa": ["wait"],
        "aht": ["talk", "wrap"],
        "abandonment": [],
        "fcr": ["resolved_first"],
    }[metric]
    return [name for name in need if not getattr(columns, name)]


def log_outcome(
    metric: str, tally: Tally, rules: Rules, columns: Columns, interval: int | None = None
) -> Outcome:
    """One indicator from a tally; value None (and n 0) when the tally has no contact for it.

    `interval` (seconds) adds the workload in erlangs."""
    details = counts(tally, columns)
    value: Fraction | None
    places = 1
    if metric == "service-level":
        value = _share(rules.abandons, tally.answered_within, tally.abandoned_within, tally.offered)
        details.update(
            {
                "answered_within": tally.answered_within,
                "abandoned_within": tally.abandoned_within,
                "threshold_seconds": _seconds(rules.threshold),
                "abandons": rules.abandons.value,
                "variant": rules.abandons.label,
                "formula": rules.abandons.formula,
            }
        )
        n = tally.offered
    elif metric == "asa":
        value = tally.answered_wait / tally.answered if tally.answered else None
        details["total_wait_seconds"] = _seconds(tally.answered_wait)
        n = tally.answered
    elif metric == "aht":
        total = tally.talk + tally.hold + tally.wrap
        value = total / tally.answered if tally.answered else None
        details["total_seconds"] = _seconds(total)
        for name in PARTS:
            part: Fraction = getattr(tally, name)
            details[f"{name}_seconds"] = _seconds(part)
            average = part / tally.answered if tally.answered else None
            details[f"{name}_avg_seconds"] = None if average is None else report(average, 1)
        details["parts"] = [name for name in PARTS if getattr(columns, name)]
        n = tally.answered
    elif metric == "abandonment":
        value = Fraction(100 * tally.abandoned, tally.offered) if tally.offered else None
        n = tally.offered
    elif metric == "fcr":
        flagged = tally.fcr_flagged
        value = Fraction(100 * tally.fcr_resolved, flagged) if flagged else None
        details.update({"resolved_first": tally.fcr_resolved, "flagged": flagged})
        n = flagged
    else:  # pragma: no cover - callers pass LOG_METRICS
        raise InputError(f"metric {metric} does not read a contact log")
    if interval is not None:
        handle = tally.talk + tally.hold + tally.wrap
        details["workload_erlangs"] = report(handle / interval, 2)
    shown = None if value is None else report(value, places)
    return Outcome(shown, value, n, details)


def _share(
    variant: Abandons, answered_within: int, abandoned_within: int, offered: int
) -> Fraction | None:
    share = service_level_share(
        variant, Fraction(answered_within), Fraction(abandoned_within), Fraction(offered)
    )
    return None if share is None else share * 100


def shares(tally: Tally) -> dict[str, float | None]:
    """The three service-level variants side by side, in percent (for `cx report`)."""
    out: dict[str, float | None] = {}
    for variant in Abandons:
        share = _share(variant, tally.answered_within, tally.abandoned_within, tally.offered)
        out[variant.value] = None if share is None else percent(share, 100)
    return out
