"""The content of the shipped glossary, checked against the five source pages.

The headword lists below were typed by hand from the pages in shared/seeds/ (they are
not parsed at test time, so these tests do not need shared/ to be present). Every name
a page uses for a concept must answer `cx define`, and the concepts several pages define
must answer with one entry.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import Cx

from cxglossary.cli import app
from cxglossary.normalise import normalize_key

# The five pages (shared/seeds/000_… to 004_…) by their ids in the glossary's registry.
S000 = "zendesk-2022"
S001 = "dictionnaire-service-client"
S002 = "societe-tech"
S003 = "editeur-centre-contact"
S004 = "definitions-relation-client"

# Every headword as the page writes it (typographic apostrophes included).
# "Name (ACR)" is checked as two names: "Name" and "ACR"; the same for
# "ACR (Name)" and "Name (English name)". Headwords made of two names joined by
# " – " or " / " ("Selfcare – Espace client", "ToIP / VoIP") are checked name by name.
HEADWORDS: dict[str, list[str]] = {
    # "30 acronymes communs du service client", numbered 1 to 30, plus CS in the
    # closing paragraph (assistance client, succès clients, service client, informatique).
    S000: [
        "AHT",
        "IA",
        "BI",
        "CEM",
        "CMS",
        "CRM",
        "CRO",
        "CSAT",
        "CSS",
        "CTA",
        "CTI",
        "CTR",
        "CX",
        "EOD",
        "EOL",
        "FCR",
        "HR",
        "KB",
        "KPI",
        "NPS",
        "QA",
        "ROI",
        "SaaS",
        "SBR",
        "PME",
        "SLA",
        "UX",
        "UI",
        "VOIP",
        "WOM",
        "CS",
    ],
    # "Dictionnaire du Service Client": one headword per line.
    S001: [
        "Accord de niveau de service",  # (SLA)
        "SLA",
        "Agent Service Client",
        "Arriéré de requêtes",
        "Assistance Clientèle",
        "Assistance par paliers",
        "Base de Connaissances",
        "Canaux de support",
        "Cas Prioritaire",
        "Centre d’appel",
        "Centre d’assistance",
        "Centre de Contact",
        "Collision Agents",
        "Conservation Client",
        "Console Agent",
        "Délai de résolution",  # (TTR)
        "TTR",
        "Délai Première Réponse",
        "Dépannage",
        "Expérience Client",
        "Expert en la matière",  # (SME)
        "SME",
        "Externalisation",
        "Fidélité Client",
        "File d’attente des tickets",
        "Foire aux Questions",  # (FAQ)
        "FAQ",
        "Gestion de Montée de Crise",
        "Horaires de Bureau",
        "Indicateurs de Performance Clés",  # (KPI)
        "KPI",
        "Intégration informatique-téléphonie",  # (CTI)
        "CTI",
        "Libre-Service Client",
        "Net Promoter Score",  # (NPS)
        "NPS",
        "Parcours Client",
        "Perte Clientèle",
        "Plans d’accompagnement/de service",
        "Points de contacts Client",
        "Portail d’assistance",
        "Portail libre-service",
        "Rapport libre-service",
        "Réponse Standard",
        "Résolution au Premier Contact",  # (RPC)
        "RPC",
        "Retour Client",
        "Routage des tickets",
        "Satisfaction Client",
        "Service Client",
        "Service Omni-Canal",
        "Statut du ticket",
        "Succès Client",
        "Taux de résolution",
        "Temps de conversation",
        "Temps de Réponse Moyen",
        "Temps de Traitement Moyen",  # (TTM)
        "TTM",
        "Ticket",  # (Ticket d’assistance)
        "Ticket d’assistance",
        "Valeur du Client au Cours de sa Vie",
        "Vente Croisée",
        "Volume de tickets",
    ],
    # "Glossaire de la Relation Client et de la Vente": "Headword : definition" lines.
    S002: [
        "Accords sur les niveaux de service",  # (SLA)
        "SLA",
        "Agent du service client",
        "Analyse de sentiments",
        "Analyse des sentiments",
        "Analyse du verbatim",
        "Analyse prédictive",
        "ARPU",  # (Average Revenue Per User)
        "Average Revenue Per User",
        "Automatic Speech Recognition",  # (ASR)
        "ASR",
        "Base de connaissance",
        "Bot",
        "Canal de communication",
        "CCC",  # – Centre de contact client
        "Centre de contact client",
        "Centre d’appels",  # – Call center
        "Call center",
        "Centre de contact",
        "Chatbot",
        "Churn",
        "Churn rate",  # (taux d’attrition)
        "taux d’attrition",
        "Client mystère",
        "Connaissance client",
        "Conseiller augmenté",
        "Conseiller clients",  # – Agent
        "Agent",
        "CRM",  # (Customer Relationship Management)
        "Customer Relationship Management",
        "Cross selling",
        "Cross-selling",
        "CSAT",  # (Customer Satisfaction Score)
        "Customer Satisfaction Score",
        "CTI",  # (Computer Telephony Integration)
        "Computer Telephony Integration",
        "Customer centric",
        "Customer Effort Score",  # (CES)
        "CES",
        "Customer journey",  # / cycle de vie client
        "cycle de vie client",
        "Customer Journey Map",
        "Customer Lifetime Value",  # (CLV)
        "CLV",
        "Customer success manager",
        "CXM",  # – CEM (Customer Experience Management)
        "CEM",
        "Customer Experience Management",
        "Data scientist",
        "Datamining",
        "Débordement",
        "Détection des émotions",
        "DM",  # (Direct Messaging)
        "Direct Messaging",
        "Données personnelles",
        "Double écoute",
        "Écoute client",
        "Enregistrement des conversations",
        "ERP",
        "Expérience client",  # – CX ; (Customer Experience / CX)
        "CX",
        "Customer Experience",
        "Expérience utilisateur",  # – UX
        "UX",
        "FAQ",
        "Feedback client",
        "Fiche client",
        "Fidélisation",
        "Fidélité client",
        "First Contact Interaction",
        "GRC",  # (Gestion de la Relation Client)
        "Gestion de la Relation Client",
        "Heures ouvrées",
        "IM",  # (Instant Messaging)
        "Instant Messaging",
        "Intelligence Artificielle",
        "ISO 9001 – Relation Client",
        "KYB",  # (Know Your Business)
        "Know Your Business",
        "KYC",  # (Know Your Customer)
        "Know Your Customer",
        "Logiciel helpdesk",
        "Logiciel SaaS",
        "Logiciels de caisse POS & terminaux de paiement TPE",
        "Logiciels de chatbot",
        "Logiciels de codes-barres & QR code",
        "Logiciels de facturation & devis",
        "Logiciels de feedback & expérience client",
        "Logiciels de gestion clients & contacts",
        "Logiciels de gestion commerciale & vente",
        "Logiciels de gestion de leads & prospects",
        "Logiciels de gestion de produits",
        "Logiciels de prise de rendez-vous en ligne",
        "Logiciels de réservation",
        "Logiciels de service client & Help Desk",
        "Logiciels de webinar",
        "Messagerie instantanée",
        "Net Promoter Score",  # (NPS)
        "NF EN ISO 18295-1",
        "NPS",
        "Omnicanal",
        "Once and done",
        "PABX",
        "Parcours client unifié",
        "Personnalisation",
        "Phygital",
        "Pic d’activité",
        "Plateau téléphonique",
        "Réclamation client",
        "Recommandation clients",
        "Règles de gestion",
        "Remontée de fiche",
        "RFM",
        "RGPD",  # (GDPR)
        "GDPR",
        "Satisfaction client",
        "SAV",  # (Service après-vente)
        "Service après-vente",
        "Scoring client",
        "Scoring comportemental",
        "Segmentation client",
        "Self service téléphonique",  # – serveur vocal
        "serveur vocal",
        "Selfcare",  # – Espace client
        "Espace client",
        "Service client",
        "Service Level Agreement",  # SLA (Service Level Agreement)
        "Sollicitations externes",
        "Support client",
        "SVI",  # (Système Vocal Interactif)
        "Système Vocal Interactif",
        "Tableaux de bord",
        "Taux de rétention client",
        "Text mining",
        "Ticket client",
        "ToIP",  # / VoIP
        "VoIP",
        "Traitement des demandes",
        "Traitement des réclamations",
        "Traitement des sollicitations",
        "Up selling",
        "Up-selling",
        "Vision 360",
        "Volume des tickets",
        "Web Call back",
    ],
    # The definitions of this page lost their headwords; these are the reconstructed names.
    S003: [
        "abandon",
        "capacité",
        "débordement",
        "DMT",
        "emplacement",
        "expérience client",
        "expérience collaborateur",
        "motif de contact",
        "routage intelligent",
        "relation client",
        "selfcare",
        "SVI",
        "SVI visuel",
        "taux de contact",
        "temps d’attente",
    ],
    # Indicators, survey types and contact-centre acronyms.
    S004: [
        "Call center",  # image caption "Call center / Help desk"
        "Help desk",
        "Enquête à chaud",
        "Enquête à froid",
        "Enquêtes à tiède",
        "CX",  # (Customer Experience – Expérience Client)
        "Customer Experience",
        "Expérience Client",
        "NPS",  # (Net Promoter Score)
        "Net Promoter Score",
        "CES",  # (Customer Effort Score)
        "Customer Effort Score",
        "CSAT",  # (Customer Satisfaction ou Sat Cli ou Satisfaction client)
        "Customer Satisfaction",
        "Sat Cli",
        "Satisfaction client",
        "Taux ultra détracteurs",  # (TUD)
        "TUD",
        "Taux de fidélité",
        "Taux d’attrition",  # (ou CHURN en anglais)
        "CHURN",
        "Taux de transformation",
        "CTI",  # (Couplage Téléphonie Informatique)
        "Couplage Téléphonie Informatique",
        "SVI",  # ( Serveur Vocal Interactif)
        "Serveur Vocal Interactif",
        "Callbot",  # / Voicebot
        "Voicebot",
        "Qualité de Service",  # (ou QoS – Quality of Service)
        "QoS",
        "Quality of Service",
    ],
}

HEADWORD_CASES = [(seed, word) for seed, words in HEADWORDS.items() for word in words]


def lookup(cx: Cx, query: str, *args: str) -> dict[str, Any]:
    """`cx define QUERY --json`, whether it finds something (exit 0) or not (exit 1)."""
    result = cx.runner.invoke(app, ["define", query, "--json", *args])
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr, result.exception)
    line: dict[str, Any] = json.loads(result.stdout)
    return line


@pytest.fixture(scope="module")
def answers(module_cx: Cx) -> dict[str, dict[str, Any]]:
    """`cx define NAME... --json` for every name of the pages at once (one line per name)."""
    queries = sorted({q for names in (*HEADWORDS.values(), *PAGE_NAMES.values()) for q in names})
    result = module_cx.runner.invoke(app, ["define", *queries, "--json"])
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr, result.exception)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query"] for line in lines] == queries
    return dict(zip(queries, lines, strict=True))


def ids_for(cx: Cx, query: str, *args: str) -> list[str]:
    line = lookup(cx, query, *args)
    assert line["found"] is True, f"{query!r} does not resolve; suggestions: {line['suggestions']}"
    return [e["id"] for e in line["entries"]]


def one_id(cx: Cx, query: str, *args: str) -> str:
    ids = ids_for(cx, query, *args)
    assert len(ids) == 1, f"{query!r} is ambiguous: {ids}"
    return ids[0]


# --- 1. every headword of every page resolves ------------------------------------------


def test_headword_lists_have_no_duplicates_per_page() -> None:
    for seed, words in HEADWORDS.items():
        assert len(words) == len(set(words)), seed


@pytest.mark.parametrize(
    ("seed", "headword"),
    HEADWORD_CASES,
    ids=[f"{seed}:{word}" for seed, word in HEADWORD_CASES],
)
def test_every_headword_of_the_pages_resolves(
    answers: dict[str, dict[str, Any]], seed: str, headword: str
) -> None:
    line = answers[headword]
    assert line["found"] is True, (
        f"{seed}: headword {headword!r} does not resolve; did you mean {line['suggestions']}"
    )
    # A name that several entries claim must explain each sense.
    vague = [e["id"] for e in line["entries"] if line["ambiguous"] and not e["context"]]
    assert not vague, (
        f"{seed}: headword {headword!r} answers {[e['id'] for e in line['entries']]}, "
        f"and {vague} have no context"
    )


# --- 1b. the same headwords in the singular or plural, and as "Term (ACR)" --------------

# Words that keep their form in both numbers, and small words that take none.
INVARIABLE = {"cas", "taux", "temps", "prix", "choix", "voix", "process", "business", "succès"}
FUNCTION_WORDS = {
    "à", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "ou",
    "par", "pour", "sur", "un", "une", "and", "by", "for", "in", "of", "on", "the", "to",
}  # fmt: skip


def inflect(name: str, *, plural: bool) -> str:
    """The name with every noun and adjective in the plural (or the singular), by the
    usual French rules (+s, -al -> -aux, -eau -> -eaux), which English +s shares.
    Acronyms (KPI, ToIP) are left alone: French writes them invariable (des SVI)."""

    def word(match: re.Match[str]) -> str:
        w = match.group()
        lower = w.lower()
        if lower in FUNCTION_WORDS | INVARIABLE or len(w) < 3 or any(c.isupper() for c in w[1:]):
            return w
        if plural:
            if lower.endswith(("s", "x", "z")):
                return w
            if lower.endswith("al"):
                return w[:-2] + "aux"
            return w + ("x" if lower.endswith("eau") else "s")
        if lower.endswith("eaux"):
            return w[:-1]
        if lower.endswith("aux"):
            return w[:-3] + "al"
        return w[:-1] if lower.endswith("s") and not lower.endswith("ss") else w

    return re.sub(r"[^\W\d_]+", word, name)


NUMBER_CASES = sorted(
    {
        (word, variant)
        for words in HEADWORDS.values()
        for word in words
        for variant in (inflect(word, plural=True), inflect(word, plural=False))
        if variant != word
    }
)


@pytest.fixture(scope="module")
def variant_answers(module_cx: Cx) -> dict[str, dict[str, Any]]:
    queries = sorted({variant for _, variant in NUMBER_CASES})
    result = module_cx.runner.invoke(app, ["define", *queries, "--json"])
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr, result.exception)
    return {line["query"]: line for line in map(json.loads, result.stdout.splitlines())}


def test_number_variants_are_generated_for_most_headwords() -> None:
    # The inflection above is not idle: most headwords have a plural or singular form.
    assert len({word for word, _ in NUMBER_CASES}) > 150
    assert ("Base de Connaissances", "Bases de Connaissances") in NUMBER_CASES
    assert ("Canaux de support", "Canal de support") in NUMBER_CASES


@pytest.mark.parametrize(
    ("headword", "variant"), NUMBER_CASES, ids=[f"{w}->{v}" for w, v in NUMBER_CASES]
)
def test_headword_in_the_other_number_finds_the_same_entry(
    answers: dict[str, dict[str, Any]],
    variant_answers: dict[str, dict[str, Any]],
    headword: str,
    variant: str,
) -> None:
    expected = [e["id"] for e in answers[headword]["entries"]]
    found = [e["id"] for e in variant_answers[variant]["entries"]]
    assert found == expected, f"{variant!r} finds {found}, {headword!r} finds {expected}"


# The examples of issue 12, in the spelling an agent types, and the entry they name.
EVERYDAY_NUMBER: list[tuple[str, str]] = [
    ("bases de connaissances", "kb"),
    ("centres d'appels", "call-centre"),
    ("portails d'assistance", "support-portal"),
    ("chatbots", "chatbot"),
    ("heure ouvrée", "business-hours"),
    ("donnée personnelle", "personal-data"),
    ("motifs de contacts", "contact-reason"),
    ("KPIs", "kpi"),
    ("canal de support", "communication-channel"),
    ("plateaux téléphoniques", "call-centre-floor"),
]


@pytest.mark.parametrize(("query", "expected"), EVERYDAY_NUMBER)
def test_singular_and_plural_fold(cx: Cx, query: str, expected: str) -> None:
    assert one_id(cx, query) == expected


# Headings the pages write as "Term (ACR)" (or "ACR (Term)"), whole.
WRITTEN_WITH_ACRONYM: list[tuple[str, str]] = [
    ("Net Promoter Score (NPS)", "nps"),
    ("NPS (Net Promoter Score)", "nps"),
    ("Délai de résolution (TTR)", "ttr"),
    ("RGPD (GDPR)", "gdpr"),
    ("Taux ultra détracteurs (TUD)", "tud"),
    ("ARPU (Average Revenue Per User)", "arpu"),
    ("Automatic Speech Recognition (ASR)", "asr"),
    ("Customer Lifetime Value (CLV)", "clv"),
    ("DM (Direct Messaging)", "dm"),
    ("SAV (Service après-vente)", "after-sales-service"),
    ("SVI ( Serveur Vocal Interactif)", "ivr"),
    ("Taux d’attrition (ou CHURN en anglais)", "churn-rate"),
    ("Qualité de Service (ou QoS – Quality of Service)", "qos"),
    ("Résolution au Premier Contact (RPC)", "fcr"),
    ("Expert en la matière (SME)", "sme"),
    ("Bases de connaissances (KB)", "kb"),
]


@pytest.mark.parametrize(("query", "expected"), WRITTEN_WITH_ACRONYM)
def test_term_with_its_acronym_in_brackets_resolves(cx: Cx, query: str, expected: str) -> None:
    assert one_id(cx, query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "NPS (TTR)",  # two concepts: neither is the answer
        "Norme NF EN ISO 18295-1 (centres de contact)",  # an unknown term, qualified
        "Inconnu (NPS)",  # the term is what is defined; it is unknown
    ],
)
def test_brackets_never_answer_with_another_concept(cx: Cx, query: str) -> None:
    line = lookup(cx, query)
    assert line["found"] is False, [e["id"] for e in line["entries"]]


def test_no_two_concepts_share_a_folded_key(cx: Cx) -> None:
    # Every name of every entry, keyed as the compiled index keys it (number folded):
    # two entries meeting on one key must be senses of an acronym `cx ambiguous` lists.
    from cxglossary.index import open_glossary

    glossary = open_glossary([])
    [layer] = glossary.layers
    ids = dict(layer.conn.execute("SELECT pos, id FROM entries"))
    claims: dict[str, dict[str, str]] = {}
    for key, pos, name in layer.conn.execute("SELECT key, pos, name FROM names"):
        claims.setdefault(key, {})[ids[pos]] = name
    listed = {
        normalize_key(item.acronym): {sense.id for sense in item.senses}
        for item in glossary.ambiguous()
    }
    crossing = {
        key: names
        for key, names in claims.items()
        if len(names) > 1 and not set(names) <= listed.get(key, set())
    }
    assert not crossing
    assert len(claims) > 1000  # every name was read


# Names the pages give in their prose rather than as headwords: the French expansions of
# the acronyms of page 000 and the other names the definitions introduce. An agent who
# read the page types these too.
PAGE_NAMES: dict[str, list[str]] = {
    S000: [
        "temps moyen de traitement",
        "intelligence artificielle",
        "intelligence économique",
        "gestion de l’expérience client",
        "système de gestion des appels",
        "système de gestion de contenu",
        "gestion de la relation client",
        "optimisation du taux de conversion",
        "libre-service client",
        "feuilles de style en cascade",
        "appel à l’action",
        "intégration de téléphonie informatique",
        "taux de clics",
        "expérience client",
        "fin de la journée",
        "fin de vie",
        "résolution au premier contact",
        "résolution au premier appel",
        "RH",
        "ressources humaines",
        "base de connaissances",
        "indicateurs de performances clés",
        "indicateur de fidélité",
        "assurance qualité",
        "retour sur investissement",
        "logiciels en tant que services",
        "routage en fonction des compétences",
        "petites et moyennes entreprises",
        "accord sur les niveaux de service",
        "expérience utilisateur",
        "interface utilisateur",
        "bouche-à-oreille",
        "assistance client",
        "succès clients",
        "service client",
    ],
    S001: [
        "DPR",
        "délai de première réponse",
        "TMR",
        "délai moyen de résolution",
        "TRM",
        "CLTV",
        "ratio de libre-service",
    ],
    S002: [
        "revenu moyen par utilisateur",
        "vente croisée",
        "fouille de données",
        "message direct",
        "voix du client",
        "Foire Aux Questions",
        "Private Automatic Branch Exchange",
        "Règlement Général sur la Protection des Données",
        "Voice over IP",
        "Telephony over IP",
    ],
    S003: [
        "Abandon d’appel",
        "Durée Moyenne de Traitement",
        "Serveur Vocal Interactif",
    ],
}

PAGE_NAME_CASES = [(seed, name) for seed, names in PAGE_NAMES.items() for name in names]


@pytest.mark.parametrize(
    ("seed", "name"),
    PAGE_NAME_CASES,
    ids=[f"{seed}:{name}" for seed, name in PAGE_NAME_CASES],
)
def test_names_the_pages_spell_out_resolve(
    answers: dict[str, dict[str, Any]], seed: str, name: str
) -> None:
    line = answers[name]
    assert line["found"] is True, (
        f"{seed}: {name!r} does not resolve; did you mean {line['suggestions']}"
    )


# --- 2. a concept several pages define is one entry ------------------------------------

SAME_ENTRY: list[tuple[str, list[str]]] = [
    ("csat", ["CSAT", "Customer Satisfaction Score", "Sat Cli"]),
    # The notion, kept apart from its score (004 also calls the score "Satisfaction client").
    ("customer-satisfaction", ["Satisfaction client", "Customer Satisfaction"]),
    ("cross-selling", ["Cross selling", "Cross-selling", "Vente croisée"]),
    ("upselling", ["Up selling", "Up-selling"]),
    ("sentiment-analysis", ["Analyse de sentiments", "Analyse des sentiments"]),
    ("churn-rate", ["Perte Clientèle", "Churn", "Churn rate", "Taux d’attrition", "CHURN"]),
    (
        "cti",
        [
            "CTI",
            "Computer Telephony Integration",
            "Intégration informatique-téléphonie",
            "Couplage téléphonie informatique",
        ],
    ),
    ("sla", ["SLA", "Accord de niveau de service", "Accords sur les niveaux de service"]),
    ("nps", ["NPS", "Net Promoter Score"]),
    ("ces", ["CES", "Customer Effort Score"]),
    ("kb", ["Base de connaissances", "Base de connaissance", "knowledge base"]),
    ("faq", ["FAQ", "Foire aux questions"]),
    ("cx", ["CX", "Expérience client", "Customer experience"]),
    ("crm", ["CRM", "GRC", "Gestion de la relation client"]),
    ("cem", ["CXM", "Customer Experience Management", "Gestion de l’expérience client"]),
    ("ivr", ["SVI", "Serveur vocal interactif", "Système vocal interactif"]),
    ("aht", ["AHT", "DMT", "Temps de traitement moyen", "Durée moyenne de traitement"]),
    ("fcr", ["FCR", "Résolution au premier contact"]),
    ("call-centre", ["Centre d’appel", "Centre d’appels", "Call center"]),
    ("contact-centre", ["Centre de contact", "Centre de contact client", "CCC"]),
    ("customer-loyalty", ["Fidélité client"]),
    ("ticket-volume", ["Volume de tickets", "Volume des tickets"]),
    ("customer-retention", ["Conservation client", "Taux de rétention client"]),
    ("css", ["Selfcare", "Libre-Service Client", "customer self-service"]),
    ("self-service-portal", ["Portail libre-service", "Espace client"]),
    ("customer-service-agent", ["Agent service client", "Agent du service client"]),
    ("clv", ["CLV", "CLTV", "Customer Lifetime Value", "Valeur du client au cours de sa vie"]),
    ("voip", ["VoIP", "VOIP"]),
    ("im", ["IM", "Messagerie instantanée", "Instant Messaging"]),
    ("ttr", ["TTR", "Délai de résolution", "TMR"]),
    ("frt", ["Délai Première Réponse", "DPR", "first response time"]),
    ("escalation-management", ["Gestion de Montée de Crise", "escalade", "escalation"]),
    ("toip", ["ToIP", "Telephony over IP"]),
]


@pytest.mark.parametrize(
    ("expected", "names"), SAME_ENTRY, ids=[expected for expected, _ in SAME_ENTRY]
)
def test_concepts_defined_by_several_pages_are_one_entry(
    cx: Cx, expected: str, names: list[str]
) -> None:
    # An acronym with senses outside the trade (CTI, SLA, CES, GRC) answers them too, as an
    # ambiguous answer with this concept first; every other name answers it alone.
    answers = {name: lookup(cx, name) for name in names}
    wrong = {
        name: ids
        for name, line in answers.items()
        if (ids := [e["id"] for e in line["entries"]]) != [expected]
        and not (line["ambiguous"] and ids[0] == expected)
    }
    assert not wrong, f"expected every name to answer [{expected!r}] first, got {wrong}"


def test_the_notion_of_satisfaction_leads_to_its_score(cx: Cx) -> None:
    [line] = cx.jsonl("define", "Satisfaction client")
    assert "csat" in line["entries"][0]["see_also"]


def test_the_merged_entry_keeps_the_sources_of_every_page(cx: Cx) -> None:
    [line] = cx.jsonl("define", "CSAT")
    assert {S000, S002, S004} <= set(line["entries"][0]["sources"])
    [line] = cx.jsonl("define", "churn")
    assert {S001, S002, S004} <= set(line["entries"][0]["sources"])


# --- 3. French and English acronyms of one concept ---------------------------------------

ACRONYM_PAIRS: list[tuple[str, list[str]]] = [
    ("aht", ["AHT", "DMT", "TTM"]),
    ("fcr", ["FCR", "RPC"]),
    ("ivr", ["IVR", "SVI"]),
    ("crm", ["CRM", "GRC"]),
    ("gdpr", ["GDPR", "RGPD"]),
    ("smb", ["SMB", "PME"]),
    ("hr", ["HR", "RH"]),
    ("ai", ["AI", "IA"]),
]


@pytest.mark.parametrize(
    ("expected", "acronyms"), ACRONYM_PAIRS, ids=[expected for expected, _ in ACRONYM_PAIRS]
)
def test_french_and_english_acronyms_name_one_entry(
    cx: Cx, expected: str, acronyms: list[str]
) -> None:
    for acronym in acronyms:
        [line] = cx.jsonl("define", acronym)
        ids = [e["id"] for e in line["entries"]]
        # Some of these acronyms have other senses (TTM time to market, RPC remote
        # procedure call, SMB Server Message Block): then our sense is among them.
        assert expected in ids, f"{acronym}: {ids}"
        if line["ambiguous"]:
            assert all(e["context"] for e in line["entries"]), acronym
        entry = line["entries"][ids.index(expected)]
        assert {a.upper() for a in acronyms} <= {a.upper() for a in entry["acronyms"]}


# Acronyms with a second sense outside our trade (or a second trade sense): the
# customer-service sense is among the answers, and every sense says where it applies.
AMBIGUOUS_NAMES: list[tuple[str, str]] = [
    ("CEM", "cem"),
    ("SME", "sme"),
    ("EOL", "eol"),
    ("KB", "kb"),
    ("CRO", "cro"),
    ("TPE", "pos-software"),
]


@pytest.mark.parametrize(("acronym", "expected"), AMBIGUOUS_NAMES)
def test_ambiguous_acronym_includes_the_customer_service_sense(
    cx: Cx, acronym: str, expected: str
) -> None:
    [line] = cx.jsonl("define", acronym)
    assert line["ambiguous"] is True
    by_id = {e["id"]: e for e in line["entries"]}
    assert expected in by_id, list(by_id)
    assert by_id[expected]["outside_customer_service"] is False
    assert all(e["context"] for e in line["entries"])


# --- 4. shape of the data -----------------------------------------------------------------


@pytest.fixture(scope="module")
def listings(module_cx: Cx) -> dict[str, list[dict[str, Any]]]:
    return {lang: module_cx.json("list", "--lang", lang)["entries"] for lang in ("fr", "en")}


def test_entry_count(listings: dict[str, list[dict[str, Any]]]) -> None:
    assert 180 <= len(listings["fr"]) <= 400
    assert len(listings["fr"]) == len(listings["en"])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_entry_is_complete_in_both_languages(
    listings: dict[str, list[dict[str, Any]]], lang: str
) -> None:
    problems = []
    for entry in listings[lang]:
        if not (entry["term"] or "").strip():
            problems.append(f"{entry['id']}: empty term ({lang})")
        if not (entry["definition"] or "").strip():
            problems.append(f"{entry['id']}: empty definition ({lang})")
        if entry.get("metric") and not (entry.get("formula") or "").strip():
            problems.append(f"{entry['id']}: metric {entry['metric']} but no formula ({lang})")
        if not entry.get("sources"):
            problems.append(f"{entry['id']}: no sources")
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def registry(module_cx: Cx) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in module_cx.json("list")["sources"]}


def test_sources_are_the_seed_pages(listings: dict[str, list[dict[str, Any]]]) -> None:
    # Entries from the pages cite them; workforce entries the pages lack (service level,
    # Erlang C, shrinkage…) say honestly that they come from general knowledge.
    seeds = {S000, S001, S002, S003, S004}
    allowed = seeds | {"general-knowledge"}
    odd = {e["id"]: e["sources"] for e in listings["fr"] if not set(e["sources"]) <= allowed}
    assert not odd
    used = {s for e in listings["fr"] for s in e["sources"]}
    assert seeds <= used


def test_every_source_id_resolves_in_the_registry(
    listings: dict[str, list[dict[str, Any]]], registry: dict[str, dict[str, Any]]
) -> None:
    unknown = {
        e["id"]: e["sources"] for e in listings["fr"] if not set(e["sources"]) <= set(registry)
    }
    assert not unknown
    # What a reader needs to find each page again: a title, and the publisher and date
    # where the page gives them (001, 003 and 004 name no publisher; only 000 is dated).
    assert registry[S000]["publisher"] == "Zendesk"
    assert registry[S000]["title"] == "Les acronymes du service client expliqués"
    assert registry[S000]["author"] == "Kristen Hicks"
    assert registry[S000]["date"] == "2022-03-17"
    assert registry[S001]["title"] == "Dictionnaire du Service Client"
    assert registry[S002]["publisher"] == "Societe.Tech"
    assert registry[S004]["title"] == "Les principales définitions de la Relation Client"
    assert all(source["title"].strip() for source in registry.values())


# Senses of an ambiguous acronym that the page citing the acronym never mentions: the
# page defines the customer-service sense only. They come from general knowledge.
OTHER_SENSES = [
    "cem-emc",
    "css-health",
    "kb-kilobyte",
    "eol-end-of-line",
    "smb-server-message-block",
    "cro-chief-revenue-officer",
    "icp-ideal-customer-profile",
    "rpc-remote-procedure-call",
    "ttm-time-to-market",
    "asr-answer-seizure-ratio",
]


def test_senses_no_page_mentions_cite_general_knowledge(
    listings: dict[str, list[dict[str, Any]]],
) -> None:
    by_id = {e["id"]: e for e in listings["fr"]}
    cited = {sense: by_id[sense]["sources"] for sense in OTHER_SENSES}
    assert cited == {sense: ["general-knowledge"] for sense in OTHER_SENSES}
    # Page 000 does warn about style sheets under CSS: that sense keeps its page.
    assert by_id["css-stylesheet"]["sources"] == [S000]


PAGE_BY_NUMBER = re.compile(r"\bpages?\s+(?:\d|source)|\bsource\s+pages?\b|\b0\d\d_[0-9a-f]+", re.I)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_text_names_a_page_by_number(
    listings: dict[str, list[dict[str, Any]]], lang: str
) -> None:
    # A reader does not know what "page 001" is: texts name the source (the Zendesk
    # article, the Societe.Tech glossary…), as `cx sources` lists them.
    found = {
        f"{e['id']}.{field}": e[field]
        for e in listings[lang]
        for field in ("definition", "caution", "context", "formula")
        if e[field] and PAGE_BY_NUMBER.search(e[field])
    }
    assert not found


def test_no_link_points_to_an_unknown_id(listings: dict[str, list[dict[str, Any]]]) -> None:
    known = {e["id"] for e in listings["fr"]}
    dangling = {
        e["id"]: sorted(set(e["see_also"]) - known)
        for e in listings["fr"]
        if set(e["see_also"]) - known
    }
    assert not dangling


def test_the_shipped_glossary_validates(cx: Cx) -> None:
    result = cx("validate")
    assert result.stderr == ""
    assert cx.json("validate")["valid"] is True


# --- 5. ambiguous acronyms ---------------------------------------------------------------


def test_ambiguous_acronyms_have_their_senses(cx: Cx) -> None:
    by_acronym = {a["acronym"]: a for a in cx.json("ambiguous")["acronyms"]}
    for acronym, at_least in (("CMS", 3), ("CSS", 2), ("CS", 4)):
        assert acronym in by_acronym
        senses = by_acronym[acronym]["senses"]
        assert len(senses) >= at_least, acronym
        assert all((s["context"] or "").strip() for s in senses), acronym
    outside = {
        s["id"]
        for item in by_acronym.values()
        for s in item["senses"]
        if s["outside_customer_service"]
    }
    assert outside & {"cms-health", "css-stylesheet"}
    cs_ids = {s["id"] for s in by_acronym["CS"]["senses"]}
    assert {"customer-service", "customer-support", "customer-success"} <= cs_ids


# --- 6. written in our own words ----------------------------------------------------------

OWN_WORDS = Path(__file__).resolve().parents[2] / "shared/tools/own_words.py"
GLOSSARY = Path(__file__).resolve().parents[1] / "glossary.yaml"


@pytest.mark.skipif(not OWN_WORDS.exists(), reason=f"{OWN_WORDS} is not available here")
def test_glossary_is_written_in_our_own_words() -> None:
    result = subprocess.run(
        [sys.executable, str(OWN_WORDS), str(GLOSSARY)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


# --- 7. a new agent's first week ----------------------------------------------------------

FIRST_WEEK: list[tuple[str, str, str]] = [
    ("fr", "DMT", "aht"),
    ("en", "average handle time", "aht"),
    ("fr", "SVI", "ivr"),
    ("en", "IVR", "ivr"),
    ("en", "first call resolution", "fcr"),
    ("fr", "résolution au premier appel", "fcr"),
    ("fr", "escalade", "escalation-management"),
    ("en", "escalation", "escalation-management"),
    ("fr", "NPS", "nps"),
    ("fr", "temps d'attente", "waiting-time"),
    ("en", "waiting time", "waiting-time"),
    ("fr", "ticket", "ticket"),
    ("en", "ticket", "ticket"),
    ("fr", "CSAT", "csat"),
    ("en", "customer satisfaction score", "csat"),
    ("fr", "SLA", "sla"),
    ("en", "service level agreement", "sla"),
    ("fr", "taux de décroché", "qos"),
    ("fr", "abandon d'appel", "abandonment"),
    ("en", "knowledge base", "kb"),
]


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    FIRST_WEEK,
    ids=[f"{lang}:{query}" for lang, query, _ in FIRST_WEEK],
)
def test_first_week_lookups(cx: Cx, lang: str, query: str, expected: str) -> None:
    line = lookup(cx, query, "--lang", lang)
    ids = [e["id"] for e in line["entries"]]
    if line["ambiguous"]:  # SLA is also the service level and stereolithography
        assert ids[0] == expected, ids
    else:
        assert ids == [expected]


@pytest.mark.parametrize("query", ["temps d'atente", "temps dattente", "waiting tme"])
def test_search_forgives_a_typo_in_waiting_time(cx: Cx, query: str) -> None:
    ids = [r["id"] for r in cx.json("search", query)["results"]]
    assert "waiting-time" in ids[:3], ids[:5]
