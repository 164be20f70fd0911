"""A week of staffing (672 intervals of 15 min, up to 50,000 calls each), cx against peers.

    pip install -e '.[bench]'
    python benchmarks/erlang_plan.py            # Erlang C and Erlang A, wall-clock ratios
    python benchmarks/erlang_plan.py --json     # the same, as JSON

Both sides compute the same plan in the same process, one after the other, several rounds;
the ratio of their median times holds on a shared machine. Run cx alone under callgrind for
an instruction count that does not move with the load:

    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        python benchmarks/erlang_plan.py --only cx-a

Peers (benchmark-only dependencies, the `bench` extra):

- pyworkforce 0.5.1, `ErlangC.required_positions` per interval (the version PyPI serves has
  no Erlang A): the Erlang C plan of the same week, agents and service levels compared;
- pyqueueing 0.1.1, `ErlangA`: the only Erlang A on PyPI found. Its chain is cut at 500
  calls in the system and its `required_agents` search stops at 1,000 agents and never
  goes below the traffic, so it cannot staff the 50,000-call week: it is compared on the
  same week scaled to a small queue (at most 150 calls per interval), where its
  probabilities of waiting and abandoning are exact and are compared with cx's; its
  service level is an approximation (its docstring says so), so agents may differ there.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import time
from collections.abc import Callable
from fractions import Fraction

from cxglossary.metrics.parsing import ServiceTarget
from cxglossary.metrics.plan import Interval, staff
from cxglossary.metrics.staffing import Load, Staffing, evaluate

AHT, PATIENCE, LENGTH = 300, 180, 900  # seconds
TARGET = ServiceTarget(Fraction(80), Fraction(20))


def week(peak: int, seed: int = 11) -> list[Interval]:
    """672 quarter hours: open 07:00-21:00 on a sine-shaped day, quieter towards Sunday, with
    5 % noise; closed at night (0 calls)."""
    rng = random.Random(seed)
    rows = []
    for day in range(7):
        date = f"2026-03-{day + 2:02d}"
        for quarter in range(96):
            hour = quarter / 4
            shape = math.sin(math.pi * (hour - 7) / 14) if 7 <= hour <= 21 else 0.0
            calls = int(peak * max(0.0, shape) * (1 - 0.1 * day) * rng.uniform(0.95, 1.0))
            period = f"{date} {quarter // 4:02d}:{quarter % 4 * 15:02d}"
            patience = Fraction(PATIENCE)
            rows.append(Interval(period, date, calls, Fraction(AHT), patience, "bench"))
    return rows


def without_patience(rows: list[Interval]) -> list[Interval]:
    return [Interval(r.period, r.day, r.calls, r.aht, None, r.where) for r in rows]


def cx_plan(rows: list[Interval]) -> list[tuple[int, float]]:
    """(agents, service level 0-1) per interval with calls."""
    planned = staff(rows, Fraction(LENGTH), Staffing(TARGET), None)
    out = []
    for row in planned:
        if row.need is not None:
            level = row.need.evaluation.service_level
            out.append((row.need.agents, 0.0 if level is None else level))
    return out


def pyworkforce_plan(rows: list[Interval]) -> list[tuple[int, float]]:
    from pyworkforce.queuing import ErlangC

    out = []
    for row in rows:
        if row.calls:
            erlang = ErlangC(transactions=row.calls, aht=AHT / 60, asa=20 / 60, interval=15)
            answer = erlang.required_positions(service_level=0.8)
            out.append((int(answer["raw_positions"]), float(answer["service_level"])))
    return out


def pyqueueing_plan(rows: list[Interval]) -> list[tuple[int, float]]:
    from pyqueueing import CallCenterPlanner
    from pyqueueing.models.erlang_a import ErlangA

    out = []
    for row in rows:
        if row.calls:
            rates = (row.calls / LENGTH, 1 / AHT, 1 / PATIENCE)
            planner = CallCenterPlanner(*rates)
            agents = planner.required_agents(target_service_level=(20, 0.8))["erlang_a"]
            level = ErlangA(rates[0], rates[1], agents, rates[2]).service_level(20)
            out.append((agents, level))
    return out


def timed(plan: Callable[[], list[tuple[int, float]]], rounds: int) -> tuple[float, list]:
    times, answer = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        answer = plan()
        times.append(time.perf_counter() - started)
    return statistics.median(times), answer


def compare(ours: list[tuple[int, float]], theirs: list[tuple[int, float]]) -> dict[str, object]:
    same = sum(1 for a, b in zip(ours, theirs, strict=True) if a[0] == b[0])
    gaps = [abs(a[1] - b[1]) for a, b in zip(ours, theirs, strict=True) if a[0] == b[0]]
    return {
        "intervals": len(ours),
        "same_agents": same,
        "max_agent_difference": max(abs(a[0] - b[0]) for a, b in zip(ours, theirs, strict=True)),
        "max_service_level_gap_same_agents": max(gaps) if gaps else None,
    }


def probabilities_agree(rows: list[Interval]) -> float:
    """Largest gap between cx and pyqueueing's exact P(wait) and P(abandon) at cx's agents."""
    from pyqueueing.models.erlang_a import ErlangA

    worst = 0.0
    staffing = Staffing(TARGET)
    for row, (agents, _) in zip([r for r in rows if r.calls], cx_plan(rows), strict=True):
        load = Load(row.calls * row.aht / LENGTH, row.aht, row.patience)
        ours = evaluate(load, staffing, agents)
        theirs = ErlangA(row.calls / LENGTH, 1 / AHT, agents, 1 / PATIENCE)
        assert ours.probability_abandon is not None
        worst = max(
            worst,
            abs(ours.probability_waiting - theirs.prob_wait()),
            abs(ours.probability_abandon - theirs.prob_abandon()),
        )
    return worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", choices=["cx-a", "cx-c"], help="time one cx plan, no peer")
    args = parser.parse_args()
    big = week(50_000)
    if args.only:
        rows = big if args.only == "cx-a" else without_patience(big)
        seconds, _ = timed(lambda: cx_plan(rows), 1)
        print(f"{args.only}: {seconds:.3f} s")
        return 0
    report: dict[str, object] = {"intervals": len(big), "peak_calls": max(r.calls for r in big)}
    cx_a, _ = timed(lambda: cx_plan(big), args.rounds)
    report["cx_erlang_a_seconds"] = round(cx_a, 3)
    plain = without_patience(big)
    cx_c, ours_c = timed(lambda: cx_plan(plain), args.rounds)
    pw_c, theirs_c = timed(lambda: pyworkforce_plan(plain), 1)
    report["erlang_c"] = {
        "cx_seconds": round(cx_c, 3),
        "pyworkforce_seconds": round(pw_c, 3),
        "ratio_cx_to_pyworkforce": round(cx_c / pw_c, 4),
        **compare(ours_c, theirs_c),
    }
    small = week(150)
    cx_small, ours_a = timed(lambda: cx_plan(small), args.rounds)
    pq_small, theirs_a = timed(lambda: pyqueueing_plan(small), args.rounds)
    report["erlang_a_small_week"] = {
        "peak_calls": max(r.calls for r in small),
        "cx_seconds": round(cx_small, 4),
        "pyqueueing_seconds": round(pq_small, 4),
        "ratio_cx_to_pyqueueing": round(cx_small / pq_small, 3),
        **compare(ours_a, theirs_a),
        "max_probability_gap": probabilities_agree(small),
    }
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for key, value in report.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
