"""Shell completion: glossary names for `cx define`, calculator ids for `cx metric`.

Runs on every <TAB>, so it stays cheap: names come from the compiled index of each
glossary (one indexed range query on the normalised key), never from the YAML, and
any problem (an invalid overlay, an unreadable cache) just means no completions.
"""

from __future__ import annotations

from collections.abc import Iterable

from .normalise import normalize_key, normalize_text

# Past this many names a shell shows "display all N possibilities?" anyway.
LIMIT = 200


def glossary_names(
    incomplete: str, glossaries: Iterable[str] = (), shell: str | None = None
) -> list[str]:
    """Acronyms, then French and English terms, whose normalised key starts like `incomplete`.

    "aht", "AHT", "duree moy" and "Durée-moy" all find the same names. Shells (and Typer)
    keep only completions that start with what was typed, so a name is returned with
    the typed text as its start ("duree moy" -> "duree moyenne de traitement"), which
    `cx define` reads the same way. Bash would split a name with spaces into several
    queries: for bash, only names without spaces are offered.
    """
    from .glossary import overlay_paths
    from .index import open_glossary

    prefix = normalize_key(incomplete)
    try:
        glossary = open_glossary(overlay_paths(list(glossaries)))
        found: dict[str, int] = {}
        layered = len(glossary.layers) > 1
        for depth, layer in enumerate(glossary.layers):
            rows = layer.conn.execute(
                "SELECT names.kind, names.name, entries.id FROM names "
                "JOIN entries ON entries.pos = names.pos WHERE names.key >= ? "
                "AND names.key < ? AND names.kind IN ('acronym', 'term')",
                (prefix, prefix + "\U0010ffff"),
            ).fetchall()
            for kind, name, entry_id in rows:
                if layered and glossary.hidden_after(depth, entry_id):
                    continue  # replaced or removed by a later overlay
                rank = 0 if kind == "acronym" else 1
                found[name] = min(rank, found.get(name, rank))
    except Exception:  # completion must never print a traceback
        return []
    ordered = sorted(found, key=lambda name: (found[name], name.casefold()))
    completions: list[str] = []
    for name in ordered:
        completion = _as_typed(name, incomplete)
        if completion is None or (shell == "bash" and " " in completion):
            continue
        if completion not in completions:
            completions.append(completion)
    return completions[:LIMIT]


def _as_typed(name: str, incomplete: str) -> str | None:
    """`name` starting with the very text typed, or None if no prefix of it matches.

    Typed in lower case, the rest follows ("c" -> "csat", not "cSAT"): `cx define`
    ignores case anyway.
    """
    if name.startswith(incomplete):
        return name
    # Compared without number folding, which keys "Temp" like "Temps": the name's
    # start must spell what was typed, up to case, accents and punctuation.
    wanted = _spelled(incomplete)
    for end in range(1, len(name) + 1):
        if _spelled(name[:end]) == wanted:
            rest = name[end:]
            return incomplete + (rest.lower() if incomplete.islower() else rest)
    return None


def _spelled(text: str) -> str:
    return normalize_text(text).replace(" ", "")


def metric_ids(incomplete: str) -> list[str]:
    from .metrics.registry import METRICS

    prefix = incomplete.lower()
    return [metric_id for metric_id in METRICS if metric_id.startswith(prefix)]
