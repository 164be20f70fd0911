"""`cx metric erlang --file forecast.csv` for people: the plan's table, its totals, and a
chart of the positions to schedule across the day (JSON goes through `metrics.metric_result`).

A day of more intervals than a chart has room for is charted by hour (the peak of each hour);
a plan over several days adds the peak of each day before the busiest day's chart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..settings import Settings
from . import console, number, text

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from ..metrics.result import GroupResult, MetricResult
    from .charts import Point

MODEL_NAMES = {"erlang-c": "Erlang C", "erlang-a": "Erlang A", "erlang-b": "Erlang B"}
ABANDON_LABELS = {
    "fr": {
        "against": "abandons comptés contre",
        "ignored": "abandons dans le délai ignorés",
        "for": "abandons dans le délai comptés pour",
    },
    "en": {
        "against": "abandons count against",
        "ignored": "abandons within T ignored",
        "for": "abandons within T count for",
    },
}

CHART_COLUMNS = 60  # more intervals than this in a day: one column per hour

WORDS = {
    "fr": {
        "period": "Début",
        "calls": "Appels",
        "erlangs": "Erl.",
        "agents": "Agents",
        "fractional": "Besoin",
        "positions": "Postes",
        "service_level": "NS %",
        "abandon": "Ab. %",
        "asa": "ASA s",
        "occupancy": "Occ. %",
        "missed": "objectif manqué",
        "totals": (
            "{model} : pic de {peak} agents ({peak_positions} postes) à {peak_period} ; "
            "{agent_hours} heures-agents, {position_hours} heures-postes payées "
            "({fractional_agent_hours} et {fractional_position_hours} au besoin fractionnaire) "
            "pour {calls} appels sur {intervals} intervalles de {minutes} min"
        ),
        "unmet": "{n} intervalle(s) sous l'objectif avec --max-agents : {periods}",
        "chart": "Postes à planifier par {unit}",
        "chart_days": "Pic de postes par jour",
        "interval": "intervalle",
        "hour": "heure (pic de l'heure)",
        "abandons": "Niveau de service : {label}",
    },
    "en": {
        "period": "Start",
        "calls": "Calls",
        "erlangs": "Erl.",
        "agents": "Agents",
        "fractional": "Need",
        "positions": "Pos.",
        "service_level": "SL %",
        "abandon": "Ab. %",
        "asa": "ASA s",
        "occupancy": "Occ. %",
        "missed": "target missed",
        "totals": (
            "{model}: peak of {peak} agents ({peak_positions} positions) at {peak_period}; "
            "{agent_hours} agent-hours, {position_hours} paid position-hours "
            "({fractional_agent_hours} and {fractional_position_hours} at the fractional "
            "need) for {calls} calls over {intervals} intervals of {minutes} min"
        ),
        "unmet": "{n} interval(s) short of the target under --max-agents: {periods}",
        "chart": "Positions to schedule per {unit}",
        "chart_days": "Peak positions per day",
        "interval": "interval",
        "hour": "hour (peak of the hour)",
        "abandons": "Service level: {label}",
    },
}


def is_plan(result: MetricResult) -> bool:
    return result.metric == "erlang" and "peak_agents" in result.details


def plan(result: MetricResult, settings: Settings, title: Text) -> None:
    """Title, table, totals and charts, without a frame: a week of rows needs the width."""
    from rich.text import Text

    lang = settings.lang
    words = WORDS[lang]
    groups = result.groups or []
    d = result.details
    erlang_a = d.get("model") == "erlang-a"
    parts: list[RenderableType] = [title, _table(groups, lang, erlang_a), Text("")]
    parts.append(text(_totals_line(d, lang), "bold"))
    if erlang_a:
        label = ABANDON_LABELS[lang][str(d.get("abandons", "against"))]
        parts.append(text(words["abandons"].format(label=label), "dim"))
    unmet = d.get("unmet_intervals")
    if isinstance(unmet, list) and unmet:
        shown = ", ".join(str(p) for p in unmet[:12]) + (" …" if len(unmet) > 12 else "")
        parts.append(text(words["unmet"].format(n=len(unmet), periods=shown), "yellow"))
    parts += _charts(result, lang)
    out = console()
    for part in parts:
        out.print(part)


def _table(groups: list[GroupResult], lang: str, erlang_a: bool) -> RenderableType:
    from rich.table import Table

    words = WORDS[lang]
    table = Table(show_edge=False, pad_edge=False)
    table.add_column(words["period"], no_wrap=True)
    keys = ["calls", "erlangs", "agents", "fractional", "positions", "service_level"]
    if erlang_a:
        keys.append("abandon")
    keys += ["asa", "occupancy"]
    for key in keys:
        table.add_column(words[key], justify="right")
    for group in groups:
        g = group.details
        values = [
            g["calls"],
            g["traffic_erlangs"],
            g["agents"],
            g["fractional_agents"],
            g["positions"],
            g["service_level"],
        ]
        if erlang_a:
            values.append(g.get("probability_abandon"))
        values += [g["asa_seconds"], g["occupancy"]]
        style = "" if g.get("target_met", True) else "red"
        table.add_row(text(str(group.key or group.period), style), *(
            text(number(value, lang), style) for value in values
        ))  # fmt: skip
    return table


def _totals_line(d: dict[str, object], lang: str) -> str:
    seconds = d["interval_seconds"]
    minutes = seconds / 60 if isinstance(seconds, int | float) else seconds
    return WORDS[lang]["totals"].format(
        model=MODEL_NAMES.get(str(d["model"]), str(d["model"])),
        peak=d["peak_agents"],
        peak_positions=d["peak_positions"],
        peak_period=d["peak_period"],
        agent_hours=number(d["agent_hours"], lang),
        position_hours=number(d["position_hours"], lang),
        fractional_agent_hours=number(d["fractional_agent_hours"], lang),
        fractional_position_hours=number(d["fractional_position_hours"], lang),
        calls=d["calls"],
        intervals=d["intervals"],
        minutes=number(minutes, lang),
    )


def _charts(result: MetricResult, lang: str) -> list[RenderableType]:
    from rich.text import Text

    from .charts import Point, column_chart

    words = WORDS[lang]
    groups = result.groups or []
    out: list[RenderableType] = []
    days: dict[str, list[GroupResult]] = {}
    for group in groups:
        period = str(group.key or group.period)
        day = period.split(" ")[0] if " " in period else ""
        days.setdefault(day, []).append(group)
    if len(days) > 1:
        peaks = [
            Point(day, float(max(int(str(g.details["positions"])) for g in day_groups)))
            for day, day_groups in days.items()
        ]
        out += [
            Text(""),
            text(words["chart_days"], "bold"),
            column_chart(peaks, height=6, higher_is_better=None),
        ]
    peak_period = str(result.details["peak_period"])
    busiest = peak_period.split(" ")[0] if " " in peak_period else ""
    day_groups = days.get(busiest) or groups
    points, unit = _day_points(day_groups, lang)
    title = words["chart"].format(unit=unit)
    if len(days) > 1:
        title += f" — {busiest}"
    out += [Text(""), text(title, "bold"), column_chart(points, higher_is_better=None)]
    return out


def _day_points(groups: list[GroupResult], lang: str) -> tuple[list[Point], str]:
    from .charts import Point

    words = WORDS[lang]
    clock = [
        (str(g.key or g.period).split(" ")[-1], int(str(g.details["positions"]))) for g in groups
    ]
    if len(clock) <= CHART_COLUMNS:
        return [Point(label, float(value)) for label, value in clock], words["interval"]
    hours: dict[str, int] = {}
    for label, value in clock:
        hour = label[:2] + "h"
        hours[hour] = max(hours.get(hour, 0), value)
    return [Point(hour, float(value)) for hour, value in hours.items()], words["hour"]
