"""How abandoned contacts enter a service level: the three definitions used in the industry.

Shared by the contact-log metrics and the staffing models (Erlang A), so that both name the
same variant with the same words. "Within T" means a wait of at most T.

- ``against`` (the strictest, the default): answered within T / offered.
- ``ignored``: answered within T / (offered − abandoned within T).
- ``for``: (answered within T + abandoned within T) / offered.
"""

from __future__ import annotations

from enum import StrEnum
from fractions import Fraction


class Abandons(StrEnum):
    """The service-level variant, as typed after ``--abandons``."""

    AGAINST = "against"
    IGNORED = "ignored"
    FOR = "for"

    @property
    def formula(self) -> str:
        return _FORMULAS[self]

    @property
    def label(self) -> str:
        """What the variant means, for every output that names it."""
        return _LABELS[self]


_FORMULAS = {
    Abandons.AGAINST: "answered within T / offered",
    Abandons.IGNORED: "answered within T / (offered − abandoned within T)",
    Abandons.FOR: "(answered within T + abandoned within T) / offered",
}
_LABELS = {
    Abandons.AGAINST: "abandons count against",
    Abandons.IGNORED: "abandons within T ignored",
    Abandons.FOR: "abandons within T count for",
}


def service_level_share(
    variant: Abandons, answered_within: Fraction, abandoned_within: Fraction, offered: Fraction
) -> Fraction | None:
    """The share of contacts in service under `variant`, or None when its denominator is 0.

    The arguments may be counts (a contact log) or probabilities with `offered` = 1 (a queueing
    model): the formulas are the same."""
    if variant is Abandons.AGAINST:
        numerator, denominator = answered_within, offered
    elif variant is Abandons.IGNORED:
        numerator, denominator = answered_within, offered - abandoned_within
    else:
        numerator, denominator = answered_within + abandoned_within, offered
    if denominator <= 0:
        return None
    return Fraction(numerator) / Fraction(denominator)
