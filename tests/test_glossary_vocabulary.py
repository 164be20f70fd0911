"""The floor's everyday vocabulary and the page concepts that had no entry (issue 12).

A trainer's list for a new agent's first month: the words below are typed as a new agent
would type them and must answer with one entry, in both languages, honestly sourced.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import Cx

S001 = "dictionnaire-service-client"
S002 = "societe-tech"
S003 = "editeur-centre-contact"
S004 = "definitions-relation-client"

# Concepts the pages name without defining them as headwords: id -> the pages that do.
PAGE_CONCEPTS: dict[str, set[str]] = {
    "promoter": {S001, S002, S004},
    "passive": {S001, S002},
    "detractor": {S001, S002, S004},
    "nlp": {S002, S004},
    "callback": {S003},
    "qr-code": {S002},
    "ivr-entry-point": {S003},
    "call-deflection": {S003},
    "nps-barometer": {S004},
    "average-order-value": {S002},
}

# The words as the pages write them ("Promoteurs" on the NPS page of the Dictionnaire,
# "promoteurs, passifs et détracteurs" in the Societe.Tech glossary) and in the singular.
PAGE_WORDS: list[tuple[str, str]] = [
    ("Promoteurs", "promoter"),
    ("Passifs", "passive"),
    ("Détracteurs", "detractor"),
    ("Promoteur", "promoter"),
    ("Passif", "passive"),
    ("Détracteur", "detractor"),
    ("TALN", "nlp"),
    ("NLP", "nlp"),
    ("traitement automatique du langage naturel", "nlp"),
    ("call back", "callback"),
    ("QR code", "qr-code"),
    ("tête de SVI", "ivr-entry-point"),
    ("dissuasion", "call-deflection"),
    ("baromètre NPS", "nps-barometer"),
    ("panier moyen", "average-order-value"),
]

# Everyday words of a French contact centre that no page defines, written by us.
NEW_VOCABULARY: list[str] = [
    # calls and how to handle them
    "consultation-call",
    "call-opening",
    "call-closing",
    "active-listening",
    "reformulation",
    "questioning",
    "empathy",
    "agent-break",
    "automatic-callback",
    "voicemail",
    "hold-music",
    "ivr-tree",
    "silent-call",
    "call-disposition",
    "caller-verification",
    "softphone",
    "follow-up",
    "customer-abuse",
    "job-aid",
    "degraded-mode",
    "acknowledgement",
    # outbound and sales
    "call-campaign",
    "call-list",
    "telesales",
    "cold-calling",
    "debt-collection",
    "prospect",
    "key-account",
    "sales-pitch",
    "objection-handling",
    "b2b",
    "b2c",
    # law and compliance
    "cnil",
    "bloctel",
    "opt-in",
    "opt-out",
    "withdrawal-period",
    "legal-guarantee",
    "terms-and-conditions",
    "consumer-mediation",
    "premium-rate-number",
    "pci-dss",
    "phishing",
    # complaints, money, leaving
    "commercial-gesture",
    "dispute",
    "credit-note",
    "cancellation",
    "retention-desk",
    "pain-point",
    "verbatim",
    "avoidable-contact",
    # channels and surveys
    "multichannel",
    "live-chat",
    "email-channel",
    "sms-channel",
    "social-customer-care",
    "satisfaction-survey",
    "survey-response-rate",
    # organisation and roles
    "back-office",
    "front-office",
    "level-1-support",
    "level-2-support",
    "level-3-support",
    "quality-analyst",
    "workforce-planner",
    "contracting-client",
    # quality, training and the day's steering
    "quality-control",
    "evaluation-form",
    "calibration",
    "nesting",
    "team-briefing",
    "real-time-monitoring",
    "wallboard",
    "login-time",
    "transfer-rate",
    "repeat-contact-rate",
]

# What a trainer says on the floor, and the entry it must open.
FLOOR_WORDS: list[tuple[str, str, str]] = [
    ("fr", "double appel", "consultation-call"),
    ("fr", "prise d'appel", "call-opening"),
    ("fr", "pause", "agent-break"),
    ("fr", "rappel automatique", "automatic-callback"),
    ("fr", "verbatim", "verbatim"),
    ("fr", "N1", "level-1-support"),
    ("fr", "N2", "level-2-support"),
    ("fr", "grille d'évaluation", "evaluation-form"),
    ("fr", "calibrage", "calibration"),
    ("fr", "back office", "back-office"),
    ("fr", "messagerie vocale", "voicemail"),
    ("fr", "geste commercial", "commercial-gesture"),
    ("fr", "litige", "dispute"),
    ("fr", "délai de rétractation", "withdrawal-period"),
    ("fr", "multicanal", "multichannel"),
    ("fr", "live chat", "live-chat"),
    ("fr", "irritant", "pain-point"),
    ("fr", "B2B", "b2b"),
    ("fr", "B2C", "b2c"),
    ("fr", "opt-in", "opt-in"),
    ("fr", "CNIL", "cnil"),
    ("fr", "Bloctel", "bloctel"),
    ("fr", "planning", "scheduling"),
    ("fr", "conseiller", "customer-service-agent"),
    ("fr", "contrôle qualité", "quality-control"),
    ("fr", "CGV", "terms-and-conditions"),
    ("fr", "taux de réitération", "repeat-contact-rate"),
    ("fr", "qualification de l'appel", "call-disposition"),
    ("fr", "démarchage téléphonique", "cold-calling"),
    ("fr", "résiliation", "cancellation"),
    ("en", "goodwill gesture", "commercial-gesture"),
    ("en", "cooling-off period", "withdrawal-period"),
    ("en", "wrap-up code", "call-disposition"),
    ("en", "virtual hold", "automatic-callback"),
    ("en", "tier 2", "level-2-support"),
]


@pytest.fixture(scope="module")
def listings(module_cx: Cx) -> dict[str, dict[str, dict[str, Any]]]:
    """Entries by id, per language."""
    return {
        lang: {e["id"]: e for e in module_cx.json("list", "--lang", lang)["entries"]}
        for lang in ("fr", "en")
    }


def test_at_least_sixty_new_everyday_concepts_from_general_knowledge(
    listings: dict[str, dict[str, dict[str, Any]]],
) -> None:
    assert len(NEW_VOCABULARY) == len(set(NEW_VOCABULARY))
    assert len(NEW_VOCABULARY) >= 60
    entries = listings["fr"]
    missing = [i for i in NEW_VOCABULARY if i not in entries]
    assert not missing
    # Honest sourcing: none of the five pages defines these.
    wrong = {
        i: entries[i]["sources"]
        for i in NEW_VOCABULARY
        if entries[i]["sources"] != ["general-knowledge"]
    }
    assert not wrong
    # They are the trade's own words, so the quiz may ask them.
    outside = [i for i in NEW_VOCABULARY if entries[i]["outside_customer_service"]]
    assert not outside


def test_general_knowledge_entries_grew_by_the_new_vocabulary(
    listings: dict[str, dict[str, dict[str, Any]]],
) -> None:
    # 27 general-knowledge entries (workforce and call handling) existed before issue 12.
    general = [e for e in listings["fr"].values() if e["sources"] == ["general-knowledge"]]
    assert len(general) >= 27 + 60


@pytest.mark.parametrize("entry_id", [*NEW_VOCABULARY, *PAGE_CONCEPTS])
def test_new_entries_are_complete_in_both_languages(
    listings: dict[str, dict[str, dict[str, Any]]], entry_id: str
) -> None:
    fr, en = listings["fr"][entry_id], listings["en"][entry_id]
    for field in ("term", "definition"):
        assert (fr[field] or "").strip() and (en[field] or "").strip(), field
    # Written in each language, not copied across.
    assert fr["definition"] != en["definition"]
    for field in ("context", "caution", "formula"):
        assert (fr[field] is None) == (en[field] is None), field
        if fr[field] is not None:
            assert fr[field] != en[field], field
    # Every new concept leads somewhere in the glossary.
    assert fr["see_also"], entry_id
    # A definition says enough to learn from: at least two lines' worth in each language.
    assert len(fr["definition"]) >= 120 and len(en["definition"]) >= 100, entry_id


def test_page_concepts_cite_the_pages_that_name_them(
    listings: dict[str, dict[str, dict[str, Any]]],
) -> None:
    entries = listings["fr"]
    wrong = {
        i: entries[i]["sources"]
        for i, pages in PAGE_CONCEPTS.items()
        if set(entries[i]["sources"]) != pages
    }
    assert not wrong


@pytest.mark.parametrize(("word", "expected"), PAGE_WORDS, ids=[w for w, _ in PAGE_WORDS])
def test_words_of_the_pages_now_have_an_entry(cx: Cx, word: str, expected: str) -> None:
    [line] = cx.jsonl("define", word)
    assert [e["id"] for e in line["entries"]] == [expected]


@pytest.mark.parametrize(
    ("lang", "word", "expected"),
    FLOOR_WORDS,
    ids=[f"{lang}:{word}" for lang, word, _ in FLOOR_WORDS],
)
def test_floor_words_answer_with_their_entry(cx: Cx, lang: str, word: str, expected: str) -> None:
    [line] = cx.jsonl("define", word, "--lang", lang)
    assert [e["id"] for e in line["entries"]] == [expected], line["suggestions"]


def test_nps_groups_are_consistent_with_the_nps_entry(
    listings: dict[str, dict[str, dict[str, Any]]],
) -> None:
    # The three groups split the 0-10 scale between them, as the NPS entry computes it.
    entries = listings["en"]
    assert "9 or 10" in entries["promoter"]["definition"]
    assert "7 or 8" in entries["passive"]["definition"]
    assert "0 to 6" in entries["detractor"]["definition"]
    for group in ("promoter", "passive", "detractor"):
        assert group in entries["nps"]["see_also"] and "nps" in entries[group]["see_also"]
