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
the truncation error of every reported probability is then below 1e-15, and its rounding
error about 1e-16 per term summed (1e-12 for a few thousand agents; 1e-9 relative for the
400,000 terms of a queue of patient callers ten times overloaded, the worst case measured). Weights that would overflow (heavy overload, n < a) are rescaled by
1e-200 as they go; weights that underflow are truly negligible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

_TAIL = 1e-16  # stop a series when a bound of its remaining tail is below this share of it
_BIG, _RESCALE = 1e200, 1e-200  # keep the running weights of the Erlang A series finite
_B_LIMIT = 1e300  # a partial sum this large means B(n, a) < 1e-300: zero in a float
_LOG_FLOOR = -700.0  # below this a pmf term is 0 in a float: carry its logarithm instead
_SATURATED = 1.0 - 1e-14  # a cdf this close to 1 adds nothing more to the sums


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
    rt = threshold * r
    p = -math.expm1(-rt)
    q_t = math.exp(-rt)
    nr = n / r
    # pmfs of K ~ NB(n/r + 1, p) and K' ~ NB(n/r, p), from P(K = 0) = q^(n/r + 1); a pmf
    # still below e^-700 is carried as its logarithm (None once it is a float)
    live = p > 0.0  # False: both cdfs are 1 (a threshold of 0, or saturated)
    cdf_b = cdf_a = 0.0 if live else 1.0
    log_p = math.log(p) if live else 0.0
    log_gb: float | None = -(nr + 1.0) * rt
    log_ga: float | None = -nr * rt
    gb = ga = 0.0
    if log_gb is not None and log_gb > _LOG_FLOOR:
        gb, log_gb = math.exp(log_gb), None
    if log_ga is not None and log_ga > _LOG_FLOOR:
        ga, log_ga = math.exp(log_ga), None
    weight = 1.0
    stage_sum = 0.0
    s = t = within = exits = waited = 0.0
    scale = 0
    j = 0
    den = n + r  # n + (j + 1) r
    while True:
        if live:
            cdf_b += gb
            cdf_a += ga
        answered = n / den
        stage_sum += 1.0 / den
        s += weight
        t += j * weight
        if live:
            within += weight * answered * (1.0 - cdf_b if cdf_b < 1.0 else 0.0)
            exits += weight * (1.0 - q_t * (cdf_a if cdf_a < 1.0 else 1.0))
        else:
            exits += weight * (1.0 - q_t)
        waited += weight * answered * stage_sum
        j += 1
        if live:
            # the next pmf terms: g(j) = g(j - 1).(j + shape - 1).p / j
            if log_gb is not None:
                log_gb += log_p + math.log((j + nr) / j)
                if log_gb > _LOG_FLOOR:
                    gb = math.exp(log_gb)
                    log_gb = None
            else:
                gb *= p * (j + nr) / j
            if log_ga is not None:
                log_ga += log_p + math.log((j + nr - 1.0) / j)
                if log_ga > _LOG_FLOOR:
                    ga = math.exp(log_ga)
                    log_ga = None
            else:
                ga *= p * (j + nr - 1.0) / j
            if cdf_b >= _SATURATED and cdf_a >= _SATURATED:
                live = False
        step = a / den
        weight *= step
        den += r
        if weight > _BIG:
            weight, s, t, within, exits, waited = (
                v * _RESCALE for v in (weight, s, t, within, exits, waited)
            )
            scale += 1
        if step < 1.0:
            nxt = a / den
            if nxt < 1.0:
                tail = weight / (1.0 - nxt) * (j + 1.0 / (1.0 - nxt))
                if tail < _TAIL * (s if s > t else t) or weight == 0.0:
                    break
    idle = (1.0 - b) * (_RESCALE**scale if scale else 1.0)
    pi_n = b / (idle + b * s)
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
