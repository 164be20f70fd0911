"""Lookup over the built-in glossary and its overlays: exact, fuzzy, ambiguity.

Each glossary file is a compiled SQLite index (see compiled.py); this module
combines them in order, an overlay entry replacing a built-in entry with the
same id. Exact lookup never guesses; fuzzy matching (rapidfuzz, imported only
when it runs) serves `search` and the "did you mean" suggestions of a miss.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .glossary import Entry, Problem

if TYPE_CHECKING:
    from .fuzzy import Candidate

_APOSTROPHES = "'’‘`´ʼ"
# Any run of non-letters/digits (Unicode-aware: Cyrillic or Arabic names stay searchable).
_NON_WORD = re.compile(r"[\W_]+")
_AMPERSAND = re.compile(r"\s*&\s*")


def normalize_text(text: str) -> str:
    """Lowercase words without accents or punctuation: "Temps d’Attente" -> "temps d attente".

    NFKD splits accented letters (NFC or NFD input alike) so the marks can be
    dropped; '&' reads as 'et' so "Vente & Marketing" equals "Vente et marketing".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    stripped = _AMPERSAND.sub(" et ", stripped)
    for mark in _APOSTROPHES:
        stripped = stripped.replace(mark, " ")
    return _NON_WORD.sub(" ", stripped).strip()


def normalize_key(text: str) -> str:
    """The exact-lookup key: normalize_text without spaces, so hyphens, spaces and
    apostrophes never matter ("cross-selling" == "Cross selling")."""
    return normalize_text(text).replace(" ", "")


def trigrams(norm: str) -> set[str]:
    """Character trigrams of each word, padded, for fuzzy candidate selection."""
    grams: set[str] = set()
    for word in norm.split():
        padded = f" {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


# Plain classes, not dataclasses: this module is on every command's start-up path.


def customer_service_first(entries: Iterable[Entry]) -> list[Entry]:
    """Senses used in customer service before those outside it, file order otherwise."""
    return sorted(entries, key=lambda entry: entry.outside_customer_service)


class Layer:
    __slots__ = ("builtin", "conn", "path")

    def __init__(self, path: Path, conn: sqlite3.Connection, builtin: bool) -> None:
        self.path = path
        self.conn = conn
        self.builtin = builtin


class SearchHit:
    __slots__ = ("entry", "field", "matched", "score")

    def __init__(self, entry: Entry, score: float, matched: str, field: str) -> None:
        self.entry = entry
        self.score = score
        self.matched = matched  # the name that matched ("" for a definition)
        self.field = field  # acronym, term, alias or definition


class AmbiguousAcronym:
    __slots__ = ("acronym", "senses")

    def __init__(self, acronym: str, senses: list[Entry]) -> None:
        self.acronym = acronym
        self.senses = senses


class Glossary:
    """The effective glossary: the built-in file plus overlays, later ones winning."""

    def __init__(self, layers: list[Layer], warnings: list[Problem] | None = None) -> None:
        self.layers = layers
        self.warnings = warnings or []

    # --- exact ---------------------------------------------------------------

    def lookup(self, query: str) -> list[Entry]:
        """Entries one of whose names equals the query after normalisation."""
        key = normalize_key(query)
        if not key:
            return []
        found: list[Entry] = []
        for depth, layer in enumerate(self.layers):
            rows = layer.conn.execute(
                "SELECT DISTINCT e.id, e.data FROM names n JOIN entries e ON e.pos = n.pos "
                "WHERE n.key = ? ORDER BY e.pos",
                (key,),
            ).fetchall()
            for entry_id, data in rows:
                if not self._replaced_after(depth, entry_id):
                    found.append(Entry.from_dict(json.loads(data)))
        return customer_service_first(found)

    def get(self, entry_id: str) -> Entry | None:
        for layer in reversed(self.layers):
            row = layer.conn.execute(
                "SELECT data FROM entries WHERE id = ?", (entry_id,)
            ).fetchone()
            if row:
                return Entry.from_dict(json.loads(row[0]))
        return None

    def _replaced_after(self, depth: int, entry_id: str) -> bool:
        return any(
            layer.conn.execute("SELECT 1 FROM entries WHERE id = ?", (entry_id,)).fetchone()
            for layer in self.layers[depth + 1 :]
        )

    # --- whole glossary ------------------------------------------------------

    def entries(self, category: str | None = None) -> list[Entry]:
        """Every effective entry in file order; an overlay replacing an id keeps its place."""
        by_id: dict[str, Entry] = {}
        for layer in self.layers:
            sql, args = "SELECT data FROM entries ORDER BY pos", ()
            for (data,) in layer.conn.execute(sql, args):
                entry = Entry.from_dict(json.loads(data))
                by_id[entry.id] = entry
        entries = list(by_id.values())
        if category is not None:
            entries = [e for e in entries if e.category == category]
        return entries

    def ids(self) -> set[str]:
        known: set[str] = set()
        for layer in self.layers:
            known.update(row[0] for row in layer.conn.execute("SELECT id FROM entries"))
        return known

    def category_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for entry in self.entries():
            counts[entry.category] = counts.get(entry.category, 0) + 1
        return counts

    def ambiguous(self, acronym: str | None = None) -> list[AmbiguousAcronym]:
        """Acronyms that two or more effective entries claim, derived from the data."""
        wanted = normalize_key(acronym) if acronym is not None else None
        claims: dict[str, dict[str, Entry]] = {}
        shown: dict[str, str] = {}
        for entry in self.entries():
            for name in entry.acronyms:
                key = normalize_key(name)
                if wanted is not None and key != wanted:
                    continue
                claims.setdefault(key, {})[entry.id] = entry
                shown.setdefault(key, name)
        return [
            AmbiguousAcronym(shown[key], customer_service_first(senses.values()))
            for key, senses in sorted(claims.items(), key=lambda kv: shown[kv[0]].casefold())
            if len(senses) > 1
        ]

    # --- fuzzy ---------------------------------------------------------------

    def search(
        self, query: str, *, limit: int = 10, category: str | None = None
    ) -> list[SearchHit]:
        from . import fuzzy

        norm = normalize_text(query)
        if not norm:
            return []
        candidates = list(self._candidates(norm, category))
        return fuzzy.rank(norm, normalize_key(query), candidates, limit=limit)

    def suggestions(self, query: str, lang: str, limit: int = 5) -> list[str]:
        """Names close to a query that matched nothing exactly."""
        hits = self.search(query, limit=limit)
        names: list[str] = []
        for hit in hits:
            if hit.field == "definition":
                continue
            label = hit.matched if hit.field != "term" else hit.entry.term[lang]
            if label not in names:
                names.append(label)
        return names

    def _candidates(self, norm: str, category: str | None) -> Iterator[Candidate]:
        from .fuzzy import Candidate

        for depth, layer in enumerate(self.layers):
            positions = self._candidate_positions(layer, norm)
            for pos, entry_id, _cat, data in self._rows(layer, positions, category):
                if self._replaced_after(depth, entry_id):
                    continue
                names = layer.conn.execute(
                    "SELECT kind, name, norm FROM names WHERE pos = ?", (pos,)
                ).fetchall()
                texts = [
                    row[0]
                    for row in layer.conn.execute("SELECT norm FROM texts WHERE pos = ?", (pos,))
                ]
                yield Candidate(data, names, texts)

    # Small glossaries are scanned whole; beyond this, trigrams pick candidates.
    FULL_SCAN_LIMIT = 5000
    CANDIDATE_LIMIT = 400

    def _candidate_positions(self, layer: Layer, norm: str) -> list[int] | None:
        count = int(layer.conn.execute("SELECT value FROM meta WHERE key='count'").fetchone()[0])
        if count <= self.FULL_SCAN_LIMIT:
            return None
        grams = sorted(trigrams(norm))
        if not grams:
            return []
        marks = ",".join("?" * len(grams))
        rows = layer.conn.execute(
            f"SELECT pos FROM grams WHERE gram IN ({marks}) GROUP BY pos "
            f"ORDER BY COUNT(*) DESC, pos LIMIT {self.CANDIDATE_LIMIT}",
            grams,
        ).fetchall()
        positions = [row[0] for row in rows]
        # Words found in definitions also make candidates (exact word, accent-free).
        for word in norm.split():
            if len(word) >= 4:
                positions.extend(
                    row[0]
                    for row in layer.conn.execute(
                        "SELECT pos FROM texts WHERE norm LIKE ? LIMIT 50", (f"%{word}%",)
                    )
                )
        return positions

    @staticmethod
    def _rows(
        layer: Layer, positions: list[int] | None, category: str | None
    ) -> Iterable[tuple[int, str, str, str]]:
        sql = "SELECT pos, id, category, data FROM entries"
        args: list[object] = []
        clauses = []
        if positions is not None:
            clauses.append(f"pos IN ({','.join('?' * len(set(positions)))})")
            args.extend(sorted(set(positions)))
        if category is not None:
            clauses.append("category = ?")
            args.append(category)
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        return layer.conn.execute(sql + " ORDER BY pos", args).fetchall()


def open_glossary(overlays: Iterable[Path], progress: object = None) -> Glossary:
    """The built-in glossary plus overlays, each from its compiled index.

    Raises InputError when a file is unusable or has invalid entries; warnings
    (dangling links, acronyms without context) are returned, not raised.
    """
    from .compiled import open_index
    from .glossary import builtin_path

    paths = [(builtin_path(), True)] + [(p, False) for p in overlays]
    layers = []
    warnings: list[Problem] = []
    for path, builtin in paths:
        conn = open_index(path, progress)  # type: ignore[arg-type]
        problems = _stored_problems(conn)
        errors = [p for p in problems if not p.warning]
        if errors:
            more = f" (and {len(errors) - 1} more; run 'cx validate {path}')" if errors[1:] else ""
            raise InputError(f"invalid glossary: {errors[0]}{more}")
        warnings.extend(problems)
        layers.append(Layer(path, conn, builtin))
    glossary = Glossary(layers, warnings)
    if len(layers) > 1:
        glossary.warnings.extend(_overlay_warnings(glossary))
    return glossary


def _stored_problems(conn: sqlite3.Connection) -> list[Problem]:
    row = conn.execute("SELECT value FROM meta WHERE key = 'problems'").fetchone()
    problems = []
    for p in json.loads(row[0]) if row else []:
        problems.append(
            Problem(
                p["file"],
                p["message"],
                entry_id=p["entry"],
                field=p["field"],
                line=p["line"],
                column=p["column"],
                warning=p["severity"] == "warning",
            )
        )
    return problems


def _overlay_warnings(glossary: Glossary) -> list[Problem]:
    """Overlay links to ids that no layer defines: the entries stay usable, the user is told."""
    known: dict[str, bool] = {}
    problems = []
    for layer in glossary.layers[1:]:
        row = layer.conn.execute("SELECT value FROM meta WHERE key = 'external_links'").fetchone()
        for entry_id, target in json.loads(row[0]) if row else []:
            if target not in known:
                known[target] = glossary.get(target) is not None
            if not known[target]:
                problems.append(
                    Problem(
                        str(layer.path),
                        f"points to unknown id '{target}'",
                        entry_id=entry_id,
                        field="see_also",
                        warning=True,
                    )
                )
    return problems
