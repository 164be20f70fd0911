"""Normalisation (cxglossary/normalise.py): the rule behind every exact lookup."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from cxglossary._latin import ACCENTED, MULTI, PLAIN
from cxglossary.normalise import (
    APOSTROPHES,
    fold_number,
    key_from_text,
    name_forms,
    normalize_key,
    normalize_text,
)


def test_latin_table_matches_unicodedata() -> None:
    expected = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        plain = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if plain != char and plain.isascii():
            expected[char] = plain
    table = dict(zip(ACCENTED, PLAIN, strict=True)) | MULTI
    assert table == expected


def test_examples() -> None:
    assert normalize_text("Temps d’Attente") == "temps d attente"
    assert normalize_key("Cross-selling") == normalize_key("cross selling")
    assert normalize_key("Vente & Marketing") == normalize_key("vente et marketing")
    assert normalize_text("ŒUVRE") == "œuvre"  # no decomposition: kept, lowercased
    assert normalize_text("Служба") == "служба"  # other scripts are kept, lowercased


def test_apostrophes_hyphens_and_spaces_never_matter() -> None:
    spellings = [
        "taux d'abandon",
        "Taux d’abandon",
        "taux d`abandon",
        "TAUX-D-ABANDON",
        "tauxdabandon",
    ]
    assert {normalize_key(s) for s in spellings} == {"tauxdabandon"}
    assert normalize_text("R&D") == "r et d"


def test_accents_and_case_fold_in_both_languages() -> None:
    assert normalize_key("Qualité de SERVICE") == normalize_key("qualite de service")
    assert normalize_key("Rétention") == "retention"
    assert normalize_text("Ça  coûte-t-il ?") == "ca coute t il"


@given(st.text(max_size=40))
def test_stored_keys_and_query_keys_agree(text: str) -> None:
    # compiled.py stores key_from_text(normalize_text(name)); queries use normalize_key.
    assert key_from_text(normalize_text(text)) == normalize_key(text)


@given(st.text(max_size=40))
def test_nfc_and_nfd_normalise_alike(text: str) -> None:
    nfc = unicodedata.normalize("NFC", text)
    nfd = unicodedata.normalize("NFD", text)
    assert normalize_key(nfc) == normalize_key(nfd)


def through_unicodedata(text: str) -> str:
    """normalize_text's slow path taken for every text: apostrophes are spaces, letters
    fold as NFKD without marks and lowercase, "&" reads "et", and every run of
    characters other than letters and digits is one space."""
    for mark in APOSTROPHES:
        text = text.replace(mark, " ")
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = folded.translate({ord(c): p for c, p in MULTI.items()}).replace("&", " et ")
    return re.sub(r"[\W_]+", " ", folded).strip()


ASCII_AND_LATIN = st.text(
    alphabet=st.sampled_from([chr(c) for c in range(128)] + list(ACCENTED) + list("’‘´ʼ–")),
    max_size=40,
)


@given(ASCII_AND_LATIN | st.text(max_size=40))
def test_the_fast_paths_normalise_as_the_definition_says(text: str) -> None:
    # ASCII text and accented Latin skip the regular expression and unicodedata.
    assert normalize_text(text) == through_unicodedata(text)


@given(st.text(max_size=40))
def test_normalising_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


def test_singular_and_plural_meet_on_one_key() -> None:
    pairs = [
        ("base de connaissances", "bases de connaissances"),
        ("centre d'appel", "centres d’appels"),
        ("heure ouvrée", "heures ouvrées"),
        ("donnée personnelle", "Données personnelles"),
        ("canal de support", "canaux de support"),
        ("plateau téléphonique", "plateaux téléphoniques"),
        ("chatbot", "chatbots"),
        ("company", "companies"),
        ("série", "séries"),
        ("search", "searches"),
        ("business", "businesses"),
        ("KPI", "KPIs"),
        ("cycle de vie", "cycles de vies"),
    ]
    for singular, plural in pairs:
        assert normalize_key(singular) == normalize_key(plural), (singular, plural)


def test_folding_keeps_short_words_and_invariable_endings_apart() -> None:
    # Three-letter words never fold: the acronyms CMS and CM stay two names.
    assert normalize_key("CMS") != normalize_key("CM")
    assert fold_number("sms") == "sms"
    assert fold_number("process") == "process"  # -ss is not a plural
    assert fold_number("taux") == "taux"
    assert normalize_key("taux d'abandon") == normalize_key("tauxdabandon")
    assert fold_number("n2") == "n2"  # not a word


def test_name_forms_split_a_term_from_its_bracketed_names() -> None:
    assert name_forms("Net Promoter Score (NPS)") == ["Net Promoter Score", "NPS"]
    assert name_forms("SVI ( Serveur Vocal Interactif)") == ["SVI", "Serveur Vocal Interactif"]
    assert name_forms("Qualité de Service (ou QoS – Quality of Service)") == [
        "Qualité de Service",
        "QoS",
        "Quality of Service",
    ]
    assert name_forms("Net Promoter Score") == []
    assert name_forms("(NPS)") == []
    assert name_forms("A (B) (C)") == []
