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
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from typing import Any

from rapidfuzz import fuzz, process, utils
from rapidfuzz.distance import LCSseq

from . import cachefiles, jsontext
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
    words = utils.default_process(text).split()
    if words and min(map(len, words)) < 2:
        words = [word for word in words if len(word) > 1]
    return " ".join(words)


class Candidate:
    """One entry that may match: its names and, when text matching needs them, its
    definitions (decoded from `data` only then)."""

    __slots__ = ("_terms", "data", "names", "order", "with_text")

    def __init__(
        self, data: str, names: list[tuple[str, str, str, str]], order: tuple[int, int]
    ) -> None:
        self.data = data  # the entry as JSON, decoded only for the hits shown
        self.names = names  # (kind, name as written, normalised, lookup key)
        self.order = order  # (layer, position): ties go to the earlier entry
        self.with_text = True  # whether its definitions are matched too
        self._terms: dict[str, str] | None = None

    def term(self, lang: str) -> str:
        """The entry's term in `lang`: a "did you mean" label (decoded once)."""
        if self._terms is None:
            self._terms = jsontext.loads(self.data)["term"]
        return self._terms[lang]

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


# Bump when what a matcher holds changes (fuzzy_form, the names it keeps): snapshots
# of older matchers in users' caches are then left unread.
MATCHER_FORMAT = 1


class Matcher:
    """Ranks a fixed set of candidates against any number of queries.

    The first query scores every name with every scorer (one C-level pass each).
    From the second on, the names are indexed by length and by word so that each
    scorer only sees the names that can still reach the cutoff: building that index
    costs more than one brute-force query, and a batch of misses repays it at once.
    """

    def __init__(self, candidates: list[Candidate]) -> None:
        owner: list[int] = []
        kinds: list[str] = []
        shown: list[str] = []
        forms: list[str] = []
        by_key: dict[str, list[int]] = {}
        for i, candidate in enumerate(candidates):
            for kind, name, norm, key in candidate.names:
                by_key.setdefault(key, []).append(len(owner))
                owner.append(i)
                kinds.append(kind)
                shown.append(name)
                forms.append(fuzzy_form(norm))
        self._hold(candidates, owner, kinds, shown, forms, by_key)

    def _hold(
        self,
        candidates: list[Candidate],
        owner: Sequence[int],
        kinds: list[str],
        shown: list[str],
        forms: list[str],
        by_key: dict[str, list[int]],
    ) -> None:
        self.candidates = candidates
        self.owner = owner  # name number -> candidate number
        self.kinds = kinds
        self.shown = shown
        self.forms = forms
        self.by_key = by_key
        self.queries = 0
        self._pruning: _Pruning | None = None
        self._near: _Near | None = None
        self._text_owner: list[int] | None = None
        self._text_forms: list[str] = []

    @classmethod
    def cached(cls, source: str | None, candidates: Callable[[], list[Candidate]]) -> Matcher:
        """The matcher of `candidates()`, restored from the user's cache when one was
        made from `source` (what the candidates are read from; None: never cached).
        Restoring costs a third of reading the names from SQLite and preparing them."""
        if source is None:
            return cls(candidates())
        path = cachefiles.path_for(f"matcher-{MATCHER_FORMAT}", source)
        stored = cachefiles.read(path, source, 7)
        if stored is not None:
            return cls._restored(*stored)
        matcher = cls(candidates())
        cachefiles.write(path, source, matcher._snapshot())
        return matcher

    def _snapshot(self) -> tuple[Any, ...]:
        data = [candidate.data for candidate in self.candidates]
        orders = _ids(chain.from_iterable(candidate.order for candidate in self.candidates))
        return (data, orders, _ids(self.owner), self.kinds, self.shown, self.forms, self.by_key)

    @classmethod
    def _restored(
        cls,
        data: list[str],
        orders: bytes,
        owner: bytes,
        kinds: list[str],
        shown: list[str],
        forms: list[str],
        by_key: dict[str, list[int]],
    ) -> Matcher:
        order = memoryview(orders).cast("I")
        # Their names are the matcher's own (`shown`, `forms`): a restored candidate has none.
        candidates = [
            Candidate(text, [], (order[2 * i], order[2 * i + 1])) for i, text in enumerate(data)
        ]
        matcher = cls.__new__(cls)
        matcher._hold(candidates, memoryview(owner).cast("I"), kinds, shown, forms, by_key)
        return matcher

    def rank(
        self, norm_query: str, key_query: str, *, limit: int, texts: bool, near: bool = False
    ) -> list[Ranked]:
        """The best `limit` candidates for a query, best first; definitions count
        only with `texts` (a "did you mean" suggestion is a name). With `near`, only
        the names sharing the most trigrams with the query are scored (see _Near):
        cheap enough for a batch with many misses, but not exhaustive."""
        best: dict[int, tuple[float, int, str, str]] = {}  # candidate -> score, exact, …

        def offer(i: int, score: float, exact: int, matched: str, field: str) -> None:
            if i not in best or (score, exact) > best[i][:2]:
                best[i] = (score, exact, matched, field)

        for j in self.by_key.get(key_query, ()):
            offer(self.owner[j], 100.0, 1, self.shown[j], self.kinds[j])
        query = fuzzy_form(norm_query)
        long_query = len(norm_query) >= MIN_TEXT_QUERY
        scores = self._near_scores if near else self._name_scores
        for j, score in scores(query, long_query=long_query):
            offer(self.owner[j], score, 0, self.shown[j], self.kinds[j])
        if texts and long_query:
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

    def _near_scores(self, query: str, *, long_query: bool) -> list[tuple[int, float]]:
        """(name number, weighted score) of the names close to the query by trigrams
        that score NAME_CUTOFF or more, in name order."""
        if not query:
            return []
        if self._near is None:
            self._near = _Near(self.kinds, self.forms)
        best: dict[int, float] = {}
        for j, value in self._near.scores(query, long_query=long_query):
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


def _trigrams(form: str) -> set[str]:
    """Character trigrams of a form with a space at each end ("ab" -> " ab", "ab ")."""
    padded = f" {form} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _ids(numbers: Iterable[int]) -> bytes:
    return array("I", numbers).tobytes()


# Lists of name numbers by key (a trigram, a word) packed in one buffer, as stored:
# (key -> slot, every list end to end, where each slot's list ends).
PackedPostings = tuple[dict[str, int], bytes, bytes]


def _pack(postings: dict[str, list[int]]) -> PackedPostings:
    slots: dict[str, int] = {}
    flat: list[int] = []
    bounds = [0]
    for key, ids in postings.items():
        slots[key] = len(bounds) - 1
        flat.extend(ids)
        bounds.append(len(flat))
    return slots, _ids(flat), _ids(bounds)


class _Postings:
    """Read side of `_pack`: loading a cached index costs one memoryview, where one per
    trigram (about 2,300) cost twice as much as reading the file."""

    __slots__ = ("bounds", "ids", "slots")

    def __init__(self, packed: PackedPostings) -> None:
        self.slots = packed[0]
        self.ids = memoryview(packed[1]).cast("I")
        self.bounds = memoryview(packed[2]).cast("I")  # list k: ids[bounds[k]:bounds[k + 1]]

    def every(self, keys: Iterable[str]) -> list[memoryview]:
        """The lists of the keys that have one, in the keys' order."""
        ids, bounds = self.ids, self.bounds
        slots = map(self.slots.get, keys)
        return [ids[bounds[k] : bounds[k + 1]] for k in slots if k is not None]


class _Near:
    """The names indexed by trigram and by word, for "did you mean" suggestions.

    A query is scored with the same scorers and rules as by scoring every name, but
    only against the NEAR_NAMES names sharing the most of its rarer trigrams (and,
    for a query of SHORT_QUERY characters or fewer, where a typo leaves few
    trigrams, every name of a length fuzz.ratio allows). A name outside them is not
    suggested even if it would score: a typo's own name shares the most trigrams
    and is kept, but a weak fourth or fifth suggestion may differ from scoring every
    name (measured in benchmarks/README.md, bounded in tests/test_speed_mechanisms.py).

    Building the index costs about as much as scoring every name for 30 queries on
    this interpreter, so it is kept in the user's cache, keyed by the names' forms
    themselves (any change to the glossary gives other forms, hence another file).
    """

    NEAR_NAMES = 60
    SHORT_QUERY = 5
    # Postings counted per query, rarest trigrams first ("ent" names hundreds).
    GRAM_BUDGET = 400

    def __init__(self, kinds: list[str], forms: list[str]) -> None:
        self.kinds = kinds
        self.forms = forms
        joined = "\n".join(forms)
        path = cachefiles.path_for(f"near-{NEAR_FORMAT}", joined)
        parts = cachefiles.read(path, joined, 6)
        if parts is None:
            parts = _near_parts(kinds, forms)
            cachefiles.write(path, joined, parts)
        by_gram, by_word, repeated, lengths, by_length, word_counts = parts
        self.by_gram = _Postings(by_gram)
        self.by_word = _Postings(by_word)
        self.repeated_words = set(memoryview(repeated).cast("I"))
        self.lengths = memoryview(lengths).cast("I")
        self.by_length = memoryview(by_length).cast("I")
        self.word_counts = memoryview(word_counts).cast("I")  # distinct words of each name

    def near(self, query: str) -> list[int]:
        """The names sharing the most of the query's rarer trigrams."""
        # Rarest first, equal counts in trigram order: a set's order changes from run to run.
        postings = self.by_gram.every(sorted(_trigrams(query)))
        postings.sort(key=len)
        chosen: list[memoryview] = []
        budget = self.GRAM_BUDGET
        for names in postings:
            if len(chosen) >= 2 and len(names) > budget:
                break
            chosen.append(names)
            budget -= len(names)
        counts = Counter(chain.from_iterable(chosen))
        ranked = sorted(counts)  # ties go to the earlier name, as in best_first
        ranked.sort(key=counts.__getitem__, reverse=True)
        return ranked[: self.NEAR_NAMES]

    def word_subsets(self, tokens: list[str]) -> list[int]:
        """Names whose words are all among the query's, or that hold all of its words:
        token_set_ratio gives them 100 however few trigrams they share."""
        counts = Counter(chain.from_iterable(self.by_word.every(set(tokens))))
        whole = len(set(tokens))
        words = self.word_counts
        return [j for j, shared in counts.items() if shared == whole or shared == words[j]]

    def scores(self, query: str, *, long_query: bool) -> list[tuple[int, float]]:
        near = self.near(query)
        length = len(query)
        low, high = _length_range(length, NAME_CUTOFF / RATIO_WEIGHT)
        forms, kinds = self.forms, self.kinds
        by_length = [j for j in near if low <= len(forms[j]) <= high]
        if length <= self.SHORT_QUERY:
            start = bisect.bisect_left(self.lengths, low)
            end = bisect.bisect_right(self.lengths, high)
            by_length = sorted(set(by_length).union(self.by_length[start:end]))
        worded = [j for j in near if kinds[j] != "acronym"]
        tokens = query.split()
        if len(set(tokens)) < len(tokens):
            sharing: set[int] | range = range(len(forms))
        else:
            sharing = self.repeated_words.union(*self.by_word.every(tokens))
        found: list[tuple[int, float]] = []

        def score(scorer: Any, weight: float, ids: list[int]) -> None:
            for _, raw, k in process.extract(
                query, [forms[j] for j in ids], scorer=scorer, processor=None,
                score_cutoff=NAME_CUTOFF / weight, limit=None,
            ):  # fmt: skip
                found.append((ids[k], round(float(raw) * weight, 1)))

        score(fuzz.ratio, RATIO_WEIGHT, by_length)
        score(fuzz.token_sort_ratio, SORT_WEIGHT, [j for j in by_length if kinds[j] != "acronym"])
        by_words = [j for j in worded if j in sharing]
        by_words = sorted(set(by_words).union(self.word_subsets(tokens)))
        score(fuzz.token_set_ratio, SET_WEIGHT, by_words)
        if long_query:
            longer = [j for j in worded if len(forms[j]) >= length]
            share = NAME_CUTOFF / PARTIAL_WEIGHT / 100
            common = math.floor(length * share / (2 - share))
            close = [
                longer[k]
                for _, _, k in process.extract(
                    query, [forms[j] for j in longer], scorer=LCSseq.similarity,
                    processor=None, score_cutoff=common, limit=None,
                )
            ]  # fmt: skip
            score(fuzz.partial_ratio, PARTIAL_WEIGHT, close)
        return found


NearParts = tuple[PackedPostings, PackedPostings, bytes, bytes, bytes, bytes]


def _near_parts(kinds: list[str], forms: list[str]) -> NearParts:
    """The trigram and word indexes of _Near, as bytes of name numbers."""
    by_gram: dict[str, list[int]] = {}
    by_word: dict[str, list[int]] = {}
    # token_set_ratio can beat token_sort_ratio without a shared word only when a
    # word repeats (see _Pruning): those names are scored with it whatever the query.
    repeated: list[int] = []
    word_counts = [0] * len(forms)
    for j, form in enumerate(forms):
        for gram in _trigrams(form):
            by_gram.setdefault(gram, []).append(j)
        if kinds[j] != "acronym":
            tokens = form.split()
            word_counts[j] = len(set(tokens))
            for token in set(tokens):
                by_word.setdefault(token, []).append(j)
            if len(set(tokens)) < len(tokens):
                repeated.append(j)
    order = sorted(range(len(forms)), key=lambda j: len(forms[j]))
    return (
        _pack(by_gram),
        _pack(by_word),
        _ids(repeated),
        _ids(len(forms[j]) for j in order),
        _ids(order),
        _ids(word_counts),
    )


NEAR_FORMAT = 4
