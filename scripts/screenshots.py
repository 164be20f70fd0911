"""Regenerate the README pictures from the real commands, so they never go stale.

Each picture runs one `cx` command in-process (Typer's CliRunner, the same path as the
tests) with render's console replaced by a recording Rich console, then saves the
recording as SVG with Rich's Console.save_svg.

    python scripts/screenshots.py            # write docs/define.svg, ambiguous.svg, metric.svg
    python scripts/screenshots.py --check    # exit 1 when a picture's text is out of date

`--check` compares the text shown in each picture, not the SVG bytes, so a different
Rich version (which may style the SVG differently) does not count as stale.
"""

from __future__ import annotations

import html
import io
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
WIDTH = 88

# (file, arguments, window title)
SHOTS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("define.svg", ("define", "AHT", "--lang", "en"), "cx define AHT --lang en"),
    ("ambiguous.svg", ("ambiguous", "CS", "--lang", "en"), "cx ambiguous CS --lang en"),
    (
        "metric.svg",
        ("metric", "nps", "--promoters", "50", "--passives", "30", "--detractors", "20"),
        "cx metric nps --promoters 50 --passives 30 --detractors 20",
    ),
    (
        "report.svg",
        ("report", "docs/appels.csv", "--per", "30m", "--target", "80", "--lang", "en"),
        "cx report docs/appels.csv --per 30m --target 80 --lang en",
    ),
)


def record(args: tuple[str, ...], title: str) -> str:
    """The SVG of `cx ARGS` as a person would see it in a colour terminal."""
    from rich.console import Console
    from typer.testing import CliRunner

    from cxglossary.cli import app
    from cxglossary.render import glossary, metrics, onboarding, reports

    recorder = Console(
        record=True,
        file=io.StringIO(),
        width=WIDTH,
        force_terminal=True,
        color_system="truecolor",
        no_color=False,
        highlight=False,
        emoji=False,
        markup=False,
    )
    recorder.print(f"$ {title}", style="bold")
    views = (glossary, metrics, onboarding, reports)
    originals = [view.console for view in views]
    for view in views:
        view.console = lambda: recorder  # type: ignore[assignment]
    try:
        result = CliRunner().invoke(app, list(args))
    finally:
        for view, original in zip(views, originals, strict=True):
            view.console = original  # type: ignore[method-assign]
    if result.exit_code != 0:
        raise SystemExit(f"cx {' '.join(args)} exited {result.exit_code}: {result.output}")
    return recorder.export_svg(title=title)


def shown_text(svg: str) -> str:
    """The characters a picture shows, whatever Rich version drew it."""
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return "".join(html.unescape(t) for t in texts).replace("\u00a0", " ")


def main(argv: list[str]) -> int:
    check = "--check" in argv
    # The built-in glossary only, a private cache: the same pictures on every machine.
    for name in ("CX_GLOSSARY", "CX_LANG", "NO_COLOR"):
        os.environ.pop(name, None)
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="cx-screenshots-")
    os.chdir(ROOT)  # commands name their files relative to the repository
    stale = []
    for filename, args, title in SHOTS:
        svg = record(args, title)
        target = DOCS / filename
        if check:
            current = target.read_text(encoding="utf-8") if target.exists() else ""
            if shown_text(current) != shown_text(svg):
                stale.append(str(target.relative_to(ROOT)))
            continue
        DOCS.mkdir(exist_ok=True)
        target.write_text(svg, encoding="utf-8")
        sys.stdout.write(f"wrote {target.relative_to(ROOT)}\n")
    if stale:
        sys.stderr.write(
            "out of date: " + ", ".join(stale) + " (run: python scripts/screenshots.py)\n"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
