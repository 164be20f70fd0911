"""The only module that writes: JSON for scripts, Rich for people, one-line errors.

JSON goes through json.dumps and sys.stdout, never a Rich console (Rich wraps
lines and interprets markup). Glossary text always goes into rich.text.Text so
that "[bold]" or "[/]" in a definition is shown literally, never interpreted.
Rich is imported only on the human path.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from .glossary import CATEGORIES, Entry, Problem
from .results import (
    AmbiguousResult,
    CategoriesResult,
    DefineResult,
    ListResult,
    MetricComputed,
    MetricInfo,
    MetricListResult,
    SearchResult,
    ValidateResult,
)
from .settings import Settings

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

    from .compiled import Status
    from .metrics.result import MetricResult

LABELS = {
    "fr": {
        "ambiguous": "⚠ « {acronym} » est ambigu : {n} sens. Précisez lequel vous voulez dire.",
        "context": "Contexte",
        "formula": "Formule",
        "caution": "Attention",
        "see_also": "Voir aussi",
        "sources": "Sources",
        "metric": "Calcul",
        "outside": "hors relation client",
        "no_results": "Aucun résultat pour « {query} ».",
        "score": "Score",
        "term": "Terme",
        "acronyms": "Acronymes",
        "category": "Catégorie",
        "matched": "Correspondance",
        "entries": "Entrées",
        "advice": "Écrivez le terme en toutes lettres : {terms}.",
        "valid": "{path} : {n} entrées, valide",
        "none_ambiguous": "Aucun acronyme ambigu.",
        "inputs": "Données",
        "skipped": "{n} ligne(s) invalide(s) ignorée(s)",
        "group": "Groupe",
        "value": "Valeur",
        "unit": "Unité",
        "reading": "Lecture",
        "options": "Options",
    },
    "en": {
        "ambiguous": "⚠ “{acronym}” is ambiguous: {n} senses. Say which one you mean.",
        "context": "Context",
        "formula": "Formula",
        "caution": "Caution",
        "see_also": "See also",
        "sources": "Sources",
        "metric": "Calculator",
        "outside": "outside customer service",
        "no_results": "No results for “{query}”.",
        "score": "Score",
        "term": "Term",
        "acronyms": "Acronyms",
        "category": "Category",
        "matched": "Matched",
        "entries": "Entries",
        "advice": "Spell the term out: {terms}.",
        "valid": "{path}: {n} entries, valid",
        "none_ambiguous": "No ambiguous acronym.",
        "inputs": "Inputs",
        "skipped": "{n} invalid row(s) skipped",
        "group": "Group",
        "value": "Value",
        "unit": "Unit",
        "reading": "Reading",
        "options": "Options",
    },
}


# --- plumbing ------------------------------------------------------------------


def write_json(data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False)
    if _has_surrogates(text):
        # Bytes that were not UTF-8 (in a file name, an argument) arrive as lone
        # surrogates; ASCII escapes keep the output valid UTF-8 and valid JSON.
        text = json.dumps(data)
    sys.stdout.write(text + "\n")


def _has_surrogates(text: str) -> bool:
    return not text.isascii() and any("\ud800" <= char <= "\udfff" for char in text)


def error(message: str) -> None:
    """One line on stderr, prefixed so it is clear which tool speaks."""
    line = " ".join(escape_controls(message).split())
    sys.stderr.write(f"cx: {line}\n")


def warning(problem: Problem | str) -> None:
    text = str(problem)
    if not text.startswith("warning: "):
        text = "warning: " + text
    error(text)


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def escape_controls(text: str) -> str:
    """Show control characters (ANSI escapes, bells…) as escapes instead of obeying them.

    Category Cc is escaped, lone surrogates (bytes that were not UTF-8) and the
    bidi overrides that can disguise text;
    accents, emoji (with their joiners), no-break spaces and right-to-left
    scripts pass through unchanged.
    """
    if text.isprintable():
        return text
    import unicodedata

    out = []
    for char in text:
        category = unicodedata.category(char)
        if char in _BIDI_CONTROLS or category == "Cs" or (category == "Cc" and char not in "\n\t"):
            out.append(char.encode("unicode_escape").decode("ascii"))
        else:
            out.append(char)
    return "".join(out)


def console() -> Console:
    from rich.console import Console

    return Console(highlight=False, emoji=False, markup=False)


def text(value: str, style: str = "") -> Text:
    from rich.text import Text

    return Text(escape_controls(value), style=style)


def _labels(settings: Settings) -> dict[str, str]:
    return LABELS[settings.lang]


def _heading(settings: Settings, key: str) -> str:
    """'Formule : ' in French (space before the colon), 'Formula: ' in English."""
    colon = " : " if settings.lang == "fr" else ": "
    return _labels(settings)[key] + colon


# --- define --------------------------------------------------------------------


def define(results: list[DefineResult], settings: Settings) -> None:
    if settings.json:
        for result in results:
            write_json(
                {
                    "query": result.query,
                    "found": result.found,
                    "ambiguous": result.ambiguous,
                    "entries": [e.localized(settings.lang) for e in result.entries],
                    "suggestions": result.suggestions,
                }
            )
        _misses_to_stderr(results, settings)
        return
    out = console() if any(r.found for r in results) else None
    for result in results:
        if not result.found:
            continue
        assert out is not None
        if result.ambiguous:
            shown = _shown_acronym(result)
            message = _labels(settings)["ambiguous"].format(acronym=shown, n=len(result.entries))
            out.print(text(message, "bold yellow"))
        for entry in result.entries:
            out.print(entry_panel(entry, settings, result.linked_terms))
    _misses_to_stderr(results, settings)


def _shown_acronym(result: DefineResult) -> str:
    from .index import normalize_key

    key = normalize_key(result.query)
    for entry in result.entries:
        for acronym in entry.acronyms:
            if normalize_key(acronym) == key:
                return acronym
    return result.query


def short(query: str, limit: int = 60) -> str:
    return query if len(query) <= limit else query[: limit - 1] + "…"


def _misses_to_stderr(results: list[DefineResult], settings: Settings) -> None:
    for result in results:
        if result.found:
            continue
        message = f"no entry for '{short(result.query)}'"
        if result.suggestions:
            message += "; did you mean: " + ", ".join(result.suggestions) + "?"
        else:
            message += " (try: cx search)"
        error(message)


def entry_panel(
    entry: Entry, settings: Settings, linked_terms: dict[str, dict[str, str]] | None = None
) -> RenderableType:
    from rich.panel import Panel
    from rich.text import Text

    lang = settings.lang
    labels = _labels(settings)
    title = Text()
    if entry.acronyms:
        title.append(text(" · ".join(entry.acronyms), "bold cyan"))
        title.append(" — ")
    title.append(text(entry.term[lang], "bold"))
    body = Text()
    category = CATEGORIES[entry.category][lang]
    body.append(text(category, "dim"))
    if entry.outside_customer_service:
        body.append(text(f" ({labels['outside']})", "dim"))
    body.append("\n\n")
    body.append(text(entry.definition[lang]))
    for key, style in (("context", "magenta"), ("formula", "green"), ("caution", "yellow")):
        value = getattr(entry, key)
        if value is not None:
            body.append("\n\n")
            body.append(text(_heading(settings, key), style))
            body.append(text(value[lang]))
    if entry.metric:
        body.append("\n")
        body.append(text(_heading(settings, "metric") + f"cx metric {entry.metric}", "dim"))
    if entry.see_also:
        names = [
            (linked_terms or {}).get(target, {}).get(lang, target) for target in entry.see_also
        ]
        body.append("\n\n")
        body.append(text(_heading(settings, "see_also"), "dim"))
        body.append(text(", ".join(names)))
    other = "en" if lang == "fr" else "fr"
    subtitle = text(f"{other}: {entry.term[other]}", "dim")
    return Panel(body, title=title, title_align="left", subtitle=subtitle, subtitle_align="right")


# --- search --------------------------------------------------------------------


def search(result: SearchResult, settings: Settings) -> None:
    lang = settings.lang
    if settings.json:
        write_json(
            {
                "query": result.query,
                "results": [
                    {
                        "id": hit.entry.id,
                        "term": hit.entry.term[lang],
                        "acronyms": list(hit.entry.acronyms),
                        "category": hit.entry.category,
                        "score": hit.score,
                        "matched": hit.matched or hit.entry.definition[lang],
                        "field": hit.field,
                    }
                    for hit in result.hits
                ],
            }
        )
        if not result.hits:
            error(_labels(settings)["no_results"].format(query=short(result.query)))
        return
    if not result.hits:
        error(_labels(settings)["no_results"].format(query=short(result.query)))
        return
    from rich.table import Table

    labels = _labels(settings)
    table = Table(show_edge=False, pad_edge=False)
    table.add_column(labels["score"], justify="right", style="dim")
    table.add_column(labels["acronyms"], style="cyan")
    table.add_column(labels["term"], style="bold")
    table.add_column(labels["matched"])
    for hit in result.hits:
        matched = hit.matched if hit.field != "definition" else f"({hit.field})"
        table.add_row(
            text(f"{hit.score:.0f}"),
            text(", ".join(hit.entry.acronyms)),
            text(hit.entry.term[lang]),
            text(matched),
        )
    console().print(table)


# --- ambiguous -----------------------------------------------------------------


def ambiguous(result: AmbiguousResult, settings: Settings) -> None:
    lang = settings.lang
    labels = _labels(settings)
    if settings.json:
        write_json(
            {
                "acronyms": [
                    {
                        "acronym": item.acronym,
                        "senses": [
                            {
                                "id": e.id,
                                "term": e.term[lang],
                                "context": e.context[lang] if e.context else None,
                                "outside_customer_service": e.outside_customer_service,
                            }
                            for e in item.senses
                        ],
                        "advice": labels["advice"].format(
                            terms=" / ".join(e.term[lang] for e in item.senses)
                        ),
                    }
                    for item in result.acronyms
                ]
            }
        )
        return
    if not result.acronyms:
        error(labels["none_ambiguous"])
        return
    from rich.table import Table

    out = console()
    for item in result.acronyms:
        table = Table(title=text(item.acronym, "bold cyan"), title_justify="left", show_edge=False)
        table.add_column(labels["term"], style="bold", ratio=1)
        table.add_column(labels["context"], ratio=2)
        for entry in item.senses:
            term = text(entry.term[lang])
            if entry.outside_customer_service:
                term.append(text(f" ({labels['outside']})", "dim"))
            table.add_row(term, text(entry.context[lang] if entry.context else "—"))
        out.print(table)
        advice = labels["advice"].format(terms=" / ".join(e.term[lang] for e in item.senses))
        out.print(text(advice, "yellow"))
        out.print()


# --- list and categories -------------------------------------------------------


def entry_list(result: ListResult, settings: Settings) -> None:
    lang = settings.lang
    if settings.json:
        write_json({"entries": [e.localized(lang) for e in result.entries]})
        return
    from rich.table import Table

    labels = _labels(settings)
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("id", style="dim")
    table.add_column(labels["acronyms"], style="cyan")
    table.add_column(labels["term"], style="bold")
    table.add_column(labels["category"])
    for entry in result.entries:
        table.add_row(
            text(entry.id),
            text(", ".join(entry.acronyms)),
            text(entry.term[lang]),
            text(CATEGORIES[entry.category][lang]),
        )
    console().print(table)


def categories(result: CategoriesResult, settings: Settings) -> None:
    lang = settings.lang
    if settings.json:
        write_json(
            {
                "categories": [
                    {"id": name, "label": CATEGORIES[name][lang], "count": count}
                    for name, count in result.counts.items()
                ]
            }
        )
        return
    from rich.table import Table

    labels = _labels(settings)
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("id", style="cyan")
    table.add_column(labels["category"])
    table.add_column(labels["entries"], justify="right")
    for name, count in result.counts.items():
        table.add_row(text(name), text(CATEGORIES[name][lang]), text(str(count)))
    console().print(table)


# --- validate ------------------------------------------------------------------


def validation(result: ValidateResult, settings: Settings) -> None:
    if settings.json:
        write_json(
            {
                "valid": result.valid,
                "files": [
                    {
                        "path": f.path,
                        "entries": f.entries,
                        "problems": [p.to_json() for p in f.problems],
                    }
                    for f in result.files
                ],
            }
        )
        return
    for report in result.files:
        for problem in report.problems:
            error(str(problem))
        if not any(not p.warning for p in report.problems):
            sys.stdout.write(
                _labels(settings)["valid"].format(
                    path=escape_controls(report.path), n=report.entries
                )
                + "\n"
            )


# --- metrics -------------------------------------------------------------------

UNIT_LABELS = {
    "fr": {
        "%": "%",
        "s": "s",
        "points": "points",
        "agents": "agents",
        "tickets": "tickets",
        "currency": "(devise)",
        "erlangs": "erlangs",
    },
    "en": {
        "%": "%",
        "s": "s",
        "points": "points",
        "agents": "agents",
        "tickets": "tickets",
        "currency": "(currency)",
        "erlangs": "erlangs",
    },
}


def number(value: object, lang: str, signed: bool = False) -> str:
    """12.5 -> '12,5' in French; integers stay integers; None -> '—'."""
    if value is None:
        return "—"
    if not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        shown = str(int(value))  # 50.0 % reads better as 50 %
    else:
        shown = str(value)
    if signed and isinstance(value, int | float) and value > 0:
        shown = "+" + shown
    return shown.replace(".", ",") if lang == "fr" else shown


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
        tail = f", ± {number(margin, lang)} {at} 95 %" if margin is not None else ""
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
        asa = number(d["asa_seconds"], lang)
        if fr:
            return (
                f"{d['agents']} agents ({d['positions']} postes à planifier) pour "
                f"{number(d['traffic_erlangs'], lang)} erlangs : niveau de service "
                f"{number(d['service_level'], lang)} %, ASA {asa} s, "
                f"occupation {number(d['occupancy'], lang)} %"
            )
        return (
            f"{d['agents']} agents ({d['positions']} positions to schedule) for "
            f"{number(d['traffic_erlangs'], lang)} erlangs: service level "
            f"{number(d['service_level'], lang)} %, ASA {asa} s, "
            f"occupancy {number(d['occupancy'], lang)} %"
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
    return f"{result.metric.upper()} {shown}" + (f", {n}" if n else "")


def _metric_title(info: MetricInfo, lang: str) -> Text:
    title = text(info.spec.id, "bold cyan")
    name = info.entry.term[lang] if info.entry else info.spec.name
    title.append(" — ")
    title.append(text(name, "bold"))
    return title


def metric_result(computed: MetricComputed, settings: Settings) -> None:
    result = computed.result
    if settings.json:
        write_json(result.to_json())
        return
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    lang = settings.lang
    body = Text()
    signed = result.metric == "nps"
    body.append(text(with_unit(result.value, result.unit, lang, signed), "bold green"))
    body.append("\n")
    body.append(text(metric_reading(result, lang)))
    body.append("\n\n")
    body.append(text(_heading(settings, "inputs"), "dim"))
    body.append(text(" · ".join(f"{k} {_plain(v, lang)}" for k, v in result.inputs.items())))
    if result.skipped:
        body.append("\n")
        body.append(text(_labels(settings)["skipped"].format(n=result.skipped), "yellow"))
    if computed.info.entry and computed.info.entry.formula:
        body.append("\n")
        body.append(text(_heading(settings, "formula"), "dim"))
        body.append(text(computed.info.entry.formula[lang]))
    parts: list[RenderableType] = [body]
    if result.groups:
        table = Table(show_edge=False, pad_edge=False)
        table.add_column(text(str(result.inputs.get("by") or _labels(settings)["group"])))
        table.add_column(_labels(settings)["value"], justify="right")
        table.add_column("n", justify="right")
        for group in result.groups:
            table.add_row(
                text(group.key or "∅"),
                text(with_unit(group.value, result.unit, lang, signed)),
                text(str(group.n)),
            )
        parts += [Text(""), table]
    console().print(
        Panel(Group(*parts), title=_metric_title(computed.info, lang), title_align="left")
    )


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

    labels = _labels(settings)
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
            body.append(text(_heading(settings, "formula"), "green"))
            body.append(text(entry.formula[lang]))
            body.append("\n")
    body.append(text(_heading(settings, "reading"), "green"))
    body.append(text(info.spec.reading))
    body.append("\n\n")
    body.append(_options_text(info, settings))
    if entry and entry.caution:
        body.append("\n\n")
        body.append(text(_heading(settings, "caution"), "yellow"))
        body.append(text(entry.caution[lang]))
    if entry:
        body.append("\n\n")
        body.append(text(f"cx define {entry.acronyms[0] if entry.acronyms else entry.id}", "dim"))
    console().print(Panel(body, title=_metric_title(info, lang), title_align="left"))


def _options_text(info: MetricInfo, settings: Settings) -> Text:
    from rich.text import Text

    lines = Text()
    lines.append(text(_heading(settings, "options"), "bold"))
    for spec in info.spec.inputs:
        flag = "" if not spec.required else " *"
        default = f" [{spec.default}]" if spec.default else ""
        lines.append("\n  ")
        lines.append(text(f"--{spec.name} {spec.kind.upper()}{flag}", "cyan"))
        lines.append(text(f"  {spec.help}{default}"))
    if info.spec.accepts_file:
        lines.append("\n  ")
        lines.append(text("--file PATH|- [--column NAME] [--by COLUMN] [--skip-invalid]", "cyan"))
    return lines


def metric_options(info: MetricInfo, settings: Settings) -> None:
    if settings.json:
        write_json(_metric_json(info, settings.lang))
        return
    out = console()
    out.print(_metric_title(info, settings.lang))
    out.print(_options_text(info, settings))


# --- quiz, scan, export ------------------------------------------------------------

if TYPE_CHECKING:
    from .results import (
        ExportResult,
        QuizAnswer,
        QuizQuestion,
        QuizSession,
        ScanFinding,
        ScanResult,
    )

MORE_LABELS = {
    "fr": {
        "question": "Question {n}/{total}",
        "which_term": "Quel terme correspond à cette définition ?",
        "answer_typed": "Votre réponse : ",
        "answer_choice": "Votre réponse (numéro ou lettre) : ",
        "right": "✓ Bonne réponse.",
        "wrong": "✗ La réponse était : {answer}",
        "score": "Score : {correct}/{answered}",
        "stopped": "Session arrêtée après {answered} question(s) sur {total}.",
        "missed": "À revoir",
        "no_miss": "Aucune erreur.",
        "replay": "Pour rejouer les mêmes questions : {command}",
        "clear": "✓ {source} : aucun acronyme ni jargon.",
        "found": "{source} : {n} terme(s) à expliquer",
        "found_ambiguous": "{source} : {n} terme(s) à expliquer, dont {ambiguous} ambigu(s)",
        "ambiguous_tag": "ambigu",
        "jargon_tag": "jargon",
        "line": "ligne {line}, col. {column}",
        "more": "et {n} autre(s)",
        "rewrite_one": "Écrivez {rewrite} au lieu de {text}.",
        "rewrite_many": "Écrivez en toutes lettres le sens voulu : {rewrites}.",
        "rewrite_jargon": "Expliquez {text} en mots simples (terme de référence : {rewrites}).",
        "explain": "Expliquez {text} en mots simples.",
        "or": " ou ",
        "exported": "✓ {n} entrée(s) exportée(s) ({format}) dans {path}",
    },
    "en": {
        "question": "Question {n}/{total}",
        "which_term": "Which term does this definition describe?",
        "answer_typed": "Your answer: ",
        "answer_choice": "Your answer (number or letter): ",
        "right": "✓ Right.",
        "wrong": "✗ The answer was: {answer}",
        "score": "Score: {correct}/{answered}",
        "stopped": "Session stopped after {answered} of {total} question(s).",
        "missed": "To review",
        "no_miss": "No mistakes.",
        "replay": "To replay the same questions: {command}",
        "clear": "✓ {source}: no acronym or jargon.",
        "found": "{source}: {n} term(s) to explain",
        "found_ambiguous": "{source}: {n} term(s) to explain, {ambiguous} of them ambiguous",
        "ambiguous_tag": "ambiguous",
        "jargon_tag": "jargon",
        "line": "line {line}, col. {column}",
        "more": "and {n} more",
        "rewrite_one": "Write {rewrite} instead of {text}.",
        "rewrite_many": "Spell out the sense you mean: {rewrites}.",
        "rewrite_jargon": "Explain {text} in plain words (standard term: {rewrites}).",
        "explain": "Explain {text} in plain words.",
        "or": " or ",
        "exported": "✓ {n} entries exported ({format}) to {path}",
    },
}


def _more(lang: str, key: str) -> str:
    return MORE_LABELS[lang][key]


def quoted(value: str, lang: str) -> str:
    return f"«\u00a0{value}\u00a0»" if lang == "fr" else f"“{value}”"


def option_label(entry: Entry, lang: str) -> str:
    """How an entry reads in a list of choices: "AHT · DMT — Durée moyenne de traitement"."""
    term = entry.term[lang]
    return f"{' · '.join(entry.acronyms)} — {term}" if entry.acronyms else term


# --- quiz ---


def _quiz_console(settings: Settings, interactive: bool) -> Console | None:
    """Where the quiz talks: stdout for people; with --json, stderr for a person at a
    terminal and nowhere for a script (stdout then holds only the final JSON)."""
    if not settings.json:
        return console()
    if not interactive:
        return None
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False, markup=False)


def quiz_question(
    session: QuizSession, question: QuizQuestion, settings: Settings, interactive: bool
) -> None:
    out = _quiz_console(settings, interactive)
    if out is None:
        return
    lang = session.lang
    heading = text(
        _more(lang, "question").format(n=question.number, total=len(session.questions)), "bold"
    )
    heading.append(text(f" · {CATEGORIES[question.entry.category][lang]}", "dim"))
    out.print(heading)
    out.print(text(question.prompt))
    if question.options:
        for index, option in enumerate(question.options, start=1):
            line = text("")
            line.append(text(f"  {index}) ", "cyan"))
            line.append(text(option_label(option, lang)))
            out.print(line)
        prompt = _more(lang, "answer_choice")
    else:
        out.print(text(_more(lang, "which_term"), "dim"))
        prompt = _more(lang, "answer_typed")
    out.print(text(prompt, "bold"), end="")
    out.file.flush()


def quiz_feedback(answer: QuizAnswer, settings: Settings, interactive: bool) -> None:
    out = _quiz_console(settings, interactive)
    if out is None:
        return
    lang = settings.lang
    if not interactive:
        out.print(text(answer.given))  # scripted answers show in the transcript
    if answer.correct:
        out.print(text(_more(lang, "right"), "bold green"))
    else:
        shown = option_label(answer.question.entry, lang)
        out.print(text(_more(lang, "wrong").format(answer=shown), "bold red"))
    out.print()


def quiz_replay_command(session: QuizSession) -> str:
    parts = ["cx quiz", f"--seed {session.seed}", f"--count {len(session.questions)}"]
    if session.mode != "choice":
        parts.append(f"--mode {session.mode}")
    if session.category:
        parts.append(f"--category {session.category}")
    if session.lang != "fr":
        parts.append(f"--lang {session.lang}")
    return " ".join(parts)


def quiz_percent(session: QuizSession) -> float | None:
    if not session.answers:
        return None
    return round(100 * session.correct / len(session.answers), 1)


def quiz_summary(session: QuizSession, settings: Settings) -> None:
    lang = session.lang
    if settings.json:
        write_json(_quiz_json(session))
        return
    out = console()
    answered = len(session.answers)
    score = text(_more(lang, "score").format(correct=session.correct, answered=answered), "bold")
    percent = quiz_percent(session)
    if percent is not None:
        score.append(text(f" ({number(percent, lang)}\u00a0%)", "bold"))
    if not session.complete:
        out.print()  # the last prompt is still waiting for its line end
        out.print(
            text(
                _more(lang, "stopped").format(answered=answered, total=len(session.questions)),
                "yellow",
            )
        )
    out.print(score)
    missed = session.missed
    if missed:
        from rich.table import Table

        table = Table(
            title=text(_more(lang, "missed"), "bold"), title_justify="left", show_edge=False
        )
        table.add_column(_labels(settings)["acronyms"], style="cyan")
        table.add_column(_labels(settings)["term"], style="bold")
        for entry in missed:
            table.add_row(text(", ".join(entry.acronyms)), text(entry.term[lang]))
        out.print(table)
    elif answered:
        out.print(text(_more(lang, "no_miss"), "green"))
    out.print(text(_more(lang, "replay").format(command=quiz_replay_command(session)), "dim"))


def _quiz_json(session: QuizSession) -> dict[str, Any]:
    lang = session.lang
    by_question = {id(a.question): a for a in session.answers}

    def brief(entry: Entry) -> dict[str, Any]:
        return {"id": entry.id, "term": entry.term[lang], "acronyms": list(entry.acronyms)}

    questions = []
    for question in session.questions:
        answer = by_question.get(id(question))
        questions.append(
            {
                "number": question.number,
                "id": question.entry.id,
                "prompt": question.prompt,
                "options": (
                    [
                        {"number": i, "id": o.id, "label": option_label(o, lang)}
                        for i, o in enumerate(question.options, start=1)
                    ]
                    if question.options
                    else None
                ),
                "answer": brief(question.entry),
                "accepted": sorted({name for _, name in question.entry.names()}),
                "given": answer.given if answer else None,
                "chosen": answer.chosen.id if answer and answer.chosen else None,
                "correct": answer.correct if answer else None,
            }
        )
    return {
        "mode": session.mode,
        "lang": lang,
        "seed": session.seed,
        "category": session.category,
        "complete": session.complete,
        "interrupted": session.interrupted,
        "score": {
            "correct": session.correct,
            "answered": len(session.answers),
            "total": len(session.questions),
            "percent": quiz_percent(session),
        },
        "questions": questions,
        "missed": [brief(e) for e in session.missed],
    }


# --- scan ---


def first_sentence(value: str) -> str:
    import re

    parts = re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ«\"“(])", value.strip(), maxsplit=1)
    return parts[0]


def scan_suggestion(finding: ScanFinding, lang: str) -> str:
    """One sentence, in the reader's language, on what to write instead."""
    shown = quoted(finding.text, lang)
    rewrites = [quoted(r, lang) for r in finding.rewrites]
    joined = (
        ", ".join(rewrites[:-1]) + _more(lang, "or") + rewrites[-1]
        if len(rewrites) > 1
        else "".join(rewrites)
    )
    if finding.kind == "jargon":
        if not rewrites:
            return _more(lang, "explain").format(text=shown)
        return _more(lang, "rewrite_jargon").format(text=shown, rewrites=joined)
    if len(rewrites) == 1:
        return _more(lang, "rewrite_one").format(rewrite=joined, text=shown)
    return _more(lang, "rewrite_many").format(rewrites=joined)


def scan(result: ScanResult, settings: Settings) -> None:
    lang = settings.lang
    if settings.json:
        write_json(
            {
                "source": result.source,
                "lang": lang,
                "text_lang": result.text_lang,
                "clear": result.clear,
                "findings": [
                    {
                        "text": f.text,
                        "kind": f.kind,
                        "ambiguous": f.ambiguous,
                        "occurrences": [
                            {"line": o.line, "column": o.column, "text": o.text}
                            for o in f.occurrences
                        ],
                        "senses": [
                            {
                                "id": e.id,
                                "term": e.term[lang],
                                "acronyms": list(e.acronyms),
                                "definition": e.definition[lang],
                                "context": e.context[lang] if e.context else None,
                                "outside_customer_service": e.outside_customer_service,
                            }
                            for e in f.senses
                        ],
                        "rewrites": f.rewrites,
                        "suggestion": scan_suggestion(f, lang),
                    }
                    for f in result.findings
                ],
            }
        )
        return
    out = console()
    if result.clear:
        out.print(text(_more(lang, "clear").format(source=result.source), "bold green"))
        return
    ambiguous_count = sum(1 for f in result.findings if f.ambiguous)
    out.print(
        text(
            _more(lang, "found_ambiguous" if ambiguous_count else "found").format(
                source=result.source, n=len(result.findings), ambiguous=ambiguous_count
            ),
            "bold",
        )
    )
    for finding in result.findings:
        out.print()
        out.print(_scan_finding(finding, settings))


def _scan_finding(finding: ScanFinding, settings: Settings) -> RenderableType:
    lang = settings.lang
    head = text("⚠ " if finding.ambiguous else "• ", "yellow" if finding.ambiguous else "cyan")
    head.append(text(finding.text, "bold cyan" if finding.kind == "acronym" else "bold magenta"))
    tags = []
    if finding.ambiguous:
        tags.append(_more(lang, "ambiguous_tag"))
    if finding.kind == "jargon":
        tags.append(_more(lang, "jargon_tag"))
    places = [_more(lang, "line").format(line=o.line, column=o.column) for o in finding.occurrences]
    if len(places) > 5:
        places = [*places[:5], _more(lang, "more").format(n=len(places) - 5)]
    head.append(text("  " + " · ".join([*tags, "; ".join(places)]), "dim"))
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    body = Text()
    for entry in finding.senses:
        body.append(text(entry.term[lang], "bold"))
        if entry.outside_customer_service:
            body.append(text(f" ({_labels(settings)['outside']})", "dim"))
        body.append(text(" — " + first_sentence(entry.definition[lang])))
        body.append("\n")
    body.append(text("→ " + scan_suggestion(finding, lang), "green"))
    return Group(head, Padding(body, (0, 0, 0, 4)))


# --- export ---


def export(result: ExportResult, settings: Settings) -> None:
    """The export on stdout, or written to --output with one line saying so."""
    if result.path is None:
        sys.stdout.write(result.content)
        return
    size = write_file(result.path, result.content)
    if settings.json:
        write_json(
            {"format": result.format, "path": result.path, "entries": result.count, "bytes": size}
        )
        return
    message = _more(settings.lang, "exported").format(
        n=result.count, format=result.format, path=result.path
    )
    console().print(text(message, "green"))


def write_file(path: str, content: str) -> int:
    """Write `content` as UTF-8 next to `path`, then rename: readers never see half a file."""
    import contextlib
    import os

    from .errors import InputError

    data = content.encode("utf-8")
    folder = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(folder, f".{os.path.basename(path)}.cx-{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise InputError(f"{path}: cannot write ({exc.strerror})") from None
    return len(data)


# --- progress while indexing ---------------------------------------------------


def build_status() -> Status | None:
    """A status line on stderr while a glossary is indexed, only for a person
    watching a terminal, and only once it has taken more than a second."""
    if not sys.stderr.isatty():
        return None
    return _DelayedStatus


class _DelayedStatus:
    """Shows a Rich spinner after DELAY seconds; Rich is imported only then, so a
    fast build (the usual case) costs nothing."""

    DELAY = 1.0

    def __init__(self, label: str) -> None:
        import threading

        self.label = label
        self.lock = threading.Lock()
        self.done = False
        self.status: Any = None
        self.timer = threading.Timer(self.DELAY, self._show)
        self.timer.daemon = True

    def _show(self) -> None:
        from rich.console import Console

        with self.lock:
            if self.done:
                return
            self.status = Console(stderr=True).status(escape_controls(self.label) + " …")
            self.status.start()

    def __enter__(self) -> _DelayedStatus:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()
        with self.lock:
            self.done = True
            if self.status is not None:
                self.status.stop()
