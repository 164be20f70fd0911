"""`cx export`: Markdown, CSV, JSON, HTML and Anki, both languages, text never markup."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import Cx, write_glossary

from cxglossary.export import CSV_COLUMNS, cell, md


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """An overlay whose text tries HTML, Markdown, Rich markup, spreadsheet formulas."""
    return write_glossary(
        tmp_path / "hostile.yaml",
        """\
        entries:
          - id: hostile
            acronyms: [HSTL]
            aliases: ["<img src=x onerror=alert(1)>"]
            term: {fr: "Terme <b>gras</b> [bold]x[/]", en: "=HYPERLINK(\\"http://evil\\")"}
            category: process
            definition:
              fr: "<script>alert('fr')</script> et [lien](http://evil) *gras* | tube"
              en: "-2+3 \\"quoted\\"\\tand a tab"
            see_also: [aht]
        """,
    )


def entry_count(cx: Cx, *args: str) -> int:
    return len(cx.json("list", *args)["entries"])


def test_markdown_both_languages_by_category(cx: Cx) -> None:
    result = cx("export")
    assert result.stderr == ""
    out = result.stdout
    assert out.startswith("# Glossaire de la relation client · Customer-service glossary\n")
    assert "## Indicateurs et mesures · Indicators and measures" in out
    assert '### <a id="aht"></a>AHT · DMT · TTM — Durée moyenne de traitement · Average' in out
    aht = out.split('<a id="aht">', 1)[1].split("\n### ", 1)[0]
    assert "**Français** — " in aht and "**English** — " in aht
    # French typography in the French half only (no-break space before the colon).
    assert "*Formule\u00a0:*" in aht and "*Formula:*" in aht
    assert "[Temps de conversation](#talk-time)" in aht
    assert out.count("\n### ") == entry_count(cx)
    english = cx("export", "--format", "markdown", "--lang", "en").stdout
    assert english.startswith("# Customer-service glossary · Glossaire")


def test_markdown_escapes_glossary_text(cx: Cx, hostile: Path) -> None:
    out = cx("export", "-g", str(hostile), "-c", "process").stdout
    section = out.split('<a id="hostile">', 1)[1].split("\n### ", 1)[0]
    assert "<script>" not in section and "\\<script\\>" in section
    assert "\\[lien\\](http://evil)" in section and "\\*gras\\*" in section
    assert "\\<img src=x onerror=alert(1)\\>" in section
    assert md("a_b*c") == "a\\_b\\*c"


def test_csv_one_row_per_entry_both_languages(cx: Cx) -> None:
    result = cx("export", "--format", "csv")
    assert result.stderr == ""
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert len(rows) == entry_count(cx)
    assert tuple(rows[0]) == CSV_COLUMNS
    aht = next(r for r in rows if r["id"] == "aht")
    assert aht["acronyms"] == "AHT; DMT; TTM"
    assert aht["term_fr"] == "Durée moyenne de traitement"
    assert aht["term_en"] == "Average handle time"
    assert aht["definition_fr"] and aht["definition_en"] and aht["formula_en"]
    assert aht["metric"] == "aht" and aht["outside_customer_service"] == "false"
    assert result.stdout_bytes.endswith(b"\r\n")  # RFC 4180 line ends


def test_csv_defuses_formulas(cx: Cx, hostile: Path) -> None:
    out = cx("export", "-f", "csv", "-g", str(hostile)).stdout
    row = next(r for r in csv.DictReader(io.StringIO(out, newline="")) if r["id"] == "hostile")
    assert row["term_en"] == '\'=HYPERLINK("http://evil")'
    assert row["definition_en"] == '\'-2+3 "quoted"\tand a tab'
    assert cell("ok") == "ok" and cell("@SUM(A1)") == "'@SUM(A1)"


def test_json_is_a_loadable_glossary(cx: Cx, tmp_path: Path) -> None:
    result = cx("export", "--format", "json")
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["schema"] == 1 and len(data["entries"]) == entry_count(cx)
    aht = next(e for e in data["entries"] if e["id"] == "aht")
    assert aht["term"] == {"fr": "Durée moyenne de traitement", "en": "Average handle time"}
    assert "origin" not in aht
    assert data["categories"]["indicator"]["en"] == "Indicators and measures"
    # --json alone means JSON
    assert cx.json("export") == data
    # and it loads back as a glossary
    path = tmp_path / "export.json"
    path.write_text(result.stdout, encoding="utf-8")
    cx("validate", str(path))
    [line] = cx.jsonl("define", "AHT", "-g", str(path))
    assert line["entries"][0]["id"] == "aht"


def test_category_filter(cx: Cx) -> None:
    data = json.loads(cx("export", "-f", "json", "--category", "survey").stdout)
    assert data["entries"] and {e["category"] for e in data["entries"]} == {"survey"}
    assert len(data["entries"]) == entry_count(cx, "--category", "survey")
    assert "not a category" in cx("export", "--category", "nope", code=2).stderr


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    return parser


def test_html_is_one_self_contained_page(cx: Cx) -> None:
    result = cx("export", "--format", "html")
    assert result.stderr == ""
    page = parse(result.stdout)
    names = [tag for tag, _ in page.tags]
    assert names.count("script") == 1 and names.count("style") == 1
    assert "link" not in names and "img" not in names and "iframe" not in names
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        href = attrs.get("href")
        assert href is None or href.startswith("#"), href
    csp = [a for t, a in page.tags if t == "meta" and a.get("http-equiv")]
    assert csp and "default-src 'none'" in (csp[0]["content"] or "")
    articles = [a for t, a in page.tags if t == "article"]
    assert len(articles) == entry_count(cx)
    aht = next(a for a in articles if a["data-id"] == "aht")
    assert "duree moyenne de traitement" in (aht["data-search"] or "")
    assert "average handle time" in (aht["data-search"] or "")
    assert [a for t, a in page.tags if t == "input" and a.get("id") == "cx-search"]
    text = "".join(page.text)
    assert "Durée moyenne de traitement" in text and "Average handle time" in text


def test_html_escapes_glossary_text(cx: Cx, hostile: Path) -> None:
    out = cx("export", "-f", "html", "-g", str(hostile)).stdout
    page = parse(out)
    assert [t for t, _ in page.tags].count("script") == 1
    assert "img" not in [t for t, _ in page.tags]
    text = "".join(page.text)
    assert "<script>alert('fr')</script>" in text
    assert "Terme <b>gras</b> [bold]x[/]" in text
    assert "<img src=x onerror=alert(1)>" in text


def test_anki_deck(cx: Cx, hostile: Path) -> None:
    result = cx("export", "--format", "anki")
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    headers = [line for line in lines if line.startswith("#")]
    assert "#separator:tab" in headers and "#html:true" in headers
    assert "#guid column:1" in headers and "#tags column:4" in headers
    notes = [line.split("\t") for line in lines if not line.startswith("#")]
    assert len(notes) == entry_count(cx)
    assert all(len(note) == 4 for note in notes)
    aht = next(n for n in notes if n[0] == "cx-aht")
    assert aht[1] == "<b>AHT · DMT · TTM</b><br>Durée moyenne de traitement"
    assert "Average handle time" in aht[2] and aht[3] == "cx cx::indicator"
    out = cx("export", "-f", "anki", "-g", str(hostile)).stdout
    [note] = [line.split("\t") for line in out.splitlines() if line.startswith("cx-hostile")]
    assert len(note) == 4
    assert "&lt;script&gt;" in note[2] and "<script>" not in note[2]
    assert '"' not in "".join(note) and "&quot;quoted&quot;" in note[2]


def test_output_file(cx: Cx, tmp_path: Path) -> None:
    target = tmp_path / "glossary.html"
    result = cx("export", "-f", "html", "-o", str(target))
    assert result.stderr == ""
    assert str(target) in result.stdout and "html" in result.stdout
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    summary = cx.json("export", "-f", "csv", "-o", str(tmp_path / "g.csv"))
    assert summary == {
        "format": "csv",
        "path": str(tmp_path / "g.csv"),
        "entries": entry_count(cx),
        "bytes": (tmp_path / "g.csv").stat().st_size,
    }
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    # Without --format, the extension decides.
    cx("export", "-o", str(tmp_path / "page.HTML"))
    assert (tmp_path / "page.HTML").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    cx("export", "-o", str(tmp_path / "deck.txt"))
    assert (tmp_path / "deck.txt").read_text(encoding="utf-8").startswith("# Glossaire")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-f", "html", "--json"), "--output"),
        (("-f", "pdf"), "pdf"),
        (("-o", "/nonexistent/dir/g.md"), "cannot write"),
        (("-o", "."), "is a directory"),
    ],
)
def test_export_errors_exit_2(cx: Cx, args: tuple[str, ...], message: str) -> None:
    result = cx("export", *args, code=2)
    assert result.stdout == "" and message in result.stderr
