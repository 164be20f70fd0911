"""Properties of contact-log tallies, checked on generated logs (hypothesis)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxglossary.metrics.abandons import Abandons
from cxglossary.metrics.contacts import Rules, Tally, shares
from cxglossary.metrics.logs import LogRequest, read_log

contacts = st.lists(
    st.tuples(
        st.booleans(),  # answered
        st.integers(0, 120),  # wait
        st.sampled_from(["a", "b", "c"]),  # key
        st.integers(0, 6 * 3600 - 1),  # seconds after 06:00
        st.integers(0, 600),  # talk
        st.sampled_from(["", "oui", "non"]),  # resolved at first contact
    ),
    min_size=1,
    max_size=40,
)
rules = st.builds(
    Rules,
    st.integers(0, 60).map(Fraction),
    st.sampled_from(list(Abandons)),
    st.one_of(st.none(), st.integers(0, 10).map(Fraction)),
)


def _tally(rows: list[tuple[bool, int, str, int, int, str]], rule: Rules) -> Tally:
    tally = Tally()
    for answered, wait, _, _, talk, flag in rows:
        resolved = None if not flag else flag == "oui"
        tally.add(rule, answered, Fraction(wait), (Fraction(talk), Fraction(0), Fraction(0)),
                  resolved)  # fmt: skip
    return tally


@settings(deadline=None)  # a shared, loaded machine: no per-example time limit
@given(contacts, rules)
def test_abandons_for_at_least_ignored_at_least_against(rows: list, rule: Rules) -> None:  # type: ignore[type-arg]
    values = shares(_tally(rows, rule))
    if values["against"] is None:  # nothing offered (every contact a short abandon)
        return
    assert values["for"] is not None and values["for"] >= values["against"]
    if values["ignored"] is None:  # every contact offered abandoned within T: 0 / 0
        assert values["against"] == 0
        return
    assert values["for"] >= values["ignored"] >= values["against"]


@settings(deadline=None)
@given(contacts, rules)
def test_tallies_split_by_key_add_up_to_the_whole(rows: list, rule: Rules) -> None:  # type: ignore[type-arg]
    whole = _tally(rows, rule)
    merged = Tally()
    for key in "abc":
        merged.merge(_tally([row for row in rows if row[2] == key], rule))
    assert merged.fields() == whole.fields()


def _write(path: Path, rows: list[tuple[bool, int, str, int, int, str]]) -> None:
    start = dt.datetime(2026, 3, 29, 0, 0)  # the night clocks go forward in Paris
    lines = ["time,queue,wait,outcome,talk,wrap,resolved_first"]
    for answered, wait, key, second, talk, flag in rows:
        stamp = (start + dt.timedelta(seconds=second)).isoformat()
        outcome = "answered" if answered else "abandoned"
        parts = f"{talk},5" if answered else ","
        lines.append(f"{stamp},{key},{wait},{outcome},{parts},{flag if answered else ''}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(contacts, rules, st.sampled_from(["15m", "30m", "1h", "day", "week"]), st.booleans())
def test_periods_and_keys_total_the_unsplit_log_and_both_readers_agree(
    tmp_path: Path,
    rows: list,  # type: ignore[type-arg]
    rule: Rules,
    per: str,
    zoned: bool,
) -> None:
    path = tmp_path / "log.csv"
    _write(path, rows)
    unsplit = read_log(LogRequest(str(path), rule, engine="python"))
    cells = []
    for engine in ("python", "duckdb"):
        zone = _paris() if zoned else None
        split = read_log(LogRequest(str(path), rule, by="queue", per=per, engine=engine,
                                    zone=zone))  # fmt: skip
        assert split.reader == engine
        cells.append({key: tally.fields() for key, tally in split.cells.items()})
        merged = Tally()
        for tally in split.cells.values():
            merged.merge(tally)
        assert merged.fields() == unsplit.total.fields() == split.total.fields()
    assert cells[0] == cells[1]


def _paris():  # type: ignore[no-untyped-def]
    from cxglossary.metrics.periods import parse_zone

    return parse_zone("Europe/Paris")


@settings(deadline=None)
@given(contacts, rules, st.integers(1, 7200))
def test_report_rows_give_the_numbers_of_each_indicator(
    rows: list,
    rule: Rules,
    interval: int,  # type: ignore[type-arg]
) -> None:
    from cxglossary.metrics.contacts import LOG_METRICS, Columns, log_outcome
    from cxglossary.metrics.logresults import _values
    from cxglossary.metrics.logs import LogData
    from cxglossary.metrics.periods import Clock

    tally = _tally(rows, rule)
    columns = Columns(wait=True, talk=True, hold=True, wrap=True, resolved_first=True)
    data = LogData("log.csv", {}, columns, None, Clock(None))
    fast = _values(data, rule, tally, list(LOG_METRICS), interval)
    for metric in LOG_METRICS:
        outcome = log_outcome(metric, tally, rule, columns, interval)
        assert fast[metric] == outcome.value
        assert fast["workload_erlangs"] == outcome.details["workload_erlangs"]
        assert fast["mean_patience_seconds"] == outcome.details["mean_patience_seconds"]
    assert fast["service_level_variants"] == shares(tally)
