"""Second senses of an acronym are entries of their own, never only a sentence in a caution.

A new agent who meets "QA" among developers, "RPC" on an outbound campaign or "TTM" in a
finance report must find that sense with `cx define` and `cx ambiguous`, with a context
saying where it applies, and the customer-service sense listed first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import pytest
from conftest import Cx

from cxglossary.cli import app

# "In IT, RPC means …", "The acronym CSM can also mean …", "TTM also stands for …";
# « QA désigne aussi … », « SME peut aussi vouloir dire … », « TPE veut aussi dire … ».
# An optional parenthesis may sit between the acronym and the verb: "KB (ou ko) désigne".
_ACRONYM = r"\b(?P<acronym>[A-Z][A-Za-z]{1,6})\b(?:\s\([^)]*\))?\s"
NAMES_A_SENSE = [
    re.compile(_ACRONYM + r"(?:can also mean|may also mean|also means|also stands for|means)\b"),
    re.compile(
        _ACRONYM + r"(?:peut aussi (?:vouloir dire|désigner|signifier)|veut aussi dire"
        r"|signifie aussi|désigne aussi)"
    ),
    # « En informatique, KB désigne le kilooctet » : a domain, then the acronym and its sense.
    re.compile(
        r"\b(?:En|Chez|Dans)\b[^,.;:]{2,40},\s" + _ACRONYM + r"(?:désigne|signifie|veut dire)\b"
    ),
]


def acronyms_named_in(text: str) -> set[str]:
    """Acronyms for which `text` names a sense ("X also means …")."""
    return {m["acronym"] for pattern in NAMES_A_SENSE for m in pattern.finditer(text)}


def single_sense_acronyms_named_in_cautions(
    entries: Iterable[dict[str, Any]],
) -> list[tuple[str, str]]:
    """(entry id, acronym) for every caution that gives an acronym a sense while fewer than
    two entries claim that acronym: the other sense lives only in prose."""
    entries = list(entries)
    claims: dict[str, set[str]] = {}
    for entry in entries:
        for acronym in entry["acronyms"]:
            claims.setdefault(acronym.casefold(), set()).add(entry["id"])
    problems = []
    for entry in entries:
        for lang in ("fr", "en"):
            caution = (entry.get("caution") or {}).get(lang) or ""
            for acronym in sorted(acronyms_named_in(caution)):
                if len(claims.get(acronym.casefold(), set())) < 2:
                    problems.append((entry["id"], acronym))
    return sorted(set(problems))


@pytest.fixture(scope="module")
def bilingual_entries(module_cx: Cx) -> list[dict[str, Any]]:
    """Every entry with its text fields as {fr, en}, from `cx list --json` in both languages."""
    by_lang = {lang: module_cx.json("list", "--lang", lang)["entries"] for lang in ("fr", "en")}
    merged = []
    for fr, en in zip(by_lang["fr"], by_lang["en"], strict=True):
        assert fr["id"] == en["id"]
        entry = dict(fr)
        for field in ("term", "definition", "context", "caution", "formula"):
            entry[field] = {"fr": fr[field], "en": en[field]} if fr[field] is not None else None
        merged.append(entry)
    return merged


# --- the rule, checked on the shipped glossary ----------------------------------------------


def test_no_caution_names_a_sense_that_has_no_entry(
    bilingual_entries: list[dict[str, Any]],
) -> None:
    problems = single_sense_acronyms_named_in_cautions(bilingual_entries)
    assert not problems, (
        "these cautions give an acronym another sense that no entry holds "
        f"(add a sense entry with a context): {problems}"
    )


def test_the_caution_check_sees_the_phrasings_the_glossary_uses(
    bilingual_entries: list[dict[str, Any]],
) -> None:
    # The rule above is only as good as its patterns: they must find the second senses the
    # glossary does name in prose (each backed by an entry), or the rule checks nothing.
    named = {
        acronym
        for entry in bilingual_entries
        for lang in ("fr", "en")
        for acronym in acronyms_named_in(((entry.get("caution") or {}).get(lang)) or "")
    }
    assert {"QA", "QoS", "CSM", "RPC", "TTM", "KB", "SME", "CEM", "TPE", "ERP"} <= named


def test_the_caution_check_catches_a_sense_left_in_prose() -> None:
    entries = [
        {
            "id": "qa",
            "acronyms": ["QA"],
            "caution": {"fr": "", "en": "For developers, QA also means the testing team."},
        },
        {
            "id": "kb",
            "acronyms": ["KB"],
            "caution": {"fr": "En informatique, KB (ou ko) désigne le kilooctet.", "en": ""},
        },
        {"id": "kb-kilobyte", "acronyms": ["KB"], "caution": None},
        {
            "id": "crm",
            "acronyms": ["CRM"],
            "caution": {"fr": "Le sigle XYZ peut aussi vouloir dire autre chose.", "en": ""},
        },
    ]
    assert single_sense_acronyms_named_in_cautions(entries) == [("crm", "XYZ"), ("qa", "QA")]


def test_sentences_that_name_no_second_sense_are_not_flagged() -> None:
    assert acronyms_named_in("In conversation CRM almost always means the tool.") == set()
    assert acronyms_named_in("Do not shorten it to AHT, which stands for handle time.") == set()
    # A domain opening the sentence, then the acronym and a sense: that is naming a sense.
    assert acronyms_named_in("En informatique, KB (ou ko en français) désigne le kilooctet.") == {
        "KB"
    }


# --- the acronyms the issue names ---------------------------------------------------------

# acronym -> (the customer-service sense listed first, other senses that must be listed)
SECOND_SENSES: dict[str, tuple[str, set[str]]] = {
    "QA": ("qa", {"qa-software-testing"}),
    "QoS": ("qos", {"qos-network"}),
    "CSM": ("customer-success-manager", {"customer-service-manager"}),
    "RPC": ("fcr", {"rpc-right-party-contact", "rpc-remote-procedure-call"}),
    "TTM": ("aht", {"ttm-time-to-market", "ttm-trailing-twelve-months"}),
    "ERP": ("erp", {"erp-public-building"}),
    "CRC": ("contact-centre", {"crc-cyclic-redundancy-check"}),
    "LTV": ("clv", {"ltv-loan-to-value"}),
    "DM": ("dm", {"dm-direct-mail"}),
    "CES": ("ces", {"ces-consumer-electronics-show"}),
    "GRC": ("crm", {"grc-governance-risk-compliance"}),
    "CTI": ("cti", {"cti-threat-intelligence"}),
    "SLA": ("sla", {"service-level", "sla-stereolithography"}),
}


@pytest.mark.parametrize("acronym", sorted(SECOND_SENSES))
def test_second_senses_are_listed_by_cx_ambiguous(cx: Cx, acronym: str) -> None:
    first, others = SECOND_SENSES[acronym]
    [item] = cx.json("ambiguous", acronym)["acronyms"]
    ids = [s["id"] for s in item["senses"]]
    assert ids[0] == first, ids
    assert others <= set(ids), ids
    assert all((s["context"] or "").strip() for s in item["senses"]), acronym
    # Senses outside customer service come after every sense inside it.
    flags = [s["outside_customer_service"] for s in item["senses"]]
    assert flags == sorted(flags), ids


def test_define_shows_every_sense_with_its_context(cx: Cx) -> None:
    [line] = cx.jsonl("define", "TTM")
    assert line["ambiguous"] is True
    by_id = {e["id"]: e for e in line["entries"]}
    assert {"aht", "ttm-time-to-market", "ttm-trailing-twelve-months"} <= set(by_id)
    assert "douze" in by_id["ttm-trailing-twelve-months"]["context"].casefold() or (
        "12" in by_id["ttm-trailing-twelve-months"]["context"]
    )


# --- one key, one concept -------------------------------------------------------------------


def test_no_two_concepts_share_a_name_unless_it_is_an_ambiguous_acronym(
    module_cx: Cx, bilingual_entries: list[dict[str, Any]]
) -> None:
    """Every term, alias and acronym answers `cx define` with its own entry, and with another
    entry only when the name is an acronym that both entries claim (listed as ambiguous)."""
    names: dict[str, set[str]] = {}
    for entry in bilingual_entries:
        for name in (
            entry["term"]["fr"],
            entry["term"]["en"],
            *entry["aliases"],
            *entry["acronyms"],
        ):
            names.setdefault(name, set()).add(entry["id"])
    queries = sorted(names)
    result = module_cx.runner.invoke(app, ["define", *queries, "--json"])
    assert result.exit_code == 0, (result.stderr, result.exception)
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    acronyms = {e["id"]: {a.casefold() for a in e["acronyms"]} for e in bilingual_entries}
    problems = []
    for query, answer in zip(queries, answers, strict=True):
        got = {e["id"] for e in answer["entries"]}
        if not names[query] <= got:
            owners = sorted(names[query])
            problems.append(f"{query!r} belongs to {owners} but answers {sorted(got)}")
        if len(got) > 1:
            strangers = sorted(i for i in got if query.casefold() not in acronyms[i])
            if strangers:
                problems.append(f"{query!r} answers {sorted(got)}; not an acronym of {strangers}")
    assert not problems, "\n".join(problems)
