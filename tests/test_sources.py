"""Sources a reader can name: the registry, `cx sources`, and sources by name in
`define` and in every export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import Cx, write_glossary

# Page 000 of shared/seeds, as its own header gives it.
ZENDESK = "Zendesk, « Les acronymes du service client expliqués », Kristen Hicks, 2022-03-17"


def test_cx_sources_lists_the_registry_with_counts(cx: Cx) -> None:
    data = cx.json("sources")
    by_id = {s["id"]: s for s in data["sources"]}
    assert set(by_id) == {
        "zendesk-2022",
        "dictionnaire-service-client",
        "societe-tech",
        "editeur-centre-contact",
        "definitions-relation-client",
        "general-knowledge",
    }
    assert by_id["zendesk-2022"]["citation"] == ZENDESK
    assert by_id["zendesk-2022"]["label"] == "Zendesk (2022)"
    # A title-only page is named by its title.
    assert by_id["dictionnaire-service-client"]["label"] == "Dictionnaire du Service Client"
    # Each count is the number of entries citing the source, as `cx list` shows them.
    entries = cx.json("list")["entries"]
    for source_id, source in by_id.items():
        assert source["entries"] == sum(source_id in e["sources"] for e in entries), source_id
    assert data["unregistered"] == []
    text = cx("sources").stdout
    assert "Les acronymes du service client expliqués" in text
    assert "Kristen Hicks" in text
    english = cx.json("sources", "--lang", "en")["sources"]
    assert english[-1]["title"] == "General trade knowledge"


def test_list_json_carries_the_registry(cx: Cx) -> None:
    data = cx.json("list")
    registry = {s["id"] for s in data["sources"]}
    cited = {source for e in data["entries"] for source in e["sources"]}
    assert cited <= registry


def test_define_names_its_sources_and_json_keeps_ids(cx: Cx) -> None:
    [line] = cx.jsonl("define", "CSAT")
    assert line["entries"][0]["sources"] == [
        "zendesk-2022",
        "societe-tech",
        "definitions-relation-client",
    ]
    out = " ".join(cx("define", "CSAT").stdout.split())
    assert "Sources : Zendesk (2022) · Societe.Tech · Les principales définitions" in out
    assert "zendesk-2022" not in out
    out = " ".join(cx("define", "EMC", "--lang", "en").stdout.split())
    assert "Sources: General trade knowledge" in out


def test_overlay_brings_its_own_sources(cx: Cx, overlay: Path) -> None:
    out = " ".join(cx("define", "TLC", "-g", str(overlay)).stdout.split())
    assert "Sources : Notre équipe" in out
    data = cx.json("sources", "-g", str(overlay))
    team = next(s for s in data["sources"] if s["id"] == "team-wiki")
    assert team["entries"] == 1 and team["title"] == "Wiki de l'équipe"
    cx("validate", str(overlay))


@pytest.fixture
def unsourced(tmp_path: Path) -> Path:
    return write_glossary(
        tmp_path / "unsourced.yaml",
        """\
        entries:
          - id: tlc
            term: {fr: Tableau de suivi, en: Tracking board}
            category: software
            definition: {fr: Le tableau de l'équipe., en: The team's board.}
            sources: [intranet, zendesk-2022]
        """,
    )


def test_unknown_source_id_fails_validation_but_still_shows(cx: Cx, unsourced: Path) -> None:
    result = cx("validate", str(unsourced), code=2)
    assert "entry 'tlc': field 'sources': unknown source 'intranet'" in result.stderr
    assert "zendesk-2022" not in result.stderr  # the built-in registry resolves it
    # Using it is not blocked: the id is shown as written, and `cx sources` counts it.
    out = " ".join(cx("define", "Tableau de suivi", "-g", str(unsourced)).stdout.split())
    assert "Sources : intranet · Zendesk (2022)" in out
    data = cx.json("sources", "-g", str(unsourced))
    assert data["unregistered"] == [{"id": "intranet", "entries": 1}]


def test_bad_registry_is_reported_with_lines(cx: Cx, tmp_path: Path) -> None:
    path = write_glossary(
        tmp_path / "registry.yaml",
        """\
        sources:
          wiki:
            title: Wiki
            date: 2024-13
          Bad Id: {title: X}
          notitle: {publisher: Nous}
          extra: {title: Y, editor: Z}
          dated: {title: Z, date: 2023-01-05}
        entries:
          - id: tlc
            term: {fr: Tableau, en: Board}
            category: software
            definition: {fr: Le tableau., en: The board.}
            sources: [dated]
        """,
    )
    problems = cx.json("validate", str(path), code=2)["files"][0]["problems"]
    found = {(p["field"], p["line"]) for p in problems}
    assert ("sources.wiki.date", 4) in found
    assert ("sources", 5) in found
    assert ("sources.notitle.title", 6) in found
    assert ("sources.extra.editor", 7) in found
    assert len(problems) == 4  # an unquoted YAML date is a date: accepted


def test_registry_that_is_not_a_mapping(cx: Cx, tmp_path: Path) -> None:
    path = write_glossary(tmp_path / "list.yaml", "sources: [a, b]\nentries: []\n")
    result = cx("validate", str(path), code=2)
    assert "list.yaml:1: field 'sources': 'sources' must map source ids" in result.stderr


# --- exports ------------------------------------------------------------------------


def test_markdown_names_sources_and_lists_them_in_full(cx: Cx) -> None:
    out = cx("export", "--category", "indicator").stdout
    # French typography in documents for people: no-break spaces before « : » and inside « ».
    assert "Sources\u00a0: Zendesk (2022) · Societe.Tech" in out
    full = out.split("\n## Sources\n", 1)[1]
    assert "Zendesk, «\u00a0Les acronymes du service client expliqués\u00a0», Kristen Hicks" in full
    assert "zendesk-2022" not in out


def test_html_links_each_entry_to_its_sources(cx: Cx) -> None:
    out = cx("export", "--format", "html").stdout
    assert '<a href="#source-zendesk-2022">Zendesk (2022)</a>' in out
    assert '<li id="source-zendesk-2022">Zendesk, «\u00a0Les acronymes' in out


def test_anki_and_csv_name_sources(cx: Cx) -> None:
    deck = cx("export", "--format", "anki", "--lang", "en").stdout
    [csat] = [line for line in deck.splitlines() if line.startswith("cx-csat\t")]
    assert "<small>Sources: Zendesk (2022) · Societe.Tech · Les principales" in csat
    rows = list(csv.DictReader(io.StringIO(cx("export", "--format", "csv").stdout)))
    csat_row = next(r for r in rows if r["id"] == "csat")
    assert csat_row["sources"].startswith("Zendesk (2022); Societe.Tech; ")


def test_json_export_carries_the_registry_and_loads_back(cx: Cx, tmp_path: Path) -> None:
    data = json.loads(cx("export", "--format", "json", "--category", "survey").stdout)
    cited = {s for e in data["entries"] for s in e["sources"]}
    assert set(data["sources"]) == cited
    path = tmp_path / "survey.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    cx("validate", str(path))
