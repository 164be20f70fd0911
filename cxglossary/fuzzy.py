"""Fuzzy ranking with rapidfuzz; imported only when a search or a suggestion runs.

A `Matcher` holds everything about its candidates that does not depend on the
query (their names' keys and rapidfuzz forms, the definitions' forms), computed
once: a batch of 1,000 lookups with 200 misses asks one matcher 200 times
instead of re-reading and re-normalising the glossary for each miss.
"""

from __future__ import annotations

import bisect
import math
import sys
from collections.abc import Iterable
from typing import Any

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import LCSseq

from . import jsontext
from .normalise import normalize_text

# A name must score at least this to count (0-100).
NAME_CUTOFF = 70.0
# Definitions are scored with partial_ratio; only close passages count, and they
# are scaled below NAME_CUTOFF so that any name match ranks above them.
TEXT_CUTOFF = 85.0
TEXT_SCALE = (NAME_CUTOFF - 1) / 100
MIN_TEXT_QUERY = 4


def fuzzy_form(text: str) -> str:
    """rapidfuzz's processing minus one-letter words: French elisions (d', l', s')
    would otherwise let "temps d'atente" match anything containing "d'"."""
    return " ".join(word for word in utils.default_process(text).split() if len(word) > 1)


class Candidate:
    """One entry that may match: its names and, when text matching needs them, its
    definitions (decoded from `data` only then)."""

    __slots__ = ("data", "names", "order", "with_text")

    def __init__(
        self, data: str, names: list[tuple[str, str, str, str]], order: tuple[int, int]
    ) -> None:
        self.data = data  # the entry as JSON, decoded only for the hits shown
        self.names = names  # (kind, name as written, normalised, lookup key)
        self.order = order  # (layer, position): ties go to the earlier entry
        self.with_text = True  # whether its definitions are matched too

    def texts(self) -> list[str]:
        if not self.with_text:
            return []
        definition = jsontext.loads(self.data)["definition"]
        return [normalize_text(definition["fr"]), normalize_text(definition["en"])]


# (score, 1 for an exact key match else 0, candidate, name matched or "", field)
Ranked = tuple[float, int, Candidate, str, str]


def best_first(ranked: list[Ranked]) -> list[Ranked]:
    """Higher score, then exact key matches, then the earlier entry."""
    return sorted(ranked, key=lambda r: (-r[0], -r[1], r[2].order))


# The name scorers and their weights. Each runs as one C-level pass over the names
# that can still reach NAME_CUTOFF with it (see Matcher._name_scores); WRatio is not
# used because its partial match lets a short name inside a long query win ("CTI"
# inside "satisfaction"). Acronyms are compared whole (ratio) only.
RATIO_WEIGHT = 1.0
SORT_WEIGHT = 1.0
SET_WEIGHT = 0.95
PARTIAL_WEIGHT = 0.9
_SCORERS = (
    (fuzz.ratio, RATIO_WEIGHT),
    (fuzz.token_sort_ratio, SORT_WEIGHT),
    (fuzz.token_set_ratio, SET_WEIGHT),
    (fuzz.partial_ratio, PARTIAL_WEIGHT),
)


def _length_range(length: int, cutoff: float) -> tuple[int, int]:
    """Lengths a string may have to score `cutoff` (0-100) in fuzz.ratio against a
    string of `length`: ratio = 2·common / (sum of lengths) and common ≤ the shorter."""
    share = cutoff / 100
    return math.floor(length * share / (2 - share)), math.ceil(length * (2 - share) / share)


class _Names:
    """Names sorted by length, so that a length range is one slice."""

    def __init__(self, forms: list[tuple[int, str, int]]) -> None:
        forms.sort()
        self.lengths = [length for length, _, _ in forms]
        self.forms = [form for _, form, _ in forms]
        self.ids = [j for _, _, j in forms]

    def between(self, low: int, high: int) -> tuple[list[str], list[int]]:
        start = bisect.bisect_left(self.lengths, low)
        end = bisect.bisect_right(self.lengths, high)
        return self.forms[start:end], self.ids[start:end]


class Matcher:
    """Ranks a fixed set of candidates against any number of queries.

    The first query scores every name with every scorer (one C-level pass each).
    From the second on, the names are indexed by length and by word so that each
    scorer only sees the names that can still reach the cutoff: building that index
    costs more than one brute-force query, and a batch of misses repays it at once.
    """

    def __init__(self, candidates: list[Candidate]) -> None:
        self.candidates = candidates
        self.owner: list[int] = []
        self.kinds: list[str] = []
        self.shown: list[str] = []
        self.forms: list[str] = []
        self.by_key: dict[str, list[int]] = {}
        for i, candidate in enumerate(candidates):
            for kind, name, norm, key in candidate.names:
                self.by_key.setdefault(key, []).append(len(self.owner))
                self.owner.append(i)
                self.kinds.append(kind)
                self.shown.append(name)
                self.forms.append(fuzzy_form(norm))
        self.queries = 0
        self._pruning: _Pruning | None = None
        self._text_owner: list[int] | None = None
        self._text_forms: list[str] = []

    def rank(self, norm_query: str, key_query: str, *, limit: int, texts: bool) -> list[Ranked]:
        """The best `limit` candidates for a query, best first; definitions count
        only with `texts` (a "did you mean" suggestion is a name)."""
        best: dict[int, tuple[float, int, str, str]] = {}  # candidate -> score, exact, …

        def offer(i: int, score: float, exact: int, matched: str, field: str) -> None:
            if i not in best or (score, exact) > best[i][:2]:
                best[i] = (score, exact, matched, field)

        for j in self.by_key.get(key_query, ()):
            offer(self.owner[j], 100.0, 1, self.shown[j], self.kinds[j])
        query = fuzzy_form(norm_query)
        for j, score in self._name_scores(query, long_query=len(norm_query) >= MIN_TEXT_QUERY):
            offer(self.owner[j], score, 0, self.shown[j], self.kinds[j])
        if texts and len(norm_query) >= MIN_TEXT_QUERY:
            text_owner, text_forms = self._texts()
            for _, raw, j in process.extract(
                query,
                text_forms,
                scorer=fuzz.partial_ratio,
                processor=None,
                score_cutoff=TEXT_CUTOFF,
                limit=None,
            ):
                offer(text_owner[j], round(float(raw) * TEXT_SCALE, 1), 0, "", "definition")
        ranked = [
            (round(score, 1), exact, self.candidates[i], matched, field)
            for i, (score, exact, matched, field) in best.items()
        ]
        return best_first(ranked)[:limit]

    def _name_scores(self, query: str, *, long_query: bool) -> list[tuple[int, float]]:
        """(name number, weighted score) of every name scoring NAME_CUTOFF or more,
        in name order (acronyms, terms, aliases: the first breaks ties)."""
        if not query:
            return []
        self.queries += 1
        if self.queries == 1:
            found = self._every_name(query, long_query=long_query)
        else:
            if self._pruning is None:
                self._pruning = _Pruning(self.kinds, self.forms)
            found = self._pruning.scores(query, long_query=long_query)
        best: dict[int, float] = {}
        for j, value in found:
            if value > best.get(j, 0.0):
                best[j] = value
        return sorted(best.items())

    def _every_name(self, query: str, *, long_query: bool) -> list[tuple[int, float]]:
        found: list[tuple[int, float]] = []
        for scorer, weight in _SCORERS:
            partial = scorer is fuzz.partial_ratio
            if partial and not long_query:
                continue
            for _, raw, j in process.extract(
                query, self.forms, scorer=scorer, processor=None,
                score_cutoff=NAME_CUTOFF / weight, limit=None,
            ):  # fmt: skip
                if self.kinds[j] == "acronym" and scorer is not fuzz.ratio:
                    continue  # acronyms are compared whole
                if partial and len(self.forms[j]) < len(query):
                    continue  # only the query found inside a longer name counts
                found.append((j, round(float(raw) * weight, 1)))
        return found

    def _texts(self) -> tuple[list[int], list[str]]:
        """Definitions' forms, computed the first time a query needs them."""
        if self._text_owner is None:
            self._text_owner = []
            for i, candidate in enumerate(self.candidates):
                for text in candidate.texts():
                    self._text_owner.append(i)
                    self._text_forms.append(fuzzy_form(text))
        return self._text_owner, self._text_forms


class _Pruning:
    """The names indexed so that each scorer skips those that cannot reach the cutoff,
    which leaves every score unchanged:
    - ratio and token_sort_ratio: names of a length the ratio formula allows;
      token_sort_ratio only where sorting the words changes a string;
    - token_set_ratio: names sharing a word with the query; without one it is
      token_sort_ratio of the distinct words, which scores at a higher weight
      (names or queries repeating a word are scored anyway);
    - partial_ratio (a long query found inside a longer name): names whose
      longest common subsequence with the query allows the cutoff.
    """

    def __init__(self, kinds: list[str], forms: list[str]) -> None:
        self.forms = forms
        every: list[tuple[int, str, int]] = []  # (length, form, name number)
        words: list[tuple[int, str, int]] = []  # the same, acronyms left out
        in_order: list[tuple[int, str, int]] = []  # their words sorted (token_sort_ratio)
        reordered: list[tuple[int, str, int]] = []  # those where sorting changes the form
        self.by_word: dict[str, list[int]] = {}
        self.repeated_words: list[int] = []
        for j, (kind, form) in enumerate(zip(kinds, forms, strict=True)):
            every.append((len(form), form, j))
            if kind == "acronym":
                continue
            words.append((len(form), form, j))
            tokens = form.split()
            sorted_form = " ".join(sorted(tokens))
            in_order.append((len(form), sorted_form, j))
            if sorted_form != form:
                reordered.append((len(form), sorted_form, j))
            distinct = set(tokens)
            for token in distinct:
                self.by_word.setdefault(token, []).append(j)
            if len(distinct) < len(tokens):
                self.repeated_words.append(j)
        self.every = _Names(every)
        self.words = _Names(words)
        self.in_order = _Names(in_order)
        self.reordered = _Names(reordered)

    def scores(self, query: str, *, long_query: bool) -> list[tuple[int, float]]:
        found: list[tuple[int, float]] = []

        def score(scorer: Any, weight: float, forms: list[str], ids: list[int], q: str) -> None:
            for _, raw, k in process.extract(
                q, forms, scorer=scorer, processor=None,
                score_cutoff=NAME_CUTOFF / weight, limit=None,
            ):  # fmt: skip
                found.append((ids[k], round(float(raw) * weight, 1)))

        length = len(query)
        low, high = _length_range(length, NAME_CUTOFF / RATIO_WEIGHT)
        score(fuzz.ratio, RATIO_WEIGHT, *self.every.between(low, high), query)
        tokens = query.split()
        sorted_query = " ".join(sorted(tokens))
        # A query already in order equals the ratio pass on names already in order.
        names = self.in_order if sorted_query != query else self.reordered
        score(fuzz.ratio, SORT_WEIGHT, *names.between(low, high), sorted_query)
        if len(set(tokens)) < len(tokens):
            sharing: Iterable[int] = self.words.ids
        else:
            sharing = {j for token in tokens for j in self.by_word.get(token, ())}
            sharing.update(self.repeated_words)
        ids = sorted(sharing)
        score(fuzz.token_set_ratio, SET_WEIGHT, [self.forms[j] for j in ids], ids, query)
        if long_query:
            share = NAME_CUTOFF / PARTIAL_WEIGHT / 100
            common = math.floor(length * share / (2 - share))
            forms, ids = self.words.between(length, sys.maxsize)
            close = [
                ids[k]
                for _, _, k in process.extract(
                    query, forms, scorer=LCSseq.similarity, processor=None,
                    score_cutoff=common, limit=None,
                )
            ]  # fmt: skip
            score(fuzz.partial_ratio, PARTIAL_WEIGHT, [self.forms[j] for j in close], close, query)
        return found
