"""The glossary commands, driven through the real CLI."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from conftest import Cx, write_glossary

ENTRY_KEYS = {
    "id",
    "term",
    "acronyms",
    "aliases",
    "category",
    "definition",
    "context",
    "caution",
    "formula",
    "metric",
    "see_also",
    "sources",
    "lang",
}


def test_define_aht_follows_the_json_contract(cx: Cx) -> None:
    [line] = cx.jsonl("define", "AHT")
    assert set(line) >= {"query", "found", "ambiguous", "entries", "suggestions"}
    assert line["found"] is True and line["ambiguous"] is False
    [entry] = line["entries"]
    assert set(entry) >= ENTRY_KEYS
    assert entry["id"] == "aht"
    assert entry["lang"] == "fr"
    assert "DMT" in entry["acronyms"]
    assert entry["formula"] and entry["metric"] == "aht"


def test_define_in_english_and_via_cx_lang(cx: Cx, monkeypatch: pytest.MonkeyPatch) -> None:
    [en] = cx.jsonl("define", "AHT", "--lang", "en")
    assert en["entries"][0]["term"] == "Average handle time"
    monkeypatch.setenv("CX_LANG", "en")
    [env] = cx.jsonl("define", "DMT")
    assert env["entries"][0]["lang"] == "en"


def test_french_acronym_finds_the_same_entry(cx: Cx) -> None:
    [dmt] = cx.jsonl("define", "dmt")
    assert dmt["entries"][0]["id"] == "aht"


def test_define_human_output(cx: Cx) -> None:
    result = cx("define", "AHT")
    assert "Durée moyenne de traitement" in result.stdout
    assert "Formule" in result.stdout
    assert result.stderr == ""


def test_ambiguous_acronym_shows_every_sense_with_context(cx: Cx) -> None:
    [cms] = cx.jsonl("define", "cms")
    assert cms["ambiguous"] is True
    ids = {e["id"] for e in cms["entries"]}
    assert {"cms", "cms-content", "cms-health"} <= ids
    # The call-centre sense comes first; the one outside customer service comes last.
    assert cms["entries"][0]["id"] == "cms"
    assert cms["entries"][-1]["id"] == "cms-health"
    assert all(e["context"] for e in cms["entries"])
    human = cx("define", "CMS", "--lang", "en")
    assert "ambiguous" in human.stdout


@pytest.mark.parametrize(
    "query",
    [
        "aht",
        " AHT ",
        "temps moyen de traitement",
        "Temps-Moyen de   Traitement",
        unicodedata.normalize("NFD", "Durée moyenne de traitement"),
        unicodedata.normalize("NFC", "DURÉE MOYENNE DE TRAITEMENT"),
    ],
)
def test_normalised_queries_resolve(cx: Cx, query: str) -> None:
    [line] = cx.jsonl("define", query)
    assert [e["id"] for e in line["entries"]] == ["aht"]


def test_apostrophes_are_equivalent(cx: Cx, overlay: Path, tmp_path: Path) -> None:
    path = write_glossary(
        tmp_path / "apos.yaml",
        """\
        entries:
          - id: waiting-line
            term: {fr: File d’attente du service, en: Service waiting line}
            aliases: [Vente & Marketing]
            category: process
            definition: {fr: Une file., en: A line.}
        """,
    )
    for query in ("file d'attente du service", "FILE D’ATTENTE DU SERVICE", "vente et marketing"):
        [line] = cx.jsonl("define", query, "--glossary", str(path))
        assert line["entries"][0]["id"] == "waiting-line", query


def test_miss_exits_1_with_suggestions_and_never_guesses(cx: Cx) -> None:
    result = cx("define", "AHTT", code=1)
    assert result.stdout == ""
    assert "did you mean" in result.stderr and "AHT" in result.stderr
    [line] = cx.jsonl("define", "AHTT", code=1)
    assert line["found"] is False and line["entries"] == []
    assert "AHT" in line["suggestions"]


def test_several_queries_and_stdin(cx: Cx) -> None:
    lines = cx.jsonl("define", "AHT", "-", input="cms\n\nNPS\n")
    assert [line["query"] for line in lines] == ["AHT", "cms", "NPS"]
    lines = cx.jsonl("define", "-", "nope", input="AHT\n", code=1)
    assert [line["found"] for line in lines] == [True, False]


def test_empty_stdin_and_empty_query_are_usage_errors(cx: Cx) -> None:
    result = cx("define", "-", input="", code=2)
    assert result.stdout == "" and "no query" in result.stderr
    assert "empty query" in cx("define", "  ", code=2).stderr


def test_global_options_before_or_after_the_command(cx: Cx, overlay: Path) -> None:
    before = cx("--json", "--lang", "en", "--glossary", str(overlay), "define", "TLC")
    after = cx("define", "TLC", "--json", "--lang=en", "-g", str(overlay))
    assert before.stdout == after.stdout
    assert '"Customer tracking board"' in after.stdout


def test_bad_lang_is_exit_2(cx: Cx, monkeypatch: pytest.MonkeyPatch) -> None:
    result = cx("define", "AHT", "--lang", "de", code=2)
    assert result.stdout == "" and "fr or en" in result.stderr
    monkeypatch.setenv("CX_LANG", "xx")
    assert "CX_LANG" in cx("define", "AHT", code=2).stderr


def test_search_ranks_names_above_definitions(cx: Cx) -> None:
    data = cx.json("search", "temps moyen traitement")
    assert data["query"] == "temps moyen traitement"
    first = data["results"][0]
    assert first["id"] == "aht"
    assert set(first) >= {"id", "term", "acronyms", "category", "score", "matched"}
    scores = [r["score"] for r in data["results"]]
    assert scores == sorted(scores, reverse=True)


def test_search_tolerates_typos_and_accents(cx: Cx) -> None:
    for query in ("duree moyene de traitment", "DURÉE MOYENNE"):
        ids = [r["id"] for r in cx.json("search", query)["results"]]
        assert "aht" in ids[:3], query


def test_search_exact_acronym_first(cx: Cx) -> None:
    ids = [r["id"] for r in cx.json("search", "NPS")["results"]]
    assert ids[0] == "nps"


def test_search_limit_category_and_no_result(cx: Cx) -> None:
    data = cx.json("search", "client", "--limit", "2")
    assert len(data["results"]) == 2
    data = cx.json("search", "client", "--category", "indicator")
    assert data["results"] and all(r["category"] == "indicator" for r in data["results"])
    assert cx.json("search", "zzqqxxw", code=1) == {"query": "zzqqxxw", "results": []}
    assert "not a category" in cx("search", "x", "--category", "nope", code=2).stderr


def test_ambiguous_lists_data_derived_acronyms(cx: Cx) -> None:
    data = cx.json("ambiguous")
    by_acronym = {a["acronym"]: a for a in data["acronyms"]}
    assert {"CMS", "CSS", "CS"} <= set(by_acronym)
    for item in data["acronyms"]:
        assert len(item["senses"]) >= 2 and item["advice"]
        assert all(s["context"] for s in item["senses"])
    one = cx.json("ambiguous", "css")
    assert [a["acronym"] for a in one["acronyms"]] == ["CSS"]
    assert cx.json("ambiguous", "AHT", code=1) == {"acronyms": []}
    human = cx("ambiguous", "CS", "--lang", "en")
    assert "Spell the term out" in human.stdout


def test_list_and_categories(cx: Cx) -> None:
    entries = cx.json("list")["entries"]
    assert len(entries) >= 31
    assert len({e["id"] for e in entries}) == len(entries)
    indicators = cx.json("list", "--category", "indicator")["entries"]
    assert indicators and all(e["category"] == "indicator" for e in indicators)
    counts = {c["id"]: c["count"] for c in cx.json("categories")["categories"]}
    assert sum(counts.values()) == len(entries)
    assert "AHT" in cx("list").stdout


def test_overlay_adds_and_replaces(cx: Cx, overlay: Path, tmp_path: Path) -> None:
    [tlc] = cx.jsonl("define", "TLC", "--glossary", str(overlay))
    assert tlc["entries"][0]["id"] == "tlc"
    replacing = write_glossary(
        tmp_path / "replace.yaml",
        """\
        entries:
          - id: aht
            acronyms: [AHT]
            term: {fr: DMT maison, en: House AHT}
            category: indicator
            definition: {fr: Notre propre définition., en: Our own definition.}
        """,
    )
    [aht] = cx.jsonl("define", "AHT", "-g", str(replacing), "--lang", "en")
    assert [e["term"] for e in aht["entries"]] == ["House AHT"]
    # The replaced entry's other names no longer answer.
    assert cx.jsonl("define", "TTM", "-g", str(replacing))[0]["entries"][0]["id"] != "aht"


def test_cx_glossary_env_with_pathsep(
    cx: Cx, overlay: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    second = write_glossary(
        tmp_path / "second.yaml",
        """\
        entries:
          - id: zz-top
            term: {fr: Zz haut, en: Zz top}
            category: business
            definition: {fr: Un test., en: A test.}
        """,
    )
    monkeypatch.setenv("CX_GLOSSARY", os.pathsep.join([str(overlay), str(second)]))
    lines = cx.jsonl("define", "TLC", "zz top")
    assert [line["entries"][0]["id"] for line in lines] == ["tlc", "zz-top"]


def test_overlay_claiming_an_acronym_makes_it_ambiguous(cx: Cx, tmp_path: Path) -> None:
    path = write_glossary(
        tmp_path / "clash.yaml",
        """\
        entries:
          - id: aht-hotline
            acronyms: [AHT]
            term: {fr: Assistance hotline technique, en: Advanced hotline team}
            category: organisation
            context: {fr: Chez nous., en: In our company.}
            definition: {fr: Notre équipe de niveau 3., en: Our tier-3 team.}
        """,
    )
    [line] = cx.jsonl("define", "AHT", "-g", str(path))
    assert line["ambiguous"] is True
    assert {e["id"] for e in line["entries"]} == {"aht", "aht-hotline"}
    assert "AHT" in {a["acronym"] for a in cx.json("ambiguous", "-g", str(path))["acronyms"]}


def test_overlay_dangling_link_warns_but_works(cx: Cx, tmp_path: Path) -> None:
    path = write_glossary(
        tmp_path / "dangling.yaml",
        """\
        entries:
          - id: lonely
            term: {fr: Seul, en: Lonely}
            category: business
            definition: {fr: Un test., en: A test.}
            see_also: [nowhere]
        """,
    )
    result = cx("define", "lonely", "-g", str(path))
    assert "warning" in result.stderr and "nowhere" in result.stderr
    assert "Seul" in result.stdout


def test_invalid_overlay_is_exit_2_naming_file_and_field(cx: Cx, tmp_path: Path) -> None:
    path = write_glossary(
        tmp_path / "bad.yaml",
        """\
        entries:
          - id: broken
            term: {fr: Cassé, en: 3}
            category: business
            definition: {fr: Un test., en: A test.}
        """,
    )
    result = cx("define", "AHT", "-g", str(path), code=2)
    assert result.stdout == ""
    assert "bad.yaml" in result.stderr and "term.en" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    missing = cx("define", "AHT", "-g", str(tmp_path / "nope.yaml"), code=2)
    assert "nope.yaml: no such file" in missing.stderr


def test_validate_builtin_and_files(cx: Cx, tmp_path: Path) -> None:
    ok = cx("validate")
    assert "valid" in ok.stdout and ok.stderr == ""
    assert cx.json("validate")["valid"] is True
    bad = write_glossary(
        tmp_path / "bad.yaml",
        """\
        entries:
          - id: one
            acronyms: [CMS]
            term: {fr: Un, en: One}
            category: nonsense
            definition: {fr: 3, en: Text.}
            see_also: [nowhere]
          - id: one
            term: {fr: Deux, en: Two}
            category: business
            definition: {fr: Texte., en: Text.}
          - id: Bad Id
            term: {fr: Trois, en: Three}
            category: business
            definition: {fr: Texte., en: Text.}
            aliases: "not a list"
        """,
    )
    result = cx("validate", str(bad), code=2)
    lines = result.stderr.strip().splitlines()
    text = result.stderr
    assert "field 'category'" in text and "nonsense" in text
    assert "field 'definition.fr'" in text
    assert "duplicate id" in text
    assert "field 'id'" in text and "field 'aliases'" in text
    assert all(line.startswith("cx: ") and "bad.yaml:" in line for line in lines)


def test_validate_reports_cross_entry_problems(cx: Cx, tmp_path: Path) -> None:
    path = write_glossary(
        tmp_path / "cross.yaml",
        """\
        entries:
          - id: cms-ours
            acronyms: [CMS]
            term: {fr: Notre CMS, en: Our CMS}
            category: software
            definition: {fr: Texte., en: Text.}
            see_also: [nowhere]
            metric: no-such-calculator
        """,
    )
    problems = cx.json("validate", str(path), code=2)["files"][0]["problems"]
    fields = {(p["entry"], p["field"]) for p in problems}
    assert ("cms-ours", "see_also") in fields
    assert ("cms-ours", "context") in fields


def test_validate_yaml_syntax_error_has_line_and_column(cx: Cx, tmp_path: Path) -> None:
    path = tmp_path / "syntax.yaml"
    path.write_text("entries:\n  - id: x\n    term: {fr: a, en: b\n", encoding="utf-8")
    result = cx("validate", str(path), code=2)
    assert "syntax.yaml:" in result.stderr
    problem = cx.json("validate", str(path), code=2)["files"][0]["problems"][0]
    assert problem["line"] is not None and problem["column"] is not None


MARKUP = "Voir [/] et [bold]gras[/bold] et [link=https://example.com]x[/link] fin"


def test_glossary_text_is_never_markup(cx: Cx, tmp_path: Path) -> None:
    path = write_glossary(
        tmp_path / "markup.yaml",
        f"""\
        entries:
          - id: markup-one
            acronyms: [MKP]
            term: {{fr: "Balise [bold]un[/]", en: "Markup [bold]one[/]"}}
            category: business
            context: {{fr: "{MARKUP}", en: "{MARKUP}"}}
            definition: {{fr: "{MARKUP}", en: "{MARKUP}"}}
          - id: markup-two
            acronyms: [MKP]
            term: {{fr: Balise deux, en: Markup two}}
            category: business
            context: {{fr: "{MARKUP}", en: "{MARKUP}"}}
            definition: {{fr: Texte., en: Text.}}
        """,
    )
    g = ("-g", str(path))
    define = cx("define", "MKP", *g, "--lang", "en")
    assert "[bold]gras[/bold]" in define.stdout and "[/]" in define.stdout
    assert "[link=https://example.com]x[/link]" in define.stdout.replace("\n", "").replace("│", "")
    assert "[bold]un[/]" in cx("list", *g).stdout
    assert "[bold]un[/]" in cx("search", "balise", *g).stdout
    amb = cx("ambiguous", "MKP", *g, "--lang", "en").stdout
    assert "[/]" in amb and "[bold]" in amb


def test_help_and_version(cx: Cx) -> None:
    from cxglossary import __version__

    assert __version__ in cx("--version").stdout
    out = cx("--help").stdout
    for command in ("define", "search", "ambiguous", "list", "categories", "validate"):
        assert command in out


def test_the_console_script_builds_only_the_command_it_runs() -> None:
    from cxglossary.cli import app, app_for

    single = app_for(["--lang", "en", "define", "AHT", "--json"])
    assert [c.callback.__name__ for c in single.registered_commands if c.callback] == ["define"]
    assert app_for(["--json", "list"]).registered_commands[0].name == "list"
    # Help, unknown commands and bare options get the full app, which lists everything.
    for args in (["--help"], ["nope"], [], ["--version"]):
        assert app_for(args) is app
