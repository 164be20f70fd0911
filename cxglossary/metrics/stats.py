"""Is the change real? Confidence intervals of survey indicators and two-sided tests between two
groups, in the normal approximation.

These are the only floats of the survey metrics, and on purpose: a normal quantile, a square
root and a p-value are not rational. The counts, proportions and variances stay exact
(`Fraction`) up to one square root; then:

- `z_value(confidence)` solves erfc(z/√2) = 1 − confidence by bisection on `math.erfc`, to the
  last bit of the double (1.959963984540054 for 95 %);
- `p_value(z)` is erfc(|z|/√2), to within about 1e-15 of the true value;
- a square root of a double is correctly rounded (IEEE 754).

So every reported bound is within 1e-12 points of the exact value of the formula before its
rounding to one decimal (or two, for CES), far below the rounding step: only a bound falling
within 1e-12 of a rounding tie could round the other way.

Formulas (n answers; proportions p of the n):

- NPS = 100 (p_P − p_D), variance of one answer p_P + p_D − (p_P − p_D)² (a trinomial: +1, 0,
  −1), so se = 100 √(that / n); interval NPS ± z se, kept within −100..+100.
- CSAT = 100 p (top-two box): the Wilson score interval, which stays in 0..100 and does not
  collapse at 0 % or 100 % as the ± interval does.
- CES = the mean answer: mean ± z s / √n with the sample standard deviation s (n − 1): the
  normal approximation, as for NPS and CSAT (for fewer than about 30 answers a Student t
  interval would be up to a few percent wider: 2.05 against 1.96 at n = 30).
- A comparison of A and B: difference A − B, standard error √(se_A² + se_B²) (unpooled, so that
  "significant" and "the interval excludes 0" always agree), z = difference / se, two-sided
  p-value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from cxglossary.metrics.result import round_half_away

CONFIDENCES = (90, 95, 99)
DEFAULT_CONFIDENCE = 95
_SQRT2 = math.sqrt(2.0)


def z_value(confidence: int) -> float:
    """The two-sided standard normal quantile: P(|Z| <= z) = confidence %."""
    if not 0 < confidence < 100:
        raise ValueError("a confidence is between 0 and 100 %")
    alpha = 1 - confidence / 100
    # erfc(z/√2) falls from 1 to 0 as z goes from 0 to 40: halve the bracket to the last bit.
    low, high = 0.0, 40.0
    for _ in range(200):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        if math.erfc(middle / _SQRT2) > alpha:
            low = middle
        else:
            high = middle
    return low


def p_value(z: float) -> float:
    """Two-sided p-value of a standard normal statistic."""
    return math.erfc(abs(z) / _SQRT2)


@dataclass(frozen=True)
class Estimate:
    """A value with its standard error, in the unit reported (points, percent, scale)."""

    value: Fraction
    variance: Fraction  # of the estimate (se²), exact

    @property
    def se(self) -> float:
        return math.sqrt(self.variance)


def nps_estimate(promoters: int, passives: int, detractors: int) -> Estimate:
    n = promoters + passives + detractors
    p, d = Fraction(promoters, n), Fraction(detractors, n)
    return Estimate(100 * (p - d), 10000 * (p + d - (p - d) ** 2) / n)


def proportion_estimate(successes: int, n: int) -> Estimate:
    p = Fraction(successes, n)
    return Estimate(100 * p, 10000 * p * (1 - p) / n)


def mean_estimate(counts: Mapping[int, int]) -> Estimate:
    """The mean answer and its standard error s / √n (sample variance; 0 for one answer)."""
    n = sum(counts.values())
    total = sum(score * count for score, count in counts.items())
    # the sum of squared deviations, Σ c (s − mean)², in integers: (n Σ c s² − (Σ c s)²) / n
    squares = Fraction(
        n * sum(count * score * score for score, count in counts.items()) - total**2, n
    )
    sample_variance = squares / (n - 1) if n > 1 else squares
    return Estimate(Fraction(total, n), sample_variance / n)


def _bound(x: float, places: int) -> float:
    return float(round_half_away(Fraction(x), places))


def normal_interval(
    estimate: Estimate, confidence: int, places: int, low: float, high: float
) -> tuple[float, float]:
    """value ± z se, kept within [low, high], each bound rounded once."""
    margin = z_value(confidence) * estimate.se
    value = float(estimate.value)
    return (
        _bound(max(low, value - margin), places),
        _bound(min(high, value + margin), places),
    )


def wilson_bounds(successes: int, n: int, z: float) -> tuple[float, float]:
    """The Wilson score interval of the proportion successes / n, as fractions of 1."""
    p = successes / n
    z2n = z * z / n
    centre = (p + z2n / 2) / (1 + z2n)
    half = z / (1 + z2n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def wilson_interval(successes: int, n: int, confidence: int) -> tuple[float, float]:
    """The Wilson interval in percent, one decimal."""
    low, high = wilson_bounds(successes, n, z_value(confidence))
    return _bound(low * 100, 1), _bound(high * 100, 1)


@dataclass(frozen=True)
class Comparison:
    """A − B with its interval and test, as `"comparison"` in JSON."""

    a: dict[str, object]
    b: dict[str, object]
    difference: float
    exact: Fraction
    ci: tuple[float, float]
    z: float | None  # None when both sides have no spread (nothing to test)
    p_value: float | None
    significant: bool
    confidence: int

    def to_json(self) -> dict[str, object]:
        return {
            "a": self.a,
            "b": self.b,
            "difference": self.difference,
            "ci": list(self.ci),
            "z": self.z,
            "p_value": self.p_value,
            "significant": self.significant,
            "confidence_pct": self.confidence,
        }


def compare(
    a: Estimate,
    b: Estimate,
    *,
    confidence: int,
    places: int,
    sides: tuple[dict[str, object], dict[str, object]],
) -> Comparison:
    """Difference a − b, its normal interval, z and the two-sided p-value."""
    exact = a.value - b.value
    variance = a.variance + b.variance
    se = math.sqrt(variance)
    margin = z_value(confidence) * se
    difference = float(exact)
    ci = (_bound(difference - margin, places), _bound(difference + margin, places))
    if variance == 0:
        z, p, significant = None, None, exact != 0
    else:
        z = difference / se
        p = p_value(z)
        significant = abs(z) > z_value(confidence)
    value = float(round_half_away(exact, places))
    return Comparison(sides[0], sides[1], value, exact, ci, z, p, significant, confidence)


def shown_p(p: float) -> str:
    """p as people read it: two significant digits (0.17, 0.047, 0.0012), '< 0.001' below."""
    if p < 0.001:
        return "< 0.001"
    places = 1 - math.floor(math.log10(p))
    return f"= {_bound(p, places):.{places}f}"
