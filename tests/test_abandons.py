"""The three service-level variants, on a hand-counted example.

100 contacts offered; 70 answered within 20 s, 10 answered later, 15 abandoned within 20 s,
5 abandoned later. By hand: against 70/100, ignored 70/(100-15) = 70/85, for (70+15)/100.
"""

from fractions import Fraction

import pytest

from cxglossary.metrics.abandons import Abandons, service_level_share


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        (Abandons.AGAINST, Fraction(70, 100)),
        (Abandons.IGNORED, Fraction(70, 85)),
        (Abandons.FOR, Fraction(85, 100)),
    ],
)
def test_variants_on_a_hand_counted_log(variant: Abandons, expected: Fraction) -> None:
    assert service_level_share(variant, Fraction(70), Fraction(15), Fraction(100)) == expected


def test_variants_are_ordered_for_ignored_against() -> None:
    share = {v: service_level_share(v, Fraction(70), Fraction(15), Fraction(100)) for v in Abandons}
    assert share[Abandons.FOR] >= share[Abandons.IGNORED] >= share[Abandons.AGAINST]


def test_nothing_offered_has_no_service_level() -> None:
    assert service_level_share(Abandons.AGAINST, Fraction(0), Fraction(0), Fraction(0)) is None
    assert service_level_share(Abandons.IGNORED, Fraction(0), Fraction(3), Fraction(3)) is None


def test_variants_parse_from_what_users_type() -> None:
    assert Abandons("ignored") is Abandons.IGNORED
    assert Abandons.FOR.label == "abandons within T count for"
