"""`cx scan`: acronyms and jargon in a text for a customer, never ordinary words."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Cx, write_glossary
from hypothesis import given, settings
from hypothesis import strategies as st

from cxglossary.glossary import Entry
from cxglossary.scan import Scanner, in_sentence

FINDING_KEYS = {"text", "kind", "ambiguous", "occurrences", "senses", "rewrites", "suggestion"}

FRENCH_REPLY = """\
Bonjour Madame,

Le SAV des produits de la marque a bien reçu votre demande. Ces clients et le
service client de la boutique vous répondront dans les heures d'ouverture ; des
conseillers sont là pour le suivi des commandes. Le roi de l'art, des mots.
"""


def scan_json(cx: Cx, text: str, *args: str, code: int = 1) -> dict[str, Any]:
    data: dict[str, Any] = cx.json("scan", "-", *args, input=text, code=code)
    return data


def found(data: dict[str, Any]) -> list[str]:
    return [f["text"] for f in data["findings"]]


def test_a_french_text_full_of_le_and_des_only_flags_sav(cx: Cx, tmp_path: Path) -> None:
    path = tmp_path / "reply.txt"
    path.write_text(FRENCH_REPLY, encoding="utf-8")
    result = cx("scan", str(path), "--json", code=1)
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["source"] == str(path) and data["clear"] is False
    assert data["text_lang"] == "fr"
    [sav] = data["findings"]
    assert set(sav) >= FINDING_KEYS
    assert sav["text"] == "SAV" and sav["kind"] == "acronym" and sav["ambiguous"] is False
    assert sav["occurrences"] == [{"line": 3, "column": 4, "text": "SAV"}]
    assert [s["id"] for s in sav["senses"]] == ["after-sales-service"]
    assert sav["senses"][0]["definition"]
    assert sav["rewrites"] == ["service après-vente"]
    assert "service après-vente" in sav["suggestion"]


def test_human_output_and_exit_codes(cx: Cx, tmp_path: Path) -> None:
    path = tmp_path / "reply.txt"
    path.write_text(FRENCH_REPLY, encoding="utf-8")
    result = cx("scan", str(path), code=1)
    assert result.stderr == ""
    assert "1 terme(s) à expliquer" in result.stdout
    assert "SAV" in result.stdout and "ligne 3, col. 4" in result.stdout
    assert "Service après-vente" in result.stdout
    assert "Écrivez" in result.stdout
    clear = cx("scan", "-", input="Merci pour votre message, le colis arrive demain.\n")
    assert clear.stderr == "" and "aucun acronyme ni jargon" in clear.stdout
    english = cx("scan", "-", "--lang", "en", input="Your CSAT survey.\n", code=1)
    assert "1 term(s) to explain" in english.stdout and "Write" in english.stdout


def test_clear_text_exits_0_in_json(cx: Cx) -> None:
    data = scan_json(cx, "Votre colis est parti ce matin.\n", code=0)
    assert data["clear"] is True and data["findings"] == []
    assert scan_json(cx, "", code=0)["clear"] is True


def test_ambiguous_acronyms_come_first(cx: Cx) -> None:
    data = scan_json(cx, "Le SAV puis la FAQ, et enfin le CS.\n")
    assert found(data) == ["CS", "SAV", "FAQ"]
    cs = data["findings"][0]
    assert cs["ambiguous"] is True and len(cs["senses"]) >= 3
    assert cs["senses"][0]["outside_customer_service"] is False
    assert len(cs["rewrites"]) == len(cs["senses"])
    assert "service client" in cs["rewrites"]


@pytest.mark.parametrize(
    "text",
    [
        "Ces clients et ces commandes.",  # CES
        "Le roi de l'art, des pos, un att, le dm, une tpe, un sme.",
        "Roi, Art, Ces, Des, Pos : au début des phrases.",
        "le cs du site, la sav et le kpi en minuscules",
        "Un fichier de 5 ko.",
    ],
)
def test_ordinary_words_are_not_acronyms(cx: Cx, text: str) -> None:
    assert scan_json(cx, text, code=0)["clear"] is True


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        # CES is also the Consumer Electronics Show: scan lists both senses.
        ("Notre CES est bon.", {"ces", "ces-consumer-electronics-show"}),
        ("Nos KPIs et nos FAQs.", {"kpi", "faq"}),
        ("Une offre saas et le Rgpd.", {"saas", "gdpr"}),
        ("Avec l’IA et l'IA générative.", {"ai"}),
        ("Le SAV, le SAV et encore le SAV.", {"after-sales-service"}),
    ],
)
def test_acronyms_as_written(cx: Cx, text: str, ids: set[str]) -> None:
    data = scan_json(cx, text)
    assert {s["id"] for f in data["findings"] for s in f["senses"]} == ids


def test_every_occurrence_with_line_and_column(cx: Cx) -> None:
    data = scan_json(cx, "Le SAV.\nÉté, le SAV et\n   la FAQ.\n")
    sav = data["findings"][0]
    assert [(o["line"], o["column"]) for o in sav["occurrences"]] == [(1, 4), (2, 9)]
    faq = data["findings"][1]
    assert faq["occurrences"] == [{"line": 3, "column": 7, "text": "FAQ"}]


def test_jargon_phrases(cx: Cx) -> None:
    data = scan_json(cx, "Notre taux de\ndécroché est bon, le wrap-up aussi.\n")
    assert found(data) == ["taux de\ndécroché", "wrap-up"]
    taux = data["findings"][0]
    assert taux["kind"] == "jargon" and taux["senses"][0]["id"] == "qos"
    assert taux["occurrences"][0]["line"] == 1
    assert taux["rewrites"] == ["qualité de service"]
    assert "taux de" in taux["suggestion"]


def test_plain_phrases_and_spelled_out_terms_are_not_jargon(cx: Cx) -> None:
    text = (
        "Notre service client et notre service après-vente répondent aux heures "
        "d'ouverture. Le temps d'attente est court. Vos données personnelles sont "
        "protégées. La foire aux questions vous aide. Customer service and business hours."
    )
    assert scan_json(cx, text, code=0)["clear"] is True


def test_phrases_stop_at_sentence_ends(cx: Cx) -> None:
    assert scan_json(cx, "Le taux. De décroché, rien.", code=0)["clear"] is True


def test_links_and_addresses_are_skipped(cx: Cx) -> None:
    text = "Voir https://example.com/FAQ/SAV ou www.exemple.fr/KPI, écrire à SAV@boutique.fr.\n"
    assert scan_json(cx, text, code=0)["clear"] is True


def test_rewrites_follow_the_language_of_the_text(cx: Cx) -> None:
    data = scan_json(cx, "Thank you for your message: the FAQ will help you.\n")
    assert data["text_lang"] == "en"
    assert data["findings"][0]["rewrites"] == ["frequently asked questions"]
    data = scan_json(cx, "Merci, la FAQ vous aidera.\n", "--lang", "en")
    assert data["text_lang"] == "fr" and data["lang"] == "en"
    assert data["findings"][0]["rewrites"] == ["foire aux questions"]
    assert data["findings"][0]["senses"][0]["term"] == "Frequently asked questions"


def test_applying_the_rewrites_leaves_no_acronym(cx: Cx) -> None:
    text = "Le SAV et la FAQ, l'IA et le RGPD ; notre KPI."
    data = scan_json(cx, text)
    for finding in data["findings"]:
        for occurrence in finding["occurrences"]:
            text = text.replace(occurrence["text"], finding["rewrites"][0])
    assert scan_json(cx, text, code=0)["clear"] is True, text


def test_company_glossary_acronyms_are_found(cx: Cx, overlay: Path) -> None:
    data = scan_json(cx, "Regardez le TLC.", "-g", str(overlay))
    assert data["findings"][0]["senses"][0]["id"] == "tlc"


def test_glossary_text_is_never_markup(cx: Cx, tmp_path: Path) -> None:
    path = write_glossary(
        tmp_path / "hostile.yaml",
        """\
        entries:
          - id: hostile
            acronyms: [HSTL]
            term: {fr: "Terme [bold]piégé[/]", en: "Trap [/] term"}
            category: process
            definition:
              fr: "Avec [red]du balisage[/] et \\x1b[2J un effacement."
              en: "With [red]markup[/]."
        """,
    )
    result = cx("scan", "-", "-g", str(path), input="Le HSTL [/] et [bold]x\n", code=1)
    assert "Avec [red]du balisage[/] et \\x1b[2J un effacement." in result.stdout
    assert "Terme [bold]piégé[/]" in result.stdout
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "no such file"),
        ("directory", "is a directory"),
        ("latin1", "not valid UTF-8"),
    ],
)
def test_unreadable_input_is_exit_2(cx: Cx, tmp_path: Path, setup: str, message: str) -> None:
    target = tmp_path / "reply.txt"
    if setup == "directory":
        target.mkdir()
    elif setup == "latin1":
        target.write_bytes("Le SAV a été prévenu.".encode("latin-1"))
    result = cx("scan", str(target), code=2)
    assert result.stdout == "" and message in result.stderr


def test_usage_errors(cx: Cx) -> None:
    assert cx("scan", code=2).stdout == ""


# --- the pure core -------------------------------------------------------------------

ORDINARY_WORDS = (
    "le la les des de du un une et est ces ce cette roi art pos att dm tpe sme kb "
    "service client votre commande merci bonjour produit colis demain réponse support "
    "ticket réclamation transfert agent queue chat script plateau the and is you your "
    "we our order thanks help support team call back"
)
ORDINARY = ORDINARY_WORDS.split()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(ORDINARY), st.booleans()),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from([" ", ", ", ". ", "\n", " ; "]),
)
def test_ordinary_words_are_never_acronyms(words: list[tuple[str, bool]], sep: str) -> None:
    text = sep.join(w.capitalize() if cap else w for w, cap in words)
    result = SCANNER.scan(text, "t", "fr")
    # Some pairs are real jargon ("support queue"); no word is ever an acronym.
    assert not [f.text for f in result.findings if f.kind == "acronym"], text


SMALL_TEXT = "le la les des de du un une et est ces ce cette au aux the and is of"
SMALL_WORDS = SMALL_TEXT.split()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(SMALL_WORDS), min_size=1, max_size=60), st.booleans())
def test_small_words_never_flagged(words: list[str], capitalise: bool) -> None:
    text = " ".join(w.capitalize() if capitalise else w for w in words)
    assert SCANNER.scan(text, "t", "fr").clear, text


def _entry(
    entry_id: str, term: str, acronyms: tuple[str, ...] = (), aliases: tuple[str, ...] = ()
) -> Entry:
    return Entry(
        id=entry_id,
        term={"fr": term, "en": term},
        definition={"fr": "Déf.", "en": "Def."},
        category="process",
        acronyms=acronyms,
        aliases=aliases,
    )


def _builtin_scanner() -> Scanner:
    from cxglossary.glossary import builtin_path, load_file

    return Scanner(load_file(builtin_path()).entries)


SCANNER = _builtin_scanner()


def test_acronyms_with_punctuation_and_aliases_in_capitals() -> None:
    scanner = Scanner([_entry("pii", "Données perso", aliases=("PII", "info perso"))])
    result = scanner.scan("Les PII et les pii.", "t", "fr")
    assert [(f.kind, f.text) for f in result.findings] == [("acronym", "PII")]


def test_in_sentence() -> None:
    assert in_sentence("Service après-vente") == "service après-vente"
    assert in_sentence("Net Promoter Score") == "Net Promoter Score"
    assert in_sentence("Voix sur IP") == "voix sur IP"
    assert in_sentence("SVI visuel") == "SVI visuel"
    assert in_sentence("ISO 9001") == "ISO 9001"
