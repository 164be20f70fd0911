"""The glossary model: entries, loading YAML/JSON files, validation.

Pure: nothing here prints. Loading raises `InputError` for files that cannot be
read at all; `check_file` returns every problem of a readable file so that
`cx validate` can list them.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import InputError

# Told how far a long load has got: (phase, done, total); compiled.py shows it as a
# progress bar while a large glossary is indexed.
Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 1000  # entries between two reports

SCHEMA_VERSION = 1
LANGS = ("fr", "en")

# The closed list of categories; `cx categories` shows it with counts.
CATEGORIES: dict[str, dict[str, str]] = {
    "indicator": {"fr": "Indicateurs et mesures", "en": "Indicators and measures"},
    "survey": {"fr": "Enquêtes et écoute client", "en": "Surveys and customer feedback"},
    "channel": {"fr": "Canaux de contact", "en": "Contact channels"},
    "technology": {"fr": "Technologies du centre de contact", "en": "Contact-centre technology"},
    "software": {"fr": "Logiciels", "en": "Software"},
    "organisation": {"fr": "Organisation, équipes et métiers", "en": "Organisation, teams, roles"},
    "process": {"fr": "Processus et pratiques", "en": "Processes and practices"},
    "experience": {"fr": "Expérience client", "en": "Customer experience"},
    "sales-marketing": {"fr": "Vente et marketing", "en": "Sales and marketing"},
    "data-ai": {"fr": "Données et intelligence artificielle", "en": "Data and AI"},
    "regulation": {"fr": "Réglementation et normes", "en": "Regulation and standards"},
    "business": {"fr": "Vocabulaire général de l'entreprise", "en": "General business terms"},
}

# Where an entry whose category is declared nowhere is shown (with a warning).
OTHER_CATEGORY = "other"
OTHER_LABELS = {"fr": "Autres", "en": "Other"}

# Beside text given in one language only, shown in the language the text is in.
FALLBACK_NOTE = {"fr": "(en français)", "en": "(in English)"}

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"  # compiled on first validation (re caches it)
BILINGUAL_REQUIRED = ("term", "definition")
BILINGUAL_OPTIONAL = ("context", "caution", "formula")
LIST_FIELDS = ("acronyms", "aliases", "see_also", "sources")
KNOWN_FIELDS = frozenset(
    (
        "id",
        "category",
        "metric",
        "outside_customer_service",
        *BILINGUAL_REQUIRED,
        *BILINGUAL_OPTIONAL,
        *LIST_FIELDS,
    )
)
# Top-level keys of a glossary file; "generator" is written by `cx export --format json`.
TOP_LEVEL_KEYS = frozenset(("schema", "entries", "categories", "remove", "sources", "generator"))
# Past this size a glossary is refused outright: it would take minutes to parse.
MAX_FILE_BYTES = 512 * 1024 * 1024


# Plain classes with __slots__ rather than dataclasses: every `cx` run imports this
# module, and generating a dataclass costs 0.5-1.5 ms of start-up each.


class Entry:
    """One concept of the glossary, both languages."""

    __slots__ = (
        "acronyms", "aliases", "builtin", "category", "caution", "context", "definition",
        "fallback", "formula", "id", "line", "metric", "origin", "outside_customer_service",
        "see_also", "sources", "term",
    )  # fmt: skip

    def __init__(
        self,
        id: str,
        term: dict[str, str],
        definition: dict[str, str],
        category: str,
        acronyms: tuple[str, ...] = (),
        aliases: tuple[str, ...] = (),
        context: dict[str, str] | None = None,
        caution: dict[str, str] | None = None,
        formula: dict[str, str] | None = None,
        metric: str | None = None,
        see_also: tuple[str, ...] = (),
        sources: tuple[str, ...] = (),
        outside_customer_service: bool = False,
        origin: str = "",  # the file this entry comes from
        line: int | None = None,  # where it starts in that file (None for JSON)
        fallback: dict[str, str] | None = None,
        builtin: bool = False,
    ) -> None:
        self.id = id
        self.term = term
        self.definition = definition
        self.category = category
        self.acronyms = acronyms
        self.aliases = aliases
        self.context = context
        self.caution = caution
        self.formula = formula
        self.metric = metric
        self.see_also = see_also
        self.sources = sources
        self.outside_customer_service = outside_customer_service
        self.origin = origin
        self.line = line
        # Text fields written in one language only -> that language; the other side
        # holds the same text, so every reader of `term[lang]` gets something to show.
        self.fallback = fallback or {}
        self.builtin = builtin

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Entry) and self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash((self.id, self.origin))

    def __repr__(self) -> str:
        return f"Entry({self.id!r})"

    def names(self) -> Iterator[tuple[str, str]]:
        """Every name of the entry with its kind: acronym, term or alias."""
        for acronym in self.acronyms:
            yield "acronym", acronym
        for lang in LANGS:
            yield "term", self.term[lang]
        for alias in self.aliases:
            yield "alias", alias

    def to_dict(self) -> dict[str, Any]:
        """Both languages, as stored in the compiled index."""
        return {
            "id": self.id,
            "term": self.term,
            "definition": self.definition,
            "category": self.category,
            "acronyms": list(self.acronyms),
            "aliases": list(self.aliases),
            "context": self.context,
            "caution": self.caution,
            "formula": self.formula,
            "metric": self.metric,
            "see_also": list(self.see_also),
            "sources": list(self.sources),
            "outside_customer_service": self.outside_customer_service,
            "origin": self.origin,
            "line": self.line,
            "fallback": self.fallback,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        return cls(
            id=data["id"],
            term=data["term"],
            definition=data["definition"],
            category=data["category"],
            acronyms=tuple(data["acronyms"]),
            aliases=tuple(data["aliases"]),
            context=data["context"],
            caution=data["caution"],
            formula=data["formula"],
            metric=data["metric"],
            see_also=tuple(data["see_also"]),
            sources=tuple(data["sources"]),
            outside_customer_service=data["outside_customer_service"],
            origin=data.get("origin", ""),
            line=data.get("line"),
            fallback=data.get("fallback"),
        )

    def text_lang(self, field: str, lang: str) -> str:
        """The language the text of `field` is actually in when `lang` is asked for."""
        return self.fallback.get(field, lang)

    def fallback_fields(self, lang: str) -> dict[str, str]:
        """Fields shown in the other language when `lang` is asked for -> that language."""
        return {field: given for field, given in self.fallback.items() if given != lang}

    def fallback_note(self, field: str, lang: str) -> str | None:
        """« (en français) » when `field` is shown in a language other than `lang`."""
        given = self.fallback.get(field, lang)
        return None if given == lang else FALLBACK_NOTE[given]

    def origin_json(self) -> dict[str, Any]:
        return {"file": None if self.builtin else self.origin, "line": self.line,
                "builtin": self.builtin}  # fmt: skip

    def localized(self, lang: str) -> dict[str, Any]:
        """The JSON contract's Entry: text fields in one language."""

        def pick(text: dict[str, str] | None) -> str | None:
            return None if text is None else text[lang]

        fallback = self.fallback_fields(lang)

        return {
            "id": self.id,
            "term": self.term[lang],
            "acronyms": list(self.acronyms),
            "aliases": list(self.aliases),
            "category": self.category,
            "definition": self.definition[lang],
            "context": pick(self.context),
            "caution": pick(self.caution),
            "formula": pick(self.formula),
            "metric": self.metric,
            "see_also": list(self.see_also),
            "sources": list(self.sources),
            "outside_customer_service": self.outside_customer_service,
            "lang": lang,
            "fallback": bool(fallback),
            "fallback_fields": fallback,
            "origin": self.origin_json(),
        }


class Source:
    """A work the glossary's entries cite: a web page, or general trade knowledge.

    `title` and `publisher` are kept per language: a page's title is the same in both,
    a description such as "general knowledge" is not.
    """

    __slots__ = ("author", "date", "id", "note", "publisher", "title", "url")

    def __init__(
        self,
        id: str,
        title: dict[str, str],
        publisher: dict[str, str] | None = None,
        author: str | None = None,
        date: str | None = None,
        url: str | None = None,
        note: dict[str, str] | None = None,
    ) -> None:
        self.id = id
        self.title = title
        self.publisher = publisher
        self.author = author
        self.date = date  # ISO 8601: 2022, 2022-03 or 2022-03-17
        self.url = url
        self.note = note

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Source) and self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return f"Source({self.id!r})"

    def label(self, lang: str) -> str:
        """The short name a reader recognises: "Zendesk (2022)", else the title."""
        if self.publisher is None:
            return self.title[lang]
        year = f" ({self.date[:4]})" if self.date else ""
        return self.publisher[lang] + year

    def citation(self, lang: str) -> str:
        """The full reference: publisher, « title », author, date."""
        open_quote, close_quote = ("« ", " »") if lang == "fr" else ("“", "”")
        parts = [f"{open_quote}{self.title[lang]}{close_quote}"]
        if self.publisher is not None:
            parts.insert(0, self.publisher[lang])
        parts.extend(p for p in (self.author, self.date) if p)
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """Both languages, as stored in the compiled index."""
        return {
            "id": self.id,
            "title": self.title,
            "publisher": self.publisher,
            "author": self.author,
            "date": self.date,
            "url": self.url,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        return cls(**data)

    def localized(self, lang: str) -> dict[str, Any]:
        """The JSON contract's Source: text in one language, plus the reader's label."""
        return {
            "id": self.id,
            "label": self.label(lang),
            "title": self.title[lang],
            "publisher": None if self.publisher is None else self.publisher[lang],
            "author": self.author,
            "date": self.date,
            "url": self.url,
            "note": None if self.note is None else self.note[lang],
            "citation": self.citation(lang),
        }


class Problem:
    """One thing wrong with a glossary file, located as precisely as we can."""

    __slots__ = ("column", "entry_id", "field", "file", "line", "message", "note", "warning")

    def __init__(
        self,
        file: str,
        message: str,
        entry_id: str | None = None,
        field: str | None = None,
        line: int | None = None,
        column: int | None = None,
        warning: bool = False,
        note: bool = False,
    ) -> None:
        self.file = file
        self.message = message
        self.entry_id = entry_id
        self.field = field
        self.line = line
        self.column = column
        # A note is information (`cx validate` lists it; loading says nothing); it is
        # never an error, so it also counts as a warning for whoever filters errors.
        self.note = note
        self.warning = warning or note

    @property
    def severity(self) -> str:
        return "note" if self.note else "warning" if self.warning else "error"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and self.to_json() == other.to_json()

    def __hash__(self) -> int:
        return hash((self.file, self.message, self.entry_id, self.field, self.line))

    def __repr__(self) -> str:
        return f"Problem({str(self)!r})"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        parts = [where]
        if self.entry_id:
            parts.append(f"entry '{self.entry_id}'")
        if self.field:
            parts.append(f"field '{self.field}'")
        label = "" if self.severity == "error" else self.severity + ": "
        return f"{label}{': '.join(parts)}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "entry": self.entry_id,
            "field": self.field,
            "message": self.message,
            "severity": self.severity,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Problem:
        return cls(
            data["file"],
            data["message"],
            entry_id=data["entry"],
            field=data["field"],
            line=data["line"],
            column=data["column"],
            warning=data["severity"] == "warning",
            note=data["severity"] == "note",
        )


class DeclaredCategory:
    """A category an overlay declares at its top level."""

    __slots__ = ("id", "labels", "line")

    def __init__(self, id: str, labels: dict[str, str], line: int | None) -> None:
        self.id = id
        self.labels = labels
        self.line = line

    def to_json(self) -> list[Any]:
        return [self.id, self.labels, self.line]

    @classmethod
    def from_json(cls, data: list[Any]) -> DeclaredCategory:
        return cls(data[0], data[1], data[2])


class LoadedFile:
    """A glossary file after parsing and validation of each entry on its own.

    What only the other layers can settle is kept for them: the categories it
    declares, the ids it removes, and its entries' categories that are neither
    built-in nor declared in this file.
    """

    __slots__ = (
        "categories", "category_uses", "digest", "entries", "path", "problems", "removals",
        "sources",
    )  # fmt: skip

    def __init__(
        self,
        path: str,
        entries: list[Entry] | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        self.path = path
        self.entries = entries if entries is not None else []
        self.problems = problems if problems is not None else []
        self.sources: dict[str, Source] = {}  # the file's `sources:` registry
        self.digest = ""  # sha256 of the bytes read, for the compiled index
        self.categories: list[DeclaredCategory] = []
        self.removals: list[tuple[str, int | None]] = []  # (id, line)
        self.category_uses: list[tuple[str, str, int | None]] = []  # (entry id, category, line)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]


# --- reading -----------------------------------------------------------------


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or an InputError that says what is wrong with the path.

    Pipes (`-g <(curl ...)`) are read like files; whatever the path, no more than
    MAX_FILE_BYTES are read, so `-g /dev/zero` is refused instead of eating memory.
    """
    shown = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(f"{shown}: no such file", hint="check the --glossary path") from None
    except OSError as exc:
        raise InputError(f"{shown}: cannot read ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{shown}: is a directory, not a glossary file")
    too_large = InputError(
        f"{shown}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, too large for a glossary"
    )
    if st.st_size > MAX_FILE_BYTES:
        raise too_large
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{shown}: cannot read ({exc.strerror})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise too_large
    return raw


def decode(raw: bytes, shown: str) -> str:
    """UTF-8 text (a byte-order mark is dropped), or an InputError naming the line."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(f"{shown}:1: the file is UTF-16, not UTF-8", hint="save it as UTF-8")
    try:
        # utf-8-sig drops a byte-order mark that Windows editors add.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        raise InputError(
            f"{shown}:{line}:{column}: not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            hint="save the file as UTF-8",
        ) from None


def read_text(path: Path) -> str:
    """The file's text, or an InputError that says what is wrong with the path."""
    return decode(read_bytes(path), str(path))


def parse_document(text: str, path: str, progress: Progress | None = None) -> Any:
    """Parse YAML (or JSON, which is faster) into plain Python data."""
    if path.endswith(".json"):
        return _parse_json(text, path)
    from . import yamlload

    return yamlload.load(text, path, progress)


def _parse_json(text: str, path: str) -> Any:
    import json

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise InputError(f"{path}: duplicate key '{key}' in one JSON object")
            result[key] = value
        return result

    try:
        document = json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise InputError(f"{path}: invalid JSON: nested too deeply") from None
    try:
        json.dumps(document, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        # "\ud800" without its pair decodes to a lone surrogate: not a character.
        escape = "\\u" + format(ord(exc.object[exc.start]), "04x")
        at = text.lower().find(escape)
        line = text.count("\n", 0, at) + 1
        where = path if at < 0 else f"{path}:{line}"
        raise InputError(f"{where}: invalid JSON: {escape} is half of a surrogate pair") from None
    return document


def load_file(path: Path, *, strict: bool = False, progress: Progress | None = None) -> LoadedFile:
    """Read, parse and check every entry of one glossary file.

    Raises InputError when the file cannot be read or parsed at all; returns the
    entries that are valid plus a problem per invalid field otherwise. Loading is
    forgiving where one slip must not cost a team its whole glossary (an unknown
    category, a bad declaration): those are warnings, and errors when `strict`
    (`cx validate`). `progress(phase, done, total)` hears how far reading (in
    characters) and checking (in entries) have got.
    """
    from .collector import paused

    shown = str(path)
    raw = read_bytes(path)
    with paused():
        document = parse_document(decode(raw, shown), shown, progress)
        loaded = check_document(document, shown, strict=strict, progress=progress)
    import hashlib

    loaded.digest = hashlib.sha256(raw).hexdigest()
    return loaded


def check_document(
    document: Any, path: str, *, strict: bool = False, progress: Progress | None = None
) -> LoadedFile:
    loaded = LoadedFile(path)
    if document is None:
        loaded.problems.append(
            Problem(path, "the file holds no glossary (it is empty or only comments)", line=1)
        )
        return loaded
    if not isinstance(document, dict) or "entries" not in document:
        loaded.problems.append(
            Problem(path, "expected a mapping with an 'entries' list at the top", line=1)
        )
        return loaded
    schema = document.get("schema", SCHEMA_VERSION)
    if schema != SCHEMA_VERSION:
        loaded.problems.append(
            Problem(
                path,
                f"schema {_short(schema)} is not supported (expected {SCHEMA_VERSION})",
                line=_line_of(document, "schema"),
            )
        )
    if "sources" in document:
        loaded.sources = check_registry(document, path, loaded.problems)
    for key in document:
        if key not in TOP_LEVEL_KEYS:
            loaded.problems.append(
                Problem(
                    path,
                    f"unknown top-level key {_short(key)} is ignored "
                    f"(known: {', '.join(sorted(TOP_LEVEL_KEYS))})",
                    line=_line_of(document, str(key)),
                    warning=True,
                )
            )
    raw_entries = document["entries"]
    if not isinstance(raw_entries, list):
        loaded.problems.append(
            Problem(
                path,
                f"'entries' must be a list of entries (found {_kind(raw_entries)})",
                field="entries",
                line=_line_of(document, "entries"),
            )
        )
        return loaded
    loaded.categories = _declared_categories(document, path, strict, loaded.problems)
    local_categories = set(CATEGORIES) | {OTHER_CATEGORY} | {c.id for c in loaded.categories}
    seen: dict[str, int | None] = {}
    for position, raw in enumerate(raw_entries, start=1):
        if progress is not None and position % PROGRESS_EVERY == 0:
            progress("checking", position, len(raw_entries))
        entry, problems = check_entry(raw, path, position)
        loaded.problems.extend(problems)
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(raw_id, str):
            if raw_id in seen:
                loaded.problems.append(
                    Problem(
                        path,
                        f"duplicate id (first defined at line {seen[raw_id]})",
                        entry_id=raw_id,
                        field="id",
                        line=_line_of(raw),
                    )
                )
                continue
            seen[raw_id] = _line_of(raw)
        category = raw.get("category") if isinstance(raw, dict) else None
        if isinstance(category, str) and category.strip() not in local_categories:
            # Recorded for invalid entries too, so that `cx validate` names every problem.
            shown_id = raw_id if isinstance(raw_id, str) else f"#{position}"
            loaded.category_uses.append((shown_id, category.strip(), _line_of(raw, "category")))
        if entry is not None:
            loaded.entries.append(entry)
    loaded.removals = _removals(document, path, strict, seen, loaded.problems)
    return loaded


SOURCE_TEXT_FIELDS = ("title", "publisher", "note")  # text, or text per language
SOURCE_PLAIN_FIELDS = ("author", "url")
SOURCE_FIELDS = frozenset((*SOURCE_TEXT_FIELDS, *SOURCE_PLAIN_FIELDS, "date"))
DATE_PATTERN = r"^[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?$"


def check_registry(
    document: dict[str, Any], path: str, problems: list[Problem]
) -> dict[str, Source]:
    """The file's top-level `sources:` mapping (id -> title, publisher, author, date...)."""
    raw = document["sources"]
    if not isinstance(raw, dict):
        problems.append(
            Problem(
                path,
                f"'sources' must map source ids to their title, publisher, date "
                f"(found {_kind(raw)})",
                field="sources",
                line=_line_of(document, "sources"),
            )
        )
        return {}
    registry: dict[str, Source] = {}
    for source_id, fields in raw.items():
        source_line = _line_of(raw, str(source_id)) or _line_of(document, "sources")
        if not isinstance(source_id, str) or not re.match(ID_PATTERN, source_id):
            problems.append(
                Problem(
                    path,
                    f"source id {_short(source_id)} must be a slug of lowercase letters, "
                    "digits and hyphens",
                    field="sources",
                    line=source_line,
                )
            )
            continue
        source = _check_source(source_id, fields, path, source_line, problems)
        if source is not None:
            registry[source_id] = source
    return registry


def _check_source(
    source_id: str, fields: Any, path: str, source_line: int | None, problems: list[Problem]
) -> Source | None:
    def problem(key: str | None, message: str) -> None:
        field = f"sources.{source_id}" + (f".{key}" if key else "")
        line = _line_of(fields, key.split(".")[0]) if key else None
        problems.append(Problem(path, message, field=field, line=line or source_line))

    if not isinstance(fields, dict):
        problem(None, f"must be a mapping with at least a title (found {_kind(fields)})")
        return None
    ok = True
    for key in fields:
        if key not in SOURCE_FIELDS:
            problem(str(key), "unknown field")
            ok = False
    texts: dict[str, dict[str, str] | None] = {}
    for name in SOURCE_TEXT_FIELDS:
        value = fields.get(name)
        if isinstance(value, str) and value.strip():
            value = {lang: value for lang in LANGS}  # a title is the same in both languages
        found, _given = _bilingual(value, name, name == "title", problem)
        if value is not None and found is None:
            ok = False
        texts[name] = found
    plain: dict[str, str | None] = {}
    for name in SOURCE_PLAIN_FIELDS:
        value = fields.get(name)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            problem(name, f"must be text (found {_kind(value)})")
            ok = False
        plain[name] = value.strip() if isinstance(value, str) else None
    date = fields.get("date")
    if date is not None:
        # YAML reads an unquoted 2022-03-17 as a date and 2022 as a number.
        date = date.isoformat() if hasattr(date, "isoformat") else str(date)
        if not re.match(DATE_PATTERN, date):
            problem("date", f"{_short(date)} is not a date (write 2022-03-17, 2022-03 or 2022)")
            ok = False
    if not ok or texts["title"] is None:
        return None
    return Source(
        id=source_id,
        title=texts["title"],
        publisher=texts["publisher"],
        author=plain["author"],
        date=date,
        url=plain["url"],
        note=texts["note"],
    )


def _declared_categories(
    document: dict[str, Any], path: str, strict: bool, problems: list[Problem]
) -> list[DeclaredCategory]:
    """`categories: [{id: produits, label: {fr: Nos produits, en: Our products}}]`."""
    raw = document.get("categories")
    if raw is None:
        return []
    line = _line_of(document, "categories")
    if isinstance(raw, dict) and all(isinstance(v, dict) for v in raw.values()):
        # {id: {fr, en}}: the shape `cx export --format json` writes.
        raw = [{"id": key, "label": value} for key, value in raw.items()]
    if not isinstance(raw, list):
        problems.append(
            Problem(
                path,
                f"'categories' must be a list of {{id, label: {{fr, en}}}} (found {_kind(raw)})",
                field="categories",
                line=line,
                warning=not strict,
            )
        )
        return []
    declared: dict[str, DeclaredCategory] = {}
    for position, item in enumerate(raw, start=1):
        where = _line_of(item) or line

        def problem(
            message: str, category: str | None = None, *, where: Any = where, n: int = position
        ) -> None:
            name = f"categories: '{category}'" if category else f"categories: item {n}"
            problems.append(Problem(path, f"{name}: {message}", line=where, warning=not strict))

        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            problem("needs an id and a label, as {id: produits, label: {fr: …, en: …}}")
            continue
        category_id = item["id"]
        if not re.match(ID_PATTERN, category_id):
            problem(
                "the id must be a slug of lowercase letters, digits and hyphens; "
                "the category is not declared",
                category_id,
            )
            continue
        unknown = sorted(str(k) for k in item if k not in ("id", "label"))
        if unknown:
            problem(f"unknown field(s) {', '.join(unknown)} (expected id and label)", category_id)
        labels = _category_labels(item.get("label"))
        if labels is None:
            problem(
                "the label needs French or English text ({fr: …, en: …}); the id is shown instead",
                category_id,
            )
            labels = {lang: category_id for lang in LANGS}
        if category_id in declared:
            problem(
                f"declared twice in this file (first at line {declared[category_id].line})",
                category_id,
            )
            continue
        declared[category_id] = DeclaredCategory(category_id, labels, where)
    return list(declared.values())


def _category_labels(value: Any) -> dict[str, str] | None:
    """Both languages, one filling in for the other; None when neither is text."""
    if isinstance(value, str) and value.strip():
        value = {"fr": value, "en": value}
    if not isinstance(value, dict):
        return None
    given = {
        lang: " ".join(text.split())
        for lang in LANGS
        if isinstance(text := value.get(lang), str) and text.strip()
    }
    if not given:
        return None
    return {lang: given.get(lang) or next(iter(given.values())) for lang in LANGS}


def _removals(
    document: dict[str, Any],
    path: str,
    strict: bool,
    own_ids: dict[str, int | None],
    problems: list[Problem],
) -> list[tuple[str, int | None]]:
    """`remove: [id, ...]`: entries of the built-in glossary or earlier overlays to retire."""
    raw = document.get("remove")
    if raw is None:
        return []
    line = _line_of(document, "remove")
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        problems.append(
            Problem(
                path,
                f"'remove' must be a list of entry ids (found {_kind(raw)})",
                field="remove",
                line=line,
                warning=not strict,
            )
        )
        return []
    removals: list[tuple[str, int | None]] = []
    for item in raw:
        if not isinstance(item, str) or not re.match(ID_PATTERN, item):
            problems.append(
                Problem(
                    path,
                    f"remove: {_short(item)} is not an entry id (a slug such as 'aht')",
                    field="remove",
                    line=line,
                    warning=not strict,
                )
            )
        elif item in own_ids:
            problems.append(
                Problem(
                    path,
                    f"remove: '{item}' is also defined in this file (line {own_ids[item]}): "
                    "this file's entry replaces the earlier one, the removal does nothing",
                    field="remove",
                    line=line,
                    warning=not strict,
                )
            )
        elif item not in (r[0] for r in removals):
            removals.append((item, line))
    return removals


def _kind(value: Any) -> str:
    """What a user wrote instead of what was expected, in their words."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _short(value: Any, limit: int = 60) -> str:
    shown = repr(value)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _line_of(raw: Any, key: str | None = None) -> int | None:
    """Where a mapping (or one of its keys) starts in a YAML file; None for JSON."""
    if key is not None:
        line = getattr(raw, "key_lines", {}).get(key)
        if line is not None:
            return int(line)
    line = getattr(raw, "line", None)
    return line if isinstance(line, int) else None


def check_entry(raw: Any, path: str, position: int) -> tuple[Entry | None, list[Problem]]:
    """Validate one raw entry; return the Entry (or None) and its problems."""
    if not isinstance(raw, dict):
        return None, [Problem(path, f"entry #{position} is not a mapping")]
    raw_id = raw.get("id")
    entry_id = raw_id if isinstance(raw_id, str) else f"#{position}"
    problems: list[Problem] = []

    def problem(field_name: str, message: str) -> None:
        # The field's own line when it is there, else the entry's.
        where = _line_of(raw, field_name.split(".")[0])
        problems.append(Problem(path, message, entry_id=entry_id, field=field_name, line=where))

    if not isinstance(raw_id, str) or not re.match(ID_PATTERN, raw_id):
        problem("id", "must be a slug of lowercase letters, digits and hyphens")
    for key in raw:
        if key not in KNOWN_FIELDS:
            problem(str(key), "unknown field")
    texts: dict[str, dict[str, str] | None] = {}
    fallback: dict[str, str] = {}
    for name in BILINGUAL_REQUIRED + BILINGUAL_OPTIONAL:
        text, given = _bilingual(raw.get(name), name, name in BILINGUAL_REQUIRED, problem)
        texts[name] = text
        if given is not None:
            fallback[name] = given
    lists = {name: _string_list(raw.get(name), name, problem) for name in LIST_FIELDS}
    category = raw.get("category")
    if not isinstance(category, str) or not category.strip():
        found = _kind(category)
        problem("category", f"needs a category id (found {found}; cx categories lists them)")
    metric = raw.get("metric")
    if metric is not None and (not isinstance(metric, str) or not metric.strip()):
        problem("metric", "must be a calculator id (text)")
    outside = raw.get("outside_customer_service", False)
    if not isinstance(outside, bool):
        problem("outside_customer_service", "must be true or false")
    if problems:
        return None, problems
    term, definition = texts["term"], texts["definition"]
    assert term is not None and definition is not None  # required fields checked above
    if fallback:
        problems.append(_fallback_note(path, entry_id, _line_of(raw), fallback))
    return (
        Entry(
            id=entry_id,
            term=term,
            definition=definition,
            category=str(category).strip(),
            acronyms=lists["acronyms"],
            aliases=lists["aliases"],
            context=texts["context"],
            caution=texts["caution"],
            formula=texts["formula"],
            metric=metric,
            see_also=lists["see_also"],
            sources=lists["sources"],
            outside_customer_service=outside,
            origin=path,
            line=_line_of(raw),
            fallback=fallback,
        ),
        problems,
    )


LANG_NAMES = {"fr": ("French", "français"), "en": ("English", "anglais")}


def _fallback_note(path: str, entry_id: str, line: int | None, fallback: dict[str, str]) -> Problem:
    by_lang: dict[str, list[str]] = {}
    for field, given in fallback.items():
        by_lang.setdefault(given, []).append(field)
    parts = [
        f"{', '.join(fields)} in {LANG_NAMES[given][0]} only "
        f"(shown to {LANG_NAMES[_other(given)][0]} readers marked {FALLBACK_NOTE[given]})"
        for given, fields in by_lang.items()
    ]
    return Problem(path, "; ".join(parts), entry_id=entry_id, line=line, note=True)


def _other(lang: str) -> str:
    return "en" if lang == "fr" else "fr"


def _bilingual(
    value: Any, name: str, required: bool, problem: Any
) -> tuple[dict[str, str] | None, str | None]:
    """The text in both languages, and the one language given when only one was."""
    if value is None:
        if required:
            problem(name, "missing (needs 'fr' or 'en' text, ideally both)")
        return None, None
    if not isinstance(value, dict):
        problem(name, f"must be a mapping with 'fr' and 'en' text (found {_kind(value)})")
        return None, None
    result: dict[str, str] = {}
    valid = True
    for lang in LANGS:
        text = value.get(lang)
        if text is not None and not isinstance(text, str):
            problem(f"{name}.{lang}", f"must be text (found {_kind(text)})")
            valid = False
        elif isinstance(text, str) and text.strip():
            result[lang] = " ".join(text.split()) if name == "term" else text.strip()
    extra = set(value) - set(LANGS)
    if extra:
        problem(name, f"unknown language key(s): {', '.join(sorted(map(str, extra)))}")
        valid = False
    if not valid:
        return None, None
    if not result:
        problem(name, "missing or empty text in both 'fr' and 'en'")
        return None, None
    if len(result) == 1:
        [(given, text)] = result.items()
        result[_other(given)] = text  # the reader gets this text, marked as a fallback
        return result, given
    return result, None


def _string_list(value: Any, name: str, problem: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        problem(name, f"must be a list, not text (write [{value.strip()}])")
        return ()
    if not isinstance(value, list):
        problem(name, f"must be a list of non-empty strings (found {_kind(value)})")
        return ()
    for position, item in enumerate(value, start=1):
        if not isinstance(item, str) or not item.strip():
            found = "empty text" if isinstance(item, str) else _kind(item)
            problem(name, f"must be a list of non-empty strings (item {position} is {found})")
            return ()
    return tuple(v.strip() for v in value)


# --- checks across entries ---------------------------------------------------


def check_links(
    entries: Iterable[Entry], known_ids: set[str], *, warn: bool, removed: Iterable[str] = ()
) -> list[Problem]:
    """`see_also` links that point to no entry (links to `removed` ids are told apart)."""
    problems = []
    skip = set(removed)
    for entry in entries:
        for target in entry.see_also:
            if target not in known_ids and target not in skip:
                problems.append(
                    Problem(
                        entry.origin,
                        f"points to unknown id '{target}'",
                        entry_id=entry.id,
                        field="see_also",
                        line=entry.line,
                        warning=warn,
                    )
                )
    return problems


def check_acronym_contexts(entries: Iterable[Entry], *, warn: bool) -> list[Problem]:
    """An acronym claimed by several entries needs a context on each of them."""
    from .normalise import normalize_key

    claims: dict[str, list[Entry]] = {}
    for entry in entries:
        for acronym in {normalize_key(a) for a in entry.acronyms}:
            claims.setdefault(acronym, []).append(entry)
    problems = []
    for group in claims.values():
        if len(group) < 2:
            continue
        for entry in group:
            if entry.context is None:
                others = ", ".join(e.id for e in group if e is not entry)
                problems.append(
                    Problem(
                        entry.origin,
                        f"shares an acronym with {others} but has no context",
                        entry_id=entry.id,
                        field="context",
                        line=entry.line,
                        warning=warn,
                    )
                )
    return problems


def check_sources(
    entries: Iterable[Entry], registry: dict[str, Source], *, warn: bool
) -> list[Problem]:
    """Source ids that no registry defines: a reader could not tell what they are."""
    problems = []
    for entry in entries:
        for source_id in entry.sources:
            if source_id not in registry:
                problems.append(
                    Problem(
                        entry.origin,
                        f"unknown source '{source_id}' (cx sources lists them; a file "
                        "adds its own under 'sources:')",
                        entry_id=entry.id,
                        field="sources",
                        warning=warn,
                    )
                )
    return problems


def builtin_path() -> Path:
    """The glossary shipped with the package (inside the wheel, or at the repo root)."""
    here = Path(__file__).resolve().parent
    packaged = here / "glossary.yaml"
    return packaged if packaged.exists() else here.parent / "glossary.yaml"


def overlay_paths(cli_paths: Iterable[str]) -> list[Path]:
    """Overlays from CX_GLOSSARY first, then --glossary (the command line wins)."""
    env = os.environ.get("CX_GLOSSARY", "")
    paths = [p for p in env.split(os.pathsep) if p.strip()]
    paths.extend(cli_paths)
    return [Path(p).expanduser() for p in paths]
