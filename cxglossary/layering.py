"""What only the layers together can settle: categories, removals, links to removed entries.

The built-in glossary comes first, then each overlay in order; later layers win. Each
file is checked on its own when it is read (glossary.py); this module takes what each
file declares and answers the questions that span files, the same way for `cx` loading
its compiled indexes (index.py) and for `cx validate` reading the files (actions.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .glossary import (
    CATEGORIES,
    OTHER_CATEGORY,
    OTHER_LABELS,
    DeclaredCategory,
    Problem,
)


class LayerFacts:
    """One glossary file, as far as the other layers need to know it."""

    __slots__ = ("builtin", "categories", "category_uses", "defines", "path", "removals")

    def __init__(
        self,
        path: str,
        builtin: bool,
        defines: Callable[[str], bool],
        categories: Iterable[DeclaredCategory] = (),
        removals: Iterable[tuple[str, int | None]] = (),
        category_uses: Iterable[tuple[str, str, int | None]] = (),
    ) -> None:
        self.path = path
        self.builtin = builtin
        self.defines = defines  # does this file define an entry with that id?
        self.categories = list(categories)
        self.removals = list(removals)
        self.category_uses = list(category_uses)


def builtin_categories() -> dict[str, dict[str, str]]:
    """The built-in categories, then "other" (where undeclared categories go)."""
    return {**CATEGORIES, OTHER_CATEGORY: OTHER_LABELS}


def merge_categories(
    layers: list[LayerFacts], *, strict: bool
) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """Every category with its labels: built-in ones, then those the overlays declare.

    A category declared again with the same labels is fine (a JSON export declares
    them all); with other labels, the first declaration stands and the user is told.
    """
    categories = dict(CATEGORIES)
    declared_at: dict[str, str] = {name: "built-in" for name in CATEGORIES}
    declared_at[OTHER_CATEGORY] = "built-in"
    problems: list[Problem] = []
    for layer in layers:
        for category in layer.categories:
            known = OTHER_LABELS if category.id == OTHER_CATEGORY else categories.get(category.id)
            if known is None:
                categories[category.id] = category.labels
                where = f"{layer.path}:{category.line}" if category.line else layer.path
                declared_at[category.id] = where
            elif known != category.labels:
                problems.append(
                    Problem(
                        layer.path,
                        f"categories: '{category.id}' is already declared "
                        f"({declared_at[category.id]}) as {known['fr']!r} / {known['en']!r}; "
                        "these other labels are ignored",
                        line=category.line,
                        warning=not strict,
                    )
                )
    categories[OTHER_CATEGORY] = OTHER_LABELS
    for layer in layers:
        for entry_id, category_id, line in layer.category_uses:
            if category_id not in categories:
                problems.append(
                    Problem(
                        layer.path,
                        f"category '{category_id}' is declared nowhere, so the entry is listed "
                        f"under '{OTHER_CATEGORY}' (known: {', '.join(categories)}; "
                        "declare it under 'categories:' at the top of the file)",
                        entry_id=entry_id,
                        field="category",
                        line=line,
                        warning=not strict,
                    )
                )
    return categories, problems


def missing_removals(layers: list[LayerFacts]) -> list[Problem]:
    """A `remove` naming an id that no earlier layer defines: a warning (a typo, or an
    entry the built-in glossary no longer has)."""
    problems = []
    for depth, layer in enumerate(layers):
        for entry_id, line in layer.removals:
            if not any(earlier.defines(entry_id) for earlier in layers[:depth]):
                problems.append(
                    Problem(
                        layer.path,
                        f"no entry '{entry_id}' to remove in the built-in glossary"
                        + (" or the overlays before this one" if depth > 1 else "")
                        + "; nothing removed",
                        field="remove",
                        line=line,
                        warning=True,
                    )
                )
    return problems


def removed_ids(layers: list[LayerFacts]) -> dict[str, str]:
    """Ids retired for good (no later layer defines them again) -> the file retiring them."""
    gone: dict[str, str] = {}
    for layer in layers:
        for entry_id in list(gone):
            if layer.defines(entry_id):
                del gone[entry_id]
        for entry_id, _line in layer.removals:
            if not layer.defines(entry_id):
                gone[entry_id] = layer.path
    return gone


def links_to_removed(
    links: Iterable[tuple[str, str, str, int | None]], gone: dict[str, str], *, strict: bool
) -> list[Problem]:
    """`see_also` links (file, entry id, target, line) to an entry that a `remove` retires."""
    return [
        Problem(
            path,
            f"points to '{target}', which {gone[target]} removes (the link is not shown)",
            entry_id=entry_id,
            field="see_also",
            line=line,
            warning=not strict,
        )
        for path, entry_id, target, line in links
        if target in gone
    ]
