"""`cx metric erlang --file forecast.csv|.xlsx`: a staffing plan for every interval."""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from conftest import Cx
from workbook import write_xlsx

from cxglossary.errors import InputError
from cxglossary.metrics import compute, parse_args
from cxglossary.metrics.parsing import ServiceTarget

# A morning of half hours; the 09:00 row is the published check of issue 11 (100 calls,
# AHT 3 min, 80/20: 13 agents under Erlang A with a 5-minute patience, 14 under Erlang C).
DAY = [
    ("08:00", 40, "3:00"),
    ("08:30", 75, "3:00"),
    ("09:00", 100, "3:00"),
    ("09:30", 130, "3:30"),
    ("10:00", 0, "3:00"),
    ("10:30", 90, "2:40"),
]


def forecast_csv(path: Path, rows: list[tuple[str, Any, Any]] = DAY, header: str = "") -> Path:
    lines = [header or "Heure;Appels;DMT"] + [";".join(str(v) for v in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def plan(cx: Cx, path: Path, *args: str, code: int = 0) -> Any:
    return cx.json("metric", "erlang", "--file", str(path), *args, code=code)


def test_each_interval_is_staffed_as_on_its_own(cx: Cx, tmp_path: Path) -> None:
    out = plan(cx, forecast_csv(tmp_path / "day.csv"), "--patience", "5m")
    assert out["details"]["model"] == "erlang-a"
    assert out["details"]["abandons"] == "against"
    rows = out["groups"]
    assert [row["key"] for row in rows] == [row[0] for row in DAY]
    assert [row["period"] for row in rows] == [f"{row[0]}:00" for row in DAY]  # ISO 8601
    nine = rows[2]
    assert nine["value"] == 13 and nine["details"]["service_level"] == 85.8
    assert nine["details"]["probability_abandon"] == 2.5
    for row, (_, calls, aht) in zip(rows, DAY, strict=True):
        if calls == 0:
            assert row["value"] is None and row["details"]["agents"] == 0
            assert row["details"]["service_level"] is None
            continue
        single = compute(
            "erlang",
            parse_args(
                "erlang",
                ["--calls", str(calls), "--interval", "30m", "--aht", aht, "--patience", "5m"],
            ),
        )
        assert row["value"] == single.value
        assert row["details"]["service_level"] == single.details["service_level"]
        assert row["n"] == calls
    plain = plan(cx, forecast_csv(tmp_path / "day.csv"))
    assert plain["details"]["model"] == "erlang-c"
    assert plain["groups"][2]["value"] == 14


def test_totals_are_the_sums_of_the_rows(cx: Cx, tmp_path: Path) -> None:
    out = plan(
        cx, forecast_csv(tmp_path / "day.csv"), "--patience", "5m", "--shrinkage", "30%"
    )  # fmt: skip
    rows, totals = out["groups"], out["details"]
    agents = [row["details"]["agents"] for row in rows]
    positions = [row["details"]["positions"] for row in rows]
    assert totals["intervals"] == len(DAY) and totals["interval_seconds"] == 1800
    assert totals["calls"] == sum(row[1] for row in DAY) == out["n"]
    assert out["value"] == totals["peak_agents"] == max(agents)
    assert totals["peak_positions"] == max(positions)
    assert totals["peak_period"] == rows[agents.index(max(agents))]["key"]
    assert Fraction(str(totals["agent_hours"])) == Fraction(sum(agents), 2)  # half hours
    assert Fraction(str(totals["position_hours"])) == Fraction(sum(positions), 2)
    fractional = sum(row["details"]["fractional_agents"] for row in rows) / 2
    assert totals["fractional_agent_hours"] == pytest.approx(fractional, abs=0.01 * len(rows))
    assert totals["fractional_agent_hours"] <= totals["agent_hours"]
    for row in rows:
        d = row["details"]
        assert d["agents"] - 1 <= d["fractional_agents"] <= d["agents"]
        # 30 % shrinkage: positions = ceil(agents / 0.7), exactly
        assert d["positions"] == -(-d["agents"] * 10 // 7)


def test_csv_and_xlsx_of_the_same_forecast_give_the_same_json(cx: Cx, tmp_path: Path) -> None:
    csv_path = forecast_csv(tmp_path / "week.csv", header="Début;Appels;DMT;Patience")
    rows: list[list[object]] = [["Début", "Appels", "DMT", "Patience"]]
    for clock, calls, aht in DAY:
        hours, minutes = (int(part) for part in clock.split(":"))
        handle = dt.timedelta(minutes=int(aht.split(":")[0]), seconds=int(aht.split(":")[1]))
        rows.append([dt.time(hours, minutes), calls, handle, dt.timedelta(minutes=5)])
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    csv_path.write_text(
        "\n".join([lines[0]] + [f"{line};5:00" for line in lines[1:]]) + "\n", encoding="utf-8"
    )
    xlsx_path = write_xlsx(tmp_path / "week.xlsx", {"Lundi": rows})
    from_csv = plan(cx, csv_path)
    from_xlsx = plan(cx, xlsx_path)
    for out in (from_csv, from_xlsx):
        out["inputs"].pop("file")
    assert from_csv == from_xlsx
    assert from_csv["details"]["model"] == "erlang-a"


def test_a_week_has_the_totals_of_each_day(cx: Cx, tmp_path: Path) -> None:
    rows = [
        (f"2026-03-0{day} {clock}", calls + day, aht) for day in (2, 3) for clock, calls, aht in DAY
    ]
    out = plan(cx, forecast_csv(tmp_path / "week.csv", rows, "time,calls,aht".replace(",", ";")))
    days = out["details"]["days"]
    assert out["groups"][0]["period"] == "2026-03-02T08:00:00"
    assert [day["day"] for day in days] == ["2026-03-02", "2026-03-03"]
    assert sum(day["calls"] for day in days) == out["details"]["calls"]
    assert sum(Fraction(str(d["agent_hours"])) for d in days) == Fraction(
        str(out["details"]["agent_hours"])
    )
    human = cx("metric", "erlang", "--file", str(tmp_path / "week.csv"), "--lang", "en").stdout
    assert "Peak positions per day" in human and "2026-03-03" in human


def test_max_agents_reports_the_intervals_short_of_the_target(cx: Cx, tmp_path: Path) -> None:
    out = plan(cx, forecast_csv(tmp_path / "day.csv"), "--max-agents", "15")
    unmet = out["details"]["unmet_intervals"]
    assert unmet == ["09:30"]  # 130 calls of 3:30 in 30 min = 15.2 erlangs: above 15 agents
    short = {row["key"]: row for row in out["groups"]}
    assert short["09:30"]["details"]["target_met"] is False
    assert short["09:30"]["details"]["agents"] == 15
    assert short["09:30"]["details"]["service_level"] is None  # Erlang C: no steady state
    patient = plan(cx, forecast_csv(tmp_path / "day.csv"), "--max-agents", "15", "--patience", "5m")
    row = {r["key"]: r for r in patient["groups"]}["09:30"]
    assert row["details"]["agents"] == 15 and row["details"]["service_level"] is not None


def test_the_terminal_shows_the_table_totals_and_chart(cx: Cx, tmp_path: Path) -> None:
    path = forecast_csv(tmp_path / "day.csv")
    human = cx("metric", "erlang", "--file", str(path), "--patience", "5m", "--lang", "en").stdout
    assert "Erlang A" in human and "09:30" in human
    assert "agent-hours" in human and "Positions to schedule" in human
    assert "█" in human


@pytest.mark.parametrize(
    ("rows", "args", "fragment"),
    [
        (DAY, ["--patience", "0"], "--patience is 0"),
        (DAY, ["--patience", "-5m"], "--patience: '-5m' is negative"),
        ([("08:00", "", "3:00")], [], "day.csv line 2, column 'Appels': empty"),
        ([("08:00", "douze", "3:00")], [], "day.csv line 2, column 'Appels': 'douze'"),
        ([("08:00", "12.5", "3:00")], [], "is not a whole number"),
        (DAY, ["--interval", "7m"], "--interval of 7 min does not divide the day"),
        (DAY, ["--service-level", "100/20"], "100 %"),
        (
            [("08:00", 10, "3:00"), ("08:30", 10, "3:00"), ("08:45", 10, "3:00")],
            [],
            "day.csv line 4, column 'Heure': 08:45 after 08:30, a step of 15 min where "
            "intervals last 30 min: a forecast with mixed interval lengths",
        ),
        (
            [("2026-03-29 01:30", 10, "3:00"), ("2026-03-29 03:00", 10, "3:00")],
            ["--interval", "30m"],
            "a daylight-saving change",
        ),
        (
            [("2026-10-25T02:30+02:00", 10, "3:00"), ("2026-10-25T02:00+01:00", 10, "3:00")],
            [],
            "the UTC offset changes from +02:00 to +01:00",
        ),
        ([("08:00", 10, "3:00"), ("07:30", 10, "3:00")], ["--interval", "30m"], "time order"),
        ([("8h", 10, "3:00")], [], "'8h' is not a time"),
        ([("08:00", 10, "0")], ["--interval", "30m"], "an AHT of 0 for 10 calls"),
        ([("08:00", 10, "3:00")], [], "the interval length cannot be read"),
        (DAY, ["--calls", "10"], "--calls goes with one interval"),
        (DAY, ["--column", "Appels"], "do not go with a forecast"),
        (DAY, ["--abandons", "for"], "goes with --patience"),
    ],
)
def test_bad_forecasts(
    cx: Cx, tmp_path: Path, rows: list[tuple[str, Any, Any]], args: list[str], fragment: str
) -> None:
    path = forecast_csv(tmp_path / "day.csv", rows)
    result = cx("metric", "erlang", "--file", str(path), *args, code=2)
    assert fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_workbook_cells_are_named_by_sheet_and_cell(cx: Cx, tmp_path: Path) -> None:
    rows: list[list[object]] = [["Heure", "Appels", "DMT"], [dt.time(8, 0), "beaucoup", 180]]
    path = write_xlsx(tmp_path / "forecast.xlsx", {"Lundi": rows})
    result = cx("metric", "erlang", "--file", str(path), code=2)
    assert "forecast.xlsx sheet 'Lundi' cell B2, column 'Appels'" in result.stderr


def test_columns_can_be_mapped(cx: Cx, tmp_path: Path) -> None:
    path = forecast_csv(tmp_path / "day.csv", header="Quand;Volume prévu;Durée")
    out = plan(
        cx, path, "--map", "time=Quand", "--map", "calls=Volume prévu", "--map", "aht=Durée"
    )  # fmt: skip
    assert out["groups"][2]["value"] == 14
    missing = cx("metric", "erlang", "--file", str(path), code=2)
    assert "needs a 'time' column" in missing.stderr


def test_patience_from_a_contact_log(cx: Cx, tmp_path: Path) -> None:
    # Waits 30 s and 10 s answered, 90 s and 200 s abandoned: mean patience = total wait of
    # every caller / abandoned calls = 330 / 2 = 165 s (the log calculators' estimator).
    log = tmp_path / "appels.csv"
    log.write_text(
        "time,wait,outcome\n2026-03-02 08:00:05,30,answered\n2026-03-02 08:01:00,90,abandoned\n"
        "2026-03-02 08:02:00,10,answered\n2026-03-02 08:03:00,200,abandoned\n",
        encoding="utf-8",
    )
    assert (
        cx.json("metric", "abandonment", "--file", str(log))["details"]["mean_patience_seconds"]
        == 165.0
    )
    base = ["metric", "erlang", "--calls", "100", "--interval", "30m", "--aht", "3m"]
    measured = cx.json(*base, "--patience-from", str(log))
    typed = cx.json(*base, "--patience", "165s")
    assert measured["inputs"]["patience"] == 165
    assert measured["value"] == typed["value"] and measured["details"] == typed["details"]
    both = cx(*base, "--patience", "5m", "--patience-from", str(log), code=2)
    assert "not both" in both.stderr
    other = cx("metric", "nps", "--scores", "9", "--patience-from", str(log), code=2)
    assert "--patience-from goes with cx metric erlang" in other.stderr
    patient = tmp_path / "patient.csv"
    patient.write_text("time,wait,outcome\n2026-03-02 08:00:05,30,answered\n", encoding="utf-8")
    none = cx(*base, "--patience-from", str(patient), code=2)
    assert "no abandoned call" in none.stderr


# --- the forecast's checks, called directly (fast enough for mutation testing) ---------------


def staff_forecast(path: Path, *args: str) -> Any:
    from cxglossary.metrics.forecast import forecast_plan

    return forecast_plan(str(path), parse_args("erlang", list(args)), mapping={})


@pytest.mark.parametrize(
    ("first", "second", "daylight"),
    [
        # Clocks change between 01:00 and 04:00, both ends included: a step of 30 min +- 1 h
        # whose two ends lie in that window is a daylight-saving change...
        ("01:00", "02:30", True),
        ("02:30", "04:00", True),
        ("03:00", "02:30", True),  # back by 30 min: the autumn change repeats an hour
        # ...and one with either end outside it is a forecast with mixed lengths.
        ("00:30", "02:00", False),
        ("03:00", "04:30", False),
        ("02:30:01", "04:00:01", False),
        ("10:00", "11:30", False),
    ],
)
def test_a_step_of_an_hour_more_is_a_clock_change_only_at_night(
    tmp_path: Path, first: str, second: str, daylight: bool
) -> None:
    rows = [(f"2026-03-29 {first}", 10, "3:00"), (f"2026-03-29 {second}", 10, "3:00")]
    path = forecast_csv(tmp_path / "day.csv", rows)
    with pytest.raises(InputError) as error:
        staff_forecast(path, "--interval", "30m")
    message = str(error.value)
    assert "day.csv line 3, column 'Heure': " in message
    assert ("a daylight-saving change?" in message) == daylight
    if not daylight and second > first:
        assert "a forecast with mixed interval lengths" in message


def test_steps_are_shown_in_minutes(tmp_path: Path) -> None:
    # A step of 90 s where the first step set 30 min: the message says 1.5 min, not 90 s.
    rows = [("08:00", 10, "3:00"), ("08:30", 10, "3:00"), ("08:31:30", 10, "3:00")]
    with pytest.raises(InputError, match=r"a step of 1\.5 min where intervals last 30 min"):
        staff_forecast(forecast_csv(tmp_path / "day.csv", rows))


def erlang_c_level(agents: int, traffic: Fraction, threshold: int, aht: int) -> float:
    """Service level of N agents from the factorial Erlang C formula (test_erlang's reference)."""
    from test_erlang import exact_erlang_c

    wait = float(exact_erlang_c(agents, traffic))
    return 1 - wait * math.exp(-(agents - float(traffic)) * threshold / aht)


def test_a_plan_in_full(tmp_path: Path) -> None:
    # Two days of half hours, 3 min AHT, 80/20, 30 % shrinkage. 100 calls = 10 erlangs: 14
    # agents (88.8 %; 13 reach 79.6 %), 20 positions (14 / 0.7). 50 calls = 5 erlangs: 8
    # agents, 12 positions (8 / 0.7 = 11.4). The fractional need interpolates the service
    # level between N - 1 and N: 13 + (0.8 - SL(13)) / (SL(14) - SL(13)) = 13.05.
    path = tmp_path / "week.csv"
    path.write_text(
        "time;calls;aht\n2026-03-02 08:00;100;180\n2026-03-02 08:30;0;180\n"
        "2026-03-02 09:00;100;180\n2026-03-03 08:00;50;180\n",
        encoding="utf-8",
    )
    ten, five = Fraction(10), Fraction(5)
    sl13, sl14 = erlang_c_level(13, ten, 20, 180), erlang_c_level(14, ten, 20, 180)
    need_10 = 13 + (0.8 - sl13) / (sl14 - sl13)
    sl7, sl8 = erlang_c_level(7, five, 20, 180), erlang_c_level(8, five, 20, 180)
    need_5 = 7 + (0.8 - sl7) / (sl8 - sl7)
    assert sl13 < 0.8 <= sl14 and sl7 < 0.8 <= sl8
    assert round(need_10, 2) == 13.05 and round(need_5, 2) == 7.43
    out = staff_forecast(path, "--shrinkage", "30%").to_json()
    assert (out["value"], out["exact"], out["n"], out["unit"]) == (14, 14, 250, "agents")
    day_one = {
        "day": "2026-03-02", "calls": 200, "peak_agents": 14, "peak_positions": 20,
        "peak_period": "2026-03-02 08:00",  # the first of two equal peaks
        "agent_hours": 14.0, "position_hours": 20.0,
        "fractional_agent_hours": round(need_10, 2), "unmet_intervals": 0,
    }  # fmt: skip
    day_two = {
        "day": "2026-03-03", "calls": 50, "peak_agents": 8, "peak_positions": 12,
        "peak_period": "2026-03-03 08:00", "agent_hours": 4.0, "position_hours": 6.0,
        "fractional_agent_hours": round(need_5 / 2, 2), "unmet_intervals": 0,
    }  # fmt: skip
    assert out["details"] == {
        "model": "erlang-c", "intervals": 4, "interval_seconds": 1800, "calls": 250,
        "peak_agents": 14, "peak_positions": 20, "peak_period": "2026-03-02 08:00",
        "agent_hours": 18.0, "position_hours": 26.0,
        "fractional_agent_hours": round((2 * need_10 + need_5) / 2, 2),
        "fractional_position_hours": round((2 * need_10 + need_5) / 2 / 0.7, 2),
        "unmet_intervals": [], "days": [day_one, day_two],
    }  # fmt: skip
    nine = out["groups"][2]
    assert (nine["key"], nine["period"], nine["value"], nine["exact"], nine["n"]) == (
        "2026-03-02 09:00", "2026-03-02T09:00:00", 14, 14, 100
    )  # fmt: skip
    assert nine["details"] == {
        "model": "erlang-c", "calls": 100, "aht_seconds": 180, "traffic_erlangs": 10.0,
        "agents": 14, "fractional_agents": 13.05, "positions": 20,
        "fractional_positions": round(need_10 / 0.7, 2), "service_level": 88.8,
        "asa_seconds": 7.8, "occupancy": 71.4, "target_met": True,
    }  # fmt: skip
    empty = out["groups"][1]
    assert (empty["value"], empty["exact"], empty["n"]) == (None, None, 0)
    assert empty["details"] == {
        "model": "erlang-c", "calls": 0, "aht_seconds": 180, "traffic_erlangs": 0.0,
        "agents": 0, "fractional_agents": 0.0, "positions": 0, "fractional_positions": 0.0,
        "service_level": None, "asa_seconds": None, "occupancy": None, "target_met": True,
    }  # fmt: skip


SMALL_DAY = [round(20 + 180 * math.sin(math.pi * k / 24) ** 2) for k in range(24)]
LARGE_DAY = [round(5 + 3000 * math.sin(math.pi * k / 48) ** 2) for k in range(48)]


@pytest.mark.parametrize(
    ("calls", "patience"),
    [(SMALL_DAY, None), (SMALL_DAY, Fraction(300)), (LARGE_DAY, Fraction(300))],
)
def test_a_day_costs_a_few_evaluations_per_interval(
    monkeypatch: pytest.MonkeyPatch, calls: list[int], patience: Fraction | None
) -> None:
    # The module's promise: each interval's search starts from its neighbours' answers, so a
    # day of smoothly varying intervals takes about three queueing evaluations each, never a
    # scan from 1 agent up nor a cold search per interval. Measured: 68 for the small day's 24
    # intervals (20 to 200 calls) under Erlang C, 64 under Erlang A; 121 for the 48 of a large
    # centre (5 to 3,005 calls, up to 300 erlangs) under Erlang A, where searching each
    # interval from the square-root guess, not its neighbours' answer, would take 216.
    # The answers are checked against each interval searched on its own.
    from cxglossary.metrics import staffing
    from cxglossary.metrics.plan import Interval, staff

    intervals = [
        Interval(f"{k // 2:02d}:{30 * (k % 2):02d}", None, n, Fraction(180), patience, "")
        for k, n in enumerate(calls)
    ]
    target = staffing.Staffing(ServiceTarget(Fraction(80), Fraction(20)))
    evaluations = 0
    evaluate = staffing.evaluate

    def counted(*args: Any) -> Any:
        nonlocal evaluations
        evaluations += 1
        return evaluate(*args)

    monkeypatch.setattr(staffing, "evaluate", counted)
    rows = staff(intervals, Fraction(1800), target, None)
    assert evaluations <= 3 * len(intervals)
    for row, interval in zip(rows, intervals, strict=True):
        load = staffing.Load(interval.calls * interval.aht / 1800, interval.aht, patience)
        assert row.need is not None
        assert row.need.agents == staffing.fewest_agents(load, target).agents


@pytest.mark.parametrize(
    ("cell", "iso", "label"),
    [
        ("08:00", "08:00:00", "08:00"),
        (" 8h30 ", "08:30:00", "08:30"),
        ("08:00:30", "08:00:30", "08:00:30"),
        ("23:59:59", "23:59:59", "23:59:59"),
        ("2026-03-02 08:00", "2026-03-02T08:00:00", "2026-03-02 08:00"),
        ("2026-03-02T08:00", "2026-03-02T08:00:00", "2026-03-02 08:00"),
        ("02/03/2026 08:00", "2026-03-02T08:00:00", "2026-03-02 08:00"),  # French day first
        ("2026-03-02T08:00+01:00", "2026-03-02T08:00:00+01:00", "2026-03-02 08:00"),
        ("2026-03-02 08:00Z", "2026-03-02T08:00:00+00:00", "2026-03-02 08:00"),
        ("2026-03-02T08:00-0500", "2026-03-02T08:00:00-0500", "2026-03-02 08:00"),
        # workbook cells: a date-time, a time, a time stored as a fraction of a day
        (dt.datetime(2026, 3, 2, 8, 15, 30), "2026-03-02T08:15:30", "2026-03-02 08:15:30"),
        (
            dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            "2026-03-02T08:00:00+01:00",
            "2026-03-02 08:00",
        ),
        (dt.time(17, 45), "17:45:00", "17:45"),
        (0.75, "18:00:00", "18:00"),
        (0, "00:00:00", "00:00"),
        (0.5 + 30 / 86400, "12:00:30", "12:00:30"),
    ],
)
def test_interval_starts(cell: Any, iso: str, label: str) -> None:
    from cxglossary.metrics.forecast import start_cell

    start = start_cell(cell)
    assert (start.iso(), start.label()) == (iso, label)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("24:00", "is not a time of day"),
        ("23:60", "is not a time of day"),
        ("23:59:60", "is not a time of day"),
        ("2026-02-30 08:00", "holds a date that does not exist"),
        ("31/02/2026 08:00", "holds a date that does not exist"),
        ("2026-03-02", "is not a time"),
        ("08:00 du matin", "is not a time"),
        (1.0, "is not a time"),  # a whole day: a date without a time
        (-0.25, "is not a time"),
        (True, "is not a time"),
        (8, "is not a time"),
    ],
)
def test_cells_that_are_not_interval_starts(cell: Any, message: str) -> None:
    from cxglossary.metrics.forecast import start_cell

    with pytest.raises(ValueError, match=message):
        start_cell(cell)


@pytest.mark.parametrize(
    ("text", "args", "fragment"),
    [
        ("Heure;Appels\n08:00;10\n08:30;10\n", [], "needs the AHT: an 'aht' (dmt) column or --aht"),
        ("Heure;Appels;DMT\n08:00;10;\n08:30;10;3:00\n", [],
         "day.csv line 2, column 'DMT': no AHT for this interval"),
        ("Heure;Appels;DMT;Patience\n08:00;10;3:00;5:00\n08:30;10;3:00;\n", [],
         "day.csv line 3, column 'Patience': empty, and other intervals have a patience"),
        ("Heure;Appels;DMT;Patience\n08:00;10;3:00;0\n08:30;10;3:00;5:00\n", [],
         "day.csv line 2, column 'Patience': a patience of 0"),
        ("Heure;Appels;DMT\n", [], "no intervals to staff (the forecast is empty)"),
        ("Heure;Appels;DMT\n;10;3:00\n", [], "day.csv line 2, column 'Heure': empty"),
        ("Heure;Appels;DMT\n08:00;10;3:00\n2026-03-02 08:30;10;3:00\n", ["--interval", "30m"],
         "dated and undated times are mixed"),
        ("Heure;Appels;DMT\n2026-03-03 08:00;10;3:00\n2026-03-02 08:30;10;3:00\n",
         ["--interval", "30m"],
         "2026-03-02 08:30 after 2026-03-03 08:00: the rows are not in time order"),
        ("Heure;Appels;DMT\n08:00;10;3:00\n08:30;10;3:00\n08:00;10;3:00\n", [],
         "the rows are not in time order (a forecast over several days needs dates)"),
        ("Heure;Appels;DMT\n2026-03-02 08:00;10;3:00\n2026-03-02 08:00;10;3:00\n",
         ["--interval", "30m"], "08:00: the rows are not in time order\n"),
        ("Heure;Appels;DMT\n08:00;10;3:00\n08:30;10;3:00\n", ["--agents", "12"],
         "--agents goes with one interval"),
        ("Heure;Appels;DMT\n08:00;10;3:00\n08:30;10;3:00\n", ["--interval", "0"],
         "--interval is 0"),
        ("Heure;Appels\n08:00;10\n08:30;10\n", ["--aht", "0"], "--aht is 0"),
        ("Heure;Appels;DMT\n08:00;10;3:00\n08:25;10;3:00\n", [],
         "day.csv (--interval) of 25 min does not divide the day"),
    ],
)  # fmt: skip
def test_forecasts_refused(tmp_path: Path, text: str, args: list[str], fragment: str) -> None:
    path = tmp_path / "day.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        staff_forecast(path, *args)
    assert fragment in str(error.value) + "\n"


def test_forecast_defaults_and_days(tmp_path: Path) -> None:
    # A blank AHT or patience takes the option's value; an AHT of 0 is fine where no call is
    # expected; a night without rows between two days is fine (the length is read within a day).
    path = tmp_path / "days.csv"
    path.write_text(
        "time;calls;aht;patience\n2026-03-02 20:00;100;;\n2026-03-02 20:30;0;0;\n"
        "2026-03-03 08:00;100;180;\n",
        encoding="utf-8",
    )
    from cxglossary.metrics.forecast import read_forecast

    intervals, length, source = read_forecast(
        str(path), mapping={}, sheet=None, encoding=None, stdin=None, length=None,
        aht=Fraction(180), patience=Fraction(300),
    )  # fmt: skip
    assert length == 1800 and source.endswith("days.csv")
    assert [(i.period, i.day, i.calls, i.aht, i.patience) for i in intervals] == [
        ("2026-03-02 20:00", "2026-03-02", 100, 180, 300),
        ("2026-03-02 20:30", "2026-03-02", 0, 0, 300),
        ("2026-03-03 08:00", "2026-03-03", 100, 180, 300),
    ]
    assert [i.start for i in intervals][-1] == "2026-03-03T08:00:00"
    assert intervals[0].where.endswith("days.csv line 2")
    out = staff_forecast(path, "--aht", "3m", "--patience", "5m").to_json()
    assert [g["value"] for g in out["groups"]] == [13, None, 13]  # issue 11's published 13
    assert out["details"]["abandons"] == "against"


def test_a_day_of_twenty_minute_intervals_under_erlang_a(tmp_path: Path) -> None:
    # 45 calls of 3 min 5 s in 20 min = 45 x 185 / 1200 = 6.9375 erlangs (shown 6.94); every
    # row says its patience; one day: no per-day totals; agent-hours are agents / 3, shown to
    # two decimals (8 agents: 2.67 h).
    path = tmp_path / "day.csv"
    path.write_text("Heure;Appels;DMT\n08:00;45;3:05\n08:20;10;3:05\n", encoding="utf-8")
    out = staff_forecast(path, "--patience", "5m").to_json()
    rows = out["groups"]
    assert rows[0]["details"]["traffic_erlangs"] == 6.94
    assert [row["details"]["patience_seconds"] for row in rows] == [300, 300]
    assert "days" not in out["details"]
    agents = sum(row["value"] for row in rows)
    assert out["details"]["agent_hours"] == round(agents / 3, 2) != agents / 3
