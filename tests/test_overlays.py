"""Company glossaries (overlays) through the real CLI: their own categories, entries in
one language, removals of built-in entries, where each entry comes from, `cx init`, and
the JSON export loading back. Both output modes, and both orders of overlays."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Cx, write_glossary

# The team lead's file: one declared category, one French-only entry, one removal.
# `rpc-remote-procedure-call` is the computing sense of RPC in the built-in glossary and
# `rpc-right-party-contact` its outbound-calling sense; with both removed, RPC only means
# first contact resolution (`fcr`).
TEAM = """\
schema: 1
categories:
  - id: produits
    label: {fr: Nos produits, en: Our products}
remove: [rpc-remote-procedure-call, rpc-right-party-contact]
entries:
  - id: offre-serenite
    acronyms: [OSR]
    term: {fr: Offre Sérénité}
    category: produits
    definition:
      fr: Notre abonnement avec assistance prioritaire au téléphone.
  - id: tlc
    acronyms: [TLC]
    term: {fr: Tableau de suivi client, en: Customer tracking board}
    category: software
    definition:
      fr: Le tableau partagé où l'équipe suit les dossiers ouverts.
      en: The shared board where the team follows open cases.
    see_also: [offre-serenite, aht]
"""


@pytest.fixture
def team(tmp_path: Path) -> Path:
    return write_glossary(tmp_path / "team.yaml", TEAM)


def entry_ids(cx: Cx, *args: str) -> list[str]:
    return [e["id"] for e in cx.json("list", *args)["entries"]]


# --- declared categories ---------------------------------------------------------------


def test_declared_category_joins_the_built_in_ones_everywhere(cx: Cx, team: Path) -> None:
    g = ("-g", str(team))
    categories = {c["id"]: c for c in cx.json("categories", *g)["categories"]}
    assert categories["produits"]["label"] == "Nos produits"
    assert categories["produits"]["count"] == 1
    assert "indicator" in categories  # the built-in ones are still there
    english = cx("categories", *g, "--lang", "en")
    assert "Our products" in english.stdout and english.stderr == ""
    assert entry_ids(cx, "--category", "produits", *g) == ["offre-serenite"]
    assert "Nos produits" in cx("list", "--category", "produits", *g).stdout
    hits = cx.json("search", "abonnement", "--category", "produits", *g)["results"]
    assert [h["id"] for h in hits] == ["offre-serenite"]
    markdown = cx("export", "--category", "produits", *g).stdout
    assert "## Nos produits · Our products" in markdown
    quiz = cx.json("quiz", "--category", "produits", "--mode", "typed", *g, input="")
    assert [q["id"] for q in quiz["questions"]] == ["offre-serenite"]
    human_quiz = cx("quiz", "--category", "produits", "--mode", "typed", *g, input="")
    assert "Nos produits" in human_quiz.stdout
    # Without the overlay, the category does not exist.
    assert "not a category" in cx("list", "--category", "produits", code=2).stderr


def test_a_category_declared_in_an_earlier_overlay_serves_a_later_one(
    cx: Cx, team: Path, tmp_path: Path
) -> None:
    later = write_glossary(
        tmp_path / "later.yaml",
        """\
        entries:
          - id: offre-zen
            term: {fr: Offre Zen, en: Zen plan}
            category: produits
            definition: {fr: Une offre., en: A plan.}
        """,
    )
    for order in ((team, later), (later, team)):  # declared anywhere, in either order
        args = ("-c", "produits", "-g", str(order[0]), "-g", str(order[1]))
        result = cx("list", *args)
        assert "Offre Zen" in result.stdout and result.stderr == ""
        assert set(entry_ids(cx, *args)) == {"offre-serenite", "offre-zen"}


def test_undeclared_category_loads_under_other_with_a_warning(cx: Cx, tmp_path: Path) -> None:
    path = write_glossary(
        tmp_path / "typo.yaml",
        """\
        entries:
          - id: fine
            term: {fr: Correct, en: Fine}
            category: business
            definition: {fr: Un test., en: A test.}
          - id: typo
            term: {fr: Coquille, en: Typo}
            category: prodiuts
            definition: {fr: Un test., en: A test.}
        """,
    )
    result = cx("define", "coquille", "-g", str(path), "--lang", "en")
    assert "Other" in result.stdout
    [warning] = result.stderr.splitlines()
    assert warning.startswith(f"cx: warning: {path}:8: entry 'typo': field 'category'")
    assert "'prodiuts'" in warning and "known: indicator" in warning and "business" in warning
    # The rest of the file is there, and "other" is a category like the others.
    assert entry_ids(cx, "--category", "other", "-g", str(path)) == ["typo"]
    assert cx.jsonl("define", "fine", "-g", str(path))[0]["found"] is True
    [line] = cx.jsonl("define", "typo", "-g", str(path))
    assert line["entries"][0]["category"] == "other"
    counts = {c["id"]: c["count"] for c in cx.json("categories", "-g", str(path))["categories"]}
    assert counts["other"] == 1
    assert "other" not in {c["id"] for c in cx.json("categories")["categories"]}
    # `cx validate` still calls it a problem.
    report = cx("validate", str(path), code=2)
    assert "typo.yaml:8: entry 'typo': field 'category'" in report.stderr
    [problem] = cx.json("validate", str(path), code=2)["files"][0]["problems"]
    assert problem["severity"] == "error" and "prodiuts" in problem["message"]


# --- one language ----------------------------------------------------------------------


def test_one_language_entry_falls_back_marked_in_every_view(cx: Cx, team: Path) -> None:
    g = ("-g", str(team))
    english = cx("define", "OSR", *g, "--lang", "en")
    assert "Offre Sérénité (en français)" in english.stdout
    assert "téléphone. (en français)" in english.stdout
    french = cx("define", "OSR", *g)
    assert "téléphone. (en français)" not in french.stdout
    assert "en: Offre Sérénité (en français)" in french.stdout  # the English name, as given
    [line] = cx.jsonl("define", "OSR", *g, "--lang", "en")
    entry = line["entries"][0]
    assert entry["term"] == "Offre Sérénité" and entry["fallback"] is True
    assert entry["fallback_fields"] == {"term": "fr", "definition": "fr"}
    [french_line] = cx.jsonl("define", "OSR", *g)
    assert french_line["entries"][0]["fallback"] is False
    assert "(en français)" in cx("list", "-c", "produits", *g, "--lang", "en").stdout
    assert "(en français)" in cx("search", "sérénité", *g, "--lang", "en").stdout
    [hit] = cx.json("search", "OSR", *g, "--lang", "en", "-n", "1")["results"]
    assert hit["fallback"] is True
    markdown = cx("export", *g, "--lang", "en", "--category", "produits").stdout
    assert "**English** — Notre abonnement avec assistance prioritaire au téléphone. " in markdown
    assert "(en français)" in markdown
    html = cx("export", "-f", "html", *g, "--category", "produits").stdout
    assert "(en français)" in html
    csv_text = cx("export", "-f", "csv", *g, "--category", "produits").stdout
    header, row = csv_text.splitlines()[:2]
    assert header.endswith(",fallback") and row.endswith("term_en; definition_en")
    quiz = cx("quiz", "--category", "produits", "--mode", "typed", *g, "--lang", "en", input="")
    assert "(en français)" in quiz.stdout
    anki = cx("export", "-f", "anki", *g, "--category", "produits", "--lang", "fr").stdout
    assert "<b>Offre Sérénité (en français)</b>" in anki  # the English side of the card


def test_one_language_marker_in_ambiguous_and_scan(cx: Cx, tmp_path: Path) -> None:
    path = write_glossary(
        tmp_path / "clash.yaml",
        """\
        entries:
          - id: aht-hotline
            acronyms: [AHT]
            term: {fr: Assistance hotline technique}
            category: organisation
            context: {fr: Chez nous au niveau 3.}
            definition: {fr: Notre équipe de niveau 3.}
        """,
    )
    g = ("-g", str(path), "--lang", "en")
    table = cx("ambiguous", "AHT", *g).stdout
    assert "(en français)" in table
    [item] = cx.json("ambiguous", "AHT", *g)["acronyms"]
    [sense] = [s for s in item["senses"] if s["id"] == "aht-hotline"]
    assert sense["fallback"] is True and sense["fallback_fields"]["context"] == "fr"
    reply = tmp_path / "reply.txt"
    reply.write_text("Your AHT is fine.\n", encoding="utf-8")
    assert "(en français)" in cx("scan", str(reply), *g, code=1).stdout
    [finding] = cx.json("scan", str(reply), *g, code=1)["findings"]
    fallback = {s["id"]: s["fallback"] for s in finding["senses"]}
    assert fallback == {"aht": False, "aht-hotline": True}


def test_validate_notes_one_language_entries_without_failing(cx: Cx, team: Path) -> None:
    result = cx("validate", str(team))
    assert "valide" in result.stdout
    assert "note:" in result.stderr and "offre-serenite" in result.stderr
    assert "French only" in result.stderr
    problems = cx.json("validate", str(team))["files"][0]["problems"]
    assert [(p["entry"], p["severity"]) for p in problems] == [("offre-serenite", "note")]
    # Loading says nothing about it.
    assert cx("define", "OSR", "-g", str(team)).stderr == ""


def test_the_built_in_glossary_gives_both_languages_everywhere(cx: Cx) -> None:
    problems = cx.json("validate")["files"][0]["problems"]
    assert [p for p in problems if p["severity"] == "note"] == []


# --- removals --------------------------------------------------------------------------


def test_removed_entry_disappears_everywhere(cx: Cx, team: Path, tmp_path: Path) -> None:
    g = ("-g", str(team))
    gone = "rpc-remote-procedure-call"
    assert gone in entry_ids(cx)  # present without the overlay
    [rpc] = cx.jsonl("define", "RPC", *g)
    assert rpc["ambiguous"] is False and [e["id"] for e in rpc["entries"]] == ["fcr"]
    assert cx.jsonl("define", "remote procedure call", *g, code=1)[0]["found"] is False
    assert "Appel de procédure" not in cx("define", "RPC", *g).stdout
    assert gone not in entry_ids(cx, *g)
    hits = cx.json("search", "remote procedure call", *g, code=1)["results"]
    assert gone not in [h["id"] for h in hits]
    assert "RPC" not in {a["acronym"] for a in cx.json("ambiguous", *g)["acronyms"]}
    assert cx("ambiguous", "RPC", *g, code=1).stdout == ""
    exported = json.loads(cx("export", "-f", "json", *g).stdout)
    assert gone not in {e["id"] for e in exported["entries"]}
    assert "Remote procedure call" not in cx("export", "-f", "html", *g).stdout
    quiz = cx.json("quiz", "--count", "500", "--mode", "typed", *g, input="")
    assert gone not in {q["id"] for q in quiz["questions"]}
    text = tmp_path / "reply.txt"
    text.write_text("Votre RPC est suivi.\n", encoding="utf-8")
    [finding] = cx.json("scan", str(text), *g, code=1)["findings"]
    assert finding["ambiguous"] is False and [s["id"] for s in finding["senses"]] == ["fcr"]


def test_completion_offers_no_removed_name(team: Path) -> None:
    from cxglossary.complete import glossary_names

    assert "Remote procedure call" in glossary_names("Remote proc")
    assert glossary_names("Remote proc", [str(team)]) == []
    assert "OSR" in glossary_names("OS", [str(team)])


def test_removing_an_unknown_id_is_a_warning(cx: Cx, tmp_path: Path) -> None:
    path = write_glossary(tmp_path / "rm.yaml", "remove: [no-such-entry]\nentries: []\n")
    result = cx("list", "-g", str(path))
    assert "warning" in result.stderr and "rm.yaml:1" in result.stderr
    assert "no-such-entry" in result.stderr
    report = cx.json("validate", str(path))
    assert report["valid"] is True
    assert [p["severity"] for p in report["files"][0]["problems"]] == ["warning"]


def test_later_overlays_win_in_both_orders(cx: Cx, tmp_path: Path) -> None:
    retire = write_glossary(
        tmp_path / "retire.yaml",
        """\
        remove: [nps]
        entries:
          - id: tlc
            acronyms: [TLC]
            term: {fr: Premier TLC, en: First TLC}
            category: software
            definition: {fr: Version A., en: Version A.}
        """,
    )
    restore = write_glossary(
        tmp_path / "restore.yaml",
        """\
        entries:
          - id: nps
            acronyms: [NPS]
            term: {fr: NPS maison, en: House NPS}
            category: indicator
            definition: {fr: Notre NPS., en: Our NPS.}
          - id: tlc
            acronyms: [TLC]
            term: {fr: Second TLC, en: Second TLC}
            category: software
            definition: {fr: Version B., en: Version B.}
        """,
    )
    # retire then restore: the later file defines nps again and its tlc wins.
    lines = cx.jsonl("define", "NPS", "tlc", "-g", str(retire), "-g", str(restore))
    assert [line["entries"][0]["term"] for line in lines] == ["NPS maison", "Second TLC"]
    assert lines[0]["entries"][0]["origin"]["file"] == str(restore)
    # restore then retire: the later file removes nps (its own and ours) and its tlc wins.
    lines = cx.jsonl("define", "NPS", "tlc", "-g", str(restore), "-g", str(retire), code=1)
    assert lines[0]["found"] is False
    assert lines[1]["entries"][0]["term"] == "Premier TLC"
    human = cx("define", "tlc", "-g", str(restore), "-g", str(retire))
    assert "Premier TLC" in human.stdout and "retire.yaml" in human.stdout
    assert "nps" not in entry_ids(cx, "-g", str(restore), "-g", str(retire))


def test_overlay_order_from_cx_glossary_then_command_line(
    cx: Cx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = write_glossary(
        tmp_path / "one.yaml",
        """\
        entries:
          - id: tlc
            acronyms: [TLC]
            term: {fr: Un, en: One}
            category: software
            definition: {fr: Un., en: One.}
        """,
    )
    two = write_glossary(tmp_path / "two.yaml", "remove: [tlc]\nentries: []\n")
    monkeypatch.setenv("CX_GLOSSARY", str(one))
    assert cx.jsonl("define", "tlc", "-g", str(two), code=1)[0]["found"] is False
    monkeypatch.setenv("CX_GLOSSARY", str(two))
    result = cx("define", "tlc", "-g", str(one))
    assert "Un" in result.stdout
    assert "no entry 'tlc' to remove" in result.stderr  # two.yaml came first: nothing yet


# --- origins ---------------------------------------------------------------------------


def test_define_shows_where_each_entry_comes_from(cx: Cx, team: Path) -> None:
    french = cx("define", "TLC", "AHT", "-g", str(team))
    assert f"Origine : {team}, ligne 13" in french.stdout
    assert "Origine : glossaire intégré" in french.stdout
    english = cx("define", "TLC", "AHT", "-g", str(team), "--lang", "en")
    assert f"Origin: {team}, line 13" in english.stdout and "Origin: built-in" in english.stdout
    tlc, aht = cx.jsonl("define", "TLC", "AHT", "-g", str(team))
    assert tlc["entries"][0]["origin"] == {"file": str(team), "line": 13, "builtin": False}
    origin = aht["entries"][0]["origin"]
    assert origin["file"] is None and origin["builtin"] is True and origin["line"] > 0
    listed = cx.json("list", "-g", str(team))["entries"]
    assert {e["origin"]["file"] for e in listed} == {None, str(team)}


def test_list_origin_lists_one_file(cx: Cx, team: Path, tmp_path: Path) -> None:
    other = write_glossary(
        tmp_path / "other.json",
        json.dumps(
            {
                "entries": [
                    {
                        "id": "tlc",
                        "term": {"fr": "TLC bis", "en": "TLC again"},
                        "category": "software",
                        "definition": {"fr": "Autre.", "en": "Other."},
                    }
                ]
            }
        ),
    )
    g = ("-g", str(team), "-g", str(other))
    # team.yaml's tlc is replaced by other.json's: only what cx uses from the file.
    assert entry_ids(cx, "--origin", str(team), *g) == ["offre-serenite"]
    [tlc] = cx.json("list", "--origin", str(other), *g)["entries"]
    assert tlc["origin"] == {"file": str(other), "line": None, "builtin": False}
    assert "TLC bis" in cx("list", "--origin", str(other), *g).stdout
    builtin = entry_ids(cx, "--origin", "built-in", *g)
    assert "aht" in builtin and "tlc" not in builtin
    assert "rpc-remote-procedure-call" not in builtin  # removed by team.yaml
    missing = cx("list", "--origin", "nowhere.yaml", *g, code=2)
    assert "nowhere.yaml" in missing.stderr and "--glossary" in missing.stderr


# --- cx init ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_init_writes_a_starter_that_validates_and_works(
    cx: Cx, tmp_path: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cx("init", "team.yaml", "--lang", lang)
    assert "team.yaml" in result.stdout and result.stderr == ""
    text = (tmp_path / "team.yaml").read_text(encoding="utf-8")
    assert text.count("\n#") >= 5  # commented
    for field in ("categories:", "remove:", "context", "caution", "formula", "see_also"):
        assert field in text
    report = cx.json("validate", "team.yaml")
    assert report["valid"] is True
    assert {p["severity"] for p in report["files"][0]["problems"]} == {"note"}
    assert report["files"][0]["entries"] == 2
    used = cx("define", "TLC", "RPC", "-g", "team.yaml")
    assert used.stderr == "" and "Origine : team.yaml" in used.stdout
    # The removal takes the computing sense of RPC away (its outbound sense remains).
    assert "Appel de procédure" not in used.stdout and "Remote procedure" not in used.stdout
    categories = {c["id"] for c in cx.json("categories", "-g", "team.yaml")["categories"]}
    assert categories & {"produits", "products"}


def test_init_never_overwrites_without_force(cx: Cx, tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text("mine\n", encoding="utf-8")
    result = cx("init", str(path), code=2)
    assert "already exists" in result.stderr and path.read_text(encoding="utf-8") == "mine\n"
    assert cx.json("init", str(path), "--force") == {"path": str(path), "lang": "fr"}
    assert "schema: 1" in path.read_text(encoding="utf-8")
    assert "directory" in cx("init", str(tmp_path), code=2).stderr


# --- compiled, cached, exported --------------------------------------------------------


def test_overlays_are_answered_from_the_compiled_cache(
    cx: Cx, team: Path, isolated_env: Path
) -> None:
    first = cx.json("list", "-g", str(team))
    cached = list((isolated_env / "cx").glob("*.sqlite"))
    assert len(cached) == 2  # built-in and team.yaml
    stamps = {p: p.stat().st_mtime_ns for p in cached}
    second = cx.json("list", "-g", str(team))
    assert second == first
    assert {p: p.stat().st_mtime_ns for p in cached} == stamps  # not rebuilt


def test_json_export_of_an_overlay_loads_back_as_an_overlay(
    cx: Cx, team: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "exported.json"
    cx("export", "-g", str(team), "--output", str(exported))
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["remove"] == ["rpc-remote-procedure-call", "rpc-right-party-contact"]
    assert data["categories"]["produits"] == {"fr": "Nos produits", "en": "Our products"}
    [offer] = [e for e in data["entries"] if e["id"] == "offre-serenite"]
    assert offer["term"] == {"fr": "Offre Sérénité"}  # one language stays one language
    assert cx.json("validate", str(exported))["valid"] is True
    g = ("-g", str(exported))
    before = cx.json("list", "-g", str(team))["entries"]
    after = cx.json("list", *g)["entries"]
    assert [e["id"] for e in after] == [e["id"] for e in before]
    load = cx("list", *g)
    assert load.stderr == ""
    assert entry_ids(cx, "--category", "produits", *g) == ["offre-serenite"]
    [line] = cx.jsonl("define", "OSR", *g, "--lang", "en")
    assert line["entries"][0]["fallback"] is True
    assert cx.jsonl("define", "RPC", *g)[0]["ambiguous"] is False


# --- bad input -------------------------------------------------------------------------

BAD_INPUT = {
    "relabelled": (
        """\
        categories:
          - id: indicator
            label: {fr: Nos KPI, en: Our KPIs}
        entries: []
        """,
        "bad.yaml:2",
        "'indicator' is already declared",
    ),
    "remove-and-replace": (
        """\
        remove: [aht]
        entries:
          - id: aht
            term: {fr: DMT maison, en: House AHT}
            category: indicator
            definition: {fr: Texte., en: Text.}
        """,
        "bad.yaml:1",
        "'aht' is also defined in this file (line 3)",
    ),
    "link-to-removed": (
        """\
        remove: [nps]
        entries:
          - id: tlc
            term: {fr: TLC, en: TLC}
            category: software
            definition: {fr: Texte., en: Text.}
            see_also: [nps]
        """,
        "bad.yaml:3: entry 'tlc': field 'see_also'",
        "points to 'nps', which",
    ),
    "not-a-slug": (
        """\
        categories:
          - id: Nos Produits
            label: {fr: Nos produits}
        entries: []
        """,
        "bad.yaml:2",
        "must be a slug",
    ),
    "no-label": (
        """\
        categories:
          - id: produits
            label: {de: Unsere Produkte}
        entries: []
        """,
        "bad.yaml:2",
        "needs French or English text",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_overlay_input_warns_on_load_and_fails_validation(
    cx: Cx, tmp_path: Path, case: str
) -> None:
    body, where, message = BAD_INPUT[case]
    path = write_glossary(tmp_path / "bad.yaml", body)
    loaded = cx("list", "-g", str(path))
    [warning] = [line for line in loaded.stderr.splitlines() if message in line]
    assert warning.startswith("cx: warning: ") and where in warning
    assert loaded.stdout  # the glossary is still usable
    report = cx("validate", str(path), code=2)
    [error] = [line for line in report.stderr.splitlines() if message in line]
    assert where in error and "warning" not in error
    assert cx.json("validate", str(path), code=2)["valid"] is False


def test_same_labels_again_and_a_bad_category_leave_entries_usable(cx: Cx, tmp_path: Path) -> None:
    path = write_glossary(
        tmp_path / "again.yaml",
        """\
        categories:
          - id: indicator
            label: {fr: Indicateurs et mesures, en: Indicators and measures}
          - id: Nos Produits
            label: {fr: Nos produits}
        entries:
          - id: offre
            term: {fr: Offre}
            category: Nos Produits
            definition: {fr: Texte.}
        """,
    )
    result = cx("define", "offre", "-g", str(path))
    assert "Autres" in result.stdout  # the category could not be declared: "other"
    assert "'indicator'" not in result.stderr  # declared again, same labels: fine
    assert len(result.stderr.splitlines()) == 2  # the bad id, then the entry under "other"
