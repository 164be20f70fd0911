"""`cx metric` for people (a panel with the value, its reading and formula) and
for scripts (the JSON contract of MetricResult)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..results import MetricComputed, MetricInfo, MetricListResult
from ..settings import Settings
from . import console, heading, labels_for, number, text, warning, write_json
from .plan import ABANDON_LABELS, MODEL_NAMES

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from ..metrics.result import MetricResult

# --- metrics -------------------------------------------------------------------

UNIT_LABELS = {
    "fr": {
        "%": "%",
        "s": "s",
        "points": "points",
        "agents": "agents",
        "lines": "lignes",
        "tickets": "tickets",
        "currency": "(devise)",
        "erlangs": "erlangs",
    },
    "en": {
        "%": "%",
        "s": "s",
        "points": "points",
        "agents": "agents",
        "lines": "lines",
        "tickets": "tickets",
        "currency": "(currency)",
        "erlangs": "erlangs",
    },
}


def with_unit(value: object, unit: str, lang: str, signed: bool = False) -> str:
    label = UNIT_LABELS[lang].get(unit, unit)
    return f"{number(value, lang, signed)}\u00a0{label}"


def metric_reading(result: MetricResult, lang: str) -> str:
    """One line a team lead can paste in a report (units held to their numbers)."""
    return _reading(result, lang).replace(" %", "\u00a0%").replace(" s,", "\u00a0s,")


def _reading(result: MetricResult, lang: str) -> str:
    d = result.details
    fr = lang == "fr"
    n = f"n = {result.n}" if result.n is not None else ""
    if result.value is None:
        return result.reason or ""
    if result.metric == "nps":
        margin = d.get("margin_of_error")
        at = "à" if fr else "at"
        confidence = d.get("confidence_pct", 95)
        tail = f", ± {number(margin, lang)} {at} {confidence} %" if margin is not None else ""
        if fr:
            return (
                f"NPS {number(result.value, lang, True)} : "
                f"{number(d['promoters_pct'], lang)} % de promoteurs, "
                f"{number(d['detractors_pct'], lang)} % de détracteurs, {n}{tail}"
            )
        return (
            f"NPS {number(result.value, lang, True)}: {number(d['promoters_pct'], lang)} % "
            f"promoters, {number(d['detractors_pct'], lang)} % detractors, {n}{tail}"
        )
    if result.metric == "erlang":
        return _erlang_reading(d, lang)
    if result.metric == "erlang-b":
        blocking = number(d["blocking"], lang)
        if fr:
            return (
                f"Erlang B : {d['lines']} lignes pour {number(d['traffic_erlangs'], lang)} "
                f"erlangs : blocage {blocking} % (objectif {number(d['blocking_target'], lang)} %)"
            )
        return (
            f"Erlang B: {d['lines']} lines for {number(d['traffic_erlangs'], lang)} erlangs: "
            f"blocking {blocking} % (target {number(d['blocking_target'], lang)} %)"
        )
    if result.metric == "ces" and "direction" in d:
        direction = "plus haut = plus facile" if fr else "higher = easier"
        return (
            f"CES {number(result.value, lang)} / {d['scale']} ({direction}), "
            f"{number(d['agree_pct'], lang)} % {'d’accord' if fr else 'agree'}, {n}"
        )
    shown = with_unit(result.value, result.unit, lang)
    if result.metric == "csat" and "mean" in d:
        mean = "moyenne" if fr else "mean"
        return f"CSAT {shown} ({mean} {number(d['mean'], lang)} / {d['scale']}), {n}"
    if result.metric == "service-level" and "variant" in d:
        within = "en" if fr else "within"
        threshold = number(d["threshold_seconds"], lang)
        return f"SL {shown} {within} {threshold} s ({d['variant']}), {n}"
    return f"{result.metric.upper()} {shown}" + (f", {n}" if n else "")


def _erlang_reading(d: dict[str, object], lang: str) -> str:
    model = MODEL_NAMES.get(str(d.get("model")), "Erlang C")
    asa, traffic = number(d["asa_seconds"], lang), number(d["traffic_erlangs"], lang)
    level, occupancy = number(d["service_level"], lang), number(d["occupancy"], lang)
    if lang == "fr":
        text = (
            f"{model} : {d['agents']} agents ({d['positions']} postes à planifier) pour "
            f"{traffic} erlangs : niveau de service {level} %"
        )
        if "abandons" in d:
            text += (
                f" ({ABANDON_LABELS['fr'][str(d['abandons'])]}), "
                f"abandons {number(d['probability_abandon'], lang)} %"
            )
        text += f", ASA {asa} s, occupation {occupancy} %"
        if "erlang_c_agents" in d:
            text += f" ; Erlang C en demanderait {d['erlang_c_agents']}"
        return text
    text = (
        f"{model}: {d['agents']} agents ({d['positions']} positions to schedule) for "
        f"{traffic} erlangs: service level {level} %"
    )
    if "abandons" in d:
        text += (
            f" ({ABANDON_LABELS['en'][str(d['abandons'])]}), "
            f"abandonment {number(d['probability_abandon'], lang)} %"
        )
    text += f", ASA {asa} s, occupancy {occupancy} %"
    if "erlang_c_agents" in d:
        text += f"; Erlang C would need {d['erlang_c_agents']}"
    return text


def _metric_title(info: MetricInfo, lang: str) -> Text:
    title = text(info.spec.id, "bold cyan")
    name = info.entry.term[lang] if info.entry else info.spec.name
    title.append(" — ")
    title.append(text(name, "bold"))
    return title


def metric_result(computed: MetricComputed, settings: Settings) -> None:
    result = computed.result
    for message in computed.warnings:
        warning(message)
    if settings.json:
        write_json(result.to_json())
        return
    from .plan import is_plan

    if is_plan(result):
        from .plan import plan

        plan(result, settings, _metric_title(computed.info, settings.lang))
        return
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    lang = settings.lang
    body = Text()
    signed = result.metric == "nps"
    if result.comparison is not None and result.n is None:
        _comparison_only(body, result, lang)  # --compare on counts: the difference is the result
    else:
        body.append(text(with_unit(result.value, result.unit, lang, signed), "bold green"))
        body.append("\n")
        body.append(text(metric_reading(result, lang)))
        if result.ci is not None:
            body.append(text(_interval(result.ci, result, lang)))
        if result.comparison is not None:
            body.append("\n")
            _comparison_lines(body, result, lang)
    body.append("\n\n")
    body.append(text(heading(settings, "inputs"), "dim"))
    body.append(text(" · ".join(f"{k} {_plain(v, lang)}" for k, v in result.inputs.items())))
    if result.skipped:
        body.append("\n")
        body.append(text(labels_for(settings)["skipped"].format(n=result.skipped), "yellow"))
    if computed.info.entry and computed.info.entry.formula:
        body.append("\n")
        body.append(text(heading(settings, "formula"), "dim"))
        body.append(text(computed.info.entry.formula[lang]))
    notes = result.details.get("notes")
    if isinstance(notes, list):
        for note in notes:
            body.append("\n")
            body.append(text("· " + str(note), "dim"))
    parts: list[RenderableType] = [body]
    if result.groups:
        table = Table(show_edge=False, pad_edge=False)
        keyed = "by" in result.inputs or not any(g.period for g in result.groups)
        if keyed:
            table.add_column(text(str(result.inputs.get("by") or labels_for(settings)["group"])))
        if any(group.period for group in result.groups):
            table.add_column(text(labels_for(settings)["period"]))
        table.add_column(labels_for(settings)["value"], justify="right")
        table.add_column("n", justify="right")
        intervals = any(group.ci is not None for group in result.groups)
        if intervals:
            confidence = result.details.get("confidence_pct", 95)
            table.add_column(f"{confidence} %", justify="right")
        for group in result.groups:
            cells = [text(group.key or "∅")] if keyed else []
            if group.period is not None:
                cells.append(text(group.period))
            value = (
                "—" if group.value is None else with_unit(group.value, result.unit, lang, signed)
            )
            cells += [text(value), text(str(group.n))]
            if intervals:
                cells.append(text(_bounds(group.ci, lang)))
            table.add_row(*cells)
        parts += [Text(""), table]
    if computed.chart:
        from .charts import Point, column_chart

        points = [Point(*point) for point in computed.chart]
        better = None if result.unit != "%" else result.metric in ("service-level", "fcr")
        if result.metric == "abandonment":
            better = False
        percent = result.unit == "%"
        chart = column_chart(
            points,
            target=computed.target,
            unit=result.unit,
            higher_is_better=better,
            scale=(0, 100) if percent else None,
            height=10 if percent else 8,
        )
        parts += [Text(""), chart]
    console().print(
        Panel(Group(*parts), title=_metric_title(computed.info, lang), title_align="left")
    )


def _bounds(ci: tuple[float, float] | None, lang: str) -> str:
    if ci is None:
        return "—"
    return f"{number(ci[0], lang)} – {number(ci[1], lang)}"


def _interval(ci: tuple[float, float], result: MetricResult, lang: str) -> str:
    """', 95 % interval 13.5 – 36.5' after the reading."""
    confidence = result.details.get("confidence_pct", 95)
    if lang == "fr":
        return f"\nintervalle de confiance à {confidence}\u00a0% : {_bounds(ci, lang)}"
    return f"\n{confidence}\u00a0% confidence interval: {_bounds(ci, lang)}"


def _comparison_lines(body: Text, result: MetricResult, lang: str) -> None:
    """A and B with their intervals, then the verdict in one sentence."""
    from ..metrics.compare import sentence

    found = result.comparison
    assert found is not None
    signed = result.metric == "nps"
    for side in ("a", "b"):
        data = found[side]
        assert isinstance(data, dict)
        ci = data.get("ci")
        shown = with_unit(data["value"], result.unit, lang, signed)
        name = _side_name(data, str(result.inputs.get("per", "")), lang)
        colon = " : " if lang == "fr" else ": "
        line = f"{side.upper()} · {name}{colon}{shown}, n = {data['n']}"
        if isinstance(ci, list):
            line += f", [{_bounds((ci[0], ci[1]), lang)}]"
        body.append(text(line + "\n"))
    ci = found["ci"]
    assert isinstance(ci, list)
    head = "A − B : " if lang == "fr" else "A − B: "
    verdict = sentence(result.metric, found, lang)
    body.append(text(head + verdict, "bold" if found["significant"] else ""))
    body.append(text(f" [{_bounds((ci[0], ci[1]), lang)}]"))


PERIOD_WORDS = {
    "fr": {"15m": "le quart d’heure de", "30m": "la demi-heure de", "1h": "l’heure de",
           "day": "le", "week": "la semaine du", "month": "le mois"},
    "en": {"15m": "the 15 minutes from", "30m": "the half hour from", "1h": "the hour from",
           "day": "the day", "week": "the week of", "month": "the month"},
}  # fmt: skip


def _side_name(side: dict[str, object], per: str, lang: str) -> str:
    """'A', 'the week of 2026-11-02' or 'A, the week of 2026-11-02'."""
    key, period = side.get("key"), side.get("period")
    if not isinstance(period, str) or per not in PERIOD_WORDS[lang]:
        return str(key)
    import datetime as dt

    from ..metrics.periods import period_name

    when = f"{PERIOD_WORDS[lang][per]} {period_name(dt.datetime.fromisoformat(period), per)}"
    return when if key is None else f"{key}, {when}"


def _comparison_only(body: Text, result: MetricResult, lang: str) -> None:
    found = result.comparison
    assert found is not None
    from ..metrics.compare import sentence

    body.append(text(sentence(result.metric, found, lang), "bold green"))
    body.append("\n")
    _comparison_lines(body, result, lang)


def _plain(value: object, lang: str) -> str:
    if isinstance(value, dict):
        return "/".join(_plain(v, lang) for v in value.values())
    if isinstance(value, list | tuple):
        shown = ",".join(str(v) for v in value[:12])
        return shown + ("…" if len(value) > 12 else "")
    return number(value, lang)


def metric_list(result: MetricListResult, settings: Settings) -> None:
    lang = settings.lang
    if settings.json:
        write_json({"metrics": [_metric_json(info, lang) for info in result.metrics]})
        return
    from rich.table import Table

    labels = labels_for(settings)
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column(labels["term"], style="bold")
    table.add_column(labels["unit"])
    table.add_column(labels["formula"])
    for info in result.metrics:
        entry = info.entry
        table.add_row(
            text(info.spec.id),
            text(entry.term[lang] if entry else info.spec.name),
            text(UNIT_LABELS[lang].get(info.spec.unit, info.spec.unit)),
            text(entry.formula[lang] if entry and entry.formula else "—"),
        )
    console().print(table)


def _metric_json(info: MetricInfo, lang: str) -> dict[str, Any]:
    entry = info.entry
    return {
        "id": info.spec.id,
        "name": entry.term[lang] if entry else info.spec.name,
        "unit": info.spec.unit,
        "formula": entry.formula[lang] if entry and entry.formula else None,
        "entry": entry.id if entry else None,
        "accepts_file": info.spec.accepts_file,
        "inputs": [
            {
                "name": i.name,
                "kind": i.kind,
                "help": i.help,
                "required": i.required,
                "default": i.default,
            }
            for i in info.spec.inputs
        ],
        "reading": info.spec.reading,
    }


def metric_explain(info: MetricInfo, settings: Settings) -> None:
    lang = settings.lang
    if settings.json:
        data = _metric_json(info, lang)
        data["definition"] = info.entry.definition[lang] if info.entry else None
        data["caution"] = info.entry.caution[lang] if info.entry and info.entry.caution else None
        write_json(data)
        return
    from rich.panel import Panel
    from rich.text import Text

    body = Text()
    entry = info.entry
    if entry:
        body.append(text(entry.definition[lang]))
        body.append("\n\n")
        if entry.formula:
            body.append(text(heading(settings, "formula"), "green"))
            body.append(text(entry.formula[lang]))
            body.append("\n")
    body.append(text(heading(settings, "reading"), "green"))
    body.append(text(info.spec.reading))
    body.append("\n\n")
    body.append(_options_text(info, settings))
    if entry and entry.caution:
        body.append("\n\n")
        body.append(text(heading(settings, "caution"), "yellow"))
        body.append(text(entry.caution[lang]))
    if entry:
        body.append("\n\n")
        body.append(text(f"cx define {entry.acronyms[0] if entry.acronyms else entry.id}", "dim"))
    console().print(Panel(body, title=_metric_title(info, lang), title_align="left"))


def _options_text(info: MetricInfo, settings: Settings) -> Text:
    from rich.text import Text

    lines = Text()
    lines.append(text(heading(settings, "options"), "bold"))
    for spec in info.spec.inputs:
        flag = "" if not spec.required else " *"
        default = f" [{spec.default}]" if spec.default else ""
        lines.append("\n  ")
        lines.append(text(f"--{spec.name} {spec.kind.upper()}{flag}", "cyan"))
        lines.append(text(f"  {spec.help}{default}"))
    if info.spec.accepts_file:
        lines.append("\n  ")
        lines.append(text("--file PATH|- [--column NAME] [--by COLUMN] [--skip-invalid]", "cyan"))
    if info.spec.id == "erlang":
        lines.append("\n  ")
        lines.append(text("--file FORECAST [--sheet S] [--map calls=HEADER …]", "cyan"))
        lines.append(text("  a plan for every interval (time, calls, aht, patience)"))
        lines.append("\n  ")
        lines.append(text("--patience-from LOG", "cyan"))
        lines.append(text("  the mean patience of a contact log (instead of --patience)"))
    return lines


def metric_options(info: MetricInfo, settings: Settings) -> None:
    if settings.json:
        write_json(_metric_json(info, settings.lang))
        return
    out = console()
    out.print(_metric_title(info, settings.lang))
    out.print(_options_text(info, settings))
