"""`--compare A B` for NPS, CSAT and CES: is the difference between two groups more than noise?

Ways to name the two sides:

- two `--by` keys of a survey file (`--file survey.csv --by team --compare A B`), each over
  every period of the file;
- two periods of a survey file with `--per` (`--per week --compare 2026-11-02 2026-11-09`),
  each over every key; a period is named by its start (the JSON's "period") or by a date, a
  month, an ISO week or a date and time inside it (`periods.named_span`);
- with both `--by` and `--per`, two cells `KEY@PERIOD` (`--compare A@2026-11-02
  A@2026-11-09`: one team, two weeks). A text that is a key of the file is that key first;
- two sets of counts, without a file: NPS `promoters/passives/detractors` (`100/50/50`), CSAT
  `satisfied/responses` (`80/100`), or, for any of the three, the answers themselves separated
  by commas (`9,10,7,3`), as `--scores` takes them.

Both sides are of one kind (two keys, two periods or two cells): a key and a period share
answers, and the test is for two independent samples. The difference is A − B; the
statistics are in `stats.py`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from typing import NamedTuple

from cxglossary.errors import InputError
from cxglossary.metrics.calculators import (
    check_scores,
    confidence_of,
    distribution_outcome,
    result,
    score_range,
    survey_estimate,
)
from cxglossary.metrics.grouping import CellKey
from cxglossary.metrics.parsing import count_value, echo, get_spec, normalise, scores_value, show
from cxglossary.metrics.periods import NAME_HELP, PLURALS, Clock, iso, named_span, period_name
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
SHOWN = 12  # keys or periods listed in a hint
PERIOD_WORDS = {"15m": "the 15 minutes from", "30m": "the half hour from", "1h": "the hour from",
                "day": "the day", "week": "the week of", "month": "the month"}  # fmt: skip


class Side(NamedTuple):
    """One side of a comparison: what it is called and the answers it holds ({score: n})."""

    key: str | None
    period: dt.datetime | None
    counts: Mapping[int, int]
    kind: str = "counts"  # or "group", "period", "cell": both sides must be of one kind


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


def side_json(side: Side, outcome: Outcome) -> dict[str, object]:
    ci = None if outcome.ci is None else list(outcome.ci)
    return {
        "key": side.key,
        "period": iso(side.period),
        "value": outcome.value,
        "n": outcome.n,
        "ci": ci,
    }


def comparison(spec: MetricSpec, values: Mapping[str, object], a: Side, b: Side) -> Comparison:
    """A − B from the answer counts of each side."""
    confidence = confidence_of(values)
    sides = tuple(
        side_json(side, distribution_outcome(spec, values, side.counts)) for side in (a, b)
    )
    return compare(
        survey_estimate(spec, values, a.counts),
        survey_estimate(spec, values, b.counts),
        confidence=confidence,
        places=PLACES[spec.id],
        sides=(sides[0], sides[1]),
    )


def comparison_json(spec: MetricSpec, found: Comparison) -> dict[str, object]:
    out = found.to_json()
    out["sentence"] = sentence(spec.id, out)
    return out


def sentence(metric_id: str, found: Mapping[str, object], lang: str = "en") -> str:
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
    a = Side(a_text, None, side_counts(spec, values, a_text))
    b = Side(b_text, None, side_counts(spec, values, b_text))
    found = comparison(spec, values, a, b)
    outcome = Outcome(found.difference, found.exact, None, {"difference_of": "a - b"}, ci=found.ci)
    echoed: dict[str, object] = {"compare": [a_text, b_text]}
    echoed.update({name: echo(value) for name, value in values.items()})
    out = result(spec, outcome, echoed)
    out.comparison = comparison_json(spec, found)
    return out


def check_file_compare(spec: MetricSpec, by: str | None, per: str | None = None) -> None:
    """Checked before a file is read: a survey metric, and groups or periods to compare."""
    check_metric(spec)
    if by is None and per is None:
        raise InputError(
            "--compare with --file needs --by or --per: name two of its groups or periods",
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
    cells: dict[CellKey, Mapping[int, int]] = {(key, None): c for key, c in groups.items()}
    return compare_cells(spec, values, cells, Clock(None), keys, by)


def compare_cells(
    spec: MetricSpec,
    values: Mapping[str, object],
    cells: Mapping[CellKey, Mapping[int, int]],
    clock: Clock,
    texts: tuple[str, str],
    by: str | None,
) -> dict[str, object]:
    """The comparison of two keys, two periods or two cells of a file, as JSON."""
    check_file_compare(spec, by, clock.per)
    a, b = (_Cells(cells, clock, by).side(text) for text in texts)
    if a.kind != b.kind:
        raise InputError(
            f"--compare: '{show(texts[0])}' is a {a.kind} and '{show(texts[1])}' a {b.kind}",
            hint="compare two groups, two periods or two cells KEY@PERIOD",
        )
    return comparison_json(spec, comparison(spec, values, a, b))


class _Cells:
    """Finds what a side of `--compare` names among the (key, period) cells of a file."""

    def __init__(
        self, cells: Mapping[CellKey, Mapping[int, int]], clock: Clock, by: str | None
    ) -> None:
        self.cells = cells
        self.clock = clock
        self.by = by
        self.keys = sorted({key for key, _ in cells if key is not None})

    def side(self, text: str) -> Side:
        if self.by is not None and text in self.keys:
            return self._side(text, None, "group")
        if self.clock.per is None:
            raise InputError(
                f"--compare: no group '{show(text)}' in column '{show(str(self.by))}'",
                hint=f"groups: {_listed(self.keys)}",
            )
        key, at, name = text.rpartition("@")
        if self.by is not None and at and key in self.keys:
            return self._side(key, self._period(text, name, key), "cell")
        return self._side(None, self._period(text, text, None), "period")

    def _side(self, key: str | None, period: dt.datetime | None, kind: str) -> Side:
        """The answers of `key` (every key if None) in `period` (every period if None)."""
        counts: Counter[int] = Counter()
        for (k, p), found in self.cells.items():
            if key in (None, k) and period in (None, p):
                counts.update(found)
        return Side(key, period, counts, kind)

    def _period(self, text: str, name: str, key: str | None) -> dt.datetime:
        """The start of the period `name` names, which must hold answers (of `key`, if any)."""
        per = self.clock.per
        assert per is not None
        try:
            named_span(name)
        except ValueError as exc:
            if self.by is None or key is not None:
                raise InputError(f"{_named(text, name)} {exc}", hint=NAME_HELP) from None
            raise InputError(
                f"--compare '{show(text)}': neither a group of column '{show(self.by)}' nor a "
                "period",
                hint=f"groups: {_listed(self.keys)}; a cell is KEY@PERIOD; {NAME_HELP}",
            ) from None
        try:
            start = self.clock.period_named(name)
        except ValueError as exc:
            raise InputError(f"{_named(text, name)} {exc}") from None
        held = sorted({p for k, p in self.cells if p is not None and key in (None, k)})
        if start in held:
            return start
        what = f"{PERIOD_WORDS[per]} {period_name(start, per)}"
        if key is not None:
            problem = f"'{show(key)}' has no answers in {what}"
        elif start < held[0] or start > held[-1]:  # held: every period with answers
            first, last = period_name(held[0], per), period_name(held[-1], per)
            problem = f"{what} is outside the file (its {PLURALS[per]}: {first} to {last})"
        else:
            problem = f"{what} has no answers"
        whose = "" if key is None else f" from '{show(key)}'"
        names = [period_name(p, per) for p in held]
        listed = ", ".join(names[:SHOWN]) + (
            f" … ({len(names)} in all)" if len(names) > SHOWN else ""
        )
        raise InputError(
            f"--compare '{show(text)}': {problem}",
            hint=f"{PLURALS[per]} with answers{whose}: {listed}",
        )


def _named(text: str, name: str) -> str:
    """ "--compare '2026-11'", or "--compare 'A@2026-11': '2026-11'" for the period of a cell."""
    where = f"--compare '{show(text)}'"
    return where if name == text else f"{where}: '{show(name)}'"


def _listed(names: list[str]) -> str:
    return ", ".join(f"'{show(name)}'" for name in names[:SHOWN])
