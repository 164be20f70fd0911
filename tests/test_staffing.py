"""Staffing one interval: every figure of an evaluation, the limits, the fractional need.

References: the factorial Erlang C formula in rationals (test_erlang.exact_erlang_c) and the
Erlang A model itself (queueing.erlang_a, checked against the birth-death chain in
test_erlang_a), from which each figure here must follow by the formula written beside it."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from test_erlang import exact_erlang_c

from cxglossary.metrics.abandons import Abandons
from cxglossary.metrics.parsing import ServiceTarget
from cxglossary.metrics.queueing import erlang_a
from cxglossary.metrics.staffing import (
    Evaluation,
    Load,
    Staffing,
    evaluate,
    fewest_agents,
    fractional_positions,
    positions,
    slack,
)

TARGET = ServiceTarget(Fraction(80), Fraction(20))
TEN = Load(Fraction(10), Fraction(180), None)  # 100 calls of 3 min in 30 min


def test_erlang_c_evaluation_in_full() -> None:
    # 14 agents on 10 erlangs, 3 min AHT, 20 s: C = 0.1741 (factorial formula), service level
    # 1 - C.exp(-(14 - 10) x 20 / 180), ASA = C x 180 / (14 - 10), occupancy 10 / 14.
    c = float(exact_erlang_c(14, Fraction(10)))
    got = evaluate(TEN, Staffing(TARGET), 14)
    assert got.agents == 14
    assert got.probability_waiting == pytest.approx(c, rel=1e-12)
    assert got.service_level == pytest.approx(1 - c * math.exp(-80 / 180), rel=1e-12)
    assert got.asa == pytest.approx(c * 180 / 4, rel=1e-12)
    assert got.mean_wait_all == got.asa  # nobody abandons
    assert got.occupancy == pytest.approx(10 / 14, rel=1e-15)
    assert got.probability_abandon is None
    assert got.stable


def test_erlang_c_with_a_threshold_of_0_is_the_share_not_waiting() -> None:
    # 11 agents on 10.9 erlangs, "answered within 0 s": 1 - C.exp(0) = 1 - C.
    load = Load(Fraction(109, 10), Fraction(180), None)
    got = evaluate(load, Staffing(ServiceTarget(Fraction(80), Fraction(0))), 11)
    c = float(exact_erlang_c(11, Fraction(109, 10)))
    assert got.service_level == pytest.approx(1 - c, rel=1e-12)


@pytest.mark.parametrize("agents", [10, 9, 1])
def test_erlang_c_at_or_below_the_traffic_has_no_steady_state(agents: int) -> None:
    got = evaluate(TEN, Staffing(TARGET), agents)
    assert got == Evaluation(agents, None, 1.0, None, None, None, 1.0)
    assert not got.stable
    assert slack(got, Staffing(TARGET)) == -1.0


@pytest.mark.parametrize(
    ("variant", "level"),
    [
        (Abandons.AGAINST, lambda m: m.answered_within),
        (Abandons.IGNORED, lambda m: m.answered_within / (1 - m.abandoned_within)),
        (Abandons.FOR, lambda m: m.answered_within + m.abandoned_within),
    ],
)
def test_erlang_a_evaluation_in_full(variant: Abandons, level: object) -> None:
    # 12 agents on 15 erlangs (overloaded: only Erlang A answers), 3 min AHT, 1 min patience
    # (r = 180 / 60 = 3), 20 s threshold (20 / 180 of an AHT); waits in AHT units x 180 s.
    load = Load(Fraction(15), Fraction(180), Fraction(60))
    model = erlang_a(12, 15.0, 3.0, 20 / 180)
    got = evaluate(load, Staffing(TARGET, variant), 12)
    assert callable(level)
    assert got.service_level == pytest.approx(level(model), rel=1e-12)
    assert got.probability_waiting == model.probability_waiting
    assert got.probability_abandon == model.probability_abandon
    assert got.asa == pytest.approx(model.mean_wait_answered * 180, rel=1e-15)
    assert got.mean_wait_all == pytest.approx(model.mean_wait_all * 180, rel=1e-15)
    assert got.occupancy == model.occupancy
    assert 0.2 < model.probability_abandon < 1  # at least 1 - 12 / 15 hang up


def test_erlang_a_with_no_agent() -> None:
    load = Load(Fraction(15), Fraction(180), Fraction(60))
    assert evaluate(load, Staffing(TARGET), 0) == Evaluation(0, 0.0, 1.0, 1.0, None, None, 1.0)


def test_slack_is_the_worst_limit() -> None:
    # 14 agents on 10 erlangs: service level 88.84 % (8.84 points above 80 %), occupancy
    # 71.43 %: a 75 % cap leaves 3.57 points, a 72 % cap 0.57 point - the worst one binds.
    got = evaluate(TEN, Staffing(TARGET), 14)
    assert got.service_level is not None
    assert slack(got, Staffing(TARGET)) == pytest.approx(got.service_level - 0.8)
    capped = Staffing(TARGET, max_occupancy=Fraction(72))
    assert slack(got, capped) == pytest.approx(0.72 - 10 / 14)
    loose = Staffing(TARGET, max_occupancy=Fraction(95))
    assert slack(got, loose) == pytest.approx(got.service_level - 0.8)
    # a cap on abandonment means nothing under Erlang C (nobody abandons)
    assert slack(got, Staffing(TARGET, max_abandonment=Fraction(1))) == slack(got, loose)
    patient = Load(Fraction(10), Fraction(180), Fraction(300))
    a = evaluate(patient, Staffing(TARGET), 14)
    assert a.probability_abandon is not None
    strict = Staffing(TARGET, max_abandonment=Fraction(1, 2))
    assert slack(a, strict) == pytest.approx(0.005 - a.probability_abandon)


def test_fractional_need_interpolates_the_binding_limit() -> None:
    # 10 erlangs, 80/20: 13 agents reach SL(13) < 80 %, 14 reach SL(14) >= 80 %; the need is
    # 13 + (0.8 - SL(13)) / (SL(14) - SL(13)) (13.05), between 13 and 14.
    def level(n: int) -> float:
        c = float(exact_erlang_c(n, Fraction(10)))
        return 1 - c * math.exp(-(n - 10) * 20 / 180)

    need = fewest_agents(TEN, Staffing(TARGET))
    assert (need.agents, need.met) == (14, True)
    assert need.fractional == pytest.approx(13 + (0.8 - level(13)) / (level(14) - level(13)))
    # Just above the traffic the service level is 0 at N = A (the queue never empties): a
    # 20 % target met by 11 agents on 10 erlangs needs 10 + 0.2 / SL(11) of them.
    low = Staffing(ServiceTarget(Fraction(20), Fraction(20)))
    small = fewest_agents(TEN, low)
    assert small.agents == 11 and level(11) >= 0.2
    assert small.fractional == pytest.approx(10 + 0.2 / level(11), rel=1e-9)
    # The slope handed to the next interval: slack(14) - slack(13) = SL(14) - SL(13).
    assert need.slope == pytest.approx(level(14) - level(13), rel=1e-9)


def test_max_agents_below_the_need() -> None:
    # 10 erlangs under Erlang C: 10 agents or fewer have no steady state; 12 miss 80/20.
    for cap in (8, 10):
        need = fewest_agents(TEN, Staffing(TARGET, max_agents=cap))
        assert (need.agents, need.met, need.fractional) == (cap, False, float(cap))
        assert need.evaluation == evaluate(TEN, Staffing(TARGET), cap)
    need = fewest_agents(TEN, Staffing(TARGET, max_agents=12))
    assert (need.agents, need.met, need.fractional) == (12, False, 12.0)
    assert need.evaluation.service_level is not None
    assert need.evaluation.service_level < 0.8
    assert fewest_agents(TEN, Staffing(TARGET, max_agents=14)).met


@pytest.mark.parametrize("start", [1, 11, 12, 13, 14, 15, 30, 400])
def test_the_answer_does_not_depend_on_the_first_guess(start: int) -> None:
    for load in (TEN, Load(Fraction(10), Fraction(180), Fraction(300))):
        want = 14 if load.patience is None else 13
        assert fewest_agents(load, Staffing(TARGET), start=start).agents == want
        assert fewest_agents(load, Staffing(TARGET), start=start, slope=0.05).agents == want


def test_positions() -> None:
    # positions = ceil(agents / (1 - shrinkage)), exactly: 21 / 0.7 = 30, 13.05 / 0.7 = 18.64
    assert positions(21, Fraction(30)) == 30
    assert positions(Fraction(1305, 100), None) == 14
    assert positions(Fraction(1305, 100), Fraction(0)) == 14
    assert fractional_positions(13.05, Fraction(30)) == pytest.approx(13.05 / 0.7, rel=1e-15)
    assert fractional_positions(13.05, None) == 13.05


def test_a_quiet_interval_needs_one_agent_and_a_fraction_of_one() -> None:
    # One call of 3 min in an hour: 0.05 erlang (a night interval). Erlang C by hand: one
    # agent waits with probability C(1, A) = A = 0.05 and SL(1) = 1 - 0.05.exp(-(1 - 0.05) x
    # 20 / 180) = 95.5 %; the service level tends to 0 as N falls to A, so the need is
    # A + (1 - A) x 0.8 / SL(1) = 0.05 + 0.95 x 0.8377 = 0.8458 agent.
    quiet = Load(Fraction(1, 20), Fraction(180), None)
    level = 1 - 0.05 * math.exp(-0.95 * 20 / 180)
    need = fewest_agents(quiet, Staffing(TARGET))
    assert (need.agents, need.met) == (1, True)
    assert need.evaluation.service_level == pytest.approx(level, rel=1e-12)
    assert need.fractional == pytest.approx(0.05 + 0.95 * 0.8 / level, rel=1e-12)
    assert round(need.fractional, 4) == 0.8458
    # Erlang A, 1 min patience: one agent is a real staffing (SL(1) from the model), no agent
    # answers nobody (SL(0) = 0), so the need is 0 + 0.8 / SL(1) of an agent.
    patient = Load(Fraction(1, 20), Fraction(180), Fraction(60))
    model = erlang_a(1, 0.05, 3.0, 20 / 180)
    need = fewest_agents(patient, Staffing(TARGET))
    assert (need.agents, need.met) == (1, True)
    assert need.evaluation.service_level == pytest.approx(model.answered_within, rel=1e-12)
    assert need.fractional == pytest.approx(0.8 / model.answered_within, rel=1e-12)


def test_no_slope_is_handed_on_from_a_staffing_without_steady_state() -> None:
    # 1 erlang under Erlang C at 20/20: 2 agents. By hand, B(2, 1) = (1/2) / (1 + 1 + 1/2) =
    # 0.2, C = 2 x 0.2 / (2 - 1 x 0.8) = 1/3, SL(2) = 1 - exp(-20 / 180) / 3 = 70.2 %; the need
    # is 1 + 0.2 / SL(2) = 1.285. One agent has no steady state (its slack is a marker, not a
    # figure), so no slope through it is handed to the next interval of a plan, whatever the
    # first guess and the slope this search was handed.
    one = Load(Fraction(1), Fraction(180), None)
    level = 1 - math.exp(-20 / 180) / 3
    low = Staffing(ServiceTarget(Fraction(20), Fraction(20)))
    for start in (None, 1, 2, 3, 8):
        for slope in (None, 0.3):
            need = fewest_agents(one, low, start=start, slope=slope)
            assert (need.agents, need.met) == (2, True)
            assert need.evaluation.service_level == pytest.approx(level, rel=1e-12)
            assert need.fractional == pytest.approx(1 + 0.2 / level, rel=1e-12)
            assert need.slope is None


def test_a_limit_reached_exactly_is_met() -> None:
    # 80 calls of 3 min in 30 min: 8 erlangs. An 80 % occupancy cap: 10 agents are busy
    # 8 / 10 = 80 % of the time, exactly the cap, so 10 agents meet it (9 are busy 88.9 %);
    # the 20/20 service level is met well before (67.2 % with 10). The need is 10, not 11.
    eight = Load(Fraction(8), Fraction(180), None)
    capped = Staffing(ServiceTarget(Fraction(20), Fraction(20)), max_occupancy=Fraction(80))
    need = fewest_agents(eight, capped)
    assert (need.agents, need.met, need.fractional) == (10, True, 10.0)
    assert need.evaluation.occupancy == 0.8
    assert evaluate(eight, capped, 9).occupancy == pytest.approx(8 / 9, rel=1e-15)
