"""The KPI calculators of `cx metric`: exact arithmetic, one rounding, clear errors."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxglossary.errors import InputError
from cxglossary.metrics import (
    METRICS,
    MetricResult,
    compute,
    compute_file,
    parse_args,
    round_half_away,
)
from cxglossary.metrics.parsing import (
    ServiceTarget,
    count_value,
    decimal_value,
    duration_value,
    percent_value,
    scores_value,
    target_value,
)
from cxglossary.metrics.registry import KINDS, InputSpec, _c, _d


def run(metric: str, *args: str) -> MetricResult:
    return compute(metric, parse_args(metric, list(args)))


def error(metric: str, *args: str) -> str:
    with pytest.raises(InputError) as info:
        run(metric, *args)
    message = str(info.value)
    assert "\n" not in message
    return message


# --- rounding --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "places", "expected"),
    [
        (Fraction(25, 2), 0, 13),
        (Fraction(-25, 2), 0, -13),
        (Fraction(29, 2), 0, 15),
        (Fraction(5, 2), 0, 3),  # round() would give 2 (half to even)
        (Fraction(-1, 2), 0, -1),
        (Fraction(1, 3), 0, 0),
        (Fraction(2, 3), 0, 1),
        (Fraction("0.05"), 1, Fraction("0.1")),
        (Fraction("2.675"), 2, Fraction("2.68")),  # round(2.675, 2) == 2.67 in floats
        (Fraction("-2.675"), 2, Fraction("-2.68")),
        (Fraction("0.125"), 2, Fraction("0.13")),
        (7, 1, 7),
    ],
)
def test_round_half_away(x: Fraction, places: int, expected: Fraction) -> None:
    assert round_half_away(x, places) == expected


def test_round_half_away_rejects_negative_places() -> None:
    with pytest.raises(ValueError):
        round_half_away(Fraction(1, 2), -1)


@given(st.integers(-(10**9), 10**9), st.integers(0, 6), st.integers(0, 4))
def test_round_half_away_matches_decimal_half_up(units: int, scale: int, places: int) -> None:
    # Decimal's ROUND_HALF_UP rounds halves away from zero; decimals are exact in both.
    x = Fraction(units, 10**scale)
    expected = Decimal(units).scaleb(-scale).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    assert round_half_away(x, places) == Fraction(expected)


# --- NPS worked examples -----------------------------------------------------------------------


def test_nps_exact_half_reports_away_from_zero() -> None:
    # Issue #4 rounding trap: 65 promoters, 95 passives, 40 detractors is exactly 12.5.
    r = run("nps", "--promoters", "65", "--passives", "95", "--detractors", "40")
    assert r.exact == Fraction(25, 2)
    assert r.value == 13
    assert isinstance(r.value, int)
    out = r.to_json()
    assert out["exact"] == 12.5
    assert out["exact_fraction"] == "25/2"


def test_nps_float_trap() -> None:
    # Issue #4: 29/171/0 is exactly 14.5 and reports 15; the float computation lands below.
    as_float = 29 / 200 * 100
    assert as_float == pytest.approx(14.5)
    assert as_float < 14.5
    assert round(29 / 200 * 100) == 14
    r = run("nps", "--promoters", "29", "--passives", "171", "--detractors", "0")
    assert r.exact == Fraction(29, 2)
    assert r.value == 15


def test_nps_rounding_parts_first_trap() -> None:
    # Issue #4: 168/230/102 -> 33.6 % - 20.4 % = 13.2 -> 13; rounding the parts gives 34 - 20.
    assert round(33.6) - round(20.4) == 14
    r = run("nps", "--promoters", "168", "--passives", "230", "--detractors", "102")
    assert r.exact == Fraction(66, 5)
    assert r.value == 13
    assert r.details["promoters_pct"] == 33.6
    assert r.details["detractors_pct"] == 20.4


def test_nps_reading_example_with_margin_of_error() -> None:
    # Issue #4 panel example: "NPS +20: 50 % promoters, 30 % detractors, n = 100, ± 17.1 at 95 %".
    # Margin of error, standard formula: 1.96 * sqrt((p + d - (p - d)^2) / n) in NPS points.
    r = run("nps", "--promoters", "50", "--passives", "20", "--detractors", "30")
    assert r.value == 20
    assert r.n == 100
    assert r.details["promoters_pct"] == 50.0
    assert r.details["detractors_pct"] == 30.0
    assert r.details["margin_of_error"] == 17.1
    assert r.details["confidence_pct"] == 95
    expected = 1.96 * math.sqrt((0.5 + 0.3 - 0.2**2) / 100) * 100
    assert expected == pytest.approx(17.087, abs=1e-3)


def test_nps_from_scores_reports_ultra_detractors_and_distribution() -> None:
    r = run("nps", "--scores", "10,9,8,3,0, 1")
    assert r.n == 6
    assert r.exact == Fraction(100 * (2 - 3), 6)
    assert r.value == -17
    assert r.details["ultra_detractors"] == 2
    assert r.details["ultra_detractors_pct"] == 33.3
    assert r.details["distribution"] == {
        "0": 1, "1": 1, "2": 0, "3": 1, "4": 0, "5": 0, "6": 0, "7": 0, "8": 1, "9": 1, "10": 1
    }  # fmt: skip


def test_nps_from_counts_has_no_ultra_detractor_figure() -> None:
    r = run("nps", "--promoters", "1", "--passives", "0", "--detractors", "0")
    assert r.value == 100
    assert r.details["ultra_detractors"] is None
    assert r.details["margin_of_error"] == 0.0


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--promoters", "0", "--passives", "0", "--detractors", "0"], "no responses"),
        (["--promoters", "-5", "--passives", "0", "--detractors", "0"], "--promoters"),
        (["--promoters", "5", "--passives", "0"], "--detractors"),
        (["--scores", "10,11"], "11 is outside the 0-10 scale"),
        (["--scores", "10,-1"], "-1 is outside the 0-10 scale"),
        (["--scores", "10,9.5"], "'9.5', which is not a whole number"),
        (["--scores", "10", "--promoters", "3"], "not both"),
        ([], "needs --promoters"),
    ],
)
def test_nps_errors(args: list[str], fragment: str) -> None:
    assert fragment in error("nps", *args)


counts = st.integers(0, 10_000)


@given(counts, counts, counts)
def test_nps_between_minus_100_and_100(promoters: int, passives: int, detractors: int) -> None:
    if promoters + passives + detractors == 0:
        return
    r = compute("nps", {"promoters": promoters, "passives": passives, "detractors": detractors})
    assert isinstance(r.value, int)
    assert -100 <= r.value <= 100
    assert r.exact is not None and -100 <= r.exact <= 100


@given(
    st.lists(st.integers(0, 10), min_size=1, max_size=300),
)
def test_nps_from_counts_equals_nps_from_expanded_scores(scores: list[int]) -> None:
    promoters = sum(1 for s in scores if s >= 9)
    passives = sum(1 for s in scores if 7 <= s <= 8)
    detractors = sum(1 for s in scores if s <= 6)
    by_counts = compute(
        "nps", {"promoters": promoters, "passives": passives, "detractors": detractors}
    )
    by_scores = compute("nps", {"scores": scores})
    assert by_counts.value == by_scores.value
    assert by_counts.exact == by_scores.exact
    assert by_counts.n == by_scores.n
    for key in ("promoters_pct", "detractors_pct", "margin_of_error"):
        assert by_counts.details[key] == by_scores.details[key]


# --- other survey metrics ----------------------------------------------------------------------


def test_tud_from_scores_and_counts() -> None:
    # Source seed 004: the ultra-detractor rate (TUD) counts answers 0 and 1 of the NPS question.
    r = run("tud", "--scores", "0,1,2,9,10,10,8,1")
    assert r.exact == Fraction(100 * 3, 8)
    assert r.value == 37.5
    assert r.unit == "%"
    assert run("tud", "--ultra-detractors", "3", "--responses", "8").exact == r.exact
    assert "above --responses" in error("tud", "--ultra-detractors", "9", "--responses", "8")


def test_csat_share_of_top_two_and_mean() -> None:
    r = run("csat", "--scores", "5,4,3,2,1,5")
    assert r.exact == Fraction(100 * 3, 6)
    assert r.value == 50.0
    assert r.details["mean"] == 3.33
    assert r.details["satisfied_values"] == [4, 5]
    assert r.inputs == {"scores": [5, 4, 3, 2, 1, 5], "scale": 5, "confidence": 95}


def test_csat_from_counts_and_other_scales() -> None:
    r = run("csat", "--satisfied", "170", "--responses", "200")
    assert r.value == 85.0
    assert r.details["mean"] is None
    r = run("csat", "--scores", "10,9,8,1", "--scale", "10")
    assert r.value == 50.0
    assert r.details["satisfied_values"] == [9, 10]
    assert "outside the 1-5 scale" in error("csat", "--scores", "6,5")
    assert "outside the 1-5 scale" in error("csat", "--scores", "0,5")
    assert "between 3 and 10" in error("csat", "--scores", "1", "--scale", "11")
    assert "above --responses" in error("csat", "--satisfied", "3", "--responses", "2")
    assert "--responses is 0" in error("csat", "--satisfied", "0", "--responses", "0")


def test_ces_mean_agreement_and_direction() -> None:
    r = run("ces", "--scores", "7,6,5,4,1", "--scale", "7")
    assert r.exact == Fraction(23, 5)
    assert r.value == 4.6
    assert r.unit == "points"
    assert r.details["direction"] == "higher = easier"
    assert r.details["agree"] == 2
    assert r.details["agree_pct"] == 40.0
    assert r.details["agree_values"] == [6, 7]
    r = run("ces", "--scores", "5,4,4", "--scale", "5")
    assert r.value == 4.33
    assert r.details["agree_pct"] == 100.0
    assert "needs --scale" in error("ces", "--scores", "5,4")
    assert "5 or 7" in error("ces", "--scores", "5,4", "--scale", "6")
    assert "outside the 1-5 scale" in error("ces", "--scores", "6", "--scale", "5")


# --- handle times and rates ----------------------------------------------------------------------


def test_aht_sums_the_parts_then_divides() -> None:
    r = run("aht", "--talk", "4m30s", "--hold", "1:00", "--wrap", "30", "--contacts", "3")
    assert r.exact == 120
    assert r.value == 120.0
    assert r.details["talk_avg_seconds"] == 90.0
    r = run("aht", "--talk", "1h", "--contacts", "7")
    assert r.exact == Fraction(3600, 7)
    assert r.value == 514.3
    assert "--contacts is 0" in error("aht", "--talk", "1h", "--contacts", "0")
    assert "needs --talk" in error("aht", "--contacts", "3")


@pytest.mark.parametrize(
    ("metric", "args", "exact", "value"),
    [
        ("fcr", ["--resolved-first", "2", "--total", "3"], Fraction(200, 3), 66.7),
        ("fcr", ["--resolved-first", "1", "--total", "3"], Fraction(100, 3), 33.3),
        ("churn", ["--start", "2000", "--lost", "1"], Fraction(1, 20), 0.1),  # 0.05 -> 0.1
        # Source seed 004 (QoS): 100 calls, 90 handled -> 90.
        ("qos", ["--handled", "90", "--received", "100"], Fraction(90), 90.0),
        ("abandonment", ["--abandoned", "7", "--offered", "160"], Fraction(35, 8), 4.4),
        ("service-level", ["--answered-within", "160", "--offered", "200"], Fraction(80), 80.0),
        ("resolution-rate", ["--resolved", "45", "--total", "50"], Fraction(90), 90.0),
        ("self-service", ["--self-served", "1", "--total", "8"], Fraction(25, 2), 12.5),
        # Source seed 004 (taux de transformation): 100 visitors, 5 buy -> 5 %.
        ("conversion", ["--conversions", "5", "--visitors", "100"], Fraction(5), 5.0),
        ("conversion", ["--conversions", "30", "--leads", "120"], Fraction(25), 25.0),
        ("contact-rate", ["--contacts", "1500", "--customers", "1000"], Fraction(150), 150.0),
        ("contact-rate", ["--contacts", "30", "--orders", "1000"], Fraction(3), 3.0),
        ("occupancy", ["--handle-time", "6h", "--available-time", "7h30m"], Fraction(80), 80.0),
        ("asa", ["--total-wait", "1h", "--answered", "240"], Fraction(15), 15.0),
        ("retention", ["--start", "200", "--end", "210", "--new", "30"], Fraction(90), 90.0),
        ("backlog", ["--open-start", "120", "--new", "300", "--resolved", "280"], 140, 140),
        ("arpu", ["--revenue", "€10000", "--users", "3"], Fraction(10000, 3), 3333.33),
        ("clv", ["--arpu", "25.5", "--lifetime", "24"], Fraction(612), 612.0),
        ("clv", ["--margin", "20", "--churn", "3%"], Fraction(2000, 3), 666.67),
    ],
)
def test_rates_and_values(metric: str, args: list[str], exact: Fraction, value: float) -> None:
    r = run(metric, *args)
    assert r.exact == exact
    assert r.value == value
    assert r.unit == METRICS[metric].unit
    json.dumps(r.to_json())


@pytest.mark.parametrize(
    ("metric", "args", "fragment"),
    [
        (
            "fcr",
            ["--resolved-first", "4", "--total", "3"],
            "--resolved-first (4) is above --total (3)",
        ),
        ("fcr", ["--resolved-first", "0", "--total", "0"], "--total is 0"),
        ("fcr", ["--resolved-first", "-1", "--total", "3"], "negative"),
        ("fcr", ["--resolved-first", "1.5", "--total", "3"], "not a whole number"),
        ("fcr", ["--total", "3"], "needs --resolved-first"),
        ("churn", ["--start", "10", "--lost", "11"], "above --start"),
        ("qos", ["--handled", "1", "--received", "0"], "--received is 0"),
        ("abandonment", ["--abandoned", "0", "--offered", "0"], "--offered is 0"),
        ("service-level", ["--answered-within", "5", "--offered", "4"], "above --offered"),
        ("asa", ["--total-wait", "10m", "--answered", "0"], "--answered is 0"),
        ("occupancy", ["--handle-time", "8h", "--available-time", "7h"], "above"),
        ("occupancy", ["--handle-time", "0", "--available-time", "0"], "--available-time is 0"),
        ("contact-rate", ["--contacts", "3"], "--customers or --orders"),
        ("contact-rate", ["--contacts", "3", "--customers", "9", "--orders", "9"], "not both"),
        ("conversion", ["--conversions", "6", "--visitors", "5"], "above --visitors"),
        ("retention", ["--start", "100", "--end", "90", "--new", "95"], "--new (95) is above"),
        ("retention", ["--start", "100", "--end", "150", "--new", "10"], "more customers kept"),
        ("retention", ["--start", "0", "--end", "5", "--new", "5"], "--start is 0"),
        ("backlog", ["--open-start", "1", "--new", "1", "--resolved", "3"], "--resolved (3)"),
        ("arpu", ["--revenue", "100", "--users", "0"], "--users is 0"),
        ("arpu", ["--revenue", "1,5", "--users", "2"], "write decimals with a dot"),
        ("clv", ["--arpu", "10"], "needs --lifetime"),
        ("clv", ["--arpu", "10", "--churn", "5"], "not a mix"),
        ("clv", ["--margin", "10", "--churn", "0"], "--churn is 0"),
        ("clv", [], "needs --arpu and --lifetime, or --margin and --churn"),
        ("clv", ["--margin", "10", "--churn", "120%"], "above 100 %"),
    ],
)
def test_bad_inputs_are_one_line_errors(metric: str, args: list[str], fragment: str) -> None:
    assert fragment in error(metric, *args)


# --- parsing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90", 90),
        ("90s", 90),
        ("4m30s", 270),
        ("4m 30s", 270),
        ("1h", 3600),
        ("1h30m", 5400),
        ("1H30M", 5400),
        ("2.5s", Fraction(5, 2)),
        ("1.5h", 5400),
        ("45min", 2700),
        ("4:30", 270),
        ("1:02:03", 3723),
        ("0", 0),
    ],
)
def test_durations(text: str, seconds: Fraction) -> None:
    assert duration_value(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "-5", "4m30", "1h-3m", "4:75", "s", "1e3"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError):
        duration_value(text)


def test_percentages_and_counts() -> None:
    assert percent_value("30%") == 30
    assert percent_value("30") == 30
    assert percent_value("0.3") == Fraction(3, 10)  # 0.3 means 0.3 %, as typed
    assert percent_value("12.5 %") == Fraction(25, 2)
    for bad in ("101", "-1", "abc", "30%%"):
        with pytest.raises(ValueError):
            percent_value(bad)
    assert count_value("1200") == 1200
    assert count_value("+3") == 3
    for bad in ("-1", "1.5", "1 000", "1_000", "", "x", "9" * 100):
        with pytest.raises(ValueError):
            count_value(bad)


def test_scores_and_targets() -> None:
    assert scores_value("10,9 8;3") == (10, 9, 8, 3)
    assert scores_value("9.0") == (9,)
    with pytest.raises(ValueError):
        scores_value(" , ")
    assert target_value("80/20") == ServiceTarget(Fraction(80), Fraction(20))
    assert target_value("90% / 1m") == ServiceTarget(Fraction(90), Fraction(60))
    with pytest.raises(ValueError, match="100 %"):
        target_value("100/20")
    for bad in ("80", "0/20", "80/20/5", "80/abc"):
        with pytest.raises(ValueError):
            target_value(bad)


def test_parse_args_forms_and_defaults() -> None:
    args = parse_args("nps", ["--promoters", "50", "--passives=30", "--detractors", "20"])
    assert args == {"promoters": 50, "passives": 30, "detractors": 20, "confidence": 95}
    assert parse_args("csat", ["--scores", "5,4"]) == {
        "scores": (5, 4),
        "scale": 5,
        "confidence": 95,
    }
    erlang = parse_args("erlang", ["--calls", "10", "--interval", "30m", "--aht", "3m"])
    assert erlang["service-level"] == ServiceTarget(Fraction(80), Fraction(20))
    assert erlang["interval"] == 1800


@pytest.mark.parametrize(
    ("metric", "args", "fragment"),
    [
        ("nope", [], "unknown metric 'nope'"),
        ("nsp", [], "did you mean 'nps'"),
        ("nps", ["--promoter", "3"], "did you mean --promoters"),
        ("nps", ["--colour", "3"], "unknown option --colour"),
        ("nps", ["--promoters"], "--promoters needs a value"),
        ("nps", ["--promoters", "--passives", "3"], "--promoters needs a value"),
        ("nps", ["--promoters", "1", "--promoters", "2"], "given twice"),
        ("nps", ["50"], "unexpected argument '50'"),
        ("nps", ["--promoters", "abc"], "--promoters: 'abc' is not a whole number"),
        ("aht", ["--talk", "4 minutes"], "--talk: '4 minutes' is not a duration"),
        ("erlang", ["--service-level", "100/20"], "--service-level: '100/20' asks for 100 %"),
    ],
)
def test_parse_args_errors(metric: str, args: list[str], fragment: str) -> None:
    with pytest.raises(InputError) as info:
        parse_args(metric, args)
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


def test_compute_accepts_typed_strings_and_python_numbers() -> None:
    assert compute("aht", {"talk": "4m30s", "contacts": "3"}).exact == 90
    assert compute("clv", {"arpu": 0.1, "lifetime": 3}).exact == Fraction(3, 10)
    assert compute("arpu", {"revenue": Fraction(7, 2), "users": 1}).value == 3.5
    with pytest.raises(InputError, match="--users"):
        compute("arpu", {"revenue": 10, "users": True})
    with pytest.raises(InputError, match="unknown option --colour"):
        compute("nps", {"colour": 3})
    with pytest.raises(InputError, match="not a number"):
        compute("clv", {"arpu": float("nan"), "lifetime": 3})


def test_values_given_from_python_are_refused_with_the_value_written_out() -> None:
    def refused(metric: str, inputs: dict[str, object]) -> str:
        with pytest.raises(InputError) as info:
            compute(metric, inputs)
        return str(info.value)

    # A fraction in a list of scores is written as a decimal, a whole one as an integer.
    assert refused("nps", {"scores": [9, 2.5]}) == (
        "--scores: [9, 2.5] holds 2.5, which is not a whole number"
    )
    assert refused("nps", {"scores": [9, Fraction(7, 2)]}) == (
        "--scores: [9, Fraction(7, 2)] holds 3.5, which is not a whole number"
    )
    assert compute("nps", {"scores": [9, Fraction(7, 1)]}).exact == 50  # (1 - 0) / 2
    # No option close to the one given: the hint lists them all, in order.
    assert refused("nps", {"colour": 3}) == (
        "unknown option --colour for metric nps "
        "(hint: options: --promoters, --passives, --detractors, --scores, --confidence)"
    )


def test_the_count_and_duration_option_makers() -> None:
    # The registry is built with these at import time (before any test can run a mutant of
    # them), so they are checked here as functions: kind, and what is required or defaulted.
    assert _c("calls", "Calls") == InputSpec("calls", "count", "Calls", False, None)
    assert _c("scale", "Scale", required=True, default="5") == InputSpec(
        "scale", "count", "Scale", True, "5"
    )
    assert _d("aht", "AHT") == InputSpec("aht", "duration", "AHT", False, None)
    assert _d("interval", "Interval", required=True, default="30m") == InputSpec(
        "interval", "duration", "Interval", True, "30m"
    )
    assert METRICS["erlang"].input("interval") == _d(
        "interval", "Length of the interval (30m, 1h)", required=True
    )
    assert METRICS["erlang"].input("nope") is None


# --- result objects and the registry --------------------------------------------------------------


SAMPLES: dict[str, list[str]] = {
    "nps": ["--scores", "10,9,7,3"],
    "tud": ["--scores", "0,9"],
    "csat": ["--scores", "5,4,2"],
    "ces": ["--scores", "7,5", "--scale", "7"],
    "aht": ["--talk", "10m", "--contacts", "2"],
    "fcr": ["--resolved-first", "1", "--total", "2"],
    "churn": ["--start", "10", "--lost", "1"],
    "retention": ["--start", "10", "--end", "10", "--new", "1"],
    "qos": ["--handled", "9", "--received", "10"],
    "abandonment": ["--abandoned", "1", "--offered", "10"],
    "service-level": ["--answered-within", "8", "--offered", "10", "--threshold", "20s"],
    "asa": ["--total-wait", "100", "--answered", "10"],
    "occupancy": ["--handle-time", "1h", "--available-time", "2h"],
    "contact-rate": ["--contacts", "1", "--customers", "10"],
    "conversion": ["--conversions", "1", "--visitors", "10"],
    "resolution-rate": ["--resolved", "1", "--total", "10"],
    "self-service": ["--self-served", "1", "--total", "10"],
    "backlog": ["--open-start", "1", "--new", "2", "--resolved", "1"],
    "arpu": ["--revenue", "100", "--users", "3"],
    "clv": ["--arpu", "10", "--lifetime", "12"],
    "erlang": ["--calls", "100", "--interval", "30m", "--aht", "180s"],
    "erlang-b": ["--traffic", "10", "--blocking", "2%"],
}


def test_every_metric_has_a_sample_and_a_json_result() -> None:
    assert list(SAMPLES) == [m for m in SAMPLES if m in METRICS]
    assert set(SAMPLES) == set(METRICS)
    for metric, args in SAMPLES.items():
        out = run(metric, *args).to_json()
        assert list(out)[:3] == ["metric", "value", "exact"]
        assert {"metric", "value", "exact", "unit", "n", "inputs", "details"} <= set(out)
        assert set(out) <= {
            "metric", "value", "exact", "exact_fraction", "unit", "n", "inputs", "details",
            "reason", "ci",
        }  # fmt: skip
        assert out["metric"] == metric
        json.loads(json.dumps(out, ensure_ascii=False))


def test_registry_is_consistent() -> None:
    for metric_id, spec in METRICS.items():
        assert spec.id == metric_id
        assert spec.reading and spec.name and spec.glossary_id
        names = [i.name for i in spec.inputs]
        assert len(names) == len(set(names))
        for ispec in spec.inputs:
            assert ispec.kind in KINDS
            assert not ispec.name.startswith("-") and ispec.name == ispec.name.lower()
            assert "\n" not in ispec.help
            if ispec.default is not None:
                parse_args(metric_id, [f"--{ispec.name}", ispec.default])
    file_metrics = {m for m, spec in METRICS.items() if spec.accepts_file}
    assert file_metrics == {"nps", "tud", "csat", "ces", "aht"}


def test_metrics_without_files_refuse_them() -> None:
    import io

    with pytest.raises(InputError, match="does not read files"):
        compute_file(
            "fcr", io.StringIO("x\n1\n"), source="f.csv", column=None, by=None,
            skip_invalid=False, inputs={},
        )  # fmt: skip


def test_importing_the_package_is_cheap() -> None:
    code = (
        "import sys, cxglossary.metrics as m; m.METRICS['nps'];"
        "print(sorted(x for x in ('fractions', 'csv', 'json', 'decimal') if x in sys.modules))"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    out = done.stdout
    assert out.strip() == "[]"


def test_a_typed_value_refused_is_named_by_its_option() -> None:
    with pytest.raises(InputError) as info:
        compute("nps", {"promoters": "abc", "passives": "1", "detractors": "1"})
    assert str(info.value) == "--promoters: 'abc' is not a whole number"


def test_target_and_number_boundaries() -> None:
    # Any target strictly between 0 and 100 %, any threshold from 0 s (answered at once).
    assert target_value("0.5/20") == ServiceTarget(Fraction(1, 2), Fraction(20))
    assert target_value("80/0") == ServiceTarget(Fraction(80), Fraction(0))
    assert target_value("80/0.5") == ServiceTarget(Fraction(80), Fraction(1, 2))
    # Numbers up to 60 characters are read; longer ones are typos.
    assert decimal_value("1" * 60) == int("1" * 60)
    with pytest.raises(ValueError, match="too long"):
        decimal_value("1" * 61)


def test_targets_and_variants_given_from_python() -> None:
    base = {"calls": 100, "interval": 1800, "aht": 180}
    # A (percent, seconds) pair is the target typed as 80/20: the same staffing.
    assert compute("erlang", {**base, "service-level": (80, 20)}).exact == (
        compute("erlang", {**base, "service-level": "80/20"}).exact
    )
    # Erlang A with abandons counted for (the variant as a value or typed): the same result.
    from cxglossary.metrics.abandons import Abandons

    erlang_a = {**base, "patience": 300}
    assert compute("erlang", {**erlang_a, "abandons": Abandons.FOR}).exact == (
        compute("erlang", {**erlang_a, "abandons": "for"}).exact
    )
    for bad in [(80,), (80, 20, 5), [80, "x"]]:
        with pytest.raises(InputError, match="--service-level"):
            compute("erlang", {**base, "service-level": bad})
