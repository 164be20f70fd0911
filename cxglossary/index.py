"""Lookup over the built-in glossary and its overlays: exact, fuzzy, ambiguity.

Each glossary file is a compiled SQLite index (see compiled.py); this module
combines them in order, an overlay entry replacing a built-in entry with the
same id. Exact lookup never guesses; fuzzy matching (rapidfuzz, imported only
when it runs) serves `search` and the "did you mean" suggestions of a miss.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, jsontext
from .errors import InputError
from .glossary import CATEGORIES, OTHER_CATEGORY, OTHER_LABELS, Entry, Problem, Source
from .normalise import name_forms, normalize_key, normalize_text

if TYPE_CHECKING:
    from .compiled import Status
    from .fuzzy import Candidate, Matcher, Ranked


def trigrams(norm: str) -> list[str]:
    """Distinct character trigrams inside the words of a normalised query."""
    grams: dict[str, None] = {}
    for word in norm.split():
        for i in range(len(word) - 2):
            grams[word[i : i + 3]] = None
    return list(grams)


def fts_any(terms: list[str]) -> str:
    """An FTS5 query matching any of the terms, each quoted as a literal."""
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)


def customer_service_first(entries: Iterable[Entry], key: str = "") -> list[Entry]:
    """Senses used in customer service before those outside it; among them, the entry
    whose id is the acronym itself (the main sense, by the id convention) first; file
    order otherwise."""
    return sorted(
        entries,
        key=lambda entry: (entry.outside_customer_service, entry.id.replace("-", "") != key),
    )


class Layer:
    __slots__ = ("_count", "builtin", "conn", "path", "removals")

    def __init__(self, path: Path, conn: sqlite3.Connection, builtin: bool) -> None:
        self.path = path
        self.conn = conn
        self.builtin = builtin
        self.removals: frozenset[str] = frozenset()  # ids this file retires from earlier ones
        self._count: int | None = None

    @property
    def count(self) -> int:
        """Entries in this file (read when first needed: exact lookups never ask)."""
        if self._count is None:
            self._count = int(self.meta("count") or 0)
        return self._count

    def defines(self, entry_id: str) -> bool:
        return bool(self.conn.execute("SELECT 1 FROM entries WHERE id = ?", (entry_id,)).fetchone())

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])


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
        # Every category with its labels (built-in, then declared by overlays, then "other").
        self.categories: dict[str, dict[str, str]] = {**CATEGORIES, OTHER_CATEGORY: OTHER_LABELS}
        # Ids that overlays retire for good -> the file that retires them.
        self.gone: dict[str, str] = {}
        self._matchers: dict[str | None, Matcher] = {}  # by category, built when first asked

    def _entry(self, data: str, layer: Layer) -> Entry:
        """An entry as cx shows it: where it comes from, its category known, and no
        link to an entry an overlay retired."""
        return self._adopt(Entry.from_dict(jsontext.loads(data)), layer)

    def _adopt(self, entry: Entry, layer: Layer) -> Entry:
        entry.origin = str(layer.path)
        entry.builtin = layer.builtin
        if entry.category not in self.categories:
            entry.category = OTHER_CATEGORY
        if self.gone and entry.see_also:
            entry.see_also = tuple(t for t in entry.see_also if t not in self.gone)
        return entry

    # --- exact ---------------------------------------------------------------

    def lookup(self, query: str) -> list[Entry]:
        """Entries one of whose names equals the query after normalisation.

        A "Term (ACR)" query that no name spells whole answers with what its parts
        agree on: "Délai de résolution (TTR)" finds the entry that both "Délai de
        résolution" and "TTR" name. The term before the bracket must be known (the
        bracket may only qualify it: "Taux d'attrition (ou churn en anglais)"), and
        parts naming different concepts find nothing rather than a wrong answer.
        """
        return self.lookup_many([query])[0]

    def lookup_many(self, queries: list[str]) -> list[list[Entry]]:
        """`lookup` of each query, asking each file once for the whole batch; an entry
        found by several queries is decoded once."""
        keys = [normalize_key(query) for query in queries]
        found = self._lookup_keys([key for key in keys if key])
        answers = []
        for query, key in zip(queries, keys, strict=True):
            senses = found.get(key, [])
            forms = name_forms(query) if not senses else []
            answers.append(self._by_parts(forms) if forms else senses)
        return answers

    def _by_parts(self, forms: list[str]) -> list[Entry]:
        """The senses that every part of a "Term (ACR)" form names."""
        answers = self.lookup_many(forms)
        if not answers[0]:
            return []
        shared = set.intersection(*({e.id for e in senses} for senses in answers if senses))
        return [entry for entry in answers[0] if entry.id in shared]

    def _lookup_keys(self, keys: list[str]) -> dict[str, list[Entry]]:
        found: dict[str, list[Entry]] = {key: [] for key in keys}
        decoded: dict[tuple[int, int], Entry] = {}
        for depth, layer in enumerate(self.layers):
            rows = _where_in(
                layer,
                "SELECT names.key, entries.pos, entries.id, entries.data "
                "FROM names JOIN entries ON entries.pos = names.pos",
                "names.key",
                list(found),
            )
            rows.sort(key=lambda row: row[1])  # file order
            replaced = self._replaced_later(depth, [row[2] for row in rows])
            for key, pos, entry_id, data in rows:
                if entry_id in replaced:
                    continue
                entry = decoded.get((depth, pos))
                if entry is None:
                    entry = decoded[depth, pos] = self._entry(data, layer)
                same = found[key]
                if not any(other is entry for other in same):  # two names, one key
                    same.append(entry)
        return {key: customer_service_first(senses, key) for key, senses in found.items()}

    def get(self, entry_id: str) -> Entry | None:
        for layer in reversed(self.layers):
            row = layer.conn.execute(
                "SELECT data FROM entries WHERE id = ?", (entry_id,)
            ).fetchone()
            if row:
                return self._entry(row[0], layer)
            if entry_id in layer.removals:
                return None
        return None

    def _replaced_later(self, depth: int, ids: list[str]) -> set[str]:
        """Which of these ids of layer `depth` a later layer replaces or removes."""
        replaced: set[str] = set()
        for layer in self.layers[depth + 1 :]:
            replaced.update(entry_id for entry_id in ids if entry_id in layer.removals)
            replaced.update(row[0] for row in _where_in(layer, "SELECT id FROM entries", "id", ids))
        return replaced

    def hidden_after(self, depth: int, entry_id: str) -> bool:
        """Whether a layer after `depth` replaces or removes the entry."""
        return bool(self._replaced_later(depth, [entry_id]))

    # --- whole glossary ------------------------------------------------------

    def entries(self, category: str | None = None) -> list[Entry]:
        """Every effective entry in file order; an overlay replacing an id keeps its place."""
        by_id: dict[str, Entry] = {}
        for layer in self.layers:
            for removed in layer.removals:
                by_id.pop(removed, None)
            for (data,) in layer.conn.execute("SELECT data FROM entries ORDER BY pos"):
                entry = self._entry(data, layer)
                by_id[entry.id] = entry
        entries = list(by_id.values())
        if category is not None:
            entries = [e for e in entries if e.category == category]
        return entries

    def ids(self) -> set[str]:
        known: set[str] = set()
        for layer in self.layers:
            known.difference_update(layer.removals)
            known.update(row[0] for row in layer.conn.execute("SELECT id FROM entries"))
        return known

    def sources(self) -> dict[str, Source]:
        """The registry of cited works: every layer's `sources:`, later layers winning."""
        registry: dict[str, Source] = {}
        for layer in self.layers:
            row = layer.conn.execute("SELECT value FROM meta WHERE key = 'sources'").fetchone()
            for source_id, data in jsontext.loads(row[0]).items() if row else ():
                registry[source_id] = Source.from_dict(data)
        return registry

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
            AmbiguousAcronym(shown[key], customer_service_first(senses.values(), key))
            for key, senses in sorted(claims.items(), key=lambda kv: shown[kv[0]].casefold())
            if len(senses) > 1
        ]

    # --- fuzzy ---------------------------------------------------------------

    def search(
        self, query: str, *, limit: int = 10, category: str | None = None
    ) -> list[SearchHit]:
        return [
            SearchHit(self._hit_entry(candidate), score, matched, field)
            for score, _, candidate, matched, field in self._rank(
                query, limit=limit, category=category, texts=True
            )
        ]

    def suggestions(self, query: str, lang: str, limit: int = 5) -> list[str]:
        """Names close to a query that matched nothing exactly."""
        names: list[str] = []
        for _, _, candidate, matched, field in self._rank(
            query, limit=limit, category=None, texts=False, near=True
        ):
            label = candidate.term(lang) if field == "term" else matched
            if label not in names:
                names.append(label)
        return names

    def _hit_entry(self, candidate: Candidate) -> Entry:
        return self._entry(candidate.data, self.layers[candidate.order[0]])

    def _rank(
        self, query: str, *, limit: int, category: str | None, texts: bool, near: bool = False
    ) -> list[Ranked]:
        """The best candidates of every layer: small layers through one matcher built
        once, large ones through a matcher over the few candidates FTS5 picks."""
        from .fuzzy import Matcher, best_first

        norm = normalize_text(query)
        if not norm:
            return []
        key = normalize_key(query)
        # The whole matcher serves every query of the process: its trigram prefilter
        # (near) is built once and cached. A large layer's matcher holds only the few
        # hundred names FTS5 picked for this query: it scores them all.
        whole = self._whole_matcher(category)
        ranked = whole.rank(norm, key, limit=limit, texts=texts, near=near)
        matchers = []
        for depth, layer in enumerate(self.layers):
            if layer.count > self.FULL_SCAN_LIMIT:
                by_name, by_text = self._candidate_positions(layer, norm)
                candidates = self._layer_candidates(depth, by_name + by_text, category)
                # Definitions count for the entries FTS5 found by a word of them, as
                # for every other entry of the file: normalising the definitions of
                # all the name candidates would cost more than the rest of a search.
                with_text = set(by_text)
                for candidate in candidates:
                    candidate.with_text = candidate.order[1] in with_text
                matchers.append(Matcher(candidates))
        for matcher in matchers:
            ranked.extend(matcher.rank(norm, key, limit=limit, texts=texts))
        return best_first(ranked)[:limit]

    def _whole_matcher(self, category: str | None) -> Matcher:
        """One matcher over every entry of the small layers, built on first use."""
        from .fuzzy import Matcher

        if category not in self._matchers:

            def candidates() -> list[Candidate]:
                found: list[Candidate] = []
                for depth, layer in enumerate(self.layers):
                    if layer.count <= self.FULL_SCAN_LIMIT:
                        found.extend(self._layer_candidates(depth, None, category))
                return found

            source = self._matcher_source(category)
            self._matchers[category] = Matcher.cached(source, candidates)
        return self._matchers[category]

    def _matcher_source(self, category: str | None) -> str | None:
        """What the whole matcher is made from, to find its snapshot in the cache: each
        layer's compiled index as it is on disk (a rebuilt index is another file), the
        category and the size above which a layer is left to FTS5. None when a layer
        has no file (a glossary read from a pipe is never cached)."""
        files = []
        for layer in self.layers:
            name = layer.conn.execute("PRAGMA database_list").fetchone()[2]
            try:
                st = os.stat(name) if name else None
            except OSError:  # removed meanwhile by a run rebuilding a newer version
                st = None
            if st is None:
                return None
            files.append(f"{name}|{st.st_ino}|{st.st_size}|{st.st_mtime_ns}")
        return "\n".join([*files, f"{category}|{self.FULL_SCAN_LIMIT}|{__version__}"])

    def _layer_candidates(
        self, depth: int, positions: list[int] | None, category: str | None
    ) -> list[Candidate]:
        """Entries of one layer (all of them, or those at `positions`) that no later
        layer replaces or removes."""
        from .fuzzy import Candidate

        layer = self.layers[depth]
        rows = [
            row
            for row in self._rows(layer, positions)
            if category is None or self._category_of(row[2]) == category
        ]
        replaced = self._replaced_later(depth, [row[1] for row in rows])
        rows = [row for row in rows if row[1] not in replaced]
        names: dict[int, list[tuple[str, str, str, str]]] = {row[0]: [] for row in rows}
        wanted = None if positions is None else list(names)
        for pos, kind, name, name_norm, key in self._names_of(layer, wanted):
            if pos in names:  # not left out by its category or a later layer
                names[pos].append((kind, name, name_norm, key))
        return [Candidate(data, names[pos], (depth, pos)) for pos, _id, _category, data in rows]

    @staticmethod
    def _names_of(
        layer: Layer, positions: list[int] | None
    ) -> list[tuple[int, str, str, str, str]]:
        sql = "SELECT pos, kind, name, norm, key FROM names"
        if positions is None:
            return layer.conn.execute(sql).fetchall()
        return _where_in(layer, sql, "pos", positions)

    # Small glossaries are scanned whole; beyond this, FTS5 picks the candidates
    # (names sharing the query's rarer trigrams, definitions sharing a word) and
    # rapidfuzz ranks only those.
    FULL_SCAN_LIMIT = 1000
    CANDIDATE_LIMIT = 250
    TEXT_CANDIDATE_LIMIT = 50
    # Ranking every name that shares a common trigram ("ent") costs ~0.1 s at
    # 100,000 entries; the rarest trigrams, up to this many matching entries,
    # find the same best candidates.
    GRAM_DOC_BUDGET = 5000

    def _candidate_positions(self, layer: Layer, norm: str) -> tuple[list[int], list[int]]:
        """Entries whose names share the query's rarer trigrams, and entries whose
        definitions share one of its words."""
        by_name: list[int] = []
        by_text: list[int] = []
        grams = self._rare_trigrams(layer, norm)
        if grams:
            by_name.extend(
                row[0]
                for row in layer.conn.execute(
                    "SELECT rowid FROM name_grams WHERE name_grams MATCH ? ORDER BY rank LIMIT ?",
                    (fts_any(grams), self.CANDIDATE_LIMIT),
                )
            )
        words = [word for word in norm.split() if len(word) >= 4]
        if words:
            by_text.extend(
                row[0]
                for row in layer.conn.execute(
                    "SELECT rowid FROM text_words WHERE text_words MATCH ? ORDER BY rank LIMIT ?",
                    (fts_any(words), self.TEXT_CANDIDATE_LIMIT),
                )
            )
        return by_name, by_text

    def _rare_trigrams(self, layer: Layer, norm: str) -> list[str]:
        docs: dict[str, int] = {}
        for gram in trigrams(norm):
            row = layer.conn.execute(
                "SELECT doc FROM name_vocab WHERE term = ?", (gram,)
            ).fetchone()
            if row:
                docs[gram] = row[0]
        chosen: list[str] = []
        total = 0
        for gram in sorted(docs, key=docs.__getitem__):
            if len(chosen) >= 2 and total + docs[gram] > self.GRAM_DOC_BUDGET:
                break
            chosen.append(gram)
            total += docs[gram]
        return chosen

    def _category_of(self, stored: str) -> str:
        return stored if stored in self.categories else OTHER_CATEGORY

    @staticmethod
    def _rows(layer: Layer, positions: list[int] | None) -> Iterable[tuple[int, str, str, str]]:
        sql = "SELECT pos, id, category, data FROM entries"
        args: list[object] = []
        if positions is not None:
            sql += f" WHERE pos IN ({','.join('?' * len(set(positions)))})"
            args.extend(sorted(set(positions)))
        return layer.conn.execute(sql + " ORDER BY pos", args).fetchall()


def _where_in(layer: Layer, select: str, column: str, values: list[Any]) -> list[Any]:
    """Rows of `select` whose `column` is one of `values`, asked in chunks (SQLite
    bounds the number of parameters of one statement)."""
    found: list[Any] = []
    for start in range(0, len(values), 500):
        chunk = values[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.extend(layer.conn.execute(f"{select} WHERE {column} IN ({marks})", chunk))
    return found


def open_glossary(overlays: Iterable[Path], status: Status | None = None) -> Glossary:
    """The built-in glossary plus overlays, each from its compiled index.

    Raises InputError when a file is unusable or has invalid entries; warnings
    (dangling links, acronyms without context, undeclared categories, removals
    of unknown ids) are returned, not raised.
    """
    from .compiled import open_index
    from .glossary import builtin_path

    paths = [(builtin_path(), True)] + [(p, False) for p in overlays]
    layers = []
    warnings: list[Problem] = []
    for path, builtin in paths:
        conn = open_index(path, status)
        problems = _stored_problems(conn)
        errors = [p for p in problems if not p.warning]
        if errors:
            more = f" (and {len(errors) - 1} more; run 'cx validate {path}')" if errors[1:] else ""
            raise InputError(f"invalid glossary: {errors[0]}{more}")
        warnings.extend(p for p in problems if not p.note)
        layers.append(Layer(path, conn, builtin))
    glossary = Glossary(layers, warnings)
    if len(layers) > 1:
        _settle_layers(glossary)
    return glossary


def _settle_layers(glossary: Glossary) -> None:
    """Categories, removals and links across the files (only when there are overlays)."""
    from . import layering
    from .glossary import DeclaredCategory

    facts = []
    for layer in glossary.layers:
        removals = [(r[0], r[1]) for r in jsontext.loads(layer.meta("removals") or "[]")]
        layer.removals = frozenset(r[0] for r in removals if not layer.defines(r[0]))
        declared = jsontext.loads(layer.meta("categories") or "[]")
        uses = jsontext.loads(layer.meta("category_uses") or "[]")
        facts.append(
            layering.LayerFacts(
                str(layer.path),
                layer.builtin,
                layer.defines,
                [DeclaredCategory.from_json(c) for c in declared],
                removals,
                [(u[0], u[1], u[2]) for u in uses],
            )
        )
    glossary.categories, problems = layering.merge_categories(facts, strict=False)
    problems += layering.missing_removals(facts)
    glossary.gone = layering.removed_ids(facts)
    glossary.warnings.extend(problems)
    glossary.warnings.extend(_overlay_warnings(glossary))


def _stored_problems(conn: sqlite3.Connection) -> list[Problem]:
    row = conn.execute("SELECT value FROM meta WHERE key = 'problems'").fetchone()
    return [Problem.from_json(p) for p in jsontext.loads(row[0])] if row else []


def _overlay_warnings(glossary: Glossary) -> list[Problem]:
    """Overlay links to ids that no layer defines (or that a removal retires): the
    entries stay usable, the user is told."""
    from .layering import links_to_removed

    known: dict[str, bool] = {}
    problems = []
    removed_links = []
    for layer in glossary.layers[1:]:
        for entry_id, target, line in jsontext.loads(layer.meta("external_links") or "[]"):
            if target in glossary.gone:
                removed_links.append((str(layer.path), entry_id, target, line))
                continue
            if target not in known:
                known[target] = glossary.get(target) is not None
            if not known[target]:
                problems.append(
                    Problem(
                        str(layer.path),
                        f"points to unknown id '{target}'",
                        entry_id=entry_id,
                        field="see_also",
                        line=line,
                        warning=True,
                    )
                )
    return problems + links_to_removed(removed_links, glossary.gone, strict=False)
