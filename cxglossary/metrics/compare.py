"""`--compare A B` for NPS, CSAT and CES: is the difference between two groups more than noise?

Two ways to name the groups:

- two `--by` keys of a survey file (`--file survey.csv --by team --compare A B`);
- two sets of counts, without a file: NPS `promoters/passives/detractors` (`100/50/50`), CSAT
  `satisfied/responses` (`80/100`), or, for any of the three, the answers themselves separated
  by commas (`9,10,7,3`), as `--scores` takes them.

The difference is A − B; the statistics are in `stats.py`.
"""

from __future__ import annotations

from collections.abc import Mapping

from cxglossary.errors import InputError
from cxglossary.metrics.calculators import (
    check_scores,
    confidence_of,
    distribution_outcome,
    result,
    score_range,
    survey_estimate,
)
from cxglossary.metrics.parsing import count_value, echo, get_spec, normalise, scores_value, show
from cxglossary.metrics.registry import MetricSpec
from cxglossary.metrics.result import MetricResult, Outcome
from cxglossary.metrics.stats import Comparison, compare, shown_p

COMPARED = ("nps", "csat", "ces")
PLACES = {"nps": 1, "csat": 1, "ces": 2}
COUNT_FORMS = {
    "nps": ("promoters", "passives", "detractors"),
    "csat": ("satisfied", "responses"),
}
RESERVED = ("promoters", "passives", "detractors", "satisfied", "responses", "scores")


def check_metric(spec: MetricSpec) -> None:
    if spec.id not in COMPARED:
        raise InputError(f"--compare goes with nps, csat and ces, not {spec.id}")


def side_counts(spec: MetricSpec, values: Mapping[str, object], text: str) -> dict[int, int]:
    """The answer counts ({score: n}) that a side of `--compare` stands for."""
    low, high = score_range(spec, values)
    where = f"--compare '{show(text)}'"
    forms = COUNT_FORMS.get(spec.id)
    if "/" in text and forms is not None:
        parts = [part.strip() for part in text.split("/")]
        if len(parts) != len(forms):
            raise InputError(f"{where}: write {'/'.join(forms)}", hint=_example(spec.id))
        try:
            counts = [count_value(part) for part in parts]
        except ValueError as exc:
            raise InputError(f"{where}: {exc}") from None
        return _as_distribution(spec.id, counts, high, where)
    try:
        scores = scores_value(text)
    except ValueError as exc:
        raise InputError(f"{where} {exc}", hint=_example(spec.id)) from None
    return check_scores(scores, low, high, where)


def _example(metric_id: str) -> str:
    if metric_id == "nps":
        return "promoters/passives/detractors such as 100/50/50, or answers such as 10,9,6"
    if metric_id == "csat":
        return "satisfied/responses such as 80/100, or answers such as 5,4,2"
    return "answers such as 5,4,4,2"


def _as_distribution(metric_id: str, counts: list[int], high: int, where: str) -> dict[int, int]:
    """Counts stand for answers: NPS 10 / 7 / 0, CSAT the top answer / the lowest."""
    if metric_id == "nps":
        promoters, passives, detractors = counts
        return {10: promoters, 7: passives, 0: detractors}
    satisfied, responses = counts
    if satisfied > responses:
        raise InputError(f"{where}: {satisfied} satisfied out of {responses} responses")
    return {high: satisfied, 1: responses - satisfied}


def side_json(key: str, outcome: Outcome) -> dict[str, object]:
    ci = None if outcome.ci is None else list(outcome.ci)
    return {"key": key, "value": outcome.value, "n": outcome.n, "ci": ci}


def comparison(
    spec: MetricSpec,
    values: Mapping[str, object],
    a: tuple[str, Mapping[int, int]],
    b: tuple[str, Mapping[int, int]],
) -> Comparison:
    """A − B from the answer counts of each side."""
    confidence = confidence_of(values)
    sides = tuple(
        side_json(key, distribution_outcome(spec, values, counts)) for key, counts in (a, b)
    )
    return compare(
        survey_estimate(spec, values, a[1]),
        survey_estimate(spec, values, b[1]),
        confidence=confidence,
        places=PLACES[spec.id],
        sides=(sides[0], sides[1]),
    )


def comparison_json(spec: MetricSpec, found: Comparison) -> dict[str, object]:
    out = found.to_json()
    out["sentence"] = sentence(spec.id, out, "en")
    return out


def sentence(metric_id: str, found: Mapping[str, object], lang: str) -> str:
    """'+11 points, not significant at 95 % (p = 0.17)', or in French, from the JSON form."""
    fr = lang == "fr"
    difference = found["difference"]
    p_value = found["p_value"]
    assert isinstance(difference, float | int)
    sign = "+" if difference > 0 else ("−" if difference < 0 else "±")
    amount = f"{abs(difference):g}"
    if fr:
        amount = amount.replace(".", ",")
    unit = "" if metric_id == "ces" else " points"
    if not isinstance(p_value, float):
        verdict = "aucune dispersion à tester" if fr else "no spread to test"
        return f"{sign}{amount}{unit}, {verdict}"
    p = shown_p(p_value)
    at = found["confidence_pct"]
    if fr:
        p = p.replace(".", ",")
        verdict = "significatif" if found["significant"] else "non significatif"
        return f"{sign}{amount}{unit}, {verdict} à {at} % (p {p})"
    verdict = "significant" if found["significant"] else "not significant"
    return f"{sign}{amount}{unit}, {verdict} at {at} % (p {p})"


def compare_counts(
    metric_id: str, a_text: str, b_text: str, inputs: Mapping[str, object]
) -> MetricResult:
    """`cx metric nps --compare 100/50/50 110/65/75`: two sets of counts, no file."""
    spec = get_spec(metric_id)
    check_metric(spec)
    values = normalise(spec, inputs)
    mixed = [f"--{name}" for name in RESERVED if name in values]
    if mixed:
        raise InputError(f"--compare takes both sides' counts itself, not {', '.join(mixed)}")
    a = (a_text, side_counts(spec, values, a_text))
    b = (b_text, side_counts(spec, values, b_text))
    found = comparison(spec, values, a, b)
    outcome = Outcome(found.difference, found.exact, None, {"difference_of": "a - b"}, ci=found.ci)
    echoed: dict[str, object] = {"compare": [a_text, b_text]}
    echoed.update({name: echo(value) for name, value in values.items()})
    out = result(spec, outcome, echoed)
    out.comparison = comparison_json(spec, found)
    return out


def check_file_compare(spec: MetricSpec, by: str | None) -> None:
    """Checked before a file is read: a survey metric, and groups to compare."""
    check_metric(spec)
    if by is None:
        raise InputError(
            "--compare with --file needs --by: name two of its groups",
            hint="or compare counts without a file: --compare 100/50/50 110/65/75",
        )


def compare_groups(
    spec: MetricSpec,
    values: Mapping[str, object],
    groups: Mapping[str, Mapping[int, int]],
    keys: tuple[str, str],
    by: str | None,
) -> dict[str, object]:
    """The comparison of two `--by` groups of a file, as JSON."""
    check_file_compare(spec, by)
    for key in keys:
        if key not in groups:
            listed = ", ".join(f"'{show(name)}'" for name in sorted(groups)[:12])
            raise InputError(
                f"--compare: no group '{show(key)}' in column '{show(str(by))}'",
                hint=f"groups: {listed}",
            )
    a, b = keys
    return comparison_json(spec, comparison(spec, values, (a, groups[a]), (b, groups[b])))
