"""The Erlang A series summed term by term: a slow, independent reference for the tests."""

from __future__ import annotations

import math

from cxglossary.metrics.queueing import ErlangA, erlang_b

_TAIL = 1e-16
_BIG, _RESCALE = 1e200, 1e-200
_LOG_FLOOR = -700.0
_SATURATED = 1.0 - 1e-14


def series_erlang_a(agents: int, traffic: float, ratio: float, threshold: float) -> ErlangA:
    """Erlang A by the series of queueing.py's docstring, summed term by term until a
    geometric bound of the tail (weighted by j) is below 1e-16 of the sum; negative binomial
    pmfs carried in logs while they underflow, weights rescaled by 1e-200 when they grow."""
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
        panels=j,
    )
