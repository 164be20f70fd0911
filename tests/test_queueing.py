"""The numerical parts of the queueing models: quadrature rule, Erlang B and Erlang A at the
edges of their range, each against a reference computed another way (see each test)."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from cxglossary.metrics.queueing import (
    NODES,
    WEIGHTS,
    _legendre,
    erlang_a,
    erlang_a_quadrature,
    erlang_a_series,
    erlang_b,
    erlang_b_step,
    erlang_c_from_b,
    series_terms,
)

# --- Gauss-Legendre ---------------------------------------------------------------------------

# The 12-point rule as tabulated in Abramowitz and Stegun, Handbook of Mathematical Functions,
# table 25.4 (positive nodes and their weights, 15 digits).
PUBLISHED_12 = [
    (0.125233408511469, 0.249147045813403),
    (0.367831498998180, 0.233492536538355),
    (0.587317954286617, 0.203167426723066),
    (0.769902674194305, 0.160078328543346),
    (0.904117256370475, 0.106939325995318),
    (0.981560634246719, 0.047175336386512),
]


def test_the_12_point_rule_is_the_published_one() -> None:
    nodes, weights = _legendre(12)
    assert (nodes, weights) == (NODES, WEIGHTS)
    got = sorted((x, w) for x, w in zip(nodes, weights, strict=True) if x > 0)
    for (x, w), (want_x, want_w) in zip(got, PUBLISHED_12, strict=True):
        assert x == pytest.approx(want_x, abs=1e-15)
        assert w == pytest.approx(want_w, abs=1e-15)
    assert sorted(-x for x in nodes if x < 0) == pytest.approx([x for x, _ in got], abs=1e-16)


@pytest.mark.parametrize("order", [1, 2, 5, 12, 20])
def test_an_n_point_rule_integrates_polynomials_up_to_degree_2n_minus_1(order: int) -> None:
    # int_-1^1 x^k dx = 2 / (k + 1) for even k, 0 for odd k: exact for k <= 2n - 1, and not
    # for k = 2n (the defining property of Gauss-Legendre rules).
    nodes, weights = _legendre(order)
    assert len(nodes) == len(weights) == order
    for k in range(2 * order):
        want = 2 / (k + 1) if k % 2 == 0 else 0.0
        got = sum(w * x**k for x, w in zip(nodes, weights, strict=True))
        assert got == pytest.approx(want, abs=2e-15), k
    k = 2 * order
    # the error of x^2n is (n!)^4 2^(2n+1) / ((2n + 1) ((2n)!)^2), positive: 2.8e-12 for n = 20
    error = Fraction(math.factorial(order) ** 4 * 2 ** (2 * order + 1)) / (
        (2 * order + 1) * math.factorial(2 * order) ** 2
    )
    got = sum(w * x**k for x, w in zip(nodes, weights, strict=True))
    assert 2 / (k + 1) - got == pytest.approx(float(error), rel=1e-3)


# --- Erlang B ---------------------------------------------------------------------------------


def recursion_b(lines: int, traffic: float) -> float:
    """B(n, a) by the classic forward recursion B(k) = a.B(k-1) / (k + a.B(k-1)), in floats:
    a different algorithm from the code's (top-down sum, integral); stable, with a relative
    error growing about linearly, below 1e-12 for the sizes used here."""
    b = 1.0
    for k in range(1, lines + 1):
        b = traffic * b / (k + traffic * b)
    return b


def exact_b(lines: int, traffic: Fraction) -> Fraction:
    """Textbook Erlang B with factorials, in rationals."""
    top = traffic**lines / math.factorial(lines)
    return top / sum(traffic**k / math.factorial(k) for k in range(lines + 1))


@pytest.mark.parametrize(
    ("lines", "traffic"),
    [
        (65, 1000.0),  # heavy overload: the integrand decays within 0.05 of u = 0
        (65, 80.0),
        (65, 65.0),  # lines = traffic: the peak of the integrand at u = 0
        (66, 30.0),
        (65, 2.0),  # very light load: B about 1e-70
        (200, 195.5),
        (1000, 1100.0),
        (3000, 2900.0),
        (3000, 100.0),  # B about 1e-3500: 0 in a float
    ],
)
def test_erlang_b_beyond_64_lines_matches_the_recursion(lines: int, traffic: float) -> None:
    # Measured: 2e-12 relative at worst (65 lines, 1,000 erlangs, against the factorial
    # formula in rationals), 2e-13 elsewhere; 5e-12 is asked.
    assert lines > 64  # the integral's range
    assert erlang_b(lines, traffic) == pytest.approx(recursion_b(lines, traffic), rel=5e-12)


@pytest.mark.parametrize(
    ("lines", "traffic"),
    [(1, Fraction(3, 2)), (7, Fraction(200)), (30, Fraction(1, 4)), (64, Fraction(64)),
     (64, Fraction(70)), (40, Fraction(10)),
     # ten times overloaded: the sum stays within 1e-15 where the integral (beyond 64 lines)
     # errs by 2e-12 (measured), so the 64-line switch shows
     (64, Fraction(640)),
     # almost no traffic: B(2, a) = (a^2 / 2) / (1 + a + a^2 / 2) = 5e-35 for a = 1e-17; the
     # sum's terms grow all the way (2 / a, then 2 / a^2), nothing may stop it early
     (2, Fraction(1, 10**17))],
)  # fmt: skip
def test_erlang_b_summed_up_to_64_lines_matches_the_factorial_formula(
    lines: int, traffic: Fraction
) -> None:
    assert erlang_b(lines, float(traffic)) == pytest.approx(
        float(exact_b(lines, traffic)), rel=1e-13, abs=0.0
    )


def test_erlang_b_limits() -> None:
    # No line blocks everything; no traffic blocks nothing; far too many lines block nothing.
    assert erlang_b(0, 5.0) == 1.0
    assert erlang_b(-1, 5.0) == 1.0
    assert erlang_b(5, 0.0) == 0.0
    assert erlang_b(64, 1e-4) == 0.0  # about 1e-345: below the smallest float
    assert erlang_b(60, 1e-3) == pytest.approx(float(exact_b(60, Fraction(1, 1000))), rel=1e-12)


def test_one_recursion_step_and_erlang_c_from_b() -> None:
    # B(1, 2) = 2/3 and B(2, 2) = 2/5 (factorial formula); C(2, 1) = 1/3: with B(2, 1) = 1/5,
    # C = n.B / (n - a(1 - B)) = (2/5) / (2 - 4/5) = 1/3.
    assert erlang_b_step(2, 2.0, 2 / 3) == pytest.approx(0.4, rel=1e-15)
    assert erlang_b_step(1, 2.0, 1.0) == pytest.approx(2 / 3, rel=1e-15)
    assert erlang_c_from_b(2, 1.0, 0.2) == pytest.approx(1 / 3, rel=1e-15)


# --- Erlang A: the quadrature at the edges of its range ---------------------------------------

FIELDS = ("probability_waiting", "probability_abandon", "answered_within", "abandoned_within",
          "occupancy", "mean_wait_answered", "mean_wait_all")  # fmt: skip


@pytest.mark.parametrize(
    ("agents", "traffic", "ratio", "threshold"),
    [
        (100, 95.0, 0.01, 0.1),  # patient callers, close to Erlang C
        (100, 300.0, 5.0, 0.5),  # three times overloaded, impatient callers
        (100, 300.0, 0.05, 0.5),  # three times overloaded, patient callers: a long queue
        (500, 100.0, 1.0, 2.0),  # light load: the bump at s = 0
        (200, 200.0, 1.0, 0.0),  # a threshold of 0; x = c: the peak at 0
        (200, 180.0, 0.3, 40.0),  # a threshold far beyond the window
        (64, 70.0, 0.02, 0.25),
        (3000, 2990.0, 0.5, 0.1),
        (800, 700.0, 1.0, 1.0),  # n.T > 700: the series' first pmf terms carried as logs
        (2000, 2100.0, 0.5, 0.5),
        (30, 25.0, 0.2, 0.05),  # a short series (90 terms) and a short threshold
        # 3 agents, impatient callers, 100 times overloaded: c = n / r = 0.6, so the bump
        # falls slowly on its right: a window from s = 0.22 to 81 (peak at 4.6), cut at every
        # power of 2 up to 64; 15 panels, the most of any queue here
        (3, 300.0, 5.0, 0.01),
        (3, 60.0, 0.3, 0.01),  # window 0.98 to 8.5: the threshold (s = 0.003) lies before it
        (64, 64.0, 0.3, 2.0),  # x = c: the peak at 0, the threshold (0.6) inside the window
        # 20 times overloaded: the series' weights pass 1e200 and are rescaled (784 terms)
        (30, 600.0, 1.0, 0.25),
    ],
)
def test_quadrature_matches_the_series_at_the_edges(
    agents: int, traffic: float, ratio: float, threshold: float
) -> None:
    # Both ways of erlang_a on the same queue (the series summed term by term until its tail
    # is below 1e-16 of it). The documented agreement is 1e-10 over the whole range; on these
    # queues it was measured at 5e-13 relative at worst, and 1e-11 is asked: tight enough
    # that a window cut short or a panel misplaced shows. The quadrature's cost stays a few
    # panels of 12 nodes (measured 3 to 15), where the series takes up to 4,650 terms.
    got = erlang_a_quadrature(agents, traffic, ratio, threshold)
    want = erlang_a_series(agents, traffic, ratio, threshold)
    for name in FIELDS:
        assert getattr(got, name) == pytest.approx(getattr(want, name), rel=1e-11, abs=1e-13), name
    assert got.steps <= 15
    assert erlang_a(agents, traffic, ratio, threshold) in (got, want)


def test_the_series_counts_on_once_its_cdfs_round_to_one() -> None:
    # 3,000 agents 10 % overloaded, a threshold of a quarter of the AHT: the negative binomial
    # cdfs of the series reach 1 in floating point around term 1,000 while the weights of
    # "j callers waiting" still count (the series takes 1,883 terms): from there a caller
    # finding j waiting is answered within the threshold with probability 0, not 1. Against
    # the quadrature, within the documented agreement (1e-10; measured 1e-11).
    got = erlang_a_series(3000, 3300.0, 0.3, 0.25)
    want = erlang_a_quadrature(3000, 3300.0, 0.3, 0.25)
    for name in FIELDS:
        assert getattr(got, name) == pytest.approx(getattr(want, name), rel=1e-10, abs=1e-13), name
    assert 0.0 < got.abandoned_within < got.probability_abandon


def test_the_panels_of_a_bump_at_capacity() -> None:
    # At capacity with r = 1 (200 agents, 200 erlangs): c = x = 200, the peak at s = 0, and
    # log f(s) = 200 (1 - e^-s - s) falls to -45 between s = 0.75 (-44.5) and s = 0.76 (-45.5):
    # the window [0, 0.755] in three panels (edges near 0.252 and 0.503), cut again at 0.25 and
    # 0.5 (the ladder of powers of 2): five panels; a threshold at s = 0.4 adds a sixth.
    assert erlang_a_quadrature(200, 200.0, 1.0, 0.0).steps == 5
    assert erlang_a_quadrature(200, 200.0, 1.0, 0.4).steps == 6


def test_a_hopelessly_overloaded_queue_reports_shares_of_at_most_one() -> None:
    # One agent, 100 erlangs, patience equal to the AHT (r = 1). The chain's weights relative
    # to "idle": 1 for k = 0, a = 100 for k = 1, and a.t_j for k = 1 + j with t_j =
    # prod_{i<=j} 100 / (1 + i) = 100^j / (j + 1)!; the sum is 1 + 100 sum_j 100^j / (j + 1)!
    # = 1 + (e^100 - 1) = e^100. So P(idle) = e^-100 (4e-44): in a float the agent is busy
    # all the time, every caller waits, none is answered at once (within rounding, 1e-13),
    # and P(abandon) = 1 - served / offered = 1 - (1 - e^-100) / 100 = 0.99. Rounding must
    # not push a share past 1 (uncapped, the quadrature's occupancy is 1.0000000000000453).
    for result in (erlang_a(1, 100.0, 1.0, 0.0), erlang_a_series(1, 100.0, 1.0, 0.0)):
        for name, want in [("occupancy", 1.0), ("probability_waiting", 1.0),
                           ("answered_within", 0.0)]:  # fmt: skip
            assert getattr(result, name) == pytest.approx(want, abs=1e-13), name
            assert 0.0 <= getattr(result, name) <= 1.0, name
        assert result.probability_abandon == pytest.approx(0.99, rel=1e-13)
    # and on other overloaded queues, by either way: every share within [0, 1]
    for queue in [(2, 2000.0, 0.1, 0.0), (1, 30.0, 0.01, 0.0), (3, 60.0, 1.0, 0.5)]:
        for result in (erlang_a_quadrature(*queue), erlang_a_series(*queue)):
            for name in FIELDS[:5]:
                assert 0.0 <= getattr(result, name) <= 1.0, (queue, name)


@pytest.mark.parametrize(
    ("agents", "traffic", "ratio"),
    [
        (1, 4.0, 0.1),  # overloaded: the count up to the peak of t_j, (a - n) / r = 30, leads
        (1, 0.5, 0.03),  # light load: the geometric fall (a / n = 1/2) leads
        (100, 100.0, 0.03),  # at capacity: the Gaussian fall of curvature r / (2n) alone
        (10, 3.0, 0.03),  # both falls
    ],
)
def test_the_series_length_is_foreseen(agents: int, traffic: float, ratio: float) -> None:
    # erlang_a chooses its way by this estimate: the series while it is short, the quadrature
    # beyond. Where its model holds (one to a hundred agents here) it is within 10 % of the
    # terms actually summed (measured: 94 against 90, 36 against 36, 509 against 548, 33
    # against 36); 15 % is asked. It is coarser for one or two agents near capacity (up to 60
    # % off, measured), where both ways cost little anyway.
    summed = erlang_a_series(agents, traffic, ratio, 0.1).steps
    assert series_terms(agents, traffic, ratio) == pytest.approx(summed, rel=0.15)


def test_the_series_stops_on_its_tail_whatever_its_weights() -> None:
    # One agent, r = 2 and a = sqrt(15) erlangs: the weight of "two callers waiting", t_2 =
    # a/(1 + 2) . a/(1 + 4) = a^2 / 15, is exactly 1.0 in floating point. The series must
    # still run until its tail is negligible (24 terms), giving the quadrature's answer.
    traffic = math.sqrt(15.0)
    assert traffic / 3 * (traffic / 5) == 1.0
    got = erlang_a(1, traffic, 2.0, 0.0)
    assert got == erlang_a_series(1, traffic, 2.0, 0.0)
    want = erlang_a_quadrature(1, traffic, 2.0, 0.0)
    for name in FIELDS:
        assert getattr(got, name) == pytest.approx(getattr(want, name), rel=1e-11, abs=1e-13), name
