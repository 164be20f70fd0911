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


@dataclass(frozen=True)
class Need:
    """The answer for one interval."""

    agents: int  # the fewest meeting every limit, or max_agents when none does
    met: bool  # False: even max_agents (or the traffic's bound) misses a limit
    fractional: float  # the interpolated need (see the module docstring)
    evaluation: Evaluation
    slope: float | None = None  # slack(N) - slack(N - 1): a first step for a neighbour


def guess(load: Load, beta: float) -> int:
    """N = A + beta.sqrt(A), at least 1: square-root staffing, beta from a neighbour."""
    a = float(load.traffic)
    return max(1, math.ceil(a + beta * math.sqrt(a)))


def fewest_agents(
    load: Load, staffing: Staffing, start: int | None = None, slope: float | None = None
) -> Need:
    """The fewest agents meeting `staffing` for `load` (traffic > 0).

    The slack of the limits grows with N, so the search brackets the answer from the starting
    guess (the guess and its neighbour, then secant or doubling steps) and closes the bracket
    by false position (the Illinois variant, which does not stall on the flat ends of the
    slack) with bisection as a fallback: two to four evaluations for a guess from a
    neighbouring interval, and the exact answer whatever the guess."""
    floor = math.floor(load.traffic) if load.patience is None else 0  # fails for sure
    cap = staffing.max_agents
    n = max(floor + 1, start if start is not None else guess(load, 0.5))
    if cap is not None:
        if cap <= floor:
            return Need(cap, False, float(cap), evaluate(load, staffing, cap))
        n = min(n, cap)
    search = _Search(load, staffing, floor)
    search.bracket(n, cap, slope)
    if search.high is None:
        assert cap is not None
        return Need(cap, False, float(cap), search.seen[cap])
    high = search.close()
    fractional = _fractional(load, staffing, high, search.seen)
    below = search.slacks.get(high - 1)
    found_slope = None if below is None else search.slacks[high] - below
    return Need(high, True, fractional, search.seen[high], found_slope)


class _Search:
    """Evaluations of one interval, and the bracket (low fails, high meets) they give."""

    def __init__(self, load: Load, staffing: Staffing, floor: int) -> None:
        self.load, self.staffing = load, staffing
        self.low = floor  # the most agents known to fail (the floor fails by definition)
        self.high: int | None = None  # the fewest agents known to meet
        self.seen: dict[int, Evaluation] = {}
        self.slacks: dict[int, float] = {}

    def probe(self, agents: int) -> bool:
        evaluation = evaluate(self.load, self.staffing, agents)
        self.seen[agents] = evaluation
        self.slacks[agents] = value = slack(evaluation, self.staffing)
        if value + _TOLERANCE >= 0:
            self.high = agents if self.high is None else min(self.high, agents)
            return True
        self.low = max(self.low, agents)
        return False

    def bracket(self, start: int, cap: int | None, slope: float | None) -> None:
        """Probe from `start` until a failing and a meeting staffing are known (or `cap` fails)."""
        met = self.probe(start)
        step, previous, current = 1, start, start
        scale = math.ceil(math.sqrt(float(self.load.traffic)))  # how far the slack turns
        while True:
            if met and (self.low == current - 1 or current - 1 in self.seen):
                return
            if not met and self.high is not None:
                return
            direction = -1 if met else 1
            estimate = _secant(previous, current, self.slacks)
            if estimate is None and slope is not None and slope > 0:  # a neighbour's slope
                estimate = math.ceil(current - self.slacks[current] / slope - 1e-9)
                if met and estimate >= current:
                    estimate = current - 1
            jump = step if estimate is None else abs(estimate - current)
            following = current + direction * max(1, min(jump, max(step * 4, scale)))
            if met:
                following = max(following, self.low + 1)
            elif cap is not None and following >= cap:
                following = cap
            step *= 2
            previous, current = current, following
            if current in self.seen:
                return
            met = self.probe(current)
            if not met and current == cap:
                return

    def close(self) -> int:
        """Shrink the bracket to (N - 1, N) by false position, Illinois-weighted."""
        assert self.high is not None
        side = 0
        f_low = self.slacks.get(self.low)
        f_high = self.slacks[self.high]
        while self.high - self.low > 1:
            low, high = self.low, self.high
            if f_low is None or f_high == f_low:
                target = (low + high) // 2
            else:
                target = math.ceil(low - f_low * (high - low) / (f_high - f_low) - 1e-9)
                target = min(max(target, low + 1), high - 1)
            if self.probe(target):
                f_high = self.slacks[target]
                if side == 1 and f_low is not None:
                    f_low /= 2
                side = 1
            else:
                f_low = self.slacks[target]
                if side == -1:
                    f_high /= 2
                side = -1
        return self.high


def _secant(x1: int, x2: int, slacks: dict[int, float]) -> int | None:
    """The first N with slack >= 0 by the secant through two points, or None."""
    if x1 == x2:
        return None
    s1, s2 = slacks[x1], slacks[x2]
    if s1 == s2:
        return None
    estimate = x2 - s2 * (x2 - x1) / (s2 - s1)
    if not math.isfinite(estimate) or abs(estimate) > 1e9:
        return None
    return math.ceil(estimate - 1e-9)


def _fractional(load: Load, staffing: Staffing, agents: int, seen: dict[int, Evaluation]) -> float:
    """Linear interpolation of the binding limit between agents - 1 and agents."""
    above = slack(seen[agents], staffing)
    below_n = agents - 1
    floor = float(load.traffic) if load.patience is None else 0.0
    if below_n <= floor:  # Erlang C: the service level tends to 0 as N falls to A
        start, below = floor, -staffing.goal
    else:  # N - 1 is the bracket's low end, probed: the floor is the only low end never seen
        start, below = float(below_n), slack(seen[below_n], staffing)
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
