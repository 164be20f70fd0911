"""The calculators: pure functions on exact values (int and Fraction), one rounding at the end.

Undefined versus error: a zero denominator, a part above its whole, a negative count or a
score outside the scale is an `InputError` (exit 2) naming the options involved; the result is
never a silent 0. `value` is `None` with a `reason` only where the inputs are valid but the
answer does not exist (Erlang with a given staffing at or above capacity, see `erlang.py`).

Rounding, half away from zero, once: NPS and counts to a whole number, rates in percent and
durations in seconds to 1 decimal, means of scores to 2 decimals, money to 2 decimals.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction

from cxglossary.errors import InputError
from cxglossary.metrics.parsing import echo, get_spec, normalise
from cxglossary.metrics.registry import MetricSpec
from cxglossary.metrics.result import MetricResult, Outcome, percent, report, round_half_away
from cxglossary.metrics.stats import (
    CONFIDENCES,
    DEFAULT_CONFIDENCE,
    Estimate,
    mean_estimate,
    normal_interval,
    nps_estimate,
    proportion_estimate,
    wilson_interval,
    z_value,
)

PLACES = {"points": 0, "%": 1, "s": 1, "currency": 2, "agents": 0, "lines": 0, "tickets": 0}
MEAN_PLACES = 2
NPS_SCALE = (0, 10)
CES_SCALES = (5, 7)
CSAT_SCALES = range(3, 11)
CES_QUESTION = "The company made it easy for me to handle my issue."
AHT_PARTS = ("talk", "hold", "wrap")


def result(spec: MetricSpec, outcome: Outcome, inputs: dict[str, object]) -> MetricResult:
    return MetricResult(
        metric=spec.id,
        value=outcome.value,
        exact=outcome.exact,
        unit=spec.unit,
        n=outcome.n,
        inputs=inputs,
        details=outcome.details,
        reason=outcome.reason,
        ci=outcome.ci,
    )


def _key(name: str) -> str:
    return name.replace("-", "_")


def _need(spec: MetricSpec, values: Mapping[str, object], *names: str) -> None:
    missing = [f"--{name}" for name in names if name not in values]
    if missing:
        raise InputError(f"metric {spec.id} needs {' and '.join(missing)}")


def _int(values: Mapping[str, object], name: str) -> int:
    value = values[name]
    assert isinstance(value, int)
    return value


def _frac(values: Mapping[str, object], name: str) -> Fraction:
    value = values[name]
    assert isinstance(value, Fraction)
    return value


def _one_of(spec: MetricSpec, values: Mapping[str, object], *names: str) -> str:
    given = [name for name in names if name in values]
    options = " or ".join(f"--{name}" for name in names)
    if not given:
        raise InputError(f"metric {spec.id} needs {options}")
    if len(given) > 1:
        raise InputError(f"metric {spec.id} takes {options}, not both")
    return given[0]


def _exclusive(
    spec: MetricSpec, values: Mapping[str, object], one: str, others: tuple[str, ...]
) -> bool:
    """`one` (e.g. scores) replaces `others` (the counts): refuse a mix."""
    if one in values:
        mixed = [f"--{name}" for name in others if name in values]
        if mixed:
            raise InputError(f"give --{one} or {', '.join(mixed)}, not both")
        return True
    return False


def _positive(value: int | Fraction, name: str, what: str) -> None:
    if value == 0:
        raise InputError(f"--{name} is 0: {what}")


def _not_above(
    part: int | Fraction, part_name: str, whole: int | Fraction, whole_name: str
) -> None:
    if part > whole:
        shown_part, shown_whole = echo(Fraction(part)), echo(Fraction(whole))
        raise InputError(f"--{part_name} ({shown_part}) is above --{whole_name} ({shown_whole})")


# --- scores ----------------------------------------------------------------------------------


def score_range(spec: MetricSpec, values: Mapping[str, object]) -> tuple[int, int]:
    """The valid answers for a score metric (checks --scale)."""
    if spec.id in ("nps", "tud"):
        return NPS_SCALE
    _need(spec, values, "scale")
    scale = _int(values, "scale")
    allowed = CES_SCALES if spec.id == "ces" else CSAT_SCALES
    if scale not in allowed:
        text = "5 or 7" if spec.id == "ces" else "between 3 and 10"
        raise InputError(f"--scale: {scale} is not a scale {spec.id} supports ({text})")
    return (1, scale)


def check_scores(scores: tuple[int, ...], low: int, high: int, where: str) -> dict[int, int]:
    counts: dict[int, int] = {}
    for score in scores:
        if not low <= score <= high:
            raise InputError(f"{where}: {score} is outside the {low}-{high} scale")
        counts[score] = counts.get(score, 0) + 1
    return counts


def _distribution(counts: Mapping[int, int], low: int, high: int) -> dict[str, int]:
    return {str(score): counts.get(score, 0) for score in range(low, high + 1)}


def _mean(counts: Mapping[int, int], n: int) -> Fraction:
    return Fraction(sum(score * count for score, count in counts.items()), n)


def confidence_of(values: Mapping[str, object]) -> int:
    """--confidence: 90, 95 (the default) or 99."""
    confidence = values.get("confidence", DEFAULT_CONFIDENCE)
    assert isinstance(confidence, int)
    if confidence not in CONFIDENCES:
        raise InputError(f"--confidence: {confidence} is not offered (90, 95 or 99)")
    return confidence


def nps_outcome(
    promoters: int,
    passives: int,
    detractors: int,
    ultra: int | None = None,
    confidence: int = DEFAULT_CONFIDENCE,
) -> Outcome:
    n = promoters + passives + detractors
    if n == 0:
        raise InputError("no responses: the NPS needs at least one answer")
    exact = Fraction(100 * (promoters - detractors), n)
    estimate = nps_estimate(promoters, passives, detractors)
    margin = z_value(confidence) * estimate.se
    details: dict[str, object] = {
        "promoters": promoters,
        "passives": passives,
        "detractors": detractors,
        "promoters_pct": percent(promoters, n),
        "passives_pct": percent(passives, n),
        "detractors_pct": percent(detractors, n),
        "ultra_detractors": ultra,
        "ultra_detractors_pct": None if ultra is None else percent(ultra, n),
        "margin_of_error": float(round_half_away(Fraction(margin), 1)),
        "confidence_pct": confidence,
    }
    ci = normal_interval(estimate, confidence, 1, -100, 100)
    return Outcome(report(exact, 0), exact, n, details, ci=ci)


def distribution_outcome(
    spec: MetricSpec, values: Mapping[str, object], counts: Mapping[int, int]
) -> Outcome:
    """NPS, TUD, CSAT or CES from answer counts ({score: how many}), already range-checked."""
    low, high = score_range(spec, values)
    n = sum(counts.values())
    if n == 0:
        raise InputError(f"no responses: the {spec.id} needs at least one answer")
    distribution = _distribution(counts, low, high)
    confidence = confidence_of(values) if spec.id != "tud" else DEFAULT_CONFIDENCE
    if spec.id == "nps":
        outcome = nps_outcome(
            *nps_groups(counts), sum(c for s, c in counts.items() if s <= 1), confidence
        )
        outcome.details["distribution"] = distribution
        return outcome
    if spec.id == "tud":
        ultra = sum(c for s, c in counts.items() if s <= 1)
        return _tud(ultra, n, distribution)
    top = [high - 1, high]
    top_count = sum(c for s, c in counts.items() if s >= high - 1)
    mean = _mean(counts, n)
    if spec.id == "csat":
        return _csat(top_count, n, high, mean, distribution, confidence)
    details: dict[str, object] = {
        "mean": report(mean, MEAN_PLACES),
        "agree": top_count,
        "agree_pct": percent(top_count, n),
        "agree_values": top,
        "scale": high,
        "direction": "higher = easier",
        "question": CES_QUESTION,
        "distribution": distribution,
        "confidence_pct": confidence,
    }
    # One answer has no spread to measure: no interval rather than a zero-width one.
    ci = None if n < 2 else normal_interval(mean_estimate(counts), confidence, 2, low, high)
    return Outcome(report(mean, MEAN_PLACES), mean, n, details, ci=ci)


def nps_groups(counts: Mapping[int, int]) -> tuple[int, int, int]:
    """Promoters (9-10), passives (7-8) and detractors (0-6) from answer counts."""
    return (
        sum(c for s, c in counts.items() if s >= 9),
        sum(c for s, c in counts.items() if 7 <= s <= 8),
        sum(c for s, c in counts.items() if s <= 6),
    )


def survey_estimate(
    spec: MetricSpec, values: Mapping[str, object], counts: Mapping[int, int]
) -> Estimate:
    """The estimate behind an NPS, CSAT or CES result, for comparisons."""
    if spec.id == "nps":
        return nps_estimate(*nps_groups(counts))
    _, high = score_range(spec, values)
    if spec.id == "csat":
        n = sum(counts.values())
        return proportion_estimate(sum(c for s, c in counts.items() if s >= high - 1), n)
    return mean_estimate(counts)


def _tud(ultra: int, n: int, distribution: dict[str, int] | None) -> Outcome:
    exact = Fraction(100 * ultra, n)
    details: dict[str, object] = {"ultra_detractors": ultra, "ultra_detractor_values": [0, 1]}
    if distribution is not None:
        details["distribution"] = distribution
    return Outcome(report(exact, 1), exact, n, details)


def _csat(
    satisfied: int,
    n: int,
    scale: int,
    mean: Fraction | None,
    distribution: dict[str, int] | None,
    confidence: int,
) -> Outcome:
    exact = Fraction(100 * satisfied, n)
    details: dict[str, object] = {
        "satisfied": satisfied,
        "satisfied_values": [scale - 1, scale],
        "scale": scale,
        "mean": None if mean is None else report(mean, MEAN_PLACES),
        "confidence_pct": confidence,
    }
    if distribution is not None:
        details["distribution"] = distribution
    ci = wilson_interval(satisfied, n, confidence)
    return Outcome(report(exact, 1), exact, n, details, ci=ci)


def _scores_or_counts(
    spec: MetricSpec, values: Mapping[str, object], counts: tuple[str, ...]
) -> Outcome | None:
    if _exclusive(spec, values, "scores", counts):
        low, high = score_range(spec, values)
        scores = values["scores"]
        assert isinstance(scores, tuple)
        return distribution_outcome(spec, values, check_scores(scores, low, high, "--scores"))
    return None


def _need_counts(spec: MetricSpec, values: Mapping[str, object], part: str, whole: str) -> None:
    if part not in values and whole not in values:
        raise InputError(f"metric {spec.id} needs --{part} and --{whole}, or --scores, or --file")
    _need(spec, values, part, whole)


def _nps(spec: MetricSpec, values: Mapping[str, object]) -> Outcome:
    names = ("promoters", "passives", "detractors")
    outcome = _scores_or_counts(spec, values, names)
    if outcome is not None:
        return outcome
    if not any(name in values for name in names):
        raise InputError(
            "metric nps needs --promoters, --passives and --detractors, or --scores, or --file"
        )
    _need(spec, values, *names)
    promoters, passives, detractors = (_int(values, name) for name in names)
    return nps_outcome(promoters, passives, detractors, confidence=confidence_of(values))


def _tud_metric(spec: MetricSpec, values: Mapping[str, object]) -> Outcome:
    outcome = _scores_or_counts(spec, values, ("ultra-detractors", "responses"))
    if outcome is not None:
        return outcome
    _need_counts(spec, values, "ultra-detractors", "responses")
    ultra, n = _int(values, "ultra-detractors"), _int(values, "responses")
    _positive(n, "responses", "no responses, so there is no rate")
    _not_above(ultra, "ultra-detractors", n, "responses")
    return _tud(ultra, n, None)


def _csat_metric(spec: MetricSpec, values: Mapping[str, object]) -> Outcome:
    outcome = _scores_or_counts(spec, values, ("satisfied", "responses"))
    if outcome is not None:
        return outcome
    _need_counts(spec, values, "satisfied", "responses")
    _, scale = score_range(spec, values)
    satisfied, n = _int(values, "satisfied"), _int(values, "responses")
    _positive(n, "responses", "no responses, so there is no rate")
    _not_above(satisfied, "satisfied", n, "responses")
    return _csat(satisfied, n, scale, None, None, confidence_of(values))


def _ces(spec: MetricSpec, values: Mapping[str, object]) -> Outcome:
    score_range(spec, values)
    if "scores" not in values:
        raise InputError("metric ces needs --scores, or --file")
    outcome = _scores_or_counts(spec, values, ())
    assert outcome is not None
    return outcome


# --- durations -------------------------------------------------------------------------------


def seconds_outcome(total: Fraction, contacts: int) -> Outcome:
    """Average handle time from a file of per-contact handle times."""
    if contacts == 0:
        raise InputError("no contacts: there is no average handle time")
    exact = total / contacts
    return Outcome(report(exact, 1), exact, contacts, {"total_seconds": echo(total)})


def _aht(spec: MetricSpec, values: Mapping[str, object]) -> Outcome:
    _need(spec, values, "talk", "contacts")
    parts = {name: _frac(values, name) if name in values else Fraction(0) for name in AHT_PARTS}
    contacts = _int(values, "contacts")
    _positive(contacts, "contacts", "no contacts, so there is no average")
    total = sum(parts.values(), Fraction(0))
    exact = total / contacts
    details: dict[str, object] = {"total_seconds": echo(total)}
    for name, value in parts.items():
        details[f"{name}_seconds"] = echo(value)
        details[f"{name}_avg_seconds"] = report(value / contacts, 1)
    return Outcome(report(exact, 1), exact, contacts, details)


def _asa(spec: MetricSpec, values: Mapping[str, object]) -> Outcome:
    _need(spec, values, "total-wait", "answered")
    wait, answered = _frac(values, "total-wait"), _int(values, "answered")
    _positive(answered, "answered", "no contacts answered, so there is no average wait")
    exact = wait / answered
    details: dict[str, object] = {"total_wait_seconds": echo(wait), "answered": answered}
    return Outcome(report(exact, 1), exact, answered, details)


# --- rates -----------------------------------------------------------------------------------


def _rate(
    part: int | Fraction,
    part_name: str,
    whole: int | Fraction,
    whole_name: str,
    zero: str,
    *,
    may_exceed: bool = False,
) -> Outcome:
    _positive(whole, whole_name, zero)
    if not may_exceed:
        _not_above(part, part_name, whole, whole_name)
    exact = Fraction(part) * 100 / Fraction(whole)
    details: dict[str, object] = {
        _key(part_name): echo(Fraction(part)),
        _key(whole_name): echo(Fraction(whole)),
    }
    n = whole if isinstance(whole, int) else None
    return Outcome(report(exact, 1), exact, n, details)


Calculator = Callable[[MetricSpec, Mapping[str, object]], Outcome]


def _simple_rate(part: str, whole: str, zero: str) -> Calculator:
    def calculate(spec: MetricSpec, values: Mapping[str, object]) -> Outcome:
        _need(spec, values, part, whole)
        return _rate(_int(values, part), part, _int(values, whole), whole, zero)

    return calculate


def _service_level(spec: MetricSpec, values: Mapping[str, object]) -> Outcome:
    outcome = _simple_rate("answered-within", "offered", "no contacts offered, so no rate")(
        spec, values
    )
    if "threshold" in values:
        outcome.details["threshold_seconds"] = echo(values["threshold"])
    return outcome


def _occupancy(spec: MetricSpec, values: Mapping[str, object]) -> Outcome:
    handle, available = _frac(values, "handle-time"), _frac(values, "available-time")
    return _rate(handle, "handle-time", available, "available-time", "no time available")


def _contact_rate(spec: MetricSpec, values: Mapping[str, object]) -> Outcome:
    base = _one_of(spec, values, "customers", "orders")
    zero = f"no {base}, so no contact rate"
    contacts = _int(values, "contacts")
    outcome = _rate(contacts, "contacts", _int(values, base), base, zero, may_exceed=True)
    outcome.details["per"] = base
    return outcome


def _conversion(spec: MetricSpec, values: Mapping[str, object]) -> Outcome:
    base = _one_of(spec, values, "visitors", "leads")
    zero = f"no {base}, so no conversion rate"
    outcome = _rate(_int(values, "conversions"), "conversions", _int(values, base), base, zero)
    outcome.details["per"] = base
    return outcome


def _retention(spec: MetricSpec, values: Mapping[str, object]) -> Outcome:
    start, end, new = (_int(values, name) for name in ("start", "end", "new"))
    _positive(start, "start", "no customers at the start, so no retention rate")
    _not_above(new, "new", end, "end")
    kept = end - new
    if kept > start:
        raise InputError(
            f"--end minus --new ({kept}) is above --start ({start}): "
            "more customers kept than there were"
        )
    exact = Fraction(100 * kept, start)
    details: dict[str, object] = {
        "start": start,
        "end": end,
        "new": new,
        "kept": kept,
        "lost": start - kept,
    }
    return Outcome(report(exact, 1), exact, start, details)


def _backlog(spec: MetricSpec, values: Mapping[str, object]) -> Outcome:
    open_start, new, resolved = (_int(values, name) for name in ("open-start", "new", "resolved"))
    if resolved > open_start + new:
        raise InputError(
            f"--resolved ({resolved}) is above --open-start plus --new ({open_start + new})"
        )
    backlog = open_start + new - resolved
    details: dict[str, object] = {
        "open_start": open_start,
        "new": new,
        "resolved": resolved,
        "net_change": new - resolved,
    }
    return Outcome(backlog, Fraction(backlog), None, details)


def _arpu(spec: MetricSpec, values: Mapping[str, object]) -> Outcome:
    revenue, users = _frac(values, "revenue"), _int(values, "users")
    _positive(users, "users", "no users, so no average revenue per user")
    exact = revenue / users
    details: dict[str, object] = {"revenue": echo(revenue), "users": users}
    return Outcome(report(exact, 2), exact, users, details)


def _clv(spec: MetricSpec, values: Mapping[str, object]) -> Outcome:
    simple = [name for name in ("arpu", "lifetime") if name in values]
    margin = [name for name in ("margin", "churn") if name in values]
    if simple and margin:
        raise InputError("use --arpu with --lifetime, or --margin with --churn, not a mix")
    if not simple and not margin:
        raise InputError("metric clv needs --arpu and --lifetime, or --margin and --churn")
    details: dict[str, object]
    if simple:
        _need(spec, values, "arpu", "lifetime")
        arpu, lifetime = _frac(values, "arpu"), _frac(values, "lifetime")
        exact = arpu * lifetime
        details = {"method": "arpu x lifetime", "arpu": echo(arpu), "lifetime": echo(lifetime)}
    else:
        _need(spec, values, "margin", "churn")
        profit, churn = _frac(values, "margin"), _frac(values, "churn")
        _positive(churn, "churn", "customers never leave, so the lifetime value is unbounded")
        exact = profit * 100 / churn
        details = {
            "method": "margin / churn",
            "margin": echo(profit),
            "churn_pct": echo(churn),
            "lifetime": report(100 / churn, 2),
        }
    return Outcome(report(exact, 2), exact, None, details)


def _erlang(spec: MetricSpec, values: Mapping[str, object]) -> Outcome:
    from cxglossary.metrics.erlang import erlang_outcome

    return erlang_outcome(values)


def _erlang_b(spec: MetricSpec, values: Mapping[str, object]) -> Outcome:
    from cxglossary.metrics.erlang import erlang_b_outcome

    return erlang_b_outcome(values)


_CALCULATORS: dict[str, Calculator] = {
    "nps": _nps,
    "tud": _tud_metric,
    "csat": _csat_metric,
    "ces": _ces,
    "aht": _aht,
    "fcr": _simple_rate("resolved-first", "total", "no contacts, so no rate"),
    "churn": _simple_rate("lost", "start", "no customers at the start, so no churn rate"),
    "retention": _retention,
    "qos": _simple_rate("handled", "received", "no contacts received, so no rate"),
    "abandonment": _simple_rate("abandoned", "offered", "no contacts offered, so no rate"),
    "service-level": _service_level,
    "asa": _asa,
    "occupancy": _occupancy,
    "contact-rate": _contact_rate,
    "conversion": _conversion,
    "resolution-rate": _simple_rate("resolved", "total", "no tickets, so no rate"),
    "self-service": _simple_rate("self-served", "total", "no requests, so no rate"),
    "backlog": _backlog,
    "arpu": _arpu,
    "clv": _clv,
    "erlang": _erlang,
    "erlang-b": _erlang_b,
}


def compute(metric_id: str, inputs: Mapping[str, object]) -> MetricResult:
    spec = get_spec(metric_id)
    values = normalise(spec, inputs)
    _need(spec, values, *(i.name for i in spec.inputs if i.required))
    outcome = _CALCULATORS[spec.id](spec, values)
    echoed = {name: echo(value) for name, value in values.items()}
    return result(spec, outcome, echoed)
