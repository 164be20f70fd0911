"""Fuzzy ranking with rapidfuzz; imported only when a search or a suggestion runs."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from .normalise import normalize_key

# A name must score at least this to count (WRatio, 0-100).
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


@dataclass(frozen=True)
class Candidate:
    data: str  # the entry as JSON, decoded only for the hits shown
    names: list[tuple[str, str, str]]  # (kind, name as written, normalised)
    texts: list[str]  # normalised definitions


# (scorer, weight, applies to acronyms). Each runs as one C-level pass; WRatio is
# not used because its partial match lets a short name inside a long query win
# ("CTI" inside "satisfaction").
_SCORERS = (
    (fuzz.ratio, 1.0, True),
    (fuzz.token_sort_ratio, 1.0, False),
    (fuzz.token_set_ratio, 0.95, False),
    (fuzz.partial_ratio, 0.9, False),
)


def _name_scores(query: str, norms: list[str], owners: list[tuple[int, str]]) -> dict[int, float]:
    scores: dict[int, float] = {}
    long_query = len(query) >= MIN_TEXT_QUERY
    for scorer, weight, for_acronyms in _SCORERS:
        partial = scorer is fuzz.partial_ratio
        if partial and not long_query:
            continue
        for _, raw, j in process.extract(
            query,
            norms,
            scorer=scorer,
            processor=fuzzy_form,
            score_cutoff=NAME_CUTOFF / weight,
            limit=None,
        ):
            if owners[j][1] == "acronym" and not for_acronyms:
                continue
            if partial and len(norms[j]) < len(query):
                continue  # only the query found inside a longer name counts
            score = round(float(raw) * weight, 1)
            if score > scores.get(j, 0.0):
                scores[j] = score
    return scores


# (candidate position, score 0-100, the name that matched or "", field it matched in)
Ranked = tuple[int, float, str, str]


def rank(
    norm_query: str, key_query: str, candidates: list[Candidate], *, limit: int
) -> list[Ranked]:
    """The best `limit` candidates for a query, best first."""
    best: dict[int, tuple[float, int, str, str]] = {}  # index -> (score, exact, matched, field)

    def offer(i: int, score: float, exact: int, matched: str, field: str) -> None:
        if i not in best or (score, exact) > best[i][:2]:
            best[i] = (score, exact, matched, field)

    name_owner, name_norms, name_shown = [], [], []
    for i, candidate in enumerate(candidates):
        for kind, name, norm in candidate.names:
            if normalize_key(name) == key_query:
                offer(i, 100.0, 1, name, kind)
            name_owner.append((i, kind))
            name_norms.append(norm)
            name_shown.append(name)
    for j, score in _name_scores(norm_query, name_norms, name_owner).items():
        owner, kind = name_owner[j]
        offer(owner, score, 0, name_shown[j], kind)

    if len(norm_query) >= MIN_TEXT_QUERY:
        text_owner = [i for i, c in enumerate(candidates) for _ in c.texts]
        texts = [t for c in candidates for t in c.texts]
        for _, score, j in process.extract(
            norm_query,
            texts,
            scorer=fuzz.partial_ratio,
            processor=fuzzy_form,
            score_cutoff=TEXT_CUTOFF,
            limit=None,
        ):
            offer(text_owner[j], round(float(score) * TEXT_SCALE, 1), 0, "", "definition")

    order = sorted(best.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))[:limit]
    return [(i, round(score, 1), matched, field) for i, (score, _, matched, field) in order]
