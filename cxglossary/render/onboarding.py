"""Onboarding commands on screen and as JSON: quiz, scan and export."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from ..glossary import Entry
from ..settings import Settings
from . import (
    category_label,
    console,
    labels_for,
    marked,
    number,
    plain_marked,
    text,
    write_json,
)

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

# --- quiz, scan, export ------------------------------------------------------------

if TYPE_CHECKING:
    from ..results import (
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
    term = plain_marked(entry, "term", lang)
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
    label = category_label(session.categories, question.entry.category, lang)
    heading.append(text(f" · {label}", "dim"))
    out.print(heading)
    prompt_text = text(question.prompt)
    note = question.entry.fallback_note("definition", lang)
    if note is not None:
        prompt_text.append(text(" " + note, "dim italic"))
    out.print(prompt_text)
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
        table.add_column(labels_for(settings)["acronyms"], style="cyan")
        table.add_column(labels_for(settings)["term"], style="bold")
        for entry in missed:
            table.add_row(text(", ".join(entry.acronyms)), marked(entry, "term", lang))
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
                "fallback": bool(question.entry.fallback_fields(lang)),
                "fallback_fields": question.entry.fallback_fields(lang),
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
                                "fallback": bool(e.fallback_fields(lang)),
                                "fallback_fields": e.fallback_fields(lang),
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
        body.append(marked(entry, "term", lang, "bold"))
        if entry.outside_customer_service:
            body.append(text(f" ({labels_for(settings)['outside']})", "dim"))
        body.append(text(" — " + first_sentence(entry.definition[lang])))
        note = entry.fallback_note("definition", lang)
        if note is not None:
            body.append(text(" " + note, "dim italic"))
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

    from ..errors import InputError

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
