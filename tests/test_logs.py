"""Contact logs: worked examples computed by hand, both readers (Python and DuckDB), periods,
time zones, bad input, and `cx report`."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import Cx

from cxglossary.errors import InputError
from cxglossary.metrics.abandons import Abandons
from cxglossary.metrics.contacts import Rules, mean_patience
from cxglossary.metrics.logs import LogRequest, read_log
from cxglossary.metrics.periods import parse_zone

ENGINES = ("python", "duckdb")

# Six contacts, threshold 20 s (a wait of at most 20 s is "within"):
#   c1 ventes 08:05 answered wait 10 (within)  talk 100 hold 0  wrap 20  FCR oui
#   c2 sav    08:20 answered wait 30           talk 200 hold 10 wrap 30  FCR non
#   c3 ventes 08:40 answered wait 20 (within)  talk 1:30 = 90, hold blank = 0, wrap 10, FCR blank
#   c4 sav    09:10 abandoned wait 5 (within)
#   c5 ventes 09:50 abandoned wait 40
#   c6 sav    09:55 abandoned wait 2 (within; a short abandon with --short-abandon 3s)
LOG = """\
time,queue,wait,outcome,talk,hold,wrap,resolved_first,id
2026-03-02T08:05:00,ventes,10,answered,100,0,20,oui,c1
2026-03-02T08:20:00,sav,30,répondu,200,10,30,non,c2
2026-03-02 08:40,ventes,20,Answered,1:30,,10,,c3
02/03/2026 09:10,sav,5,abandonné,,,,,c4
2026-03-02T09:50:00,ventes,40,abandoned,,,,,c5
2026-03-02T09:55:00,sav,2,raccroché,,,,,c6
"""


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    path = tmp_path / "calls.csv"
    path.write_text(LOG, encoding="utf-8")
    return path


def metric(cx: Cx, monkeypatch: pytest.MonkeyPatch, engine: str, *args: str) -> dict[str, object]:
    monkeypatch.setenv("CX_ENGINE", engine)
    data = cx.json("metric", *args)
    assert data["details"]["reader"] == engine
    return data  # type: ignore[no-any-return]


@pytest.mark.parametrize("engine", ENGINES)
def test_three_service_level_variants_by_hand(
    cx: Cx, monkeypatch: pytest.MonkeyPatch, log_file: Path, engine: str
) -> None:
    # offered 6, answered within 20 s: c1, c3 = 2, abandoned within 20 s: c4, c6 = 2.
    expected = {
        "against": Fraction(2, 6) * 100,  # answered within / offered = 33.3 %
        "ignored": Fraction(2, 6 - 2) * 100,  # answered within / (offered - abandoned within)
        "for": Fraction(2 + 2, 6) * 100,  # (answered + abandoned within) / offered = 66.7 %
    }
    for variant, share in expected.items():
        data = metric(
            cx, monkeypatch, engine, "service-level", "--file", str(log_file),
            "--threshold", "20s", "--abandons", variant,
        )  # fmt: skip
        assert data["exact_fraction"] == str(share)
        assert data["details"]["abandons"] == variant
        assert data["inputs"]["abandons"] == variant
        assert any(variant_word in note for note in data["details"]["notes"]
                   for variant_word in (Abandons(variant).label,))  # fmt: skip
    assert metric(cx, monkeypatch, engine, "service-level", "--file", str(log_file))[
        "value"
    ] == pytest.approx(33.3)


@pytest.mark.parametrize("engine", ENGINES)
def test_short_abandons_leave_every_rate_and_are_counted(
    cx: Cx, monkeypatch: pytest.MonkeyPatch, log_file: Path, engine: str
) -> None:
    # --short-abandon 3s removes c6 (abandoned after 2 s): offered 5, abandoned 2 (c4, c5),
    # abandoned within 20 s: c4 alone. against 2/5, ignored 2/(5-1), for (2+1)/5.
    args = ("--file", str(log_file), "--short-abandon", "3s")
    for variant, share in (("against", 40), ("ignored", 50), ("for", 60)):
        data = metric(cx, monkeypatch, engine, "service-level", *args, "--abandons", variant)
        assert data["exact"] == share
        assert data["details"]["short_abandons"] == 1
        assert data["details"]["offered"] == 5
        assert any("1 contact(s) abandoned before 3 s" in n for n in data["details"]["notes"])
    abandonment = metric(cx, monkeypatch, engine, "abandonment", *args)
    assert abandonment["exact"] == 40  # 2 / 5, where 3 / 6 = 50 % counts the short one
    # Mean patience: waits of every contact but the short abandon (10+30+20+5+40) / 2 abandons.
    assert abandonment["details"]["mean_patience_seconds"] == 52.5


@pytest.mark.parametrize("engine", ENGINES)
def test_asa_aht_fcr_and_patience_by_hand(
    cx: Cx, monkeypatch: pytest.MonkeyPatch, log_file: Path, engine: str
) -> None:
    args = ("--file", str(log_file))
    asa = metric(cx, monkeypatch, engine, "asa", *args)
    assert asa["exact"] == 20  # (10 + 30 + 20) / 3 answered
    aht = metric(cx, monkeypatch, engine, "aht", *args)
    # talk 100 + 200 + 90, hold 0 + 10 + 0, wrap 20 + 30 + 10 = 460 s over 3 answered.
    assert aht["exact_fraction"] == "460/3"
    assert aht["value"] == 153.3
    assert aht["details"]["parts"] == ["talk", "hold", "wrap"]
    fcr = metric(cx, monkeypatch, engine, "fcr", *args)
    assert fcr["exact"] == 50  # c1 yes, c2 no; c3 carries no flag and is left out
    assert fcr["n"] == 2
    # Patience: all waits 10+30+20+5+40+2 = 107 s over 3 abandoned contacts.
    assert fcr["details"]["mean_patience_seconds"] == 35.7
    assert mean_patience(Fraction(107), 3) == Fraction(107, 3)
    assert mean_patience(Fraction(50), 0) is None


@pytest.mark.parametrize("engine", ENGINES)
def test_rows_per_key_and_half_hour_add_up_to_the_totals(
    cx: Cx, monkeypatch: pytest.MonkeyPatch, log_file: Path, engine: str
) -> None:
    data = metric(
        cx, monkeypatch, engine, "service-level", "--file", str(log_file),
        "--by", "queue", "--per", "30m",
    )  # fmt: skip
    rows = data["groups"]
    assert all(set(row) == {"key", "period", "value", "exact", "exact_fraction", "n", "details"}
               for row in rows)  # fmt: skip
    periods = ["2026-03-02T08:00:00", "2026-03-02T08:30:00", "2026-03-02T09:00:00",
               "2026-03-02T09:30:00"]  # fmt: skip
    assert [(r["key"], r["period"]) for r in rows] == [
        (key, period) for key in ("sav", "ventes") for period in periods
    ]
    by_cell = {(r["key"], r["period"][11:16]): r for r in rows}
    # Empty periods are rows: sav had nobody at 08:30, ventes nobody at 09:00.
    for empty in (("sav", "08:30"), ("ventes", "09:00")):
        assert by_cell[empty]["n"] == 0 and by_cell[empty]["value"] is None
    assert by_cell[("ventes", "08:00")]["value"] == 100  # c1 within
    assert by_cell[("sav", "09:30")]["value"] == 0  # c6 abandoned
    details = [r["details"] for r in rows if r["n"]]
    for name in ("offered", "answered", "abandoned", "answered_within", "abandoned_within"):
        assert sum(d[name] for d in details) == data["details"][name]


def test_a_contact_counts_in_its_arrival_period_and_workload_uses_the_period(
    cx: Cx, log_file: Path
) -> None:
    data = cx.json("metric", "aht", "--file", str(log_file), "--per", "1h")
    rows = {r["period"][11:16]: r for r in data["groups"]}
    # 08:00-09:00: c1, c2, c3 answered, 460 s of handling in 3,600 s = 0.13 erlang.
    assert rows["08:00"]["details"]["workload_erlangs"] == 0.13
    assert rows["09:00"]["value"] is None and rows["09:00"]["n"] == 0  # abandons only


def test_periods_in_a_time_zone_across_the_clock_changes(cx: Cx, tmp_path: Path) -> None:
    log = tmp_path / "dst.csv"
    log.write_text(
        "time,wait,outcome\n"
        "2026-03-29T01:50,5,answered\n"  # before clocks go forward (02:00 -> 03:00)
        "2026-03-29T02:30,5,answered\n"  # does not exist: read as 03:30 (+02:00)
        "2026-10-25T02:10:00+02:00,5,answered\n"  # first 02:10
        "2026-10-25T02:10:00+01:00,50,answered\n"  # second 02:10: another half-hour
        "2026-10-25T02:40,5,answered\n",  # naive in the repeated hour: the first one
        encoding="utf-8",
    )
    data = cx.json("metric", "service-level", "--file", str(log), "--per", "30m",
                   "--tz", "Europe/Paris")  # fmt: skip
    rows = {r["period"]: r["n"] for r in data["groups"]}
    assert rows["2026-03-29T01:30:00+01:00"] == 1
    assert rows["2026-03-29T03:30:00+02:00"] == 1
    assert "2026-03-29T02:00:00+01:00" not in rows  # that half-hour never happened
    assert rows["2026-10-25T02:00:00+02:00"] == 1
    assert rows["2026-10-25T02:30:00+02:00"] == 1
    assert rows["2026-10-25T02:00:00+01:00"] == 1
    notes = " ".join(data["details"]["notes"])
    assert "1 timestamp(s) fell in the hour skipped" in notes
    assert "1 timestamp(s) fell in the hour repeated" in notes
    days = cx.json("metric", "aht", "--file", str(log), "--per", "day", "--tz", "Europe/Paris",
                   "--map", "talk=wait", "--map", "wrap=wait")  # fmt: skip
    assert days["groups"][0]["period"] == "2026-03-29T00:00:00+01:00"


def test_mixed_offsets_without_tz_are_said(cx: Cx, tmp_path: Path) -> None:
    log = tmp_path / "offsets.csv"
    log.write_text("time,wait,outcome\n2026-03-20T08:00+01:00,5,answered\n"
                   "2026-04-20T08:00+02:00,5,answered\n", encoding="utf-8")  # fmt: skip
    data = cx.json("metric", "asa", "--file", str(log), "--per", "day")
    assert any("mixes UTC offsets" in note for note in data["details"]["notes"])
    assert data["groups"][0]["period"] == "2026-03-20T00:00:00"


BAD = [
    ("time,wait,outcome\n2026-13-45T08:00,5,answered\n", ("--per", "1h"),
     "line 2, column 'time': '2026-13-45T08:00' is not a date and time"),
    ("wait,outcome,talk,wrap\n-5,answered,10,10\n", (), "line 2, column 'wait': '-5' is negative"),
    ("wait,outcome,talk,wrap\n,answered,10,10\n", (),
     "line 2, column 'wait': no wait for an answered contact"),
    ("wait,outcome,talk,wrap\n5,perdu,10,10\n", (),
     "line 2, column 'outcome': 'perdu' is not an outcome"),
    ("wait,abandoned,talk,wrap\n5,peut-être,10,10\n", (),
     "line 2, column 'abandoned': 'peut-être' is not a yes/no flag"),
    ("wait,outcome,talk,wrap,fcr\n5,answered,10,10,2\n", (),
     "line 2, column 'fcr': '2' is not a yes/no flag"),
]  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("body", "options", "message"), BAD)
def test_bad_input_names_file_line_and_column(
    cx: Cx, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, engine: str,
    body: str, options: tuple[str, ...], message: str,
) -> None:  # fmt: skip
    monkeypatch.setenv("CX_ENGINE", engine)
    path = tmp_path / "bad.csv"
    path.write_text(body, encoding="utf-8")
    header = body.split("\n")[0]
    metric_id = "fcr" if "fcr" in header else "aht" if "talk" in header else "abandonment"
    result = cx("metric", metric_id, "--file", str(path), *options, code=2)
    assert result.stderr.startswith(f"cx: {path} ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_skip_invalid_counts_instead(cx: Cx, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("wait,outcome\n5,answered\n-1,answered\nabc,answered\n7,abandoned\n",
                    encoding="utf-8")  # fmt: skip
    data = cx.json("metric", "abandonment", "--file", str(path), "--skip-invalid")
    assert data["skipped"] == 2
    assert data["exact"] == 50


def test_a_missing_column_names_the_indicator_and_the_column(cx: Cx, tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("wait,outcome,talk\n5,answered,100\n", encoding="utf-8")
    result = cx("metric", "aht", "--file", str(path), code=2)
    assert "the AHT (talk + hold + wrap) needs a 'wrap' column" in result.stderr
    assert "--map wrap=HEADER" in result.stderr
    result = cx("metric", "service-level", "--file", str(path), "--per", "1h", code=2)
    assert "--per 1h needs a 'time' column" in result.stderr
    result = cx("metric", "asa", "--file", str(path), "--map", "wait=Attente", code=2)
    assert "no header 'Attente'" in result.stderr


def test_talk_alone_is_never_printed_as_the_aht(cx: Cx, log_file: Path) -> None:
    result = cx("metric", "aht", "--file", str(log_file), "--column", "talk", code=2)
    assert "one part of the AHT" in result.stderr


def test_duplicate_contact_ids_warn_with_their_count(cx: Cx, tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("id,wait,outcome\n1,5,answered\n1,5,answered\n2,5,answered\n2,9,answered\n",
                    encoding="utf-8")  # fmt: skip
    result = cx("metric", "asa", "--file", str(path), "--json")
    assert "2 duplicate contact id(s)" in result.stderr
    assert json.loads(result.stdout)["details"]["duplicate_ids"] == 2


def test_log_options_need_a_file(cx: Cx) -> None:
    result = cx("metric", "service-level", "--answered-within", "8", "--offered", "10",
                "--abandons", "for", code=2)  # fmt: skip
    assert "--abandons goes with --file" in result.stderr
    assert (
        cx.json("metric", "service-level", "--answered-within", "8", "--offered", "10")["value"]
        == 80
    )


def test_mapped_headers_and_what_was_read_as_what(cx: Cx, tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("Début;Attente (s);Statut;Temps Conv;Post-appel\n"
                    "02/03/2026 08:05;12;Décroché;60;15\n", encoding="utf-8")  # fmt: skip
    data = cx.json("metric", "aht", "--file", str(path), "--map", "talk=Temps Conv")
    assert data["value"] == 75
    assert data["details"]["columns"]["Temps Conv"] == "talk"
    assert data["details"]["columns"]["Post-appel"] == "wrap"


def test_report_gives_every_indicator_the_columns_allow(cx: Cx, log_file: Path) -> None:
    data = cx.json("report", str(log_file), "--by", "queue", "--per", "1h")
    assert data["kind"] == "log"
    assert data["indicators"] == ["service-level", "asa", "aht", "abandonment", "fcr"]
    assert data["totals"]["offered"] == 6 and data["totals"]["aht"] == 153.3
    assert data["totals"]["service_level_variants"] == {"against": 33.3, "ignored": 50.0,
                                                       "for": 66.7}  # fmt: skip
    assert sum(row["n"] for row in data["groups"]) == 6
    short = cx.json("report", str(log_file), "--threshold", "5s")
    assert short["totals"]["service-level"] == pytest.approx(0.0)


def test_report_says_what_a_log_lacks(cx: Cx, tmp_path: Path) -> None:
    path = tmp_path / "thin.csv"
    path.write_text("outcome\nanswered\nabandoned\n", encoding="utf-8")
    data = cx.json("report", str(path))
    assert data["indicators"] == ["abandonment"]
    assert data["unavailable"]["aht"] == ["talk", "wrap"]


def test_report_on_a_survey_gives_nps_per_week(cx: Cx, tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    path.write_text("date,score\n2026-11-02,10\n2026-11-03,9\n2026-11-04,3\n2026-11-17,8\n",
                    encoding="utf-8")  # fmt: skip
    data = cx.json("report", str(path), "--per", "week")
    nps = data["results"][0]
    assert nps["metric"] == "nps" and nps["value"] == 25  # (2 promoters - 1 detractor) / 4
    weeks = [(g["period"], g["value"], g["n"]) for g in nps["groups"]]
    # Week of 2 Nov: 2 promoters, 1 detractor of 3 = +33; 9 Nov empty; 16 Nov: 1 passive = 0.
    assert weeks == [("2026-11-02T00:00:00", 33, 3), ("2026-11-09T00:00:00", None, 0),
                     ("2026-11-16T00:00:00", 0, 1)]  # fmt: skip
    low, high = nps["groups"][0]["ci"]  # each week carries its interval
    assert low < 33 < high
    human = cx("report", str(path), "--per", "week", "--lang", "en").stdout
    assert "╎" in human  # the interval drawn as whiskers around each week's column


def test_a_terminal_gets_a_chart_and_json_never_does(cx: Cx, log_file: Path) -> None:
    human = cx("report", str(log_file), "--per", "30m", "--target", "80", "--lang", "en").stdout
    assert "┄" in human and "80 %" in human and "08:00" in human
    metric_out = cx("metric", "service-level", "--file", str(log_file), "--per", "30m").stdout
    assert "┤" in metric_out
    assert "┤" not in cx("report", str(log_file), "--per", "30m", "--json").stdout


def test_json_does_not_merge_the_periods_for_a_chart_it_never_draws(
    cx: Cx, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On a 10M-row log by queue and half hour, merging every period's tallies for the chart
    # cost about a second of the 11 s; with --json it must not happen at all.
    from cxglossary.metrics import logresults

    def refuse(*_: object) -> None:
        raise AssertionError("per_period_totals called for a JSON result")

    monkeypatch.setattr(logresults, "per_period_totals", refuse)
    cx.json("report", str(log_file), "--by", "queue", "--per", "30m")
    cx.json("metric", "service-level", "--file", str(log_file), "--per", "30m")
    with pytest.raises(AssertionError, match="per_period_totals"):
        cx("report", str(log_file), "--per", "30m")


def test_engine_and_python_agree_with_offsets_and_a_zone(tmp_path: Path) -> None:
    path = tmp_path / "zone.csv"
    path.write_text(
        "time,queue,wait,outcome,talk,wrap\n"
        "2026-10-25T00:10:00Z,a,5,answered,10.25,1\n"
        "2026-10-25T02:10:00+02:00,a,25,answered,10,2\n"
        "2026-10-25T02:10:00+01:00,b,5,abandoned,,\n"
        "2026-10-25T03:10:00+01:00,b,0:35,answered,1:00:00,0\n",
        encoding="utf-8",
    )
    results = []
    for engine in ENGINES:
        request = LogRequest(str(path), Rules(), by="queue", per="30m",
                             zone=parse_zone("Europe/Paris"), engine=engine)  # fmt: skip
        data = read_log(request)
        assert data.reader == engine
        results.append(({k: v.fields() for k, v in data.cells.items()}, data.clock.notes()))
    assert results[0] == results[1]


def test_unknown_zone_and_period_are_input_errors() -> None:
    with pytest.raises(InputError, match="not a time zone"):
        parse_zone("Mars/Olympus")
    from cxglossary.metrics.periods import parse_per

    with pytest.raises(InputError, match="not a period"):
        parse_per("fortnight")
    assert parse_per("semaine") == "week"


def test_a_workbook_log_gives_the_same_json_as_its_csv(
    cx: Cx, log_file: Path, tmp_path: Path
) -> None:
    import datetime as dt

    from workbook import write_xlsx

    # The worked log as Excel keeps it: dates as date cells, the clock duration 1:30 as a
    # [h]:mm:ss duration, counts as numbers, blanks as empty cells.
    day = dt.datetime(2026, 3, 2)
    rows = [
        ["time", "queue", "wait", "outcome", "talk", "hold", "wrap", "resolved_first", "id"],
        [day.replace(hour=8, minute=5), "ventes", 10, "answered", 100, 0, 20, "oui", "c1"],
        [day.replace(hour=8, minute=20), "sav", 30, "répondu", 200, 10, 30, "non", "c2"],
        [day.replace(hour=8, minute=40), "ventes", 20, "Answered", dt.timedelta(seconds=90),
         None, 10, None, "c3"],
        [day.replace(hour=9, minute=10), "sav", 5, "abandonné", None, None, None, None, "c4"],
        [day.replace(hour=9, minute=50), "ventes", 40, "abandoned", None, None, None, None, "c5"],
        [day.replace(hour=9, minute=55), "sav", 2, "raccroché", None, None, None, None, "c6"],
    ]  # fmt: skip
    book = write_xlsx(tmp_path / "calls.xlsx", {"Mars": rows})
    args = ("--by", "queue", "--per", "30m", "--short-abandon", "3s")
    from_csv = cx.json("metric", "service-level", "--file", str(log_file), *args)
    from_xlsx = cx.json("metric", "service-level", "--file", str(book), "--sheet", "Mars", *args)
    assert from_xlsx["groups"] == from_csv["groups"]
    assert from_xlsx["exact_fraction"] == from_csv["exact_fraction"] == "40"
    report = cx.json("report", str(book), "--per", "1h")
    assert report["totals"]["aht"] == 153.3


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_report_rows_stay_readable_on_an_80_column_terminal(
    cx: Cx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    # A queue-by-half-hour report has eleven number columns: at 80 columns the queue names and
    # the periods used to shrink to "qu…" and "…", leaving rows nobody could tell apart.
    path = tmp_path / "calls.csv"
    path.write_text(
        "time,queue,wait,outcome,talk,hold,wrap\n"
        "2026-03-02T08:05:00,facturation,12,answered,300,10,30\n"
        "2026-03-02T08:40:00,resiliation,95,abandoned,,,\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("COLUMNS", "80")
    out = cx("report", str(path), "--by", "queue", "--per", "30m", "--lang", lang).stdout
    rows = [line for line in out.splitlines() if "facturation" in line or "resiliation" in line]
    assert len(rows) == 4  # two queues × two half hours, every name whole
    assert all("…" not in line for line in rows)
    assert "08:00" in rows[0] and "08:30" in rows[1]
