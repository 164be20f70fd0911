"""Is the change real? Survey intervals and comparisons, against published or hand-derived figures.

Sources:
- normal quantiles and p-values: any table of the standard normal distribution (e.g. NIST/
  SEMATECH e-Handbook of Statistical Methods, 1.3.6.7.1): z 1.645 / 1.960 / 2.576 for 90 / 95 /
  99 %, two-sided p 0.05 at z = 1.96; the digits below come from the inverse error function.
- Wilson intervals: Newcombe R. G. (1998), "Two-sided confidence intervals for the single
  proportion: comparison of seven methods", Statistics in Medicine 17, 857-872, table II,
  method 3 (score interval without continuity correction), 95 %.
- NPS: the trinomial variance, derived by hand in each test; the comparison example of the
  issue (100/50/50 against 110/65/75: 25 against 14, z ≈ 1.38, p ≈ 0.17).
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import Cx
from hypothesis import given
from hypothesis import strategies as st

from cxglossary.errors import InputError
from cxglossary.metrics import compare_counts, compute
from cxglossary.metrics.stats import (
    compare,
    mean_estimate,
    nps_estimate,
    p_value,
    shown_p,
    wilson_bounds,
    z_value,
)


def test_normal_quantiles() -> None:
    assert z_value(90) == pytest.approx(1.6448536269514722, abs=1e-14)
    assert z_value(95) == pytest.approx(1.959963984540054, abs=1e-14)
    assert z_value(99) == pytest.approx(2.5758293035489004, abs=1e-14)
    # and back: the quantile gives exactly the tail it was solved for
    for confidence in (90, 95, 99):
        assert p_value(z_value(confidence)) == pytest.approx(1 - confidence / 100, abs=1e-15)


def test_two_sided_p_values() -> None:
    assert p_value(1.96) == pytest.approx(0.04999579029644087, abs=1e-15)
    assert p_value(-1.96) == p_value(1.96)
    assert p_value(0) == 1.0
    assert p_value(3.290526731491926) == pytest.approx(0.001, abs=1e-12)


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611),
     (1, 29, 0.0061, 0.1718)],
)  # fmt: skip
def test_wilson_against_newcombe_1998(successes: int, n: int, low: float, high: float) -> None:
    got = wilson_bounds(successes, n, z_value(95))
    assert got == pytest.approx((low, high), abs=5e-5)


def test_csat_result_carries_the_wilson_interval() -> None:
    r = compute("csat", {"satisfied": 81, "responses": 263})
    assert r.ci == (25.5, 36.6)  # Newcombe: 0.2553-0.3662
    assert r.to_json()["ci"] == [25.5, 36.6]
    assert r.details["confidence_pct"] == 95


def test_nps_interval_by_hand() -> None:
    # 100 promoters, 50 passives, 50 detractors: p_P = 0.5, p_D = 0.25, NPS 25.
    # variance of one answer: 0.5 + 0.25 - 0.25² = 0.6875; se = 100 √(0.6875 / 200) = 5.8630
    # 95 %: 25 ± 1.959964 × 5.8630 = 25 ± 11.4913 -> [13.5, 36.5]
    # 90 %: 25 ± 1.644854 × 5.8630 = 25 ± 9.6438 -> [15.4, 34.6]
    # 99 %: 25 ± 2.575829 × 5.8630 = 25 ± 15.1021 -> [9.9, 40.1]
    base = {"promoters": 100, "passives": 50, "detractors": 50}
    assert compute("nps", base).ci == (13.5, 36.5)
    assert compute("nps", {**base, "confidence": 90}).ci == (15.4, 34.6)
    r99 = compute("nps", {**base, "confidence": "99"})
    assert r99.ci == (9.9, 40.1)
    assert r99.details["margin_of_error"] == 15.1 and r99.details["confidence_pct"] == 99
    assert nps_estimate(100, 50, 50).variance == Fraction(6875, 200) * 100 / 10000 * 100


def test_nps_interval_stays_within_the_scale() -> None:
    # 9 promoters of 10: NPS 90, variance 0.9 - 0.81 = 0.09, se = 100 √(0.009) = 9.487,
    # 90 + 18.6 would pass 100: the interval stops at 100.
    assert compute("nps", {"promoters": 9, "passives": 1, "detractors": 0}).ci == (71.4, 100.0)


def test_ces_interval_by_hand() -> None:
    # answers 5,4,4,3,2,5: mean 23/6 = 3.8333; squared deviations sum 41/6 = 6.8333;
    # s² = 6.8333 / 5 = 1.36667; se = √(1.36667 / 6) = 0.47726; 1.959964 × se = 0.93541
    # -> [2.90, 4.77]
    r = compute("ces", {"scores": "5,4,4,3,2,5", "scale": 5})
    assert r.ci == (2.9, 4.77)
    assert mean_estimate({5: 2, 4: 2, 3: 1, 2: 1}).variance == Fraction(41, 6) / 5 / 6
    # one answer has no spread: no interval rather than a zero-width one
    assert compute("ces", {"scores": "4", "scale": 5}).ci is None


def test_the_issue_example() -> None:
    # A: 100/50/50, n 200, NPS 25, variance (0.75 - 0.0625) / 200 = 0.0034375
    # B: 110/65/75, n 250, NPS 14, variance (0.74 - 0.0196) / 250 = 0.0028816
    # se of A - B = 100 √(0.0063191) = 7.9493; z = 11 / 7.9493 = 1.3838
    # p = 2 (1 - Φ(1.3838)) = 0.1664; 95 %: 11 ± 15.5804 -> [-4.6, 26.6]
    r = compare_counts("nps", "100/50/50", "110/65/75", {})
    c = r.comparison
    assert c is not None
    assert (c["a"]["value"], c["b"]["value"]) == (25, 14)  # type: ignore[index]
    assert (c["a"]["n"], c["b"]["n"]) == (200, 250)  # type: ignore[index]
    assert c["difference"] == 11.0 and r.value == 11.0 and r.exact == 11
    assert c["z"] == pytest.approx(1.3838, abs=5e-5)
    assert c["p_value"] == pytest.approx(0.1664, abs=5e-5)
    assert c["ci"] == [-4.6, 26.6]
    assert c["significant"] is False
    assert c["sentence"] == "+11 points, not significant at 95 % (p = 0.17)"
    assert set(c) >= {"a", "b", "difference", "ci", "z", "p_value", "significant"}


def test_a_significant_csat_difference() -> None:
    # 90/100 against 70/100: variances 0.09/100 and 0.21/100, se = 100 √0.003 = 5.4772,
    # z = 20 / 5.4772 = 3.6515, p = 0.00026: significant, shown as p < 0.001.
    c = compare_counts("csat", "90/100", "70/100", {}).comparison
    assert c is not None
    assert c["z"] == pytest.approx(3.6515, abs=5e-5)
    assert c["significant"] is True
    assert c["sentence"] == "+20 points, significant at 95 % (p < 0.001)"


def test_answers_as_lists_and_a_fall() -> None:
    # A: 10,10,0 -> NPS 33.3; B: 10,10,10,10 -> NPS 100 with no spread; A - B = -66.7
    c = compare_counts("nps", "10,10,0", "10,10,10,10", {}).comparison
    assert c is not None and c["difference"] == -66.7
    assert str(c["sentence"]).startswith("−66.7 points, not significant at 95 %")


def test_no_spread_at_all_is_said() -> None:
    c = compare_counts("nps", "10/0/0", "0/0/10", {}).comparison
    assert c is not None
    assert (c["z"], c["p_value"], c["significant"]) == (None, None, True)
    assert c["sentence"] == "+200 points, no spread to test"


def test_shown_p() -> None:
    assert [shown_p(p) for p in (1.0, 0.1664, 0.04996, 0.0466, 0.00125, 0.0009)] == [
        "= 1.0", "= 0.17", "= 0.050", "= 0.047", "= 0.0013", "< 0.001",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("metric", "a", "b", "message"),
    [
        ("nps", "100/50", "1/2/3", "--compare '100/50': write promoters/passives/detractors"),
        ("csat", "80/70", "1/2", "--compare '80/70': 80 satisfied out of 70 responses"),
        ("nps", "1/x/3", "1/2/3", "--compare '1/x/3': is not a whole number"),
        ("nps", "11,3", "1/2/3", "--compare '11,3': 11 is outside the 0-10 scale"),
        ("aht", "1", "2", "--compare goes with nps, csat and ces, not aht"),
        ("nps", "0/0/0", "1/2/3", "no responses"),
    ],
)
def test_compare_errors(metric: str, a: str, b: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        compare_counts(metric, a, b, {})
    assert str(info.value).startswith(message)


def test_confidence_is_checked() -> None:
    with pytest.raises(InputError, match="--confidence: 97 is not offered"):
        compute("nps", {"promoters": 1, "passives": 1, "detractors": 1, "confidence": 97})


@given(
    a=st.tuples(st.integers(0, 60), st.integers(0, 60), st.integers(0, 60)),
    b=st.tuples(st.integers(0, 60), st.integers(0, 60), st.integers(0, 60)),
)
def test_comparison_properties(a: tuple[int, int, int], b: tuple[int, int, int]) -> None:
    if sum(a) == 0 or sum(b) == 0:
        return
    ea, eb = nps_estimate(*a), nps_estimate(*b)
    sides: tuple[dict[str, object], dict[str, object]] = ({}, {})
    ab = compare(ea, eb, confidence=95, places=1, sides=sides)
    ba = compare(eb, ea, confidence=95, places=1, sides=sides)
    assert ab.exact == -ba.exact and ab.significant == ba.significant
    assert ab.p_value == ba.p_value
    if ab.z is not None:
        # "significant" and "the interval leaves out 0" are the same statement
        exact_low = float(ab.exact) - z_value(95) * math.sqrt(ab_var := ea.variance + eb.variance)
        exact_high = float(ab.exact) + z_value(95) * math.sqrt(ab_var)
        assert ab.significant == (exact_low > 0 or exact_high < 0)
        wider = compare(ea, eb, confidence=99, places=1, sides=sides)
        assert wider.ci[0] <= ab.ci[0] and wider.ci[1] >= ab.ci[1]
    for counts, est in ((a, ea), (b, eb)):
        r = compute("nps", dict(zip(("promoters", "passives", "detractors"), counts, strict=True)))
        assert r.ci is not None and r.ci[0] <= float(est.value) + 0.05
        assert r.ci[1] >= float(est.value) - 0.05
        assert -100 <= r.ci[0] <= r.ci[1] <= 100


# --- through the CLI ---------------------------------------------------------------------


def test_cli_compare_counts(cx: Cx) -> None:
    data = cx.json("metric", "nps", "--compare", "100/50/50", "110/65/75")
    assert data["comparison"]["sentence"] == "+11 points, not significant at 95 % (p = 0.17)"
    assert data["inputs"] == {"compare": ["100/50/50", "110/65/75"], "confidence": 95}
    out = cx("metric", "nps", "--compare", "100/50/50", "110/65/75", "--lang", "en").stdout
    assert "+11 points, not significant at 95 % (p = 0.17)" in out
    assert "A · 100/50/50: +25" in out and "B · 110/65/75: +14" in out
    fr = cx("metric", "nps", "--compare", "100/50/50", "110/65/75", "--lang", "fr").stdout
    assert "+11 points, non significatif à 95 % (p = 0,17)" in fr


def test_cli_compare_groups_of_a_file(cx: Cx, tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text(
        "team,score\n" + "A,10\n" * 100 + "A,8\n" * 50 + "A,3\n" * 50
        + "B,9\n" * 110 + "B,7\n" * 65 + "B,0\n" * 75,
        encoding="utf-8",
    )  # fmt: skip
    args = ["metric", "nps", "--file", str(survey), "--by", "team"]
    data = cx.json(*args, "--compare", "A", "B")
    assert data["comparison"]["difference"] == 11.0
    assert data["comparison"]["p_value"] == pytest.approx(0.1664, abs=5e-5)
    assert [g["ci"] for g in data["groups"]] == [[13.5, 36.5], [3.5, 24.5]]
    reverse = cx.json(*args, "--compare", "B", "A", "--confidence", "90")
    assert reverse["comparison"]["difference"] == -11.0
    assert reverse["comparison"]["confidence_pct"] == 90
    assert (
        "no group 'C' in column 'team' (hint: groups: 'A', 'B')"
        in cx(*args, "--compare", "A", "C", code=2).stderr
    )
    no_by = cx("metric", "nps", "--file", str(survey), "--compare", "A", "B", code=2).stderr
    assert "--compare with --file needs --by" in no_by
    json.dumps(data)


def test_mean_estimate_small_samples() -> None:
    # one answer: no spread; two answers 4 and 5: s² = (0.25 + 0.25) / 1 = 0.5, se² = 0.5 / 2
    one = mean_estimate({4: 1})
    assert (one.value, one.variance) == (4, 0)
    two = mean_estimate({4: 1, 5: 1})
    assert (two.value, two.variance) == (Fraction(9, 2), Fraction(1, 4))


def test_counts_mode_result_and_its_refusals() -> None:
    r = compare_counts("nps", "100/50/50", "110/65/75", {})
    assert r.details == {"difference_of": "a - b"}
    assert r.ci == (-4.6, 26.6) and r.n is None
    assert r.to_json()["inputs"] == {"compare": ["100/50/50", "110/65/75"], "confidence": 95}
    with pytest.raises(InputError) as info:
        compare_counts("nps", "1/2/3", "3/2/1", {"promoters": 5})
    assert info.value.message == "--compare takes both sides' counts itself, not --promoters"
    # all satisfied is allowed (satisfied = responses)
    assert compare_counts("csat", "100/100", "90/100", {}).comparison is not None


def test_csat_counts_on_a_three_point_scale() -> None:
    # on 1-3 the satisfied answers are 2 and 3: 2 of 4 satisfied is 50 %, 1 of 4 is 25 %
    c = compare_counts("csat", "2/4", "1/4", {"scale": 3}).comparison
    assert c is not None
    assert (c["a"]["value"], c["b"]["value"], c["difference"]) == (50.0, 25.0, 25.0)  # type: ignore[index]


def test_ces_compares_answers() -> None:
    # A: 5,5,4 mean 4.67; B: 3,2,4 mean 3; difference 1.67 (two decimals, CES places)
    c = compare_counts("ces", "5,5,4", "3,2,4", {"scale": 5}).comparison
    assert c is not None
    assert (c["a"]["value"], c["b"]["value"], c["difference"]) == (4.67, 3.0, 1.67)  # type: ignore[index]
    assert str(c["sentence"]).startswith("+1.67, ")


def test_compare_hints() -> None:
    cases = [
        (
            "nps",
            "1/2",
            "promoters/passives/detractors such as 100/50/50, or answers such as 10,9,6",
        ),
        ("csat", "abc", "satisfied/responses such as 80/100, or answers such as 5,4,2"),
        ("ces", "1/2", "answers such as 5,4,4,2"),
    ]
    for metric, side, hint in cases:
        with pytest.raises(InputError) as info:
            compare_counts(metric, side, "1,2", {"scale": 5} if metric != "nps" else {})
        assert info.value.hint == hint


def test_french_sentences() -> None:
    from cxglossary.metrics.compare import sentence

    base = {"difference": -2.5, "p_value": 0.0123, "significant": True, "confidence_pct": 99}
    assert sentence("csat", base, "fr") == "−2,5 points, significatif à 99 % (p = 0,012)"
    assert sentence("ces", {**base, "difference": 0.0, "p_value": None}, "en") == (
        "±0, no spread to test"
    )
    assert sentence("nps", {**base, "p_value": None}, "fr") == (
        "−2,5 points, aucune dispersion à tester"
    )


def test_edges_of_the_statistics() -> None:
    for outside in (0, 100, -5, 101):
        with pytest.raises(ValueError):
            z_value(outside)
    assert z_value(1) == pytest.approx(0.012533469508069276, abs=1e-15)
    assert shown_p(0.001) == "= 0.0010"
    # equal sides with no spread: nothing to test, and no difference
    c = compare_counts("nps", "10/0/0", "5/0/0", {}).comparison
    assert c is not None and (c["difference"], c["significant"]) == (0.0, False)
    assert nps_estimate(3, 1, 1).value == 40


def test_result_json_of_groups_and_undefined_values() -> None:
    from cxglossary.metrics.result import GroupResult, MetricResult

    group = GroupResult("A", 12.5, Fraction(25, 2), 8, {"x": 1}, ci=(1.0, 2.0))
    assert group.to_json() == {
        "key": "A", "period": None, "value": 12.5, "exact": 12.5, "exact_fraction": "25/2", "n": 8,
        "details": {"x": 1}, "ci": [1.0, 2.0],
    }  # fmt: skip
    undefined = MetricResult("erlang", None, None, "agents", None, {}, {}, reason="overload")
    assert undefined.to_json() == {
        "metric": "erlang", "value": None, "exact": None, "unit": "agents", "n": None,
        "inputs": {}, "details": {}, "reason": "overload",
    }  # fmt: skip
