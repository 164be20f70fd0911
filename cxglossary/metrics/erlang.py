"""Erlang C staffing: how many agents a queue of calls needs to meet a service-level target.

Traffic A = calls x AHT / interval (erlangs), computed exactly. The queueing part is floating
point by nature (it needs exp). The probability of waiting is computed without factorials or
powers, through the Erlang B recursion B(0) = 1, B(k) = A.B(k-1) / (k + A.B(k-1)), which stays
between 0 and 1 for any load, then C = N.B / (N - A(1 - B)). From C, with AHT and threshold T:
service level = 1 - C.exp(-(N - A).T / AHT), ASA = C.AHT / (N - A), occupancy = A / N.

One pass of the recursion serves the whole search for the fewest agents, so 20,000 erlangs
take about 20,000 steps (a few milliseconds).

A given staffing (--agents N) at or below the traffic (N <= A) has no steady state: the queue
grows without end. That is a valid question with no finite answer, so the result has
`value` None and a `reason`, service level and ASA None, occupancy and probability of waiting
100 %.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

from cxglossary.errors import InputError
from cxglossary.metrics.parsing import ServiceTarget, echo
from cxglossary.metrics.result import Outcome, report, round_half_away

MAX_TRAFFIC = 1_000_000  # erlangs; far beyond any contact centre, keeps the loop under a second
_TOLERANCE = 1e-12  # a service level equal to the target up to float noise meets it


def erlang_b(agents: int, traffic: float) -> float:
    """Blocking probability of Erlang B, by the stable recursion (no factorials)."""
    b = 1.0
    for k in range(1, agents + 1):
        b = traffic * b / (k + traffic * b)
        if b == 0.0:  # underflow: it stays 0 for every larger k
            break
    return b


def erlang_c_from_b(agents: int, traffic: float, b: float) -> float:
    """Probability of waiting from Erlang B (needs agents > traffic)."""
    return agents * b / (agents - traffic * (1.0 - b))


def erlang_c(agents: int, traffic: float) -> float:
    """Probability that a call waits (Erlang C); needs agents > traffic."""
    if agents <= traffic:
        raise ValueError("Erlang C needs more agents than erlangs of traffic")
    return erlang_c_from_b(agents, traffic, erlang_b(agents, traffic))


def service_level(agents: int, traffic: float, aht: float, threshold: float) -> float:
    """Share of calls answered within `threshold` seconds (0 to 1); needs agents > traffic."""
    c = erlang_c(agents, traffic)
    return _service_level(c, agents, traffic, aht, threshold)


def _service_level(c: float, agents: int, traffic: float, aht: float, threshold: float) -> float:
    return max(0.0, 1.0 - c * math.exp(-(agents - traffic) * threshold / aht))


def fewest_agents(
    traffic: Fraction,
    aht: Fraction,
    target: ServiceTarget,
    max_occupancy: Fraction | None = None,
) -> tuple[int, float]:
    """Fewest agents N > A meeting the target (and max occupancy, a share), with its C."""
    a = float(traffic)
    goal = float(target.percent) / 100
    threshold, handle = float(target.seconds), float(aht)
    first = math.floor(traffic) + 1
    b = erlang_b(first - 1, a)
    agents = first - 1
    while True:
        agents += 1
        b = a * b / (agents + a * b)
        if max_occupancy is not None and traffic > max_occupancy * agents:
            continue
        c = erlang_c_from_b(agents, a, b)
        if _service_level(c, agents, a, handle, threshold) + _TOLERANCE >= goal:
            return agents, c


def positions(agents: int, shrinkage: Fraction | None) -> int:
    """Agents on the payroll so that `agents` are available: ceil(agents / (1 - shrinkage))."""
    if not shrinkage:
        return agents
    ratio = Fraction(agents) * 100 / (100 - shrinkage)
    return -(-ratio.numerator // ratio.denominator)


def _pct(share: float) -> float:
    return float(round_half_away(Fraction(share) * 100, 1))


def erlang_outcome(values: Mapping[str, object]) -> Outcome:
    calls, interval, aht = values["calls"], values["interval"], values["aht"]
    target = values["service-level"]
    shrinkage, max_occ = values.get("shrinkage"), values.get("max-occupancy")
    given = values.get("agents")
    assert isinstance(calls, int) and isinstance(interval, Fraction)
    assert isinstance(aht, Fraction) and isinstance(target, ServiceTarget)
    assert shrinkage is None or isinstance(shrinkage, Fraction)
    assert max_occ is None or isinstance(max_occ, Fraction)
    assert given is None or isinstance(given, int)
    if calls == 0:
        raise InputError("--calls is 0: no calls, nothing to staff")
    if interval == 0:
        raise InputError("--interval is 0: calls need an interval to arrive in")
    if aht == 0:
        raise InputError("--aht is 0: calls that take no time need no agents")
    if shrinkage is not None and shrinkage >= 100:
        raise InputError("--shrinkage of 100 % leaves no agent available")
    if max_occ is not None and max_occ == 0:
        raise InputError("--max-occupancy of 0 % leaves no agent working")
    traffic = calls * aht / interval
    if traffic > MAX_TRAFFIC:
        raise InputError(
            f"traffic of {echo(round_half_away(traffic, 0))} erlangs is beyond what this "
            f"calculator handles ({MAX_TRAFFIC:,} erlangs); split the interval or the queue"
        )
    a = float(traffic)
    traffic_shown = report(traffic, 2)
    reason = None
    if given is None:
        agents, c = fewest_agents(traffic, aht, target, None if max_occ is None else max_occ / 100)
    else:
        agents = given
        if agents <= traffic:
            reason = f"traffic of {traffic_shown} erlangs needs more than {agents} agents"
            c = 1.0
        else:
            c = erlang_c(agents, a)
    details: dict[str, object] = {
        "traffic_erlangs": traffic_shown,
        "agents": agents,
        "positions": positions(agents, shrinkage),
    }
    if reason is not None:
        details.update(
            service_level=None, asa_seconds=None, occupancy=100.0, probability_waiting=100.0
        )
        return Outcome(None, None, calls, details, reason)
    level = _service_level(c, agents, a, float(aht), float(target.seconds))
    details.update(
        service_level=_pct(level),
        asa_seconds=float(round_half_away(Fraction(c * float(aht) / (agents - a)), 1)),
        occupancy=float(round_half_away(traffic * 100 / agents, 1)),
        probability_waiting=_pct(c),
    )
    return Outcome(agents, Fraction(agents), calls, details)
