"""Staffing one interval under Erlang C or Erlang A: evaluate N agents, find the fewest.

The inputs arrive exact (calls, durations and percentages as `Fraction`); the queueing models
need floats (exp, series), see `queueing.py` for their error bounds. Reported figures are
rounded once, half away from zero, from the float results.

Erlang C (no `patience`): callers never hang up; N agents at or below the traffic have no
steady state. Erlang A (a mean `patience`): callers abandon after an exponential patience,
so every N > 0 has a steady state, even below the traffic.

The fewest agents is the smallest N meeting every limit given: the service-level target (in
the `abandons` variant under Erlang A), `max_occupancy`, `max_abandonment`. Each of them only
gets easier with more agents (checked by property tests), so the search walks from a guess
(the last answer of a plan, scaled by the square root of the traffic) and then bisects.

The fractional need: between N - 1 (which fails) and N (which meets), the limit that binds is
interpolated linearly, e.g. 13.7 agents when 13 reach 79.2 % and 14 reach 80.3 % of an
80 % target. Summed over a day it is the need without the rounding up of every interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from cxglossary.metrics.abandons import Abandons, service_level_share
from cxglossary.metrics.parsing import ServiceTarget
from cxglossary.metrics.queueing import erlang_a, erlang_b, erlang_c_from_b

_TOLERANCE = 1e-12  # a figure equal to its limit up to float noise meets it


@dataclass(frozen=True)
class Staffing:
    """What a plan applies to every interval (an interval may override aht and patience)."""

    target: ServiceTarget
    abandons: Abandons = Abandons.AGAINST
    max_occupancy: Fraction | None = None  # percent
    max_abandonment: Fraction | None = None  # percent
    max_agents: int | None = None

    @property
    def goal(self) -> float:
        return float(self.target.percent) / 100


@dataclass(frozen=True)
class Load:
    """One interval: its traffic in erlangs, AHT and mean patience in seconds."""

    traffic: Fraction
    aht: Fraction
    patience: Fraction | None  # None: Erlang C

    @property
    def model(self) -> str:
        return "erlang-c" if self.patience is None else "erlang-a"


@dataclass(frozen=True)
class Evaluation:
    """N agents on one interval; probabilities 0-1, waits in seconds; None: no steady state."""

    agents: int
    service_level: float | None
    probability_waiting: float
    probability_abandon: float | None  # None under Erlang C
    asa: float | None  # mean wait of answered calls
    mean_wait_all: float | None  # mean wait of all callers (Erlang A)
    occupancy: float

    @property
    def stable(self) -> bool:
        return self.service_level is not None


def evaluate(load: Load, staffing: Staffing, agents: int) -> Evaluation:
    a = float(load.traffic)
    aht, threshold = float(load.aht), float(staffing.target.seconds)
    if load.patience is None:
        if agents <= load.traffic:
            return Evaluation(agents, None, 1.0, None, None, None, 1.0)
        c = erlang_c_from_b(agents, a, erlang_b(agents, a))
        level = max(0.0, 1.0 - c * math.exp(-(agents - a) * threshold / aht))
        asa = c * aht / (agents - a)
        return Evaluation(agents, level, c, None, asa, asa, a / agents)
    if agents <= 0:
        return Evaluation(agents, 0.0, 1.0, 1.0, None, None, 1.0)
    ratio = aht / float(load.patience)
    model = erlang_a(agents, a, ratio, threshold / aht)
    share = service_level_share(
        staffing.abandons,
        Fraction(model.answered_within),
        Fraction(model.abandoned_within),
        Fraction(1),
    )
    return Evaluation(
        agents,
        0.0 if share is None else float(share),
        model.probability_waiting,
        model.probability_abandon,
        model.mean_wait_answered * aht,
        model.mean_wait_all * aht,
        model.occupancy,
    )


def slack(evaluation: Evaluation, staffing: Staffing) -> float:
    """How far the worst limit is from being met: >= 0 meets them all (in shares, 0-1)."""
    if evaluation.service_level is None:
        return -1.0
    worst = evaluation.service_level - staffing.goal
    if staffing.max_occupancy is not None:
        worst = min(worst, float(staffing.max_occupancy) / 100 - evaluation.occupancy)
    if staffing.max_abandonment is not None and evaluation.probability_abandon is not None:
        worst = min(worst, float(staffing.max_abandonment) / 100 - evaluation.probability_abandon)
    return worst


def meets(evaluation: Evaluation, staffing: Staffing) -> bool:
    return slack(evaluation, staffing) + _TOLERANCE >= 0


@dataclass(frozen=True)
class Need:
    """The answer for one interval."""

    agents: int  # the fewest meeting every limit, or max_agents when none does
    met: bool  # False: even max_agents (or the traffic's bound) misses a limit
    fractional: float  # the interpolated need (see the module docstring)
    evaluation: Evaluation


def guess(load: Load, beta: float) -> int:
    """N = A + beta.sqrt(A), at least 1: square-root staffing, beta from a neighbour."""
    a = float(load.traffic)
    return max(1, math.ceil(a + beta * math.sqrt(a)))


def beta_of(load: Load, agents: int) -> float:
    a = float(load.traffic)
    return (agents - a) / math.sqrt(a) if a > 0 else 0.0


def fewest_agents(load: Load, staffing: Staffing, start: int | None = None) -> Need:
    """The fewest agents meeting `staffing` for `load` (traffic > 0)."""
    low = math.floor(load.traffic) if load.patience is None else 0  # fails for sure
    n = max(low + 1, start if start is not None else guess(load, 0.5))
    cap = staffing.max_agents
    if cap is not None:
        n = min(n, cap)
        if cap <= low:
            return Need(cap, False, float(cap), evaluate(load, staffing, cap))
    seen: dict[int, Evaluation] = {}

    def ok(agents: int) -> bool:
        if agents not in seen:
            seen[agents] = evaluate(load, staffing, agents)
        return meets(seen[agents], staffing)

    if ok(n):
        high, step = n, 1
        while high - step > low and ok(high - step):
            high, step = high - step, step * 2
        low = max(low, high - step)
    else:
        low, step = n, 1
        while True:
            high = low + step
            if cap is not None and high >= cap:
                high = cap
                if not ok(cap):
                    return Need(cap, False, float(cap), seen[cap])
                break
            if ok(high):
                break
            low, step = high, step * 2
    while high - low > 1:  # low fails (or is the bound that cannot), high meets
        middle = (low + high) // 2
        if ok(middle):
            high = middle
        else:
            low = middle
    return Need(high, True, _fractional(load, staffing, high, seen), seen[high])


def _fractional(load: Load, staffing: Staffing, agents: int, seen: dict[int, Evaluation]) -> float:
    """Linear interpolation of the binding limit between agents - 1 and agents."""
    above = slack(seen[agents], staffing)
    below_n = agents - 1
    floor = float(load.traffic) if load.patience is None else 0.0
    if below_n <= floor:  # Erlang C: the service level tends to 0 as N falls to A
        start, below = floor, -staffing.goal
    else:
        evaluation = seen.get(below_n) or evaluate(load, staffing, below_n)
        start, below = float(below_n), slack(evaluation, staffing)
    if above <= below:
        return float(agents)
    share = -below / (above - below)
    return min(float(agents), start + max(0.0, share) * (agents - start))


def positions(agents: int | Fraction, shrinkage: Fraction | None) -> int:
    """Agents on the payroll so that `agents` are available: ceil(agents / (1 - shrinkage))."""
    if not shrinkage:
        return math.ceil(agents)
    ratio = Fraction(agents) * 100 / (100 - shrinkage)
    return -(-ratio.numerator // ratio.denominator)


def fractional_positions(agents: float, shrinkage: Fraction | None) -> float:
    if not shrinkage:
        return agents
    return agents * 100 / float(100 - shrinkage)
