"""Result objects of `cx metric` and the one rounding rule they use.

Every calculator works on integers and `Fraction`s and rounds once, at the very end, half away
from zero (12.5 -> 13, -12.5 -> -13, 14.5 -> 15), never half to even as `round()` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

Number = int | float


def round_half_away(x: Fraction | int, places: int = 0) -> Fraction:
    """Round `x` to `places` decimals, halves away from zero, exactly (no float involved)."""
    if places < 0:
        raise ValueError("places must be >= 0")
    value = Fraction(x)
    scale = 10**places
    scaled = abs(value) * scale
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    rounded = Fraction(whole, scale)
    return -rounded if value < 0 else rounded


def report(x: Fraction | int, places: int) -> Number:
    """The reported form of an exact value: an int for 0 places, else the nearest float."""
    rounded = round_half_away(x, places)
    if places == 0:
        return int(rounded)
    return float(rounded)


def percent(part: int | Fraction, whole: int | Fraction, places: int = 1) -> float:
    """`part / whole` in percent, rounded once (whole must not be 0)."""
    return float(round_half_away(Fraction(part) * 100 / Fraction(whole), places))


@dataclass
class Outcome:
    """The metric-specific part of a result, shared by totals and `--by` groups;
    calculators.py and erlang.py both return it."""

    value: Number | None
    exact: Fraction | None
    n: int | None
    details: dict[str, object] = field(default_factory=dict)
    reason: str | None = None
    ci: tuple[float, float] | None = None  # a confidence interval (surveys), rounded


def _exact_json(exact: Fraction | None) -> dict[str, object]:
    if exact is None:
        return {"exact": None}
    return {"exact": float(exact), "exact_fraction": str(exact)}


@dataclass
class GroupResult:
    """One row of a `--by` and/or `--per` computation: a key (None without --by) and a period
    start in ISO 8601 (None without --per); an empty period has value None and n 0."""

    key: str | None
    value: Number | None
    exact: Fraction | None
    n: int | None
    details: dict[str, object]
    ci: tuple[float, float] | None = None
    period: str | None = None  # the ISO start of a period (--per, a plan's interval), or None

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"key": self.key, "period": self.period, "value": self.value}
        out.update(_exact_json(self.exact))
        out.setdefault("exact_fraction", None)
        out["n"] = self.n
        out["details"] = self.details
        if self.ci is not None:
            out["ci"] = list(self.ci)
        return out


@dataclass
class MetricResult:
    """What a calculator returns; `render` turns it into a panel or JSON."""

    metric: str
    value: Number | None
    exact: Fraction | None
    unit: str
    n: int | None
    inputs: dict[str, object]
    details: dict[str, object]
    reason: str | None = None
    groups: list[GroupResult] | None = None
    skipped: int = 0
    source: str | None = None  # the file name used in messages, when the values came from a file
    ci: tuple[float, float] | None = None  # a confidence interval (surveys), rounded
    comparison: dict[str, object] | None = None  # `--compare A B` (see metrics/stats.py)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"metric": self.metric, "value": self.value}
        out.update(_exact_json(self.exact))
        out.update({"unit": self.unit, "n": self.n, "inputs": self.inputs})
        out["details"] = self.details
        if self.ci is not None:
            out["ci"] = list(self.ci)
        if self.reason is not None:
            out["reason"] = self.reason
        if self.groups is not None:
            out["groups"] = [group.to_json() for group in self.groups]
        if self.comparison is not None:
            out["comparison"] = self.comparison
        if self.source is not None:
            out["skipped"] = self.skipped
        return out

    def as_group(self, key: str | None, period: str | None = None) -> GroupResult:
        return GroupResult(key, self.value, self.exact, self.n, self.details, self.ci, period)
