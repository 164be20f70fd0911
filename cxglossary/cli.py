"""The `cx` command line: parse, call the core, hand the result to render.

No logic lives here beyond reading arguments; errors from the core are mapped
to exit codes in one place (`_run`).

Annotations stay text until the command being run needs them (`app_for`): building
the `Annotated[..., typer.Option(...)]` of every command cost more than the rest of
this module.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import CxError

# Options that apply to every command and may stand before or after its name.
GLOBAL_FLAGS = {"--json"}
GLOBAL_VALUED = {"--lang", "--glossary", "-g"}


class GlobalOptionsGroup(TyperGroup):
    """Moves global options to the front so `cx define AHT --json` == `cx --json define AHT`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(args))


def hoist_global_options(args: list[str]) -> list[str]:
    hoisted: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        name = arg.split("=", 1)[0]
        if arg in GLOBAL_FLAGS or (name in GLOBAL_VALUED and "=" in arg):
            hoisted.append(arg)
        elif arg in GLOBAL_VALUED:
            hoisted.extend(args[i : i + 2])
            i += 1
        else:
            rest.append(arg)
        i += 1
    return hoisted + rest


APP_SETTINGS: dict[str, Any] = {
    "cls": GlobalOptionsGroup,
    "help": "cx: the customer-service glossary and KPI calculator (relation client).",
    "no_args_is_help": True,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**APP_SETTINGS)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"cx {__version__}\n")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    json_output: Annotated[
        bool, typer.Option("--json", help="Write JSON for scripts (stdout holds only JSON).")
    ] = False,
    lang: Annotated[
        str | None, typer.Option("--lang", help="fr or en (default: $CX_LANG, else fr).")
    ] = None,
    glossary: Annotated[
        list[str] | None,
        typer.Option(
            "--glossary",
            "-g",
            help="Company glossary over the built-in one (repeatable; also $CX_GLOSSARY).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Global options work before or after the command name."""
    ctx.obj = (json_output, lang, glossary)


def _run(ctx: typer.Context, action: Callable[[Any], int]) -> None:
    """Resolve settings, run the action, map domain errors to exit codes."""
    from . import render
    from .settings import resolve

    try:
        json_output, lang, glossaries = ctx.obj
        settings = resolve(json_output, lang, glossaries, status=render.build_status())
        start_work()
        code = action(settings)
    except CxError as exc:
        render.error(str(exc))
        raise typer.Exit(exc.exit_code) from None
    raise typer.Exit(code)


def start_work() -> None:
    """Start-up is over: when the console script paused the garbage collector
    (entry.py), freeze what start-up built and let the collector run again, so that a
    long command (a large file, a batch) frees its cycles as usual."""
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _glossary(settings: Any) -> Any:
    """The built-in glossary with its overlays; their warnings go to stderr."""
    from . import actions, render

    glossary = actions.glossary_for(settings)
    for problem in glossary.warnings:
        render.warning(problem)
    return glossary


def _complete_names(ctx: typer.Context, incomplete: str) -> list[str]:
    """`cx define <TAB>`: acronyms and terms from the compiled index (overlays included)."""
    from .complete import glossary_names

    root = ctx.find_root()
    glossaries = (root.params or {}).get("glossary") or []
    shell = os.environ.get("_CX_COMPLETE", "").removeprefix("complete_") or None
    return glossary_names(incomplete, glossaries, shell)


def _complete_metrics(incomplete: str) -> list[str]:
    """`cx metric <TAB>`: calculator ids."""
    from .complete import metric_ids

    return metric_ids(incomplete)


@app.command()
def define(
    ctx: typer.Context,
    queries: Annotated[
        list[str],
        typer.Argument(
            help="Acronyms or terms; '-' reads one per line from stdin.",
            autocompletion=_complete_names,
        ),
    ],
) -> None:
    """What an acronym or term means (exact match; ambiguous acronyms show every sense)."""

    def action(settings: Any) -> int:
        from . import actions
        from .render import glossary as render

        stdin = sys.stdin if "-" in queries else None
        wanted = actions.read_queries(queries, stdin)
        glossary = _glossary(settings)
        results = actions.define(glossary, wanted, settings.lang)
        if not settings.json:
            actions.link_terms(glossary, results)
        render.define(results, settings)
        return 0 if all(r.found for r in results) else 1

    _run(ctx, action)


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="Words to look for; typos and accents tolerated.")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="Most results to show.")] = 10,
    category: Annotated[
        str | None, typer.Option("--category", "-c", help="Only this category.")
    ] = None,
) -> None:
    """Fuzzy search over acronyms, terms, aliases and definitions."""

    def action(settings: Any) -> int:
        from . import actions
        from .render import glossary as render

        glossary = _glossary(settings)
        result = actions.search(glossary, query, limit, category)
        render.search(result, settings)
        return 0 if result.hits else 1

    _run(ctx, action)


@app.command()
def ambiguous(
    ctx: typer.Context,
    acronym: Annotated[str | None, typer.Argument(help="Only this acronym.")] = None,
) -> None:
    """Acronyms with several meanings: spell them out with customers."""

    def action(settings: Any) -> int:
        from . import actions
        from .render import glossary as render

        glossary = _glossary(settings)
        result = actions.ambiguous(glossary, acronym)
        render.ambiguous(result, settings)
        return 0 if result.acronyms or acronym is None else 1

    _run(ctx, action)


@app.command("list")
def list_command(
    ctx: typer.Context,
    category: Annotated[
        str | None, typer.Option("--category", "-c", help="Only this category.")
    ] = None,
    origin: Annotated[
        str | None,
        typer.Option(
            "--origin", help="Only the entries cx uses from this file ('built-in' for ours)."
        ),
    ] = None,
) -> None:
    """Browse the entries, optionally one category or one glossary file."""

    def action(settings: Any) -> int:
        from . import actions
        from .render import glossary as render

        glossary = _glossary(settings)
        render.entry_list(actions.list_entries(glossary, category, origin), settings)
        return 0

    _run(ctx, action)


@app.command()
def categories(ctx: typer.Context) -> None:
    """The categories with their number of entries."""

    def action(settings: Any) -> int:
        from . import actions
        from .render import glossary as render

        glossary = _glossary(settings)
        render.categories(actions.categories(glossary), settings)
        return 0

    _run(ctx, action)


@app.command()
def sources(ctx: typer.Context) -> None:
    """The works the glossary cites: publisher, title, date, and how many entries cite each."""

    def action(settings: Any) -> int:
        from . import actions
        from .render import glossary as render

        glossary = _glossary(settings)
        render.sources(actions.sources(glossary), settings)
        return 0

    _run(ctx, action)


@app.command()
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None, typer.Argument(help="Glossary files (default: the built-in one).")
    ] = None,
) -> None:
    """Check glossary files against the schema; one line per problem."""

    def action(settings: Any) -> int:
        from . import actions
        from .render import glossary as render

        result = actions.validate(list(paths or []))
        render.validation(result, settings)
        return 0 if result.valid else 2

    _run(ctx, action)


@app.command()
def init(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="The file to write, e.g. team.yaml.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter company glossary that cx validate accepts."""

    def action(settings: Any) -> int:
        from . import actions
        from .render import glossary as render

        render.init(actions.init_overlay(path, settings.lang, force=force), settings)
        return 0

    _run(ctx, action)


METRIC_HELP = """Contact-centre indicators, computed exactly and explained.

\b
  cx metric                          list the calculators
  cx metric nps --explain            formula, inputs and how to read it
  cx metric nps --promoters 50 --passives 30 --detractors 20
  cx metric nps --scores 10,9,8,3
  cx metric nps --file survey.csv --column score --by team
  cx metric service-level --file calls.csv --threshold 20s --by queue --per 30m
  cx metric erlang --calls 100 --interval 30m --aht 180s --service-level 80/20
  cx metric erlang --calls 100 --interval 30m --aht 3m --patience 5m   (Erlang A)
  cx metric erlang --file forecast.csv --patience 5m   a plan for every interval
  cx metric erlang-b --traffic 10 --blocking 2%
  cx metric ID --help                the options of one calculator
"""


PER_OPTION = typer.Option(
    "--per", help="One row per period of the time column: 15m, 30m, 1h, day, week, month."
)
TZ_OPTION = typer.Option("--tz", help="Time zone of the time column (Europe/Paris).")
SHEET_OPTION = typer.Option("--sheet", help="Sheet of an Excel workbook: name or number.")
ENCODING_OPTION = typer.Option("--encoding", help="Encoding of a CSV file (default UTF-8).")
MAP_OPTION = typer.Option("--map", help="NAME=HEADER: read this header as that column.")


@app.command(
    help=METRIC_HELP,
    short_help="Contact-centre indicators (NPS, CSAT, AHT, Erlang C …), exact and explained.",
    context_settings={
        "allow_extra_args": True,
        "ignore_unknown_options": True,
        "help_option_names": [],
    },
)
def metric(
    ctx: typer.Context,
    metric_id: Annotated[
        str | None,
        typer.Argument(
            help="Calculator id (cx metric lists them).", autocompletion=_complete_metrics
        ),
    ] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Explain the formula.")] = False,
    file: Annotated[
        str | None,
        typer.Option("--file", "-f", help="CSV, Excel (.xlsx) or JSON Lines file ('-': stdin)."),
    ] = None,
    column: Annotated[
        str | None, typer.Option("--column", help="Column holding the values.")
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="One result per value of this column.")
    ] = None,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Skip bad rows and count them.")
    ] = False,
    per: Annotated[str | None, PER_OPTION] = None,
    tz: Annotated[str | None, TZ_OPTION] = None,
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", help="Sheet of an Excel workbook: name or number (default: 1)."),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help="Encoding of a CSV file (default UTF-8; e.g. cp1252)."),
    ] = None,
    maps: Annotated[
        list[str] | None,
        typer.Option("--map", help="NAME=HEADER: read this header as that column (repeatable)."),
    ] = None,
    patience_from: Annotated[
        str | None,
        typer.Option(
            "--patience-from", help="erlang: the mean patience of a contact log (calls.csv)."
        ),
    ] = None,
    compare: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--compare",
            metavar="A B",
            help="Is A − B more than noise? Two --by groups, or two counts (100/50/50 110/65/75).",
        ),
    ] = None,
) -> None:
    args = list(ctx.args)
    if metric_id in ("--help", "-h"):  # unknown options are passed through, so is --help
        args = [metric_id, *args]
        metric_id = None
    wants_help = any(arg in ("--help", "-h") for arg in args)
    if metric_id is None and wants_help:
        sys.stdout.write(ctx.get_help() + "\n")
        raise typer.Exit(0)

    def action(settings: Any) -> int:
        from . import actions
        from .render import metrics as render

        glossary = _glossary(settings)
        if metric_id is None:
            render.metric_list(actions.metric_list(glossary), settings)
            return 0
        info = actions.metric_info(glossary, metric_id)
        if wants_help:
            render.metric_options(info, settings)
            return 0
        if explain:
            render.metric_explain(info, settings)
            return 0
        computed = actions.metric_compute(
            info,
            args,
            file=file,
            column=column,
            by=by,
            skip_invalid=skip_invalid,
            stdin=sys.stdin,
            glossary=glossary,
            sheet=sheet,
            encoding=encoding,
            maps=maps,
            compare=compare,
            log=actions.LogOptions(per, tz, maps, sheet, encoding, chart=not settings.json),
            patience_from=patience_from,
        )
        render.metric_result(computed, settings)
        return 0

    _run(ctx, action)


REPORT_HELP = """Every indicator a file's columns allow, in one screen.

\b
A contact log (one row per contact: time, queue, wait, outcome, talk, hold, wrap …) gives
offered, answered and abandoned contacts, service level, ASA, AHT, abandonment, FCR, the
mean patience and the workload; a survey file (a score column) gives NPS or CSAT.

\b
  cx report calls.csv
  cx report calls.csv --by queue --per 30m --threshold 20s --target 80
  cx report calls.xlsx --sheet Janvier --per day --tz Europe/Paris
  cx report survey.csv --per week
"""


@app.command(
    help=REPORT_HELP,
    short_help="Every indicator of a contact log or survey file, per group and period.",
)
def report(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="CSV or Excel file ('-': stdin).")],
    by: Annotated[
        str | None, typer.Option("--by", help="One row per value of this column (queue …).")
    ] = None,
    per: Annotated[str | None, PER_OPTION] = None,
    tz: Annotated[str | None, TZ_OPTION] = None,
    threshold: Annotated[
        str | None, typer.Option("--threshold", help="Service-level threshold [20s].")
    ] = None,
    abandons: Annotated[
        str | None,
        typer.Option("--abandons", help="Abandons within T: against, ignored or for [against]."),
    ] = None,
    short_abandon: Annotated[
        str | None,
        typer.Option("--short-abandon", help="Abandons before this wait are not counted (5s)."),
    ] = None,
    target: Annotated[
        str | None, typer.Option("--target", help="Service-level target on the chart [80].")
    ] = None,
    sheet: Annotated[str | None, SHEET_OPTION] = None,
    encoding: Annotated[str | None, ENCODING_OPTION] = None,
    maps: Annotated[list[str] | None, MAP_OPTION] = None,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Skip bad rows and count them.")
    ] = False,
) -> None:
    def action(settings: Any) -> int:
        from . import actions
        from .render import reports as render

        computed = actions.report(
            file,
            by=by,
            skip_invalid=skip_invalid,
            log=actions.LogOptions(per, tz, maps, sheet, encoding, chart=not settings.json),
            threshold=threshold,
            abandons=abandons,
            short_abandon=short_abandon,
            target=target,
            stdin=sys.stdin,
        )
        render.report(computed, settings)
        return 0

    _run(ctx, action)


# Choices as enums so that help, validation and shell completion list them; kept here
# (not imported from quiz.py/export.py) so that `cx --help` stays cheap.
class QuizMode(StrEnum):
    choice = "choice"
    typed = "typed"


class ExportFormat(StrEnum):
    markdown = "markdown"
    csv = "csv"
    json = "json"
    html = "html"
    anki = "anki"


@app.command()
def quiz(
    ctx: typer.Context,
    mode: Annotated[
        QuizMode,
        typer.Option("--mode", "-m", help="choice (4 options) or typed (write the term)."),
    ] = QuizMode.choice,
    category: Annotated[
        str | None, typer.Option("--category", "-c", help="Only this category.")
    ] = None,
    count: Annotated[int, typer.Option("--count", "-n", help="Number of questions.")] = 10,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Same seed, same questions (reproducible run).")
    ] = None,
) -> None:
    """Flashcards: a definition, which term is it? Answers are read one per line."""

    def action(settings: Any) -> int:
        from . import actions
        from .render import onboarding as render

        glossary = _glossary(settings)
        session = actions.quiz_session(
            glossary,
            mode=mode.value,
            category=category,
            count=count,
            seed=seed,
            lang=settings.lang,
        )
        interactive = sys.stdin.isatty()
        actions.quiz_play(
            session,
            sys.stdin,
            show=lambda q: render.quiz_question(session, q, settings, interactive),
            tell=lambda a: render.quiz_feedback(a, settings, interactive),
        )
        render.quiz_summary(session, settings)
        return 130 if session.interrupted else 0

    _run(ctx, action)


@app.command()
def scan(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="Text file to check; '-' reads standard input.")],
) -> None:
    """Acronyms and jargon in a text for a customer; exit 1 when there are some."""

    def action(settings: Any) -> int:
        from . import actions
        from .render import onboarding as render

        glossary = _glossary(settings)
        stdin = sys.stdin.buffer if source == "-" else None
        result = actions.scan(glossary, source, stdin, settings.lang)
        render.scan(result, settings)
        return 0 if result.clear else 1

    _run(ctx, action)


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="markdown, csv, json, html or anki (default: from the --output extension, "
            "else markdown; json with --json).",
        ),
    ] = None,
    category: Annotated[
        str | None, typer.Option("--category", "-c", help="Only this category.")
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write to this file (default: stdout).")
    ] = None,
) -> None:
    """The whole glossary, both languages: handouts, intranet page, Anki deck."""

    def action(settings: Any) -> int:
        from . import actions
        from .render import onboarding as render

        chosen = actions.export_format(fmt.value if fmt else None, output, settings.json)
        glossary = _glossary(settings)
        result = actions.export(glossary, chosen, category, settings.lang, output)
        render.export(result, settings)
        return 0

    _run(ctx, action)


def run() -> None:
    """Console-script entry point: quiet on closed pipes and Ctrl-C.

    `cx list | head -1` closes our stdout early. Three layers can see the broken pipe: Rich
    (it points stdout at /dev/null and raises SystemExit(1)), Typer (it catches EPIPE and
    exits 1) and Python itself (BrokenPipeError, or "Exception ignored" when flushing at
    exit). Whichever sees it, a reader that stopped reading is not an error: exit 0, silently.
    Ctrl-C exits 130 with one short line, whether Typer or Python caught it.
    """
    from typing import NoReturn

    def caused_by(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
        seen: set[int] = set()
        link: BaseException | None = exc
        while link is not None and id(link) not in seen:
            seen.add(id(link))
            if isinstance(link, kind):
                return link
            link = link.__cause__ or link.__context__
        return None

    def closed_pipe(exc: BaseException) -> bool:
        import errno

        found = caused_by(exc, OSError)
        return isinstance(found, OSError) and found.errno == errno.EPIPE

    def interrupted() -> NoReturn:
        try:
            sys.stderr.write("\ncx: interrupted\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
        sys.exit(130)

    code: int | str | None = 0
    try:
        app_for(sys.argv[1:])()
    except SystemExit as exc:
        code = exc.code
        if code == 130 and caused_by(exc, KeyboardInterrupt) is not None:
            interrupted()
        if code not in (0, None) and closed_pipe(exc):
            _silence_stdout()
            sys.exit(0)
    except KeyboardInterrupt:
        interrupted()
    except OSError as exc:
        if not closed_pipe(exc):
            raise
        _silence_stdout()
        sys.exit(0)
    try:
        # Flush here, not at interpreter exit, where a closed pipe prints "Exception ignored".
        sys.stdout.flush()
    except OSError as exc:
        if not closed_pipe(exc):
            raise
        _silence_stdout()
        code = 0
    except KeyboardInterrupt:
        interrupted()
    sys.exit(code)


def app_for(args: list[str]) -> typer.Typer:
    """The app with only the command being run.

    Typer turns every command and option into Click objects before parsing; with
    a dozen commands that is a few milliseconds of every run. Help, completion and
    unknown commands get the full app, so they still list everything.
    """
    if app.registered_callback is not None:
        _annotate(app.registered_callback.callback)
    name = _command_name(hoist_global_options(args))
    if name is not None and not any(name.endswith("_COMPLETE") for name in os.environ):
        for info in app.registered_commands:
            callback_name = info.callback.__name__ if info.callback else ""
            if (info.name or callback_name.replace("_", "-")) == name:
                _annotate(info.callback)
                single = typer.Typer(**APP_SETTINGS)
                single.registered_callback = app.registered_callback
                single.registered_commands = [info]
                return single
    for info in app.registered_commands:
        _annotate(info.callback)
    return app


def _annotate(func: Callable[..., Any] | None) -> None:
    """Turn a command's text annotations into objects, with one `eval` for them all.

    Typer would evaluate each one twice (`inspect.signature(eval_str=True)`, then
    `get_type_hints`), compiling its text each time; evaluated here, it finds them
    ready. The callbacks and completions of its options are annotated too.
    """
    notes = getattr(func, "__annotations__", {})
    pending = [name for name, note in notes.items() if isinstance(note, str)]
    if func is None or not pending:
        return
    source = "(" + ", ".join(notes[name] for name in pending) + ",)"
    values = eval(source, func.__globals__)  # the module's own annotations, as inspect does
    notes.update(zip(pending, values, strict=True))
    for value in values:
        for info in getattr(value, "__metadata__", ()):
            _annotate(getattr(info, "callback", None))
            _annotate(getattr(info, "autocompletion", None))


def _command_name(args: list[str]) -> str | None:
    """The first word after the (hoisted) global options, if it names a command."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in GLOBAL_FLAGS or (arg.split("=", 1)[0] in GLOBAL_VALUED and "=" in arg):
            i += 1
        elif arg in GLOBAL_VALUED:
            i += 2
        else:
            return None if arg.startswith("-") else arg
    return None


def _silence_stdout() -> None:
    # Python flushes stdout at exit; pointing it at /dev/null stops a second
    # BrokenPipeError from printing "Exception ignored ..." after we leave.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
