"""What the "did you mean" of a miss costs in a batch, and what a smaller net would buy.

    python benchmarks/run.py --quick          # once: writes benchmarks/data/queries-1000-miss20.txt
    python benchmarks/suggestion_net.py       # the table, about 3 minutes

A miss is scored against the names sharing the most of its rarer trigrams
(`fuzzy._Near`: NEAR_NAMES names, found by counting up to GRAM_BUDGET postings).
For the net cx uses and for smaller ones, measured in one run:

- `batch`: `cx define --json -` over run.py's 1,000 queries with 20 % misses, against
  one query (`cx define AHT --json`), wall-clock medians side by side in rounds
  (hyperfine), the row of run.py whose target is 2×;
- `µs a miss`: `Glossary.suggestions` over the batch's 200 misses, in this process
  (best of 5), and the part of it spent picking the net (`_Near.near`);
- quality against scoring every name, on the misses among typos of every name (one
  letter dropped, doubled, swapped or replaced): how often the first suggestion is the
  same, how often the whole list of up to five is the same, and the highest score of a
  name the net leaves out.

The nets other than cx's are run through this script (`--net NAMES BUDGET`), which sets
them and starts cx's console entry point; cx's own net is run both ways, so the
difference the wrapper makes shows in the table.
"""

from __future__ import annotations

import sys
from typing import Any

# Only what `--net` needs is imported at the top: the batch it runs is being timed.

NETS = ((60, 400), (40, 300), (30, 200), (20, 150), (10, 80))


def run_with_net(names: int, budget: int, argv: list[str]) -> None:
    """cx with another net: what the batch rows measure for it."""
    import gc

    gc.disable()  # as cx's console script does from its first line (entry.py)
    from cxglossary import fuzzy
    from cxglossary.entry import run

    fuzzy._Near.NEAR_NAMES = names
    fuzzy._Near.GRAM_BUDGET = budget
    sys.argv = ["cx", *argv]
    run()


def batch_ratio(command: str, env: dict[str, str], rounds: int) -> float:
    import statistics

    from run import CX, DATA, hyperfine, q

    one = q("sh", "-c", q(CX, "define", "AHT", "--json") + " </dev/null")
    many = q("sh", "-c", command + " < " + q(str(DATA / "queries-1000-miss20.txt")))
    ratios = []
    for _ in range(rounds):
        base, other = hyperfine([one, many], runs=5, warmup=2, env=env)
        ratios.append(other / base)
    return statistics.median(ratios)


def typos(names: list[str]) -> list[str]:
    """Each name with one letter dropped, doubled, swapped with the next or replaced by
    'q', the edit and its place changing from one name to the next."""
    edits = (
        lambda s, at: s[:at] + s[at + 1 :],
        lambda s, at: s[: at + 1] + s[at:],
        lambda s, at: s[:at] + s[at + 1 : at + 2] + s[at] + s[at + 2 :],
        lambda s, at: s[:at] + "q" + s[at + 1 :],
    )
    return [edits[i % 4](name, (i * 5) % max(len(name) - 1, 1)) for i, name in enumerate(names)]


def top_entries(matcher: Any, scores: dict[int, float], limit: int = 5) -> list[int]:
    """The entries suggested, best first, as Matcher.rank orders them (earlier on ties)."""
    best: dict[int, float] = {}
    for j, score in sorted(scores.items()):
        entry = matcher.owner[j]
        if score > best.get(entry, -1.0):
            best[entry] = score
    return sorted(best, key=lambda e: (-best[e], e))[:limit]


def quality(glossary: Any) -> dict[tuple[int, int], tuple[float, float, float]]:
    from cxglossary import fuzzy
    from cxglossary.normalise import normalize_text

    matcher = glossary._whole_matcher(None)
    queries = [q for q in typos(sorted(set(matcher.shown))) if normalize_text(q)]
    found = glossary.lookup_many(queries)
    misses = []
    for query, entries in zip(queries, found, strict=True):
        form = fuzzy.fuzzy_form(normalize_text(query))
        if not entries and form:
            misses.append((form, len(normalize_text(query)) >= fuzzy.MIN_TEXT_QUERY))
    every = []
    for form, long_query in misses:
        matcher.queries = 0  # a matcher's first query scores every name
        every.append(dict(matcher._name_scores(form, long_query=long_query)))
    table = {}
    for names, budget in NETS:
        fuzzy._Near.NEAR_NAMES, fuzzy._Near.GRAM_BUDGET = names, budget
        first = lists = 0
        left_out = 0.0
        for (form, long_query), scores in zip(misses, every, strict=True):
            near = dict(matcher._near_scores(form, long_query=long_query))
            expected, got = top_entries(matcher, scores), top_entries(matcher, near)
            first += expected[:1] == got[:1]
            lists += expected == got
            left_out = max([left_out, *(s for j, s in scores.items() if j not in near)])
        table[names, budget] = (100 * first / len(misses), 100 * lists / len(misses), left_out)
    print(f"quality measured on {len(misses)} typos that miss", file=sys.stderr)
    return table


def per_miss(glossary: Any, misses: list[str]) -> dict[tuple[int, int], tuple[float, float]]:
    import time

    from cxglossary import fuzzy
    from cxglossary.normalise import normalize_text

    matcher = glossary._whole_matcher(None)
    glossary.suggestions(misses[0], "fr")
    near = matcher._near
    forms = [fuzzy.fuzzy_form(normalize_text(q)) for q in misses]
    table = {}
    for names, budget in NETS:
        fuzzy._Near.NEAR_NAMES, fuzzy._Near.GRAM_BUDGET = names, budget
        whole = picking = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            for query in misses:
                glossary.suggestions(query, "fr")
            middle = time.perf_counter()
            for form in forms:
                near.near(form)
            end = time.perf_counter()
            whole, picking = min(whole, middle - start), min(picking, end - middle)
        table[names, budget] = (1e6 * whole / len(misses), 1e6 * picking / len(misses))
    return table


def main() -> int:
    import argparse
    import os
    from pathlib import Path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import CX, DATA, PY, q

    from cxglossary.index import open_glossary

    batch = DATA / "queries-1000-miss20.txt"
    if not batch.exists():
        print("run `python benchmarks/run.py --quick` first (it writes the queries)")
        return 2
    glossary = open_glossary([])
    queries = batch.read_text(encoding="utf-8").splitlines()
    misses = [
        q for q, found in zip(queries, glossary.lookup_many(queries), strict=True) if not found
    ]
    speed = per_miss(glossary, misses)
    kept = quality(glossary)
    env = dict(os.environ)
    ratios = {"cx": batch_ratio(q(CX, "define", "--json", "-"), env, args.rounds)}
    for names, budget in NETS:
        wrapped = q(PY, __file__, "--net", str(names), str(budget), "define", "--json", "-")
        ratios[f"{names}/{budget}"] = batch_ratio(wrapped, env, args.rounds)

    print(f"20 % misses ({len(misses)} of {len(queries)}); target for the batch: 2× one query")
    print(f"{'net (names/postings)':<22} {'batch':>7} {'µs a miss':>10} {'picking':>8} "
          f"{'1st same':>9} {'list same':>10} {'left out':>9}")  # fmt: skip
    print(f"{'cx (console script)':<22} {ratios['cx']:>6.2f}×")
    for names, budget in NETS:
        whole, picking = speed[names, budget]
        first, lists, left_out = kept[names, budget]
        label = f"{names}/{budget}" + (" (cx's)" if (names, budget) == NETS[0] else "")
        print(
            f"{label:<22} {ratios[f'{names}/{budget}']:>6.2f}× {whole:>10.0f} {picking:>8.0f} "
            f"{first:>8.1f}% {lists:>9.1f}% {left_out:>9.1f}"
        )
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--net"]:
        run_with_net(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:])
    else:
        sys.exit(main())
