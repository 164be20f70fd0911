"""`cx metric erlang` (one interval, Erlang C or Erlang A) and `cx metric erlang-b` (lines).

Traffic A = calls x AHT / interval (erlangs), computed exactly. The queueing part is floating
point by nature (see `queueing.py` for the methods and their error bounds; no factorial, no
power, so 20,000 erlangs and thousands of agents are routine).

Erlang C (no `--patience`): probability of waiting C from Erlang B, C = N.B / (N - A(1 - B));
service level = 1 - C.exp(-(N - A).T / AHT), ASA = C.AHT / (N - A), occupancy = A / N.
A given staffing at or below the traffic (N <= A) has no steady state: the queue grows
without end. That is a valid question with no finite answer, so the result has `value` None
and a `reason`, service level and ASA None, occupancy and probability of waiting 100 %.

Erlang A (`--patience 5m`): callers hang up after an exponential patience. Every staffing has
a steady state, including N <= A; the output adds the probability of abandoning, the service
level variant (`--abandons`), the mean wait of all callers beside the ASA of answered ones,
and what Erlang C would need for the same target.

Erlang B (`erlang-b`): blocked calls are lost; the fewest lines whose blocking stays within
the target, or the blocking of `--lines N`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

from cxglossary.errors import InputError
from cxglossary.metrics.abandons import Abandons
from cxglossary.metrics.parsing import ServiceTarget, echo
from cxglossary.metrics.queueing import erlang_b, erlang_b_step, erlang_c_from_b
from cxglossary.metrics.result import Outcome, report, round_half_away
from cxglossary.metrics.staffing import (
    Evaluation,
    Load,
    Staffing,
    evaluate,
    fewest_agents,
    positions,
)

__all__ = ["erlang_b", "erlang_c", "positions", "service_level"]

MAX_TRAFFIC = 1_000_000  # erlangs; far beyond any contact centre, keeps the loop under a second
MAX_LINES_TRAFFIC = 100_000  # erlangs for Erlang B: a search of that many lines stays quick


def erlang_c(agents: int, traffic: float) -> float:
    """Probability that a call waits (Erlang C); needs agents > traffic."""
    if agents <= traffic:
        raise ValueError("Erlang C needs more agents than erlangs of traffic")
    return erlang_c_from_b(agents, traffic, erlang_b(agents, traffic))


def service_level(agents: int, traffic: float, aht: float, threshold: float) -> float:
    """Share of calls answered within `threshold` seconds (0 to 1); needs agents > traffic."""
    load = Load(Fraction(traffic), Fraction(aht), None)
    target = ServiceTarget(Fraction(50), Fraction(threshold))
    level = evaluate(load, Staffing(target), agents).service_level
    assert level is not None
    return level


def pct(share: float | None) -> float | None:
    """A share 0-1 in percent, rounded once to 1 decimal (half away from zero)."""
    if share is None:
        return None
    return float(round_half_away(Fraction(share) * 100, 1))


def seconds(value: float | None) -> float | None:
    if value is None:
        return None
    return float(round_half_away(Fraction(value), 1))


def _fraction(values: Mapping[str, object], name: str) -> Fraction | None:
    value = values.get(name)
    assert value is None or isinstance(value, Fraction)
    return value


def staffing_of(values: Mapping[str, object], patience: bool) -> Staffing:
    """The limits typed as options, checked (shared by one interval and a plan)."""
    target = values["service-level"]
    assert isinstance(target, ServiceTarget)
    shrinkage, max_occ = _fraction(values, "shrinkage"), _fraction(values, "max-occupancy")
    max_ab = _fraction(values, "max-abandonment")
    abandons = values.get("abandons")
    max_agents = values.get("max-agents")
    assert abandons is None or isinstance(abandons, Abandons)
    assert max_agents is None or isinstance(max_agents, int)
    if shrinkage is not None and shrinkage >= 100:
        raise InputError("--shrinkage of 100 % leaves no agent available")
    if max_occ is not None and max_occ == 0:
        raise InputError("--max-occupancy of 0 % leaves no agent working")
    if not patience:
        for name in ("abandons", "max-abandonment"):
            if name in values:
                raise InputError(
                    f"--{name} goes with --patience (Erlang A): under Erlang C nobody abandons"
                )
    if max_ab is not None and max_ab == 0:
        raise InputError("--max-abandonment of 0 % is met by no staffing: someone always waits")
    if max_agents == 0:
        raise InputError("--max-agents is 0: no agent to staff with")
    return Staffing(
        target=target,
        abandons=abandons or Abandons.AGAINST,
        max_occupancy=max_occ,
        max_abandonment=max_ab,
        max_agents=max_agents,
    )


def checked_patience(value: Fraction | None, where: str) -> Fraction | None:
    if value is not None and value == 0:
        raise InputError(
            f"{where} is 0: callers who hang up at once are never answered",
            hint="give the mean time callers wait before hanging up (5m)",
        )
    return value


def traffic_of(calls: int, interval: Fraction, aht: Fraction) -> Fraction:
    traffic = calls * aht / interval
    if traffic > MAX_TRAFFIC:
        raise InputError(
            f"traffic of {echo(round_half_away(traffic, 0))} erlangs is beyond what this "
            f"calculator handles ({MAX_TRAFFIC:,} erlangs); split the interval or the queue"
        )
    return traffic


def evaluation_details(
    load: Load, staffing: Staffing, evaluation: Evaluation, shrinkage: Fraction | None
) -> dict[str, object]:
    """The figures of N agents on one interval, in the order they are shown."""
    erlang_a = load.patience is not None
    details: dict[str, object] = {
        "model": load.model,
        "traffic_erlangs": report(load.traffic, 2),
        "agents": evaluation.agents,
        "positions": positions(evaluation.agents, shrinkage),
        "service_level": pct(evaluation.service_level),
    }
    if erlang_a:
        details["abandons"] = str(staffing.abandons)
        details["probability_abandon"] = pct(evaluation.probability_abandon)
    details["asa_seconds"] = seconds(evaluation.asa)
    if erlang_a:
        details["mean_wait_all_seconds"] = seconds(evaluation.mean_wait_all)
    details["occupancy"] = pct(evaluation.occupancy)
    details["probability_waiting"] = pct(evaluation.probability_waiting)
    return details


def erlang_outcome(values: Mapping[str, object]) -> Outcome:
    calls, interval, aht = values["calls"], values["interval"], values["aht"]
    given = values.get("agents")
    assert isinstance(calls, int) and isinstance(interval, Fraction)
    assert isinstance(aht, Fraction)
    assert given is None or isinstance(given, int)
    patience = checked_patience(_fraction(values, "patience"), "--patience")
    staffing = staffing_of(values, patience is not None)
    shrinkage = _fraction(values, "shrinkage")
    if calls == 0:
        raise InputError("--calls is 0: no calls, nothing to staff")
    if interval == 0:
        raise InputError("--interval is 0: calls need an interval to arrive in")
    if aht == 0:
        raise InputError("--aht is 0: calls that take no time need no agents")
    load = Load(traffic_of(calls, interval, aht), aht, patience)
    if given is not None:
        evaluation = evaluate(load, staffing, given)
        details = evaluation_details(load, staffing, evaluation, shrinkage)
        _compare_with_erlang_c(load, staffing, details)
        if not evaluation.stable:
            reason = (
                f"traffic of {details['traffic_erlangs']} erlangs needs more than {given} "
                "agents under Erlang C; with --patience (callers who hang up), Erlang A "
                "has an answer"
            )
            details.update(occupancy=100.0)
            return Outcome(None, None, calls, details, reason)
        return Outcome(given, Fraction(given), calls, details)
    need = fewest_agents(load, staffing)
    details = evaluation_details(load, staffing, need.evaluation, shrinkage)
    details["fractional_agents"] = report(Fraction(need.fractional), 2)
    _compare_with_erlang_c(load, staffing, details)
    if not need.met:
        reason = (
            f"no staffing up to --max-agents {need.agents} meets the target: "
            f"{details['service_level']} % with {need.agents} agents"
        )
        details["target_met"] = False
        return Outcome(None, None, calls, details, reason)
    return Outcome(need.agents, Fraction(need.agents), calls, details)


def _compare_with_erlang_c(load: Load, staffing: Staffing, details: dict[str, object]) -> None:
    """Erlang A results say what Erlang C would need for the same target and limits."""
    if load.patience is None:
        return
    plain = Staffing(staffing.target, max_occupancy=staffing.max_occupancy)
    details["erlang_c_agents"] = fewest_agents(Load(load.traffic, load.aht, None), plain).agents
    details["patience_seconds"] = echo(load.patience)


# --- Erlang B ---------------------------------------------------------------------------------


def erlang_b_outcome(values: Mapping[str, object]) -> Outcome:
    traffic = _lines_traffic(values)
    blocking, given = values["blocking"], values.get("lines")
    assert isinstance(blocking, Fraction)
    assert given is None or isinstance(given, int)
    if blocking == 0 and given is None:
        raise InputError("--blocking of 0 % is met by no number of lines: some calls always block")
    a = float(traffic)
    details: dict[str, object] = {"model": "erlang-b", "traffic_erlangs": report(traffic, 2)}
    if given is not None:
        lines, b = given, erlang_b(given, a)
    else:
        lines, b = _fewest_lines(a, float(blocking) / 100)
    details.update(
        lines=lines,
        blocking=_pct_places(b),
        blocking_target=echo(blocking),
        carried_erlangs=report(Fraction(a * (1 - b)), 2),
    )
    return Outcome(lines, Fraction(lines), None, details)


def _pct_places(share: float) -> float:
    """Blocking is often well below 1 %: 2 decimals of a percent."""
    return float(round_half_away(Fraction(share) * 100, 2))


def _lines_traffic(values: Mapping[str, object]) -> Fraction:
    if "traffic" in values:
        mixed = [f"--{name}" for name in ("calls", "interval", "aht") if name in values]
        if mixed:
            raise InputError(f"give --traffic or {', '.join(mixed)}, not both")
        traffic = _fraction(values, "traffic")
        assert traffic is not None
    else:
        missing = [f"--{name}" for name in ("calls", "interval", "aht") if name not in values]
        if missing:
            raise InputError(
                f"metric erlang-b needs --traffic, or --calls, --interval and --aht "
                f"({' and '.join(missing)} missing)"
            )
        calls, interval, aht = values["calls"], values["interval"], values["aht"]
        assert isinstance(calls, int) and isinstance(interval, Fraction)
        assert isinstance(aht, Fraction)
        if interval == 0:
            raise InputError("--interval is 0: calls need an interval to arrive in")
        traffic = calls * aht / interval
    if traffic == 0:
        raise InputError("traffic of 0 erlangs: no calls, no lines needed")
    if traffic > MAX_LINES_TRAFFIC:
        raise InputError(
            f"traffic of {echo(round_half_away(traffic, 0))} erlangs is beyond what this "
            f"calculator handles ({MAX_LINES_TRAFFIC:,} erlangs); split the trunk group"
        )
    return traffic


def _fewest_lines(traffic: float, goal: float) -> tuple[int, float]:
    """Fewest lines with B <= goal: B falls as lines are added, one recursion step each."""
    lines = max(0, math.ceil(traffic * (1 - goal)) - 1)  # B >= 1 - lines / traffic > goal
    b = erlang_b(lines, traffic)
    while b > goal + 1e-15:
        lines += 1
        b = erlang_b_step(lines, traffic, b)
    return lines, b
