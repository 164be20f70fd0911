"""The mechanisms behind cx's speed, checked without timing anything.

Timings live in benchmarks/ (ratios measured side by side); here we check what
each command imports and that large glossaries take the indexed search path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Cx

PROBE = """
import json, sys
from cxglossary.cli import run
sys.argv = ["cx"] + json.loads(sys.argv[1])
try:
    run()
except SystemExit:
    pass
heavy = [m for m in ("rich", "rapidfuzz", "yaml") if m in sys.modules]
sys.stderr.write("\\nIMPORTED " + json.dumps(heavy) + "\\n")
"""


def imported(args: list[str], cache: Path) -> list[str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    run = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    marker = [line for line in run.stderr.splitlines() if line.startswith("IMPORTED ")]
    assert marker, run.stderr
    return list(json.loads(marker[-1].removeprefix("IMPORTED ")))


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = tmp_path_factory.mktemp("warm-cache")
    imported(["define", "AHT", "--json"], cache)  # builds the index once
    return cache


def test_json_lookup_imports_neither_rich_nor_rapidfuzz_nor_yaml(warm_cache: Path) -> None:
    assert imported(["define", "AHT", "--json"], warm_cache) == []
    assert imported(["--json", "list"], warm_cache) == []
    assert imported(["ambiguous", "--json"], warm_cache) == []


def test_exact_hit_for_people_needs_rich_but_not_rapidfuzz(warm_cache: Path) -> None:
    assert imported(["define", "AHT"], warm_cache) == ["rich"]


def test_fuzzy_matching_loads_only_when_it_runs(warm_cache: Path) -> None:
    assert "rapidfuzz" in imported(["search", "temps d'atente", "--json"], warm_cache)
    # A miss looks for "did you mean" suggestions.
    assert "rapidfuzz" in imported(["define", "AHTT", "--json"], warm_cache)


def test_cold_cache_parses_yaml_once(tmp_path: Path) -> None:
    assert "yaml" in imported(["define", "AHT", "--json"], tmp_path)
    assert "yaml" not in imported(["define", "AHT", "--json"], tmp_path)


def big_overlay(path: Path, entries: int) -> Path:
    lines = ["schema: 1", "entries:"]
    for i in range(entries):
        lines += [
            f"  - id: big-{i}",
            f"    acronyms: [BG{i}]",
            f"    term: {{fr: Dossier interne numéro {i}, en: Internal case {i}}}",
            "    category: process",
            f"    definition: {{fr: Procédure maison {i}., en: House procedure {i}.}}",
        ]
    lines += [
        "  - id: callback-desk",
        "    term: {fr: Cellule de rappel prioritaire, en: Priority callback desk}",
        "    category: organisation",
        "    definition: {fr: Équipe qui rappelle les clients., en: Team calling customers back.}",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_large_overlay_search_uses_the_index_and_still_tolerates_typos(
    cx: Cx, tmp_path: Path
) -> None:
    from cxglossary.index import Glossary

    overlay = big_overlay(tmp_path / "big.yaml", Glossary.FULL_SCAN_LIMIT + 500)
    data = cx.json("search", "celule de rapel prioritaire", "-g", str(overlay))
    assert data["results"][0]["id"] == "callback-desk"
    # Built-in entries still answer beside the large overlay.
    data = cx.json("search", "temps moyen traitement", "-g", str(overlay))
    assert data["results"][0]["id"] == "aht"
    [line] = cx.jsonl("define", "BG1234", "-g", str(overlay))
    assert line["entries"][0]["id"] == "big-1234"
