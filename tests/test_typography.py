"""French typography: no-break spaces are a matter of display, added when French is shown.

The glossary is typed with ordinary spaces; `cx define` in French, and the Markdown, HTML
and Anki exports, put a no-break space before « : », a narrow one before « ; ! ? % € »
and inside « », so that a line never starts with a lone "%" or "?". JSON, CSV and the
JSON export carry the text as written.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import Cx

from cxglossary.typography import NBSP, NNBSP, typeset

GLOSSARY = Path(__file__).resolve().parents[1] / "glossary.yaml"


# --- the function ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("Exemple : 90 %.", f"Exemple{NBSP}: 90{NNBSP}%."),
        ("Êtes-vous satisfait ?", f"Êtes-vous satisfait{NNBSP}?"),
        ("Attention ! Vraiment ; oui", f"Attention{NNBSP}! Vraiment{NNBSP}; oui"),
        ("« satisfaction client »", f"«{NBSP}satisfaction client{NBSP}»"),
        ("1 000 clients, 12 000 000 €", f"1{NNBSP}000 clients, 12{NNBSP}000{NNBSP}000{NNBSP}€"),
        ("trop  :", f"trop{NBSP}:"),  # a run of spaces becomes one no-break space
    ],
)
def test_french_gets_no_break_spaces(written: str, shown: str) -> None:
    assert typeset(written, "fr") == shown


@pytest.mark.parametrize(
    "untouched",
    [
        "https://example.com:8080/aide?x=1",  # no space to replace: nothing is inserted
        "appel à 10:30",
        "objectif 80/20",
        "entre 0 et 6 sur 10",  # numbers that are not a group of thousands
        "en 2023, 15 agents",
    ],
)
def test_nothing_is_inserted_where_there_was_no_space(untouched: str) -> None:
    assert typeset(untouched, "fr") == untouched


def test_english_and_a_second_pass_are_unchanged() -> None:
    english = 'Example: 90% of "calls"? Yes : no'
    assert typeset(english, "en") == english
    once = typeset("Exemple : « 1 000 € » ?", "fr")
    assert typeset(once, "fr") == once


def test_the_glossary_data_stays_plain() -> None:
    # The decision: typography lives in rendering, so the YAML is typed with plain spaces.
    text = GLOSSARY.read_text(encoding="utf-8")
    lines = [n for n, line in enumerate(text.splitlines(), 1) if NBSP in line or NNBSP in line]
    assert not lines, f"no-break spaces typed into glossary.yaml at lines {lines[:10]}"


# --- the terminal ---------------------------------------------------------------------------

# Entries whose French text is full of « », colons, question marks and percentages.
DENSE = ["QoS", "CSAT", "NPS", "customer-retention", "fcr", "détracteur", "cold-calling"]
ORPHAN = re.compile(r"│ *[:;!?%»€]")  # a panel line that starts with a mark left behind


@pytest.mark.parametrize("columns", [44, 53, 61, 72, 87, 100])
def test_define_in_french_never_starts_a_line_with_a_detached_mark(
    cx: Cx, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = cx("define", *DENSE).stdout
    assert NNBSP + "%" in out and NBSP + ":" in out
    orphans = [line for line in out.splitlines() if ORPHAN.search(line)]
    assert not orphans, "\n".join(orphans)
    # Every panel line still fits the terminal.
    assert max(len(line) for line in out.splitlines()) <= columns


def test_define_in_english_and_json_keep_plain_spaces(cx: Cx) -> None:
    english = cx("define", "QoS", "--lang", "en").stdout
    assert NBSP not in english and NNBSP not in english
    [line] = cx.jsonl("define", "QoS")
    definition = line["entries"][0]["definition"]
    assert "90 %" in definition and NBSP not in definition and NNBSP not in definition


# --- the exports ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "html", "anki"])
def test_documents_for_people_are_typeset_in_french_only(cx: Cx, fmt: str) -> None:
    french = cx("export", "--format", fmt, "--category", "indicator").stdout
    assert f"90{NNBSP}%" in french  # the QoS example
    assert f"Formule{NBSP}:" in french
    english = cx("export", "--format", fmt, "--category", "indicator", "--lang", "en").stdout
    # In an English export the English text keeps its own rules ("Formula:", "90%")...
    assert "Formula:" in english
    # ...and gets no French spaces, while its French half is still typeset.
    assert not re.search(f"[A-Za-z][{NBSP}{NNBSP}][:;!?]", _english_parts(english, fmt))


def _english_parts(document: str, fmt: str) -> str:
    if fmt == "anki":  # the back's first part is the definition in the export language
        return "\n".join(
            line.split("\t")[2].split("<hr>")[0] for line in document.splitlines() if "\t" in line
        )
    if fmt == "html":
        return "\n".join(re.findall(r'<div lang="en">.*?</div>', document))
    return "\n".join(line for line in document.splitlines() if line.startswith("**English**"))


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_data_exports_keep_the_text_as_written(cx: Cx, fmt: str) -> None:
    out = cx("export", "--format", fmt, "--category", "indicator").stdout
    assert NBSP not in out and NNBSP not in out
    if fmt == "json":
        assert any("90 %" in e["definition"]["fr"] for e in json.loads(out)["entries"])


def test_a_fallback_keeps_the_rules_of_the_language_it_is_written_in(
    cx: Cx, tmp_path: Path
) -> None:
    # A company entry given in one language only is shown in that language, marked: French
    # text gets French spaces even in an English view, English text none in a French one.
    path = tmp_path / "team.yaml"
    path.write_text(
        "schema: 1\n"
        "entries:\n"
        "  - id: offre\n"
        "    acronyms: [OFR]\n"
        "    term: {fr: Offre, en: Offer}\n"
        "    category: business\n"
        "    definition:\n"
        '      fr: "Remise : 10 % la première année."\n'
        "  - id: tool\n"
        "    acronyms: [TLX]\n"
        "    term: {fr: Outil, en: Tool}\n"
        "    category: software\n"
        "    definition:\n"
        '      en: "Target: 80 % of calls answered in time."\n',
        encoding="utf-8",
    )
    english = cx("define", "OFR", "-g", str(path), "--lang", "en").stdout
    assert f"Remise{NBSP}: 10{NNBSP}%" in english
    french = cx("define", "TLX", "-g", str(path)).stdout
    assert "Target: 80 % of calls" in french
    markdown = cx("export", "-g", str(path), "--category", "software").stdout
    assert "Target: 80 % of calls" in markdown and f"80{NNBSP}%" not in markdown
