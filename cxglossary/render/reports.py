"""`cx report`: a contact log's or a survey's indicators on one screen, or as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..results import ReportComputed
from ..settings import Settings
from . import console, labels_for, number, text, warning, write_json

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..metrics.logresults import LogReport
    from ..metrics.result import MetricResult

# (indicator key in the values, column title, unit shown in the title)
COLUMNS = (
    ("offered", "offered", ""),
    ("answered", "answered", ""),
    ("abandoned", "abandoned", ""),
    ("service-level", "SL", "%"),
    ("asa", "ASA", "s"),
    ("aht", "AHT", "s"),
    ("abandonment", "aband.", "%"),
    ("fcr", "FCR", "%"),
    ("mean_patience_seconds", "patience", "s"),
    ("workload_erlangs", "erlangs", ""),
)
TITLES = {
    "fr": {"offered": "offr", "answered": "rép", "abandoned": "aband", "aband.": "ab",
           "patience": "pat", "erlangs": "erl", "total": "Total", "columns": "Colonnes lues : ",
           "legend": "offr offerts · rép répondus · aband abandons · SL niveau de service · "
                     "ab taux d’abandon · pat patience moyenne · erl charge en erlangs"},
    "en": {"offered": "off", "answered": "ans", "abandoned": "aband", "aband.": "ab",
           "patience": "pat", "erlangs": "erl", "total": "Total", "columns": "Columns read: ",
           "legend": "off offered · ans answered · aband abandoned · SL service level · "
                     "ab abandonment · pat mean patience · erl workload in erlangs"},
}  # fmt: skip


def period_label(iso_start: str, per: str, same_day: bool) -> str:
    """'08:30' within one day, '11-30 08:30' across days, '2026-11-30' for days and weeks."""
    if per in ("15m", "30m", "1h"):
        return iso_start[11:16] if same_day else f"{iso_start[5:10]} {iso_start[11:16]}"
    return iso_start[:7] if per == "month" else iso_start[:10]


def report(computed: ReportComputed, settings: Settings) -> None:
    for message in computed.warnings:
        warning(message)
    if computed.log is not None:
        if settings.json:
            write_json(computed.log.to_json())
            return
        _log(computed, computed.log, settings)
        return
    survey = computed.survey or []
    if settings.json:
        write_json({"kind": "survey", "results": [result.to_json() for result in survey]})
        return
    _survey(survey, settings)


def _cell(value: object, lang: str) -> str:
    return "—" if value is None else number(value, lang)


_KEY_WIDTH = 12  # characters of a --by key kept on a narrow terminal


def _log(computed: ReportComputed, log: LogReport, settings: Settings) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    lang = settings.lang
    titles = TITLES[lang]
    shown = [c for c in COLUMNS if c[0] in log.indicators or c[0] not in _INDICATORS]
    if not any(isinstance(r.get("values"), dict) and "workload_erlangs" in r["values"]  # type: ignore[operator]
               for r in log.rows):  # fmt: skip
        shown = [c for c in shown if c[0] != "workload_erlangs"]
    body = Text()
    body.append(text(titles["columns"], "dim"))
    body.append(text(", ".join(f"{header} → {name}" for header, name in log.columns.items())))
    for note in log.notes:
        body.append("\n")
        body.append(text("· " + note, "dim"))
    if log.skipped:
        body.append("\n")
        body.append(text(labels_for(settings)["skipped"].format(n=log.skipped), "yellow"))
    table = Table(show_edge=False, pad_edge=False, collapse_padding=True)
    keyed = "by" in log.inputs
    timed = "per" in log.inputs
    per = str(log.inputs.get("per", ""))
    days = {str(row["period"])[:10] for row in log.rows if row["period"]}
    # The key and the period say what a row is: they keep their width (a long key up to
    # _KEY_WIDTH) and the numbers share what is left, never the other way round.
    if keyed:
        longest = max((len(str(row["key"] or "∅")) for row in log.rows), default=1)
        table.add_column(
            text(str(log.inputs["by"])),
            min_width=min(longest, _KEY_WIDTH),
            no_wrap=True,
            overflow="ellipsis",
        )
    if timed:
        longest = max(
            (len(period_label(str(r["period"]), per, len(days) == 1)) for r in log.rows),
            default=1,
        )
        table.add_column(text(labels_for(settings)["period"]), min_width=longest, no_wrap=True)
    for _, title, unit in shown:
        heading = titles.get(title, title) + (f" {unit}" if unit else "")
        table.add_column(text(heading), justify="right", min_width=len(heading), no_wrap=True)
    for row in log.rows:
        cells = []
        if keyed:
            cells.append(text(str(row["key"]) if row["key"] else "∅"))
        if timed:
            cells.append(text(period_label(str(row["period"]), per, len(days) == 1)))
        values = row.get("values")
        for key, _, _ in shown:
            value = values.get(key) if isinstance(values, dict) else None
            cells.append(text(_cell(value, lang)))
        table.add_row(*cells)
    labels = int(keyed) + int(timed)
    totals = [text(titles["total"], "bold")] + [text("")] * (labels - 1) if labels else []
    for key, _, _ in shown:
        totals.append(text(_cell(log.totals.get(key), lang), "bold"))
    if not keyed and not timed:
        table.add_row(*totals)
    else:
        table.add_section()
        table.add_row(*totals)
    parts: list[RenderableType] = [body, Text(""), table, text(titles["legend"], "dim")]
    if computed.chart:
        from .charts import Point, column_chart

        title = "SL %" if lang == "en" else "Niveau de service %"
        parts += [Text(""), text(f"{title} ({log.inputs.get('threshold')} s)", "bold")]
        parts.append(
            column_chart(
                [Point(label, value) for label, value in computed.chart],
                target=computed.target,
                unit="%",
                scale=(0, 100),
                height=10,
            )
        )
    # No side padding: a queue-by-half-hour table needs every column of an 80-column terminal.
    console().print(Panel(Group(*parts), title=text(f"cx report — {log.source}", "bold cyan"),
                          title_align="left", padding=(0, 0)))  # fmt: skip


_INDICATORS = ("service-level", "asa", "aht", "abandonment", "fcr")


def _survey(results: list[MetricResult], settings: Settings) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from .metrics import metric_reading

    lang = settings.lang
    parts: list[RenderableType] = []
    for result in results:
        parts.append(text(metric_reading(result, lang), "bold"))
        if result.groups:
            table = Table(show_edge=False, pad_edge=False)
            keyed = "by" in result.inputs or any(g.key for g in result.groups)
            timed = any(g.period for g in result.groups)
            if keyed:
                table.add_column(text(labels_for(settings)["group"]))
            if timed:
                table.add_column(text(labels_for(settings)["period"]))
            table.add_column(text(labels_for(settings)["value"]), justify="right")
            table.add_column("n", justify="right")
            per = str(result.inputs.get("per", "day"))
            days = {(g.period or "")[:10] for g in result.groups}
            for group in result.groups:
                cells = [text(group.key or "∅")] if keyed else []
                if timed:
                    cells.append(text(period_label(group.period or "", per, len(days) == 1)))
                cells += [text(_cell(group.value, lang)), text(str(group.n))]
                table.add_row(*cells)
            parts += [table]
            if timed and result is results[0]:  # NPS or CSAT per period, with its interval
                from .charts import Point, column_chart

                points = [
                    Point((g.period or "")[:10], _float(g.value), *(g.ci or (None, None)))
                    for g in result.groups
                ]  # with its interval as whiskers
                parts.append(column_chart(points, higher_is_better=None))
        parts.append(Text(""))
    source = results[0].source if results else ""
    console().print(Panel(Group(*parts), title=text(f"cx report — {source}", "bold cyan"),
                          title_align="left"))  # fmt: skip


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]
