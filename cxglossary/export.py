"""`cx export`: the glossary as Markdown, CSV, JSON, one HTML page or an Anki deck.

Pure builders: each takes entries and returns the whole document as a string; the
CLI decides where it goes. Every format carries both languages; `lang` only decides
which comes first and the language of headings. Output is deterministic (no dates),
so an export can be committed and diffed.

Glossary text is data, never markup: HTML-escaped in HTML and Anki, backslash-escaped
in Markdown, and CSV cells that a spreadsheet would run as a formula are defused.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from html import escape
from typing import Any

from . import __version__
from .glossary import CATEGORIES, LANGS, OTHER_CATEGORY, OTHER_LABELS, Entry, Source
from .normalise import normalize_key, normalize_text
from .typography import typeset

Labels = dict[str, dict[str, str]]

FORMATS = ("markdown", "csv", "json", "html", "anki")

TEXT = {
    "fr": {
        "title": "Glossaire de la relation client",
        "entries": "{n} entrées",
        "shown": "{n} / {total} entrées",
        "search": "Rechercher",
        "placeholder": "AHT, temps d'attente, churn…",
        "none": "Aucune entrée ne correspond.",
        "generated": "Exporté par cx {version} · {n} entrées · français et anglais",
        "context": "Contexte",
        "formula": "Formule",
        "caution": "Attention",
        "aliases": "Aussi appelé",
        "see_also": "Voir aussi",
        "metric": "Calcul",
        "sources": "Sources",
        "outside": "hors relation client",
        "deck": "cx — glossaire de la relation client",
    },
    "en": {
        "title": "Customer-service glossary",
        "entries": "{n} entries",
        "shown": "{n} / {total} entries",
        "search": "Search",
        "placeholder": "AHT, waiting time, churn…",
        "none": "No entry matches.",
        "generated": "Exported by cx {version} · {n} entries · French and English",
        "context": "Context",
        "formula": "Formula",
        "caution": "Caution",
        "aliases": "Also called",
        "see_also": "See also",
        "metric": "Calculator",
        "sources": "Sources",
        "outside": "outside customer service",
        "deck": "cx — customer-service glossary",
    },
}
LANG_NAMES = {"fr": "Français", "en": "English"}
OPTIONAL = ("context", "formula", "caution")


Registry = dict[str, Source]


def build(
    fmt: str,
    entries: list[Entry],
    lang: str,
    sources: Registry | None = None,
    categories: Labels | None = None,
    removed: list[str] | None = None,
) -> str:
    """The document; `sources` (the glossary's registry) names what entries cite;
    `categories`: the labels of every category (built-in ones when None); `removed`:
    ids the overlays retire, kept in the JSON export so that it loads back the same."""
    registry = sources or {}
    labels = categories if categories is not None else {**CATEGORIES, OTHER_CATEGORY: OTHER_LABELS}
    builders: dict[str, Callable[[], str]] = {
        "markdown": lambda: markdown(entries, lang, registry, labels),
        "csv": lambda: to_csv(entries, lang, registry),
        "json": lambda: to_json(entries, lang, registry, labels, removed or []),
        "html": lambda: html_page(entries, lang, registry, labels),
        "anki": lambda: anki(entries, lang, registry),
    }
    return builders[fmt]()


def cited(entries: list[Entry], sources: Registry) -> list[Source]:
    """The registered works these entries cite, in registry order."""
    ids = {source_id for entry in entries for source_id in entry.sources}
    return [source for source_id, source in sources.items() if source_id in ids]


def source_names(entry: Entry, sources: Registry, lang: str) -> list[str]:
    """What a reader calls each source of the entry ("Zendesk (2022)"); an unknown id as is."""
    return [sources[s].label(lang) if s in sources else s for s in entry.sources]


def _langs(lang: str) -> tuple[str, str]:
    other = "en" if lang == "fr" else "fr"
    return lang, other


def _label(key: str, lang: str, colon: bool = True) -> str:
    text = TEXT[lang][key]
    if not colon:
        return text
    return typeset(text + (" :" if lang == "fr" else ":"), lang)


def by_category(
    entries: list[Entry], lang: str, categories: Labels
) -> list[tuple[str, list[Entry]]]:
    """Categories in their documented order (overlays' own after ours), entries
    alphabetical within each."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.category, []).append(entry)
    order = [*categories, *(name for name in groups if name not in categories)]
    return [
        (name, sorted(groups[name], key=lambda e: normalize_key(e.term[lang])))
        for name in order
        if name in groups
    ]


def _category_labels(categories: Labels, name: str) -> dict[str, str]:
    return categories.get(name) or {lang: name for lang in LANGS}


def _note(entry: Entry, field: str, lang: str) -> str:
    """ " (en français)" when the field's text in `lang` is the other language's."""
    note = entry.fallback_note(field, lang)
    return "" if note is None else " " + note


def _typeset(entry: Entry, field: str, lang: str) -> str:
    """The field's text in `lang`, with French typography when it is written in French
    (a fallback to the other language keeps that language's rules)."""
    value: dict[str, str] = getattr(entry, field)
    fallback = entry.fallback_note(field, lang) is not None
    return typeset(value[lang], ("en" if lang == "fr" else "fr") if fallback else lang)


def _shown(entry: Entry, field: str, lang: str) -> str:
    """The field as a reader sees it: typeset, then « (en français) » if it is a fallback."""
    return _typeset(entry, field, lang) + _note(entry, field, lang)


def _names(entries: list[Entry]) -> dict[str, Entry]:
    return {e.id: e for e in entries}


# Any run of whitespace but the no-break spaces French typography puts in (typeset).
_BREAKABLE_SPACE = re.compile(r"(?:(?![\u00a0\u202f])\s)+")


def _one_line(text: str) -> str:
    return _BREAKABLE_SPACE.sub(" ", text).strip(" ")


# --- Markdown ----------------------------------------------------------------------

_MD_SPECIAL = set("\\`*_[]<>|~&#")


def md(text: str) -> str:
    """Text that Markdown shows as written: no emphasis, links, HTML or headings."""
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in _one_line(text))


def markdown(entries: list[Entry], lang: str, sources: Registry, categories: Labels) -> str:
    first, second = _langs(lang)
    known = _names(entries)
    out = [
        f"# {md(TEXT[first]['title'])} · {md(TEXT[second]['title'])}",
        "",
        md(TEXT[lang]["generated"].format(version=__version__, n=len(entries))),
    ]
    for category, group in by_category(entries, lang, categories):
        labels = _category_labels(categories, category)
        out += ["", f"## {md(labels[first])} · {md(labels[second])}"]
        for entry in group:
            title = md(_typeset(entry, "term", first))
            if entry.term[second] != entry.term[first]:
                title += f" · {md(_typeset(entry, 'term', second))}"
            if entry.acronyms:
                title = f"{md(' · '.join(entry.acronyms))} — {title}"
            out += ["", f'### <a id="{escape(entry.id)}"></a>{title}']
            if entry.outside_customer_service:
                out += ["", f"*{md(TEXT[lang]['outside'])}*"]
            for code in (first, second):
                definition = _shown(entry, "definition", code)
                out += ["", f"**{LANG_NAMES[code]}** — {md(definition)}"]
                for key in OPTIONAL:
                    if getattr(entry, key) is not None:
                        shown = _shown(entry, key, code)
                        out[-1] += f"  \n*{md(_label(key, code))}* {md(shown)}"
            extra = _extra_markdown(entry, known, lang, sources)
            if extra:
                out += ["", extra]
    works = cited(entries, sources)
    if works:
        out += ["", f"## {md(TEXT[first]['sources'])}", ""]  # the same word in both languages
        for work in works:
            line = f"- {md(typeset(work.citation(lang), lang))}"
            if work.note is not None:
                line += f" — {md(typeset(work.note[lang], lang))}"
            out.append(line)
    return "\n".join(out) + "\n"


def _extra_markdown(entry: Entry, known: dict[str, Entry], lang: str, sources: Registry) -> str:
    lines = []
    if entry.aliases:
        lines.append(f"{md(_label('aliases', lang))} {', '.join(md(a) for a in entry.aliases)}")
    if entry.see_also:
        links = []
        for target in entry.see_also:
            linked = known.get(target)
            name = linked.term[lang] if linked else target
            links.append(f"[{md(name)}](#{escape(target)})" if linked else md(name))
        lines.append(f"{md(_label('see_also', lang))} {', '.join(links)}")
    if entry.metric:
        lines.append(f"{md(_label('metric', lang))} `cx metric {md(entry.metric)}`")
    if entry.sources:
        names = " · ".join(md(name) for name in source_names(entry, sources, lang))
        lines.append(f"{md(_label('sources', lang))} {names}")
    return "  \n".join(lines)


# --- CSV ---------------------------------------------------------------------------

CSV_COLUMNS = (
    "id",
    "category",
    "acronyms",
    "term_fr",
    "term_en",
    "aliases",
    "definition_fr",
    "definition_en",
    "context_fr",
    "context_en",
    "formula_fr",
    "formula_en",
    "caution_fr",
    "caution_en",
    "metric",
    "see_also",
    "outside_customer_service",
    "sources",
    "fallback",  # columns left empty: the entry gives that text in one language only
)
LIST_SEPARATOR = "; "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """A spreadsheet cell that is never run as a formula (OWASP "CSV injection")."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(entries: list[Entry], lang: str, sources: Registry) -> str:
    """One row per entry, both languages in their own columns; lists joined with '; ';
    sources by name (in `lang`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        own = _own_texts(entry)
        row: list[str] = [
            entry.id,
            entry.category,
            LIST_SEPARATOR.join(entry.acronyms),
            own["term"].get("fr", ""),
            own["term"].get("en", ""),
            LIST_SEPARATOR.join(entry.aliases),
            own["definition"].get("fr", ""),
            own["definition"].get("en", ""),
        ]
        for key in ("context", "formula", "caution"):
            value = own.get(key)
            row += [value.get("fr", ""), value.get("en", "")] if value else ["", ""]
        missing = [
            f"{field}_{lang}" for field, given in entry.fallback.items() for lang in LANGS
            if lang != given
        ]  # fmt: skip
        row += [
            entry.metric or "",
            LIST_SEPARATOR.join(entry.see_also),
            "true" if entry.outside_customer_service else "false",
            LIST_SEPARATOR.join(source_names(entry, sources, lang)),
            LIST_SEPARATOR.join(missing),
        ]
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue()


# --- JSON --------------------------------------------------------------------------


def to_json(
    entries: list[Entry], lang: str, sources: Registry, categories: Labels, removed: list[str]
) -> str:
    """The glossary's own shape (`cx validate` accepts it, `--glossary` can load it back
    as an overlay: its categories, sources, one-language entries and removals included)."""
    used = {entry.category for entry in entries}
    data: dict[str, Any] = {
        "schema": 1,
        "generator": f"cx {__version__}",
        "categories": {
            name: labels
            for name, labels in categories.items()
            if name != OTHER_CATEGORY or name in used
        },
        "sources": {work.id: _plain_source(work) for work in cited(entries, sources)},
        "entries": [_plain_entry(e) for e in entries],
    }
    if removed:
        data["remove"] = removed
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _plain_source(source: Source) -> dict[str, Any]:
    """A registry item as a glossary file writes it (no id inside, no empty field)."""
    return {k: v for k, v in source.to_dict().items() if k != "id" and v is not None}


def _own_texts(entry: Entry) -> dict[str, dict[str, str]]:
    """The text fields as written: a one-language field keeps only its language."""
    texts = {}
    for field in ("term", "definition", *OPTIONAL):
        value: dict[str, str] | None = getattr(entry, field)
        if value is not None:
            given = entry.fallback.get(field)
            texts[field] = value if given is None else {given: value[given]}
    return texts


def _plain_entry(entry: Entry) -> dict[str, Any]:
    data = entry.to_dict()
    for key in ("origin", "line", "fallback"):
        data.pop(key, None)
    data.update(_own_texts(entry))
    return data


# --- HTML --------------------------------------------------------------------------

_CSS = """
:root { color-scheme: light dark; --muted: #666; --line: #ddd; --accent: #0b5cad; }
@media (prefers-color-scheme: dark) { :root { --muted: #aaa; --line: #444; --accent: #7db7f0; } }
[hidden] { display: none !important; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; }
header { position: sticky; top: 0; padding: 1rem 1.5rem; border-bottom: 1px solid var(--line);
  background: Canvas; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
header label { font-weight: 600; margin-right: .5rem; }
#cx-search { font: inherit; padding: .4rem .6rem; width: min(32rem, 90%); }
#cx-count, footer, .meta, .other, .outside { color: var(--muted); }
#cx-count { margin: .4rem 0 0; font-size: .9rem; }
main { padding: 0 1.5rem 2rem; max-width: 72rem; }
h2 { margin-top: 2rem; border-bottom: 2px solid var(--line); }
article { padding: .6rem 0 1rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin: .3rem 0; }
.acronyms { color: var(--accent); }
.langs { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1.5rem; }
.langs p { margin: .3rem 0; }
.lang { font-size: .75rem; font-weight: 700; text-transform: uppercase; color: var(--muted); }
.meta { font-size: .9rem; margin: .4rem 0 0; }
a { color: var(--accent); }
footer { padding: 1rem 1.5rem; font-size: .85rem; }
""".strip()

# Filters on the text of names and definitions, normalised like `cx` does (case,
# accents, apostrophes, hyphens, '&' = 'et'): every word typed must appear.
_JS = """
(function () {
  "use strict";
  var input = document.getElementById("cx-search");
  var count = document.getElementById("cx-count");
  var none = document.getElementById("cx-none");
  var entries = Array.prototype.slice.call(document.querySelectorAll("article.entry"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.category"));
  var hay = entries.map(function (el) { return el.getAttribute("data-search") || ""; });
  var hayKeys = hay.map(function (h) { return h.replace(/ /g, ""); });
  function norm(text) {
    return text.normalize("NFKD").replace(/\\p{M}/gu, "").toLowerCase()
      .replace(/\\s*&\\s*/g, " et ").replace(/['\\u2019\\u2018`\\u00b4\\u02bc]/g, " ")
      .replace(/[^\\p{L}\\p{N}]+/gu, " ").trim();
  }
  function filter() {
    var query = norm(input.value);
    var words = query ? query.split(" ") : [];
    var key = words.join("");
    var shown = 0;
    entries.forEach(function (el, i) {
      var match = !words.length || hayKeys[i].indexOf(key) >= 0 ||
        words.every(function (w) { return hay[i].indexOf(w) >= 0; });
      el.hidden = !match;
      if (match) { shown += 1; }
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector("article.entry:not([hidden])");
    });
    count.textContent = (words.length ? count.getAttribute("data-shown") :
      count.getAttribute("data-all")).replace("{n}", shown).replace("{total}", entries.length);
    none.hidden = shown > 0;
  }
  input.addEventListener("input", filter);
  if (input.value) { filter(); }
})();
""".strip()


def _search_text(entry: Entry) -> str:
    parts = [name for _, name in entry.names()]
    for code in LANGS:
        parts.append(entry.definition[code])
        for key in OPTIONAL:
            value = getattr(entry, key)
            if value is not None:
                parts.append(value[code])
    return normalize_text(" ".join(parts))


def html_page(entries: list[Entry], lang: str, sources: Registry, categories: Labels) -> str:
    """One self-contained page: inline CSS and script, no external asset, works offline."""
    first, second = _langs(lang)
    known = _names(entries)
    t = TEXT[lang]
    total = len(entries)
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{first}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Nothing may load from anywhere: the page is whole as it is.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">",
        f'<meta name="generator" content="cx {escape(__version__)}">',
        f"<title>{escape(t['title'])}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        f'<h1>{escape(t["title"])} <span class="other" lang="{second}">· '
        f"{escape(TEXT[second]['title'])}</span></h1>",
        f'<label for="cx-search">{escape(t["search"])}</label>'
        f'<input id="cx-search" type="search" autocomplete="off" spellcheck="false" '
        f'placeholder="{escape(t["placeholder"])}">',
        f'<p id="cx-count" aria-live="polite" data-all="{escape(t["entries"])}" '
        f'data-shown="{escape(t["shown"])}">{escape(t["entries"].format(n=total))}</p>',
        "</header>",
        "<main>",
    ]
    body: list[str] = []
    for category, group in by_category(entries, lang, categories):
        labels = _category_labels(categories, category)
        body.append(f'<section class="category" id="category-{escape(category)}">')
        body.append(
            f"<h2>{escape(labels[first])} "
            f'<span class="other" lang="{second}">· {escape(labels[second])}</span></h2>'
        )
        body.extend(_html_entry(entry, known, first, second, sources) for entry in group)
        body.append("</section>")
    works = cited(entries, sources)
    if works:
        body.append('<section id="sources">')
        body.append(f"<h2>{escape(TEXT[first]['sources'])}</h2><ul>")
        for work in works:
            note = f" — {escape(typeset(work.note[first], first))}" if work.note else ""
            body.append(
                f'<li id="source-{escape(work.id)}">'
                f"{escape(typeset(work.citation(first), first))}{note}</li>"
            )
        body.append("</ul></section>")
    tail = [
        f'<p id="cx-none" hidden>{escape(t["none"])}</p>',
        "</main>",
        f"<footer>{escape(t['generated'].format(version=__version__, n=total))}</footer>",
        f"<script>\n{_JS}\n</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(head + body + tail) + "\n"


def _html_entry(
    entry: Entry, known: dict[str, Entry], first: str, second: str, sources: Registry
) -> str:
    title = ""
    if entry.acronyms:
        title += f'<span class="acronyms">{escape(" · ".join(entry.acronyms))}</span> — '
    title += f'<span lang="{first}">{escape(_typeset(entry, "term", first))}</span>'
    if entry.term[second] != entry.term[first]:
        other_term = escape(_typeset(entry, "term", second))
        title += f' <span class="other" lang="{second}">· {other_term}</span>'
    if entry.outside_customer_service:
        title += f' <small class="outside">({escape(TEXT[first]["outside"])})</small>'
    columns = []
    for code in (first, second):
        parts = [
            f'<div lang="{code}"><span class="lang">{LANG_NAMES[code]}</span>',
            f"<p>{escape(_shown(entry, 'definition', code))}</p>",
        ]
        for key in OPTIONAL:
            value = getattr(entry, key)
            if value is not None:
                shown = escape(_shown(entry, key, code))
                parts.append(f"<p><b>{escape(_label(key, code))}</b> {shown}</p>")
        parts.append("</div>")
        columns.append("".join(parts))
    meta = []
    if entry.aliases:
        meta.append(f"{escape(_label('aliases', first))} {escape(', '.join(entry.aliases))}")
    if entry.see_also:
        links = []
        for target in entry.see_also:
            linked = known.get(target)
            if linked is None:
                links.append(escape(target))
            else:
                links.append(f'<a href="#entry-{escape(target)}">{escape(linked.term[first])}</a>')
        meta.append(f"{escape(_label('see_also', first))} {', '.join(links)}")
    if entry.metric:
        meta.append(
            f"{escape(_label('metric', first))} <code>cx metric {escape(entry.metric)}</code>"
        )
    if entry.sources:
        links = [
            f'<a href="#source-{escape(sid)}">{escape(name)}</a>'
            if sid in sources
            else escape(name)
            for sid, name in zip(entry.sources, source_names(entry, sources, first), strict=True)
        ]
        meta.append(f"{escape(_label('sources', first))} {', '.join(links)}")
    meta_html = f'<p class="meta">{" · ".join(meta)}</p>' if meta else ""
    return (
        f'<article class="entry" id="entry-{escape(entry.id)}" data-id="{escape(entry.id)}" '
        f'data-search="{escape(_search_text(entry))}">'
        f"<h3>{title}</h3>"
        f'<div class="langs">{"".join(columns)}</div>{meta_html}</article>'
    )


# --- Anki --------------------------------------------------------------------------


def _anki_text(value: str) -> str:
    """Glossary text for a field read as HTML: markup shown as written, no bare quote
    (Anki would take a field starting with one as a quoted CSV field)."""
    return escape(value, quote=False).replace('"', "&quot;")


def _anki_field(html_text: str) -> str:
    """A field of Anki's tab-separated import: no tab, no line break, no bare quote."""
    return _one_line(html_text)


def anki(entries: list[Entry], lang: str, sources: Registry) -> str:
    """Anki's "text file" import (Anki 2.1.55+ reads the #headers): one Basic note per entry.

    Front: acronyms and term in `lang`. Back: definition (and formula) in `lang`, then
    the other language's term and definition. Column 1 is a stable GUID ("cx-<id>"),
    so importing a newer export updates the notes instead of duplicating them.
    """
    first, second = _langs(lang)
    lines = [
        "#separator:tab",
        "#html:true",
        "#notetype:Basic",
        f"#deck:{TEXT[lang]['deck']}",
        "#columns:GUID\tFront\tBack\tTags",
        "#guid column:1",
        "#tags column:4",
    ]
    for entry in entries:
        front = _anki_text(_typeset(entry, "term", first))
        if entry.acronyms:
            front = f"<b>{_anki_text(' · '.join(entry.acronyms))}</b><br>{front}"
        back = [_anki_text(_shown(entry, "definition", first))]
        for key in ("formula", "caution"):
            if getattr(entry, key) is not None:
                shown = _anki_text(_typeset(entry, key, first))
                back.append(f"<i>{_anki_text(_label(key, first))}</i> {shown}")
        back.append(
            f"<hr><b>{_anki_text(_shown(entry, 'term', second))}</b> — "
            f"{_anki_text(_shown(entry, 'definition', second))}"
        )
        if entry.sources:
            names = " · ".join(source_names(entry, sources, first))
            back.append(
                f"<small>{_anki_text(_label('sources', first))} {_anki_text(names)}</small>"
            )
        fields = [
            f"cx-{entry.id}",
            front,
            "<br><br>".join(back),
            f"cx cx::{entry.category}",
        ]
        lines.append("\t".join(_anki_field(f) for f in fields))
    return "\n".join(lines) + "\n"
