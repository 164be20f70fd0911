"""Queueing models behind staffing, in floating point: Erlang B and Erlang A (M/M/n+M).

Everything here works in units of the average handle time (AHT): the offered traffic `a` in
erlangs (calls x AHT / interval), thresholds as a fraction of the AHT, and the impatience ratio
`r` = AHT / mean patience. No factorial and no power is ever formed, so thousands of agents and
tens of thousands of erlangs neither overflow nor underflow into nonsense.

Erlang B, `erlang_b(n, a)`: 1 / B(n, a) = sum over k of n(n-1)...(n-k+1) / a^k, summed from the
top. Its terms fall as soon as k > n - a, so near the staffing that matters (n close to a) it
takes a few times sqrt(a) terms instead of the n steps of the classic recursion; the sum stops
when a geometric bound of its tail is below 1e-17 of it.

Erlang A, `erlang_a(n, a, r, threshold)`: the birth-death chain of calls in the system (arrivals
at rate a, n.mu + j.theta departures with j callers waiting). With t_j = prod_{i<=j} a/(n + i.r)
the weight of "j callers waiting" relative to "all agents busy, nobody waiting":

- P(all busy) pi_n = B / (1 - B + B.S), S = sum t_j; P(wait) = pi_n.S (PASTA);
- P(abandon) = r.E[queue] / a with E[queue] = pi_n.sum j.t_j (abandon flow = theta.queue);
- a caller who finds j waiting is answered after j+1 stages, stage i (i = 1..j+1) lasting
  Exp(mu(n + i.r)) and succeeding with probability (n + (i-1)r)/(n + i.r): answered with
  probability n/(n + (j+1)r), and answered within T with that times P(K >= j+1), K negative
  binomial (n/r + 1, 1 - exp(-T.theta)) (the stages are spacings of exponential order
  statistics); its offered wait is within T with probability P(K' >= j+1), K' ~ NB(n/r, same p);
- the mean wait of answered calls sums the stage means 1/(n + i.r) of answered callers.

The series over j is summed until the ratio of terms is below 1 and a geometric bound of the
remaining tail (weighted by j, the largest factor any sum carries) is below 1e-16 of the sum:
every reported probability is then within about 1e-13 of the exact value (the bound plus the
rounding of the terms). Weights that would overflow (heavy overload, n < a) are rescaled by
1e-200 as they go; weights that underflow are truly negligible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

_TAIL = 1e-16  # stop a series when a bound of its remaining tail is below this share of it
_BIG, _RESCALE = 1e200, 1e-200  # keep the running weights of the Erlang A series finite
_B_LIMIT = 1e300  # a partial sum this large means B(n, a) < 1e-300: zero in a float


def erlang_b(agents: int, traffic: float) -> float:
    """Blocking probability B(n, a) of Erlang B (M/M/n/n), by the top-down sum."""
    if agents <= 0:
        return 1.0
    if traffic <= 0.0:
        return 0.0
    total = term = 1.0
    for k in range(1, agents + 1):
        term *= (agents - k + 1) / traffic
        total += term
        if total > _B_LIMIT:
            return 0.0
        ratio = (agents - k) / traffic
        if ratio < 1.0 and term * ratio / (1.0 - ratio) < _TAIL * total:
            break
    return 1.0 / total


def erlang_b_step(agents: int, traffic: float, b: float) -> float:
    """B(n, a) from B(n - 1, a): the classic recursion, one step."""
    return traffic * b / (agents + traffic * b)


def erlang_c_from_b(agents: int, traffic: float, b: float) -> float:
    """Probability of waiting of Erlang C from B(n, a); needs agents > traffic."""
    return agents * b / (agents - traffic * (1.0 - b))


@dataclass(frozen=True)
class ErlangA:
    """Steady state of M/M/n+M for one staffing; probabilities 0-1, waits in AHT units."""

    probability_waiting: float
    probability_abandon: float
    answered_within: float  # share of offered calls answered within the threshold
    abandoned_within: float  # share of offered calls abandoned within the threshold
    mean_wait_answered: float  # ASA: mean wait of answered calls (AHT units)
    mean_wait_all: float  # mean wait of all callers, abandoned ones included (AHT units)
    occupancy: float  # share of agent time on calls actually served (0-1)
    terms: int  # terms of the series summed (for the record and the tests)


def erlang_a(agents: int, traffic: float, ratio: float, threshold: float) -> ErlangA:
    """Erlang A for `agents` > 0, `traffic` a > 0 erlangs, `ratio` r = AHT / mean patience > 0
    and `threshold` T / AHT >= 0 (see the module docstring for the formulas)."""
    n, a, r = agents, traffic, ratio
    b = erlang_b(n, a)
    p = -math.expm1(-threshold * r)  # P(one exponential patience clock rings within T)
    log_p = math.log(p) if p > 0.0 else -math.inf
    fixed_cdf = p == 0.0  # a threshold of 0: K = 0 surely, its cdf is 1 from the start
    q_t = math.exp(-threshold * r)  # P(a caller is still patient at T)
    # Negative binomial pmfs in logs: their first terms underflow when n.T/AHT is large.
    shape_b = n / r + 1.0
    log_gb = shape_b * (-threshold * r)  # log P(K = 0), K ~ NB(n/r + 1, p)
    log_ga = (shape_b - 1.0) * (-threshold * r)  # log P(K' = 0), K' ~ NB(n/r, p)
    cdf_b = cdf_a = 1.0 if fixed_cdf else 0.0
    weight = 1.0  # t_j, rescaled
    stage_sum = 0.0  # sum_{i=1..j+1} 1/(n + i.r)
    s = t = within = exits = waited = 0.0
    scale = 0  # the weights are multiplied by 1e-200 ** scale
    j = 0
    while True:
        if j:
            weight *= a / (n + j * r)
            if not fixed_cdf:
                log_gb += log_p + math.log((j + shape_b - 1.0) / j)
                log_ga += log_p + math.log((j + shape_b - 2.0) / j)
        if not fixed_cdf:
            cdf_b += math.exp(log_gb)
            cdf_a += math.exp(log_ga)
        answered = n / (n + (j + 1) * r)
        stage_sum += 1.0 / (n + (j + 1) * r)
        s += weight
        t += j * weight
        within += weight * answered * max(0.0, 1.0 - cdf_b)
        exits += weight * (1.0 - q_t * min(1.0, cdf_a))
        waited += weight * answered * stage_sum
        if weight > _BIG:
            weight, s, t, within, exits, waited = (
                v * _RESCALE for v in (weight, s, t, within, exits, waited)
            )
            scale += 1
        j += 1
        step = a / (n + j * r)
        if step < 1.0:
            tail = weight * step / (1.0 - step) * (j + 1.0 / (1.0 - step))
            if tail < _TAIL * max(s, t) or weight == 0.0:
                break
    idle = (1.0 - b) * (_RESCALE**scale if scale else 1.0)
    pi_n = b / (idle + b * s)  # P(all busy, nobody waiting), times 1e200 ** scale
    waiting = min(1.0, pi_n * s)
    abandon = min(1.0, r * pi_n * t / a)
    answered_share = 1.0 - abandon
    return ErlangA(
        probability_waiting=waiting,
        probability_abandon=abandon,
        answered_within=min(1.0, 1.0 - waiting + pi_n * within),
        abandoned_within=max(0.0, pi_n * (exits - within)),
        mean_wait_answered=pi_n * waited / answered_share if answered_share > 0 else math.inf,
        mean_wait_all=pi_n * t / a,
        occupancy=min(1.0, a * answered_share / n),
        terms=j,
    )
