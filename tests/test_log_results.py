"""Contact-log results called directly (no CLI): whole `cx report` and `cx metric --file`
results on the worked log of test_logs.py, every number derived by hand below, with both
readers (Python rows and the DuckDB engine, forced on these small files)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest
from test_logs import LOG

from cxglossary.metrics.abandons import Abandons
from cxglossary.metrics.contacts import Rules
from cxglossary.metrics.logresults import (
    log_metric,
    log_report,
    notes,
    per_period_totals,
    warnings,
)
from cxglossary.metrics.logs import LogData, LogRequest, read_log
from cxglossary.metrics.periods import parse_zone

ENGINES = ("python", "duckdb")

# The worked log (test_logs.LOG), threshold 20 s, per queue and hour:
#   sav    08:00  c2 answered wait 30, talk 200 + hold 10 + wrap 30 = 240, FCR non
#   sav    09:00  c4 abandoned wait 5, c6 abandoned wait 2 (both within 20 s)
#   ventes 08:00  c1 answered wait 10, 100 + 0 + 20 = 120, FCR oui;
#                 c3 answered wait 20, 90 + 0 + 10 = 100, no FCR flag (both within 20 s)
#   ventes 09:00  c5 abandoned wait 40
# Workload: handle time / 3,600 s: sav 08:00 240/3600 = 0.067 -> 0.07, ventes 08:00
# 220/3600 = 0.061 -> 0.06, abandons only: 0.
SAV_8 = {
    "contacts": 1, "offered": 1, "answered": 1, "abandoned": 0, "short_abandons": 0,
    "mean_patience_seconds": None,  # nobody abandoned: patience not observed
    "service-level": 0.0, "asa": 30.0, "aht": 240.0, "abandonment": 0.0, "fcr": 0.0,
    "service_level_variants": {"against": 0.0, "ignored": 0.0, "for": 0.0},
    "workload_erlangs": 0.07,
}  # fmt: skip
SAV_9 = {
    "contacts": 2, "offered": 2, "answered": 0, "abandoned": 2, "short_abandons": 0,
    "mean_patience_seconds": 3.5,  # (5 + 2) / 2
    "service-level": 0.0, "asa": None, "aht": None, "abandonment": 100.0, "fcr": None,
    # against 0/2; ignored 0/(2 - 2) has no value; for (0 + 2)/2
    "service_level_variants": {"against": 0.0, "ignored": None, "for": 100.0},
    "workload_erlangs": 0.0,
}  # fmt: skip
VENTES_8 = {
    "contacts": 2, "offered": 2, "answered": 2, "abandoned": 0, "short_abandons": 0,
    "mean_patience_seconds": None,
    "service-level": 100.0, "asa": 15.0, "aht": 110.0, "abandonment": 0.0, "fcr": 100.0,
    "service_level_variants": {"against": 100.0, "ignored": 100.0, "for": 100.0},
    "workload_erlangs": 0.06,
}  # fmt: skip
VENTES_9 = {
    "contacts": 1, "offered": 1, "answered": 0, "abandoned": 1, "short_abandons": 0,
    "mean_patience_seconds": 40.0,
    "service-level": 0.0, "asa": None, "aht": None, "abandonment": 100.0, "fcr": None,
    "service_level_variants": {"against": 0.0, "ignored": 0.0, "for": 0.0},
    "workload_erlangs": 0.0,
}  # fmt: skip
# The whole log: 6 offered, 3 answered (2 within), 3 abandoned (2 within); waits 107 s;
# answered waits 60 s; handle 460 s; FCR 1 of 2 flagged.
TOTALS = {
    "contacts": 6, "offered": 6, "answered": 3, "abandoned": 3, "short_abandons": 0,
    "mean_patience_seconds": 35.7,  # 107 / 3
    "service-level": 33.3, "asa": 20.0, "aht": 153.3, "abandonment": 50.0, "fcr": 50.0,
    "service_level_variants": {"against": 33.3, "ignored": 50.0, "for": 66.7},
}  # fmt: skip
COLUMNS = {name: name for name in LOG.split("\n")[0].split(",")}


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    path = tmp_path / "calls.csv"
    path.write_text(LOG, encoding="utf-8")
    return path


def _read(request: LogRequest, engine: str) -> LogData:
    data = read_log(request)
    assert data.reader == engine
    return data


@pytest.mark.parametrize("engine", ENGINES)
def test_report_per_queue_and_hour_is_the_hand_count(log_file: Path, engine: str) -> None:
    request = LogRequest(str(log_file), Rules(), by="queue", per="1h", engine=engine)
    report = log_report(request, _read(request, engine))
    hour = "2026-03-02T0{}:00:00"
    assert report.to_json() == {
        "kind": "log",
        "file": str(log_file),
        "inputs": {
            "file": str(log_file),
            "by": "queue",
            "per": "1h",
            "threshold": 20,
            "abandons": "against",
        },
        "columns": COLUMNS,
        "indicators": ["service-level", "asa", "aht", "abandonment", "fcr"],
        "unavailable": {},
        "totals": TOTALS,
        "groups": [
            {"key": "sav", "period": hour.format(8), "n": 1, "values": SAV_8},
            {"key": "sav", "period": hour.format(9), "n": 2, "values": SAV_9},
            {"key": "ventes", "period": hour.format(8), "n": 2, "values": VENTES_8},
            {"key": "ventes", "period": hour.format(9), "n": 1, "values": VENTES_9},
        ],
        "notes": ["service level: abandons count against (answered within T / offered)"],
        "skipped": 0,
    }


def _without_workload(values: dict[str, object]) -> dict[str, object]:
    return {name: value for name, value in values.items() if name != "workload_erlangs"}


@pytest.mark.parametrize("engine", ENGINES)
def test_report_per_queue_alone_and_per_hour_alone(log_file: Path, engine: str) -> None:
    request = LogRequest(str(log_file), Rules(), by="queue", engine=engine)
    rows = log_report(request, _read(request, engine)).to_json()["groups"]
    # sav: c2, c4, c6: SL 0/3; ASA 30; AHT 240; abandonment 2/3; patience (30+5+2)/2 = 18.5.
    assert rows[0]["key"] == "sav" and rows[0]["period"] is None and rows[0]["n"] == 3
    assert rows[0]["values"] == {
        "contacts": 3, "offered": 3, "answered": 1, "abandoned": 2, "short_abandons": 0,
        "mean_patience_seconds": 18.5,
        "service-level": 0.0, "asa": 30.0, "aht": 240.0, "abandonment": 66.7, "fcr": 0.0,
        "service_level_variants": {"against": 0.0, "ignored": 0.0, "for": 66.7},
    }  # fmt: skip
    assert [(row["key"], row["n"]) for row in rows] == [("sav", 3), ("ventes", 3)]
    request = LogRequest(str(log_file), Rules(), per="1h", engine=engine)
    rows = log_report(request, _read(request, engine)).to_json()["groups"]
    # 08:00: c1, c2, c3 (3 answered, 2 within, handle 460 s); 09:00: c4, c5, c6 abandoned.
    assert [(row["key"], row["period"], row["n"]) for row in rows] == [
        (None, "2026-03-02T08:00:00", 3),
        (None, "2026-03-02T09:00:00", 3),
    ]
    assert rows[0]["values"]["workload_erlangs"] == 0.13  # 460 / 3600
    assert rows[1]["values"]["service_level_variants"] == {
        "against": 0.0, "ignored": 0.0, "for": 66.7  # c4, c6 within; 0/(3-2); 2/3
    }  # fmt: skip


def test_empty_periods_have_zero_counts_null_indicators_and_their_workload(
    tmp_path: Path,
) -> None:
    # Two contacts two hours apart: the hour between is a row with n 0 and nothing measured.
    path = tmp_path / "gap.csv"
    path.write_text(
        "time,wait,outcome,talk,wrap\n"
        "2026-03-02T08:10,10,answered,300,60\n"
        "2026-03-02T10:10,10,answered,30,6\n",
        encoding="utf-8",
    )
    request = LogRequest(str(path), Rules(), per="1h", engine="python")
    rows = log_report(request, read_log(request)).to_json()["groups"]
    assert [(row["period"][11:16], row["n"]) for row in rows] == [
        ("08:00", 1), ("09:00", 0), ("10:00", 1)
    ]  # fmt: skip
    assert rows[1]["values"] == {
        "contacts": 0, "offered": 0, "answered": 0, "abandoned": 0, "short_abandons": 0,
        "mean_patience_seconds": None,
        "service-level": None, "asa": None, "aht": None, "abandonment": None,
        "service_level_variants": {"against": None, "ignored": None, "for": None},
        "workload_erlangs": 0.0,
    }  # fmt: skip
    assert rows[0]["values"]["workload_erlangs"] == 0.1  # 360 s / 3600 s
    assert rows[2]["values"]["workload_erlangs"] == 0.01  # 36 s / 3600 s


def test_a_day_with_a_clock_change_lasts_23_hours_for_the_workload(tmp_path: Path) -> None:
    # 29 March 2026 in Paris lasts 23 h (82,800 s); 30 March 24 h (86,400 s).
    # 8,280 s of handling on the 29th: 0.1 erlang; 8,640 s on the 30th: 0.1 erlang. Over
    # 24 h the 29th would give 0.0958 -> 0.1 too, so 41,400 s: 0.5 against 0.479 -> 0.48.
    path = tmp_path / "dst.csv"
    path.write_text(
        "time,wait,outcome,talk,wrap\n"
        "2026-03-29T12:00,5,answered,41400,0\n"
        "2026-03-30T12:00,5,answered,43200,0\n",
        encoding="utf-8",
    )
    request = LogRequest(str(path), Rules(), per="day", zone=parse_zone("Europe/Paris"))
    rows = log_report(request, read_log(request)).to_json()["groups"]
    assert [row["values"]["workload_erlangs"] for row in rows] == [0.5, 0.5]
    result = log_metric("aht", request, read_log(request))
    assert [g.details["workload_erlangs"] for g in result.groups] == [0.5, 0.5]
    week = LogRequest(str(path), Rules(), per="week", zone=parse_zone("Europe/Paris"))
    # The week of 23 March (Monday) to 30 March lasts 7 × 24 − 1 = 167 h = 601,200 s.
    rows = log_report(week, read_log(week)).to_json()["groups"]
    assert rows[0]["period"] == "2026-03-23T00:00:00+01:00"
    assert rows[0]["values"]["workload_erlangs"] == 0.07  # 41,400 / 601,200 = 0.0689


def test_a_log_without_waits_reports_no_service_level_and_no_threshold(tmp_path: Path) -> None:
    path = tmp_path / "thin.csv"
    path.write_text("outcome,talk,wrap\nanswered,60,30\nabandoned,,\n", encoding="utf-8")
    request = LogRequest(str(path), Rules(), engine="python")
    report = log_report(request, read_log(request)).to_json()
    assert report["indicators"] == ["aht", "abandonment"]
    assert report["unavailable"] == {
        "service-level": ["wait"], "asa": ["wait"], "fcr": ["resolved_first"]
    }  # fmt: skip
    assert report["inputs"] == {"file": str(path)}
    assert report["notes"] == ["no hold column: AHT counts talk + wrap"]
    assert report["totals"] == {
        "contacts": 2, "offered": 2, "answered": 1, "abandoned": 1, "short_abandons": 0,
        "mean_patience_seconds": None,  # no wait column: patience not measured (was 0.0)
        "aht": 90.0, "abandonment": 50.0,
    }  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
def test_metric_rows_per_queue_and_half_hour(log_file: Path, engine: str) -> None:
    rules = Rules(Fraction(20), Abandons.IGNORED, Fraction(3))
    request = LogRequest(str(log_file), rules, by="queue", per="30m", engine=engine)
    data = _read(request, engine)
    result = log_metric("service-level", request, data)
    # --short-abandon 3s drops c6 (wait 2): offered 5, abandoned within 20 s: c4 alone.
    # ignored: answered within / (offered - abandoned within) = 2 / (5 - 1) = 50 %.
    assert (result.value, result.exact, result.n) == (50, 50, 5)
    assert result.skipped == 0 and result.source == str(log_file)
    assert result.inputs == {
        "file": str(log_file), "by": "queue", "per": "30m", "threshold": 20,
        "abandons": "ignored", "short_abandon": 3,
    }  # fmt: skip
    assert result.details["reader"] == engine
    assert result.details["columns"] == COLUMNS
    assert result.details["duplicate_ids"] == 0
    assert result.details["notes"] == [
        "service level: abandons within T ignored (answered within T / (offered − abandoned "
        "within T))",
        "1 contact(s) abandoned before 3 s removed from every rate (short abandons)",
    ]
    rows = [(g.key, g.period, g.value, g.n) for g in result.groups]
    assert rows == [
        ("sav", "2026-03-02T08:00:00", 0, 1),  # c2 answered after 30 s
        ("sav", "2026-03-02T08:30:00", None, 0),
        ("sav", "2026-03-02T09:00:00", None, 1),  # c4 abandoned within: 0 / (1 - 1)
        ("sav", "2026-03-02T09:30:00", None, 0),  # c6, a short abandon only: offered 0
        ("ventes", "2026-03-02T08:00:00", 100, 1),  # c1 within
        ("ventes", "2026-03-02T08:30:00", 100, 1),  # c3 within (20 s is within 20 s)
        ("ventes", "2026-03-02T09:00:00", None, 0),
        ("ventes", "2026-03-02T09:30:00", 0, 1),  # c5 abandoned after 40 s
    ]
    sav_9 = result.groups[2].details
    assert (sav_9["offered"], sav_9["abandoned_within"]) == (1, 1)
    assert result.groups[3].details["short_abandons"] == 1
    assert result.groups[0].details["workload_erlangs"] == 0.13  # 240 s / 1,800 s
    assert result.groups[1].details == {}  # an empty period: nothing measured


def test_metric_without_by_or_per_has_no_rows(log_file: Path) -> None:
    request = LogRequest(str(log_file), Rules(), engine="python")
    assert log_metric("asa", request, read_log(request)).groups is None
    by = LogRequest(str(log_file), Rules(), by="queue", engine="python")
    result = log_metric("asa", by, read_log(by))
    # ASA per queue: sav c2 30 s; ventes (10 + 20) / 2 = 15 s; no period, no workload.
    assert [(g.key, g.period, g.value, g.n) for g in result.groups] == [
        ("sav", None, 30, 1), ("ventes", None, 15, 2)
    ]  # fmt: skip
    assert "workload_erlangs" not in result.groups[0].details
    assert result.inputs == {"file": str(log_file), "by": "queue"}  # no threshold for ASA


def test_what_the_notes_and_warnings_say(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    rows = ["Appel,wait,outcome,talk,wrap", "A1,5,answered,10,5", "A1,5,answered,10,5",
            "A2,1,abandoned,,"]  # fmt: skip
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    request = LogRequest(str(path), Rules(short_abandon=Fraction(5, 2)),
                         mapping={"id": "Appel"}, engine="python")  # fmt: skip
    data = read_log(request)
    assert warnings(data) == [
        f"{path}: 1 duplicate contact id(s) in column 'Appel'; each row counts as a contact"
    ]
    assert notes(data, request.rules, ["aht"]) == [
        "1 contact(s) abandoned before 2.5 s removed from every rate (short abandons)",
        "no hold column: AHT counts talk + wrap",
        "1 duplicate contact id(s), each counted as a contact",
    ]
    assert notes(data, request.rules, ["asa"])[1:] == [
        "1 duplicate contact id(s), each counted as a contact"
    ]
    unique = tmp_path / "unique.csv"
    unique.write_text("id,wait,outcome\nA1,5,answered\n", encoding="utf-8")
    assert warnings(read_log(LogRequest(str(unique)))) == []


def test_the_chart_totals_every_queue_per_period(log_file: Path) -> None:
    request = LogRequest(str(log_file), Rules(), by="queue", per="30m", engine="python")
    totals = per_period_totals(read_log(request))
    # 08:00 c1 c2; 08:30 c3; 09:00 c4; 09:30 c5 c6: every queue together.
    assert [(start.strftime("%H:%M"), t and t.offered) for start, t in totals] == [
        ("08:00", 2), ("08:30", 1), ("09:00", 1), ("09:30", 2)
    ]  # fmt: skip
    assert all(isinstance(start, dt.datetime) for start, _ in totals)


def test_a_report_counts_short_abandons_and_skipped_rows(tmp_path: Path) -> None:
    # 4 contacts read: answered after 5 s; abandoned after 1 s (short, below 2 s); abandoned
    # after 9 s; a row with a negative wait (skipped). Offered 2, contacts 3.
    path = tmp_path / "short.csv"
    path.write_text("wait,outcome\n5,answered\n1,abandoned\n9,abandoned\n-4,answered\n",
                    encoding="utf-8")  # fmt: skip
    request = LogRequest(str(path), Rules(short_abandon=Fraction(2)), skip_invalid=True)
    report = log_report(request, read_log(request)).to_json()
    assert report["skipped"] == 1
    assert report["totals"] == {
        "contacts": 3, "offered": 2, "answered": 1, "abandoned": 1, "short_abandons": 1,
        "mean_patience_seconds": 14.0,  # (5 + 9) / 1 abandon
        "service-level": 50.0, "asa": 5.0, "abandonment": 50.0,
        "service_level_variants": {"against": 50.0, "ignored": 100.0, "for": 100.0},
    }  # fmt: skip
    assert report["inputs"] == {"file": str(path), "threshold": 20, "abandons": "against",
                                "short_abandon": 2}  # fmt: skip


def test_the_workload_of_a_log_with_talk_alone(tmp_path: Path) -> None:
    # No wrap column: no AHT (it needs both), but the talk time still loads the hour:
    # 1,800 s of talk in 3,600 s = 0.5 erlang.
    path = tmp_path / "talk.csv"
    path.write_text("time,outcome,talk\n2026-03-02T08:10,answered,1800\n", encoding="utf-8")
    request = LogRequest(str(path), Rules(), per="1h")
    row = log_report(request, read_log(request)).to_json()["groups"][0]
    assert row["values"]["workload_erlangs"] == 0.5
    assert "aht" not in row["values"]
    bare = tmp_path / "bare.csv"
    bare.write_text("time,outcome\n2026-03-02T08:10,answered\n", encoding="utf-8")
    request = LogRequest(str(bare), Rules(), per="1h")
    row = log_report(request, read_log(request)).to_json()["groups"][0]
    assert "workload_erlangs" not in row["values"]  # no handle time at all: no workload


def test_report_means_round_half_up_once() -> None:
    from cxglossary.metrics.logresults import _mean, _ratio

    assert _ratio(1, 8, 2) == 0.13  # 0.125: the half goes up
    assert _ratio(1, 3, 1) == 0.3 and _ratio(2, 3, 1) == 0.7
    assert _ratio(0, 5, 1) == 0.0 and _ratio(5, 0, 1) is None
    assert _mean(Fraction(1, 4), 5, 2) == 0.05  # 0.25 / 5
    assert _mean(Fraction(7), 2) == 3.5


def test_no_contact_is_lost_where_clocks_change_at_midnight(tmp_path: Path) -> None:
    # Havana, 8 March 2026: clocks go from 00:00 to 01:00, so that day starts at 01:00. The
    # next day's row used to start at 01:00 too, and the contact at 00:30 on 9 March fell
    # out of every row (rows totalled 1 contact of 2).
    path = tmp_path / "havana.csv"
    path.write_text("time,wait,outcome\n2026-03-08T12:00,5,answered\n"
                    "2026-03-09T00:30,5,answered\n", encoding="utf-8")  # fmt: skip
    request = LogRequest(str(path), Rules(), per="day", zone=parse_zone("America/Havana"))
    rows = log_report(request, read_log(request)).to_json()["groups"]
    assert [(row["period"], row["n"]) for row in rows] == [
        ("2026-03-08T01:00:00-04:00", 1), ("2026-03-09T00:00:00-04:00", 1)
    ]  # fmt: skip
