"""`cx metric` through the real CLI: JSON contract, files, explanations, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Cx

METRIC_KEYS = {"metric", "value", "exact", "unit", "n", "inputs", "details"}


def test_nps_rounding_traps(cx: Cx) -> None:
    # The three traps of the metric issue: one rounding at the end, half away from zero.
    cases = [((65, 95, 40), 13, 12.5), ((29, 171, 0), 15, 14.5), ((168, 230, 102), 13, 13.2)]
    for (p, pa, d), value, exact in cases:
        data = cx.json(
            "metric", "nps", "--promoters", str(p), "--passives", str(pa), "--detractors", str(d)
        )
        assert set(data) >= METRIC_KEYS
        assert data["value"] == value
        assert data["exact"] == pytest.approx(exact)
        assert data["n"] == p + pa + d


def test_nps_human_reading(cx: Cx) -> None:
    out = cx(
        "metric",
        "nps",
        "--promoters",
        "50",
        "--passives",
        "20",
        "--detractors",
        "30",
        "--lang",
        "en",
    ).stdout
    assert "+20" in out and "50\u00a0% promoters" in out and "n = 100" in out
    assert "± 17.1" in out
    fr = cx("metric", "nps", "--scores", "10,9,8,3").stdout
    assert "promoteurs" in fr and "Formule" in fr


def test_global_options_work_with_metric(cx: Cx) -> None:
    before = cx("--json", "metric", "fcr", "--resolved-first", "70", "--total", "100").stdout
    after = cx("metric", "fcr", "--resolved-first", "70", "--total", "100", "--json").stdout
    assert json.loads(before) == json.loads(after)
    assert json.loads(after)["value"] == 70.0


def test_metric_list_and_explain(cx: Cx) -> None:
    listed = cx.json("metric")["metrics"]
    ids = [m["id"] for m in listed]
    assert {"nps", "csat", "ces", "aht", "fcr", "erlang", "service-level"} <= set(ids)
    assert all(m["unit"] for m in listed)
    explained = cx.json("metric", "nps", "--explain")
    assert explained["formula"] and explained["entry"] == "nps"
    assert {i["name"] for i in explained["inputs"]} >= {"promoters", "passives", "detractors"}
    human = cx("metric", "aht", "--explain", "--lang", "en").stdout
    assert "Formula" in human and "--talk" in human
    assert "--promoters" in cx("metric", "nps", "--help").stdout
    assert "cx metric nps" in cx("metric", "--help").stdout


def test_every_calculator_has_an_entry_and_back(cx: Cx) -> None:
    """One source of truth: formula text in the glossary, calculation in code."""
    from cxglossary.metrics.registry import METRICS

    entries = cx.json("list")["entries"]
    linked = {e["metric"]: e for e in entries if e["metric"]}
    assert set(linked) <= set(METRICS), "an entry names a calculator that does not exist"
    missing = set(METRICS) - set(linked)
    assert not missing, f"calculators without a glossary entry: {sorted(missing)}"
    for metric_id, entry in linked.items():
        assert entry["formula"], metric_id
        assert METRICS[metric_id].glossary_id == entry["id"], metric_id


def test_erlang_json_details(cx: Cx) -> None:
    data = cx.json(
        "metric",
        "erlang",
        "--calls",
        "100",
        "--interval",
        "30m",
        "--aht",
        "180s",
        "--service-level",
        "80/20",
        "--shrinkage",
        "30%",
    )
    details = data["details"]
    assert set(details) >= {
        "traffic_erlangs",
        "agents",
        "positions",
        "service_level",
        "asa_seconds",
        "occupancy",
        "probability_waiting",
    }
    assert data["value"] == details["agents"] == 14
    assert details["traffic_erlangs"] == 10.0
    assert details["positions"] == 20


def test_file_with_groups_and_total(cx: Cx, tmp_path: Path) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text("team,score\nA,10\nA,9\nB,3\nB,8\n", encoding="utf-8")
    data = cx.json("metric", "nps", "--file", str(survey), "--column", "score", "--by", "team")
    assert data["value"] == 25 and data["n"] == 4
    groups = [(g["key"], g["value"], g["n"]) for g in data["groups"]]
    assert groups == [("A", 100, 2), ("B", -50, 2)]
    human = cx("metric", "nps", "--file", str(survey), "--column", "score", "--by", "team").stdout
    assert "team" in human and "+100" in human


def test_file_from_stdin(cx: Cx) -> None:
    data = cx.json("metric", "csat", "--file", "-", "--column", "note", input="note\n5\n4\n1\n2\n")
    assert data["value"] == 50.0


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("metric", "nps", "--promoters", "-1", "--passives", "0", "--detractors", "0"), "-1"),
        (("metric", "fcr", "--resolved-first", "5", "--total", "3"), "total"),
        (("metric", "fcr", "--resolved-first", "0", "--total", "0"), "total"),
        (("metric", "nps", "--scores", "11,3"), "11"),
        (("metric", "nps", "--bogus", "3"), "--bogus"),
        (("metric", "npx"), "nps"),
        (
            (
                "metric",
                "erlang",
                "--calls",
                "10",
                "--interval",
                "30m",
                "--aht",
                "3m",
                "--service-level",
                "100/20",
            ),
            "100",
        ),
        (("metric", "nps", "--file", "/nonexistent/survey.csv"), "no such file"),
        (("metric", "churn", "--file", "x.csv"), "does not read files"),
    ],
)
def test_bad_metric_input_is_one_line_exit_2(cx: Cx, args: tuple[str, ...], needle: str) -> None:
    result = cx(*args, code=2)
    assert result.stdout == ""
    assert needle in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_row_names_its_line_unless_skipped(cx: Cx, tmp_path: Path) -> None:
    survey = tmp_path / "s.csv"
    survey.write_text("score\n10\nabc\n9\n", encoding="utf-8")
    err = cx("metric", "nps", "--file", str(survey), code=2).stderr
    assert "s.csv" in err and "line 3" in err
    data = cx.json("metric", "nps", "--file", str(survey), "--skip-invalid")
    assert data["skipped"] == 1 and data["n"] == 2
