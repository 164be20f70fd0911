"""Erlang C staffing: worked examples, an independent exact check, stability and speed."""

from __future__ import annotations

import math
import time
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxglossary.errors import InputError
from cxglossary.metrics import MetricResult, compute, parse_args
from cxglossary.metrics.erlang import erlang_c, positions, service_level

DETAIL_KEYS = [
    "model",
    "traffic_erlangs",
    "agents",
    "positions",
    "service_level",
    "asa_seconds",
    "occupancy",
    "probability_waiting",
]


def erlang(*args: str) -> MetricResult:
    return compute("erlang", parse_args("erlang", list(args)))


def exact_erlang_c(agents: int, traffic: Fraction) -> Fraction:
    """Textbook Erlang C with factorials, in exact rationals: an independent reference."""
    top = traffic**agents / math.factorial(agents) * Fraction(agents) / (agents - traffic)
    bottom = sum(traffic**k / math.factorial(k) for k in range(agents)) + top
    return top / bottom


def test_call_centre_helper_worked_example() -> None:
    # Public worked example: Call Centre Helper, "Erlang C Formula - Made Simple With an Easy
    # Worked Example": 100 calls per 30 minutes, AHT 180 s, 80 % in 20 s, max occupancy 85 %,
    # shrinkage 30 % -> 10 erlangs, 14 agents, 20 with shrinkage. Service level, ASA and
    # probability of waiting were checked against the exact factorial formula (see below).
    c = exact_erlang_c(14, Fraction(10))
    assert float(c) == pytest.approx(0.1741, abs=5e-5)
    assert 1 - float(c) * math.exp(-(14 - 10) * 20 / 180) == pytest.approx(0.8884, abs=5e-5)
    r = erlang(
        "--calls", "100", "--interval", "30m", "--aht", "180s", "--service-level", "80/20",
        "--shrinkage", "30%", "--max-occupancy", "85%",
    )  # fmt: skip
    assert r.value == 14
    assert r.exact == 14
    assert r.unit == "agents"
    assert r.n == 100
    assert list(r.details) == [*DETAIL_KEYS, "fractional_agents"]
    assert r.details["model"] == "erlang-c"
    assert r.details["traffic_erlangs"] == 10.0
    assert r.details["agents"] == 14
    assert r.details["positions"] == 20
    assert r.details["service_level"] == 88.8
    assert r.details["occupancy"] == 71.4
    assert r.details["probability_waiting"] == 17.4
    assert r.details["asa_seconds"] == 7.8
    # 13 + (0.8 - SL(13)) / (SL(14) - SL(13)) with the factorial formula (test_staffing)
    assert r.details["fractional_agents"] == 13.05
    assert r.reason is None


def test_one_agent_fewer_misses_the_target() -> None:
    # Same example, 13 agents: about 79.6 %, just under 80 % - so 14 is the fewest.
    r = erlang(
        "--calls", "100", "--interval", "30m", "--aht", "3m", "--agents", "13",
        "--shrinkage", "30%",
    )  # fmt: skip
    assert (r.value, r.exact, r.n) == (13, 13, 100)
    assert r.details["positions"] == 19  # 13 / 0.7 = 18.6
    assert r.details["service_level"] == 79.6
    assert r.details["probability_waiting"] == 28.5


def test_westbay_worked_example() -> None:
    # Inputs from the public worked example of Westbay Engineers, "The Erlang-C formula":
    # 360 calls per half hour, 4 minute calls, 55 agents, 15 s answer target. The expected
    # figures below were not copied from the page: they come from the exact factorial formula
    # (`exact_erlang_c`, in rationals) and 48 erlangs / 55 agents for the occupancy.
    r = erlang(
        "--calls", "360", "--interval", "30m", "--aht", "4m", "--agents", "55",
        "--service-level", "80/15",
    )  # fmt: skip
    assert r.details["traffic_erlangs"] == 48.0
    assert r.details["occupancy"] == 87.3
    assert r.details["probability_waiting"] == 23.9
    assert r.details["asa_seconds"] == 8.2
    assert r.details["service_level"] == 84.6
    c = float(exact_erlang_c(55, Fraction(48)))
    assert c == pytest.approx(0.2387, abs=5e-5)
    assert erlang_c(55, 48.0) == pytest.approx(c, rel=1e-12)
    assert 1 - c * math.exp(-(55 - 48) * 15 / 240) == pytest.approx(0.8459, abs=5e-5)
    assert c * 240 / (55 - 48) == pytest.approx(8.18, abs=5e-3)


@pytest.mark.parametrize(
    ("agents", "traffic"),
    [(1, Fraction(1, 2)), (2, Fraction(3, 2)), (11, Fraction(10)), (14, Fraction(10)),
     (30, Fraction(51, 2)), (60, Fraction(48)), (120, Fraction(1001, 10))],
)  # fmt: skip
def test_recursion_matches_the_factorial_formula(agents: int, traffic: Fraction) -> None:
    assert erlang_c(agents, float(traffic)) == pytest.approx(
        float(exact_erlang_c(agents, traffic)), rel=1e-12
    )


def test_erlang_c_needs_more_agents_than_erlangs() -> None:
    # N = A has no steady state (the denominator N - A(1 - B) tends to N.B: C = 1, the queue
    # grows without end): refused, as for fewer agents.
    for agents, traffic in [(10, 10.0), (9, 10.0)]:
        with pytest.raises(ValueError, match="more agents than erlangs"):
            erlang_c(agents, traffic)
    assert erlang_c(11, 10.0) == pytest.approx(float(exact_erlang_c(11, Fraction(10))), rel=1e-12)


def test_large_loads_are_stable_and_fast() -> None:
    # 400,000 calls an hour at 180 s = 20,000 erlangs; factorials would overflow a float.
    started = time.perf_counter()
    r = erlang("--calls", "400000", "--interval", "1h", "--aht", "180s")
    elapsed = time.perf_counter() - started
    assert elapsed < 0.5
    assert r.details["traffic_erlangs"] == 20000.0
    assert isinstance(r.value, int) and 20000 < r.value < 20200
    level = r.details["service_level"]
    assert isinstance(level, float) and level >= 80.0
    below = erlang("--calls", "400000", "--interval", "1h", "--aht", "180s", "--agents",
                   str(r.value - 1))  # fmt: skip
    below_level = below.details["service_level"]
    assert isinstance(below_level, float) and below_level < 80.0
    probability = erlang_c(r.value, 20000.0)
    assert 0.0 < probability < 1.0 and math.isfinite(probability)


def test_many_agents_are_cheap_and_sane() -> None:
    r = erlang("--calls", "10", "--interval", "1h", "--aht", "60", "--agents", "1000000000")
    assert r.details["service_level"] == 100.0
    assert r.details["probability_waiting"] == 0.0


def test_traffic_is_shown_to_two_decimals() -> None:
    # 81 calls of 7 min 30 s in an hour: 81 x 450 / 3600 = 10.125 erlangs, shown 10.13
    r = erlang("--calls", "81", "--interval", "1h", "--aht", "450s", "--agents", "14")
    assert r.details["traffic_erlangs"] == 10.13


def test_max_occupancy_can_bind() -> None:
    # 10 erlangs at most 70 % busy needs at least 10 / 0.7 = 14.3, so 15 agents.
    r = erlang(
        "--calls", "100", "--interval", "30m", "--aht", "180", "--max-occupancy", "70%"
    )  # fmt: skip
    assert r.value == 15
    occupancy = r.details["occupancy"]
    assert isinstance(occupancy, float) and occupancy <= 70.0


def test_positions_round_up_exactly() -> None:
    # 21 agents with 30 % shrinkage need exactly 30 positions; floats say 30.000000000000004.
    assert 21 / (1 - 0.3) > 30
    assert positions(21, Fraction(30)) == 30
    assert positions(14, Fraction(30)) == 20
    assert positions(14, Fraction(1)) == 15
    assert positions(14, None) == 14


def test_given_staffing_at_or_below_the_traffic_is_reported_not_computed() -> None:
    r = erlang("--calls", "100", "--interval", "30m", "--aht", "180s", "--agents", "10")
    assert r.value is None and r.n == 100
    assert r.exact is None
    assert r.reason is not None
    assert r.reason.startswith("traffic of 10.0 erlangs needs more than 10 agents under Erlang C")
    assert r.details["service_level"] is None
    assert r.details["asa_seconds"] is None
    assert r.details["occupancy"] == 100.0
    assert r.details["probability_waiting"] == 100.0
    out = r.to_json()
    assert out["value"] is None and out["reason"] == r.reason
    assert list(r.details) == DETAIL_KEYS


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--service-level", "100/20"], "100 %"),
        (["--service-level", "0/20"], "0 %"),
        (["--shrinkage", "100%"], "--shrinkage of 100 %"),
        (["--max-occupancy", "0"], "--max-occupancy of 0 %"),
    ],
)
def test_erlang_errors(args: list[str], fragment: str) -> None:
    base = ["--calls", "100", "--interval", "30m", "--aht", "180s"]
    with pytest.raises(InputError, match=fragment):
        erlang(*base, *args)


@pytest.mark.parametrize(
    ("inputs", "fragment"),
    [
        ({"calls": 0, "interval": "30m", "aht": "3m"}, "--calls is 0"),
        ({"calls": 10, "interval": "0", "aht": "3m"}, "--interval is 0"),
        ({"calls": 10, "interval": "30m", "aht": "0"}, "--aht is 0"),
        ({"calls": 10**9, "interval": "1s", "aht": "1h"}, "beyond what this calculator"),
        ({"interval": "30m", "aht": "3m"}, "needs --calls"),
    ],
)
def test_erlang_input_errors(inputs: dict[str, object], fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        compute("erlang", inputs)


@given(
    st.integers(1, 5000),
    st.integers(1, 3600),
    st.integers(0, 120),
    st.integers(1, 40),
)
def test_more_agents_never_lower_the_service_level(
    calls: int, aht: int, threshold: int, extra: int
) -> None:
    traffic = Fraction(calls * aht, 1800)
    if traffic > 3000:
        return
    a, first = float(traffic), math.floor(traffic) + 1
    levels = [
        service_level(n, a, float(aht), float(threshold)) for n in range(first, first + extra)
    ]
    assert all(0.0 <= level <= 1.0 for level in levels)
    assert all(later >= earlier for earlier, later in pairwise(levels))
