"""`cx scan`: the acronyms and jargon in a text meant for a customer. Pure: nothing prints.

What counts as a finding (see the README, "cx scan"):

- **Acronyms** of the glossary, matched as whole tokens. Case decides, because short
  acronyms are also words: "CES" is an indicator, "ces" is French for "these"; "ART",
  "ROI", "POS" likewise. A token matches when it is spelled exactly as in the glossary
  (``SAV``, ``QoS``), as its plural (``KPIs``), or, for acronyms of four characters or
  more, in any case (``saas``, ``Rgpd``). Short all-capital aliases count as acronyms
  too (``PII``).
- **Jargon**: terms and aliases of two words or more (after normalisation), looked up
  as normalised n-grams of the text, longest first. Single words are never jargon on
  their own: too many are ordinary words ("réclamation", "support", "queue").
  Not flagged either: the spelled-out term of an acronym (it is the rewrite ``scan``
  suggests) and the everyday phrases listed in PLAIN ("service client", "heures
  d'ouverture" …), which a customer reads without help.

Web addresses and e-mail addresses are skipped. Phrases do not run across sentence
punctuation or blank lines. One lookup table is built per run from the glossary's
entries; scanning a text is then one pass over its tokens.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from .glossary import Entry
from .index import customer_service_first
from .normalise import fold_number, normalize_key, normalize_text
from .results import ScanFinding, ScanOccurrence, ScanResult

# Letters and digits (any script), or '&' which normalisation reads as "et".
_TOKEN = re.compile(r"[^\W_]+|&")
_LINK = re.compile(
    r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE
)
# A phrase stops at these (sentence punctuation, a blank line).
_BREAK = re.compile(r"[.!?;:…]|\n[^\S\n]*\n")
_ACRONYM_LIKE = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Z0-9]{2,6}$")
# Acronyms at least this long also match in lower or mixed case ("saas", "Rgpd").
CASELESS_FROM = 4
# Longest phrase, in words, that is looked up.
MAX_WORDS = 12

# Everyday phrases that happen to be glossary names: a customer needs no help with them.
PLAIN_PHRASES = (
    # fr
    "service client",
    "service clients",
    "service clientèle",
    "service à la clientèle",
    "relation client",
    "relations clients",
    "support client",
    "support clientèle",
    "support technique",
    "assistance client",
    "assistance clientèle",
    "centre d'assistance",
    "conseiller client",
    "conseiller clients",
    "conseiller clientèle",
    "agent du service client",
    "centre d'appels",
    "centre d'appel",
    "centre de contact client",
    "centre d'aide en ligne",
    "espace client",
    "fiche client",
    "heures d'ouverture",
    "horaires d'ouverture",
    "horaires de bureau",
    "heures ouvrées",
    "temps d'attente",
    "file d'attente",
    "mise en attente",
    "données personnelles",
    "données à caractère personnel",
    "avis client",
    "retour client",
    "retours clients",
    "réclamation client",
    "plainte client",
    "satisfaction client",
    "satisfaction de la clientèle",
    "fidélité client",
    "prise de rendez-vous en ligne",
    "questions fréquentes",
    "fin de la journée",
    "transfert d'appel",
    "transfert d'appels",
    "transférer un appel",
    "enregistrement des appels",
    "enregistrement des conversations",
    "premier contact",
    "niveau de priorité",
    "chef d'équipe",
    "responsable d'équipe",
    "rappel immédiat",
    "reconnaissance vocale",
    "serveur vocal",
    "standard téléphonique",
    "standard automatique",
    "message direct",
    "chat instantané",
    "tableau de bord",
    "ticket d'assistance",
    "ticket de support",
    "ticket client",
    "statut du ticket",
    "état du ticket",
    "caisse enregistreuse",
    "terminal de paiement électronique",
    "logiciel de caisse",
    "logiciel de facturation",
    # en
    "customer service",
    "customer support",
    "customer service agent",
    "customer service representative",
    "customer advisor",
    "help desk",
    "help center",
    "call centre",
    "call center",
    "business hours",
    "office hours",
    "working hours",
    "waiting time",
    "wait time",
    "personal data",
    "customer feedback",
    "customer complaint",
    "customer satisfaction",
    "customer loyalty",
    "first contact",
    "team leader",
    "team manager",
    "call transfer",
    "call recording",
    "voice menu",
    "payment terminal",
    "card terminal",
    "point of sale",
    "priority level",
    "support ticket",
    "customer ticket",
    "ticket status",
    "call me back",
    "direct message",
    "direct messaging",
    "instant messaging",
)
PLAIN = frozenset(normalize_key(phrase) for phrase in PLAIN_PHRASES)


# Small words that tell a French text from an English one (for the rewrites' language).
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FR_WORDS = _words(
    "le la les des du de un une et est sont vous votre vos nous notre nos pour avec dans "
    "sur pas que qui au aux ce cette ces merci bonjour je il elle"
)
_EN_WORDS = _words(
    "the and is are you your we our for with not that which to of this these be have has "
    "thank thanks hello please it will"
)


class Scanner:
    """The glossary's acronyms and jargon as lookup tables, built once."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        entries = list(entries)
        # Acronyms: normalised key -> the entries claiming it, and how the glossary spells it.
        self.claims: dict[str, dict[str, Entry]] = {}
        self.spelled: dict[str, str] = {}
        self.exact: dict[str, str] = {}  # token as written -> key
        self.caseless: dict[str, str] = {}  # casefolded token -> key (long acronyms)
        # Jargon: normalised phrase key -> entries; word-boundary prefixes of those keys.
        self.jargon: dict[str, dict[str, Entry]] = {}
        self.prefixes: set[str] = set()
        self.longest = 1
        spelled_out = {
            normalize_key(term) for e in entries if e.acronyms for term in e.term.values()
        }
        for entry in entries:
            own = set(entry.acronyms)
            for name in entry.acronyms:
                self._add_acronym(name, entry)
            for kind, name in entry.names():
                if kind == "acronym":
                    continue
                if kind == "alias" and _ACRONYM_LIKE.match(name):
                    self._add_acronym(name, entry)
                    own.add(name)
                    continue
                self._add_jargon(name, entry, own, spelled_out)
        for spelling, key in list(self.exact.items()):
            plural = spelling + "s"
            if spelling.isupper() and plural not in self.exact:
                self.exact[plural] = key

    def _add_acronym(self, name: str, entry: Entry) -> None:
        key = normalize_key(name)
        if not key:
            return
        self.claims.setdefault(key, {})[entry.id] = entry
        self.spelled.setdefault(key, name)
        self.exact.setdefault(name, key)
        if len(name) >= CASELESS_FROM:
            self.caseless.setdefault(name.casefold(), key)

    def _add_jargon(self, name: str, entry: Entry, own: set[str], spelled_out: set[str]) -> None:
        # Keyed word by word like the tokens of the text (normalize_key folds number).
        words = [fold_number(word) for word in normalize_text(name).split()]
        if len(words) < 2 or len(words) > MAX_WORDS:
            return
        if not any(c.isalpha() for c in name):  # "80/20"
            return
        if own and any(token in own for token in _TOKEN.findall(name)):
            return  # "logiciel CRM", "SAV (Service après-vente)": the acronym is reported
        key = "".join(words)
        if key in PLAIN or key in spelled_out:
            return
        self.jargon.setdefault(key, {})[entry.id] = entry
        for size in range(1, len(words) + 1):
            self.prefixes.add("".join(words[:size]))
        self.longest = max(self.longest, len(words))

    # --- scanning ------------------------------------------------------------------

    def acronym_key(self, token: str) -> str | None:
        key = self.exact.get(token)
        if key is None and len(token) >= CASELESS_FROM:
            key = self.caseless.get(token.casefold())
        return key

    def scan(self, text: str, source: str, fallback_lang: str) -> ScanResult:
        masked = _LINK.sub(lambda m: " " * len(m.group()), text)
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(masked)]
        keys = [normalize_key(tok) for _, _, tok in tokens]
        line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        findings: dict[tuple[str, str], ScanFinding] = {}
        text_lang = guess_lang(tok for _, _, tok in tokens) or fallback_lang

        def record(kind: str, key: str, senses: dict[str, Entry], start: int, end: int) -> None:
            finding = findings.get((kind, key))
            if finding is None:
                finding = ScanFinding(kind, key, customer_service_first(senses.values()))
                findings[(kind, key)] = finding
            line = bisect.bisect_right(line_starts, start)
            column = start - line_starts[line - 1] + 1
            finding.occurrences.append(ScanOccurrence(line, column, text[start:end]))

        i = 0
        while i < len(tokens):
            last = self._phrase_end(masked, tokens, keys, i)
            if last is not None:
                key = "".join(keys[i : last + 1])
                record("jargon", key, self.jargon[key], tokens[i][0], tokens[last][1])
                i = last + 1
                continue
            acronym = self.acronym_key(tokens[i][2])
            if acronym is not None:
                record("acronym", acronym, self.claims[acronym], tokens[i][0], tokens[i][1])
            i += 1
        ordered = sorted(findings.values(), key=lambda f: not f.ambiguous)  # stable
        for finding in ordered:
            finding.rewrites = rewrites(finding, text_lang)
        return ScanResult(source, text_lang, ordered)

    def _phrase_end(
        self, text: str, tokens: list[tuple[int, int, str]], keys: list[str], i: int
    ) -> int | None:
        """Index of the last token of the longest jargon phrase starting at token i."""
        if not self.jargon:
            return None
        key = ""
        best = None
        for j in range(i, min(len(tokens), i + self.longest)):
            if j > i and _BREAK.search(text, tokens[j - 1][1], tokens[j][0]):
                break
            key += keys[j]
            if key not in self.prefixes:
                break
            # Two tokens at least: a single word is never jargon, even when it spells a
            # phrase run together ("email" for a glossary "e-mail").
            if j > i and key in self.jargon:
                best = j
        return best


def guess_lang(tokens: Iterable[str]) -> str | None:
    """'fr' or 'en' from the small words of a text; None when it cannot tell."""
    fr = en = 0
    for token in tokens:
        word = token.lower()
        fr += word in _FR_WORDS
        en += word in _EN_WORDS
    if fr == en:
        return None
    return "fr" if fr > en else "en"


def rewrites(finding: ScanFinding, lang: str) -> list[str]:
    """What to write instead, in the text's language: the spelled-out term of each sense.

    For jargon already written as the entry's own term there is nothing shorter to
    propose (the rewrite list is empty: explain it instead).
    """
    out: list[str] = []
    for entry in finding.senses:
        term = entry.term[lang]
        if finding.kind == "jargon" and normalize_key(term) == finding.key:
            continue
        shown = in_sentence(term)
        if shown not in out:
            out.append(shown)
    return out


def in_sentence(term: str) -> str:
    """A glossary term as it reads mid-sentence: "Service après-vente" -> "service après-vente".

    Names stay as they are: several capitalised words ("Net Promoter Score") or a first
    word in capitals ("SVI visuel", "ISO 9001"); "Voix sur IP" reads "voix sur IP".
    """
    words = term.split()
    if not words or sum(1 for w in words if w[:1].isupper() and not w.isupper()) > 1:
        return term
    first = words[0]
    if len(first) > 1 and (first.isupper() or any(c.isupper() for c in first[1:])):
        return term
    return term[:1].lower() + term[1:]


def scan_text(entries: Iterable[Entry], text: str, source: str, fallback_lang: str) -> ScanResult:
    return Scanner(entries).scan(text, source, fallback_lang)
